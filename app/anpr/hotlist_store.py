"""The hotlists on disk (SQLite, WAL): lists, imported entries, manual entries, imports.

A list's imported entries are replaced as a whole in one transaction: until
it commits, every reader sees the previous version, and a failed import
leaves it in force. Manual entries (added by an operator, optionally with an
expiry) live beside the imported ones and survive every import.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.anpr.bulk import paused_gc
from app.anpr.db import LockedDatabase
from app.core.plates_lists import HotList, category

logger = logging.getLogger("app.anpr")

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS lists(
    name TEXT PRIMARY KEY, category TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
    imported_at REAL, source TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS entries(
    list TEXT NOT NULL REFERENCES lists(name) ON DELETE CASCADE, plate TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '', PRIMARY KEY(list, plate)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS manual(
    list TEXT NOT NULL REFERENCES lists(name) ON DELETE CASCADE, plate TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '', expires_at REAL, operator TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL, PRIMARY KEY(list, plate)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS imports(
    id INTEGER PRIMARY KEY, list TEXT NOT NULL, file TEXT NOT NULL, at REAL NOT NULL,
    rows_read INTEGER, rejected INTEGER, duplicates INTEGER, added INTEGER,
    removed INTEGER, total INTEGER);
"""


@dataclass(frozen=True)
class Entry:
    """One plate on one list, with the note it came with."""

    list_name: str
    plate: str
    note: str = ""
    expires_at: float | None = None  # manual entries only
    manual: bool = False


@dataclass(frozen=True)
class ReplaceResult:
    """What one replacement changed."""

    added: int
    removed: int
    total: int


class HotlistStore(LockedDatabase):
    """The hotlist database file; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA, SCHEMA_VERSION)

    def lists(self) -> list[HotList]:
        """Every defined list, in name order."""
        with self.tx() as c:
            rows = c.execute("SELECT name, category, text FROM lists ORDER BY name").fetchall()
        return [HotList(name, category(cat), text) for name, cat, text in rows]

    def define(self, hotlist: HotList) -> None:
        """Create ``hotlist`` or change its category and text."""
        with self.tx() as c:
            c.execute(
                "INSERT INTO lists(name, category, text) VALUES(?,?,?) ON CONFLICT(name) "
                "DO UPDATE SET category=excluded.category, text=excluded.text",
                (hotlist.name, hotlist.category.id, hotlist.text),
            )

    def replace(self, list_name: str, plates: dict[str, str], source: str) -> ReplaceResult:
        """Make ``plates`` (plate -> note) the imported entries of ``list_name``, atomically."""
        with paused_gc(), self.tx() as c:
            old = dict(c.execute("SELECT plate, note FROM entries WHERE list=?", (list_name,)))
            removed = [(list_name, p) for p in old.keys() - plates.keys()]
            # In key order: SQLite appends to its B-tree instead of splitting pages at random.
            added = [(list_name, p, plates[p]) for p in sorted(plates.keys() - old.keys())]
            changed = [(n, list_name, p) for p, n in plates.items() if p in old and old[p] != n]
            c.executemany("DELETE FROM entries WHERE list=? AND plate=?", removed)
            c.executemany("INSERT INTO entries(list, plate, note) VALUES(?,?,?)", added)
            c.executemany("UPDATE entries SET note=? WHERE list=? AND plate=?", changed)
            c.execute(
                "UPDATE lists SET imported_at=?, source=? WHERE name=?",
                (time.time(), source, list_name),
            )
        return ReplaceResult(len(added), len(removed), len(plates))

    def log_import(self, list_name: str, file: str, counts: tuple[int, ...]) -> None:
        """Record one import: rows read, rejected, duplicates, added, removed, total."""
        with self.tx() as c:
            c.execute(
                "INSERT INTO imports(list, file, at, rows_read, rejected, duplicates, added, "
                "removed, total) VALUES(?,?,?,?,?,?,?,?,?)",
                (list_name, file, time.time(), *counts),
            )

    def add_manual(self, entry: Entry, operator: str) -> None:
        """Add (or renew) a manual entry."""
        with self.tx() as c:
            c.execute(
                "INSERT OR REPLACE INTO manual(list, plate, note, expires_at, operator, "
                "created_at) VALUES(?,?,?,?,?,?)",
                (entry.list_name, entry.plate, entry.note, entry.expires_at, operator, time.time()),
            )

    def remove_manual(self, list_name: str, plate: str) -> bool:
        """Remove a manual entry; False when there was none."""
        with self.tx() as c:
            cur = c.execute("DELETE FROM manual WHERE list=? AND plate=?", (list_name, plate))
        return cur.rowcount > 0

    def all_plates(self, now: float) -> Iterator[tuple[str, str]]:
        """(list, plate) of every imported and unexpired manual entry, grouped by list."""
        with self.tx() as c:
            rows = c.execute(
                "SELECT list, plate FROM entries UNION ALL SELECT list, plate FROM manual "
                "WHERE expires_at IS NULL OR expires_at > ? ORDER BY 1",
                (now,),
            ).fetchall()
        return iter(rows)

    def entry(self, list_name: str, plate: str, now: float) -> Entry | None:
        """``plate`` on ``list_name``: its manual entry if unexpired, else its imported one."""
        key = (list_name, plate)
        with self.tx() as c:
            manual = c.execute(
                "SELECT note, expires_at FROM manual WHERE list=? AND plate=? "
                "AND (expires_at IS NULL OR expires_at > ?)",
                (*key, now),
            ).fetchone()
            if manual is not None:
                return Entry(list_name, plate, manual[0], manual[1], manual=True)
            row = c.execute("SELECT note FROM entries WHERE list=? AND plate=?", key).fetchone()
        return None if row is None else Entry(list_name, plate, row[0])

    def next_expiry(self, now: float) -> float | None:
        """When the next manual entry expires (None: none will)."""
        with self.tx() as c:
            row = c.execute("SELECT MIN(expires_at) FROM manual WHERE expires_at > ?", (now,))
            value = row.fetchone()[0]
        return None if value is None else float(value)

    def count(self, list_name: str) -> int:
        """How many imported entries ``list_name`` has."""
        with self.tx() as c:
            row = c.execute("SELECT COUNT(*) FROM entries WHERE list=?", (list_name,))
            return int(row.fetchone()[0])

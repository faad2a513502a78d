"""The consultation log: every playback and export, append-only and hash-chained.

Police processing of video (D.Lgs. 51/2018) must log each consultation and
disclosure: who, when, which camera and time range, why (reason, protocol
or complaint number) and which files left the station. Each entry is a row
of a SQLite table (WAL) holding its canonical JSON, the hash of the entry
before it and its own hash, ``sha256(previous hash + "\\n" + JSON)``; a
small head file beside the database holds the number of entries and the
last hash. :meth:`AuditLog.verify` recomputes the chain, so an edited row,
a removed row and removed last rows are all found (rewriting the whole
chain and its head together is not prevented: the log proves order and
integrity, not custody).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

GENESIS = "0" * 64
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, "
    "prev TEXT NOT NULL, hash TEXT NOT NULL)"
)

WriteFile = Callable[[Path, bytes], object]
"""Writes a small file atomically (``app.config.atomic.write_bytes``)."""


@dataclass(frozen=True)
class AuditEntry:
    """One consultation: playback, export or snapshot of recorded video."""

    action: str
    operator: str
    camera: str
    start: str  # ISO 8601 UTC
    end: str
    reason: str
    protocol: str
    files: list[dict[str, str]] = field(default_factory=list)  # name, sha256
    at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    detail: str = ""

    def canonical(self) -> str:
        """The JSON that is hashed: sorted keys, no spaces, UTF-8 kept."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class AuditReport:
    """What verification found: the number of entries and every problem (Italian words)."""

    entries: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        """True when the chain and the head agree."""
        return not self.problems


def chain_hash(prev: str, body: str) -> str:
    """The hash of an entry given the one before it."""
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


class AuditLog:
    """The log at ``path`` (SQLite) with its head file ``path`` + ``.head``."""

    def __init__(self, path: Path, write_file: WriteFile) -> None:
        self.path = path
        self.head_path = path.with_name(path.name + ".head")
        self._write_file = write_file

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_SCHEMA)
        return conn

    def append(self, entry: AuditEntry) -> int:
        """Add ``entry`` at the end of the chain; returns its number (1, 2, ...)."""
        body = entry.canonical()
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")  # one writer at a time keeps the chain linear
            row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            digest = chain_hash(prev, body)
            conn.execute(
                "INSERT INTO audit (seq, body, prev, hash) VALUES (?, ?, ?, ?)",
                (seq, body, prev, digest),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
        head = json.dumps({"entries": seq, "hash": digest}).encode()
        self._write_file(self.head_path, head)
        return seq

    def entries(self) -> list[dict[str, object]]:
        """Every entry's fields, oldest first (for showing; see :meth:`verify`)."""
        if not self.path.exists():
            return []
        conn = self._connect()
        try:
            rows = conn.execute("SELECT body FROM audit ORDER BY seq").fetchall()
        finally:
            conn.close()
        return [json.loads(r[0]) for r in rows]

    def verify(self) -> AuditReport:
        """Recompute the chain; every problem is named with its entry number."""
        if not self.path.exists():
            gone = self.head_path.exists()
            return AuditReport(0, ["manca il registro, ma non la sua testa"] if gone else [])
        conn = self._connect()
        try:
            rows = conn.execute("SELECT seq, body, prev, hash FROM audit ORDER BY seq").fetchall()
        finally:
            conn.close()
        problems: list[str] = []
        prev, expected = GENESIS, 1
        for seq, body, stored_prev, stored_hash in rows:
            if seq != expected:
                problems.append(f"voci {expected}-{seq - 1} rimosse")
            if stored_prev != prev:
                problems.append(f"voce {seq}: non segue la voce {seq - 1} (catena interrotta)")
            if chain_hash(stored_prev, body) != stored_hash:
                problems.append(f"voce {seq}: modificata (l'impronta non corrisponde al contenuto)")
            prev, expected = stored_hash, seq + 1
        problems += self._check_head(len(rows), rows[-1][0] if rows else 0, prev)
        return AuditReport(len(rows), problems)

    def _check_head(self, count: int, last: int, last_hash: str) -> list[str]:
        try:
            head = json.loads(self.head_path.read_text(encoding="utf-8"))
            entries, digest = int(head["entries"]), str(head["hash"])
        except FileNotFoundError:
            return ["manca il file di testa"] if count else []
        except (ValueError, KeyError, TypeError):
            return ["file di testa illeggibile"]
        if entries > last:
            return [f"voci {last + 1}-{entries} rimosse dalla fine"]
        if entries == last and digest != last_hash:
            return [f"voce {last}: diversa da quella registrata nella testa"]
        if entries < last:
            return [f"voci {entries + 1}-{last} aggiunte senza aggiornare la testa"]
        return []

"""SQLite connections for the plate data: WAL, a busy timeout and a schema version.

Readers never wait for the writer in WAL mode, and a committed transaction
survives a crash of the program. ``synchronous=FULL`` (the default here)
also makes it survive a power cut; the transit store lowers it for the
stream of reads, where losing the last instant is acceptable.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_MS = 5000


class SchemaError(Exception):
    """A database written by a newer program (or not ours): left untouched."""


def connect(path: Path, schema: str, version: int, synchronous: str = "FULL") -> sqlite3.Connection:
    """Open (creating when missing) the database at ``path`` with ``schema`` applied.

    ``schema`` is idempotent DDL (``CREATE ... IF NOT EXISTS``); ``version``
    is kept in ``PRAGMA user_version``.

    Raises:
        SchemaError: the file says it is of a newer version.
        sqlite3.DatabaseError: the file is not a database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("PRAGMA foreign_keys=ON")
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > version:
            raise SchemaError(f"{path}: schema version {found} is newer than {version}")
        with conn:
            conn.executescript(schema)
            conn.execute(f"PRAGMA user_version={int(version)}")
    except BaseException:
        conn.close()
        raise
    return conn


class LockedDatabase:
    """One connection shared by every thread, one transaction at a time under a lock."""

    def __init__(self, path: Path, schema: str, version: int) -> None:
        self.path = path
        self._conn = connect(path, schema, version)
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the database (after every writer has stopped)."""
        with self._lock:
            self._conn.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction on the shared connection."""
        with self._lock, self._conn:
            yield self._conn

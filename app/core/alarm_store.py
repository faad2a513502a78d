"""Alarms kept in SQLite, so they survive a restart of the station.

One table, appended to and updated only by acknowledgement; WAL mode so a
reader (an export, another window) never blocks the wall. The file lives in
the data folder; its path is given by the composition root.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from app.core.alarms import PRIORITY, Alarm, AlarmKind
from app.core.streams import Failure

logger = logging.getLogger("app.core")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS alarms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    camera_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    failure TEXT NOT NULL DEFAULT 'none',
    since REAL,
    priority INTEGER NOT NULL,
    acked_by TEXT NOT NULL DEFAULT '',
    acked_at REAL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS alarms_camera ON alarms (camera_id, id);
"""
_COLUMNS = "id, at, camera_id, kind, failure, since, priority, acked_by, acked_at, note"


class AlarmStore:
    """The alarm list on disk (``AlarmLog`` for ``AlarmEngine``).

    Args:
        path: the SQLite file (created with its folder); ``:memory:`` for tests.
    """

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe against crashes, not power cuts
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def add(self, alarm: Alarm) -> Alarm:
        """Store a new alarm; returns it with its id."""
        cursor = self._db.execute(
            "INSERT INTO alarms (at, camera_id, kind, failure, since, priority)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                alarm.at,
                alarm.camera_id,
                str(alarm.kind),
                str(alarm.failure),
                alarm.since,
                alarm.priority,
            ),
        )
        self._db.commit()
        return self._get(int(cursor.lastrowid or 0)) or alarm

    def acknowledge(self, alarm_id: int, who: str, at: float, note: str) -> Alarm | None:
        """Record an acknowledgement (a second one keeps the first's who and when)."""
        self._db.execute(
            "UPDATE alarms SET acked_by = ?, acked_at = ?, note = ?"
            " WHERE id = ? AND acked_at IS NULL",
            (who, at, note, alarm_id),
        )
        self._db.commit()
        return self._get(alarm_id)

    def recent(self, limit: int = 500) -> list[Alarm]:
        """The newest alarms first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM alarms ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [_alarm(row) for row in rows]

    def open_outages(self) -> set[str]:
        """Cameras whose last down/back alarm says they are down."""
        kinds = (
            AlarmKind.CAMERA_DOWN,
            AlarmKind.WRONG_CREDENTIALS,
            AlarmKind.RECORDER_UNREACHABLE,
            AlarmKind.CAMERA_BACK,
        )
        rows = self._db.execute(
            "SELECT camera_id, kind FROM alarms a WHERE id = (SELECT MAX(id) FROM alarms b"
            " WHERE b.camera_id = a.camera_id AND b.kind IN (?, ?, ?, ?))",
            tuple(str(k) for k in kinds),
        ).fetchall()
        return {cam for cam, kind in rows if kind != str(AlarmKind.CAMERA_BACK)}

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def _get(self, alarm_id: int) -> Alarm | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM alarms WHERE id = ?", (alarm_id,)
        ).fetchone()
        return _alarm(row) if row is not None else None


#: Alarms read for one timeline at most (a camera flapping all night stays readable).
MARKS_LIMIT = 500


def camera_alarms(path: Path, camera_id: str, start: float, end: float) -> list[Alarm]:
    """Alarms of ``camera_id`` raised between ``start`` and ``end``, oldest first.

    Read-only, on a connection of its own (the playback timeline asks from a
    worker thread while the wall's store writes); a missing or unreadable
    file gives none, and the log says why.
    """
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
    except sqlite3.Error as err:
        logger.warning("alarms of %s not read from %s: %s", camera_id, path, err)
        return []
    try:
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM alarms WHERE camera_id = ? AND at >= ? AND at <= ?"
            " ORDER BY at LIMIT ?",
            (camera_id, start, end, MARKS_LIMIT),
        ).fetchall()
    except sqlite3.Error as err:
        logger.warning("alarms of %s not read from %s: %s", camera_id, path, err)
        return []
    finally:
        db.close()
    return [_alarm(row) for row in rows]


def _alarm(row: tuple[object, ...]) -> Alarm:
    """An ``Alarm`` from a table row (unknown kinds and failures read leniently)."""
    ident, at, cam, kind, failure, since, priority, acked_by, acked_at, note = row
    kind_value = AlarmKind(str(kind)) if str(kind) in AlarmKind._value2member_map_ else None
    if kind_value is None:
        logger.warning("alarm %s: unknown kind %r read as camera_down", ident, kind)
        kind_value = AlarmKind.CAMERA_DOWN
    fail = Failure(str(failure)) if str(failure) in Failure._value2member_map_ else Failure.PROTOCOL
    return Alarm(
        int(str(ident)),
        float(str(at)),
        str(cam),
        kind_value,
        fail,
        None if since is None else float(str(since)),
        int(str(priority)) if priority is not None else PRIORITY[kind_value],
        str(acked_by or ""),
        None if acked_at is None else float(str(acked_at)),
        str(note or ""),
    )

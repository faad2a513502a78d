"""Plate hits of one camera in a time range, for the playback timeline's marks.

Read-only, on a connection of its own: the timeline asks from a worker
thread while the plate pipeline writes the same database (WAL lets both go
on). A hit is placed at the time its read was captured, which is when the
vehicle passed in front of the camera.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger("app.anpr")

LIMIT = 500  # hits read for one timeline at most


@dataclass(frozen=True)
class CameraHit:
    """A hit as the timeline shows it: when, which plate, which list."""

    at: float
    plate: str
    list_name: str
    listed_plate: str


def camera_hits(path: Path, camera_id: str, start: float, end: float) -> list[CameraHit]:
    """Hits on reads of ``camera_id`` captured between ``start`` and ``end``, oldest first.

    A missing or unreadable database gives none (the log says why).
    """
    if not path.exists():
        return []
    sql = (
        "SELECT r.at, r.plate, h.list, h.listed_plate FROM hits h JOIN reads r ON r.id = h.read_id"
        " WHERE r.camera = ? AND r.at >= ? AND r.at <= ? ORDER BY r.at LIMIT ?"
    )
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
        try:
            rows = db.execute(sql, (camera_id, start, end, LIMIT)).fetchall()
        finally:
            db.close()
    except sqlite3.Error as err:
        logger.warning("plate hits of %s not read from %s: %s", camera_id, path, err)
        return []
    return [
        CameraHit(float(at), str(plate), str(name), str(listed)) for at, plate, name, listed in rows
    ]

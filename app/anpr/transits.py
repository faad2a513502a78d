"""The transit store: every plate read and every hit, in SQLite (WAL).

Reads are written in batches by the pipeline's writer thread; pictures go
to files beside the database (``images.ImageFolder``). Hits carry their
acknowledgement (who, when, outcome, note), committed with
``synchronous=FULL``: an acknowledged hit survives a crash or a power cut.

Indexes serve the searches: ``plate`` (exact and prefix wildcards),
``rplate`` (the plate reversed, for ``*123AB`` patterns), ``canon`` (the
canonical form, for fuzzy search) and ``at`` (time ranges, retention).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from app.anpr.db import LockedDatabase
from app.core.plates import Direction, PlateImage, PlateRead
from app.core.plates_format import canonical

logger = logging.getLogger("app.anpr")

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS reads(
    id INTEGER PRIMARY KEY, at REAL NOT NULL, camera TEXT NOT NULL,
    site TEXT NOT NULL DEFAULT '', plate TEXT NOT NULL, canon TEXT NOT NULL,
    rplate TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '',
    confidence REAL, direction TEXT NOT NULL DEFAULT 'unknown', lane INTEGER, speed REAL,
    vehicle TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
    plate_image TEXT NOT NULL DEFAULT '', vehicle_image TEXT NOT NULL DEFAULT '',
    hit INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS reads_plate ON reads(plate, at);
CREATE INDEX IF NOT EXISTS reads_rplate ON reads(rplate, at);
CREATE INDEX IF NOT EXISTS reads_canon ON reads(canon, at);
CREATE INDEX IF NOT EXISTS reads_at ON reads(at);
CREATE TABLE IF NOT EXISTS hits(
    id INTEGER PRIMARY KEY, read_id INTEGER NOT NULL, list TEXT NOT NULL,
    category TEXT NOT NULL, priority INTEGER NOT NULL, listed_plate TEXT NOT NULL,
    how TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', at REAL NOT NULL,
    ack_at REAL, operator TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL DEFAULT '',
    ack_note TEXT NOT NULL DEFAULT '', escalated_at REAL);
CREATE INDEX IF NOT EXISTS hits_read ON hits(read_id);
CREATE INDEX IF NOT EXISTS hits_at ON hits(at);
CREATE TABLE IF NOT EXISTS purges(
    at REAL NOT NULL, site TEXT NOT NULL, before REAL NOT NULL, reads INTEGER NOT NULL,
    images INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS exports(
    at REAL NOT NULL, operator TEXT NOT NULL, reason TEXT NOT NULL, query TEXT NOT NULL,
    rows INTEGER NOT NULL, file TEXT NOT NULL);
"""

READ_COLUMNS = (
    "id, at, camera, site, plate, canon, rplate, text, country, confidence, direction, lane, "
    "speed, vehicle, source, plate_image, vehicle_image, hit"
)


@dataclass(frozen=True)
class HitRecord:
    """A hit to store with its read (ids are given by the pipeline)."""

    id: int
    read_id: int
    list_name: str
    category: str
    priority: int
    listed_plate: str
    how: str
    note: str
    at: float


@dataclass(frozen=True)
class StoredRead:
    """A read as stored: its id, its site and where its pictures are."""

    id: int
    read: PlateRead
    site: str = ""
    hit: bool = False


def read_row(stored: StoredRead) -> tuple[object, ...]:
    """The ``reads`` row of ``stored`` (picture paths relative to the image folder)."""
    r = stored.read
    return (
        stored.id,
        r.captured_at,
        r.camera_id,
        stored.site,
        r.plate,
        canonical(r.plate),
        r.plate[::-1],
        r.plate_text,
        r.country,
        r.confidence,
        r.direction.value,
        r.lane,
        r.speed_kmh,
        r.vehicle_type,
        r.source,
        r.plate_image.path if r.plate_image else "",
        r.vehicle_image.path if r.vehicle_image else "",
        int(stored.hit),
    )


def row_read(row: Sequence[Any]) -> StoredRead:
    """The ``StoredRead`` of a ``reads`` row selected with ``READ_COLUMNS``.

    SQLite gives untyped values; the schema fixes what each column holds.
    """
    (rid, at, camera, site, plate, _c, _r, text, country, conf, direction, lane, speed) = row[:13]
    vehicle, source, plate_image, vehicle_image, hit = row[13:]
    read = PlateRead(
        camera_id=str(camera),
        plate_text=str(text),
        plate=str(plate),
        captured_at=float(at),
        country=str(country),
        confidence=None if conf is None else float(conf),
        direction=Direction(str(direction)),
        lane=None if lane is None else int(lane),
        speed_kmh=None if speed is None else float(speed),
        vehicle_type=str(vehicle),
        source=str(source),
        plate_image=PlateImage(path=str(plate_image)) if plate_image else None,
        vehicle_image=PlateImage(path=str(vehicle_image)) if vehicle_image else None,
    )
    return StoredRead(int(rid), read, str(site), bool(hit))


class TransitStore(LockedDatabase):
    """The reads and hits database; one connection shared under a lock."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA, SCHEMA_VERSION)

    def next_ids(self) -> tuple[int, int]:
        """The first free read id and hit id (the pipeline counts on from there)."""
        with self.tx() as c:
            read = c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM reads").fetchone()[0]
            hit = c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM hits").fetchone()[0]
        return int(read), int(hit)

    def add(self, reads: Sequence[StoredRead], hits: Sequence[HitRecord]) -> None:
        """Store a batch of reads and the hits they raised, in one transaction."""
        sql = f"INSERT INTO reads({READ_COLUMNS}) VALUES({','.join('?' * 18)})"
        with self.tx() as c:
            c.executemany(sql, [read_row(r) for r in reads])
            c.executemany(
                "INSERT INTO hits(id, read_id, list, category, priority, listed_plate, how, "
                "note, at) VALUES(?,?,?,?,?,?,?,?,?)",
                [astuple(h) for h in hits],  # fields in column order
            )

    def read(self, read_id: int) -> StoredRead | None:
        """One stored read by id."""
        with self.tx() as c:
            row = c.execute(f"SELECT {READ_COLUMNS} FROM reads WHERE id=?", (read_id,)).fetchone()
        return None if row is None else row_read(row)

    def count(self) -> int:
        """How many reads are stored."""
        with self.tx() as c:
            return int(c.execute("SELECT COUNT(*) FROM reads").fetchone()[0])

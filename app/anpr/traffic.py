"""Traffic counts from the stored reads: per camera, direction and vehicle type.

Buckets of 15 minutes, an hour or a day (UTC boundaries; the UI shows local
times). Counted by SQLite over the ``at`` index of the chosen range.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass

from app.anpr.transits import TransitStore

BUCKETS = {"15min": 900, "ora": 3600, "giorno": 86400}


@dataclass(frozen=True)
class Count:
    """Vehicles seen in one bucket by one camera in one direction."""

    start: float
    camera: str
    direction: str
    vehicle: str
    count: int


def counts(
    store: TransitStore,
    start: float,
    end: float,
    *,
    bucket: str = "ora",
    cameras: tuple[str, ...] = (),
    by_vehicle: bool = False,
) -> list[Count]:
    """Counts in ``[start, end)`` per bucket, camera, direction (and vehicle type)."""
    size = BUCKETS[bucket]
    where = "at >= ? AND at < ?"
    params: list[object] = [start, end]
    if cameras:
        where += f" AND camera IN ({','.join('?' * len(cameras))})"
        params.extend(cameras)
    vehicle = "vehicle" if by_vehicle else "''"
    sql = (
        f"SELECT CAST(at / {size} AS INTEGER) * {size}, camera, direction, {vehicle}, COUNT(*) "
        f"FROM reads WHERE {where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
    )
    with store.tx() as c:
        rows = c.execute(sql, params).fetchall()
    return [Count(float(b), str(cam), str(d), str(v), int(n)) for b, cam, d, v, n in rows]


def counts_csv(rows: list[Count]) -> str:
    """The counts as CSV (``;``-separated, local times), for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["inizio", "telecamera", "direzione", "veicolo", "passaggi"])
    for row in rows:
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(row.start))
        writer.writerow([stamp, row.camera, row.direction, row.vehicle, row.count])
    return out.getvalue()

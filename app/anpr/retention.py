"""Automatic deletion of old reads, as the Garante's rules ask.

Reads that hit nothing are kept ``days`` (default 7; per site when the site
file says so); reads with a hit are kept while the hit is open and then
``hit_days`` after its acknowledgement. Each purge deletes the pictures
with the rows, is logged and is recorded in the ``purges`` table.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from app.anpr.images import ImageFolder
from app.anpr.transits import TransitStore

logger = logging.getLogger("app.anpr")

DAY = 86400.0
#: Rows deleted per transaction, so that the writer is never held up for long.
BATCH = 5000


@dataclass(frozen=True)
class RetentionPolicy:
    """How long reads are kept, in days."""

    days: float = 7.0
    hit_days: float = 365.0
    by_site: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PurgeReport:
    """What one purge deleted."""

    reads: int
    images: int
    hits: int


def purge(
    store: TransitStore, images: ImageFolder, policy: RetentionPolicy, now: float | None = None
) -> PurgeReport:
    """Delete what the policy no longer allows to keep; returns the counts."""
    now = time.time() if now is None else now
    reads = pictures = 0
    sites = dict(policy.by_site)
    for site, days in sites.items():
        n, p = _purge_plain(store, images, now - days * DAY, "site = ?", [site])
        _record(store, (now, site, now - days * DAY), n, p)
        reads, pictures = reads + n, pictures + p
    others = f"site NOT IN ({','.join('?' * len(sites))})" if sites else "1"
    n, p = _purge_plain(store, images, now - policy.days * DAY, others, list(sites))
    _record(store, (now, "*", now - policy.days * DAY), n, p)
    hit_reads, hit_pictures = _purge_hits(store, images, now - policy.hit_days * DAY)
    report = PurgeReport(reads + n, pictures + p + hit_pictures, hit_reads)
    if report.reads or report.hits:
        logger.info(
            "retention purge: %d reads, %d acknowledged hits, %d pictures deleted",
            report.reads,
            report.hits,
            report.images,
        )
    return report


def _purge_plain(
    store: TransitStore, images: ImageFolder, before: float, where: str, params: list[object]
) -> tuple[int, int]:
    """Delete reads without hits older than ``before`` (in batches)."""
    reads = pictures = 0
    while True:
        with store.tx() as c:
            rows = c.execute(
                f"SELECT id, plate_image, vehicle_image FROM reads WHERE at < ? AND hit = 0 "
                f"AND {where} LIMIT {BATCH}",
                [before, *params],
            ).fetchall()
            c.executemany("DELETE FROM reads WHERE id = ?", [(r[0],) for r in rows])
        pictures += images.remove(p for r in rows for p in r[1:] if p)
        reads += len(rows)
        if len(rows) < BATCH:
            return reads, pictures


def _purge_hits(store: TransitStore, images: ImageFolder, before: float) -> tuple[int, int]:
    """Delete reads whose every hit was acknowledged before ``before``."""
    with store.tx() as c:
        # Driven from the (small) hits table: no scan of the reads.
        rows = c.execute(
            "SELECT id, plate_image, vehicle_image FROM reads WHERE id IN (SELECT read_id "
            "FROM hits GROUP BY read_id HAVING SUM(ack_at IS NULL) = 0 AND MAX(ack_at) < ?)",
            (before,),
        ).fetchall()
        ids = [(r[0],) for r in rows]
        c.executemany("DELETE FROM hits WHERE read_id = ?", ids)
        c.executemany("DELETE FROM reads WHERE id = ?", ids)
    return len(rows), images.remove(p for r in rows for p in r[1:] if p)


def _record(store: TransitStore, what: tuple[float, str, float], reads: int, pictures: int) -> None:
    """Note a purge: (when, site, cut-off) and what it deleted."""
    if reads:
        with store.tx() as c:
            c.execute(
                "INSERT INTO purges(at, site, before, reads, images) VALUES(?,?,?,?,?)",
                (*what, reads, pictures),
            )

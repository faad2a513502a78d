"""Hits in the transit store: the open ones, acknowledgement, escalation, the list."""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass
from typing import Any

from app.anpr.transits import TransitStore

logger = logging.getLogger("app.anpr")


class Outcome(enum.StrEnum):
    """What the operator found when acknowledging a hit."""

    CONFIRMED = "confermato"
    MISREAD = "lettura errata"
    NOT_FOUND = "non rintracciato"
    OTHER = "altro"


@dataclass(frozen=True)
class HitRow:
    """A stored hit with its acknowledgement (``ack_at`` None: still open)."""

    id: int
    read_id: int
    list_name: str
    category: str
    priority: int
    listed_plate: str
    how: str
    note: str
    at: float
    ack_at: float | None = None
    operator: str = ""
    outcome: str = ""
    ack_note: str = ""
    escalated_at: float | None = None
    plate: str = ""  # as read
    camera: str = ""


_COLUMNS = (
    "h.id, h.read_id, h.list, h.category, h.priority, h.listed_plate, h.how, h.note, h.at, "
    "h.ack_at, h.operator, h.outcome, h.ack_note, h.escalated_at, r.plate, r.camera"
)


def _row(values: tuple[Any, ...]) -> HitRow:
    return HitRow(*values)


def hits(
    store: TransitStore, open_only: bool = False, since: float | None = None, limit: int = 1000
) -> list[HitRow]:
    """Stored hits, newest first; ``open_only`` keeps the unacknowledged ones."""
    where = ["1"]
    params: list[object] = []
    if open_only:
        where.append("h.ack_at IS NULL")
    if since is not None:
        where.append("h.at >= ?")
        params.append(since)
    sql = (
        f"SELECT {_COLUMNS} FROM hits h JOIN reads r ON r.id = h.read_id "
        f"WHERE {' AND '.join(where)} ORDER BY h.at DESC LIMIT {int(limit)}"
    )
    with store.tx() as c:
        return [_row(tuple(v)) for v in c.execute(sql, params).fetchall()]


def hit(store: TransitStore, hit_id: int) -> HitRow | None:
    """One stored hit."""
    sql = f"SELECT {_COLUMNS} FROM hits h JOIN reads r ON r.id = h.read_id WHERE h.id = ?"
    with store.tx() as c:
        row = c.execute(sql, (hit_id,)).fetchone()
    return None if row is None else _row(tuple(row))


def acknowledge(
    store: TransitStore,
    hit_id: int,
    operator: str,
    outcome: Outcome,
    note: str,
    *,
    at: float | None = None,
) -> bool:
    """Record the operator's acknowledgement (durably); False if unknown or already done."""
    at = time.time() if at is None else at
    with store.tx() as c:
        cur = c.execute(
            "UPDATE hits SET ack_at=?, operator=?, outcome=?, ack_note=? "
            "WHERE id=? AND ack_at IS NULL",
            (at, operator, outcome.value, note, hit_id),
        )
    done = cur.rowcount == 1
    if done:
        logger.info("hit %d acknowledged by %s: %s", hit_id, operator, outcome.value)
    return done


def mark_escalated(store: TransitStore, hit_id: int, at: float) -> None:
    """Note that an open hit was escalated (repeat sound, second screen)."""
    with store.tx() as c:
        c.execute("UPDATE hits SET escalated_at=? WHERE id=? AND ack_at IS NULL", (at, hit_id))

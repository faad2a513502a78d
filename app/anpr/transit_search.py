"""Searching the stored reads: plate patterns, fuzzy plates, time, cameras, direction.

A pattern uses ``?`` for one character and ``*`` for any run (``AB?12*``).
Each kind of query is answered from an index, never by reading every row
when it can be helped:

- a plain plate: ``plate = ?`` (index ``reads_plate``);
- a pattern with a literal start: ``plate GLOB ?``, which SQLite turns into
  a range on the same index;
- a pattern with a literal end only (``*123AB``): the reversed pattern on
  ``rplate``;
- fuzzy: the canonical forms one confusion, one missing or one extra
  character away, looked up with ``canon IN (...)``, then each result
  checked with the hotlist matcher so it says how it matched.

A pattern with wildcards at both ends can only scan the time range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.anpr.transits import READ_COLUMNS, StoredRead, TransitStore, row_read
from app.core.plates import Direction, normalise_plate
from app.core.plates_format import ALPHABET, canonical
from app.core.plates_lists import HotList, category
from app.core.plates_match import MatchHow, PlateIndex

DEFAULT_LIMIT = 500
MAX_LIMIT = 100_000
_PATTERN_CHARS = re.compile(r"[^A-Z0-9?*]")
# The matcher checks fuzzy results against the query as if it were an urgent list.
_QUERY_LIST = HotList("ricerca", category("a1"))


@dataclass(frozen=True)
class SearchQuery:
    """What to look for; empty fields do not filter."""

    plate: str = ""
    fuzzy: bool = False
    start: float | None = None
    end: float | None = None
    cameras: tuple[str, ...] = ()
    direction: Direction | None = None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class SearchResult:
    """One read found, and how its plate matched the query (None: by pattern)."""

    stored: StoredRead
    how: MatchHow | None = None


def clean_pattern(text: str) -> str:
    """The pattern in upper case with only letters, digits, ``?`` and ``*``."""
    return _PATTERN_CHARS.sub("", text.upper())[:32]


def _plate_condition(pattern: str, fuzzy: bool) -> tuple[str, list[object]]:
    """The SQL condition (and parameters) selecting plates for ``pattern``."""
    if not pattern or pattern == "*":
        return "1", []
    if "?" not in pattern and "*" not in pattern:
        if fuzzy:
            keys = sorted(fuzzy_keys(pattern))
            return f"canon IN ({','.join('?' * len(keys))})", list(keys)
        return "plate = ?", [pattern]
    if pattern[0] in "?*" and pattern[-1] not in "?*":
        return "rplate GLOB ?", [pattern[::-1]]
    return "plate GLOB ?", [pattern]


def fuzzy_keys(plate: str) -> set[str]:
    """Canonical forms of every plate one confusion, missing or extra character away."""
    canon = canonical(plate)
    symbols = sorted({canonical(ch) for ch in ALPHABET})
    keys = {canon}
    keys.update(canon[:i] + canon[i + 1 :] for i in range(len(canon)))
    keys.update(canon[:i] + s + canon[i:] for i in range(len(canon) + 1) for s in symbols)
    return keys


def search(store: TransitStore, query: SearchQuery) -> list[SearchResult]:
    """Reads matching ``query``, newest first, at most ``query.limit``."""
    pattern = clean_pattern(query.plate)
    fuzzy = query.fuzzy and "?" not in pattern and "*" not in pattern
    condition, params = _plate_condition(pattern, fuzzy)
    where, more = _filters(query)
    limit = max(1, min(query.limit, MAX_LIMIT))
    sql = (
        f"SELECT {READ_COLUMNS} FROM reads WHERE {condition}{where} "
        f"ORDER BY at DESC LIMIT {limit * 4 if fuzzy else limit}"
    )
    with store.tx() as c:
        rows = c.execute(sql, [*params, *more]).fetchall()
    found = [row_read(r) for r in rows]
    if not fuzzy:
        return [SearchResult(s) for s in found]
    return _checked(normalise_plate(pattern), found)[:limit]


def _filters(query: SearchQuery) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    if query.start is not None:
        parts.append("at >= ?")
        params.append(query.start)
    if query.end is not None:
        parts.append("at <= ?")
        params.append(query.end)
    if query.cameras:
        parts.append(f"camera IN ({','.join('?' * len(query.cameras))})")
        params.extend(query.cameras)
    if query.direction is not None:
        parts.append("direction = ?")
        params.append(query.direction.value)
    return "".join(f" AND {p}" for p in parts), params


def _checked(plate: str, found: list[StoredRead]) -> list[SearchResult]:
    """Keep the reads the matcher accepts for ``plate``, each saying how."""
    index = PlateIndex([_QUERY_LIST])
    index.add_many(0, [plate])
    # A vehicle seen a hundred times is one plate: match each plate once.
    how = {p: index.lookup(p) for p in {s.read.plate for s in found}}
    return [SearchResult(s, how[s.read.plate][0].how) for s in found if how[s.read.plate]]


def track(
    store: TransitStore, plate: str, start: float | None, end: float | None
) -> list[StoredRead]:
    """A vehicle's passages across cameras, oldest first (exact plate)."""
    query = SearchQuery(normalise_plate(plate), start=start, end=end, limit=MAX_LIMIT)
    return sorted((r.stored for r in search(store, query)), key=lambda s: s.read.captured_at)

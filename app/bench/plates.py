"""``occhio bench-plates``: the plate targets, measured.

- ``--hotlist N``: import a generated N-plate list (one step, timed), then
  look up reads (exact, confusions, lost characters, plates not listed) and
  report the lookup percentiles;
- ``--search N``: fill a transit store with N generated reads (kept in
  ``--data`` for later runs) and time searches of each kind, warm (each
  query run once untimed first), then
  exact and fuzzy ones cold: before each of those the database's pages are
  dropped from the operating system's cache (``posix_fadvise``, Linux) and
  the store is opened afresh, so every page the search needs is read from
  the disk;
- ``--ingest RATE --seconds S``: a simulator plate camera sends RATE reads a
  second over its Hikvision stream; count what was sent, received and
  stored, and the Qt event-loop lag while the hits pop up;
- ``--popup N``: N hits submitted from a worker thread, time from the read
  coming in to its pop-up's first paint;
- ``--wall N`` (with either): a live wall of N of the demo's cameras (16:
  4x4), offscreen at 1920x1080, runs beside them; pop-ups then show their
  camera's live picture, hits frame its tile, and the ingestion run reports
  the frame rate each tile painted.

Prints one JSON object with ``--json``. Exit status 0 after a run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from app.bench.measure import percentile
from app.bench.plates_data import generate_reads, unique_plates, write_hotlist
from app.sim.plates import misread

logger = logging.getLogger("app.bench")


def add_plate_commands(sub: Any) -> None:
    """``hotlist``, ``plates`` and ``bench-plates`` among the program's subcommands."""
    from app.anpr.commands import add_plate_commands as add_anpr_commands

    add_anpr_commands(sub)
    add_arguments(sub.add_parser("bench-plates", help="measure the plate targets"))


def run_plate_command(args: argparse.Namespace) -> int:
    """Run ``hotlist ...``, ``plates ...`` or ``bench-plates``."""
    if args.command == "bench-plates":
        return run_bench_plates(args)
    from app.anpr.commands import run_plate_command as run_anpr_command

    return run_anpr_command(args)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``occhio bench-plates``."""
    parser.add_argument("--hotlist", type=int, default=0, metavar="N", help="plates in the list")
    parser.add_argument("--lookups", type=int, default=20000, help="reads to look up")
    parser.add_argument("--search", type=int, default=0, metavar="N", help="stored reads")
    parser.add_argument("--ingest", type=float, default=0.0, metavar="RATE", help="reads/s")
    parser.add_argument("--seconds", type=float, default=60.0, help="ingestion time")
    parser.add_argument("--wall", type=int, default=0, metavar="N", help="live tiles beside it")
    parser.add_argument("--popup", type=int, default=0, metavar="N", help="hits to pop up")
    parser.add_argument("--data", type=Path, help="folder for generated data (default: temp)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("-v", "--verbose", action="store_true")


def run_bench_plates(args: argparse.Namespace) -> int:
    """Run the chosen measurements; returns 0."""
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    data = args.data or Path(tempfile.mkdtemp(prefix="occhio-bench-plates-"))
    data.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {}
    if args.hotlist:
        result["hotlist"] = bench_hotlist(data, args.hotlist, args.lookups)
    if args.search:
        result["search"] = bench_search(data, args.search)
    if args.ingest or args.popup:
        from app.bench.plates_qt import run_qt_benches

        result |= run_qt_benches(data, args.popup, args.ingest, args.seconds, args.wall)
    print(json.dumps(result, indent=None if args.json else 1))
    return 0


def _ms(values: list[float]) -> dict[str, float | None]:
    return {
        "p50": _round(percentile(values, 50)),
        "p95": _round(percentile(values, 95)),
        "p99": _round(percentile(values, 99)),
        "max": _round(max(values) if values else None),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def bench_hotlist(data: Path, count: int, lookups: int) -> dict[str, Any]:
    """Import ``count`` plates in one step, then time ``lookups`` lookups."""
    from app.anpr.hotlist_store import HotlistStore
    from app.anpr.hotlists import Hotlists

    plates = unique_plates(count, seed=1)
    file = data / f"hotlist-{count}.csv"
    write_hotlist(file, plates)
    db = data / f"hotlist-{count}.sqlite"
    for leftover in data.glob(f"hotlist-{count}.sqlite*"):
        leftover.unlink()
    hotlists = Hotlists(HotlistStore(db))
    hotlists.define("A1-bench", "a1")
    started = time.perf_counter()
    report = hotlists.import_file(file, "A1-bench")
    imported = time.perf_counter() - started
    rng = random.Random(2)
    listed = rng.sample(plates, min(len(plates), lookups // 2))
    reads = [misread(p, rng) if i % 2 else p for i, p in enumerate(listed)]
    reads += unique_plates(lookups - len(reads), seed=3)  # mostly not listed
    index = hotlists.index
    times, found = [], 0
    for read in reads:
        t = time.perf_counter()
        matches = index.lookup(read)
        times.append((time.perf_counter() - t) * 1000.0)
        found += bool(matches)
    missed = sum(1 for p in listed if not index.lookup(p))
    hotlists.store.close()
    return {
        "plates": count,
        "import_s": round(imported, 2),
        "import_ok": report.ok,
        "lookups": len(reads),
        "lookup_ms": _ms(times),
        "hits": found,
        "listed_plates_missed": missed,
    }


def bench_search(data: Path, count: int) -> dict[str, Any]:
    """Time searches over ``count`` generated reads (the database is kept in ``data``)."""
    from app.anpr.transit_search import SearchQuery, search
    from app.anpr.transits import TransitStore

    path = data / f"transiti-{count}.sqlite"
    generated = None
    store = TransitStore(path) if path.exists() else None
    if store is None or store.count() != count:
        if store is not None:
            store.close()
        for leftover in data.glob(f"transiti-{count}.sqlite*"):
            leftover.unlink()
        generated = round(generate_reads(path, count), 1)
        store = TransitStore(path)
    with store.tx() as c:
        sample = [r[0] for r in c.execute("SELECT plate FROM reads WHERE id % 99991 = 7")]
        last = float(c.execute("SELECT MAX(at) FROM reads").fetchone()[0])
    kinds = {
        "exact": [SearchQuery(p) for p in sample],
        "exact_day_camera": [
            SearchQuery(p, start=last - 86400, end=last, cameras=("rufina-01",)) for p in sample
        ],
        "prefix_wildcard": [SearchQuery(p[:2] + "?" + p[3:5] + "*") for p in sample],
        "suffix_wildcard": [SearchQuery("*" + p[3:]) for p in sample],
        "fuzzy": [SearchQuery(p, fuzzy=True) for p in sample],
        "both_ends_last_hour": [SearchQuery("*" + p[2:5] + "*", start=last - 3600) for p in sample],
    }
    out: dict[str, Any] = {
        "reads": count,
        "generated_s": generated,
        "queries_per_kind": len(sample),
    }
    for name, queries in kinds.items():
        for query in queries:  # warm: the pages these queries need are in the caches
            search(store, query)
        times = []
        for query in queries:
            t = time.perf_counter()
            search(store, query)
            times.append((time.perf_counter() - t) * 1000.0)
        out[f"{name}_ms"] = _ms(times)
    store.close()
    if hasattr(os, "posix_fadvise"):
        for name in ("exact", "fuzzy"):
            out[f"{name}_cold_ms"] = _ms([_cold(path, q) for q in kinds[name]])
    return out


def _cold(path: Path, query: Any) -> float:
    """Milliseconds of one search with none of the database in any cache."""
    from app.anpr.transit_search import search
    from app.anpr.transits import TransitStore

    for file in path.parent.glob(path.name + "*"):
        fd = os.open(file, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    store = TransitStore(path)  # a new connection: SQLite's own cache is empty too
    try:
        t = time.perf_counter()
        search(store, query)
        return (time.perf_counter() - t) * 1000.0
    finally:
        store.close()

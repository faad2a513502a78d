"""Generated plate data for the plate benchmarks: hotlist files and millions of reads.

Traffic is drawn like a town's: a population of vehicles where a few pass
every day (commuters, delivery vans) and most pass rarely, spread over the
cameras and the days; about 4 % of the reads are misread (one confusion or
one missing character). Everything is seeded, so two runs see the same data.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from app.anpr import transits
from app.anpr.bulk import paused_gc
from app.core.plates_format import canonical
from app.sim.plates import italian_car, misread

CHUNK = 200_000


def unique_plates(count: int, seed: int) -> list[str]:
    """``count`` different random plates."""
    rng = random.Random(seed)
    plates: dict[str, None] = {}
    while len(plates) < count:
        plates[italian_car(rng)] = None
    return list(plates)


def write_hotlist(path: Path, plates: list[str]) -> None:
    """A hotlist file as the national system's exports look: header, ``;``, notes."""
    with open(path, "w", encoding="cp1252", newline="") as fh:
        fh.write("targa;nota\r\n")
        fh.writelines(f"{p};segnalazione n. {i}\r\n" for i, p in enumerate(plates))


def _rows(
    count: int, population: list[str], cameras: list[str], span: tuple[float, float], seed: int
) -> Iterator[tuple[object, ...]]:
    rng = random.Random(seed)
    start, end = span
    directions = ("approaching", "leaving")
    frequent = population[: len(population) // 20]  # 5 % of vehicles make half the traffic
    for rid in range(1, count + 1):
        plate = rng.choice(frequent if rng.random() < 0.5 else population)
        if rng.random() < 0.04:
            plate = misread(plate, rng)
        at = start + (end - start) * rid / count
        camera = cameras[rid % len(cameras)]
        lane = 1 + rid % 2
        yield (rid, at, camera, "rufina", plate, canonical(plate), plate[::-1], plate, "IT",
               0.9, directions[rid % 2], lane, None, "car", "bench", "", "", 0)  # fmt: skip


def generate_reads(
    path: Path, count: int, cameras: int = 15, days: float = 7.0, seed: int = 13
) -> float:
    """Fill a new transit database at ``path`` with ``count`` reads; returns seconds taken.

    Rows go in without indexes, which are built once at the end (much faster
    than keeping four indexes up to date row by row).
    """
    started = time.perf_counter()
    store = transits.TransitStore(path)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    for name in ("reads_plate", "reads_rplate", "reads_canon", "reads_at"):
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    population = unique_plates(max(1000, count // 20), seed)
    names = [f"rufina-{i:02d}" for i in range(1, cameras + 1)]
    now = time.time()
    rows = _rows(count, population, names, (now - days * 86400, now), seed)
    sql = f"INSERT INTO reads({transits.READ_COLUMNS}) VALUES({','.join('?' * 18)})"
    with paused_gc():
        while True:
            chunk = list(islice(rows, CHUNK))
            if not chunk:
                break
            with conn:
                conn.executemany(sql, chunk)
    conn.close()
    transits.TransitStore(path).close()  # the schema again: builds the indexes
    return time.perf_counter() - started

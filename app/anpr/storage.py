"""Where the plate data lives: one folder in the data dir, opened in one place."""

from __future__ import annotations

import csv
import io
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from app.anpr.hotlists import Hotlists
from app.anpr.images import ImageFolder
from app.anpr.transit_search import SearchQuery, SearchResult
from app.anpr.transits import TransitStore
from app.config import atomic, paths
from app.core.plates import Direction

logger = logging.getLogger("app.anpr")

FOLDER = "targhe"
_DIRECTIONS = {Direction.APPROACHING: "in arrivo", Direction.LEAVING: "in allontanamento"}


def plates_dir() -> Path:
    """The folder of hotlists, reads and their pictures."""
    return paths.data_dir() / FOLDER


@dataclass
class PlateStorage:
    """The hotlists, the transit store and the picture folder of one station."""

    hotlists: Hotlists
    transits: TransitStore
    images: ImageFolder

    @classmethod
    def open(cls, folder: Path | None = None) -> PlateStorage:
        """Open (creating) everything under ``folder`` (default: ``plates_dir()``)."""
        folder = folder or plates_dir()
        return cls(
            Hotlists.open(folder),
            TransitStore(folder / "transiti.sqlite"),
            ImageFolder(folder / "immagini"),
        )

    def close(self) -> None:
        """Close both databases."""
        self.hotlists.store.close()
        self.transits.close()


def results_csv(results: list[SearchResult]) -> str:
    """Search results as CSV (``;``, local times) for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["data e ora", "telecamera", "targa", "letta come", "direzione", "corrispondenza"]
    )
    for result in results:
        read = result.stored.read
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(read.captured_at))
        how = result.how.describe() if result.how else ""
        direction = _DIRECTIONS.get(read.direction, "")
        writer.writerow([stamp, read.camera_id, read.plate, read.plate_text, direction, how])
    return out.getvalue()


def export_results(
    store: TransitStore,
    results: list[SearchResult],
    query: SearchQuery,
    target: Path,
    who: tuple[str, str],
) -> None:
    """Write ``results`` to ``target`` as CSV and record who exported what and why.

    ``who`` is (operator, reason). Directive 2016/680 asks for a log of every
    disclosure with its reason: the export is refused without one.

    Raises:
        ValueError: no reason given.
        OSError: the file cannot be written.
    """
    operator, reason = who
    if not reason.strip():
        raise ValueError("a reason is required to export plate reads")
    atomic.write_text(target, results_csv(results), encoding="utf-8-sig")  # Excel reads the BOM
    described = json.dumps({k: v for k, v in vars(query).items() if v}, default=str)
    with store.tx() as c:
        c.execute(
            "INSERT INTO exports(at, operator, reason, query, rows, file) VALUES(?,?,?,?,?,?)",
            (time.time(), operator, reason.strip(), described, len(results), str(target)),
        )
    logger.info(
        "plate reads exported by %s: %d rows to %s, reason: %s",
        operator,
        len(results),
        target,
        reason.strip(),
    )

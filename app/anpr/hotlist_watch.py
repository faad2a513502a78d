"""A watched folder for the daily hotlist files.

Whoever receives the day's lists drops them in one folder. A file is taken
once its size and modification time have not changed between two scans (a
copy still in progress is left alone), imported into the list its name
starts with (``A1-Questura_20260403.csv`` -> list ``A1-Questura``), then
moved to ``importati/`` or ``scartati/`` with the report beside it. The
caller decides how often ``scan`` runs (a timer in the wall).
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from app.anpr.hotlist_import import ImportReport
from app.anpr.hotlists import Hotlists
from app.config import atomic

logger = logging.getLogger("app.anpr")

DONE_DIR = "importati"
FAILED_DIR = "scartati"
SUFFIXES = frozenset({".csv", ".txt"})


@dataclass(frozen=True)
class _Seen:
    size: int
    mtime_ns: int


def list_name_of(path: Path) -> str:
    """The list a file feeds: its name up to the first underscore, without suffix."""
    return path.stem.split("_", 1)[0].strip()


class HotlistFolder:
    """Imports complete files that appear in ``folder``."""

    def __init__(self, folder: Path, hotlists: Hotlists) -> None:
        self.folder = folder
        self._hotlists = hotlists
        self._seen: dict[Path, _Seen] = {}

    def scan(self) -> list[ImportReport]:
        """Import every file that has stopped changing since the previous scan."""
        try:
            candidates = sorted(
                p for p in self.folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        except OSError as exc:
            logger.warning("hotlist folder %s unreadable: %s", self.folder, exc)
            return []
        reports = []
        current: dict[Path, _Seen] = {}
        for path in candidates:
            try:
                stat = path.stat()
            except OSError:
                continue  # moved away meanwhile
            seen = _Seen(stat.st_size, stat.st_mtime_ns)
            if self._seen.get(path) == seen:
                reports.append(self._take(path))
            else:
                current[path] = seen
        self._seen = current
        return reports

    def _take(self, path: Path) -> ImportReport:
        name = list_name_of(path)
        if self._hotlists.find_list(name) is None:
            report = ImportReport(str(path), name, ok=False)
            report.error = f"{path.name}: nessuna lista di nome {name!r}: definirla prima"
        else:
            report = self._hotlists.import_file(path, name)
        self._file_away(path, report)
        return report

    def _file_away(self, path: Path, report: ImportReport) -> None:
        """Move the file out of the way (so it is not imported again) with its report."""
        target_dir = self.folder / (DONE_DIR if report.ok else FAILED_DIR)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = target_dir / f"{stamp}-{path.name}"
        try:
            target_dir.mkdir(exist_ok=True)
            os.replace(path, target)
            text = json.dumps(report.as_dict(), ensure_ascii=False, indent=1)
            atomic.write_text(target.with_name(target.name + ".report.json"), text)
        except OSError as exc:
            logger.error("hotlist file %s not moved to %s: %s", path, target_dir, exc)

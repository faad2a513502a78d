"""One-step import of a hotlist file, and the report the operator reads afterwards."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.anpr.hotlist_parse import HotlistFileError, ParsedList, parse_hotlist
from app.anpr.hotlist_store import HotlistStore

logger = logging.getLogger("app.anpr")

#: Rejected rows listed one by one in the text report; the JSON has them all.
REPORT_REJECTED_SHOWN = 20


@dataclass
class ImportReport:
    """What an import did (or why it did nothing)."""

    file: str
    list_name: str
    ok: bool
    error: str = ""
    encoding: str = ""
    header: bool = False
    rows_read: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    total: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """The report for ``--json`` and the watched folder's report files."""
        return asdict(self)

    def text(self) -> str:
        """The report in Italian, for the command line and the dialog."""
        if not self.ok:
            return f"Importazione NON eseguita: {self.error}"
        lines = [
            f"Lista {self.list_name}: importata da {self.file}",
            f"  righe lette {self.rows_read}, scartate {len(self.rejected)}, "
            f"duplicate {len(self.duplicates)}",
            f"  aggiunte {self.added}, tolte {self.removed}, in lista {self.total}",
        ]
        shown = self.rejected[:REPORT_REJECTED_SHOWN]
        lines += [f"  riga {line}: {reason}" for line, reason in shown]
        if len(self.rejected) > REPORT_REJECTED_SHOWN:
            lines.append(f"  ... e altre {len(self.rejected) - REPORT_REJECTED_SHOWN} righe")
        lines += [f"  nota: {n}" for n in self.notes]
        return "\n".join(lines)


def import_file(
    store: HotlistStore, path: Path, list_name: str, column: int | None = None
) -> ImportReport:
    """Read ``path`` and make it the new version of ``list_name`` in one step.

    The list must be defined. On any problem with the file the stored list
    is untouched and the report says why (``ok`` False); nothing is raised
    for a bad file.
    """
    started = time.perf_counter()
    report = ImportReport(str(path), list_name, ok=False)
    try:
        data = path.read_bytes()
        parsed = parse_hotlist(data, path, column)
    except (OSError, HotlistFileError) as exc:
        report.error = str(exc)
        logger.warning("hotlist %s not imported from %s: %s", list_name, path, exc)
        return report
    _fill(report, parsed)
    result = store.replace(list_name, parsed.plates, str(path))
    report.ok, report.added, report.removed, report.total = (
        True,
        result.added,
        result.removed,
        result.total,
    )
    report.seconds = round(time.perf_counter() - started, 3)
    counts = (report.rows_read, len(report.rejected), len(report.duplicates))
    store.log_import(list_name, str(path), (*counts, result.added, result.removed, result.total))
    logger.info(
        "hotlist %s imported from %s: %d rows, %d rejected, %d duplicates, +%d -%d = %d in %.2f s",
        list_name,
        path,
        *counts,
        result.added,
        result.removed,
        result.total,
        report.seconds,
    )
    return report


def _fill(report: ImportReport, parsed: ParsedList) -> None:
    report.encoding = parsed.encoding
    report.header = parsed.header
    report.rows_read = parsed.rows_read
    report.rejected = [(r.line, r.reason) for r in parsed.rejected]
    report.duplicates = list(parsed.duplicates)
    report.notes = list(parsed.notes)
    if parsed.duplicates:
        line, plate = parsed.duplicates[0]
        count = len(parsed.duplicates)
        report.notes.append(f"{count} righe duplicate (la prima: riga {line}, {plate})")

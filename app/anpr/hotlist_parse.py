"""Reading a hotlist file (CSV or plain text) into plates, with every problem named.

Daily lists come from other offices' programs: UTF-8 or Windows code pages,
``;`` or ``,`` or tabs, with or without a header row. The plate column is
found by its header name (``targa``, ``plate``...) or by position. Nothing
here touches the stored lists: ``parse_hotlist`` only says what a file
holds, and refuses (``HotlistFileError``) a file that cannot be a complete
list: undecodable, binary, empty, cut short in its last line, or with more
bad rows than good ones.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from app.anpr.bulk import paused_gc
from app.core.plates import MAX_PLATE_LENGTH, normalise_plate, odd_characters, sanitise_text

#: Header names of the plate column (compared in lower case, without spaces).
PLATE_HEADERS = frozenset({"targa", "targhe", "plate", "plates", "numerotarga", "licenseplate"})
NOTE_HEADERS = frozenset({"note", "nota", "descrizione", "motivo", "description"})
MIN_PLATE_LENGTH = 2
#: A hotlist file larger than this is refused before reading (10 M plates fit).
MAX_FILE_BYTES = 512 * 1024 * 1024
_DELIMITERS = ";,\t|"
_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


class HotlistFileError(Exception):
    """A file that is not a complete hotlist; the message names file and line."""


@dataclass(frozen=True)
class Rejected:
    """A row that was not taken: its line number (from 1) and why."""

    line: int
    reason: str


@dataclass
class ParsedList:
    """What a hotlist file holds: plates with their notes, and what was left out."""

    path: str
    encoding: str
    header: bool
    rows_read: int = 0
    plates: dict[str, str] = field(default_factory=dict)  # plate -> note
    rejected: list[Rejected] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, plate)
    notes: list[str] = field(default_factory=list)  # remarks for the report


def decode(data: bytes, path: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding that read it.

    UTF-8 first (with or without BOM); then Windows-1252, what Italian
    Windows programs write; Latin-1 last, which reads any byte.
    """
    if b"\x00" in data[:65536]:
        raise HotlistFileError(f"{path}: non è un file di testo (byte NUL: UTF-16 o binario?)")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise HotlistFileError(f"{path}: codifica non leggibile")  # unreachable: latin-1 reads all


def _delimiter(lines: list[str]) -> str | None:
    """The delimiter used by most of the first lines, or None for one plate a line."""
    sample = [ln for ln in lines[:50] if ln.strip()]
    counts = {d: sum(d in ln for ln in sample) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] * 2 >= len(sample) and counts[best] else None


def _rows(text: str, delimiter: str | None) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank line.

    Without quotes in the file a plain split gives the same cells as the CSV
    reader, five times faster (a million-row list is the common case).
    """
    if delimiter is None:
        return [(n, [ln]) for n, ln in enumerate(text.splitlines(), 1) if ln.strip()]
    if '"' not in text:
        lines = enumerate(text.splitlines(), 1)
        return [(n, ln.split(delimiter)) for n, ln in lines if ln.strip(delimiter + " \t")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(reader.line_num, cells) for cells in reader if "".join(cells).strip()]


def _header_columns(cells: list[str]) -> tuple[int, int | None] | None:
    """(plate column, note column) when ``cells`` is a header row, else None."""
    names = ["".join(c.lower().split()).strip("\"'") for c in cells]
    plate = next((i for i, n in enumerate(names) if n in PLATE_HEADERS), None)
    if plate is None:
        return None
    note = next((i for i, n in enumerate(names) if n in NOTE_HEADERS), None)
    return plate, note


def _unnamed_header(cells: list[str], plate_col: int) -> bool:
    """True when the first row's plate cell is a word, not a plate (``Numero``)."""
    if plate_col >= len(cells):
        return False
    cell = cells[plate_col].strip()
    return bool(cell) and not any(ch.isdigit() for ch in cell)


def check_plate(cell: str) -> tuple[str, str]:
    """(normalised plate, "") or ("", reason in Italian) for one cell."""
    raw = cell.strip().strip("\"'")
    if not raw:
        return "", "targa vuota"
    if raw.isascii() and raw.isalnum() and len(raw) <= MAX_PLATE_LENGTH:
        plate = raw.upper()  # the common case, without Unicode normalisation
        return (plate, "") if len(plate) >= MIN_PLATE_LENGTH else ("", "targa troppo corta")
    odd = odd_characters(raw)
    if odd:
        return "", f"caratteri non ammessi {sanitise_text(odd, 10)!r} in {sanitise_text(raw)!r}"
    plate = normalise_plate(raw)
    if not MIN_PLATE_LENGTH <= len(plate) <= MAX_PLATE_LENGTH:
        return "", f"lunghezza non valida: {sanitise_text(raw)!r}"
    return plate, ""


def parse_hotlist(data: bytes, path: str | Path, column: int | None = None) -> ParsedList:
    """The plates in hotlist file ``data`` (named ``path`` in messages).

    ``column`` (from 1) picks the plate column of a file without a header;
    by default a header names it, else it is the first column.

    Raises:
        HotlistFileError: the file cannot be taken as a complete list.
    """
    name = str(path)
    if len(data) > MAX_FILE_BYTES:
        raise HotlistFileError(f"{name}: file troppo grande ({len(data)} byte)")
    text, encoding = decode(data, name)
    with paused_gc():
        rows = _rows(text, _delimiter(text.splitlines()[:50]))
        if not rows:
            raise HotlistFileError(f"{name}: il file è vuoto: nessuna targa da importare")
        parsed, columns, rows = _header(name, encoding, rows, column)
        width = max((len(cells) for _, cells in rows[:50]), default=1)
        _take_rows(parsed, rows, *columns)
    _check_last_line(parsed, text, rows, width)
    _check_enough(parsed)
    return parsed


def _header(
    name: str, encoding: str, rows: list[tuple[int, list[str]]], column: int | None
) -> tuple[ParsedList, tuple[int, int | None], list[tuple[int, list[str]]]]:
    """The list to fill, the (plate, note) columns and the rows below any header."""
    plate_col, note_col = (column - 1 if column else 0), None
    header_line, first = rows[0]
    header = _header_columns(first) if column is None else None
    unnamed = header is None and _unnamed_header(first, plate_col)
    if header is not None:
        plate_col, note_col = header
    if header is not None or unnamed:
        rows = rows[1:]
    parsed = ParsedList(name, encoding, header is not None or unnamed)
    if unnamed:
        parsed.notes.append(f"riga {header_line}: presa come intestazione (nessuna cifra)")
    if encoding != "utf-8-sig":
        parsed.notes.append(f"codifica {encoding} (non UTF-8)")
    return parsed, (plate_col, note_col), rows


def _take_rows(
    parsed: ParsedList, rows: list[tuple[int, list[str]]], plate_col: int, note_col: int | None
) -> None:
    """Check every row's plate; keep the first of each plate with its note."""
    plates, rejected = parsed.plates, parsed.rejected
    for line, cells in rows:
        if plate_col >= len(cells):
            rejected.append(Rejected(line, f"manca la colonna {plate_col + 1}"))
            continue
        plate, reason = check_plate(cells[plate_col])
        if reason:
            rejected.append(Rejected(line, reason))
        elif plate in plates:
            parsed.duplicates.append((line, plate))
        else:
            note = cells[note_col] if note_col is not None and note_col < len(cells) else ""
            plates[plate] = sanitise_text(note, 200) if note else ""
    parsed.rows_read = len(rows)


def _check_last_line(
    parsed: ParsedList, text: str, rows: list[tuple[int, list[str]]], width: int
) -> None:
    """Refuse a file whose unterminated last line is cut short (a copy interrupted).

    Cut short: rejected, with fewer cells than the other rows, or with a
    plate shorter than every other plate of the file.
    """
    if not rows or text.endswith(("\n", "\r")):
        return
    line, cells = rows[-1]
    if (parsed.rejected and parsed.rejected[-1].line == line) or len(cells) < width:
        _truncated(parsed.path, line)
    plates = list(parsed.plates)
    last_taken = not (parsed.duplicates and parsed.duplicates[-1][0] == line)
    if last_taken and len(plates) > 1 and len(plates[-1]) < min(len(p) for p in plates[:-1]):
        _truncated(parsed.path, line)
    parsed.notes.append(f"riga {line}: ultima riga senza a capo")


def _truncated(path: str, line: int) -> None:
    raise HotlistFileError(
        f"{path}: riga {line}: l'ultima riga è incompleta (file troncato?): "
        "la lista in vigore resta quella precedente"
    )


def _check_enough(parsed: ParsedList) -> None:
    """Refuse a file with no plate, or with more bad rows than good ones."""
    if not parsed.plates:
        bad = parsed.rejected[0] if parsed.rejected else None
        first = f" (riga {bad.line}: {bad.reason})" if bad else ""
        raise HotlistFileError(
            f"{parsed.path}: nessuna targa valida{first}: "
            "la lista in vigore resta quella precedente"
        )
    if len(parsed.rejected) > len(parsed.plates):
        bad = parsed.rejected[0]
        raise HotlistFileError(
            f"{parsed.path}: {len(parsed.rejected)} righe scartate su {parsed.rows_read} "
            f"(la prima, riga {bad.line}: {bad.reason}): colonna o file sbagliati? "
            "La lista in vigore resta quella precedente"
        )

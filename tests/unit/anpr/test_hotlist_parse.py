"""Reading hotlist files: encodings, headers, columns, duplicates, truncation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.anpr.hotlist_parse import HotlistFileError, parse_hotlist
from tests.unit.core.plate_strategies import italian_car_plates


def test_plain_text_one_plate_a_line() -> None:
    parsed = parse_hotlist(b"AB123CD\nef 456 gh\n\nXY-789-ZW\n", "a.txt")
    assert list(parsed.plates) == ["AB123CD", "EF456GH", "XY789ZW"]
    assert (parsed.rows_read, parsed.header, parsed.rejected) == (3, False, [])


def test_header_names_the_plate_column_and_the_note() -> None:
    data = b"Data;Targa;Motivo\n01/04;AB123CD;furto\n02/04;EF456GH;rapina\n"
    parsed = parse_hotlist(data, "a1.csv")
    assert parsed.header
    assert parsed.plates == {"AB123CD": "furto", "EF456GH": "rapina"}


def test_column_by_position_without_header() -> None:
    parsed = parse_hotlist(b"1,AB123CD\n2,EF456GH\n", "x.csv", column=2)
    assert list(parsed.plates) == ["AB123CD", "EF456GH"]


def test_latin1_from_windows_is_read() -> None:
    data = "targa;note\nAB123CD;proprietà Società\n".encode("cp1252")
    parsed = parse_hotlist(data, "w.csv")
    assert parsed.encoding == "cp1252"
    assert parsed.plates == {"AB123CD": "proprietà Società"}
    assert any("cp1252" in n for n in parsed.notes)


def test_duplicates_and_bad_rows_are_reported_with_lines() -> None:
    data = b"targa\nAB123CD\nAB#12CD\nab123cd\nEF456GH\n"
    parsed = parse_hotlist(data, "d.csv")
    assert list(parsed.plates) == ["AB123CD", "EF456GH"]
    assert [r.line for r in parsed.rejected] == [3]
    assert "'#'" in parsed.rejected[0].reason
    assert parsed.duplicates == [(4, "AB123CD")]


def test_truncated_last_line_refuses_the_file() -> None:
    with pytest.raises(HotlistFileError, match=r"t\.csv: riga 3: .*incompleta"):
        parse_hotlist(b"targa;note\nAB123CD;furto\nEF4", "t.csv")


def test_unterminated_complete_last_line_is_kept() -> None:
    parsed = parse_hotlist(b"targa;note\nAB123CD;furto\nEF456GH;furto", "u.csv")
    assert list(parsed.plates) == ["AB123CD", "EF456GH"]
    assert any("senza a capo" in n for n in parsed.notes)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "vuoto"),
        (b"targa\n", "nessuna targa"),
        (b"\xff\xfeA\x00B\x00", "NUL"),
        (b"targa\n###\n$$$\n", "nessuna targa"),
        (b"targa\nAB123CD\n#1\n#2\n", "righe scartate"),
    ],
)
def test_files_that_are_no_list_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(HotlistFileError, match=words):
        parse_hotlist(data, "bad.csv")


@given(st.binary(max_size=300))
def test_any_bytes_give_a_list_or_a_clear_refusal(data: bytes) -> None:
    try:
        parsed = parse_hotlist(data, "fuzz.csv")
    except HotlistFileError as exc:
        assert str(exc).startswith("fuzz.csv: ")
    else:
        assert parsed.plates
        assert all(p.isascii() and p.isalnum() and p == p.upper() for p in parsed.plates)


@given(st.lists(italian_car_plates(), min_size=1, max_size=30))
def test_every_written_plate_is_read_back(plates: list[str]) -> None:
    data = ("targa\r\n" + "\r\n".join(plates) + "\r\n").encode()
    parsed = parse_hotlist(data, "p.csv")
    assert list(parsed.plates) == list(dict.fromkeys(plates))
    assert parsed.rows_read == len(plates)

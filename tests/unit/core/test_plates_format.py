"""Italian plate formats, confusion classes, normalisation and sanitising."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.plates import normalise_plate, odd_characters, sanitise_text
from app.core.plates_format import (
    CONFUSION_CLASSES,
    PlateFormat,
    canonical,
    confusable,
    correct,
    italian_format,
)
from tests.unit.core.plate_strategies import italian_plates


def test_formats_are_recognised() -> None:
    assert italian_format("AB123CD") is PlateFormat.CAR
    assert italian_format("AB12345") is PlateFormat.MOTORCYCLE
    assert italian_format("AO123CD") is None  # O is never used
    assert italian_format("AB123C") is None
    assert italian_format("M AB 1234") is None


def test_correction_puts_each_position_in_its_kind() -> None:
    assert correct("AB12OCD", PlateFormat.CAR) == "AB120CD"
    assert correct("A8123C0", PlateFormat.CAR) == "AB123CD"
    assert correct("4B1Z3CD", PlateFormat.CAR) == "AB123CD"
    assert correct("AB1X3CD", PlateFormat.CAR) is None  # X has no digit form
    assert correct("AB123CD", PlateFormat.MOTORCYCLE) is None


def test_each_class_has_at_most_one_italian_letter_and_one_digit() -> None:
    # The correction is unambiguous only because of this.
    for cls in CONFUSION_CLASSES:
        assert sum(ch.isdigit() for ch in cls) <= 1
        assert sum(ch.isalpha() and ch not in "IOQU" for ch in cls) <= 1


def test_confusable_pairs() -> None:
    assert confusable("O", "0")
    assert confusable("8", "B")
    assert not confusable("8", "8")
    assert not confusable("X", "K")


@given(italian_plates)
def test_correct_is_identity_on_valid_plates(plate: str) -> None:
    fmt = italian_format(plate)
    assert fmt is not None
    assert correct(plate, fmt) == plate
    assert canonical(plate) == canonical(plate.replace("0", "O"))


def test_normalise_drops_separators_and_accents() -> None:
    assert normalise_plate(" ab-123.cd ") == "AB123CD"
    assert normalise_plate("Èà 12") == "EA12"
    assert normalise_plate("A" * 13) == ""


def test_odd_characters_names_what_is_not_a_plate() -> None:
    assert odd_characters("AB#12*CD") == "#*"
    assert odd_characters("AB 123-CD") == ""
    assert odd_characters("ÀB123CD") == ""
    assert odd_characters("АB123CD") == "А"  # a Cyrillic A


@given(st.text(max_size=400))
def test_sanitise_is_bounded_printable_one_line(text: str) -> None:
    out = sanitise_text(text, limit=40)
    assert len(out) <= 40
    assert out.isprintable()
    assert "\n" not in out and "\x1b" not in out

"""The hotlist matcher: exact, position-corrected and one-edit matches."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import assume, given
from hypothesis import strategies as st

from app.core.plates_format import ALPHABET, canonical, confusion_partners
from app.core.plates_lists import HotList, category
from app.core.plates_match import MatchKind, PlateIndex
from tests.unit.core.plate_strategies import any_plates, italian_plates, levenshtein

STOLEN = HotList("A1-Questura", category("a1"))
ZTL = HotList("ZTL-centro", category("ztl"))


def index_with(plates_stolen: Sequence[str], plates_ztl: Sequence[str] = ()) -> PlateIndex:
    index = PlateIndex([STOLEN, ZTL])
    index.add_many(0, plates_stolen)
    index.add_many(1, plates_ztl)
    return index


def test_exact_hit_says_esatta() -> None:
    [hit] = index_with(["AB123CD"]).lookup("AB123CD")
    assert (hit.plate, hit.hotlist, hit.how.describe()) == ("AB123CD", STOLEN, "esatta")


def test_letter_read_where_a_digit_belongs_is_corrected() -> None:
    [hit] = index_with([], ["AB120CD"]).lookup("AB12OCD")
    assert hit.how.kind is MatchKind.CORRECTED
    assert hit.how.describe() == "corretta O->0 in posizione 5"


def test_several_corrections_are_all_named() -> None:
    [hit] = index_with([], ["AB123CD"]).lookup("A8123C0")
    assert hit.how.describe() == "corretta 8->B in posizione 2, 0->D in posizione 7"


def test_a_valid_plate_is_never_corrected_into_another() -> None:
    # AB12345 is a valid motorcycle plate; AB123AS a car plate with the same canonical form.
    assert index_with([], ["AB123AS"]).lookup("AB12345") == []


def test_low_priority_lists_get_no_edit_distance() -> None:
    assert index_with([], ["AB123CD"]).lookup("AB123C") == []
    [hit] = index_with(["AB123CD"]).lookup("AB123C")
    assert hit.how.describe() == "simile: manca D in posizione 7"


def test_extra_character_and_foreign_confusion_on_urgent_lists() -> None:
    index = index_with(["MAB1234", "AB123CD"])
    [extra] = index.lookup("AB1233CD")
    assert extra.plate == "AB123CD" and extra.how.kind is MatchKind.SIMILAR
    [foreign] = index.lookup("MA81234")
    assert foreign.how.describe() == "simile: 8->B in posizione 3"
    assert index.lookup("MA8I234") == []  # two confusions on a non-Italian plate


def test_plate_on_two_lists_gives_two_hits_most_urgent_first() -> None:
    hits = index_with(["AB123CD"], ["AB123CD"]).lookup("AB123CD")
    assert [h.hotlist for h in hits] == [STOLEN, ZTL]


def test_unrelated_read_and_empty_read_miss() -> None:
    index = index_with(["AB123CD"], ["EF456GH"])
    assert index.lookup("ZZ999ZZ") == []
    assert index.lookup("") == []
    assert len(index) == 2


@st.composite
def single_confusion(draw: st.DrawFn) -> tuple[str, str]:
    plate = draw(italian_plates)
    positions = [i for i, ch in enumerate(plate) if confusion_partners(ch)]
    assume(positions)
    i = draw(st.sampled_from(positions))
    wrong = draw(st.sampled_from(confusion_partners(plate[i])))
    return plate, plate[:i] + wrong + plate[i + 1 :]


@given(single_confusion(), st.lists(italian_plates, max_size=20), st.booleans())
def test_a_single_confusion_misread_never_misses(
    case: tuple[str, str], others: list[str], urgent: bool
) -> None:
    plate, read = case
    index = PlateIndex([STOLEN if urgent else ZTL])
    index.add_many(0, [*others, plate])
    assert plate in {m.plate for m in index.lookup(read)}


@st.composite
def two_real_edits(draw: st.DrawFn) -> tuple[str, str]:
    plate = draw(st.one_of(italian_plates, any_plates))
    read = plate
    for _ in range(2):
        op = draw(st.sampled_from(["sub", "del", "ins"]))
        i = draw(st.integers(0, len(read) - (op != "ins")))
        ch = draw(st.sampled_from(ALPHABET))
        if op == "sub":
            read = read[:i] + ch + read[i + 1 :]
        elif op == "del":
            read = read[:i] + read[i + 1 :]
        else:
            read = read[:i] + ch + read[i:]
    # Two edits that confusions cannot undo: the canonical forms are two apart.
    assume(levenshtein(canonical(read), canonical(plate)) == 2)
    return plate, read


@given(two_real_edits())
def test_no_hit_two_real_edits_away(case: tuple[str, str]) -> None:
    plate, read = case
    index = index_with([plate], [plate])
    assert plate not in {m.plate for m in index.lookup(read)}


@given(italian_plates, st.integers(0, 6))
def test_a_missing_character_hits_urgent_lists_only(plate: str, i: int) -> None:
    read = plate[:i] + plate[i + 1 :]
    assert plate in {m.plate for m in index_with([plate]).lookup(read)}
    assert plate not in {m.plate for m in index_with([], [plate]).lookup(read)}

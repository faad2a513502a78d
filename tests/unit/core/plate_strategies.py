"""Hypothesis strategies for plates, shared by the core and anpr tests."""

from __future__ import annotations

from hypothesis import strategies as st

from app.core.plates_format import ALPHABET, DIGITS, ITALIAN_LETTERS

letters = st.sampled_from(sorted(ITALIAN_LETTERS))
digits = st.sampled_from(sorted(DIGITS))


@st.composite
def italian_car_plates(draw: st.DrawFn) -> str:
    """``LL DDD LL`` plates with only the letters Italy uses."""
    parts = [draw(letters), draw(letters), *(draw(digits) for _ in range(3))]
    return "".join([*parts, draw(letters), draw(letters)])


@st.composite
def italian_motorcycle_plates(draw: st.DrawFn) -> str:
    """``LL DDDDD`` plates."""
    return draw(letters) + draw(letters) + "".join(draw(digits) for _ in range(5))


italian_plates = st.one_of(italian_car_plates(), italian_motorcycle_plates())
any_plates = st.text(alphabet=ALPHABET, min_size=4, max_size=9)


def levenshtein(a: str, b: str) -> int:
    """Plain edit distance (the reference the matcher is checked against)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]

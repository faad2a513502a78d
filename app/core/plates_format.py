"""Italian plate formats and the OCR confusions a matcher must forgive.

Cars since 1994 carry ``LL DDD LL`` and motorcycles ``LL DDDDD``; neither
uses the letters I, O, Q and U. Plate readers confuse a few shapes
(``0 O D Q``, ``1 I L``, ``2 Z``, ``5 S``, ``8 B``, ``6 G``, ``4 A``, ``7 T``).
Each confusion class holds at most one digit and at most one letter valid on
an Italian plate, so a read that fits a format once every character is taken
for the member of its class that the position needs can be corrected with no
ambiguity: a ``0`` where a letter belongs can only be ``D``, an ``O`` where a
digit belongs only ``0``.

``canonical`` maps every character to one symbol per class; two plates that
differ only by confusions have the same canonical form, which is what the
matcher's index is keyed on.
"""

from __future__ import annotations

import enum
import re

#: Confusion classes; the first member is the class's canonical symbol.
CONFUSION_CLASSES: tuple[str, ...] = ("0ODQ", "1IL", "2Z", "5S", "8B", "6G", "4A", "7T")
#: Letters never used on Italian plates.
NOT_ITALIAN_LETTERS = frozenset("IOQU")
ITALIAN_LETTERS = frozenset(chr(c) for c in range(ord("A"), ord("Z") + 1)) - NOT_ITALIAN_LETTERS
DIGITS = frozenset("0123456789")
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

_CANONICAL = {ch: cls[0] for cls in CONFUSION_CLASSES for ch in cls}
_CANONICAL_TABLE = str.maketrans(_CANONICAL)
# The member of each class that a digit or a letter position needs.
_AS_DIGIT = {ch: d for cls in CONFUSION_CLASSES for d in cls if d in DIGITS for ch in cls}
_AS_LETTER = {
    ch: letter
    for cls in CONFUSION_CLASSES
    for letter in cls
    if letter in ITALIAN_LETTERS
    for ch in cls
}


class PlateFormat(enum.StrEnum):
    """An Italian plate layout: ``L`` a letter position, ``D`` a digit position."""

    CAR = "LLDDDLL"
    MOTORCYCLE = "LLDDDDD"


def canonical(plate: str) -> str:
    """``plate`` with each confusable character replaced by its class symbol."""
    return plate.translate(_CANONICAL_TABLE)


def confusable(a: str, b: str) -> bool:
    """True when characters ``a`` and ``b`` differ but a reader may take one for the other."""
    return a != b and _CANONICAL.get(a, a) == _CANONICAL.get(b, b)


def confusion_partners(ch: str) -> str:
    """The other members of ``ch``'s confusion class ("" when it has none)."""
    symbol = _CANONICAL.get(ch)
    if symbol is None:
        return ""
    cls = next(c for c in CONFUSION_CLASSES if c[0] == symbol)
    return cls.replace(ch, "")


_LETTER = "[A-HJ-NPR-TV-Z]"  # ITALIAN_LETTERS as a regular-expression class
_FORMAT_PATTERNS = (
    (PlateFormat.CAR, re.compile(f"{_LETTER}{{2}}[0-9]{{3}}{_LETTER}{{2}}")),
    (PlateFormat.MOTORCYCLE, re.compile(f"{_LETTER}{{2}}[0-9]{{5}}")),
)


def italian_format(plate: str) -> PlateFormat | None:
    """The Italian format ``plate`` is written in, or None."""
    for fmt, pattern in _FORMAT_PATTERNS:
        if pattern.fullmatch(plate):
            return fmt
    return None


def correct(read: str, fmt: PlateFormat) -> str | None:
    """``read`` with each character replaced by what its position in ``fmt`` needs.

    Returns None when some character has no member of the needed kind in
    its class (an ``X`` where a digit belongs). A read already in the format
    comes back unchanged.
    """
    if len(read) != len(fmt.value):
        return None
    out = []
    for ch, kind in zip(read, fmt.value, strict=True):
        if kind == "D":
            fixed = ch if ch in DIGITS else _AS_DIGIT.get(ch)
        else:
            fixed = ch if ch in ITALIAN_LETTERS else _AS_LETTER.get(ch)
        if fixed is None:
            return None
        out.append(fixed)
    return "".join(out)


def corrections(read: str, plate: str) -> tuple[tuple[int, str, str], ...]:
    """Where ``read`` differs from ``plate`` of the same length: (position from 1, read, plate)."""
    return tuple((i + 1, r, p) for i, (r, p) in enumerate(zip(read, plate, strict=True)) if r != p)

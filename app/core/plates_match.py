"""The hotlist matcher: which listed plates a read stands for, and how it matched.

Three steps, each only when the one before found nothing for that plate:

1. exact: the read is the listed plate;
2. corrected: the read is not itself a valid Italian plate, and putting
   each character in the form its position needs (``correct``) gives a
   listed Italian plate. Found with one dictionary lookup on the canonical
   form (each confusion class is one symbol): two plates with the same
   canonical form differ only by confusions, and for a valid Italian plate
   those are exactly the position corrections;
3. similar (lists with ``Category.fuzzy`` only): one edit away, where an
   edit is a confusion-pair substitution, a missing or an extra character.

Why no deletion-neighbourhood table: a read with an extra character is
found by looking up its n deletions, one with a missing character by
looking up its (n + 1) x 36 insertions in the same exact table (about 300
dictionary probes, tens of microseconds), so one million entries cost two
dictionaries and not eight million more keys.

Entries map to a bit mask of list slots, so a plate on several lists is one
key. The index is built once and then read only; a new list version builds a
new index that replaces the old one in one assignment.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.plates_format import (
    ALPHABET,
    canonical,
    corrections,
    italian_format,
)
from app.core.plates_lists import HotList


def _first_difference(a: str, b: str) -> int:
    """Index of the first position where ``a`` and ``b`` differ (or the shorter length)."""
    pairs = zip(a, b, strict=False)  # lengths differ by one by design
    return next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))


class MatchKind(enum.IntEnum):
    """How a read matched; lower is surer."""

    EXACT = 0
    CORRECTED = 1
    SIMILAR = 2


@dataclass(frozen=True, slots=True)
class MatchHow:
    """How a read matched a listed plate.

    ``changes`` are (position from 1, character read, character listed);
    a missing character has "" as read, an extra one "" as listed.
    """

    kind: MatchKind
    changes: tuple[tuple[int, str, str], ...] = ()

    def describe(self) -> str:
        """Italian words for the operator: "esatta", "corretta O->0 in posizione 3"..."""
        if self.kind is MatchKind.EXACT:
            return "esatta"
        parts = [_describe_change(c) for c in self.changes]
        if self.kind is MatchKind.CORRECTED:
            return "corretta " + ", ".join(parts)
        return "simile: " + ", ".join(parts)


def _describe_change(change: tuple[int, str, str]) -> str:
    position, read, listed = change
    if not read:
        return f"manca {listed} in posizione {position}"
    if not listed:
        return f"{read} in più in posizione {position}"
    return f"{read}->{listed} in posizione {position}"


@dataclass(frozen=True, slots=True)
class PlateMatch:
    """One hit: the listed plate, its list and how the read matched it."""

    plate: str
    hotlist: HotList
    how: MatchHow


class PlateIndex:
    """Listed plates of every loaded hotlist, for lookups in well under a millisecond."""

    def __init__(self, lists: Sequence[HotList]) -> None:
        self.lists: tuple[HotList, ...] = tuple(lists)
        self._exact: dict[str, int] = {}
        self._canonical: dict[str, str | tuple[str, ...]] = {}
        self._fuzzy_mask = sum(1 << i for i, hl in enumerate(self.lists) if hl.category.fuzzy)

    def __len__(self) -> int:
        return len(self._exact)

    def add_many(self, slot: int, plates: Iterable[str]) -> None:
        """Put normalised ``plates`` on the list at ``slot`` (an index into ``lists``)."""
        bit = 1 << slot
        exact, canon = self._exact, self._canonical
        fresh: dict[str, int] = {}  # new plates, once each, in order
        for plate in plates:
            old = exact.get(plate)
            if old is None:
                fresh[plate] = bit
            else:
                exact[plate] = old | bit
        exact.update(fresh)
        for key, plate in zip(map(canonical, fresh), fresh, strict=True):
            present = canon.setdefault(key, plate)
            if present != plate:
                canon[key] = (*((present,) if isinstance(present, str) else present), plate)

    def lists_of(self, plate: str) -> tuple[HotList, ...]:
        """The lists ``plate`` (normalised) is on, exactly."""
        return self._hotlists(self._exact.get(plate, 0))

    def lookup(self, read: str) -> list[PlateMatch]:
        """Every listed plate ``read`` (normalised) stands for, most urgent first."""
        if not read:
            return []
        found: dict[str, tuple[int, MatchHow]] = {}
        mask = self._exact.get(read)
        if mask is not None:
            found[read] = (mask, MatchHow(MatchKind.EXACT))
        self._corrected(read, found)
        if self._fuzzy_mask:
            self._similar(read, found)
        return self._matches(found)

    def _same_canonical(self, read: str) -> tuple[str, ...]:
        present = self._canonical.get(canonical(read))
        if present is None:
            return ()
        return (present,) if isinstance(present, str) else present

    def _corrected(self, read: str, found: dict[str, tuple[int, MatchHow]]) -> None:
        if italian_format(read) is not None:
            return  # a valid plate is taken as read: never "corrected" into another one
        for plate in self._same_canonical(read):
            if plate != read and italian_format(plate) is not None:
                how = MatchHow(MatchKind.CORRECTED, corrections(read, plate))
                found[plate] = (self._exact[plate], how)

    def _similar(self, read: str, found: dict[str, tuple[int, MatchHow]]) -> None:
        fuzzy, exact = self._fuzzy_mask, self._exact
        for plate in self._same_canonical(read):
            changes = corrections(read, plate)
            if plate not in found and len(changes) == 1:
                self._note(found, plate, exact[plate] & fuzzy, changes)
        for i in range(len(read)):  # the read has one character too many
            plate = read[:i] + read[i + 1 :]
            mask = exact.get(plate, 0) & fuzzy
            if mask and plate not in found:
                self._note(found, plate, mask, ((i + 1, read[i], ""),))
        # The read lost one character: every insertion, probed as one set intersection.
        inserted = {read[:i] + ch + read[i:] for i in range(len(read) + 1) for ch in ALPHABET}
        for plate in exact.keys() & inserted:
            mask = exact[plate] & fuzzy
            if mask and plate not in found:
                i = _first_difference(read, plate)
                self._note(found, plate, mask, ((i + 1, "", plate[i]),))

    @staticmethod
    def _note(
        found: dict[str, tuple[int, MatchHow]],
        plate: str,
        mask: int,
        changes: tuple[tuple[int, str, str], ...],
    ) -> None:
        if mask:
            found[plate] = (mask, MatchHow(MatchKind.SIMILAR, changes))

    def _hotlists(self, mask: int) -> tuple[HotList, ...]:
        return tuple(hl for i, hl in enumerate(self.lists) if mask >> i & 1)

    def _matches(self, found: dict[str, tuple[int, MatchHow]]) -> list[PlateMatch]:
        out = [
            PlateMatch(plate, hotlist, how)
            for plate, (mask, how) in found.items()
            for hotlist in self._hotlists(mask)
        ]
        out.sort(key=lambda m: (m.hotlist.category.priority, m.how.kind, m.plate, m.hotlist.name))
        return out

"""The hotlists in force: the stored lists, the matcher index over them, and checks.

``Hotlists`` is what the rest of the program talks to: it imports files,
adds manual entries and answers ``check(plate)`` with every hit, the list's
text and how it matched. After a change the index is rebuilt from the store
and swapped in with one assignment, so a check running meanwhile uses the
previous, complete version.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path

from app.anpr.bulk import paused_gc
from app.anpr.hotlist_import import ImportReport, import_file
from app.anpr.hotlist_store import Entry, HotlistStore
from app.core.plates import normalise_plate
from app.core.plates_lists import HotList, category
from app.core.plates_match import MatchHow, PlateIndex
from app.core.signal import Signal

logger = logging.getLogger("app.anpr")

HOTLIST_DB = "targhe-liste.sqlite"


@dataclass(frozen=True)
class HotlistHit:
    """A read that matched a listed plate: the list, the entry and how."""

    read: str
    plate: str
    hotlist: HotList
    how: MatchHow
    note: str = ""
    manual: bool = False


class Hotlists:
    """Lists in force and their matcher.

    Signals:
        changed(): the lists or their entries changed (the index was rebuilt).
    """

    def __init__(self, store: HotlistStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock
        self._index = PlateIndex([])
        self._next_expiry: float | None = None
        self.changed = Signal()

    @classmethod
    def open(cls, data_dir: Path) -> Hotlists:
        """The hotlists kept in ``data_dir``, loaded."""
        hotlists = cls(HotlistStore(data_dir / HOTLIST_DB))
        hotlists.reload()
        return hotlists

    @property
    def index(self) -> PlateIndex:
        """The index in force (replaced, never modified, by a reload)."""
        return self._index

    def reload(self) -> None:
        """Rebuild the index from the store and swap it in."""
        started = time.perf_counter()
        now = self._clock()
        lists = self.store.lists()
        slots = {hl.name: i for i, hl in enumerate(lists)}
        index = PlateIndex(lists)
        with paused_gc():
            for name, rows in groupby(self.store.all_plates(now), key=lambda r: r[0]):
                if name in slots:
                    index.add_many(slots[name], (plate for _, plate in rows))
        self._index = index
        self._next_expiry = self.store.next_expiry(now)
        logger.info(
            "hotlists loaded: %d lists, %d plates in %.2f s",
            len(lists),
            len(index),
            time.perf_counter() - started,
        )
        self.changed.emit()

    def define(self, name: str, category_id: str, text: str = "") -> HotList:
        """Create or change a list (KeyError for an unknown category)."""
        hotlist = HotList(name, category(category_id), text)
        self.store.define(hotlist)
        return hotlist

    def find_list(self, name: str) -> HotList | None:
        """The defined list called ``name``, or None."""
        return next((hl for hl in self.store.lists() if hl.name == name), None)

    def import_file(self, path: Path, list_name: str, column: int | None = None) -> ImportReport:
        """Import ``path`` as the new version of ``list_name`` (defined), then reload."""
        report = import_file(self.store, path, list_name, column)
        if report.ok:
            self.reload()
        return report

    def add_manual(
        self, list_name: str, plate: str, note: str, expires_at: float | None, operator: str
    ) -> str:
        """Put ``plate`` on ``list_name`` by hand; returns the normalised plate."""
        normal = normalise_plate(plate)
        if not normal:
            raise ValueError(f"not a plate: {plate!r}")
        self.store.add_manual(Entry(list_name, normal, note, expires_at, True), operator)
        logger.info("manual hotlist entry %s on %s by %s", normal, list_name, operator)
        self.reload()
        return normal

    def remove_manual(self, list_name: str, plate: str) -> bool:
        """Take a manual entry off; False when there was none."""
        removed = self.store.remove_manual(list_name, normalise_plate(plate))
        if removed:
            self.reload()
        return removed

    def check(self, plate: str) -> list[HotlistHit]:
        """Every hit for a read of ``plate``, most urgent first.

        Entries that expired since the last reload are left out (and trigger
        a reload), so an expired manual entry never raises an alarm.
        """
        read = normalise_plate(plate)
        matches = self._index.lookup(read)
        if not matches:
            return []
        now = self._clock()
        if self._next_expiry is not None and now >= self._next_expiry:
            self.reload()
            matches = self._index.lookup(read)
        hits = []
        for match in matches:
            entry = self.store.entry(match.hotlist.name, match.plate, now)
            if entry is not None:
                hit = HotlistHit(read, match.plate, match.hotlist, match.how, entry.note)
                hits.append(replace(hit, manual=entry.manual))
        return hits

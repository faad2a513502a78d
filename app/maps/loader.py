"""Loading tiles off the GUI thread, newest request first, with an LRU cache.

The view asks for the tiles it shows (``request``), nearest the centre
first; a new request replaces the tiles still waiting from the previous
one, so a fast pan never leaves a queue of tiles nobody sees any more.
Worker threads fetch and decode (the caller's ``decode``, e.g. into a
QImage, which Qt allows off the GUI thread) and hand each result to
``deliver`` from the worker thread: the Qt side re-emits it as a queued
signal. Results are kept in an ``LruCache`` by the caller.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.maps.mercator import TileId
from app.maps.tiles import TileProblem, TileResult, TileSource

logger = logging.getLogger("app.maps")

K = TypeVar("K")
V = TypeVar("V")
P = TypeVar("P")

DEFAULT_WORKERS = 2


class LruCache(Generic[K, V]):
    """At most ``capacity`` entries; the least recently used one goes first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value (now the most recent), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def peek(self, key: K) -> V | None:
        """The value without touching its age."""
        return self._items.get(key)

    def put(self, key: K, value: V) -> None:
        """Store ``value``, dropping the oldest entries past capacity."""
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        """Forget everything."""
        self._items.clear()


@dataclass(frozen=True)
class Loaded(Generic[P]):
    """A fetched tile: the decoded picture (None on failure) and the fetch's outcome."""

    result: TileResult
    picture: P | None


class TileLoader(Generic[P]):
    """Worker threads fetching tiles of one source."""

    def __init__(
        self,
        source: TileSource,
        decode: Callable[[bytes], P | None],
        deliver: Callable[[Loaded[P]], None],
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        self.source, self._decode, self._deliver = source, decode, deliver
        self._wanted: list[TileId] = []
        self._busy: set[TileId] = set()
        self._cond = threading.Condition()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._run, name=f"map-tiles-{i}", daemon=True)
            for i in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def request(self, tiles: Iterable[TileId]) -> None:
        """Load these tiles, in this order, instead of whatever still waits."""
        with self._cond:
            self._wanted = [t for t in tiles if t not in self._busy]
            self._wanted.reverse()  # popped from the end: first asked, first loaded
            self._cond.notify_all()

    @property
    def pending(self) -> int:
        """Tiles waiting or being loaded."""
        with self._cond:
            return len(self._wanted) + len(self._busy)

    def _next(self) -> TileId | None:
        with self._cond:
            while not self._wanted and not self._closed:
                self._cond.wait()
            if self._closed:
                return None
            tile = self._wanted.pop()
            self._busy.add(tile)
            return tile

    def _run(self) -> None:
        while (tile := self._next()) is not None:
            try:
                loaded = self._load(tile)
            finally:
                with self._cond:
                    self._busy.discard(tile)
            if not self._closed:
                self._deliver(loaded)

    def _load(self, tile: TileId) -> Loaded[P]:
        result = self.source.fetch_or_parent(tile)
        if result.data is None:
            return Loaded(result, None)
        try:
            picture = self._decode(result.data)
        except Exception:  # a decoder must not end the worker
            logger.exception("decoding tile %s failed", tile)
            picture = None
        if picture is None:
            failed = TileResult(tile, None, TileProblem.NOT_IMAGE, f"{tile}: picture undecodable")
            return Loaded(failed, None)
        return Loaded(result, picture)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the workers (a fetch in progress finishes first; bounded by its timeout)."""
        with self._cond:
            self._closed = True
            self._wanted.clear()
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout)

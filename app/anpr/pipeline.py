"""From a plate read to a hit on screen and a row on disk.

``submit`` (from any thread: the ingestion loop, the CLI) gives the read an
id, checks it against the hotlists at once and announces the read and any
hit through signals, so a pop-up does not wait for the disk. A writer
thread stores reads, hits and pictures in batches (one transaction every
``flush_s``); nothing is dropped: the queue is not bounded, its length is
reported by ``stats``.
"""

from __future__ import annotations

import itertools
import logging
import queue
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.anpr.hotlists import HotlistHit, Hotlists
from app.anpr.images import ImageFolder
from app.anpr.transits import HitRecord, StoredRead, TransitStore
from app.core.plates import PlateImage, PlateRead
from app.core.signal import Signal

logger = logging.getLogger("app.anpr")

BATCH_MAX = 2000
#: Reads per second from one camera above which the operator is warned.
RATE_WARNING = 20.0
RATE_WARNING_EVERY_S = 30.0


@dataclass(frozen=True)
class HitEvent:
    """A hit as the pop-up needs it: the read with its pictures, and the list."""

    hit_id: int
    stored: StoredRead
    hit: HotlistHit
    submitted: float  # time.monotonic() when the read came in (latency measures)


@dataclass
class PipelineStats:
    """Counters since start."""

    submitted: int = 0
    stored: int = 0
    lost: int = 0  # failed to write (each failure is logged)
    hits: int = 0
    queued: int = 0


class _Rates:
    """Reads per second and per minute, per camera, in one-second buckets (O(1) a read)."""

    def __init__(self) -> None:
        self._buckets: dict[str, deque[list[int]]] = {}  # [second, reads] for the last minute
        self._warned: dict[str, float] = {}

    def note(self, camera: str, now: float) -> float:
        """Count one read; returns the camera's rate (the fuller of this and the last second)."""
        second = int(now)
        buckets = self._buckets.setdefault(camera, deque(maxlen=61))
        if buckets and buckets[-1][0] == second:
            buckets[-1][1] += 1
        else:
            buckets.append([second, 1])
        previous = buckets[-2][1] if len(buckets) > 1 and buckets[-2][0] == second - 1 else 0
        return float(max(previous, buckets[-1][1]))

    def per_minute(self, now: float) -> dict[str, int]:
        first = int(now) - 60
        return {c: sum(n for s, n in b if s > first) for c, b in self._buckets.items()}

    def should_warn(self, camera: str, now: float) -> bool:
        if now - self._warned.get(camera, -1e9) < RATE_WARNING_EVERY_S:
            return False
        self._warned[camera] = now
        return True


class PlatePipeline:
    """Checks, announces and stores every read.

    Signals:
        read(StoredRead): a read came in (emitted in the submitting thread).
        hit(HitEvent): a read matched a hotlist (emitted in the submitting thread).
        rate_warning(str, float): a camera sends more than ``RATE_WARNING`` reads a second.
    """

    def __init__(
        self,
        hotlists: Hotlists,
        store: TransitStore,
        images: ImageFolder,
        site_of: Callable[[str], str] = lambda _camera: "",
        flush_s: float = 0.1,
    ) -> None:
        self.hotlists = hotlists
        self.store = store
        self.images = images
        self._site_of = site_of
        self._flush_s = flush_s
        first_read, first_hit = store.next_ids()
        self._read_ids = itertools.count(first_read)
        self._hit_ids = itertools.count(first_hit)
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[StoredRead, list[HitRecord]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._rates = _Rates()
        self.stats = PipelineStats()
        self.read = Signal()
        self.hit = Signal()
        self.rate_warning = Signal()

    def start(self) -> None:
        """Start the writer thread."""
        self._thread = threading.Thread(target=self._write_loop, name="plates-writer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Store what is queued and stop the writer."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted read is stored; False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.stats.stored + self.stats.lost >= self.stats.submitted:
                    return True
            time.sleep(0.01)
        return False

    def rates(self) -> dict[str, int]:
        """Reads in the last minute per camera (the live counters)."""
        with self._lock:
            return self._rates.per_minute(time.monotonic())

    def submit(self, read: PlateRead) -> StoredRead:
        """Check, announce and queue one read for storage; returns it with its id."""
        submitted = time.monotonic()
        hits = self.hotlists.check(read.plate) if read.plate else []
        with self._lock:
            stored = StoredRead(
                next(self._read_ids), read, self._site_of(read.camera_id), bool(hits)
            )
            ids = [next(self._hit_ids) for _ in hits]
            self.stats.submitted += 1
            self.stats.hits += len(hits)
            rate = self._rates.note(read.camera_id, submitted)
            warn = rate > RATE_WARNING and self._rates.should_warn(read.camera_id, submitted)
        records = [_record(i, stored, h) for i, h in zip(ids, hits, strict=True)]
        self._queue.put((stored, records))
        self.read.emit(stored)
        for hit_id, h in zip(ids, hits, strict=True):
            self.hit.emit(HitEvent(hit_id, stored, h, submitted))
        if warn:
            logger.warning("camera %s sends %.0f reads a second", read.camera_id, rate)
            self.rate_warning.emit(read.camera_id, rate)
        return stored

    def _write_loop(self) -> None:
        stopping = False
        while not stopping:
            batch: list[tuple[StoredRead, list[HitRecord]]] = []
            item = self._queue.get()
            deadline = time.monotonic() + self._flush_s
            while item is not None:
                batch.append(item)
                if len(batch) >= BATCH_MAX:
                    break
                try:
                    item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
            stopping = item is None
            if batch:
                self._write(batch)

    def _write(self, batch: list[tuple[StoredRead, list[HitRecord]]]) -> None:
        lost = 0
        try:
            reads = [self._with_pictures(stored) for stored, _ in batch]
            self.store.add(reads, [h for _, hits in batch for h in hits])
        except (OSError, sqlite3.Error):
            logger.exception("plate reads not stored (%d lost)", len(batch))
            lost = len(batch)
        with self._lock:
            self.stats.stored += len(batch) - lost
            self.stats.lost += lost
            self.stats.queued = self._queue.qsize()

    def _with_pictures(self, stored: StoredRead) -> StoredRead:
        """The read with its pictures written to disk and replaced by their paths."""
        read = stored.read
        plate = self._save(stored, "targa", read.plate_image)
        vehicle = self._save(stored, "veicolo", read.vehicle_image)
        if plate is read.plate_image and vehicle is read.vehicle_image:
            return stored
        return replace(stored, read=replace(read, plate_image=plate, vehicle_image=vehicle))

    def _save(self, stored: StoredRead, kind: str, image: PlateImage | None) -> PlateImage | None:
        if image is None or not image.data:
            return image
        rel = self.images.save(stored.id, kind, image.data, stored.read.captured_at, stored.hit)
        return PlateImage(uri=image.uri, path=rel)


def _record(hit_id: int, stored: StoredRead, hit: HotlistHit) -> HitRecord:
    return HitRecord(
        hit_id,
        stored.id,
        hit.hotlist.name,
        hit.hotlist.category.id,
        hit.hotlist.category.priority,
        hit.plate,
        hit.how.describe(),
        hit.note,
        time.time(),
    )

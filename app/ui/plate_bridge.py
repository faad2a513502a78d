"""Plate events into the GUI thread, without Qt calls from foreign threads.

The pipeline announces reads and hits in the thread that ingested them; the
ingest loop reports source states in its own thread; imports and purges
run on threads of their own. None of them touches Qt: they put what
happened in a plain thread-safe queue, and ``PlateBridge`` drains it on the
GUI thread every ``DRAIN_MS`` and emits Qt signals there. (Emitting a Qt
signal from a Python thread makes Qt adopt that thread; threads that come
and go that way crashed the process when a later one reused the native
thread.) The drain costs nothing when the queue is empty and adds at most
``DRAIN_MS`` to a hit's way to the screen.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.anpr.ingest import PlateIngest
from app.anpr.pipeline import HitEvent, PlatePipeline
from app.anpr.sources import SourceStatus
from app.anpr.transits import StoredRead

DRAIN_MS = 10
MAX_PER_DRAIN = 2000


class PlateBridge(QObject):
    """Qt signals for the plate pipeline and ingestion, emitted on the GUI thread.

    Signals:
        hit(object): a ``HitEvent``.
        read(object): a ``StoredRead``.
        status(object): a ``SourceStatus``.
        rate_warning(str, float): a camera sends more reads a second than expected.
    """

    hit = Signal(object)
    read = Signal(object)
    status = Signal(object)
    rate_warning = Signal(str, float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = (
            queue.SimpleQueue()
        )
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self._drain)
        self._timer.start()

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run ``fn(*args)`` on the GUI thread soon; safe from any thread."""
        self._queue.put((fn, args))

    def attach(self, pipeline: PlatePipeline, ingest: PlateIngest | None = None) -> None:
        """Relay ``pipeline``'s (and ``ingest``'s) core signals."""
        pipeline.hit.connect(self._on_hit)
        pipeline.read.connect(self._on_read)
        pipeline.rate_warning.connect(self._on_rate)
        if ingest is not None:
            ingest.status.connect(self._on_status)

    def stop(self) -> None:
        """Stop draining (at shutdown)."""
        self._timer.stop()

    def _drain(self) -> None:
        for _ in range(MAX_PER_DRAIN):
            try:
                fn, args = self._queue.get_nowait()
            except queue.Empty:
                return
            fn(*args)

    def _on_hit(self, event: HitEvent) -> None:
        self.call_soon(self.hit.emit, event)

    def _on_read(self, stored: StoredRead) -> None:
        self.call_soon(self.read.emit, stored)

    def _on_status(self, status: SourceStatus) -> None:
        self.call_soon(self.status.emit, status)

    def _on_rate(self, camera: str, rate: float) -> None:
        self.call_soon(self.rate_warning.emit, camera, rate)

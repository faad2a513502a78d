"""Plate events into the GUI thread.

The pipeline announces reads and hits in the thread that ingested them; the
ingest loop reports source states in its own thread. ``PlateBridge`` turns
each into a Qt signal: emitted from another thread, it is delivered to the
GUI thread's receivers as a queued call, so views never touch a widget from
a foreign thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.anpr.ingest import PlateIngest
from app.anpr.pipeline import HitEvent, PlatePipeline
from app.anpr.sources import SourceStatus
from app.anpr.transits import StoredRead


class PlateBridge(QObject):
    """Qt signals for the plate pipeline and ingestion.

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

    def attach(self, pipeline: PlatePipeline, ingest: PlateIngest | None = None) -> None:
        """Relay ``pipeline``'s (and ``ingest``'s) core signals."""
        pipeline.hit.connect(self._on_hit)
        pipeline.read.connect(self._on_read)
        pipeline.rate_warning.connect(self._on_rate)
        if ingest is not None:
            ingest.status.connect(self._on_status)

    def _on_hit(self, event: HitEvent) -> None:
        self.hit.emit(event)

    def _on_read(self, stored: StoredRead) -> None:
        self.read.emit(stored)

    def _on_status(self, status: SourceStatus) -> None:
        self.status.emit(status)

    def _on_rate(self, camera: str, rate: float) -> None:
        self.rate_warning.emit(camera, rate)

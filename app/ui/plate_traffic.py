"""Traffic from the plate cameras: counts over time, a plot, live counters, CSV.

Counts per camera and direction in buckets of 15 minutes, an hour or a day
(``app.anpr.traffic``), drawn with pyqtgraph: it is pure Python over numpy
and the Qt already in the program, where QtCharts would need the large
PySide6-Addons wheel pinned to the same Qt release. Under the plot, each
plate camera's reads in the last minute, refreshed every few seconds.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.anpr.traffic import BUCKETS, Count, counts, counts_csv
from app.anpr.transits import TransitStore
from app.config import atomic
from app.core.model import SiteConfig

LIVE_REFRESH_MS = 3000
_SPANS = (86400, 7 * 86400, 30 * 86400)
_PALETTE = ("#4fc3f7", "#ffb74d", "#81c784", "#e57373", "#ba68c8", "#fff176", "#90a4ae")


class TrafficWindow(QWidget):
    """Counts per camera over time, and live counters per plate camera."""

    def __init__(
        self,
        store: TransitStore,
        site: SiteConfig,
        rates: Callable[[], dict[str, int]],
        ask_file: Callable[[QWidget], Path | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Traffico ai varchi"))
        self.store, self.site = store, site
        self._rates, self._ask_file = rates, ask_file
        self.bucket = QComboBox()
        for name in BUCKETS:
            self.bucket.addItem(name, name)
        self.bucket.setCurrentIndex(1)
        self.span = QComboBox()
        spans = (self.tr("24 ore"), self.tr("7 giorni"), self.tr("30 giorni"))
        for name, seconds in zip(spans, _SPANS, strict=True):
            self.span.addItem(name, seconds)
        export = QPushButton(self.tr("Esporta CSV..."))
        export.clicked.connect(self.export)
        for combo in (self.bucket, self.span):
            combo.currentIndexChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Intervallo")))
        top.addWidget(self.bucket)
        top.addWidget(QLabel(self.tr("Periodo")))
        top.addWidget(self.span)
        top.addStretch(1)
        top.addWidget(export)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setLabel("left", self.tr("passaggi"))
        self.plot.addLegend(offset=(10, 10))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.live = QLabel()
        self.live.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.live)
        self._timer = QTimer(self)
        self._timer.setInterval(LIVE_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_live)
        self._timer.start()
        self.rows: list[Count] = []
        self.resize(900, 520)
        self.refresh()
        self.refresh_live()

    def _range(self) -> tuple[float, float]:
        end = time.time()
        return end - float(self.span.currentData()), end

    def refresh(self) -> None:
        """Count again and redraw: one line per camera and direction."""
        start, end = self._range()
        rows = counts(self.store, start, end, bucket=str(self.bucket.currentData()))
        self.rows = rows
        series: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
        for row in rows:
            series[(row.camera, row.direction)].append((row.start, row.count))
        self.plot.clear()
        for i, ((camera, direction), points) in enumerate(sorted(series.items())):
            cam = self.site.camera(camera)
            label = f"{cam.number if cam else camera} {direction_word(direction)}"
            pen = pg.mkPen(_PALETTE[i % len(_PALETTE)], width=2)
            xs, ys = zip(*points, strict=True)
            self.plot.plot(list(xs), list(ys), pen=pen, name=label, symbol="o", symbolSize=5)

    def refresh_live(self) -> None:
        """Reads in the last minute per plate camera."""
        rates = self._rates()
        parts = []
        for source in self.site.plates.sources:
            cam = self.site.camera(source.camera_id)
            name = f"{cam.number} {cam.name}" if cam else source.camera_id
            parts.append(f"{name}: <b>{rates.get(source.camera_id, 0)}</b>/min")
        self.live.setText(" &nbsp; ".join(parts) or self.tr("Nessun varco configurato"))

    def export(self) -> None:
        """Write the counts shown as CSV."""
        path = self._ask_file(self)
        if path is not None:
            atomic.write_text(path, counts_csv(self.rows), encoding="utf-8-sig")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)


def direction_word(direction: str) -> str:
    """Short words for a direction in a legend."""
    words = {
        "approaching": QCoreApplication.translate("TrafficWindow", "in arrivo"),
        "leaving": QCoreApplication.translate("TrafficWindow", "in uscita"),
    }
    return words.get(direction, "")

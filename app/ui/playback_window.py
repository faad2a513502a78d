"""A playback window: one camera's recording with its timeline, controls and export.

Unmistakably not live: an amber band says "REGISTRAZIONE" and the capture
time of the picture shown. The picture comes from a Qt-free
:class:`~app.video.playback.PlaybackFeed`; the window only polls it, paints
it and sends the operator's commands (play, pause, frame step, speeds
1-16x, backwards, go to a time, scrub on the timeline, export the selected
range).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QDateTime, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Camera
from app.core.recording import RecordingIndex, Span
from app.core.timeline import TimelineModel
from app.ui.timeline_widget import TimelineWidget
from app.video.playback import Picture, PlaybackFeed, PlayState

AMBER = QColor("#b36b00")
BAND = 30  # pixels of the REGISTRAZIONE band above the picture
SPEEDS = (1.0, 2.0, 4.0, 8.0, 16.0)
POLL_MS = 40


class PictureView(QWidget):
    """Paints the playback picture letterboxed, under an amber REGISTRAZIONE band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.text = ""
        self.setMinimumSize(320, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Picture, then the band with the time."""
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), AMBER)  # an amber frame: never mistaken for live
            area = QRectF(4, BAND, self.width() - 8, self.height() - BAND - 4)
            painter.fillRect(area, Qt.GlobalColor.black)
            if self.image is not None:
                scaled = self.image.size().scaled(
                    area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio
                )
                x = area.left() + (area.width() - scaled.width()) / 2
                y = area.top() + (area.height() - scaled.height()) / 2
                painter.drawImage(QRectF(x, y, scaled.width(), scaled.height()), self.image)
            band = QRectF(0, 0, self.width(), BAND)
            painter.setPen(Qt.GlobalColor.white)
            font = painter.font()
            font.setBold(True)
            font.setPointSize(12)
            painter.setFont(font)
            painter.drawText(band.adjusted(10, 0, -10, 0), Qt.AlignmentFlag.AlignVCenter, self.text)
        finally:
            painter.end()


class PlaybackWindow(QWidget):
    """Playback of one or more cameras (in sync: one timeline drives all)."""

    def __init__(
        self,
        cameras: list[Camera],
        feeds: list[PlaybackFeed],
        start: float,
        *,
        search: Callable[[Span], Future[RecordingIndex]] | None = None,
        on_export: Callable[[Camera, Span], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.cameras, self.feeds = cameras, feeds
        self._on_export = on_export
        names = ", ".join(f"{c.number} {c.name}" for c in cameras)
        self.setWindowTitle(self.tr("Registrazione - %s") % names)
        self.model = TimelineModel(Span(start - 1800, start + 1800), cursor=start)
        self.pictures = [PictureView(self) for _ in feeds]
        self.timeline = TimelineWidget(self.model, self)
        self._seqs = [0] * len(feeds)
        self._search: Future[RecordingIndex] | None = None
        self._build()
        self.timeline.scrubbing.connect(self._on_timeline_scrubbing)
        self.timeline.scrubbed.connect(self._on_timeline_scrubbed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start(POLL_MS)
        if search is not None:
            self._search = search(self.model.view)
        for feed in feeds:
            feed.seek(start)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        for picture in self.pictures:
            row.addWidget(picture)
        layout.addLayout(row, 1)
        layout.addWidget(self.timeline)
        controls = QHBoxLayout()
        for label, slot in (
            (self.tr("<< Indietro"), self._on_back_clicked),
            (self.tr("Riproduci"), self._on_play_clicked),
            (self.tr("Pausa"), self._on_pause_clicked),
            (self.tr("Fotogramma >"), self._on_step_clicked),
        ):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            controls.addWidget(button)
        self.speed = QComboBox(self)
        self.speed.addItems([f"{s:g}x" for s in SPEEDS])
        controls.addWidget(self.speed)
        self.go_to = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(self.model.cursor)), self)
        self.go_to.setDisplayFormat("dd/MM/yyyy HH:mm:ss")
        controls.addWidget(self.go_to)
        go = QPushButton(self.tr("Vai"), self)
        go.clicked.connect(self._on_go_clicked)
        controls.addWidget(go)
        export = QPushButton(self.tr("Esporta selezione..."), self)
        export.clicked.connect(self._on_export_clicked)
        controls.addWidget(export)
        layout.addLayout(controls)

    # -- commands --------------------------------------------------------------
    def seek(self, t: float) -> None:
        """Show every camera's picture at ``t``."""
        self.model.scrub_to(t)
        for feed in self.feeds:
            feed.seek(self.model.cursor)
        self.timeline.update()

    def _on_timeline_scrubbing(self, t: float) -> None:
        for feed in self.feeds:
            feed.seek(t)

    def _on_timeline_scrubbed(self, t: float) -> None:
        self.seek(t)

    def _on_play_clicked(self) -> None:
        speed = SPEEDS[self.speed.currentIndex()]
        for feed in self.feeds:
            feed.play(speed)

    def _on_back_clicked(self) -> None:
        speed = SPEEDS[self.speed.currentIndex()]
        for feed in self.feeds:
            feed.play(-speed)

    def _on_pause_clicked(self) -> None:
        for feed in self.feeds:
            feed.pause()

    def _on_step_clicked(self) -> None:
        for feed in self.feeds:
            feed.step()

    def _on_go_clicked(self) -> None:
        t = float(self.go_to.dateTime().toSecsSinceEpoch())
        self.model.view = Span(t - 1800, t + 1800)
        self.seek(t)

    def _on_export_clicked(self) -> None:
        span = self.model.selection or Span(self.model.cursor - 60, self.model.cursor + 60)
        if self._on_export is not None:
            self._on_export(self.cameras[0], span)

    # -- polling ----------------------------------------------------------------
    def _on_timer_timeout(self) -> None:
        self._take_search()
        for i, feed in enumerate(self.feeds):
            picture = feed.latest()
            view = self.pictures[i]
            if picture is not None and picture.seq != self._seqs[i]:
                self._seqs[i] = picture.seq
                view.image = to_qimage(picture.image)
                if i == 0 and feed.state is PlayState.PLAYING:
                    self.model.cursor = picture.capture_time
                    self.timeline.update()
            text = self._caption(picture, feed.state, feed.error)
            if text != view.text or picture is not None:
                view.text = text
                view.update()

    def _caption(self, picture: Picture | None, state: PlayState, error: str) -> str:
        """The band's words: REGISTRAZIONE and the picture's capture time (local time)."""
        if state is PlayState.FAILED:
            return self.tr("REGISTRAZIONE non disponibile: %s") % error
        if picture is None:
            return self.tr("REGISTRAZIONE - ricerca...")
        stamp = time.strftime("%d/%m/%Y %H:%M:%S", time.localtime(picture.capture_time))
        return self.tr("REGISTRAZIONE %s") % stamp

    def _take_search(self) -> None:
        if self._search is None or not self._search.done():
            return
        search, self._search = self._search, None
        try:
            index = search.result()
        except Exception as err:  # shown on the band, not fatal
            self.pictures[0].text = self.tr("Ricerca non riuscita: %s") % getattr(
                err, "detail", err
            )
            return
        self.model.recorded = list(index.recorded)
        self.timeline.update()

    def closeEvent(self, event: Any) -> None:
        """Stop the feeds with the window."""
        self._timer.stop()
        for feed in self.feeds:
            feed.close()
        super().closeEvent(event)


def to_qimage(image: Any) -> QImage:
    """A decoded PyAV frame as a QImage (RGB, copied: the frame's memory is reused)."""
    rgb = image.to_ndarray(format="rgb24")
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()

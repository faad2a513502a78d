"""The playback timeline: recorded ranges, gaps, events, the cursor and a selection.

A thin view over :class:`app.core.timeline.TimelineModel`. Dragging moves
the cursor and asks for the picture under it (throttled while the mouse
moves, exact on release); the wheel zooms around the mouse; Shift+drag
selects a range for export.

Signals:
    scrubbing(float): the cursor moved to this time while dragging.
    scrubbed(float): the mouse was released here (show this picture).
    selected(float, float): a range was selected (start, end).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.timeline import TimelineModel

RECORDED = QColor("#2f8f4e")
GAP = QColor("#5a2020")
CURSOR = QColor("#ffb000")
SELECTION = QColor(47, 111, 181, 110)
EVENT = QColor("#e0e0e0")
DRAG_EVERY_S = 0.15  # pictures asked while dragging: one per this many seconds at most


def _tick_step(seconds: float) -> float:
    """A round tick interval showing about 8 labels."""
    for step in (10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 86400):
        if seconds / step <= 8:
            return float(step)
    return 86400.0


class TimelineWidget(QWidget):
    """Paints a timeline model and turns gestures into times (see module doc)."""

    scrubbing = Signal(float)
    scrubbed = Signal(float)
    selected = Signal(float, float)

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._drag_from: float | None = None
        self._selecting = False
        self._last_drag = 0.0
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Ranges and gaps, ticks with local times, events, selection, cursor."""
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        w, h = self.width(), self.height()
        band = QRectF(0, 18, w, h - 30)
        painter.fillRect(self.rect(), QColor("#16191d"))
        painter.fillRect(band, GAP)
        m = self.model
        for span in m.recorded:
            x0, x1 = max(0.0, m.x_of(span.start, w)), min(float(w), m.x_of(span.end, w))
            if x1 > x0:
                painter.fillRect(QRectF(x0, band.top(), max(1.0, x1 - x0), band.height()), RECORDED)
        self._paint_ticks(painter, w)
        painter.setPen(QPen(EVENT, 2))
        for t, _label in m.events:
            x = m.x_of(t, w)
            painter.drawLine(QPointF(x, band.top()), QPointF(x, band.bottom()))
        if m.selection is not None:
            x0, x1 = m.x_of(m.selection.start, w), m.x_of(m.selection.end, w)
            painter.fillRect(QRectF(x0, 0, x1 - x0, h), SELECTION)
        x = m.x_of(m.cursor, w)
        painter.setPen(QPen(CURSOR, 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, h))

    def _paint_ticks(self, painter: QPainter, w: int) -> None:
        m = self.model
        step = _tick_step(m.view.seconds)
        offset = time.localtime(m.view.start).tm_gmtoff
        first = (m.view.start + offset) // step * step - offset + step
        painter.setPen(QColor("#c8ccd2"))
        fmt = "%H:%M:%S" if step < 60 else "%d/%m %H:%M" if step >= 3 * 3600 else "%H:%M"
        t = first
        while t < m.view.end:
            x = m.x_of(t, w)
            painter.drawLine(QPointF(x, 12), QPointF(x, 18))
            painter.drawText(QPointF(x + 3, 11), time.strftime(fmt, time.localtime(t)))
            t += step

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start scrubbing, or a selection with Shift."""
        t = self.model.time_at(event.position().x(), self.width())
        self._selecting = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._drag_from = t
        if not self._selecting:
            self._move_cursor(t, final=False)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Follow the mouse: the cursor (and, now and then, the picture) or the selection."""
        if self._drag_from is None:
            return
        t = self.model.time_at(event.position().x(), self.width())
        if self._selecting:
            self.model.select(self._drag_from, t)
            self.update()
        else:
            self._move_cursor(t, final=False)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End the gesture: the picture at the cursor, or the selected range."""
        if self._drag_from is None:
            return
        t = self.model.time_at(event.position().x(), self.width())
        if self._selecting:
            span = self.model.select(self._drag_from, t)
            self.selected.emit(span.start, span.end)
        else:
            self._move_cursor(t, final=True)
        self._drag_from = None
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom around the mouse (up: closer)."""
        around = self.model.time_at(event.position().x(), self.width())
        self.model.zoom(0.5 if event.angleDelta().y() > 0 else 2.0, around)
        self.update()
        event.accept()

    def _move_cursor(self, t: float, final: bool) -> None:
        t = self.model.scrub_to(t)
        self.update()
        now = time.monotonic()
        if final:
            self.scrubbed.emit(t)
        elif now - self._last_drag >= DRAG_EVERY_S:
            self._last_drag = now
            self.scrubbing.emit(t)

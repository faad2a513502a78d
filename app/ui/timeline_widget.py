"""The playback timeline: recorded ranges, gaps, alarms and plate hits, the cursor, a selection.

A thin view over :class:`app.core.timeline.TimelineModel`. Dragging moves
the cursor and asks for the picture under it (throttled while the mouse
moves, exact on release); the wheel zooms around the mouse; Shift+drag
selects a range for export. Alarms (red) and plate hits (yellow) are
marks above the band: pointing at one says what it is, clicking it shows
the picture of that moment.

Signals:
    scrubbing(float): the cursor moved to this time while dragging.
    scrubbed(float): the mouse was released here (show this picture).
    selected(float, float): a range was selected (start, end).
    mark_clicked(float): a mark was clicked (show the picture of its time).
    view_changed(): the visible time changed (zoomed).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.core.timeline import MarkKind, TimelineModel
from app.ui.playback_text import mark_text

RECORDED = QColor("#2f8f4e")
GAP = QColor("#5a2020")
CURSOR = QColor("#ffb000")
SELECTION = QColor(47, 111, 181, 110)
MARK_COLOURS = {MarkKind.ALARM: QColor("#ff4d4f"), MarkKind.PLATE_HIT: QColor("#ffe14d")}
DRAG_EVERY_S = 0.15  # pictures asked while dragging: one per this many seconds at most
TICKS_H = 14  # the tick labels' band at the top
MARK_H = 8  # the marks' triangles, between the labels and the band


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
    mark_clicked = Signal(float)
    view_changed = Signal()

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._drag_from: float | None = None
        self._selecting = False
        self._last_drag = 0.0
        self.setMinimumHeight(40)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(False)

    def sizeHint(self) -> QSize:
        """Wide, and tall enough for labels, marks and the band."""
        return QSize(400, 44)

    def set_model(self, model: TimelineModel) -> None:
        """Show another timeline (the tile's feed changed)."""
        self.model = model
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Ranges and gaps, ticks with local times, marks, selection, cursor."""
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _band(self) -> QRectF:
        return QRectF(0, TICKS_H + MARK_H, self.width(), max(6, self.height() - TICKS_H - MARK_H))

    def _paint(self, painter: QPainter) -> None:
        w, h = self.width(), self.height()
        band = self._band()
        painter.fillRect(self.rect(), QColor("#16191d"))
        painter.fillRect(band, GAP)
        m = self.model
        for span in m.recorded:
            x0, x1 = max(0.0, m.x_of(span.start, w)), min(float(w), m.x_of(span.end, w))
            if x1 > x0:
                painter.fillRect(QRectF(x0, band.top(), max(1.0, x1 - x0), band.height()), RECORDED)
        self._paint_ticks(painter, w)
        self._paint_marks(painter, w, band)
        if m.selection is not None:
            x0, x1 = m.x_of(m.selection.start, w), m.x_of(m.selection.end, w)
            painter.fillRect(QRectF(x0, 0, x1 - x0, h), SELECTION)
        x = m.x_of(m.cursor, w)
        painter.setPen(QPen(CURSOR, 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, h))

    def _paint_marks(self, painter: QPainter, w: int, band: QRectF) -> None:
        """A triangle above the band and a thin line through it, per mark."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for mark in self.model.marks:
            x = self.model.x_of(mark.t, w)
            if not -MARK_H <= x <= w + MARK_H:
                continue
            colour = MARK_COLOURS.get(mark.kind, QColor("#e0e0e0"))
            painter.setPen(QPen(colour, 1))
            painter.drawLine(QPointF(x, band.top()), QPointF(x, band.bottom()))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            top = TICKS_H
            painter.drawPolygon(
                QPolygonF([QPointF(x - 4, top), QPointF(x + 4, top), QPointF(x, top + MARK_H - 1)])
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_ticks(self, painter: QPainter, w: int) -> None:
        m = self.model
        step = _tick_step(m.view.seconds)
        offset = time.localtime(m.view.start).tm_gmtoff
        first = (m.view.start + offset) // step * step - offset + step
        painter.setPen(QColor("#c8ccd2"))
        font = painter.font()
        font.setPixelSize(10)
        painter.setFont(font)
        fmt = "%H:%M:%S" if step < 60 else "%d/%m %H:%M" if step >= 3 * 3600 else "%H:%M"
        t = first
        while t < m.view.end:
            x = m.x_of(t, w)
            painter.drawLine(QPointF(x, TICKS_H - 3), QPointF(x, TICKS_H + MARK_H))
            painter.drawText(QPointF(x + 3, TICKS_H - 3), time.strftime(fmt, time.localtime(t)))
            t += step

    # -- gestures --------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Pick a mark, start scrubbing, or start a selection with Shift."""
        x = event.position().x()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        above = event.position().y() < self._band().top()  # marks are picked above the band
        mark = self.model.mark_at(x, self.width()) if above else None
        if mark is not None:
            self.model.cursor = mark.t
            self.update()
            self.mark_clicked.emit(mark.t)
            return
        t = self.model.time_at(x, self.width())
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
        self.view_changed.emit()
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Tooltips: what a mark is."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.model.mark_at(event.pos().x(), self.width())
            if mark is not None:
                QToolTip.showText(event.globalPos(), mark_text(mark), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _move_cursor(self, t: float, final: bool) -> None:
        t = self.model.scrub_to(t)
        self.update()
        now = time.monotonic()
        if final:
            self.scrubbed.emit(t)
        elif now - self._last_drag >= DRAG_EVERY_S:
            self._last_drag = now
            self.scrubbing.emit(t)

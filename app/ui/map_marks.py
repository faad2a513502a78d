"""What the plates put on the map: hit labels at the pins, a vehicle's track, a search area.

A hit is a ``HitItem`` standing on its camera's pin: the plate on the
list's colour, "+2" when the camera has more hits, flashing (colours
swapped, a ring round the pin) while the board says so; clicking it opens
the hit. The track and the search area are painted in screen pixels from
the map's ``MapView``: the area under the pins (a tinted polygon), the
track over them (legs with arrows, each stop's order and time). The
maths of both lives in ``app.maps``; this module only paints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.maps.area import SearchArea
from app.maps.hits import CameraHits
from app.maps.mercator import LatLon
from app.maps.placement import Placement
from app.maps.track import Track, TrackStop, drawn_legs, leg_geometry, stops_by_camera
from app.ui.map_items import PIN_RADIUS, Z_HANDLE, scene_point

TRACK = QColor("#8e24aa")
CASING = QColor(255, 255, 255, 230)
AREA_EDGE = QColor("#ff8f00")
AREA_FILL = QColor(255, 143, 0, 40)
LABEL_PANEL = QColor(255, 255, 255, 225)
INK = QColor(20, 20, 20)
DARK = QColor(25, 25, 25, 235)
Z_HIT = Z_HANDLE + 1.0  # above pins and handles
BUBBLE_LIFT = PIN_RADIUS + 8  # the label's bottom edge above the pin's centre
MAX_ORDERS = 4  # stop numbers listed on one camera's label

ToScreen = Callable[[LatLon], QPointF]


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


class HitItem(QGraphicsItem):
    """A camera's hits: its newest plate on the list's colour, above the pin."""

    Z = Z_HIT

    def __init__(self, placement: Placement, entry: CameraHits) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(Z_HIT)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setPos(scene_point(placement.position))
        self.entry = entry
        self.blink_on = False
        self._box = QRectF()
        self.show_entry(entry)

    @property
    def hit_id(self) -> int:
        """The newest hit at this camera (what a click opens)."""
        return self.entry.newest.hit_id

    def show_entry(self, entry: CameraHits) -> None:
        """Show another state of the camera's hits."""
        self.prepareGeometryChange()
        self.entry = entry
        metrics = QFontMetrics(_font(13, bold=True))
        width = metrics.horizontalAdvance(self.text()) + 14
        height = metrics.height() + 6
        self._box = QRectF(-width / 2, -BUBBLE_LIFT - height, width, height)
        self.setToolTip(
            QCoreApplication.translate("MapMarks", "%s in %s: fare clic per aprire la segnalazione")
            % (entry.newest.plate, entry.newest.list_name)
        )
        self.update()

    def text(self) -> str:
        """ "AB123CD", or "AB123CD +2" when the camera has more hits."""
        more = f" +{self.entry.count - 1}" if self.entry.count > 1 else ""
        return self.entry.newest.plate + more

    def boundingRect(self) -> QRectF:
        """The label, its pointer and the ring round the pin."""
        ring = PIN_RADIUS + 7
        return self._box.united(QRectF(-ring, -ring, 2 * ring, 2 * ring)).adjusted(-3, -3, 3, 3)

    def shape(self) -> QPainterPath:
        """Only the label is clicked (the pin under it stays the pin's)."""
        path = QPainterPath()
        path.addRect(self._box)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """The label in the list's colour; swapped and ringed in the "on" half of a flash."""
        colour = QColor(self.entry.newest.colour)
        swapped = self.entry.flashing and self.blink_on
        fill, ink = (DARK, colour) if swapped else (colour, QColor("#ffffff"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.entry.flashing:
            painter.setPen(QPen(colour, 4 if swapped else 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), PIN_RADIUS + 5, PIN_RADIUS + 5)
        pointer = QPolygonF(
            [
                QPointF(-6, self._box.bottom() - 1),
                QPointF(6, self._box.bottom() - 1),
                QPointF(0, -PIN_RADIUS - 1),
            ]
        )
        painter.setPen(QPen(colour if swapped else DARK, 1.5))
        painter.setBrush(fill)
        painter.drawPolygon(pointer)
        painter.drawRoundedRect(self._box, 4, 4)
        painter.setFont(_font(13, bold=True))
        painter.setPen(ink)
        painter.drawText(self._box, Qt.AlignmentFlag.AlignCenter, self.text())


def draw_area(painter: QPainter, area: SearchArea, to_screen: ToScreen, label: str) -> None:
    """The search area: a tinted polygon with a dashed edge and how many cameras it holds."""
    polygon = QPolygonF([to_screen(p) for p in area.corners])
    pen = QPen(AREA_EDGE, 2.5, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(AREA_FILL)
    painter.drawPolygon(polygon)
    if label:
        _label(painter, label, polygon.boundingRect().topLeft() + QPointF(4, 4), AREA_EDGE)


def draw_area_draft(painter: QPainter, points: Sequence[QPointF], cursor: QPointF | None) -> None:
    """An area being drawn: its corners so far and the side to the cursor."""
    if not points:
        return
    line = [*points, cursor] if cursor is not None else list(points)
    painter.setPen(QPen(AREA_EDGE, 2, Qt.PenStyle.DashLine))
    painter.setBrush(AREA_FILL if len(line) > 2 else Qt.BrushStyle.NoBrush)
    painter.drawPolygon(QPolygonF(line))
    painter.setPen(QPen(DARK, 1))
    painter.setBrush(AREA_EDGE)
    for point in points:
        painter.drawEllipse(point, 4, 4)


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at))


def stop_text(stops: Sequence[TrackStop]) -> str:
    """One camera's label: "2 · 10:31:07", "2 · 10:31:07-10:35:40 (3)" for several reads
    in a row, "1, 4, 7 · 10:02:14-11:40:02" for a camera passed again later."""
    first, last = stops[0].times[0], stops[-1].times[-1]
    if len(stops) == 1:
        reads = len(stops[0].times)
        if reads == 1:
            return f"{stops[0].order} · {_clock(first)}"
        return f"{stops[0].order} · {_clock(first)}-{_clock(last)} ({reads})"
    orders = ", ".join(str(s.order) for s in stops[:MAX_ORDERS])
    more = ", ..." if len(stops) > MAX_ORDERS else ""
    return f"{orders}{more} · {_clock(first)}-{_clock(last)}"


def draw_track(painter: QPainter, track: Track, to_screen: ToScreen, width: int) -> None:
    """The legs with their arrows, then each camera's stops and times beside its pin.

    A leg travelled again is drawn once, and a camera passed again has one
    label. A label goes right of its pin, or left where the map's edge
    (``width`` pixels) would cut it.
    """
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    shapes = []
    for leg in drawn_legs(track):
        a, b = to_screen(leg.start.position), to_screen(leg.end.position)
        shape = leg_geometry((a.x(), a.y()), (b.x(), b.y()))
        if shape is not None:
            line = (QPointF(*shape.start), QPointF(*shape.end))
            head = QPolygonF([QPointF(*shape.tip), QPointF(*shape.left), QPointF(*shape.right)])
            shapes.append((line, head))
    for pen in (QPen(CASING, 7), QPen(TRACK, 3.5)):  # every casing under every line
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(pen.color())
        for line, head in shapes:
            painter.drawLine(*line)
            painter.drawPolygon(head)
    painter.setFont(_font(11, bold=True))
    metrics = QFontMetrics(painter.font())
    for stops in stops_by_camera(track).values():
        text = stop_text(stops)
        pin = to_screen(stops[0].position)
        spot = pin + QPointF(PIN_RADIUS + 3, PIN_RADIUS - 2)
        wide = metrics.horizontalAdvance(text) + 10
        if spot.x() + wide > width - 4:
            spot.setX(pin.x() - PIN_RADIUS - 3 - wide)
        _label(painter, text, spot, TRACK)


def track_summary(track: Track) -> str:
    """ "Percorso AB123CD: 5 passaggi, 4 telecamere", for the map's corner."""
    text = QCoreApplication.translate("MapMarks", "Percorso %s: %d passaggi, %d telecamere") % (
        track.plate,
        track.passages,
        len({s.camera_id for s in track.stops}),
    )
    if track.unplaced:
        text += QCoreApplication.translate("MapMarks", " (%d telecamere non sulla mappa)") % len(
            track.unplaced
        )
    return text


def draw_track_summary(painter: QPainter, track: Track, top: float) -> None:
    """The track's plate and size in the top-left corner, below the problem line."""
    painter.setFont(_font(12, bold=True))
    _label(painter, track_summary(track), QPointF(6, top), TRACK)


def _label(painter: QPainter, text: str, at: QPointF, edge: QColor) -> None:
    """``text`` on a light panel with a coloured edge, its top-left corner at ``at``."""
    metrics = QFontMetrics(painter.font())
    rect = QRectF(at.x(), at.y(), metrics.horizontalAdvance(text) + 10, metrics.height() + 4)
    painter.setPen(QPen(edge, 1.5))
    painter.setBrush(LABEL_PANEL)
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(INK)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

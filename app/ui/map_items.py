"""What the map draws over its tiles: camera pins, field-of-view cones, edit handles.

The scene's coordinates are world pixels at zoom ``SCENE_ZOOM``: the view
scales them to the map's zoom, so cones (real distances) grow and shrink
with the map while pins, numbers and handles keep their size on screen
(``ItemIgnoresTransformations``). Pins take the camera tree's state
colours; a camera whose video is lost blinks.
"""

from __future__ import annotations

import enum
import functools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.core.health import CameraHealth
from app.maps.fov import FieldOfView, cone_outline
from app.maps.mercator import LatLon, clamp, to_latlon, to_pixel
from app.maps.placement import Placement
from app.ui.icons import HEALTH_MARK_COLOURS
from app.ui.tile_paint import SELECTED

SCENE_ZOOM = 20
PIN_RADIUS = 12.0
CONE_FILL = QColor(74, 163, 255, 46)
CONE_EDGE = QColor(40, 110, 200, 170)
CONE_SELECTED = QColor(255, 210, 74, 80)
OUTLINE = QColor(20, 20, 20, 220)
Z_CONE, Z_PIN, Z_HANDLE = 1.0, 2.0, 3.0
KNOWN = frozenset(str(h) for h in CameraHealth)


def scene_point(point: LatLon) -> QPointF:
    """The scene position of a point (clamped into the projection's range)."""
    safe = clamp(point.lat, point.lon)
    x, y = to_pixel(safe.lat, safe.lon, SCENE_ZOOM)
    return QPointF(x, y)


def scene_latlon(point: QPointF) -> LatLon:
    """The point at a scene position."""
    return to_latlon(point.x(), point.y(), SCENE_ZOOM)


class PinItem(QGraphicsItem):
    """A camera's pin: a disc in its state colour with its call-up number."""

    def __init__(self, placement: Placement) -> None:
        super().__init__()
        self.placement = placement
        self.health: str | None = None
        self.selected = False
        self.dimmed = False  # the "off" half of a lost camera's blink
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptHoverEvents(True)
        self.setZValue(Z_PIN)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.place(placement)

    @property
    def camera_id(self) -> str:
        """The camera this pin stands for."""
        return self.placement.camera_id

    def place(self, placement: Placement) -> None:
        """Move to the placement's position."""
        self.placement = placement
        self.setPos(scene_point(placement.position))

    def boundingRect(self) -> QRectF:
        """The disc and its selection ring."""
        r = PIN_RADIUS + 4
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        """Only the disc is hit by the mouse."""
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), PIN_RADIUS + 1, PIN_RADIUS + 1)
        return path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """The pin's picture, drawn once per look and then copied (200 pins a frame)."""
        health = CameraHealth(self.health) if self.health in KNOWN else CameraHealth.UNKNOWN
        picture = pin_picture(
            self.placement.number, health, self.selected, self.dimmed, self.placement.steerable
        )
        r = PIN_RADIUS + 4
        painter.drawPixmap(QPointF(-r, -r), picture)


@functools.lru_cache(maxsize=4096)
def pin_picture(
    number: int, health: CameraHealth, selected: bool, dimmed: bool, ptz: bool
) -> QPixmap:
    """A pin: disc (a rounded square for a PTZ head) in the state colour, the number on it,
    a ring when selected, faded in the "off" half of a blink."""
    r = PIN_RADIUS + 4
    picture = QPixmap(int(2 * r), int(2 * r))
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setTransform(QTransform.fromTranslate(r, r))  # drawn around the pin's centre
    colour = QColor(HEALTH_MARK_COLOURS[health])
    if dimmed:
        colour.setAlpha(70)
    if selected:
        painter.setPen(QPen(SELECTED, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(0, 0), PIN_RADIUS + 2.5, PIN_RADIUS + 2.5)
    painter.setPen(QPen(OUTLINE, 1.5))
    painter.setBrush(colour)
    if ptz:  # a PTZ head: a rounded square
        side = PIN_RADIUS * 1.8
        painter.drawRoundedRect(QRectF(-side / 2, -side / 2, side, side), 4, 4)
    else:
        painter.drawEllipse(QPointF(0, 0), PIN_RADIUS, PIN_RADIUS)
    font = QFont()
    font.setPixelSize(10 if number < 1000 else 8)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(10, 10, 10, 120 if dimmed else 255))
    box = QRectF(-PIN_RADIUS, -PIN_RADIUS, 2 * PIN_RADIUS, 2 * PIN_RADIUS)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(number))
    painter.end()
    return picture


def cone_path(position: LatLon, fov: FieldOfView) -> QPainterPath:
    """The cone (or the circle of a camera without heading) in scene coordinates."""
    points = [scene_point(p) for p in cone_outline(position, fov)]
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


class ConeItem(QGraphicsPathItem):
    """A camera's field of view on the ground."""

    def __init__(self, placement: Placement, fov: FieldOfView) -> None:
        super().__init__()
        self.camera_id = placement.camera_id
        self.setZValue(Z_CONE)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        pen = QPen(CONE_EDGE, 1.2)
        pen.setCosmetic(True)  # a hairline at every zoom
        self.setPen(pen)
        self.update_cone(placement, fov, selected=False)

    def update_cone(self, placement: Placement, fov: FieldOfView, selected: bool) -> None:
        """Redraw for a new position, heading, angle or range."""
        self.setPath(cone_path(placement.position, fov))
        pen = self.pen()
        pen.setStyle(Qt.PenStyle.DashLine if fov.heading is None else Qt.PenStyle.SolidLine)
        self.setPen(pen)
        self.setBrush(QBrush(CONE_SELECTED if selected else CONE_FILL))


class HandleKind(enum.Enum):
    """What dragging an edit handle changes."""

    TURN = "turn"  # at the middle of the arc: heading and range
    WIDEN = "widen"  # at an edge of the arc: the angle


class HandleItem(QGraphicsEllipseItem):
    """A small disc the installer drags to turn, stretch or widen a cone."""

    def __init__(self, camera_id: str, kind: HandleKind) -> None:
        r = 6.0
        super().__init__(-r, -r, 2 * r, 2 * r)
        self.camera_id, self.kind = camera_id, kind
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(Z_HANDLE)
        self.setBrush(QColor("#ffffff") if kind is HandleKind.TURN else QColor("#ffd24a"))
        self.setPen(QPen(OUTLINE, 1.5))
        self.setCursor(
            Qt.CursorShape.SizeAllCursor
            if kind is HandleKind.TURN
            else Qt.CursorShape.SizeHorCursor
        )

"""The operator's hands on the map: mouse and keys turned into model calls and signals.

``MapInput`` is the base of the map widget (``app.ui.map_view``), which
adds the model's items, the view transform and the painting. Mouse: drag
the map to pan, wheel to zoom around the cursor (fractional steps, so
trackpads zoom smoothly), Shift+drag a rectangle to select cameras, click
a pin to select it, double-click to call it up, drag a pin out onto a wall
tile (the camera tree's drag format). In edit mode pins move and cones
turn, stretch and widen by their handles. With the area tool on
(``set_drawing``), a drag draws a rectangle and clicks a polygon's corners
(double-click or Enter closes it, Esc drops it). A click on a plate hit's
label opens the hit. Keys: +/- zoom, arrows pan; digits, Enter and Esc go
on to the window (the call-up keys).

Signals:
    camera_activated(str): a pin was double-clicked (call the camera up).
    selection_made(list): cameras chosen with a rectangle, by call-up number.
    context_requested(object, QPoint): right-click at a ``LatLon``, global position.
    hit_clicked(int): a plate hit's label was clicked (its hit id).
    area_drawn(object): a search area was drawn (a ``SearchArea``).
    drawing_changed(bool): the area tool was switched on or off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QDrag, QImage, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsView, QRubberBand

from app.maps.area import AreaError, AreaSketch, SearchArea
from app.maps.geodesy import bearing_deg, distance_m, wrap180
from app.maps.mercator import LatLon
from app.maps.model import MapModel
from app.ui import mime
from app.ui.map_items import HandleItem, HandleKind, PinItem, scene_latlon
from app.ui.map_marks import HitItem
from app.ui.map_overlay import coordinates_text
from app.ui.map_preview import PinCard
from app.ui.map_scene import MapItems

logger = logging.getLogger("app.ui")

ZOOM_PER_NOTCH = 0.5


class MapInput(QGraphicsView):
    """Gestures and keys of the map (see the module docstring); the widget sets the parts."""

    camera_activated = Signal(str)
    selection_made = Signal(list)
    context_requested = Signal(object, QPoint)
    hit_clicked = Signal(int)
    area_drawn = Signal(object)
    drawing_changed = Signal(bool)

    model: MapModel
    items_: MapItems
    preview: PinCard
    picture_of: Callable[[str], QImage | None]
    drag_runner: Callable[[QDrag], object]
    sketch: AreaSketch | None  # the area tool, while it is on
    _gesture: tuple[str, object, QPointF] | None
    _band: QRubberBand
    _cursor: str

    def update_cursor(self) -> None:
        """A cross while placing cameras or drawing an area, else the arrow."""
        drawing = self.model.editing or self.sketch is not None
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor if drawing else Qt.CursorShape.ArrowCursor
        )

    def latlon_at(self, pos: QPointF | QPoint) -> LatLon:
        """The point under viewport position ``pos``."""
        return scene_latlon(self.mapToScene(QPoint(round(pos.x()), round(pos.y()))))

    # -- the area tool ------------------------------------------------------------
    def set_drawing(self, on: bool) -> None:
        """Switch the area tool on (a drag or clicks draw the search area) or off."""
        if on == (self.sketch is not None):
            return
        self.sketch = AreaSketch() if on else None
        self.update_cursor()
        self.viewport().update()
        self.drawing_changed.emit(on)

    def _finish_area(self, corners: list[tuple[float, float]] | None) -> None:
        if corners is None:
            return
        view = self.model.view
        try:
            area = SearchArea(tuple(view.to_latlon(x, y) for x, y in corners))
        except AreaError as err:
            logger.info("area not drawn: %s", err)
            self.viewport().update()
            return
        self.set_drawing(False)
        logger.info("search area drawn with %d corners", len(area.corners))
        self.area_drawn.emit(area)

    # -- mouse ---------------------------------------------------------------------
    def _item_at(self, pos: QPointF) -> QGraphicsItem | None:
        for item in self.items(QPoint(round(pos.x()), round(pos.y()))):
            if isinstance(item, HitItem | HandleItem | PinItem) and item.isVisible():
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a pan, a selection rectangle, a pin drag or a handle drag."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        if self.sketch is not None:
            self.sketch.press((pos.x(), pos.y()))
            event.accept()
            return
        item = self._item_at(pos)
        if isinstance(item, HitItem):
            logger.info("plate hit %d opened from the map", item.hit_id)
            self.hit_clicked.emit(item.hit_id)
        elif isinstance(item, HandleItem):
            self._gesture = ("handle", item, pos)
        elif isinstance(item, PinItem):
            self._press_pin(item, event)
        elif event.modifiers() & (
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        ):
            self._gesture = ("band", None, pos)
            self._band.setGeometry(QRect(pos.toPoint(), QSize()))
            self._band.show()
        else:
            self._gesture = ("pan", None, pos)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def _press_pin(self, pin: PinItem, event: QMouseEvent) -> None:
        camera_id = pin.camera_id
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.model.select(self.model.selected ^ {camera_id})
        else:
            self.model.select([camera_id])
        self._gesture = ("pin", pin, event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Follow the gesture; without one, track the cursor and hover over pins."""
        pos = event.position()
        self._cursor = coordinates_text(self.latlon_at(pos))
        if self.sketch is not None:
            self.sketch.move((pos.x(), pos.y()))
            self.viewport().update()
            return
        if self._gesture is None:
            self._hover(pos)
            self.viewport().update(QRect(0, self.viewport().height() - 30, 320, 30))
            return
        kind, item, start = self._gesture
        if kind == "pan":
            self._gesture = ("pan", None, pos)
            self.model.view.pan_by(pos.x() - start.x(), pos.y() - start.y())
        elif kind == "band":
            self._band.setGeometry(QRect(start.toPoint(), pos.toPoint()).normalized())
        elif kind == "handle" and isinstance(item, HandleItem):
            self._drag_handle(item, pos)
        elif kind == "pin" and isinstance(item, PinItem):
            self._drag_pin(item, start, pos)

    def _drag_pin(self, pin: PinItem, start: QPointF, pos: QPointF) -> None:
        if self.model.editing:
            self.model.move_camera(pin.camera_id, self.latlon_at(pos))
            return
        if (pos - start).manhattanLength() < QApplication.startDragDistance():
            return
        self._gesture = None
        self.preview.hide()
        drag = QDrag(self)
        drag.setMimeData(mime.camera_mime(pin.camera_id))
        logger.info("camera %s dragged from the map", pin.camera_id)
        self.drag_runner(drag)

    def _drag_handle(self, handle: HandleItem, pos: QPointF) -> None:
        placement = self.model.placement(handle.camera_id)
        if placement is None:
            return
        point = self.latlon_at(pos)
        bearing = bearing_deg(placement.position, point)
        fov = placement.fov
        if handle.kind is HandleKind.TURN:
            fov = fov.turned(bearing).reaching(distance_m(placement.position, point))
        elif fov.heading is not None:
            fov = fov.widened(2 * abs(wrap180(bearing - fov.heading)))
        self.model.set_cone(handle.camera_id, fov)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End the gesture; a rectangle selects the cameras inside it."""
        if self.sketch is not None:
            pos = event.position()
            self._finish_area(self.sketch.release((pos.x(), pos.y())))
            self.viewport().update()
            event.accept()
            return
        gesture, self._gesture = self._gesture, None
        self.update_cursor()
        if gesture is not None and gesture[0] == "band":
            self._band.hide()
            area = QRectF(self._band.geometry())
            inside = [
                camera_id
                for camera_id, pin in self.items_.pins.items()
                if pin.isVisible() and area.contains(self.mapFromScene(pin.pos()).toPointF())
            ]
            self.model.select(inside)
            self.selection_made.emit(self.model.selected_in_order())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click on a pin: call the camera up (with the area tool: close the polygon)."""
        if self.sketch is not None:
            self._finish_area(self.sketch.close())
            event.accept()
            return
        item = self._item_at(event.position())
        if isinstance(item, PinItem) and event.button() == Qt.MouseButton.LeftButton:
            logger.info("camera %s called up from the map", item.camera_id)
            self.camera_activated.emit(item.camera_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom around the cursor by half a level per notch (finer on trackpads)."""
        steps = event.angleDelta().y() / 120.0
        if steps:
            pos = event.position()
            self.model.view.zoom_at(pos.x(), pos.y(), self.model.view.zoom + steps * ZOOM_PER_NOTCH)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Ask the owner for the menu of this point."""
        self.context_requested.emit(self.latlon_at(QPointF(event.pos())), event.globalPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+/- zoom and arrows pan; digits, Enter and Esc go on to the wall (call-up).

        While an area is drawn, Enter closes it and Esc drops it.
        """
        key, view = Qt.Key(event.key()), self.model.view
        width, height = view.size
        moves = {
            Qt.Key.Key_Left: (width / 4, 0),
            Qt.Key.Key_Right: (-width / 4, 0),
            Qt.Key.Key_Up: (0, height / 4),
            Qt.Key.Key_Down: (0, -height / 4),
        }
        if self.sketch is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish_area(self.sketch.close())
        elif self.sketch is not None and key == Qt.Key.Key_Escape:
            self.set_drawing(False)
        elif key in moves:
            view.pan_by(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Minus):
            step = 1.0 if key == Qt.Key.Key_Plus else -1.0
            view.zoom_at(width / 2, height / 2, view.zoom + step)
        else:
            event.ignore()  # the wall window's call-up keys
            return
        event.accept()

    # -- hover -----------------------------------------------------------------------
    def _hover(self, pos: QPointF) -> None:
        item = self._item_at(pos)
        if not isinstance(item, PinItem):
            self.preview.hide()
            return
        if self.preview.camera_id != item.camera_id or not self.preview.isVisible():
            self.preview.show_camera(item, self.picture_of(item.camera_id))
        spot = pos.toPoint() + QPoint(18, 18)
        right = self.viewport().width() - self.preview.width() - 4
        bottom = self.viewport().height() - self.preview.height() - 4
        self.preview.move(max(0, min(spot.x(), right)), max(0, min(spot.y(), bottom)))

    def leaveEvent(self, event: object) -> None:
        """Hide the hover card when the mouse leaves the map."""
        self.preview.hide()
        self._cursor = ""
        self.viewport().update()

"""The map widget: tiles, camera pins and cones on a QGraphicsView, driven by a ``MapModel``.

The model's ``MapView`` is the truth about centre and zoom; this widget
turns it into a view transform (scene = world pixels at ``SCENE_ZOOM``,
scaled to the map's zoom, the visible rectangle set as the view's scene
rectangle so no scroll bars round it) and turns the operator's gestures
back into model calls. Tiles are painted in ``drawBackground`` from the
``TileStore``'s cache (the parent tile, enlarged, while a tile loads);
scale bar, north arrow, coordinates and what is missing in
``drawForeground``, in screen pixels.

Mouse: drag the map to pan, wheel to zoom around the cursor (fractional
steps, so trackpads zoom smoothly), Shift+drag a rectangle to select
cameras, click a pin to select it, double-click to call it up, drag a pin
out onto a wall tile (the camera tree's drag format). In edit mode pins
move and cones turn, stretch and widen by their handles.

Signals:
    camera_activated(str): a pin was double-clicked (call the camera up).
    selection_made(list): cameras chosen with a rectangle, by call-up number.
    context_requested(object, QPoint): right-click at a ``LatLon``, global position.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QRubberBand,
    QWidget,
)

from app.core.signal import Signal as CoreSignal
from app.maps.geodesy import bearing_deg, destination, distance_m, wrap180
from app.maps.mercator import TILE_SIZE, LatLon
from app.maps.model import Layer, MapModel
from app.ui import mime
from app.ui.map_items import (
    SCENE_ZOOM,
    ConeItem,
    HandleItem,
    HandleKind,
    PinItem,
    scene_latlon,
    scene_point,
)
from app.ui.map_overlay import (
    coordinates_text,
    draw_corner_texts,
    draw_north_arrow,
    draw_scale_bar,
)
from app.ui.map_preview import PinCard
from app.ui.map_tiles import TileStore

logger = logging.getLogger("app.ui")

ZOOM_PER_NOTCH = 0.5
BLINK_MS = 500
BACKGROUND = QColor("#d8d8d4")
WORLD = TILE_SIZE * 2.0**SCENE_ZOOM
FULL_TILE = (0.0, 0.0, 256.0, 256.0)


class MapWidget(QGraphicsView):
    """A map of the site's cameras (see the module docstring)."""

    camera_activated = Signal(str)
    selection_made = Signal(list)
    context_requested = Signal(object, QPoint)

    def __init__(
        self, model: MapModel, tiles: TileStore | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model, self.tiles = model, tiles
        self.picture_of: Callable[[str], QImage | None] = lambda _id: None
        self.drag_runner: Callable[[QDrag], object] = lambda d: d.exec(Qt.DropAction.CopyAction)
        self.problem = ""  # one line about what is missing, set by the owner
        self._scene = QGraphicsScene(0, 0, WORLD, WORLD, self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self._setup_view()
        self.pins: dict[str, PinItem] = {}
        self.cones: dict[str, ConeItem] = {}
        self.handles: list[HandleItem] = []
        self._gesture: tuple[str, object, QPointF] | None = None
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
        self._cursor = ""
        self._blink_on = False
        self._blink = QTimer(self)
        self._blink.timeout.connect(self._on_blink)
        self._blink.start(BLINK_MS)
        self.preview = PinCard(self.viewport())
        self._connect()
        self._rebuild()
        self._apply_view()

    def _setup_view(self) -> None:
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(QSize(160, 120))

    def _model_slots(self) -> list[tuple[CoreSignal, Callable[..., object]]]:
        m = self.model
        return [
            (m.view.changed, self._apply_view),
            (m.cameras_changed, self._rebuild),
            (m.camera_moved, self._on_camera_moved),
            (m.selection_changed, self._on_selection_changed),
            (m.layers_changed, self._on_layers_changed),
            (m.health_changed, self._on_health_changed),
            (m.editing_changed, self._on_editing_changed),
        ]

    def _connect(self) -> None:
        for signal, slot in self._model_slots():
            signal.connect(slot)
        if self.tiles is not None:
            self.tiles.arrived.connect(self._on_tiles_arrived)

    def disconnect_model(self) -> None:
        """Stop following the model (the widget is being closed)."""
        for signal, slot in self._model_slots():
            signal.disconnect(slot)
        self._blink.stop()

    def set_tiles(self, tiles: TileStore | None) -> None:
        """Show another basemap (the caller closes the old store)."""
        if self.tiles is not None:
            self.tiles.arrived.disconnect(self._on_tiles_arrived)
        self.tiles = tiles
        if tiles is not None:
            tiles.arrived.connect(self._on_tiles_arrived)
        self._apply_view()

    # -- model -> items --------------------------------------------------------
    def _rebuild(self) -> None:
        for item in [*self.pins.values(), *self.cones.values(), *self.handles]:
            self._scene.removeItem(item)
        self.pins, self.cones, self.handles = {}, {}, []
        for camera_id, placement in self.model.placements.items():
            pin = PinItem(placement)
            pin.setToolTip(f"{placement.number} {placement.name}")
            pin.health = self.model.health(camera_id)
            self._scene.addItem(pin)
            self.pins[camera_id] = pin
            fov = self.model.fov_of(camera_id) or placement.fov
            cone = ConeItem(placement, fov)
            self._scene.addItem(cone)
            self.cones[camera_id] = cone
        self._on_selection_changed()
        self._on_layers_changed()
        self._on_editing_changed(self.model.editing)

    def _on_camera_moved(self, camera_id: str) -> None:
        placement = self.model.placement(camera_id)
        pin, cone = self.pins.get(camera_id), self.cones.get(camera_id)
        if placement is None or pin is None or cone is None:
            return
        pin.place(placement)
        fov = self.model.fov_of(camera_id) or placement.fov
        cone.update_cone(placement, fov, camera_id in self.model.selected)
        if self.model.editing:
            self._place_handles()

    def _on_selection_changed(self) -> None:
        chosen = self.model.selected
        for camera_id, pin in self.pins.items():
            selected = camera_id in chosen
            if pin.selected != selected:
                pin.selected = selected
                pin.update()
                placement = self.model.placements[camera_id]
                fov = self.model.fov_of(camera_id) or placement.fov
                self.cones[camera_id].update_cone(placement, fov, selected)
        if self.model.editing:
            self._place_handles()

    def _on_layers_changed(self) -> None:
        layers = self.model.layers
        for pin in self.pins.values():
            pin.setVisible(Layer.CAMERAS in layers)
        for cone in self.cones.values():
            cone.setVisible(Layer.CONES in layers)
        self.viewport().update()

    def _on_health_changed(self, camera_ids: list[str]) -> None:
        for camera_id in camera_ids:
            pin = self.pins.get(camera_id)
            if pin is not None:
                pin.health = self.model.health(camera_id)
                pin.dimmed = False
                pin.update()

    def _on_blink(self) -> None:
        """Lost cameras' pins fade and come back twice a second."""
        self._blink_on = not self._blink_on
        for camera_id, pin in self.pins.items():
            dimmed = self._blink_on and self.model.lost(camera_id)
            if pin.dimmed != dimmed:
                pin.dimmed = dimmed
                pin.update()

    def _on_editing_changed(self, editing: bool) -> None:
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor if editing else Qt.CursorShape.ArrowCursor
        )
        self._place_handles()

    def _place_handles(self) -> None:
        """Handles on the selected cameras' cones (edit mode only)."""
        for handle in self.handles:
            self._scene.removeItem(handle)
        self.handles = []
        if not self.model.editing:
            return
        for camera_id in self.model.selected:
            placement = self.model.placements[camera_id]
            fov = placement.fov
            heading = fov.heading if fov.heading is not None else 0.0
            spots = [(HandleKind.TURN, heading)]
            if not fov.full_circle:
                spots.append((HandleKind.WIDEN, heading + fov.angle / 2))
            for kind, bearing in spots:
                handle = HandleItem(camera_id, kind)
                handle.setPos(scene_point(destination(placement.position, bearing, fov.range_m)))
                self._scene.addItem(handle)
                self.handles.append(handle)

    # -- the view transform ------------------------------------------------------
    def _apply_view(self) -> None:
        view = self.model.view
        scale = 2.0 ** (view.zoom - SCENE_ZOOM)
        self.setTransform(QTransform.fromScale(scale, scale))
        centre = scene_point(view.centre)
        width, height = view.size
        self.setSceneRect(
            QRectF(
                centre.x() - width / 2 / scale,
                centre.y() - height / 2 / scale,
                width / scale,
                height / scale,
            )
        )
        self._request_tiles()
        self.viewport().update()

    def _request_tiles(self) -> None:
        if self.tiles is None or Layer.BASEMAP not in self.model.layers:
            return
        source = self.tiles.source
        zoom = self.model.view.tile_zoom(source.min_zoom, source.max_zoom)
        self.tiles.request(self.model.view.visible_tiles(zoom))

    def _on_tiles_arrived(self) -> None:
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The map keeps its centre; more or less of it shows."""
        super().resizeEvent(event)
        self.model.view.resize(self.viewport().width(), self.viewport().height())
        self._apply_view()

    def screen_pos(self, point: LatLon) -> QPointF:
        """Where ``point`` is drawn, in viewport pixels."""
        return QPointF(self.mapFromScene(scene_point(point)))

    def latlon_at(self, pos: QPointF | QPoint) -> LatLon:
        """The point under viewport position ``pos``."""
        return scene_latlon(self.mapToScene(QPoint(round(pos.x()), round(pos.y()))))

    # -- painting ---------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """The basemap's tiles, drawn in screen pixels.

        In screen pixels, not scene units: at a whole zoom a tile is then a
        plain copy of its pixmap (the scene's huge coordinates would send
        every tile through the transformed, filtered path: 11 ms a frame
        on a full-HD map against 2 ms).
        """
        painter.save()
        painter.resetTransform()
        painter.fillRect(self.viewport().rect(), BACKGROUND)
        if self.tiles is not None and Layer.BASEMAP in self.model.layers:
            self._draw_tiles(painter, self.tiles)
        painter.restore()

    def _draw_tiles(self, painter: QPainter, tiles: TileStore) -> None:
        view = self.model.view
        zoom = view.tile_zoom(tiles.source.min_zoom, tiles.source.max_zoom)
        factor = 2.0 ** (view.zoom - zoom)
        side = TILE_SIZE * factor
        cx, cy = view.centre_pixel()
        left, top = view.size[0] / 2 - cx, view.size[1] / 2 - cy
        whole = abs(factor - 1.0) < 1e-9
        for tile in view.visible_tiles(zoom):
            shown = tiles.get(tile)
            if shown is None:
                continue
            x, y = left + tile.x * side, top + tile.y * side
            if whole and shown.source_rect == FULL_TILE:
                painter.drawPixmap(QPoint(round(x), round(y)), shown.pixmap)
            else:
                # Rounded edges: neighbouring tiles meet without a hairline gap.
                target = QRectF(
                    round(x), round(y), round(x + side) - round(x), round(y + side) - round(y)
                )
                painter.drawPixmap(target, shown.pixmap, QRectF(*shown.source_rect))

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Scale bar, north arrow, coordinates, credit and problems, in screen pixels."""
        painter.save()
        painter.resetTransform()
        width, height = self.viewport().width(), self.viewport().height()
        draw_scale_bar(painter, self.model.view.metres_per_pixel(), height)
        draw_north_arrow(painter, width)
        credit = ""
        if self.tiles is not None:
            source = self.tiles.source
            credit = " · ".join(t for t in (source.label, source.attribution) if t)
        draw_corner_texts(
            painter, width, height, cursor=self._cursor, credit=credit, problem=self.problem
        )
        painter.restore()

    # -- mouse ---------------------------------------------------------------------
    def _item_at(self, pos: QPointF) -> QGraphicsItem | None:
        for item in self.items(QPoint(round(pos.x()), round(pos.y()))):
            if isinstance(item, HandleItem | PinItem) and item.isVisible():
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a pan, a selection rectangle, a pin drag or a handle drag."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        item = self._item_at(pos)
        if isinstance(item, HandleItem):
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
        gesture, self._gesture = self._gesture, None
        if self.model.editing:
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        if gesture is not None and gesture[0] == "band":
            self._band.hide()
            area = QRectF(self._band.geometry())
            inside = [
                camera_id
                for camera_id, pin in self.pins.items()
                if pin.isVisible() and area.contains(self.mapFromScene(pin.pos()).toPointF())
            ]
            self.model.select(inside)
            self.selection_made.emit(self.model.selected_in_order())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click on a pin: call the camera up."""
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
        """+/- zoom and arrows pan; digits, Enter and Esc go on to the wall (call-up)."""
        key, view = Qt.Key(event.key()), self.model.view
        width, height = view.size
        moves = {
            Qt.Key.Key_Left: (width / 4, 0),
            Qt.Key.Key_Right: (-width / 4, 0),
            Qt.Key.Key_Up: (0, height / 4),
            Qt.Key.Key_Down: (0, -height / 4),
        }
        if key in moves:
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

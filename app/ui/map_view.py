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
move and cones turn, stretch and widen by their handles. With the area
tool on (``set_drawing``), a drag draws a rectangle and clicks a polygon's
corners (double-click or Enter closes it, Esc drops it). Plate hits stand
on their pins (``app.ui.map_marks``); a click on one opens the hit.

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
from app.maps.area import AreaError, AreaSketch, SearchArea
from app.maps.geodesy import bearing_deg, distance_m, wrap180
from app.maps.hits import HitBoard
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
from app.ui.map_marks import (
    HitItem,
    draw_area,
    draw_area_draft,
    draw_track,
    draw_track_summary,
)
from app.ui.map_overlay import (
    coordinates_text,
    draw_corner_texts,
    draw_north_arrow,
    draw_scale_bar,
)
from app.ui.map_preview import PinCard
from app.ui.map_scene import MapItems
from app.ui.map_tiles import TileStore, draw_tiles

logger = logging.getLogger("app.ui")

ZOOM_PER_NOTCH = 0.5
BLINK_MS = 500
BACKGROUND = QColor("#d8d8d4")
WORLD = TILE_SIZE * 2.0**SCENE_ZOOM


class MapWidget(QGraphicsView):
    """A map of the site's cameras (see the module docstring)."""

    camera_activated = Signal(str)
    selection_made = Signal(list)
    context_requested = Signal(object, QPoint)
    hit_clicked = Signal(int)
    area_drawn = Signal(object)
    drawing_changed = Signal(bool)

    def __init__(
        self,
        model: MapModel,
        tiles: TileStore | None = None,
        parent: QWidget | None = None,
        *,
        hits: HitBoard | None = None,
    ) -> None:
        super().__init__(parent)
        self.model, self.tiles, self.hits = model, tiles, hits
        self.sketch: AreaSketch | None = None  # the area tool, while it is on
        self.picture_of: Callable[[str], QImage | None] = lambda _id: None
        self.drag_runner: Callable[[QDrag], object] = lambda d: d.exec(Qt.DropAction.CopyAction)
        self.problem = ""  # one line about what is missing, set by the owner
        self._scene = QGraphicsScene(0, 0, WORLD, WORLD, self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self._setup_view()
        self.items_ = MapItems(self._scene, model, hits)
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

    def _rebuild(self) -> None:
        self.items_.rebuild()
        self._on_editing_changed(self.model.editing)
        self.viewport().update()

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
            (m.camera_moved, self.items_.camera_moved),
            (m.selection_changed, self.items_.selection_changed),
            (m.layers_changed, self._on_layers_changed),
            (m.health_changed, self.items_.health_changed),
            (m.editing_changed, self._on_editing_changed),
            (m.track_changed, self._on_marks_changed),
            (m.area_changed, self._on_marks_changed),
            *([(self.hits.changed, self.items_.sync_hits)] if self.hits is not None else []),
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
    @property
    def pins(self) -> dict[str, PinItem]:
        """The cameras' pins by camera id."""
        return self.items_.pins

    @property
    def cones(self) -> dict[str, ConeItem]:
        """The cameras' cones by camera id."""
        return self.items_.cones

    @property
    def handles(self) -> list[HandleItem]:
        """The edit handles on the selected cameras' cones."""
        return self.items_.handles

    @property
    def hit_items(self) -> dict[str, HitItem]:
        """The plate hits' labels by camera id."""
        return self.items_.hit_items

    def _on_layers_changed(self) -> None:
        self.items_.layers_changed()
        self.viewport().update()

    def _on_marks_changed(self) -> None:
        """The track or the search area changed: paint again."""
        self.viewport().update()

    def _on_blink(self) -> None:
        """Lost cameras' pins fade and come back twice a second; new plate hits flash."""
        self._blink_on = not self._blink_on
        self.items_.blink(self._blink_on)

    def _on_editing_changed(self, editing: bool) -> None:
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor
            if editing or self.sketch is not None
            else Qt.CursorShape.ArrowCursor
        )
        self.items_.place_handles()

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

    def _to_screen(self, point: LatLon) -> QPointF:
        """Viewport pixels of ``point`` by the view's maths (what the tiles are drawn with)."""
        return QPointF(*self.model.view.to_screen(point))

    def _area_label(self) -> str:
        inside = self.model.area_cameras() or []
        return self.tr("Area di ricerca: %d telecamere") % len(inside)

    # -- the area tool ------------------------------------------------------------
    def set_drawing(self, on: bool) -> None:
        """Switch the area tool on (a drag or clicks draw the search area) or off."""
        if on == (self.sketch is not None):
            return
        self.sketch = AreaSketch() if on else None
        self._on_editing_changed(self.model.editing)
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
            draw_tiles(painter, self.tiles, self.model.view)
        if self.model.area is not None:
            draw_area(painter, self.model.area, self._to_screen, self._area_label())
        painter.restore()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Scale bar, north arrow, coordinates, credit and problems, in screen pixels."""
        painter.save()
        painter.resetTransform()
        width, height = self.viewport().width(), self.viewport().height()
        track = self.model.track
        if track is not None:
            draw_track(painter, track, self._to_screen, width)
            draw_track_summary(painter, track, 32.0 if self.problem else 6.0)
        if self.sketch is not None:
            cursor = self.sketch.cursor
            draw_area_draft(
                painter,
                [QPointF(*p) for p in self.sketch.outline()],
                None if cursor is None or self.sketch.dragging else QPointF(*cursor),
            )
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

"""The map widget: tiles, camera pins and cones on a QGraphicsView, driven by a ``MapModel``.

The model's ``MapView`` is the truth about centre and zoom; this widget
turns it into a view transform (scene = world pixels at ``SCENE_ZOOM``,
scaled to the map's zoom, the visible rectangle set as the view's scene
rectangle so no scroll bars round it) and turns the operator's gestures
back into model calls. Tiles are painted in ``drawBackground`` from the
``TileStore``'s cache (the parent tile, enlarged, while a tile loads);
scale bar, north arrow, coordinates and what is missing in
``drawForeground``, in screen pixels.

Gestures and keys are handled by the base class (``app.ui.map_input``);
plate hits, the track and the search area come from ``app.ui.map_marks``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QPainter,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QRubberBand,
    QWidget,
)

from app.core.signal import Signal as CoreSignal
from app.maps.hits import HitBoard
from app.maps.mercator import TILE_SIZE, LatLon
from app.maps.model import Layer, MapModel
from app.ui.map_input import MapInput
from app.ui.map_items import (
    SCENE_ZOOM,
    ConeItem,
    HandleItem,
    PinItem,
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
    draw_corner_texts,
    draw_north_arrow,
    draw_scale_bar,
)
from app.ui.map_preview import PinCard
from app.ui.map_scene import MapItems
from app.ui.map_tiles import TileStore, draw_tiles

BLINK_MS = 500
BACKGROUND = QColor("#d8d8d4")
WORLD = TILE_SIZE * 2.0**SCENE_ZOOM


class MapWidget(MapInput):
    """A map of the site's cameras (see the module docstring; signals: ``MapInput``)."""

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
        self.sketch = None
        self.picture_of = lambda _id: None
        self.drag_runner = lambda d: d.exec(Qt.DropAction.CopyAction)
        self.problem = ""  # one line about what is missing, set by the owner
        self._scene = QGraphicsScene(0, 0, WORLD, WORLD, self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self._setup_view()
        self.items_ = MapItems(self._scene, model, hits)
        self._gesture = None
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

    def _on_editing_changed(self, _editing: bool) -> None:
        self.update_cursor()
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

    def _to_screen(self, point: LatLon) -> QPointF:
        """Viewport pixels of ``point`` by the view's maths (what the tiles are drawn with)."""
        return QPointF(*self.model.view.to_screen(point))

    def _area_label(self) -> str:
        inside = self.model.area_cameras() or []
        return self.tr("Area di ricerca: %d telecamere") % len(inside)

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

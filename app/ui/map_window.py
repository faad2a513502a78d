"""The map window: the map widget with its toolbar, basemap choice and camera states.

Non-modal, beside the walls. The toolbar switches layers, picks the
basemap, sends the selected cameras to the wall as a layout, and (for the
installer) enters edit mode and saves or drops the edits. Camera states
come from the walls twice a second (``health_of``), so pins show what the
tiles show. A basemap opens on a worker thread (the schematic map is drawn
on its first use, which takes a few seconds) and the map says so meanwhile.
"Disegna area" draws the search area (the model keeps it; the owner
filters the camera tree and the plate search with it); plate hits and a
vehicle's track come from the owner. Typing a camera's number and Enter
calls it up on the wall, as on the wall itself.

Signals:
    call_up(str): show this camera on the wall (double-click, menu, number + Enter).
    hit_opened(int): a plate hit's label was clicked (open the hit).
    layout_requested(list): make a layout of these cameras on the wall.
    save_requested(): write the edited positions and cones to the site.
    to_tile_requested(): show this view of the map in the wall's selected tile.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QMainWindow, QMenu, QToolBar, QWidget

from app.maps.area import SearchArea
from app.maps.hits import HitBoard
from app.maps.mercator import LatLon
from app.maps.model import Layer, MapModel
from app.maps.tiles import SourceError, TileSource
from app.ui.map_menu import PointAction, point_menu
from app.ui.map_tiles import TileStore
from app.ui.map_view import MapWidget
from app.ui.messages import MessageBridge

logger = logging.getLogger("app.ui")

HEALTH_POLL_MS = 500
MISSING_LISTED = 8
CALLUP_DIGITS = 6  # camera numbers are shorter; more keys are ignored


@dataclass(frozen=True)
class Basemap:
    """A basemap the operator can choose: its name and how to open it."""

    label: str
    path: Path | None = None  # an installed map; None: the schematic, drawn on demand


BasemapOpener = Callable[[Basemap], TileSource]


class MapWindow(QMainWindow):
    """A map of the site (see the module docstring)."""

    call_up = Signal(str)
    hit_opened = Signal(int)
    layout_requested = Signal(list)
    save_requested = Signal()
    to_tile_requested = Signal()
    _opened = Signal(object, object, object)  # basemap, source or None, error text

    def __init__(
        self,
        model: MapModel,
        bridge: MessageBridge,
        *,
        basemaps: list[Basemap],
        open_basemap: BasemapOpener,
        health_of: Callable[[str], str | None] | None = None,
        hits: HitBoard | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Occhio - Mappa"))
        self.model, self.bridge = model, bridge
        self.basemaps, self._open_basemap = basemaps, open_basemap
        self.health_of = health_of
        self.aim: PointAction | None = None
        self.calibrate: PointAction | None = None
        self.store: TileStore | None = None
        self._closed = False
        self._opening = False  # a basemap is being opened
        self._loading: threading.Thread | None = None
        self._digits = ""  # a camera number being typed
        self.view = MapWidget(model, None, self, hits=hits)
        self.setCentralWidget(self.view)
        self._build_toolbar()
        self.view.camera_activated.connect(self.call_up)
        self.view.hit_clicked.connect(self.hit_opened)
        self.view.area_drawn.connect(self._on_view_area_drawn)
        self.view.drawing_changed.connect(self._on_view_drawing_changed)
        self.view.context_requested.connect(self._on_view_context_requested)
        self.view.selection_made.connect(self._on_view_selection_made)
        model.selection_changed.connect(self._on_model_selection_changed)
        model.editing_changed.connect(self._on_model_editing_changed)
        model.camera_moved.connect(self._on_model_camera_moved)
        model.area_changed.connect(self._on_model_marks_changed)
        model.track_changed.connect(self._on_model_marks_changed)
        self._opened.connect(self._on_opened)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.poll_health)
        self._poll.start(HEALTH_POLL_MS)
        self._update_problem()
        if basemaps:
            self.choose_basemap(0)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Mappa"), self)
        bar.setObjectName("mapToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.basemap_box = QComboBox(bar)
        for basemap in self.basemaps:
            self.basemap_box.addItem(basemap.label)
        self.basemap_box.activated.connect(self.choose_basemap)
        bar.addWidget(self.basemap_box)
        self.layer_actions: dict[Layer, QAction] = {}
        for layer, text in (
            (Layer.BASEMAP, self.tr("Mappa")),
            (Layer.CAMERAS, self.tr("Telecamere")),
            (Layer.CONES, self.tr("Campi visivi")),
        ):
            action = QAction(text, self, checkable=True)
            action.setChecked(layer in self.model.layers)
            action.toggled.connect(functools.partial(self._on_layer_toggled, layer))
            bar.addAction(action)
            self.layer_actions[layer] = action
        bar.addSeparator()
        self.send_action = bar.addAction(self.tr("Invia alla parete"), self.send_selection)
        self.send_action.setToolTip(self.tr("Le telecamere selezionate diventano una disposizione"))
        self.send_action.setEnabled(False)
        tile = bar.addAction(self.tr("Mappa nella parete"), self.to_tile_requested.emit)
        tile.setToolTip(self.tr("Questa vista della mappa nel riquadro selezionato della parete"))
        bar.addSeparator()
        self._build_mark_actions(bar)
        bar.addSeparator()
        self.edit_action = QAction(self.tr("Modifica posizioni"), self, checkable=True)
        self.edit_action.toggled.connect(self.model.set_editing)
        bar.addAction(self.edit_action)
        self.save_action = bar.addAction(self.tr("Salva"), self.save_requested.emit)
        self.discard_action = bar.addAction(self.tr("Annulla modifiche"), self.model.discard_edits)
        self._on_model_editing_changed(self.model.editing)

    def _build_mark_actions(self, bar: QToolBar) -> None:
        """The search area's and the track's buttons."""
        self.area_action = QAction(self.tr("Disegna area"), self, checkable=True)
        self.area_action.setToolTip(
            self.tr(
                "Trascinare un rettangolo, o fare clic sui vertici e doppio clic per chiudere: "
                "l'elenco delle telecamere e la ricerca targhe si limitano all'area"
            )
        )
        self.area_action.toggled.connect(self.view.set_drawing)
        bar.addAction(self.area_action)
        self.clear_area_action = bar.addAction(self.tr("Cancella area"), self.clear_area)
        self.clear_track_action = bar.addAction(self.tr("Cancella percorso"), self.clear_track)
        self._on_model_marks_changed()

    def clear_area(self) -> None:
        """Drop the search area: every camera is listed and searched again."""
        self.model.set_area(None)

    def clear_track(self) -> None:
        """Take the vehicle's track off the map."""
        self.model.set_track(None)

    def _on_view_area_drawn(self, area: SearchArea) -> None:
        self.model.set_area(area)
        count = len(self.model.area_cameras() or [])
        self.statusBar().showMessage(
            self.tr("Area di ricerca: %d telecamere (elenco e ricerca targhe limitati)") % count,
            8000,
        )

    def _on_view_drawing_changed(self, drawing: bool) -> None:
        self.area_action.setChecked(drawing)
        if drawing:
            self.statusBar().showMessage(
                self.tr(
                    "Trascinare un rettangolo, o fare clic sui vertici: doppio clic o Invio "
                    "chiude l'area, Esc annulla"
                )
            )
        else:
            self.statusBar().clearMessage()

    def _on_model_marks_changed(self) -> None:
        self.clear_area_action.setEnabled(self.model.area is not None)
        self.clear_track_action.setEnabled(self.model.track is not None)

    def _on_layer_toggled(self, layer: Layer, on: bool) -> None:
        self.model.set_layer(layer, on)

    # -- basemap --------------------------------------------------------------
    def choose_basemap(self, index: int) -> None:
        """Open basemap ``index`` on a worker thread; the map says it is loading."""
        if not 0 <= index < len(self.basemaps):
            return
        basemap = self.basemaps[index]
        self.basemap_box.setCurrentIndex(index)
        self._opening = True
        self.view.problem = self.tr("Caricamento della mappa %s...") % basemap.label
        self.view.viewport().update()
        self._loading = threading.Thread(
            target=self._open_in_thread, args=(basemap,), name="map-open", daemon=True
        )
        self._loading.start()

    def _open_in_thread(self, basemap: Basemap) -> None:
        try:
            source = self._open_basemap(basemap)
        except (SourceError, OSError, ValueError) as err:
            logger.warning("basemap %s not opened: %s", basemap.label, err)
            self._opened.emit(basemap, None, str(err))
            return
        self._opened.emit(basemap, source, "")

    def _on_opened(self, basemap: Basemap, source: TileSource | None, error: str) -> None:
        self._opening = False
        if self._closed:  # opened after the window closed: nobody will show it
            if source is not None:
                source.close()
            return
        old = self.store
        if source is None:
            self.store = None
            self.view.set_tiles(None)
            self.bridge.error(self.tr("Mappa %s non disponibile: %s") % (basemap.label, error))
        else:
            self.store = TileStore(source, self)
            self.view.set_tiles(self.store)
            for warning in source.warnings:
                logger.warning("basemap %s: %s", basemap.label, warning)
            logger.info("basemap %s shown", basemap.label)
        if old is not None:
            old.close()
        self._update_problem(source.warnings if source is not None else [error])

    def _update_problem(self, warnings: list[str] | None = None) -> None:
        """One line on top of the map: cameras without coordinates, a damaged map."""
        parts: list[str] = []
        missing = self.model.missing
        if missing:
            numbers = ", ".join(str(c.number) for c in missing[:MISSING_LISTED])
            more = "..." if len(missing) > MISSING_LISTED else ""
            parts.append(
                self.tr("%d telecamere senza posizione: %s%s") % (len(missing), numbers, more)
            )
        if warnings:
            parts.append(self.tr("mappa incompleta"))
        self.view.problem = " · ".join(parts)
        self.view.viewport().update()

    def ready(self) -> bool:
        """True once the basemap is open and its visible tiles are loaded."""
        if self._opening:
            return False
        return self.store is None or (self.store.loaded_count > 0 and self.store.pending == 0)

    # -- states, selection, edits ----------------------------------------------
    def poll_health(self) -> None:
        """Take the cameras' states from the walls."""
        if self.health_of is None:
            return
        health_of = self.health_of
        self.model.set_health(
            {camera_id: health_of(camera_id) for camera_id in self.model.placements}
        )

    def send_selection(self) -> None:
        """Make a wall layout of the selected cameras."""
        chosen = self.model.selected_in_order()
        if chosen:
            self.layout_requested.emit(chosen)

    def _on_view_selection_made(self, camera_ids: list[str]) -> None:
        if camera_ids:
            count = len(camera_ids)
            self.statusBar().showMessage(
                self.tr("%d telecamere selezionate: «Invia alla parete» le mostra insieme") % count,
                8000,
            )

    def _on_model_selection_changed(self) -> None:
        self.send_action.setEnabled(bool(self.model.selected))

    def _on_model_editing_changed(self, editing: bool) -> None:
        self.edit_action.setChecked(editing)
        self._on_model_camera_moved("")

    def _on_model_camera_moved(self, _camera_id: str) -> None:
        dirty = self.model.has_edits
        self.save_action.setEnabled(dirty)
        self.discard_action.setEnabled(dirty)

    def _on_view_context_requested(self, point: LatLon, where: QPoint) -> None:
        menu = self.context_menu(point)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(where)

    def context_menu(self, point: LatLon) -> QMenu:
        """The right-click menu of ``point``."""
        return point_menu(
            self,
            self.model,
            point,
            call_up=self.call_up.emit,
            aim=self.aim,
            calibrate=self.calibrate,
        )

    # -- keyboard call-up ------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits and Enter call a camera up by its number, as on the wall; Esc clears."""
        key, text = Qt.Key(event.key()), event.text()
        if text.isdigit() and len(self._digits) < CALLUP_DIGITS:
            self._digits += text
            self.statusBar().showMessage(self.tr("Richiamo telecamera: %s") % self._digits)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._digits:
            self._call_up_typed()
        elif key == Qt.Key.Key_Escape and self._digits:
            self._digits = ""
            self.statusBar().clearMessage()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _call_up_typed(self) -> None:
        number, self._digits = int(self._digits), ""
        camera = next((c for c in self.model.site.cameras if c.number == number), None)
        if camera is None:
            self.statusBar().showMessage(self.tr("Telecamera %d inesistente") % number, 5000)
            return
        self.statusBar().clearMessage()
        if camera.id in self.model.placements:
            self.model.select([camera.id])
        logger.info("camera %s called up by number from the map window", camera.id)
        self.call_up.emit(camera.id)

    # -- closing -------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop polling and loading; the model stays with its owner."""
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Release the tile workers and stop listening (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._poll.stop()
        self.view.disconnect_model()
        self.model.selection_changed.disconnect(self._on_model_selection_changed)
        self.model.editing_changed.disconnect(self._on_model_editing_changed)
        self.model.camera_moved.disconnect(self._on_model_camera_moved)
        self.model.area_changed.disconnect(self._on_model_marks_changed)
        self.model.track_changed.disconnect(self._on_model_marks_changed)
        if self._loading is not None:
            self._loading.join(10.0)
            self._loading = None
        if self.store is not None:
            self.view.set_tiles(None)
            self.store.close()
            self.store = None

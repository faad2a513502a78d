"""A wall window: one per screen, tiles plus toolbar, menus and keyboard.

Keyboard (as on a CCTV keyboard): select a tile, type the camera's call-up
number (shown large while typing), Enter calls it up, Esc cancels; Delete
empties the selected tile; Ctrl+1..8 pick the grid presets; F11 toggles
full screen. All state changes go to the ``WallModel``.
"""

from __future__ import annotations

import functools
import getpass
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QToolBar, QWidget

from app.core.grid import PRESETS
from app.core.model import CameraKind, SiteConfig
from app.core.ptzlock import PtzLockTable
from app.core.streams import Limit, StreamProvider, capabilities_of
from app.core.tile_state import DEFAULT_STALL_SECONDS
from app.core.tour import Tour
from app.core.wall import WallModel
from app.ui.messages import MessageBridge
from app.ui.playback_tiles import PlaybackServices
from app.ui.provider import SUB_STREAM_MAX_WIDTH
from app.ui.ptz_control import PtzController, PtzHub
from app.ui.ptz_input import PtzTileInput
from app.ui.ptz_presets import Asker, PtzPresetPanel, ask_text
from app.ui.ptz_worker import COMMAND_TIMEOUT_S
from app.ui.reasons import reason_words
from app.ui.snapshot import SnapshotError, save_snapshot
from app.ui.tour_dialog import ask_tour
from app.ui.wall_info import WallInfoBar
from app.ui.wall_view import WallView

logger = logging.getLogger("app.ui")

MAX_CALLUP_DIGITS = 6

#: Asks which cameras a tile tours: (parent, site, current tour) -> the new tour or None.
TourAsker = Callable[[QWidget, SiteConfig, Tour | None], Tour | None]


@dataclass(frozen=True)
class WallOptions:
    """Settings a wall window needs (from the settings file or the command line)."""

    stall_seconds: float = DEFAULT_STALL_SECONDS
    snapshot_dir: Path = field(default_factory=lambda: Path.home() / "Occhio" / "Istantanee")
    operator: str = field(default_factory=getpass.getuser)
    sub_stream_below_px: int = SUB_STREAM_MAX_WIDTH
    show_tile_stats: bool = False  # bitrate and decoding time in each tile's footer
    always_show_live: bool = False  # "In diretta" and the rate on healthy tiles too
    text_scale: float = 1.0  # the wall's text against the default size
    # One table for every wall of the station, so its walls agree on who holds a camera.
    ptz_locks: PtzLockTable = field(default_factory=PtzLockTable, compare=False)
    #: Adds the recorded-video entries to a tile's menu (``RecordingActions.add_to_menu``).
    tile_menu_extra: Callable[[QMenu, Any, WallModel], None] | None = field(
        default=None, compare=False
    )
    #: Builds the feeds of tiles that play a recording (``RecordingActions``); None: live only.
    playback: PlaybackServices | None = field(default=None, compare=False)
    onvif_timeout: float = COMMAND_TIMEOUT_S  # seconds per PTZ request (onvif.timeout_s)


def limit_text(limit: Limit) -> str:
    """Why a tile cannot do something, in the operator's words."""
    if limit is Limit.NATIVE_OUTPUT:
        return QCoreApplication.translate(
            "WallWindow", "Non disponibile: il video è disegnato direttamente da libVLC"
        )
    return QCoreApplication.translate("WallWindow", "Non disponibile con questo motore video")


class WallWindow(QMainWindow):
    """The window of one screen's wall.

    Signals:
        send_requested(int, str): show camera (id) on wall number (0-based).
        alarms_requested(): the operator clicked the alarm counter.
    """

    send_requested = Signal(int, str)
    alarms_requested = Signal()

    def __init__(
        self,
        number: int,
        model: WallModel,
        site: SiteConfig,
        provider: StreamProvider,
        bridge: MessageBridge,
        *,
        options: WallOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.number = number
        self.model, self.site, self.bridge = model, site, bridge
        self.options = options or WallOptions()
        self.peers: Callable[[], list[int]] = list  # other walls' numbers, set by the manager
        self.setWindowTitle(self.tr("Occhio - Parete %d") % (number + 1))
        self.view = WallView(
            model,
            site,
            provider,
            f"wall-{number}",
            stall_seconds=self.options.stall_seconds,
            show_stats=self.options.show_tile_stats,
            always_badge=self.options.always_show_live,
            text_scale=self.options.text_scale,
            parent=self,
            sub_below=self.options.sub_stream_below_px,
            playback=self.options.playback,
        )
        self.setCentralWidget(self.view)
        self.view.menu_requested.connect(self._on_view_menu_requested)
        self._closed = False
        self._digits = ""
        self._callup = QLabel(self.view)
        self._callup.setObjectName("callup")
        self._callup.hide()
        self._grid_actions: dict[str, QAction] = {}
        self._build_actions()
        model.grid_changed.connect(self._on_model_grid_changed)
        bridge.posted.connect(self._on_bridge_posted)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._init_ptz()

    def _init_ptz(self) -> None:
        """PTZ on tiles showing a PTZ camera: mouse, wheel, keys and presets."""
        self.ptz = PtzHub(
            self.options.operator,
            self.bridge,
            locks=self.options.ptz_locks,
            timeout=self.options.onvif_timeout,
        )
        self.ptz.setParent(self)
        self.ptz.on_new = self._on_ptz_controller_made
        self.ptz_input = PtzTileInput(self._ptz_of_tile, self)
        for tile in self.view.tiles:
            tile.installEventFilter(self.ptz_input)
        self.preset_asker: Asker = ask_text
        self.tour_asker: TourAsker = ask_tour
        self.preset_panels: dict[str, PtzPresetPanel] = {}

    def _on_ptz_controller_made(self, controller: PtzController) -> None:
        controller.changed.connect(self._on_ptz_changed)

    def _ptz_of_tile(self, tile: QWidget) -> PtzController | None:
        camera = getattr(tile, "camera", None)
        return self.ptz.controller(camera) if camera is not None else None

    def selected_ptz(self) -> PtzController | None:
        """The controller of the selected tile's camera, if it is a PTZ camera."""
        selected = self.model.selected
        if selected is None:
            return None
        return self._ptz_of_tile(self.view.tiles[selected])

    def open_presets(self, index: int) -> PtzPresetPanel | None:
        """Show the presets window of tile ``index``'s PTZ camera."""
        controller = self._ptz_of_tile(self.view.tiles[index])
        if controller is None:
            return None
        panel = self.preset_panels.get(controller.camera.id)
        if panel is None or panel.controller is not controller:
            panel = PtzPresetPanel(controller, self.preset_asker, self)
            self.preset_panels[controller.camera.id] = panel
        else:
            panel.refresh()
        panel.show()
        panel.raise_()
        return panel

    def _on_ptz_changed(self, camera_id: str) -> None:
        controller = self.ptz.controllers.get(camera_id)
        caption = controller.caption() if controller is not None else ""
        for tile in self.view.tiles:
            if tile.camera_id == camera_id:
                tile.set_ptz_caption(caption)

    # -- actions -----------------------------------------------------------
    def _build_actions(self) -> None:
        toolbar = QToolBar(self.tr("Griglia"), self)
        toolbar.setObjectName("gridToolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        wall_menu = self.menuBar().addMenu(self.tr("&Parete"))
        group = QActionGroup(self)
        for n, name in enumerate(PRESETS, start=1):
            action = QAction(name, self, checkable=True)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.setToolTip(self.tr("Griglia %s (Ctrl+%d)") % (name, n))
            action.triggered.connect(lambda _=False, g=name: self.model.set_grid(g))
            group.addAction(action)
            toolbar.addAction(action)
            wall_menu.addAction(action)
            self._grid_actions[name] = action
        info = QToolBar(self.tr("Stato"), self)
        info.setObjectName("infoToolbar")
        info.setMovable(False)
        self.info = WallInfoBar(self.number, info, scale=self.options.text_scale)
        self.info.tour_label = self.screen_tour_label
        self.info.alarms_clicked.connect(self.alarms_requested)
        info.addWidget(self.info)
        self.addToolBar(info)
        self._grid_toolbar = toolbar
        wall_menu.addSeparator()
        wall_menu.addAction(self.tr("Sequenza dello schermo..."), self.edit_screen_tour)
        wall_menu.addAction(
            self.tr("Pausa/ripresa della sequenza dello schermo"), self.toggle_screen_tour
        )
        wall_menu.addAction(self.tr("Ferma la sequenza dello schermo"), self.model.stop_screen_tour)
        wall_menu.addSeparator()
        self.bars_action = QAction(self.tr("Mostra menu e barre"), self, checkable=True)
        self.bars_action.setShortcut(QKeySequence("Ctrl+M"))
        self.bars_action.setChecked(True)
        self.bars_action.triggered.connect(self.set_bars_visible)
        self.addAction(self.bars_action)  # Ctrl+M works with the menu bar hidden
        wall_menu.addAction(self.bars_action)
        self.fullscreen_action = QAction(self.tr("Schermo intero"), self, checkable=True)
        self.fullscreen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.fullscreen_action.triggered.connect(self.toggle_fullscreen)
        self.addAction(self.fullscreen_action)  # F11 works with the menu bar hidden
        wall_menu.addAction(self.fullscreen_action)
        self._on_model_grid_changed()

    def toggle_fullscreen(self) -> None:
        """F11: full screen on this window's screen, or back.

        Full screen hides the menu bar and the grid toolbar (Ctrl+M brings
        them back); the strip with the screen, layout, clock and alarms stays.
        """
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.fullscreen_action.setChecked(self.isFullScreen())
        self.set_bars_visible(not self.isFullScreen())

    def set_bars_visible(self, visible: bool) -> None:
        """Show or hide the menu bar and the grid toolbar."""
        self.menuBar().setVisible(visible)
        self._grid_toolbar.setVisible(visible)
        self.bars_action.setChecked(visible)

    # -- keyboard call-up --------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Call-up digits, Enter, Esc, Backspace and Delete; arrows and +/- for PTZ."""
        key, text = event.key(), event.text()
        controller = self.selected_ptz()
        if controller is not None and self.ptz_input.key(controller, event, True):
            return
        if text.isdigit() and len(text) == 1:
            if len(self._digits) < MAX_CALLUP_DIGITS:
                self._digits += text
            self._show_callup()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._digits:
            self.call_up(int(self._digits))
        elif key == Qt.Key.Key_Backspace and self._digits:
            self._digits = self._digits[:-1]
            self._show_callup()
        elif key == Qt.Key.Key_Escape:
            self._escape()
        elif key == Qt.Key.Key_Delete and self.model.selected is not None:
            self.model.clear(self.model.selected)
        elif key == Qt.Key.Key_P and self.model.selected is not None:
            self.toggle_tour(self.model.selected)
        elif key == Qt.Key.Key_P:
            self.toggle_screen_tour()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Releasing a PTZ key stops that movement."""
        controller = self.selected_ptz()
        if controller is None or not self.ptz_input.key(controller, event, False):
            super().keyReleaseEvent(event)

    @property
    def callup_text(self) -> str:
        """The digits typed so far (empty when no call-up is in progress)."""
        return self._digits

    def _escape(self) -> None:
        if self._digits:
            self._digits = ""
            self._show_callup()
        elif self.model.maximised is not None:
            self.model.toggle_maximise(self.model.maximised)

    def _target_tile(self) -> int:
        selected = self.model.selected
        if selected is not None:
            return selected
        empty = self.model.first_empty()
        return 0 if empty is None else empty

    def call_up(self, number: int) -> bool:
        """Show camera ``number`` in the selected tile; False if it does not exist."""
        self._digits = ""
        self._show_callup()
        camera = self.site.camera_by_number(number)
        if camera is None:
            self.bridge.warning(self.tr("Telecamera %d inesistente") % number)
            return False
        target = self._target_tile()
        self.model.assign(target, camera.id)
        self.model.select(target)
        logger.info("wall %d: camera %s called up into tile %d", self.number, camera.id, target)
        return True

    def _show_callup(self) -> None:
        if not self._digits:
            self._callup.hide()
            return
        tile = self._target_tile() + 1
        self._callup.setText(self.tr("Telecamera %s_  →  riquadro %d") % (self._digits, tile))
        self._callup.adjustSize()
        self._callup.move((self.view.width() - self._callup.width()) // 2, 12)
        self._callup.show()
        self._callup.raise_()

    # -- tile menu ---------------------------------------------------------
    def tile_menu(self, index: int) -> QMenu:
        """The right-click menu of tile ``index`` (built fresh each time)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        tile = self.view.tiles[index]
        cam_id = self.model.camera_at(index)
        snap = menu.addAction(self.tr("Istantanea"), lambda: self.snapshot(index))
        snap.setEnabled(tile.frame is not None)
        limit = capabilities_of(tile.stream).snapshot if tile.stream is not None else None
        if limit is not None:  # greyed out, and the reason in its tooltip
            snap.setEnabled(False)
            snap.setToolTip(limit_text(limit))
            menu.setToolTipsVisible(True)
        menu.addAction(self.tr("Svuota"), lambda: self.model.clear(index)).setEnabled(
            cam_id is not None
        )
        for peer in self.peers():
            action = menu.addAction(
                self.tr("Invia allo schermo %d") % (peer + 1),
                functools.partial(self.send_requested.emit, peer, cam_id or ""),
            )
            action.setEnabled(cam_id is not None)
        self._add_tour_actions(menu, index)
        zoom = menu.addAction(self.tr("Ripristina zoom"), lambda: self.reset_zoom(index))
        zoom.setEnabled(tile.zoom.active)
        if self._ptz_of_tile(tile) is not None:
            menu.addAction(self.tr("Preset..."), lambda: self.open_presets(index))
        elif tile.camera is not None and tile.camera.kind is CameraKind.PTZ:
            # A PTZ camera Occhio cannot steer says so, rather than ignoring the mouse.
            action = menu.addAction(self.tr("PTZ non comandabile: manca l'indirizzo ONVIF"))
            action.setEnabled(False)
            action.setToolTip(
                self.tr("Aggiungere l'indirizzo ONVIF della telecamera in Impianto > Telecamere")
            )
            menu.setToolTipsVisible(True)
        if self.options.tile_menu_extra is not None:
            self.options.tile_menu_extra(menu, tile, self.model)
        return menu

    def _add_tour_actions(self, menu: QMenu, index: int) -> None:
        run = self.model.tour_at(index)
        menu.addAction(self.tr("Sequenza..."), lambda: self.edit_tour(index))
        if run is not None:
            words = (
                self.tr("Riprendi sequenza (P)") if run.paused else self.tr("Pausa sequenza (P)")
            )
            menu.addAction(words, lambda: self.toggle_tour(index))
            menu.addAction(self.tr("Ferma sequenza"), lambda: self.model.stop_tour(index))

    def edit_tour(self, index: int) -> bool:
        """Ask which cameras tile ``index`` cycles through, and start it."""
        run = self.model.tour_at(index)
        tour = self.tour_asker(self, self.site, run.tour if run is not None else None)
        if tour is None:
            return False
        self.model.start_tour(index, tour, time.monotonic())
        logger.info("wall %d: tile %d tours %d cameras", self.number, index, len(tour.cameras))
        return True

    def edit_screen_tour(self) -> bool:
        """Ask which cameras the whole screen cycles through, a page at a time."""
        run = self.model.screen_tour
        tour = self.tour_asker(self, self.site, run.tour if run is not None else None)
        if tour is None:
            return False
        self.model.start_screen_tour(tour.cameras, tour.dwell_s, time.monotonic())
        logger.info("wall %d: the screen tours %d cameras", self.number, len(tour.cameras))
        return True

    def toggle_screen_tour(self) -> bool:
        """Pause or resume the screen's tour (False when it has none)."""
        return self.model.toggle_screen_tour_pause(time.monotonic())

    def screen_tour_label(self) -> str:
        """ "SEQ 2/4 · 8 s" while the screen tours, else ""."""
        run = self.model.screen_tour
        return run.label(time.monotonic()) if run is not None else ""

    def toggle_tour(self, index: int) -> bool:
        """Pause or resume tile ``index``'s tour (False when it has none)."""
        return self.model.toggle_tour_pause(index, time.monotonic())

    def _on_view_menu_requested(self, index: int, pos: QPoint) -> None:
        self.tile_menu(index).popup(pos)

    def snapshot(self, index: int) -> Path | None:
        """Save tile ``index``'s current frame; reports the outcome."""
        tile = self.view.tiles[index]
        if tile.frame is None or tile.camera is None:
            self.bridge.warning(self.tr("Nessuna immagine da salvare"))
            return None
        try:
            path = save_snapshot(
                tile.frame,
                tile.camera,
                self.options.operator,
                self.options.snapshot_dir,
                recorded=tile.recorded,
            )
        except (OSError, SnapshotError) as exc:
            logger.exception("snapshot of tile %d failed", index)
            self.bridge.error(self.tr("Istantanea non salvata: %s") % reason_words(exc))
            return None
        self.bridge.info(self.tr("Istantanea salvata in %s") % path)
        return path

    def reset_zoom(self, index: int) -> None:
        """Show the whole picture of tile ``index`` again."""
        tile = self.view.tiles[index]
        tile.zoom.reset()
        tile.zoom_changed()

    # -- slots -------------------------------------------------------------
    def _on_model_grid_changed(self) -> None:
        action = self._grid_actions.get(self.model.grid.name)
        if action is not None:
            action.setChecked(True)

    def _on_bridge_posted(self, _level: str, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def changeEvent(self, event: QEvent) -> None:
        """A minimised wall gives its streams back; restored, it takes them again."""
        if event.type() == QEvent.Type.WindowStateChange:
            minimised = bool(self.windowState() & Qt.WindowState.WindowMinimized)
            if minimised != self.view.minimised:
                logger.info("wall %d %s", self.number, "minimised" if minimised else "restored")
                self.view.set_minimised(minimised)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Give the streams back and stop listening to the model."""
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Release streams and disconnect from model and bridge (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.ptz.close()
        self.view.release_all()
        self.model.grid_changed.disconnect(self._on_model_grid_changed)
        self.view.disconnect_model()
        self.bridge.posted.disconnect(self._on_bridge_posted)

"""One wall window per screen, and what happens when screens come and go.

When a monitor disappears (cable, power, docking station), its wall is
hidden and suspended: the model and its cameras are kept, its streams are
released (nobody sees them, so nothing is decoded), and the operator is
told. When a monitor appears again, the first suspended wall goes back on
it unchanged. Moving the wall onto the primary screen instead would cover
the operator's own wall with a second full-screen window and double the
decoding load on the machine at the worst moment. The first window holds
the camera tree and the menus, so it is never hidden: it moves to the
primary screen.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDockWidget

from app.core.health import CameraHealth, HealthBook
from app.core.layout import WallLayout
from app.core.model import SiteConfig
from app.core.streams import StreamProvider
from app.core.tile_state import Health
from app.core.wall import MAX_TILES, ScreenLayout, WallModel
from app.devices.onvif import forget_cached_uris
from app.ui.camera_tree import CameraTree
from app.ui.messages import MessageBridge
from app.ui.tile import TileWidget
from app.ui.wall_view import REFRESH_MS
from app.ui.wall_window import WallOptions, WallWindow
from app.video.overload import OverloadGovernor

logger = logging.getLogger("app.ui")

#: A tile's state as a camera health, for walls without a health book (tests, tools).
TILE_HEALTH = {
    Health.LIVE: CameraHealth.OK,
    Health.STALLED: CameraHealth.DOWN,
    Health.FAILED: CameraHealth.DOWN,
}


@dataclass(eq=False)
class Wall:
    """One wall: its model, its window and the screen it is on (None: detached)."""

    model: WallModel
    window: WallWindow
    screen: QScreen | None = field(default=None)


class WallManager(QObject):
    """Opens the wall windows and keeps them matched to the screens.

    Signals:
        layout_changed(str): the walls now show the layout of this name
            ("" for an unsaved arrangement).
        site_changed(): an edited site is in use (``site``).

    With a ``governor`` (one per process, from the composition root) the
    streams of all its walls are under one overload control, ticked by one
    timer at the walls' refresh rate.
    """

    layout_changed = Signal(str)
    site_changed = Signal()

    def __init__(
        self,
        site: SiteConfig,
        provider: StreamProvider,
        bridge: MessageBridge,
        *,
        layout: WallLayout | None = None,
        screens: list[int] | None = None,
        options: WallOptions | None = None,
        governor: OverloadGovernor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.site, self.provider, self.bridge = site, provider, bridge
        self.governor = governor
        self.health_book: HealthBook | None = None
        self.options = options or WallOptions()
        self.layout_name = layout.name if layout is not None else ""
        chosen = self._chosen_screens(screens)
        saved = list(layout.screens) if layout is not None else []
        self.walls = [
            self._make_wall(i, saved[i] if i < len(saved) else ScreenLayout(), screen)
            for i, screen in enumerate(chosen)
        ]
        self._spare = saved[len(self.walls) :]  # screens the layout has and we have not
        self._closed = False
        self.current = 0  # the wall the tree's double-click fills
        self.tree = CameraTree(site, self.health_of)
        self.tree.camera_activated.connect(self._on_tree_camera_activated)
        dock = QDockWidget(self.tr("Telecamere"), self.walls[0].window)
        dock.setObjectName("cameraDock")
        dock.setWidget(self.tree)
        self.walls[0].window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        bridge.box_parent = self.walls[0].window
        gui = QGuiApplication.instance()
        assert isinstance(gui, QGuiApplication)
        gui.screenAdded.connect(self._on_screen_added)
        gui.screenRemoved.connect(self._on_screen_removed)
        self._governor_timer = QTimer(self)
        if governor is not None:
            for wall in self.walls:
                governor.add_source(wall.window.view.demands)
            self._governor_timer.setInterval(REFRESH_MS)
            self._governor_timer.timeout.connect(self._on_governor_timer_timeout)
            self._governor_timer.start()

    def _on_governor_timer_timeout(self) -> None:
        if self.governor is not None:
            self.governor.tick(time.monotonic(), REFRESH_MS / 1000)

    @staticmethod
    def _chosen_screens(numbers: list[int] | None) -> list[QScreen]:
        """Screens to use: all, or those numbered (1-based) on the command line."""
        all_screens = QGuiApplication.screens()
        if not numbers:
            return all_screens
        chosen = [all_screens[n - 1] for n in numbers if 1 <= n <= len(all_screens)]
        for n in numbers:
            if not 1 <= n <= len(all_screens):
                logger.warning("screen %d does not exist (%d screens)", n, len(all_screens))
        return chosen or all_screens[:1]

    def _make_wall(self, number: int, layout: ScreenLayout, screen: QScreen) -> Wall:
        model = WallModel(layout)
        window = WallWindow(
            number, model, self.site, self.provider, self.bridge, options=self.options
        )
        window.peers = functools.partial(self._peers_of, number)
        window.send_requested.connect(self._on_window_send_requested)
        window.info.set_layout_name(self.layout_name)
        model.selected_changed.connect(functools.partial(self._on_wall_selected, number))
        return Wall(model, window, screen)

    def _peers_of(self, number: int) -> list[int]:
        return [i for i in range(len(self.walls)) if i != number]

    # -- showing -----------------------------------------------------------
    def show(self, fullscreen: bool = False) -> None:
        """Put every wall on its screen."""
        for wall in self.walls:
            if wall.screen is not None:
                self._place(wall, wall.screen, fullscreen)
        logger.info("%d wall window(s) shown", len(self.walls))

    @staticmethod
    def _place(wall: Wall, screen: QScreen, fullscreen: bool = False) -> None:
        window = wall.window
        window.setGeometry(screen.availableGeometry())
        window.create()
        handle = window.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        if fullscreen:
            window.showFullScreen()
            window.fullscreen_action.setChecked(True)
            window.set_bars_visible(False)
        else:
            window.show()

    def windows(self) -> list[WallWindow]:
        """Every wall window, attached or not."""
        return [w.window for w in self.walls]

    # -- layouts -----------------------------------------------------------
    def snapshot(self, name: str) -> WallLayout:
        """The current arrangement of every wall, under ``name``."""
        screens = tuple(w.model.snapshot() for w in self.walls) + tuple(self._spare)
        return WallLayout(name, screens)

    def apply(self, layout: WallLayout) -> None:
        """Show ``layout``: screen i's part on wall i (missing parts: empty 3x3)."""
        for i, wall in enumerate(self.walls):
            wall.model.load(layout.screens[i] if i < len(layout.screens) else ScreenLayout())
        self._spare = list(layout.screens[len(self.walls) :])
        self.set_layout_name(layout.name)
        logger.info("layout %r applied to %d wall(s)", layout.name, len(self.walls))

    def set_layout_name(self, name: str) -> None:
        """The layout the walls show now (every window's strip says it)."""
        changed = name != self.layout_name
        self.layout_name = name
        for wall in self.walls:
            wall.window.info.set_layout_name(name)
        if changed:
            self.layout_changed.emit(name)

    def set_alarm_count(self, count: int) -> None:
        """Alarms waiting for an acknowledgement, on every wall window."""
        for wall in self.walls:
            wall.window.info.set_alarm_count(count)

    # -- an edited site -------------------------------------------------------
    def set_site(self, site: SiteConfig) -> None:
        """Use an edited site: tree rebuilt, removed cameras' tiles emptied,
        changed cameras' streams restarted with the new settings.

        A changed camera's tiles are emptied first on every wall, so that its
        shared streams are released and then opened afresh; a camera whose
        values did not change keeps its streams running.
        """
        changed = {c.id for c in self.site.cameras if site.camera(c.id) != c}
        restore: list[tuple[WallModel, int, str]] = []
        for wall in self.walls:
            for index in range(MAX_TILES):
                cam_id = wall.model.camera_at(index)
                if cam_id is not None and cam_id in changed:
                    wall.model.clear(index)
                    if site.camera(cam_id) is not None:
                        restore.append((wall.model, index, cam_id))
        self.site = site
        for wall in self.walls:
            wall.window.site = site
            wall.window.view.site = site
        forget_cached_uris()  # an ONVIF camera may have new credentials
        for model, index, cam_id in restore:
            model.assign(index, cam_id)
        self.tree.set_site(site)
        self.site_changed.emit()
        logger.info(
            "site applied: %d cameras, %d changed or removed", len(site.cameras), len(changed)
        )

    # -- state for the tree --------------------------------------------------
    def set_health_book(self, book: HealthBook) -> None:
        """Take cameras' health from ``book`` (every camera, watched or not)."""
        self.health_book = book
        self.tree.refresh_states()

    def health_of(self, camera_id: str) -> CameraHealth | None:
        """A camera's health: from the health book, else from a tile that shows it."""
        if self.health_book is not None:
            record = self.health_book.record(camera_id)
            if record is not None:
                return record.health
        for tile in self.shown_tiles():
            if tile.camera_id == camera_id and tile.stream is not None:
                return TILE_HEALTH.get(tile.state.health)
        return None

    def shown_tiles(self) -> list[TileWidget]:
        """Every tile on screen now, on every wall that is not suspended."""
        return [
            tile
            for wall in self.walls
            if not wall.window.view.suspended
            for tile in wall.window.view.visible_tiles()
        ]

    # -- screens -------------------------------------------------------------
    def _on_screen_removed(self, screen: QScreen) -> None:
        for wall in self.walls:
            if wall.screen is not screen:
                continue
            wall.screen = None
            number = wall.window.number + 1
            if wall is self.walls[0]:
                primary = QGuiApplication.primaryScreen()
                wall.screen = primary
                self._place(wall, primary, wall.window.isFullScreen())
                logger.info("screen %s removed: wall 1 moved to the primary screen", screen.name())
                continue
            wall.window.hide()
            wall.window.view.set_suspended(True)
            logger.info("screen %s removed: wall %d suspended", screen.name(), number)
            self.bridge.warning(
                self.tr(
                    "Schermo scollegato: parete %d sospesa, tornerà quando lo schermo "
                    "sarà ricollegato"
                )
                % number
            )

    def _on_screen_added(self, screen: QScreen) -> None:
        wall = next((w for w in self.walls if w.screen is None), None)
        if wall is None:
            logger.info("screen %s added; no suspended wall to put on it", screen.name())
            return
        wall.screen = screen
        wall.window.view.set_suspended(False)
        self._place(wall, screen, wall.window.fullscreen_action.isChecked())
        number = wall.window.number + 1
        logger.info("screen %s added: wall %d shown on it", screen.name(), number)
        self.bridge.info(self.tr("Parete %d di nuovo visibile") % number)

    # -- routing cameras ------------------------------------------------------
    def _on_wall_selected(self, number: int, selected: int | None) -> None:
        if selected is not None:
            self.current = number
            for wall in self.walls:
                if wall.window.number != number:
                    wall.model.select(None)

    def _on_tree_camera_activated(self, camera_id: str) -> None:
        self.show_camera(self.current, camera_id)

    def _on_window_send_requested(self, target: int, camera_id: str) -> None:
        self.show_camera(target, camera_id)

    def show_camera(self, number: int, camera_id: str) -> int:
        """Put a camera in wall ``number``'s selected tile, else its first empty one."""
        model = self.walls[number].model
        index = model.selected
        if index is None:
            index = model.first_empty()
        if index is None:
            index = 0
        model.assign(index, camera_id)
        return index

    def shutdown(self) -> None:
        """Close every window (their streams are released); idempotent."""
        if self._closed:
            return
        self._closed = True
        self._governor_timer.stop()
        if self.governor is not None:
            for wall in self.walls:
                self.governor.remove_source(wall.window.view.demands)
        gui = QGuiApplication.instance()
        if isinstance(gui, QGuiApplication):
            gui.screenAdded.disconnect(self._on_screen_added)
            gui.screenRemoved.disconnect(self._on_screen_removed)
        for wall in self.walls:
            wall.window.shutdown()
            wall.window.close()
        logger.info("wall windows closed")

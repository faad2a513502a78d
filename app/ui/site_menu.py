"""The "Impianto" menu: the camera editor and the search for cameras.

``SiteActions`` opens at most one editor and one search window at a time
(non-modal: the wall keeps running behind them) and applies a saved site to
the walls through ``WallManager.set_site``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QWidget

from app.devices.discovery import WSD_GROUP, DiscoveredDevice
from app.ui.camera_editor import VERIFY_TIMEOUT_S, CameraEditor, SecretStore, ask_device
from app.ui.discovery_dialog import DiscoveryDialog
from app.ui.layout_menu import Asker
from app.ui.messages import MessageBridge
from app.ui.screens import WallManager

logger = logging.getLogger("app.ui")


class SiteActions(QObject):
    """What the Impianto menu does, over a ``WallManager``.

    ``path`` is the site file (None: the demo, whose site is not saved).
    ``store`` makes the credential store when the editor first needs it:
    finding out whether a system keyring answers can take a moment, which
    the wall's start-up should not wait for.
    """

    def __init__(
        self,
        manager: WallManager,
        bridge: MessageBridge,
        path: Path | None,
        store: Callable[[], SecretStore | None],
        *,
        asker: Asker | None = None,
        target: tuple[str, int] = WSD_GROUP,
        onvif_timeout: float = VERIFY_TIMEOUT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.manager, self.bridge, self.path = manager, bridge, path
        self.onvif_timeout = onvif_timeout  # seconds per ONVIF request (onvif.timeout_s)
        self._make_store = store
        self._store: SecretStore | None = None
        self.asker, self.target = asker, target
        self.editor: CameraEditor | None = None
        self.search: DiscoveryDialog | None = None

    def build_menu(self, parent: QWidget) -> QMenu:
        """The "Impianto" menu for one window."""
        menu = QMenu(self.tr("&Impianto"), parent)
        menu.addAction(self.tr("Telecamere..."), self.open_editor)
        menu.addAction(self.tr("Cerca telecamere..."), self.open_search)
        return menu

    def open_editor(self) -> CameraEditor:
        """Show the camera editor (the open one, if any)."""
        if self.editor is None:
            if self._store is None:
                self._store = self._make_store()
            self.editor = CameraEditor(
                self.manager.site,
                self.bridge,
                path=self.path,
                store=self._store,
                asker=self.asker,
                verify=functools.partial(ask_device, timeout=self.onvif_timeout),
                parent=self.manager.walls[0].window,
            )
            self.editor.saved.connect(self.manager.set_site)
            self.editor.finished.connect(self._on_editor_finished)
        self.editor.show()
        self.editor.raise_()
        logger.info("camera editor opened (%d cameras)", len(self.manager.site.cameras))
        return self.editor

    def _on_editor_finished(self, _result: int) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
            self.editor = None

    def open_search(self) -> DiscoveryDialog:
        """Show the search window and start a search."""
        if self.search is None:
            self.search = DiscoveryDialog(
                self.manager.site,
                self.bridge,
                self.add_device,
                target=self.target,
                parent=self.manager.walls[0].window,
            )
        self.search.site = self.manager.site
        self.search.show()
        self.search.raise_()
        self.search.search()
        return self.search

    def add_device(self, device: DiscoveredDevice) -> None:
        """Open the editor with a found device's ONVIF address filled in."""
        self.open_editor().new_onvif_camera(device.address, device.port, device.name)


def install_site_menus(actions: SiteActions) -> None:
    """Add the Impianto menu to every wall window's menu bar."""
    for window in actions.manager.windows():
        window.menuBar().addMenu(actions.build_menu(window))

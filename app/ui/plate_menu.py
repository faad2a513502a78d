"""The "Targhe" menu: hits panel, search, traffic, hotlist import; plate messages.

``PlateActions`` opens at most one of each window (non-modal, the wall keeps
running), imports a hotlist file on a thread of its own (a million rows take
seconds; the wall must not stop) and turns plate events that need the
operator's attention into messages: a source that fails, a camera sending
reads faster than plausible.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QWidget

from app.anpr.hotlist_import import ImportReport
from app.anpr.sources import SourceStatus
from app.anpr.storage import PlateStorage
from app.anpr.transit_hits import HitRow
from app.config import paths
from app.core.plates_lists import CATEGORIES
from app.core.streams import StreamState
from app.ui.messages import MessageBridge
from app.ui.plate_export import ExporterFactory, HitExportDialog, default_folder
from app.ui.plate_hits import HitsController
from app.ui.plate_hits_panel import HitsModel, HitsPanel
from app.ui.plate_search import PlateSearchWindow, RecordingOpener
from app.ui.plate_traffic import TrafficWindow
from app.ui.screens import WallManager

logger = logging.getLogger("app.ui")

OVERFLOW_MESSAGE_EVERY_S = 10.0
translate = QCoreApplication.translate


class PlateActions(QObject):
    """What the Targhe menu does.

    ``call_soon`` runs a function on the GUI thread (``PlateBridge.call_soon``):
    the import thread reports through it.

    Signals:
        search_opened(object): the search window was made (the map links to it).
    """

    search_opened = Signal(object)

    def __init__(
        self,
        manager: WallManager,
        storage: PlateStorage,
        hits: HitsController,
        *,
        rates: Callable[[], dict[str, int]],
        bridge: MessageBridge,
        call_soon: Callable[..., None],
        make_exporter: ExporterFactory | None = None,
        play_recording: RecordingOpener | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.manager, self.storage, self.hits = manager, storage, hits
        self._make_exporter = make_exporter
        self._play_recording = play_recording
        self.export_dialogs: list[HitExportDialog] = []
        self._rates, self.bridge = rates, bridge
        self.hits_panel: HitsPanel | None = None
        self.search: PlateSearchWindow | None = None
        self.traffic: TrafficWindow | None = None
        self._call_soon = call_soon
        self.statuses: dict[str, SourceStatus] = {}
        self._overflow_said = -OVERFLOW_MESSAGE_EVERY_S

    def build_menu(self, parent: QWidget) -> QMenu:
        """The "Targhe" menu for one window."""
        menu = QMenu(self.tr("&Targhe"), parent)
        menu.addAction(self.tr("Segnalazioni"), self.open_hits)
        menu.addAction(self.tr("Ricerca transiti..."), self.open_search)
        menu.addAction(self.tr("Traffico..."), self.open_traffic)
        menu.addAction(self.tr("Importa lista..."), self.ask_import)
        return menu

    def _window_parent(self) -> QWidget:
        return self.manager.walls[0].window

    def open_hits(self) -> HitsPanel:
        """Show the hits panel."""
        if self.hits_panel is None:
            export = self.export_hit if self._make_exporter is not None else None
            self.hits_panel = HitsPanel(HitsModel(self.storage.transits, self), export)
            self.hits.changed.connect(self.hits_panel.model.refresh)
        self.hits_panel.show()
        return self.hits_panel

    def export_hit(self, row: HitRow, parent: QWidget | None = None) -> HitExportDialog:
        """The export dialog of an acknowledged hit."""
        assert self._make_exporter is not None
        dialog = HitExportDialog(
            row,
            self._make_exporter,
            operator=self.hits.operator,
            folder=default_folder(paths.data_dir(), row),
            parent=parent,
        )
        self.export_dialogs = [d for d in self.export_dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    def open_search(self) -> PlateSearchWindow:
        """Show the search window."""
        if self.search is None:
            self.search = PlateSearchWindow(
                self.storage.transits,
                self.storage.images,
                self.manager.site,
                ask_export,
                open_recording=self._play_recording,
            )
            self.search_opened.emit(self.search)
        self.search.show()
        return self.search

    def open_traffic(self) -> TrafficWindow:
        """Show the traffic window."""
        if self.traffic is None:
            self.traffic = TrafficWindow(
                self.storage.transits, self.manager.site, self._rates, ask_csv_file
            )
        self.traffic.refresh()
        self.traffic.show()
        return self.traffic

    def ask_import(self) -> None:
        """Ask for a file and a list, then import on a thread."""
        parent = self._window_parent()
        name, _filter = QFileDialog.getOpenFileName(
            parent, self.tr("Lista targhe"), "", self.tr("Liste (*.csv *.txt)")
        )
        if not name:
            return
        lists = [hl.name for hl in self.storage.hotlists.store.lists()]
        list_name, ok = QInputDialog.getItem(
            parent, self.tr("Lista"), self.tr("Nome"), lists, 0, True
        )
        if not ok or not list_name.strip():
            return
        if self.storage.hotlists.find_list(list_name) is None:
            ids = [c.id for c in CATEGORIES]
            category, ok = QInputDialog.getItem(
                parent, self.tr("Categoria"), list_name, ids, 0, False
            )
            if not ok:
                return
            self.storage.hotlists.define(list_name, category)
        self.start_import(Path(name), list_name.strip())

    def start_import(self, path: Path, list_name: str) -> threading.Thread:
        """Import ``path`` into the defined ``list_name`` off the GUI thread."""
        self.bridge.info(self.tr("Importazione di %s in corso...") % path.name)

        def work() -> None:
            self._call_soon(self._on_imported, self.storage.hotlists.import_file(path, list_name))

        thread = threading.Thread(target=work, name="hotlist-import", daemon=True)
        thread.start()
        return thread

    def _on_imported(self, report: ImportReport) -> None:
        if report.ok:
            self.bridge.info(report.text().splitlines()[0] + " — " + report.text().splitlines()[2])
        else:
            self.bridge.error(report.text())

    def on_status(self, status: SourceStatus) -> None:
        """Tell the operator when a plate camera fails for good."""
        before = self.statuses.get(status.camera_id)
        self.statuses[status.camera_id] = status
        if status.state is StreamState.FAILED and (before is None or before.state != status.state):
            self.bridge.warning(
                self.tr("Varco %s non raggiungibile: %s") % (status.camera_id, status.failure)
            )

    def on_overflow(self, waiting: int) -> None:
        """Too many hits at once: say where the others are (at most every few seconds)."""
        now = time.monotonic()
        if now - self._overflow_said >= OVERFLOW_MESSAGE_EVERY_S:
            self._overflow_said = now
            self.bridge.warning(
                self.tr("%d segnalazioni non aperte: vedere Targhe > Segnalazioni") % waiting
            )

    def on_rate_warning(self, camera: str, rate: float) -> None:
        """A camera floods the station: warn, once in a while (the pipeline limits it)."""
        self.bridge.warning(
            self.tr("Il varco %s invia %.0f letture al secondo: verificare la telecamera")
            % (camera, rate)
        )

    def shutdown(self) -> None:
        """Close the plate windows."""
        for window in (self.hits_panel, self.search, self.traffic, *self.export_dialogs):
            if window is not None:
                window.close()


def ask_export(parent: QWidget) -> tuple[Path, str] | None:
    """The reason (required, recorded) and the file of a CSV export."""
    reason, ok = QInputDialog.getText(
        parent,
        translate("PlateActions", "Motivo"),
        translate("PlateActions", "Motivo o numero di protocollo dell'estrazione"),
    )
    if not ok or not reason.strip():
        return None
    path = ask_csv_file(parent)
    return None if path is None else (path, reason.strip())


def ask_csv_file(parent: QWidget) -> Path | None:
    """Where to save a CSV file."""
    title = translate("PlateActions", "Esporta")
    name, _filter = QFileDialog.getSaveFileName(parent, title, "", "CSV (*.csv)")
    return Path(name) if name else None


def install_plate_menus(actions: PlateActions) -> None:
    """Add the Targhe menu to every wall window's menu bar."""
    for window in actions.manager.windows():
        window.menuBar().addMenu(actions.build_menu(window))

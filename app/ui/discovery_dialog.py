"""Looking for ONVIF cameras on the network (WS-Discovery) and adding them.

"Cerca telecamere" probes in a worker thread for a few seconds; the
answers are listed with what the devices say they are, and whether the
site already has them (same ONVIF address and port, or the host of one of
its stream URLs). "Aggiungi" hands the chosen device to a callback, which
opens the camera editor pre-filled with its ONVIF address.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import SiteConfig
from app.core.site_edit import configured_endpoints
from app.devices.discovery import WSD_GROUP, DiscoveredDevice, discover
from app.ui.background import BackgroundCall, run_in_background
from app.ui.messages import MessageBridge
from app.ui.reasons import reason_words

logger = logging.getLogger("app.ui")

SCAN_SECONDS = 3.0


class DiscoveryDialog(QDialog):
    """The devices that answered a WS-Discovery probe, and an "Aggiungi" button."""

    def __init__(
        self,
        site: SiteConfig,
        bridge: MessageBridge,
        on_add: Callable[[DiscoveredDevice], None],
        *,
        target: tuple[str, int] = WSD_GROUP,
        interface: str = "",
        seconds: float = SCAN_SECONDS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cerca telecamere"))
        self.site, self.bridge, self.on_add = site, bridge, on_add
        self.target, self.interface, self.seconds = target, interface, seconds
        self.devices: list[DiscoveredDevice] = []
        self.job: BackgroundCall | None = None
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Indirizzo"), self.tr("Nome"), self.tr("Modello"), self.tr("Stato")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.status = QLabel(self)
        self.search_button = QPushButton(self.tr("Cerca telecamere"), self)
        self.search_button.clicked.connect(self.search)
        self.add_button = QPushButton(self.tr("Aggiungi"), self)
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_selected)
        close = QPushButton(self.tr("Chiudi"), self)
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        for button in (self.search_button, self.add_button, close):
            button.setAutoDefault(False)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(640, 360)

    def search(self) -> bool:
        """Probe the network in a worker thread (False if a search is running)."""
        if self.job is not None and self.job.running:
            return False
        self.search_button.setEnabled(False)
        self.status.setText(self.tr("Ricerca in corso..."))
        seconds, target, interface = self.seconds, self.target, self.interface
        self.job = run_in_background(
            lambda: asyncio.run(discover(seconds, target, interface)),
            self._on_found,
            "ws-discovery",
            self,
        )
        return True

    def _on_found(self, devices: Any, error: BaseException | None) -> None:
        self.search_button.setEnabled(True)
        if error is not None:
            logger.error("WS-Discovery failed: %s", error)
            self.status.setText("")
            self.bridge.error(
                self.tr("Ricerca delle telecamere non riuscita: %s") % reason_words(error)
            )
            return
        self.show_devices(list(devices))

    def is_configured(self, device: DiscoveredDevice) -> bool:
        """True when the site already has this device."""
        onvif, hosts = configured_endpoints(self.site)
        return (device.address, device.port) in onvif or device.address in hosts

    def show_devices(self, devices: list[DiscoveredDevice]) -> None:
        """List ``devices`` (replacing the previous answers)."""
        self.devices = devices
        self.table.setRowCount(0)
        for device in devices:
            row = self.table.rowCount()
            self.table.insertRow(row)
            state = self.tr("già configurata") if self.is_configured(device) else self.tr("nuova")
            for column, text in enumerate(
                (f"{device.address}:{device.port}", device.name, device.model, state)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("Dispositivi trovati: %d") % len(devices))

    def state_of(self, row: int) -> str:
        """The "Stato" text of a row (for tests and screen readers)."""
        item = self.table.item(row, 3)
        return item.text() if item is not None else ""

    def _on_table_selection_changed(self) -> None:
        self.add_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def add_selected(self) -> bool:
        """Hand the chosen device to the editor."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        self.on_add(self.devices[rows[0].row()])
        return True

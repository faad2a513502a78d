"""Looking for ONVIF cameras on the network (WS-Discovery) and adding them.

"Cerca telecamere" probes in a worker thread for a few seconds; the
answers are listed with what the devices say they are, and whether the
site already has them (same ONVIF address and port, or the host of one of
its stream URLs: decided in the worker thread too, with one index of the
site). At most ``MAX_DEVICES`` are listed, and the status line says when
more answered. "Aggiungi" hands the chosen device to a callback, which
opens the camera editor pre-filled with its ONVIF address.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import SiteConfig
from app.devices.discovery import (
    MAX_DEVICES,
    MAX_UNICAST,
    WSD_GROUP,
    AddressRangeError,
    DiscoveredDevice,
    DiscoveryResult,
    discover_all,
    mark_configured,
    probing_address,
    unicast_targets,
)
from app.ui.background import BackgroundCall, run_in_background
from app.ui.messages import MessageBridge
from app.ui.reasons import reason_words

logger = logging.getLogger("app.ui")

SCAN_SECONDS = 3.0


@dataclass(frozen=True)
class SearchOutcome:
    """A search's result with, per device, whether the site already has it."""

    result: DiscoveryResult
    configured: list[bool]


def search_network(
    site: SiteConfig,
    seconds: float,
    target: tuple[str, int] | list[tuple[str, int]],
    interface: str,
    limit: int,
) -> SearchOutcome:
    """Probe and match against the site (blocking: runs in the worker thread)."""
    result = asyncio.run(discover_all(seconds, target, interface, limit=limit))
    return SearchOutcome(result, mark_configured(result.devices, site))


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
        limit: int = MAX_DEVICES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cerca telecamere"))
        self.site, self.bridge, self.on_add = site, bridge, on_add
        self.target, self.interface, self.seconds = target, interface, seconds
        self.limit = limit
        self.devices: list[DiscoveredDevice] = []
        self._searched: list[tuple[str, int]] = []
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
        self.direct = QLineEdit(self)
        self.direct.setPlaceholderText(
            self.tr("Indirizzo o intervallo: 192.168.1.20, 10.0.5.10-40, 10.0.5.0/28")
        )
        self.direct.returnPressed.connect(self.search_direct)
        direct_button = QPushButton(self.tr("Cerca a questi indirizzi"), self)
        direct_button.setAutoDefault(False)
        direct_button.clicked.connect(self.search_direct)
        self.add_button = QPushButton(self.tr("Aggiungi"), self)
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_selected)
        close = QPushButton(self.tr("Chiudi"), self)
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        for button in (self.search_button, self.add_button, close):
            button.setAutoDefault(False)
            row.addWidget(button)
        direct_row = QHBoxLayout()
        direct_row.addWidget(self.direct, 1)
        direct_row.addWidget(direct_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addLayout(direct_row)
        layout.addLayout(row)
        self.resize(640, 360)

    def search(self) -> bool:
        """Probe the network in a worker thread (False if a search is running)."""
        return self._start([self.target])

    def search_direct(self) -> bool:
        """Probe the typed addresses one by one (cameras multicast does not reach)."""
        try:
            targets = unicast_targets(self.direct.text(), self.target[1])
        except AddressRangeError:
            self.status.setText(
                self.tr(
                    "Indirizzo non valido: un indirizzo, un intervallo (10.0.5.10-40) o una "
                    "rete (10.0.5.0/28) di al massimo %d indirizzi"
                )
                % MAX_UNICAST
            )
            return False
        return self._start(targets)

    def _start(self, targets: list[tuple[str, int]]) -> bool:
        if self.job is not None and self.job.running:
            return False
        self._searched = targets
        self.search_button.setEnabled(False)
        self.status.setText(self.tr("Ricerca in corso..."))
        site, seconds, interface = self.site, self.seconds, self.interface
        target = targets[0] if len(targets) == 1 else targets
        limit = self.limit
        self.job = run_in_background(
            lambda: search_network(site, seconds, target, interface, limit),
            self._on_found,
            "ws-discovery",
            self,
        )
        return True

    def _on_found(self, outcome: Any, error: BaseException | None) -> None:
        self.search_button.setEnabled(True)
        if error is not None or not isinstance(outcome, SearchOutcome):
            logger.error("WS-Discovery failed: %s", error)
            self.status.setText("")
            self.bridge.error(
                self.tr("Ricerca delle telecamere non riuscita: %s")
                % reason_words(error or RuntimeError("no search result"))
            )
            return
        self.show_devices(outcome.result.devices, outcome.configured, outcome.result.more)

    def show_devices(
        self, devices: list[DiscoveredDevice], configured: list[bool] | None = None, more: int = 0
    ) -> None:
        """List ``devices`` (replacing the previous answers); ``configured`` marks
        those the site has (computed here when not given), ``more`` counts those
        that answered beyond the cap."""
        if configured is None:
            configured = mark_configured(devices, self.site)
        self.devices = devices
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(devices))
        known, new = self.tr("già configurata"), self.tr("nuova")
        for row, (device, has) in enumerate(zip(devices, configured, strict=True)):
            texts = (f"{device.address}:{device.port}", device.name, device.model)
            for column, text in enumerate((*texts, known if has else new)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setUpdatesEnabled(True)
        self.table.resizeColumnsToContents()
        text = self.tr("Dispositivi trovati: %d") % len(devices)
        if more:
            text += " " + self.tr("(altri %d non elencati: restringere la ricerca)") % more
        if not devices:
            text = self._where_searched()
        self.status.setText(text)

    def _where_searched(self) -> str:
        """Nobody answered: where the probe went, and what to try next."""
        searched = self._searched or [self.target]
        local = probing_address(searched[0], self.interface) or self.tr("nessuna rete")
        if len(searched) == 1 and searched[0] == WSD_GROUP:
            where = self.tr("in multicast (%s:%d) dall'interfaccia %s") % (*WSD_GROUP, local)
        elif len(searched) == 1:
            where = self.tr("all'indirizzo %s:%d dall'interfaccia %s") % (*searched[0], local)
        else:
            where = self.tr("a %d indirizzi (%s ... %s) dall'interfaccia %s") % (
                len(searched),
                searched[0][0],
                searched[-1][0],
                local,
            )
        return (
            self.tr(
                "Nessun dispositivo ha risposto: cercato con WS-Discovery %s. Le telecamere in "
                "un'altra rete (VLAN, ponte radio) non ricevono il multicast: indicarne "
                "l'indirizzo o un intervallo qui sotto."
            )
            % where
        )

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

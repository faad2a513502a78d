"""The alarm list: what happened, to which camera, and who acknowledged it.

Newest first; unacknowledged alarms in bold and red. "Conferma..." asks
for a note and records who acknowledged and when; "Mostra su schermo"
puts the alarm's camera on a chosen wall screen. The list is read from
the alarm store, so it shows what happened before a restart too.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.alarms import Alarm, AlarmKind
from app.core.health import RECORDER_PREFIX, is_recorder
from app.core.model import SiteConfig
from app.ui.health_service import HealthService
from app.ui.status_text import failure_words

#: Asks the operator for a note: (title, label) -> text, or None when cancelled.
NoteAsker = Callable[[str, str], str | None]

COLUMNS = 8


def _clock(at: float | None) -> str:
    return dt.datetime.fromtimestamp(at).strftime("%d/%m %H:%M:%S") if at else ""


class AlarmPanel(QWidget):
    """The alarm list with its acknowledge and send-to-screen actions."""

    def __init__(
        self,
        service: HealthService,
        site: SiteConfig,
        operator: str,
        ask_note: NoteAsker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.site, self.operator, self.ask_note = service, site, operator, ask_note
        self.alarms: list[Alarm] = []
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Ora"),
                self.tr("Telecamera"),
                self.tr("Comune"),
                self.tr("Evento"),
                self.tr("Motivo"),
                self.tr("Fuori servizio da"),
                self.tr("Confermato da"),
                self.tr("Nota"),
            ]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.only_waiting = QCheckBox(self.tr("Solo da confermare"), self)
        self.only_waiting.toggled.connect(self.refresh)
        self.ack_button = QPushButton(self.tr("Conferma..."), self)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.send_button = QPushButton(self.tr("Mostra su schermo"), self)
        self.send_button.setMenu(QMenu(self.send_button))
        self.send_button.menu().aboutToShow.connect(self._fill_send_menu)
        buttons = QHBoxLayout()
        for widget in (self.only_waiting, self.ack_button, self.send_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        service.alarms_changed.connect(self._on_service_alarms_changed)
        self.refresh()

    def refresh(self) -> None:
        """Read the alarms again and fill the table."""
        alarms = self.service.alarms.recent()
        if self.only_waiting.isChecked():
            alarms = [a for a in alarms if not a.acknowledged]
        self.alarms = alarms
        self.table.setRowCount(len(alarms))
        for row, alarm in enumerate(alarms):
            for column, text in enumerate(self._cells(alarm)):
                item = QTableWidgetItem(text)
                if not alarm.acknowledged:
                    font = QFont()
                    font.setBold(True)
                    item.setFont(font)
                    if alarm.priority >= 2:
                        item.setForeground(QBrush(QColor("#ff6b6b")))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _cells(self, alarm: Alarm) -> list[str]:
        camera = self.site.camera(alarm.camera_id)
        name = f"{camera.number} {camera.name}" if camera is not None else alarm.camera_id
        if is_recorder(alarm.camera_id):
            name = self.tr("Videoregistratore %s") % alarm.camera_id.removeprefix(RECORDER_PREFIX)
        place = self.site.site(camera.site_id) if camera is not None else None
        return [
            _clock(alarm.at),
            name,
            place.name if place is not None else "",
            self._event_words(alarm),
            failure_words(alarm.failure),
            _clock(alarm.since),
            f"{alarm.acked_by} {_clock(alarm.acked_at)}".strip(),
            alarm.note,
        ]

    def _event_words(self, alarm: Alarm) -> str:
        if alarm.kind is AlarmKind.CAMERA_BACK and is_recorder(alarm.camera_id):
            return self.tr("Videoregistratore di nuovo raggiungibile")
        return {
            AlarmKind.CAMERA_DOWN: self.tr("Telecamera fuori servizio"),
            AlarmKind.WRONG_CREDENTIALS: self.tr("Credenziali rifiutate"),
            AlarmKind.CAMERA_BACK: self.tr("Telecamera di nuovo in servizio"),
            AlarmKind.RECORDER_UNREACHABLE: self.tr("Videoregistratore non raggiungibile"),
        }[alarm.kind]

    def selected(self) -> Alarm | None:
        """The alarm of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.alarms[rows[0].row()]

    def acknowledge_selected(self) -> Alarm | None:
        """Acknowledge the selected alarm with a note the operator writes."""
        alarm = self.selected()
        if alarm is None or alarm.acknowledged:
            return None
        note = self.ask_note(self.tr("Conferma allarme"), self.tr("Nota (facoltativa):"))
        if note is None:
            return None
        return self.service.acknowledge(alarm.id, self.operator, note.strip())

    def send_selected(self, screen: int) -> bool:
        """Put the selected alarm's camera on wall ``screen`` (0-based)."""
        alarm = self.selected()
        if alarm is None or self.site.camera(alarm.camera_id) is None:
            return False
        self.service.walls.show_camera(screen, alarm.camera_id)
        return True

    def _fill_send_menu(self) -> None:
        menu = self.send_button.menu()
        menu.clear()
        for screen in range(len(self.service.walls.walls)):
            menu.addAction(
                self.tr("Schermo %d") % (screen + 1), functools.partial(self.send_selected, screen)
            )

    def _on_service_alarms_changed(self, _count: int) -> None:
        self.refresh()


def install_alarm_dock(service: HealthService, ask_note: NoteAsker) -> AlarmPanel:
    """The alarm list as a dock of the first wall window, opened by every alarm counter."""
    from PySide6.QtWidgets import QDockWidget

    walls = service.walls
    first = walls.walls[0].window
    panel = AlarmPanel(service, walls.site, first.options.operator, ask_note)
    dock = QDockWidget(QCoreApplication.translate("AlarmPanel", "Allarmi"), first)
    dock.setObjectName("alarmDock")
    dock.setWidget(panel)
    first.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    for wall in walls.walls:
        wall.window.alarms_requested.connect(dock.show)
        wall.window.alarms_requested.connect(dock.raise_)
    service.alarms_changed.connect(walls.set_alarm_count)
    return panel

"""The station's camera health and alarms, as the wall windows offer them.

Builds the health service over the walls (the composition root gives it
the book, the alarm engine and the background check), the alarm list dock
opened by every window's alarm counter, and a "Stato" menu on every wall
window: the health of every camera, the alarm list.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from app.ui.alarm_panel import AlarmPanel, install_alarm_dock
from app.ui.health_panel import HealthPanel
from app.ui.health_service import HealthService


def ask_note(parent: QWidget, title: str, label: str) -> str | None:
    """A one-line note from the operator (None when cancelled)."""
    value, ok = QInputDialog.getText(parent, title, label)
    return value if ok else None


class HealthActions(QObject):
    """The "Stato" menu's actions; owns the health panel once opened."""

    def __init__(self, service: HealthService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        first = service.walls.walls[0].window
        self.alarm_panel: AlarmPanel = install_alarm_dock(
            service, lambda title, label: ask_note(first, title, label)
        )
        self.health_panel: HealthPanel | None = None
        for wall in service.walls.walls:
            wall.window.menuBar().addMenu(self._menu(wall.window))

    def _menu(self, window: QWidget) -> QMenu:
        menu = QMenu(self.tr("&Stato"), window)
        menu.addAction(self.tr("Stato delle telecamere..."), self.open_health)
        menu.addAction(self.tr("Allarmi..."), self.open_alarms)
        return menu

    def open_health(self) -> HealthPanel:
        """Show the health of every camera (one window, raised if open)."""
        if self.health_panel is None:
            first = self.service.walls.walls[0].window
            self.health_panel = HealthPanel(self.service.book, self.service.walls.site, first)
            self.health_panel.setWindowFlag(Qt.WindowType.Window, True)
        self.health_panel.show()
        self.health_panel.raise_()
        return self.health_panel

    def open_alarms(self) -> None:
        """Show the alarm list."""
        self.service.walls.walls[0].window.alarms_requested.emit()

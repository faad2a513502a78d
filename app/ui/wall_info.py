"""The strip every wall window shows: its screen, its layout, the time, the alarms.

From across the room an operator must see which monitor is which, what
layout it shows, the time, and that alarms are waiting, on every wall
window, in full screen too.

Signals:
    alarms_clicked(): the operator wants the alarm list.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

ALARM_STYLE = "color: #ffffff; background: #c62828; padding: 2px 8px;"
QUIET_STYLE = "color: #9aa3ad; padding: 2px 8px;"


class WallInfoBar(QWidget):
    """Screen number, layout name, clock and alarm counter."""

    alarms_clicked = Signal()

    def __init__(self, number: int, parent: QWidget | None = None, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.setObjectName("wallInfo")
        font = QFont()
        font.setPixelSize(round(16 * scale))
        font.setBold(True)
        self.screen_label = QLabel(self.tr("Schermo %d") % (number + 1), self)
        self.layout_label = QLabel("", self)
        self.clock_label = QLabel("", self)
        self.tour_text = QLabel("", self)
        #: Says where the screen's tour is ("" without one); set by the window.
        self.tour_label: Callable[[], str] = str
        self.alarm_button = QPushButton("", self)
        self.alarm_button.setObjectName("alarmCounter")
        self.alarm_button.setFlat(True)
        self.alarm_button.clicked.connect(self.alarms_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 0, 8, 0)
        row.setSpacing(18)
        shown = (self.screen_label, self.layout_label, self.clock_label, self.tour_text)
        for label in (*shown, self.alarm_button):
            label.setFont(font)
            row.addWidget(label)
        self.set_alarm_count(0)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        self._on_timer_timeout()

    def set_layout_name(self, name: str) -> None:
        """Show the layout's name ("" for an unsaved arrangement)."""
        self.layout_label.setText(self.tr("Layout: %s") % name if name else "")
        self.layout_label.setVisible(bool(name))

    def set_alarm_count(self, count: int) -> None:
        """Show how many alarms wait for an acknowledgement (red when any do)."""
        if count:
            self.alarm_button.setText(self.tr("⚠ %d allarmi da confermare") % count)
            self.alarm_button.setStyleSheet(
                "color: #ffffff; background: #c62828; padding: 2px 8px;"
            )
        else:
            self.alarm_button.setText(self.tr("Nessun allarme"))
            self.alarm_button.setStyleSheet(QUIET_STYLE)

    def _on_timer_timeout(self) -> None:
        self.clock_label.setText(time.strftime("%H:%M:%S"))
        self.tour_text.setText(self.tour_label())

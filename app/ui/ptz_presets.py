"""The presets window of a PTZ camera: list, go, save, rename, delete, home.

A non-modal window opened from the tile's menu ("Preset..."). Every device
call goes through the camera's ``PtzController`` (its worker thread), so the
window never waits on the network; the list refreshes when a call returns.
Names are asked through ``asker`` (a text prompt by default), which tests
replace so that no modal dialog ever blocks them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.devices.ptz_types import Preset
from app.ui.ptz_control import PtzController
from app.ui.ptz_worker import Job, PtzWorker

logger = logging.getLogger("app.ui")

# (parent, title, label, initial text) -> the text, or None when cancelled.
Asker = Callable[[QWidget, str, str, str], str | None]


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    """The default asker: a small text prompt."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


#: Asks a yes/no question: (parent, title, text) -> yes.
Confirmer = Callable[[QWidget, str, str], bool]


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """The default confirmer: a question box, No by default."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _client_job(call: Callable[[Any], Any]) -> Job:
    async def job(worker: PtzWorker) -> Any:
        assert worker.client is not None
        return await call(worker.client)

    return job


class PtzPresetPanel(QWidget):
    """Presets of one camera, with buttons that act on the selected one."""

    def __init__(
        self,
        controller: PtzController,
        asker: Asker = ask_text,
        parent: QWidget | None = None,
        confirm: Confirmer = ask_yes_no,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.controller, self.asker, self.confirm = controller, asker, confirm
        self.presets: tuple[Preset, ...] = ()
        self.current: str | None = None  # the token of the preset last recalled from here
        self.loading = False
        self.setWindowTitle(self.tr("Preset - %s") % controller.camera.name)
        self.list = QListWidget(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.go())
        self.status = QLabel(self)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("go", self.tr("Vai"), self.go),
            ("save", self.tr("Salva posizione..."), self.save),
            ("rename", self.tr("Rinomina..."), self.rename),
            ("delete", self.tr("Elimina"), self.delete),
            ("home", self.tr("Home"), self.home),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()

    def selected(self) -> Preset | None:
        """The preset selected in the list, if any."""
        row = self.list.currentRow()
        return self.presets[row] if 0 <= row < len(self.presets) else None

    def refresh(self) -> None:
        """Ask the camera for its presets (the list fills when they arrive)."""
        self.loading = True
        self.status.setText(self.tr("Lettura dei preset..."))
        self.controller.run(_client_job(lambda c: c.presets()), self._on_presets, moves=False)

    def _on_presets(self, result: Any, error: BaseException | None) -> None:
        self.loading = False
        if error is not None:
            self.status.setText(self.tr("Preset non letti"))
            self.controller.report(error)
            return
        self.presets = tuple(result or ())
        self._fill()
        self.status.setText(self.tr("%d preset") % len(self.presets))

    def _fill(self) -> None:
        """The list: "2  Incrocio", numbered as the joystick's buttons; the last
        one recalled marked."""
        row = self.list.currentRow()
        self.list.clear()
        for number, preset in enumerate(self.presets, start=1):
            text = f"{number}  {preset.name or preset.token}"
            item = QListWidgetItem(text)
            item.setToolTip(self.tr("Preset %s") % preset.token)
            if preset.token == self.current:
                item.setText(self.tr("%s  (posizione attuale)") % text)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def go(self) -> None:
        """Move the camera to the selected preset."""
        preset = self.selected()
        if preset is not None:
            token = preset.token
            self.controller.run(_client_job(lambda c: c.goto_preset(token)))
            self.current = token
            self._fill()

    def home(self) -> None:
        """Move the camera to its home position."""
        self.controller.run(_client_job(lambda c: c.goto_home()))

    def save(self) -> None:
        """Store the current position under a new name."""
        name = self.asker(self, self.tr("Nuovo preset"), self.tr("Nome del preset:"), "")
        if name and name.strip():
            text = name.strip()
            self.controller.run(_client_job(lambda c: c.set_preset(text)), self._after_change)

    def rename(self) -> None:
        """Rename the selected preset (stored again under its own token)."""
        preset = self.selected()
        if preset is None:
            return
        title, label = self.tr("Rinomina preset"), self.tr("Nome del preset:")
        name = self.asker(self, title, label, preset.name)
        if name and name.strip() and name.strip() != preset.name:
            text, token = name.strip(), preset.token
            job = _client_job(lambda c: c.set_preset(text, preset_token=token))
            self.controller.run(job, self._after_change)

    def delete(self) -> None:
        """Delete the selected preset, once the operator confirms."""
        preset = self.selected()
        if preset is None:
            return
        question = self.tr("Eliminare il preset %s dalla telecamera?") % (
            preset.name or preset.token
        )
        if self.confirm(self, self.tr("Elimina preset"), question):
            token = preset.token
            job = _client_job(lambda c: c.remove_preset(token))
            self.controller.run(job, self._after_change)

    def _after_change(self, _result: Any, error: BaseException | None) -> None:
        if error is not None:
            self.controller.report(error)
        self.refresh()

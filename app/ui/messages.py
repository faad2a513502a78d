"""One bridge for messages to the operator.

Every part of the UI reports through ``MessageBridge.error/warning/info``;
the bridge logs the message, keeps a short history (which the tests read)
and emits ``posted``. Windows show it in their status bar; errors also open
a non-modal message box unless boxes are turned off (tests), so nothing
ever blocks on a modal dialog.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

logger = logging.getLogger("app.ui")


@dataclass(frozen=True)
class Message:
    """One message: ``level`` is "error", "warning" or "info"."""

    level: str
    text: str


class MessageBridge(QObject):
    """Collects operator messages and shows them.

    Signals:
        posted(str, str): level and text of a new message.
    """

    posted = Signal(str, str)

    def __init__(self, show_boxes: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_boxes = show_boxes
        self.history: deque[Message] = deque(maxlen=200)
        self.box_parent: QWidget | None = None
        self._boxes: list[QMessageBox] = []

    def error(self, text: str) -> None:
        """Something failed and the operator must know (box + status bar)."""
        self._post("error", text)

    def warning(self, text: str) -> None:
        """Something is wrong but work goes on (status bar)."""
        self._post("warning", text)

    def info(self, text: str) -> None:
        """A confirmation (status bar)."""
        self._post("info", text)

    def last(self) -> Message | None:
        """The newest message, if any."""
        return self.history[-1] if self.history else None

    def _post(self, level: str, text: str) -> None:
        log = {"error": logging.ERROR, "warning": logging.WARNING}.get(level, logging.INFO)
        logger.log(log, "operator message: %s", text)
        self.history.append(Message(level, text))
        self.posted.emit(level, text)
        if level == "error" and self.show_boxes:
            self._open_box(text)

    def _open_box(self, text: str) -> None:
        """A non-modal box: the wall keeps running behind it."""
        box = QMessageBox(QMessageBox.Icon.Critical, "Occhio", text, parent=self.box_parent)
        box.finished.connect(lambda _=0, b=box: self._forget(b))
        self._boxes.append(box)
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if box in self._boxes:
            self._boxes.remove(box)
        box.deleteLater()

"""The hover card of a camera pin: number, name and the camera's last picture."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.ui.map_items import PinItem


class PinCard(QFrame):
    """The hover card: number, name, state and the camera's last picture when there is one."""

    THUMB_WIDTH = 192

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.camera_id = ""
        self.setObjectName("mapPreview")
        self.setStyleSheet("#mapPreview { background: rgba(20, 20, 20, 225); border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        self.title = QLabel(self)
        self.title.setStyleSheet("color: white; font-weight: bold;")
        self.picture = QLabel(self)
        layout.addWidget(self.title)
        layout.addWidget(self.picture)
        self.hide()

    def show_camera(self, pin: PinItem, picture: QImage | None) -> None:
        """Fill the card for ``pin``'s camera and show it."""
        self.camera_id = pin.camera_id
        self.title.setText(f"{pin.placement.number}  {pin.placement.name}")
        if picture is not None and not picture.isNull():
            scaled = picture.scaledToWidth(
                self.THUMB_WIDTH, Qt.TransformationMode.SmoothTransformation
            )
            self.picture.setPixmap(QPixmap.fromImage(scaled))
            self.picture.show()
        else:
            self.picture.clear()
            self.picture.hide()
        self.adjustSize()
        self.show()
        self.raise_()

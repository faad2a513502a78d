"""The hit pop-up: what was read, which list it is on, and the operator's acknowledgement.

A window of its own, on top of the wall: the list's colour and text, the
vehicle picture beside the camera's live picture (``plate_live``), the
plate crop, the plate as listed and as read with how it matched, camera,
direction and time; below, the outcome and a note to acknowledge it.
"Mostra in parete" (or a double click on the live picture) calls the
camera up on the wall.

Signals (of ``HitPopup``):
    acknowledge_requested(int, str, str): hit id, outcome, note.
    show_camera_requested(str): camera id.
    first_painted(float): ``time.monotonic()`` of the first paint.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.anpr.pipeline import HitEvent
from app.anpr.transit_hits import Outcome
from app.core.plates import Direction, PlateImage
from app.ui.plate_live import LivePicture

PLATE_SIZE = (280, 60)
VEHICLE_SIZE = (360, 270)


def direction_text(direction: Direction) -> str:
    """The direction in the operator's words."""
    return {
        Direction.APPROACHING: QCoreApplication.translate("HitPopup", "in arrivo"),
        Direction.LEAVING: QCoreApplication.translate("HitPopup", "in allontanamento"),
    }.get(direction, QCoreApplication.translate("HitPopup", "non indicata"))


def picture_label(image: PlateImage | None, size: tuple[int, int], empty: str) -> QLabel:
    """A label showing a read's picture scaled into ``size`` (or ``empty`` when there is none)."""
    label = QLabel()
    label.setFixedSize(*size)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("background: #111; color: #888; border: 1px solid #333;")
    picture = QImage.fromData(image.data) if image is not None and image.data else QImage()
    if picture.isNull():
        label.setText(empty)
    else:
        pixmap = QPixmap.fromImage(picture).scaled(
            *size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        label.setPixmap(pixmap)
    return label


def no_live_label(text: str) -> QLabel:
    """Where the live picture would be, for a camera without video."""
    label = QLabel(text)
    label.setFixedSize(*VEHICLE_SIZE)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("background: #111; color: #888; border: 1px solid #333;")
    return label


class HitPopup(QWidget):
    """One hit on screen until the operator acknowledges it."""

    acknowledge_requested = Signal(int, str, str)
    show_camera_requested = Signal(str)
    first_painted = Signal(float)

    def __init__(
        self,
        event: HitEvent,
        camera_name: str,
        live: LivePicture | None = None,
        parent: QWidget | None = None,
    ) -> None:
        # Not deleted on close: a pop-up closed without acknowledgement only
        # hides, and escalation shows it again. The controller deletes it.
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.hit_event = event
        read, hit = event.stored.read, event.hit
        category = hit.hotlist.category
        self.setWindowTitle(self.tr("Segnalazione: %s") % hit.plate)
        layout = QVBoxLayout(self)
        layout.addWidget(self._banner(category.colour, hit.hotlist.name, hit.hotlist.display_text))
        pictures = QHBoxLayout()
        pictures.addWidget(
            picture_label(read.vehicle_image, VEHICLE_SIZE, self.tr("Nessuna immagine del veicolo"))
        )
        self.live = live
        pictures.addWidget(
            live
            if live is not None
            else no_live_label(self.tr("Immagine dal vivo non disponibile"))
        )
        layout.addLayout(pictures)
        below = QHBoxLayout()
        below.addWidget(picture_label(read.plate_image, PLATE_SIZE, self.tr("Nessuna targa")))
        below.addLayout(self._details(camera_name), 1)
        layout.addLayout(below)
        layout.addLayout(self._acknowledgement())
        self.escalated = False
        self.painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, and say when the pop-up was first on screen (latency measures)."""
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            self.first_painted.emit(time.monotonic())

    def _banner(self, colour: str, list_name: str, text: str) -> QLabel:
        banner = QLabel(
            f"<b>{self.hit_event.hit.hotlist.category.name}</b> — {list_name}<br>{text}"
        )
        banner.setObjectName("hitBanner")
        banner.setWordWrap(True)
        foreground = "#000" if QColor(colour).lightness() > 140 else "#fff"
        banner.setStyleSheet(f"background: {colour}; color: {foreground}; padding: 8px;")
        return banner

    def _details(self, camera_name: str) -> QFormLayout:
        read, hit = self.hit_event.stored.read, self.hit_event.hit
        form = QFormLayout()
        listed = QLabel(f"<span style='font-size: 20pt; font-weight: bold'>{hit.plate}</span>")
        form.addRow(self.tr("Targa in lista"), listed)
        form.addRow(self.tr("Letta"), QLabel(f"{read.plate_text} ({hit.how.describe()})"))
        if hit.note:
            form.addRow(self.tr("Nota della lista"), QLabel(hit.note))
        form.addRow(self.tr("Telecamera"), QLabel(camera_name))
        form.addRow(self.tr("Direzione"), QLabel(direction_text(read.direction)))
        stamp = time.strftime("%H:%M:%S %d/%m/%Y", time.localtime(read.captured_at))
        form.addRow(self.tr("Ora"), QLabel(stamp))
        return form

    def _acknowledgement(self) -> QVBoxLayout:
        box = QVBoxLayout()
        row = QHBoxLayout()
        self.outcome = QComboBox()
        words = {
            Outcome.CONFIRMED: self.tr("confermato"),
            Outcome.MISREAD: self.tr("lettura errata"),
            Outcome.NOT_FOUND: self.tr("non rintracciato"),
            Outcome.OTHER: self.tr("altro"),
        }
        for outcome, text in words.items():
            self.outcome.addItem(text, outcome.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Nota (facoltativa)"))
        row.addWidget(self.outcome)
        row.addWidget(self.note, 1)
        box.addLayout(row)
        buttons = QHBoxLayout()
        show = QPushButton(self.tr("Mostra in parete"))
        show.clicked.connect(self._on_show_clicked)
        self.ack_button = QPushButton(self.tr("Conferma presa visione"))
        self.ack_button.setDefault(True)
        self.ack_button.clicked.connect(self._on_ack_clicked)
        buttons.addWidget(show)
        buttons.addStretch(1)
        buttons.addWidget(self.ack_button)
        box.addLayout(buttons)
        return box

    def _on_show_clicked(self) -> None:
        self.show_camera_requested.emit(self.hit_event.stored.read.camera_id)

    def _on_ack_clicked(self) -> None:
        outcome = str(self.outcome.currentData())
        self.acknowledge_requested.emit(self.hit_event.hit_id, outcome, self.note.text().strip())

    def mark_escalated(self) -> None:
        """Show that nobody acknowledged in time (a red frame and title)."""
        self.escalated = True
        self.setWindowTitle(self.tr("NON CONFERMATA: %s") % self.hit_event.hit.plate)
        self.setStyleSheet("HitPopup { border: 4px solid #e0262b; }")

"""Choosing a tile's tour: which cameras, in which order, for how long each.

The cameras of the site are listed with a filter box; the ticked ones, in
list order, make the tour. The dwell is one for all steps.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.model import SiteConfig
from app.core.tour import DEFAULT_DWELL_S, MAX_DWELL_S, MIN_DWELL_S, Tour

CAMERA_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class TourDialog(QDialog):
    """Tick cameras, set the dwell, OK."""

    def __init__(self, site: SiteConfig, current: Tour | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sequenza del riquadro"))
        chosen = set(current.cameras) if current is not None else set()
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Cerca numero, nome o comune"))
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.cameras = QListWidget(self)
        for cam in sorted(site.cameras, key=lambda c: c.number):
            place = site.site(cam.site_id)
            item = QListWidgetItem(
                f"{cam.number} {cam.name}" + (f" ({place.name})" if place else "")
            )
            item.setData(CAMERA_ROLE, cam.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if cam.id in chosen else Qt.CheckState.Unchecked
            )
            self.cameras.addItem(item)
        self.dwell = QSpinBox(self)
        self.dwell.setRange(int(MIN_DWELL_S), int(MAX_DWELL_S))
        self.dwell.setSuffix(" s")
        self.dwell.setValue(int(current.dwell_s if current is not None else DEFAULT_DWELL_S))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Tempo per telecamera:"), self.dwell)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.cameras)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, 520)

    def tour(self) -> Tour | None:
        """The ticked cameras in list order and the dwell (None when none is ticked)."""
        ids = [
            str(item.data(CAMERA_ROLE))
            for item in (self.cameras.item(i) for i in range(self.cameras.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]
        return Tour(tuple(ids), float(self.dwell.value())) if ids else None

    def _on_filter_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.cameras.count()):
            item = self.cameras.item(i)
            label = item.text().casefold()
            item.setHidden(not all(w in label for w in words))


def ask_tour(parent: QWidget, site: SiteConfig, current: Tour | None) -> Tour | None:
    """The default asker: the dialog, modal."""
    dialog = TourDialog(site, current, parent)
    return dialog.tour() if dialog.exec() == QDialog.DialogCode.Accepted else None

"""The hits panel: every recent hit, open ones first, filterable.

A table over the transit store's hits (``HitsModel``), refreshed when the
controller says something changed: time, plate read and listed, list,
how it matched, camera, and the acknowledgement (who, outcome, note) or
"da confermare". The filter keeps open hits only, or those whose plate or
list contains the typed text. "Esporta prova..." makes the evidence package
of the selected hit once it is acknowledged (``plate_export``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.anpr.transit_hits import HitRow, hits
from app.anpr.transits import TransitStore
from app.core.plates_lists import category

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class HitsModel(QAbstractTableModel):
    """Hits of the store as rows; ``refresh`` reads them again."""

    def __init__(self, store: TransitStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rows: list[HitRow] = []
        self.open_only = False
        self.needle = ""
        self._headers = [
            self.tr("Ora"),
            self.tr("Targa letta"),
            self.tr("In lista"),
            self.tr("Lista"),
            self.tr("Corrispondenza"),
            self.tr("Telecamera"),
            self.tr("Esito"),
        ]

    def refresh(self) -> None:
        """Read the hits again (newest first, at most a thousand)."""
        rows = hits(self.store, open_only=self.open_only)
        needle = self.needle.upper()
        if needle:
            rows = [r for r in rows if needle in r.plate or needle in r.list_name.upper()]
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 3:
            return QColor(category(row.category).colour)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6 and row.ack_at is None:
            return QColor("#ff5252")
        return None

    def _text(self, row: HitRow, column: int) -> str:
        if column == 0:
            return time.strftime("%d/%m %H:%M:%S", time.localtime(row.at))
        if column == 6:
            if row.ack_at is None:
                return self.tr("da confermare")
            return f"{row.outcome} ({row.operator}) {row.ack_note}".strip()
        values = ["", row.plate, row.listed_plate, row.list_name, row.how, row.camera]
        return values[column]


class HitsPanel(QWidget):
    """The hits table with its filter; ``on_export`` exports an acknowledged hit."""

    def __init__(
        self,
        model: HitsModel,
        on_export: Callable[[HitRow, QWidget], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_export = on_export
        self.setWindowTitle(self.tr("Segnalazioni targhe"))
        self.model = model
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filtra per targa o lista"))
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.open_only = QCheckBox(self.tr("Solo da confermare"))
        self.open_only.toggled.connect(self._on_open_only_toggled)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.open_only)
        self.export_button = QPushButton(self.tr("Esporta prova..."))
        self.export_button.setToolTip(self.tr("Pacchetto firmato di una segnalazione confermata"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._on_export_clicked)
        top.addWidget(self.export_button)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        model.modelReset.connect(self._on_selection_changed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        model.refresh()

    def selected(self) -> HitRow | None:
        """The hit of the selected row (None: nothing selected)."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _on_selection_changed(self, *_: object) -> None:
        row = self.selected()
        self.export_button.setEnabled(
            self._on_export is not None and row is not None and row.ack_at is not None
        )

    def _on_export_clicked(self) -> None:
        row = self.selected()
        if row is not None and row.ack_at is not None and self._on_export is not None:
            self._on_export(row, self)

    def _on_filter_text_changed(self, text: str) -> None:
        self.model.needle = text.strip()
        self.model.refresh()

    def _on_open_only_toggled(self, checked: bool) -> None:
        self.model.open_only = checked
        self.model.refresh()

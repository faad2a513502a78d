"""The health of every camera in one table: state, since when, why.

Sortable by any column, filtered by comune, exported as CSV for the
maintenance contractor. Each state has its mark (shape and colour) as in
the camera tree. A thin view over the health book, refreshed every second.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from app.config import atomic
from app.core.health import (
    RECORDER_PREFIX,
    CameraHealth,
    HealthBook,
    HealthRecord,
    is_recorder,
)
from app.core.model import SiteConfig
from app.ui.icons import health_mark
from app.ui.status_text import duration_words, failure_words

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SITE_ROLE = int(Qt.ItemDataRole.UserRole) + 2
#: Worst first when sorting by state.
_SEVERITY = {
    CameraHealth.AUTH: 0,
    CameraHealth.DOWN: 1,
    CameraHealth.NEVER_REACHED: 2,
    CameraHealth.DEGRADED: 3,
    CameraHealth.UNKNOWN: 4,
    CameraHealth.OK: 5,
}


def health_words(health: CameraHealth) -> str:
    """The operator's word for a camera's health."""
    from PySide6.QtCore import QCoreApplication

    words = {
        CameraHealth.UNKNOWN: QCoreApplication.translate("Health", "Non ancora verificata"),
        CameraHealth.OK: QCoreApplication.translate("Health", "In servizio"),
        CameraHealth.DEGRADED: QCoreApplication.translate("Health", "Degradata"),
        CameraHealth.DOWN: QCoreApplication.translate("Health", "Fuori servizio"),
        CameraHealth.AUTH: QCoreApplication.translate("Health", "Credenziali rifiutate"),
        CameraHealth.NEVER_REACHED: QCoreApplication.translate("Health", "Mai raggiunta"),
    }
    return words[health]


class HealthTableModel(QAbstractTableModel):
    """One row per camera of the site: number and name, comune, state, since, reason, check."""

    def __init__(self, book: HealthBook, site: SiteConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book, self.site = book, site
        self.records: list[HealthRecord] = book.records()
        self.headers = [
            self.tr("Telecamera"),
            self.tr("Comune"),
            self.tr("Stato"),
            self.tr("Da"),
            self.tr("Motivo"),
            self.tr("Ultima verifica"),
        ]

    def reload(self) -> None:
        """Read the book again (same rows: only the values change)."""
        records = self.book.records()
        if [r.camera_id for r in records] != [r.camera_id for r in self.records]:
            self.beginResetModel()
            self.records = records
            self.endResetModel()
            return
        self.records = records
        if records:
            last = self.index(len(records) - 1, len(self.headers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per camera."""
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The columns in ``headers``."""
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Texts, the state's mark, sort keys and the comune for filtering."""
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        if role == SITE_ROLE:
            camera = self.site.camera(record.camera_id)
            return camera.site_id if camera is not None else ""
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return health_mark(record.health)
        if role == SORT_ROLE:
            return self._sort_key(record, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_texts(record)[index.column()]
        return None

    def row_texts(self, record: HealthRecord) -> list[str]:
        """The row's words, as shown and as exported."""
        camera = self.site.camera(record.camera_id)
        name = f"{camera.number} {camera.name}" if camera is not None else record.camera_id
        if is_recorder(record.camera_id):
            name = self.tr("Videoregistratore %s") % record.camera_id.removeprefix(RECORDER_PREFIX)
        place = self.site.site(camera.site_id) if camera is not None else None
        since = ""
        if record.health is not CameraHealth.UNKNOWN and record.since:
            since = dt.datetime.fromtimestamp(record.since).strftime("%d/%m %H:%M:%S")
            since += f" ({duration_words(int(time.time() - record.since))})"
        checked = ""
        if record.checked_at:
            checked = dt.datetime.fromtimestamp(record.checked_at).strftime("%H:%M:%S")
        return [
            name,
            place.name if place is not None else "",
            health_words(record.health),
            since,
            failure_words(record.failure) if record.health.is_down else "",
            checked,
        ]

    def _sort_key(self, record: HealthRecord, column: int) -> object:
        if column == 2:
            return _SEVERITY[record.health]
        if column == 3:
            return record.since
        if column == 0:
            camera = self.site.camera(record.camera_id)
            return camera.number if camera is not None else 0
        return self.row_texts(record)[column]


class ComuneFilter(QSortFilterProxyModel):
    """Sorts by the model's sort keys; keeps one comune's cameras (or all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.site_id = ""

    def set_site(self, site_id: str) -> None:
        """Keep only cameras of ``site_id`` ("" for all)."""
        self.beginFilterChange()
        self.site_id = site_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """A row of the chosen comune."""
        if not self.site_id:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(SITE_ROLE) == self.site_id


class HealthPanel(QWidget):
    """The table with its comune filter and CSV export."""

    def __init__(self, book: HealthBook, site: SiteConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stato delle telecamere"))
        self.model = HealthTableModel(book, site, self)
        self.proxy = ComuneFilter(self)
        self.proxy.setSourceModel(self.model)
        self.comune = QComboBox(self)
        self.comune.addItem(self.tr("Tutti i comuni"), "")
        for place in site.sites:
            self.comune.addItem(place.name, place.id)
        self.comune.currentIndexChanged.connect(self._on_comune_changed)
        export = QPushButton(self.tr("Esporta CSV..."), self)
        export.clicked.connect(self._on_export_clicked)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # worst first
        self.view.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.comune)
        top.addStretch(1)
        top.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.model.reload)
        self._timer.start()
        self.resize(900, 500)

    def export_csv(self, path: Path) -> int:
        """Write the rows shown (filtered, in their order) to ``path``; how many."""
        rows = []
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            rows.append(self.model.row_texts(self.model.records[source.row()]))
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";")
        writer.writerow(self.model.headers)
        writer.writerows(rows)
        atomic.write_text(path, out.getvalue())
        return len(rows)

    def _on_comune_changed(self, _index: int) -> None:
        self.proxy.set_site(str(self.comune.currentData() or ""))

    def _on_export_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Esporta stato telecamere"), "stato-telecamere.csv", "CSV (*.csv)"
        )
        if name:
            self.export_csv(Path(name))

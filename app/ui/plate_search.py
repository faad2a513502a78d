"""The search window for plate reads: pattern or fuzzy plate, time, camera, direction.

Results come newest first with the plate crop as a thumbnail and, for a
fuzzy search, how each read matched. "Percorso" lists the passages of the
selected plate across cameras in time order (the vehicle's track);
"Registrazione..." (or a double click) opens the selected passage's camera
in the playback window from a few seconds before the vehicle passed, when
the camera has a recorder; "Esporta CSV" asks for the reason (recorded
with the export) and a file. "Percorso sulla mappa" asks for the same
passages to be drawn on the map; a search area drawn on the map becomes a
choice of the camera filter.

Signals (of ``PlateSearchWindow``):
    map_track_requested(str, list): a plate and its ``PlateRead``s, oldest first.
"""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDateTime, QSize, Qt, Signal
from PySide6.QtGui import QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.anpr.images import ImageFolder
from app.anpr.storage import export_results
from app.anpr.transit_search import SearchQuery, SearchResult, search, track
from app.anpr.transits import TransitStore
from app.core.model import Camera, CameraKind, SiteConfig
from app.core.plates import Direction
from app.ui.plate_popup import direction_text

#: Asks the operator for (file, reason) before an export; None: cancelled.
ExportAsker = Callable[[QWidget], tuple[Path, str] | None]
#: Opens a camera's recording from a moment: (camera, parent, start) (``RecordingActions.play``).
RecordingOpener = Callable[[Camera, QWidget | None, float], object]
THUMB = QSize(112, 24)
#: A passage's recording starts this long before the read, to see the vehicle arrive.
RECORDING_LEAD_S = 10.0


class PlateSearchWindow(QWidget):
    """Search form, results with thumbnails, track and export."""

    map_track_requested = Signal(str, list)

    def __init__(
        self,
        store: TransitStore,
        images: ImageFolder,
        site: SiteConfig,
        ask_export: ExportAsker,
        *,
        open_recording: RecordingOpener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Ricerca transiti"))
        self.store, self.images, self.site = store, images, site
        self._ask_export = ask_export
        self._open_recording = open_recording
        self.results: list[SearchResult] = []
        self.query = SearchQuery()
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Ora"),
                self.tr("Targa"),
                self.tr("Letta come"),
                self.tr("Telecamera"),
                self.tr("Direzione"),
                self.tr("Corrispondenza"),
            ]
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setIconSize(THUMB)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(THUMB.height() + 6)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self.open_recording)
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.resize(980, 560)

    def _form(self) -> QGridLayout:
        grid = QGridLayout()
        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText(self.tr("Targa, anche con ? e * (AB?12*)"))
        self.pattern.returnPressed.connect(self.run_search)
        self.fuzzy = QCheckBox(self.tr("Anche letture simili"))
        now = QDateTime.currentDateTime()
        self.start = QDateTimeEdit(now.addDays(-7))
        self.end = QDateTimeEdit(now.addSecs(3600))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.camera = QComboBox()
        self.camera.addItem(self.tr("Tutte le telecamere"), "")
        for cam in self.site.cameras:
            if cam.kind is CameraKind.PLATE or self.site.plates.source(cam.id):
                self.camera.addItem(f"{cam.number} {cam.name}", cam.id)
        self.direction = QComboBox()
        self.direction.addItem(self.tr("Entrambe le direzioni"), "")
        self.direction.addItem(self.tr("in arrivo"), Direction.APPROACHING.value)
        self.direction.addItem(self.tr("in allontanamento"), Direction.LEAVING.value)
        buttons = QHBoxLayout()
        self.recording_button = QPushButton(self.tr("Registrazione..."))
        self.recording_button.setToolTip(self.tr("La registrazione del passaggio scelto"))
        self.recording_button.setEnabled(False)
        for text, slot in (
            (self.tr("Cerca"), self.run_search),
            (self.tr("Percorso"), self.show_track),
            (self.tr("Percorso sulla mappa"), self.show_track_on_map),
            ("", self.open_recording),
            (self.tr("Esporta CSV..."), self.export),
        ):
            button = QPushButton(text) if text else self.recording_button
            button.clicked.connect(slot)
            buttons.addWidget(button)
        grid.addWidget(self.pattern, 0, 0, 1, 2)
        grid.addWidget(self.fuzzy, 0, 2)
        grid.addWidget(QLabel(self.tr("Dal")), 1, 0)
        grid.addWidget(self.start, 1, 1)
        grid.addWidget(QLabel(self.tr("al")), 1, 2)
        grid.addWidget(self.end, 1, 3)
        grid.addWidget(self.camera, 2, 0, 1, 2)
        grid.addWidget(self.direction, 2, 2, 1, 2)
        grid.addLayout(buttons, 0, 3)
        return grid

    def current_query(self) -> SearchQuery:
        """The query the form describes."""
        chosen = self.camera.currentData()
        if isinstance(chosen, list | tuple):  # a map area: its cameras
            # No camera has an empty id: an area without cameras finds nothing.
            cameras = tuple(str(c) for c in chosen) or ("",)
        else:
            cameras = (str(chosen),) if chosen else ()
        direction = str(self.direction.currentData() or "")
        return SearchQuery(
            self.pattern.text().strip(),
            self.fuzzy.isChecked(),
            self.start.dateTime().toSecsSinceEpoch(),
            self.end.dateTime().toSecsSinceEpoch(),
            cameras,
            Direction(direction) if direction else None,
        )

    def run_search(self) -> None:
        """Search and show the results."""
        self.query = self.current_query()
        started = time.perf_counter()
        self.results = search(self.store, self.query)
        elapsed = (time.perf_counter() - started) * 1000
        self._fill(self.results)
        self.summary.setText(
            self.tr("%d transiti trovati in %.0f ms") % (len(self.results), elapsed)
        )

    def set_area_cameras(self, camera_ids: list[str] | None) -> None:
        """Offer (and choose) the map's search area as the camera filter; None takes it away."""
        for index in range(self.camera.count() - 1, -1, -1):
            if isinstance(self.camera.itemData(index), list | tuple):
                self.camera.removeItem(index)
        if camera_ids is not None:
            text = self.tr("Area sulla mappa (%d telecamere)") % len(camera_ids)
            self.camera.insertItem(1, text, list(camera_ids))
            self.camera.setCurrentIndex(1)

    def _chosen_plate(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return self.results[rows[0].row()].stored.read.plate if rows else self.pattern.text()

    def show_track_on_map(self) -> None:
        """Draw the selected plate's passages in the form's time range on the map."""
        plate, query = self._chosen_plate(), self.current_query()
        passages = track(self.store, plate, query.start, query.end)
        self.summary.setText(
            self.tr("Percorso di %s sulla mappa: %d passaggi") % (plate, len(passages))
        )
        self.map_track_requested.emit(plate, [p.read for p in passages])

    def show_track(self) -> None:
        """The selected plate's passages across cameras, oldest first."""
        plate = self._chosen_plate()
        passages = track(self.store, plate, self.query.start, self.query.end)
        self.results = [SearchResult(p) for p in passages]
        self._fill(self.results)
        self.summary.setText(self.tr("Percorso di %s: %d passaggi") % (plate, len(passages)))

    def selected(self) -> SearchResult | None:
        """The result of the selected row (None: nothing selected)."""
        rows = self.table.selectionModel().selectedRows()
        return self.results[rows[0].row()] if rows else None

    def _recorded_camera(self, result: SearchResult | None) -> Camera | None:
        """The camera of ``result`` when its recording can be opened."""
        if result is None or self._open_recording is None:
            return None
        camera = self.site.camera(result.stored.read.camera_id)
        return camera if camera is not None and camera.recorder is not None else None

    def _on_selection_changed(self, *_: object) -> None:
        self.recording_button.setEnabled(self._recorded_camera(self.selected()) is not None)

    def open_recording(self) -> None:
        """The selected passage's camera, recorded, from just before the vehicle passed."""
        result = self.selected()
        camera = self._recorded_camera(result)
        if result is None or self._open_recording is None:
            return
        if camera is None:
            name = result.stored.read.camera_id
            self.summary.setText(self.tr("La telecamera %s non ha un videoregistratore") % name)
            return
        self._open_recording(camera, self, result.stored.read.captured_at - RECORDING_LEAD_S)

    def export(self) -> None:
        """Export the results shown as CSV, with the reason asked and recorded."""
        answer = self._ask_export(self)
        if answer is None:
            return
        path, reason = answer
        try:
            export_results(self.store, self.results, self.query, path, (getpass.getuser(), reason))
        except (OSError, ValueError) as exc:
            self.summary.setText(self.tr("Esportazione non riuscita: %s") % exc)
            return
        self.summary.setText(self.tr("Esportati %d transiti in %s") % (len(self.results), path))

    def _fill(self, results: list[SearchResult]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for result in results:
            self.model.appendRow(self._row(result))
        self.table.resizeColumnsToContents()

    def _row(self, result: SearchResult) -> list[QStandardItem]:
        read = result.stored.read
        camera = self.site.camera(read.camera_id)
        stamp = time.strftime("%d/%m/%Y %H:%M:%S", time.localtime(read.captured_at))
        plate = QStandardItem(read.plate)
        path = self.images.path(read.plate_image.path) if read.plate_image else None
        if path is not None and path.is_file():
            plate.setData(QPixmap(str(path)).scaled(THUMB), Qt.ItemDataRole.DecorationRole)
        texts = [
            stamp,
            None,
            read.plate_text,
            f"{camera.number} {camera.name}" if camera else read.camera_id,
            direction_text(read.direction),
            result.how.describe() if result.how else "",
        ]
        return [plate if t is None else QStandardItem(t) for t in texts]

"""The export dialog: range, reason, protocol number, folder; runs in the background.

A reason and a protocol (or complaint) number are required. The export
runs on a thread of its own with a progress bar and can be cancelled; when
it ends the dialog says whether the package is complete and, if not, why.
On request the package is also written as one zip file beside its folder.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.core.evidence_zip import zip_package
from app.core.model import Camera
from app.core.recording import Span
from app.devices.evidence_export import EvidenceExport, ExportProgress, ExportRequest, ExportResult
from app.ui.reasons import reason_words

ExporterFactory = Callable[[Callable[[ExportProgress], None], asyncio.Event], EvidenceExport]


class ExportDialog(QDialog):
    """Collects what an export needs and runs it (see module doc)."""

    def __init__(
        self,
        camera: Camera,
        span: Span,
        make_exporter: ExporterFactory,
        *,
        operator: str,
        folder: Path,
        site_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Esporta prova video - %s") % camera.name)
        self.camera, self.operator, self.site_name = camera, operator, site_name
        self._make_exporter = make_exporter
        self.result_: ExportResult | None = None
        self.zip_: Path | None = None  # the package's zip, once written
        self._zip_error: OSError | None = None
        self._progress: ExportProgress | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._cancel: asyncio.Event | None = None
        form = QFormLayout(self)
        self.start = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(span.start)), self)
        self.end = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(span.end)), self)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd/MM/yyyy HH:mm:ss")
        self.reason = QLineEdit(self)
        self.protocol = QLineEdit(self)
        self.folder = QLineEdit(str(folder), self)
        form.addRow(self.tr("Dalle"), self.start)
        form.addRow(self.tr("Alle"), self.end)
        form.addRow(self.tr("Motivo"), self.reason)
        form.addRow(self.tr("Protocollo / denuncia"), self.protocol)
        form.addRow(self.tr("Cartella"), self.folder)
        self.zip = QCheckBox(self.tr("Crea anche un file zip del pacchetto"), self)
        form.addRow(self.zip)
        self.bar = QProgressBar(self)
        self.status = QLabel("", self)
        form.addRow(self.bar)
        form.addRow(self.status)
        row = QHBoxLayout()
        self.go = QPushButton(self.tr("Esporta"), self)
        self.stop = QPushButton(self.tr("Annulla"), self)
        self.go.clicked.connect(self._on_go_clicked)
        self.stop.clicked.connect(self._on_stop_clicked)
        row.addWidget(self.go)
        row.addWidget(self.stop)
        form.addRow(row)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)

    def request(self) -> ExportRequest | None:
        """The request from the fields, or None (and a message) when something is missing."""
        if not self.reason.text().strip() or not self.protocol.text().strip():
            self.status.setText(self.tr("Motivo e numero di protocollo sono obbligatori."))
            return None
        span = Span(
            float(self.start.dateTime().toSecsSinceEpoch()),
            float(self.end.dateTime().toSecsSinceEpoch()),
        )
        if span.end <= span.start:
            self.status.setText(self.tr("La fine deve venire dopo l'inizio."))
            return None
        return ExportRequest(
            self.camera, span, self.reason.text().strip(), self.protocol.text().strip(),
            self.operator, Path(self.folder.text()), self.site_name,
        )  # fmt: skip

    def _on_go_clicked(self) -> None:
        request = self.request()
        if request is None or self._thread is not None:
            return
        self.go.setEnabled(False)
        self.status.setText(self.tr("Esportazione in corso..."))
        self._thread = threading.Thread(
            target=self._run, args=(request, self.zip.isChecked()), name="export", daemon=False
        )
        self._thread.start()
        self._timer.start(100)

    def _run(self, request: ExportRequest, zipped: bool) -> None:
        self._export(request)
        if zipped and self.result_ is not None and self.result_.folder.is_dir():
            try:
                self.zip_ = zip_package(self.result_.folder)
            except OSError as err:
                self._zip_error = err

    def _export(self, request: ExportRequest) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._cancel = asyncio.Event()
        exporter = self._make_exporter(self._note_progress, self._cancel)
        try:
            self.result_ = loop.run_until_complete(exporter.run(request))
        except (ValueError, OSError) as err:
            self.result_ = ExportResult(request.folder, False, str(err))
        finally:
            loop.close()

    def _note_progress(self, progress: ExportProgress) -> None:
        self._progress = progress

    def _on_stop_clicked(self) -> None:
        loop, cancel = self._loop, self._cancel
        if loop is not None and cancel is not None and not loop.is_closed():
            loop.call_soon_threadsafe(cancel.set)
        elif self._thread is None:
            self.reject()

    def _on_timer_timeout(self) -> None:
        if self._progress is not None:
            self.bar.setValue(round(self._progress.fraction * 100))
        if self._thread is None or self._thread.is_alive():
            return
        self._timer.stop()
        self._thread = None
        result = self.result_
        assert result is not None
        if result.complete:
            self.bar.setValue(100)
            text = self.tr("Esportazione completa: %d fotogrammi in %s") % (
                result.frames,
                result.folder,
            )
        else:
            text = self.tr("Esportazione INCOMPLETA: %s") % result.reason
        if self.zip_ is not None:
            text += "\n" + self.tr("File zip: %s") % self.zip_
        elif self._zip_error is not None:
            text += "\n" + self.tr("File zip non scritto: %s") % reason_words(self._zip_error)
        self.status.setText(text)
        self.go.setEnabled(True)

    def wait(self, timeout: float) -> bool:
        """Wait for a running export (tests, closing): True when none runs any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

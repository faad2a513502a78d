"""Exporting an acknowledged hit from the hits panel: reason, protocol, folder, then the package.

``HitExportDialog`` asks for what the package needs (a reason and a
protocol number are required, as for a video export) and writes it with
the ``HitExporter`` the plate runtime makes (station key, consultation
log). The package is a few small files: it is written at once, and the
dialog says where, or why not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.anpr.evidence import HitExporter, HitExportError, HitExportRequest
from app.anpr.transit_hits import HitRow
from app.core.evidence_sign import StationKeyError

#: Makes the exporter (loads the station key) when the operator exports.
ExporterFactory = Callable[[], HitExporter]


def default_folder(root: Path, row: HitRow) -> Path:
    """``root/esportazioni/targa-AB123CD-20260403-103112`` (the hit's time)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(row.at))
    return root / "esportazioni" / f"targa-{row.plate}-{stamp}"


class HitExportDialog(QDialog):
    """Reason, protocol and folder for one acknowledged hit; exports on "Esporta"."""

    def __init__(
        self,
        row: HitRow,
        make_exporter: ExporterFactory,
        *,
        operator: str,
        folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Esporta prova - targa %s") % row.plate)
        self.row, self.operator = row, operator
        self._make_exporter = make_exporter
        self.files: list[str] = []
        form = QFormLayout(self)
        form.addRow(self.tr("Segnalazione"), QLabel(f"{row.plate} → {row.listed_plate}"))
        form.addRow(self.tr("Esito"), QLabel(f"{row.outcome} ({row.operator})"))
        self.reason = QLineEdit(self)
        self.protocol = QLineEdit(self)
        self.folder = QLineEdit(str(folder), self)
        form.addRow(self.tr("Motivo"), self.reason)
        form.addRow(self.tr("Protocollo / denuncia"), self.protocol)
        form.addRow(self.tr("Cartella"), self.folder)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        form.addRow(self.status)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Esporta"), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.run)
        close = QPushButton(self.tr("Chiudi"), self)
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.export_button)
        form.addRow(buttons)
        self.setMinimumWidth(560)  # the folder's path stays readable

    def run(self) -> bool:
        """Write the package; the dialog says where, or why not."""
        reason, protocol = self.reason.text().strip(), self.protocol.text().strip()
        if not reason or not protocol:
            self.status.setText(self.tr("Motivo e numero di protocollo sono obbligatori."))
            return False
        folder = Path(self.folder.text().strip())
        request = HitExportRequest(self.row.id, folder, self.operator, reason, protocol)
        try:
            self.files = self._make_exporter().export(request)
        except (HitExportError, StationKeyError, OSError) as exc:
            self.status.setText(self.tr("Esportazione non eseguita: %s") % exc)
            return False
        self.status.setText(self.tr("Prova esportata in %s (%d file)") % (folder, len(self.files)))
        self.export_button.setEnabled(False)
        return True

"""Exporting an acknowledged hit from the hits panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.anpr.evidence import HitExporter
from app.anpr.hotlists import Hotlists
from app.anpr.pipeline import PlatePipeline
from app.anpr.transit_hits import HitRow, Outcome, acknowledge
from app.config.sitefile import load_site
from app.core.evidence_sign import StationKey
from app.core.evidence_verify import verify_folder
from app.ui.plate_export import HitExportDialog, default_folder
from app.ui.plate_hits_panel import HitsModel, HitsPanel
from tests.plate_fixtures import pipeline, plate_hotlists, plate_read, transit_store

__all__ = ["pipeline", "plate_hotlists", "transit_store"]  # the fixtures this module uses
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SITE = load_site(Path("resources/demo/site.toml"))


def test_panel_exports_only_acknowledged_hits(
    qtbot: QtBot, pipeline: PlatePipeline, plate_hotlists: Hotlists, tmp_path: Path
) -> None:
    plate_hotlists.add_manual("A1", "AB120CD", "rubata", None, "rossi")
    pipeline.submit(plate_read("AB120CD", camera="chiavari-05", image=True))
    pipeline.flush()
    key = StationKey.load_or_create(tmp_path / "key.pem")
    dialogs: list[HitExportDialog] = []

    def on_export(row: HitRow, parent: QWidget) -> None:
        dialog = HitExportDialog(
            row,
            lambda: HitExporter(pipeline.store, pipeline.images, SITE, key),
            operator="verdi",
            folder=default_folder(tmp_path, row),
            parent=parent,
        )
        qtbot.addWidget(dialog)
        dialogs.append(dialog)

    model = HitsModel(pipeline.store)
    panel = HitsPanel(model, on_export)
    qtbot.addWidget(panel)
    panel.table.selectRow(0)
    assert not panel.export_button.isEnabled()  # still open: nothing to export
    acknowledge(pipeline.store, model.rows[0].id, "verdi", Outcome.CONFIRMED, "")
    model.refresh()
    panel.table.selectRow(0)
    assert panel.export_button.isEnabled()
    panel.export_button.click()
    [dialog] = dialogs
    assert not dialog.run()  # no reason, no protocol
    assert "obbligatori" in dialog.status.text()
    dialog.reason.setText("controllo")
    dialog.protocol.setText("PROT-7")
    assert dialog.run(), dialog.status.text()
    folder = Path(dialog.folder.text())
    assert folder.parent == tmp_path / "esportazioni" and "AB120CD" in folder.name
    assert verify_folder(folder).ok
    assert "Prova esportata" in dialog.status.text() and not dialog.export_button.isEnabled()
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "export.png"))

"""Evidence package of a plate hit: refused while open, signed and verified, alterations named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.anpr.evidence import HitExporter, HitExportError, HitExportRequest
from app.anpr.hotlists import Hotlists
from app.anpr.pipeline import PlatePipeline
from app.anpr.transit_hits import Outcome, acknowledge, hits
from app.config import atomic
from app.config.sitefile import load_site
from app.core import evidence as ev
from app.core import evidence_plate as ep
from app.core.audit import AuditLog
from app.core.evidence_sign import StationKey
from app.core.evidence_verify import verify_folder
from tests.plate_fixtures import JPEG, pipeline, plate_hotlists, plate_read, transit_store

__all__ = ["pipeline", "plate_hotlists", "transit_store"]  # the fixtures this module uses
SITE = load_site(Path("resources/demo/site.toml"))


@pytest.fixture
def exporter(
    pipeline: PlatePipeline, plate_hotlists: Hotlists, tmp_path: Path
) -> tuple[HitExporter, int, AuditLog]:
    """An exporter over one stored hit (open) with both pictures."""
    plate_hotlists.add_manual("A1", "AB120CD", "rubata a Genova", None, "rossi")
    pipeline.submit(plate_read("AB12OCD", camera="chiavari-05", image=True))
    pipeline.flush()
    [row] = hits(pipeline.store)
    audit = AuditLog(tmp_path / "audit.sqlite3", atomic.write_bytes)
    key = StationKey.load_or_create(tmp_path / "key.pem")
    return HitExporter(pipeline.store, pipeline.images, SITE, key, audit), row.id, audit


def request(tmp_path: Path, hit_id: int, protocol: str = "PROT-2026/0042") -> HitExportRequest:
    return HitExportRequest(hit_id, tmp_path / "prova", "Agente Rossi", "furto", protocol)


def test_only_an_acknowledged_hit_with_reason_and_protocol_is_exported(
    exporter: tuple[HitExporter, int, AuditLog], tmp_path: Path
) -> None:
    export, hit_id, _audit = exporter
    with pytest.raises(HitExportError, match="non e' ancora stata confermata"):
        export.export(request(tmp_path, hit_id))
    assert acknowledge(export.store, hit_id, "bianchi", Outcome.CONFIRMED, "fermato")
    with pytest.raises(HitExportError, match="protocollo"):
        export.export(request(tmp_path, hit_id, protocol=" "))
    with pytest.raises(HitExportError, match="inesistente"):
        export.export(request(tmp_path, hit_id + 99))
    assert not (tmp_path / "prova").exists()


def test_package_holds_read_hit_pictures_and_verifies(
    exporter: tuple[HitExporter, int, AuditLog], tmp_path: Path
) -> None:
    export, hit_id, audit = exporter
    acknowledge(export.store, hit_id, "bianchi", Outcome.CONFIRMED, "fermato in via Roma")
    files = export.export(request(tmp_path, hit_id))
    folder = tmp_path / "prova"
    assert set(files) == {
        ep.READ, ep.HIT, ep.PLATE_PICTURE, ep.VEHICLE_PICTURE,
        ev.MANIFEST, ev.SIGNATURE, ev.PUBKEY, ev.README, ev.SUMS,
    }  # fmt: skip
    assert not (folder / ev.INCOMPLETE).exists()
    report = verify_folder(folder)
    assert report.ok, report.problems
    read = json.loads((folder / ep.READ).read_text())
    hit = json.loads((folder / ep.HIT).read_text())
    assert (read["plate"], read["plate_as_sent"], read["camera"]) == (
        "AB12OCD", "AB12OCD", "chiavari-05",
    )  # fmt: skip
    assert hit["entry"] == {"plate": "AB120CD", "note": "rubata a Genova"}
    assert hit["acknowledgement"]["outcome"] == "confermato"
    assert hit["acknowledgement"]["note"] == "fermato in via Roma"
    assert "corretta O->0 in posizione 5" in hit["how"]
    assert (folder / ep.PLATE_PICTURE).read_bytes() == JPEG  # as the camera sent it
    manifest = report.manifest
    assert manifest["kind"] == "plate-hit" and manifest["protocol"] == "PROT-2026/0042"
    assert manifest["camera"]["name"] == "Via Aurelia - ingresso ponente"
    assert "SEGNALAZIONE TARGA" in (folder / ev.README).read_text()
    [entry] = audit.entries()
    assert entry["action"] == "plate hit export" and entry["protocol"] == "PROT-2026/0042"
    assert {f["name"] for f in entry["files"]} >= {ep.READ, ep.HIT}  # type: ignore[union-attr]
    with pytest.raises(HitExportError, match="non e' vuota"):
        export.export(request(tmp_path, hit_id))  # never over an existing package


def test_alterations_are_named(exporter: tuple[HitExporter, int, AuditLog], tmp_path: Path) -> None:
    export, hit_id, _audit = exporter
    acknowledge(export.store, hit_id, "bianchi", Outcome.MISREAD, "")
    export.export(request(tmp_path, hit_id))
    folder = tmp_path / "prova"
    read = json.loads((folder / ep.READ).read_text())
    read["plate"] = "ZZ999ZZ"
    (folder / ep.READ).write_text(json.dumps(read))
    (folder / ep.VEHICLE_PICTURE).write_bytes(b"<html>not a picture</html>")
    (folder / ep.HIT).unlink()
    problems = verify_folder(folder).problems
    assert any(p.startswith("lettura.json: SHA-256 diverso da SHA256SUMS") for p in problems)
    assert "lettura.json: targa diversa da quella del manifesto" in problems
    assert "veicolo.jpg: non e' un'immagine JPEG" in problems
    assert "segnalazione.json: elencato in SHA256SUMS ma manca" in problems

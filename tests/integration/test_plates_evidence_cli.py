"""A plate hit's evidence package from the command line, checked by occhio verify and the tools."""

from __future__ import annotations

import json
from pathlib import Path

from app.anpr.pipeline import PlatePipeline
from app.anpr.storage import PlateStorage
from app.anpr.transit_hits import Outcome, acknowledge, hits
from tests.evidence import occhio, signature_verified, tool
from tests.plate_fixtures import plate_read


def stored_hit() -> int:
    """One hit on the demo's A1 list in this test's data folder; its id."""
    storage = PlateStorage.open()
    try:
        storage.hotlists.define("A1", "a1")
        storage.hotlists.add_manual("A1", "FG482KL", "rubata", None, "rossi")
        pipeline = PlatePipeline(storage.hotlists, storage.transits, storage.images)
        pipeline.start()
        try:
            pipeline.submit(plate_read("FG482KL", camera="chiavari-05", image=True))
            pipeline.flush()
        finally:
            pipeline.stop()
        [row] = hits(storage.transits)
        return row.id
    finally:
        storage.close()


def test_export_of_an_acknowledged_hit_verifies(tmp_path: Path) -> None:
    hit_id = stored_hit()
    listed = occhio("plates", "hits", "--open", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [h["id"] for h in json.loads(listed.stdout)] == [hit_id]
    out = tmp_path / "prova"
    args = ("plates", "export", str(hit_id), "--out", str(out), "--reason", "furto",
            "--protocol", "PROT-2026/0042", "--site", "resources/demo/site.toml")  # fmt: skip
    refused = occhio(*args)
    assert refused.returncode == 1 and "non e' ancora stata confermata" in refused.stderr
    storage = PlateStorage.open()
    try:
        assert acknowledge(storage.transits, hit_id, "bianchi", Outcome.CONFIRMED, "")
    finally:
        storage.close()
    done = occhio(*args, "--json")
    assert done.returncode == 0, done.stderr
    assert "lettura.json" in json.loads(done.stdout)["files"]
    verified = occhio("verify", str(out), "--json")
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["ok"] is True
    sums = tool(out, "sha256sum", "-c", "SHA256SUMS")
    assert sums.returncode == 0 and sums.stdout.count(": OK") == 8, sums.stdout
    assert signature_verified(out)
    (out / "segnalazione.json").write_text("{}")
    altered = occhio("verify", str(out))
    assert altered.returncode == 1 and "segnalazione.json" in altered.stdout

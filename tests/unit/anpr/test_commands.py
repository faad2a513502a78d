"""The plate commands: hotlist import and check, plates search and CSV export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.anpr.storage import PlateStorage
from app.anpr.transits import StoredRead
from app.cli import main
from tests.plate_fixtures import plate_read


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_import_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "a1.csv"
    file.write_bytes("Targa;Note\nAB120CD;rubata a Chiavari\nEF456GH;\n".encode("cp1252"))
    status, out = run(capsys, "hotlist", "import", str(file), "--list", "A1", "--category", "a1")
    assert status == 0 and "aggiunte 2, tolte 0, in lista 2" in out
    status, out = run(capsys, "hotlist", "check", "AB12OCD", "--json")
    [hit] = json.loads(out)
    assert status == 0
    assert (hit["plate"], hit["list"], hit["how"], hit["note"]) == (
        "AB120CD",
        "A1",
        "corretta O->0 in posizione 5",
        "rubata a Chiavari",
    )
    status, out = run(capsys, "hotlist", "check", "ZZ999ZZ")
    assert status == 1 and "nessuna corrispondenza" in out


def test_import_refuses_a_new_list_without_category(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "x.csv"
    file.write_text("AB123CD\n")
    assert main(["hotlist", "import", str(file), "--list", "Nuova"]) == 2
    assert "--category" in capsys.readouterr().err


def test_a_truncated_file_reports_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "t.csv"
    file.write_text("targa;note\nAB123CD;x\nEF4")
    status, out = run(
        capsys, "hotlist", "import", str(file), "--list", "Z", "--category", "ztl", "--json"
    )
    report = json.loads(out)
    assert status == 1 and not report["ok"] and "riga 3" in report["error"]


def test_search_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    storage = PlateStorage.open()
    reads = [
        StoredRead(i + 1, plate_read(p, 1_775_000_000.0 + i))
        for i, p in enumerate(["AB123CD", "AB12JCD", "A8123CD", "XY999ZZ"])
    ]
    storage.transits.add(reads, [])
    storage.close()
    status, out = run(capsys, "plates", "search", "AB123CD", "--fuzzy", "--json")
    rows = json.loads(out)
    assert status == 0 and {r["plate"]: r["how"] for r in rows} == {
        "AB123CD": "esatta",
        "A8123CD": "corretta 8->B in posizione 2",
    }
    status, out = run(capsys, "plates", "search", "AB1*")
    assert status == 0 and len(out.splitlines()) == 2
    target = tmp_path / "export.csv"
    assert main(["plates", "search", "AB1*", "--csv", str(target)]) == 2
    assert main(["plates", "search", "AB1*", "--csv", str(target), "--reason", "prot. 12/26"]) == 0
    assert target.read_text(encoding="utf-8-sig").count("\n") == 3
    storage = PlateStorage.open()
    with storage.transits.tx() as c:
        [(reason, rows_exported)] = c.execute("SELECT reason, rows FROM exports").fetchall()
    storage.close()
    assert (reason, rows_exported) == ("prot. 12/26", 2)

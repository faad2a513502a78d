"""Hotlists in force: atomic replace, reports, manual entries, the watched folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.anpr.hotlist_store import HotlistStore
from app.anpr.hotlist_watch import HotlistFolder
from app.anpr.hotlists import Hotlists


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hotlists(tmp_path: Path, clock: Clock) -> Hotlists:
    lists = Hotlists(HotlistStore(tmp_path / "liste.sqlite"), clock)
    lists.define("A1-Questura", "a1")
    lists.define("ZTL", "ztl")
    return lists


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_reports_and_replaces(hotlists: Hotlists, tmp_path: Path) -> None:
    first_file = write(tmp_path / "a.csv", "targa\nAB123CD\nEF456GH\n")
    first = hotlists.import_file(first_file, "A1-Questura")
    counts = (first.ok, first.rows_read, first.added, first.removed, first.total)
    assert counts == (True, 2, 2, 0, 2)
    second = hotlists.import_file(
        write(tmp_path / "b.csv", "targa\nEF456GH\nLM789NP\nbad#\n"), "A1-Questura"
    )
    assert (second.added, second.removed, second.total, second.rejected) == (
        1,
        1,
        2,
        [(4, "caratteri non ammessi '#' in 'bad#'")],
    )
    assert [h.plate for h in hotlists.check("LM789NP")] == ["LM789NP"]
    assert hotlists.check("AB123CD") == []
    assert "aggiunte 1, tolte 1, in lista 2" in second.text()


def test_failed_import_keeps_the_previous_list(hotlists: Hotlists, tmp_path: Path) -> None:
    hotlists.import_file(write(tmp_path / "a.csv", "targa\nAB123CD\n"), "A1-Questura")
    for bad in ("targa\nAB123CD\nEF45", "", "targa\n"):
        report = hotlists.import_file(write(tmp_path / "bad.csv", bad), "A1-Questura")
        assert not report.ok
        assert "precedente" in report.error or "vuoto" in report.error
    assert [h.plate for h in hotlists.check("AB123CD")] == ["AB123CD"]
    assert hotlists.store.count("A1-Questura") == 1


def test_hit_carries_list_text_note_and_how(hotlists: Hotlists, tmp_path: Path) -> None:
    text = "targa;nota\nAB120CD;rubata a Genova\n"
    hotlists.import_file(write(tmp_path / "a.csv", text, "cp1252"), "A1-Questura")
    [hit] = hotlists.check("ab 12O cd")
    assert (hit.plate, hit.note, hit.how.describe()) == (
        "AB120CD",
        "rubata a Genova",
        "corretta O->0 in posizione 5",
    )
    assert hit.hotlist.category.id == "a1" and "rubato" in hit.hotlist.display_text


def test_manual_entry_expires(hotlists: Hotlists, clock: Clock) -> None:
    hotlists.add_manual("ZTL", "ZZ999ZZ", "furgone", clock.now + 60, "rossi")
    [hit] = hotlists.check("ZZ999ZZ")
    assert hit.manual and hit.note == "furgone"
    clock.now += 61
    assert hotlists.check("ZZ999ZZ") == []
    assert hotlists.index.lookup("ZZ999ZZ") == []  # the index was rebuilt


def test_lists_survive_reopening(hotlists: Hotlists, tmp_path: Path) -> None:
    hotlists.import_file(write(tmp_path / "a.csv", "AB123CD\n"), "A1-Questura")
    hotlists.store.close()
    reopened = Hotlists(HotlistStore(tmp_path / "liste.sqlite"))
    reopened.reload()
    assert [h.plate for h in reopened.check("AB123CD")] == ["AB123CD"]


def test_folder_takes_files_once_they_stop_changing(hotlists: Hotlists, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    watcher = HotlistFolder(folder, hotlists)
    write(folder / "ZTL_20260403.csv", "targa\nAB123CD\n")
    write(folder / "Ignota_20260403.csv", "targa\nEF456GH\n")
    assert watcher.scan() == []  # first sight: may still be copying
    reports = {r.list_name: r for r in watcher.scan()}
    assert reports["ZTL"].ok and reports["ZTL"].added == 1
    assert not reports["Ignota"].ok and "nessuna lista" in reports["Ignota"].error
    assert [p.name.split("-", 2)[-1] for p in (folder / "importati").glob("*.csv")] == [
        "ZTL_20260403.csv"
    ]
    assert list((folder / "scartati").glob("*Ignota*.report.json"))
    assert [h.hotlist.name for h in hotlists.check("AB123CD")] == ["ZTL"]

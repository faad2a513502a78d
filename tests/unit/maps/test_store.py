"""Installing maps: ``occhio map import`` and ``occhio map list``."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.cli import build_parser
from app.maps.command import run_map
from app.maps.mbtiles import MBTilesSource
from app.maps.mercator import TileId
from app.maps.store import MapStore
from app.maps.tiles import SourceError
from tests.unit.maps.tilemaker import pyramid, write_pmtiles


@pytest.fixture
def store(tmp_path: Path) -> MapStore:
    return MapStore(tmp_path / "mappe", tmp_path / "cache")


def _run(store: MapStore, *argv: str) -> int:
    return run_map(build_parser().parse_args(["map", *argv]), store)


def test_import_a_pmtiles_file_then_list_it(
    store: MapStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = write_pmtiles(tmp_path / "liguria.pmtiles", pyramid([0, 1, 2]))
    assert _run(store, "import", str(archive)) == 0
    assert (store.folder / "liguria.pmtiles").read_bytes() == archive.read_bytes()
    assert _run(store, "list") == 0
    out = capsys.readouterr().out
    assert "liguria.pmtiles: Prova (zoom 0-2)" in out


def test_import_a_tile_folder_and_a_server(store: MapStore, tmp_path: Path) -> None:
    folder = tmp_path / "xyz"
    (folder / "3" / "4").mkdir(parents=True)
    (folder / "3" / "4" / "2.png").write_bytes(b"\x89PNG\r\n\x1a\n...")
    assert store.import_map(str(folder), "citta") == store.folder / "citta"
    assert (store.folder / "citta" / "3" / "4" / "2.png").is_file()
    url = store.import_map("https://wms.example.invalid/ows?SERVICE=WMS&LAYERS=ctr", "regione")
    assert url.read_text().splitlines()[-1].startswith("https://wms.example.invalid/ows?")
    assert [p.name for p in store.installed()] == ["citta", "regione.url"]


def test_a_broken_map_is_refused_and_nothing_installed(
    store: MapStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.mbtiles"
    junk.write_bytes(b"not a database at all" * 100)
    assert _run(store, "import", str(junk)) == 1
    assert "junk.mbtiles" in capsys.readouterr().err
    assert store.installed() == []
    with pytest.raises(SourceError, match="not a map"):
        store.import_map("ftp://x/{z}/{x}/{y}")


def test_the_same_name_is_not_overwritten(store: MapStore, tmp_path: Path) -> None:
    archive = write_pmtiles(
        tmp_path / "a.pmtiles", {TileId(0, 0, 0): pyramid([0])[TileId(0, 0, 0)]}
    )
    store.import_map(str(archive))
    with pytest.raises(SourceError, match="already installed"):
        store.import_map(str(archive))


def test_two_threads_asking_for_the_schematic_map_get_one_good_file(tmp_path: Path) -> None:
    description = tmp_path / "basemap.toml"
    description.write_text(
        "schema_version = 1\nbounds = [9.30, 44.30, 9.34, 44.33]\nmin_zoom = 11\nmax_zoom = 14\n"
        "[[places]]\nkind = 'comune'\nname = 'Chiavari'\nat = [44.317, 9.322]\n"
    )
    store = MapStore(tmp_path / "mappe", tmp_path / "cache", description)
    results: list[Path | None] = []
    threads = [threading.Thread(target=lambda: results.append(store.schematic())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 2 and results[0] == results[1] is not None
    with MBTilesSource(results[0]) as source:  # type: ignore[arg-type]
        assert source.zooms == frozenset({11, 12, 13, 14})
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [results[0].name]  # type: ignore[union-attr]

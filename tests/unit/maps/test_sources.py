"""Tile sources: MBTiles, PMTiles and tile folders, sound and damaged."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pmtiles.convert import mbtiles_to_pmtiles
from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import TileType

from app.maps.catalog import maps_in, open_source
from app.maps.loader import Loaded, LruCache, TileLoader
from app.maps.mbtiles import MBTilesSource, write_mbtiles
from app.maps.mercator import TileId
from app.maps.pmtiles_source import PMTilesSource
from app.maps.tilefolder import TileFolderSource
from app.maps.tiles import SourceError, TileProblem, TileResult, TileSource
from tests.unit.maps.tilemaker import png, pyramid, write_mbtiles_with_library, write_pmtiles

S = TypeVar("S", bound=TileSource)


@pytest.fixture
def tiles() -> dict[TileId, bytes]:
    return pyramid([0, 1, 3])


def _keep(opened: list[TileSource], source: S) -> S:
    opened.append(source)
    return source


@pytest.fixture
def opened() -> Iterator[list[TileSource]]:
    """Sources a test opens, closed after it."""
    sources: list[TileSource] = []
    yield sources
    for source in sources:
        source.close()


def test_mbtiles_made_by_the_library_reads_back_every_tile(
    opened: list[TileSource], tmp_path: Path, tiles: dict[TileId, bytes]
) -> None:
    source = _keep(opened, MBTilesSource(write_mbtiles_with_library(tmp_path / "m.mbtiles", tiles)))
    assert source.label == "Prova"
    assert source.zooms == frozenset({0, 1, 3})
    for tile, data in tiles.items():
        assert source.fetch(tile).data == data, tile
    source.close()


def test_mbtiles_rows_are_flipped_tms(opened: list[TileSource], tmp_path: Path) -> None:
    top, bottom = png(10), png(200)
    path = write_mbtiles_with_library(
        tmp_path / "m.mbtiles", {TileId(1, 0, 0): top, TileId(1, 0, 1): bottom}
    )
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT tile_data FROM tiles WHERE tile_row = 1").fetchone()[0]
    assert stored == top  # XYZ row 0 (north) is TMS row 1
    assert _keep(opened, MBTilesSource(path)).fetch(TileId(1, 0, 0)).data == top


def test_our_writer_agrees_with_the_library_reader(
    tmp_path: Path, tiles: dict[TileId, bytes]
) -> None:
    ours = tmp_path / "ours.mbtiles"
    write_mbtiles(ours, tiles.items(), {"name": "x", "format": "png"})
    archive = tmp_path / "ours.pmtiles"
    mbtiles_to_pmtiles(str(ours), str(archive), 3)
    with archive.open("rb") as file:
        reader = Reader(MmapSource(file))
        for tile, data in tiles.items():
            assert reader.get(tile.z, tile.x, tile.y) == data


def test_missing_zoom_level_is_said_and_the_parent_stands_in(
    opened: list[TileSource], tmp_path: Path, tiles: dict[TileId, bytes]
) -> None:
    source = _keep(opened, MBTilesSource(write_mbtiles_with_library(tmp_path / "m.mbtiles", tiles)))
    assert any("zoom [2]" in w for w in source.warnings)
    result = source.fetch(TileId(2, 1, 1))
    assert result.problem is TileProblem.NO_ZOOM and not result.ok
    standin = source.fetch_or_parent(TileId(2, 1, 1))
    assert standin.drawn == TileId(1, 0, 0)
    assert standin.data == tiles[TileId(1, 0, 0)]
    assert standin.problem is TileProblem.NO_ZOOM


def test_tile_outside_coverage_and_outside_the_pyramid(
    opened: list[TileSource], tmp_path: Path, tiles: dict[TileId, bytes]
) -> None:
    source = _keep(opened, MBTilesSource(write_mbtiles_with_library(tmp_path / "m.mbtiles", tiles)))
    assert source.fetch(TileId(3, 7, 7)).problem is TileProblem.MISSING
    assert source.fetch(TileId(3, 8, 0)).problem is TileProblem.OUTSIDE
    assert source.fetch(TileId(1, -1, 0)).problem is TileProblem.OUTSIDE


def test_a_tile_that_is_not_a_picture(opened: list[TileSource], tmp_path: Path) -> None:
    path = tmp_path / "bad.mbtiles"
    write_mbtiles(path, [(TileId(0, 0, 0), b"<html>not found</html>")], {"name": "bad"})
    result = _keep(opened, MBTilesSource(path)).fetch(TileId(0, 0, 0))
    assert result.problem is TileProblem.NOT_IMAGE
    assert "not a PNG" in result.detail


def test_not_a_database_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "junk.mbtiles"
    path.write_bytes(b"\x00garbage" * 500)
    with pytest.raises(SourceError, match=r"junk\.mbtiles"):
        MBTilesSource(path)
    with pytest.raises(SourceError, match="no such file"):
        MBTilesSource(tmp_path / "absent.mbtiles")
    other = tmp_path / "other.mbtiles"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(SourceError, match="tables"):
        MBTilesSource(other)


def test_truncated_mbtiles_shows_what_it_can(opened: list[TileSource], tmp_path: Path) -> None:
    tiles = pyramid(range(6), limit=8)
    path = write_mbtiles_with_library(tmp_path / "m.mbtiles", tiles)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    try:
        source = _keep(opened, MBTilesSource(path))
    except SourceError as err:
        assert "m.mbtiles" in str(err)
        return
    outcomes = {source.fetch(t).problem for t in tiles}
    assert outcomes <= {None, TileProblem.CORRUPT, TileProblem.MISSING, TileProblem.NO_ZOOM}
    assert TileProblem.CORRUPT in outcomes or TileProblem.MISSING in outcomes


def test_pmtiles_reads_back_every_tile(
    opened: list[TileSource], tmp_path: Path, tiles: dict[TileId, bytes]
) -> None:
    source = _keep(opened, PMTilesSource(write_pmtiles(tmp_path / "m.pmtiles", tiles)))
    assert (source.min_zoom, source.max_zoom) == (0, 3)
    assert source.label == "Prova" and source.attribution == "test tiles"
    for tile, data in tiles.items():
        assert source.fetch(tile).data == data
    assert source.fetch(TileId(3, 7, 7)).problem is TileProblem.MISSING
    assert source.fetch_or_parent(TileId(2, 0, 0)).drawn == TileId(1, 0, 0)
    source.close()


def test_vector_pmtiles_are_refused(tmp_path: Path) -> None:
    path = write_pmtiles(tmp_path / "v.pmtiles", {TileId(0, 0, 0): b"\x1a\x00"}, TileType.MVT)
    with pytest.raises(SourceError, match="not raster"):
        PMTilesSource(path)


def test_truncated_pmtiles_opens_with_a_warning_and_bad_tiles_fail(
    opened: list[TileSource], tmp_path: Path
) -> None:
    tiles = pyramid(range(5), limit=8)
    path = write_pmtiles(tmp_path / "t.pmtiles", tiles)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - len(data) // 4])
    source = _keep(opened, PMTilesSource(path))
    assert any("truncated" in w for w in source.warnings)
    results = [source.fetch(t) for t in tiles]
    assert any(r.ok for r in results)
    assert any(r.problem in (TileProblem.NOT_IMAGE, TileProblem.CORRUPT) for r in results)
    assert all(r.data == tiles[r.tile] for r in results if r.ok)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600), st.integers(0, 500))
def test_hostile_pmtiles_bytes_never_escape(
    opened: list[TileSource], tmp_path: Path, noise: bytes, cut: int
) -> None:
    good = write_pmtiles(tmp_path / "g.pmtiles", pyramid([0, 1])).read_bytes()
    path = tmp_path / "h.pmtiles"
    path.write_bytes(good[:cut] + noise)
    try:
        source = _keep(opened, PMTilesSource(path))
    except SourceError:
        return
    for tile in (TileId(0, 0, 0), TileId(1, 1, 1)):
        assert isinstance(source.fetch(tile), TileResult)
    source.close()


def test_tile_folder(opened: list[TileSource], tmp_path: Path) -> None:
    root = tmp_path / "xyz"
    (root / "2" / "1").mkdir(parents=True)
    (root / "2" / "1" / "3.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"j" * 100)
    (root / "4" / "0").mkdir(parents=True)
    (root / "4" / "0" / "0.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * (3 * 1024 * 1024))
    source = _keep(opened, TileFolderSource(root))
    assert source.zooms == frozenset({2, 4})
    assert source.fetch(TileId(2, 1, 3)).ok
    assert source.fetch(TileId(2, 1, 2)).problem is TileProblem.MISSING
    assert source.fetch(TileId(4, 0, 0)).problem is TileProblem.TOO_LARGE
    assert source.fetch(TileId(3, 0, 0)).problem is TileProblem.NO_ZOOM
    with pytest.raises(SourceError, match="no zoom folders"):
        TileFolderSource(tmp_path)


def test_catalog_opens_by_kind_and_lists_installed_maps(
    opened: list[TileSource], tmp_path: Path, tiles: dict[TileId, bytes]
) -> None:
    write_mbtiles(tmp_path / "a.mbtiles", tiles.items(), {"name": "a"})
    write_pmtiles(tmp_path / "b.pmtiles", tiles)
    (tmp_path / "c.url").write_text("# server\nhttp://127.0.0.1:9/{z}/{x}/{y}.png\n")
    (tmp_path / "notes.txt").write_text("x")
    names = [p.name for p in maps_in(tmp_path)]
    assert names == ["a.mbtiles", "b.pmtiles", "c.url"]
    assert isinstance(_keep(opened, open_source(tmp_path / "a.mbtiles")), MBTilesSource)
    assert isinstance(_keep(opened, open_source(tmp_path / "b.pmtiles")), PMTilesSource)
    assert open_source(tmp_path / "c.url").name == "c"
    with pytest.raises(SourceError, match="not a map"):
        open_source(tmp_path / "notes.txt")


class _Bytes(TileSource):
    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.name, self.data = "bytes", data

    def read(self, tile: TileId) -> bytes | None:
        return self.data


@given(st.binary(max_size=64))
def test_any_bytes_come_back_as_a_picture_or_a_problem(data: bytes) -> None:
    result = _Bytes(data).fetch(TileId(1, 1, 1))
    assert result.ok != (result.problem is not None)
    if result.ok:
        assert data[:3] in (b"\x89PN", b"\xff\xd8\xff", b"RIF")


def test_lru_cache_drops_the_least_recently_used() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert "b" not in cache and "a" in cache and "c" in cache
    assert len(cache) == 2


def test_loader_fetches_and_decodes_off_the_calling_thread(
    opened: list[TileSource], tmp_path: Path, tiles: dict[TileId, bytes]
) -> None:
    source = _keep(opened, MBTilesSource(write_mbtiles_with_library(tmp_path / "m.mbtiles", tiles)))
    got: dict[TileId, Loaded[int]] = {}
    threads: set[str] = set()
    done = threading.Event()
    wanted = [TileId(1, 0, 0), TileId(1, 1, 1), TileId(2, 0, 0), TileId(3, 7, 7)]

    def deliver(loaded: Loaded[int]) -> None:
        threads.add(threading.current_thread().name)
        got[loaded.result.tile] = loaded
        if len(got) == len(wanted):
            done.set()

    def decode(data: bytes) -> int | None:
        return None if data == tiles[TileId(1, 1, 1)] else len(data)

    loader: TileLoader[int] = TileLoader(source, decode, deliver)
    loader.request(wanted)
    assert done.wait(10)
    loader.close()
    assert threading.current_thread().name not in threads
    assert got[TileId(1, 0, 0)].picture == len(tiles[TileId(1, 0, 0)])
    assert got[TileId(1, 1, 1)].result.problem is TileProblem.NOT_IMAGE
    assert got[TileId(2, 0, 0)].result.drawn == TileId(1, 0, 0)
    assert got[TileId(3, 7, 7)].picture is None

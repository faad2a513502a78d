"""Layout files and the layout store."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config.layoutfile import LayoutFileError, parse_layout, read_layout, write_layout
from app.config.layoutstore import LayoutStore, LayoutStoreError, check_name, shipped_layouts_dir
from app.config.sitefile import load_site
from app.core.layout import WallLayout
from app.core.wall import ScreenLayout
from app.maps.maptile import is_map_tile

ROOT = Path(__file__).parents[3]
TWO = WallLayout("Due", (ScreenLayout("2x2", ("a", None, "b")), ScreenLayout("1+5", ("c",))))


@pytest.fixture
def store(tmp_path: Path) -> LayoutStore:
    return LayoutStore(tmp_path / "user", shipped_layouts_dir())


def test_shipped_examples_use_demo_cameras() -> None:
    folder = shipped_layouts_dir()
    assert folder == ROOT / "layouts"
    demo_ids = {c.id for c in load_site(ROOT / "resources" / "demo" / "site.toml").cameras}
    grids = {}
    for path in sorted(folder.glob("*.json")):
        layout = read_layout(path)
        cameras = {c for c in layout.camera_ids() if not is_map_tile(c)}  # maps are no cameras
        assert cameras <= demo_ids, path
        grids[path.stem] = [s.grid for s in layout.screens]
    assert grids == {
        "chiavari-centro": ["3x3"],
        "doppio-schermo": ["1+5", "3x3"],
        "mappa-chiavari": ["1+5"],
        "tutte": ["4x4"],
        "varchi-targhe": ["2x2"],
    }
    assert read_layout(folder / "tutte.json").camera_ids() == demo_ids


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    write_layout(TWO, path)
    assert read_layout(path) == TWO


@pytest.mark.parametrize(
    ("data", "key", "fragment"),
    [
        ({"schema_version": 1, "screens": [{"grid": "7x7"}]}, "screens[0].grid", "unknown grid"),
        ({"schema_version": 1, "screens": []}, "screens", "non-empty"),
        ({"schema_version": 1, "screens": [{"grid": "1", "tiles": "a"}]}, "screens[0].tiles", ""),
        (
            {"schema_version": 1, "screens": [{"grid": "1", "tiles": [3]}]},
            "screens[0].tiles[0]",
            "",
        ),
        ({"schema_version": 2, "screens": []}, "schema_version", "newer"),
        ({"schema_version": 1, "name": 5, "screens": []}, "name", "expected a string"),
        ([1, 2], "", "expected a JSON object"),
    ],
)
def test_bad_content_names_key(tmp_path: Path, data: object, key: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    text = json.dumps(data)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutFileError) as info:
        read_layout(path)
    assert (info.value.path, info.value.key) == (path, key)
    assert fragment in info.value.message
    assert path.read_text(encoding="utf-8") == text


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "schema_version": 1,\n  "screens": [,]\n}\n', encoding="utf-8")
    with pytest.raises(LayoutFileError, match="line 3, column 15"):
        read_layout(path)


def test_version_0_is_migrated() -> None:
    layout = parse_layout('{"grid": "2x2", "cameras": ["a", null, "b"]}', "/x/vecchio.json")
    assert layout == WallLayout("vecchio", (ScreenLayout("2x2", ("a", None, "b")),))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='{}[]:,"01 \nabgridtlscremvhn_x', max_size=80))
def test_random_text_raises_only_layout_file_error(text: str) -> None:
    try:
        parse_layout(text)
    except LayoutFileError as err:
        assert str(err)


def test_store_lists_saves_and_overrides(store: LayoutStore) -> None:
    names = [e.name for e in store.list()]
    assert names == [
        "chiavari-centro",
        "doppio-schermo",
        "mappa-chiavari",
        "tutte",
        "varchi-targhe",
    ]
    store.save(TWO.renamed("tutte"))
    entry = store.find("tutte")
    assert entry is not None and not entry.shipped
    assert store.load("tutte") == TWO.renamed("tutte")
    store.delete("tutte")
    assert store.find("tutte").shipped
    assert store.load("tutte").screens[0].grid == "4x4"


def test_store_save_as_rename_delete(store: LayoutStore) -> None:
    copy = store.save_as(TWO, "Sala operativa")
    assert copy.name == "Sala operativa"
    store.rename("Sala operativa", "Notte")
    assert store.load("Notte") == TWO.renamed("Notte")
    assert store.find("Sala operativa") is None
    with pytest.raises(LayoutStoreError, match="already exists"):
        store.rename("Notte", "tutte")
    store.delete("Notte")
    with pytest.raises(LayoutStoreError, match="no layout"):
        store.load("Notte")


def test_shipped_layouts_cannot_be_deleted_or_renamed(store: LayoutStore) -> None:
    with pytest.raises(LayoutStoreError, match="shipped"):
        store.delete("tutte")
    with pytest.raises(LayoutStoreError, match="shipped"):
        store.rename("tutte", "altro")
    assert (shipped_layouts_dir() / "tutte.json").is_file()


def test_load_by_path(store: LayoutStore, tmp_path: Path) -> None:
    path = tmp_path / "altrove.json"
    write_layout(TWO, path)
    assert store.load(str(path)) == TWO


@pytest.mark.parametrize("name", ["", "   ", "a/b", "a\\b", ".nascosto", "x" * 65, "a\nb"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(LayoutStoreError):
        check_name(name)


def test_good_names_pass() -> None:
    assert check_name(" Città di Chiavari ") == "Città di Chiavari"
    assert check_name("x" * 64) == "x" * 64


def test_tours_round_trip_and_bad_tours_name_the_key(tmp_path) -> None:
    from app.config.layoutfile import read_layout, write_layout
    from app.core.tour import Tour

    screen = ScreenLayout("2x2", ("a", "b"), ((1, Tour(("b", "c", "d"), 15.0)),))
    path = tmp_path / "giro.json"
    write_layout(WallLayout("Giro", (screen,)), path)
    assert read_layout(path).screens[0] == screen

    def with_tour(tour: str) -> str:
        head = '{"schema_version": 1, "screens": [{"grid": "2x2", "tours": ['
        return head + tour + "]}]}"

    with pytest.raises(LayoutFileError) as info:
        parse_layout(with_tour('{"tile": 1, "cameras": []}'))
    assert info.value.key == "screens[0].tours[0]" and "at least one camera" in info.value.message
    with pytest.raises(LayoutFileError, match=r"tours\[0\]\.tile"):
        parse_layout(with_tour('{"tile": 99, "cameras": ["a"]}'))


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (
            '{"schema_version": 1, "screens": [{"grid": "2x2", "tiles": [' + "7" * 5000 + "]}]}",
            "screens[0].tiles[0]",
            "5000 digits",
        ),
        ('{"schema_version": ' + "7" * 4400 + ', "screens": []}', "schema_version", "4400 digits"),
        (
            '{"schema_version": 1, "screens": [{"grid": "2x2", "tiles": [' + "7" * 3000 + "]}]}",
            "screens[0].tiles[0]",
            "expected a camera id",
        ),
        ('{"screens": ' + "[" * 100_000 + "]" * 100_000 + "}", "", "nested"),
    ],
)
def test_huge_integers_and_deep_nesting_are_layout_errors(
    text: str, key: str, fragment: str
) -> None:
    with pytest.raises(LayoutFileError) as info:
        parse_layout(text, "/home/op/rotto.json")
    assert info.value.key == key
    assert fragment in info.value.message
    assert len(str(info.value)) < 300


def test_saving_through_a_symlink_updates_the_shared_file(
    store: LayoutStore, tmp_path: Path
) -> None:
    shared = tmp_path / "shared" / "Centro.json"
    shared.parent.mkdir()
    write_layout(TWO.renamed("Centro"), shared)
    shared.chmod(0o644)
    store.user_dir.mkdir(parents=True)
    link = store.user_dir / "Centro.json"
    link.symlink_to(shared)
    changed = WallLayout("Centro", (ScreenLayout("3x3", ("z",)),))
    assert store.save(changed) == link
    assert link.is_symlink()
    assert read_layout(shared) == changed
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


def test_screen_tour_round_trip(tmp_path) -> None:
    from app.config.layoutfile import read_layout, write_layout
    from app.core.tour import Tour

    screen = ScreenLayout("2x2", ("a", "b", "c", "d"), (), Tour(("a", "b", "c", "d", "e"), 20.0, 4))
    path = tmp_path / "pagine.json"
    write_layout(WallLayout("Pagine", (screen,)), path)
    assert read_layout(path).screens[0] == screen

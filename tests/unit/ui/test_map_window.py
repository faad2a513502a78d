"""The map window and its glue with the walls: call-up, layouts, saving, PTZ, basemaps."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config.sitefile import save_site
from app.core.layout import WallLayout
from app.core.model import Camera, CameraKind, OnvifAddress, Site, SiteConfig
from app.core.wall import ScreenLayout
from app.maps.fov import FieldOfView
from app.maps.geodesy import destination
from app.maps.mercator import LatLon
from app.maps.model import MapModel
from app.maps.pmtiles_source import PMTilesSource
from app.maps.store import MapStore
from app.maps.tiles import SourceError, TileSource
from app.ui.map_actions import MapActions
from app.ui.map_menu import point_menu
from app.ui.map_window import Basemap, MapWindow
from app.ui.messages import MessageBridge
from app.ui.screens import WallManager
from tests.fakes import FakeProvider
from tests.unit.devices.ptzfake import DeviceState, PtzResponder
from tests.unit.maps.tilemaker import pyramid, write_pmtiles

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
ORIGIN = LatLon(44.3160, 9.3230)
WAIT_MS = 15_000  # the first PTZ command also connects (services, profiles, WSDLs)


def _site(ptz_port: int = 1) -> SiteConfig:
    def cam(n: int, at: LatLon, **kw: object) -> Camera:
        return Camera(
            f"c{n}",
            n,
            f"Camera {n}",
            "chiavari",
            latitude=at.lat,
            longitude=at.lon,
            main_url=f"rtsp://127.0.0.1:1/c{n}",
            **kw,  # type: ignore[arg-type]
        )

    return SiteConfig(
        "Prova",
        (Site("chiavari", "Chiavari"),),
        (),
        (
            cam(101, destination(ORIGIN, 180.0, 30.0), heading=0.0, range_m=80.0),
            cam(102, destination(ORIGIN, 180.0, 60.0), heading=0.0, range_m=80.0),
            cam(103, destination(ORIGIN, 0.0, 30.0), heading=0.0, range_m=80.0),
            cam(
                104,
                destination(ORIGIN, 270.0, 40.0),
                kind=CameraKind.PTZ,
                heading=40.0,
                height_m=8.0,
                onvif=OnvifAddress("127.0.0.1", ptz_port, "admin", "occhio"),
            ),
            Camera("c105", 105, "Senza posizione", "chiavari", main_url="rtsp://127.0.0.1:1/x"),
        ),
    )


def test_menu_lists_the_cameras_that_see_the_point_nearest_first(qtbot: QtBot) -> None:
    model = MapModel(_site())
    called: list[str] = []
    aimed: list[tuple[str, LatLon]] = []
    menu = point_menu(
        None, model, ORIGIN, call_up=called.append, aim=lambda c, p: aimed.append((c, p))
    )  # type: ignore[arg-type]
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "Telecamere che vedono questo punto"
    assert texts[1].startswith("101  Camera 101  (30 m)")
    assert texts[2].startswith("102  Camera 102  (60 m)")
    assert texts[3] == "Punta qui: 104  Camera 104  (40 m)"
    assert not any("103" in t for t in texts)  # it looks away from the point
    menu.actions()[2].trigger()
    assert called == ["c102"]
    menu.actions()[-1].trigger()
    assert aimed == [("c104", ORIGIN)]
    menu.deleteLater()


@pytest.fixture
def manager(qtbot: QtBot) -> Iterator[WallManager]:
    yield from _manager(qtbot, _site())


def _manager(qtbot: QtBot, site: SiteConfig) -> Iterator[WallManager]:
    bridge = MessageBridge(show_boxes=False)
    mgr = WallManager(
        site, FakeProvider(), bridge, layout=WallLayout("", (ScreenLayout("2x2", ()),))
    )
    for window in mgr.windows():
        qtbot.addWidget(window)
    mgr.show()
    yield mgr
    mgr.shutdown()


def _actions(manager: WallManager, tmp_path: Path, site_file: Path | None) -> MapActions:
    store = MapStore(tmp_path / "mappe", tmp_path / "cache")
    return MapActions(manager, manager.bridge, store, site_file, secrets=lambda: None)


def test_call_up_and_layout_from_the_map(manager: WallManager, tmp_path: Path) -> None:
    actions = _actions(manager, tmp_path, None)
    manager.walls[0].model.select(2)
    actions.call_up("c103")
    assert manager.walls[0].model.camera_at(2) == "c103"
    actions.send_layout(["c101", "c102", "c103", "c104", "c101"])
    model = manager.walls[0].model
    assert model.grid.name == "3x3"
    assert model.visible_cameras()[:5] == ["c101", "c102", "c103", "c104", "c101"]
    actions.close()


def test_saving_edits_writes_the_site_file_and_updates_the_walls(
    manager: WallManager, tmp_path: Path
) -> None:
    site_file = tmp_path / "site.toml"
    save_site(manager.site, site_file)
    actions = _actions(manager, tmp_path, site_file)
    actions.model.set_editing(True)
    actions.model.move_camera("c101", LatLon(44.31, 9.32))
    actions.model.set_cone("c101", FieldOfView(123.0, 70.0, 45.0))
    assert actions.save()
    saved = tomllib.loads(site_file.read_text(encoding="utf-8"))
    cam = next(c for c in saved["cameras"] if c["id"] == "c101")
    assert (cam["latitude"], cam["longitude"], cam["heading"]) == (44.31, 9.32, 123.0)
    assert (cam["fov_deg"], cam["range_m"]) == (70.0, 45.0)
    assert manager.site.camera("c101").heading == 123.0  # type: ignore[union-attr]
    assert not actions.model.has_edits
    actions.close()


def test_demo_site_edits_apply_without_a_file(manager: WallManager, tmp_path: Path) -> None:
    actions = _actions(manager, tmp_path, None)
    actions.model.move_camera("c102", LatLon(44.32, 9.33))
    assert actions.save()
    assert manager.site.camera("c102").latitude == 44.32  # type: ignore[union-attr]
    assert "dimostrazione" in (manager.bridge.last().text if manager.bridge.last() else "")
    actions.close()


def _window(qtbot: QtBot, opener: object, bridge: MessageBridge) -> MapWindow:
    model = MapModel(_site())
    window = MapWindow(model, bridge, basemaps=[Basemap("prova")], open_basemap=opener)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(700, 500)
    window.show()
    return window


def test_window_opens_its_basemap_off_the_gui_thread(qtbot: QtBot, tmp_path: Path) -> None:
    archive = write_pmtiles(tmp_path / "m.pmtiles", pyramid(range(0, 4)))

    def opener(_basemap: Basemap) -> TileSource:
        return PMTilesSource(archive)

    window = _window(qtbot, opener, MessageBridge(show_boxes=False))
    window.model.view.set_view(LatLon(40.0, 10.0), 3.0)
    qtbot.waitUntil(window.ready, timeout=10_000)
    assert window.store is not None and window.store.loaded_count > 0
    assert "1 telecamere senza posizione: 105" in window.view.problem
    window.close()


def test_window_says_when_its_basemap_cannot_open(qtbot: QtBot) -> None:
    def opener(_basemap: Basemap) -> TileSource:
        raise SourceError("rotta.mbtiles", "not a readable MBTiles file")

    bridge = MessageBridge(show_boxes=False)
    window = _window(qtbot, opener, bridge)
    qtbot.waitUntil(lambda: bridge.last() is not None, timeout=5000)
    assert "rotta.mbtiles" in bridge.last().text  # type: ignore[union-attr]
    assert "mappa incompleta" in window.view.problem
    window.close()


def test_point_here_turns_the_ptz_head_to_the_point(qtbot: QtBot, tmp_path: Path) -> None:
    with PtzResponder(DeviceState()) as device:
        for mgr in _manager(qtbot, _site(device.port)):
            actions = _actions(mgr, tmp_path, None)
            camera = actions.model.placements["c104"].position
            target = destination(camera, 100.0, 8.0)  # 60 degrees right of pan 0, 8 m away
            actions.aim("c104", target)
            qtbot.waitUntil(lambda: "AbsoluteMove" in device.state.ops(), timeout=WAIT_MS)
            move = next(c for c in device.state.calls if c.op == "AbsoluteMove")
            assert move.pan == pytest.approx(60.0 / 180.0, abs=0.002)
            assert move.tilt == pytest.approx(-0.5, abs=0.01)  # 8 m high, 8 m away: 45 degrees down
            actions.close()
            mgr.shutdown()


def test_a_map_fills_a_wall_tile_and_is_saved_with_the_layout(
    qtbot: QtBot, manager: WallManager, tmp_path: Path
) -> None:
    actions = _actions(manager, tmp_path, None)
    wall = manager.walls[0]
    actions.model.view.set_view(ORIGIN, 17.0)
    wall.model.select(1)
    actions.map_to_tile()
    text = wall.model.camera_at(1)
    assert text is not None and text.startswith("map:44.316000,9.323000,17.00,")
    entry = actions.tiles.maps[(0, 1)]
    tile = wall.window.view.tiles[1]
    qtbot.waitUntil(lambda: entry.widget.size() == tile.size(), timeout=2000)
    assert set(entry.widget.pins) == {"c101", "c102", "c103", "c104"}
    assert 1 not in wall.window.view.held_streams()  # a map takes no stream
    entry.model.view.pan_by(100, 0)
    qtbot.waitUntil(lambda: wall.model.camera_at(1) != text, timeout=3000)
    saved = manager.snapshot("con mappa").screens[0].tiles[1]
    assert saved is not None and saved.startswith("map:44.316000,9.32")
    assert float(saved.split(",")[1]) < 9.323  # the map moved east: the centre is further west
    assert actions.tiles.maps[(0, 1)] is entry  # the same widget, only its view saved
    actions.close()


def test_call_up_keys_reach_the_wall_while_a_map_tile_has_focus(
    qtbot: QtBot, manager: WallManager, tmp_path: Path
) -> None:
    actions = _actions(manager, tmp_path, None)
    wall = manager.walls[0]
    wall.model.assign(0, "map:44.316000,9.323000,16.00,basemap+cameras+cones")
    widget = actions.tiles.maps[(0, 0)].widget
    wall.model.select(2)
    widget.setFocus()
    for key in (Qt.Key.Key_1, Qt.Key.Key_0, Qt.Key.Key_2):
        qtbot.keyClick(widget, key)
    assert wall.window.callup_text == "102"
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert wall.model.camera_at(2) == "c102"
    actions.close()


def test_a_ptz_cone_follows_the_head_it_reports(qtbot: QtBot, tmp_path: Path) -> None:
    with PtzResponder(DeviceState(position=(0.25, 0.0, 0.0))) as device:
        for mgr in _manager(qtbot, _site(device.port)):
            _check_live_cone(qtbot, _actions(mgr, tmp_path, None))
            mgr.shutdown()


def _check_live_cone(qtbot: QtBot, actions: MapActions) -> None:
    actions.open_map()

    def heading() -> float | None:
        fov = actions.model.fov_of("c104")
        return None if fov is None else fov.heading

    # Heading 40 at pan 0; pan 0.25 is 45 degrees to the right; zoom 0: 60 degrees wide.
    qtbot.waitUntil(lambda: heading() == pytest.approx(85.0), timeout=WAIT_MS)
    fov = actions.model.fov_of("c104")
    assert fov is not None and fov.angle == pytest.approx(60.0)
    actions.close()

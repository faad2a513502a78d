"""Plates on the maps, offscreen: hits at their pins, a vehicle's track, the search area."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from app.anpr.pipeline import PlatePipeline
from app.anpr.storage import PlateStorage
from app.anpr.transit_hits import Outcome
from app.config.sitefile import load_site
from app.core.layout import WallLayout
from app.core.plates_lists import category
from app.core.wall import ScreenLayout
from app.maps.mercator import LatLon
from app.maps.store import MapStore
from app.maps.track import TrackStop
from app.ui.camera_tree import CAMERA_ID_ROLE
from app.ui.map_actions import MapActions
from app.ui.map_marks import TRACK, stop_text
from app.ui.map_plates import MapPlates
from app.ui.map_window import MapWindow
from app.ui.messages import MessageBridge
from app.ui.plate_bridge import PlateBridge
from app.ui.plate_hits import HitsController
from app.ui.plate_menu import PlateActions
from app.ui.screens import WallManager
from tests.fakes import FakeProvider
from tests.plate_fixtures import plate_read

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
SITE = load_site(Path(__file__).resolve().parents[3] / "resources" / "demo" / "site.toml")
LISTED = "AB120CD"
T0 = 1_780_000_000.0
RED = QColor(category("a1").colour)


@dataclass
class Station:
    """A wall with its map actions and the plate services linked to them."""

    manager: WallManager
    maps: MapActions
    pipeline: PlatePipeline
    hits: HitsController
    actions: PlateActions
    link: MapPlates


@pytest.fixture
def station(qtbot: QtBot, tmp_path: Path) -> Iterator[Station]:
    bridge = MessageBridge(show_boxes=False)
    manager = WallManager(
        SITE, FakeProvider(), bridge, layout=WallLayout("", (ScreenLayout("2x2", ()),))
    )
    for window in manager.windows():
        qtbot.addWidget(window)
    manager.show()
    maps = MapActions(
        manager,
        bridge,
        MapStore(tmp_path / "mappe", tmp_path / "cache"),
        None,
        secrets=lambda: None,
    )
    storage = PlateStorage.open(tmp_path / "targhe")
    storage.hotlists.define("A1", "a1")
    storage.hotlists.add_manual("A1", LISTED, "rubata", None, "rossi")
    pipeline = PlatePipeline(storage.hotlists, storage.transits, storage.images, lambda c: "x")
    pipeline.start()
    plate_bridge = PlateBridge()
    plate_bridge.attach(pipeline)
    hits = HitsController(
        storage.transits,
        SITE,
        play=lambda _s: None,
        show_camera=lambda _c: None,
        flush=pipeline.flush,
        operator="rossi",
    )
    plate_bridge.hit.connect(hits.on_hit)
    actions = PlateActions(
        manager, storage, hits, rates=dict, bridge=bridge, call_soon=plate_bridge.call_soon
    )
    link = MapPlates(maps, plate_bridge, hits, actions)
    yield Station(manager, maps, pipeline, hits, actions, link)
    # The walls first: the pop-ups' shutdown deletes the windows pytest-qt has closed.
    maps.close()
    manager.shutdown()
    actions.shutdown()
    hits.shutdown()
    plate_bridge.stop()
    pipeline.stop()
    storage.close()


def _open_map(qtbot: QtBot, station: Station) -> MapWindow:
    window = station.maps.open_map()
    qtbot.addWidget(window)
    window.resize(900, 650)
    qtbot.waitUntil(lambda: window.view.viewport().width() > 800)
    station.maps.model.view.set_view(LatLon(44.317, 9.330), 14.5)
    return window


def _share(picture: QImage, colour: QColor, box: tuple[int, int, int, int]) -> float:
    """Share of the pixels inside ``box`` (x, y, w, h) within 30 of ``colour`` on every channel."""
    x0, y0, w, h = box
    near = 0
    for y in range(max(0, y0), min(picture.height(), y0 + h)):
        for x in range(max(0, x0), min(picture.width(), x0 + w)):
            pixel = picture.pixelColor(x, y)
            if all(
                abs(a - b) <= 30
                for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3], strict=True)
            ):
                near += 1
    return near / max(1, w * h)


def test_a_hit_shows_at_its_pin_on_every_map_flashes_and_opens(
    qtbot: QtBot, station: Station, tmp_path: Path
) -> None:
    window = _open_map(qtbot, station)
    wall = station.manager.walls[0]
    wall.model.assign(3, "map:44.319900,9.311800,16.00,basemap+cameras+cones")
    tile_map = station.maps.tiles.maps[(0, 3)].widget
    station.pipeline.submit(plate_read("AB12OCD", T0, camera="chiavari-05"))  # O for 0: corrected
    qtbot.waitUntil(lambda: "chiavari-05" in window.view.hit_items, timeout=5000)
    item = window.view.hit_items["chiavari-05"]
    assert item.text() == "AB12OCD" and item.entry.flashing
    assert "chiavari-05" in tile_map.hit_items  # the map in the wall tile shows it too
    qtbot.waitUntil(lambda: item.blink_on, timeout=3000)
    qtbot.waitUntil(lambda: not item.blink_on, timeout=3000)
    pin = window.view.screen_pos(station.maps.model.placements["chiavari-05"].position)
    picture = window.view.grab().toImage()
    picture.save(str(tmp_path / "hit.png"))
    label = (round(pin.x()) - 30, round(pin.y()) - 42, 60, 22)  # the label stands on the pin
    assert _share(picture, RED, label) > 0.3
    hit_id = item.hit_id
    station.hits.dismiss(hit_id)  # closed without acknowledgement: it stays on the map
    assert hit_id not in station.hits.popups
    click = QPoint(round(pin.x()), round(pin.y()) - 30)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert station.hits.popups[hit_id].isVisible()  # the hit opened again
    assert "chiavari-05" in window.view.hit_items
    popup = station.hits.popups[hit_id]
    assert popup.hit_event.hit.plate == LISTED
    assert station.hits.acknowledge(hit_id, Outcome.CONFIRMED, "")
    assert window.view.hit_items == {} and tile_map.hit_items == {}
    assert station.link.events == {}


def _track_reads(station: Station) -> None:
    for camera, offset in (("cogorno-02", 900), ("chiavari-05", 0), ("chiavari-07", 300)):
        station.pipeline.submit(plate_read("FG482KL", T0 + offset, camera=camera))
    station.pipeline.submit(plate_read("ZZ999ZZ", T0 + 10, camera="lavagna-03"))
    assert station.pipeline.flush()


def test_a_vehicles_track_is_drawn_from_the_search_window_and_cleared(
    qtbot: QtBot, station: Station, tmp_path: Path
) -> None:
    _track_reads(station)
    search = station.actions.open_search()
    qtbot.addWidget(search)
    search.start.setDateTime(search.start.dateTime().fromSecsSinceEpoch(int(T0 - 60)))
    search.end.setDateTime(search.end.dateTime().fromSecsSinceEpoch(int(T0 + 3600)))
    search.pattern.setText("FG482KL")
    search.run_search()
    search.table.selectRow(0)
    search.show_track_on_map()
    window = station.maps.window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    track = station.maps.model.track
    assert track is not None
    assert [s.camera_id for s in track.stops] == ["chiavari-05", "chiavari-07", "cogorno-02"]
    assert window.clear_track_action.isEnabled()
    first, second = (
        window.view.screen_pos(station.maps.model.placements[c].position)
        for c in ("chiavari-05", "chiavari-07")
    )
    middle = (first + second) / 2
    box = (round(middle.x()) - 12, round(middle.y()) - 12, 24, 24)
    picture = window.view.grab().toImage()
    picture.save(str(tmp_path / "track.png"))
    assert _share(picture, TRACK, box) > 0.05  # the first leg and its arrow
    window.clear_track()
    assert station.maps.model.track is None
    assert _share(window.view.grab().toImage(), TRACK, box) == 0.0


def _visible_tree_cameras(manager: WallManager) -> set[str]:
    proxy = manager.tree.proxy
    found = set()
    for row in range(proxy.rowCount()):
        parent = proxy.index(row, 0)
        for child in range(proxy.rowCount(parent)):
            found.add(str(proxy.index(child, 0, parent).data(CAMERA_ID_ROLE)))
    return found


def test_an_area_drawn_on_the_map_narrows_the_tree_and_the_search(
    qtbot: QtBot, station: Station
) -> None:
    _track_reads(station)
    window = _open_map(qtbot, station)
    search = station.actions.open_search()
    qtbot.addWidget(search)
    view = window.view
    places = station.maps.model.placements
    a, b = (view.screen_pos(places[c].position) for c in ("chiavari-05", "chiavari-07"))
    top_left = QPoint(round(min(a.x(), b.x())) - 20, round(min(a.y(), b.y())) - 20)
    bottom_right = QPoint(round(max(a.x(), b.x())) + 20, round(max(a.y(), b.y())) + 20)
    window.area_action.trigger()
    assert view.sketch is not None
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=top_left)
    qtbot.mouseMove(viewport, top_left + QPoint(40, 30))
    qtbot.mouseMove(viewport, bottom_right)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=bottom_right)
    inside = station.maps.model.area_cameras()
    assert inside is not None and {"chiavari-05", "chiavari-07"} <= set(inside)
    assert "cogorno-02" not in inside and "lavagna-03" not in inside
    assert view.sketch is None and not window.area_action.isChecked()  # one area at a time
    assert _visible_tree_cameras(station.manager) == set(inside)
    assert search.camera.currentData() == inside
    search.pattern.setText("*")
    search.start.setDateTime(search.start.dateTime().fromSecsSinceEpoch(int(T0 - 60)))
    search.end.setDateTime(search.end.dateTime().fromSecsSinceEpoch(int(T0 + 3600)))
    search.run_search()
    assert {r.stored.read.camera_id for r in search.results} == {"chiavari-05", "chiavari-07"}
    assert station.manager.tree.area_bar.isVisible()
    button = station.manager.tree.area_bar.findChild(QToolButton)
    assert isinstance(button, QToolButton) and button.text() == "Tutte"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert station.maps.model.area is None
    assert len(_visible_tree_cameras(station.manager)) == len(SITE.cameras)
    assert all(
        not isinstance(search.camera.itemData(i), list) for i in range(search.camera.count())
    )


def test_a_polygon_is_drawn_by_clicks_and_closed_by_a_double_click(
    qtbot: QtBot, station: Station
) -> None:
    window = _open_map(qtbot, station)
    view, viewport = window.view, window.view.viewport()
    centre = view.screen_pos(station.maps.model.placements["chiavari-05"].position)
    corners = [centre + QPointF(dx, dy) for dx, dy in ((-30, -30), (30, -30), (30, 30))]
    window.area_action.trigger()
    for corner in corners[:2]:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=corner.toPoint())
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=corners[2].toPoint())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=corners[2].toPoint())
    area = station.maps.model.area
    assert area is not None and len(area.corners) == 3
    # The triangle's upper-right half holds the camera's position at its corner's side.
    assert area.contains(view.latlon_at(centre + QPointF(10, -5)))
    assert not area.contains(view.latlon_at(centre + QPointF(-10, 5)))
    window.clear_area()
    assert station.maps.model.area is None and not window.clear_area_action.isEnabled()


def test_esc_drops_an_area_being_drawn(qtbot: QtBot, station: Station) -> None:
    window = _open_map(qtbot, station)
    window.area_action.trigger()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.view.sketch is None and station.maps.model.area is None


def test_typing_a_number_in_the_map_window_calls_the_camera_up(
    qtbot: QtBot, station: Station
) -> None:
    window = _open_map(qtbot, station)
    wall = station.manager.walls[0]
    wall.model.select(1)
    for key in (Qt.Key.Key_1, Qt.Key.Key_0, Qt.Key.Key_5):
        qtbot.keyClick(window.view, key)
    assert "105" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert wall.model.camera_at(1) == "chiavari-05"
    assert station.maps.model.selected == {"chiavari-05"}
    for key in (Qt.Key.Key_9, Qt.Key.Key_9, Qt.Key.Key_Return):
        qtbot.keyClick(window.view, key)
    assert "99" in window.statusBar().currentMessage()  # no such camera: said, nothing called
    assert wall.model.camera_at(1) == "chiavari-05"


def test_stop_labels_say_orders_and_times() -> None:
    at = LatLon(44.3, 9.3)
    one = TrackStop(2, "c", 1, "C", at, (T0,))
    again = TrackStop(2, "c", 1, "C", at, (T0, T0 + 60, T0 + 120))
    later = [TrackStop(n, "c", 1, "C", at, (T0 + 600 * n,)) for n in (1, 3, 5, 7, 9)]
    clock = time.strftime("%H:%M:%S", time.localtime(T0))
    assert stop_text([one]) == f"2 · {clock}"
    end = time.strftime("%H:%M:%S", time.localtime(T0 + 120))
    assert stop_text([again]) == f"2 · {clock}-{end} (3)"
    first = time.strftime("%H:%M:%S", time.localtime(T0 + 600))
    last = time.strftime("%H:%M:%S", time.localtime(T0 + 5400))
    assert stop_text(later) == f"1, 3, 5, 7, ... · {first}-{last}"

"""The map widget offscreen: pins where they belong, gestures, drag to a tile, blinking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent
from pytestqt.qtbot import QtBot

from app.core.health import CameraHealth
from app.core.model import Camera, CameraKind, Site, SiteConfig
from app.core.wall import ScreenLayout, WallModel
from app.maps.fov import FieldOfView
from app.maps.geodesy import destination
from app.maps.mbtiles import MBTilesSource
from app.maps.mercator import LatLon, to_pixel
from app.maps.model import Layer, MapModel
from app.maps.schematic import load_schematic
from app.maps.schematic_render import SEA, ensure_schematic
from app.ui.icons import HEALTH_MARK_COLOURS
from app.ui.map_items import HandleItem, HandleKind
from app.ui.map_tiles import TileStore
from app.ui.map_view import MapWidget
from app.ui.messages import MessageBridge
from app.ui.wall_window import WallWindow
from tests.fakes import FakeProvider
from tests.qtinput import wheel_up
from tests.unit.ui.test_wall_window import send_drop

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

BASEMAP = Path(__file__).resolve().parents[3] / "resources" / "demo" / "basemap.toml"
CENTRE = LatLon(44.3160, 9.3230)
ZOOM = 17.0
WIDTH, HEIGHT = 640, 480


def _site() -> SiteConfig:
    def cam(n: int, lat: float, lon: float, **kw: object) -> Camera:
        return Camera(
            f"c{n}",
            n,
            f"Camera {n}",
            "chiavari",
            latitude=lat,
            longitude=lon,
            main_url=f"rtsp://127.0.0.1:1/c{n}",
            **kw,  # type: ignore[arg-type]
        )

    return SiteConfig(
        "Prova",
        (Site("chiavari", "Chiavari"),),
        (),
        (
            cam(101, 44.3170, 9.3220, heading=180.0),
            cam(102, 44.3150, 9.3250, heading=90.0, fov_deg=90.0, range_m=80.0),
            cam(103, 44.3160, 9.3190, kind=CameraKind.PTZ, heading=0.0),
            cam(104, 44.3160, 9.3240),
        ),
    )


@pytest.fixture
def model() -> MapModel:
    model = MapModel(_site())
    model.view.set_view(CENTRE, ZOOM)
    return model


@pytest.fixture
def widget(qtbot: QtBot, model: MapModel) -> Iterator[MapWidget]:
    widget = MapWidget(model)
    qtbot.addWidget(widget)
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.disconnect_model()


def _expected(point: LatLon) -> tuple[float, float]:
    """Screen position computed from the tile maths alone."""
    x, y = to_pixel(point.lat, point.lon, ZOOM)
    cx, cy = to_pixel(CENTRE.lat, CENTRE.lon, ZOOM)
    return x - cx + WIDTH / 2, y - cy + HEIGHT / 2


def test_pins_are_drawn_at_their_coordinates(widget: MapWidget, model: MapModel) -> None:
    assert widget.viewport().size().width() == WIDTH
    for camera_id, pin in widget.pins.items():
        where = widget.mapFromScene(pin.pos())
        ex, ey = _expected(model.placements[camera_id].position)
        assert abs(where.x() - ex) <= 1 and abs(where.y() - ey) <= 1, camera_id


def test_the_grabbed_picture_shows_each_pin_in_its_state_colour(
    qtbot: QtBot, widget: MapWidget, model: MapModel, tmp_path: Path
) -> None:
    model.set_health({"c101": CameraHealth.OK, "c102": CameraHealth.DOWN})
    picture = widget.grab().toImage()
    picture.save(str(tmp_path / "map.png"))
    for camera_id, health in (("c101", CameraHealth.OK), ("c104", CameraHealth.UNKNOWN)):
        ex, ey = _expected(model.placements[camera_id].position)
        # Above the number, inside the disc.
        colour = picture.pixelColor(round(ex), round(ey) - 8)
        assert _close(colour, HEALTH_MARK_COLOURS[health]), (camera_id, colour.name())


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_basemap_tiles_are_drawn(qtbot: QtBot, tmp_path: Path) -> None:
    schematic = load_schematic(BASEMAP)
    small = type(schematic)(**{**schematic.__dict__, "min_zoom": 13, "max_zoom": 14})
    source = MBTilesSource(ensure_schematic(small, tmp_path))
    store = TileStore(source)
    model = MapModel(_site())
    model.view.set_view(LatLon(44.300, 9.310), 14.0)  # open sea south of Chiavari
    widget = MapWidget(model, store)
    qtbot.addWidget(widget)
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    qtbot.waitUntil(lambda: store.loaded_count > 0 and store.pending == 0, timeout=10_000)
    picture = widget.grab().toImage()
    sea = QColor(SEA[2], SEA[1], SEA[0])
    assert _close(picture.pixelColor(WIDTH // 2, HEIGHT // 2), sea, 6)
    assert "schematico" in source.label
    widget.disconnect_model()
    store.close()


def test_dragging_a_pin_onto_a_wall_tile_calls_the_camera_up(
    qtbot: QtBot, widget: MapWidget, model: MapModel
) -> None:
    bridge = MessageBridge(show_boxes=False)
    window = WallWindow(0, WallModel(ScreenLayout("2x2", ())), model.site, FakeProvider(), bridge)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    tile = window.view.tiles[1]
    widget.drag_runner = lambda drag: send_drop(qtbot, tile, drag.mimeData())
    start = QPoint(*map(round, _expected(model.placements["c102"].position)))
    qtbot.mousePress(widget.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget.viewport(), start + QPoint(30, 10))
    qtbot.mouseRelease(widget.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(30, 10))
    assert window.model.camera_at(1) == "c102"
    assert model.selected == {"c102"}
    window.close()


def test_double_click_on_a_pin_asks_for_the_camera(
    qtbot: QtBot, widget: MapWidget, model: MapModel
) -> None:
    at = QPoint(*map(round, _expected(model.placements["c101"].position)))
    with qtbot.waitSignal(widget.camera_activated) as signal:
        qtbot.mouseDClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert signal.args == ["c101"]


def test_drag_on_the_map_pans_and_the_wheel_zooms_at_the_cursor(
    qtbot: QtBot, widget: MapWidget, model: MapModel
) -> None:
    empty = QPoint(40, 400)
    under = widget.latlon_at(QPointF(empty))
    qtbot.mousePress(widget.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    qtbot.mouseMove(widget.viewport(), empty + QPoint(50, -20))
    qtbot.mouseRelease(widget.viewport(), Qt.MouseButton.LeftButton, pos=empty + QPoint(50, -20))
    moved = widget.screen_pos(under)
    assert abs(moved.x() - 90) <= 1 and abs(moved.y() - 380) <= 1
    centre_point = widget.latlon_at(QPointF(widget.viewport().rect().center()))
    wheel_up(widget.viewport())
    assert model.view.zoom == pytest.approx(ZOOM + 0.5)
    again = widget.screen_pos(centre_point)
    centre = widget.viewport().rect().center()
    assert abs(again.x() - centre.x()) <= 1 and abs(again.y() - centre.y()) <= 1


def test_shift_rectangle_selects_the_pins_inside(
    qtbot: QtBot, widget: MapWidget, model: MapModel
) -> None:
    a = _expected(model.placements["c101"].position)
    b = _expected(model.placements["c104"].position)
    left, top = min(a[0], b[0]) - 20, min(a[1], b[1]) - 20
    right, bottom = max(a[0], b[0]) + 20, max(a[1], b[1]) + 20
    with qtbot.waitSignal(widget.selection_made) as signal:
        qtbot.mousePress(
            widget.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ShiftModifier,
            QPoint(round(left), round(top)),
        )
        qtbot.mouseMove(widget.viewport(), QPoint(round(right), round(bottom)))
        qtbot.mouseRelease(
            widget.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ShiftModifier,
            QPoint(round(right), round(bottom)),
        )
    assert signal.args == [["c101", "c104"]]


def test_lost_camera_blinks_and_live_one_does_not(
    qtbot: QtBot, widget: MapWidget, model: MapModel
) -> None:
    model.set_health({"c101": CameraHealth.OK, "c102": CameraHealth.DOWN})
    qtbot.waitUntil(lambda: widget.pins["c102"].dimmed, timeout=3000)
    assert not widget.pins["c101"].dimmed
    qtbot.waitUntil(lambda: not widget.pins["c102"].dimmed, timeout=3000)
    model.set_health({"c102": CameraHealth.OK})
    assert not model.lost("c102")


def test_edit_mode_moves_a_pin_and_turns_its_cone(
    qtbot: QtBot, widget: MapWidget, model: MapModel
) -> None:
    model.set_editing(True)
    start = QPoint(*map(round, _expected(model.placements["c104"].position)))
    qtbot.mousePress(widget.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget.viewport(), start + QPoint(40, 0))
    qtbot.mouseRelease(widget.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(40, 0))
    moved = model.placements["c104"].position
    assert moved.lon > 9.3240 and moved.lat == pytest.approx(44.3160, abs=2e-5)
    model.select(["c102"])
    turn = next(h for h in widget.handles if h.kind is HandleKind.TURN)
    assert isinstance(turn, HandleItem)
    grip = widget.mapFromScene(turn.pos())
    camera = model.placements["c102"].position
    target = destination(camera, 180.0, 50.0)  # due south, 50 m
    aim = widget.screen_pos(target).toPoint()
    qtbot.mousePress(widget.viewport(), Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(widget.viewport(), aim)
    qtbot.mouseRelease(widget.viewport(), Qt.MouseButton.LeftButton, pos=aim)
    fov = model.placements["c102"].fov
    assert fov.heading == pytest.approx(180.0, abs=1.0)
    assert fov.range_m == pytest.approx(50.0, abs=1.5)
    assert fov.angle == 90.0
    assert model.has_edits


def test_layers_hide_cones_and_pins(widget: MapWidget, model: MapModel) -> None:
    model.set_layer(Layer.CONES, False)
    assert not any(c.isVisible() for c in widget.cones.values())
    model.set_layer(Layer.CAMERAS, False)
    assert not any(p.isVisible() for p in widget.pins.values())


def test_live_ptz_cone_follows_the_head(widget: MapWidget, model: MapModel) -> None:
    before = widget.cones["c103"].path().boundingRect()
    model.set_live_fov("c103", FieldOfView(90.0, 20.0, 150.0))
    after = widget.cones["c103"].path().boundingRect()
    assert after.center().x() > before.center().x()


def test_hover_card_shows_name_and_picture(
    qtbot: QtBot, widget: MapWidget, model: MapModel
) -> None:
    picture = QImage(320, 180, QImage.Format.Format_RGB32)
    picture.fill(QColor("#336699"))
    widget.picture_of = lambda camera_id: picture if camera_id == "c101" else None
    at = QPoint(*map(round, _expected(model.placements["c101"].position)))
    qtbot.mouseMove(widget.viewport(), at)
    qtbot.waitUntil(widget.preview.isVisible, timeout=2000)
    assert "Camera 101" in widget.preview.title.text()
    assert widget.preview.picture.pixmap().width() == widget.preview.THUMB_WIDTH


def test_digit_keys_are_left_to_the_wall(qtbot: QtBot, widget: MapWidget, model: MapModel) -> None:
    zoom = model.view.zoom
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    assert model.view.zoom == zoom + 1
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1")
    widget.keyPressEvent(event)
    assert not event.isAccepted()

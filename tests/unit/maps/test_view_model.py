"""The map's view state and model, without a display."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config.sitefile import load_site, parse_site, save_site
from app.core.model import Camera, CameraKind, Site, SiteConfig
from app.maps.fov import FieldOfView
from app.maps.mercator import LatLon, TileId, to_pixel
from app.maps.model import Layer, MapModel
from app.maps.view import MAX_ZOOM, MapView

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo" / "site.toml"
CHIAVARI = LatLon(44.3177, 9.3226)


def test_centre_is_in_the_middle_of_the_screen() -> None:
    view = MapView(CHIAVARI, 15.0, 800, 600)
    assert view.to_screen(CHIAVARI) == pytest.approx((400.0, 300.0))
    corner = view.to_latlon(0, 0)
    x, y = to_pixel(corner.lat, corner.lon, 15.0)
    cx, cy = to_pixel(CHIAVARI.lat, CHIAVARI.lon, 15.0)
    assert (cx - x, cy - y) == pytest.approx((400.0, 300.0), abs=1e-6)


def test_pan_moves_the_content_with_the_hand() -> None:
    view = MapView(CHIAVARI, 15.0, 800, 600)
    calls: list[int] = []
    view.changed.connect(lambda: calls.append(1))
    before = view.to_screen(CHIAVARI)
    view.pan_by(30, -20)
    after = view.to_screen(CHIAVARI)
    assert (after[0] - before[0], after[1] - before[1]) == pytest.approx((30, -20), abs=1e-6)
    assert calls == [1]


def test_zoom_keeps_the_point_under_the_cursor() -> None:
    view = MapView(CHIAVARI, 14.0, 800, 600)
    under = view.to_latlon(100, 500)
    view.zoom_at(100, 500, 15.5)
    assert view.zoom == 15.5
    assert view.to_screen(under) == pytest.approx((100.0, 500.0), abs=1e-6)
    view.zoom_at(0, 0, 99.0)
    assert view.zoom == MAX_ZOOM


def test_visible_tiles_cover_the_view_nearest_first() -> None:
    view = MapView(CHIAVARI, 15.0, 512, 256)
    tiles = view.visible_tiles(15)
    centre = view.to_latlon(256, 128)
    x, y = to_pixel(centre.lat, centre.lon, 15)
    assert tiles[0] == TileId(15, int(x // 256), int(y // 256))
    assert 3 <= len(tiles) <= 6
    assert len(view.visible_tiles(14)) < len(tiles) + 1


def test_fit_shows_every_point() -> None:
    view = MapView(CHIAVARI, 5.0, 800, 600)
    points = [LatLon(44.30, 9.30), LatLon(44.36, 9.36)]
    view.fit(points, margin=40)
    for point in points:
        sx, sy = view.to_screen(point)
        assert 39 <= sx <= 761 and 39 <= sy <= 561


def _site() -> SiteConfig:
    return SiteConfig(
        "t",
        (Site("s", "S"),),
        (),
        (
            Camera(
                "a", 1, "A", "s", latitude=44.3, longitude=9.3, heading=90.0, main_url="rtsp://h/a"
            ),
            Camera("b", 2, "B", "s", main_url="rtsp://h/b"),
            Camera(
                "p",
                3,
                "P",
                "s",
                kind=CameraKind.PTZ,
                latitude=44.3001,
                longitude=9.3001,
                heading=0.0,
                main_url="rtsp://h/p",
            ),
        ),
    )


def test_model_places_cameras_and_says_which_are_missing() -> None:
    model = MapModel(_site())
    assert set(model.placements) == {"a", "p"}
    assert [c.id for c in model.missing] == ["b"]
    assert model.view.centre.lat == pytest.approx(44.30005)


def test_selection_layers_and_states_are_evented() -> None:
    model = MapModel(_site())
    events: list[str] = []
    model.selection_changed.connect(lambda: events.append("sel"))
    model.layers_changed.connect(lambda: events.append("layers"))
    model.health_changed.connect(lambda ids: events.append(f"health:{','.join(ids)}"))
    model.select(["p", "a", "zzz"])
    assert model.selected_in_order() == ["a", "p"]
    model.set_layer(Layer.CONES, False)
    assert Layer.CONES not in model.layers
    model.set_health({"a": "down", "p": "ok"})
    model.set_health({"a": "down"})
    assert model.lost("a") and not model.lost("p")
    for health, lost in (("auth", True), ("never_reached", True), ("degraded", False)):
        model.set_health({"p": health})
        assert model.lost("p") is lost, health
    assert events[:3] == ["sel", "layers", "health:a,p"]


def test_live_cone_of_a_ptz_head_replaces_the_configured_one_outside_edit_mode() -> None:
    model = MapModel(_site())
    moved: list[str] = []
    model.camera_moved.connect(moved.append)
    live = FieldOfView(120.0, 20.0, 150.0)
    model.set_live_fov("p", live)
    assert model.fov_of("p") == live
    model.set_editing(True)
    assert model.fov_of("p") == model.placements["p"].fov
    assert moved == ["p", "p"]


def test_sightings_from_the_model() -> None:
    model = MapModel(_site())
    east = LatLon(44.3, 9.3005)  # about 40 m east of "a", which looks east
    assert model.sightings(east)[0].camera_id == "a"
    assert model.sightings(LatLon(95.0, 0.0)) == []


def test_edits_make_a_valid_site_that_saves_and_loads(tmp_path: Path) -> None:
    model = MapModel(load_site(DEMO))
    model.set_editing(True)
    model.move_camera("chiavari-01", LatLon(44.31801, 9.32301))
    model.set_cone("chiavari-01", FieldOfView(400.0 % 360, 75.0, 45.0))
    assert model.has_edits
    site = model.edited_site()
    path = tmp_path / "site.toml"
    save_site(site, path)
    again = parse_site(path.read_text(encoding="utf-8")).camera("chiavari-01")
    assert again is not None
    assert (again.latitude, again.longitude) == (44.31801, 9.32301)
    assert (again.heading, again.fov_deg, again.range_m) == (40.0, 75.0, 45.0)
    model.discard_edits()
    assert not model.has_edits
    assert model.placements["chiavari-01"].position == LatLon(44.3177, 9.3226)

"""The benchmark's arithmetic: latency from the strip index, percentiles, screens."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.bench.measure import (
    growth_pct,
    latency_ms,
    parse_size,
    percentile,
    pick_grid,
    rss_mb,
    screens_config,
    send_time,
    write_screens_config,
)
from app.bench.simproc import bench_site, camera_ids, write_sim_site

T0 = 1000.0


def test_latency_of_the_frame_just_sent() -> None:
    # Global frame 10 (loop 100 at 25 fps) left at t0 + 0.4 s; painted 80 ms later.
    assert latency_ms(10, T0 + 0.48, T0, 25.0, 100) == pytest.approx(80.0)


def test_latency_wraps_around_the_loop() -> None:
    # Painted at global frame 205 + 30 ms: loop index 98 is global frame 198, 7 frames ago.
    painted = T0 + 205 / 25 + 0.03
    assert send_time(98, painted, T0, 25.0, 100) == pytest.approx(T0 + 198 / 25)
    assert latency_ms(98, painted, T0, 25.0, 100) == pytest.approx(7 * 40 + 30)


def test_latency_of_an_index_equal_to_the_newest_frame_is_not_a_whole_loop() -> None:
    painted = T0 + 150 / 12.5
    assert latency_ms(150 % 50, painted, T0, 12.5, 50) == pytest.approx(0.0, abs=1e-6)


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=99),
    st.floats(min_value=0.0, max_value=0.039),
)
def test_send_time_is_the_latest_matching_frame_not_after_the_paint(
    newest: int, back: int, extra: float
) -> None:
    painted = T0 + newest / 25 + extra
    sent_frame = newest - back
    index = sent_frame % 100
    got = send_time(index, painted, T0, 25.0, 100)
    assert got <= painted + 1e-9
    assert painted - got < 100 / 25
    assert got == pytest.approx(T0 + sent_frame / 25)


def test_percentiles_interpolate() -> None:
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) is None


def test_growth() -> None:
    assert growth_pct(200.0, 210.0) == pytest.approx(5.0)
    assert growth_pct(0.0, 10.0) is None


def test_rss_is_measured() -> None:
    assert rss_mb() > 1.0


def test_screen_sizes() -> None:
    assert parse_size("1920x1080") == (1920, 1080)
    assert parse_size("800X600") == (800, 600)
    for bad in ("1920", "x1080", "axb", "10x10", "-5x100"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_four_screens_form_a_two_by_two_wall(tmp_path: Path) -> None:
    value = write_screens_config(tmp_path / "s.json", 4, 1280, 720)
    assert value == f"offscreen:configfile={tmp_path / 's.json'}"
    screens = json.loads((tmp_path / "s.json").read_text())["screens"]
    assert [(s["x"], s["y"]) for s in screens] == [(0, 0), (1280, 0), (0, 720), (1280, 720)]
    assert {(s["width"], s["height"], s["dpr"]) for s in screens} == {(1280, 720, 1)}
    assert len({s["name"] for s in screens}) == 4


def test_one_and_two_screens_are_one_row() -> None:
    for count in (1, 2):
        screens = screens_config(count, 1920, 1080)["screens"]
        assert isinstance(screens, list)
        assert [s["y"] for s in screens] == [0] * count


def test_grid_choice() -> None:
    assert pick_grid(1) == "1"
    assert pick_grid(2) == "2x2"
    assert pick_grid(16) == "4x4"
    assert pick_grid(17) == "5x5"
    assert pick_grid(40) == "5x5"


def test_sim_site_and_wall_site_agree(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    write_sim_site(path, 3)
    entries = tomllib.loads(path.read_text())["cameras"]
    assert [e["id"] for e in entries] == camera_ids(3)
    info = {"host": "127.0.0.1", "rtsp_port": 5554, "username": "u", "password": "p"}
    site = bench_site(info, 3)
    cam = site.camera(camera_ids(3)[1])
    assert cam is not None
    assert cam.main_url == "rtsp://127.0.0.1:5554/bench-002/main"
    assert cam.sub_url == "rtsp://127.0.0.1:5554/bench-002/sub"
    assert (cam.username, cam.password) == ("u", "p")

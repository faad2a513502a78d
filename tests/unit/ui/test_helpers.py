"""Qt-free helpers of the UI: zoom, sub/main choice, demo rewrite, file names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.core.model import OnvifAddress, Profile
from app.core.zoom import MAX_ZOOM, Zoom
from app.ui.demo import point_site_at_sim
from app.ui.provider import profile_for_width
from app.ui.screenshot import numbered
from tests.unit.ui.conftest import make_site

ROOT = Path(__file__).parents[3]


def test_zoom_keeps_point_under_cursor_and_caps():
    zoom = Zoom()
    zoom.zoom_at(3, 0.25, 0.25)
    x, y, w, h = zoom.source_rect(1000, 1000)
    # The picture point under the cursor (250, 250) is still at 25 % of the view.
    assert abs((x + 0.25 * w) - 250) < 1e-6 and abs((y + 0.25 * h) - 250) < 1e-6
    zoom.zoom_at(100, 0.5, 0.5)
    assert zoom.factor == MAX_ZOOM
    zoom.zoom_at(-100, 0.5, 0.5)
    assert zoom.factor == 1.0 and (zoom.cx, zoom.cy) == (0.5, 0.5)


@given(
    st.lists(st.tuples(st.floats(-5, 5), st.floats(0, 1), st.floats(0, 1)), max_size=20),
    st.floats(-3, 3),
    st.floats(-3, 3),
)
def test_zoom_never_shows_outside_the_picture(steps, dx, dy):
    zoom = Zoom()
    for notches, px, py in steps:
        zoom.zoom_at(notches, px, py)
    zoom.pan_by(dx, dy)
    x, y, w, h = zoom.source_rect(640, 360)
    assert 1.0 <= zoom.factor <= MAX_ZOOM
    assert x >= -1e-6 and y >= -1e-6 and x + w <= 640 + 1e-6 and y + h <= 360 + 1e-6


def test_profile_rule():
    assert profile_for_width(300) is Profile.SUB
    assert profile_for_width(700) is Profile.MAIN
    assert profile_for_width(300, maximised=True) is Profile.MAIN
    assert profile_for_width(500, sub_below=480) is Profile.MAIN


def test_demo_site_points_at_simulator_ports():
    import dataclasses

    site = make_site()
    onvif_cam = dataclasses.replace(
        site.cameras[0], id="x", number=999, main_url=None, onvif=OnvifAddress("127.0.0.1", 8081)
    )
    user_cam = dataclasses.replace(site.cameras[1], main_url="rtsp://u:p@127.0.0.1:8554/a/main")
    site = dataclasses.replace(site, cameras=(onvif_cam, user_cam, *site.cameras[2:]))
    info = {"host": "127.0.0.1", "rtsp_port": 40001, "onvif_ports": {"x": 40100}}
    moved = point_site_at_sim(site, info)
    assert moved.camera("x").onvif == OnvifAddress("127.0.0.1", 40100)
    assert moved.cameras[1].main_url == "rtsp://u:p@127.0.0.1:40001/a/main"
    assert moved.cameras[2].main_url == "rtsp://127.0.0.1:40001/chiavari-03/main"
    assert moved.camera_by_number(103) is not None


def test_screenshot_file_names():
    assert numbered(Path("/t/wall.png"), 0) == Path("/t/wall.png")
    assert numbered(Path("/t/wall.png"), 2) == Path("/t/wall-3.png")


def test_missing_site_file_exits_2_with_a_message(tmp_path):
    env = {"OCCHIO_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--site", str(tmp_path / "manca.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "impossibile usare il file dell'impianto" in result.stderr
    assert "Traceback" not in result.stderr

"""A camera called up from the map reaches a wall tile: the application driven as a person would.

The application runs as a process on a real X server (Xvfb) and gets real
key presses through the XTEST extension (xdotool), as from a keyboard:
Ctrl+Shift+M opens the map window, the camera's number and Enter call it
up from there (the map window's documented call-up). Its log then says
which tile took the camera, and ``--log-tiles`` that the tile plays it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.end2end.appproc import AppProcess
from tests.end2end.conftest import tile_samples

pytestmark = pytest.mark.e2e

CAMERA = "chiavari-05"  # call-up number 105
NUMBER = "105"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (Debian packages xvfb and xdotool)")
    return path


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh X server of one 1280x800 screen; its display name (":N")."""
    xvfb = _tool("Xvfb")
    _tool("xdotool")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()  # written once the server accepts clients
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xdotool(display: str, *args: str) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    return done.stdout.strip()


def _focus(display: str, title: str) -> None:
    """Give the keyboard to the window called ``title`` (no window manager: X input focus)."""
    window = _xdotool(display, "search", "--sync", "--name", title).splitlines()[0]
    _xdotool(display, "windowfocus", "--sync", window)


def test_a_camera_typed_in_the_map_window_plays_in_a_wall_tile(
    sim_site: Path, tmp_path: Path, display: str, run_app: list[AppProcess]
) -> None:
    app = AppProcess(
        ["--site", str(sim_site), "--log-tiles"],
        home=tmp_path / "home",
        extra_env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
    )
    run_app.append(app)
    app.wait_for(r"wall ready", 60)
    _focus(display, "Occhio - Parete 1")
    _xdotool(display, "key", "ctrl+shift+m")
    app.wait_for(r"map window opened", 30)
    _focus(display, "Occhio - Mappa")
    mark = app.mark()
    _xdotool(display, "type", "--delay", "50", NUMBER)
    _xdotool(display, "key", "Return")
    app.wait_for(rf"camera {CAMERA} called up by number from the map window", 30, start=mark)
    called = app.wait_for(rf"camera {CAMERA} called up from the map into tile (\d+)", 10, mark)
    tile = int(called.group(1))

    def playing(lines: list[str]) -> bool:
        return any(
            s.index == tile and s.camera == CAMERA and s.health == "live" and not s.banner
            for s in tile_samples(app, mark)
        )

    app.wait_until(playing, 60, f"tile {tile} playing {CAMERA}")

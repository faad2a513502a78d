"""Screens: one wall per screen; a removed screen's wall waits for it to return.

The offscreen platform is chosen once per process, so the four-screen case
runs in a child Python with QT_QPA_PLATFORM=offscreen:configfile=... and
reports its checks as JSON on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.screens import WallManager

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

HERE = Path(__file__).parent
ROOT = HERE.parents[2]

CHILD = r"""
import json, sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from app.core.layout import WallLayout
from app.core.wall import ScreenLayout
from app.ui.messages import MessageBridge
from app.ui.screens import WallManager
from tests.unit.ui.conftest import make_site
from tests.fakes import FakeProvider

app = QApplication([])
provider = FakeProvider()
screens = QGuiApplication.screens()
layout = WallLayout("x", tuple(ScreenLayout("2x2", (f"chiavari-0{i + 1}",)) for i in range(4)))
mgr = WallManager(make_site(), provider, MessageBridge(show_boxes=False), layout=layout)
mgr.show()
out = {"screens": len(screens), "walls": len(mgr.walls),
       "names": [w.window.windowHandle().screen().name() for w in mgr.walls],
       "x": [w.window.geometry().x() for w in mgr.walls]}
mgr._on_screen_removed(screens[2])
out["after_remove_visible"] = [w.window.isVisible() for w in mgr.walls]
out["after_remove_users"] = provider.users("chiavari-03")
out["kept"] = mgr.walls[2].model.camera_at(0)
mgr._on_screen_removed(screens[0])
out["first_on"] = mgr.walls[0].window.windowHandle().screen().name()
out["first_visible"] = mgr.walls[0].window.isVisible()
mgr._on_screen_added(screens[2])
out["after_add_visible"] = mgr.walls[2].window.isVisible()
out["after_add_users"] = provider.users("chiavari-03")
out["after_add_screen"] = mgr.walls[2].window.windowHandle().screen().name()
mgr.shutdown()
out["left"] = len(provider.streams)
print(json.dumps(out))
"""


def test_four_screens_remove_and_add_back():
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={HERE / 'offscreen-4-screens.json'}"
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["screens"] == 4 and out["walls"] == 4
    assert out["names"] == ["wall-1", "wall-2", "wall-3", "wall-4"]
    assert out["x"][1] == 1920
    assert out["after_remove_visible"] == [True, True, False, True]
    assert out["after_remove_users"] == 0  # a hidden wall decodes nothing
    assert out["kept"] == "chiavari-03"
    assert out["first_visible"] is True  # the control window never disappears
    assert out["after_add_visible"] is True
    assert out["after_add_users"] == 1
    assert out["after_add_screen"] == "wall-3"
    assert out["left"] == 0


def test_single_screen_manager_and_send_to_other_wall(qtbot, site, provider, bridge):
    mgr = WallManager(site, provider, bridge, screens=[1, 7])
    for window in mgr.windows():
        qtbot.addWidget(window)
    assert len(mgr.walls) == 1  # screen 7 does not exist here
    assert mgr.walls[0].window.peers() == []
    mgr.show()
    assert mgr.show_camera(0, "chiavari-02") == 0
    assert provider.users("chiavari-02") == 1
    mgr.shutdown()
    assert provider.streams == {}

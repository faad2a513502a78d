"""The plate services in a running wall, against the simulator's plate cameras.

The demo site's plate runtime on a wall showing a plate camera: the tree
shows each read source's state, a hit pops up with the camera's live
picture and frames the camera's tile until it is acknowledged.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.anpr.transit_hits import Outcome
from app.config.sitefile import load_site
from app.core.layout import WallLayout
from app.core.wall import ScreenLayout
from app.ui.camera_tree import BADGE_ROLE
from app.ui.messages import MessageBridge
from app.ui.plate_live import LivePicture
from app.ui.plate_runtime import PlateRuntime
from app.ui.plate_tree import Look
from app.ui.screens import WallManager
from tests.fakes import FakeProvider
from tests.integration.test_plates_sim import post, quiet_sim
from tests.simproc import SimProcess

__all__ = ["quiet_sim"]  # the fixture this module uses
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
CAMERA = "chiavari-05"


@pytest.fixture
def wall(qtbot: QtBot) -> Iterator[tuple[WallManager, FakeProvider]]:
    site = load_site("resources/demo/site.toml")
    provider = FakeProvider()
    layout = WallLayout("", (ScreenLayout("2x2", ("chiavari-01", CAMERA)),))
    walls = WallManager(site, provider, MessageBridge(show_boxes=False), layout=layout)
    for window in walls.windows():
        qtbot.addWidget(window)
    walls.show()
    yield walls, provider
    walls.shutdown()


def badge_look(walls: WallManager, camera: str) -> str:
    badge = walls.tree.model.camera_index(camera).data(BADGE_ROLE)
    return "" if badge is None or badge[1] is None else str(badge[1].key)


def test_hit_in_a_running_wall(
    qtbot: QtBot, quiet_sim: SimProcess, wall: tuple[WallManager, FakeProvider]
) -> None:
    walls, provider = wall
    runtime = PlateRuntime(walls.site, walls, walls.bridge, "verdi")
    runtime.start(quiet_sim.info)
    try:
        qtbot.waitUntil(lambda: badge_look(walls, CAMERA) == Look.LIVE, timeout=20_000)
        assert badge_look(walls, "chiavari-01") == ""  # no plate source: no badge
        assert badge_look(walls, "cogorno-02") == Look.WAITING  # pushes: waits for the camera
        post(quiet_sim, f"/sim/{CAMERA}/plates", "FG482KL")
        hits = runtime.hits
        assert hits is not None
        qtbot.waitUntil(lambda: bool(hits.popups), timeout=20_000)
        [(hit_id, popup)] = hits.popups.items()
        assert isinstance(popup.live, LivePicture) and popup.live.camera.id == CAMERA
        qtbot.waitUntil(lambda: popup.live is not None and popup.live.tile.frame is not None)
        tile = walls.walls[0].window.view.tiles[1]
        assert tile.camera_id == CAMERA and tile.mark is not None
        assert tile.mark.text == "FG482KL"
        assert walls.walls[0].window.view.tiles[0].mark is None
        assert hits.acknowledge(hit_id, Outcome.CONFIRMED, "")
        assert tile.mark is None
        assert provider.users(CAMERA) == 1  # the wall's tile only: the pop-up gave its own back
    finally:
        runtime.shutdown()

"""A hit on the wall: the pop-up's live picture, and the marked tiles of its camera."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.anpr.hotlists import Hotlists
from app.anpr.pipeline import PlatePipeline
from app.anpr.transit_hits import Outcome
from app.config.sitefile import load_site
from app.core.model import SiteConfig
from app.core.tile_marks import CameraMarks, TileMark
from app.ui.plate_hits import HitsController
from app.ui.plate_live import LivePicture
from app.ui.screens import WallManager
from tests.fakes import FakeProvider
from tests.plate_fixtures import pipeline, plate_hotlists, plate_read, transit_store

__all__ = ["pipeline", "plate_hotlists", "transit_store"]  # the fixtures this module uses
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
DEMO = load_site(Path("resources/demo/site.toml"))
RED = "#d7263d"


def is_red(colour: QColor) -> bool:
    return colour.red() > 180 and colour.green() < 80 and colour.blue() < 100


def test_live_picture_shows_the_camera_only_while_on_screen(
    qtbot: QtBot, site: SiteConfig, provider: FakeProvider, tmp_path: Path
) -> None:
    camera = site.cameras[1]
    live = LivePicture(provider, camera)
    qtbot.addWidget(live)
    assert provider.users(camera.id) == 0  # nothing decoded before it is shown
    live.show()
    qtbot.waitExposed(live)
    assert provider.users(camera.id) == 1
    qtbot.waitUntil(lambda: live.tile.frame is not None)
    image = live.grab().toImage()
    assert image.save(str(tmp_path / "live.png"))
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre != QColor("#000000") and live.tile.camera_id == camera.id
    live.hide()
    assert provider.users(camera.id) == 0 and live.feed is None
    live.show()  # back on screen (an escalated pop-up): the camera again
    assert provider.users(camera.id) == 1
    live.close()
    assert provider.users(camera.id) == 0


def test_marked_camera_frames_its_tiles_wherever_it_goes(
    qtbot: QtBot, manager: WallManager, tmp_path: Path
) -> None:
    view = manager.walls[0].window.view
    marks = CameraMarks()
    view.set_marks(marks)
    marked, plain = view.tiles[1], view.tiles[0]
    assert (marked.camera_id, plain.camera_id) == ("chiavari-02", "chiavari-01")
    marks.add("chiavari-02", 11, TileMark(RED, "AB123CD", 1))
    assert marked.mark == TileMark(RED, "AB123CD", 1) and plain.mark is None
    qtbot.waitUntil(lambda: marked.frame is not None)
    image = marked.grab().toImage()
    assert image.save(str(tmp_path / "marked-tile.png"))
    assert is_red(image.pixelColor(2, image.height() // 2))
    assert not is_red(plain.grab().toImage().pixelColor(2, plain.height() // 2))
    manager.walls[0].model.assign(2, "chiavari-02")  # the camera called up in a third tile too
    assert view.tiles[2].mark is not None
    marks.remove(11)
    assert marked.mark is None and view.tiles[2].mark is None
    view.set_marks(None)
    assert len(marks.changed) == 0


@pytest.fixture
def hits_ui(
    qtbot: QtBot, pipeline: PlatePipeline, plate_hotlists: Hotlists
) -> Iterator[tuple[HitsController, CameraMarks, FakeProvider]]:
    plate_hotlists.add_manual("A1", "AB120CD", "rubata", None, "rossi")
    provider, marks = FakeProvider(), CameraMarks()

    def live_picture(camera_id: str) -> LivePicture | None:
        camera = DEMO.camera(camera_id)
        return None if camera is None else LivePicture(provider, camera)

    controller = HitsController(
        pipeline.store,
        DEMO,
        play=lambda _sound: None,
        show_camera=lambda _camera: None,
        flush=pipeline.flush,
        operator="rossi",
        live_picture=live_picture,
        marks=marks,
    )
    pipeline.hit.connect(controller.on_hit)
    yield controller, marks, provider
    controller.shutdown()


def test_hit_popup_shows_the_live_camera_and_marks_until_acknowledged(
    qtbot: QtBot,
    pipeline: PlatePipeline,
    hits_ui: tuple[HitsController, CameraMarks, FakeProvider],
    tmp_path: Path,
) -> None:
    controller, marks, provider = hits_ui
    pipeline.submit(plate_read("AB12OCD", camera="chiavari-05", image=True))
    qtbot.waitUntil(lambda: len(controller.popups) == 1)
    [(hit_id, popup)] = controller.popups.items()
    qtbot.addWidget(popup)
    mark = marks.mark_of("chiavari-05")
    assert mark is not None and mark.text == "AB120CD" and mark.rank == 1
    assert isinstance(popup.live, LivePicture)
    qtbot.waitUntil(lambda: popup.live is not None and popup.live.tile.frame is not None)
    assert provider.users("chiavari-05") == 1
    assert popup.grab().save(str(tmp_path / "popup-live.png"))
    assert controller.acknowledge(hit_id, Outcome.CONFIRMED, "")
    assert marks.mark_of("chiavari-05") is None
    assert provider.users("chiavari-05") == 0  # the pop-up gave its stream back


def test_hits_beyond_the_popups_still_mark_the_tiles(
    qtbot: QtBot, pipeline: PlatePipeline, hits_ui: tuple[HitsController, CameraMarks, FakeProvider]
) -> None:
    controller, marks, _provider = hits_ui
    for _ in range(8):
        pipeline.submit(plate_read("AB120CD", camera="chiavari-05"))
    assert controller.not_shown == 2 and marks.count("chiavari-05") == 8
    mark = marks.mark_of("chiavari-05")
    assert mark is not None and mark.text == "AB120CD +7"


def test_pop_ups_of_one_camera_show_it_live_in_the_newest_only(
    qtbot: QtBot, pipeline: PlatePipeline, hits_ui: tuple[HitsController, CameraMarks, FakeProvider]
) -> None:
    controller, _marks, provider = hits_ui
    for _ in range(3):
        pipeline.submit(plate_read("AB120CD", camera="chiavari-05"))
    qtbot.waitUntil(lambda: len(controller.popups) == 3)
    ids = sorted(controller.popups)
    lives = {hid: controller.popups[hid].live for hid in ids}
    assert all(isinstance(live, LivePicture) for live in lives.values())
    active = [hid for hid, live in lives.items() if live is not None and live.active]
    assert active == [ids[-1]]
    assert provider.users("chiavari-05") == 1  # one stream held, not three
    older = lives[ids[0]]
    assert older is not None and older.elsewhere.isVisibleTo(older)
    assert controller.acknowledge(ids[-1], Outcome.CONFIRMED, "")
    # The live picture moves to the newest pop-up left.
    middle = lives[ids[1]]
    assert middle is not None and middle.active and not older.active
    assert provider.users("chiavari-05") == 1

"""Tours on the wall: the next camera starts before its turn, pause with P, saved in layouts."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from app.core.tour import PRESTART_S, Tour
from app.core.wall import ScreenLayout, WallModel
from app.ui.messages import MessageBridge
from app.ui.tour_dialog import TourDialog
from app.ui.wall_window import WallOptions, WallWindow
from tests.fakes import FakeProvider

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TOUR = Tour(("chiavari-02", "chiavari-03", "lavagna-01"), dwell_s=10.0)


def make_wall(qtbot, site, provider):
    window = WallWindow(
        0, WallModel(ScreenLayout("2x2")), site, provider, MessageBridge(show_boxes=False),
        options=WallOptions(2.0),
    )  # fmt: skip
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    window.tour_asker = lambda _parent, _site, _current: TOUR
    return window


def test_tour_prestarts_the_next_camera_and_switches_without_black(qtbot, site):
    provider = FakeProvider(auto_frames=False)  # a stream has pictures only once pushed
    window = make_wall(qtbot, site, provider)
    view, tile = window.view, window.view.tiles[1]
    assert window.edit_tour(1)
    start = window.model.tour_at(1).due - TOUR.dwell_s
    view.run_tours(start + 1.0)
    assert tile.camera_id == "chiavari-02" and provider.users("chiavari-03") == 0
    assert "SEQ 1/3" in tile.feed.words.tour
    view.run_tours(start + TOUR.dwell_s - PRESTART_S + 0.1)  # its turn is near: warm it up
    assert provider.users("chiavari-03") == 1
    (warm,) = [s for k, s in provider.streams.items() if k.camera_id == "chiavari-03"]
    first = warm.push(seed=5)  # the warmed stream has its picture before the switch
    view.run_tours(start + TOUR.dwell_s)
    assert tile.camera_id == "chiavari-03"
    tile.poll()
    assert tile.frame is first  # shown at once: no black frame
    view.run_tours(start + TOUR.dwell_s + 0.5)
    assert provider.users("chiavari-03") == 1  # the tile's own; the warm-up was given back


def test_p_pauses_and_resumes_the_selected_tour(qtbot, site, provider):
    window = make_wall(qtbot, site, provider)
    window.edit_tour(0)
    window.model.select(0)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.model.tour_at(0).paused
    window.view.run_tours(time.monotonic())
    assert window.view.tiles[0].feed.words.tour.endswith("||")
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert not window.model.tour_at(0).paused
    assert window.model.snapshot().tours == ((0, TOUR),)


def test_tour_dialog_keeps_list_order_and_dwell(qtbot, site):
    dialog = TourDialog(site, Tour(("lavagna-01", "chiavari-02"), 20.0))
    qtbot.addWidget(dialog)
    assert dialog.tour() == Tour(("chiavari-02", "lavagna-01"), 20.0)  # list (number) order
    dialog.filter.setText("cavour")
    visible = [dialog.cameras.item(i) for i in range(dialog.cameras.count())]
    assert [i.text() for i in visible if not i.isHidden()] == ["202 Piazza Cavour (Lavagna)"]
    for i in range(dialog.cameras.count()):
        dialog.cameras.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.tour() is None


def test_screen_tour_from_the_wall_menu_and_its_strip(qtbot, site, provider):
    window = make_wall(qtbot, site, provider)
    window.tour_asker = lambda _parent, _site, _current: Tour(
        tuple(c.id for c in site.cameras[:6]), 10.0
    )
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Sequenza dello schermo..." in titles
    assert window.edit_screen_tour()
    assert window.model.visible_cameras() == [c.id for c in site.cameras[:4]]
    assert window.screen_tour_label().startswith("SEQ 1/2")
    qtbot.keyClick(window, Qt.Key.Key_P)  # no tile selected: P pauses the screen's tour
    assert window.model.screen_tour.paused

"""Wall window: drop, swap, maximise, call-up, Delete, stream holding."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.model import Profile, SiteConfig
from app.core.wall import ScreenLayout, WallModel
from app.ui.messages import MessageBridge
from app.ui.mime import CAMERA_MIME, camera_mime, tile_mime
from app.ui.wall_window import WallWindow
from tests.fakes import FakeProvider

# The offscreen platform warns that it cannot pass size hints to a window.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def make_window(
    qtbot: QtBot,
    site: SiteConfig,
    provider: FakeProvider,
    bridge: MessageBridge,
    layout: ScreenLayout | None = None,
) -> WallWindow:
    model = WallModel(layout or ScreenLayout("2x2", ("chiavari-01", "chiavari-02")))
    window = WallWindow(0, model, site, provider, bridge)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def send_drop(qtbot: QtBot, widget: object, data: QMimeData) -> QDropEvent:
    """Deliver a drag-enter and a drop with ``data`` to ``widget``'s centre."""
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    pos = QPointF(widget.rect().center())
    enter = QDragEnterEvent(
        pos.toPoint(),  # QDragEnterEvent takes a QPoint, QDropEvent a QPointF
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return drop


def test_drop_camera_onto_tile_acquires_its_stream(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    tile = window.view.tiles[3]
    drop = send_drop(qtbot, tile, camera_mime("lavagna-03"))
    assert drop.isAccepted()
    assert window.model.camera_at(3) == "lavagna-03"
    assert provider.users("lavagna-03") == 1
    assert tile.camera is not None and tile.camera.number == 203


def test_drop_of_other_data_is_ignored(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    data = QMimeData()
    data.setText("chiavari-03")
    assert not window.view.tiles[2].accept_mime(data)
    assert window.model.camera_at(2) is None
    assert data.hasFormat(CAMERA_MIME) is False


def test_drag_tile_onto_another_swaps_and_keeps_streams_running(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    before = dict(provider.streams)
    send_drop(qtbot, window.view.tiles[1], tile_mime("wall-0", 0, "chiavari-01"))
    assert window.model.visible_cameras()[:2] == ["chiavari-02", "chiavari-01"]
    # Same streams, just moved: nothing was released to zero and restarted.
    assert set(provider.streams) == set(before)
    assert all(provider.streams[k] is before[k] for k in before)
    assert window.view.tiles[1].camera_id == "chiavari-01"


def test_double_click_maximises_with_main_stream_and_back(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    tile = window.view.tiles[1]
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert window.model.maximised == 1
    assert not window.view.tiles[0].isVisible()
    assert provider.users("chiavari-01") == 0  # hidden tiles hold no stream
    held = window.view.held_streams()
    assert list(held) == [1] and held[1].key.profile is Profile.MAIN
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert window.model.maximised is None
    assert window.view.tiles[0].isVisible()
    assert provider.users("chiavari-01") == 1


def test_small_tiles_take_the_sub_stream(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge, ScreenLayout("5x5", ("chiavari-01",)))
    assert window.view.held_streams()[0].key.profile is Profile.SUB


def test_keyboard_call_up_into_selected_tile(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    qtbot.mouseClick(window.view.tiles[2], Qt.MouseButton.LeftButton)
    assert window.model.selected == 2
    qtbot.keyClicks(window, "20")
    assert window.callup_text == "20"
    assert "20" in window._callup.text()
    qtbot.keyClicks(window, "4")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.model.camera_at(2) == "lavagna-04"
    assert window.callup_text == ""
    assert provider.users("lavagna-04") == 1


def test_call_up_unknown_number_says_so(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    window.model.select(3)
    qtbot.keyClicks(window, "999")
    qtbot.keyClick(window, Qt.Key.Key_Enter)
    last = bridge.last()
    assert last is not None and last.text == "Telecamera 999 inesistente"
    assert window.model.camera_at(3) is None


def test_escape_cancels_call_up(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    window.model.select(3)
    qtbot.keyClicks(window, "101")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.callup_text == ""
    assert window.model.camera_at(3) is None


def test_delete_clears_selected_tile_and_releases_stream(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    qtbot.mouseClick(window.view.tiles[0], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert window.model.camera_at(0) is None
    assert provider.users("chiavari-01") == 0
    assert window.view.tiles[0].stream is None


def test_same_camera_in_two_tiles_shares_one_stream(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    window.model.assign(2, "chiavari-01")
    held = window.view.held_streams()
    assert held[0] is held[2]
    assert provider.users("chiavari-01") == 2


def test_grid_action_changes_grid_and_close_releases_everything(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    window._grid_actions["1+5"].trigger()
    assert window.model.grid.name == "1+5"
    assert window.view.tiles[0].geometry().width() > window.view.tiles[1].geometry().width()
    window.close()
    assert provider.streams == {}


def test_tile_menu_offers_other_screens_and_snapshot(qtbot, site, provider, bridge, tmp_path):
    window = make_window(qtbot, site, provider, bridge)
    window.options = type(window.options)(snapshot_dir=tmp_path, operator="agente 7")
    window.peers = lambda: [1, 2]
    qtbot.waitUntil(lambda: window.view.tiles[0].frame is not None)
    menu = window.tile_menu(0)
    texts = [a.text() for a in menu.actions()]
    assert texts == [
        "Istantanea",
        "Svuota",
        "Invia allo schermo 2",
        "Invia allo schermo 3",
        "Sequenza...",
        "Ripristina zoom",
    ]
    with qtbot.waitSignal(window.send_requested) as blocker:
        menu.actions()[3].trigger()
    assert blocker.args == [2, "chiavari-01"]
    menu.actions()[0].trigger()
    files = list(tmp_path.glob("*.png"))
    assert len(files) == 1 and files[0].name.startswith("101-chiavari-01-")
    from PySide6.QtGui import QImage

    image = QImage(str(files[0]))
    assert image.width() == 320
    assert image.text("Operator") == "agente 7"
    assert image.text("Camera") == "101 Piazza Matteotti"
    menu.close()


def test_wheel_zoom_and_reset(qtbot, site, provider, bridge):
    from PySide6.QtGui import QWheelEvent

    window = make_window(qtbot, site, provider, bridge)
    tile = window.view.tiles[0]
    qtbot.waitUntil(lambda: tile.frame is not None)
    pos = QPointF(tile.rect().center())
    for _ in range(3):
        wheel = QWheelEvent(
            pos,
            QPointF(tile.mapToGlobal(pos.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(tile, wheel)
    assert 1.9 < tile.zoom.factor < 2.0
    window.reset_zoom(0)
    assert tile.zoom.factor == 1.0


def test_escape_restores_maximised_tile_and_f11_action_toggles(qtbot, site, provider, bridge):
    window = make_window(qtbot, site, provider, bridge)
    window.model.toggle_maximise(0)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.model.maximised is None
    window.fullscreen_action.trigger()
    qtbot.waitUntil(window.isFullScreen)
    assert window.fullscreen_action.isChecked()
    window.fullscreen_action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.fullscreen_action.isChecked()


def test_default_layout_fills_each_screen(site):
    from app.application import default_layout

    layout = default_layout(site, screens=2)
    assert [len(s.tiles) for s in layout.screens] == [9, 1]
    assert layout.screens[1].tiles == ("lavagna-05",)


def test_ptz_camera_without_onvif_says_it_cannot_be_steered(qtbot, site, provider):
    import dataclasses

    from app.core.model import CameraKind, SiteConfig

    cams = tuple(
        dataclasses.replace(c, kind=CameraKind.PTZ) if c.id == "chiavari-01" else c
        for c in site.cameras
    )
    ptz_site = SiteConfig(site.name, site.sites, site.agencies, cams)
    window = WallWindow(
        0,
        WallModel(ScreenLayout("2x2", ("chiavari-01",))),
        ptz_site,
        provider,
        MessageBridge(show_boxes=False),
    )
    qtbot.addWidget(window)
    texts = {a.text(): a.isEnabled() for a in window.tile_menu(0).actions()}
    assert texts.get("PTZ non comandabile: manca l'indirizzo ONVIF") is False
    assert "Preset..." not in texts

"""PTZ from a wall tile, against the fake ONVIF PTZ device on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.core.model import Camera, CameraKind, OnvifAddress, SiteConfig
from app.core.ptzlock import PtzLockTable
from app.core.wall import ScreenLayout, WallModel
from app.ui.messages import MessageBridge
from app.ui.tile import TileWidget
from app.ui.wall_window import WallOptions, WallWindow
from tests.fakes import FakeProvider
from tests.qtinput import wheel_up
from tests.unit.devices.ptzfake import Call, DeviceState, PtzResponder

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
WAIT_MS = 15_000  # the first command also connects (services, profiles, WSDLs)


@pytest.fixture
def device() -> Iterator[PtzResponder]:
    """The fake PTZ device, serving from its own thread."""
    with PtzResponder(DeviceState()) as fake:
        yield fake


@pytest.fixture
def window(
    qtbot: QtBot,
    site: SiteConfig,
    provider: FakeProvider,
    bridge: MessageBridge,
    device: PtzResponder,
) -> Iterator[WallWindow]:
    """A 2x2 wall whose first tile shows a PTZ camera at the fake device."""
    ptz = Camera(
        id="ptz-1",
        number=301,
        name="Porto PTZ",
        site_id="chiavari",
        kind=CameraKind.PTZ,
        main_url="rtsp://127.0.0.1:1/ptz",
        onvif=OnvifAddress("127.0.0.1", device.port, "admin", "occhio"),
    )
    site = replace(site, cameras=(*site.cameras, ptz))
    model = WallModel(ScreenLayout("2x2", ("ptz-1", "chiavari-01")))
    options = WallOptions(operator="Rossi", ptz_locks=PtzLockTable(15.0))
    win = WallWindow(0, model, site, provider, bridge, options=options)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()  # stops the workers while the device still answers


def _tile(window: WallWindow) -> TileWidget:
    return window.view.tiles[0]


def _calls(device: PtzResponder, op: str) -> list[Call]:
    return [c for c in list(device.state.calls) if c.op == op]


def test_drag_moves_with_the_drag_direction_and_release_stops(
    qtbot: QtBot, window: WallWindow, device: PtzResponder
) -> None:
    tile = _tile(window)
    centre = tile.rect().center()
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(tile, centre + QPoint(tile.width() // 4, -tile.height() // 4))
    assert tile.ptz_caption == "PTZ: Rossi"
    qtbot.waitUntil(lambda: bool(_calls(device, "ContinuousMove")), timeout=WAIT_MS)
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=centre + QPoint(20, -20))
    qtbot.waitUntil(lambda: device.state.ops()[-1:] == ["Stop"], timeout=WAIT_MS)
    move = _calls(device, "ContinuousMove")[0]
    assert move.pan is not None and move.tilt is not None
    assert move.pan > 0.3 and move.tilt > 0.3  # right and up: positive pan and tilt
    assert tile.ptz_caption == ""
    assert tile.zoom.factor == 1.0  # no digital zoom, no tile drag on a PTZ tile


def test_wheel_zooms_the_camera(qtbot: QtBot, window: WallWindow, device: PtzResponder) -> None:
    tile = _tile(window)
    wheel_up(tile)
    qtbot.waitUntil(lambda: bool(_calls(device, "RelativeMove")), timeout=WAIT_MS)
    move = _calls(device, "RelativeMove")[0]
    assert move.zoom is not None and move.zoom > 0 and move.pan == 0.0
    assert not tile.zoom.active


def test_arrow_key_moves_while_held(qtbot: QtBot, window: WallWindow, device: PtzResponder) -> None:
    window.model.select(0)
    qtbot.keyPress(window, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: bool(_calls(device, "ContinuousMove")), timeout=WAIT_MS)
    qtbot.keyRelease(window, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: device.state.ops()[-1:] == ["Stop"], timeout=WAIT_MS)
    move = _calls(device, "ContinuousMove")[0]
    assert move.pan is not None and move.pan < 0 and move.tilt == 0.0
    assert window.callup_text == ""


def test_click_centres_on_the_point(qtbot: QtBot, window: WallWindow, device: PtzResponder) -> None:
    tile = _tile(window)
    point = tile.rect().center() + QPoint(-tile.width() // 4, tile.height() // 4)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: bool(_calls(device, "RelativeMove")), timeout=WAIT_MS)
    move = _calls(device, "RelativeMove")[0]
    assert move.pan is not None and move.tilt is not None
    assert move.pan < 0 and move.tilt < 0  # left and down of the centre
    assert "ContinuousMove" not in device.state.ops()


def test_preset_panel_go_save_delete(
    qtbot: QtBot, window: WallWindow, device: PtzResponder
) -> None:
    window.preset_asker = lambda _parent, _title, _label, _text: "Molo"
    panel = window.open_presets(0)
    assert panel is not None
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=WAIT_MS)
    assert panel.list.item(0).text() == "1  Ingresso"  # numbered as the joystick's buttons
    panel.list.setCurrentRow(1)
    panel.go()
    qtbot.waitUntil(lambda: bool(_calls(device, "GotoPreset")), timeout=WAIT_MS)
    assert _calls(device, "GotoPreset")[0].preset == "2"
    assert panel.list.item(1).text().endswith("(posizione attuale)")
    panel.save()
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=WAIT_MS)
    assert device.state.presets["7"] == "Molo"
    panel.list.setCurrentRow(0)
    asked: list[str] = []
    panel.confirm = lambda _parent, _title, text: asked.append(text) or False
    panel.delete()  # the operator says no: nothing is deleted
    assert asked == ["Eliminare il preset Ingresso dalla telecamera?"]
    panel.confirm = lambda _parent, _title, _text: True
    panel.delete()
    qtbot.waitUntil(lambda: bool(_calls(device, "RemovePreset")), timeout=WAIT_MS)
    assert _calls(device, "RemovePreset")[0].preset == "1"
    panel.home()
    qtbot.waitUntil(lambda: bool(_calls(device, "GotoHomePosition")), timeout=WAIT_MS)


def test_held_camera_is_refused_with_the_holder_named(
    qtbot: QtBot,
    window: WallWindow,
    device: PtzResponder,
    bridge: MessageBridge,
) -> None:
    window.options.ptz_locks.acquire("ptz-1", "Bianchi")
    window.model.select(0)
    qtbot.keyPress(window, Qt.Key.Key_Up)
    last = bridge.last()
    assert last is not None and last.text == "PTZ in uso da Bianchi"
    assert _tile(window).ptz_caption == "PTZ in uso da Bianchi"
    qtbot.keyRelease(window, Qt.Key.Key_Up)
    assert "ContinuousMove" not in device.state.ops()


def test_device_error_reaches_the_operator_in_italian(
    qtbot: QtBot, window: WallWindow, device: PtzResponder, bridge: MessageBridge
) -> None:
    device.state.fail_ops.add("RelativeMove")
    tile = _tile(window)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    qtbot.waitUntil(lambda: any(m.level == "error" for m in bridge.history), timeout=WAIT_MS)
    errors = [m.text for m in bridge.history if m.level == "error"]
    assert errors == ["PTZ di Porto PTZ: comando rifiutato dalla telecamera"]


def test_fixed_camera_keeps_digital_zoom(qtbot: QtBot, window: WallWindow) -> None:
    tile = window.view.tiles[1]
    qtbot.waitUntil(lambda: tile.frame is not None, timeout=5000)
    wheel_up(tile)
    assert tile.zoom.active
    window.model.select(1)
    assert window.selected_ptz() is None


def test_shift_drag_zooms_into_the_rectangle(
    qtbot: QtBot, window: WallWindow, device: PtzResponder
) -> None:
    tile = _tile(window)
    centre = tile.rect().center()
    shift = Qt.KeyboardModifier.ShiftModifier
    start, end = centre + QPoint(10, -60), centre + QPoint(90, -10)
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, shift, pos=start)
    qtbot.mouseMove(tile, end)
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, shift, pos=end)
    qtbot.waitUntil(lambda: bool(_calls(device, "RelativeMove")), timeout=WAIT_MS)
    move = _calls(device, "RelativeMove")[0]
    assert move.pan is not None and move.tilt is not None and move.zoom is not None
    assert move.pan > 0 and move.tilt > 0 and move.zoom > 0
    assert "ContinuousMove" not in device.state.ops()

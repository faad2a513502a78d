"""``onvif.timeout_s`` bounds every ONVIF call of the wall: commissioning, the camera
editor's check, PTZ; checked against a device that accepts and never answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import build_parser
from app.core.model import Camera, CameraKind, OnvifAddress
from app.devices.commission import run_onvif
from app.ui.messages import MessageBridge
from app.ui.ptz_control import PtzHub
from tests.hostile.silent import silent_listener

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def silent_port() -> Iterator[int]:
    with silent_listener() as port:
        yield port


def test_commissioning_default_is_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, silent_port: int, capsys
) -> None:
    monkeypatch.setenv("OCCHIO_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text(
        "schema_version = 1\n[onvif]\ntimeout_s = 0.7\n", encoding="utf-8"
    )
    args = build_parser().parse_args(["onvif", f"127.0.0.1:{silent_port}"])
    assert run_onvif(args) == 1
    assert "within 0.7 s" in capsys.readouterr().err


def test_ptz_requests_use_the_configured_timeout(qtbot) -> None:
    hub = PtzHub("op", MessageBridge(show_boxes=False), timeout=0.6)
    camera = Camera("p", 1, "P", "s", kind=CameraKind.PTZ, onvif=OnvifAddress("127.0.0.1", 9))
    controller = hub.controller(camera)
    try:
        assert controller is not None
        assert controller.worker.timeout == 0.6
    finally:
        hub.close()

"""PtzClient and the commissioning commands against a minimal PTZ device."""

from __future__ import annotations

import asyncio
import json
import math
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from app.cli import main
from app.core.model import OnvifAddress
from app.core.streams import Failure
from app.devices.onvif_errors import OnvifError
from app.devices.ptz import PtzClient
from tests.unit.devices.ptzfake import DeviceState, PtzResponder


def _address(device: PtzResponder) -> OnvifAddress:
    return OnvifAddress("127.0.0.1", device.port, "admin", "occhio")


def test_capabilities_from_get_services() -> None:
    with PtzResponder() as device:

        async def scenario() -> object:
            async with PtzClient(_address(device), timeout=3.0) as client:
                return await client.capabilities()

        caps = asyncio.run(scenario())
    assert caps.available and caps.found_by == "services"
    assert caps.profile_token == "main"  # no PTZConfiguration in profiles: main by size
    assert caps.has_home and caps.nodes[0].max_presets == 16
    assert caps.nodes[0].space("ContinuousPanTiltVelocitySpace").x.max == 1.0
    assert (caps.limits.tilt.min, caps.limits.tilt.max) == (-0.5, 1.0)
    assert caps.limits.timeout.max == 60.0
    assert [p.name for p in caps.presets] == ["Ingresso", "Piazza"]


def test_ptz_missing_from_get_services_is_found_in_capabilities() -> None:
    state = DeviceState(ptz_in_services=False, options_supported=False)
    with PtzResponder(state) as device:

        async def scenario() -> object:
            async with PtzClient(_address(device), timeout=3.0) as client:
                caps = await client.capabilities()
                status = await client.status()
                return caps, status

        caps, status = asyncio.run(scenario())
    assert caps.available and caps.found_by == "capabilities"
    assert caps.limits.timeout is None  # options refused: limits from the configuration
    assert caps.limits.pan.max == 1.0
    assert (status.position.pan, status.position.tilt) == (0.1, -0.2)
    assert status.pan_tilt_moving == "IDLE" and not status.moving


def test_device_without_ptz_says_so() -> None:
    state = DeviceState(ptz_in_services=False, ptz_in_capabilities=False)
    with PtzResponder(state) as device:

        async def scenario() -> object:
            async with PtzClient(_address(device), timeout=3.0) as client:
                caps = await client.capabilities()
                with pytest.raises(OnvifError) as info:
                    await client.stop()
                return caps, info.value

        caps, err = asyncio.run(scenario())
    assert not caps.available
    assert err.failure is Failure.ONVIF and "no PTZ service" in err.detail


def test_commands_reach_the_device_with_clamped_values() -> None:
    with PtzResponder() as device:

        async def scenario() -> str:
            async with PtzClient(_address(device), timeout=3.0) as client:
                await client.continuous_move(0.5, 2.0, -0.25, timeout=2.0)
                await client.stop()
                await client.relative_move(0.1, 0.0)
                await client.absolute_move(0.3, 0.4, 0.5)
                await client.goto_preset("2")
                await client.goto_home()
                token = await client.set_preset("Nuovo")
                await client.remove_preset(token)
                with pytest.raises(ValueError):
                    await client.continuous_move(math.nan, 0, 0)
                return token

        token = asyncio.run(scenario())
        calls = device.state.calls
    assert token == "7"
    assert [c.op for c in calls] == [
        "ContinuousMove",
        "Stop",
        "RelativeMove",
        "AbsoluteMove",
        "GotoPreset",
        "GotoHomePosition",
        "SetPreset",
        "RemovePreset",
    ]
    assert (calls[0].pan, calls[0].tilt, calls[0].zoom, calls[0].has_timeout) == (
        0.5,
        1.0,
        -0.25,
        True,
    )
    assert calls[4].preset == "2" and calls[7].preset == "7"


def test_cli_onvif_prints_device_and_ptz(capsys: pytest.CaptureFixture[str]) -> None:
    with PtzResponder() as device:
        code = main(
            ["onvif", f"127.0.0.1:{device.port}", "--user", "a", "--password", "b", "--json"]
        )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["device"]["main"]["token"] == "main" and data["device"]["sub"]["token"] == "sub"
    assert data["ptz"]["available"] is True
    assert [p["token"] for p in data["ptz"]["presets"]] == ["1", "2"]


def test_cli_ptz_move_sends_stop_and_prints_positions(capsys: pytest.CaptureFixture[str]) -> None:
    with PtzResponder() as device:
        args = ["ptz", f"127.0.0.1:{device.port}", "--user", "a", "--password", "b"]
        code = main([*args, "--move", "0.2,0,0", "--for", "0.05"])
        preset = main([*args, "--preset", "piazza"])
        ops = device.state.ops()
    out = capsys.readouterr().out
    assert code == 0 and preset == 0
    assert ops == [
        *("GetStatus", "ContinuousMove", "Stop", "GetStatus"),
        *("GetStatus", "GetPresets", "GotoPreset", "GetStatus"),
    ]
    assert "pan +0.100 tilt -0.200" in out and "pan +0.500 tilt +0.500" in out


def test_cli_onvif_unreachable_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = main(["onvif", f"127.0.0.1:{port}", "--timeout", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "unreachable" in err


def test_cli_ptz_sends_stop_when_the_move_fails(capsys: pytest.CaptureFixture[str]) -> None:
    with PtzResponder() as device:
        args = ["ptz", f"127.0.0.1:{device.port}", "--move", "0.2,0,0", "--profile", "nope"]
        device.state.fail_ops.add("ContinuousMove")
        code = main([*args, "--for", "5"])
        ops = device.state.ops()
    assert code == 1 and "refused" in capsys.readouterr().err
    assert ops == ["GetStatus", "ContinuousMove", "Stop"]


def test_cli_ptz_ctrl_c_still_sends_stop() -> None:
    with PtzResponder() as device:
        args = ["ptz", f"127.0.0.1:{device.port}", "--move", "0,0.3,0", "--for", "60"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 20
            while "ContinuousMove" not in device.state.ops() and time.monotonic() < deadline:
                if proc.poll() is not None:
                    break
                threading.Event().wait(0.02)
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
        ops = device.state.ops()
    assert ops[-2:] == ["ContinuousMove", "Stop"]
    assert proc.returncode == 1 and b"Stop" in err

"""Occhio's ONVIF clients against a simulator whose answers carry only what is mandatory."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from app.core.model import Profile
from app.devices.onvif import get_device_summary, resolve_stream_uris
from app.devices.ptz import PtzClient
from tests.ptzsim import PTZ_ID, address, ptz_simulator
from tests.simproc import SimProcess


@pytest.fixture(scope="module")
def quirky_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimProcess]:
    folder = tmp_path_factory.mktemp("quirks-site")
    with ptz_simulator(folder, ["--onvif-quirks", "minimal"]) as proc:
        yield proc


def test_summary_and_uris_without_optional_fields(quirky_sim: SimProcess) -> None:
    summary = asyncio.run(get_device_summary(address(quirky_sim)))
    assert (summary.manufacturer, summary.serial) == ("Occhio", "")
    assert [p.name for p in summary.profiles] == ["", ""]  # the device names no profile
    base = f"rtsp://{quirky_sim.host}:{quirky_sim.rtsp_port}/{PTZ_ID}"
    assert summary.main is not None and summary.main.stream_uri == f"{base}/main"
    assert summary.sub is not None and summary.sub.stream_uri == f"{base}/sub"
    uris = asyncio.run(resolve_stream_uris(address(quirky_sim)))
    assert uris == {Profile.MAIN: f"{base}/main", Profile.SUB: f"{base}/sub"}


def test_ptz_found_through_capabilities(quirky_sim: SimProcess) -> None:
    async def scenario() -> tuple[str, str, list[str], float]:
        async with PtzClient(address(quirky_sim)) as client:
            caps = await client.capabilities()
            await client.relative_move(0.2, 0.0)
            deadline = asyncio.get_running_loop().time() + 10
            while (status := await client.status()).moving:
                assert asyncio.get_running_loop().time() < deadline
                await asyncio.sleep(0.05)
            return (
                caps.found_by,
                caps.profile_token,
                [p.name for p in caps.presets],
                status.position.pan or 0.0,
            )

    found_by, profile, presets, pan = asyncio.run(scenario())
    assert found_by == "capabilities"
    assert profile == "main"  # no PTZConfiguration in the profiles: the main one
    assert presets == ["Ingresso", "Incrocio"]
    assert pan == pytest.approx(0.2, abs=1e-3)


def test_quirks_switch_off_over_http(quirky_sim: SimProcess) -> None:
    assert quirky_sim.control(PTZ_ID, "quirks", "none")["quirks"] == "none"
    try:

        async def found_by() -> str:
            async with PtzClient(address(quirky_sim)) as client:
                return (await client.capabilities()).found_by

        assert asyncio.run(found_by()) == "services"
    finally:
        assert quirky_sim.control(PTZ_ID, "quirks", "minimal")["quirks"] == "minimal"
    assert quirky_sim.status()[PTZ_ID]["quirks"] == "minimal"

"""Speeds asked of recorders: the PLAY answer's Scale, reverse ranges and their checks."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.recording import RecordedFrame, Span
from app.devices.recorder import ReplayStream, granted_scale
from app.devices.recorder_onvif import play_options
from app.devices.replay.errors import ReplayError, ReplayFailure


@given(st.text(max_size=40))
def test_any_scale_header_gives_a_bounded_finite_speed(text: str) -> None:
    value = granted_scale({"scale": text})
    assert math.isfinite(value) and abs(value) <= 1024


@pytest.mark.parametrize(
    ("header", "speed"),
    [({}, 1.0), ({"scale": "8"}, 8.0), ({"scale": " -4.0 "}, -4.0), ({"scale": "nan"}, 1.0),
     ({"scale": "inf"}, 1.0), ({"scale": "fast"}, 1.0), ({"scale": "1e9"}, 1.0)],
)  # fmt: skip
def test_scale_header_values(header: dict[str, str], speed: float) -> None:
    assert granted_scale(header) == speed


def test_reverse_asks_a_clock_range_from_the_end_down_and_key_frames() -> None:
    wanted = Span(1000.0, 1600.0)
    back = play_options(wanted, fast=False, scale=-4.0).headers()
    assert back["Range"].startswith("clock=19700101T002640") and back["Scale"] == "-4"
    assert back["Frames"] == "intra" and "Rate-Control" not in back
    fast = play_options(wanted, fast=False, scale=8.0).headers()
    assert fast["Range"].startswith("clock=19700101T001640") and fast["Frames"] == "intra"
    plain = play_options(wanted, fast=True, scale=1.0).headers()
    assert plain["Rate-Control"] == "no" and "Scale" not in plain and "Frames" not in plain


class Client:
    """Frames as a recorder would send them."""

    def __init__(self, times: list[float]) -> None:
        self.times, self.notes = times, []

    async def frames(self) -> AsyncIterator[RecordedFrame]:
        for t in self.times:
            yield RecordedFrame(t, True, (b"\x65",))


def received(times: list[float], wanted: Span, scale: float) -> list[float]:
    stream = ReplayStream(Client(times), "rtsp://h/r", wanted, scale=scale)  # type: ignore[arg-type]

    async def take() -> list[float]:
        return [f.capture_time async for f in stream.frames()]

    return asyncio.run(take())


def test_a_reverse_replay_stops_at_the_start_of_the_range() -> None:
    wanted = Span(1000.0, 1010.0)
    assert received([1010.0, 1005.0, 1000.0, 999.0], wanted, -2.0) == [1010.0, 1005.0, 1000.0]
    assert received([1000.0, 1005.0, 1010.0], wanted, 1.0) == [1000.0, 1005.0]  # forward
    with pytest.raises(ReplayError) as err:  # backwards, but live video of later
        received([1100.0], wanted, -2.0)
    assert err.value.failure is ReplayFailure.WRONG_TIME

"""PTZ answer readers and the commissioning address parser."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from app.devices.commission import parse_host
from app.devices.ptz_types import read_limits, read_node, read_preset, read_status
from tests.strategies import answer_trees


def test_status_from_partial_answer() -> None:
    raw = {"Position": {"PanTilt": {"x": 0.5, "y": "nan"}}, "MoveStatus": {"PanTilt": "MOVING"}}
    status = read_status(raw)
    assert (status.position.pan, status.position.tilt, status.position.zoom) == (0.5, None, None)
    assert status.moving


def test_limits_with_timeout_durations_and_bad_ranges() -> None:
    config = {
        "token": "c",
        "PanTiltLimits": {
            "Range": {"XRange": {"Min": 1, "Max": -1}, "YRange": {"Min": -1, "Max": 1}}
        },
        "ZoomLimits": {"Range": {"XRange": {"Min": 0, "Max": 1}}},
    }
    options = {"PTZTimeout": {"Min": dt.timedelta(seconds=1), "Max": dt.timedelta(minutes=2)}}
    limits = read_limits(config, options)
    assert limits.pan is None  # Min > Max: not a range
    assert (limits.tilt.min, limits.zoom.max, limits.timeout.max) == (-1.0, 1.0, 120.0)


def test_node_and_preset() -> None:
    node = read_node({"token": "n", "HomeSupported": True, "MaximumNumberOfPresets": -3})
    assert node.has_home and node.max_presets == 0 and node.spaces == ()
    assert read_preset({"token": "1"}).position is None


_values = answer_trees(
    [
        "token",
        "Name",
        "Position",
        "PanTilt",
        "Zoom",
        "x",
        "y",
        "Min",
        "Max",
        "XRange",
        "YRange",
        "Range",
        "PanTiltLimits",
        "MoveStatus",
        "SupportedPTZSpaces",
        "ContinuousPanTiltVelocitySpace",
        "MaximumNumberOfPresets",
        "PTZTimeout",
    ],
    max_leaves=15,
)


@settings(max_examples=200, deadline=None)
@given(_values)
def test_readers_accept_any_shape(raw: object) -> None:
    read_status(raw)
    read_node(raw)
    read_preset(raw)
    limits = read_limits(raw, raw)
    assert limits.pan is None or limits.pan.min <= limits.pan.max


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0.0.5", ("10.0.0.5", 80)),
        ("cam.local:8080", ("cam.local", 8080)),
        ("[fe80::1]:8000", ("fe80::1", 8000)),
        ("[fe80::1]", ("fe80::1", 80)),
        ("fe80::1", ("fe80::1", 80)),
    ],
)
def test_parse_host(text: str, expected: tuple[str, int]) -> None:
    assert parse_host(text) == expected


@pytest.mark.parametrize("text", ["", ":80", "h:0", "h:70000", "h:x"])
def test_parse_host_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_host(text)

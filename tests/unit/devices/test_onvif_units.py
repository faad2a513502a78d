"""Profile classification and error mapping of the ONVIF wrapper."""

from __future__ import annotations

import errno

import aiohttp
import pytest
from hypothesis import given, settings
from onvif.exceptions import ONVIFError, ONVIFTimeoutError
from zeep.exceptions import Fault, TransportError, XMLSyntaxError

from app.core.model import Camera, Profile
from app.core.streams import Failure
from app.devices.onvif import resolve_stream_source
from app.devices.onvif_errors import OnvifError, is_auth_fault, map_error
from app.devices.onvif_types import ProfileInfo, classify_profiles, profile_info
from tests.strategies import answer_trees

HD = ProfileInfo("a", width=1920, height=1080)
SD = ProfileInfo("b", width=640, height=360)
MID = ProfileInfo("c", width=1280, height=720)


def test_main_is_largest_and_sub_smallest_whatever_the_order() -> None:
    assert classify_profiles([SD, HD, MID]) == {Profile.MAIN: HD, Profile.SUB: SD}
    assert classify_profiles([MID, SD, HD]) == {Profile.MAIN: HD, Profile.SUB: SD}


def test_single_profile_serves_both() -> None:
    assert classify_profiles([MID]) == {Profile.MAIN: MID, Profile.SUB: MID}
    assert classify_profiles([]) == {}


def test_equal_sizes_give_first_as_main_and_last_as_sub() -> None:
    a, b = ProfileInfo("a", width=800, height=600), ProfileInfo("b", width=800, height=600)
    assert classify_profiles([a, b]) == {Profile.MAIN: a, Profile.SUB: b}


def test_unknown_size_ranks_below_known() -> None:
    blank = ProfileInfo("x")
    assert classify_profiles([blank, SD])[Profile.MAIN] == SD


def test_profile_info_survives_infinite_sizes() -> None:
    raw = {"token": "t", "VideoEncoderConfiguration": {"Resolution": {"Width": float("inf")}}}
    assert profile_info(raw).width == 0


def test_profile_info_from_partial_answer() -> None:
    raw = {
        "token": "p1",
        "Name": "mainStream",
        "VideoEncoderConfiguration": {
            "Encoding": "H264",
            "Resolution": {"Width": 2560, "Height": 1440},
            "RateControl": None,
        },
    }
    info = profile_info(raw, "rtsp://h/1")
    assert (info.token, info.width, info.height, info.fps) == ("p1", 2560, 1440, 0.0)
    assert profile_info({"token": "p2"}).pixels == 0


W = "ONVIF device 10.0.0.9:80"


@pytest.mark.parametrize(
    ("exc", "failure", "fragment"),
    [
        (Fault("Sender not authorized", subcodes=["ter:NotAuthorized"]), Failure.AUTH, "password"),
        (ONVIFError(Fault("x", code="ter:NotAuthorized")), Failure.AUTH, "password"),
        (TransportError("denied", status_code=401), Failure.AUTH, "password"),
        (TimeoutError(), Failure.TIMEOUT, "within 5 s"),
        (ONVIFTimeoutError("slow"), Failure.TIMEOUT, "within 5 s"),
        (
            ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
            Failure.UNREACHABLE,
            "connection refused",
        ),
        (TransportError("nope", status_code=404), Failure.ONVIF, "not an ONVIF device (HTTP 404"),
        (TransportError("bad xml", status_code=200), Failure.ONVIF, "answer is not SOAP"),
        (XMLSyntaxError("no Envelope"), Failure.ONVIF, "not an ONVIF device"),
        (Fault("Unknown fault occured"), Failure.ONVIF, "not an ONVIF device"),
        (Fault("Action not supported", code="s:Sender"), Failure.ONVIF, "Action not supported"),
        (ValueError("odd"), Failure.ONVIF, "ValueError"),
    ],
)
def test_error_mapping(exc: BaseException, failure: Failure, fragment: str) -> None:
    err = map_error(exc, W, 5.0)
    assert err.failure is failure
    assert fragment in err.detail
    assert W in err.detail


def test_aiohttp_connector_error_is_unreachable() -> None:
    key = aiohttp.client_reqrep.ConnectionKey("h", 1, False, True, None, None, None)
    exc = aiohttp.ClientConnectorError(key, OSError(errno.ECONNREFUSED, "Connection refused"))
    err = map_error(exc, W, 5.0)
    assert (err.failure, "connection refused" in err.detail) == (Failure.UNREACHABLE, True)


def test_non_auth_fault_is_not_auth() -> None:
    assert not is_auth_fault(Fault("Invalid argument", subcodes=["ter:InvalidArgVal"]))


def test_camera_without_onvif_address_is_refused() -> None:
    camera = Camera("c", 1, "c", "s", main_url="rtsp://h/x")
    with pytest.raises(OnvifError) as info:
        resolve_stream_source(camera, Profile.MAIN)
    assert info.value.failure is Failure.MALFORMED


_answer_values = answer_trees(
    [
        "token",
        "Name",
        "VideoEncoderConfiguration",
        "Resolution",
        "Width",
        "Height",
        "Encoding",
        "RateControl",
        "FrameRateLimit",
    ],
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_answer_values)
def test_profile_info_accepts_any_answer_shape(raw: object) -> None:
    info = profile_info(raw)
    assert isinstance(info.width, int) and isinstance(info.fps, float)
    assert classify_profiles([info, SD])[Profile.SUB] in (info, SD)

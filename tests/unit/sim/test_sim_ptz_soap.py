"""The PTZ service's SOAP answers, parsing of requests, quirks and the panorama window."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from app.sim import panorama, ptz_xml
from app.sim.cameras import Quirks, SimCamera
from app.sim.onvif import OnvifContext, OnvifDevice
from app.sim.ptz import PtzModel
from tests.unit.sim.test_onvif import request

TPTZ = ptz_xml.TPTZ
TDS = "http://www.onvif.org/ver10/device/wsdl"
NS = {
    "tt": "http://www.onvif.org/ver10/schema",
    "tptz": TPTZ,
    "tds": TDS,
    "trt": "http://www.onvif.org/ver10/media/wsdl",
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def ptz_device(quirks: Quirks = Quirks.NONE) -> tuple[OnvifDevice, FakeClock, list[int]]:
    clock = FakeClock()
    cam = SimCamera("ptz-1", "Porto", "admin", "occhio", kind="ptz", ptz=PtzModel(clock))
    cam.quirks = quirks
    syncs: list[int] = []
    device = OnvifDevice(cam, OnvifContext("127.0.0.1", 8554, 0.0), lambda: syncs.append(1))
    return device, clock, syncs


def call(device: OnvifDevice, op: str, inner: str = "", ns: str = TPTZ) -> etree._Element:
    status, text = device.answer(request(op, ns, "occhio", inner), "http://h:1")
    assert status == 200, text
    return etree.fromstring(text.encode())


def position(device: OnvifDevice) -> tuple[float, float, float]:
    root = call(device, "GetStatus", "<x:ProfileToken>main</x:ProfileToken>")
    pt = root.find(".//tt:Position/tt:PanTilt", NS)
    zoom = root.find(".//tt:Position/tt:Zoom", NS)
    assert pt is not None and zoom is not None
    return float(pt.get("x", "")), float(pt.get("y", "")), float(zoom.get("x", ""))


def test_continuous_move_with_timeout_then_status() -> None:
    device, clock, _ = ptz_device()
    velocity = '<x:Velocity><tt:PanTilt xmlns:tt="{tt}" x="1" y="0"/></x:Velocity>'.format(
        tt=NS["tt"]
    )
    call(
        device,
        "ContinuousMove",
        f"<x:ProfileToken>main</x:ProfileToken>{velocity}<x:Timeout>PT0.5S</x:Timeout>",
    )
    root = call(device, "GetStatus", "<x:ProfileToken>main</x:ProfileToken>")
    assert root.findtext(".//tt:MoveStatus/tt:PanTilt", namespaces=NS) == "MOVING"
    assert root.findtext(".//tt:UtcTime", namespaces=NS)
    clock.now += 2.0
    assert position(device) == pytest.approx((0.25, 0.0, 0.0))


def test_absolute_move_keeps_axes_it_does_not_name() -> None:
    device, clock, _ = ptz_device()
    zoom = f'<x:Position><tt:Zoom xmlns:tt="{NS["tt"]}" x="0.5"/></x:Position>'
    call(device, "AbsoluteMove", f"<x:ProfileToken>main</x:ProfileToken>{zoom}")
    clock.now += 5.0
    assert position(device) == pytest.approx((0.0, 0.0, 0.5))


def test_presets_round_trip_and_faults() -> None:
    device, _, _ = ptz_device()
    root = call(device, "GetPresets", "<x:ProfileToken>main</x:ProfileToken>")
    names = root.xpath("//tptz:Preset/tt:Name/text()", namespaces=NS)
    assert names == ["Ingresso", "Incrocio"]
    root = call(
        device, "SetPreset", "<x:ProfileToken>sub</x:ProfileToken><x:PresetName>Molo</x:PresetName>"
    )
    token = root.findtext(".//tptz:PresetToken", namespaces=NS)
    assert token == "3"
    call(
        device,
        "RemovePreset",
        f"<x:ProfileToken>main</x:ProfileToken><x:PresetToken>{token}</x:PresetToken>",
    )
    status, text = device.answer(
        request(
            "GotoPreset",
            TPTZ,
            "occhio",
            "<x:ProfileToken>main</x:ProfileToken><x:PresetToken>3</x:PresetToken>",
        ),
        "http://h:1",
    )
    assert status == 400 and "ter:NoEntity" in text


def test_unknown_profile_and_missing_auth_are_faults() -> None:
    device, _, _ = ptz_device()
    status, text = device.answer(
        request("GetStatus", TPTZ, "occhio", "<x:ProfileToken>nope</x:ProfileToken>"), "http://h:1"
    )
    assert status == 400 and "ter:NoProfile" in text
    status, text = device.answer(request("GetNodes", TPTZ, None), "http://h:1")
    assert status == 400 and "NotAuthorized" in text


def test_nodes_and_configuration_name_the_generic_spaces() -> None:
    device, _, _ = ptz_device()
    node = call(device, "GetNode", "<x:NodeToken>ptz-node</x:NodeToken>")
    assert node.findtext(".//tt:HomeSupported", namespaces=NS) == "true"
    options = call(
        device, "GetConfigurationOptions", "<x:ConfigurationToken>ptz-cfg</x:ConfigurationToken>"
    )
    uris = options.xpath("//tt:Spaces/*/tt:URI/text()", namespaces=NS)
    assert ptz_xml.POSITION_PT in uris and ptz_xml.VELOCITY_Z in uris
    profiles = call(device, "GetProfiles", ns=NS["trt"])
    assert profiles.xpath("//trt:Profiles/tt:PTZConfiguration/@token", namespaces=NS) == [
        "ptz-cfg",
        "ptz-cfg",
    ]


def test_ptz_is_advertised_unless_quirky() -> None:
    normal, _, _ = ptz_device()
    quirky, _, _ = ptz_device(Quirks.MINIMAL)
    ptz_ns = "//tds:Service/tds:Namespace/text()"
    assert TPTZ in call(normal, "GetServices", ns=TDS).xpath(ptz_ns, namespaces=NS)
    assert TPTZ not in call(quirky, "GetServices", ns=TDS).xpath(ptz_ns, namespaces=NS)
    caps = call(quirky, "GetCapabilities", ns=TDS)
    assert caps.xpath("//tt:PTZ/tt:XAddr/text()", namespaces=NS) == ["http://h:1/onvif/ptz_service"]
    info = call(quirky, "GetDeviceInformation", ns=TDS)
    assert info.find(".//tds:SerialNumber", NS) is None
    profiles = call(quirky, "GetProfiles", ns=NS["trt"])
    assert profiles.xpath("//trt:Profiles/tt:Name", namespaces=NS) == []
    assert profiles.xpath("//tt:RateControl", namespaces=NS) == []


def test_synchronization_point_reaches_the_live_streams() -> None:
    device, _, syncs = ptz_device()
    call(device, "SetSynchronizationPoint", "<x:ProfileToken>main</x:ProfileToken>", NS["trt"])
    assert syncs == [1]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT1S", 1.0),
        ("PT0.5S", 0.5),
        ("PT1M30S", 90.0),
        ("P1DT1H", 90000.0),
        ("junk", None),
        ("", None),
    ],
)
def test_read_duration(text: str, seconds: float | None) -> None:
    assert ptz_xml.read_duration(text) == seconds


def test_pan_right_moves_the_window_right() -> None:
    x_left = panorama.window((-0.5, 0.0, 0.0))[0]
    x_mid = panorama.window((0.0, 0.0, 0.0))[0]
    x_right = panorama.window((0.5, 0.0, 0.0))[0]
    assert x_left < x_mid < x_right
    assert panorama.window((0.0, 0.1, 0.0))[1] < panorama.window((0.0, -0.1, 0.0))[1]
    assert panorama.window((0.0, 0.0, 1.0))[2] == pytest.approx(panorama.TELE_W)


def test_geometry_matches_what_the_client_assumes() -> None:
    """A pan of 60 degrees (1/3 of the pan range) moves the window one wide width."""
    x0 = panorama.window((0.0, 0.0, 0.0))[0]
    x1 = panorama.window((1 / 3, 0.0, 0.0))[0]
    assert x1 - x0 == pytest.approx(panorama.WIDE_W)
    # Magnification is linear in zoom: half way is 5.5x.
    assert panorama.window((0.0, 0.0, 0.5))[2] == pytest.approx(panorama.WIDE_W / 5.5)


def test_pan_wraps_around_a_full_turn() -> None:
    left = panorama.window((-1.0, 0.0, 0.0))
    right = panorama.window((1.0, 0.0, 0.0))
    assert left[0] == pytest.approx(right[0])


def test_view_across_the_seam_is_continuous() -> None:
    full = panorama.build("seam")
    pano = panorama.Panorama("seam", full, 640, 360)
    # Pan 1.0 looks at the seam: the left half of the picture is the panorama's
    # right end, the right half its left start.
    img = pano.view((1.0, 0.0, 0.0), 0.0)
    assert img.shape == (360, 640, 3)
    small = cv2.resize(full, (full.shape[1] // 2, full.shape[0] // 2), interpolation=cv2.INTER_AREA)
    y0 = round(panorama.window((1.0, 0.0, 0.0))[1] / 2)
    left_expected = small[y0 + 100, -100:].astype(int)
    right_expected = small[y0 + 100, :100].astype(int)
    assert np.abs(img[100, 220:320].astype(int) - left_expected).mean() < 12
    assert np.abs(img[100, 320:420].astype(int) - right_expected).mean() < 12


@given(st.floats(-1, 1), st.floats(-1, 1), st.floats(0, 1))
def test_window_stays_inside_the_panorama(pan: float, tilt: float, zoom: float) -> None:
    x0, y0, w, h = panorama.window((pan, tilt, zoom))
    assert 0.0 <= x0 < panorama.PANO_W
    assert w <= panorama.WIDE_W + 1e-6
    assert y0 >= -1e-6 and y0 + h <= panorama.PANO_H + 1e-6

"""ONVIF SOAP handling: WS-Security UsernameToken and the answers clients parse."""

from __future__ import annotations

import base64
import hashlib

from lxml import etree

from app.sim.cameras import SimCamera
from app.sim.onvif import OnvifContext, OnvifDevice

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tt": "http://www.onvif.org/ver10/schema",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
}
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
TOKEN_TYPE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordDigest"
)


def request(op: str, ns: str, password: str | None, inner: str = "") -> bytes:
    header = ""
    if password is not None:
        nonce, created = b"0123456789abcdef", "2026-01-01T00:00:00Z"
        digest = base64.b64encode(
            hashlib.sha1(nonce + created.encode() + password.encode()).digest()
        )
        header = (
            f'<s:Header><wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}"><wsse:UsernameToken>'
            f'<wsse:Username>admin</wsse:Username><wsse:Password Type="{TOKEN_TYPE}">'
            f"{digest.decode()}</wsse:Password><wsse:Nonce>{base64.b64encode(nonce).decode()}"
            f"</wsse:Nonce><wsu:Created>{created}</wsu:Created></wsse:UsernameToken>"
            "</wsse:Security></s:Header>"
        )
    return (
        f'<s:Envelope xmlns:s="{NS["s"]}">{header}<s:Body>'
        f'<x:{op} xmlns:x="{ns}">{inner}</x:{op}></s:Body></s:Envelope>'
    ).encode()


def device() -> OnvifDevice:
    cam = SimCamera("cam-7", "Camera 7", "admin", "occhio")
    return OnvifDevice(cam, OnvifContext("127.0.0.1", 8554, 0.0))


def test_profiles_with_valid_digest() -> None:
    status, text = device().answer(request("GetProfiles", NS["trt"], "occhio"), "http://h:1")
    assert status == 200
    root = etree.fromstring(text.encode())
    widths = root.xpath(
        "//tt:VideoEncoderConfiguration/tt:Resolution/tt:Width/text()", namespaces=NS
    )
    assert widths == ["1280", "640"]
    assert root.xpath("//trt:Profiles/@token", namespaces=NS) == ["main", "sub"]


def test_wrong_or_missing_password_is_not_authorized() -> None:
    for password in ("wrong", None):
        status, text = device().answer(request("GetProfiles", NS["trt"], password), "http://h:1")
        assert status == 400
        assert "ter:NotAuthorized" in text


def test_clock_needs_no_auth() -> None:
    body = request("GetSystemDateAndTime", "http://www.onvif.org/ver10/device/wsdl", None)
    status, text = device().answer(body, "http://h:1")
    assert status == 200
    assert "<tt:UTCDateTime>" in text


def test_stream_uri_names_the_camera_profile() -> None:
    inner = f'<x:ProfileToken xmlns:x="{NS["trt"]}">sub</x:ProfileToken>'
    status, text = device().answer(
        request("GetStreamUri", NS["trt"], "occhio", inner), "http://h:1"
    )
    assert status == 200
    assert "rtsp://127.0.0.1:8554/cam-7/sub" in text


def test_bad_xml_and_unknown_operation_are_faults() -> None:
    assert device().answer(b"<not xml", "http://h:1")[0] == 400
    status, text = device().answer(request("Reboot", NS["trt"], "occhio"), "http://h:1")
    assert status == 400
    assert "ActionNotSupported" in text


def test_snapshot_is_jpeg() -> None:
    assert device().snapshot_jpeg().startswith(b"\xff\xd8")

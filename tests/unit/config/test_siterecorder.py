"""A camera's recorder in the site file: the camera's own card or an NVR with a channel."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config.sitefile import SiteFileError, load_site, parse_site, save_site
from app.core.model import RecorderAddress, RecorderKind

HEAD = """
schema_version = 1
name = "Prova"
[[sites]]
id = "s"
[[cameras]]
id = "c1"
number = 1
site = "s"
[cameras.onvif]
host = "10.0.0.2"
username = "admin"
password = "x"
"""


def site(recorder: str) -> str:
    return HEAD + "[cameras.recorder]\n" + recorder


def test_camera_card_uses_the_onvif_address() -> None:
    camera = parse_site(site('kind = "camera"\n')).cameras[0]
    assert camera.recorder == RecorderAddress(RecorderKind.CAMERA)


def test_nvr_with_channel_and_zone() -> None:
    text = site(
        'kind = "dahua"\nhost = "10.0.0.9"\nport = 8080\nrtsp_port = 8554\nchannel = 4\n'
        'username = "op"\npassword = "pw"\ntimezone = "Europe/Rome"\n'
    )
    recorder = parse_site(text).cameras[0].recorder
    assert recorder == RecorderAddress(
        RecorderKind.DAHUA, "10.0.0.9", 8080, 8554, 4, "", "op", "pw", "Europe/Rome"
    )


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        ('kind = "tape"\n', "cameras[0].recorder.kind", "not one of"),
        ('kind = "onvif"\n', "cameras[0].recorder.host", "missing"),
        ('kind = "hikvision"\nhost = "h"\nchannel = 0\n', "cameras[0].recorder.channel", "channel"),
        (
            'kind = "hikvision"\nhost = "h"\nrtsp_port = 70000\n',
            "cameras[0].recorder.rtsp_port",
            "port",
        ),
        ('kind = "onvif"\nhost = "h"\nchanel = 2\n', "cameras[0].recorder.chanel", "unknown"),
    ],
)
def test_errors_name_the_key(body: str, key: str, words: str) -> None:
    with pytest.raises(SiteFileError) as info:
        parse_site(site(body))
    assert info.value.key == key and words in info.value.message


def test_camera_card_needs_onvif() -> None:
    text = HEAD.replace("[cameras.onvif]", 'main_url = "rtsp://h/x"\n[cameras.other]')
    text = text.split("[cameras.other]")[0] + '[cameras.recorder]\nkind = "camera"\n'
    with pytest.raises(SiteFileError) as info:
        parse_site(text)
    assert info.value.key == "cameras[0].recorder.kind"


def test_round_trip_and_secret(tmp_path: Path) -> None:
    text = site('kind = "hikvision"\nhost = "nvr"\nchannel = 3\npassword = "secret:nvr"\n')
    config = parse_site(text, secrets=lambda ref: {"secret:nvr": "real"}[ref])
    assert config.cameras[0].recorder is not None
    assert config.cameras[0].recorder.password == "real"
    path = tmp_path / "site.toml"
    plain = parse_site(site('kind = "hikvision"\nhost = "nvr"\nchannel = 3\n'))
    save_site(plain, path)
    assert load_site(path) == plain
    assert "[cameras.recorder]" in path.read_text()

"""The ``engine`` key: per camera and as the site's default, checked and saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config.sitefile import SiteFileError, load_site, parse_site, save_site
from app.core.model import EngineName

SITE = """
schema_version = 1
name = "Prova"
{site_engine}
[[sites]]
id = "s"
[[cameras]]
id = "mjpeg"
number = 1
site = "s"
main_url = "http://10.0.0.1/video.mjpg"
{camera_engine}
[[cameras]]
id = "rtsp"
number = 2
site = "s"
main_url = "rtsp://10.0.0.2/main"
"""


def test_engine_per_camera_and_site_default(tmp_path: Path) -> None:
    text = SITE.format(site_engine='engine = "vlc"', camera_engine='engine = "pyav"')
    site = parse_site(text)
    assert site.engine is EngineName.VLC
    assert site.camera("mjpeg").engine is EngineName.PYAV
    assert site.camera("rtsp").engine is None  # the site's default applies
    path = tmp_path / "site.toml"
    save_site(site, path)
    again = load_site(path)
    assert again.engine is EngineName.VLC
    assert again.camera("mjpeg").engine is EngineName.PYAV
    assert again.camera("rtsp").engine is None


def test_no_engine_key_means_none() -> None:
    site = parse_site(SITE.format(site_engine="", camera_engine=""))
    assert site.engine is None
    assert all(c.engine is None for c in site.cameras)


@pytest.mark.parametrize(
    ("site_engine", "camera_engine", "key"),
    [('engine = "gst"', "", "engine"), ("", 'engine = "mpv"', "cameras[0].engine")],
)
def test_unknown_engine_is_named(site_engine: str, camera_engine: str, key: str) -> None:
    with pytest.raises(SiteFileError) as info:
        parse_site(SITE.format(site_engine=site_engine, camera_engine=camera_engine))
    assert info.value.key == key
    assert "pyav" in info.value.message and "vlc" in info.value.message

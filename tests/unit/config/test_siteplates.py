"""The [plates] table of the site file: sources, retention, receiver; errors name the key."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.config.sitefile import SiteFileError, load_site, parse_site, save_site, site_to_dict
from app.core.plates_config import Dialect, PlatesConfig

SITE = """
schema_version = 1
name = "Rufina"
[[sites]]
id = "rufina"
[[cameras]]
id = "varco-1"
number = 1
site = "rufina"
kind = "plate"
main_url = "rtsp://10.0.0.1/main"
[[cameras]]
id = "varco-2"
number = 2
site = "rufina"
kind = "plate"
main_url = "rtsp://10.0.0.2/main"
"""

PLATES = """
[plates]
retention_days = 3
listen_port = 8090
listen_username = "anpr"
listen_password = "segreto"
retention_by_site = { rufina = 2 }
[[plates.sources]]
camera = "varco-1"
dialect = "hikvision"
host = "10.0.0.1"
username = "admin"
password = "pw"
[[plates.sources]]
camera = "varco-2"
dialect = "webhook"
fields = { plate = "results.0.plate", time = "timestamp" }
"""


def test_plates_table_is_read_and_written_back(tmp_path: Path) -> None:
    site = parse_site(SITE + PLATES)
    plates = site.plates
    assert (plates.retention_days, plates.listen_port, plates.retention_by_site) == (
        3.0,
        8090,
        {"rufina": 2.0},
    )
    hik, hook = plates.sources
    assert (hik.dialect, hik.host, hik.port, hik.username) == (
        Dialect.HIKVISION,
        "10.0.0.1",
        80,
        "admin",
    )
    assert hook.dialect.pushed and hook.fields["plate"] == "results.0.plate"
    fresh = tmp_path / "new.toml"
    save_site(site, fresh)  # written whole
    edited = tmp_path / "edited.toml"
    edited.write_text(SITE + PLATES, encoding="utf-8")
    renamed = dataclasses.replace(site, name="Rufina (varchi)")
    save_site(renamed, edited)  # edited in place: the [plates] table stays
    for path in (fresh, edited):
        again = load_site(path)
        assert again.plates == plates and again.plates.source("varco-2") == hook
    assert "listen_password" in edited.read_text(encoding="utf-8")


def test_a_site_without_plates_gets_the_defaults_and_writes_nothing() -> None:
    site = parse_site(SITE)
    assert site.plates == PlatesConfig()
    assert "plates" not in site_to_dict(site)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('dialect = "webhook"', 'dialect = "milestone"'), "plates.sources[1].dialect"),
        (('camera = "varco-2"', 'camera = "varco-9"'), "plates.sources[1].camera"),
        (('camera = "varco-2"', 'camera = "varco-1"'), "plates.sources[1].camera"),
        (("retention_days = 3", "retention_days = 0"), "plates.retention_days"),
        (('time = "timestamp"', 'targa = "x"'), "plates.sources[1].fields"),
        (('host = "10.0.0.1"', 'hots = "10.0.0.1"'), "plates.sources[0].host"),
        (("listen_port = 8090", "listen_port = 80900"), "plates.listen_port"),
    ],
)
def test_errors_name_the_key(change: tuple[str, str], key: str) -> None:
    with pytest.raises(SiteFileError) as err:
        parse_site(SITE + PLATES.replace(*change))
    assert err.value.key == key

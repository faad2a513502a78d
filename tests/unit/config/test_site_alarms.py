"""The site file's [alarms] table: read, checked, written back."""

from __future__ import annotations

import datetime as dt

import pytest

from app.config.sitefile import SiteFileError, parse_site, site_from_dict, site_to_dict

SITE = """
schema_version = 1
name = "Prova"
[[sites]]
id = "chiavari"
name = "Chiavari"
[[cameras]]
id = "cam-1"
number = 1
name = "Uno"
site = "chiavari"
main_url = "rtsp://127.0.0.1/x"
"""


def test_rules_are_read_and_written_back():
    text = (
        SITE
        + """
[alarms]
down_after_s = 8
ignore = ["cantiere-*"]
screen = 2
[[alarms.quiet]]
cameras = ["cam-*"]
from = "22:00"
to = "06:00"
reason = "manutenzione"
"""
    )
    site = parse_site(text)
    rules = site.alarms
    assert (rules.down_after_s, rules.ignore, rules.screen) == (8.0, ("cantiere-*",), 2)
    assert rules.quiet[0].start == dt.time(22) and rules.quiet[0].reason == "manutenzione"
    assert not rules.watches("cantiere-3") and rules.watches("cam-1")
    assert site_from_dict(site_to_dict(site)).alarms == rules


def test_defaults_without_a_table():
    assert parse_site(SITE).alarms.down_after_s == 5.0
    assert "alarms" not in site_to_dict(parse_site(SITE))


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ("[alarms]\ndown_after_s = -1\n", "alarms.down_after_s", "between 0"),
        ("[alarms]\ndown_after_s = nan\n", "alarms.down_after_s", "between 0"),
        ("[alarms]\nscreen = 99\n", "alarms.screen", "screen number"),
        ("[alarms]\ncolour = 1\n", "alarms.colour", "unknown key"),
        ('[[alarms.quiet]]\nfrom = "25:00"\nto = "01:00"\n', "alarms.quiet[0].from", "time"),
        ('[[alarms.quiet]]\nfrom = "01:00"\n', "alarms.quiet[0].to", "missing"),
    ],
)
def test_bad_rules_name_the_key(table, key, words):
    with pytest.raises(SiteFileError) as info:
        parse_site(SITE + table)
    assert info.value.key == key and words in info.value.message

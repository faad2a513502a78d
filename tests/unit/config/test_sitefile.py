"""Site file loading, validation messages, migration and round trip."""

from __future__ import annotations

import stat
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import atomic
from app.config.sitefile import SiteFileError, load_site, parse_site, save_site, site_from_dict
from app.core import site_edit
from app.core.model import Camera, CameraKind

DEMO = Path(__file__).parents[3] / "resources" / "demo" / "site.toml"

GOOD = """
schema_version = 1
name = "Prova"
[[sites]]
id = "chiavari"
name = "Chiavari"
latitude = 44.317
longitude = 9.322
[[agencies]]
id = "pl"
name = "Polizia Locale"
[[cameras]]
id = "c1"
number = 101
name = "Piazza"
site = "chiavari"
agency = "pl"
main_url = "rtsp://10.0.0.1/main"
[[cameras]]
id = "c2"
number = 102
name = "Ponte"
site = "chiavari"
kind = "ptz"
[cameras.onvif]
host = "10.0.0.2"
port = 8000
username = "admin"
password = "x"
"""


def _data() -> dict:
    return tomllib.loads(GOOD)


def test_demo_site_has_the_agreed_shape() -> None:
    config = load_site(DEMO)
    assert config.name == "Convenzione Chiavari"
    assert [s.name for s in config.sites] == ["Chiavari", "Lavagna", "Leivi", "Carasco", "Cogorno"]
    assert len(config.agencies) == 4
    assert len(config.cameras) == 16
    assert len({c.id for c in config.cameras}) == 16
    assert [c.number for c in config.cameras] == list(range(101, 117))
    kinds = [c.kind for c in config.cameras]
    assert kinds.count(CameraKind.PTZ) == 2
    assert kinds.count(CameraKind.PLATE) >= 3
    for index, camera in enumerate(config.cameras):
        assert abs(camera.latitude - 44.317) < 0.1 and abs(camera.longitude - 9.322) < 0.1
        if index < 13:
            assert camera.main_url == f"rtsp://127.0.0.1:8554/{camera.id}/main"
            assert camera.sub_url == f"rtsp://127.0.0.1:8554/{camera.id}/sub"
            assert (camera.username, camera.password, camera.onvif) == ("admin", "occhio", None)
        else:
            assert camera.main_url is None
            assert camera.onvif is not None
            assert camera.onvif.port == 8080 + 1 + index
            assert (camera.onvif.username, camera.onvif.password) == ("admin", "occhio")


def test_good_file_loads() -> None:
    config = parse_site(GOOD)
    assert config.camera_by_number(102).onvif.port == 8000
    assert config.camera("c1").agency_id == "pl"


def _broken(edit: str) -> dict:
    data = _data()
    exec(edit, {"d": data})  # each case edits one part of a good file
    return data


@pytest.mark.parametrize(
    ("edit", "key", "fragment"),
    [
        ("del d['cameras'][1]['number']", "cameras[1].number", "missing key"),
        ("d['cameras'][0]['number'] = '101'", "cameras[0].number", "expected an integer"),
        ("d['cameras'][1]['number'] = 101", "cameras[1].number", "duplicate number 101"),
        ("d['cameras'][1]['id'] = 'c1'", "cameras[1].id", "duplicate id 'c1'"),
        ("d['cameras'][0]['site'] = 'rapallo'", "cameras[0].site", "unknown site 'rapallo'"),
        ("d['cameras'][0]['agency'] = 'gdf'", "cameras[0].agency", "unknown agency 'gdf'"),
        ("d['cameras'][0]['main_url'] = 'ftp://x/y'", "cameras[0].main_url", "scheme 'ftp'"),
        ("del d['cameras'][1]['onvif']", "cameras[1].main_url", "neither main_url"),
        ("d['cameras'][0]['latitude'] = 95.0", "cameras[0].latitude", "outside -90..90"),
        ("d['sites'][0]['longitude'] = -200", "sites[0].longitude", "outside -180..180"),
        ("d['cameras'][0]['kind'] = 'dome'", "cameras[0].kind", "not one of"),
        ("d['cameras'][1]['onvif']['port'] = 0", "cameras[1].onvif.port", "not a TCP port"),
        ("d['cameras'][0]['mainurl'] = 'x'", "cameras[0].mainurl", "unknown key"),
        ("d['cameras'] = [1]", "cameras[0]", "expected a table"),
        ("d['schema_version'] = 9", "schema_version", "newer"),
    ],
)
def test_errors_name_file_key_and_problem(edit: str, key: str, fragment: str) -> None:
    with pytest.raises(SiteFileError) as info:
        site_from_dict(_broken(edit), "/etc/occhio/site.toml")
    assert info.value.key == key
    assert fragment in info.value.message
    assert str(info.value).startswith(f"/etc/occhio/site.toml: {key}: ")


def test_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('name = "x"\n[[cameras]\nid = 1\n', encoding="utf-8")
    with pytest.raises(SiteFileError) as info:
        load_site(path)
    assert info.value.path == path
    assert "line 2, column" in str(info.value)


def test_missing_file_is_a_site_file_error(tmp_path: Path) -> None:
    with pytest.raises(SiteFileError, match="cannot read"):
        load_site(tmp_path / "none.toml")


def test_version_0_is_migrated() -> None:
    text = (
        '[[sites]]\nid = "lavagna"\n[[cameras]]\nid = "a"\nnumber = 1\n'
        'comune = "lavagna"\nurl = "rtsp://h/a"\n'
    )
    camera = parse_site(text).cameras[0]
    assert (camera.site_id, camera.main_url) == ("lavagna", "rtsp://h/a")


def test_save_round_trip(tmp_path: Path) -> None:
    config = load_site(DEMO)
    path = tmp_path / "out" / "site.toml"
    save_site(config, path)
    assert load_site(path) == config
    assert tomllib.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["rtsp://h/x", "chiavari", "ptz", "udp", "http://[::1", "rtsp://h:99999/"]),
)
_keys = st.sampled_from(
    [
        "id",
        "number",
        "name",
        "site",
        "kind",
        "main_url",
        "sub_url",
        "onvif",
        "host",
        "port",
        "latitude",
        "longitude",
        "heading",
        "transport",
        "agency",
        "sites",
        "cameras",
        "x",
    ]
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_keys | st.just("schema_version"), _values, max_size=6))
def test_random_dicts_raise_only_site_file_error(data: dict) -> None:
    try:
        site_from_dict(data)
    except SiteFileError as err:
        assert str(err)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]=\".\n abcid0123{},#'", max_size=80))
def test_random_text_raises_only_site_file_error(text: str) -> None:
    try:
        parse_site(text)
    except SiteFileError as err:
        assert str(err)


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (
            GOOD.replace("number = 101", f"number = {'1' * 5000}"),
            "cameras[0].number",
            "5000 digits",
        ),
        (GOOD.replace("number = 101", f"number = {'1' * 3000}"), "cameras[0].number", "1..999999"),
        (
            GOOD.replace("port = 8000", f"port = {'9' * 4400}"),
            "cameras[1].onvif.port",
            "4400 digits",
        ),
        (GOOD.replace("port = 8000", f"port = {'9' * 600}"), "cameras[1].onvif.port", "TCP port"),
        (GOOD + "[" + ".".join(["x"] * 40) + "]\na = 1\n", "x.x.x", "nested more than"),
        (GOOD + ".".join(["x"] * 200_000) + " = 1\n", "", "nested"),
        ("x = " + "[" * 50_000 + "]" * 50_000 + "\n", "", "nested"),
        ("x = " + "{a=" * 5_000 + "1" + "}" * 5_000 + "\n", "", "nested"),
    ],
)
def test_huge_integers_and_deep_nesting_name_the_file(text: str, key: str, fragment: str) -> None:
    with pytest.raises(SiteFileError) as info:
        parse_site(text, "/etc/occhio/site.toml")
    assert info.value.key.startswith(key)
    assert fragment in info.value.message
    assert str(info.value).startswith("/etc/occhio/site.toml: ")
    assert len(str(info.value)) < 400  # the number itself is not copied into the message


COMMENTED = """\
# Impianto della convenzione: modificato a mano dall'installatore.
schema_version = 1
name = "Prova"   # nome mostrato nel titolo

# --- Comuni ---
[[sites]]
id = "chiavari"
name = "Chiavari"
latitude = 44   # approssimata

# --- Telecamere ---
[[cameras]]
# Piazza, palo nord
id = "c1"
number = 101
site = "chiavari"
main_url = "rtsp://10.0.0.1/main"   # flusso principale

[[cameras]]
id = "c2"
number = 102
name = "Ponte"
site = "chiavari"
kind = "ptz"

[cameras.onvif]
host = "10.0.0.2"   # dietro il NAT del comune
port = 8000

[[cameras]]
id = "c3"
number = 103
site = "chiavari"
main_url = "rtsp://10.0.0.3/main"
"""


def test_saving_an_edit_keeps_comments_order_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    config = load_site(path)
    c1 = config.camera("c1")
    assert c1 is not None
    edited = site_edit.update_camera(config, "c1", replace(c1, name="Piazza nord"))
    edited = site_edit.remove_camera(edited, "c3")
    save_site(edited, path)
    expected = (
        COMMENTED.replace("# flusso principale\n", '# flusso principale\nname = "Piazza nord"\n')
        .split('\n[[cameras]]\nid = "c3"')[0]
        .rstrip("\n")
        + "\n"
    )
    assert path.read_text(encoding="utf-8") == expected
    assert load_site(path) == edited
    assert (tmp_path / "site.toml.1").read_text(encoding="utf-8") == COMMENTED


def test_added_camera_goes_after_the_others_and_backups_rotate(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    config = load_site(path)
    for number in (201, 202, 203, 204):
        camera = Camera(f"n{number}", number, "", "chiavari", main_url=f"rtsp://h/{number}")
        config = site_edit.add_camera(config, camera)
        save_site(config, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.rstrip("\n"))  # everything before is untouched
    assert '\n\n[[cameras]]\nid = "n201"\nnumber = 201\n' in text
    assert load_site(path) == config
    generations = [atomic.backup_path(path, n).read_text(encoding="utf-8") for n in (1, 2, 3)]
    assert ['id = "n203"' in g for g in generations] == [True, False, False]
    assert ['id = "n201"' in g for g in generations] == [True, True, True]
    assert not atomic.backup_path(path, 4).exists()


def test_file_of_an_older_version_is_rewritten_whole(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    old = '# vecchio\n[[sites]]\nid = "s"\n[[cameras]]\nid = "a"\nnumber = 1\ncomune = "s"\nurl = "rtsp://h/a"\n'
    path.write_text(old, encoding="utf-8")
    config = load_site(path)
    save_site(config, path)
    assert load_site(path) == config
    assert tomllib.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1
    assert atomic.backup_path(path, 1).read_text(encoding="utf-8") == old


def test_saving_through_a_symlink_keeps_the_link_and_the_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "site.toml"
    shared.parent.mkdir()
    shared.write_text(COMMENTED, encoding="utf-8")
    shared.chmod(0o644)
    link = tmp_path / "config" / "site.toml"
    link.parent.mkdir()
    link.symlink_to(shared)
    config = load_site(link)
    save_site(replace(config, name="Nuovo"), link)
    assert link.is_symlink()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    assert load_site(shared).name == "Nuovo"
    assert "# --- Telecamere ---" in shared.read_text(encoding="utf-8")


def test_alarm_rules_and_engines_survive_an_edit_as_written(tmp_path: Path) -> None:
    alarms = (
        '\n[alarms]\ndown_after_s = 5   # un blip non è un allarme\nignore = ["c3"]\n'
        '\n# manutenzione notturna\n[[alarms.quiet]]\ncameras = ["c2"]\nfrom = "02:00"\n'
        'to = "04:30"\n'
    )
    text = COMMENTED.replace('name = "Prova"', 'name = "Prova"\nengine = "vlc"') + alarms
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    config = load_site(path)
    assert config.engine == "vlc" and config.alarms.ignore == ("c3",)
    save_site(replace(config, name="Prova 2"), path)
    assert path.read_text(encoding="utf-8") == text.replace('"Prova"', '"Prova 2"')

"""Settings: defaults, validation, migration and atomic round trip."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.config.settings import SETTINGS, Settings, load_settings, save_settings


def test_every_setting_is_declared_with_a_valid_default() -> None:
    for name, definition in SETTINGS.items():
        assert definition.description, name
        assert definition.check(definition.default) == definition.default


def test_missing_file_gives_defaults_without_problems(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "none.toml")
    assert problems == []
    assert settings.str_value("ui.language") == "it"
    assert settings.float_value("wall.stall_seconds") == 2.0
    assert settings.str_value("video.engine") == "pyav"


def test_round_trip(tmp_path: Path) -> None:
    settings = Settings()
    settings.set("wall.stall_seconds", 5)
    settings.set("operator.name", 'Agente "Rossi" \\ turno B')
    settings.set("video.engine", "vlc")
    path = tmp_path / "cfg" / "settings.toml"
    save_settings(settings, path)
    loaded, problems = load_settings(path)
    assert problems == []
    assert loaded.values == settings.values
    assert loaded.float_value("wall.stall_seconds") == 5.0


THREADS = "video.decode_threads"
UI_32 = ".".join(["ui"] * 32)


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("schema_version = 1\n[wall]\nstall_seconds = 99.0\n", "wall.stall_seconds", "maximum"),
        ("schema_version = 1\n[wall]\nstall_seconds = 0.1\n", "wall.stall_seconds", "minimum"),
        ('schema_version = 1\n[video]\nengine = "gst"\n', "video.engine", "not one of"),
        ("schema_version = 1\n[wall]\nstall_seconds = nan\n", "wall.stall_seconds", "finite"),
        ("schema_version = 1\n[ptz]\nlock_seconds = nan\n", "ptz.lock_seconds", "finite"),
        ("schema_version = 1\n[ptz]\nlock_seconds = -inf\n", "ptz.lock_seconds", "finite"),
        ("schema_version = 1\n[video]\nopen_timeout_s = inf\n", "video.open_timeout_s", "finite"),
        ("schema_version = 1\n[ui]\nlanguage = 3\n", "ui.language", "expected str"),
        ("schema_version = 1\n[ui]\ncolour = 1\n", "ui.colour", "unknown setting"),
        ("schema_version = 7\n", "schema_version", "newer"),
        # Damaged files: a problem each, never a traceback.
        (f"schema_version = 1\n[video]\ndecode_threads = {'7' * 5000}\n", THREADS, "5000 digits"),
        (f"schema_version = 1\n[video]\ndecode_threads = {'7' * 3000}\n", THREADS, "above the max"),
        ("schema_version = 1\n[" + ".".join(["ui"] * 40) + "]\nx = 1\n", UI_32, "nested more"),
        ("schema_version = 1\n" + ".".join(["ui"] * 200_000) + " = 1\n", "", "nested"),
        ("schema_version = 1\nx = " + "[" * 50_000 + "]" * 50_000 + "\n", "", "nested"),
        ("schema_version = 1\nx = " + "{a=" * 5_000 + "1" + "}" * 5_000 + "\n", "", "nested"),
    ],
)
def test_bad_values_are_named_and_replaced_by_defaults(
    tmp_path: Path, text: str, key: str, fragment: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    settings, problems = load_settings(path)
    assert len(problems) == 1
    assert problems[0].key == key
    assert fragment in problems[0].message
    assert str(path) in str(problems[0])
    assert len(str(problems[0])) < 400  # a huge value is not copied into the message
    assert settings.values == Settings().values
    assert path.read_text(encoding="utf-8") == text  # left untouched


def test_syntax_error_is_reported_with_position_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    text = "schema_version = 1\n[wall\nstall_seconds = 3\n"
    path.write_text(text, encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.values == Settings().values
    assert "line 2" in problems[0].message
    assert path.read_text(encoding="utf-8") == text


def test_version_0_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('language = "en"\nstall_timeout = 4\noperator = "Bianchi"\n', "utf-8")
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.str_value("ui.language") == "en"
    assert settings.float_value("wall.stall_seconds") == 4.0
    assert settings.str_value("operator.name") == "Bianchi"


def test_set_rejects_bad_value_with_name() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match=r"wall\.stall_seconds"):
        settings.set("wall.stall_seconds", "fast")
    with pytest.raises(KeyError):
        settings.str_value("nope")


def test_bad_value_message_names_the_default_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("schema_version = 1\n[wall]\nstall_seconds = nan\n", encoding="utf-8")
    _settings, problems = load_settings(path)
    assert str(problems[0]) == (
        f"{path}: wall.stall_seconds: nan is not a finite number; using 2.0"
    )


def test_typed_accessors_check_the_declaration() -> None:
    settings = Settings()
    assert settings.int_value("video.decode_threads") == 1
    assert settings.bool_value("ui.fullscreen") is False
    with pytest.raises(TypeError, match=r"wall\.stall_seconds is a float, not int"):
        settings.int_value("wall.stall_seconds")
    with pytest.raises(TypeError, match="not str"):
        settings.str_value("ui.fullscreen")
    with pytest.raises(TypeError):
        settings.int_value("ui.fullscreen")  # a bool is no whole number here


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b'schema_version = 1\n[ui]\nlanguage = "\xff\xfe"\n', "not UTF-8"),
        (b"schema_version = 1\n[wall\n", "line 2"),
    ],
)
def test_unreadable_file_is_logged_and_returned(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, raw: bytes, fragment: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(raw)
    with caplog.at_level(logging.WARNING, logger="app.config"):
        settings, problems = load_settings(path)
    assert settings.values == Settings().values
    assert len(problems) == 1
    assert fragment in problems[0].message
    assert "using the defaults" in problems[0].message
    assert any(str(path) in r.getMessage() and fragment in r.getMessage() for r in caplog.records)


COMMENTED = """\
# Impostazioni della sala operativa di Chiavari
schema_version = 1

[wall]
# Dopo quanti secondi senza immagini la telecamera appare ferma
stall_seconds = 3.0   # più tollerante: ponte radio lento

[ui]
language = "it"

# Operatore di turno
[operator]
name = "Rossi"
"""


def test_saving_keeps_comments_and_changes_only_what_changed(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == []
    settings.set("operator.name", "Bianchi")
    settings.set("ui.fullscreen", True)
    save_settings(settings, path)
    expected = COMMENTED.replace('name = "Rossi"', 'name = "Bianchi"').replace(
        'language = "it"\n', 'language = "it"\nfullscreen = true\n'
    )
    assert path.read_text(encoding="utf-8") == expected
    assert (tmp_path / "settings.toml.1").read_text(encoding="utf-8") == COMMENTED
    assert load_settings(path)[0].values == settings.values


def test_new_settings_file_describes_every_setting(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_settings(Settings(), path)
    text = path.read_text(encoding="utf-8")
    for definition in SETTINGS.values():
        assert f"# {definition.description}" in text
    assert load_settings(path) == (Settings(), [])


@pytest.mark.parametrize(
    "raw", [b"schema_version = 1\n[wall\n", b'[ui]\nlanguage = "\xff"\n', b"schema_version = 9\n"]
)
def test_saving_over_a_damaged_or_newer_file_leaves_it_alone(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(raw)
    settings = Settings()
    settings.set("wall.last_layout", "Centro")
    with pytest.raises(ValueError, match=r"settings\.toml"):
        save_settings(settings, path)
    assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]

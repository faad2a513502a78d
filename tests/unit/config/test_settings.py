"""Settings: defaults, validation, migration and atomic round trip."""

from __future__ import annotations

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
    assert settings.get("ui.language") == "it"
    assert settings.get("wall.stall_seconds") == 2.0
    assert settings.get("video.engine") == "pyav"


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
    assert loaded.get("wall.stall_seconds") == 5.0


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("schema_version = 1\n[wall]\nstall_seconds = 99.0\n", "wall.stall_seconds", "maximum"),
        ("schema_version = 1\n[wall]\nstall_seconds = 0.1\n", "wall.stall_seconds", "minimum"),
        ('schema_version = 1\n[video]\nengine = "gst"\n', "video.engine", "not one of"),
        ("schema_version = 1\n[ui]\nlanguage = 3\n", "ui.language", "expected str"),
        ("schema_version = 1\n[ui]\ncolour = 1\n", "ui.colour", "unknown setting"),
        ("schema_version = 7\n", "schema_version", "newer"),
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
    assert settings.get("ui.language") == "en"
    assert settings.get("wall.stall_seconds") == 4.0
    assert settings.get("operator.name") == "Bianchi"


def test_set_rejects_bad_value_with_name() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match=r"wall\.stall_seconds"):
        settings.set("wall.stall_seconds", "fast")
    with pytest.raises(KeyError):
        settings.get("nope")

"""Camera secrets: the encrypted-file backend and site-file references."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.config.credentials import (
    FILE_NOTICE,
    KEY_FILE,
    SECRETS_FILE,
    CredentialError,
    CredentialStore,
)
from app.config.sitefile import SiteFileError, parse_site

SITE = """
schema_version = 1
name = "prova"
[[sites]]
id = "s"
name = "S"
[[cameras]]
id = "c1"
number = 1
site = "s"
main_url = "rtsp://10.0.0.1/x"
username = "view"
password = "{rtsp}"
[cameras.onvif]
host = "10.0.0.1"
username = "admin"
password = "{onvif}"
"""


def _store(tmp_path: Path) -> CredentialStore:
    return CredentialStore(tmp_path / "config", use_keyring=False)


def test_file_backend_round_trip_is_encrypted_and_private(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert (store.backend, store.notice) == ("file", FILE_NOTICE)
    ref = store.put("Segreta!9", "cam1-onvif")
    assert ref == "secret:cam1-onvif"
    assert store.resolve(ref) == "Segreta!9"
    assert store.resolve("in chiaro") == "in chiaro"  # plain values pass through
    for name in (KEY_FILE, SECRETS_FILE):
        mode = stat.S_IMODE((tmp_path / "config" / name).stat().st_mode)
        assert mode == 0o600, name
    assert b"Segreta" not in (tmp_path / "config" / SECRETS_FILE).read_bytes()
    # A second store (next start of the program) reads the same secrets.
    assert _store(tmp_path).get("cam1-onvif") == "Segreta!9"


def test_generated_ids_are_unique_and_delete_forgets(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first, second = store.put("a"), store.put("b")
    assert first != second
    store.delete(first.removeprefix("secret:"))
    assert store.get(first.removeprefix("secret:")) is None
    assert store.resolve(second) == "b"
    with pytest.raises(CredentialError):
        store.put("x", "bad:id")


def test_replaced_key_is_a_clear_error(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ref = store.put("pw", "k")
    (tmp_path / "config" / KEY_FILE).unlink()
    with pytest.raises(CredentialError, match="cannot be decrypted"):
        _store(tmp_path).resolve(ref)


def test_corrupt_secrets_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / SECRETS_FILE).write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CredentialError, match="not a table"):
        _store(tmp_path).get("x")


def test_site_file_references_are_resolved_at_load(tmp_path: Path) -> None:
    store = _store(tmp_path)
    text = SITE.format(rtsp=store.put("rtsp-pw", "c1-rtsp"), onvif=store.put("onvif-pw", "c1-o"))
    camera = parse_site(text, "site.toml", store.resolve).cameras[0]
    assert camera.password == "rtsp-pw"
    assert camera.onvif is not None and camera.onvif.password == "onvif-pw"


def test_default_store_is_the_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCCHIO_HOME", str(tmp_path))
    ref = CredentialStore(tmp_path / "config", use_keyring=False).put("pw", "c1")
    from app.config import credentials

    # The default store must use the file backend here too, whatever the machine has.
    monkeypatch.setattr(credentials, "_usable_keyring", lambda: None)
    camera = parse_site(SITE.format(rtsp=ref, onvif="plain")).cameras[0]
    assert (camera.password, camera.onvif.password if camera.onvif else "") == ("pw", "plain")


def test_unknown_secret_names_the_field(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(SiteFileError) as info:
        parse_site(SITE.format(rtsp="x", onvif="secret:missing"), "site.toml", store.resolve)
    assert info.value.key == "cameras[0].onvif.password"
    assert "'missing' not found" in info.value.message

"""Camera secrets: one id per (camera, password), old ids moved, removed cameras forgotten."""

from __future__ import annotations

from pathlib import Path

import keyring.errors
import pytest
from hypothesis import given
from hypothesis import strategies as st
from keyring.backend import KeyringBackend

from app.config import credentials
from app.config.credentials import CredentialStore
from app.config.sitefile import load_site, save_site
from app.config.sitesave import save_site_with_secrets
from app.core import site_edit
from app.core.model import Camera, OnvifAddress, Site, SiteConfig
from app.core.secret_ids import SecretField, secret_id


class MemoryKeyring(KeyringBackend):
    """A system keyring kept in a dict (the real one is the machine's, not the test's)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(params=["file", "keyring"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CredentialStore:
    """The store in each backend a station may have."""
    if request.param == "keyring":
        backend = MemoryKeyring()
        monkeypatch.setattr(credentials, "_usable_keyring", lambda: backend)
        made = CredentialStore(tmp_path / "conf")
    else:
        made = CredentialStore(tmp_path / "conf", use_keyring=False)
    assert made.backend == request.param
    return made


def _site(*cameras: Camera) -> SiteConfig:
    return SiteConfig("prova", (Site("s", "S"),), (), cameras)


def _camera(camera_id: str, number: int, password: str = "", onvif: str = "") -> Camera:
    address = OnvifAddress("10.0.0.9", 80, "admin", onvif) if onvif else None
    return Camera(
        camera_id,
        number,
        camera_id,
        "s",
        main_url="rtsp://10.0.0.9/x",
        username="view" if password else "",
        password=password,
        onvif=address,
    )


def test_camera_x_onvif_and_camera_x_dash_onvif_keep_their_own_passwords(
    store: CredentialStore, tmp_path: Path
) -> None:
    path = tmp_path / "site.toml"
    site = _site(
        _camera("x", 1, onvif="onvif-di-x"), _camera("x-onvif", 2, password="rtsp-di-x-onvif")
    )
    save_site_with_secrets(site, path, store)
    loaded = load_site(path, secrets=store.resolve)
    assert loaded == site
    assert loaded.camera("x").onvif.password == "onvif-di-x"  # type: ignore[union-attr]
    assert loaded.camera("x-onvif").password == "rtsp-di-x-onvif"  # type: ignore[union-attr]


_ids = st.text(min_size=1, max_size=12)
_fields = st.sampled_from(list(SecretField))


@given(_ids, _fields, _ids, _fields)
def test_ids_differ_whenever_camera_or_field_differ(
    a: str, fa: SecretField, b: str, fb: SecretField
) -> None:
    same_pair = (a, fa) == (b, fb)
    assert (secret_id(a, fa) == secret_id(b, fb)) == same_pair
    assert ":" not in secret_id(a, fa)  # a site-file reference stays "secret:<id>"


def test_old_ids_move_to_new_ones_without_loss(store: CredentialStore, tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    # As earlier versions stored them: "cam-<id>" and "cam-<id>-onvif".
    old = _site(
        _camera(
            "a", 1, password=store.put("pw-a", "cam-a"), onvif=store.put("on-a", "cam-a-onvif")
        ),
        _camera("b", 2, password=store.put("pw-b", "cam-b")),
    )
    save_site(old, path)
    loaded = load_site(path, secrets=store.resolve)
    save_site_with_secrets(loaded, path, store)  # the next save from the camera editor
    text = path.read_text(encoding="utf-8")
    assert "cam-a" not in text and "cam-b" not in text
    assert load_site(path, secrets=store.resolve) == loaded
    assert store.get(secret_id("a", SecretField.RTSP)) == "pw-a"
    assert store.get(secret_id("a", SecretField.ONVIF)) == "on-a"
    assert store.get(secret_id("b", SecretField.RTSP)) == "pw-b"
    assert [store.get(i) for i in ("cam-a", "cam-a-onvif", "cam-b")] == [None, None, None]


def test_secrets_of_removed_cameras_are_deleted_on_save(
    store: CredentialStore, tmp_path: Path
) -> None:
    path = tmp_path / "site.toml"
    site = _site(_camera("a", 1, password="pw-a", onvif="on-a"), _camera("b", 2, password="pw-b"))
    save_site_with_secrets(site, path, store)
    save_site_with_secrets(site_edit.remove_camera(site, "a"), path, store)
    assert store.get(secret_id("a", SecretField.RTSP)) is None
    assert store.get(secret_id("a", SecretField.ONVIF)) is None
    assert store.get(secret_id("b", SecretField.RTSP)) == "pw-b"
    # A camera that keeps its id but loses a password loses that secret too.
    plain = site_edit.update_camera(site, "b", _camera("b", 2))
    save_site_with_secrets(plain, path, store)
    assert store.get(secret_id("b", SecretField.RTSP)) is None


def test_a_failed_file_write_keeps_the_old_secrets(
    store: CredentialStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "site.toml"
    site = _site(_camera("a", 1, password="pw-a"), _camera("b", 2, password="pw-b"))
    save_site_with_secrets(site, path, store)
    before = path.read_bytes()

    def full_disk(*_args: object, **_kwargs: object) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr("app.config.sitesave.save_site", full_disk)
    with pytest.raises(OSError, match="disk full"):
        save_site_with_secrets(site_edit.remove_camera(site, "a"), path, store)
    assert path.read_bytes() == before
    assert load_site(path, secrets=store.resolve) == site  # every reference still resolves

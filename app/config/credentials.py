"""Camera passwords kept out of the site file.

A site file may say ``password = "secret:<id>"`` instead of a password (for
a camera's RTSP ``password`` and for ``[cameras.onvif] password``); the
secret is looked up when the file is loaded (``app.config.sitefile``). Ids
are unique per camera and password by construction (``app.core.secret_ids``).

Where secrets live is chosen by the ``credentials.store`` setting:

- ``auto`` (default): the system keyring (Secret Service, Windows Credential
  Manager, macOS Keychain) where one is usable, else, as the last resort, an
  encrypted file whose key lies beside it (``secrets.json`` and
  ``secrets.key``, mode 0600). The key file protects against the site file
  being copied or shown around, not against someone who can read the user's
  files: ``notice`` says so to the operator.
- ``passphrase``: an encrypted file whose key is derived from a passphrase
  (``app.config.vaults.PassphraseVault``), asked at start (a dialog, or
  ``OCCHIO_PASSPHRASE``, or the file named by ``credentials.passphrase_file``).

The store is opened on first use, so a site without secrets never probes the
keyring or asks for a passphrase.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets as _random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from app.config import paths
from app.config.settings import SETTINGS
from app.config.vaults import (
    KEY_FILE,
    PASSPHRASE_FILE,
    SECRETS_FILE,
    CredentialError,
    KeyFileVault,
    PassphraseError,
    PassphraseSource,
    PassphraseVault,
)
from app.core.model import Camera
from app.core.secret_ids import SECRET_PREFIX, SecretField, camera_passwords, is_reference

__all__ = [
    "FILE_NOTICE",
    "KEY_FILE",
    "PASSPHRASE_FILE",
    "SECRETS_FILE",
    "STORE_KINDS",
    "CredentialError",
    "CredentialStore",
    "PassphraseError",
    "SecretLookupError",
    "is_reference",
    "passphrase_source",
    "resolve_camera_secrets",
]

logger = logging.getLogger("app.config")

KEYRING_SERVICE = "occhio"
FILE_NOTICE = "Password cifrate in un file locale: il portachiavi di sistema non è disponibile"
STORE_KINDS = SETTINGS["credentials.store"].choices
"""Values of the ``credentials.store`` setting."""
PASSPHRASE_ENV = "OCCHIO_PASSPHRASE"


class _Vault(Protocol):
    """What the store needs of a place that keeps secrets."""

    def get(self, secret_id: str) -> str | None: ...

    def set(self, secret_id: str, password: str) -> None: ...

    def delete(self, secret_id: str) -> None: ...


def _usable_keyring() -> Any:
    """The system keyring backend, or None when only the fail/null backends exist."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception as err:  # a broken keyring install must not stop the wall
        logger.info("system keyring unavailable: %s", err)
        return None
    if isinstance(backend, fail.Keyring | null.Keyring) or backend.priority <= 0:
        return None
    return backend


class KeyringVault:
    """Secrets in the system keyring, under the service name ``occhio``."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def get(self, secret_id: str) -> str | None:
        """The secret, or None if the keyring has none under ``secret_id``."""
        try:
            value = self._backend.get_password(KEYRING_SERVICE, secret_id)
        except Exception as err:
            raise CredentialError(f"the system keyring cannot be read: {err}") from err
        return None if value is None else str(value)

    def set(self, secret_id: str, password: str) -> None:
        """Store (or replace) a secret."""
        try:
            self._backend.set_password(KEYRING_SERVICE, secret_id, password)
        except Exception as err:
            raise CredentialError(f"the system keyring refused the secret: {err}") from err

    def delete(self, secret_id: str) -> None:
        """Forget a secret (no error if unknown)."""
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(KEYRING_SERVICE, secret_id)


class CredentialStore:
    """Store and look up secrets by id, in the backend the settings choose.

    Attributes:
        backend: "keyring", "file" (key beside the file) or "passphrase".
        notice: a line for the operator when secrets fall back to the key
            file ("" otherwise).
    """

    def __init__(
        self,
        config_dir: Path,
        use_keyring: bool = True,
        *,
        kind: str = "auto",
        passphrase: PassphraseSource | None = None,
    ) -> None:
        if kind not in STORE_KINDS:
            raise CredentialError(f"unknown credential store {kind!r}")
        self._dir = Path(config_dir)
        self._use_keyring = use_keyring
        self._kind = kind
        self._passphrase = passphrase
        self._vault: _Vault | None = None
        self._backend = ""

    @property
    def backend(self) -> str:
        """Where the secrets are (opens the store)."""
        self._open()
        return self._backend

    @property
    def notice(self) -> str:
        """The operator's line about a weak store, or ""."""
        return FILE_NOTICE if self.backend == "file" else ""

    def _open(self) -> _Vault:
        if self._vault is not None:
            return self._vault
        if self._kind == "passphrase":
            source = self._passphrase or _no_passphrase
            vault: _Vault = PassphraseVault(self._dir, source)
            self._backend = "passphrase"
        else:
            backend = _usable_keyring() if self._use_keyring else None
            vault = KeyringVault(backend) if backend is not None else KeyFileVault(self._dir)
            self._backend = "keyring" if backend is not None else "file"
        logger.info("camera secrets kept in the %s backend", self._backend)
        self._vault = vault
        return vault

    def unlock(self) -> None:
        """Ask for the passphrase now, when the passphrase store is chosen and has a file.

        Raises:
            PassphraseError: wrong passphrase or none given; nothing was changed.
        """
        if self._kind != "passphrase":
            return  # the keyring is not probed before a secret is needed
        vault = self._open()
        if isinstance(vault, PassphraseVault):
            vault.unlock()

    def put(self, password: str, secret_id: str | None = None) -> str:
        """Store ``password``; returns the ``secret:<id>`` to write in the site file."""
        secret_id = secret_id or _random.token_hex(8)
        if ":" in secret_id or not secret_id.strip():
            raise CredentialError(f"bad secret id {secret_id!r}")
        self._open().set(secret_id, password)
        return SECRET_PREFIX + secret_id

    def get(self, secret_id: str) -> str | None:
        """The secret ``secret_id`` (without the prefix), or None if unknown."""
        return self._open().get(secret_id)

    def delete(self, secret_id: str) -> None:
        """Forget a secret (no error if unknown)."""
        self._open().delete(secret_id)

    def resolve(self, value: str) -> str:
        """``value`` itself, or the secret it references.

        Raises:
            CredentialError: a reference to an unknown or unreadable secret.
        """
        if not is_reference(value):
            return value
        secret_id = value[len(SECRET_PREFIX) :]
        found = self.get(secret_id)
        if found is None:
            raise CredentialError(f"secret {secret_id!r} not found in the {self.backend} store")
        return found


def _no_passphrase(_creating: bool, _problem: str) -> str | None:
    return None


def passphrase_source(
    passphrase_file: str = "", ask: PassphraseSource | None = None
) -> PassphraseSource:
    """The passphrase from ``OCCHIO_PASSPHRASE``, else ``passphrase_file``, else ``ask``.

    The variable and the file serve services and tests; ``ask`` is the wall's
    dialog. A preset passphrase is offered once: a wrong one is not retried.
    Read when asked, so that a changed variable or file counts.

    Raises (when called):
        PassphraseError: the passphrase file cannot be read.
    """

    def source(creating: bool, problem: str) -> str | None:
        preset = os.environ.get(PASSPHRASE_ENV, "") or _read_passphrase_file(passphrase_file)
        if preset:
            return None if problem else preset
        return ask(creating, problem) if ask is not None else None

    return source


def _read_passphrase_file(name: str) -> str:
    if not name:
        return ""
    path = Path(name).expanduser()
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as err:
        raise PassphraseError(f"cannot read the passphrase file {path}: {err}") from err


class SecretLookupError(CredentialError):
    """A site-file secret reference that cannot be resolved; ``key`` names the field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key = key
        self.message = message


_FIELD_KEYS = {SecretField.RTSP: "password", SecretField.ONVIF: "onvif.password"}


def resolve_camera_secrets(
    cameras: tuple[Camera, ...], resolve: Callable[[str], str] | None = None
) -> tuple[Camera, ...]:
    """``cameras`` with every ``secret:<id>`` password replaced by the secret.

    ``resolve`` defaults to a ``CredentialStore`` in the config folder, made
    only when some password is a reference.

    Raises:
        SecretLookupError: naming the field (``cameras[2].onvif.password``).
    """
    out = []
    for index, camera in enumerate(cameras):
        found: dict[SecretField, str] = {}
        for field, value in camera_passwords(camera):
            if not is_reference(value):
                continue
            if resolve is None:
                resolve = CredentialStore(paths.config_dir()).resolve
            try:
                found[field] = resolve(value)
            except CredentialError as err:
                key = f"cameras[{index}].{_FIELD_KEYS[field]}"
                raise SecretLookupError(key, str(err)) from err
        out.append(_with_passwords(camera, found))
    return tuple(out)


def _with_passwords(camera: Camera, found: dict[SecretField, str]) -> Camera:
    if SecretField.RTSP in found:
        camera = replace(camera, password=found[SecretField.RTSP])
    if SecretField.ONVIF in found and camera.onvif is not None:
        camera = replace(camera, onvif=replace(camera.onvif, password=found[SecretField.ONVIF]))
    return camera

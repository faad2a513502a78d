"""Camera passwords kept out of the site file.

A site file may say ``password = "secret:<id>"`` instead of a password (for
a camera's RTSP ``password`` and for ``[cameras.onvif] password``); the
secret is looked up when the file is loaded (``app.config.sitefile``).

Secrets live in the system keyring (Secret Service, Windows Credential
Manager, macOS Keychain) where one is usable. Where none is (a kiosk session
without a Secret Service daemon, a service account) they go to an encrypted
file in the config folder: ``secrets.json`` holds Fernet tokens, the key is
in ``secrets.key``; both are readable only by the user (mode 0600). That
protects against the site file being copied or shown around, not against
someone who can read the user's files: ``notice`` says so to the operator.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets as _random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.config import atomic, paths
from app.core.model import Camera

logger = logging.getLogger("app.config")

SECRET_PREFIX = "secret:"
KEYRING_SERVICE = "occhio"
KEY_FILE = "secrets.key"
SECRETS_FILE = "secrets.json"
FILE_NOTICE = "Password cifrate in un file locale: il portachiavi di sistema non è disponibile"


class CredentialError(Exception):
    """A secret cannot be stored or read (what and why, in English)."""


def is_reference(value: str) -> bool:
    """True for a ``secret:<id>`` site-file value."""
    return value.startswith(SECRET_PREFIX) and len(value) > len(SECRET_PREFIX)


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


class CredentialStore:
    """Store and look up secrets by id, in the keyring or an encrypted file.

    Attributes:
        backend: "keyring" or "file".
        notice: a line for the operator when secrets fall back to the file
            ("" with the keyring).
    """

    def __init__(self, config_dir: Path, use_keyring: bool = True) -> None:
        self._dir = Path(config_dir)
        self._keyring = _usable_keyring() if use_keyring else None
        self.backend = "keyring" if self._keyring is not None else "file"
        self.notice = "" if self._keyring is not None else FILE_NOTICE
        logger.info("camera secrets kept in the %s backend", self.backend)

    def put(self, password: str, secret_id: str | None = None) -> str:
        """Store ``password``; returns the ``secret:<id>`` to write in the site file."""
        secret_id = secret_id or _random.token_hex(8)
        if ":" in secret_id or not secret_id.strip():
            raise CredentialError(f"bad secret id {secret_id!r}")
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, secret_id, password)
            except Exception as err:
                raise CredentialError(f"the system keyring refused the secret: {err}") from err
        else:
            tokens = self._read_file()
            tokens[secret_id] = self._fernet().encrypt(password.encode("utf-8")).decode("ascii")
            self._write_file(tokens)
        return SECRET_PREFIX + secret_id

    def get(self, secret_id: str) -> str | None:
        """The secret ``secret_id`` (without the prefix), or None if unknown."""
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(KEYRING_SERVICE, secret_id)
            except Exception as err:
                raise CredentialError(f"the system keyring cannot be read: {err}") from err
            return None if value is None else str(value)
        token = self._read_file().get(secret_id)
        if token is None:
            return None
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet().decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as err:
            raise CredentialError(
                f"secret {secret_id!r} in {self._dir / SECRETS_FILE} cannot be decrypted "
                f"with {self._dir / KEY_FILE} (key replaced?)"
            ) from err

    def delete(self, secret_id: str) -> None:
        """Forget a secret (no error if unknown)."""
        if self._keyring is not None:
            import keyring.errors

            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                self._keyring.delete_password(KEYRING_SERVICE, secret_id)
            return
        tokens = self._read_file()
        if tokens.pop(secret_id, None) is not None:
            self._write_file(tokens)

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

    # --- the encrypted file -------------------------------------------------

    def _fernet(self) -> Any:
        from cryptography.fernet import Fernet

        path = self._dir / KEY_FILE
        if not path.exists():
            self._dir.mkdir(parents=True, exist_ok=True)
            try:
                # O_EXCL: two stations starting at once never write two keys.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(Fernet.generate_key())
        try:
            return Fernet(path.read_bytes().strip())
        except (OSError, ValueError) as err:
            raise CredentialError(f"cannot use the key file {path}: {err}") from err

    def _read_file(self) -> dict[str, str]:
        path = self._dir / SECRETS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            raise CredentialError(f"cannot read {path}: {err}") from err
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise CredentialError(f"{path} is not a table of secrets")
        return {str(k): v for k, v in data.items()}

    def _write_file(self, tokens: dict[str, str]) -> None:
        path = self._dir / SECRETS_FILE
        atomic.write_text(path, json.dumps(tokens, indent=1, sort_keys=True), mode=0o600)


class SecretLookupError(CredentialError):
    """A site-file secret reference that cannot be resolved; ``key`` names the field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key = key
        self.message = message


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
        fields: dict[str, Any] = {}
        for key, value in (("password", camera.password), ("onvif.password", _onvif_pw(camera))):
            if not is_reference(value):
                continue
            if resolve is None:
                resolve = CredentialStore(paths.config_dir()).resolve
            try:
                fields[key] = resolve(value)
            except CredentialError as err:
                raise SecretLookupError(f"cameras[{index}].{key}", str(err)) from err
        if "onvif.password" in fields and camera.onvif is not None:
            fields["onvif"] = replace(camera.onvif, password=fields.pop("onvif.password"))
        out.append(replace(camera, **fields) if fields else camera)
    return tuple(out)


def _onvif_pw(camera: Camera) -> str:
    return camera.onvif.password if camera.onvif is not None else ""

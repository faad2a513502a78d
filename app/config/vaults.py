"""Encrypted files of camera secrets, for stations without a usable system keyring.

Two kinds, both holding Fernet tokens (AES with an HMAC, from ``cryptography``)
in a JSON file readable only by the user (0600):

- ``KeyFileVault``: ``secrets.json`` with its key in ``secrets.key`` beside
  it. Anyone who can read the user's files can decrypt it; it only keeps the
  passwords out of the site file. The last resort.
- ``PassphraseVault``: ``secrets-passphrase.json``, whose key is derived from
  a passphrase with scrypt (memory-hard: each guess costs 32 MiB and tens of
  milliseconds), so a copy of the user's files is not enough to read it. The
  passphrase comes from a ``PassphraseSource`` (a dialog at start, an
  environment variable or a file); a wrong one is refused before anything
  is written.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from app.config import atomic

logger = logging.getLogger("app.config")

KEY_FILE = "secrets.key"
SECRETS_FILE = "secrets.json"
PASSPHRASE_FILE = "secrets-passphrase.json"
PRIVATE = 0o600

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
"""scrypt cost for new files: 32 MiB and about 0.1 s per try on a desktop."""
_MAX_SCRYPT_MEMORY = 256 * 2**20
"""Refuse parameters from a file that would need more memory than this."""
_CHECK = b"occhio-passphrase-check"
PASSPHRASE_TRIES = 3

PassphraseSource = Callable[[bool, str], str | None]
"""Gives the passphrase: called with (creating a new file?, why asked again or "");
None means none is available (the operator cancelled, no variable set)."""


class CredentialError(Exception):
    """A secret cannot be stored or read (what and why, in English)."""


class PassphraseError(CredentialError):
    """The passphrase-protected file stays locked: wrong passphrase, or none given."""


class EncryptedFile:
    """A JSON table of Fernet tokens at ``path``; subclasses say where the key comes from."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, secret_id: str) -> str | None:
        """The secret ``secret_id``, or None if the file does not hold it."""
        token = self._read().get(secret_id)
        if token is None:
            return None
        try:
            return self._fernet().decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as err:
            message = f"secret {secret_id!r} in {self.path} cannot be decrypted: {self._why_not()}"
            raise CredentialError(message) from err

    def set(self, secret_id: str, password: str) -> None:
        """Store (or replace) a secret."""
        fernet = self._fernet()
        tokens = self._read()
        tokens[secret_id] = fernet.encrypt(password.encode("utf-8")).decode("ascii")
        self._write(tokens)

    def delete(self, secret_id: str) -> None:
        """Forget a secret (no error if unknown)."""
        tokens = self._read()
        if secret_id in tokens:
            self._fernet()  # never change a file whose passphrase was not given
            del tokens[secret_id]
            self._write(tokens)

    def _fernet(self) -> Fernet:
        raise NotImplementedError

    def _why_not(self) -> str:
        return "wrong key"

    def _load(self) -> dict[str, Any]:
        """The whole JSON object in the file ({} if there is none)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError) as err:
            raise CredentialError(f"cannot read {self.path}: {err}") from err
        if not isinstance(data, dict):
            raise CredentialError(f"{self.path} is not a table of secrets")
        return data

    def _read(self) -> dict[str, str]:
        data = self._load()
        if not all(isinstance(v, str) for v in data.values()):
            raise CredentialError(f"{self.path} is not a table of secrets")
        return {str(k): v for k, v in data.items()}

    def _write(self, tokens: dict[str, str]) -> None:
        text = json.dumps(tokens, indent=1, sort_keys=True)
        atomic.write_text(self.path, text, mode=PRIVATE)


class KeyFileVault(EncryptedFile):
    """``secrets.json`` encrypted with the key in ``secrets.key`` beside it."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder / SECRETS_FILE)
        self.key_path = folder / KEY_FILE

    def _fernet(self) -> Fernet:
        path = self.key_path
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                # O_EXCL: two stations starting at once never write two keys.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(Fernet.generate_key())
        try:
            return Fernet(path.read_bytes().strip())
        except (OSError, ValueError) as err:
            raise CredentialError(f"cannot use the key file {path}: {err}") from err

    def _why_not(self) -> str:
        return f"not the key in {self.key_path} (key replaced?)"


class PassphraseVault(EncryptedFile):
    """``secrets-passphrase.json``: KDF parameters, a check token and the secrets.

    The key is derived once per run, when a secret is first needed; the
    check token tells a wrong passphrase from a damaged file.
    """

    def __init__(self, folder: Path, source: PassphraseSource) -> None:
        super().__init__(folder / PASSPHRASE_FILE)
        self._source = source
        self._key: Fernet | None = None

    def unlock(self) -> None:
        """Ask for the passphrase now if the file exists (at start, before any secret is needed).

        Raises:
            PassphraseError: wrong passphrase (after a few tries) or none given.
        """
        if self.path.exists():
            self._fernet()

    def _fernet(self) -> Fernet:
        if self._key is None:
            self._key = self._unlock()
        return self._key

    def _read(self) -> dict[str, str]:
        secrets = self._load().get("secrets", {})
        if not isinstance(secrets, dict) or not all(isinstance(v, str) for v in secrets.values()):
            raise CredentialError(f"{self.path} is not a table of secrets")
        return {str(k): v for k, v in secrets.items()}

    def _write(self, tokens: dict[str, str]) -> None:
        data = self._load()
        data["secrets"] = tokens
        atomic.write_text(self.path, json.dumps(data, indent=1, sort_keys=True), mode=PRIVATE)

    def _unlock(self) -> Fernet:
        header = self._load()
        if not header:
            return self._create()
        kdf = _kdf_parameters(header, self.path)
        problem = ""
        for _attempt in range(PASSPHRASE_TRIES):
            passphrase = self._source(False, problem)
            if passphrase is None:
                break
            fernet = Fernet(_derive(passphrase, kdf))
            try:
                fernet.decrypt(str(header.get("check", "")).encode("ascii"))
            except (InvalidToken, ValueError):
                problem = "wrong passphrase"
                logger.warning("wrong passphrase for %s", self.path)
                continue
            return fernet
        what = "wrong passphrase" if problem else "no passphrase given"
        message = f"{what} for {self.path}: the secrets stay locked, nothing was changed"
        raise PassphraseError(message)

    def _create(self) -> Fernet:
        passphrase = self._source(True, "")
        if not passphrase:
            raise PassphraseError(f"no passphrase given: {self.path} was not created")
        salt = base64.b64encode(os.urandom(16)).decode("ascii")
        kdf = {"name": "scrypt", "salt": salt, "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
        fernet = Fernet(_derive(passphrase, kdf))
        check = fernet.encrypt(_CHECK).decode("ascii")
        data = {"format": 1, "kdf": kdf, "check": check, "secrets": {}}
        atomic.write_text(self.path, json.dumps(data, indent=1, sort_keys=True), mode=PRIVATE)
        logger.info("passphrase-protected secrets file created: %s", self.path)
        return fernet


def _kdf_parameters(header: dict[str, Any], path: Path) -> dict[str, Any]:
    """The file's scrypt parameters, refused when they are not scrypt's or cost too much."""
    kdf = header.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise CredentialError(f"{path}: unknown key derivation")
    values = [kdf.get(name) for name in ("n", "r", "p")]
    if not all(type(v) is int and v > 0 for v in values):
        raise CredentialError(f"{path}: bad scrypt parameters")
    n, r, p = (int(v) for v in values if v is not None)
    if n < 2 or n & (n - 1) or 128 * n * r * p > _MAX_SCRYPT_MEMORY:
        raise CredentialError(f"{path}: scrypt parameters out of range")
    return kdf


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    """A Fernet key (url-safe base64 of 32 bytes) from the passphrase."""
    try:
        salt = base64.b64decode(str(kdf["salt"]), validate=True)
    except ValueError as err:
        raise CredentialError(f"bad salt in the secrets file: {err}") from err
    n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    memory = 128 * n * r * p + 2**20
    raw = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=memory, dklen=32
    )
    return base64.urlsafe_b64encode(raw)

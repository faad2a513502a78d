"""The station's signing key: Ed25519, made on first use, kept beside the credentials.

An evidence package's ``manifest.json`` is signed with the station key;
``pubkey.pem`` goes with it, and anyone can check the signature with
``openssl pkeyutl -verify -pubin -inkey pubkey.pem -rawin -in manifest.json
-sigfile manifest.json.sig``. The fingerprint (SHA-256 of the raw public
key) is printed in the manifest and in LEGGIMI.txt so a recipient can
compare it with the one the control room registered for the station.

The private key is a PKCS#8 PEM file readable by its owner only (0600),
written with ``O_EXCL`` so two first uses cannot make two keys.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)


class StationKeyError(Exception):
    """The station key file exists but cannot be used (path and why)."""


class StationKey:
    """An Ed25519 private key with its public half in the forms a package needs."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key

    @classmethod
    def load_or_create(cls, path: Path) -> StationKey:
        """The key at ``path``, created (mode 0600) when there is none.

        Raises:
            StationKeyError: the file exists but is not an Ed25519 private key.
        """
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls._create(path)
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except ValueError as err:
            raise StationKeyError(f"{path}: not a private key ({err})") from err
        if not isinstance(key, Ed25519PrivateKey):
            raise StationKeyError(f"{path}: not an Ed25519 key")
        return cls(key)

    @classmethod
    def _create(cls, path: Path) -> StationKey:
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return cls.load_or_create(path)  # made meanwhile by another process
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        return cls(key)

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        return self._key.sign(data)

    def public_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM (what OpenSSL reads)."""
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def fingerprint(self) -> str:
        """SHA-256 of the raw 32-byte public key, hex."""
        return fingerprint(self._key.public_key())


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of a raw Ed25519 public key, hex."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def verify_signature(public_pem: bytes, data: bytes, signature: bytes) -> tuple[bool, str]:
    """Whether ``signature`` signs ``data`` for the PEM public key; (ok, fingerprint or why)."""
    try:
        public = serialization.load_pem_public_key(public_pem)
    except ValueError as err:
        return False, f"not a public key ({err})"
    if not isinstance(public, Ed25519PublicKey):
        return False, "not an Ed25519 public key"
    with contextlib.suppress(InvalidSignature):
        public.verify(signature, data)
        return True, fingerprint(public)
    return False, "the signature does not match"

"""Saving the site from the camera editor: passwords to the store, references to the file.

The order keeps every password reachable whatever fails: the passwords are
stored first (under ids unique per camera and field), then the file is
written with their references, and only then are the secrets the previous
file referenced and the new one does not deleted: those of removed cameras,
and those still under ids of the old naming, whose values now live under the
new ids (so existing stores move to the new ids without losing a password).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from app.config.credentials import CredentialError
from app.config.sitefile import SiteFileError, parse_site, save_site
from app.core.model import SiteConfig
from app.core.secret_ids import referenced_ids, with_secret_references

logger = logging.getLogger("app.config")


class SecretKeeper(Protocol):
    """What saving needs of ``CredentialStore``."""

    def put(self, password: str, secret_id: str | None = None) -> str:
        """Store a password; the ``secret:<id>`` reference."""
        ...

    def delete(self, secret_id: str) -> None:
        """Forget a secret (no error if unknown)."""
        ...


def save_site_with_secrets(config: SiteConfig, path: Path, store: SecretKeeper) -> Path:
    """Write ``config`` (plain passwords) to ``path`` with its passwords in ``store``.

    Returns the file written (a symlink's target).

    Raises:
        CredentialError: a password could not be stored; the file is unchanged.
        OSError: the file could not be written; the old secrets are kept.
    """
    before = _referenced_on_disk(path)
    stored = with_secret_references(config, store.put)
    written = save_site(stored, path)
    for secret_id in sorted(before - referenced_ids(stored)):
        try:
            store.delete(secret_id)
        except CredentialError as err:  # the site is saved; an orphan secret is no harm
            logger.warning("secret %r no longer used but not deleted: %s", secret_id, err)
        else:
            logger.info("secret %r no longer used: deleted", secret_id)
    return written


def _referenced_on_disk(path: Path) -> set[str]:
    """Secret ids the file at ``path`` references now (none if it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8")
        return referenced_ids(parse_site(text, path, secrets=lambda value: value))
    except (OSError, UnicodeDecodeError, SiteFileError):
        return set()

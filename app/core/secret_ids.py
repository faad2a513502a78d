"""Where each camera password lives in the credential store, and the site's references.

A site file never holds a password: it holds ``secret:<id>`` and the store
holds the password under ``<id>``. Ids are built from the pair (camera id,
which password) so that no two pairs can ever share one, whatever the camera
ids look like: ``camera/<field>/<camera id, percent-encoded>``. The field
comes from a fixed set without ``/``, and percent-encoding maps different
texts to different texts and leaves no ``/`` or ``:`` in them, so an id
stands for exactly one pair.

Earlier versions built ids by appending ``-onvif`` to the camera id, so camera
``x``'s ONVIF password and camera ``x-onvif``'s RTSP password shared a key and
saving one overwrote the other. Files that still reference such ids keep
working; the next save moves the passwords to ids of this form.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import replace
from urllib.parse import quote

from app.core.model import Camera, SiteConfig

SECRET_PREFIX = "secret:"
_ID_PREFIX = "camera"


class SecretField(enum.StrEnum):
    """Which of a camera's passwords."""

    RTSP = "rtsp"
    ONVIF = "onvif"


def secret_id(camera_id: str, field: SecretField) -> str:
    """The store id of one camera password (no two (camera, field) pairs share one)."""
    return f"{_ID_PREFIX}/{field}/{quote(camera_id, safe='')}"


def is_reference(value: str) -> bool:
    """True for a ``secret:<id>`` site-file value."""
    return value.startswith(SECRET_PREFIX) and len(value) > len(SECRET_PREFIX)


def camera_passwords(camera: Camera) -> Iterator[tuple[SecretField, str]]:
    """(field, value) of each password the camera has (plain or a reference)."""
    if camera.password:
        yield SecretField.RTSP, camera.password
    if camera.onvif is not None and camera.onvif.password:
        yield SecretField.ONVIF, camera.onvif.password


def referenced_ids(config: SiteConfig) -> set[str]:
    """The store ids the site's ``secret:<id>`` passwords point to."""
    return {
        value[len(SECRET_PREFIX) :]
        for camera in config.cameras
        for _field, value in camera_passwords(camera)
        if is_reference(value)
    }


SecretPut = Callable[[str, str], str]
"""Stores a password under an id; returns the ``secret:<id>`` reference."""


def with_secret_references(config: SiteConfig, put: SecretPut) -> SiteConfig:
    """``config`` with every plain password stored by ``put`` and replaced by its reference.

    Secret ids are derived from the camera id and the field, so saving again
    overwrites the same secret instead of piling up new ones.
    """
    cameras = []
    for camera in config.cameras:
        password, onvif = camera.password, camera.onvif
        if password and not is_reference(password):
            password = put(password, secret_id(camera.id, SecretField.RTSP))
        if onvif is not None and onvif.password and not is_reference(onvif.password):
            reference = put(onvif.password, secret_id(camera.id, SecretField.ONVIF))
            onvif = replace(onvif, password=reference)
        cameras.append(replace(camera, password=password, onvif=onvif))
    return replace(config, cameras=tuple(cameras))

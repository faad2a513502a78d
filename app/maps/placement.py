"""Cameras as the map knows them: where they stand and what they see.

``place_cameras`` turns the site's cameras into ``Placement`` values and
lists the cameras the map cannot show (no coordinates, or coordinates the
projection cannot draw), so the map can say which ones are missing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.model import Camera, CameraKind
from app.maps.fov import DEFAULT_ANGLE_DEG, DEFAULT_PTZ_RANGE_M, DEFAULT_RANGE_M, FieldOfView
from app.maps.mercator import LatLon, in_range

logger = logging.getLogger("app.maps")


@dataclass(frozen=True)
class Placement:
    """One camera on the map.

    ``steerable``: a PTZ head, which can be turned to look at any point in
    its range. ``height_m``: mounting height above the street (None: unknown).
    """

    camera_id: str
    number: int
    name: str
    position: LatLon
    fov: FieldOfView
    steerable: bool = False
    height_m: float | None = None


def field_of_view(camera: Camera) -> FieldOfView:
    """The camera's configured cone, defaults where the site file says nothing."""
    ptz = camera.kind == CameraKind.PTZ
    default_range = DEFAULT_PTZ_RANGE_M if ptz else DEFAULT_RANGE_M
    angle = camera.fov_deg if camera.fov_deg is not None else DEFAULT_ANGLE_DEG
    range_m = camera.range_m if camera.range_m is not None else default_range
    return FieldOfView(camera.heading, angle, range_m)


def place_camera(camera: Camera) -> Placement | None:
    """The camera's placement, or None when the map cannot show it."""
    if camera.latitude is None or camera.longitude is None:
        return None
    if not in_range(camera.latitude, camera.longitude):
        return None
    try:
        fov = field_of_view(camera)
    except ValueError as err:
        logger.warning("camera %s: field of view ignored: %s", camera.id, err)
        fov = FieldOfView(None)
    return Placement(
        camera.id,
        camera.number,
        camera.name,
        LatLon(camera.latitude, camera.longitude),
        fov,
        steerable=camera.kind == CameraKind.PTZ,
        height_m=camera.height_m,
    )


def place_cameras(cameras: Iterable[Camera]) -> tuple[list[Placement], list[Camera]]:
    """(placements, cameras left off the map) in site order."""
    placed: list[Placement] = []
    missing: list[Camera] = []
    for camera in cameras:
        placement = place_camera(camera)
        if placement is None:
            missing.append(camera)
        else:
            placed.append(placement)
    if missing:
        logger.info(
            "%d cameras not on the map (no usable coordinates): %s",
            len(missing),
            ", ".join(c.id for c in missing[:10]),
        )
    return placed, missing

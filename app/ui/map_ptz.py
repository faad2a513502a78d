"""PTZ jobs the map sends through the wall's PTZ control path ("punta qui", calibration, live cone).

Each function returns a job for a ``PtzController`` (run on the camera's
own PTZ worker thread, bounded by the client's timeout): the maths is
``app.maps.aim``'s, the ranges are the device's own limits when it
reports them.
"""

from __future__ import annotations

from app.devices.ptz_types import PtzLimits, Range
from app.maps.aim import (
    PAN,
    TILT,
    ZOOM,
    Axis,
    calibrate,
    heading_for_pan,
    pan_for_bearing,
    tilt_for_distance,
    view_angle,
)
from app.maps.fov import FieldOfView
from app.maps.geodesy import bearing_deg, distance_m
from app.maps.mercator import LatLon
from app.maps.placement import Placement
from app.ui.ptz_worker import Job, PtzWorker


def _axis(reported: Range | None, default: Axis) -> Axis:
    return Axis(reported.min, reported.max) if reported is not None else default


def axes(limits: PtzLimits | None) -> tuple[Axis, Axis, Axis]:
    """(pan, tilt, zoom) ranges: the device's, else ONVIF's generic ones."""
    if limits is None:
        return PAN, TILT, ZOOM
    return _axis(limits.pan, PAN), _axis(limits.tilt, TILT), _axis(limits.zoom, ZOOM)


def aim_job(placement: Placement, point: LatLon) -> Job:
    """Turn the head to look at ``point`` (zoom kept); the result is (pan, tilt) sent."""
    heading0 = placement.fov.heading if placement.fov.heading is not None else 0.0
    bearing = bearing_deg(placement.position, point)
    distance = distance_m(placement.position, point)

    async def job(worker: PtzWorker) -> tuple[float, float]:
        client = worker.client
        assert client is not None
        pan_axis, tilt_axis, _zoom = axes(await worker.limits())
        status = await client.status()
        zoom = status.position.zoom if status.position.zoom is not None else 0.0
        pan = pan_for_bearing(bearing, heading0, pan_axis)
        tilt = tilt_for_distance(distance, placement.height_m, tilt_axis)
        await client.absolute_move(pan, tilt, zoom)
        return pan, tilt

    return job


def calibrate_job(placement: Placement, landmark: LatLon) -> Job:
    """The heading at pan 0 of a head now looking at ``landmark`` (the job's result)."""
    bearing = bearing_deg(placement.position, landmark)

    async def job(worker: PtzWorker) -> float:
        client = worker.client
        assert client is not None
        status = await client.status()
        pan = status.position.pan if status.position.pan is not None else 0.0
        return calibrate(bearing, pan)

    return job


def live_cone_job(placement: Placement) -> Job:
    """The head's cone now, from GetStatus (None when it reports no pan)."""
    heading0 = placement.fov.heading if placement.fov.heading is not None else 0.0

    async def job(worker: PtzWorker) -> FieldOfView | None:
        client = worker.client
        assert client is not None
        _pan, _tilt, zoom_axis = axes(await worker.limits())
        position = (await client.status()).position
        if position.pan is None:
            return None
        zoom = position.zoom if position.zoom is not None else zoom_axis.low
        heading = heading_for_pan(position.pan, heading0)
        return FieldOfView(heading, view_angle(zoom, zoom_axis), placement.fov.range_m)

    return job

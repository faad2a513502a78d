"""Asking an ONVIF camera for a key frame now (Media SetSynchronizationPoint).

A decoder can show nothing before a key frame; cameras send one every GOP
(often 2-4 s). Asking for a synchronisation point right after a stream is
opened makes the first picture come sooner on devices that honour it.
Best effort: a failure only means waiting for the next regular key frame.
"""

from __future__ import annotations

import asyncio
import logging

from app.core.model import Camera, OnvifAddress, Profile
from app.devices.onvif import OnvifError, _bounded, _device, _profiles
from app.devices.onvif_types import classify_profiles, profile_info

logger = logging.getLogger("app.devices")

SYNC_TIMEOUT = 3.0


async def set_synchronization_point(
    address: OnvifAddress, profile: Profile, timeout: float = SYNC_TIMEOUT
) -> None:
    """Ask the device for a key frame on the media profile serving ``profile``.

    Raises:
        OnvifError: the device cannot be reached or refused the request.
    """
    async with _device(address, timeout) as camera:
        media, raw = await _profiles(camera, address, timeout)
        chosen = classify_profiles(profile_info(p) for p in raw)
        info = chosen.get(profile) or chosen.get(Profile.MAIN)
        if info is None:
            return
        request = {"ProfileToken": info.token}
        await _bounded(media.SetSynchronizationPoint(request), address, timeout)


def request_key_frame(camera: Camera, profile: Profile, timeout: float = SYNC_TIMEOUT) -> bool:
    """Blocking, best-effort ``set_synchronization_point``; True when the device agreed.

    Runs its own event loop: call it from a worker thread, never the GUI.
    """
    if camera.onvif is None:
        return False
    try:
        asyncio.run(set_synchronization_point(camera.onvif, profile, timeout))
    except (OnvifError, OSError) as err:
        logger.debug("camera %s: no synchronisation point: %s", camera.id, err)
        return False
    logger.debug("camera %s/%s: key frame requested", camera.id, profile)
    return True

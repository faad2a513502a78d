"""PTZ control of one ONVIF camera: capabilities, status, presets and moves.

A ``PtzClient`` holds one connected ``ONVIFCamera`` for its whole life, so a
joystick session costs one service discovery, not one per command. Every
request is bounded by the client's timeout and every failure leaves as an
``OnvifError`` (as in ``app.devices.onvif``). The library parses WSDLs in an
executor and caches them per process; ``app.devices.onvif.warm_up`` loads the
PTZ one too, ahead of time.

Some devices leave PTZ out of GetServices but list it in GetCapabilities;
``connect`` asks GetCapabilities whenever GetServices gave no PTZ address.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
from collections.abc import Awaitable
from types import TracebackType
from typing import Any, TypeVar

from app.core.model import OnvifAddress, Profile
from app.core.streams import Failure
from app.devices.onvif import DEFAULT_TIMEOUT, close_camera, open_camera
from app.devices.onvif_errors import OnvifError, map_error
from app.devices.onvif_types import classify_profiles, dig, profile_info
from app.devices.ptz_types import (
    Preset,
    PtzCapabilities,
    PtzLimits,
    PtzNode,
    PtzStatus,
    read_limits,
    read_node,
    read_preset,
    read_status,
)

logger = logging.getLogger("app.devices")

PTZ_NAMESPACE = "http://www.onvif.org/ver20/ptz/wsdl"

_T = TypeVar("_T")


def _axis(name: str, value: float) -> float:
    """A velocity or translation clamped to -1..1; NaN is a caller bug."""
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return max(-1.0, min(1.0, float(value)))


def _vector(pan: float, tilt: float, zoom: float) -> dict[str, Any]:
    return {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}}


class PtzClient:
    """Asynchronous PTZ commands for one camera (use ``async with``).

    Profile arguments default to the first media profile that carries a PTZ
    configuration (else the main profile), found once per client.
    """

    def __init__(self, address: OnvifAddress, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.address = address
        self.timeout = timeout
        self.found_by = ""
        self._camera: Any = None
        self._profile = ""

    async def __aenter__(self) -> PtzClient:
        await self.connect()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def where(self) -> str:
        """The device as named in error details."""
        return f"ONVIF device {self.address.host}:{self.address.port}"

    @property
    def has_ptz(self) -> bool:
        """True once ``connect`` found a PTZ service address."""
        return self._camera is not None and PTZ_NAMESPACE in self._camera.xaddrs

    async def connect(self) -> bool:
        """Discover the device's services; returns whether it has PTZ.

        Raises:
            OnvifError: unreachable, wrong credentials or not ONVIF.
        """
        if self._camera is None:
            self._camera = await open_camera(self.address, self.timeout)
            self.found_by = await self._find_ptz()
        return self.has_ptz

    async def _find_ptz(self) -> str:
        if PTZ_NAMESPACE in self._camera.xaddrs:
            return "services"
        try:
            await self._bounded(self._camera.get_capabilities())
        except OnvifError as err:
            logger.debug("%s: GetCapabilities failed: %s", self.address.host, err)
            return ""
        return "capabilities" if PTZ_NAMESPACE in self._camera.xaddrs else ""

    async def close(self) -> None:
        """Close the connection (safe to call twice)."""
        camera, self._camera = self._camera, None
        if camera is not None:
            await close_camera(camera, self.timeout)

    async def _bounded(self, call: Awaitable[_T]) -> _T:
        try:
            return await asyncio.wait_for(call, self.timeout)
        except OnvifError:
            raise
        except Exception as exc:
            raise map_error(exc, self.where, self.timeout) from exc

    async def _ptz(self) -> Any:
        await self.connect()
        if not self.has_ptz:
            raise OnvifError(Failure.ONVIF, f"{self.where} has no PTZ service")
        return await self._bounded(self._camera.create_ptz_service())

    async def _call(self, operation: str, request: dict[str, Any] | None = None) -> Any:
        service = await self._ptz()
        logger.debug("%s: PTZ %s", self.address.host, operation)
        return await self._bounded(getattr(service, operation)(request))

    async def profile_token(self, profile: str | None = None) -> str:
        """``profile`` if given, else the PTZ-capable (or main) media profile's token."""
        if profile:
            return profile
        if not self._profile:
            await self.connect()
            media = await self._bounded(self._camera.create_media_service())
            raw = list(await self._bounded(media.GetProfiles()) or [])
            if not raw:
                raise OnvifError(Failure.ONVIF, f"{self.where} has no media profiles")
            with_ptz = [p for p in raw if dig(p, "PTZConfiguration") is not None]
            if with_ptz:
                self._profile = str(dig(with_ptz[0], "token") or "")
            else:
                self._profile = classify_profiles(profile_info(p) for p in raw)[Profile.MAIN].token
        return self._profile

    async def nodes(self) -> tuple[PtzNode, ...]:
        """GetNodes: the device's PTZ units with their spaces."""
        return tuple(read_node(n) for n in (await self._call("GetNodes") or []))

    async def limits(self) -> PtzLimits | None:
        """GetConfigurations (+ GetConfigurationOptions where the device answers it)."""
        configs = list(await self._call("GetConfigurations") or [])
        if not configs:
            return None
        config = configs[0]
        options = None
        try:
            options = await self._call(
                "GetConfigurationOptions", {"ConfigurationToken": dig(config, "token")}
            )
        except OnvifError as err:
            # Optional for the operator: ranges from the configuration still hold.
            logger.info("%s: no PTZ configuration options: %s", self.address.host, err)
        return read_limits(config, options)

    async def presets(self, profile: str | None = None) -> tuple[Preset, ...]:
        """GetPresets of the profile."""
        token = await self.profile_token(profile)
        answer = await self._call("GetPresets", {"ProfileToken": token})
        return tuple(read_preset(p) for p in (answer or []))

    async def status(self, profile: str | None = None) -> PtzStatus:
        """GetStatus: position and move status."""
        token = await self.profile_token(profile)
        return read_status(await self._call("GetStatus", {"ProfileToken": token}))

    async def capabilities(self, profile: str | None = None) -> PtzCapabilities:
        """Everything at once: nodes, limits and presets, or ``available=False``."""
        if not await self.connect():
            return PtzCapabilities(available=False)
        token = await self.profile_token(profile)
        return PtzCapabilities(
            available=True,
            found_by=self.found_by,
            profile_token=token,
            nodes=await self.nodes(),
            limits=await self.limits(),
            presets=await self.presets(token),
        )

    async def continuous_move(
        self,
        pan: float,
        tilt: float,
        zoom: float = 0.0,
        timeout: float | None = None,
        profile: str | None = None,
    ) -> None:
        """Move at velocities in -1..1 until Stop (or ``timeout`` seconds on the device)."""
        request: dict[str, Any] = {
            "ProfileToken": await self.profile_token(profile),
            "Velocity": _vector(_axis("pan", pan), _axis("tilt", tilt), _axis("zoom", zoom)),
        }
        if timeout is not None:
            request["Timeout"] = dt.timedelta(seconds=max(0.0, timeout))
        await self._call("ContinuousMove", request)

    async def stop(
        self, profile: str | None = None, pan_tilt: bool = True, zoom: bool = True
    ) -> None:
        """Stop pan/tilt and/or zoom movement."""
        token = await self.profile_token(profile)
        await self._call("Stop", {"ProfileToken": token, "PanTilt": pan_tilt, "Zoom": zoom})

    async def relative_move(
        self, pan: float, tilt: float, zoom: float = 0.0, profile: str | None = None
    ) -> None:
        """Move by a translation in the device's default relative spaces (-1..1)."""
        vector = _vector(_axis("pan", pan), _axis("tilt", tilt), _axis("zoom", zoom))
        token = await self.profile_token(profile)
        await self._call("RelativeMove", {"ProfileToken": token, "Translation": vector})

    async def absolute_move(
        self, pan: float, tilt: float, zoom: float, profile: str | None = None
    ) -> None:
        """Move to a position in the device's default absolute spaces."""
        for name, value in (("pan", pan), ("tilt", tilt), ("zoom", zoom)):
            if not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
        token = await self.profile_token(profile)
        await self._call(
            "AbsoluteMove", {"ProfileToken": token, "Position": _vector(pan, tilt, zoom)}
        )

    async def goto_preset(self, preset_token: str, profile: str | None = None) -> None:
        """Go to a stored preset."""
        token = await self.profile_token(profile)
        await self._call("GotoPreset", {"ProfileToken": token, "PresetToken": preset_token})

    async def set_preset(
        self, name: str, profile: str | None = None, preset_token: str | None = None
    ) -> str:
        """Store the current position as preset ``name``; returns its token."""
        request: dict[str, Any] = {"ProfileToken": await self.profile_token(profile)}
        request["PresetName"] = name
        if preset_token:
            request["PresetToken"] = preset_token  # overwrite an existing preset
        answer = await self._call("SetPreset", request)
        token = answer if isinstance(answer, str) else dig(answer, "PresetToken")
        if not token:
            raise OnvifError(Failure.ONVIF, f"{self.where} stored the preset but gave no token")
        return str(token)

    async def remove_preset(self, preset_token: str, profile: str | None = None) -> None:
        """Delete a stored preset."""
        token = await self.profile_token(profile)
        await self._call("RemovePreset", {"ProfileToken": token, "PresetToken": preset_token})

    async def goto_home(self, profile: str | None = None) -> None:
        """Go to the home position."""
        token = await self.profile_token(profile)
        await self._call("GotoHomePosition", {"ProfileToken": token})

    async def find_preset(self, name_or_token: str, profile: str | None = None) -> Preset | None:
        """The preset whose name (case-insensitive) or token is ``name_or_token``."""
        wanted = name_or_token.casefold()
        presets = await self.presets(profile)
        return next(
            (p for p in presets if p.token == name_or_token or p.name.casefold() == wanted), None
        )

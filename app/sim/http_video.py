"""Cameras over plain HTTP: MJPEG and live fragmented MP4 on the control port.

Many cheap cameras and encoders serve Motion JPEG as one endless
``multipart/x-mixed-replace`` response, and some serve H.264 in MP4
fragments over HTTP; both play in libVLC builds without an RTSP client
(Debian's). Each replayed camera is served at

- ``/video/<camera>/<profile>.mjpg``: JPEG pictures rendered live at the
  profile's size and rate (the scene, the clock and the frame-index strip),
- ``/video/<camera>/<profile>.mp4``: the camera's encoded loop remuxed into
  MP4 fragments (one per frame) without re-encoding, from the next key
  frame on (up to a GOP later): libVLC drops every picture of a stream
  that starts with a burst of the current GOP as "too late".

Both follow the global timeline of the RTSP streams (frame ``n`` is due at
``t0 + n / fps``), ask for HTTP Basic credentials like the camera's
snapshot, and honour the test controls: a dropped camera closes its HTTP
streams and answers 503, a frozen one keeps the connection open silently.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from fractions import Fraction

import av
import cv2
from aiohttp import web

from app.sim import scene
from app.sim.cameras import CameraState, SimCamera
from app.sim.encode import PROFILES, EncodedLoop, ProfileSpec, profile_label

logger = logging.getLogger("app.sim")

BOUNDARY = "occhioframe"
JPEG_QUALITY = 80
REALM = "Occhio Simulator"
#: Paths of one camera's HTTP streams, by format.
MJPEG_PATH = "/video/{camera}/{profile}.mjpg"
MP4_PATH = "/video/{camera}/{profile}.mp4"


@dataclass(frozen=True)
class Timeline:
    """The shared clock: frame ``n`` of a profile is due at ``t0 + n / fps``."""

    t0: float

    def frame_now(self, profile: ProfileSpec) -> int:
        """The global frame number due next."""
        return max(0, int((time.monotonic() - self.t0) * float(profile.fps)) + 1)

    async def wait_for(self, profile: ProfileSpec, n: int) -> None:
        """Sleep until frame ``n`` is due."""
        delay = self.t0 + n / float(profile.fps) - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


def authorised(request: web.Request, camera: SimCamera) -> bool:
    """Whether the request carries the camera's user and password (HTTP Basic)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    return hmac.compare_digest(decoded, f"{camera.username}:{camera.password}")


class _Chunks:
    """A write-only file for the MP4 muxer: collects what it writes."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        """Everything written since the last call."""
        out, self.parts = b"".join(self.parts), []
        return out


class Mp4Fragmenter:
    """Remuxes H.264 access units into fragmented MP4, one fragment per frame."""

    def __init__(self, loop: EncodedLoop) -> None:
        self._out = _Chunks()
        self._fps = loop.profile.fps
        self._container = av.open(
            self._out,
            "w",
            format="mp4",
            options={"movflags": "empty_moov+default_base_moof+frag_every_frame"},
        )
        stream = self._container.add_stream("h264", rate=self._fps)
        stream.width, stream.height = loop.profile.width, loop.profile.height
        stream.time_base = Fraction(1) / self._fps
        stream.codec_context.extradata = _annexb([loop.sps, loop.pps])
        self._stream = stream
        self._time_base = stream.time_base
        self._first: int | None = None

    def header(self) -> bytes:
        """The initialisation segment (``ftyp`` and an empty ``moov``)."""
        self._container.start_encoding()
        return self._out.take()

    def fragment(self, nals: list[bytes], n: int, key: bool) -> bytes:
        """The MP4 fragment of global frame ``n`` (time stamps count from the first)."""
        if self._first is None:
            self._first = n
        packet = av.Packet(_annexb(nals))
        packet.stream = self._stream
        packet.pts = packet.dts = n - self._first
        packet.time_base = self._time_base
        packet.is_keyframe = key
        self._container.mux(packet)
        return self._out.take()

    def close(self) -> None:
        """Finish the file (what it writes is not sent: the client has gone)."""
        try:
            self._container.close()
        except (OSError, ValueError, av.error.FFmpegError) as exc:  # pragma: no cover
            logger.debug("MP4 muxer close: %s", exc)


def _annexb(nals: list[bytes]) -> bytes:
    return b"".join(b"\x00\x00\x00\x01" + nal for nal in nals)


def _is_idr(nals: list[bytes]) -> bool:
    return any(nal and nal[0] & 0x1F == 5 for nal in nals)


class HttpVideo:
    """The HTTP stream handlers of every replayed camera."""

    def __init__(
        self,
        cameras: dict[str, SimCamera],
        loops: dict[tuple[str, str], EncodedLoop],
        timeline: Timeline,
    ) -> None:
        self.cameras = cameras
        self.loops = loops
        self.timeline = timeline
        self._bases: dict[tuple[str, str], scene.Image] = {}

    def routes(self, app: web.Application) -> None:
        """Add the MJPEG and MP4 routes to ``app``."""
        app.router.add_get(MJPEG_PATH, self._guarded(self._mjpeg))
        app.router.add_get(MP4_PATH, self._guarded(self._mp4))

    def _guarded(
        self, serve: Callable[[web.Request, SimCamera, ProfileSpec], Awaitable[web.StreamResponse]]
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        """``serve`` behind the checks every stream shares: camera, profile, state, password."""

        async def handler(request: web.Request) -> web.StreamResponse:
            camera = self.cameras.get(request.match_info["camera"])
            profile = PROFILES.get(request.match_info["profile"])
            if camera is None or profile is None or (camera.id, profile.name) not in self.loops:
                raise web.HTTPNotFound(text="no such stream\n")
            if not authorised(request, camera):
                raise web.HTTPUnauthorized(headers={"WWW-Authenticate": f'Basic realm="{REALM}"'})
            if camera.state is CameraState.DROPPED:
                raise web.HTTPServiceUnavailable(text="camera dropped\n")
            return await serve(request, camera, profile)

        return handler

    async def _mjpeg(
        self, request: web.Request, camera: SimCamera, profile: ProfileSpec
    ) -> web.StreamResponse:
        """One endless multipart response of JPEG pictures."""
        response = web.StreamResponse(
            headers={
                "Content-Type": f"multipart/x-mixed-replace; boundary={BOUNDARY}",
                "Cache-Control": "no-cache",
            }
        )
        await response.prepare(request)
        loop = asyncio.get_running_loop()
        n = self.timeline.frame_now(profile)
        peer = f"{camera.id}/{profile.name} MJPEG to {request.remote}"
        logger.info("%s started", peer)
        try:
            while await self._due(camera, profile, n):
                jpeg = await loop.run_in_executor(None, self._jpeg, camera, profile, n)
                head = (
                    f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\n"
                    f"Content-Length: {len(jpeg)}\r\n\r\n"
                ).encode()
                await response.write(head + jpeg + b"\r\n")
                n = max(n + 1, self.timeline.frame_now(profile) - 1)  # skip, never queue
        except ConnectionError:
            logger.info("%s ended by the client", peer)
            return response
        logger.info("%s closed (camera dropped)", peer)
        return response

    async def _mp4(
        self, request: web.Request, camera: SimCamera, profile: ProfileSpec
    ) -> web.StreamResponse:
        """The loop as endless MP4 fragments, from the next key frame on."""
        loop = self.loops[camera.id, profile.name]
        response = web.StreamResponse(headers={"Content-Type": "video/mp4"})
        await response.prepare(request)
        muxer = Mp4Fragmenter(loop)
        n = self.timeline.frame_now(profile)
        n += -(n % profile.loop_frames) % profile.gop_frames  # on to the next IDR
        peer = f"{camera.id}/{profile.name} MP4 to {request.remote}"
        logger.info("%s started", peer)
        try:
            await response.write(muxer.header())
            while await self._due(camera, profile, n):
                nals = loop.frames[n % len(loop.frames)]
                await response.write(muxer.fragment(nals, n, _is_idr(nals)))
                n += 1
        except ConnectionError:
            logger.info("%s ended by the client", peer)
            return response
        finally:
            muxer.close()
        logger.info("%s closed (camera dropped)", peer)
        return response

    async def _due(self, camera: SimCamera, profile: ProfileSpec, n: int) -> bool:
        """Wait for frame ``n`` (and while the camera is frozen); False once dropped."""
        await self.timeline.wait_for(profile, n)
        while camera.state is CameraState.FROZEN:
            await asyncio.sleep(1 / float(profile.fps))
        return camera.state is not CameraState.DROPPED

    def _jpeg(self, camera: SimCamera, profile: ProfileSpec, n: int) -> bytes:
        """Frame ``n`` of the camera's scene as a JPEG (runs in a worker thread)."""
        key = (camera.id, profile.name)
        base = self._bases.get(key)
        if base is None:
            base = self._bases[key] = scene.background(camera.id, profile.width, profile.height)
        img = scene.render(
            camera.id,
            camera.name,
            base,
            n % profile.loop_frames,
            profile.loop_frames,
            label=f"{profile_label(profile)} MJPEG",
            clock=scene.clock_text(time.time()),
        )
        ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise RuntimeError("JPEG encoding failed")
        return bytes(data.tobytes())

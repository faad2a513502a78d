"""Choosing the engine of each camera: PyAV, or libVLC where asked and able.

A camera plays on the engine its site file names (``engine = "vlc"`` on
the camera, else the site's ``engine``, else the ``video.engine`` setting).
libVLC cannot play everything: Debian's is built without live555 and has
no RTSP client, and a machine may have no libVLC at all. Such a camera is
played by PyAV instead, never left black, and its tile says why through the
stream's ``Notice`` ("libVLC senza RTSP (live555): uso PyAV").
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from app.core.model import Camera, EngineName
from app.core.streams import (
    FrameMailbox,
    Notice,
    Stream,
    StreamCapabilities,
    StreamKey,
    StreamSource,
    StreamStats,
    StreamStatus,
    capabilities_of,
)
from app.video.manager import LazyEngine

logger = logging.getLogger("app.video")

#: URL schemes that need libVLC's RTSP client (live555).
RTSP_SCHEMES = frozenset({"rtsp", "rtsps"})

#: Loads libVLC: the VLC engine (None where it cannot) and whether it has RTSP.
VlcLoader = Callable[[], "tuple[LazyEngine | None, bool]"]


class NotedStream:
    """A stream played by another engine than asked, carrying the reason as a notice.

    Everything else is the inner stream's (the overload governor's decode
    mode, the manager's stop and join included).
    """

    def __init__(self, inner: Stream, notice: Notice) -> None:
        self.inner = inner
        self.notice = notice
        self.key: StreamKey = inner.key
        self.mailbox: FrameMailbox = inner.mailbox
        self._seen: tuple[StreamStatus | None, StreamStatus | None] = (None, None)

    @property
    def status(self) -> StreamStatus:
        """The inner stream's status with the notice (one copy per status change)."""
        status = self.inner.status
        seen, noted = self._seen
        if status is not seen or noted is None:
            noted = dataclasses.replace(status, notice=self.notice)
            self._seen = (status, noted)
        return noted

    def stats(self) -> StreamStats:
        """The inner stream's rates."""
        return self.inner.stats()

    def note_frame_taken(self) -> None:
        """Counted by the inner stream."""
        self.inner.note_frame_taken()

    def capabilities(self) -> StreamCapabilities:
        """The inner stream's."""
        return capabilities_of(self.inner)

    def __getattr__(self, name: str) -> Any:
        # Optional controls (request_stop, join, set_decode_mode, ...) are the inner stream's.
        return getattr(self.inner, name)


class EngineRouter:
    """An engine that hands each camera to PyAV or libVLC (``LazyEngine``).

    Args:
        pyav: the PyAV engine, which plays everything.
        load_vlc: loads libVLC the first time a camera asks for it; gives the
            VLC engine (None where libVLC cannot be loaded) and whether that
            libVLC has an RTSP client.
        default: the engine of cameras that name none (the site's, else the setting).
    """

    name = "router"

    def __init__(
        self,
        pyav: LazyEngine,
        load_vlc: VlcLoader,
        default: EngineName = EngineName.PYAV,
    ) -> None:
        self.pyav = pyav
        self.default = default
        self._load_vlc: VlcLoader | None = load_vlc
        self._vlc: LazyEngine | None = None
        self._vlc_rtsp = False

    def choose(self, camera: Camera | None, profile_url: str | None) -> tuple[LazyEngine, Notice]:
        """The engine for ``camera`` whose stream is at ``profile_url`` (None: resolved later)."""
        wanted = (camera.engine if camera is not None else None) or self.default
        if wanted is not EngineName.VLC:
            return self.pyav, Notice.NONE
        vlc, rtsp = self._vlc_engine()
        if vlc is None:
            return self.pyav, Notice.VLC_MISSING
        # No URL means ONVIF, whose stream URIs are RTSP.
        scheme = urlsplit(profile_url).scheme.lower() if profile_url else "rtsp"
        if scheme in RTSP_SCHEMES and not rtsp:
            return self.pyav, Notice.VLC_WITHOUT_RTSP
        return vlc, Notice.NONE

    def _vlc_engine(self) -> tuple[LazyEngine | None, bool]:
        """The VLC engine and its RTSP ability, loading libVLC on first use (about 0.1 s)."""
        if self._load_vlc is not None:
            load, self._load_vlc = self._load_vlc, None
            self._vlc, self._vlc_rtsp = load()
        return self._vlc, self._vlc_rtsp

    def open_lazy(
        self,
        key: StreamKey,
        factory: Callable[[], StreamSource],
        camera: Camera | None = None,
    ) -> Stream:
        """Open the stream on the camera's engine (PyAV, with a notice, where libVLC cannot)."""
        engine, notice = self.choose(camera, _profile_url(camera, key))
        stream = engine.open_lazy(key, factory, camera)
        if notice is Notice.NONE:
            return stream
        logger.info(
            "%s/%s: played by PyAV instead of libVLC (%s)", key.camera_id, key.profile, notice
        )
        return NotedStream(stream, notice)

    def close_many(self, streams: Iterable[Stream]) -> None:
        """Stop streams of both engines, each engine's together."""
        inner = [s.inner if isinstance(s, NotedStream) else s for s in streams]
        self.pyav.close_many(inner)
        if self._vlc is not None:
            self._vlc.close_many(inner)


def _profile_url(camera: Camera | None, key: StreamKey) -> str | None:
    """The configured URL the stream will open (the sub-stream falls back to the main)."""
    if camera is None:
        return None
    if key.profile == "sub" and camera.sub_url:
        return camera.sub_url
    return camera.main_url

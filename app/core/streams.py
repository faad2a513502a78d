"""Stream types every layer shares: states, failures, sources, frames, mailboxes.

Kept in the core so that the devices layer (which resolves stream sources
and reports ONVIF failures), the video engines and the views all speak of
the same things without importing each other. A stream is one worker per
(camera, profile). The worker thread writes the
latest decoded frame into a ``FrameMailbox`` and publishes an immutable
``StreamStatus``; views poll both from the GUI thread at display rate, so no
frame or state ever queues up behind a slow display.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.core.model import Camera, Profile, Transport


class StreamState(enum.StrEnum):
    """Where a stream is in its life. FAILED is permanent until retried."""

    IDLE = "idle"
    CONNECTING = "connecting"
    BUFFERING = "buffering"
    PLAYING = "playing"
    STALLED = "stalled"
    RECONNECTING = "reconnecting"
    FAILED = "failed"


class Failure(enum.StrEnum):
    """Why a stream is not playing. AUTH, NOT_FOUND and MALFORMED are permanent."""

    NONE = "none"
    AUTH = "auth"  # 401: wrong user or password
    NOT_FOUND = "not_found"  # 404: no such path
    MALFORMED = "malformed"  # the URL cannot be used at all
    UNREACHABLE = "unreachable"  # refused, no route, DNS failure
    TIMEOUT = "timeout"  # connected but nothing came in time
    ENDED = "ended"  # the server closed a live stream
    NO_VIDEO = "no_video"  # the stream has no video track
    PROTOCOL = "protocol"  # anything else the library reported
    ONVIF = "onvif"  # the ONVIF address did not give a stream URI
    SERVER_ERROR = "server_error"  # the server answered 5xx: it is there, but failing
    UNSUPPORTED_CODEC = "unsupported_codec"  # video in a codec this program cannot decode
    UNSAFE_URI = "unsafe_uri"  # a device gave an address of a kind that is never opened
    FOREIGN_HOST = "foreign_host"  # a device points at another host: the installer must allow it
    INSECURE_AUTH = "insecure_auth"  # the server wants the password in clear (Basic)
    OVERSIZED = "oversized"  # an answer larger than the limit for it

    @property
    def permanent(self) -> bool:
        """Permanent failures are retried at most once per 30 s: trying sooner
        cannot help until someone changes the camera or its configuration."""
        return self in _PERMANENT


_PERMANENT = frozenset(
    {
        Failure.AUTH,
        Failure.NOT_FOUND,
        Failure.MALFORMED,
        Failure.UNSUPPORTED_CODEC,
        Failure.UNSAFE_URI,
        Failure.FOREIGN_HOST,
        Failure.INSECURE_AUTH,
        Failure.OVERSIZED,
    }
)


class DecodeMode(enum.StrEnum):
    """How much of a stream a worker decodes (overload control lowers it)."""

    FULL = "full"  # every frame
    KEYFRAMES = "keyframes"  # key frames only: about one picture per GOP, a fraction of the CPU


@dataclass(frozen=True)
class StreamSource:
    """How to open a stream: URL, credentials and transport."""

    url: str
    username: str = ""
    password: str = ""
    transport: Transport = Transport.TCP
    #: The installer allowed Basic authentication (password in clear) for this camera.
    allow_basic_auth: bool = False
    #: Asks the camera for a key frame now (ONVIF SetSynchronizationPoint), so the
    #: first picture need not wait for the next GOP. Called on each connection,
    #: off the GUI thread; may block; best effort.
    key_frame_request: Callable[[], object] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StreamKey:
    """Identity of a shared worker: one per camera and profile."""

    camera_id: str
    profile: Profile = Profile.MAIN


class Notice(enum.StrEnum):
    """Something the operator should know about a stream that plays anyway."""

    NONE = "none"
    VLC_WITHOUT_RTSP = "vlc_without_rtsp"  # libVLC has no RTSP client: PyAV plays it
    VLC_MISSING = "vlc_missing"  # libVLC is not installed or not loadable: PyAV plays it


class Limit(enum.StrEnum):
    """Why a stream cannot do something a tile offers (shown greyed out, with the reason)."""

    NATIVE_OUTPUT = "native_output"  # libVLC draws into the window: no pixels reach the program
    ENGINE = "engine"  # the engine has no such control (e.g. key-frame-only decoding in libVLC)


@dataclass(frozen=True)
class StreamCapabilities:
    """What a stream can do for its tile; ``None`` means it can, a ``Limit`` why not.

    Streams that say nothing (the PyAV engine's) can do everything.
    """

    snapshot: Limit | None = None
    zoom: Limit | None = None
    keyframes_only: Limit | None = None


ALL_CAPABILITIES = StreamCapabilities()


def capabilities_of(stream: object) -> StreamCapabilities:
    """The stream's capabilities (everything when it does not report any)."""
    report = getattr(stream, "capabilities", None)
    return report() if callable(report) else ALL_CAPABILITIES


@dataclass(frozen=True)
class StreamStatus:
    """A snapshot of a stream's state; replaced, never mutated."""

    state: StreamState = StreamState.IDLE
    failure: Failure = Failure.NONE
    detail: str = ""  # the library's own words, for the log only
    since: float = field(default_factory=time.monotonic)
    retry_at: float | None = None  # monotonic time of the next attempt, if any
    notice: Notice = Notice.NONE  # shown as a caption while it plays
    #: What the operator's words name, already sanitised: a codec ("H266") or an
    #: HTTP/RTSP status ("503"); "" when the failure kind says it all.
    subject: str = ""


@dataclass(frozen=True)
class VideoFrame:
    """A decoded picture, converted only when a view paints it.

    ``image`` is engine-specific (a PyAV ``av.VideoFrame`` for the PyAV
    engine, an H x W x 4 BGRA numpy array for the VLC engine);
    ``app.video.convert`` turns it into pixels at the size asked.
    """

    image: Any
    width: int
    height: int
    index: int  # running count of frames decoded by this worker
    received_at: float  # time.monotonic() when decoded
    wallclock: float  # time.time() when decoded, for the tile's clock
    keyframe: bool = False


@dataclass(frozen=True)
class StreamStats:
    """Rates over the last few seconds."""

    fps_in: float = 0.0  # frames decoded per second
    fps_out: float = 0.0  # frames taken by views per second
    fps_source: float = 0.0  # the source's own rate, from frame time stamps (0: unknown)
    bitrate_kbps: float = 0.0
    decode_ms: float = 0.0  # mean decoding time of one frame (0: unknown)
    last_frame_age: float | None = None  # seconds, None before the first frame
    width: int = 0
    height: int = 0
    codec: str = ""

    @property
    def fps_shown(self) -> float:
        """The rate to show the operator: arrivals, but never above the source's.

        A burst (a server sending a whole GOP at once) is not a faster camera.
        """
        if self.fps_source > 0:
            return min(self.fps_in, self.fps_source)
        return self.fps_in


class FrameMailbox:
    """Holds only the newest frame: writers overwrite, readers never wait."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: VideoFrame | None = None
        self._seq = 0

    def put(self, frame: VideoFrame) -> None:
        """Replace the held frame (the older one is dropped)."""
        with self._lock:
            self._frame = frame
            self._seq += 1

    def latest(self) -> tuple[int, VideoFrame | None]:
        """The sequence number and the newest frame (None before the first)."""
        with self._lock:
            return self._seq, self._frame


class Stream(Protocol):
    """One running worker as seen by views."""

    key: StreamKey
    mailbox: FrameMailbox

    @property
    def status(self) -> StreamStatus:
        """The current state snapshot (thread-safe)."""
        ...

    def stats(self) -> StreamStats:
        """Current rates (thread-safe)."""
        ...

    def note_frame_taken(self) -> None:
        """A view took a frame to show: counts towards ``fps_out``."""
        ...

    def set_decode_mode(self, mode: DecodeMode) -> None:
        """Decode every frame or key frames only (overload control); thread-safe."""
        ...


class StreamProvider(Protocol):
    """Reference-counted, shared streams: one worker per camera and profile.

    ``app.video.manager.StreamManager`` is the real one; UI tests use a
    synthetic provider with the same methods, so widgets never need the network.
    """

    def acquire(self, camera: Camera, profile: Profile) -> Stream:
        """A running (or starting) stream; never blocks."""
        ...

    def release(self, stream: Stream) -> None:
        """Give back one reference taken by ``acquire``."""
        ...

    def last_frame(self, camera_id: str) -> VideoFrame | None:
        """The newest picture seen of ``camera_id`` in any profile, if one is kept."""
        ...

"""The VLC engine: streams played by libVLC through python-vlc.

The only module of the program that imports ``vlc``. Each stream has one
thread of its own (like the PyAV worker) that does every libVLC call, and
one libVLC instance, so that the instance's log lines are that stream's
(see ``vlc_failures``). libVLC's own threads only call back into three
places, none of which calls libVLC again (calling libVLC from its event
callbacks deadlocks):

- event callbacks put the event's type on the stream's queue;
- the log callback formats the line and hands it to the attempt's verdict;
- the video callbacks (``vmem``) fill a new BGRA array per picture and put
  it into the stream's mailbox as a ``VideoFrame``.

Two outputs: without a window (offscreen, or whenever the tile wants
pixels) pictures come through the video callbacks as above; with a native
window handle (``set_window``) libVLC draws into it with its own video
output and hardware decoding where there is some, and the program sees no
pixels: snapshot and digital zoom are then reported as unavailable.

``probe`` says what the installed libVLC can open: Debian's is built
without live555, so it has no RTSP client (the router falls back to PyAV).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import queue
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.core.model import Camera
from app.core.streams import (
    Failure,
    Stream,
    StreamKey,
)
from app.video.vlc_failures import LOG_WARNING, LogVerdict, clean
from app.video.vlc_stream import VlcStream
from app.video.worker import SourceFactory, Timings

logger = logging.getLogger("app.video")

#: Instance options: no audio, no on-screen titles, no reading of the user's VLC set-up.
INSTANCE_ARGS = (
    "--quiet",
    "--no-audio",
    "--aout=adummy",
    "--no-video-title-show",
    "--no-osd",
    "--stats",  # media statistics count the pictures a window output shows
    "--no-snapshot-preview",
    "--keystore=memory",  # never ask a desktop keyring (it can block for its D-Bus timeout)
    "--ignore-config",
    "--no-xlib",  # Qt owns the X connection; libVLC's xcb outputs need no Xlib
)
#: Per-media options: little buffering (a live camera), hardware decoding where possible.
MEDIA_OPTIONS = (":network-caching=300", ":avcodec-hw=any")
#: Pictures dropped while the visible size is not known yet (then shown uncropped).
HOLD_FRAMES = 10
#: Repeated pictures are told apart by every SAMPLE_STEP-th pixel of every SAMPLE_STEP-th row.
SAMPLE_STEP = 8
#: The video callbacks' pixel format: RV32 is BGRX in memory on little-endian machines.
CHROMA = b"RV32"

_FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.c_void_p,  # char[4], written in place (python-vlc declares it as a copied string)
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
)
_CleanupCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


@dataclass(frozen=True)
class LibVlcInfo:
    """What the installed libVLC is and can open.

    Attributes:
        version: libVLC's version string.
        plugin_dirs: where its modules were looked for.
        modules: module file names found there (``live555``, ``vmem``...).
    """

    version: str
    plugin_dirs: tuple[str, ...]
    modules: frozenset[str]

    @property
    def rtsp(self) -> bool:
        """Whether it has an RTSP client (the live555 access module)."""
        return "live555" in self.modules

    @property
    def vmem(self) -> bool:
        """Whether it can hand pictures to the program (the vmem output)."""
        return "vmem" in self.modules or not self.modules  # a static build has them all


def probe() -> LibVlcInfo | None:
    """libVLC's version and modules, or None (logged) where it cannot be loaded."""
    try:
        import vlc
    except Exception as exc:  # python-vlc raises several kinds when libVLC is missing
        logger.warning("libVLC not available: %s", exc)
        return None
    if getattr(vlc, "dll", None) is None:
        logger.warning("libVLC not available: python-vlc found no library")
        return None
    version = (vlc.libvlc_get_version() or b"").decode(errors="replace")
    dirs = tuple(str(d) for d in _plugin_dirs(vlc))
    modules = frozenset(_module_names(dirs))
    info = LibVlcInfo(version, dirs, modules)
    logger.info(
        "libVLC %s: %d modules in %s; RTSP (live555) %s",
        version,
        len(modules),
        ", ".join(dirs) or "no plug-in folder found",
        "yes" if info.rtsp else "no",
    )
    return info


def load_engine(timings: Timings | None = None) -> tuple[VlcEngine | None, bool]:
    """The VLC engine and whether its libVLC has RTSP; (None, False) without libVLC.

    What ``EngineRouter`` calls the first time a camera asks for libVLC.
    """
    info = probe()
    if info is None:
        return None, False
    return VlcEngine(info, timings), info.rtsp


def _plugin_dirs(vlc: Any) -> list[Path]:
    """Where libVLC's modules are: the environment's, python-vlc's, beside the library."""
    found: list[Path] = []
    for candidate in (os.environ.get("VLC_PLUGIN_PATH"), getattr(vlc, "plugin_path", None)):
        if candidate:
            found.append(Path(candidate))
    for library in _loaded_libvlccore():
        found += [library.parent / "vlc" / "plugins", library.parent / "plugins"]
    return [d for d in dict.fromkeys(found) if d.is_dir()]


def _loaded_libvlccore() -> list[Path]:
    """The file of the loaded libvlccore (Linux: from the process's memory map)."""
    maps = Path("/proc/self/maps")
    if not maps.exists():
        name = ctypes.util.find_library("vlccore")
        return [Path(name)] if name and Path(name).is_absolute() else []
    with maps.open(encoding="utf-8", errors="replace") as fh:
        paths = {line.split()[-1] for line in fh if "libvlccore" in line}
    return [Path(p) for p in sorted(paths) if p.startswith("/")]


def _module_names(dirs: Iterable[str]) -> Iterable[str]:
    """``live555`` for ``liblive555_plugin.so`` (or ``.dll``, ``.dylib``)."""
    for folder in dirs:
        for path in Path(folder).rglob("lib*_plugin.*"):
            yield path.name[3:].split("_plugin.", 1)[0]


def _vsnprintf() -> Callable[..., int] | None:
    """The C library's ``vsnprintf`` for libVLC's log lines (None: lines stay unformatted)."""
    name = "msvcrt" if sys.platform == "win32" else ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        function = libc._vsnprintf if sys.platform == "win32" else libc.vsnprintf
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    function.restype = ctypes.c_int
    return function


class VlcEngine:
    """Engine backed by libVLC; one non-daemon control thread per stream."""

    name = "vlc"

    def __init__(self, info: LibVlcInfo, timings: Timings | None = None) -> None:
        """Create the engine for the libVLC that ``probe`` found."""
        self.info = info
        self.timings = timings or Timings()
        self._format = _vsnprintf()

    def _open_player(self, stream: VlcStream, url: str, window: int | None) -> _Player:
        return _Player(stream, url, window, self._format)

    def open_lazy(
        self, key: StreamKey, factory: SourceFactory, camera: Camera | None = None
    ) -> VlcStream:
        """Start a stream that calls ``factory`` (on its own thread) before each attempt."""
        del camera  # the router has chosen this engine for it
        stream = VlcStream(key, factory, self.timings, self._open_player)
        stream.start()
        return stream

    def close(self, stream: Stream) -> None:
        """Stop the stream and wait (bounded) for its thread."""
        self.close_many([stream])

    def close_many(self, streams: Iterable[Stream]) -> None:
        """Stop several streams together; the wait is bounded once for all."""
        ours = [s for s in streams if isinstance(s, VlcStream)]
        for stream in ours:
            stream.request_stop()
        deadline = time.monotonic() + self.timings.join_timeout
        for stream in ours:
            if not stream.join(max(0.0, deadline - time.monotonic())):
                logger.warning("%s: VLC stream still busy after stop; left to finish", stream.key)


class _Player:
    """One attempt's libVLC instance and player; every call on the stream's thread."""

    def __init__(
        self,
        stream: VlcStream,
        url: str,
        window: int | None,
        vsnprintf: Callable[..., int] | None,
    ) -> None:
        import vlc

        self._vlc = vlc
        self._stream = stream
        self._vsnprintf = vsnprintf
        self.verdict = LogVerdict()
        self._events: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._frames = _Frames(stream)
        self._window = window
        self._stats = (0, 0, 0)  # pictures decoded and shown, bytes read: the last statistics
        self._instance = vlc.Instance(list(INSTANCE_ARGS))
        self._log_cb = vlc.CallbackDecorators.LogCb(self._on_log)
        self._instance.log_set(self._log_cb, None)
        self._player = self._instance.media_player_new()
        self._media = self._instance.media_new(url, *MEDIA_OPTIONS)
        self._player.set_media(self._media)
        self._callbacks: tuple[object, ...] = ()
        if window is None:
            self._callbacks = self._frames.attach(vlc, self._player)
        else:
            self._attach_window(window)
        manager = self._player.event_manager()
        for kind in ("MediaPlayerEncounteredError", "MediaPlayerEndReached", "MediaPlayerVout"):
            manager.event_attach(getattr(vlc.EventType, kind), self._on_event, kind)
        self._player.play()

    def _attach_window(self, handle: int) -> None:
        if sys.platform == "win32":
            self._player.set_hwnd(handle)
        elif sys.platform == "darwin":
            self._player.set_nsobject(handle)
        else:
            self._player.set_xwindow(handle)

    def _on_event(self, event: object, kind: str) -> None:
        """libVLC's event thread: hand the event over, never call libVLC here."""
        del event
        self._events.put(kind)

    def _on_log(self, data: object, level: int, ctx: object, fmt: bytes, args: object) -> None:
        """libVLC's threads: format one log line into the verdict."""
        del data, ctx
        if level < LOG_WARNING:  # the rest is chatter, many lines a second
            return
        text = fmt or b""
        formatter = self._vsnprintf
        if formatter is not None:
            buffer = ctypes.create_string_buffer(512)
            formatter(buffer, len(buffer), fmt, args)
            text = buffer.value
        self.verdict.note(level, text.decode("utf-8", errors="replace"))

    def pump(self, wait: float) -> tuple[Failure, str] | None:
        """Handle what happened within ``wait`` s; the failure when the attempt is over."""
        deadline = time.monotonic() + wait
        while True:
            left = deadline - time.monotonic()
            try:
                kind = self._events.get(timeout=max(0.0, left)) if left > 0 else None
            except queue.Empty:
                kind = None
            if kind == "MediaPlayerEncounteredError":
                return self.verdict.outcome(Failure.PROTOCOL)
            if kind == "MediaPlayerEndReached":
                return self.verdict.outcome(Failure.ENDED)
            if kind == "MediaPlayerVout" or (self._frames.visible is None and kind is None):
                self._learn_size()
            if self.verdict.failure in (Failure.AUTH, Failure.NOT_FOUND):
                return self.verdict.outcome(Failure.PROTOCOL)  # no error event follows these
            if kind is None:
                break
        self._read_stats()
        return None

    def _learn_size(self) -> None:
        """The picture's visible size (the callbacks' buffer may be taller: decoder padding)."""
        width, height = self._size()
        if width and height:
            self._frames.visible = (int(width), int(height))
        if not self._stream.stats().codec:
            self._stream.note_codec(_codec_of(self._vlc, self._media))

    def _read_stats(self) -> None:
        """Bytes read, and in window output the pictures shown, since the last look."""
        stats = self._vlc.MediaStats()
        if not self._media.get_stats(stats):
            return
        now = (int(stats.decoded_video), int(stats.displayed_pictures), int(stats.read_bytes))
        old, self._stats = self._stats, now
        size = self._size() if self._window is not None else (0, 0)
        decoded = now[0] > old[0]
        self._stream.progress(decoded, max(0, now[1] - old[1]), max(0, now[2] - old[2]), size)

    def _size(self) -> tuple[int, int]:
        """The video's visible width and height ((0, 0) before libVLC knows them)."""
        try:
            width, height = self._player.video_get_size(0)
        except self._vlc.VLCException:
            return 0, 0
        return int(width), int(height)

    def close(self) -> None:
        """Stop and release everything (after which no callback of ours runs)."""
        self._player.stop()
        self._player.release()
        self._media.release()
        self._instance.log_unset()
        self._instance.release()
        self._frames.close()
        del self._callbacks  # kept alive until libVLC can no longer call them


def _codec_of(vlc: Any, media: Any) -> str:
    """The video track's codec as its four letters ("MJPG", "h264"), or ""."""
    for track in media.tracks_get() or ():
        if track.type == vlc.TrackType.video:
            return clean(int(track.codec).to_bytes(4, "little").decode("ascii", "replace"))
    return ""


class _Frames:
    """The video callbacks: each picture into a new BGRA array, then into the mailbox."""

    def __init__(self, stream: VlcStream) -> None:
        self._stream = stream
        self._shape = (0, 0, 4)
        self._pending: dict[int, np.ndarray[Any, Any]] = {}
        self._next = 1
        self._held = 0
        self._sample: np.ndarray[Any, Any] | None = None  # every SAMPLE_STEP-th pixel of the last
        #: Visible width and height (set by the stream's thread once libVLC knows them).
        self.visible: tuple[int, int] | None = None

    def attach(self, vlc: Any, player: Any) -> tuple[object, ...]:
        """Set the callbacks on ``player``; returns what must stay alive while it plays."""
        decorators = vlc.CallbackDecorators
        lock = decorators.VideoLockCb(self._on_lock)
        unlock = decorators.VideoUnlockCb(self._on_unlock)
        display = decorators.VideoDisplayCb(self._on_display)
        setup, cleanup = _FormatCb(self._on_format), _CleanupCb(self._on_cleanup)
        set_format = vlc.dll.libvlc_video_set_format_callbacks
        set_format.argtypes = [ctypes.c_void_p, _FormatCb, _CleanupCb]
        set_format.restype = None
        set_format(player._as_parameter_, setup, cleanup)
        player.video_set_callbacks(lock, unlock, display, None)
        return (lock, unlock, display, setup, cleanup)

    def _on_format(  # noqa: PLR0917 - the signature is libVLC's
        self, opaque: Any, chroma: int, width: Any, height: Any, pitches: Any, lines: Any
    ) -> int:
        """The vout asks how we want pictures: RV32 at the decoder's size."""
        del opaque
        ctypes.memmove(chroma, CHROMA, len(CHROMA))
        pitches[0], lines[0] = width[0] * 4, height[0]
        self._shape = (int(height[0]), int(width[0]), 4)
        return 1

    def _on_cleanup(self, opaque: Any) -> None:
        del opaque

    def _on_lock(self, opaque: Any, planes: Any) -> int:
        """A fresh array per picture: views may keep a picture as long as they like."""
        del opaque
        picture = np.empty(self._shape, np.uint8)
        ident, self._next = self._next, self._next + 1
        self._pending[ident] = picture
        if len(self._pending) > 4:  # pictures the vout locked but never showed
            del self._pending[min(self._pending)]
        planes[0] = picture.ctypes.data
        return ident

    def _on_unlock(self, opaque: Any, picture: Any, planes: Any) -> None:
        del opaque, picture, planes

    def _on_display(self, opaque: Any, picture: Any) -> None:
        del opaque
        image = self._pending.pop(int(picture or 0), None)
        if image is None:
            return
        visible = self.visible
        if visible is None:
            self._held += 1
            if self._held <= HOLD_FRAMES:
                return  # wait for the visible size rather than show decoder padding
        else:
            image = image[: visible[1], : visible[0]]
        sample = image[::SAMPLE_STEP, ::SAMPLE_STEP]
        if self._sample is not None and np.array_equal(sample, self._sample):
            return  # libVLC showing the last picture again, or a still scene (see progress)
        self._sample = sample
        self._stream.deliver(image)

    def close(self) -> None:
        self._pending.clear()

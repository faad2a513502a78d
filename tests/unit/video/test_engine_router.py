"""Which engine plays a camera, and the notice when libVLC cannot."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from app.core.model import Camera, EngineName, Profile
from app.core.streams import (
    DecodeMode,
    FrameMailbox,
    Notice,
    Stream,
    StreamKey,
    StreamSource,
    StreamState,
    StreamStats,
    StreamStatus,
)
from app.video.engine_router import EngineRouter, NotedStream
from app.video.manager import StreamManager


class RecordingStream:
    """A stream that only records what is asked of it."""

    def __init__(self, key: StreamKey, engine: str) -> None:
        self.key = key
        self.engine = engine
        self.mailbox = FrameMailbox()
        self.status = StreamStatus(StreamState.PLAYING)
        self.mode = DecodeMode.FULL
        self.stopped = False

    def stats(self) -> StreamStats:
        return StreamStats(fps_in=12.0)

    def note_frame_taken(self) -> None:
        pass

    def set_decode_mode(self, mode: DecodeMode) -> None:
        self.mode = mode

    def request_stop(self) -> None:
        self.stopped = True


class RecordingEngine:
    def __init__(self, name: str) -> None:
        self.name = name
        self.opened: list[RecordingStream] = []
        self.closed: list[Stream] = []

    def open_lazy(
        self, key: StreamKey, factory: Callable[[], StreamSource], camera: Camera | None = None
    ) -> RecordingStream:
        stream = RecordingStream(key, self.name)
        self.opened.append(stream)
        return stream

    def close_many(self, streams: Iterable[Stream]) -> None:
        self.closed += [s for s in streams if getattr(s, "engine", "") == self.name]


def camera(url: str | None, engine: EngineName | None = None, cam_id: str = "c") -> Camera:
    return Camera(cam_id, 1, cam_id, "s", main_url=url, engine=engine)


def router(
    default: EngineName = EngineName.PYAV, rtsp: bool = False, vlc: bool = True
) -> tuple[EngineRouter, RecordingEngine, RecordingEngine, list[int]]:
    pyav, vlc_engine, loads = RecordingEngine("pyav"), RecordingEngine("vlc"), []

    def load() -> tuple[RecordingEngine | None, bool]:
        loads.append(1)
        return (vlc_engine if vlc else None), rtsp

    return EngineRouter(pyav, load, default), pyav, vlc_engine, loads


@pytest.mark.parametrize(
    ("url", "engine", "default", "rtsp", "outcome"),
    [
        ("http://h/v.mjpg", EngineName.VLC, EngineName.PYAV, False, ("vlc", Notice.NONE)),
        ("http://h/v.mjpg", None, EngineName.VLC, False, ("vlc", Notice.NONE)),
        ("http://h/v.mjpg", EngineName.PYAV, EngineName.VLC, False, ("pyav", Notice.NONE)),
        (
            "rtsp://h/main",
            EngineName.VLC,
            EngineName.PYAV,
            False,
            ("pyav", Notice.VLC_WITHOUT_RTSP),
        ),
        ("rtsps://h/main", None, EngineName.VLC, False, ("pyav", Notice.VLC_WITHOUT_RTSP)),
        ("rtsp://h/main", EngineName.VLC, EngineName.PYAV, True, ("vlc", Notice.NONE)),
        (None, EngineName.VLC, EngineName.PYAV, False, ("pyav", Notice.VLC_WITHOUT_RTSP)),  # ONVIF
    ],
)
def test_choice(url, engine, default, rtsp, outcome) -> None:
    expected, notice = outcome
    chooser, *_ = router(default, rtsp)
    stream = chooser.open_lazy(StreamKey("c"), lambda: StreamSource("x"), camera(url, engine))
    inner = stream.inner if isinstance(stream, NotedStream) else stream
    assert inner.engine == expected
    assert stream.status.notice is notice


def test_libvlc_missing_plays_pyav_with_notice_and_loads_once() -> None:
    chooser, pyav, _, loads = router(vlc=False)
    for index in range(3):
        cam = camera("http://h/v.mjpg", EngineName.VLC, f"c{index}")
        stream = chooser.open_lazy(StreamKey(cam.id), lambda: StreamSource("x"), cam)
        assert stream.status.notice is Notice.VLC_MISSING
    assert len(pyav.opened) == 3
    assert loads == [1]


def test_pyav_cameras_never_load_libvlc() -> None:
    chooser, _, _, loads = router()
    chooser.open_lazy(StreamKey("c"), lambda: StreamSource("x"), camera("rtsp://h/m"))
    assert loads == []


def test_noted_stream_forwards_controls_and_manager_closes_per_engine() -> None:
    chooser, pyav, vlc, _ = router(EngineName.VLC)
    manager = StreamManager(chooser)
    fallback = manager.acquire(camera("rtsp://h/m", cam_id="r"), Profile.MAIN)
    played = manager.acquire(camera("http://h/v", cam_id="h"), Profile.SUB)
    assert isinstance(fallback, NotedStream)
    assert fallback.key == StreamKey("r")
    assert fallback.stats().fps_in == 12.0
    fallback.set_decode_mode(DecodeMode.KEYFRAMES)  # the overload governor's control
    assert pyav.opened[0].mode is DecodeMode.KEYFRAMES
    assert fallback.status is fallback.status  # one copy per status change
    manager.release(fallback)
    assert pyav.opened[0].stopped
    manager.shutdown()
    assert pyav.closed == [pyav.opened[0]]
    assert vlc.closed == [played]

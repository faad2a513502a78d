"""A synthetic stream provider for UI tests: numpy frames, settable status.

Implements the same acquire/release contract as the stream manager
(reference counted, one stream per camera and profile) without any network.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from app.core.model import Camera, Profile
from app.core.streams import (
    DecodeMode,
    FrameMailbox,
    StreamKey,
    StreamState,
    StreamStats,
    StreamStatus,
    VideoFrame,
)


def synthetic_image(seed: int, width: int = 320, height: int = 180) -> np.ndarray:
    """A BGR picture that differs per seed: gradient, a block and stripes."""
    y, x = np.mgrid[0:height, 0:width]
    image = np.zeros((height, width, 3), dtype=np.uint8)
    image[..., 0] = (x * 255 // width).astype(np.uint8)
    image[..., 1] = (y * 255 // height).astype(np.uint8)
    image[..., 2] = (seed * 53) % 256
    bx = (seed * 37) % (width - 60)
    image[40:100, bx : bx + 60] = (255, 255, 255)
    image[:, ::16] = (30, 30, 30)
    return image


@dataclass(eq=False)
class FakeStream:
    """One synthetic stream; tests push frames and set the status."""

    key: StreamKey
    mailbox: FrameMailbox = field(default_factory=FrameMailbox)
    status: StreamStatus = field(default_factory=StreamStatus)
    fps: float = 25.0
    taken: int = 0
    users: int = 0
    decode_mode: DecodeMode = DecodeMode.FULL

    def stats(self) -> StreamStats:
        """Fixed rates: the camera's own (``fps``), and all of it arriving."""
        return StreamStats(fps_in=self.fps, fps_out=self.fps, fps_source=self.fps)

    def note_frame_taken(self) -> None:
        """Count frames the views converted."""
        self.taken += 1

    def set_decode_mode(self, mode: DecodeMode) -> None:
        """Remember what overload control asked for."""
        self.decode_mode = mode

    def push(self, seed: int = 1, age: float = 0.0) -> VideoFrame:
        """Put a new frame decoded ``age`` seconds ago, and mark the stream playing."""
        seq, _ = self.mailbox.latest()
        image = synthetic_image(seed)
        frame = VideoFrame(
            image,
            image.shape[1],
            image.shape[0],
            seq + 1,
            time.monotonic() - age,
            time.time() - age,
        )
        self.mailbox.put(frame)
        if self.status.state is not StreamState.PLAYING:
            self.status = StreamStatus(StreamState.PLAYING)
        return frame


class FakeProvider:
    """Reference-counted provider of ``FakeStream`` (shares per camera and profile)."""

    def __init__(self, auto_frames: bool = True) -> None:
        self.auto_frames = auto_frames
        self.streams: dict[StreamKey, FakeStream] = {}
        self.acquired: list[StreamKey] = []
        self.released: list[StreamKey] = []

    def acquire(self, camera: Camera, profile: Profile) -> FakeStream:
        """The shared stream for (camera, profile), created on first use."""
        key = StreamKey(camera.id, profile)
        stream = self.streams.get(key)
        if stream is None:
            stream = FakeStream(key)
            if self.auto_frames:
                stream.push(seed=camera.number)
            self.streams[key] = stream
        stream.users += 1
        self.acquired.append(key)
        return stream

    def release(self, stream: FakeStream) -> None:
        """Drop one reference; forget the stream when nobody uses it."""
        assert stream.users > 0, "released more often than acquired"
        stream.users -= 1
        self.released.append(stream.key)
        if stream.users == 0:
            del self.streams[stream.key]

    def last_frame(self, camera_id: str) -> VideoFrame | None:
        """This provider keeps no pictures of stopped streams."""
        return None

    def users(self, camera_id: str) -> int:
        """References held on any profile of ``camera_id``."""
        return sum(s.users for k, s in self.streams.items() if k.camera_id == camera_id)


class ScriptedAsker:
    """Answers the dialogs from a list, records what was asked."""

    def __init__(self, answers: list[object]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def text(self, title: str, label: str, default: str = "") -> str | None:
        self.asked.append(title)
        answer = self.answers.pop(0)
        assert answer is None or isinstance(answer, str)
        return answer

    def confirm(self, title: str, text: str) -> bool:
        self.asked.append(title)
        return bool(self.answers.pop(0))

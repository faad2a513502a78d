"""Remux recorded frames into a fragmented MP4 with PyAV: no re-encode, hashed as written.

Each access unit goes into the file as the recorder sent it; the MP4 muxer
only replaces start codes by 4-byte lengths. The writer computes each
sample exactly as the muxer stores it (length + NAL unit, for each NAL
unit), so the SHA-256 in frames.csv is what any demuxer reads back (checked
by the tests against FFmpeg's own ``framehash``).

The file is fragmented (``frag_keyframe+empty_moov+default_base_moof``): a
fragment per GOP, written as soon as the next key frame arrives, and the
muxer flushes after each packet. A crash or a full disk leaves a file that
plays up to its last complete fragment.
"""

from __future__ import annotations

import hashlib
import struct
from fractions import Fraction
from pathlib import Path

import av

from app.core.recording import START_CODE, RecordedFrame, StreamFormat

TIME_BASE = Fraction(1, 90000)
MP4_OPTIONS = {"movflags": "frag_keyframe+empty_moov+default_base_moof", "flush_packets": "1"}


class ClipWriteError(Exception):
    """Writing the clip failed (``disk_full`` when the file system is full)."""

    def __init__(self, detail: str, disk_full: bool = False) -> None:
        super().__init__(detail)
        self.disk_full = disk_full


def sample(frame: RecordedFrame) -> bytes:
    """The MP4 sample of a frame: each NAL unit preceded by its 32-bit length."""
    return b"".join(struct.pack(">I", len(n)) + n for n in frame.nals)


def picture_size(stream_format: StreamFormat, frame: RecordedFrame) -> tuple[int, int]:
    """Width and height, from decoding the first key frame (cheap: one picture)."""
    codec = av.CodecContext.create(stream_format.codec.value, "r")
    headers = b"".join(START_CODE + p for p in stream_format.parameter_sets)
    try:
        for picture in codec.decode(av.Packet(headers + frame.annexb())):
            return picture.width, picture.height
        for picture in codec.decode(None):
            return picture.width, picture.height
    except av.error.FFmpegError as err:
        raise ClipWriteError(f"the first key frame does not decode: {err}") from err
    raise ClipWriteError("the first key frame gives no picture")


def _is_disk_full(err: BaseException) -> bool:
    return getattr(err, "errno", None) == 28 or "No space left" in str(err)


class ClipWriter:
    """clip.mp4 being written; :meth:`write` returns each sample's size and SHA-256."""

    def __init__(self, path: Path, stream_format: StreamFormat, first: RecordedFrame) -> None:
        width, height = picture_size(stream_format, first)
        self.path = path
        self.t0 = first.capture_time
        self.frames = 0
        try:
            self._out = av.open(str(path), "w", format="mp4", options=MP4_OPTIONS)
            stream = self._out.add_stream(stream_format.codec.value, rate=25)
            stream.width, stream.height = width, height
            headers = b"".join(START_CODE + p for p in stream_format.parameter_sets)
            stream.codec_context.extradata = headers or None
            stream.time_base = TIME_BASE
        except (av.error.FFmpegError, OSError) as err:
            raise ClipWriteError(f"cannot create {path.name}: {err}", _is_disk_full(err)) from err
        self._stream = stream
        self.width, self.height = width, height
        self.codec = stream_format.codec.value
        self._last_pts = -1

    def write(self, frame: RecordedFrame) -> tuple[int, str]:
        """Add one frame; returns the stored sample's size and SHA-256."""
        pts = round((frame.capture_time - self.t0) / TIME_BASE)
        pts = max(pts, self._last_pts + 1)  # a recorder's repeated time must not stop the muxer
        self._last_pts = pts
        packet = av.Packet(frame.annexb())
        packet.stream = self._stream
        packet.pts = packet.dts = pts
        packet.time_base = TIME_BASE
        packet.is_keyframe = frame.key
        try:
            self._out.mux(packet)
        except (av.error.FFmpegError, OSError) as err:
            raise ClipWriteError(f"writing {self.path.name}: {err}", _is_disk_full(err)) from err
        self.frames += 1
        data = sample(frame)
        return len(data), hashlib.sha256(data).hexdigest()

    def close(self) -> None:
        """Write the last fragment and close (errors reported, the file left as it is)."""
        try:
            self._out.close()
        except (av.error.FFmpegError, OSError) as err:
            raise ClipWriteError(f"closing {self.path.name}: {err}", _is_disk_full(err)) from err

"""Turning decoded frames into pixels for a view, only when it paints.

Views ask for the size they will show, so scaling happens once and only for
frames that are shown: 4:2:0 BT.601 pictures (what cameras send) have their
planes shrunk by OpenCV and then converted to BGRA, into memory the view
may hand over (its window's own pixels); anything else goes through
FFmpeg's scaler in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from av.video.reformatter import VideoReformatter

from app.core.streams import VideoFrame

BGRA = npt.NDArray[np.uint8]

#: Downscaling to a tile with FFmpeg: its fast bilinear measured 0.4-0.5 ms per 720p
#: frame to a 320 px tile against 1.1-2.1 ms for its default bilinear; at
#: the sizes a wall shows, the difference is not visible.
FAST = "FAST_BILINEAR"
#: One scaler thread: FFmpeg's default (one per core) starts and stops a
#: thread pool for every frame, which on a 2-core wall cost more than the
#: scaling itself (thread set-up and hand-over waits were ~60 % of the GUI
#: thread's time at 16 tiles x 25 fps). A tile-sized frame is small work.
SCALER_THREADS = 1


def keep_opencv_single_threaded() -> None:
    """Let OpenCV work on the calling thread only (process-wide).

    Its thread pool split each tile's small resize over both cores and spun
    while waiting: twice the CPU time for the same pictures on a 2-core wall,
    whose cores the stream workers already keep busy.
    """
    cv2.setNumThreads(1)


@dataclass(frozen=True)
class BgraBuffer:
    """BGRA pixels in a buffer with padded rows, wrapped without a copy.

    Attributes:
        data: the pixel memory (rows ``bytes_per_line`` apart).
        width: pixels per row.
        height: rows.
        bytes_per_line: row stride, at least ``4 * width``.
        owner: the object that owns ``data``; keep it as long as ``data``.
    """

    data: memoryview
    width: int
    height: int
    bytes_per_line: int
    owner: object


def to_bgra(frame: VideoFrame, width: int, height: int) -> BGRA:
    """Pixels of ``frame`` scaled to ``width`` x ``height``, as H x W x 4 BGRA.

    BGRA in memory is what ``QImage.Format_ARGB32`` / ``Format_RGB32`` read
    on little-endian machines, so the view wraps the array without a copy.
    """
    width, height = max(1, width), max(1, height)
    image: Any = frame.image
    if isinstance(image, np.ndarray):
        return _ndarray_to_bgra(image, width, height)
    # A PyAV VideoFrame: FFmpeg converts and scales in one pass.
    scaled = image.reformat(width=width, height=height, format="bgra", threads=SCALER_THREADS)
    array: BGRA = scaled.to_ndarray()
    return array


class Scaler:
    """What one view keeps between frames to convert them cheaply.

    FFmpeg's scaler set-up (for pictures the fast path does not take) and
    the newest picture shrunk to the view's size, as I420 (see ``shrink``).
    """

    def __init__(self) -> None:
        self.ffmpeg = VideoReformatter()
        self._size = (0, 0)
        self._i420 = np.empty((0, 0), np.uint8)
        self._planes: tuple[npt.NDArray[np.uint8], ...] = ()

    def i420(self, width: int, height: int) -> tuple[npt.NDArray[np.uint8], ...]:
        """The I420 picture (``height * 3 / 2`` rows), its Y, U and V planes, and U+V."""
        if self._size != (width, height):
            area, chroma = width * height, (width // 2) * (height // 2)
            flat = np.empty(area + 2 * chroma, np.uint8)
            self._i420 = flat.reshape(height * 3 // 2, width)
            self._planes = (
                flat[:area].reshape(height, width),
                flat[area : area + chroma].reshape(height // 2, width // 2),
                flat[area + chroma :].reshape(height // 2, width // 2),
                flat[area:],
            )
            self._size = (width, height)
        return (self._i420, *self._planes)

    def shrunk(self) -> tuple[npt.NDArray[np.uint8], int, int]:
        """The last picture ``shrink`` wrote, with its width and height."""
        return self._i420, *self._size


def to_bgra_buffer(
    frame: VideoFrame, width: int, height: int, scaler: Scaler | None = None
) -> BgraBuffer:
    """Like ``to_bgra`` but without copying padded rows: for ``QImage`` with a stride.

    Enlarging is done here too, once per frame: leaving it to the painter
    made every repaint of a maximised 720p picture cost 3-4 ms instead of
    under 1 ms.
    """
    width, height = max(1, width), max(1, height)
    image: Any = frame.image
    if isinstance(image, np.ndarray):
        array = _ndarray_to_bgra(image, width, height)
        return BgraBuffer(array.data, width, height, array.strides[0], array)
    scaler = scaler or Scaler()
    if shrink(frame, width, height, scaler):
        array = shrunk_to_bgra(scaler)
        return BgraBuffer(array.data, width, height, array.strides[0], array)
    # One step, YUV straight to BGRA: shrinking the YUV planes with FFmpeg's
    # fast bilinear scaler first leaves the last 1-4 columns unwritten at
    # many widths (a garbage stripe at the tile's right edge).
    scaled: Any = scaler.ffmpeg.reformat(
        image, width=width, height=height, format="bgra", interpolation=FAST, threads=SCALER_THREADS
    )
    plane = scaled.planes[0]
    # A flat numpy view of the plane (rows padded to line_size): no copy, and
    # a buffer QImage reads like any numpy array's.
    flat = np.frombuffer(plane, dtype=np.uint8)
    return BgraBuffer(flat.data, width, height, plane.line_size, (scaled, flat))


#: 4:2:0 formats the fast path reads; the ``j`` one is full range.
FAST_FORMATS = {"yuv420p": False, "yuvj420p": True}
#: Colour matrices OpenCV's I420 conversion is right for: BT.601, and
#: "unspecified", which FFmpeg's scaler also reads as BT.601.
BT601_SPACES = {0, 2, 5, 6}  # RGB-less unknown, UNSPECIFIED, BT470BG, SMPTE170M
#: ``frame.color_range`` of full-range (0-255) pictures.
FULL_RANGE = 2
#: At or below this scale a tile picks pixels; above it, it interpolates.
PICK_BELOW = 0.5


def shrink(frame: VideoFrame, width: int, height: int, scaler: Scaler) -> bool:
    """Resize ``frame``'s planes into ``scaler`` (see ``shrunk_to_bgra``).

    False, with nothing written, where this path would be wrong: pictures
    that are not 4:2:0 YUV in BT.601 (FFmpeg's scaler takes those), odd
    sizes. Resizing the planes before converting colours costs far less than
    FFmpeg's fast bilinear YUV-to-BGRA (scalar C in this build): on a
    16-tile wall of 720p, 0.30 against 0.39 ms of the GUI thread a frame,
    most of it reading the decoded rows from memory. At half the size or
    less it picks pixels, which looks like that fast bilinear filter (it
    too reads only two of every three rows at a third of the size).
    """
    image: Any = frame.image
    if isinstance(image, np.ndarray):
        return False
    full_range = FAST_FORMATS.get(image.format.name)
    if full_range is None or width % 2 or height % 2 or image.colorspace not in BT601_SPACES:
        return False
    _i420, y, u, v, chroma = scaler.i420(width, height)
    how = cv2.INTER_NEAREST if width <= image.width * PICK_BELOW else cv2.INTER_LINEAR
    planes = image.planes
    cv2.resize(_plane(planes[0]), (width, height), dst=y, interpolation=how)
    cv2.resize(_plane(planes[1]), (width // 2, height // 2), dst=u, interpolation=how)
    cv2.resize(_plane(planes[2]), (width // 2, height // 2), dst=v, interpolation=how)
    if full_range or image.color_range == FULL_RANGE:
        cv2.LUT(y, _TO_VIDEO_LUMA, dst=y)
        cv2.LUT(chroma, _TO_VIDEO_CHROMA, dst=chroma)
    return True


def shrunk_to_bgra(scaler: Scaler, out: BGRA | None = None) -> BGRA:
    """The picture ``shrink`` left in ``scaler``, in BGRA: into ``out`` if given.

    ``out`` (height x width x 4, rows may be padded) lets a view write
    straight into what it paints on.
    """
    i420, width, height = scaler.shrunk()
    if out is None:
        out = np.empty((height, width, 4), np.uint8)
    cv2.cvtColor(i420, cv2.COLOR_YUV2BGRA_I420, dst=out)
    return out


def _plane(plane: Any) -> npt.NDArray[np.uint8]:
    """A view of one picture plane without its row padding."""
    rows = np.frombuffer(plane, dtype=np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]


def _range_lut(top: int) -> npt.NDArray[np.uint8]:
    """Full range (0-255) to video range (16-``top``): what OpenCV's matrix expects."""
    return np.round(16 + np.arange(256) * (top - 16) / 255).astype(np.uint8)


_TO_VIDEO_LUMA = _range_lut(235)
_TO_VIDEO_CHROMA = _range_lut(240)


def _ndarray_to_bgra(image: npt.NDArray[np.uint8], width: int, height: int) -> BGRA:
    """Scale a BGR or BGRA array (used by frames not made by PyAV)."""
    out: Any = image
    if out.shape[1] != width or out.shape[0] != height:
        out = cv2.resize(out, (width, height), interpolation=cv2.INTER_AREA)
    if out.ndim == 3 and out.shape[2] == 3:
        out = cv2.cvtColor(out, cv2.COLOR_BGR2BGRA)
    result: BGRA = np.ascontiguousarray(out, dtype=np.uint8)
    return result

"""Turning decoded frames into pixels for a view, only when it paints.

Views call ``to_bgra`` with the size they will draw at, so scaling happens
once, inside FFmpeg's scaler, and only for frames that are shown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from av.video.reformatter import VideoReformatter as Scaler

from app.video.engine import VideoFrame

BGRA = npt.NDArray[np.uint8]

#: Downscaling to a tile: FFmpeg's fast bilinear measured 0.4-0.5 ms per 720p
#: frame to a 320 px tile against 1.1-2.1 ms for its default bilinear; at
#: the sizes a wall shows, the difference is not visible.
FAST = "FAST_BILINEAR"
#: One scaler thread: FFmpeg's default (one per core) starts and stops a
#: thread pool for every frame, which on a 2-core wall cost more than the
#: scaling itself (thread set-up and hand-over waits were ~60 % of the GUI
#: thread's time at 16 tiles x 25 fps). A tile-sized frame is small work.
SCALER_THREADS = 1


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
    # A scaler kept by the caller keeps FFmpeg's scaling set-up between frames.
    # One step, YUV straight to BGRA: shrinking the YUV planes first and then
    # converting was 0.05 ms faster, but FFmpeg's fast bilinear YUV-to-YUV
    # shrink leaves the last 1-4 columns unwritten at many widths (a garbage
    # stripe at the tile's right edge).
    reformat = image.reformat if scaler is None else functools.partial(scaler.reformat, image)
    scaled: Any = reformat(
        width=width, height=height, format="bgra", interpolation=FAST, threads=SCALER_THREADS
    )
    plane = scaled.planes[0]
    # A flat numpy view of the plane (rows padded to line_size): no copy, and
    # a buffer QImage reads like any numpy array's.
    flat = np.frombuffer(plane, dtype=np.uint8)
    return BgraBuffer(flat.data, width, height, plane.line_size, (scaled, flat))


def _ndarray_to_bgra(image: npt.NDArray[np.uint8], width: int, height: int) -> BGRA:
    """Scale a BGR or BGRA array (used by frames not made by PyAV)."""
    out: Any = image
    if out.shape[1] != width or out.shape[0] != height:
        out = cv2.resize(out, (width, height), interpolation=cv2.INTER_AREA)
    if out.ndim == 3 and out.shape[2] == 3:
        out = cv2.cvtColor(out, cv2.COLOR_BGR2BGRA)
    result: BGRA = np.ascontiguousarray(out, dtype=np.uint8)
    return result

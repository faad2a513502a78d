"""Turning decoded frames into pixels for a view, only when it paints.

Views call ``to_bgra`` with the size they will draw at, so scaling happens
once, inside FFmpeg's scaler, and only for frames that are shown.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from app.video.engine import VideoFrame

BGRA = npt.NDArray[np.uint8]


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
    scaled = image.reformat(width=width, height=height, format="bgra")
    array: BGRA = scaled.to_ndarray()
    return array


def _ndarray_to_bgra(image: npt.NDArray[np.uint8], width: int, height: int) -> BGRA:
    """Scale a BGR or BGRA array (used by frames not made by PyAV)."""
    out: Any = image
    if out.shape[1] != width or out.shape[0] != height:
        out = cv2.resize(out, (width, height), interpolation=cv2.INTER_AREA)
    if out.ndim == 3 and out.shape[2] == 3:
        out = cv2.cvtColor(out, cv2.COLOR_BGR2BGRA)
    result: BGRA = np.ascontiguousarray(out, dtype=np.uint8)
    return result

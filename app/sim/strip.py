"""Machine-readable frame-index strip along the bottom edge of a picture.

The benchmark and the tests read back which frame of a camera's loop a
decoded picture shows, so they can measure latency and check that video
advances. The strip must survive H.264 compression and scaling down to a
320x180 tile, so it uses a few large blocks instead of fine detail:

``[W][B][b15]...[b0][B][W]`` -- 20 equal cells across the full width, a
white and a black guard at each end, 16 data bits (white = 1), most
significant first. The guards give the decoder its black and white levels.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

BITS = 16
CELLS = BITS + 4
#: Strip height as a fraction of the picture height.
HEIGHT_FRACTION = 1 / 18
_MIN_CONTRAST = 60.0
_MIN_MARGIN = 0.25


def strip_height(height: int) -> int:
    """Rows the strip takes at the bottom of a picture ``height`` rows tall."""
    return max(4, round(height * HEIGHT_FRACTION))


def _cell_levels(index: int) -> list[int]:
    bits = [(index >> (BITS - 1 - i)) & 1 for i in range(BITS)]
    return [1, 0, *bits, 0, 1]


def encode_strip(image: npt.NDArray[np.uint8], index: int) -> None:
    """Paint the strip for ``index`` (0..65535) into ``image`` (BGR/BGRA/gray) in place."""
    if not 0 <= index < 1 << BITS:
        raise ValueError(f"frame index out of range: {index}")
    h, w = image.shape[:2]
    top = h - strip_height(h)
    for cell, level in enumerate(_cell_levels(index)):
        x0 = cell * w // CELLS
        x1 = (cell + 1) * w // CELLS
        image[top:h, x0:x1] = 255 if level else 0


def _cell_means(gray: npt.NDArray[np.float64]) -> list[float]:
    """Mean of the central part of each cell, away from blurred edges."""
    h, w = gray.shape
    sh = h * HEIGHT_FRACTION
    y0 = int(h - sh * 0.75)
    y1 = max(y0 + 1, int(h - sh * 0.25))
    means = []
    for cell in range(CELLS):
        cx0 = cell * w / CELLS
        cw = w / CELLS
        x0 = int(cx0 + cw * 0.3)
        x1 = max(x0 + 1, int(cx0 + cw * 0.7))
        means.append(float(gray[y0:y1, x0:x1].mean()))
    return means


def decode_strip(image: npt.NDArray[np.uint8]) -> int | None:
    """Read the frame index from a BGR, BGRA or gray picture; None if there is no strip.

    Never raises for odd input (wrong shape, too small, random noise): it
    returns None, because a benchmark feeds it whatever a tile shows.
    """
    arr = np.asarray(image)
    if arr.ndim == 3 and arr.shape[2] >= 1:
        gray = arr[:, :, : min(3, arr.shape[2])].astype(np.float64).mean(axis=2)
    elif arr.ndim == 2:
        gray = arr.astype(np.float64)
    else:
        return None
    if gray.shape[0] < 18 or gray.shape[1] < CELLS * 2:
        return None
    means = _cell_means(gray)
    white = (means[0] + means[-1]) / 2
    black = (means[1] + means[-2]) / 2
    if white - black < _MIN_CONTRAST or abs(means[0] - means[-1]) > _MIN_CONTRAST:
        return None
    span = white - black
    value = 0
    for level in means[2 : 2 + BITS]:
        frac = (level - black) / span
        if abs(frac - 0.5) < _MIN_MARGIN:
            return None  # neither black nor white: not a strip
        value = (value << 1) | int(frac > 0.5)
    return value

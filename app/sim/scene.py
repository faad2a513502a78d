"""Synthetic camera pictures: a street scene that differs per camera.

Each camera gets its own sky, buildings and road (seeded by its id), its
name burnt in like a real camera's OSD, a car that crosses the road once per
loop (so a replayed loop joins up smoothly) and the frame-index strip.
"""

from __future__ import annotations

import hashlib
import math
import time

import cv2
import numpy as np
import numpy.typing as npt

from app.sim.strip import encode_strip, strip_height

Image = npt.NDArray[np.uint8]

#: What the OSD clock shows in the encoded loop; live IDRs replace it.
CLOCK_PLACEHOLDER = "01-01-2000 00:00:00"
_CLOCK_WIDEST = "88-88-8888 88:88:88"
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def _rng(camera_id: str) -> np.random.Generator:
    seed = int.from_bytes(hashlib.sha256(camera_id.encode()).digest()[:8], "big")
    return np.random.default_rng(seed)


def _sky(img: Image, horizon: int, rng: np.random.Generator) -> None:
    top = rng.integers(90, 200, 3)
    bottom = rng.integers(170, 250, 3)
    ramp = np.linspace(0.0, 1.0, horizon)[:, None]
    sky = top[None, :] * (1 - ramp) + bottom[None, :] * ramp
    img[:horizon] = sky.astype(np.uint8)[:, None, :]


def _buildings(img: Image, horizon: int, rng: np.random.Generator) -> None:
    h, w = img.shape[:2]
    x = 0
    while x < w:
        bw = int(rng.integers(w // 14, w // 5))
        bh = int(rng.integers(h // 8, int(horizon * 0.9)))
        colour = tuple(int(c) for c in rng.integers(60, 220, 3))
        cv2.rectangle(img, (x, horizon - bh), (x + bw, horizon), colour, -1)
        # Windows: a regular grid, darker than the wall.
        win = tuple(max(0, c - 50) for c in colour)
        step = max(8, w // 64)
        for wy in range(horizon - bh + step, horizon - step, step * 2):
            for wx in range(x + step // 2, x + bw - step, step * 2):
                cv2.rectangle(img, (wx, wy), (wx + step // 2, wy + step // 2), win, -1)
        x += bw + int(rng.integers(0, w // 40 + 1))


def _road(img: Image, horizon: int, rng: np.random.Generator) -> None:
    h, w = img.shape[:2]
    grey = int(rng.integers(60, 110))
    img[horizon:] = (grey, grey, grey + 5)
    kerb = horizon + (h - horizon) // 8
    img[horizon:kerb] = tuple(int(c) for c in rng.integers(120, 190, 3))
    mid = (kerb + h - strip_height(h)) // 2
    dash = max(10, w // 20)
    for x in range(0, w, dash * 2):
        cv2.rectangle(img, (x, mid - 2), (x + dash, mid + 2), (230, 230, 230), -1)


def background(camera_id: str, width: int, height: int) -> Image:
    """The still part of a camera's picture (deterministic for its id)."""
    rng = _rng(camera_id)
    img = np.zeros((height, width, 3), np.uint8)
    horizon = int(height * rng.uniform(0.45, 0.6))
    _sky(img, horizon, rng)
    _buildings(img, horizon, rng)
    _road(img, horizon, rng)
    return img


def _text(img: Image, text: str, org: tuple[int, int], scale: float) -> None:
    thick = max(1, round(scale * 2))
    x, y = org
    # The outline is the same glyphs shifted, not a thicker stroke: OpenCV
    # widens the advance of thick strokes, so a thick black copy drifts away
    # from the white text and the caption reads doubled.
    for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, 2)):
        cv2.putText(img, text, (x + dx, y + dy), _FONT, scale, (0, 0, 0), thick, cv2.LINE_AA)
    cv2.putText(img, text, org, _FONT, scale, (255, 255, 255), thick, cv2.LINE_AA)


def clock_text(wall: float) -> str:
    """The OSD date and time for the wall-clock time ``wall`` (local time, Italian order)."""
    return time.strftime("%d-%m-%Y %H:%M:%S", time.localtime(wall))


def _clock_layout(width: int, height: int) -> tuple[tuple[int, int], float, int]:
    """Origin, font scale and thickness of the clock: top right, on the name's line."""
    scale = height / 720 * 0.9
    thick = max(1, round(scale * 2)) + 2
    (tw, _), _ = cv2.getTextSize(_CLOCK_WIDEST, _FONT, scale, thick)
    return (width - tw - int(16 * height / 720) - 4, int(40 * height / 720) + 10), scale, thick


def clock_box(width: int, height: int) -> tuple[int, int, int, int]:
    """The pixels (x0, y0, x1, y1) the clock may touch, whatever time it shows."""
    (x, y), scale, thick = _clock_layout(width, height)
    (tw, th), base = cv2.getTextSize(_CLOCK_WIDEST, _FONT, scale, thick)
    return x - thick, y - th - thick, min(width, x + tw + thick), y + base + thick


def clock_region(width: int, height: int) -> tuple[int, int, int, int]:
    """The whole macroblocks (x0, y0, x1, y1) that hold the clock."""
    x0, _, x1, _ = clock_box(width, height)
    return x0 // 16 * 16, 0, min(width, -(-x1 // 16) * 16), clock_band(width, height)


def clock_band(width: int, height: int) -> int:
    """Rows of the top band (whole 16-row macroblock rows) that holds the clock.

    The encoder cuts a slice at the band's end, so a live IDR can swap in
    only this slice and keep the cached rest of the picture bit for bit.
    """
    return -(-clock_box(width, height)[3] // 16) * 16


def render(
    camera_id: str,
    name: str,
    base: Image,
    frame: int,
    loop_frames: int,
    *,
    label: str = "",
    clock: str = CLOCK_PLACEHOLDER,
) -> Image:
    """One picture: ``base`` plus the OSD, a moving car and the strip for ``frame``.

    ``label`` is extra OSD text drawn under the name; ``clock`` is the date
    and time drawn top right.
    """
    img = base.copy()
    h, w = img.shape[:2]
    phase = (frame % loop_frames) / loop_frames
    car_w, car_h = w // 8, h // 12
    x = int(-car_w + phase * (w + car_w))
    y = h - strip_height(h) - car_h - h // 10
    hue = int(hashlib.sha256(camera_id.encode()).digest()[0])
    colour = (hue, 255 - hue, 180)
    cv2.rectangle(img, (x, y), (x + car_w, y + car_h), colour, -1)
    bob = int(math.sin(phase * 2 * math.pi * 4) * h / 80)
    cv2.circle(img, (w // 2 + bob * 4, h // 6 + bob), max(4, h // 30), (0, 215, 255), -1)
    draw_osd(img, name, label, clock, frame % loop_frames)
    return img


def add_grain(img: Image, camera_id: str, frame: int, amplitude: int) -> None:
    """Add moving grain (``frame``-seeded, so a loop stays deterministic) below the clock band.

    The grain covers a fifth of the picture under the skyline; it costs the
    encoder bits in every frame, as foliage or water do in a real scene.
    """
    h = img.shape[0]
    y0, y1 = int(h * 0.35), int(h * 0.55)
    seed = int.from_bytes(hashlib.sha256(f"{camera_id}/{frame}".encode()).digest()[:8], "big")
    noise = np.random.default_rng(seed).integers(
        -amplitude, amplitude + 1, size=(y1 - y0, img.shape[1], 1), dtype=np.int16
    )
    img[y0:y1] = np.clip(img[y0:y1].astype(np.int16) + noise, 0, 255).astype(np.uint8)


def draw_osd(img: Image, name: str, label: str, clock: str, index: int) -> None:
    """Burn in the name, ``label``, the clock and the frame-index strip for ``index``.

    Shared by the replayed loops and the live-encoded PTZ pictures, so every
    camera's OSD and strip look and decode the same.
    """
    h, w = img.shape[:2]
    scale = h / 720
    _text(img, name, (int(20 * scale) + 4, int(50 * scale) + 10), 1.2 * scale)
    if label:
        _text(img, label, (int(20 * scale) + 4, int(95 * scale) + 16), 0.9 * scale)
    org, cscale, _ = _clock_layout(w, h)
    _text(img, clock, org, cscale)
    encode_strip(img, index)

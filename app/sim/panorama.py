"""A PTZ camera's world: a 360-degree synthetic panorama and the window the head looks through.

The panorama is a full turn of six street scenes side by side, with large
lettered signs A..H along the sky every 45 degrees, so an operator, and a
test, can tell where the camera points. Its geometry is the one Occhio's
client assumes of a device that says nothing about its optics
(``app.ui.ptz_geometry``): pan -1..1 is a full turn and wraps around, tilt
-1..1 is half a turn, the horizontal field of view is 60 degrees at zoom 0
and the magnification grows linearly to 10x at zoom 1. So a click on a sign
brings that sign to the centre of the picture. The panorama covers 67.5
degrees of tilt: beyond that the window rests on its top or bottom edge.
A car drives along the road in panorama coordinates, so it moves across the
picture when the camera pans, as it would through a real lens.
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np

from app.sim import scene
from app.sim.ptz import Vector

PANO_W = 7680  # a full turn: 1280 pixels per 60 degrees
PANO_H = 1440
PIXELS_PER_DEGREE = PANO_W / 360.0
HFOV_AT_WIDE_DEG = 60.0
MAX_MAGNIFICATION = 10.0
WIDE_W = HFOV_AT_WIDE_DEG * PIXELS_PER_DEGREE  # window width at zoom 0
TELE_W = WIDE_W / MAX_MAGNIFICATION  # window width at zoom 1
SEGMENTS = 6
SIGNS = "ABCDEFGH"
SIGN_Y = 560  # in the upper part of the home view (tilt 0 shows rows 360..1080)
CAR_PERIOD_S = 30.0
_CAR = (160, 64)


def sign_x(index: int) -> int:
    """Panorama x of sign ``index`` (A=0) at full resolution."""
    return int((index + 0.5) * PANO_W / len(SIGNS))


def _signs(img: scene.Image) -> None:
    for i, letter in enumerate(SIGNS):
        hue = int(i * 180 / len(SIGNS))
        hsv = np.array([[[hue, 200, 230]]], np.uint8)
        colour = tuple(int(c) for c in cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0])
        centre = (sign_x(i), SIGN_Y)
        cv2.circle(img, centre, 120, (20, 20, 20), -1, cv2.LINE_AA)
        cv2.circle(img, centre, 110, colour, -1, cv2.LINE_AA)
        (tw, th), _ = cv2.getTextSize(letter, cv2.FONT_HERSHEY_SIMPLEX, 6, 16)
        org = (centre[0] - tw // 2, centre[1] + th // 2)
        cv2.putText(img, letter, org, cv2.FONT_HERSHEY_SIMPLEX, 6, (20, 20, 20), 16, cv2.LINE_AA)


def build(camera_id: str) -> scene.Image:
    """The full-resolution panorama of a camera (deterministic for its id)."""
    seg_w = PANO_W // SEGMENTS
    parts = [scene.background(f"{camera_id}/{i}", seg_w, PANO_H) for i in range(SEGMENTS)]
    # Rolled by half a scene so that the home view (pan 0) looks at the middle of
    # one street rather than at the seam between two.
    img = np.ascontiguousarray(np.roll(np.hstack(parts), seg_w // 2, axis=1))
    _signs(img)
    return img


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def window(position: Vector) -> tuple[float, float, float, float]:
    """The window (x0, y0, width, height) in full-resolution panorama pixels.

    ``x0`` lies in ``[0, PANO_W)``; a window may run past the right edge, where
    the panorama wraps around to its left edge.
    """
    pan, tilt, zoom = position
    ww = WIDE_W / (1.0 + _clamp(zoom, 0.0, 1.0) * (MAX_MAGNIFICATION - 1.0))
    wh = ww * 9 / 16
    cx = PANO_W / 2 + _clamp(pan, -1.0, 1.0) * PANO_W / 2
    cy = PANO_H / 2 - _clamp(tilt, -1.0, 1.0) * 90.0 * PIXELS_PER_DEGREE
    cy = _clamp(cy, wh / 2, PANO_H - wh / 2)
    return (cx - ww / 2) % PANO_W, cy - wh / 2, ww, wh


class Panorama:
    """A camera's panorama at one output size, rendering windows onto it."""

    def __init__(self, camera_id: str, full: scene.Image, width: int, height: int) -> None:
        self.width = width
        self.height = height
        # Pre-scaled so a wide window samples one source pixel per output pixel:
        # bilinear sampling then stays free of aliasing without a costly area filter.
        self.scale = width / 1280
        if self.scale != 1.0:
            size = (round(PANO_W * self.scale), round(PANO_H * self.scale))
            full = np.asarray(cv2.resize(full, size, interpolation=cv2.INTER_AREA), np.uint8)
        # The first wide window's width repeated on the right: a window across the
        # seam is then one plain crop.
        margin = round(WIDE_W * self.scale) + 2
        self.image = np.ascontiguousarray(np.hstack([full, full[:, :margin]]))
        hue = int(hashlib.sha256(camera_id.encode()).digest()[0])
        self.car_colour = (hue, 255 - hue, 180)

    def view(self, position: Vector, t: float) -> scene.Image:
        """The picture at PTZ ``position``, with the car where it is at time ``t`` (s)."""
        x0, y0, ww, wh = window(position)
        s = self.width / ww  # output pixels per full-resolution panorama pixel
        # A crop and a bilinear resize: several times cheaper than warpAffine; the
        # window snaps to whole source pixels, which no viewer notices.
        k = self.scale
        h_img, w_img = self.image.shape[:2]
        left = min(max(0, round(x0 * k)), w_img - 1)
        top = min(max(0, round(y0 * k)), h_img - 1)
        crop = self.image[top : top + max(1, round(wh * k)), left : left + max(1, round(ww * k))]
        img = np.asarray(
            cv2.resize(crop, (self.width, self.height), interpolation=cv2.INTER_LINEAR), np.uint8
        )
        phase = (t % CAR_PERIOD_S) / CAR_PERIOD_S
        car_y = PANO_H * 0.68  # on the road, inside the home view
        # The car goes round and round: draw it where it is, and once more a turn
        # to the left in case the window straddles the seam.
        car_x = (phase * PANO_W - x0) % PANO_W
        for x in (car_x, car_x - PANO_W):
            p0 = (int(x * s), int((car_y - y0) * s))
            p1 = (int((x + _CAR[0]) * s), int((car_y + _CAR[1] - y0) * s))
            cv2.rectangle(img, p0, p1, self.car_colour, -1)
        return img

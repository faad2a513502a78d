"""A PTZ camera's world: a wide synthetic panorama and the window the head looks through.

The panorama is four street scenes side by side (four frame widths, two
frame heights at the main resolution) with large lettered signs A..H along
the sky, so an operator, and a test, can tell where the camera points.
Pan moves the window across, tilt up and down (tilt up shows higher parts),
zoom shrinks it from 2048 to 320 panorama pixels wide (a 6.4x zoom range).
A car drives along the road in panorama coordinates, so it moves across the
picture when the camera pans, as it would through a real lens.
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np

from app.sim import scene
from app.sim.ptz import Vector

PANO_W = 5120
PANO_H = 1440
WIDE_W = 2048  # window width at zoom 0, in full-resolution panorama pixels
TELE_W = 320  # window width at zoom 1
SEGMENTS = 4
SIGNS = "ABCDEFGH"
SIGN_Y = 300
CAR_PERIOD_S = 20.0
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
    img = np.ascontiguousarray(np.hstack(parts))
    _signs(img)
    return img


def window(position: Vector) -> tuple[float, float, float, float]:
    """The window (x0, y0, width, height) in full-resolution panorama pixels."""
    pan, tilt, zoom = position
    ww = WIDE_W * (TELE_W / WIDE_W) ** min(1.0, max(0.0, zoom))
    wh = ww * 9 / 16
    cx = PANO_W / 2 + max(-1.0, min(1.0, pan)) * (PANO_W - ww) / 2
    cy = PANO_H / 2 - max(-1.0, min(1.0, tilt)) * (PANO_H - wh) / 2
    return cx - ww / 2, cy - wh / 2, ww, wh


class Panorama:
    """A camera's panorama at one output size, rendering windows onto it."""

    def __init__(self, camera_id: str, full: scene.Image, width: int, height: int) -> None:
        self.width = width
        self.height = height
        # Pre-scaled so a wide window never samples more than ~1.6 source pixels per output
        # pixel: bilinear sampling then stays free of aliasing without a costly area filter.
        self.scale = width / 1280
        if self.scale == 1.0:
            self.image = full
        else:
            size = (round(PANO_W * self.scale), round(PANO_H * self.scale))
            self.image = np.asarray(cv2.resize(full, size, interpolation=cv2.INTER_AREA), np.uint8)
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
        car_x = -_CAR[0] + phase * (PANO_W + _CAR[0])
        car_y = PANO_H * 0.86
        p0 = (int((car_x - x0) * s), int((car_y - y0) * s))
        p1 = (int((car_x + _CAR[0] - x0) * s), int((car_y + _CAR[1] - y0) * s))
        cv2.rectangle(img, p0, p1, self.car_colour, -1)
        return img

"""Read back the time a simulated camera burnt into a decoded picture.

Tests check that a recorder's time stamps agree with what the picture shows
(the frame a recorder says is from 10:31:07 must show 10:31:07). Rather than
recognise digits, the clock area of the decoded picture is compared with the
same camera's clock drawn for a few candidate times; the closest wins. The
clock is drawn in the simulator's local time zone, as a camera's OSD is.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from app.sim import scene
from app.sim.encode import REC, profile_label


def clock_distance(picture: scene.Image, reference: scene.Image) -> float:
    """Mean absolute difference of the clock areas of two BGR pictures of one size."""
    h, w = picture.shape[:2]
    x0, y0, x1, y1 = scene.clock_box(w, h)
    a = picture[y0:y1, x0:x1].astype(np.int16)
    b = reference[y0:y1, x0:x1].astype(np.int16)
    return float(np.abs(a - b).mean())


def shown_time(
    picture: scene.Image, camera_id: str, name: str, candidates: Iterable[float]
) -> tuple[float, float]:
    """The candidate time (Unix seconds) whose clock looks most like ``picture``'s.

    Returns (time, distance); ``picture`` is a decoded recording frame (BGR,
    1280x720). Candidates that draw the same text tie; the first wins.
    """
    h, w = picture.shape[:2]
    base = scene.background(camera_id, w, h)
    best: tuple[float, float] | None = None
    for t in candidates:
        drawn = scene.render(
            camera_id,
            name,
            base,
            0,
            REC.loop_frames,
            label=profile_label(REC),
            clock=scene.clock_text(t),
        )
        distance = clock_distance(picture, drawn)
        if best is None or distance < best[1]:
            best = (t, distance)
    if best is None:
        raise ValueError("no candidate times")
    return best

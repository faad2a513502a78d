"""The floor: the same streams decoded by the same engine, with no UI at all.

The wall can never cost less than decoding what it shows; the ratio of the
wall's CPU to this floor is what the display path adds.
"""

from __future__ import annotations

import logging
import time

from app.core.model import Camera, Profile
from app.core.streams import StreamKey
from app.video.manager import url_resolver
from app.video.pyav_engine import PyAVEngine
from app.video.worker import Timings

logger = logging.getLogger("app.bench")

READY_TIMEOUT_S = 30.0
SETTLE_S = 1.0


def decode_floor(
    streams: list[tuple[Camera, Profile]], seconds: float, decode_threads: int = 2
) -> float:
    """CPU seconds per second of this process while only decoding ``streams``.

    Measured once every stream has decoded a frame (bounded wait) and a
    short settling time, over ``seconds``.
    """
    engine = PyAVEngine(Timings(), decode_threads=decode_threads)
    opened = [
        engine.open(StreamKey(cam.id, profile), url_resolver(cam, profile))
        for cam, profile in streams
    ]
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if all(s.mailbox.latest()[1] is not None for s in opened):
                break
            time.sleep(0.05)
        else:
            missing = sum(1 for s in opened if s.mailbox.latest()[1] is None)
            logger.warning("floor: %d streams gave no frame in %.0f s", missing, READY_TIMEOUT_S)
        time.sleep(SETTLE_S)
        cpu0, t0 = time.process_time(), time.monotonic()
        time.sleep(seconds)
        cpu1, t1 = time.process_time(), time.monotonic()
    finally:
        engine.close_many(opened)
    return (cpu1 - cpu0) / max(1e-6, t1 - t0)

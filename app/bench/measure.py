"""Plain arithmetic of the benchmark: percentiles, latency, memory, screens.

No Qt and no video here, so every rule the numbers depend on is unit tested
on its own.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

from app.config.offscreen import screens_config, write_screens_config
from app.core.grid import PRESETS

__all__ = ["screens_config", "write_screens_config"]


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The ``pct`` percentile (0-100) with linear interpolation; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * min(100.0, max(0.0, pct)) / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def send_time(loop_index: int, painted_at: float, t0: float, fps: float, loop_frames: int) -> float:
    """When the simulator sent the newest frame showing ``loop_index`` before ``painted_at``.

    The simulator sends global frame ``n`` at ``t0 + n / fps`` and it shows
    loop frame ``n % loop_frames``; the painted frame is the latest such
    ``n`` not after the paint (a picture cannot be older than a loop, or
    its index would be ambiguous anyway).
    """
    newest = math.floor((painted_at - t0) * fps + 1e-9)
    n = newest - (newest - loop_index) % loop_frames
    return t0 + n / fps


def latency_ms(
    loop_index: int, painted_at: float, t0: float, fps: float, loop_frames: int
) -> float:
    """Glass-to-glass latency of a painted frame, in milliseconds."""
    return (painted_at - send_time(loop_index, painted_at, t0, fps, loop_frames)) * 1000.0


def rss_mb() -> float:
    """Resident memory of this process in MiB (Linux ``/proc/self/statm``)."""
    try:
        fields = Path("/proc/self/statm").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def growth_pct(start: float, end: float) -> float | None:
    """Growth from ``start`` to ``end`` in percent (None without a start)."""
    if start <= 0:
        return None
    return (end - start) / start * 100.0


def parse_size(text: str) -> tuple[int, int]:
    """``"1920x1080"`` -> (1920, 1080); raises ValueError for anything else."""
    w, sep, h = text.lower().partition("x")
    if not sep or not w.isdigit() or not h.isdigit() or int(w) < 160 or int(h) < 120:
        raise ValueError(f"screen size must be WIDTHxHEIGHT, at least 160x120: {text!r}")
    return int(w), int(h)


def pick_grid(tiles: int) -> str:
    """The smallest square preset holding ``tiles`` tiles (5x5 at most)."""
    for name in ("1", "2x2", "3x3", "4x4", "5x5"):
        if PRESETS[name].size >= tiles:
            return name
    return "5x5"


def split_streams(streams: int, screens: int, per_screen: int) -> list[int]:
    """How many of ``streams`` go on each screen, filling screens in order."""
    counts = []
    left = streams
    for _ in range(screens):
        counts.append(min(left, per_screen))
        left -= counts[-1]
    return counts

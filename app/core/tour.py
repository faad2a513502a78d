"""Tours (sequences): a tile that cycles through cameras, a dwell time each.

A ``Tour`` is what is saved with a layout; a ``TourRun`` is one running on
a tile: where it is, when it moves on, whether the operator paused it. The
wall model (``app.core.wall``) keeps a run per touring tile and moves them
on when asked with the time; the wall view starts the next camera's stream
a little before its turn (``next_camera``), so the change shows no black
frame. Plain data and arithmetic: tested without a clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

DEFAULT_DWELL_S = 10.0
MIN_DWELL_S = 2.0
MAX_DWELL_S = 3600.0
#: The next camera's stream starts this long before its turn.
PRESTART_S = 3.0


@dataclass(frozen=True)
class Tour:
    """Cameras shown in turn, ``per_step`` at a time, each step for ``dwell_s`` seconds.

    A tile's tour shows one camera a step; a screen's tour shows a page of
    cameras a step, as many as its grid has tiles.
    """

    cameras: tuple[str, ...]
    dwell_s: float = DEFAULT_DWELL_S
    per_step: int = 1

    @property
    def steps(self) -> int:
        """How many steps before it starts again."""
        return math.ceil(len(self.cameras) / self.per_step)

    def step_cameras(self, position: int) -> tuple[str, ...]:
        """The cameras shown at step ``position``."""
        start = position * self.per_step
        return self.cameras[start : start + self.per_step]

    def __post_init__(self) -> None:
        if not self.cameras:
            raise ValueError("a tour needs at least one camera")
        if not (math.isfinite(self.dwell_s) and MIN_DWELL_S <= self.dwell_s <= MAX_DWELL_S):
            raise ValueError(f"dwell must be {MIN_DWELL_S:.0f}-{MAX_DWELL_S:.0f} s")
        if self.per_step < 1:
            raise ValueError("a tour shows at least one camera a step")


@dataclass(frozen=True)
class TourRun:
    """A tour running on a tile.

    Attributes:
        tour: what it cycles through.
        position: the index of the camera shown now.
        due: monotonic time of the next step (None: not timed yet; the first
            step sets it, so a tour loaded from a file starts with a full dwell).
        paused_left: seconds left of the dwell when paused (None: running).
    """

    tour: Tour
    position: int = 0
    due: float | None = None
    paused_left: float | None = None

    @classmethod
    def start(cls, tour: Tour, now: float | None = None) -> TourRun:
        """A run showing the first camera from ``now`` (None: from its first step)."""
        return cls(tour, 0, None if now is None else now + tour.dwell_s)

    @property
    def camera(self) -> str:
        """The (first) camera shown now."""
        return self.tour.step_cameras(self.position)[0]

    @property
    def cameras(self) -> tuple[str, ...]:
        """The cameras shown now."""
        return self.tour.step_cameras(self.position)

    @property
    def paused(self) -> bool:
        """Whether the operator paused it."""
        return self.paused_left is not None

    def next_camera(self, now: float) -> str | None:
        """The camera whose stream should start now, its turn being near (None: none)."""
        upcoming = self.next_cameras(now)
        return upcoming[0] if upcoming else None

    def next_cameras(self, now: float) -> tuple[str, ...]:
        """The cameras of the next step, when it is near (empty: none to start)."""
        if self.paused or self.due is None or self.tour.steps < 2:
            return ()
        if self.due - now > PRESTART_S:
            return ()
        following = self.tour.step_cameras((self.position + 1) % self.tour.steps)
        return () if following == self.cameras else following

    def step(self, now: float) -> TourRun:
        """The run after time ``now``: moved on if its step is due."""
        if self.paused:
            return self
        if self.due is None:
            return replace(self, due=now + self.tour.dwell_s)
        if now < self.due:
            return self
        steps = 1 + int((now - self.due) // self.tour.dwell_s)  # a late tick skips, never races
        position = (self.position + steps) % self.tour.steps
        return replace(self, position=position, due=self.due + steps * self.tour.dwell_s)

    def toggle_pause(self, now: float) -> TourRun:
        """Pause (keeping the time left) or resume."""
        if self.paused_left is None:
            left = self.tour.dwell_s if self.due is None else max(0.0, self.due - now)
            return replace(self, paused_left=left)
        return replace(self, due=now + self.paused_left, paused_left=None)

    def label(self, now: float) -> str:
        """ "SEQ 2/5 · 8 s" (or "SEQ 2/5 ||" when paused), for the tile's corner."""
        where = f"SEQ {self.position + 1}/{self.tour.steps}"
        if self.paused:
            return f"{where} ||"
        left = self.tour.dwell_s if self.due is None else self.due - now
        return f"{where} · {max(0, math.ceil(left))} s"

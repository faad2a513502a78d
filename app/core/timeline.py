"""The playback timeline as a model: what it shows, where the cursor is, what is selected.

Qt-free: the timeline widget paints this model and sends the operator's
gestures back to it (drag to scrub, wheel to zoom, shift-drag to select a
range for export). Times are seconds since the Unix epoch in the recorder's
clock; positions are pixels across a width the widget gives.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.core.recording import Span, gaps_between

MIN_VIEW_S = 10.0
MAX_VIEW_S = 7 * 86400.0
MARK_REACH_PX = 6.0  # a press this close to a mark picks it


class MarkKind(enum.StrEnum):
    """What happened at a mark on the timeline."""

    ALARM = "alarm"  # an alarm of the camera (down, back, wrong password...)
    PLATE_HIT = "plate_hit"  # a plate on a hotlist, read by the camera


@dataclass(frozen=True)
class TimelineMark:
    """Something that happened at time ``t`` on the camera, shown and clickable on the timeline.

    ``label`` is what the operator reads in the mark's tooltip ("AB123CD -
    rubati"); device text in it was sanitised where it was stored.
    """

    t: float
    kind: MarkKind
    label: str


@dataclass
class TimelineModel:
    """The visible window of time, the recorded spans in it, the cursor and a selection."""

    view: Span
    recorded: list[Span] = field(default_factory=list)
    cursor: float = 0.0
    selection: Span | None = None
    marks: list[TimelineMark] = field(default_factory=list)  # alarms and plate hits

    def x_of(self, t: float, width: int) -> float:
        """The pixel where time ``t`` is drawn."""
        return (t - self.view.start) / max(self.view.seconds, 1e-9) * width

    def time_at(self, x: float, width: int) -> float:
        """The time under pixel ``x``, kept inside the view."""
        t = self.view.start + x / max(width, 1) * self.view.seconds
        return min(max(t, self.view.start), self.view.end)

    def gaps(self) -> list[Span]:
        """What is missing inside the view."""
        return gaps_between(self.view, self.recorded)

    def is_recorded(self, t: float) -> bool:
        """Whether the recorder holds time ``t``."""
        return any(s.start <= t < s.end for s in self.recorded)

    def scrub_to(self, t: float) -> float:
        """Move the cursor to ``t`` (to the next recorded time when ``t`` is in a gap)."""
        if not self.is_recorded(t):
            later = [s.start for s in self.recorded if s.start > t]
            t = min(later) if later else t
        self.cursor = t
        return t

    def zoom(self, factor: float, around: float) -> None:
        """Show ``factor`` times more time (less when below 1), keeping ``around`` in place."""
        seconds = min(max(self.view.seconds * factor, MIN_VIEW_S), MAX_VIEW_S)
        share = (around - self.view.start) / max(self.view.seconds, 1e-9)
        start = around - share * seconds
        self.view = Span(start, start + seconds)

    def pan(self, seconds: float) -> None:
        """Move the view by ``seconds`` (positive: later)."""
        self.view = Span(self.view.start + seconds, self.view.end + seconds)

    def mark_at(self, x: float, width: int) -> TimelineMark | None:
        """The mark drawn nearest pixel ``x``, if one is within reach of it."""
        near = [(abs(self.x_of(m.t, width) - x), m) for m in self.marks]
        near = [(d, m) for d, m in near if d <= MARK_REACH_PX]
        return min(near, key=lambda item: item[0])[1] if near else None

    def select(self, a: float, b: float) -> Span:
        """Select the range between two times (for export)."""
        self.selection = Span(min(a, b), max(a, b))
        return self.selection

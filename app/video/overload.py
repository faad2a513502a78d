"""Overload control: which streams drop to key-frame-only decoding, and when.

When the machine cannot keep up (the GUI loop runs late, or the decoders
use more CPU than there is), the least important streams are decoded key
frames only, one step at a time, until the pressure goes away; they go
back to full decoding one at a time once it has stayed low for a while.
The maximised and the selected tile are never degraded: the operator is
looking at them. Pure Python and no clock of its own, so the rule is tested
without Qt or threads.

There is one ``OverloadGovernor`` per process, built by the composition
root, over the streams of every wall: a stream shown on two walls gets one
decode mode, and the load it answers to is the whole machine's.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from app.core.streams import DecodeMode, Stream

logger = logging.getLogger("app.video")

#: Tuned with ``occhio bench`` on 2 cores: a wall painting 16 x 25 fps in
#: full (keeping up) shows a smoothed refresh lateness of 30-85 ms, which
#: the former 50 ms limit took for overload. Two and a half refresh periods
#: late means frames are being skipped.
LAG_HIGH_S = 0.1
LAG_LOW_S = 0.03


@dataclass(frozen=True)
class Demand:
    """One shown stream and how much it matters to the operator.

    Attributes:
        key: the stream's identity (a ``StreamKey`` or anything hashable).
        area: the largest area (pixels) at which a tile shows it.
        selected: a selected tile shows it.
        maximised: a maximised tile shows it.
    """

    key: Hashable
    area: int
    selected: bool = False
    maximised: bool = False

    @property
    def protected(self) -> bool:
        """Never degraded: the operator is looking at it."""
        return self.selected or self.maximised


@dataclass(frozen=True)
class Load:
    """One measurement of how hard the machine works.

    Attributes:
        gui_lag: seconds the GUI refresh ran late (smoothed by the caller).
        cpu_share: decoders' CPU as a share of all cores (0.0-1.0+).
    """

    gui_lag: float = 0.0
    cpu_share: float = 0.0


def merge(demands: Iterable[Demand]) -> list[Demand]:
    """One demand per stream: a stream shown by several tiles takes their best."""
    merged: dict[Hashable, Demand] = {}
    for d in demands:
        old = merged.get(d.key)
        merged[d.key] = (
            d
            if old is None
            else Demand(
                d.key,
                max(d.area, old.area),
                d.selected or old.selected,
                d.maximised or old.maximised,
            )
        )
    return list(merged.values())


def degrade_order(demands: Iterable[Demand]) -> list[Hashable]:
    """Streams that may be degraded, the first to degrade first.

    Smallest tiles first (a key frame a second on a thumbnail is hardly
    noticed); protected streams are not in the list at all. Ties keep the
    order given, so the wall's tile order decides among equal tiles.
    """
    candidates = [d for d in merge(demands) if not d.protected]
    return [d.key for d in sorted(candidates, key=lambda d: d.area)]


class OverloadController:
    """Decides per-stream decode modes from load measurements.

    Args:
        lag_high: GUI lag (s) above which the machine counts as overloaded.
        lag_low: GUI lag (s) below which it counts as calm.
        cpu_high: decoder CPU share above which it counts as overloaded.
        cpu_low: decoder CPU share below which it counts as calm.
        step_every: seconds between two steps in either direction.
        calm_for: seconds of calm before a stream gets full decoding back.
    """

    def __init__(
        self,
        *,
        lag_high: float = LAG_HIGH_S,
        lag_low: float = LAG_LOW_S,
        cpu_high: float = 0.9,
        cpu_low: float = 0.6,
        step_every: float = 1.0,
        calm_for: float = 5.0,
    ) -> None:
        self.lag_high, self.lag_low = lag_high, lag_low
        self.cpu_high, self.cpu_low = cpu_high, cpu_low
        self.step_every, self.calm_for = step_every, calm_for
        self.degraded = 0  # how many of the degrade order run key frames only
        self._last_step = float("-inf")
        self._calm_since: float | None = None

    def update(
        self, load: Load, demands: Iterable[Demand], now: float
    ) -> dict[Hashable, DecodeMode]:
        """The decode mode of every demanded stream after this measurement."""
        shown = merge(demands)
        order = degrade_order(shown)
        self.degraded = min(self.degraded, len(order))
        self._step(load, len(order), now)
        slow = set(order[: self.degraded])
        return {d.key: DecodeMode.KEYFRAMES if d.key in slow else DecodeMode.FULL for d in shown}

    def _step(self, load: Load, candidates: int, now: float) -> None:
        overloaded = load.gui_lag > self.lag_high or load.cpu_share > self.cpu_high
        calm = load.gui_lag < self.lag_low and load.cpu_share < self.cpu_low
        if not calm:
            self._calm_since = None
        elif self._calm_since is None:
            self._calm_since = now
        if now - self._last_step < self.step_every:
            return
        if overloaded and self.degraded < candidates:
            self.degraded += 1
            self._last_step = now
            logger.warning(
                "overload (GUI lag %.0f ms, decoders %.0f%% CPU): %d streams key frames only",
                load.gui_lag * 1000,
                load.cpu_share * 100,
                self.degraded,
            )
        elif calm and self.degraded and now - (self._calm_since or now) >= self.calm_for:
            self.degraded -= 1
            self._last_step = now
            self._calm_since = now  # each further step waits for its own calm spell
            logger.info("load back to normal: %d streams key frames only", self.degraded)


DECIDE_EVERY_S = 1.0
LAG_SMOOTHING = 0.2  # weight of the newest lag sample in the moving average

#: Gives the streams a wall shows now, each with its ``Demand``.
DemandSource = Callable[[], Iterable[tuple[Stream, Demand]]]


class OverloadGovernor:
    """Measures the process's load and sets the decode mode of every shown stream.

    A timer calls ``tick`` at a fixed interval; how late it runs is the GUI
    loop's lag (a busy GUI thread shows up there first), and the process's
    CPU share says whether the decoders eat the machine. Once a second the
    controller turns those into per-stream decode modes, applied to the
    streams of every registered wall.

    Args:
        controller: the decision rule (defaults suit a wall on 2+ cores).
        cores: the machine's cores, for the CPU share.
    """

    def __init__(
        self, controller: OverloadController | None = None, *, cores: int | None = None
    ) -> None:
        self.controller = controller or OverloadController()
        self.lag = 0.0  # smoothed GUI lag, seconds
        self.modes: dict[Hashable, DecodeMode] = {}
        self._sources: list[DemandSource] = []
        self._cores = cores or os.cpu_count() or 1
        self._last_tick: float | None = None
        self._last_decision = 0.0
        self._cpu_mark = (time.monotonic(), time.process_time())

    def add_source(self, source: DemandSource) -> None:
        """Take ``source``'s streams into account (one wall)."""
        self._sources.append(source)

    def remove_source(self, source: DemandSource) -> None:
        """Forget a wall that is going away."""
        self._sources = [s for s in self._sources if s != source]

    def tick(self, now: float, interval: float) -> None:
        """The timer fired at ``now``, ``interval`` s after it was due before."""
        if self._last_tick is not None:
            late = max(0.0, now - self._last_tick - interval)
            self.lag += LAG_SMOOTHING * (late - self.lag)
        self._last_tick = now
        if now - self._last_decision >= DECIDE_EVERY_S:
            self._last_decision = now
            self.decide(Load(self.lag, self._cpu_share()), now)

    def decide(self, load: Load, now: float) -> dict[Hashable, DecodeMode]:
        """Work out and apply the modes for ``load`` to every shown stream."""
        streams: dict[Hashable, Stream] = {}
        demands: list[Demand] = []
        for source in self._sources:
            for stream, demand in source():
                streams[demand.key] = stream
                demands.append(demand)
        self.modes = self.controller.update(load, demands, now)
        for key, mode in self.modes.items():
            streams[key].set_decode_mode(mode)
        return self.modes

    def _cpu_share(self) -> float:
        """This process's CPU use since the last call, as a share of all cores."""
        wall, cpu = time.monotonic(), time.process_time()
        then_wall, then_cpu = self._cpu_mark
        self._cpu_mark = (wall, cpu)
        return (cpu - then_cpu) / max(1e-3, wall - then_wall) / self._cores

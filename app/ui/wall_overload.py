"""Feeding a wall's load to the overload controller and applying its answer.

The wall's refresh timer calls ``tick`` at display rate. Its lateness is
the GUI loop lag (a busy GUI thread shows up there first); the process CPU
share says whether the decoders eat the machine. Once a second the
controller (``app.video.overload``) turns those into per-stream decode
modes, which go to the streams that support them (the PyAV worker's
``set_decode_mode``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Hashable
from typing import TYPE_CHECKING

from app.core.streams import DecodeMode, Stream
from app.video.overload import Demand, Load, OverloadController

if TYPE_CHECKING:
    from app.ui.wall_view import WallView

DECIDE_EVERY_S = 1.0
LAG_SMOOTHING = 0.2  # weight of the newest lag sample in the moving average


class OverloadGovernor:
    """Measures one wall's load and sets its streams' decode modes."""

    def __init__(self, view: WallView, controller: OverloadController | None = None) -> None:
        self.view = view
        self.controller = controller or OverloadController()
        self.lag = 0.0  # smoothed GUI lag, seconds
        self.modes: dict[Hashable, DecodeMode] = {}
        self._last_tick: float | None = None
        self._last_decision = 0.0
        self._cpu_mark = (time.monotonic(), time.process_time())

    def tick(self, now: float) -> None:
        """One refresh happened at ``now``: measure, and decide once a second."""
        interval = self.view.refresh_interval_s()
        if self._last_tick is not None:
            late = max(0.0, now - self._last_tick - interval)
            self.lag += LAG_SMOOTHING * (late - self.lag)
        self._last_tick = now
        if now - self._last_decision >= DECIDE_EVERY_S:
            self._last_decision = now
            self.decide(Load(self.lag, self._cpu_share()), now)

    def decide(self, load: Load, now: float) -> dict[Hashable, DecodeMode]:
        """Apply the controller's modes for ``load`` to the shown streams."""
        streams, demands = self._demands()
        self.modes = self.controller.update(load, demands, now)
        for key, mode in self.modes.items():
            setter = getattr(streams[key], "set_decode_mode", None)
            if callable(setter):
                setter(mode)
        return self.modes

    def _demands(self) -> tuple[dict[Hashable, Stream], list[Demand]]:
        model = self.view.model
        held = self.view.held_streams()
        streams: dict[Hashable, Stream] = {}
        demands = []
        for tile in self.view.visible_tiles():
            stream = held.get(tile.index)
            if stream is None:
                continue
            streams[stream.key] = stream
            demands.append(
                Demand(
                    stream.key,
                    tile.width() * tile.height(),
                    selected=model.selected == tile.index,
                    maximised=model.maximised == tile.index,
                )
            )
        return streams, demands

    def _cpu_share(self) -> float:
        """This process's CPU use since the last call, as a share of all cores."""
        wall, cpu = time.monotonic(), time.process_time()
        then_wall, then_cpu = self._cpu_mark
        self._cpu_mark = (wall, cpu)
        return (cpu - then_cpu) / max(1e-3, wall - then_wall) / (os.cpu_count() or 1)

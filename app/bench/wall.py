"""The wall phase: the real wall windows, offscreen, fed by the simulator.

The walls are built by ``WallManager`` with the default settings, through
a counting provider (see ``counting``). Phases, in order: start every
stream and wait until every tile shows live video; CPU, painted frames and
event-loop lag over ``seconds``; the optional soak (memory growth); the
latency samples (strip decoding costs CPU, so it has a phase of its own);
camera call-ups into an occupied tile.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from app.bench.counting import CountedStream, CountingProvider
from app.bench.measure import latency_ms, rss_mb
from app.bench.qtloop import LagMeter, spin, wait_until
from app.config.settings import Settings
from app.core.layout import WallLayout
from app.core.model import Camera, Profile, SiteConfig
from app.core.wall import ScreenLayout
from app.sim.strip import decode_strip
from app.ui.bootstrap import freeze_startup_objects
from app.ui.messages import MessageBridge
from app.ui.screens import WallManager
from app.ui.tile import TileWidget
from app.ui.wall_window import WallOptions
from app.video.convert import to_bgra
from app.video.manager import StreamManager, url_resolver
from app.video.overload import OverloadGovernor
from app.video.pyav_engine import wall_engine

logger = logging.getLogger("app.bench")

LIVE_TIMEOUT_S = 30.0
CALLUP_TIMEOUT_S = 10.0
LATENCY_SECONDS_MAX = 6.0
LATENCY_SAMPLES_PER_TILE = 25
STRIP_SIZE = (320, 180)  # the strip is built to survive this size
#: ``sub_below`` forcing a profile: every tile is at least 0 px wide, none is this wide.
FORCED_SUB_BELOW = {"main": 0, "sub": 1 << 30}


@dataclass
class WallPlan:
    """What to put on the wall and for how long."""

    site: SiteConfig
    per_screen: list[list[str]]  # camera ids of each screen's tiles
    spare: list[str]  # cameras nobody shows, for call-ups
    grid: str
    profile: str  # main, sub or auto
    seconds: float
    soak: float
    sim: dict[str, Any]  # the simulator's READY information


@dataclass
class WallResult:
    """Raw measurements of the wall phase."""

    cpu_wall: float = 0.0
    cpu_gui_thread: float = 0.0  # the GUI thread's share of cpu_wall
    fps: list[float] = field(default_factory=list)
    lags_ms: list[float] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    unreadable: int = 0  # painted frames whose strip could not be read
    first_picture_ms: list[float] = field(default_factory=list)
    first_live_ms: list[float] = field(default_factory=list)
    callup_failures: int = 0
    rss_before: float = 0.0
    rss_end: float = 0.0
    rss_minute1: float = 0.0
    streams: list[tuple[Camera, Profile]] = field(default_factory=list)
    not_live: int = 0  # tiles without live video when the measurement began
    decode_threads: int = 2  # decoder threads per stream the wall used


def run_wall(plan: WallPlan) -> WallResult:
    """Build the walls, measure every phase, tear everything down."""
    settings = Settings()
    engine = wall_engine(settings)  # as the application builds it
    manager = StreamManager(engine, url_resolver)
    provider = CountingProvider(manager)
    walls = _build(plan, provider, settings)
    freeze_startup_objects()  # as the application does once its walls are up
    result = WallResult(decode_threads=settings.int_value("video.decode_threads"))
    try:
        spin(0.5)
        result.rss_before = rss_mb()
        _measure(plan, walls, provider, result)
    finally:
        walls.shutdown()
        manager.shutdown()
        spin(0.1)
    return result


def _build(plan: WallPlan, provider: CountingProvider, settings: Settings) -> WallManager:
    sub_below = FORCED_SUB_BELOW.get(plan.profile, settings.int_value("wall.sub_stream_below_px"))
    options = WallOptions(
        stall_seconds=settings.float_value("wall.stall_seconds"), sub_stream_below_px=sub_below
    )
    empty = WallLayout("", tuple(ScreenLayout(plan.grid) for _ in plan.per_screen))
    walls = WallManager(
        plan.site,
        provider,
        MessageBridge(show_boxes=False),
        layout=empty,
        options=options,
        governor=OverloadGovernor(),  # one per process, as the application has
    )
    walls.show()
    return walls


def _measure(
    plan: WallPlan, walls: WallManager, provider: CountingProvider, result: WallResult
) -> None:
    started = time.monotonic()
    layout = WallLayout("", tuple(ScreenLayout(plan.grid, tuple(ids)) for ids in plan.per_screen))
    walls.apply(layout)
    tiles = _camera_tiles(walls)
    wait_until(lambda: all(t.has_shown_live for t in tiles), LIVE_TIMEOUT_S, 50)
    result.not_live = sum(1 for t in tiles if not t.has_shown_live)
    spin(1.0)  # settle: first key frames, first resizes
    result.streams = [(_camera(plan, t), t.profile or Profile.MAIN) for t in tiles]
    _cpu_phase(plan, tiles, result)
    if plan.soak > 0:
        minute1 = max(0.0, min(60.0, plan.soak / 2) - (time.monotonic() - started))
        spin(minute1)
        result.rss_minute1 = rss_mb()
        spin(max(0.0, started + plan.soak - time.monotonic()))
    result.rss_end = rss_mb()
    _latency_phase(plan, tiles, provider, result)
    _callup_phase(plan, walls, provider, result)


def _camera_tiles(walls: WallManager) -> list[TileWidget]:
    return [
        tile
        for wall in walls.walls
        for tile in wall.window.view.visible_tiles()
        if tile.camera_id is not None
    ]


def _camera(plan: WallPlan, tile: TileWidget) -> Camera:
    camera = plan.site.camera(tile.camera_id or "")
    assert camera is not None  # the plan only places cameras of its site
    return camera


def _taken(tile: TileWidget) -> int:
    stream = tile.stream
    return stream.taken if isinstance(stream, CountedStream) else 0


def _cpu_phase(plan: WallPlan, tiles: list[TileWidget], result: WallResult) -> None:
    lag = LagMeter()
    before = [_taken(t) for t in tiles]
    lag.start()
    cpu0, gui0, t0 = time.process_time(), time.thread_time(), time.monotonic()
    spin(plan.seconds)
    cpu1, gui1, t1 = time.process_time(), time.thread_time(), time.monotonic()
    lag.stop()
    elapsed = max(1e-6, t1 - t0)
    result.cpu_wall = (cpu1 - cpu0) / elapsed
    result.cpu_gui_thread = (gui1 - gui0) / elapsed
    result.fps = [(_taken(t) - b) / elapsed for t, b in zip(tiles, before, strict=True)]
    result.lags_ms = list(lag.lags_ms)


def _latency_phase(
    plan: WallPlan, tiles: list[TileWidget], provider: CountingProvider, result: WallResult
) -> None:
    by_stream = {id(t.stream): t for t in tiles}
    counts: dict[int, int] = {}
    profiles = plan.sim["profiles"]
    t0 = float(plan.sim["t0"])

    def on_paint(stream: CountedStream, painted_at: float) -> None:
        tile = by_stream.get(id(stream))
        frame = tile.frame if tile is not None else None
        if frame is None or counts.get(id(stream), 0) >= LATENCY_SAMPLES_PER_TILE:
            return
        counts[id(stream)] = counts.get(id(stream), 0) + 1
        index = decode_strip(to_bgra(frame, *STRIP_SIZE))
        spec = profiles[str(stream.profile)]
        if index is None or index >= int(spec["loop_frames"]):
            result.unreadable += 1
            return
        fps, loop = float(spec["fps"]), int(spec["loop_frames"])
        result.latencies_ms.append(latency_ms(index, painted_at, t0, fps, loop))

    provider.hook = on_paint
    try:
        spin(min(plan.seconds, LATENCY_SECONDS_MAX))
    finally:
        provider.hook = None


def _callup_phase(
    plan: WallPlan, walls: WallManager, provider: CountingProvider, result: WallResult
) -> None:
    """Call spare cameras one by one into the first wall's first tile."""
    model = walls.walls[0].model
    tile = walls.walls[0].window.view.tiles[0]
    for camera_id in plan.spare:
        called = time.monotonic()
        model.assign(0, camera_id)
        live = wait_until(lambda: tile.has_shown_live, CALLUP_TIMEOUT_S, 2)
        live_at = time.monotonic()
        stream = provider.latest_for(camera_id)
        if not live or stream is None or stream.first_taken_at is None:
            result.callup_failures += 1
            continue
        result.first_picture_ms.append((stream.first_taken_at - called) * 1000.0)
        result.first_live_ms.append((live_at - called) * 1000.0)
        spin(0.2)

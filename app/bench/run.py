"""``occhio bench``: start the simulator, run the wall and the floor, report.

Exit status: 0 after a run (whatever the numbers: judging them is the
reader's job), 2 for unusable options, 1 when the simulator does not start.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.bench.measure import (
    growth_pct,
    parse_size,
    percentile,
    pick_grid,
    write_screens_config,
)
from app.bench.simproc import SimProcess, SimStartError, bench_site, camera_ids, write_sim_site

logger = logging.getLogger("app.bench")

EXIT_USAGE = 2
KEYS = [
    "streams",
    "profile",
    "cpu_wall",
    "cpu_decode_only",
    "cpu_ratio",
    "fps_min",
    "fps_median",
    "latency_ms_p50",
    "latency_ms_p95",
    "first_picture_ms_p50",
    "first_live_ms_p50",
    "first_live_ms_p95",
    "loop_lag_ms_p99",
    "rss_mb",
    "rss_mb_per_stream",
    "rss_growth_pct",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``occhio bench``."""
    parser.add_argument("--streams", type=int, default=16, help="cameras on the wall")
    parser.add_argument("--grid", help="grid preset per screen (default: smallest that fits)")
    parser.add_argument("--profile", choices=["main", "sub", "auto"], default="auto")
    parser.add_argument("--seconds", type=float, default=20.0, help="measuring time")
    parser.add_argument("--screens", type=int, default=1, help="offscreen screens")
    parser.add_argument("--screen-size", default="1920x1080", metavar="WxH")
    parser.add_argument(
        "--soak",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="keep the wall running this long for memory growth",
    )
    parser.add_argument("--callups", type=int, default=8, help="camera call-ups to time")
    parser.add_argument(
        "--health",
        action="store_true",
        help="measure the background health check of --streams cameras instead of the wall "
        "(CPU of the checks, time from a dropped camera to its alarm)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--map",
        action="store_true",
        help="measure the map instead: 200 cameras, point query, pan (--seconds), zoom steps",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--recorder",
        action="store_true",
        help="measure evidence export, replay start and the pre-event buffer instead",
    )
    parser.add_argument("--export-seconds", type=float, default=300.0, help="with --recorder")
    parser.add_argument("--replay-runs", type=int, default=10, help="with --recorder")


def _check(args: argparse.Namespace) -> str:
    """The grid to use; raises ValueError for unusable options."""
    from app.core.grid import grid

    parse_size(args.screen_size)
    if args.streams < 1 or args.screens < 1 or args.seconds <= 0 or args.callups < 0:
        raise ValueError("--streams, --screens and --seconds must be positive")
    name = args.grid or pick_grid(math.ceil(args.streams / args.screens))
    size = grid(name).size  # KeyError names the known presets
    if size * args.screens < args.streams:
        raise ValueError(f"{args.streams} streams do not fit {args.screens} screen(s) of {name}")
    return name


def _with_sim(cameras: int, job: Callable[[dict[str, Any]], dict[str, Any]], as_json: bool) -> int:
    """Run ``job`` against a simulator of ``cameras`` cameras and print its report."""
    with tempfile.TemporaryDirectory(prefix="occhio-bench-") as tmp:
        site_file = Path(tmp) / "site.toml"
        write_sim_site(site_file, cameras)
        try:
            sim = SimProcess(site_file)
        except (SimStartError, OSError) as exc:
            print(f"occhio bench: the simulator did not start: {exc}", file=sys.stderr)
            return 1
        try:
            out = job(sim.info)
        finally:
            sim.stop()
    print(json.dumps(out) if as_json else "\n".join(f"{k}: {v}" for k, v in out.items()))
    return 0


def _run_recorder(args: argparse.Namespace) -> int:
    """``--recorder``: the evidence and replay measurements (``app.bench.recorder``)."""
    from app.bench.recorder import run_recorder_bench

    def job(info: dict[str, Any]) -> dict[str, Any]:
        return run_recorder_bench(info, args.export_seconds, args.replay_runs)

    return _with_sim(max(16, args.streams), job, args.json)


def run_bench(args: argparse.Namespace) -> int:
    """Entry point of ``occhio bench``; returns the exit status."""
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.health:
        return _run_health(args)
    if args.recorder:
        return _run_recorder(args)
    if getattr(args, "map", False):
        from app.bench.map_bench import run_map_bench

        return run_map_bench(args)
    try:
        grid_name = _check(args)
    except (ValueError, KeyError) as exc:
        print(f"occhio bench: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="occhio-bench-") as tmp:
        width, height = parse_size(args.screen_size)
        # Before any QApplication: the platform reads it once, at start.
        os.environ["QT_QPA_PLATFORM"] = write_screens_config(
            Path(tmp) / "screens.json", args.screens, width, height
        )
        site_file = Path(tmp) / "site.toml"
        write_sim_site(site_file, args.streams + args.callups)
        try:
            sim = SimProcess(site_file)
        except (SimStartError, OSError) as exc:
            print(f"occhio bench: the simulator did not start: {exc}", file=sys.stderr)
            return 1
        try:
            report = _run(args, grid_name, sim.info)
        finally:
            sim.stop()
    _print(report, args.json)
    return 0


def _run_health(args: argparse.Namespace) -> int:
    """``--health``: the simulator's cameras checked in the background, some dropped."""
    from app.bench.health import report, run_health

    if args.streams < 1 or args.seconds <= 0:
        print("occhio bench: --streams and --seconds must be positive", file=sys.stderr)
        return EXIT_USAGE

    def job(info: dict[str, Any]) -> dict[str, Any]:
        return dict(report(run_health(info, args.streams, args.seconds)))

    return _with_sim(args.streams, job, args.json)


def _run(args: argparse.Namespace, grid_name: str, info: dict[str, Any]) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from app.bench.floor import decode_floor
    from app.bench.wall import WallPlan, run_wall
    from app.core.grid import grid
    from app.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    ids = camera_ids(args.streams + args.callups)
    size = grid(grid_name).size
    per_screen = [ids[i * size : min((i + 1) * size, args.streams)] for i in range(args.screens)]
    plan = WallPlan(
        site=bench_site(info, len(ids)),
        per_screen=per_screen,
        spare=ids[args.streams :],
        grid=grid_name,
        profile=args.profile,
        seconds=args.seconds,
        soak=args.soak,
        sim=info,
    )
    result = run_wall(plan)
    # The floor decodes with the wall's own decoder settings, or the ratio lies.
    floor = decode_floor(result.streams, args.seconds, result.decode_threads)
    return build_report(args, grid_name, result, floor)


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def build_report(
    args: argparse.Namespace, grid_name: str, result: Any, floor: float
) -> dict[str, Any]:
    """The report: the issue's keys first, then what helps to read them."""
    profiles = [str(p) for _, p in result.streams]
    report: dict[str, Any] = {
        "streams": args.streams,
        "profile": args.profile,
        "cpu_wall": _r(result.cpu_wall, 3),
        "cpu_decode_only": _r(floor, 3),
        "cpu_ratio": _r(result.cpu_wall / floor, 2) if floor > 0 else None,
        "fps_min": _r(min(result.fps, default=0.0)),
        "fps_median": _r(statistics.median(result.fps) if result.fps else 0.0),
        "latency_ms_p50": _r(percentile(result.latencies_ms, 50)),
        "latency_ms_p95": _r(percentile(result.latencies_ms, 95)),
        "first_picture_ms_p50": _r(percentile(result.first_picture_ms, 50)),
        "first_live_ms_p50": _r(percentile(result.first_live_ms, 50)),
        "first_live_ms_p95": _r(percentile(result.first_live_ms, 95)),
        "loop_lag_ms_p99": _r(percentile(result.lags_ms, 99)),
        "rss_mb": _r(result.rss_end),
        "rss_mb_per_stream": _r((result.rss_end - result.rss_before) / args.streams, 2),
        "rss_growth_pct": _r(growth_pct(result.rss_minute1, result.rss_end), 2)
        if args.soak > 0
        else None,
    }
    report.update(
        cpu_gui_thread=_r(result.cpu_gui_thread, 3),
        grid=grid_name,
        screens=args.screens,
        screen_size=args.screen_size,
        seconds=args.seconds,
        soak=args.soak,
        streams_main=profiles.count("main"),
        streams_sub=profiles.count("sub"),
        tiles_not_live=result.not_live,
        latency_samples=len(result.latencies_ms),
        latency_unreadable=result.unreadable,
        callups=len(result.first_live_ms),
        callup_failures=result.callup_failures,
        rss_mb_before_streams=_r(result.rss_before),
        loadavg_1min=_r(os.getloadavg()[0], 2),
        cpus=os.cpu_count(),
    )
    return report


def _print(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(report))
        return
    width = max(len(k) for k in report)
    for key, value in report.items():
        shown = "-" if value is None else value
        print(f"{key:<{width}}  {shown}")

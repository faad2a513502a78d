"""``occhio sim``: run the camera simulator until told to stop.

Start-up: read the cameras, load (or encode) their loops, open the RTSP,
control and ONVIF listeners, then print one ``OCCHIO-SIM READY {json}`` line
on stdout. It stops on SIGTERM/SIGINT or when stdin reaches EOF, so a test
or demo that started it cannot leave it behind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable
from functools import partial

import cv2
from aiohttp import web

from app.sim import scene
from app.sim.cameras import DEFAULT_PASSWORD, DEFAULT_USER, Quirks, SimCamera, load_cameras
from app.sim.clock import ClockIdr
from app.sim.control import control_app
from app.sim.encode import PROFILES, REC, EncodedLoop, load_loops
from app.sim.http_video import MJPEG_PATH, MP4_PATH, HttpVideo, Timeline
from app.sim.live import LiveTimer, live_timers
from app.sim.onvif import OnvifContext, start_onvif
from app.sim.plates_setup import PlateSim
from app.sim.rec_nvr import build_recorder, camera_hooks, control_action, nvr_routes, replay_routes
from app.sim.rtsp import RtspServer
from app.sim.streams import StreamTimer
from app.sim.wsdiscovery import DiscoveryResponder, start_discovery

logger = logging.getLogger("app.sim")

READY_PREFIX = "OCCHIO-SIM READY "


def _watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """Set ``stop`` when stdin reaches EOF (the parent went away)."""

    def reader() -> None:
        # os.read on the raw descriptor, not sys.stdin: a daemon thread blocked
        # inside a buffered reader aborts the interpreter at exit.
        try:
            while os.read(fd, 4096):
                pass
        except OSError:
            pass
        loop.call_soon_threadsafe(stop.set)

    try:
        fd = sys.stdin.fileno()
        piped = stat.S_ISFIFO(os.fstat(fd).st_mode) or stat.S_ISSOCK(os.fstat(fd).st_mode)
    except (AttributeError, ValueError, OSError):
        return  # no stdin at all: only signals stop the simulator
    if not piped:
        # A terminal, or /dev/null when started in the background: its end says
        # nothing about a parent. Only a pipe from a parent process is watched.
        return
    threading.Thread(target=reader, name="sim-stdin", daemon=True).start()


async def _start_http(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner, int(runner.addresses[-1][1])


def _onvif_port(args: argparse.Namespace, index: int, camera: SimCamera) -> int:
    if args.http_port == 0:
        return 0
    return camera.onvif_port or args.http_port + 1 + index


def _ready_info(
    args: argparse.Namespace,
    ports: tuple[int, int, int],
    onvif: dict[str, int],
    ptz: list[str],
    t0: float,
) -> dict[str, object]:
    rtsp_port, http_port, discovery_port = ports
    return {
        "host": args.host,
        "rtsp_port": rtsp_port,
        "http_port": http_port,
        "onvif_ports": onvif,
        "cameras": list(onvif),
        "ptz_cameras": ptz,
        "discovery_port": discovery_port,  # 0: no WS-Discovery responder
        "http_video": {"mjpeg": MJPEG_PATH, "mp4": MP4_PATH},  # on http_port
        "username": DEFAULT_USER,
        "password": DEFAULT_PASSWORD,
        "t0": t0,
        "profiles": {
            p.name: {
                "width": p.width,
                "height": p.height,
                "fps": float(p.fps),
                "gop_frames": p.gop_frames,
                "loop_frames": p.loop_frames,
            }
            for p in PROFILES.values()
        },
    }


def _timers(
    cameras: list[SimCamera], loops: dict[tuple[str, str], EncodedLoop], t0: float
) -> dict[tuple[str, str], StreamTimer]:
    """Replayed loops for fixed cameras, live encoders for PTZ cameras."""
    by_id = {c.id: c for c in cameras}
    timers: dict[tuple[str, str], StreamTimer] = {
        (cid, prof): StreamTimer(by_id[cid], lp, t0, ClockIdr(cid, by_id[cid].name, lp))
        for (cid, prof), lp in loops.items()
    }
    for cam in cameras:
        if cam.ptz is not None:
            timers.update(live_timers(cam, t0))
    return timers


def _live_hooks(
    camera: SimCamera, timers: dict[tuple[str, str], StreamTimer]
) -> tuple[Callable[[], None] | None, Callable[[], scene.Image] | None]:
    """SetSynchronizationPoint and snapshot hooks of a live (PTZ) camera; (None, None) if not."""
    live = [t for (cid, _), t in timers.items() if cid == camera.id and isinstance(t, LiveTimer)]
    if not live:
        return None, None

    def sync() -> None:
        for timer in live:
            timer.request_idr()  # the next frame of each stream is an IDR

    main = next((t for t in live if t.loop.profile.name == "main"), live[0])
    return sync, lambda: main.source.render(main.current_frame(), time.time())


async def serve(
    args: argparse.Namespace, cameras: list[SimCamera], loops: dict[tuple[str, str], EncodedLoop]
) -> None:
    """Run every listener until SIGTERM/SIGINT or stdin EOF."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    _watch_stdin(loop, stop)
    t0 = time.monotonic()
    by_id = {c.id: c for c in cameras}
    timers = _timers(cameras, loops, t0)
    for timer in timers.values():
        timer.start()
    rtsp = RtspServer(by_id, timers, args.host)
    recorder = build_recorder(cameras, loops, getattr(args, "recording_days", 0))
    rtsp.replay = replay_routes(recorder, by_id, rtsp.auth)
    rtsp_port = await rtsp.start(args.rtsp_port)
    ctx = OnvifContext(args.host, rtsp_port, t0)
    runners = []
    actions = {a: partial(control_action, recorder, a) for a in ("replay-fault", "clock")}
    plates = PlateSim(cameras, args)
    control = control_app(by_id, rtsp, {**actions, "plates": plates.force})
    plates.add_controls(control)
    HttpVideo(by_id, loops, Timeline(t0)).routes(control)  # MJPEG and MP4 cameras
    nvr_routes(control, recorder, cameras, ctx)
    runner, http_port = await _start_http(control, args.host, args.http_port)
    runners.append(runner)
    runners += await plates.start()
    onvif_ports: dict[str, int] = {}
    rtsp_base = f"rtsp://{args.host}:{rtsp_port}"
    for i, cam in enumerate(cameras):
        hooks = camera_hooks(recorder, cam, rtsp_base)
        app = start_onvif(cam, ctx, *_live_hooks(cam, timers), recording=hooks)
        runner, port = await _start_http(app, args.host, _onvif_port(args, i, cam))
        runners.append(runner)
        onvif_ports[cam.id] = port
    discovery: DiscoveryResponder | None = None
    if args.discovery:
        discovery = await start_discovery(cameras, onvif_ports, args.host, args.discovery_port)
    ptz = [c.id for c in cameras if c.ptz is not None]
    ports = (rtsp_port, http_port, discovery.port if discovery else 0)
    info = _ready_info(args, ports, onvif_ports, ptz, t0)
    info["recording"] = {
        "days": getattr(args, "recording_days", 0),
        "channels": {cid: ch for ch, cid in recorder.channels.items()},
        "timezone": time.strftime("%z"),
    }
    info.update(plates.ready_info())
    sys.stdout.write(READY_PREFIX + json.dumps(info) + "\n")
    sys.stdout.flush()
    logger.info("Simulator ready: RTSP %s:%d, HTTP %d", args.host, rtsp_port, http_port)
    await stop.wait()
    logger.info("Simulator stopping")
    if discovery is not None:
        discovery.close()
    await rtsp.close()
    await plates.close()
    for timer in timers.values():
        await timer.stop()
    for runner in runners:
        await runner.cleanup()


def run_sim(args: argparse.Namespace) -> int:
    """Entry point of ``occhio sim``; returns the exit status."""
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        cameras = load_cameras(args.site, args.cameras)
    except (OSError, ValueError, KeyError) as exc:
        logger.error("Cannot read the site file %s: %s", args.site, exc)
        return 2
    if not cameras:
        logger.error("No cameras to simulate")
        return 2
    # The simulator runs on a budget next to the wall: OpenCV's worker threads would
    # spread the live PTZ rendering over every core for no gain in throughput.
    cv2.setNumThreads(1)
    quirks = Quirks(args.onvif_quirks)
    for cam in cameras:
        cam.quirks = quirks
    started = time.monotonic()
    replayed = [(c.id, c.name) for c in cameras if c.ptz is None]
    days = getattr(args, "recording_days", 0)
    loops = load_loops(replayed, profiles=[*PROFILES.values(), REC] if days else None)
    logger.info("Loops for %d cameras ready in %.2f s", len(replayed), time.monotonic() - started)
    try:
        asyncio.run(serve(args, cameras, loops))
    except OSError as exc:
        logger.error("Cannot start the simulator: %s", exc)
        return 1
    return 0

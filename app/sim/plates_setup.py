"""Which simulated cameras are plate cameras, in which dialect, on which port.

Read from the site file's ``[[plates.sources]]`` (camera, dialect, port);
a camera of kind ``plate`` without a source speaks Hikvision. The port is
the one the source names when the simulator runs on fixed ports, a free
one otherwise (the demo and the tests read it from the READY line).
"""

from __future__ import annotations

import argparse
import asyncio
import tomllib
from pathlib import Path
from typing import Any

from aiohttp import web

from app.sim.cameras import DEFAULT_SITE, SimCamera
from app.sim.plates import PlateTraffic
from app.sim.plates_onvif import PlateEvents
from app.sim.plates_server import (
    PlateCamera,
    add_plate_controls,
    close_all,
    force_plate,
    plate_camera_app,
    traffic_loop,
)

DIALECTS = ("hikvision", "hikvision-push", "dahua", "onvif", "webhook")


def _sources(site: str | None) -> dict[str, dict[str, Any]]:
    path = Path(site) if site else DEFAULT_SITE
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    plates = data.get("plates")
    sources = plates.get("sources", []) if isinstance(plates, dict) else []
    return {str(s.get("camera")): s for s in sources if isinstance(s, dict)}


def build_plate_cameras(cameras: list[SimCamera], site: str | None) -> dict[str, PlateCamera]:
    """The plate cameras among ``cameras`` with their dialect (from the site file)."""
    sources = _sources(site)
    out = {}
    for cam in cameras:
        source = sources.get(cam.id)
        if cam.kind != "plate" and source is None:
            continue
        dialect = str((source or {}).get("dialect", "hikvision"))
        if dialect not in DIALECTS:
            dialect = "hikvision"
        traffic = PlateTraffic(cam.id)
        out[cam.id] = PlateCamera(cam, dialect, traffic, PlateEvents(cam.username, cam.password))
    return out


def wanted_port(site: str | None, camera_id: str, fixed: bool) -> int:
    """The port the site file names for ``camera_id`` (0: any free port)."""
    if not fixed:
        return 0
    port = _sources(site).get(camera_id, {}).get("port", 0)
    return port if isinstance(port, int) and 0 < port < 65536 else 0


async def start_plate_cameras(
    cams: dict[str, PlateCamera], args: argparse.Namespace
) -> tuple[list[web.AppRunner], dict[str, int], list[asyncio.Task[None]]]:
    """Listen for every plate camera and start its traffic; returns runners, ports, tasks.

    Ports are the site file's when the simulator runs on fixed ports
    (``--http-port`` not 0), free ones otherwise.
    """
    host, site, fixed = args.host, args.site, args.http_port != 0
    runners, ports, tasks = [], {}, []
    for cid, cam in cams.items():
        runner = web.AppRunner(plate_camera_app(cam), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, wanted_port(site, cid, fixed)).start()
        runners.append(runner)
        ports[cid] = int(runner.addresses[-1][1])
        tasks.append(asyncio.create_task(traffic_loop(cam), name=f"traffic-{cid}"))
    return runners, ports, tasks


class PlateSim:
    """The simulator's plate cameras as one piece: controls, listeners, traffic, shutdown."""

    def __init__(self, cameras: list[SimCamera], args: argparse.Namespace) -> None:
        self.args = args
        self.cameras = build_plate_cameras(cameras, args.site)
        self.force = force_plate(self.cameras)  # the ``plates`` action of the control app
        self.ports: dict[str, int] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def add_controls(self, app: web.Application) -> None:
        """``GET /sim/plates`` and ``POST /sim/<id>/plates/<action>``."""
        add_plate_controls(app, self.cameras)

    async def start(self) -> list[web.AppRunner]:
        """Listen for every plate camera and start its traffic; returns the runners."""
        runners, self.ports, self._tasks = await start_plate_cameras(self.cameras, self.args)
        return runners

    def ready_info(self) -> dict[str, object]:
        """What the READY line says about plate cameras: their ports and dialects."""
        return {
            "plate_ports": self.ports,
            "plate_dialects": {cid: cam.dialect for cid, cam in self.cameras.items()},
        }

    async def close(self) -> None:
        """Stop the traffic and the pushes."""
        for task in self._tasks:
            task.cancel()
        await close_all(self.cameras)

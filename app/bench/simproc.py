"""The simulator child of a benchmark run, and the site the wall gets from it.

The simulator simulates the cameras of the site file it is given, so the
benchmark writes a small one with as many cameras as it needs (the loops
are encoded once and cached by the simulator). The child prints one
``OCCHIO-SIM READY {json}`` line; its log goes to a temporary file that is
shown only if it fails.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from app.core.model import Camera, Site, SiteConfig
from app.sim.launcher import SimLauncher, SimStartError

__all__ = ["SimProcess", "SimStartError", "bench_site", "camera_ids", "write_sim_site"]

logger = logging.getLogger("app.bench")

#: A first start encodes the loops of every new camera (a few seconds each).
START_TIMEOUT_S = 600.0


def camera_ids(count: int) -> list[str]:
    """Stable ids of the benchmark's cameras (stable ids keep the loop cache warm)."""
    return [f"bench-{i:03d}" for i in range(1, count + 1)]


def write_sim_site(path: Path, count: int) -> None:
    """A site file with ``count`` cameras, only as much as the simulator reads."""
    lines = ['schema_version = 1\nname = "Benchmark"\n']
    for i, cid in enumerate(camera_ids(count), start=1):
        lines.append(f'[[cameras]]\nid = "{cid}"\nname = "Banco {i:03d}"\n')
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines))
    os.replace(tmp, path)


def bench_site(info: dict[str, Any], count: int) -> SiteConfig:
    """The wall's site: ``count`` cameras with main and sub URLs on the simulator."""
    host, port = info["host"], int(info["rtsp_port"])
    user, password = str(info["username"]), str(info["password"])
    cameras = tuple(
        Camera(
            id=cid,
            number=i,
            name=f"Banco {i:03d}",
            site_id="banco",
            main_url=f"rtsp://{host}:{port}/{cid}/main",
            sub_url=f"rtsp://{host}:{port}/{cid}/sub",
            username=user,
            password=password,
        )
        for i, cid in enumerate(camera_ids(count), start=1)
    )
    return SiteConfig("Benchmark", (Site("banco", "Banco prova"),), (), cameras)


class SimProcess(SimLauncher):
    """The benchmark's simulator on free ports (see ``app.sim.launcher``)."""

    def __init__(self, site_file: Path, timeout: float = START_TIMEOUT_S) -> None:
        super().__init__(site_file, timeout=timeout)

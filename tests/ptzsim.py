"""A simulator with one PTZ camera, shared by the PTZ tests, and how to read its picture."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from app.core.model import Camera, CameraKind, OnvifAddress
from app.devices.ptz import PtzClient
from tests.simproc import SimProcess
from tests.waiting import wait_until

PTZ_ID = "ptz-porto"
USER, PASSWORD = "admin", "occhio"
SITE = f"""
schema_version = 1
[[cameras]]
id = "{PTZ_ID}"
name = "Porto turistico"
kind = "ptz"
main_url = "rtsp://127.0.0.1:8554/{PTZ_ID}/main"
"""


def write_site(folder: Path) -> Path:
    """A site file with one PTZ camera (no replayed loops to encode)."""
    path = folder / "site.toml"
    path.write_text(SITE, encoding="utf-8")
    return path


@contextmanager
def ptz_simulator(folder: Path, extra_args: Sequence[str] = ()) -> Iterator[SimProcess]:
    """The simulator serving only the PTZ camera, stopped on exit."""
    proc = SimProcess().start(write_site(folder), extra_args=list(extra_args))
    try:
        yield proc
    finally:
        proc.stop()


def address(sim: SimProcess) -> OnvifAddress:
    """The PTZ camera's ONVIF address with its credentials."""
    return OnvifAddress(sim.host, sim.onvif_ports[PTZ_ID], USER, PASSWORD)


def ptz_camera(sim: SimProcess) -> Camera:
    """The PTZ camera as a site lists it when only its ONVIF address is known."""
    return Camera(
        id=PTZ_ID,
        number=301,
        name="Porto turistico",
        site_id="chiavari",
        kind=CameraKind.PTZ,
        onvif=address(sim),
    )


def shift(before: np.ndarray, after: np.ndarray) -> tuple[float, float]:
    """How far the scene moved between two grey pictures (dx, dy; OSD and strip left out)."""
    h = before.shape[0]
    band = slice(h // 6, h - h // 6)  # no name, clock or frame-index strip
    a = np.ascontiguousarray(before[band], np.float32)
    b = np.ascontiguousarray(after[band], np.float32)
    window = cv2.createHanningWindow((a.shape[1], a.shape[0]), cv2.CV_32F)
    (dx, dy), _ = cv2.phaseCorrelate(a, b, window)
    return dx, dy


def head(sim: SimProcess) -> dict[str, Any]:
    """The PTZ head as the simulator reports it: pan, tilt, zoom, moving."""
    ptz: dict[str, Any] = sim.status()[PTZ_ID]["ptz"]
    return ptz


def point_head(sim: SimProcess, pan: float, tilt: float, zoom: float) -> None:
    """Send the head to an absolute position over ONVIF and wait until it is there."""

    async def move() -> None:
        async with PtzClient(address(sim)) as client:
            await client.absolute_move(pan, tilt, zoom)

    asyncio.run(move())
    assert wait_until(lambda: not head(sim)["moving"], 10), "the PTZ head kept moving"

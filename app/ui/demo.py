"""The demo's simulator child process and the site rewrite to its ports.

``occhio demo`` starts ``python -m app sim`` with free ports, waits (with a
deadline) for its ``OCCHIO-SIM READY {json}`` line, and points the demo
site's cameras at the ports the simulator actually took. The child also
watches its stdin, so it dies with us even if we are killed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from app.core.model import Camera, RecorderKind, SiteConfig
from app.sim.launcher import SimLauncher, SimStartError

__all__ = ["SimChild", "SimStartError", "point_site_at_sim"]

#: The first demo start encodes the cameras' loops; later starts take a second.
READY_TIMEOUT_S = 90.0


class SimChild(SimLauncher):
    """The simulator started for the demo (see ``app.sim.launcher``)."""

    def __init__(self, site_file: Path, timeout: float = READY_TIMEOUT_S) -> None:
        super().__init__(site_file, timeout=timeout)


def _repoint(url: str | None, host: str, port: int) -> str | None:
    """``url`` with its host:port replaced (credentials and path kept)."""
    if not url:
        return url
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}:{port}" if userinfo else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def point_site_at_sim(site: SiteConfig, info: dict[str, Any]) -> SiteConfig:
    """The site with every camera's RTSP/ONVIF (and recorder) address moved to the simulator's."""
    host, rtsp_port = str(info["host"]), int(info["rtsp_port"])
    http_port = int(info.get("http_port", 0))
    onvif_ports: dict[str, int] = {k: int(v) for k, v in info.get("onvif_ports", {}).items()}

    def move(cam: Camera) -> Camera:
        onvif = cam.onvif
        if onvif is not None and cam.id in onvif_ports:
            onvif = dataclasses.replace(onvif, host=host, port=onvif_ports[cam.id])
        recorder = cam.recorder
        if recorder is not None and recorder.kind is not RecorderKind.CAMERA:
            # The simulator is the NVR on its HTTP port.
            recorder = dataclasses.replace(recorder, host=host, port=http_port, rtsp_port=rtsp_port)
        return dataclasses.replace(
            cam,
            main_url=_repoint(cam.main_url, host, rtsp_port),
            sub_url=_repoint(cam.sub_url, host, rtsp_port),
            onvif=onvif,
            recorder=recorder,
        )

    return dataclasses.replace(site, cameras=tuple(move(c) for c in site.cameras))

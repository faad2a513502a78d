"""Start the camera simulator as a process and drive it, for tests and benchmarks.

The simulator prints one ``OCCHIO-SIM READY {json}`` line when it listens;
:class:`SimProcess` waits for it (bounded), exposes the ports and builds
stream URLs, and always stops the process (terminate, then kill).
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from app.sim.launcher import STOP_TIMEOUT_S, SimLauncher, SimStartError

__all__ = ["STOP_TIMEOUT_S", "SimError", "SimProcess"]

#: The first start encodes every camera's loops; later starts read the cache.
START_TIMEOUT_S = 120.0


class SimError(RuntimeError):
    """The simulator did not start; carries the end of its log."""


class SimProcess:
    """One running simulator process."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}
        self.host = "127.0.0.1"
        self.rtsp_port = 0
        self.http_port = 0
        self.onvif_ports: dict[str, int] = {}
        self.cameras: list[str] = []
        self.ptz_cameras: list[str] = []
        self.discovery_port = 0
        self._passwords: dict[str, str] = {}
        self._launcher: SimLauncher | None = None

    def start(
        self,
        site: str | os.PathLike[str] | None = None,
        cameras: int | None = None,
        extra_args: Sequence[str] = (),
        prefix: Sequence[str] = (),
    ) -> SimProcess:
        """Start ``python -m app sim`` on free ports and wait for READY.

        ``extra_args`` go to ``occhio sim`` as they are (``--onvif-quirks minimal``...);
        ``prefix`` is a command that runs it (``ip netns exec NAME``).
        """
        try:
            self._launcher = SimLauncher(
                site, cameras, timeout=START_TIMEOUT_S, extra_args=extra_args, prefix=prefix
            )
        except SimStartError as exc:
            raise SimError(str(exc)) from None
        self.proc = self._launcher.proc
        self.info = self._launcher.info
        self.host = self.info["host"]
        self.rtsp_port = self.info["rtsp_port"]
        self.http_port = self.info["http_port"]
        self.onvif_ports = dict(self.info["onvif_ports"])
        self.cameras = list(self.info["cameras"])
        self.ptz_cameras = list(self.info.get("ptz_cameras", []))
        self.discovery_port = int(self.info.get("discovery_port", 0))
        return self

    def log(self, tail: int = 4000) -> str:
        """The end of the simulator's log (stderr)."""
        return "" if self._launcher is None else self._launcher.log(tail)

    @property
    def username(self) -> str:
        """User name of the demo cameras."""
        return str(self.info.get("username", "admin"))

    def password(self, camera_id: str) -> str:
        """The camera's current password (tracks :meth:`control` password changes)."""
        return self._passwords.get(camera_id, str(self.info.get("password", "occhio")))

    def url(self, camera_id: str, profile: str = "main", with_credentials: bool = True) -> str:
        """rtsp:// URL of a camera profile, with the credentials inside by default."""
        auth = ""
        if with_credentials:
            auth = f"{quote(self.username, safe='')}:{quote(self.password(camera_id), safe='')}@"
        return f"rtsp://{auth}{self.host}:{self.rtsp_port}/{camera_id}/{profile}"

    def http_url(self, camera_id: str, profile: str = "sub", kind: str = "mjpeg") -> str:
        """http:// URL of a camera's MJPEG (``kind="mjpeg"``) or MP4 stream, without credentials."""
        path = self.info["http_video"][kind].format(camera=camera_id, profile=profile)
        return f"http://{self.host}:{self.http_port}{path}"

    def control(self, camera_id: str, action: str, body: str | None = None) -> dict[str, Any]:
        """POST /sim/<camera>/<action> (drop, freeze, restore, password, quirks)."""
        url = f"http://{self.host}:{self.http_port}/sim/{quote(camera_id, safe='')}/{action}"
        data = (body or "").encode()
        req = urllib.request.Request(url, data=data, method="POST")
        req.add_header("Content-Type", "text/plain")
        with urllib.request.urlopen(req, timeout=10) as resp:
            result: dict[str, Any] = json.loads(resp.read())
        if action == "password" and body is not None:
            self._passwords[camera_id] = body
        return result

    def status(self) -> dict[str, Any]:
        """GET /sim/status."""
        url = f"http://{self.host}:{self.http_port}/sim/status"
        with urllib.request.urlopen(url, timeout=10) as resp:
            result: dict[str, Any] = json.loads(resp.read())
        return result

    def stop(self) -> int | None:
        """Stop the process (stdin EOF, SIGTERM, then SIGKILL); returns its exit status."""
        launcher, self._launcher, self.proc = self._launcher, None, None
        return None if launcher is None else launcher.stop()

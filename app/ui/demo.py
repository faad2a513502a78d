"""The demo's simulator child process and the site rewrite to its ports.

``occhio demo`` starts ``python -m app sim`` with free ports, waits (with a
deadline) for its ``OCCHIO-SIM READY {json}`` line, and points the demo
site's cameras at the ports the simulator actually took. The child also
watches its stdin, so it dies with us even if we are killed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from app.core.model import Camera, SiteConfig

logger = logging.getLogger("app.ui")

READY_PREFIX = "OCCHIO-SIM READY "
READY_TIMEOUT_S = 90.0


class SimStartError(Exception):
    """The simulator did not become ready (English detail)."""


class SimChild:
    """A running simulator process started for the demo."""

    def __init__(self, site_file: Path, timeout: float = READY_TIMEOUT_S) -> None:
        cmd = [
            sys.executable,
            "-m",
            "app",
            "sim",
            "--rtsp-port",
            "0",
            "--http-port",
            "0",
            "--site",
            str(site_file),
        ]
        logger.info("starting the simulator: %s", " ".join(cmd))
        self.process = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="sim-stdout", daemon=True)
        self._reader.start()
        self.info = self._wait_ready(timeout)

    def _read(self) -> None:
        """Drain the child's stdout so it never blocks on a full pipe."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _wait_ready(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise SimStartError(f"simulator exited early (status {self.process.wait()})")
            if line.startswith(READY_PREFIX):
                info: dict[str, Any] = json.loads(line[len(READY_PREFIX) :])
                logger.info("simulator ready: RTSP port %s", info.get("rtsp_port"))
                return info
        self.stop()
        raise SimStartError(f"simulator not ready within {timeout:.0f} s")

    def stop(self) -> None:
        """End the child: close its stdin, then terminate, then kill (bounded)."""
        if self.process.poll() is not None:
            return
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
            self.process.terminate()
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            logger.warning("simulator did not stop in 5 s; killing it")
            self.process.kill()
            self.process.wait(timeout=5)
        logger.info("simulator stopped")


def _repoint(url: str | None, host: str, port: int) -> str | None:
    """``url`` with its host:port replaced (credentials and path kept)."""
    if not url:
        return url
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}:{port}" if userinfo else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


def point_site_at_sim(site: SiteConfig, info: dict[str, Any]) -> SiteConfig:
    """The site with every camera's RTSP/ONVIF address moved to the simulator's."""
    host, rtsp_port = str(info["host"]), int(info["rtsp_port"])
    onvif_ports: dict[str, int] = {k: int(v) for k, v in info.get("onvif_ports", {}).items()}

    def move(cam: Camera) -> Camera:
        onvif = cam.onvif
        if onvif is not None and cam.id in onvif_ports:
            onvif = dataclasses.replace(onvif, host=host, port=onvif_ports[cam.id])
        return dataclasses.replace(
            cam,
            main_url=_repoint(cam.main_url, host, rtsp_port),
            sub_url=_repoint(cam.sub_url, host, rtsp_port),
            onvif=onvif,
        )

    return dataclasses.replace(site, cameras=tuple(move(c) for c in site.cameras))

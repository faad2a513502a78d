"""Start the camera simulator as a process and drive it, for tests and benchmarks.

The simulator prints one ``OCCHIO-SIM READY {json}`` line when it listens;
:class:`SimProcess` waits for it (bounded), exposes the ports and builds
stream URLs, and always stops the process (terminate, then kill).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

READY_PREFIX = "OCCHIO-SIM READY "
#: The first start encodes every camera's loops; later starts read the cache.
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 10.0


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
        self._passwords: dict[str, str] = {}
        self._log: IO[str] | None = None
        self._pump: threading.Thread | None = None

    def start(
        self, site: str | os.PathLike[str] | None = None, cameras: int | None = None
    ) -> SimProcess:
        """Start ``python -m app sim`` on free ports and wait for READY."""
        cmd = [sys.executable, "-m", "app", "sim", "--rtsp-port", "0", "--http-port", "0"]
        if site is not None:
            cmd += ["--site", str(site)]
        if cameras is not None:
            cmd += ["--cameras", str(cameras)]
        # Closed in stop(): the log outlives this call.
        self._log = tempfile.TemporaryFile("w+", prefix="occhio-sim-", suffix=".log")  # noqa: SIM115
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(
            cmd,
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        stdout = self.proc.stdout

        def pump() -> None:
            # This thread owns stdout: it reads to EOF (the process ended) and closes it.
            with stdout:
                for line in stdout:
                    lines.put(line)
            lines.put("")

        self._pump = threading.Thread(target=pump, name="sim-stdout", daemon=True)
        self._pump.start()
        try:
            line = lines.get(timeout=START_TIMEOUT_S)
            while line and not line.startswith(READY_PREFIX):
                line = lines.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            raise SimError(f"simulator not ready in {START_TIMEOUT_S} s:\n{self.log()}") from None
        if not line:
            raise SimError(f"simulator exited before READY:\n{self.log()}")
        self.info = json.loads(line[len(READY_PREFIX) :])
        self.host = self.info["host"]
        self.rtsp_port = self.info["rtsp_port"]
        self.http_port = self.info["http_port"]
        self.onvif_ports = dict(self.info["onvif_ports"])
        self.cameras = list(self.info["cameras"])

    def log(self, tail: int = 4000) -> str:
        """The end of the simulator's log (stderr)."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read()[-tail:]

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

    def control(self, camera_id: str, action: str, body: str | None = None) -> dict[str, Any]:
        """POST /sim/<camera>/<action> (drop, freeze, restore, password)."""
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
        """Stop the process (SIGTERM, then SIGKILL); returns its exit status."""
        proc, self.proc = self.proc, None
        code = None
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
            try:
                code = proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = proc.wait(STOP_TIMEOUT_S)
            if proc.stdin is not None:
                proc.stdin.close()
            if self._pump is not None:
                self._pump.join(STOP_TIMEOUT_S)
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

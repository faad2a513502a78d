"""The simulator child of a benchmark run, and the site the wall gets from it.

The simulator simulates the cameras of the site file it is given, so the
benchmark writes a small one with as many cameras as it needs (the loops
are encoded once and cached by the simulator). The child prints one
``OCCHIO-SIM READY {json}`` line; its log goes to a temporary file that is
shown only if it fails.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from app.core.model import Camera, Site, SiteConfig

logger = logging.getLogger("app.bench")

READY_PREFIX = "OCCHIO-SIM READY "
#: A first start encodes the loops of every new camera (a few seconds each).
START_TIMEOUT_S = 600.0
STOP_TIMEOUT_S = 10.0
ROOT = Path(__file__).resolve().parents[2]


class SimStartError(RuntimeError):
    """The simulator did not become ready; carries the end of its log."""


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


class SimProcess:
    """``python -m app sim`` on free ports, stopped by ``stop`` (terminate, then kill)."""

    def __init__(self, site_file: Path, timeout: float = START_TIMEOUT_S) -> None:
        cmd = [sys.executable, "-m", "app", "sim", "--rtsp-port", "0", "--http-port", "0"]
        cmd += ["--site", str(site_file)]
        # Closed in stop(): the log outlives this call.
        self._log: IO[str] = tempfile.TemporaryFile("w+", prefix="occhio-bench-sim-")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._pump = threading.Thread(target=self._read, name="bench-sim-stdout", daemon=True)
        self._pump.start()
        try:
            self.info = self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def _read(self) -> None:
        stdout = self.proc.stdout
        assert stdout is not None
        with stdout:
            for line in stdout:
                self._lines.put(line)
        self._lines.put("")  # end of output: the process ended

    def _wait_ready(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if not line:
                raise SimStartError(f"simulator exited before READY:\n{self.log()}")
            if line.startswith(READY_PREFIX):
                info: dict[str, Any] = json.loads(line[len(READY_PREFIX) :])
                return info
        raise SimStartError(f"simulator not ready in {timeout:.0f} s:\n{self.log()}")

    def log(self, tail: int = 4000) -> str:
        """The end of the simulator's log."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read()[-tail:]

    def stop(self) -> None:
        """End the child; idempotent."""
        proc = self.proc
        if proc.poll() is None:
            if proc.stdin is not None:
                proc.stdin.close()  # the simulator also stops on stdin EOF
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                logger.warning("simulator did not stop in %.0f s; killing it", STOP_TIMEOUT_S)
                proc.kill()
                proc.wait(STOP_TIMEOUT_S)
        self._pump.join(STOP_TIMEOUT_S)
        if not self._log.closed:
            self._log.close()

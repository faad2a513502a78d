"""Start the simulator as a child process and wait until it listens.

Used by ``occhio demo``, ``occhio bench`` and the tests: the child runs
``python -m app sim`` on free ports and prints one ``OCCHIO-SIM READY {json}``
line when ready. Its log goes to a temporary file, shown when it fails. The
child also stops when its stdin closes, so it dies with its parent.
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
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger("app.sim")

READY_PREFIX = "OCCHIO-SIM READY "
#: A first start encodes every new camera's loops (about a second each).
START_TIMEOUT_S = 120.0
STOP_GRACE_S = 3.0  # stdin EOF usually ends it within a second
STOP_TIMEOUT_S = 10.0
_ROOT = Path(__file__).resolve().parents[2]


class SimStartError(RuntimeError):
    """The simulator did not become ready; the message ends with its log."""


class SimLauncher:
    """One simulator child process; ``info`` is its READY json."""

    def __init__(
        self,
        site: str | os.PathLike[str] | None = None,
        cameras: int | None = None,
        timeout: float = START_TIMEOUT_S,
        extra_args: Sequence[str] = (),
        prefix: Sequence[str] = (),
    ) -> None:
        # ``prefix`` runs the simulator through another command (``ip netns exec NAME``).
        cmd = [*prefix, sys.executable, "-m", "app", "sim", "--rtsp-port", "0", "--http-port", "0"]
        if site is not None:
            cmd += ["--site", str(site)]
        if cameras is not None:
            cmd += ["--cameras", str(cameras)]
        cmd += list(extra_args)  # e.g. --onvif-quirks minimal, --discovery
        logger.info("starting the simulator: %s", " ".join(cmd))
        # Closed in stop(): the log outlives this call.
        self._log: IO[str] = tempfile.TemporaryFile("w+", prefix="occhio-sim-")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd,
            cwd=_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._pump = threading.Thread(target=self._read, name="sim-stdout", daemon=True)
        self._pump.start()
        try:
            self.info: dict[str, Any] = self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        logger.info("simulator ready: RTSP port %s", self.info.get("rtsp_port"))

    def _read(self) -> None:
        """Drain stdout (so the child never blocks on a full pipe) until EOF."""
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
        """The end of the simulator's log (its stderr)."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read()[-tail:]

    def stop(self) -> int | None:
        """End the child (stdin EOF, SIGTERM, then SIGKILL); idempotent; its status."""
        proc = self.proc
        if proc.poll() is None:
            if proc.stdin is not None:
                proc.stdin.close()
            try:
                # EOF on stdin is the simulator's own way to stop. A SIGTERM sent
                # at once could land after its loop has put the default handler
                # back, and kill it mid-way (status -15) instead.
                proc.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                logger.warning("simulator did not stop in %.0f s; killing it", STOP_TIMEOUT_S)
                proc.kill()
                proc.wait(STOP_TIMEOUT_S)
            logger.info("simulator stopped")
        elif proc.stdin is not None and not proc.stdin.closed:
            proc.stdin.close()
        self._pump.join(STOP_TIMEOUT_S)
        if not self._log.closed:
            self._log.close()
        return proc.returncode

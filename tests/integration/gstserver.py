"""GStreamer's RTSP server as a third-party reference for the engine tests.

``running_gst`` starts ``gst_rtsp_server.py`` with the system Python (the
project's virtual environment cannot import ``gi``) and waits for its
``READY <port>`` line; test modules wrap it in their own fixtures. The tests
are skipped, with the reason, where GStreamer's RTSP server or x264enc is
not installed.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("gst_rtsp_server.py")
_CHECK = (
    "import gi; gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0');"
    "from gi.repository import Gst, GstRtspServer; Gst.init(None);"
    "assert Gst.ElementFactory.find('x264enc'), 'x264enc missing'"
)


def gst_missing(check_code: str = _CHECK, what: str = "GStreamer RTSP server") -> str | None:
    """Why the GStreamer server cannot run here, or None when it can.

    ``check_code`` runs in the system Python and fails with the reason.
    """
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} not found"
    check = subprocess.run(
        [SYSTEM_PYTHON, "-c", check_code], capture_output=True, text=True, timeout=30, check=False
    )
    if check.returncode != 0:
        lines = check.stderr.strip().splitlines() or ["unknown error"]
        return f"{what} unavailable: {lines[-1]}"
    return None


@dataclass
class GstServer:
    """A running server: ``url()`` gives its stream address."""

    port: int
    width: int
    height: int
    fps: int

    def url(self, path: str = "test") -> str:
        """The RTSP URL of ``path`` (without credentials)."""
        return f"rtsp://127.0.0.1:{self.port}/{path}"


@contextlib.contextmanager
def running_gst(
    user: str = "", password: str = "", width: int = 640, height: int = 360, fps: int = 25
) -> Iterator[GstServer]:
    """Start the server, yield it, stop it (closing stdin, then terminate if needed)."""
    reason = gst_missing()
    if reason:
        pytest.skip(reason)
    cmd = [SYSTEM_PYTHON, str(SCRIPT), "--width", str(width), "--height", str(height)]
    cmd += ["--fps", str(fps)]
    if user:
        cmd += ["--user", user, "--password", password]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        port = _read_ready(proc, timeout=20.0)
        yield GstServer(port, width, height, fps)
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(timeout=5)
        for pipe in (proc.stdout, proc.stderr):
            if pipe:
                pipe.close()


def _read_ready(proc: subprocess.Popen[str], timeout: float) -> int:
    """The port from the server's READY line; fails the test if it never comes."""
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.append(proc.stdout.readline() if proc.stdout else ""), daemon=True
    )
    reader.start()
    reader.join(timeout)
    line = lines[0].strip() if lines else ""
    if not line.startswith("READY "):
        err = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
        pytest.fail(f"GStreamer RTSP server did not start: {line!r} {err[-500:]}")
    return int(line.split()[1])

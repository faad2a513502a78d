"""Running GStreamer's ONVIF replay client and server (system Python) for the tests."""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.gstserver import SYSTEM_PYTHON, gst_missing

HERE = Path(__file__).parent
_CHECK = (
    "import gi; gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0');"
    "from gi.repository import Gst, GstRtspServer; Gst.init(None);"
    "GstRtspServer.RTSPOnvifMediaFactory.set_replay_support;"
    "missing = [e for e in ('rtspsrc', 'rtponvifparse', 'rtponviftimestamp', 'x264enc',"
    " 'openh264dec', 'h264parse') if not Gst.ElementFactory.find(e)];"
    "assert not missing, 'missing GStreamer elements: ' + ', '.join(missing)"
)


def onvif_missing() -> str | None:
    """Why GStreamer's ONVIF elements cannot run here, or None."""
    return gst_missing(_CHECK, "GStreamer ONVIF support")


def run_client(url: str, out: Path, *, user: str, password: str, span: tuple[float, float]) -> str:
    """Play ``span`` of ``url`` with rtspsrc in ONVIF mode into ``out``; returns its last line."""
    reason = onvif_missing()
    if reason:
        pytest.skip(reason)
    result = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(HERE / "gst_onvif_client.py"),
            url,
            user,
            password,
            str(span[0]),
            str(span[1]),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def onvif_server() -> Iterator[int]:
    """GStreamer's RTSPOnvifServer serving /recording; yields its port."""
    reason = onvif_missing()
    if reason:
        pytest.skip(reason)
    proc = subprocess.Popen(
        [SYSTEM_PYTHON, str(HERE / "gst_onvif_server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda: lines.append(proc.stdout.readline() if proc.stdout else ""), daemon=True
        )
        reader.start()
        reader.join(20)
        if not lines or not lines[0].startswith("READY "):
            pytest.fail(f"GStreamer ONVIF server did not start: {lines!r}")
        yield int(lines[0].split()[1])
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

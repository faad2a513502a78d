"""Helpers for evidence tests: a site file for the simulator's recorders, CLI runs, tools."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.simproc import SimProcess

ROOT = Path(__file__).resolve().parents[1]


def minute_ago(hours: float) -> float:
    """A whole minute ``hours`` back (the simulated archive has it, away from night gaps)."""
    t = time.time() - hours * 3600
    return t - t % 60


def write_site(sim: SimProcess, path: Path) -> Path:
    """cam-onvif: chiavari-02's own card; cam-hik / cam-dahua / cam-nvr: NVR channel 1."""
    onvif_port = sim.onvif_ports["chiavari-02"]
    nvr = (
        f'host = "{sim.host}"\nport = {sim.http_port}\nrtsp_port = {sim.rtsp_port}\n'
        'channel = 1\nusername = "admin"\npassword = "occhio"\n'
    )
    cameras = [
        (
            "cam-onvif",
            1,
            f'[cameras.onvif]\nhost = "{sim.host}"\nport = {onvif_port}\n'
            'username = "admin"\npassword = "occhio"\n[cameras.recorder]\nkind = "camera"\n',
        ),
        ("cam-hik", 2, f'main_url = "rtsp://h/x"\n[cameras.recorder]\nkind = "hikvision"\n{nvr}'),
        ("cam-dahua", 3, f'main_url = "rtsp://h/x"\n[cameras.recorder]\nkind = "dahua"\n{nvr}'),
        ("cam-nvr", 4, f'main_url = "rtsp://h/x"\n[cameras.recorder]\nkind = "onvif"\n{nvr}'),
    ]
    text = 'schema_version = 1\nname = "Prova"\n[[sites]]\nid = "s"\nname = "Chiavari"\n'
    for cid, number, extra in cameras:
        text += f'[[cameras]]\nid = "{cid}"\nnumber = {number}\nname = "{cid}"\nsite = "s"\n{extra}'
    path.write_text(text, encoding="utf-8")
    return path


def occhio(
    *args: str, timeout: float = 120, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m app ARGS`` with this test's OCCHIO_HOME."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=dict(os.environ),
    )


def tool(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """A standard tool run inside the package folder."""
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=60, check=False
    )


def signature_verified(folder: Path) -> bool:
    """Whether ``openssl pkeyutl -verify`` accepts the package's signature."""
    result = tool(
        folder, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pubkey.pem", "-rawin",
        "-in", "manifest.json", "-sigfile", "manifest.json.sig",
    )  # fmt: skip
    return "Signature Verified Successfully" in result.stdout


def probe_frames(path: Path, entries: str = "nb_read_frames") -> str:
    """``ffprobe -count_frames`` of a clip's video: ``entries`` as CSV (no header)."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", f"stream={entries}", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return result.stdout.strip()

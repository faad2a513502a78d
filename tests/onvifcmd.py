"""``occhio onvif --json`` run as a process, as an installer runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def onvif_json(address: str, user: str, password: str) -> dict[str, Any]:
    """What ``occhio onvif ADDRESS --json`` printed; fails the test on a non-zero exit."""
    command = [sys.executable, "-m", "app", "onvif", address, "--json", "--user", user]
    result = subprocess.run(
        command,
        env={**os.environ, "OCCHIO_PASSWORD": password},  # not in the process list
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data

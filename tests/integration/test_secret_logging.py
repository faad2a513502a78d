"""With ``-v`` the wall logs at debug level, but never a WS-Security digest, nonce or
timestamp (which would allow an offline guess of the password)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.hostile.onvif import HostileOnvifDevice, OnvifScript

SCRIPT = """
import asyncio, logging, sys
from app.core.model import OnvifAddress
from app.devices.onvif import get_device_summary
from app.ui.bootstrap import setup_logging
setup_logging(verbose=True)
# What a library might log: a whole envelope, at debug level.
logging.getLogger("app.devices").debug(
    "sent <wsse:Password Type='x#PasswordDigest'>c2VjcmV0ZGlnZXN0</wsse:Password>"
    "<wsse:Nonce>bm9uY2U=</wsse:Nonce><wsu:Created>2030-01-01T00:00:00Z</wsu:Created>"
)
summary = asyncio.run(get_device_summary(OnvifAddress("127.0.0.1", int(sys.argv[1]),
    "admin", "occhio"), 5.0))
print("model:", summary.model)
"""


def test_debug_log_holds_no_ws_security_secret() -> None:
    with HostileOnvifDevice(OnvifScript()) as device:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(device.port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "model: HostileCam" in done.stdout
    log = done.stderr
    assert " DEBUG " in log  # debug logging was on
    for secret in ("c2VjcmV0ZGlnZXN0", "bm9uY2U=", "2030-01-01T00:00:00Z"):
        assert secret not in log
    assert not re.search(r"(Password|Nonce|Created)[^>]*>(?!\*\*\*)[^<]+<", log)

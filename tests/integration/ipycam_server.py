"""A third-party ONVIF camera for tests: IPyCam, a virtual IP camera from PyPI.

Run with the project's Python (``ipycam`` installed without its dependencies,
whose plain OpenCV wheel would clash with Qt)::

    python ipycam_server.py --onvif-port N --rtsp-port N --web-port N --user U --password P

It serves ONVIF (device, media, PTZ with WS-Security) and, where FFmpeg is
installed, RTSP with H.264 main and sub streams of a moving test picture;
prints ``READY {json}`` once listening and exits when stdin reaches EOF.
Every socket is kept on 127.0.0.1 (the camera would otherwise listen on all
interfaces) and WS-Discovery is left off: multicast is not for tests.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
from typing import Any

import numpy as np

_bind = socket.socket.bind


def _loopback_bind(self: socket.socket, address: Any) -> None:
    """``bind`` with the wildcard address replaced by loopback."""
    if isinstance(address, tuple) and address[0] in ("", "0.0.0.0"):
        address = ("127.0.0.1", *address[1:])
    _bind(self, address)


socket.socket.bind = _loopback_bind  # type: ignore[method-assign]

from ipycam import CameraConfig, IPCamera  # noqa: E402
from ipycam import camera as ipycam_camera  # noqa: E402


class _NoDiscovery:
    """Stands in for IPyCam's WS-Discovery responder."""

    def __init__(self, *_args: Any) -> None:
        pass

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


ipycam_camera.WSDiscoveryServer = _NoDiscovery  # type: ignore[misc,assignment]


def picture(n: int) -> np.ndarray:
    """A 1280x720 frame with a bright bar moving across a gradient."""
    img = np.zeros((720, 1280, 3), np.uint8)
    img[:, :, 1] = np.linspace(40, 200, 1280, dtype=np.uint8)[None, :]
    x = (n * 16) % 1280
    img[200:520, x : x + 80] = (255, 255, 255)
    return img


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("onvif", "rtsp", "web", "go2rtc"):
        parser.add_argument(f"--{name}-port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    config = CameraConfig(
        name="Telecamera di terze parti",
        local_ip="127.0.0.1",
        onvif_port=args.onvif_port,
        rtsp_port=args.rtsp_port,
        web_port=args.web_port,
        go2rtc_api_port=args.go2rtc_port,
    )
    config.set_credentials(args.user, args.password)
    camera = IPCamera(config)
    camera.start()
    print("READY " + json.dumps({"mode": camera.streaming_mode}), flush=True)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    n, t0 = 0, time.monotonic()
    while not done.is_set():
        camera.stream(picture(n))
        n += 1
        done.wait(max(0.0, t0 + n / 25 - time.monotonic()))
    camera.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

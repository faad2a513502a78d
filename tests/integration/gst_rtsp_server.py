"""A third-party RTSP server for tests: GStreamer's gst-rtsp-server.

Run with the system Python (it needs ``gi``), not the project's virtual
environment::

    /usr/bin/python3 gst_rtsp_server.py [--port 0] [--user U --password P]
        [--width 640 --height 360 --fps 25]

It serves a live test pattern as H.264 at rtsp://127.0.0.1:PORT/test over
TCP and UDP, prints ``READY <port>`` on stdout once listening, and exits
when its stdin reaches EOF or on SIGTERM/SIGINT, so it dies with its parent.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def free_port() -> int:
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pipeline(width: int, height: int, fps: int) -> str:
    """The launch line of the served media: a live pattern encoded as H.264."""
    return (
        "( videotestsrc is-live=true pattern=ball "
        f"! video/x-raw,width={width},height={height},framerate={fps}/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=50 "
        "! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )


def add_auth(server: GstRtspServer.RTSPServer, factory: GstRtspServer.RTSPMediaFactory,
             user: str, password: str) -> None:
    """Require credentials (digest where available, else basic) for every request."""
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
    if hasattr(auth, "add_digest"):
        # Digest is what cameras use; the binding takes one method, not a mask.
        auth.add_digest(user, password, token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    else:
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    factory.add_role_from_structure(
        Gst.Structure.new_from_string(
            "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
        )
    )


def main() -> int:
    """Serve until stdin closes or a signal arrives."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--fps", type=int, default=25)
    args = parser.parse_args()

    Gst.init(None)
    port = args.port or free_port()
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(pipeline(args.width, args.height, args.fps))
    factory.set_shared(True)
    if args.user:
        add_auth(server, factory, args.user, args.password)
    server.get_mount_points().add_factory("/test", factory)
    if server.attach(None) == 0:
        print(f"FAILED cannot listen on {port}", flush=True)
        return 1

    loop = GLib.MainLoop()

    def watch_stdin() -> None:
        # EOF on stdin means the parent is gone: stop with it.
        sys.stdin.read()
        GLib.idle_add(loop.quit)

    threading.Thread(target=watch_stdin, daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda *_: (loop.quit(), False)[1])
    print(f"READY {port}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

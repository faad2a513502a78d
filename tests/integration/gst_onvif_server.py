"""A third-party ONVIF replay server for tests: GStreamer's RTSPOnvifServer.

Run with the system Python (it needs ``gi``)::

    /usr/bin/python3 gst_onvif_server.py [--port 0]

It serves ``rtsp://127.0.0.1:PORT/recording`` as an ONVIF replay: a test
pattern encoded with x264 whose buffers are time-stamped with the time
asked in ``Range: clock=`` (a seekable ``videotestsrc`` seeked by the
server to that NTP time), and ``rtponviftimestamp`` writes those times into
the 0xABAC extension. Frame n after a request for START is captured at
START + n/25 s. Prints ``READY <port>``; exits when stdin closes.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

SOURCE = (
    "videotestsrc is-live=false pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! h264parse"
)


class ReplayFactory(GstRtspServer.RTSPOnvifMediaFactory):
    """The media: source, then a ``pay0`` bin of payloader and ONVIF time stamper."""

    def do_create_element(self, url: object) -> Gst.Element:
        top = Gst.Bin.new(None)
        source = Gst.parse_bin_from_description(SOURCE, True)
        pay = Gst.Bin.new("pay0")
        payloader = Gst.ElementFactory.make("rtph264pay")
        payloader.set_property("pt", 96)
        stamper = Gst.ElementFactory.make("rtponviftimestamp")
        stamper.set_property("ntp-offset", 0)  # buffer times are already NTP times
        stamper.set_property("set-e-bit", False)
        stamper.set_property("drop-out-of-segment", False)
        for element in (payloader, stamper):
            pay.add(element)
        payloader.link(stamper)
        pay.add_pad(Gst.GhostPad.new("sink", payloader.get_static_pad("sink")))
        pay.add_pad(Gst.GhostPad.new("src", stamper.get_static_pad("src")))
        top.add(source)
        top.add(pay)
        source.link(pay)
        return top


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    Gst.init(None)
    port = args.port or free_port()
    server = GstRtspServer.RTSPOnvifServer()
    server.set_address("127.0.0.1")
    server.set_service(str(port))
    factory = ReplayFactory()
    factory.set_replay_support(True)
    factory.set_media_gtype(GstRtspServer.RTSPOnvifMedia.__gtype__)  # else no media is made
    factory.set_shared(False)
    server.get_mount_points().add_factory("/recording", factory)
    if server.attach(None) == 0:
        print(f"FAILED cannot listen on {port}", flush=True)
        return 1
    loop = GLib.MainLoop()

    def watch_stdin() -> None:
        sys.stdin.read()  # EOF: the parent is gone
        GLib.idle_add(loop.quit)

    threading.Thread(target=watch_stdin, daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda *_: (loop.quit(), False)[1])
    print(f"READY {port}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

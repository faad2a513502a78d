"""A third-party ONVIF replay client for tests: GStreamer's rtspsrc in ONVIF mode.

Run with the system Python (it needs ``gi``)::

    /usr/bin/python3 gst_onvif_client.py URL USER PASSWORD START END OUT

It asks for the clock range START..END (Unix seconds) the way GStreamer's
own ONVIF client example does (a seek in NTP time before PLAYING), reads
each frame's capture time with ``rtponvifparse``, decodes with
``openh264dec`` to count the pictures, and writes every access unit to OUT:
8-byte capture time in nanoseconds since the Unix epoch, 1 byte of flags
(1 = key frame, 2 = discontinuity), 4-byte length, the Annex B bytes. It
prints ``DONE <frames> <decoded>`` and exits 0, or 1 with the error.
"""

from __future__ import annotations

import struct
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

NTP_OFFSET_NS = 2208988800 * Gst.SECOND
TIMEOUT_S = 60


def main() -> int:
    url, user, password, start, end, out = sys.argv[1:7]
    Gst.init(None)
    pipe = Gst.parse_launch(
        f"rtspsrc name=src location={url} user-id={user} user-pw={password} protocols=tcp "
        "onvif-mode=true ! queue ! rtponvifparse "
        "! rtph264depay ! h264parse ! video/x-h264,stream-format=byte-stream,alignment=au "
        "! tee name=t t. ! queue ! appsink name=sink sync=false emit-signals=true "
        "t. ! queue ! openh264dec ! fakesink name=decoded signal-handoffs=true sync=false"
    )
    frames, decoded, loop = [0], [0], GLib.MainLoop()
    stop_ns = int(float(end) * Gst.SECOND)
    with open(out, "wb") as fh:

        def on_sample(sink: Gst.Element) -> Gst.FlowReturn:
            buf = sink.emit("pull-sample").get_buffer()
            pts = buf.pts - NTP_OFFSET_NS
            flags = (0 if buf.has_flags(Gst.BufferFlags.DELTA_UNIT) else 1) | (
                2 if buf.has_flags(Gst.BufferFlags.DISCONT) else 0
            )
            data = buf.extract_dup(0, buf.get_size())
            fh.write(struct.pack(">qBI", pts, flags, len(data)) + data)
            frames[0] += 1
            return Gst.FlowReturn.OK

        def on_decoded(*_: object) -> None:
            decoded[0] += 1

        def on_message(_: Gst.Bus, msg: Gst.Message) -> None:
            if msg.type == Gst.MessageType.EOS:
                loop.quit()
            elif msg.type == Gst.MessageType.ERROR:
                print("ERROR", msg.parse_error()[0].message, flush=True)
                loop.quit()

        pipe.get_by_name("sink").connect("new-sample", on_sample)
        pipe.get_by_name("decoded").connect("handoff", on_decoded)
        bus = pipe.get_bus()
        bus.add_signal_watch()
        bus.connect("message", on_message)
        first = int(float(start) * Gst.SECOND) + NTP_OFFSET_NS
        seek = Gst.Event.new_seek(
            1.0,
            Gst.Format.TIME,
            Gst.SeekFlags.FLUSH | Gst.SeekFlags.ACCURATE,
            Gst.SeekType.SET,
            first,
            Gst.SeekType.SET,
            stop_ns + NTP_OFFSET_NS,
        )
        pipe.get_by_name("src").send_event(seek)
        pipe.set_state(Gst.State.PLAYING)
        GLib.timeout_add_seconds(TIMEOUT_S, loop.quit)
        loop.run()
        pipe.set_state(Gst.State.NULL)
    print(f"DONE {frames[0]} {decoded[0]}", flush=True)
    return 0 if frames[0] else 1


if __name__ == "__main__":
    sys.exit(main())

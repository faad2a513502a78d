"""How long a stream worker waits for what, and the FFmpeg options that follow from it.

Kept apart from the worker thread so that the numbers (and the reasons for
them) are read in one place, and the settings that drive them
(``wall.stall_seconds``, ``video.open_timeout_s``, ``video.reconnect_max_s``)
are mapped onto them in one place too (``pyav_engine.wall_engine``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from app.core.model import Transport

#: Extra seconds between "stalled" and "drop and reconnect".
RECONNECT_AFTER_STALL_S = 3.0


@dataclass(frozen=True)
class Timings:
    """How long the worker waits for what; all in seconds."""

    open_timeout: float = 5.0  # connect + RTSP handshake + first stream info
    read_timeout: float = 1.0  # one blocked read; bounds how soon stop and stalls are seen
    socket_timeout: float = 2.0  # one socket operation (TCP): FFmpeg's own timer
    stall_after: float = 2.0  # no decoded picture this long while connected -> STALLED
    reconnect_after: float = 5.0  # no decoded picture this long -> drop and reconnect
    backoff: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
    backoff_cap: float = 10.0
    backoff_reset_after: float = 10.0  # playing this long forgets earlier failures
    permanent_retry: float = 30.0  # FAILED streams try again after this
    join_timeout: float = 2.0  # close() waits this long for the thread
    #: Each wait is lengthened by a random share of up to this much, so that
    #: cameras that failed together (a switch rebooted) do not all come back
    #: in the same instant; never shortened, so "at most once per 30 s" holds.
    jitter: float = 0.25

    def with_stall(self, stall_seconds: float) -> Timings:
        """These timings with the stall rule ``stall_seconds`` (``wall.stall_seconds``).

        The reconnect comes a few seconds after the stall, so that the
        operator sees "no signal" before the camera is dropped and called again.
        """
        stall = max(0.5, stall_seconds)
        return replace(self, stall_after=stall, reconnect_after=stall + RECONNECT_AFTER_STALL_S)

    def delay(self, failures_in_row: int) -> float:
        """The nominal wait before reconnect attempt number ``failures_in_row`` (0-based)."""
        if failures_in_row < len(self.backoff):
            return min(self.backoff[failures_in_row], self.backoff_cap)
        return self.backoff_cap

    def spread(self, seconds: float, rng: random.Random) -> float:
        """``seconds`` lengthened by a random share of at most ``jitter``."""
        return seconds * rng.uniform(1.0, 1.0 + max(0.0, self.jitter))


def open_options(transport: Transport, timings: Timings) -> dict[str, str]:
    """FFmpeg options for a low-latency live source that shows a picture fast.

    Measured against the simulator (which sends its current GOP from the IDR
    on PLAY): with ``fflags=nobuffer`` the packets read while probing, the
    key frame among them, were thrown away and the first picture waited for
    the next key frame (about 1.2 s); keeping them and probing little (the
    SDP already names the codec) shows the first picture in about 50 ms.
    Only the video track is set up: audio or data tracks would cost bandwidth
    and keep reads busy without ever giving a picture.
    """
    options = {
        "rtsp_transport": str(transport),
        "timeout": str(int(timings.socket_timeout * 1_000_000)),  # socket I/O, microseconds
        "probesize": "262144",  # enough for a 4K key frame with its parameter sets
        "analyzeduration": "500000",
        "fpsprobesize": "0",  # the frame rate is measured, never waited for
        "max_delay": "500000",
        "allowed_media_types": "video",
    }
    if transport is Transport.UDP:
        options["buffer_size"] = str(2 * 1024 * 1024)  # fewer lost packets on I-frames
    return options


def read_timeout(timings: Timings) -> float:
    """PyAV's deadline for one read, on every transport.

    FFmpeg's RTSP client swallows RTCP reports and data on channels nobody
    set up inside one read call: a camera whose video stopped while such
    data keeps coming holds that call forever, and FFmpeg's socket timeout
    never strikes because bytes do arrive. PyAV's timeout is enforced from
    FFmpeg's interrupt callback, outside the read, so the worker gets
    control back at least once per ``read_timeout`` and judges the stall on
    decoded pictures. The callback takes the GIL on every socket read; with
    16 streams of 720p against the simulator it cost about 4 % of a busy
    Python thread's throughput and 2-3 ms of its worst wake-up delay, which
    is the price of a wall that can always notice a dead camera and stop.
    """
    return timings.read_timeout

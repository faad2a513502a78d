"""Streams whose video stops while something else keeps coming, from a hostile server.

The server (``tests.hostile.rtsp``) plays a second of real H.264 video, then
sends only audio, only RTCP sender reports, or data on a channel nobody set
up: FFmpeg's RTSP client swallows the last two inside one read call. The
worker must call such a stream stalled, reconnect, and stop at once when
asked; the probe must end and say so; releasing such streams must leave no
thread or socket behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.streams import Failure, StreamKey, StreamSource, StreamState
from app.video.pyav_engine import PyAVEngine
from app.video.timings import Timings
from app.video.worker import PyAVStream
from tests.hostile.rtsp import HostileRtspServer, Script
from tests.waiting import wait_until

AFTER = ["audio", "rtcp", "unknown"]


@pytest.fixture
def engine() -> Iterator[PyAVEngine]:
    # The wall's timings with a one-second stall rule and a shorter read
    # deadline, so that twenty release cycles take seconds, not half a minute.
    engine = PyAVEngine(Timings(read_timeout=0.5).with_stall(1.0), decode_threads=1)
    yield engine
    assert wait_until(lambda: not _stream_threads(), 5), _stream_threads()


def _stream_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("stream-")]


def _sockets() -> int:
    """Sockets this process holds open (Linux)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            continue  # closed while listing
    return count


def _script(after: str, frames: int = 25) -> Script:
    return Script(video_frames=frames, after=after, audio_track=after == "audio")


@pytest.mark.parametrize("after", AFTER)
def test_video_that_stops_is_stalled_then_reconnected(engine: PyAVEngine, after: str) -> None:
    with HostileRtspServer(_script(after)) as server:
        stream = engine.open(StreamKey(f"hostile-{after}"), StreamSource(server.url))
        try:
            assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 10)
            assert wait_until(lambda: stream.status.state is StreamState.STALLED, 10)
            assert stream.status.failure is Failure.TIMEOUT
            # The stall leads to a reconnect: the worker is not stuck in a read.
            # (Each attempt connects twice: the server check, then FFmpeg.)
            played_once = server.connections
            assert wait_until(lambda: server.connections > played_once, 15), stream.history()
            reconnects = [s for s in stream.history() if s.state is StreamState.RECONNECTING]
            assert reconnects and reconnects[0].failure is Failure.TIMEOUT
        finally:
            engine.close(stream)


@pytest.mark.parametrize("after", AFTER)
def test_close_ends_the_worker_while_only_other_data_arrives(
    engine: PyAVEngine, after: str
) -> None:
    with HostileRtspServer(_script(after, frames=10)) as server:
        stream = engine.open(StreamKey("hostile"), StreamSource(server.url))
        assert isinstance(stream, PyAVStream)
        assert wait_until(lambda: server.misbehaving >= 1 and stream.frames_decoded > 0, 10)
        engine.close(stream)  # waits at most the join timeout
        assert stream.join(0), "the worker is still inside FFmpeg's read"
        assert stream.status.state is StreamState.IDLE


def test_release_and_reopen_leave_no_thread_or_socket(engine: PyAVEngine) -> None:
    # Ten frames: enough for FFmpeg's open to finish reading the stream's
    # information (it wants about six decoded frames of H.264).
    with HostileRtspServer(_script("rtcp", frames=10)) as server:

        def cycle(number: int) -> None:
            stream = engine.open(StreamKey(f"cycle-{number}"), StreamSource(server.url))
            assert wait_until(lambda: server.misbehaving > number, 10), stream.history()
            engine.close(stream)
            assert isinstance(stream, PyAVStream) and stream.join(0)

        cycle(0)  # the first one creates what lives for the whole process
        assert wait_until(lambda: not _stream_threads(), 5)
        threads, sockets = len(threading.enumerate()), _sockets()
        for number in range(1, 21):
            cycle(number)
        # The server closes its side as it notices; bounded wait for both sides.
        assert wait_until(lambda: _sockets() <= sockets, 10), (_sockets(), sockets)
        assert wait_until(lambda: len(threading.enumerate()) <= threads, 5), [
            t.name for t in threading.enumerate()
        ]


def test_probe_ends_within_its_limit_and_reports_the_stall(tmp_path: Path) -> None:
    with HostileRtspServer(_script("audio", frames=10)) as server:
        command = [sys.executable, "-m", "app", "probe", server.url, "--seconds", "4", "--json"]
        env = dict(os.environ, OCCHIO_HOME=str(tmp_path))
        # The limit: --seconds, the open timeout (5 s) and a second to close;
        # 30 s only keeps a broken probe from hanging the test run.
        done = subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=30, env=env
        )
    result = json.loads(done.stdout)
    assert done.returncode == 1, done.stderr[-2000:]
    assert result["frames"] > 0
    assert result["stalled"] is True
    assert result["ok"] is False
    assert result["failure"] == "timeout"

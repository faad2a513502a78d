"""Overload control reaches the decoder: a degraded stream really decodes key frames only."""

from __future__ import annotations

from app.core.streams import DecodeMode, Stream, StreamKey, StreamSource, StreamState
from app.video.overload import Demand, Load, OverloadGovernor
from app.video.pyav_engine import PyAVEngine
from tests.simproc import SimProcess
from tests.waiting import wait_until


def test_keyframes_mode_reaches_the_pyav_decoder(sim: SimProcess) -> None:
    camera = sim.cameras[2]
    source = StreamSource(sim.url(camera, "main", with_credentials=False), sim.username,
                          sim.password(camera))  # fmt: skip
    engine = PyAVEngine()
    stream = engine.open(StreamKey(camera), source)
    governor = OverloadGovernor()

    def shown() -> list[tuple[Stream, Demand]]:
        return [(stream, Demand(stream.key, area=320 * 180))]

    governor.add_source(shown)
    try:
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 10)
        assert wait_until(lambda: stream.frames_decoded >= 10, 5)
        _, first = stream.mailbox.latest()
        assert first is not None
        # A full decoder delivers the frames between key frames too.
        assert wait_until(lambda: not _latest_is_keyframe(stream), 5)
        modes = {}
        for second in range(3):  # overloaded for three decisions
            modes = governor.decide(Load(gui_lag=0.5), now=100.0 + second)
        assert modes[stream.key] is DecodeMode.KEYFRAMES
        assert stream.decode_mode is DecodeMode.KEYFRAMES
        # From now on every delivered picture is a key frame (the sim's GOP is 2 s).
        seen = stream.frames_decoded
        assert wait_until(lambda: stream.frames_decoded >= seen + 3, 10)
        delivered = []
        for _ in range(2):
            count = stream.frames_decoded
            assert wait_until(lambda c=count: stream.frames_decoded > c, 6)
            delivered.append(_latest_is_keyframe(stream))
        assert all(delivered), delivered
    finally:
        governor.remove_source(shown)
        engine.close(stream)


def _latest_is_keyframe(stream: Stream) -> bool:
    _, frame = stream.mailbox.latest()
    return frame is not None and frame.keyframe

"""A stream that plays with a notice shows it as a caption, never as a banner."""

from __future__ import annotations

import pytest

from app.core.streams import Notice, StreamState, StreamStatus
from app.ui.status_text import Health, describe


@pytest.mark.parametrize(
    ("notice", "words"),
    [
        (Notice.VLC_WITHOUT_RTSP, "libVLC senza RTSP (live555): uso PyAV"),
        (Notice.VLC_MISSING, "libVLC non disponibile: uso PyAV"),
        (Notice.NONE, "In diretta"),
    ],
)
def test_notice_is_the_live_caption(qapp, notice: Notice, words: str) -> None:
    state = describe(StreamStatus(StreamState.PLAYING, notice=notice), 0.1, 0.0)
    assert state == type(state)(Health.LIVE, words, False)


def test_stall_beats_notice(qapp) -> None:
    status = StreamStatus(StreamState.PLAYING, notice=Notice.VLC_WITHOUT_RTSP)
    state = describe(status, 5.0, 0.0)
    assert state.health == Health.STALLED and state.banner

"""A stream that plays with a notice shows it as a caption, never as a banner."""

from __future__ import annotations

import pytest

from app.core.streams import Notice, StreamState, StreamStatus
from app.core.tile_state import Health, Phrase, describe
from app.ui.status_text import notice_text


@pytest.mark.parametrize(
    ("notice", "words"),
    [
        (Notice.VLC_WITHOUT_RTSP, "libVLC senza RTSP (live555): uso PyAV"),
        (Notice.VLC_MISSING, "libVLC non disponibile: uso PyAV"),
        (Notice.NONE, ""),
    ],
)
def test_notice_rides_on_the_live_state(qapp, notice: Notice, words: str) -> None:
    state = describe(StreamStatus(StreamState.PLAYING, notice=notice), 0.1, 0.0)
    assert (state.health, state.phrase, state.banner) == (Health.LIVE, Phrase.LIVE, False)
    assert state.notice is notice and notice_text(state.notice) == words


def test_stall_beats_notice(qapp) -> None:
    status = StreamStatus(StreamState.PLAYING, notice=Notice.VLC_WITHOUT_RTSP)
    state = describe(status, 5.0, 0.0)
    assert state.health == Health.STALLED and state.banner

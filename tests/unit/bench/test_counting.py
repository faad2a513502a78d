"""The counting provider sees every new frame a real tile paints."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.bench.counting import CountedStream, CountingProvider
from app.core.model import Camera, Profile
from app.ui.tile import TileWidget
from app.video.feed import LiveFeed
from tests.fakes import FakeProvider, FakeStream

CAMERA = Camera(id="cam-1", number=1, name="Uno", site_id="s")


def test_painted_frames_are_counted_and_released(qtbot: QtBot) -> None:
    inner = FakeProvider()
    provider = CountingProvider(inner)
    seen: list[tuple[str, float]] = []
    provider.hook = lambda stream, at: seen.append((stream.camera_id, at))
    feed = LiveFeed(provider, CAMERA.id, CAMERA)
    feed.show(Profile.MAIN)
    stream = feed.stream
    assert isinstance(stream, CountedStream)
    assert provider.latest_for("cam-1") is stream
    tile = TileWidget(0, "w")
    qtbot.addWidget(tile)
    tile.resize(320, 180)
    tile.set_feed(feed)
    tile.grab()
    assert stream.taken == 1
    assert stream.first_taken_at is not None
    tile.grab()  # the same frame again: not a new painted frame
    assert stream.taken == 1
    fake = stream.inner
    assert isinstance(fake, FakeStream)
    fake.push(seed=7)
    tile.poll()
    tile.grab()
    assert stream.taken == 2
    assert fake.taken == 2  # the real stream still gets its count
    assert [cam for cam, _ in seen] == ["cam-1", "cam-1"]
    tile.set_feed(None)
    feed.close()
    assert inner.users("cam-1") == 0
    assert provider.latest_for("cam-1") is None

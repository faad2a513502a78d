"""What the UI needs from the video layer: a source of shared streams.

``app.video.manager.StreamManager`` satisfies this protocol; the tests use a
synthetic provider with the same two methods, so the widgets never depend on
the network.
"""

from __future__ import annotations

from typing import Protocol

from app.core.model import Camera, Profile
from app.core.streams import Stream


class StreamProvider(Protocol):
    """Reference-counted, shared streams (one worker per camera and profile)."""

    def acquire(self, camera: Camera, profile: Profile) -> Stream:
        """A running (or starting) stream; never blocks."""
        ...

    def release(self, stream: Stream) -> None:
        """Give back one reference taken by ``acquire``."""
        ...


SUB_STREAM_MAX_WIDTH = 640
"""Tiles narrower than this (in pixels) show the camera's light sub-stream."""


def profile_for_width(
    width: int, maximised: bool = False, sub_below: int = SUB_STREAM_MAX_WIDTH
) -> Profile:
    """The stream profile a tile of ``width`` pixels should show.

    A simple rule for now: small tiles take the sub-stream so a 5x5 wall does
    not decode 25 full-HD streams; a maximised or large tile the main one.
    """
    if maximised or width >= sub_below:
        return Profile.MAIN
    return Profile.SUB

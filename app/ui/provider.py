"""Which of a camera's streams a tile of a given size shows."""

from __future__ import annotations

from app.core.model import Profile

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

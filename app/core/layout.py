"""A saved wall arrangement: one ``ScreenLayout`` per monitor, under a name.

Plain data; ``app.config.layoutfile`` reads and writes it as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.core.wall import ScreenLayout


@dataclass(frozen=True)
class WallLayout:
    """What every wall window shows, as the operator saved it."""

    name: str
    screens: tuple[ScreenLayout, ...] = (ScreenLayout(),)

    def renamed(self, name: str) -> WallLayout:
        """The same arrangement under another name."""
        return replace(self, name=name)

    def camera_ids(self) -> set[str]:
        """Every camera shown on any screen."""
        return {cam for screen in self.screens for cam in screen.tiles if cam is not None}

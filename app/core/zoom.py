"""Digital zoom and pan of one tile's picture (no Qt, easy to test).

The view is described by a zoom factor and the centre of the visible part,
both in picture-relative units (0..1), so it survives tile resizes and
changes of stream resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_ZOOM = 8.0
STEP = 1.25  # one wheel notch


@dataclass
class Zoom:
    """The visible part of a picture: ``factor`` x enlargement around (cx, cy)."""

    factor: float = 1.0
    cx: float = 0.5
    cy: float = 0.5

    @property
    def active(self) -> bool:
        """True when the picture is enlarged."""
        return self.factor > 1.0

    def reset(self) -> None:
        """Back to the whole picture."""
        self.factor, self.cx, self.cy = 1.0, 0.5, 0.5

    def zoom_at(self, notches: float, px: float, py: float) -> None:
        """Zoom by ``notches`` wheel steps keeping the point under (px, py) still.

        ``px``/``py`` are the cursor position relative to the shown picture
        (0..1 across the tile's picture area).
        """
        old = self.factor
        new = min(MAX_ZOOM, max(1.0, old * STEP**notches))
        if new == old:
            return
        # The picture point under the cursor before the change...
        ux = self.cx + (px - 0.5) / old
        uy = self.cy + (py - 0.5) / old
        self.factor = new
        # ...stays under the cursor after it.
        self.cx = ux - (px - 0.5) / new
        self.cy = uy - (py - 0.5) / new
        self._clamp()

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) view widths/heights (drag direction)."""
        self.cx -= dx / self.factor
        self.cy -= dy / self.factor
        self._clamp()

    def source_rect(self, width: int, height: int) -> tuple[float, float, float, float]:
        """The (x, y, w, h) part of a ``width`` x ``height`` picture to show."""
        w, h = width / self.factor, height / self.factor
        return self.cx * width - w / 2, self.cy * height - h / 2, w, h

    def _clamp(self) -> None:
        half = 0.5 / self.factor
        self.cx = min(1.0 - half, max(half, self.cx))
        self.cy = min(1.0 - half, max(half, self.cy))
        if self.factor == 1.0:
            self.cx = self.cy = 0.5

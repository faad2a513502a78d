"""Grid presets: square grids and span layouts with one large tile.

A cell is (row, column, row span, column span) on a ``rows x columns`` board.
Span layouts give tile 0 a block of several cells (top-left, or centred for
1+12) and fill the rest of the board with single cells in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """One tile's place on the board."""

    row: int
    column: int
    row_span: int = 1
    column_span: int = 1


@dataclass(frozen=True)
class Grid:
    """A named arrangement of tiles."""

    name: str
    rows: int
    columns: int
    cells: tuple[Cell, ...]

    @property
    def size(self) -> int:
        """Number of tiles."""
        return len(self.cells)


def _square(n: int) -> Grid:
    cells = tuple(Cell(r, c) for r in range(n) for c in range(n))
    return Grid("1" if n == 1 else f"{n}x{n}", n, n, cells)


def _span(name: str, board: int, big: int, at: int = 0) -> Grid:
    """A ``board x board`` grid whose first tile covers ``big x big`` cells.

    ``at`` is the big tile's first row and column (1+12 centres it, as
    control-room keyboards do).
    """

    def inside(r: int, c: int) -> bool:
        return at <= r < at + big and at <= c < at + big

    cells = [Cell(at, at, big, big)]
    cells += [Cell(r, c) for r in range(board) for c in range(board) if not inside(r, c)]
    return Grid(name, board, board, tuple(cells))


PRESETS: dict[str, Grid] = {
    g.name: g
    for g in (
        _square(1),
        _square(2),
        _square(3),
        _square(4),
        _square(5),
        _span("1+5", 3, 2),
        _span("1+7", 4, 3),
        _span("1+12", 4, 2, at=1),
    )
}
"""Every preset by name, in menu order."""

DEFAULT_GRID = "3x3"


def grid(name: str) -> Grid:
    """The preset called ``name``; raises KeyError with the known names."""
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(PRESETS)
        raise KeyError(f"unknown grid {name!r} (known: {known})") from None

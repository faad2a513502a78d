from __future__ import annotations

import pytest

from app.core.grid import PRESETS, grid


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("1", 1),
        ("2x2", 4),
        ("3x3", 9),
        ("4x4", 16),
        ("5x5", 25),
        ("1+5", 6),
        ("1+7", 8),
        ("1+12", 13),
    ],
)
def test_preset_sizes(name: str, size: int) -> None:
    assert grid(name).size == size


@pytest.mark.parametrize("name", list(PRESETS))
def test_cells_cover_the_board_exactly_once(name: str) -> None:
    g = grid(name)
    covered: list[tuple[int, int]] = []
    for cell in g.cells:
        covered += [
            (r, c)
            for r in range(cell.row, cell.row + cell.row_span)
            for c in range(cell.column, cell.column + cell.column_span)
        ]
    assert sorted(covered) == [(r, c) for r in range(g.rows) for c in range(g.columns)]


def test_unknown_grid_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="3x3"):
        grid("7x7")

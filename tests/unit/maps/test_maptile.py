"""Map tiles in layouts: the string a layout keeps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.maps.maptile import decode, encode, is_map_tile
from app.maps.model import Layer
from app.maps.view import ViewState


def test_round_trip() -> None:
    text = encode(ViewState(44.315, 9.324, 15.5), {Layer.BASEMAP, Layer.CONES})
    assert text == "map:44.315000,9.324000,15.50,basemap+cones"
    assert decode(text) == (ViewState(44.315, 9.324, 15.5), frozenset({Layer.BASEMAP, Layer.CONES}))
    assert is_map_tile(text) and not is_map_tile("chiavari-01") and not is_map_tile(None)


@pytest.mark.parametrize(
    "text",
    [
        "chiavari-01",
        "map:",
        "map:1,2,3",
        "map:95,9,15,basemap",
        "map:44,9,99,basemap",
        "map:44,9,nan,basemap",
        "map:a,b,c,d",
        "map:44,9,15," + "x" * 200,
    ],
)
def test_bad_strings_are_no_map(text: str) -> None:
    assert decode(text) is None


def test_unknown_layers_are_dropped() -> None:
    state, layers = decode("map:44,9,15,cameras+sonar")  # type: ignore[misc]
    assert layers == frozenset({Layer.CAMERAS})
    assert state.zoom == 15.0


@given(st.text(max_size=150))
def test_any_text_decodes_or_is_refused(text: str) -> None:
    result = decode("map:" + text)
    if result is not None:
        state, _layers = result
        assert -90 <= state.lat <= 90 and 2 <= state.zoom <= 20

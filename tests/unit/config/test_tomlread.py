"""Reading damaged TOML: every failure is a TomlReadError with a short message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config.tomlread import MAX_DEPTH, TomlReadError, parse_toml, shown


def test_long_integer_is_found_even_where_tomlkit_parses() -> None:
    long_line_comment = "# " + "." * 200 + "\n"  # many dots: tomlkit reads this file
    for head in ("", long_line_comment):
        with pytest.raises(TomlReadError) as info:
            parse_toml(head + "[a]\nn = " + "9" * 5000 + "\n")
        assert info.value.key == "a.n"
        assert info.value.message.startswith("integer of 5000 digits")


def test_nesting_at_the_limit_is_accepted_and_one_more_is_not() -> None:
    ok = "[" + ".".join(["t"] * (MAX_DEPTH - 1)) + "]\nx = 1\n"
    assert parse_toml(ok)
    with pytest.raises(TomlReadError, match="nested more than"):
        parse_toml("[" + ".".join(["t"] * MAX_DEPTH) + "]\nx = 1\n")


def test_shown_values_are_short() -> None:
    assert len(shown(10**4000)) < 60
    assert len(shown("x" * 10_000)) < 80
    assert shown("rtsp") == "'rtsp'"


_pieces = st.sampled_from(
    ["[", "]", "{", "}", "=", ".", "a", '"', "\n", ",", "9" * 4400, "[[t]]\n", "x = ", "1e999"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, max_size=40).map("".join))
def test_random_text_raises_only_toml_read_errors(text: str) -> None:
    try:
        parse_toml(text)
    except TomlReadError as err:
        assert len(err.message) < 400

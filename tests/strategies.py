"""Hypothesis strategies shared by the property tests of network parsers."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def answer_trees(keys: Sequence[str], max_leaves: int = 12) -> st.SearchStrategy[object]:
    """Answers as zeep hands them over, in any shape a device could send.

    Nested dictionaries keyed by some of ``keys`` (the element names the
    reader looks for), lists and scalars of every type, missing pieces
    included: a reader must cope with all of them.
    """
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
    return st.recursive(
        scalars,
        lambda inner: (
            st.dictionaries(st.sampled_from(list(keys)), inner, max_size=4)
            | st.lists(inner, max_size=2)
        ),
        max_leaves=max_leaves,
    )

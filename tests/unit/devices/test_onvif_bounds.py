"""ONVIF answers: read within the size limit whatever the chunking; texts made one line."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.devices.onvif_http import AnswerTooLargeError, read_bounded
from app.devices.onvif_types import profile_info


class _Content:
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.handed = 0

    async def iter_chunked(self, size: int) -> Any:
        for chunk in self.chunks:
            self.handed += len(chunk)
            yield chunk


class _Response:
    def __init__(self, chunks: list[bytes], announced: int | None) -> None:
        self.content = _Content(chunks)
        self.content_length = announced


@settings(max_examples=200, deadline=None)
@given(
    chunks=st.lists(st.binary(min_size=1, max_size=700), max_size=20),
    limit=st.integers(1, 5000),
    announce=st.booleans(),
)
def test_answers_are_read_whole_or_refused_past_the_limit(
    chunks: list[bytes], limit: int, announce: bool
) -> None:
    total = sum(len(c) for c in chunks)
    response = _Response(chunks, total if announce else None)
    if total <= limit:
        assert asyncio.run(read_bounded(response, limit)) == b"".join(chunks)
        return
    with pytest.raises(AnswerTooLargeError) as caught:
        asyncio.run(read_bounded(response, limit))
    assert str(limit) in str(caught.value)
    # Never more than one chunk past the limit is taken in.
    assert response.content.handed <= limit + max(len(c) for c in chunks)


@given(name=st.text(max_size=500), encoding=st.text(max_size=100))
def test_profile_texts_from_a_device_are_one_clean_line(name: str, encoding: str) -> None:
    info = profile_info(
        {"token": "p", "Name": name, "VideoEncoderConfiguration": {"Encoding": encoding}}
    )
    for text, limit in ((info.name, 80), (info.encoding, 32)):
        assert len(text) <= limit
        assert text.isprintable()

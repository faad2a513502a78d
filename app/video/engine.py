"""The stream engine interface shared by the PyAV and VLC engines.

The types an engine's streams speak in (states, failures, sources, frames)
live in ``app.core.streams``; this module holds only what an engine is.
"""

from __future__ import annotations

from typing import Protocol

from app.core.streams import Stream, StreamKey, StreamSource


class Engine(Protocol):
    """Opens streams; implemented by the PyAV engine and the VLC engine."""

    name: str

    def open(self, key: StreamKey, source: StreamSource) -> Stream:
        """Start a worker for ``source``; it runs until ``close``."""
        ...

    def close(self, stream: Stream) -> None:
        """Stop the worker and wait (bounded) for its thread to end."""
        ...

"""Occhio: a video wall for police control rooms."""

__version__ = "0.1.0"

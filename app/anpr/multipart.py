"""An incremental, bounded reader of MIME multipart bodies and endless streams.

Hikvision's ``alertStream`` and Dahua's ``eventManager.cgi?action=attach``
answer one HTTP response that never ends: parts follow each other for as
long as the connection lives. Pushed events (Hikvision "HTTP listening")
are one multipart POST. ``MultipartReader.feed`` takes bytes as they come
and returns every part completed so far; a part or header block larger than
its bound raises ``MultipartError`` (the connection is then dropped).

A part with a ``Content-Length`` header is cut at that length; without
one it ends at the next boundary line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_PART_BYTES = 4 * 1024 * 1024
MAX_HEADER_BYTES = 8192
_BOUNDARY = re.compile(r'boundary="?([^";,]{1,70})"?', re.IGNORECASE)
_NAME = re.compile(r'(?:^|;)\s*(?:file)?name="?([^";]{1,100})"?', re.IGNORECASE)


class MultipartError(ValueError):
    """The stream is not multipart as announced, or a part is too large."""


@dataclass(frozen=True)
class Part:
    """One part: its headers (lower-case names) and its body."""

    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def name(self) -> str:
        """The ``name`` (or ``filename``) of a form-data part, else ""."""
        match = _NAME.search(self.headers.get("content-disposition", ""))
        return match.group(1).strip() if match else ""


def boundary_of(content_type: str) -> str:
    """The boundary named in a Content-Type header.

    Raises:
        MultipartError: there is none.
    """
    match = _BOUNDARY.search(content_type[:500])
    if not match:
        raise MultipartError("no multipart boundary in the Content-Type")
    return match.group(1).strip()


class MultipartReader:
    """Parts out of a multipart body fed in pieces."""

    def __init__(self, boundary: str, max_part: int = MAX_PART_BYTES) -> None:
        self._delim = b"--" + boundary.encode("latin-1")
        self._max = max_part
        self._buf = b""
        self._state = "preamble"
        self._headers: dict[str, str] = {}
        self._length: int | None = None

    def feed(self, data: bytes) -> list[Part]:
        """Add bytes; return the parts they complete."""
        self._buf += data
        if len(self._buf) > self._max + MAX_HEADER_BYTES + len(self._delim) + 4:
            raise MultipartError(f"part larger than {self._max} bytes")
        parts: list[Part] = []
        while self._step(parts):
            pass
        return parts

    def _step(self, parts: list[Part]) -> bool:
        """Advance the state machine once; False when more bytes are needed."""
        if self._state == "preamble":
            return self._find_delimiter()
        if self._state == "delimiter":
            return self._after_delimiter()
        if self._state == "headers":
            return self._read_headers()
        return self._read_body(parts)

    def _find_delimiter(self) -> bool:
        i = self._buf.find(self._delim)
        if i < 0:
            self._buf = self._buf[-len(self._delim) :]  # a boundary may be cut in two
            return False
        self._buf = self._buf[i + len(self._delim) :]
        self._state = "delimiter"
        return True

    def _after_delimiter(self) -> bool:
        end = self._buf.find(b"\n")
        if end < 0:
            if len(self._buf) > MAX_HEADER_BYTES:
                raise MultipartError("boundary line too long")
            return False
        closing = self._buf[:end].strip().startswith(b"--")
        self._buf = self._buf[end + 1 :]
        # A closing boundary ends one body; a stream may still go on with a new one.
        self._state = "preamble" if closing else "headers"
        return True

    def _read_headers(self) -> bool:
        if self._buf.startswith((b"\r\n", b"\n")):  # a part without headers
            block, self._buf = b"", self._buf[1 if self._buf[:1] == b"\n" else 2 :]
        else:
            end, size = _header_end(self._buf)
            if end < 0:
                if len(self._buf) > MAX_HEADER_BYTES:
                    raise MultipartError("part headers too long")
                return False
            block, self._buf = self._buf[:end], self._buf[end + size :]
        self._headers = _parse_headers(block)
        self._length = _content_length(self._headers, self._max)
        self._state = "body"
        return True

    def _read_body(self, parts: list[Part]) -> bool:
        if self._length is not None:
            if len(self._buf) < self._length:
                return False
            body, self._buf = self._buf[: self._length], self._buf[self._length :]
        else:
            i = self._buf.find(self._delim)
            if i < 0:
                if len(self._buf) > self._max:
                    raise MultipartError(f"part larger than {self._max} bytes")
                return False
            body, self._buf = self._buf[:i], self._buf[i:]
            body = body.removesuffix(b"\n").removesuffix(b"\r")
        parts.append(Part(self._headers, body))
        self._state = "preamble"
        return True


def _header_end(buf: bytes) -> tuple[int, int]:
    """Where the header block ends and the length of the blank line (-1 if not yet)."""
    crlf, lf = buf.find(b"\r\n\r\n"), buf.find(b"\n\n")
    if crlf >= 0 and (lf < 0 or crlf <= lf):
        return crlf, 4
    return lf, 2 if lf >= 0 else 0


def _parse_headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.decode("latin-1").splitlines()[:32]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()[:64]] = value.strip()[:500]
    return headers


def _content_length(headers: dict[str, str], limit: int) -> int | None:
    value = headers.get("content-length", "")
    if not value.isdigit():
        return None
    length = int(value)
    if length > limit:
        raise MultipartError(f"part of {length} bytes is larger than {limit}")
    return length

"""RTSP 1.0 message parsing and formatting (RFC 2326), no I/O.

The parser is fed whatever a client sends, including RTP/RTCP frames
interleaved on the same TCP connection (``$``, channel, 16-bit length), and
must never fail in any way other than :class:`RtspParseError`, which the
server answers with 400 Bad Request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_HEAD = 8192
MAX_BODY = 65536
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    454: "Session Not Found",
    455: "Method Not Valid in This State",
    459: "Aggregate Operation Not Allowed",
    461: "Unsupported Transport",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
    505: "RTSP Version Not Supported",
}


#: The method of a parsed response: a client answering a request the server sent.
REPLY = "RTSP-REPLY"


class RtspParseError(ValueError):
    """The bytes received are not a valid RTSP request."""


@dataclass
class Request:
    """One RTSP request; header names are lower-cased."""

    method: str
    uri: str
    version: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def cseq(self) -> str:
        """The CSeq header ("0" when missing, so a reply can still be built)."""
        return self.headers.get("cseq", "0")


@dataclass
class Interleaved:
    """An RTP/RTCP frame a client sent on the RTSP connection (RTCP receiver reports)."""

    channel: int
    data: bytes


def _parse_head(head: str) -> Request:
    lines = head.split("\r\n")
    if lines[0].startswith("RTSP/1.0 "):  # a response (to an ANNOUNCE): status, reason
        status = lines[0][9:12]
        if not (status.isascii() and status.isdigit()):
            raise RtspParseError(f"bad status line: {lines[0][:80]!r}")
        lines[0] = f"{REPLY} {status} RTSP/1.0"
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[0] or not set(parts[0]) <= _TOKEN_CHARS or not parts[1]:
        raise RtspParseError(f"bad request line: {lines[0][:80]!r}")
    method, uri, version = parts
    if not version.startswith("RTSP/"):
        raise RtspParseError(f"bad protocol version: {version[:20]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or name != name.strip():
            raise RtspParseError(f"bad header line: {line[:80]!r}")
        headers[name.lower()] = value.strip()
    return Request(method, uri, version, headers)


def _parse_interleaved(buf: bytes | bytearray) -> tuple[Interleaved | None, int]:
    if len(buf) < 4:
        return None, 0
    size = (buf[2] << 8) | buf[3]
    if len(buf) < 4 + size:
        return None, 0
    return Interleaved(buf[1], bytes(buf[4 : 4 + size])), 4 + size


def parse_message(buf: bytes | bytearray) -> tuple[Request | Interleaved | None, int]:
    """Parse one message from the start of ``buf``.

    Returns (message, bytes consumed), or (None, 0) when more bytes are needed.

    Raises:
        RtspParseError: the data cannot be a valid request.
    """
    if not buf:
        return None, 0
    if buf[0] == 0x24:  # '$': interleaved binary frame
        return _parse_interleaved(buf)
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        if len(buf) > MAX_HEAD:
            raise RtspParseError("request head too long")
        return None, 0
    if end > MAX_HEAD:
        raise RtspParseError("request head too long")
    try:
        head = bytes(buf[:end]).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RtspParseError("request head is not UTF-8") from exc
    request = _parse_head(head)
    length_text = request.headers.get("content-length", "0")
    if not length_text.isdigit() or not length_text.isascii():
        raise RtspParseError(f"bad Content-Length: {length_text[:20]!r}")
    length = int(length_text)
    if length > MAX_BODY:
        raise RtspParseError("body too long")
    total = end + 4 + length
    if len(buf) < total:
        return None, 0
    request.body = bytes(buf[end + 4 : total])
    return request, total


def format_response(
    status: int, cseq: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    """Bytes of an RTSP response; adds CSeq, Server and Content-Length."""
    lines = [f"RTSP/1.0 {status} {REASONS.get(status, 'Error')}", f"CSeq: {cseq}"]
    lines.append("Server: Occhio camera simulator")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def parse_transport(value: str) -> dict[str, str]:
    """The first transport spec of a Transport header as {key: value} ("" for flags)."""
    spec = value.split(",", maxsplit=1)[0]
    fields = spec.split(";")
    out = {"protocol": fields[0].strip().upper()}
    for item in fields[1:]:
        key, _, val = item.partition("=")
        out[key.strip().lower()] = val.strip()
    return out


def parse_port_pair(value: str) -> tuple[int, int] | None:
    """ "a-b" or "a" as a pair of port numbers (1..65535), else None."""
    first, _, second = value.partition("-")
    if not first.isdigit() or not first.isascii() or len(first) > 5:
        return None
    a = int(first)
    b = a + 1
    if second:
        if not second.isdigit() or not second.isascii() or len(second) > 5:
            return None
        b = int(second)
    if not (0 < a < 65536 and 0 < b < 65536):
        return None
    return a, b

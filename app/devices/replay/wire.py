"""RTSP messages as a client reads and writes them (RFC 2326), no I/O.

What a server sends on the control connection is three things: responses to
our requests, requests of its own (ANNOUNCE, GET_PARAMETER, some servers'
keep-alive echo), and RTP/RTCP frames interleaved as ``$``, channel, 16-bit
length, data. :func:`parse_message` reads one of them from the start of a
buffer, within fixed bounds, and fails only with :class:`RtspWireError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_HEAD = 16 * 1024
MAX_BODY = 64 * 1024
MAX_HEADERS = 64
_TOKEN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class RtspWireError(ValueError):
    """Bytes from the server that are not RTSP."""


@dataclass
class RtspMessage:
    """A response (``status`` set) or a server's request (``method`` set).

    Header names are lower-cased; a repeated header keeps every value in
    ``all_headers`` (WWW-Authenticate often comes twice: Digest and Basic).
    """

    status: int = 0
    reason: str = ""
    method: str = ""
    uri: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    all_headers: dict[str, list[str]] = field(default_factory=dict)
    body: bytes = b""

    @property
    def cseq(self) -> int:
        """The CSeq header, or -1."""
        value = self.headers.get("cseq", "").strip()
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1


@dataclass(frozen=True)
class Interleaved:
    """An RTP or RTCP packet on the RTSP connection."""

    channel: int
    data: bytes


def _first_line(line: str, msg: RtspMessage) -> None:
    if line.startswith("RTSP/"):
        parts = line.split(" ", 2)
        code = parts[1] if len(parts) > 1 else ""
        if not (code.isascii() and code.isdigit() and len(code) == 3):
            raise RtspWireError(f"bad status line: {line[:80]!r}")
        msg.status = int(code)
        msg.reason = parts[2] if len(parts) > 2 else ""
        return
    parts = line.split(" ")
    if len(parts) != 3 or not parts[0] or not set(parts[0]) <= _TOKEN:
        raise RtspWireError(f"bad first line: {line[:80]!r}")
    if not parts[2].startswith("RTSP/"):
        raise RtspWireError(f"bad protocol: {parts[2][:20]!r}")
    msg.method, msg.uri = parts[0], parts[1]


def _head(text: str) -> RtspMessage:
    lines = text.split("\r\n")
    if len(lines) > MAX_HEADERS + 1:
        raise RtspWireError("too many header lines")
    msg = RtspMessage()
    _first_line(lines[0], msg)
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise RtspWireError(f"bad header line: {line[:80]!r}")
        key = name.strip().lower()
        msg.headers[key] = value.strip()
        msg.all_headers.setdefault(key, []).append(value.strip())
    return msg


def _interleaved(buf: bytes | bytearray) -> tuple[Interleaved | None, int]:
    if len(buf) < 4 or len(buf) < 4 + ((buf[2] << 8) | buf[3]):
        return None, 0
    size = (buf[2] << 8) | buf[3]
    return Interleaved(buf[1], bytes(buf[4 : 4 + size])), 4 + size


def parse_message(buf: bytes | bytearray) -> tuple[RtspMessage | Interleaved | None, int]:
    """One message from the start of ``buf``: (message, bytes used), or (None, 0) for more.

    Raises:
        RtspWireError: the bytes cannot start an RTSP message, or exceed the bounds.
    """
    if buf[:1] == b"$":
        return _interleaved(buf)
    if not buf:
        return None, 0
    end = buf.find(b"\r\n\r\n", 0, MAX_HEAD + 4)
    if end < 0:
        if len(buf) > MAX_HEAD:
            raise RtspWireError("message head too long")
        return None, 0
    try:
        msg = _head(bytes(buf[:end]).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RtspWireError("message head is not UTF-8") from exc
    length_text = msg.headers.get("content-length", "0").strip() or "0"
    if not (length_text.isascii() and length_text.isdigit()) or len(length_text) > 9:
        raise RtspWireError(f"bad Content-Length: {length_text[:20]!r}")
    length = int(length_text)
    if length > MAX_BODY:
        raise RtspWireError("message body too long")
    if len(buf) < end + 4 + length:
        return None, 0
    msg.body = bytes(buf[end + 4 : end + 4 + length])
    return msg, end + 4 + length


def format_request(
    method: str, uri: str, cseq: int, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    """An RTSP request; CSeq, User-Agent and Content-Length are added."""
    lines = [f"{method} {uri} RTSP/1.0", f"CSeq: {cseq}", "User-Agent: Occhio"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def format_response(
    status: int, reason: str, cseq: int, headers: dict[str, str] | None = None
) -> bytes:
    """An RTSP response to a server's own request (ANNOUNCE, GET_PARAMETER)."""
    lines = [f"RTSP/1.0 {status} {reason}", f"CSeq: {cseq}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def session_id(header: str) -> tuple[str, float | None]:
    """A Session header as (id, timeout in seconds or None)."""
    sid, _, rest = header.partition(";")
    timeout: float | None = None
    for item in rest.split(";"):
        key, _, value = item.partition("=")
        if key.strip().lower() == "timeout":
            try:
                timeout = float(value.strip())
            except ValueError:
                timeout = None
    return sid.strip(), timeout

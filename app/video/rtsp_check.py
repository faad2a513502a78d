"""Asking an RTSP server what it offers before FFmpeg talks to it, within limits.

FFmpeg's RTSP client trusts the server more than a control room can afford:

- it reads answer lines one byte per call with no limit on their length (a
  20 MB header line costs a core for as long as it lasts) and allocates
  whatever Content-Length the server announces for the SDP;
- it answers a Basic challenge with the password in clear. Its RTSP options
  (transport, flags, ports, timeouts, user agent) have nothing to refuse
  Basic, and the HTTP protocol's ``auth_type`` only chooses what to send
  before any challenge, so the refusal cannot be left to FFmpeg.

So before each connection the worker sends the server one DESCRIBE of its
own, reads the answer with a bounded size and a deadline, answers a Digest
challenge itself, and refuses a server that offers only Basic over plain
RTSP unless the camera allows it. It also learns the codec of the video
track from the SDP, so an unknown one is named instead of FFmpeg probing it
for seconds, and tells "accepted but never answered" and a 5xx apart from a
broken stream. What remains: a server that answers this check well and
FFmpeg's own requests differently is bounded by FFmpeg's open timeout only.
"""

from __future__ import annotations

import base64
import errno
import os
import select
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn
from urllib.parse import unquote, urlsplit, urlunsplit

from app.core.digest import digest_authorization, parse_challenge
from app.core.streams import Failure, StreamSource
from app.core.untrusted import clean


@dataclass(frozen=True)
class RtspLimits:
    """The most of an answer read from a server (bytes and counts)."""

    line_bytes: int = 8192
    head_bytes: int = 65536
    header_lines: int = 100
    body_bytes: int = 65536  # the SDP: a few hundred bytes per track in practice


@dataclass(frozen=True)
class ServerOffer:
    """What the server described: its video tracks' encoding names, in order."""

    video_codecs: tuple[str, ...] = ()


class StreamCheckError(Exception):
    """The server must not (or cannot) be played; ``failure`` says why.

    Attributes:
        failure: the kind the tile explains.
        detail: English words for the log.
        subject: what the operator's words name (a status code, a codec).
    """

    def __init__(self, failure: Failure, detail: str, subject: str = "") -> None:
        super().__init__(detail)
        self.failure, self.detail, self.subject = failure, detail, subject


@dataclass
class Answer:
    """One RTSP answer: status, headers (names lower-cased, in order) and body."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str:
        """The first value of header ``name`` ("" if absent)."""
        return next((v for k, v in self.headers if k == name), "")

    def all(self, name: str) -> list[str]:
        """Every value of header ``name``, in order."""
        return [v for k, v in self.headers if k == name]


#: RTP encoding names of video FFmpeg depacketises (RFC 3551 and dynamic types).
KNOWN_VIDEO_CODECS = frozenset(
    {
        "H264", "H265", "HEVC", "JPEG", "MP4V-ES", "H263", "H263-1998", "H263-2000",
        "H261", "VP8", "VP9", "AV1", "THEORA", "MPV", "MP2T", "RAW", "X-QT", "X-QUICKTIME",
    }
)  # fmt: skip


def check_rtsp(
    url: str,
    username: str,
    password: str,
    *,
    timeout: float,
    allow_basic: bool = False,
    limits: RtspLimits | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ServerOffer:
    """DESCRIBE ``url`` (credentials inside it or given) within ``timeout`` s.

    ``cancelled`` is asked a few times a second; when it says yes the check
    ends with a ``StreamCheckError`` of kind NONE (the worker is stopping).

    Raises:
        StreamCheckError: refused, unreachable, silent, oversized, failing or
            not to be played (only Basic offered in clear, unknown codec).
    """
    parts = urlsplit(url)
    if parts.username is not None:
        username, password = unquote(parts.username), unquote(parts.password or "")
    bare = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    where = f"RTSP server {clean(parts.hostname, 80)}:{parts.port or _default_port(parts.scheme)}"
    session = _Session(parts.scheme.lower(), parts.hostname or "", parts.port, where, timeout)
    session.cancelled = cancelled
    with session:
        answer = session.request("DESCRIBE", bare, {}, limits or RtspLimits())
        if answer.status == 401:
            auth = _authorization(answer, bare, (username, password), session, allow_basic)
            answer = session.request("DESCRIBE", bare, {"Authorization": auth}, limits)
    return _judge(answer, where, parts.hostname or "")


def check_source(
    url: str, source: StreamSource, *, timeout: float, cancelled: Callable[[], bool]
) -> ServerOffer:
    """What the server of ``url`` (``source`` with its credentials inside) offers,
    asked within limits before FFmpeg opens it; an empty offer for other schemes.

    Raises:
        StreamCheckError: the server must not or cannot be played.
    """
    scheme = urlsplit(url).scheme.lower()
    allow = source.allow_basic_auth
    credentials = (source.username, source.password)
    if scheme == "http":
        check_http_auth(url, *credentials, timeout=timeout, allow_basic=allow, cancelled=cancelled)
        return ServerOffer()
    if scheme not in ("rtsp", "rtsps"):
        return ServerOffer()
    offer = check_rtsp(url, *credentials, timeout=timeout, allow_basic=allow, cancelled=cancelled)
    codec = unsupported_codec(offer)
    if codec is not None:
        detail = f"the video track is in codec {codec!r}"
        raise StreamCheckError(Failure.UNSUPPORTED_CODEC, detail, codec)
    return offer


def check_http_auth(
    url: str,
    username: str,
    password: str,
    *,
    timeout: float,
    allow_basic: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Refuse to give FFmpeg credentials for a plain HTTP source that wants Basic.

    FFmpeg's HTTP client, like its RTSP one, answers a Basic challenge with the
    password in clear. Over HTTPS, or without credentials, nothing is asked.
    Only the answer's head is read (the body may be an endless MJPEG stream).

    Raises:
        StreamCheckError: INSECURE_AUTH, or the server cannot be reached or answered badly.
    """
    parts = urlsplit(url)
    if parts.username is not None:
        username = unquote(parts.username)
    if not username or parts.scheme.lower() != "http":
        return
    where = f"HTTP server {clean(parts.hostname, 80)}:{parts.port or 80}"
    session = _Session("http", parts.hostname or "", parts.port, where, timeout)
    session.cancelled = cancelled
    target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    with session:
        answer = session.request("GET", target, {"Host": parts.netloc.rpartition("@")[2]}, None)
    if answer.status == 401:
        _authorization(answer, target, (username, password), session, allow_basic)


def _default_port(scheme: str) -> int:
    return {"rtsps": 322, "http": 80}.get(scheme.lower(), 554)


#: The longest a blocking step of the check waits before looking at ``cancelled``.
SLICE_S = 0.25


class _Session:
    """One TCP (or TLS) connection with a deadline for everything done on it."""

    def __init__(self, scheme: str, host: str, port: int | None, where: str, timeout: float):
        self.scheme, self.host, self.where = scheme, host, where
        self.port = port or _default_port(scheme)
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.sock: socket.socket | None = None
        self.cseq = 0
        self.cancelled: Callable[[], bool] = lambda: False

    def __enter__(self) -> _Session:
        try:
            sock = self._connect()
        except StreamCheckError:
            raise
        except OSError as err:
            reason = clean(err.strerror or err, 80)
            raise StreamCheckError(Failure.UNREACHABLE, f"{self.where}: {reason}") from err
        if self.scheme == "rtsps":
            # Cameras carry self-signed certificates: as FFmpeg's own TLS
            # default, the link is encrypted but the peer is not verified.
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            sock.settimeout(self._slice())
            sock = context.wrap_socket(sock, server_hostname=self.host)
        self.sock = sock
        return self

    def _connect(self) -> socket.socket:
        """A connected socket, the wait cut in slices so that ``cancelled`` is heard."""
        error: OSError = OSError(f"no address for {self.host}")
        for family, kind, proto, _, address in socket.getaddrinfo(
            self.host, self.port, type=socket.SOCK_STREAM
        ):
            sock = socket.socket(family, kind, proto)
            try:
                sock.setblocking(False)
                code = sock.connect_ex(address)
                while code in (errno.EINPROGRESS, errno.EAGAIN, errno.EALREADY):
                    _, writable, _ = select.select([], [sock], [], self._slice("connect"))
                    if writable:
                        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    raise OSError(code, os.strerror(code))
                sock.setblocking(True)
                return sock
            except BaseException as err:
                sock.close()
                if not isinstance(err, OSError) or isinstance(err, StreamCheckError):
                    raise
                error = err
        raise error

    def __exit__(self, *exc: object) -> None:
        if self.sock is not None:
            self.sock.close()

    def _slice(self, phase: str = "answer") -> float:
        """How long the next blocking step may wait; raises when cancelled or late."""
        if self.cancelled():
            raise StreamCheckError(Failure.NONE, "stopped")
        left = self.deadline - time.monotonic()
        if left <= 0:
            what = (
                "did not accept a connection"
                if phase == "connect"
                else "accepted the connection but did not answer"
            )
            raise StreamCheckError(
                Failure.TIMEOUT, f"{self.where} {what} within {self.timeout:g} s"
            )
        return min(left, SLICE_S)

    def request(
        self, method: str, url: str, extra: dict[str, str], limits: RtspLimits | None
    ) -> Answer:
        """Send one request and read its answer within the limits."""
        assert self.sock is not None
        self.cseq += 1
        if self.scheme == "http":
            lines = [f"{method} {url} HTTP/1.1", "Connection: close"]
        else:
            lines = [f"{method} {url} RTSP/1.0", f"CSeq: {self.cseq}", "Accept: application/sdp"]
        lines += ["User-Agent: Occhio", *(f"{k}: {v}" for k, v in extra.items())]
        try:
            self.sock.settimeout(max(self._slice(), self.deadline - time.monotonic()))
            self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"))
            reader = AnswerReader(self._recv, self.where, limits or RtspLimits())
            return reader.answer(with_body=self.scheme != "http")
        except TimeoutError:
            self._slice()  # raises the "did not answer" error
            raise
        except OSError as err:
            detail = f"{self.where} closed the connection: {clean(err, 80)}"
            raise StreamCheckError(Failure.UNREACHABLE, detail) from err

    def _recv(self) -> bytes:
        assert self.sock is not None
        while True:
            self.sock.settimeout(self._slice())
            try:
                return self.sock.recv(16384)
            except TimeoutError:
                continue  # one slice passed: look at the deadline and the stop again


class AnswerReader:
    """Reads one RTSP (or HTTP) answer from ``recv`` (b"" at the end), within ``limits``.

    Raises ``StreamCheckError`` for anything else: an answer too large, one
    that is not RTSP, or a connection closed half-way.
    """

    def __init__(self, recv: Callable[[], bytes], where: str, limits: RtspLimits) -> None:
        self.recv, self.where, self.limits = recv, where, limits
        self.buffer = bytearray()

    def answer(self, with_body: bool = True) -> Answer:
        """The status, headers and (``with_body``) body of the next answer."""
        limits = self.limits
        status_line = self._line()
        fields = status_line.split(" ", 2)
        protocol_ok = fields[0].startswith(("RTSP/", "HTTP/"))
        if len(fields) < 2 or not protocol_ok or not fields[1].isdigit():
            raise StreamCheckError(Failure.PROTOCOL, f"{self.where}: not an RTSP answer")
        answer, size = Answer(int(fields[1][:3])), len(status_line)
        while line := self._line():
            size += len(line)
            if len(answer.headers) >= limits.header_lines or size > limits.head_bytes:
                self._too_large(
                    f"more than {limits.header_lines} header lines or {limits.head_bytes} bytes"
                )
            name, _, value = line.partition(":")
            answer.headers.append((name.strip().lower(), value.strip()))
        if not with_body:
            return answer
        length = answer.header("content-length") or "0"
        if not (length.isascii() and length.isdigit()):
            raise StreamCheckError(Failure.PROTOCOL, f"{self.where}: bad Content-Length")
        if len(length) > 12 or int(length) > limits.body_bytes:
            self._too_large(f"a description of {length[:12]} bytes (limit {limits.body_bytes})")
        answer.body = self._exactly(int(length))
        return answer

    def _too_large(self, what: str) -> NoReturn:
        raise StreamCheckError(Failure.OVERSIZED, f"{self.where} sent {what}; refused")

    def _fill(self) -> None:
        data = self.recv()
        if not data:
            raise StreamCheckError(Failure.UNREACHABLE, f"{self.where} closed the connection")
        self.buffer += data

    def _line(self) -> str:
        limit = self.limits.line_bytes
        while (end := self.buffer.find(b"\n")) < 0:
            if len(self.buffer) > limit:
                self._too_large(f"a header line longer than {limit} bytes")
            self._fill()
        if end > limit:
            self._too_large(f"a header line longer than {limit} bytes")
        line = bytes(self.buffer[:end]).rstrip(b"\r").decode("utf-8", "replace")
        del self.buffer[: end + 1]
        return line

    def _exactly(self, count: int) -> bytes:
        while len(self.buffer) < count:
            self._fill()
        data = bytes(self.buffer[:count])
        del self.buffer[:count]
        return data


def _authorization(
    answer: Answer, url: str, credentials: tuple[str, str], session: _Session, allow_basic: bool
) -> str:
    """The Authorization for a 401's challenges: Digest when offered, Basic only if allowed."""
    (username, password), where = credentials, session.where
    if not username:
        raise StreamCheckError(Failure.AUTH, f"{where} asks for credentials; none configured")
    challenges = [parse_challenge(value) for value in answer.all("www-authenticate")]
    digest = next((params for scheme, params in challenges if scheme == "digest"), None)
    if digest is not None:
        return digest_authorization(digest, "DESCRIBE", url, username, password)
    if any(scheme == "basic" for scheme, _ in challenges):
        if allow_basic or session.scheme == "rtsps":
            token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
            return f"Basic {token}"
        raise StreamCheckError(
            Failure.INSECURE_AUTH,
            f"{where} offers only Basic authentication, which sends the password in "
            "clear; not sent (allow_basic_auth = true in the camera's table allows it)",
        )
    raise StreamCheckError(Failure.AUTH, f"{where} asks for an authentication Occhio lacks")


def _judge(answer: Answer, where: str, host: str) -> ServerOffer:
    """Turn DESCRIBE's final answer into an offer or the failure it means."""
    status = answer.status
    if status == 200:
        return ServerOffer(video_codecs(answer.body))
    if 300 <= status < 400:
        location = urlsplit(answer.header("location"))
        if location.hostname and location.hostname.lower() != host.lower():
            detail = f"{where} redirects to another host ({clean(location.hostname, 80)})"
            raise StreamCheckError(Failure.FOREIGN_HOST, detail)
        return ServerOffer()
    kinds = {401: Failure.AUTH, 403: Failure.AUTH, 404: Failure.NOT_FOUND}
    if status in kinds:
        raise StreamCheckError(kinds[status], f"{where} answered {status}", str(status))
    if 500 <= status < 600:
        raise StreamCheckError(Failure.SERVER_ERROR, f"{where} answered {status}", str(status))
    raise StreamCheckError(Failure.PROTOCOL, f"{where} answered {status}", str(status))


def video_codecs(sdp: bytes) -> tuple[str, ...]:
    """The encoding names of an SDP's video tracks, in order ("" for a static type)."""
    codecs: list[str] = []
    in_video, formats = False, ""
    for raw in sdp.decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if line.startswith("m="):
            if in_video and formats:
                codecs.append("")  # a static payload type without rtpmap
            fields = line[2:].split()
            in_video = bool(fields) and fields[0] == "video"
            formats = fields[3] if in_video and len(fields) > 3 else ""
        elif in_video and formats and line.startswith(f"a=rtpmap:{formats} "):
            codecs.append(clean(line.split(" ", 1)[1].split("/", 1)[0], 32).upper())
            formats = ""
    if in_video and formats:
        codecs.append("")
    return tuple(codecs)


def unsupported_codec(offer: ServerOffer) -> str | None:
    """The first video track's encoding name when FFmpeg cannot play it, else None."""
    if not offer.video_codecs:
        return None
    name = offer.video_codecs[0]
    return None if not name or name in KNOWN_VIDEO_CODECS else name

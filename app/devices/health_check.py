"""A light background check of every camera no wall is showing.

An RTSP camera gets a ``DESCRIBE`` (with Digest authentication when asked),
which tells apart "answers", "refuses the credentials", "no such path",
"server error" and "unreachable" in one round trip and decodes nothing; a
camera known only by its ONVIF address gets an unauthenticated
``GetSystemDateAndTime``. Checks are spread evenly over the interval and
at most ``concurrency`` run at once, on a thread of their own with its own
event loop, so 200 cameras cost little and never delay the wall. Every
read is bounded in size and time; what a device says is cleaned before it
goes anywhere.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from app.core import untrusted
from app.core.digest import digest_authorization, parse_challenge
from app.core.health import Observation, Source
from app.core.model import Camera, RecorderAddress
from app.core.streams import Failure

logger = logging.getLogger("app.devices")

MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 64 * 1024
DETAIL_MAX = 160

#: A sink for results; called on the checker's thread, so it must be thread-safe.
Sink = Callable[[Observation], None]


@dataclass(frozen=True)
class Answer:
    """An RTSP status line and the headers that matter here."""

    status: int
    reason: str
    authenticate: str = ""


class CheckError(Exception):
    """A check that found the camera not working: why, in the engine's terms."""

    def __init__(self, failure: Failure, detail: str) -> None:
        super().__init__(detail)
        self.failure = failure
        self.detail = detail


def clean(text: str) -> str:
    """Device words made safe for a log line or the screen (the shared sanitiser)."""
    return untrusted.clean(text, DETAIL_MAX)


def parse_answer(head: bytes) -> Answer:
    """The status and authentication challenge of an RTSP response head.

    Raises:
        CheckError: not an RTSP response.
    """
    lines = head.decode("latin-1").split("\r\n")
    match = re.fullmatch(r"RTSP/1\.\d (\d{3}) ?(.*)", lines[0].strip())
    if match is None:
        raise CheckError(Failure.PROTOCOL, f"not an RTSP answer: {clean(lines[0])!r}")
    challenges = [
        line.split(":", 1)[1].strip()
        for line in lines[1:]
        if line.lower().startswith("www-authenticate:")
    ]
    digest = next((c for c in challenges if c.lower().startswith("digest")), "")
    return Answer(int(match.group(1)), clean(match.group(2)), digest or (challenges or [""])[0])


def digest_header(
    challenge: str, method: str, uri: str, user: str, password: str, *, count: int = 1
) -> str:
    """The ``Authorization`` value answering a Digest ``challenge`` (RFC 2617, MD5)."""
    _scheme, params = parse_challenge(challenge)
    return digest_authorization(params, method, uri, user, password, count=count)


async def _read_answer(reader: asyncio.StreamReader) -> Answer:
    """One RTSP response, head bounded in size, body read and dropped (bounded too)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError as exc:
        raise CheckError(Failure.PROTOCOL, f"answer head over {MAX_HEADER_BYTES} bytes") from exc
    except asyncio.IncompleteReadError as exc:
        raise CheckError(Failure.ENDED, "the camera closed the connection") from exc
    answer = parse_answer(head)
    length = re.search(rb"(?im)^content-length:\s*(\d{1,9})\s*$", head)
    size = int(length.group(1)) if length else 0
    if size > MAX_BODY_BYTES:
        raise CheckError(Failure.PROTOCOL, f"answer body over {MAX_BODY_BYTES} bytes")
    if size:
        await reader.readexactly(size)
    return answer


class RtspProbe:
    """One camera's RTSP check, on a connection kept open between checks.

    The first check connects and sends ``DESCRIBE`` (answering a Digest
    challenge); later ones send ``DESCRIBE`` again on the same connection
    with the same authorisation (re-answering when the server asks for a
    fresh nonce). A check then costs one request and one bounded answer
    instead of a connection and two requests: the difference between 6 %
    and 2 % of a core for 200 cameras every 5 s. A closed connection is
    opened again at once, so a restarted camera is not taken for a dead one.
    """

    def __init__(self, url: str, user: str = "", password: str = "") -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "", parts.port or 554
        self.user = user or unquote(parts.username or "")
        self.password = password or unquote(parts.password or "")
        netloc = f"{self.host}:{self.port}" if parts.port else self.host
        self.url = parts._replace(netloc=netloc).geturl()  # never the credentials
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._auth = ""
        self._cseq = 0

    async def check(self, timeout: float) -> str:
        """The server's words when the camera works.

        Raises:
            CheckError: why it does not (unreachable, credentials, path, server error).
        """
        try:
            async with asyncio.timeout(timeout):
                if self._writer is not None:
                    try:
                        return await self._describe()
                    except (CheckError, ConnectionError, asyncio.IncompleteReadError) as err:
                        if isinstance(err, CheckError) and err.failure is not Failure.ENDED:
                            raise
                        self.close()  # the camera closed it (restart, idle timeout): open again
                await self._connect()
                return await self._describe()
        except CheckError:
            self.close()
            raise
        except TimeoutError as exc:
            self.close()
            raise CheckError(Failure.TIMEOUT, f"no answer within {timeout:.0f} s") from exc
        except ConnectionRefusedError as exc:
            self.close()
            raise CheckError(Failure.UNREACHABLE, "connection refused") from exc
        except OSError as exc:
            self.close()
            raise CheckError(Failure.UNREACHABLE, clean(str(exc) or type(exc).__name__)) from exc

    def close(self) -> None:
        """Drop the connection (the next check opens a new one)."""
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def _connect(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(
            self.host, self.port, limit=MAX_HEADER_BYTES
        )

    async def _describe(self) -> str:
        """DESCRIBE, answering one authentication challenge."""
        for attempt in (1, 2):
            answer = await self._request("DESCRIBE")
            if answer.status == 200:
                return answer.reason
            if answer.status != 401 or attempt == 2:
                break
            if not answer.authenticate.lower().startswith("digest"):
                # Only Basic offered: never sent in clear by a background check. It answers.
                return f"{answer.status} {answer.reason} (Basic only: credentials not checked)"
            if not self.user:
                break
            value = digest_header(
                answer.authenticate, "DESCRIBE", self.url, self.user, self.password
            )
            self._auth = f"Authorization: {value}\r\n"
        raise CheckError(_failure_for(answer.status), f"{answer.status} {answer.reason}")

    async def _request(self, method: str) -> Answer:
        assert self._reader is not None and self._writer is not None
        self._cseq += 1
        request = f"{method} {self.url} RTSP/1.0\r\nCSeq: {self._cseq}\r\n"
        request += f"Accept: application/sdp\r\nUser-Agent: Occhio\r\n{self._auth}\r\n"
        self._writer.write(request.encode("latin-1"))
        await self._writer.drain()
        return await _read_answer(self._reader)


async def check_rtsp(url: str, user: str, password: str, timeout: float) -> str:
    """One RTSP check on a connection of its own (closed after)."""
    probe = RtspProbe(url, user, password)
    try:
        return await probe.check(timeout)
    finally:
        probe.close()


def _failure_for(status: int) -> Failure:
    if status in (401, 403):
        return Failure.AUTH
    if status == 404:
        return Failure.NOT_FOUND
    return Failure.PROTOCOL  # 5xx and the rest: the server answered, wrongly


_ONVIF_TIME = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
    b'<s:Body><GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>'
    b"</s:Body></s:Envelope>"
)


async def check_onvif(host: str, port: int, timeout: float) -> str:
    """Ask an ONVIF device its clock (no credentials needed): it answers, or why not.

    Raises:
        CheckError: unreachable, silent, or not an ONVIF answer.
    """
    request = (
        f"POST /onvif/device_service HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/soap+xml; charset=utf-8\r\n"
        f"Content-Length: {len(_ONVIF_TIME)}\r\nConnection: close\r\n\r\n"
    ).encode("latin-1") + _ONVIF_TIME
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port, limit=MAX_HEADER_BYTES)
            try:
                writer.write(request)
                await writer.drain()
                line = await reader.readline()
            finally:
                writer.close()
    except TimeoutError as exc:
        raise CheckError(Failure.TIMEOUT, f"no answer within {timeout:.0f} s") from exc
    except OSError as exc:
        raise CheckError(Failure.UNREACHABLE, clean(str(exc) or type(exc).__name__)) from exc
    match = re.match(rb"HTTP/1\.[01] (\d{3})", line)
    if match is None:
        raise CheckError(Failure.ONVIF, f"not an HTTP answer: {clean(line.decode('latin-1'))!r}")
    status = int(match.group(1))
    if status >= 500 and status != 500:  # 500 carries SOAP faults, still an answer
        raise CheckError(Failure.PROTOCOL, f"HTTP {status}")
    return f"HTTP {status}"


async def check_camera(
    camera: Camera, timeout: float, probe: RtspProbe | None = None
) -> Observation:
    """One look at ``camera``: its main stream (on ``probe``'s connection), or its ONVIF device."""
    own = probe is None and bool(camera.main_url)
    try:
        if camera.main_url:
            probe = probe or RtspProbe(camera.main_url, camera.username, camera.password)
            try:
                detail = await probe.check(timeout)
            finally:
                if own:
                    probe.close()
        elif camera.onvif is not None:
            detail = await check_onvif(camera.onvif.host, camera.onvif.port, timeout)
        else:
            raise CheckError(Failure.MALFORMED, "no stream URL or ONVIF address configured")
    except CheckError as err:
        return Observation(camera.id, False, err.failure, err.detail, time.time())
    return Observation(camera.id, True, Failure.NONE, detail, time.time())


async def check_recorder(record_id: str, address: RecorderAddress, timeout: float) -> Observation:
    """Whether a recorder's HTTP port takes a connection (search and replay start there)."""
    try:
        async with asyncio.timeout(timeout):
            _reader, writer = await asyncio.open_connection(address.host, address.port)
            writer.close()
    except TimeoutError:
        failure, detail = Failure.TIMEOUT, f"no answer within {timeout:.0f} s"
    except OSError as exc:
        failure, detail = Failure.UNREACHABLE, clean(str(exc) or type(exc).__name__)
    else:
        return Observation(record_id, True, Failure.NONE, "", time.time())
    return Observation(record_id, False, failure, detail, time.time())


class HealthChecker:
    """Checks cameras in the background, each once per ``interval_s``.

    Args:
        sink: receives each ``Observation`` (called on the checker thread).
        interval_s: how often each camera is checked.
        concurrency: most checks at once.
        timeout: seconds one check may take.
    """

    def __init__(
        self, sink: Sink, *, interval_s: float = 5.0, concurrency: int = 8, timeout: float = 3.0
    ) -> None:
        self.interval_s, self.concurrency, self.timeout = interval_s, concurrency, timeout
        self._sink = sink
        self._lock = threading.Lock()
        self._cameras: tuple[Camera, ...] = ()
        self._skip: frozenset[str] = frozenset()
        self._recorders: dict[str, RecorderAddress] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="health-check", daemon=False)
        # Per camera: the (url, user, password) it was made for, and the probe.
        self._probes: dict[str, tuple[tuple[str, str, str], RtspProbe]] = {}
        self.checks = 0  # how many checks ran (for the benchmark)

    def set_cameras(self, cameras: Iterable[Camera]) -> None:
        """The cameras to check (the site's); takes effect on the next round."""
        with self._lock:
            self._cameras = tuple(cameras)

    def set_recorders(self, recorders: dict[str, RecorderAddress]) -> None:
        """The recorders (NVRs) to check, by health book id: their HTTP port answers."""
        with self._lock:
            self._recorders = dict(recorders)

    def set_skip(self, camera_ids: Iterable[str]) -> None:
        """Cameras a wall is showing: their streams say how they are."""
        with self._lock:
            self._skip = frozenset(camera_ids)

    def start(self) -> None:
        """Start checking."""
        self._thread.start()

    @property
    def native_id(self) -> int:
        """The checking thread's id in the operating system (0 before the start)."""
        return self._thread.native_id or 0

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and wait (bounded) for the checks in flight to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._rounds())
        except Exception:  # a bug here must be seen, not silently end the checks
            logger.exception("health checks stopped by an error")

    async def _rounds(self) -> None:
        limit = asyncio.Semaphore(self.concurrency)
        tasks: set[asyncio.Task[None]] = set()
        while not self._stop.is_set():
            started = time.monotonic()
            with self._lock:
                cameras = [c for c in self._cameras if c.id not in self._skip]
                recorders = dict(self._recorders)
            self._forget_probes({c.id for c in cameras})
            step = self.interval_s / max(1, len(cameras) + len(recorders))
            jobs = [functools.partial(self._check, c) for c in cameras]
            jobs += [
                functools.partial(self._check_recorder, rid, address)
                for rid, address in recorders.items()
            ]
            for n, job in enumerate(jobs):
                if await self._wait_until(started + n * step):
                    break
                await limit.acquire()
                task = asyncio.create_task(job(limit))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            await self._wait_until(started + self.interval_s)
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for _key, probe in self._probes.values():
            probe.close()
        self._probes.clear()

    def _probe(self, camera: Camera) -> RtspProbe | None:
        """The camera's kept RTSP probe (a new one when its address or credentials changed)."""
        if not camera.main_url:
            return None
        key = (camera.main_url, camera.username, camera.password)
        held = self._probes.get(camera.id)
        if held is None or held[0] != key:
            if held is not None:
                held[1].close()
            held = (key, RtspProbe(camera.main_url, camera.username, camera.password))
            self._probes[camera.id] = held
        return held[1]

    async def _check(self, camera: Camera, limit: asyncio.Semaphore) -> None:
        try:
            observation = await check_camera(camera, self.timeout, self._probe(camera))
            self.checks += 1
            self._sink(observation)
        finally:
            limit.release()

    async def _check_recorder(
        self, record_id: str, address: RecorderAddress, limit: asyncio.Semaphore
    ) -> None:
        try:
            observation = await check_recorder(record_id, address, self.timeout)
            self.checks += 1
            self._sink(observation)
        finally:
            limit.release()

    def _forget_probes(self, keep: set[str]) -> None:
        """Close the connections of cameras no longer checked (removed, or on a wall)."""
        for camera_id in [cid for cid in self._probes if cid not in keep]:
            self._probes.pop(camera_id)[1].close()

    async def _wait_until(self, moment: float) -> bool:
        """Sleep until ``moment`` (monotonic) in short steps; True when asked to stop."""
        while not self._stop.is_set():
            left = moment - time.monotonic()
            if left <= 0:
                return False
            await asyncio.sleep(min(left, 0.2))
        return True


__all__ = ["CheckError", "HealthChecker", "Observation", "Source", "check_camera"]

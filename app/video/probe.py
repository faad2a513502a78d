"""``occhio probe URL``: open one stream with the engine and report on it.

An installer's tool: it answers "does this camera work from this PC, and
what does it send?" with the codec, size, measured frame rate, bitrate,
time to first picture and every state change. The exit status is 0 when
pictures were decoded and still came at the end, 1 otherwise (no picture,
or a picture that stopped: "stalled"). The run is bounded by ``--seconds``
plus the open timeout, plus at most a read timeout to close, so it never
hangs on a dead camera, nor on one whose video stopped while other data
keeps coming.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from app.core.model import Transport
from app.core.passwords import PasswordError, password_from
from app.core.streams import Failure, StreamKey, StreamSource, StreamState, StreamStatus
from app.video.pyav_engine import PyAVEngine
from app.video.urls import mask
from app.video.worker import PyAVStream

_POLL = 0.05


@dataclass
class ProbeResult:
    """What one probe measured; ``as_dict`` is the ``--json`` output."""

    url: str
    transport: str
    ok: bool = False
    stalled: bool = False  # pictures came, then stopped
    codec: str = ""
    width: int = 0
    height: int = 0
    fps: float = 0.0
    frames: int = 0
    bitrate_kbps: float = 0.0
    first_frame_ms: float | None = None
    state: str = StreamState.IDLE.value
    failure: str = Failure.NONE.value
    detail: str = ""
    transitions: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data."""
        return dict(self.__dict__)


def probe(source: StreamSource, seconds: float, engine: PyAVEngine | None = None) -> ProbeResult:
    """Play ``source`` for ``seconds`` after its first picture and measure it."""
    engine = engine or PyAVEngine(decode_threads=1)
    secrets = (source.password,) if source.password else ()
    result = ProbeResult(url=mask(source.url, *secrets), transport=str(source.transport))
    started = time.monotonic()
    stream = engine.open(StreamKey("probe"), source)
    stream.stop_by(started + seconds + engine.timings.open_timeout)
    try:
        _watch(stream, started, seconds, engine.timings.open_timeout)
        _measure(stream, started, result, engine.timings.stall_after)
    finally:
        engine.close(stream)
    return result


def _watch(stream: PyAVStream, started: float, seconds: float, open_timeout: float) -> None:
    """Poll until ``seconds`` after the first frame, a permanent failure or the deadline."""
    deadline = started + seconds + open_timeout
    first_at: float | None = None
    while time.monotonic() < deadline:
        status = stream.status
        if status.state is StreamState.FAILED:
            return
        if first_at is None and stream.frames_decoded:
            first_at = time.monotonic()
            deadline = min(deadline, first_at + seconds)
        time.sleep(_POLL)  # a command-line tool: polling keeps it simple and bounded


def _measure(stream: PyAVStream, started: float, result: ProbeResult, stall: float) -> None:
    history = stream.history()
    stats = stream.stats()
    frames = stream.frames_decoded
    status = stream.status
    age = stats.last_frame_age
    result.stalled = frames > 0 and (
        (age is not None and age >= stall) or status.state is not StreamState.PLAYING
    )
    result.ok = frames > 0 and not result.stalled
    result.frames = frames
    result.codec, result.width, result.height = stats.codec, stats.width, stats.height
    result.bitrate_kbps = round(stats.bitrate_kbps, 1)
    result.state, result.failure, result.detail = status.state, status.failure, status.detail
    playing = [s for s in history if s.state is StreamState.PLAYING]
    if playing:
        result.first_frame_ms = round((playing[0].since - started) * 1000, 1)
    _, frame = stream.mailbox.latest()
    if stats.fps_source > 0:
        # The stream's own clock: a GOP burst on PLAY is not a faster camera.
        result.fps = round(stats.fps_source, 2)
    elif frame is not None and playing and frames > 1:
        span = frame.received_at - playing[0].since
        result.fps = round((frames - 1) / span, 2) if span > 0 else 0.0
    result.transitions = [_transition(s, started) for s in history]
    last_failure = next((s for s in reversed(history) if s.failure is not Failure.NONE), None)
    if not result.ok and last_failure is not None:
        result.failure, result.detail = last_failure.failure, last_failure.detail
    if result.stalled and age is not None and result.failure == Failure.NONE:
        result.failure, result.detail = Failure.TIMEOUT.value, f"no picture for {age:.1f} s"


def _transition(status: StreamStatus, started: float) -> dict[str, Any]:
    entry: dict[str, Any] = {"t_ms": round((status.since - started) * 1000, 1)}
    entry["state"] = str(status.state)
    if status.failure is not Failure.NONE:
        entry["failure"], entry["detail"] = str(status.failure), status.detail
    return entry


def _print_human(result: ProbeResult) -> None:
    print(f"Sorgente / source:   {result.url} ({result.transport})")
    for entry in result.transitions:
        extra = f"  [{entry['failure']}: {entry['detail']}]" if "failure" in entry else ""
        print(f"  {entry['t_ms']:>8.0f} ms  {entry['state']}{extra}")
    if result.ok or result.stalled:
        print(f"Codec:               {result.codec}")
        print(f"Dimensioni / size:   {result.width}x{result.height}")
        print(f"Fotogrammi / frames: {result.frames} ({result.fps:.2f} fps)")
        print(f"Bitrate:             {result.bitrate_kbps:.0f} kbit/s")
        print(f"Primo fotogramma:    {result.first_frame_ms:.0f} ms (time to first frame)")
    if result.ok:
        print("Esito / result:      OK")
    elif result.stalled:
        print(f"Esito / result:      IMMAGINE FERMA / stalled ({result.failure}: {result.detail})")
    else:
        print(f"Esito / result:      NESSUN VIDEO / no video ({result.failure}: {result.detail})")


def run_probe(args: argparse.Namespace, **_: object) -> int:
    """Entry point of ``occhio probe``; returns 0 when pictures were decoded and kept coming."""
    try:
        password = password_from(args)
    except PasswordError as err:
        print(f"occhio probe: {err}", file=sys.stderr)
        return 1
    source = StreamSource(
        url=args.url,
        username=args.user or "",
        password=password,
        transport=Transport(args.transport),
        allow_basic_auth=bool(getattr(args, "allow_basic_auth", False)),
    )
    result = probe(source, max(0.5, float(args.seconds)))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        _print_human(result)
    sys.stdout.flush()
    return 0 if result.ok else 1

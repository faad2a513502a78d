"""ONVIF Profile G recorders (an NVR, or a camera with a card) through onvif-zeep-async.

- Which recordings: ``FindRecordings`` + ``GetRecordingSearchResults``; the
  site file's ``recording`` token, else the ``channel``-th recording
  (1: the first, what a camera's own card has).
- What is recorded: ``FindEvents`` over ``tns1:RecordingHistory/Track/State``,
  whose ``IsDataPresent`` turns false where a gap starts and true where
  recording resumes; devices without event search give their earliest and
  latest time only (gaps then show up in the replay itself).
- Replay: ``GetReplayUri``, then RTSP with ``Require: onvif-replay`` and a
  clock range. The URI's host is replaced by the configured one (recorders
  behind NAT announce addresses the station cannot reach, and credentials
  go only to the host the installer named).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from app.core.model import Camera, OnvifAddress, RecorderKind
from app.core.recording import DeviceIdentity, RecordingIndex, Span, merge_spans
from app.devices.onvif import close_camera, device_clock_skew, open_camera
from app.devices.onvif_errors import OnvifError, map_error
from app.devices.onvif_types import dig
from app.devices.recorder import ReplayStream, sanitise, start_replay
from app.devices.replay.client import PlayOptions
from app.devices.replay.errors import ReplayError, ReplayFailure

logger = logging.getLogger("app.devices")

SEARCH_NS = "http://www.onvif.org/ver10/search/wsdl"
REPLAY_NS = "http://www.onvif.org/ver10/replay/wsdl"
MAX_RESULT_ROUNDS = 20
INTRA_ABOVE = 4.0  # faster than this, only key frames are asked for (what can be shown)
_T = TypeVar("_T")
_FAILURES = {
    "auth": ReplayFailure.AUTH,
    "unreachable": ReplayFailure.UNREACHABLE,
    "timeout": ReplayFailure.TIMEOUT,
}

Event = tuple[float, bool, bool]  # (time, data present, is the start state)


def spans_from_events(wanted: Span, events: Iterable[Event]) -> list[Span]:
    """Recorded spans inside ``wanted`` from data-present transitions.

    Before the first event the state is unknown: the start state event says
    it; without one, data is taken as absent (nothing is claimed recorded
    that the device did not report).
    """
    spans: list[Span] = []
    since: float | None = None
    for t, present, _ in sorted(events, key=lambda e: (e[0], not e[2])):
        if present and since is None:
            since = max(t, wanted.start)
        elif not present and since is not None:
            spans.append(Span(since, min(t, wanted.end)))
            since = None
    if since is not None:
        spans.append(Span(since, wanted.end))
    return merge_spans([s for s in spans if s.end > s.start], slack=0.0)


def _event(result: Any) -> Event | None:
    """(time, present, start state) of one FindEventResult; None for other topics."""
    from zeep.helpers import serialize_object

    data = serialize_object(result)
    topic = str(dig(data, "Event", "Topic", "_value_1") or "")
    if not topic.endswith(("RecordingHistory/Track/State", "RecordingHistory/Recording/State")):
        return None
    items = dig(data, "Event", "Message", "_value_1", "Data", "SimpleItem") or []
    value = next((i.get("Value") for i in items if i.get("Name") == "IsDataPresent"), None)
    when = dig(data, "Time")
    if value is None or not isinstance(when, dt.datetime):
        return None
    return when.timestamp(), str(value).lower() == "true", bool(dig(data, "StartStateEvent"))


class OnvifRecorder:
    """One recording on an ONVIF Profile G device."""

    def __init__(self, camera: Camera, device: Any, address: OnvifAddress, timeout: float) -> None:
        assert camera.recorder is not None
        self.camera = camera
        self.kind = camera.recorder.kind
        self.config = camera.recorder
        self.device = device
        self.address = address
        self.timeout = timeout
        self.where = f"{address.host}:{address.port}"
        self._token = camera.recorder.recording
        self._earliest: float | None = None
        self._replay_uri = ""

    @classmethod
    async def open(cls, camera: Camera, timeout: float = 5.0) -> OnvifRecorder:
        """Connect and check that the device offers search and replay.

        Raises:
            ReplayError: unreachable, refused, or no recordings on this device.
        """
        config = camera.recorder
        assert config is not None
        if config.kind is RecorderKind.CAMERA:
            if camera.onvif is None:
                raise ReplayError(
                    ReplayFailure.NOT_FOUND, f"camera {camera.id} has no ONVIF address"
                )
            address = camera.onvif
        else:
            address = OnvifAddress(config.host, config.port, config.username, config.password)
        try:
            device = await open_camera(address, timeout)
        except OnvifError as err:
            raise ReplayError(
                _FAILURES.get(str(err.failure), ReplayFailure.PROTOCOL), err.detail
            ) from err
        if SEARCH_NS not in device.xaddrs or REPLAY_NS not in device.xaddrs:
            await close_camera(device, timeout)
            raise ReplayError(
                ReplayFailure.UNSUPPORTED,
                f"{address.host}:{address.port} offers no recordings (no ONVIF search and replay)",
            )
        return cls(camera, device, address, timeout)

    async def _call(self, call: Awaitable[_T]) -> _T:
        """One SOAP call, bounded; errors as ReplayError (malformed XML: SEARCH)."""
        try:
            return await asyncio.wait_for(call, self.timeout)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if type(exc).__name__ in ("XMLSyntaxError", "XMLParseError", "ParseError"):
                raise ReplayError(
                    ReplayFailure.SEARCH, f"{self.where}: malformed answer ({exc})"
                ) from exc
            err = map_error(exc, self.where, self.timeout)
            failure = _FAILURES.get(str(err.failure), ReplayFailure.SEARCH)
            raise ReplayError(failure, err.detail) from exc

    async def identity(self) -> DeviceIdentity:
        """GetDeviceInformation."""
        management = await self._call(self.device.create_devicemgmt_service())
        info = await self._call(management.GetDeviceInformation())
        return DeviceIdentity(
            *(
                sanitise(dig(info, k))
                for k in ("Manufacturer", "Model", "SerialNumber", "FirmwareVersion")
            )
        )

    async def clock_offset(self) -> float | None:
        """GetSystemDateAndTime against this computer's clock.

        The device gives whole seconds, cut short: half a second is added so
        the error is +-0.5 s instead of 0..-1 s.
        """
        skew = await device_clock_skew(self.device, self.address, self.timeout)
        return None if skew is None else skew + 0.5

    async def recording_token(self) -> str:
        """The configured token, else the channel-th recording the device lists."""
        if self._token:
            return self._token
        search = await self._call(self.device.create_search_service())
        job = await self._call(
            search.FindRecordings({"Scope": {}, "KeepAliveTime": dt.timedelta(seconds=10)})
        )
        found = await self._call(search.GetRecordingSearchResults({"SearchToken": job}))
        items = list(dig(found, "RecordingInformation") or [])
        if not items:
            raise ReplayError(ReplayFailure.NO_RECORDING, f"{self.where} lists no recordings")
        item = items[min(self.config.channel, len(items)) - 1]
        self._token = str(dig(item, "RecordingToken") or "")
        earliest = dig(item, "EarliestRecording")
        self._earliest = earliest.timestamp() if isinstance(earliest, dt.datetime) else None
        return self._token

    async def search(self, wanted: Span) -> RecordingIndex:
        """Recorded spans inside ``wanted`` from the device's recording history events."""
        token = await self.recording_token()
        search = await self._call(self.device.create_search_service())
        job = await self._call(
            search.FindEvents(
                {
                    "StartPoint": dt.datetime.fromtimestamp(wanted.start, dt.UTC),
                    "EndPoint": dt.datetime.fromtimestamp(wanted.end, dt.UTC),
                    "Scope": {"IncludedRecordings": [token]},
                    "SearchFilter": {},
                    "IncludeStartState": True,
                    "KeepAliveTime": dt.timedelta(seconds=10),
                }
            )
        )
        events: list[Event] = []
        for _ in range(MAX_RESULT_ROUNDS):
            answer = await self._call(
                search.GetEventSearchResults(
                    {"SearchToken": job, "WaitTime": dt.timedelta(seconds=1)}
                )
            )
            events += [e for e in map(_event, dig(answer, "Result") or []) if e is not None]
            if str(dig(answer, "SearchState") or "") == "Completed":
                break
        recorded = tuple(spans_from_events(wanted, events))
        return RecordingIndex(
            wanted, recorded, earliest=self._earliest, clock_offset_s=await self.clock_offset()
        )

    async def replay(self, wanted: Span, *, fast: bool = False, scale: float = 1.0) -> ReplayStream:
        """GetReplayUri, then RTSP replay of ``wanted`` (``fast``: Rate-Control: no).

        A negative ``scale`` plays backwards from ``wanted.end``; fast
        forward above 4x and reverse ask for key frames only.
        """
        options = play_options(wanted, fast, scale)
        return await start_replay(
            await self.replay_uri(),
            wanted,
            options,
            user=self.address.username,
            password=self.address.password,
            timeout=self.timeout,
        )

    async def replay_uri(self) -> str:
        """The recording's replay URI (GetReplayUri), asked once per recorder session.

        A scrub opens a replay each time; asking the URI again cost a SOAP
        round trip per scrub for an answer that does not change.
        """
        if not self._replay_uri:
            token = await self.recording_token()
            replay = await self._call(self.device.create_replay_service())
            answer = await self._call(
                replay.GetReplayUri(
                    {
                        "StreamSetup": {
                            "Stream": "RTP-Unicast",
                            "Transport": {"Protocol": "RTSP"},
                        },
                        "RecordingToken": token,
                    }
                )
            )
            self._replay_uri = self._trusted(str(dig(answer, "Uri") or answer or ""))
        return self._replay_uri

    def _trusted(self, uri: str) -> str:
        """The replay URI with the configured host (its port and path kept)."""
        parts = urlsplit(uri)
        if parts.scheme.lower() != "rtsp" or not parts.path:
            raise ReplayError(ReplayFailure.PROTOCOL, f"not an RTSP replay URI: {sanitise(uri)}")
        host = self.address.host if ":" not in self.address.host else f"[{self.address.host}]"
        netloc = f"{host}:{parts.port or 554}"
        return urlunsplit(("rtsp", netloc, parts.path, parts.query, ""))

    async def close(self) -> None:
        """Close the device's HTTP sessions."""
        await close_camera(self.device, self.timeout)


def play_options(wanted: Span, fast: bool, scale: float) -> PlayOptions:
    """What to ask of PLAY for ``wanted`` at ``scale`` (ONVIF Streaming, section 6)."""
    start, end = (wanted.end, wanted.start) if scale < 0 else (wanted.start, wanted.end)
    return PlayOptions(
        start,
        end,
        onvif=True,
        rate_control=not fast,
        scale=scale,
        intra_only=scale < 0 or scale > INTRA_ABOVE,
    )


async def recording_summary(address: OnvifAddress, timeout: float = 5.0) -> dict[str, object]:
    """Whether a device offers recordings (ONVIF search and replay) and how much.

    For ``occhio onvif``: ``{"offered": False}``, or ``{"offered": True,
    "recordings": N, "from": ISO, "until": ISO}``.

    Raises:
        OnvifError: the device cannot be reached or refuses us.
    """
    device = await open_camera(address, timeout)
    try:
        if SEARCH_NS not in device.xaddrs or REPLAY_NS not in device.xaddrs:
            return {"offered": False}
        search = await asyncio.wait_for(device.create_search_service(), timeout)
        summary = await asyncio.wait_for(search.GetRecordingSummary(), timeout)
        first, last = dig(summary, "DataFrom"), dig(summary, "DataUntil")
        return {
            "offered": True,
            "recordings": int(dig(summary, "NumberRecordings") or 0),
            "from": first.isoformat() if isinstance(first, dt.datetime) else "",
            "until": last.isoformat() if isinstance(last, dt.datetime) else "",
        }
    except OnvifError:
        raise
    except Exception as exc:
        raise map_error(exc, f"{address.host}:{address.port}", timeout) from exc
    finally:
        await close_camera(device, timeout)

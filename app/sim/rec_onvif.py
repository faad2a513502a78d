"""ONVIF Profile G for the simulator: Search (recordings, gaps) and Replay (URIs).

A camera with an archive answers for its own recording, as a camera with an
SD card does; the NVR (:mod:`app.sim.rec_nvr`) answers for every camera.
Gaps are reported the ONVIF way: FindEvents over the topic
``tns1:RecordingHistory/Track/State``, whose ``IsDataPresent`` turns false
where a gap starts and true where recording resumes.

The "badxml" fault answers searches with a truncated document.
"""

from __future__ import annotations

import calendar
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from app.sim import rec_onvif_xml as rx
from app.sim.onvif import SoapFaultError
from app.sim.rec_source import SimRecorder
from app.sim.rec_urls import recording_token

Operation = Callable[[etree._Element], str]
_ids = itertools.count(1)


def _text(op: etree._Element, local: str) -> str:
    """The text of the first descendant named ``local`` (any namespace), or ""."""
    found = op.xpath(f".//*[local-name()='{local}']")
    return (found[0].text or "").strip() if found else ""


def _texts(op: etree._Element, local: str) -> list[str]:
    return [(e.text or "").strip() for e in op.xpath(f".//*[local-name()='{local}']")]


def parse_xml_time(text: str) -> float | None:
    """An xs:dateTime in UTC (``Z``), or None when empty or unreadable."""
    text = text.strip()
    if not text.endswith("Z") or len(text) < 20:
        return None
    whole, _, fraction = text[:-1].partition(".")
    try:
        t = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
        return t + (float("0." + fraction) if fraction.isdigit() else 0.0)
    except ValueError:
        return None


@dataclass
class RecordingService:
    """Search and Replay for the archives of ``camera_ids`` (one camera, or an NVR)."""

    recorder: SimRecorder
    camera_ids: list[str]
    names: dict[str, str]
    rtsp_base: str  # rtsp://host:port
    _searches: dict[str, tuple[str, list[str], float, float]] = field(default_factory=dict)

    def _ids_in_scope(self, op: etree._Element) -> list[str]:
        tokens = _texts(op, "IncludedRecordings")
        ids = [c for c in self.camera_ids if c in self.recorder.sources]
        return [c for c in ids if not tokens or recording_token(c) in tokens]

    def _broken(self, camera_ids: list[str]) -> bool:
        return any(self.recorder.fault(c) == "badxml" for c in camera_ids)

    def _info(self, cid: str) -> str:
        plan = self.recorder.sources[cid].plan
        now = plan.device_now()
        return rx.recording_information(
            recording_token(cid), cid, self.names.get(cid, cid), plan.first(now), now
        )

    def _find(self, kind: str, op: etree._Element) -> str:
        token = f"search-{next(_ids)}"
        start = parse_xml_time(_text(op, "StartPoint")) or 0.0
        end = parse_xml_time(_text(op, "EndPoint")) or float("inf")
        self._searches[token] = (kind, self._ids_in_scope(op), start, end)
        if len(self._searches) > 32:  # searches a client forgot to end
            self._searches.pop(next(iter(self._searches)))
        return rx.search_token("FindRecordings" if kind == "rec" else "FindEvents", token)

    def _results(self, kind: str, op: etree._Element) -> str:
        search = self._searches.get(_text(op, "SearchToken"))
        if search is None or search[0] != kind:
            raise SoapFaultError(400, "ter:InvalidArgVal", "unknown search token")
        _, ids, start, end = search
        if self._broken(ids):
            return "<tse:GetRecordingSearchResultsResponse><tse:ResultList><tt:Search"
        if kind == "rec":
            return rx.recording_results([self._info(c) for c in ids])
        return rx.event_results([e for c in ids for e in self._gap_events(c, start, end)])

    def _gap_events(self, cid: str, start: float, end: float) -> list[str]:
        plan = self.recorder.sources[cid].plan
        now = plan.device_now()
        token = recording_token(cid)
        events = []
        present = bool(plan.segments(start, start + 0.001, now))
        if start > 0:
            events.append(rx.data_event(token, start, present, start_state=True))
        first = plan.first(now)
        if start <= first < end:
            events.append(rx.data_event(token, first, True))
        for a, b in plan.gaps(now):
            if start <= a < end:
                events.append(rx.data_event(token, a, False))
            if start <= b < end and b < now:
                events.append(rx.data_event(token, b, True))
        return events

    def _summary(self, op: etree._Element) -> str:
        ids = [c for c in self.camera_ids if c in self.recorder.sources]
        plans = [self.recorder.sources[c].plan for c in ids]
        first = min((p.first() for p in plans), default=0.0)
        last = max((p.device_now() for p in plans), default=0.0)
        return rx.summary(first, last, len(ids))

    def _replay_uri(self, op: etree._Element) -> str:
        token = _text(op, "RecordingToken")
        ids = [recording_token(c) for c in self.camera_ids if c in self.recorder.sources]
        if token not in ids:
            raise SoapFaultError(400, "ter:InvalidArgVal", "no such recording")
        return rx.replay_uri(f"{self.rtsp_base}/recording/{token}")

    def _information(self, op: etree._Element) -> str:
        token = _text(op, "RecordingToken")
        for cid in self.camera_ids:
            if recording_token(cid) == token and cid in self.recorder.sources:
                return rx.recording_information_response(self._info(cid))
        raise SoapFaultError(400, "ter:InvalidArgVal", "no such recording")

    def operations(self) -> dict[str, Operation]:
        """Handlers keyed by ``{namespace}Operation`` (several services share names)."""
        s, r = f"{{{rx.SEARCH_NS}}}", f"{{{rx.REPLAY_NS}}}"
        return {
            s + "GetServiceCapabilities": lambda op: rx.search_capabilities(),
            s + "GetRecordingSummary": self._summary,
            s + "GetRecordingInformation": self._information,
            s + "FindRecordings": lambda op: self._find("rec", op),
            s + "GetRecordingSearchResults": lambda op: self._results("rec", op),
            s + "FindEvents": lambda op: self._find("event", op),
            s + "GetEventSearchResults": lambda op: self._results("event", op),
            s + "EndSearch": self._end,
            r + "GetServiceCapabilities": lambda op: rx.replay_capabilities(),
            r + "GetReplayUri": self._replay_uri,
            r + "GetReplayConfiguration": lambda op: rx.replay_configuration(),
        }

    def _end(self, op: etree._Element) -> str:
        self._searches.pop(_text(op, "SearchToken"), None)
        return rx.end_search(max(p.plan.device_now() for p in self.recorder.sources.values()))

    def services(self) -> list[tuple[str, str]]:
        """(namespace, path) of the services to list in GetServices."""
        return [(rx.SEARCH_NS, "search_service"), (rx.REPLAY_NS, "replay_service")]

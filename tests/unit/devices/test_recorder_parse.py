"""Vendor search answers and ONVIF gap events: parsed within bounds, or a clear error."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.recording import Span, gaps_between, merge_spans
from app.devices import recorder_parse as parse
from app.devices.recorder_onvif import spans_from_events
from app.devices.replay.errors import ReplayError, ReplayFailure

ISAPI = """<?xml version="1.0" encoding="UTF-8"?>
<CMSearchResult version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
<searchID>x</searchID><responseStatus>true</responseStatus>
<responseStatusStrg>MORE</responseStatusStrg><numOfMatches>2</numOfMatches><matchList>
<searchMatchItem><trackID>101</trackID><timeSpan><startTime>2026-04-03T03:00:00Z</startTime>
<endTime>2026-04-03T04:00:00Z</endTime></timeSpan></searchMatchItem>
<searchMatchItem><trackID>101</trackID><timeSpan><startTime>2026-04-03T06:00:00+01:00</startTime>
<endTime>2026-04-03T06:30:00+01:00</endTime></timeSpan></searchMatchItem>
</matchList></CMSearchResult>"""

T0 = dt.datetime(2026, 4, 3, 3, tzinfo=dt.UTC).timestamp()


def test_isapi_search() -> None:
    spans, state = parse.isapi_search(ISAPI)
    assert state == "MORE"
    assert spans == [Span(T0, T0 + 3600), Span(T0 + 7200, T0 + 9000)]


@pytest.mark.parametrize(
    "text",
    [
        "<CMSearchResult><searchID>",
        "<other/>",
        ISAPI.replace("2026-04-03T04:00:00Z", "tomorrow"),
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CMSearchResult>&e;</CMSearchResult>',
    ],
)
def test_isapi_search_errors(text: str) -> None:
    with pytest.raises(ReplayError) as info:
        parse.isapi_search(text)
    assert info.value.failure is ReplayFailure.SEARCH


@given(st.text(max_size=400))
def test_vendor_parsers_fail_only_with_replay_errors(text: str) -> None:
    for call in (
        parse.isapi_search,
        parse.isapi_time,
        parse.isapi_identity,
        lambda t: parse.dahua_found(t, dt.UTC),
        lambda t: parse.dahua_value(t, "result"),
    ):
        with contextlib.suppress(ReplayError):
            call(text)


def test_dahua_found() -> None:
    text = (
        "found=2\r\nitems[0].Channel=0\r\nitems[0].StartTime=2026-04-03 05:00:00\r\n"
        "items[0].EndTime=2026-04-03 06:00:00\r\nitems[1].StartTime=2026-04-03 06:00:00\r\n"
        "items[1].EndTime=2026-04-03 06:10:00\r\n"
    )
    rome = dt.timezone(dt.timedelta(hours=2))
    spans = parse.dahua_found(text, rome)
    assert spans[0] == Span(T0, T0 + 3600)
    assert merge_spans(spans) == [Span(T0, T0 + 4200)]
    with pytest.raises(ReplayError):
        parse.dahua_found("found=3\r\nitems[0].StartTime=2026-04-03 05:00:00\r\n", rome)


def test_gaps_from_onvif_events() -> None:
    wanted = Span(0, 100)
    events = [(0, True, True), (30, False, False), (40, True, False), (90, False, False)]
    recorded = spans_from_events(wanted, events)
    assert recorded == [Span(0, 30), Span(40, 90)]
    assert gaps_between(wanted, recorded) == [Span(30, 40), Span(90, 100)]
    assert spans_from_events(wanted, [(0, False, True)]) == []


@given(st.lists(st.tuples(st.floats(-50, 150), st.booleans(), st.booleans()), max_size=20))
def test_event_spans_stay_inside_and_apart(events: list[tuple[float, bool, bool]]) -> None:
    wanted = Span(0, 100)
    spans = spans_from_events(wanted, events)
    for span in spans:
        assert 0 <= span.start < span.end <= 100
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    covered = sum(s.seconds for s in spans) + sum(g.seconds for g in gaps_between(wanted, spans))
    assert covered == pytest.approx(100)

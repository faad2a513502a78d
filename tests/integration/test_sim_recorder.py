"""The simulator's recorder seen from outside: FFmpeg, raw RTSP, ONVIF library, vendor HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import struct
import time
import urllib.request
from urllib.parse import quote

import av
import pytest
from onvif import ONVIFCamera

from app.sim.clock_read import shown_time
from app.sim.rec_rtp import format_clock
from app.sim.rec_schedule import RecordingPlan
from tests.simproc import SimProcess
from tests.unit.sim.rtspclient import RawRtsp

NAMES = {"chiavari-01": "Piazza Matteotti", "chiavari-02": "Corso Garibaldi"}


def two_hours_ago() -> float:
    """A whole minute two hours back: recorded on every camera (gaps are at night)."""
    t = time.time() - 7200
    return t - t % 60


def check_clock(url: str, camera_id: str, start: float, frames: int) -> int:
    """Play ``url`` with FFmpeg; frame n must show ``start + n/25``. Returns frames read."""
    n = 0
    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=10) as container:
        for frame in container.decode(video=0):
            if n % 10 == 0:
                t = start + n / 25
                candidates = [t - t % 1 - 1, t - t % 1, t - t % 1 + 1]
                shown, _ = shown_time(
                    frame.to_ndarray(format="bgr24"), camera_id, NAMES[camera_id], candidates
                )
                assert shown == t - t % 1, (n, shown, t)
            n += 1
            if n >= frames:
                break
    return n


def test_hikvision_url_plays_with_ffmpeg_and_shows_its_time(sim: SimProcess) -> None:
    start = two_hours_ago() + 7
    url = (
        f"rtsp://admin:occhio@{sim.host}:{sim.rtsp_port}/Streaming/tracks/101"
        f"?starttime={format_clock(start)}&endtime={format_clock(start + 1)}"
    )
    # endtime is ignored, as field devices do: more than the second asked for arrives.
    assert check_clock(url, "chiavari-01", start, 40) == 40


def test_dahua_url_takes_device_local_time(sim: SimProcess) -> None:
    start = two_hours_ago() + 31
    local = time.strftime("%Y_%m_%d_%H_%M_%S", time.localtime(start))
    url = (
        f"rtsp://admin:occhio@{sim.host}:{sim.rtsp_port}/cam/playback?channel=2&subtype=0"
        f"&starttime={local}&endtime={local}"
    )
    assert check_clock(url, "chiavari-02", start, 30) == 30


def read_replay(rtsp: RawRtsp, limit: int = 2000) -> list[tuple[float, int, int]]:
    """(capture time, flags, RTP timestamp) of each frame's first packet, until the BYE."""
    frames: list[tuple[float, int, int]] = []
    last_ts = None
    for _ in range(limit * 20):
        channel, data = rtsp.read_frame()
        if channel == 1:
            if data[1] == 203:  # RTCP BYE: the range is done
                return frames
            continue
        assert data[0] & 0x10, "every replay packet carries the ONVIF extension"
        profile, words, ntp, flags = struct.unpack(">HHQB", data[12:25])
        assert (profile, words) == (0xABAC, 3)
        ts = struct.unpack(">I", data[4:8])[0]
        if ts != last_ts:
            frames.append((ntp / 2**32 - 2208988800, flags, ts))
            last_ts = ts
    raise AssertionError("no RTCP BYE at the end of the range")


def replay(sim: SimProcess, camera_id: str, clock_range: str, extra: dict[str, str]) -> list:
    rtsp = RawRtsp(sim.rtsp_port, sim.username, sim.password(camera_id))
    url = f"rtsp://{sim.host}:{sim.rtsp_port}/recording/rec-{camera_id}"
    try:
        require = {"Require": "onvif-replay"}
        status, head, sdp = rtsp.request("DESCRIBE", url, require)
        assert status == 200 and b"H264/90000" in sdp
        status, head, _ = rtsp.request(
            "SETUP",
            url + "/trackID=0",
            {**require, "Transport": "RTP/AVP/TCP;unicast;interleaved=0-1"},
        )
        assert status == 200
        session = head["session"].split(";")[0]
        status, head, _ = rtsp.request(
            "PLAY", url, {**require, "Session": session, "Range": clock_range, **extra}
        )
        assert status == 200, status
        assert head["range"].startswith("clock=")
        return read_replay(rtsp)
    finally:
        rtsp.close()


def test_onvif_replay_by_clock_range_stamps_each_frame(sim: SimProcess) -> None:
    start = two_hours_ago() + 10.5
    clock = f"clock={format_clock(start)}-{format_clock(start + 2)}"
    frames = replay(sim, "chiavari-01", clock, {"Rate-Control": "no"})
    times = [t for t, _, _ in frames]
    assert times[0] == pytest.approx(start - 0.5, abs=1e-6)  # from the key frame before
    assert times[-1] < start + 2 <= times[-1] + 0.04  # up to the end, not past it
    assert all(b - a == pytest.approx(0.04, abs=1e-6) for a, b in itertools.pairwise(times))
    keys = [t for t, flags, _ in frames if flags & 0x80]
    assert keys == [start - 0.5, start + 0.5, start + 1.5]
    ts = [r for _, _, r in frames]
    assert all((b - a) % 2**32 == 3600 for a, b in itertools.pairwise(ts))


def test_onvif_replay_skips_the_nightly_gap(sim: SimProcess) -> None:
    plan = RecordingPlan("chiavari-01")
    gap_start, gap_end = plan.gaps()[-2 if len(plan.gaps()) > 1 else -1]
    clock = f"clock={format_clock(gap_start - 1)}-{format_clock(gap_end + 1)}"
    frames = replay(sim, "chiavari-01", clock, {"Rate-Control": "no"})
    times = [t for t, _, _ in frames]
    assert not any(gap_start <= t < gap_end for t in times)
    after = times.index(gap_end)
    assert frames[after][1] & 0x20  # D: the first frame after a gap
    assert frames[after - 1][1] & 0x40  # E: the last frame before it
    assert len(frames) == 50


async def _search(port: int, host: str) -> tuple[list[str], str, int]:
    cam = ONVIFCamera(host, port, "admin", "occhio", no_cache=True)
    try:
        await cam.update_xaddrs()
        search = await cam.create_search_service()
        token = await search.FindRecordings(
            {"Scope": {}, "KeepAliveTime": dt.timedelta(seconds=10)}
        )
        found = await search.GetRecordingSearchResults({"SearchToken": token})
        tokens = [r.RecordingToken for r in found.RecordingInformation]
        replay = await cam.create_replay_service()
        uri = await replay.GetReplayUri(
            {
                "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                "RecordingToken": tokens[0],
            }
        )
        now = dt.datetime.now(dt.UTC)
        token = await search.FindEvents(
            {
                "StartPoint": now - dt.timedelta(days=1),
                "EndPoint": now,
                "Scope": {"IncludedRecordings": tokens[:1]},
                "SearchFilter": {},
                "IncludeStartState": True,
                "KeepAliveTime": dt.timedelta(seconds=10),
            }
        )
        events = await search.GetEventSearchResults({"SearchToken": token})
        return tokens, str(uri), len(events.Result)
    finally:
        await cam.close()


def test_onvif_search_on_the_camera_and_on_the_nvr(sim: SimProcess) -> None:
    tokens, uri, events = asyncio.run(_search(sim.onvif_ports["chiavari-01"], sim.host))
    assert tokens == ["rec-chiavari-01"]
    assert uri == f"rtsp://{sim.host}:{sim.rtsp_port}/recording/rec-chiavari-01"
    assert events >= 3  # start state, then data off and on around at least one gap
    tokens, _, _ = asyncio.run(_search(sim.http_port, sim.host))
    assert "rec-chiavari-02" in tokens and "rec-chiavari-04" not in tokens  # PTZ: live only


def http(sim: SimProcess, path: str, data: bytes | None = None) -> str:
    url = f"http://{sim.host}:{sim.http_port}{path}"
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, "admin", "occhio")
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    with opener.open(urllib.request.Request(url, data=data), timeout=10) as resp:
        return resp.read().decode()


def test_isapi_search_pages_through_hour_long_files(sim: SimProcess) -> None:
    start = two_hours_ago() - 4 * 3600
    span = f"<startTime>{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(start))}</startTime>"
    span += (
        f"<endTime>{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(start + 3 * 3600))}</endTime>"
    )
    pages = []
    for position in (0, 2):
        body = (
            "<CMSearchDescription><searchID>x</searchID><trackIDList><trackID>101</trackID>"
            f"</trackIDList><timeSpanList><timeSpan>{span}</timeSpan></timeSpanList>"
            f"<maxResults>2</maxResults><searchResultPostion>{position}</searchResultPostion>"
            "</CMSearchDescription>"
        )
        pages.append(http(sim, "/ISAPI/ContentMgmt/search", body.encode()))
    assert "<responseStatusStrg>MORE</responseStatusStrg>" in pages[0]
    assert pages[0].count("<searchMatchItem>") == 2
    assert "/Streaming/tracks/101/?starttime=" in pages[0]
    assert "<responseStatusStrg>OK</responseStatusStrg>" in pages[1]


def test_dahua_media_file_find(sim: SimProcess) -> None:
    created = http(sim, "/cgi-bin/mediaFileFind.cgi?action=factory.create").strip()
    obj = created.removeprefix("result=")
    start = two_hours_ago() - 3600
    when = [
        quote(time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))) for t in (start, start + 5400)
    ]
    query = f"action=findFile&object={obj}&condition.Channel=1&condition.StartTime={when[0]}"
    assert (
        http(sim, f"/cgi-bin/mediaFileFind.cgi?{query}&condition.EndTime={when[1]}").strip() == "OK"
    )
    found = http(sim, f"/cgi-bin/mediaFileFind.cgi?action=findNextFile&object={obj}&count=10")
    assert found.startswith("found=")
    assert "items[0].Channel=0" in found
    assert http(sim, f"/cgi-bin/mediaFileFind.cgi?action=destroy&object={obj}").strip() == "OK"

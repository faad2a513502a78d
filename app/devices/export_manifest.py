"""The manifest of an evidence export, built from what the export saw.

Times are ISO 8601 UTC. ``requested`` is the operator's range on this
computer's clock and the range asked of the device (shifted when its clock
was off); ``actual`` and ``gaps`` are in the device's clock, as the frames
are stamped; ``clock.device_offset_s`` links the two.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from app.core.evidence import PROCESSING, FramesCsv, utc_micro
from app.core.recording import DeviceIdentity, RecordingIndex, Span, gaps_between, merge_spans
from app.video.export_mux import ClipWriter

#: A pause between two frames longer than this is a gap in the recording.
GAP_S = 1.0


@dataclass
class ExportState:
    """Everything one export learns while it runs (the manifest is made from it)."""

    request: Any  # ExportRequest
    device_span: Span
    offset: float | None = None
    identity: DeviceIdentity = field(default_factory=DeviceIdentity)
    index: RecordingIndex | None = None
    url: str = ""
    notes: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    keys: int = 0
    writer: ClipWriter | None = None
    frames: FramesCsv | None = None
    incomplete: str = ""


def frame_gaps(span: Span, times: list[float], complete: bool) -> list[Span]:
    """Gaps seen in the frames: pauses over :data:`GAP_S`, and missing start or end.

    The end counts only for a complete export (an interrupted one is short
    by design, and says so).
    """
    if not times:
        return [span] if complete else []
    frame = min((b - a for a, b in itertools.pairwise(times) if b > a), default=0.04)
    covered = [Span(max(span.start, times[0]), times[0] + frame)]
    for a, b in itertools.pairwise(times):
        if b - a <= GAP_S:
            covered[-1] = Span(covered[-1].start, b + frame)
        else:
            covered.append(Span(b, b + frame))
    if not complete:
        span = Span(span.start, covered[-1].end)
    gaps = gaps_between(Span(max(span.start, times[0] - 60), span.end), covered)
    return [g for g in gaps if g.seconds > GAP_S]


def _gaps(state: ExportState) -> list[dict[str, object]]:
    """Gaps the search reported and gaps seen in the frames, joined where they overlap."""
    seen = frame_gaps(state.device_span, state.times, not state.incomplete)
    known = state.index.gaps if state.index is not None else []
    return [
        {
            "start_utc": utc_micro(gap.start),
            "end_utc": utc_micro(gap.end),
            "seconds": round(gap.seconds, 3),
        }
        for gap in merge_spans([*known, *seen], slack=0.0)
    ]


def build_manifest(state: ExportState, version: str, size: tuple[int, int]) -> dict[str, Any]:
    """The manifest's fields (the file list is added when the files are closed)."""
    request = state.request
    camera = request.camera
    recorder = camera.recorder
    fmt = state.writer
    last = state.times[-1] if state.times else None
    return {
        "complete": not state.incomplete,
        "incomplete_reason": state.incomplete,
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "occhio_version": version,
        "operator": request.operator,
        "reason": request.reason,
        "protocol": request.protocol,
        "camera": {
            "id": camera.id,
            "number": camera.number,
            "name": camera.name,
            "site": camera.site_id,
            "site_name": request.site_name,
            "latitude": camera.latitude,
            "longitude": camera.longitude,
        },
        "recorder": {
            "kind": str(recorder.kind) if recorder else "",
            "channel": recorder.channel if recorder else 0,
            "manufacturer": state.identity.manufacturer,
            "model": state.identity.model,
            "serial": state.identity.serial,
            "firmware": state.identity.firmware,
            "replay_url": state.url,
        },
        "clock": {
            "device_offset_s": None if state.offset is None else round(state.offset, 3),
            "offset_applied": state.device_span != request.span,
        },
        "requested": {
            "start_utc": utc_micro(request.span.start),
            "end_utc": utc_micro(request.span.end),
            "device_start_utc": utc_micro(state.device_span.start),
            "device_end_utc": utc_micro(state.device_span.end),
        },
        "actual": {
            "first_frame_utc": utc_micro(state.times[0]) if state.times else None,
            "last_frame_utc": utc_micro(last) if last is not None else None,
        },
        "gaps": _gaps(state),
        "video": {
            "codec": fmt.codec if fmt is not None else "",
            "width": size[0],
            "height": size[1],
            "frames": len(state.times),
            "key_frames": state.keys,
            "processing": PROCESSING,
        },
        "notes": list(dict.fromkeys(state.notes)),
    }

"""Why a replay failed, in kinds the export and the operator's messages understand."""

from __future__ import annotations

import enum


class ReplayFailure(enum.StrEnum):
    """What went wrong with a recorder's replay."""

    AUTH = "auth"  # credentials refused
    NOT_FOUND = "not_found"  # no such recording or URL
    UNREACHABLE = "unreachable"  # no connection
    TIMEOUT = "timeout"  # a request got no answer in time
    STALLED = "stalled"  # playing, but no frame for too long
    CLOSED = "closed"  # the recorder closed the connection
    PROTOCOL = "protocol"  # an answer that is not what RTSP or SDP allows
    UNSUPPORTED = "unsupported"  # the recorder refused an option (onvif-replay, a range)
    SEARCH = "search"  # the recorder's search answer could not be read
    NO_RECORDING = "no_recording"  # nothing recorded in the range asked
    WRONG_TIME = "wrong_time"  # the recorder sent video of another time (live video, say)


class ReplayError(Exception):
    """A replay or search that failed: ``failure`` says how, ``detail`` says what (English)."""

    def __init__(self, failure: ReplayFailure, detail: str, status: int = 0) -> None:
        super().__init__(f"{failure}: {detail}")
        self.failure = failure
        self.detail = detail
        self.status = status


def status_failure(status: int) -> ReplayFailure:
    """The failure an RTSP status code stands for."""
    if status in (401, 403):
        return ReplayFailure.AUTH
    if status in (404, 454):
        return ReplayFailure.NOT_FOUND
    if status in (457, 459, 461, 551):
        return ReplayFailure.UNSUPPORTED
    return ReplayFailure.PROTOCOL

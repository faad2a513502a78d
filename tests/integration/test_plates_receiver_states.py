"""A pushing plate camera's state, as the receiver sees it, over 127.0.0.1."""

from __future__ import annotations

import base64
import socket
import time
import urllib.error
import urllib.request

from app.anpr.ingest import PlateIngest
from app.anpr.sources import SourceStatus
from app.core.plates import PlateRead
from app.core.plates_config import Dialect, PlatesConfig, PlateSource
from app.core.streams import Failure, StreamState

DEADLINE_S = 10.0
CAMERA = "cogorno-02"
GOOD = {"plate": "results.0.plate", "time": "timestamp"}


def send(port: int, body: bytes, user: str | None) -> int:
    """POST a webhook body (Basic credentials when ``user`` is given); the HTTP status."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/anpr/webhook/{CAMERA}", data=body, method="POST"
    )
    request.add_header("Content-Type", "application/json")
    if user is not None:
        request.add_header("Authorization", "Basic " + base64.b64encode(user.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def wait_state(statuses: list[SourceStatus], state: StreamState) -> SourceStatus:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if statuses and statuses[-1].state is state:
            return statuses[-1]
        time.sleep(0.02)
    raise AssertionError(f"never {state}: {statuses}")


def test_pushing_camera_states_follow_what_it_sends() -> None:
    config = PlatesConfig(
        (PlateSource(CAMERA, Dialect.WEBHOOK, fields=dict(GOOD)),),
        listen_host="127.0.0.1",
        listen_username="anpr",
        listen_password="segreto",
    )
    reads: list[PlateRead] = []
    statuses: list[SourceStatus] = []
    ingest = PlateIngest(config, reads.append)
    ingest.status.connect(statuses.append)
    ingest.start()
    try:
        port = ingest.receiver_port
        assert wait_state(statuses, StreamState.IDLE).camera_id == CAMERA  # waits for the camera
        assert send(port, b"{}", None) == 401  # asked for credentials: not a fault yet
        assert statuses[-1].state is StreamState.IDLE
        assert send(port, b"{}", "anpr:sbagliata") == 401
        refused = wait_state(statuses, StreamState.FAILED)
        assert refused.failure is Failure.AUTH
        assert send(port, b"not json", "anpr:segreto") == 400
        assert wait_state(statuses, StreamState.STALLED).failure is Failure.PROTOCOL
        body = b'{"results": [{"plate": "AB123CD"}], "timestamp": 1700000000}'
        for _ in range(3):
            assert send(port, body, "anpr:segreto") == 200
        wait_state(statuses, StreamState.PLAYING)
    finally:
        ingest.stop()
    assert [r.plate for r in reads] == ["AB123CD"] * 3
    # One status per change, not one per read.
    assert [s.state for s in statuses] == ["idle", "failed", "stalled", "playing"]


def test_pushing_cameras_fail_when_the_receiver_cannot_listen() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        config = PlatesConfig(
            (PlateSource(CAMERA, Dialect.WEBHOOK, fields=dict(GOOD)),),
            listen_host="127.0.0.1",
            listen_port=taken.getsockname()[1],
        )
        statuses: list[SourceStatus] = []
        ingest = PlateIngest(config, lambda _read: None)
        ingest.status.connect(statuses.append)
        ingest.start()
        ingest.stop()
    assert ingest.receiver_error
    [status] = statuses
    assert (status.state, status.failure) == (StreamState.FAILED, Failure.UNREACHABLE)

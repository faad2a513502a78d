"""A WS-Discovery flood on 127.0.0.1: many real-looking devices and thousands of lies.

On each camera probe it receives, ``Flooder`` answers with ``devices``
distinct cameras that do answer that probe, interleaved with ``spoofed``
ProbeMatches that answer probes nobody sent (another MessageID, or none):
what an attacker on the camera network, or a broken device, can send.
"""

from __future__ import annotations

import re
import socket
import threading
import time
import uuid

from tests.unit.devices.wsdfake import PROBE_MATCHES


def _match(relates: str, number: int, name: str) -> bytes:
    host = f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"
    return PROBE_MATCHES.format(
        relates=relates,
        uuid=str(uuid.UUID(int=number + 1)),
        name=name,
        model="Flood",
        host=host,
        port=80,
    ).encode()


class Flooder:
    """Answers each probe with a flood; use as a context manager.

    Attributes:
        port: where it listens.
        sent: datagrams sent so far.
    """

    def __init__(self, devices: int, spoofed: int) -> None:
        self.devices, self.spoofed = devices, spoofed
        self.sent = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="wsd-flood", daemon=True)

    def __enter__(self) -> Flooder:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        deadline = time.monotonic() + 60  # bounded even if a test forgets to stop it
        answered: set[str] = set()
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                data, addr = self._sock.recvfrom(65535)
            except TimeoutError:
                continue
            found = re.search(rb"MessageID>([^<]+)<", data)
            message_id = found.group(1).decode() if found else ""
            if message_id in answered:
                continue  # the repeated probe: one flood per search
            answered.add(message_id)
            self._flood(message_id, addr)

    def _flood(self, message_id: str, addr: tuple[str, int]) -> None:
        per_device = max(1, self.spoofed // max(1, self.devices))
        spoofed = 0
        for number in range(max(self.devices, 1)):
            if number < self.devices:
                self._send(_match(message_id, number, f"Cam%20{number}"), addr)
            for _ in range(per_device):
                if spoofed >= self.spoofed:
                    break
                relates = f"urn:uuid:{uuid.uuid4()}" if spoofed % 2 else ""
                self._send(_match(relates, 100_000 + spoofed, "Spoof"), addr)
                spoofed += 1
            if number % 20 == 19:
                self._stop.wait(0.002)  # let the receiver drain its socket buffer

    def _send(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            self._sock.sendto(data, addr)
            self.sent += 1
        except OSError:
            pass  # the receiver's buffer was full: a dropped datagram, as on a network

"""WS-Discovery: a probe answered by a responder on 127.0.0.1, and by multicast
inside a network namespace where the system allows creating one."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.devices.discovery import WSD_GROUP, discover
from tests.unit.devices.wsdfake import Responder

ROOT = Path(__file__).resolve().parents[2]


def test_unicast_probe_finds_the_responder() -> None:
    async def scenario() -> tuple[list[object], int]:
        loop = asyncio.get_running_loop()
        transport, responder = await loop.create_datagram_endpoint(
            lambda: Responder("127.0.0.1"), local_addr=("127.0.0.1", 0)
        )
        port = transport.get_extra_info("sockname")[1]
        try:
            found = await discover(timeout=0.5, target=("127.0.0.1", port), interface="127.0.0.1")
        finally:
            transport.close()
        return list(found), responder.probes

    found, probes = asyncio.run(scenario())
    assert probes == 2  # the probe is repeated once; both answers count as one device
    assert len(found) == 1
    device = found[0]
    assert (device.address, device.port, device.name, device.model) == (
        "127.0.0.1",
        8080,
        "Varco Nord",
        "SimPTZ",
    )
    assert device.endpoint.startswith("urn:uuid:")


def _ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10, check=False)


@pytest.fixture
def netns() -> Iterator[str]:
    """A namespace joined to this one by a veth pair (10.213.x.1 here, .2 there)."""
    name = f"occhio-wsd-{os.getpid()}"
    if os.geteuid() != 0 or _ip("netns", "add", name).returncode != 0:
        pytest.skip("creating a network namespace is not permitted here (needs root)")
    here, there = f"owsd{os.getpid() % 100000}a", f"owsd{os.getpid() % 100000}b"
    net = f"10.213.{os.getpid() % 250}"
    try:
        steps = [
            ("link", "add", here, "type", "veth", "peer", "name", there),
            ("link", "set", there, "netns", name),
            ("addr", "add", f"{net}.1/24", "dev", here),
            ("link", "set", here, "up"),
            ("-n", name, "addr", "add", f"{net}.2/24", "dev", there),
            ("-n", name, "link", "set", there, "up"),
            ("-n", name, "link", "set", "lo", "up"),
        ]
        for step in steps:
            result = _ip(*step)
            assert result.returncode == 0, f"ip {' '.join(step)}: {result.stderr}"
        yield f"{name} {net}"
    finally:
        _ip("link", "del", here)
        _ip("netns", "del", name)


def test_multicast_probe_across_a_network_namespace(netns: str) -> None:
    name, net = netns.split()
    proc = subprocess.Popen(
        [
            "ip",
            "netns",
            "exec",
            name,
            sys.executable,
            "-m",
            "tests.unit.devices.wsdfake",
            f"{net}.2",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        found = asyncio.run(discover(timeout=1.0, target=WSD_GROUP, interface=f"{net}.1"))
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    assert [(d.address, d.name) for d in found] == [(f"{net}.2", "Varco Nord")]

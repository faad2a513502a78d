"""The simulator's WS-Discovery responder, found by Occhio's discovery client.

Unicast on 127.0.0.1 always; multicast inside a network namespace where the
system allows creating one; and hostile datagrams, which must never stop it.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.devices.discovery import WSD_GROUP, discover, parse_probe_matches, probe_message
from app.sim.cameras import SimCamera
from app.sim.ptz import PtzModel
from app.sim.wsdiscovery import DiscoveryResponder, endpoint_for, parse_probe
from tests.integration.test_discovery import netns  # noqa: F401 -- a fixture
from tests.simproc import SimProcess

SITE = """
schema_version = 1
[[cameras]]
id = "chiavari-01"
name = "Piazza Matteotti"
kind = "context"
main_url = "rtsp://127.0.0.1:8554/chiavari-01/main"

[[cameras]]
id = "ptz-porto"
name = "Porto turistico"
kind = "ptz"
main_url = "rtsp://127.0.0.1:8554/ptz-porto/main"
"""
NAMES = ["Piazza Matteotti", "Porto turistico"]


def write_site(folder: Path) -> Path:
    path = folder / "site.toml"
    path.write_text(SITE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("wsd-site"))


@pytest.fixture
def unicast_sim(site: Path) -> Iterator[SimProcess]:
    proc = SimProcess().start(site, extra_args=["--discovery", "--discovery-port", "0"])
    try:
        yield proc
    finally:
        proc.stop()


def test_unicast_probe_finds_every_camera(unicast_sim: SimProcess) -> None:
    target = ("127.0.0.1", unicast_sim.discovery_port)
    found = asyncio.run(discover(timeout=0.5, target=target, interface="127.0.0.1"))
    assert sorted(d.name for d in found) == NAMES
    for device in found:
        camera_id = "chiavari-01" if device.name == NAMES[0] else "ptz-porto"
        assert (device.address, device.port) == ("127.0.0.1", unicast_sim.onvif_ports[camera_id])
        assert device.endpoint.startswith("urn:uuid:")
        assert device.model == "SimCam720"
    ptz = next(d for d in found if d.name == NAMES[1])
    assert "onvif://www.onvif.org/type/ptz" in ptz.scopes


def test_multicast_probe_across_a_network_namespace(netns: str, site: Path) -> None:  # noqa: F811
    name, net = netns.split()
    proc = SimProcess().start(
        site,
        extra_args=["--host", f"{net}.2", "--discovery"],
        prefix=["ip", "netns", "exec", name],
    )
    try:
        found = asyncio.run(discover(timeout=1.0, target=WSD_GROUP, interface=f"{net}.1"))
        ports = proc.onvif_ports
    finally:
        proc.stop()
    assert sorted((d.name, d.address, d.port) for d in found) == [
        (NAMES[0], f"{net}.2", ports["chiavari-01"]),
        (NAMES[1], f"{net}.2", ports["ptz-porto"]),
    ]


class FakeTransport:
    """Records what the responder sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes, object]] = []

    def sendto(self, data: bytes, addr: object) -> None:
        self.sent.append((data, addr))

    def get_extra_info(self, name: str) -> object:
        return ("127.0.0.1", 3702) if name == "sockname" else None


def responder() -> tuple[DiscoveryResponder, FakeTransport]:
    cams = [
        SimCamera("a", "Varco Nord", "admin", "occhio"),
        SimCamera("b", "Porto", "admin", "occhio", kind="ptz", ptz=PtzModel()),
    ]
    protocol = DiscoveryResponder(
        [endpoint_for(c, "127.0.0.1", 8000 + i) for i, c in enumerate(cams)]
    )
    transport = FakeTransport()
    protocol.connection_made(cast(asyncio.DatagramTransport, transport))
    return protocol, transport


def test_probe_answers_parse_on_the_client_side() -> None:
    protocol, transport = responder()
    probe = probe_message("urn:uuid:x").replace(b"urn:uuid:x", b"urn:uuid:&lt;&amp;&gt;")
    protocol.datagram_received(probe, ("10.0.0.9", 5555))
    assert [addr for _, addr in transport.sent] == [("10.0.0.9", 5555)] * 2
    assert b"<a:RelatesTo>urn:uuid:&lt;&amp;&gt;</a:RelatesTo>" in transport.sent[0][0]
    devices = [d for data, _ in transport.sent for d in parse_probe_matches(data)]
    assert [(d.name, d.port) for d in devices] == [("Varco Nord", 8000), ("Porto", 8001)]


def test_probes_for_other_types_or_scopes_get_no_answer() -> None:
    protocol, transport = responder()
    other = probe_message().replace(b"dn:NetworkVideoTransmitter", b"p:Printer")
    protocol.datagram_received(other, ("10.0.0.9", 5555))
    scoped = probe_message().replace(
        b"</d:Types>", b"</d:Types><d:Scopes>onvif://www.onvif.org/type/ptz</d:Scopes>"
    )
    protocol.datagram_received(scoped, ("10.0.0.9", 5555))
    assert len(transport.sent) == 1  # the PTZ camera, for the scoped probe only
    assert parse_probe_matches(transport.sent[0][0])[0].name == "Porto"


PROBE = probe_message("urn:uuid:1").decode()


@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=400).map(lambda s: s.encode("utf-8", "replace")),
        st.tuples(st.integers(0, len(PROBE)), st.integers(0, len(PROBE)), st.text(max_size=40)).map(
            lambda t: (PROBE[: t[0]] + t[2] + PROBE[t[1] :]).encode("utf-8", "replace")
        ),
    )
)
def test_bad_datagrams_never_crash_the_responder(data: bytes) -> None:
    probe = parse_probe(data)
    assert probe is None or isinstance(probe.message_id, str)
    protocol, transport = responder()
    protocol.datagram_received(data, ("10.0.0.9", 5555))  # must not raise
    for sent, _ in transport.sent:
        parse_probe_matches(sent)  # whatever it answered is well-formed


def test_entities_are_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
        b'<d:Probe xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">'
        b"<d:Types>&b;</d:Types></d:Probe></s:Body></s:Envelope>"
    )
    probe = parse_probe(bomb)
    assert probe is None or "aaaaaaaaaa" not in "".join(probe.types)
    assert socket.inet_aton("239.255.255.250")  # the group the responder joins is valid

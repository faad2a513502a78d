"""Search for cameras: WS-Discovery answers listed, configured ones marked, added."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from app.core.model import OnvifAddress
from app.devices.discovery import DiscoveredDevice
from app.ui.discovery_dialog import DiscoveryDialog
from tests.unit.devices.wsdfake import answer

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

KNOWN, NEW = "192.0.2.10", "192.0.2.20"


@pytest.fixture
def responder() -> Iterator[int]:
    """A UDP responder on 127.0.0.1 answering each probe as two cameras; yields its port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.05)
    stop = threading.Event()

    def serve() -> None:
        deadline = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                data, addr = sock.recvfrom(65535)
            except TimeoutError:
                continue
            for host in (KNOWN, NEW):
                sock.sendto(answer(data, host), addr)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        sock.close()


def test_search_lists_and_marks_devices(qtbot, site, bridge, responder):
    cameras = list(site.cameras)
    cameras[0] = replace(cameras[0], onvif=OnvifAddress(KNOWN, 8080))
    site = replace(site, cameras=tuple(cameras))
    added: list[DiscoveredDevice] = []
    dialog = DiscoveryDialog(
        site, bridge, added.append, target=("127.0.0.1", responder), seconds=0.4
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.add_selected()  # nothing chosen yet
    assert dialog.search()
    assert not dialog.search_button.isEnabled()
    qtbot.waitUntil(dialog.search_button.isEnabled, timeout=10000)
    assert dialog.table.rowCount() == 2
    rows = {dialog.table.item(r, 0).text(): r for r in range(2)}
    assert dialog.state_of(rows[f"{KNOWN}:8080"]) == "già configurata"
    assert dialog.state_of(rows[f"{NEW}:8080"]) == "nuova"
    assert dialog.table.item(rows[f"{NEW}:8080"], 1).text() == "Varco Nord"
    assert dialog.status.text() == "Dispositivi trovati: 2"
    dialog.table.selectRow(rows[f"{NEW}:8080"])
    assert dialog.add_button.isEnabled()
    assert dialog.add_selected()
    assert [(d.address, d.port, d.model) for d in added] == [(NEW, 8080, "SimPTZ")]


def _closed_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_nothing_found_says_where_it_looked_and_a_direct_search_finds_them(
    qtbot, site, bridge, responder
):
    dialog = DiscoveryDialog(
        site, bridge, lambda _d: None, target=("127.0.0.1", _closed_udp_port()), seconds=0.3
    )
    qtbot.addWidget(dialog)
    assert dialog.search()
    qtbot.waitUntil(dialog.search_button.isEnabled, timeout=10000)
    text = dialog.status.text()
    assert text.startswith("Nessun dispositivo ha risposto: cercato con WS-Discovery")
    assert "dall'interfaccia 127.0.0.1" in text and "intervallo" in text
    # The cameras answer a probe sent to their own address (here: the responder's port).
    dialog.target = ("239.255.255.250", responder)
    dialog.direct.setText("127.0.0.1")
    assert dialog.search_direct()
    qtbot.waitUntil(dialog.search_button.isEnabled, timeout=10000)
    assert dialog.table.rowCount() == 2
    dialog.direct.setText("10.0.0.0/8")  # far too many addresses: said, not searched
    assert not dialog.search_direct()
    assert dialog.status.text().startswith("Indirizzo non valido")


def test_address_ranges_are_read_and_bounded():
    from app.devices.discovery import AddressRangeError, unicast_targets

    assert unicast_targets("192.168.1.20") == [("192.168.1.20", 3702)]
    assert [h for h, _ in unicast_targets("10.0.5.10-12")] == [
        "10.0.5.10",
        "10.0.5.11",
        "10.0.5.12",
    ]
    assert len(unicast_targets("10.0.5.0/28")) == 14
    for bad in ("camera", "10.0.5.12-10", "10.0.0.0/8", "10.0.0.1-10.0.9.255"):
        with pytest.raises(AddressRangeError):
            unicast_targets(bad)

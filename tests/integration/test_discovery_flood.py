"""WS-Discovery under a flood of answers, most of them to probes Occhio never sent.

Only answers to our own probe's MessageID are kept, the list is capped with
a count of the rest, and the site's cameras are matched with one index.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from app.core.model import Camera, OnvifAddress, Site, SiteConfig
from app.devices.discovery import discover_all, mark_configured
from tests.hostile.wsd import Flooder


def test_spoofed_answers_are_ignored_and_the_list_is_capped() -> None:
    with Flooder(devices=200, spoofed=3000) as flood:
        result = asyncio.run(discover_all(1.5, ("127.0.0.1", flood.port), "127.0.0.1", limit=50))
    assert flood.sent > 3000
    assert len(result.devices) == 50
    assert result.more >= 1  # at least one more of the 200 arrived, and was counted
    assert all(d.model == "Flood" and d.name.startswith("Cam ") for d in result.devices)
    assert result.ignored >= 1


def test_configured_cameras_are_found_by_index() -> None:
    sites = (Site("s", "S"),)
    cameras = tuple(
        Camera(f"c{i}", i + 1, f"C{i}", "s", onvif=OnvifAddress(f"10.0.{i >> 8}.{i & 255}", 80))
        for i in range(1000)
    )
    site = SiteConfig("big", sites, (), cameras)
    with Flooder(devices=300, spoofed=0) as flood:
        result = asyncio.run(discover_all(1.0, ("127.0.0.1", flood.port), "127.0.0.1"))
    marks = mark_configured(result.devices, site)
    assert len(marks) == len(result.devices) > 0
    # The flood's hosts are 10.0.x.y for numbers below 65536: all configured here.
    assert all(marks)
    # A host that is only in a stream URL counts too; another port does not.
    first = result.devices[0]
    by_url = replace(
        site, cameras=(replace(cameras[0], onvif=None, main_url=f"rtsp://{first.address}/x"),)
    )
    other_port = replace(
        site, cameras=(replace(cameras[0], onvif=OnvifAddress(first.address, 81)),)
    )
    assert mark_configured([first], by_url) == [True]
    assert mark_configured([first], other_port) == [False]


@pytest.mark.parametrize("limit", [10])
def test_dialog_lists_at_most_the_cap_and_says_so(qtbot, limit: int) -> None:
    from app.ui.discovery_dialog import DiscoveryDialog
    from app.ui.messages import MessageBridge

    site = SiteConfig("empty", (Site("s", "S"),))
    with Flooder(devices=100, spoofed=2000) as flood:
        dialog = DiscoveryDialog(
            site,
            MessageBridge(show_boxes=False),
            lambda device: None,
            target=("127.0.0.1", flood.port),
            interface="127.0.0.1",
            seconds=1.0,
            limit=limit,
        )
        qtbot.addWidget(dialog)
        assert dialog.search()
        qtbot.waitUntil(dialog.search_button.isEnabled, timeout=15000)
    assert dialog.table.rowCount() == limit
    assert "altri" in dialog.status.text()
    assert {dialog.state_of(row) for row in range(limit)} == {"nuova"}

"""An uncaught exception reaches the log whole and the operator without its text."""

from __future__ import annotations

import logging
import sys

import pytest

from app.ui.bootstrap import install_excepthook
from app.ui.messages import MessageBridge


def test_exception_text_stays_in_the_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    bridge = MessageBridge(show_boxes=False)
    install_excepthook(bridge)
    error = TypeError("'NoneType' object is not iterable")
    with caplog.at_level(logging.CRITICAL, logger="app.ui"):
        sys.excepthook(TypeError, error, None)
        sys.excepthook(TypeError, TypeError("again"), None)
    assert "NoneType" in caplog.text
    shown = [m.text for m in bridge.history if m.level == "error"]
    assert shown == ["Errore interno: il dettaglio è nel registro."]  # once, no exception text

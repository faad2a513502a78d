"""``occhio alarms``: list and acknowledge from a terminal; clear errors."""

from __future__ import annotations

import json

from app.cli import main
from app.config import paths
from app.core.alarm_store import AlarmStore
from app.core.alarms import Alarm, AlarmKind


def test_list_acknowledge_and_errors(capsys):
    store = AlarmStore(paths.data_dir() / "allarmi.sqlite")
    alarm = store.add(Alarm(0, 1_800_000_000.0, "cam-1", AlarmKind.CAMERA_DOWN, priority=2))
    store.close()
    assert main(["alarms", "--waiting", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["camera"] == "cam-1"
    assert main(["alarms", "ack", str(alarm.id), "--operator", "agente 7", "--note", "ok"]) == 0
    assert "confermato da agente 7" in capsys.readouterr().out
    assert main(["alarms", "--waiting"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["alarms", "ack"]) == 2
    assert "which alarm" in capsys.readouterr().err
    assert main(["alarms", "ack", "999"]) == 2
    assert "no alarm 999" in capsys.readouterr().err

"""``occhio alarms``: the station's alarm list from a terminal.

For a supervisor or a script: list the alarms (``--json`` for machines),
and acknowledge one with a note (``ack ID``). It works on the same store
as the running wall (SQLite in WAL mode, so both can use it at once): an
acknowledgement made here shows in the wall's list at its next refresh.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
import time

from app.config import paths
from app.core.alarm_store import AlarmStore
from app.core.alarms import Alarm

ALARM_FILE = "allarmi.sqlite"


def add_alarm_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``alarms`` subcommand and its ``ack`` action."""
    alarms = sub.add_parser("alarms", help="list the station's alarms, or acknowledge one")
    alarms.add_argument("action", nargs="?", choices=["list", "ack"], default="list")
    alarms.add_argument("alarm_id", nargs="?", type=int, help="the alarm to acknowledge (ack)")
    alarms.add_argument("--note", default="", help="the acknowledgement's note")
    alarms.add_argument("--operator", default="", help="who acknowledges (default: the user)")
    alarms.add_argument("--waiting", action="store_true", help="only alarms not acknowledged")
    alarms.add_argument("--limit", type=int, default=200, help="newest alarms to list")
    alarms.add_argument("--json", action="store_true", help="one JSON object per line")


def run_alarms(args: argparse.Namespace) -> int:
    """List or acknowledge; exit status 2 for an unknown alarm or a missing id."""
    store = AlarmStore(paths.data_dir() / ALARM_FILE)
    try:
        if args.action == "ack":
            return _acknowledge(store, args)
        alarms = store.recent(max(1, args.limit))
        if args.waiting:
            alarms = [a for a in alarms if not a.acknowledged]
        for alarm in alarms:
            print(json.dumps(_as_dict(alarm)) if args.json else _line(alarm))
        return 0
    finally:
        store.close()


def _acknowledge(store: AlarmStore, args: argparse.Namespace) -> int:
    if args.alarm_id is None:
        print("occhio alarms ack: which alarm? (occhio alarms ack ID)", file=sys.stderr)
        return 2
    who = args.operator or getpass.getuser()
    alarm = store.acknowledge(args.alarm_id, who, time.time(), args.note)
    if alarm is None:
        print(f"occhio alarms ack: no alarm {args.alarm_id}", file=sys.stderr)
        return 2
    print(json.dumps(_as_dict(alarm)) if args.json else _line(alarm))
    return 0


def _as_dict(alarm: Alarm) -> dict[str, object]:
    return {
        "id": alarm.id,
        "at": _iso(alarm.at),
        "camera": alarm.camera_id,
        "kind": str(alarm.kind),
        "failure": str(alarm.failure),
        "since": _iso(alarm.since),
        "priority": alarm.priority,
        "acked_by": alarm.acked_by,
        "acked_at": _iso(alarm.acked_at),
        "note": alarm.note,
    }


def _line(alarm: Alarm) -> str:
    acked = f"  confermato da {alarm.acked_by} {_iso(alarm.acked_at)}" if alarm.acknowledged else ""
    return f"{alarm.id:5d}  {_iso(alarm.at)}  {alarm.camera_id}  {alarm.kind}{acked}"


def _iso(at: float | None) -> str | None:
    if at is None:
        return None
    return dt.datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds")

"""The ``[alarms]`` table of a site file: what raises an alarm.

```toml
[alarms]
down_after_s = 5            # seconds down before the alarm (a blip is not one)
cameras = ["*"]             # camera ids that raise alarms (wildcards)
ignore = ["cantiere-*"]     # and those that never do
screen = 2                  # video-loss alarms also put the camera on screen 2 (0: no)

[[alarms.quiet]]            # planned work: no alarms in this window, every day
cameras = ["lavagna-0*"]
from = "02:00"
to = "04:30"
reason = "manutenzione ponte radio"
```
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from app.config.tomlerrors import Fields, type_name
from app.config.tomlread import shown
from app.core.alarm_rules import AlarmRules, QuietWindow

DOWN_AFTER_MAX_S = 3600.0
SCREEN_MAX = 16


def read_alarm_rules(top: Fields) -> AlarmRules:
    """The site's alarm rules (the defaults when the table is absent)."""
    table = top.optional("alarms", dict)
    if table is None:
        return AlarmRules()
    f = Fields(table, top.path("alarms"), top.fail_factory)
    down_after = f.get("down_after_s", float, AlarmRules.down_after_s)
    if not math.isfinite(down_after) or not 0 <= down_after <= DOWN_AFTER_MAX_S:
        raise f.fail("down_after_s", f"must be between 0 and {DOWN_AFTER_MAX_S:.0f} seconds")
    screen = f.get("screen", int, 0)
    if not 0 <= screen <= SCREEN_MAX:
        raise f.fail("screen", f"must be a screen number from 1 to {SCREEN_MAX}, or 0 for none")
    rules = AlarmRules(
        down_after_s=down_after,
        cameras=_patterns(f, "cameras", ("*",)),
        ignore=_patterns(f, "ignore", ()),
        quiet=tuple(_quiet(f)),
        screen=screen,
    )
    f.check_unknown()
    return rules


def _patterns(f: Fields, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    values = f.get(key, list, list(default))
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value:
            raise f.fail(f"{key}[{index}]", f"expected a camera id or pattern, got {shown(value)}")
    return tuple(values)


def _quiet(f: Fields) -> list[QuietWindow]:
    windows = []
    for index, item in enumerate(f.get("quiet", list, [])):
        if not isinstance(item, dict):
            raise f.fail(f"quiet[{index}]", f"expected a table, got {type_name(item)}")
        q = Fields(item, f.path(f"quiet[{index}]"), f.fail_factory)
        window = QuietWindow(
            cameras=_patterns(q, "cameras", ("*",)),
            start=_time(q, "from"),
            end=_time(q, "to"),
            reason=q.get("reason", str, ""),
        )
        q.check_unknown()
        windows.append(window)
    return windows


def _time(f: Fields, key: str) -> dt.time:
    text = f.get(key, str, required=True)
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise f.fail(key, f"expected a time of day like 02:30, got {text!r}") from None


def alarm_rules_to_dict(rules: AlarmRules) -> dict[str, Any]:
    """The ``[alarms]`` table for ``rules`` (what ``read_alarm_rules`` reads back)."""
    return {
        "down_after_s": rules.down_after_s,
        "cameras": list(rules.cameras),
        "ignore": list(rules.ignore),
        "screen": rules.screen,
        "quiet": [
            {
                "cameras": list(w.cameras),
                "from": w.start.strftime("%H:%M"),
                "to": w.end.strftime("%H:%M"),
                "reason": w.reason,
            }
            for w in rules.quiet
        ],
    }

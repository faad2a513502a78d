"""``occhio bench --health``: the background health check of many cameras.

The simulator serves ``--streams`` cameras; the check runs as the wall
runs it (its own thread, spread over the interval, bounded concurrency)
into the health book and the alarm engine with the default rules. While
it runs, cameras are dropped one at a time in the simulator and restored
once their alarm is out: the report gives the CPU the checks cost (the
checker thread's own time, as a share of one core) and how long a dropped
camera took to reach the alarm list.
"""

from __future__ import annotations

import logging
import os
import queue
import random
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from app.bench.measure import percentile
from app.bench.simproc import bench_site
from app.config.settings import Settings
from app.core.alarm_rules import AlarmRules
from app.core.alarm_store import AlarmStore
from app.core.alarms import Alarm, AlarmEngine, AlarmKind
from app.core.health import HealthBook, Observation
from app.devices.health_check import HealthChecker

logger = logging.getLogger("app.bench")

TICK_S = 0.25
ALARM_WAIT_S = 60.0


@dataclass
class HealthResult:
    """What a health run measured."""

    cameras: int = 0
    interval_s: float = 0.0
    seconds: float = 0.0
    checks: int = 0
    cpu_core_pct: float = 0.0
    alarm_latency_s: list[float] = field(default_factory=list)
    missed: int = 0


def thread_cpu_seconds(native_id: int) -> float:
    """CPU time (user + system) of one thread of this process, from /proc."""
    with open(f"/proc/self/task/{native_id}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def _control(info: dict[str, Any], camera_id: str, action: str) -> None:
    url = f"http://{info['host']}:{info['http_port']}/sim/{camera_id}/{action}"
    with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=5):
        pass


class _Loop:
    """The GUI thread's part, without Qt: drain, observe, tick the alarms."""

    def __init__(self, cameras: list[str]) -> None:
        self.book = HealthBook(cameras, time.time())
        self.engine = AlarmEngine(AlarmRules(), AlarmStore(":memory:"))
        self.book.changed.connect(self.engine.on_health_changed)
        self.inbox: queue.SimpleQueue[Observation] = queue.SimpleQueue()
        self.raised: dict[str, float] = {}
        self.engine.raised.connect(self._on_raised)

    def _on_raised(self, alarm: Alarm) -> None:
        if alarm.kind is AlarmKind.CAMERA_DOWN:
            self.raised[alarm.camera_id] = time.monotonic()

    def spin(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            while True:
                try:
                    self.book.observe(self.inbox.get_nowait())
                except queue.Empty:
                    break
            self.engine.tick(time.time())
            threading.Event().wait(TICK_S)


def run_health(info: dict[str, Any], count: int, seconds: float) -> HealthResult:
    """Check ``count`` simulated cameras for ``seconds``, dropping some meanwhile."""
    settings = Settings()
    site = bench_site(info, count)
    loop = _Loop([c.id for c in site.cameras])
    checker = HealthChecker(
        loop.inbox.put,
        interval_s=settings.float_value("health.interval_s"),
        concurrency=settings.int_value("health.concurrency"),
        timeout=settings.float_value("health.timeout_s"),
    )
    checker.set_cameras(site.cameras)
    result = HealthResult(count, checker.interval_s)
    checker.start()
    try:
        loop.spin(checker.interval_s * 2)  # every camera seen once or twice: a steady state
        native = checker.native_id
        cpu0, t0, checks0 = thread_cpu_seconds(native), time.monotonic(), checker.checks
        _drop_some(info, loop, [c.id for c in site.cameras], seconds, result)
        elapsed = time.monotonic() - t0
        result.seconds = elapsed
        result.checks = checker.checks - checks0
        result.cpu_core_pct = 100.0 * (thread_cpu_seconds(native) - cpu0) / elapsed
    finally:
        checker.stop()
    return result


def _drop_some(
    info: dict[str, Any], loop: _Loop, ids: list[str], seconds: float, result: HealthResult
) -> None:
    """Drop one camera at a time until ``seconds`` pass; time each alarm."""
    end = time.monotonic() + seconds
    rng = random.Random(7)
    while time.monotonic() < end:
        victim = rng.choice(ids)
        dropped = time.monotonic()
        _control(info, victim, "drop")
        while victim not in loop.raised and time.monotonic() - dropped < ALARM_WAIT_S:
            loop.spin(TICK_S)
        if victim in loop.raised:
            result.alarm_latency_s.append(loop.raised.pop(victim) - dropped)
        else:
            result.missed += 1
        _control(info, victim, "restore")
        loop.spin(rng.uniform(1.0, 3.0))


def report(result: HealthResult) -> dict[str, Any]:
    """The JSON report of a health run."""
    latencies = result.alarm_latency_s
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    return {
        "mode": "health",
        "cameras": result.cameras,
        "interval_s": result.interval_s,
        "seconds": round(result.seconds, 1),
        "checks_per_s": round(result.checks / max(result.seconds, 1e-6), 1),
        "check_cpu_core_pct": round(result.cpu_core_pct, 2),
        "drops": len(latencies) + result.missed,
        "alarms_missed": result.missed,
        "alarm_latency_s_p50": round(p50, 2) if p50 is not None else None,
        "alarm_latency_s_p95": round(p95, 2) if p95 is not None else None,
    }

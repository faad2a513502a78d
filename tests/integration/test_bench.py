"""``occhio bench`` end to end: simulator, offscreen wall, floor, one JSON object."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.bench.run import KEYS

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 110


def test_short_bench_reports_every_key_with_plausible_values() -> None:
    cmd = [sys.executable, "-m", "app", "bench", "--streams", "2", "--seconds", "3"]
    cmd += ["--callups", "3", "--json"]
    done = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, done.stdout
    report = json.loads(lines[0])
    assert set(KEYS) <= set(report)
    assert (report["streams"], report["profile"], report["grid"]) == (2, "auto", "2x2")
    assert report["cpu_wall"] > 0 and report["cpu_decode_only"] > 0
    ratio = report["cpu_wall"] / report["cpu_decode_only"]
    assert report["cpu_ratio"] == pytest.approx(ratio, rel=0.05)  # inputs are rounded
    assert report["tiles_not_live"] == 0
    assert 0 < report["fps_min"] <= report["fps_median"]
    assert report["latency_samples"] > 0
    assert 0 <= report["latency_ms_p50"] <= report["latency_ms_p95"]
    assert report["callups"] + report["callup_failures"] == 3
    assert report["callups"] > 0
    assert 0 <= report["first_picture_ms_p50"] <= report["first_live_ms_p95"]
    assert report["first_live_ms_p50"] <= report["first_live_ms_p95"]
    assert report["loop_lag_ms_p99"] >= 0
    # Two small streams move the process's memory by less than the allocator's own
    # give and take: the figures must be there and sane, not ordered.
    assert report["rss_mb"] > 50 and report["rss_mb_before_streams"] > 50
    assert abs(report["rss_mb_per_stream"]) < 100
    assert report["rss_growth_pct"] is None  # no --soak


def test_bench_refuses_streams_that_do_not_fit() -> None:
    cmd = [sys.executable, "-m", "app", "bench", "--streams", "5", "--grid", "2x2", "--json"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "do not fit" in done.stderr
    assert done.stdout == ""

"""``occhio bench-plates`` end to end, small: cold searches, ingestion beside a live wall."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 110


def bench(tmp_path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    cmd = [sys.executable, "-m", "app", "bench-plates", *args, "--data", str(tmp_path), "--json"]
    done = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict = json.loads(done.stdout.splitlines()[-1])  # type: ignore[type-arg]
    return result


def test_search_reports_warm_and_cold_percentiles(tmp_path: Path) -> None:
    report = bench(tmp_path, "--search", "20000")["search"]
    assert report["reads"] == 20000 and report["queries_per_kind"] > 0
    for kind in ("exact", "fuzzy", "exact_cold", "fuzzy_cold"):
        ms = report[f"{kind}_ms"]
        assert 0 <= ms["p50"] <= ms["p95"] <= ms["p99"] <= ms["max"], kind


def test_ingestion_beside_a_live_wall(tmp_path: Path) -> None:
    report = bench(tmp_path, "--ingest", "40", "--seconds", "4", "--wall", "2")["ingest"]
    assert report["sent"] > 0 and report["lost"] == 0
    assert report["stored"] == report["received"] == report["sent"]
    assert (report["tiles"], report["tiles_not_live"]) == (2, 0)
    assert 0 < report["tile_fps_min"] <= report["tile_fps_median"]
    assert report["loop_lag_ms"]["p99"] is not None and report["loop_lag_ms"]["p99"] >= 0

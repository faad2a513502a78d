"""Evidence export when the recorder or the disk misbehaves: clear reasons, nothing silent."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config.sitefile import load_site
from app.core import evidence as ev
from app.core.evidence_sign import StationKey
from app.core.evidence_verify import verify_folder
from app.core.recording import Span, iso
from app.devices.evidence_export import EvidenceExport, ExportRequest, ExportResult
from app.devices.replay.times import parse_iso
from app.sim.rec_schedule import RecordingPlan
from tests.evidence import minute_ago, occhio, probe_frames, tool, write_site
from tests.simproc import SimProcess


@pytest.fixture
def faulty(sim: SimProcess) -> Iterator[SimProcess]:
    yield sim
    for camera in ("chiavari-01", "chiavari-02"):
        sim.control(camera, "replay-fault", "none")
    sim.control("chiavari-01", "clock", "0")


def run(sim: SimProcess, tmp_path: Path, camera: str, span: Span) -> ExportResult:
    site = load_site(write_site(sim, tmp_path / "site.toml"))
    cam = site.camera(camera)
    assert cam is not None
    key = StationKey.load_or_create(tmp_path / "key.pem")
    request = ExportRequest(cam, span, "Denuncia", "PROT-1", "Rossi", tmp_path / "out", "Chiavari")
    return asyncio.run(EvidenceExport(key).run(request))


def frames_in(folder: Path) -> int:
    return len((folder / ev.FRAMES).read_text().splitlines()) - 1


def clip_frames(folder: Path) -> int:
    return int(probe_frames(folder / ev.CLIP))


@pytest.mark.parametrize(
    ("fault", "words"), [("stall", "smesso di inviare"), ("close", "chiuso la connessione")]
)
def test_interrupted_replay_leaves_a_playable_incomplete_package(
    faulty: SimProcess, tmp_path: Path, fault: str, words: str
) -> None:
    faulty.control("chiavari-02", "replay-fault", fault)
    start = minute_ago(2)
    result = run(faulty, tmp_path, "cam-onvif", Span(start, start + 20))
    assert not result.complete and words in result.reason
    folder = result.folder
    assert (folder / ev.INCOMPLETE).exists() and words in (folder / ev.INCOMPLETE).read_text()
    manifest = json.loads((folder / ev.MANIFEST).read_text())
    assert manifest["complete"] is False and words in manifest["incomplete_reason"]
    assert frames_in(folder) == 50 == clip_frames(folder)  # what came is kept, and plays
    assert tool(folder, "sha256sum", "-c", ev.SUMS).returncode == 0
    report = verify_folder(folder)
    assert any(p.startswith("esportazione incompleta") for p in report.problems)


def test_announce_is_noted_and_the_export_completes(faulty: SimProcess, tmp_path: Path) -> None:
    faulty.control("chiavari-02", "replay-fault", "announce")
    start = minute_ago(2)
    result = run(faulty, tmp_path, "cam-onvif", Span(start, start + 4))
    assert result.complete and result.frames == 100
    assert any("ANNOUNCE" in n for n in result.manifest["notes"])


def test_live_video_instead_of_the_range_is_refused(faulty: SimProcess, tmp_path: Path) -> None:
    faulty.control("chiavari-02", "replay-fault", "live")
    start = minute_ago(2)
    result = run(faulty, tmp_path, "cam-onvif", Span(start, start + 4))
    assert not result.complete and "altro momento" in result.reason
    assert result.frames == 0 and not (result.folder / ev.CLIP).exists()
    assert json.loads((result.folder / ev.MANIFEST).read_text())["complete"] is False


def test_malformed_search_is_noted_and_gaps_come_from_the_frames(
    faulty: SimProcess, tmp_path: Path
) -> None:
    faulty.control("chiavari-01", "replay-fault", "badxml")
    _, gap_end = next(g for g in RecordingPlan("chiavari-01").gaps() if g[1] - g[0] == 1200)
    result = run(faulty, tmp_path, "cam-hik", Span(gap_end - 3, gap_end + 2))
    assert result.complete
    assert any(n.startswith("ricerca non riuscita") for n in result.manifest["notes"])
    gaps = result.manifest["gaps"]
    assert [(g["start_utc"][:19], g["end_utc"][:19]) for g in gaps] == [
        (iso(gap_end - 3)[:19], iso(gap_end)[:19])
    ]


def test_vendor_ignoring_endtime_is_stopped_at_the_end(sim: SimProcess, tmp_path: Path) -> None:
    start = minute_ago(2)
    result = run(sim, tmp_path, "cam-dahua", Span(start, start + 2))
    assert result.complete and result.frames == 50
    assert any("oltre la fine" in n for n in result.manifest["notes"])


def test_a_clock_ten_minutes_ahead_shifts_the_range(faulty: SimProcess, tmp_path: Path) -> None:
    faulty.control("chiavari-01", "clock", "600")
    start = minute_ago(2)
    result = run(faulty, tmp_path, "cam-hik", Span(start, start + 2))
    assert result.complete
    clock = result.manifest["clock"]
    assert clock["offset_applied"] and 599 < clock["device_offset_s"] < 601
    first = parse_iso(result.manifest["actual"]["first_frame_utc"])
    assert abs(first - (start + 600)) <= 1.0  # the device's clock is known to +-0.5 s
    assert any("orologio del dispositivo spostato" in n for n in result.manifest["notes"])


def test_a_full_disk_stops_the_export_and_damages_nothing(sim: SimProcess, tmp_path: Path) -> None:
    if shutil.which("unshare") is None:
        pytest.skip("unshare not installed")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no user and mount namespaces here: {probe.stderr.decode()[-200:]}")
    site = write_site(sim, tmp_path / "site.toml")
    disk = tmp_path / "disk"
    disk.mkdir()
    start = minute_ago(2)
    script = (
        f"mount -t tmpfs -o size=3m tmpfs {disk} && echo keep > {disk}/other.txt && "
        f'"$@"; status=$?; cat {disk}/other.txt; ls {disk}/prova; exit $status'
    )
    result = occhio(
        "export",
        "cam-onvif",
        "--from",
        iso(start),
        "--to",
        iso(start + 30),
        "--site",
        str(site),
        "--reason",
        "r",
        "--protocol",
        "p",
        "--out",
        str(disk / "prova"),
        prefix=("unshare", "-rm", "sh", "-c", script, "sh"),
    )
    assert result.returncode == 1, result.stderr
    assert "INCOMPLETA: disco pieno" in result.stdout
    lines = result.stdout.splitlines()
    assert "keep" in lines  # the other file on the disk is untouched
    assert ev.INCOMPLETE in lines and ev.CLIP in lines

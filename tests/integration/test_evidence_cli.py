"""Evidence export from the command line, checked with sha256sum, openssl and ffprobe."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.core.recording import Span, gaps_between, iso
from app.sim.rec_schedule import RecordingPlan
from tests.evidence import minute_ago, occhio, probe_frames, signature_verified, tool, write_site
from tests.simproc import SimProcess


def export(sim: SimProcess, tmp_path: Path, camera: str, seconds: int, *extra: str) -> Path:
    site = write_site(sim, tmp_path / "site.toml")
    start = minute_ago(2)
    out = tmp_path / "prova"
    result = occhio(
        "export",
        camera,
        "--from",
        iso(start),
        "--to",
        iso(start + seconds),
        "--site",
        str(site),
        "--reason",
        "Denuncia furto di bicicletta",
        "--protocol",
        "PROT-2026/0042",
        "--out",
        str(out),
        "--operator",
        "Agente Rossi",
        *extra,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Esportazione completa" in result.stdout
    return out


def test_export_checked_by_the_standard_tools(sim: SimProcess, tmp_path: Path) -> None:
    folder = export(sim, tmp_path, "cam-onvif", 20)
    sums = tool(folder, "sha256sum", "-c", "SHA256SUMS")
    assert sums.returncode == 0 and sums.stdout.count(": OK") == 6, sums.stdout
    assert signature_verified(folder)
    codec, width, height, frames = probe_frames(
        folder / "clip.mp4", "codec_name,width,height,nb_read_frames"
    ).split(",")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (codec, width, height) == ("h264", "1280", "720")
    assert int(frames) == manifest["video"]["frames"] == 500
    hashes = tool(
        folder,
        "ffmpeg",
        "-v",
        "error",
        "-i",
        "clip.mp4",
        "-map",
        "0:v",
        "-c",
        "copy",
        "-f",
        "framehash",
        "-hash",
        "sha256",
        "-",
    )
    packets = [line.split(",") for line in hashes.stdout.splitlines() if not line.startswith("#")]
    rows = [line.split(",") for line in (folder / "frames.csv").read_text().splitlines()[1:]]
    assert [(p[4].strip(), p[5].strip()) for p in packets] == [(r[3], r[4]) for r in rows]
    assert manifest["protocol"] == "PROT-2026/0042" and manifest["operator"] == "Agente Rossi"
    assert manifest["video"]["processing"] == "remux, no re-encode"
    assert "sha256sum -c SHA256SUMS" in (folder / "LEGGIMI.txt").read_text()
    fingerprint = tool(
        folder,
        "sh",
        "-c",
        "openssl pkey -pubin -in pubkey.pem -outform DER | tail -c 32 | sha256sum",
    )
    assert fingerprint.stdout.split()[0] == manifest["station"]["key_fingerprint_sha256"]
    assert occhio("verify", str(folder)).returncode == 0
    audit = occhio("audit", "verify", "--json")
    assert audit.returncode == 0 and json.loads(audit.stdout)["entries"] == 1


def test_verify_says_what_was_altered(sim: SimProcess, tmp_path: Path) -> None:
    folder = export(sim, tmp_path, "cam-hik", 4)
    clip = folder / "clip.mp4"
    data = bytearray(clip.read_bytes())
    data[len(data) // 2] ^= 0xFF
    clip.write_bytes(bytes(data))
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text().replace("PROT-2026/0042", "PROT-2026/0043"))
    result = occhio("verify", str(folder), "--json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert any(p.startswith("clip.mp4: SHA-256 diverso da SHA256SUMS") for p in problems)
    assert any(p.startswith("manifest.json: SHA-256 diverso da SHA256SUMS") for p in problems)
    assert any("la firma di manifest.json non e' valida" in p for p in problems)
    assert any(p.startswith("clip.mp4: fotogramma ") for p in problems), problems


def test_audit_verify_finds_an_edited_entry(sim: SimProcess, tmp_path: Path) -> None:
    export(sim, tmp_path, "cam-dahua", 2)
    log = Path(json.loads(occhio("audit", "verify", "--json").stdout)["path"])
    conn = sqlite3.connect(log)
    conn.execute("UPDATE audit SET body = replace(body, 'PROT-2026/0042', 'PROT-2026/9999')")
    conn.commit()
    conn.close()
    result = occhio("audit", "verify")
    assert result.returncode == 1 and "voce 1: modificata" in result.stdout


def test_recordings_lists_spans_and_gaps(sim: SimProcess, tmp_path: Path) -> None:
    site = write_site(sim, tmp_path / "site.toml")
    end = minute_ago(1)
    result = occhio(
        "recordings",
        "cam-nvr",
        "--from",
        iso(end - 86400),
        "--to",
        iso(end),
        "--site",
        str(site),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    wanted = Span(end - 86400, end)
    plan = RecordingPlan("chiavari-01")  # channel 1
    expected = gaps_between(wanted, [Span(a, b) for a, b in plan.segments(wanted.start, end)])
    assert [g["start"] for g in data["gaps"]] == [iso(g.start) for g in expected]
    assert any(g["seconds"] == 1200 for g in data["gaps"])  # last night's outage


@pytest.mark.parametrize("args", [["export", "cam-hik"], ["recordings", "nobody"]])
def test_unusable_arguments_exit_2(sim: SimProcess, tmp_path: Path, args: list[str]) -> None:
    site = write_site(sim, tmp_path / "site.toml")
    extra = (
        ["--reason", "r", "--protocol", "p", "--out", str(tmp_path / "o")]
        if args[0] == "export"
        else []
    )
    result = occhio(
        *args, "--from", "2026-01-02T10:00", "--to", "2026-01-01T10:00", "--site", str(site), *extra
    )
    assert result.returncode == 2


def test_export_as_zip_and_verify_the_zip(sim: SimProcess, tmp_path: Path) -> None:
    folder = export(sim, tmp_path, "cam-dahua", 4, "--zip")
    packed = folder.with_name("prova.zip")
    assert packed.is_file()
    with zipfile.ZipFile(packed) as archive:
        names = sorted(archive.namelist())
        archive.extractall(tmp_path / "unzipped")
    assert names == sorted(f"prova/{p.name}" for p in folder.iterdir())
    unzipped = tmp_path / "unzipped" / "prova"
    sums = tool(unzipped, "sha256sum", "-c", "SHA256SUMS")
    assert sums.returncode == 0 and sums.stdout.count(": OK") == 6
    assert signature_verified(unzipped)
    result = occhio("verify", str(packed), "--json")
    assert result.returncode == 0, result.stdout
    assert (
        json.loads(result.stdout)["checked"][0]
        == "prova.zip: pacchetto zip estratto per il controllo"
    )
    # The same zip with one byte of the clip changed: named, like in a folder.
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(altered, "w") as target:
        for info in source.infolist():
            data = bytearray(source.read(info))
            if info.filename.endswith("clip.mp4"):
                data[len(data) // 2] ^= 0xFF
            target.writestr(info, bytes(data))
    result = occhio("verify", str(altered), "--json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert any(p.startswith("clip.mp4: SHA-256 diverso da SHA256SUMS") for p in problems)

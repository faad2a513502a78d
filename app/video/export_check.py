"""Compare clip.mp4 sample by sample with frames.csv (``occhio verify``'s deep check).

Each packet demuxed from the clip is hashed and compared with its row:
count, size, SHA-256 and the key-frame flag. The first few differences are
named by frame number; the count says how many there are in all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import av

from app.core.evidence_verify import FrameRow

MAX_NAMED = 5


def clip_samples(path: Path) -> list[tuple[int, str, bool]]:
    """(size, SHA-256, key frame) of every video packet of an MP4 file.

    Raises:
        av.error.FFmpegError: the file is not a readable MP4.
    """
    out = []
    with av.open(str(path)) as container:
        for packet in container.demux(video=0):
            if packet.size:
                out.append(
                    (packet.size, hashlib.sha256(bytes(packet)).hexdigest(), packet.is_keyframe)
                )
    return out


def compare(path: Path, rows: list[FrameRow]) -> tuple[int, list[str]]:
    """Frames checked and the problems found (Italian, for the operator)."""
    try:
        samples = clip_samples(path)
    except (av.error.FFmpegError, OSError) as err:
        return 0, [f"{path.name}: non leggibile come MP4 ({err})"]
    problems = []
    if len(samples) != len(rows):
        problems.append(f"{path.name}: {len(samples)} fotogrammi, frames.csv ne elenca {len(rows)}")
    bad = [
        row.index
        for row, (size, digest, key) in zip(rows, samples, strict=False)
        if (size, digest, key) != (row.size, row.sha256, row.key)
    ]
    for index in bad[:MAX_NAMED]:
        size, digest, _ = samples[index]
        row = rows[index]
        what = "SHA-256" if digest != row.sha256 else "dimensione" if size != row.size else "chiave"
        problems.append(f"{path.name}: fotogramma {index} diverso da frames.csv ({what})")
    if len(bad) > MAX_NAMED:
        problems.append(f"{path.name}: {len(bad)} fotogrammi diversi da frames.csv in tutto")
    return min(len(samples), len(rows)), problems

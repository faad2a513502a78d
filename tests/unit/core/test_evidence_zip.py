"""The package as a zip: made beside the folder, unpacked for checking within bounds."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import evidence as ev
from app.core.evidence_verify import verify_folder
from app.core.evidence_zip import PACKAGE_FILES, unpack, zip_package
from tests.unit.core.test_evidence import package


def test_zip_holds_the_folder_and_unpacks_to_a_package_that_verifies(tmp_path: Path) -> None:
    folder, _ = package(tmp_path)
    packed = zip_package(folder)
    assert packed == tmp_path / "pkg.zip"
    with zipfile.ZipFile(packed) as archive:
        assert sorted(archive.namelist()) == sorted(f"pkg/{p.name}" for p in folder.iterdir())
        assert archive.getinfo(f"pkg/{ev.CLIP}").compress_type == zipfile.ZIP_STORED
    out = tmp_path / "out"
    out.mkdir()
    assert unpack(packed, out) == []
    assert verify_folder(out).ok


def crafted(tmp_path: Path, members: list[tuple[str, bytes]]) -> Path:
    path = tmp_path / "crafted.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def test_a_crafted_zip_writes_nothing_outside_and_says_why(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    bomb = b"\0" * (5 * 1024 * 1024)  # a "manifest" far over its bound, tiny when deflated
    path = crafted(
        tmp_path,
        [
            ("../evil.txt", b"x"),
            ("pkg/sub/clip.mp4", b"x"),
            ("pkg/notes.txt", b"x"),
            ("pkg/manifest.json", bomb),
            ("pkg/SHA256SUMS", b"a"),
            ("other/SHA256SUMS", b"b"),
        ],
    )
    problems = unpack(path, out)
    assert problems == [
        "crafted.zip: percorso non ammesso (../evil.txt)",
        "crafted.zip: file estraneo al pacchetto (pkg/sub/clip.mp4)",
        "crafted.zip: file estraneo al pacchetto (pkg/notes.txt)",
        f"crafted.zip: manifest.json: troppo grande ({len(bomb)} byte)",
        "crafted.zip: SHA256SUMS presente due volte",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS"]
    assert not (tmp_path / "evil.txt").exists()


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=12))
def test_a_damaged_zip_gives_problems_not_exceptions(
    tmp_path: Path, changes: list[tuple[int, int]]
) -> None:
    path = crafted(tmp_path, [(f"pkg/{n}", n.encode() * 40) for n in PACKAGE_FILES])
    data = bytearray(path.read_bytes())
    for where, value in changes:
        data[where % len(data)] = value
    path.write_bytes(bytes(data))
    out = tmp_path / "damaged"
    out.mkdir(exist_ok=True)
    problems = unpack(path, out)
    assert all(p.startswith("crafted.zip: ") for p in problems)
    assert {p.name for p in out.iterdir()} <= set(PACKAGE_FILES)

"""The consultation log: chained entries, and every kind of tampering found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.audit import AuditEntry, AuditLog


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def entry(n: int) -> AuditEntry:
    return AuditEntry(
        "export",
        "Rossi",
        f"cam-{n}",
        "2026-04-03T03:35:00Z",
        "2026-04-03T03:40:00Z",
        "Denuncia furto",
        f"PROT-{n}",
        [{"name": "clip.mp4", "sha256": "ab" * 32}],
    )


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    audit = AuditLog(tmp_path / "audit.sqlite3", write)
    for n in range(1, 6):
        assert audit.append(entry(n)) == n
    return audit


def test_intact_log_verifies(log: AuditLog) -> None:
    report = log.verify()
    assert report.ok and report.entries == 5
    assert [e["camera"] for e in log.entries()] == [f"cam-{n}" for n in range(1, 6)]


def sql(log: AuditLog, statement: str) -> None:
    conn = sqlite3.connect(log.path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def test_an_edited_entry_is_found(log: AuditLog) -> None:
    sql(log, "UPDATE audit SET body = replace(body, 'PROT-3', 'PROT-9') WHERE seq = 3")
    assert log.verify().problems == ["voce 3: modificata (l'impronta non corrisponde al contenuto)"]


def test_a_removed_entry_is_found(log: AuditLog) -> None:
    sql(log, "DELETE FROM audit WHERE seq = 2")
    problems = log.verify().problems
    assert "voci 2-2 rimosse" in problems
    assert "voce 3: non segue la voce 2 (catena interrotta)" in problems


def test_removed_last_entries_are_found(log: AuditLog) -> None:
    sql(log, "DELETE FROM audit WHERE seq >= 4")
    assert log.verify().problems == ["voci 4-5 rimosse dalla fine"]


def test_a_recomputed_row_still_breaks_the_chain(log: AuditLog) -> None:
    from app.core.audit import chain_hash

    conn = sqlite3.connect(log.path)
    body, prev = conn.execute("SELECT body, prev FROM audit WHERE seq = 2").fetchone()
    body = body.replace("Rossi", "Bianchi")
    conn.execute(
        "UPDATE audit SET body = ?, hash = ? WHERE seq = 2", (body, chain_hash(prev, body))
    )
    conn.commit()
    conn.close()
    assert log.verify().problems == ["voce 3: non segue la voce 2 (catena interrotta)"]


def test_missing_head_is_found(log: AuditLog) -> None:
    log.head_path.unlink()
    assert log.verify().problems == ["manca il file di testa"]


def test_empty_log(tmp_path: Path) -> None:
    assert AuditLog(tmp_path / "none.sqlite3", write).verify().ok

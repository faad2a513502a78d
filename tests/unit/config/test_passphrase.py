"""The passphrase-protected store: scrypt-derived key, wrong passphrase refused, nothing changed."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from app.config.credentials import (
    KEY_FILE,
    PASSPHRASE_FILE,
    SECRETS_FILE,
    CredentialError,
    CredentialStore,
    PassphraseError,
    passphrase_source,
)
from app.config.vaults import PassphraseSource

GOOD = "cavalli-bianchi-42"


def _answers(*values: str | None) -> tuple[PassphraseSource, list[tuple[bool, str]]]:
    """A source giving ``values`` in turn, and the (creating, problem) of each call."""
    calls: list[tuple[bool, str]] = []
    left = list(values)

    def source(creating: bool, problem: str) -> str | None:
        calls.append((creating, problem))
        return left.pop(0) if left else None

    return source, calls


def _store(folder: Path, source: PassphraseSource) -> CredentialStore:
    return CredentialStore(folder, kind="passphrase", passphrase=source)


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """A config folder whose passphrase file holds one secret, locked with GOOD."""
    source, calls = _answers(GOOD)
    store = _store(tmp_path, source)
    assert store.backend == "passphrase" and store.notice == ""
    assert store.put("Segreta!9", "camera/rtsp/c1") == "secret:camera/rtsp/c1"
    assert calls == [(True, "")]  # asked once, as a new passphrase
    return tmp_path


def test_secrets_are_encrypted_private_and_readable_with_the_passphrase(made: Path) -> None:
    path = made / PASSPHRASE_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kdf"]["name"] == "scrypt" and data["kdf"]["n"] >= 2**15
    assert b"Segreta" not in path.read_bytes() and GOOD.encode() not in path.read_bytes()
    assert not (made / KEY_FILE).exists() and not (made / SECRETS_FILE).exists()
    source, calls = _answers(GOOD)
    assert _store(made, source).resolve("secret:camera/rtsp/c1") == "Segreta!9"
    assert calls == [(False, "")]


def test_wrong_passphrase_is_refused_and_nothing_is_overwritten(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (made / PASSPHRASE_FILE).read_bytes()
    monkeypatch.setenv("OCCHIO_PASSPHRASE", "cavalli-neri-42")
    store = _store(made, passphrase_source())
    with pytest.raises(PassphraseError, match=r"wrong passphrase .* nothing was changed"):
        store.unlock()
    for attempt in (
        lambda: store.put("altra", "camera/rtsp/c2"),
        lambda: store.delete("camera/rtsp/c1"),
        lambda: store.get("camera/rtsp/c1"),
    ):
        with pytest.raises(PassphraseError):
            attempt()
    assert (made / PASSPHRASE_FILE).read_bytes() == before


def test_the_dialog_is_asked_again_after_a_wrong_passphrase(made: Path) -> None:
    source, calls = _answers("sbagliata-1", GOOD)
    store = _store(made, source)
    store.unlock()
    assert calls == [(False, ""), (False, "wrong passphrase")]
    assert store.get("camera/rtsp/c1") == "Segreta!9"


def test_giving_up_after_a_few_tries_or_cancelling_keeps_it_locked(made: Path) -> None:
    source, calls = _answers("a-1", "b-2", "c-3", GOOD)
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        _store(made, source).unlock()
    assert len(calls) == 3
    with pytest.raises(PassphraseError, match="no passphrase given"):
        _store(made, _answers(None)[0]).unlock()


def test_no_passphrase_creates_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path, _answers(None)[0])
    store.unlock()  # no file yet: nothing to ask at start
    assert store.get("camera/rtsp/c1") is None  # nor to read a secret that cannot exist
    with pytest.raises(PassphraseError, match="was not created"):
        store.put("x", "camera/rtsp/c1")
    assert not (tmp_path / PASSPHRASE_FILE).exists()


@pytest.mark.parametrize(
    "kdf",
    [
        {"name": "scrypt", "salt": "AAAA", "n": 2**30, "r": 8, "p": 1},  # 128 GiB
        {"name": "scrypt", "salt": "AAAA", "n": 3000, "r": 8, "p": 1},  # not a power of two
        {"name": "pbkdf2", "salt": "AAAA", "n": 2**15, "r": 8, "p": 1},
        {"name": "scrypt", "salt": "AAAA", "n": "2", "r": 8, "p": 1},
    ],
)
def test_a_tampered_file_is_refused_before_any_work(made: Path, kdf: dict[str, object]) -> None:
    path = made / PASSPHRASE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["kdf"] = kdf
    path.write_text(json.dumps(data), encoding="utf-8")
    source, calls = _answers(GOOD)
    with pytest.raises(CredentialError, match=r"scrypt|derivation"):
        _store(made, source).unlock()
    assert calls == []  # not even asked


def test_passphrase_sources_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: Callable[[bool, str], str | None] = lambda _c, _p: "dal-dialogo"  # noqa: E731
    monkeypatch.delenv("OCCHIO_PASSPHRASE", raising=False)
    assert passphrase_source("", asked)(False, "") == "dal-dialogo"
    file = tmp_path / "frase.txt"
    file.write_text("dal-file\n", encoding="utf-8")
    assert passphrase_source(str(file), asked)(False, "") == "dal-file"
    assert passphrase_source(str(file), asked)(False, "wrong passphrase") is None  # once only
    monkeypatch.setenv("OCCHIO_PASSPHRASE", "dalla-variabile")
    assert passphrase_source(str(file), asked)(False, "") == "dalla-variabile"
    monkeypatch.delenv("OCCHIO_PASSPHRASE")
    with pytest.raises(PassphraseError, match="cannot read the passphrase file"):
        passphrase_source(str(tmp_path / "manca.txt"), asked)(False, "")


def test_key_file_store_is_still_the_fallback(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path, use_keyring=False)
    store.unlock()  # nothing to ask
    assert store.resolve(store.put("pw", "camera/rtsp/c1")) == "pw"
    assert store.backend == "file" and store.notice
    assert (tmp_path / KEY_FILE).exists() and not (tmp_path / PASSPHRASE_FILE).exists()

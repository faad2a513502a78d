"""Command-line passwords from a file, the environment or a prompt, not only argv."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.core.passwords import PASSWORD_ENV, PasswordError, add_password_arguments, password_from


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="")
    add_password_arguments(parser)
    return parser.parse_args(list(argv))


def _never_asked(prompt: str) -> str:
    raise AssertionError("asked for a password")


def test_file_first_line(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret pw\nignored\n", encoding="utf-8")
    args = _args("--password-file", str(secret), "--password", "other")
    assert password_from(args, {}, _never_asked, False) == "s3cret pw"


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PasswordError, match="cannot read the password file"):
        password_from(_args("--password-file", str(tmp_path / "nope")), {}, _never_asked, False)


def test_environment_then_prompt() -> None:
    assert password_from(_args("--user", "u"), {PASSWORD_ENV: "from-env"}, _never_asked) == (
        "from-env"
    )
    asked = password_from(_args("--user", "u"), {}, lambda prompt: "typed", True)
    assert asked == "typed"
    # No terminal and nothing given: no prompt, no password.
    assert password_from(_args("--user", "u"), {}, _never_asked, False) == ""
    assert password_from(_args("--ask-password"), {}, lambda prompt: "typed", False) == "typed"


def test_password_option_still_works_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert password_from(_args("--password", "pw"), {}, _never_asked, False) == "pw"
    assert "process list" in capsys.readouterr().err

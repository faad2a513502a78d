"""Passwords for the command-line tools, without putting them in the process list.

``occhio probe``, ``onvif`` and ``ptz`` need a camera's password. Given as
``--password P`` it is visible to every user of the PC (``ps``, ``/proc``)
and stays in the shell's history, so the tools also take it from a file
(``--password-file``), from the ``OCCHIO_PASSWORD`` environment variable, or
by asking for it on the terminal. ``--password`` still works, with a warning.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

PASSWORD_ENV = "OCCHIO_PASSWORD"
#: The most read from a password file: a password, not a document.
MAX_PASSWORD_FILE_BYTES = 4096


class PasswordError(ValueError):
    """The password could not be read (a missing or unreadable file)."""


def add_password_arguments(parser: argparse.ArgumentParser) -> None:
    """``--password-file``, ``--ask-password`` and the discouraged ``--password``."""
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        help=f"read the password from the first line of FILE ('-': standard input); "
        f"or set {PASSWORD_ENV}; or use --ask-password",
    )
    parser.add_argument(
        "--ask-password",
        action="store_true",
        help="ask for the password on the terminal (also done when --user is given "
        "and no password is, if there is a terminal)",
    )
    parser.add_argument(
        "--password",
        default="",
        help="password (discouraged: other users of this PC can read it in the process "
        f"list; prefer --password-file, {PASSWORD_ENV} or --ask-password)",
    )


def password_from(
    args: argparse.Namespace,
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> str:
    """The password the command line asked for, by the first source given.

    Order: ``--password-file``, ``--password``, ``OCCHIO_PASSWORD``, then a
    prompt (``--ask-password``, or a user name without a password on a
    terminal). "" when none applies.

    Raises:
        PasswordError: the password file cannot be read.
    """
    environ = os.environ if environ is None else environ
    if getattr(args, "password_file", None):
        return _read_file(str(args.password_file))
    if getattr(args, "password", ""):
        print(
            "occhio: --password is visible in the process list; prefer --password-file, "
            f"{PASSWORD_ENV} or --ask-password",
            file=sys.stderr,
        )
        return str(args.password)
    if environ.get(PASSWORD_ENV):
        return environ[PASSWORD_ENV]
    if interactive is None:
        interactive = sys.stdin.isatty()
    wants = getattr(args, "ask_password", False) or (getattr(args, "user", "") and interactive)
    if wants:
        return ask("Password: ")
    return ""


def _read_file(name: str) -> str:
    """The first line of a file (or of standard input for "-"), newline removed."""
    try:
        if name == "-":
            text = sys.stdin.read(MAX_PASSWORD_FILE_BYTES)
        else:
            with Path(name).open(encoding="utf-8") as handle:
                text = handle.read(MAX_PASSWORD_FILE_BYTES)
    except (OSError, UnicodeDecodeError) as err:
        raise PasswordError(f"cannot read the password file {name}: {err}") from err
    return text.splitlines()[0] if text else ""

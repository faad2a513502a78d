"""Placeholder until this command lands."""

from __future__ import annotations

import argparse
import sys


def run_sim(args: argparse.Namespace, **_: object) -> int:
    """Say that the command is not available yet."""
    print("occhio: command not available yet", file=sys.stderr)
    return 2

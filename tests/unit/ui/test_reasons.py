"""The operator reads reasons in the interface's language; the English detail goes to the log."""

from __future__ import annotations

import errno

import pytest

from app.config.layoutstore import LayoutStoreError
from app.config.sitefile import SiteFileError
from app.ui.reasons import reason_words


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (LayoutStoreError("no layout called 'nonexistent'"),
         "layout inesistente o nome non valido"),
        (SiteFileError("/x/site.toml", "cameras[2].number", "expected an integer"),
         "file non valido (cameras[2].number)"),
        (FileNotFoundError(2, "No such file or directory"), "file o cartella inesistente"),
        (PermissionError(13, "Permission denied"), "permesso negato"),
        (OSError(errno.ENOSPC, "No space left on device"), "disco pieno"),
        (RuntimeError("boom"), "errore imprevisto (dettagli nel registro)"),
    ],
)  # fmt: skip
def test_reasons_are_italian_and_hold_no_english_detail(qapp, caplog, exc, words):
    with caplog.at_level("INFO", logger="app.ui"):
        assert reason_words(exc) == words
    assert str(exc) in caplog.text  # the detail is in the log, for whoever fixes it

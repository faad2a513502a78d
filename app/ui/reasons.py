"""Why something failed, in the operator's language.

Library and system errors speak English (and programmers' English at
that); the operator reads a short reason in the interface's language, and
the full detail goes to the log, where it helps whoever fixes it. Nothing
here is ever the exception's own text.
"""

from __future__ import annotations

import errno
import logging

from PySide6.QtCore import QCoreApplication

from app.config.layoutfile import LayoutFileError
from app.config.layoutstore import LayoutStoreError
from app.config.sitefile import SiteFileError

logger = logging.getLogger("app.ui")


def reason_words(exc: BaseException) -> str:
    """A short reason for ``exc`` in the operator's language (the detail is logged)."""
    logger.info("detail of the reason shown to the operator: %s: %s", type(exc).__name__, exc)
    return _words(exc)


def _words(exc: BaseException) -> str:
    if isinstance(exc, LayoutStoreError):
        return QCoreApplication.translate("Reasons", "layout inesistente o nome non valido")
    if isinstance(exc, LayoutFileError | SiteFileError):
        where = f" ({exc.key})" if exc.key else ""
        return QCoreApplication.translate("Reasons", "file non valido%s") % where
    if isinstance(exc, OSError):
        return _system_words(exc)
    return QCoreApplication.translate("Reasons", "errore imprevisto (dettagli nel registro)")


def _system_words(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return QCoreApplication.translate("Reasons", "file o cartella inesistente")
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate("Reasons", "permesso negato")
    if exc.errno == errno.ENOSPC:
        return QCoreApplication.translate("Reasons", "disco pieno")
    return QCoreApplication.translate("Reasons", "errore di sistema (dettagli nel registro)")

"""Process-wide set-up for the UI: logging, Qt's messages, translations, crashes."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from app.ui.messages import MessageBridge

logger = logging.getLogger("app.ui")
qt_logger = logging.getLogger("app.qt")

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def setup_logging(verbose: bool = False) -> None:
    """Log to stderr with time, level and logger name."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to the "app.qt" logger, not straight to stderr."""
    qt_logger.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


def route_qt_messages() -> None:
    """Install the Qt message handler."""
    qInstallMessageHandler(_qt_message)


def install_translator(app: QApplication, language: str) -> list[QTranslator]:
    """Load occhio_<language>.qm (and Qt's own) when present; Italian needs none."""
    installed: list[QTranslator] = []
    if language == "it":
        return installed
    own = QTranslator(app)
    if own.load(f"occhio_{language}", str(TRANSLATIONS)):
        app.installTranslator(own)
        installed.append(own)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(language), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    logger.info("language %s: %d translation file(s) loaded", language, len(installed))
    return installed


def install_excepthook(bridge: MessageBridge) -> None:
    """An uncaught exception in a slot is logged and shown, not lost."""

    shown: set[str] = set()

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        logger.critical("uncaught exception", exc_info=(kind, value, tb))
        text = (
            QCoreApplication.translate("Errors", "Errore interno: %s. Il dettaglio è nel registro.")
            % value
        )
        if text not in shown:  # a failing paint repeats 25 times a second: tell once
            shown.add(text)
            bridge.error(text)

    sys.excepthook = hook

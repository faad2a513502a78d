"""The passphrase dialog: a new passphrase typed twice, a wrong one asked again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui.passphrase_dialog import MIN_LENGTH, PassphraseDialog, ask_passphrase

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_new_passphrase_must_be_long_and_typed_twice(qtbot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(creating=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.again.isVisible()
    dialog.field.setText("corta")
    dialog.accept()
    assert dialog.isVisible() and str(MIN_LENGTH) in dialog.error.text()
    dialog.field.setText("abbastanza-lunga")
    dialog.again.setText("abbastanza-lungo")
    dialog.accept()
    assert dialog.isVisible() and "non coincidono" in dialog.error.text()
    dialog.again.setText("abbastanza-lunga")
    dialog.grab().save(str(tmp_path / "passphrase-new.png"))
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.passphrase() == "abbastanza-lunga"


def test_asking_again_says_the_last_one_was_wrong(qtbot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(creating=False, problem="wrong passphrase")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.again.isVisible()
    assert dialog.error.text() == "Frase segreta errata: riprovare."
    dialog.grab().save(str(tmp_path / "passphrase-again.png"))
    dialog.accept()  # empty: refused
    assert dialog.isVisible() and dialog.error.text() == "Inserire la frase segreta."


def _answer_the_dialog(text: str | None) -> None:
    """Type into (or cancel) the modal dialog once it is up."""

    def act() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PassphraseDialog))
        if text is None:
            dialog.reject()
        else:
            dialog.field.setText(text)
            dialog.accept()

    QTimer.singleShot(0, act)


def test_ask_passphrase_returns_what_was_typed_or_none(qtbot) -> None:
    _answer_the_dialog("la-frase-giusta")
    assert ask_passphrase(False, "") == "la-frase-giusta"
    _answer_the_dialog(None)
    assert ask_passphrase(False, "") is None

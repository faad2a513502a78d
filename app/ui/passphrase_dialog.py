"""The passphrase of the camera passwords' file, asked at start.

Shown when the settings choose the passphrase store (``credentials.store =
"passphrase"``) and neither ``OCCHIO_PASSPHRASE`` nor a passphrase file gives
it. The first time, when the file does not exist yet, the installer types a
new passphrase twice; later, the operator types it once, and a wrong one is
asked again with a word saying so. The dialog is modal: nothing of the wall
exists yet, and without the passwords no camera can be shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 8
"""Shortest new passphrase accepted: scrypt slows guessing, a short one still falls."""


class PassphraseDialog(QDialog):
    """One passphrase field (two when a new passphrase is chosen) and OK/Cancel."""

    def __init__(self, creating: bool, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.creating = creating
        self.setWindowTitle(self.tr("Occhio - password delle telecamere"))
        self.setMinimumWidth(420)
        self.intro = QLabel(self._intro_text(), self)
        self.intro.setWordWrap(True)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self.tr("Frase segreta errata: riprovare.") if problem else "", self)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #f87171;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Frase segreta:"), self.field)
        if creating:
            form.addRow(self.tr("Ripetere:"), self.again)
        else:
            self.again.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.field.setFocus()

    def _intro_text(self) -> str:
        if self.creating:
            return (
                self.tr(
                    "Scegliere la frase segreta che protegge le password delle telecamere "
                    "(almeno %d caratteri). Senza di essa le password non si possono leggere: "
                    "conservarla in un luogo sicuro."
                )
                % MIN_LENGTH
            )
        return self.tr("Inserire la frase segreta che protegge le password delle telecamere.")

    def passphrase(self) -> str:
        """What was typed in the first field."""
        return self.field.text()

    def accept(self) -> None:
        """Close only with a usable passphrase; otherwise say why and stay open."""
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        super().accept()

    def problem(self) -> str:
        """Why the typed text cannot be used, or ""."""
        text = self.field.text()
        if not text:
            return self.tr("Inserire la frase segreta.")
        if self.creating and len(text) < MIN_LENGTH:
            return self.tr("La frase segreta deve avere almeno %d caratteri.") % MIN_LENGTH
        if self.creating and text != self.again.text():
            return self.tr("Le due frasi non coincidono.")
        return ""


def ask_passphrase(creating: bool, problem: str) -> str | None:
    """Show the dialog and wait; the passphrase, or None if the operator cancelled.

    Matches ``app.config.vaults.PassphraseSource``.
    """
    dialog = PassphraseDialog(creating, problem)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.passphrase() if accepted else None
    finally:
        dialog.deleteLater()

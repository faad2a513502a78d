"""The dark control-room look: low glare, high contrast for state colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_COLOURS = {
    QPalette.ColorRole.Window: "#1b1e23",
    QPalette.ColorRole.WindowText: "#e6e8eb",
    QPalette.ColorRole.Base: "#121418",
    QPalette.ColorRole.AlternateBase: "#1f2329",
    QPalette.ColorRole.Text: "#e6e8eb",
    QPalette.ColorRole.Button: "#262a31",
    QPalette.ColorRole.ButtonText: "#e6e8eb",
    QPalette.ColorRole.Highlight: "#2f6fb5",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#262a31",
    QPalette.ColorRole.ToolTipText: "#e6e8eb",
    QPalette.ColorRole.PlaceholderText: "#7d8590",
    QPalette.ColorRole.Link: "#4aa3ff",
}

STYLESHEET = """
QMainWindow, QDockWidget { background: #1b1e23; }
QWidget#wallArea { background: #0b0c0e; }
QToolBar { background: #20242a; border: none; spacing: 2px; }
QToolButton { color: #e6e8eb; padding: 3px 6px; border-radius: 3px; }
QToolButton:checked { background: #2f6fb5; }
QToolButton:hover { background: #343a43; }
QMenuBar { background: #20242a; color: #e6e8eb; }
QMenu { background: #262a31; color: #e6e8eb; border: 1px solid #3a4049; }
QMenu::item:selected { background: #2f6fb5; }
QStatusBar { background: #20242a; color: #c9ced6; }
QLineEdit { background: #121418; color: #e6e8eb; border: 1px solid #3a4049;
            border-radius: 3px; padding: 3px; }
QTreeView { background: #121418; color: #e6e8eb; border: none; }
QLabel#callup { background: rgba(20, 60, 110, 230); color: white; font-size: 22px;
                font-weight: bold; padding: 8px 16px; border: 2px solid #4aa3ff;
                border-radius: 6px; }
"""


def apply_theme(app: QApplication, text_scale: float = 1.0) -> None:
    """Give the whole application the dark palette and style sheet.

    ``text_scale`` enlarges every text (tree, menus, dialogs) for a wall
    read from across the room (``ui.text_scale``).
    """
    app.setStyle("Fusion")
    if text_scale != 1.0:
        font = app.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * text_scale))
        app.setFont(font)
    palette = QPalette()
    for role, colour in _COLOURS.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7280"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b7280"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)

"""English translation: the wall speaks it when asked, and no text is left out.

The completeness tests read the code with ``ast`` rather than trusting the
extraction tool, so a text added without being translated fails here.
"""

from __future__ import annotations

import ast
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from app.cli import build_parser
from app.core.streams import Failure, StreamState, StreamStatus
from app.core.tile_state import Health, describe
from app.core.wall import ScreenLayout, WallModel
from app.ui import bootstrap
from app.ui.bootstrap import choose_language, install_translator
from app.ui.messages import MessageBridge
from app.ui.status_text import activity_of, words_of
from app.ui.wall_window import WallOptions, WallWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [*sorted((ROOT / "app" / "ui").glob("*.py")), ROOT / "app" / "application.py"]
TS = bootstrap.TRANSLATIONS / "occhio_en.ts"
PLACEHOLDER = re.compile(r"%[sd%]")
# The one call that passes its text through: bootstrap.translate itself.
PASS_THROUGH = {("bootstrap.py", "translate")}


@pytest.fixture
def language(qapp: QApplication) -> Iterator[object]:
    """Install a language for one test; Italian again afterwards."""

    def use(code: str) -> None:
        install_translator(qapp, code)

    yield use
    install_translator(qapp, "it")


def make_wall(qtbot, site, provider, stall: float = 0.2) -> WallWindow:
    layout = ScreenLayout("2x2", ("chiavari-01",))
    window = WallWindow(
        0,
        WallModel(layout),
        site,
        provider,
        MessageBridge(show_boxes=False),
        options=WallOptions(stall),
    )
    qtbot.addWidget(window)
    window.resize(800, 500)
    window.show()
    qtbot.waitExposed(window)
    return window


def stalled_text(qtbot, window: WallWindow) -> str:
    """Feed one frame, then none: the tile's state once it calls the stream stalled."""
    tile = window.view.tiles[0]
    window.view.held_streams()[0].push(seed=3)
    qtbot.waitUntil(lambda: tile.state.health == Health.LIVE, timeout=2000)
    qtbot.waitUntil(lambda: tile.state.health == Health.STALLED, timeout=3000)
    return words_of(tile.state)


def menu_titles(window: WallWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_english_tile_and_menu(qtbot, site, provider, language):
    language("en")
    window = make_wall(qtbot, site, provider)
    assert re.fullmatch(r"NO SIGNAL for \d+ s", stalled_text(qtbot, window))
    assert "&Wall" in menu_titles(window)
    assert window.windowTitle() == "Occhio - Wall 1"


def test_italian_tile_and_menu(qtbot, site, provider, language):
    language("it")
    window = make_wall(qtbot, site, provider)
    assert re.fullmatch(r"SEGNALE ASSENTE da \d+ s", stalled_text(qtbot, window))
    assert "&Parete" in menu_titles(window)


def test_state_words_follow_the_language(language):
    now = time.monotonic()
    auth = StreamStatus(StreamState.FAILED, Failure.AUTH, since=now - 75)
    retry = StreamStatus(StreamState.RECONNECTING, Failure.UNREACHABLE, retry_at=now + 3.2)
    language("en")
    assert words_of(describe(auth, None, now)) == "INVALID CREDENTIALS for 1 min 15 s"
    assert words_of(describe(retry, 5.0, now)) == "CAMERA UNREACHABLE for 5 s"
    assert activity_of(describe(retry, 5.0, now)) == "retrying in 4 s"
    language("it")
    assert words_of(describe(auth, None, now)) == "CREDENZIALI NON VALIDE da 1 min 15 s"


def test_language_precedence(monkeypatch):
    monkeypatch.delenv("OCCHIO_LANG", raising=False)
    assert choose_language("en") == "en"
    assert choose_language("") == "it"
    monkeypatch.setenv("OCCHIO_LANG", "EN")
    assert choose_language("it") == "en"
    assert choose_language("it", override="it") == "it"
    monkeypatch.setenv("OCCHIO_LANG", "klingon")  # ignored, with a log line
    assert choose_language("it") == "it"
    assert build_parser().parse_args(["--lang", "en"]).lang == "en"
    assert build_parser().parse_args(["demo", "--lang", "it"]).lang == "it"


def _context(stack: list[ast.AST]) -> str | None:
    classes = [node.name for node in stack if isinstance(node, ast.ClassDef)]
    return classes[-1] if classes else None


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _calls(path: Path) -> Iterator[tuple[str | None, str | None, str]]:
    """(context, text, where) for every tr()/translate() call in ``path``."""
    stack: list[ast.AST] = []

    def visit(node: ast.AST) -> Iterator[tuple[str | None, str | None, str]]:
        stack.append(node)
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            where = f"{path.name}:{node.lineno}"
            args: list[ast.expr | None] = [*node.args, None, None]
            if name == "tr":
                yield _context(stack), _literal(args[0]), where
            elif name == "translate":
                functions = [n.name for n in stack if isinstance(n, ast.FunctionDef)]
                if (path.name, functions[-1] if functions else "") not in PASS_THROUGH:
                    yield _literal(args[0]), _literal(args[1]), where
        for child in ast.iter_child_nodes(node):
            yield from visit(child)
        stack.pop()

    yield from visit(ast.parse(path.read_text(encoding="utf-8")))


def source_texts() -> dict[tuple[str, str], str]:
    """Every (context, Italian text) the code asks to translate, with one place."""
    found: dict[tuple[str, str], str] = {}
    for path in SOURCES:
        for context, text, where in _calls(path):
            assert context and text, f"{where}: context and text must be literal strings"
            found.setdefault((context, text), where)
    return found


def ts_translations() -> dict[tuple[str, str], str]:
    """(context, source) -> English, from the .ts."""
    table: dict[tuple[str, str], str] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            table[(name, message.findtext("source") or "")] = message.findtext("translation") or ""
    return table


def test_every_text_has_an_english_translation():
    texts = source_texts()
    assert len(texts) > 50  # the extraction itself works
    table = ts_translations()
    missing = [f"{where}: {key}" for key, where in texts.items() if not table.get(key, "").strip()]
    assert not missing, "untranslated (run packaging/translations.sh):\n" + "\n".join(missing)


def test_translations_keep_the_placeholders():
    wrong = [
        key
        for key, english in ts_translations().items()
        if PLACEHOLDER.findall(key[1]) != PLACEHOLDER.findall(english)
    ]
    assert not wrong


def test_compiled_file_matches_the_ts():
    translator = QTranslator()
    assert translator.load("occhio_en", str(bootstrap.TRANSLATIONS))
    stale = [
        key
        for key, english in ts_translations().items()
        if english and translator.translate(*key) != english
    ]
    assert not stale, "occhio_en.qm is older than the .ts: run packaging/translations.sh release"


def test_translate_before_the_application_uses_the_chosen_language(monkeypatch, language):
    language("en")  # also selects the start-up translators
    monkeypatch.setattr(QCoreApplication, "instance", staticmethod(lambda: None))
    text = bootstrap.translate("Startup", "occhio: il simulatore non è partito: %s")
    assert text == "occhio: the simulator did not start: %s"

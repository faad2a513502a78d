"""The composition root: builds the wall's services in a fixed, logged order.

Order: logging -> settings and language -> credential store (the passphrase
asked here when that store is chosen) -> site -> (demo: simulator) -> Qt application
-> engine -> stream manager -> layout store and first layout -> walls -> map.
One shutdown path: ``aboutToQuit`` closes the walls, stops every stream
and ends the simulator.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.layout import WallLayout
from app.core.model import SiteConfig
from app.core.wall import ScreenLayout

if TYPE_CHECKING:  # the modules themselves are imported when their step runs
    from PySide6.QtWidgets import QApplication

    from app.config.credentials import CredentialStore
    from app.config.layoutstore import LayoutStore
    from app.config.settings import Settings, SettingsProblem
    from app.config.vaults import PassphraseSource
    from app.ui.health_service import HealthService
    from app.ui.joystick import JoystickPoller
    from app.ui.map_actions import MapActions
    from app.ui.messages import MessageBridge
    from app.ui.playback_menu import RecordingActions
    from app.ui.screens import WallManager
    from app.ui.screenshot import ScreenshotTaker
    from app.ui.site_menu import SiteActions
    from app.ui.wall_window import WallOptions
    from app.video.engine_router import EngineRouter

logger = logging.getLogger("app")

DEMO_SITE = Path(__file__).resolve().parents[1] / "resources" / "demo" / "site.toml"
DEMO_BASEMAP = DEMO_SITE.with_name("basemap.toml")
EXIT_CONFIG = 2
ALARMS_FILE = "allarmi.sqlite"  # in the data folder
TRANSITS_FILE = "transiti.sqlite"  # in the plates folder (``app.anpr.storage``)


def _step(name: str) -> None:
    logger.info("start-up: %s", name)


def _load_settings() -> tuple[Settings, list[SettingsProblem]]:
    from app.config import paths
    from app.config.settings import load_settings

    return load_settings(paths.settings_path())  # problems logged there


def _settings_message(problems: list[SettingsProblem], shown: int = 5) -> str:
    """The operator's warning about an unusable settings file or values ("" if none)."""
    from app.ui.bootstrap import translate

    if not problems:
        return ""
    lines = [str(p) for p in problems[:shown]]
    if len(problems) > shown:
        more = translate("Startup", "... e altri %d (vedere il registro)")
        lines.append(more % (len(problems) - shown))
    text = translate("Startup", "Impostazioni non usate, si usano i valori predefiniti:\n%s")
    return text % "\n".join(lines)


def _site_path(args: argparse.Namespace, settings: Settings, demo: bool) -> Path:
    from app.config import paths

    if args.site:
        return Path(args.site)
    if demo:
        return DEMO_SITE
    configured = settings.str_value("site.file")
    return Path(configured) if configured else paths.site_path()


def _load_site(path: Path, store: CredentialStore) -> SiteConfig | None:
    """The site, or None after telling the operator why it cannot be used."""
    from app.config.sitefile import SiteFileError, load_site
    from app.ui.bootstrap import translate

    try:
        return load_site(path, secrets=store.resolve)
    except SiteFileError as exc:
        logger.error("site file unusable: %s", exc)
        text = translate(
            "Startup",
            "occhio: impossibile usare il file dell'impianto %s:\n  %s\n"
            "Indicare un file valido con --site FILE, oppure avviare la dimostrazione "
            "con 'occhio demo'.",
        )
        print(text % (path, exc), file=sys.stderr)
        return None


def default_layout(site: SiteConfig, screens: int = 1) -> WallLayout:
    """3x3 walls of the site's cameras in file order, nine per screen.

    What a fresh station (and the demo) shows: every screen busy, the first
    one with the first nine cameras.
    """
    ids = [c.id for c in site.cameras]
    walls = [ScreenLayout("3x3", tuple(ids[i * 9 : i * 9 + 9])) for i in range(max(1, screens))]
    return WallLayout("", tuple(walls))


def _first_layout(
    args: argparse.Namespace, store: LayoutStore, site: SiteConfig, settings: Settings, screens: int
) -> tuple[WallLayout, str]:
    """The layout to open, and the operator's message if the asked one failed."""
    from app.config.layoutfile import LayoutFileError
    from app.config.layoutstore import LayoutStoreError
    from app.ui.bootstrap import translate
    from app.ui.reasons import reason_words

    name = args.layout or settings.str_value("wall.last_layout")
    if name:
        try:
            return store.load(name), ""
        except (LayoutStoreError, LayoutFileError, OSError) as exc:
            logger.error("layout %r not opened: %s", name, exc)
            text = translate(
                "Startup", "Layout %s non aperto: %s\nSi usa la disposizione predefinita."
            )
            return default_layout(site, screens), text % (name, reason_words(exc))
    return default_layout(site, screens), ""


def _recordings(args: argparse.Namespace, settings: Settings, site: SiteConfig) -> RecordingActions:
    """Recorded video for the station's tiles and plate tracks (one per process)."""
    from app.anpr.storage import plates_dir
    from app.anpr.timeline_marks import TimelineMarks
    from app.config import paths
    from app.devices.recorder_cli import audit_log, station_key_path
    from app.ui.playback_menu import RecordingActions

    operator = args.operator or settings.str_value("operator.name") or getpass.getuser()
    return RecordingActions(
        site,
        key_path=station_key_path(),
        audit=audit_log(),
        operator=operator,
        folder=paths.data_dir(),
        reason_once=settings.bool_value("playback.reason_once_per_group"),
        instant_replay_s=settings.float_value("playback.instant_replay_s"),
        marks=TimelineMarks(paths.data_dir() / ALARMS_FILE, plates_dir() / TRANSITS_FILE),
    )


def _wall_options(settings: Settings, recordings: RecordingActions) -> WallOptions:
    from app.config import paths
    from app.core.ptzlock import PtzLockTable
    from app.ui.wall_window import WallOptions

    return WallOptions(
        stall_seconds=settings.float_value("wall.stall_seconds"),
        snapshot_dir=paths.data_dir() / "istantanee",
        operator=recordings.operator,
        sub_stream_below_px=settings.int_value("wall.sub_stream_below_px"),
        show_tile_stats=settings.bool_value("ui.show_tile_stats"),
        always_show_live=settings.bool_value("ui.always_show_live"),
        text_scale=settings.float_value("ui.text_scale"),
        ptz_locks=PtzLockTable(settings.float_value("ptz.lock_seconds")),
        tile_menu_extra=recordings.add_to_menu,
        onvif_timeout=settings.float_value("onvif.timeout_s"),
        playback=recordings,
    )


def _start_inputs(walls: WallManager) -> None:
    """The joystick, and SIGTERM/SIGINT closing the wall the normal way (both kept by ``walls``)."""
    from app.ui.quit_signals import quit_on_signals

    _start_joystick(walls)
    quit_on_signals(walls)


def _start_joystick(walls: WallManager) -> JoystickPoller:
    """Poll a USB PTZ joystick (if pygame and a stick are there) for the selected tile."""
    from PySide6.QtCore import QCoreApplication

    from app.ui.joystick import JoystickPoller, selected_ptz

    poller = JoystickPoller(selected_ptz(walls.windows), parent=walls)
    if poller.start():
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(poller.stop)
    return poller


def _display_available(screenshot: bool) -> bool:
    """False on a Linux machine without a screen, where Qt would abort.

    A run that only takes a screenshot needs no screen: it is switched to
    Qt's offscreen platform instead.
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return True
    if screenshot:
        from app.config import paths
        from app.config.offscreen import write_screens_config

        logger.info("no screen: drawing offscreen, on one 1920x1080 screen, for the screenshot")
        config = paths.cache_dir() / "offscreen-screens.json"
        config.parent.mkdir(parents=True, exist_ok=True)
        os.environ["QT_QPA_PLATFORM"] = write_screens_config(config, 1, 1920, 1080)
        return True
    return False


def run_wall(args: argparse.Namespace, demo: bool = False) -> int:
    """Run the wall (or the demo) until the operator quits; returns the exit status."""
    from app.ui.bootstrap import (
        choose_language,
        route_qt_messages,
        select_language,
        setup_logging,
        translate,
    )

    setup_logging(bool(getattr(args, "verbose", False)))
    route_qt_messages()
    _step("settings")
    settings, settings_problems = _load_settings()
    # Chosen now, so that even the start-up errors below speak the language.
    language = choose_language(settings.str_value("ui.language"), getattr(args, "lang", None))
    select_language(language)
    if not _display_available(bool(args.screenshot)):
        text = translate(
            "Startup",
            "occhio: nessuno schermo disponibile (DISPLAY e WAYLAND_DISPLAY non impostati).\n"
            "Avviare Occhio da una sessione grafica, oppure usare --screenshot FILE.",
        )
        print(text, file=sys.stderr)
        return EXIT_CONFIG
    _step("credentials")
    store = _credential_store(settings, language)
    if not demo and not _unlock(store):
        return EXIT_CONFIG
    _step("site")
    site_file = _site_path(args, settings, demo)
    # A new station: no site file anywhere yet. It starts empty, with the camera editor.
    first_run = not (demo or args.site or settings.str_value("site.file") or site_file.exists())
    site = SiteConfig(name="") if first_run else _load_site(site_file, store)
    if site is None:
        return EXIT_CONFIG
    if first_run:
        logger.info("no site file at %s: starting with an empty site", site_file)
    sim = None
    if demo:
        from app.ui.demo import SimChild, SimStartError, point_site_at_sim

        _step("simulator")
        try:
            sim = SimChild(site_file)
        except (SimStartError, OSError) as exc:
            logger.error("demo simulator did not start: %s", exc)
            text = translate("Startup", "occhio: il simulatore non è partito: %s")
            print(text % exc, file=sys.stderr)
            return 1
        site = point_site_at_sim(site, sim.info)
    try:
        return _run_qt(
            args,
            settings,
            site,
            demo,
            language,
            site_file=None if demo else site_file,
            first_run=first_run,
            secrets=store,
            warnings=[w for w in [_settings_message(settings_problems)] if w],
            sim=sim.info if sim is not None else None,
        )
    finally:
        if sim is not None:
            sim.stop()


def _engines(settings: Settings, site: SiteConfig) -> EngineRouter:
    """PyAV for every camera; libVLC, loaded when a camera first asks, for those that do."""
    import functools

    from app.core.model import EngineName
    from app.video.engine_router import EngineRouter
    from app.video.pyav_engine import wall_engine
    from app.video.vlc_engine import load_engine

    pyav = wall_engine(settings)
    default = site.engine or EngineName(settings.str_value("video.engine"))
    return EngineRouter(pyav, functools.partial(load_engine, pyav.timings), default)


def _start_health(walls: WallManager, settings: Settings) -> HealthService:
    """Health of every camera, alarms and their list; stopped when the wall quits."""
    import time

    from PySide6.QtCore import QCoreApplication

    from app.config import paths
    from app.core.alarm_store import AlarmStore
    from app.core.alarms import AlarmEngine
    from app.core.health import HealthBook, book_ids
    from app.devices.health_check import HealthChecker
    from app.ui.health_menu import HealthActions
    from app.ui.health_service import HealthService

    store = AlarmStore(paths.data_dir() / ALARMS_FILE)
    book = HealthBook(book_ids(walls.site.cameras), time.time())
    engine = AlarmEngine(walls.site.alarms, store)
    book.changed.connect(engine.on_health_changed)
    service = HealthService(walls, book, engine, None, parent=walls)
    service.checker = HealthChecker(
        service.inbox.put,
        interval_s=settings.float_value("health.interval_s"),
        concurrency=settings.int_value("health.concurrency"),
        timeout=settings.float_value("health.timeout_s"),
    )
    walls.set_health_book(book)
    HealthActions(service, parent=walls)
    service.start()

    def stop() -> None:
        service.stop()
        store.close()

    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(stop)
    return service


def _credential_store(settings: Settings, language: str) -> CredentialStore:
    """The store the settings choose; opened (and the passphrase asked) when first needed."""
    from app.config import paths
    from app.config.credentials import CredentialStore, passphrase_source

    dialog = _passphrase_dialog(language, settings.float_value("ui.text_scale"))
    source = passphrase_source(settings.str_value("credentials.passphrase_file"), dialog)
    kind = settings.str_value("credentials.store")
    return CredentialStore(paths.config_dir(), kind=kind, passphrase=source)


def _passphrase_dialog(language: str, text_scale: float) -> PassphraseSource:
    """Asks in a dialog, making the Qt application first if the walls have not yet.

    The application made here is held by the returned function, which the
    store keeps for the whole run; the walls reuse it.
    """
    held: list[QApplication] = []

    def ask(creating: bool, problem: str) -> str | None:
        from app.ui.passphrase_dialog import ask_passphrase

        held[:] = [_application(language, text_scale)]
        return ask_passphrase(creating, problem)

    return ask


def _unlock(store: CredentialStore) -> bool:
    """Ask the passphrase now (passphrase store); False after telling why it failed."""
    from app.config.credentials import CredentialError
    from app.ui.bootstrap import translate

    try:
        store.unlock()
    except CredentialError as exc:
        logger.error("camera passwords unavailable: %s", exc)
        text = translate(
            "Startup",
            "occhio: password delle telecamere non disponibili:\n  %s\n"
            "Nulla è stato modificato. Riavviare e inserire la frase segreta corretta.",
        )
        print(text % exc, file=sys.stderr)
        return False
    return True


def _application(language: str, text_scale: float) -> QApplication:
    """The Qt application (made once, by the passphrase dialog or the walls), themed."""
    from PySide6.QtWidgets import QApplication

    from app.ui.bootstrap import install_translator
    from app.ui.theme import apply_theme

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Occhio")
    apply_theme(app, text_scale)
    install_translator(app, language)  # before any widget: texts are taken at build time
    return app


def _qt_application(
    language: str, text_scale: float, *, show_boxes: bool
) -> tuple[QApplication, MessageBridge]:
    """The Qt application, themed and translated, and the bridge to the operator."""
    from app.ui.bootstrap import install_excepthook
    from app.ui.messages import MessageBridge

    _step("Qt application")
    app = _application(language, text_scale)
    bridge = MessageBridge(show_boxes=show_boxes)
    install_excepthook(bridge)
    return app, bridge


def _map_actions(
    walls: WallManager,
    bridge: MessageBridge,
    site_file: Path | None,
    secrets: CredentialStore | None,
) -> MapActions:
    """The Mappa menu of every wall window: installed maps, and the demo's schematic one."""
    from app.maps.command import default_store
    from app.ui.map_actions import MapActions, install_map_menus

    _step("map")
    store = default_store(DEMO_BASEMAP)
    maps = MapActions(walls, bridge, store, site_file, secrets=lambda: secrets, parent=walls)
    install_map_menus(maps)
    return maps


def _screenshot_taker(
    args: argparse.Namespace, walls: WallManager, maps: MapActions
) -> ScreenshotTaker | None:
    """``--screenshot``: the walls' (and with ``--map`` the map's) pictures once ready."""
    from app.ui.screenshot import ScreenshotTaker

    window = maps.open_map() if getattr(args, "map", False) else None
    if not args.screenshot:
        return None
    taker = ScreenshotTaker(walls, Path(args.screenshot), float(args.screenshot_timeout))
    if window is not None:
        taker.extra_windows["mappa"] = window
    taker.extra_ready = maps.ready  # the map window's and the map tiles' basemaps drawn
    return taker


def _install_menus(
    walls: WallManager,
    store: LayoutStore,
    bridge: MessageBridge,
    site_file: Path | None,
    secrets: CredentialStore | None,
    *,
    onvif_timeout: float,
) -> SiteActions:
    """The Layout and Impianto menus of every wall window; the Impianto actions."""
    from app.ui.layout_menu import LayoutActions, install_layout_menus
    from app.ui.site_menu import SiteActions, install_site_menus

    install_layout_menus(LayoutActions(walls, store, bridge, parent=walls))
    # The demo's site points at the simulator's ports: it is not saved (site_file None).
    actions = SiteActions(
        walls, bridge, site_file, lambda: secrets, onvif_timeout=onvif_timeout, parent=walls
    )
    install_site_menus(actions)
    return actions


def _say_missing_screens(missing: list[int], present: int) -> None:
    from app.ui.bootstrap import translate

    logger.error("screens %s asked, %d present", missing, present)
    text = translate("Startup", "occhio: lo schermo %s non esiste (schermi collegati: %d)")
    print(text % (", ".join(map(str, missing)), present), file=sys.stderr)


def _welcome(bridge: MessageBridge, actions: SiteActions) -> None:
    """A new station: say what to do, and open the camera editor."""
    from app.ui.bootstrap import translate

    bridge.info(
        translate(
            "Startup",
            "Nessuna telecamera configurata: aggiungine una o cerca nella rete "
            "(Impianto > Cerca telecamere)",
        )
    )
    actions.open_editor()


def _remember_layout(walls: WallManager, settings: Settings) -> None:
    """The wall reopens as the operator left it: the shown layout goes to ``wall.last_layout``."""
    from app.config import paths
    from app.config.settings import save_settings

    def remember(name: str) -> None:
        settings.set("wall.last_layout", name)
        try:
            save_settings(settings, paths.settings_path())
        except (OSError, ValueError) as exc:  # ValueError: a damaged file is left as it is
            logger.warning("last layout not remembered: %s", exc)

    walls.layout_changed.connect(remember)


def _start_plates(
    site: SiteConfig,
    walls: WallManager,
    bridge: MessageBridge,
    recordings: RecordingActions,
    sim: dict[str, Any] | None,
    *,
    maps: MapActions,
) -> None:
    """Plate reads, hotlists, hit pop-ups and the Targhe menu (``sim``: the demo's simulator).

    They stop on ``aboutToQuit``, before the walls (connected first). Their
    hits, tracks and search go on the maps too.
    """
    from PySide6.QtCore import QCoreApplication

    from app.ui.map_plates import MapPlates
    from app.ui.plate_runtime import PlateRuntime

    _step("plates")
    plates = PlateRuntime(
        site,
        walls,
        bridge,
        recordings.operator,
        play_recording=functools.partial(recordings.play_passage, walls),
        parent=walls,
    )
    plates.start(sim)
    if plates.hits is not None and plates.actions is not None:
        MapPlates(maps, plates.qt_bridge, plates.hits, plates.actions, parent=plates)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(plates.shutdown)


def _run_qt(
    args: argparse.Namespace,
    settings: Settings,
    site: SiteConfig,
    demo: bool,
    language: str,
    *,
    site_file: Path | None = None,
    first_run: bool = False,
    secrets: CredentialStore | None = None,
    warnings: list[str] | None = None,
    sim: dict[str, Any] | None = None,
) -> int:
    from PySide6.QtGui import QGuiApplication

    from app.config.layoutstore import LayoutStore
    from app.devices.sources import DeviceSourceResolver
    from app.ui.bootstrap import freeze_startup_objects
    from app.ui.screens import WallManager
    from app.ui.tilelog import TileLogger
    from app.video.manager import StreamManager
    from app.video.overload import OverloadGovernor

    scale = settings.float_value("ui.text_scale")
    app, bridge = _qt_application(language, scale, show_boxes=not args.screenshot)
    _step("video engine")
    onvif_timeout = settings.float_value("onvif.timeout_s")
    streams = StreamManager(_engines(settings, site), DeviceSourceResolver(onvif_timeout))
    present = len(QGuiApplication.screens())
    missing = [n for n in args.screen or [] if not 1 <= n <= present]
    if missing:
        _say_missing_screens(missing, present)
        return EXIT_CONFIG
    _step("layouts")
    store = LayoutStore.default()
    screens = len(args.screen) if args.screen else present
    layout, layout_problem = _first_layout(args, store, site, settings, screens)
    _step("walls")
    recordings = _recordings(args, settings, site)
    walls = WallManager(
        site,
        streams,
        bridge,
        layout=layout,
        screens=args.screen,
        options=_wall_options(settings, recordings),
        governor=OverloadGovernor(),
    )
    _start_inputs(walls)
    _step("camera health and alarms")
    _start_health(walls, settings)
    onvif_timeout = settings.float_value("onvif.timeout_s")
    site_actions = _install_menus(
        walls, store, bridge, site_file, secrets, onvif_timeout=onvif_timeout
    )
    maps = _map_actions(walls, bridge, site_file, secrets)
    _remember_layout(walls, settings)
    _start_plates(site, walls, bridge, recordings, sim, maps=maps)

    def shutdown() -> None:
        logger.info("shutting down")
        maps.close()
        walls.shutdown()
        streams.shutdown()

    app.aboutToQuit.connect(shutdown)
    walls.show(fullscreen=bool(args.fullscreen) or settings.bool_value("ui.fullscreen"))
    logger.info(
        "wall ready (%d window(s), %d cameras%s)",
        len(walls.walls),
        len(site.cameras),
        ", demo" if demo else "",
    )
    for text in [*(warnings or []), layout_problem]:
        if text:
            bridge.warning(text)  # shown once the walls are up
    if first_run:
        _welcome(bridge, site_actions)
    freeze_startup_objects()
    tile_logger = TileLogger(walls) if args.log_tiles else None
    taker = _screenshot_taker(args, walls, maps)
    status = app.exec()
    del tile_logger
    if taker is not None and taker.status is not None:
        return taker.status
    return status

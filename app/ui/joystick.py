"""A USB PTZ joystick (HID game controller) steering the selected PTZ tile.

Control-room joysticks show up as game controllers; pygame (an optional
dependency: ``pip install occhio[joystick]``) reads them. A QTimer polls
at 25 Hz: axes 0/1 become pan/tilt, axis 2 (the twist or a third axis,
when present) zoom, each with a dead zone; button N goes to preset N of the
camera. Without pygame or without a joystick the feature is off, said once
in the log. The mapping functions are plain Python so that they are
tested without a device.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.core.ptzrate import Velocity
from app.ui.ptz_control import PtzController
from app.ui.ptz_geometry import dead_zone
from app.ui.ptz_worker import PtzWorker

logger = logging.getLogger("app.ui")

POLL_MS = 40  # 25 Hz
AXIS_DEAD_ZONE = 0.15  # cheap sticks rest anywhere within 10% of the centre


def axes_to_velocity(axes: Sequence[float], zone: float = AXIS_DEAD_ZONE) -> Velocity:
    """Pan, tilt and zoom from joystick axes (-1..1; stick forward reads negative).

    Values beyond -1..1 are clamped; NaN counts as the stick at rest.
    """

    def axis(n: int) -> float:
        value = float(axes[n]) if n < len(axes) else 0.0
        return 0.0 if math.isnan(value) else dead_zone(value, zone)

    return Velocity(pan=axis(0), tilt=-axis(1), zoom=-axis(2) if len(axes) > 2 else 0.0)


def pressed_buttons(before: Sequence[bool], now: Sequence[bool]) -> list[int]:
    """Numbers (1-based) of the buttons that went down since ``before``."""
    return [n + 1 for n, down in enumerate(now) if down and not (n < len(before) and before[n])]


def _load_pygame() -> Any:
    """pygame ready for joysticks only, or None when it is not installed."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_JOYSTICK_ALLOW_BACKGROUND_EVENTS", "1")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # SDL otherwise takes SIGINT and SIGTERM for its own quit event, which
    # nobody reads here: the wall then ignored a plain ``kill``.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    try:
        import pygame  # optional dependency
    except ImportError:
        logger.info("joystick off: pygame is not installed (pip install occhio[joystick])")
        return None
    pygame.display.init()  # the event pump needs it; the dummy driver opens no window
    pygame.joystick.init()
    return pygame


def _goto_preset_number(number: int) -> Callable[[PtzWorker], Any]:
    async def job(worker: PtzWorker) -> None:
        assert worker.client is not None
        presets = await worker.client.presets()
        if 0 < number <= len(presets):
            await worker.client.goto_preset(presets[number - 1].token)

    return job


def selected_ptz(windows: Callable[[], Sequence[Any]]) -> Callable[[], PtzController | None]:
    """A target finder: the selected PTZ tile of the active wall, else of any wall."""

    def target() -> PtzController | None:
        found = [w for w in windows() if w.selected_ptz() is not None]
        active = [w for w in found if w.isActiveWindow()]
        chosen = (active or found)[:1]
        return chosen[0].selected_ptz() if chosen else None

    return target


class JoystickPoller(QObject):
    """Reads the first joystick and drives ``target()`` (the selected PTZ camera)."""

    def __init__(
        self, target: Callable[[], PtzController | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.target = target
        self._pygame: Any = None
        self._stick: Any = None
        self._buttons: list[bool] = []
        self._driving: PtzController | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    def start(self) -> bool:
        """Start polling if pygame and a joystick are there; False (logged) if not."""
        self._pygame = _load_pygame()
        if self._pygame is None:
            return False
        if self._pygame.joystick.get_count() == 0:
            logger.info("joystick off: no joystick connected")
            return False
        self._stick = self._pygame.joystick.Joystick(0)
        logger.info("joystick: %s", self._stick.get_name())
        self._timer.start()
        return True

    def poll(self) -> None:
        """Read the stick once and pass its state on."""
        if self._stick is None:
            return
        self._pygame.event.pump()
        axes = [self._stick.get_axis(i) for i in range(self._stick.get_numaxes())]
        buttons = [bool(self._stick.get_button(i)) for i in range(self._stick.get_numbuttons())]
        self.apply(axes, buttons)

    def apply(self, axes: Sequence[float], buttons: Sequence[bool]) -> None:
        """Steer the target camera with one reading of the stick."""
        target = self.target()
        if self._driving is not None and self._driving is not target:
            self._driving.stop()  # selection moved on: never leave a camera turning
            self._driving = None
        if target is not None:
            velocity = axes_to_velocity(axes)
            if not velocity.is_stop or self._driving is not None:
                target.move(velocity)
            self._driving = None if velocity.is_stop else target
            for number in pressed_buttons(self._buttons, buttons):
                target.run(_goto_preset_number(number))
        self._buttons = list(buttons)

    def stop(self) -> None:
        """Stop polling and stop the camera being driven."""
        self._timer.stop()
        if self._driving is not None:
            self._driving.stop()
            self._driving = None

"""The mechanical state of a simulated PTZ camera, in ONVIF's generic spaces.

Pan and tilt run from -1 to 1, zoom from 0 (wide) to 1 (tele). A continuous
move integrates its velocity over time (clamped at the limits, ended by Stop
or by its timeout); absolute, relative, preset and home moves glide towards
their target at a fixed rate, so clients see MOVING, then IDLE, like a real
head. Nothing here runs on its own: the position is computed from the clock
whenever somebody asks, so the model needs no thread and tests can drive it
with a fake clock. A lock makes it safe to read from the encoder threads.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Generic-space units per second at velocity 1 (pan/tilt span 2, zoom 1).
PAN_TILT_RATE = 0.5
ZOOM_RATE = 0.5
#: How fast absolute, relative and preset moves travel (units per second).
GLIDE_RATE = 2.0
MAX_PRESETS = 32
DEFAULT_PRESETS = {"1": ("Ingresso", (-0.6, 0.1, 0.2)), "2": ("Incrocio", (0.5, -0.2, 0.5))}

Vector = tuple[float, float, float]
_LOW = (-1.0, -1.0, 0.0)
_HIGH = (1.0, 1.0, 1.0)


class PtzError(ValueError):
    """A request the device refuses; ``code`` is the ONVIF fault subcode."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code


@dataclass(frozen=True)
class Preset:
    """A stored position."""

    token: str
    name: str
    position: Vector


def clamp(vector: Vector) -> Vector:
    """``vector`` inside the pan/tilt/zoom limits."""
    p, t, z = (min(hi, max(lo, v)) for v, lo, hi in zip(vector, _LOW, _HIGH, strict=True))
    return p, t, z


def _finite(vector: Vector) -> Vector:
    if not all(math.isfinite(v) for v in vector):
        raise PtzError("ter:InvalidArgVal", "PTZ coordinates must be finite numbers")
    return vector


class PtzModel:
    """Position, motion, presets and home of one camera's PTZ head."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._pos: Vector = (0.0, 0.0, 0.0)
        self._at = clock()
        self._velocity: Vector = (0.0, 0.0, 0.0)
        self._until: float | None = None  # end of a continuous move with a timeout
        self._target: Vector | None = None
        self.home: Vector = (0.0, 0.0, 0.0)
        self.presets = {t: Preset(t, n, p) for t, (n, p) in DEFAULT_PRESETS.items()}

    def _advance(self, now: float) -> None:
        """Bring the position up to ``now`` (lock held)."""
        end = now if self._until is None else min(now, self._until)
        dt = max(0.0, end - self._at)
        if any(self._velocity):
            rates = (PAN_TILT_RATE, PAN_TILT_RATE, ZOOM_RATE)
            step = [
                p + v * r * dt for p, v, r in zip(self._pos, self._velocity, rates, strict=True)
            ]
            self._pos = clamp((step[0], step[1], step[2]))
        elif self._target is not None:
            reach = GLIDE_RATE * dt
            moved = tuple(
                p + max(-reach, min(reach, t - p))
                for p, t in zip(self._pos, self._target, strict=True)
            )
            self._pos = (moved[0], moved[1], moved[2])
            if self._pos == self._target:
                self._target = None
        if self._until is not None and now >= self._until:
            self._velocity, self._until = (0.0, 0.0, 0.0), None
        self._at = now

    def position(self) -> Vector:
        """Pan, tilt and zoom now."""
        with self._lock:
            self._advance(self._clock())
            return self._pos

    def moving(self) -> tuple[bool, bool]:
        """Whether (pan/tilt, zoom) are moving now."""
        with self._lock:
            self._advance(self._clock())
            v, target = self._velocity, self._target
            if target is not None:
                return self._pos[:2] != target[:2], self._pos[2] != target[2]
            return bool(v[0] or v[1]), bool(v[2])

    def continuous_move(self, velocity: Vector, timeout: float | None = None) -> None:
        """Move at ``velocity`` (-1..1 each) until Stop or for ``timeout`` seconds."""
        velocity = clamp_velocity(_finite(velocity))
        with self._lock:
            now = self._clock()
            self._advance(now)
            self._target = None
            self._velocity = velocity
            self._until = None if timeout is None else now + max(0.0, timeout)

    def stop(self, pan_tilt: bool = True, zoom: bool = True) -> None:
        """Stop pan/tilt and/or zoom motion where it is."""
        with self._lock:
            self._advance(self._clock())
            p, t, z = self._velocity
            self._velocity = (0.0 if pan_tilt else p, 0.0 if pan_tilt else t, 0.0 if zoom else z)
            if self._target is not None:
                tp, tt, tz = self._target
                cp, ct, cz = self._pos
                self._target = (cp if pan_tilt else tp, ct if pan_tilt else tt, cz if zoom else tz)

    def absolute_move(self, position: Vector) -> None:
        """Glide to ``position`` (clamped to the limits)."""
        target = clamp(_finite(position))
        with self._lock:
            self._advance(self._clock())
            self._velocity, self._until = (0.0, 0.0, 0.0), None
            self._target = target

    def relative_move(self, translation: Vector) -> None:
        """Glide by ``translation`` from the current position."""
        dp, dt, dz = _finite(translation)
        p, t, z = self.position()
        self.absolute_move((p + dp, t + dt, z + dz))

    def goto_preset(self, token: str) -> None:
        """Glide to a stored preset.

        Raises:
            PtzError: no preset has that token.
        """
        preset = self.presets.get(token)
        if preset is None:
            raise PtzError("ter:NoEntity", f"no preset {token!r}")
        self.absolute_move(preset.position)

    def set_preset(self, name: str, token: str = "") -> str:
        """Store the current position as preset ``name`` (overwriting ``token``); its token."""
        if token and token not in self.presets:
            raise PtzError("ter:NoToken", f"no preset {token!r}")
        if not token:
            if len(self.presets) >= MAX_PRESETS:
                raise PtzError("ter:TooManyPresets", "no room for another preset")
            token = str(next(i for i in range(1, MAX_PRESETS + 2) if str(i) not in self.presets))
        name = name or f"Preset {token}"
        self.presets[token] = Preset(token, name, self.position())
        return token

    def remove_preset(self, token: str) -> None:
        """Delete a preset.

        Raises:
            PtzError: no preset has that token.
        """
        if self.presets.pop(token, None) is None:
            raise PtzError("ter:NoToken", f"no preset {token!r}")

    def goto_home(self) -> None:
        """Glide to the home position."""
        self.absolute_move(self.home)

    def set_home(self) -> None:
        """Make the current position the home position."""
        self.home = self.position()


def clamp_velocity(velocity: Vector) -> Vector:
    """Velocities limited to -1..1 on every axis (zoom may zoom out)."""
    p, t, z = (min(1.0, max(-1.0, v)) for v in velocity)
    return p, t, z

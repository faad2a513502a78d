"""PTZ control from the wall: one controller per camera, a hub per window.

``PtzController`` puts a ``PtzSession`` (lock + pacing) on the GUI thread in
front of a ``PtzWorker`` (the camera's own thread): results hop back to the
GUI thread through a queued signal, a timer releases paced velocities, and
device errors and lock refusals reach the operator in Italian through the
message bridge. ``PtzHub`` makes controllers on demand for cameras of kind
"ptz" with an ONVIF address, and shares one lock table between them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.core.model import Camera, CameraKind
from app.core.ptzlock import DEFAULT_LOCK_SECONDS, PtzLockTable, PtzRefusal
from app.core.ptzrate import Velocity
from app.core.streams import Failure
from app.devices.onvif_errors import OnvifError
from app.ui.messages import MessageBridge
from app.ui.ptz_core import PtzSession
from app.ui.ptz_worker import COMMAND_TIMEOUT_S, Done, Job, PtzWorker

logger = logging.getLogger("app.ui")

CLOSE_MARGIN_S = 1.0  # a close waits one command timeout and this much more


def error_text(camera: str, error: BaseException) -> str:
    """The operator's words for a failed PTZ command."""
    if isinstance(error, OnvifError):
        reasons = {
            Failure.AUTH: QCoreApplication.translate("PtzController", "credenziali non valide"),
            Failure.UNREACHABLE: QCoreApplication.translate(
                "PtzController", "telecamera irraggiungibile"
            ),
            Failure.TIMEOUT: QCoreApplication.translate(
                "PtzController", "la telecamera non risponde"
            ),
        }
        reason = reasons.get(
            error.failure,
            QCoreApplication.translate("PtzController", "comando rifiutato dalla telecamera"),
        )
    else:
        reason = QCoreApplication.translate("PtzController", "errore imprevisto")
    return QCoreApplication.translate("PtzController", "PTZ di %s: %s") % (camera, reason)


def refusal_text(refusal: PtzRefusal) -> str:
    """ "PTZ in uso da <operatore>"."""
    return QCoreApplication.translate("PtzController", "PTZ in uso da %s") % refusal.holder


class _GuiSender(QObject):
    """Hands jobs to the worker; their ``done`` runs back on the GUI thread."""

    finished = Signal(object, object, object)

    def __init__(self, worker: PtzWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.finished.connect(self._on_finished)

    def submit(self, job: Job, done: Done | None = None) -> bool:
        def back(result: Any, error: BaseException | None) -> None:
            try:
                self.finished.emit(done, result, error)  # queued: emitted from the worker
            except RuntimeError:
                logger.debug("PTZ result arrived after its controller was deleted")

        return self.worker.submit(job, back)

    def _on_finished(self, done: Done | None, result: Any, error: BaseException | None) -> None:
        if done is not None:
            done(result, error)


class PtzController(QObject):
    """PTZ of one camera as this station's operator drives it.

    Signals:
        changed(str): the camera id; moving, holder or refusal changed.
    """

    changed = Signal(str)

    def __init__(
        self,
        camera: Camera,
        operator: str,
        locks: PtzLockTable,
        bridge: MessageBridge,
        timeout: float = COMMAND_TIMEOUT_S,
    ) -> None:
        super().__init__()
        assert camera.onvif is not None
        self.camera, self.bridge = camera, bridge
        self.worker = PtzWorker(camera.onvif, camera.id, timeout)
        self._sender = _GuiSender(self.worker, self)
        self.session = PtzSession(camera.id, operator, locks, self._sender)
        self.session.on_error = self._on_error
        self.session.on_changed = lambda: self.changed.emit(camera.id)
        self._pace = QTimer(self)
        self._pace.setSingleShot(True)
        self._pace.timeout.connect(self._on_pace)
        self._refusal_clear = QTimer(self)
        self._refusal_clear.setSingleShot(True)
        self._refusal_clear.timeout.connect(self._on_refusal_over)

    @property
    def operator(self) -> str:
        """The operator this station moves the camera for."""
        return self.session.operator

    @property
    def moving(self) -> bool:
        """True while a continuous move of this station runs."""
        return self.session.moving

    def caption(self) -> str:
        """What the tile says about PTZ: who moves it, or who holds it."""
        if self.session.moving:
            return QCoreApplication.translate("PtzController", "PTZ: %s") % self.operator
        if self.session.refusal is not None:
            return refusal_text(self.session.refusal)
        return ""

    def move(self, velocity: Velocity) -> bool:
        """Continuous move at ``velocity`` (paced); False if refused."""
        refusal = self.session.move(velocity)
        if refusal is not None:
            self._refused(refusal)
            return False
        self._arm()
        return True

    def stop(self) -> None:
        """Stop the camera now."""
        self._pace.stop()
        self.session.stop()

    def run(self, job: Job, done: Done | None = None, moves: bool = True) -> bool:
        """A one-off job on the camera's worker; False if the lock was refused."""
        refusal = self.session.run(job, done, moves)
        if refusal is not None:
            self._refused(refusal)
            return False
        return True

    def report(self, error: BaseException) -> None:
        """Tell the operator that a command failed."""
        self._on_error(error)

    def _arm(self) -> None:
        due = self.session.due()
        if due is not None and not self._pace.isActive():
            self._pace.start(max(0, round((due - time.monotonic()) * 1000)))

    def _on_pace(self) -> None:
        self.session.poll()
        self._arm()

    def _refused(self, refusal: PtzRefusal) -> None:
        self.bridge.warning(refusal_text(refusal))
        self._refusal_clear.start(max(100, round(refusal.remaining_s * 1000)))

    def _on_refusal_over(self) -> None:
        self.session.refusal = None
        self.changed.emit(self.camera.id)

    def _on_error(self, error: BaseException) -> None:
        logger.warning("PTZ command on %s failed: %s", self.camera.id, error)
        self.bridge.error(error_text(self.camera.name, error))

    def close(self, wait: bool = True) -> None:
        """Stop a running move, then end the worker (waiting for it if ``wait``)."""
        self._pace.stop()
        self._refusal_clear.stop()
        self.session.stop()
        self.worker.request_close()
        if wait:
            self.worker.join(self.worker.timeout + CLOSE_MARGIN_S)


def is_ptz(camera: Camera | None) -> bool:
    """True for cameras Occhio can steer: kind "ptz" with an ONVIF address."""
    return camera is not None and camera.kind == CameraKind.PTZ and camera.onvif is not None


class PtzHub(QObject):
    """The controllers of one station's walls, made when first needed."""

    def __init__(
        self,
        operator: str,
        bridge: MessageBridge,
        lock_seconds: float = DEFAULT_LOCK_SECONDS,
        locks: PtzLockTable | None = None,
        *,
        timeout: float = COMMAND_TIMEOUT_S,
        parent: QObject | None = None,
    ) -> None:
        """``timeout``: seconds allowed for each PTZ request (``onvif.timeout_s``)."""
        super().__init__(parent)
        self.operator, self.bridge, self.timeout = operator, bridge, timeout
        self.locks = locks or PtzLockTable(lock_seconds)
        self.controllers: dict[str, PtzController] = {}
        self.on_new: Callable[[PtzController], None] = lambda _c: None

    def controller(self, camera: Camera | None) -> PtzController | None:
        """The controller of ``camera``; None for cameras without PTZ."""
        if camera is None or not is_ptz(camera):
            return None
        found = self.controllers.get(camera.id)
        if found is None or found.camera != camera:
            if found is not None:
                found.close()
            found = PtzController(camera, self.operator, self.locks, self.bridge, self.timeout)
            self.controllers[camera.id] = found
            self.on_new(found)
        return found

    def close(self) -> None:
        """Stop every camera this station moves and end the workers."""
        # Every worker sends its Stop at once; then one shared wait, not one per camera.
        for controller in self.controllers.values():
            controller.close(wait=False)
        deadline = time.monotonic() + self.timeout + CLOSE_MARGIN_S
        for controller in self.controllers.values():
            if not controller.worker.join(max(0.0, deadline - time.monotonic())):
                logger.warning("PTZ worker of %s still busy at shutdown", controller.camera.id)
        self.controllers.clear()

"""The operator's PTZ intents for one camera, checked and paced (no Qt).

Every intent that moves the camera first takes the camera's lock in the
``PtzLockTable`` (a refusal names the operator who holds it and nothing
is sent); velocities then pass through the ``MoveRateLimiter`` (at most ten
commands a second, the latest wins, a Stop is never delayed or dropped).
What survives becomes a job for the camera's ``PtzWorker``. The caller
(the Qt controller) arms a timer for ``due()`` and calls ``poll()`` then.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from app.core.ptzlock import PtzGrant, PtzLockTable, PtzRefusal
from app.core.ptzrate import MoveRateLimiter, Velocity
from app.ui.ptz_worker import Done, Job, PtzWorker

logger = logging.getLogger("app.ui")


class Sender(Protocol):
    """Where jobs go (a ``PtzWorker``)."""

    def submit(self, job: Job, done: Done | None = None) -> bool:
        """Queue one job."""


def _velocity_job(velocity: Velocity) -> Job:
    async def job(worker: PtzWorker) -> None:
        assert worker.client is not None
        if velocity.is_stop:
            await worker.client.stop()
        else:
            await worker.client.continuous_move(velocity.pan, velocity.tilt, velocity.zoom)

    return job


class PtzSession:
    """One camera's PTZ state on this station: lock, pacing and movement."""

    def __init__(
        self,
        camera_id: str,
        operator: str,
        locks: PtzLockTable,
        sender: Sender,
        limiter: MoveRateLimiter | None = None,
    ) -> None:
        self.camera_id, self.operator = camera_id, operator
        self.locks, self.sender = locks, sender
        self.limiter = limiter or MoveRateLimiter()
        self.moving = False  # a non-zero velocity was sent and no Stop since
        self.refusal: PtzRefusal | None = None  # the last refusal, for the caption
        self.on_error: Callable[[BaseException], None] = lambda _exc: None
        self.on_changed: Callable[[], None] = lambda: None

    def _acquire(self) -> PtzRefusal | None:
        answer = self.locks.acquire(self.camera_id, self.operator)
        if isinstance(answer, PtzGrant):
            if self.refusal is not None:
                self.refusal = None
                self.on_changed()
            return None
        logger.info("PTZ of %s refused to %s: %s", self.camera_id, self.operator, answer)
        self.refusal = answer
        self.on_changed()
        return answer

    def move(self, velocity: Velocity) -> PtzRefusal | None:
        """Ask for ``velocity`` (a zero one is a Stop); the refusal if the lock is held."""
        if velocity.is_stop:
            self.stop()
            return None
        refusal = self._acquire()
        if refusal is not None:
            return refusal
        out = self.limiter.offer(velocity)
        if out is not None:
            self._send(out)
        return None

    def stop(self) -> None:
        """Stop now, if this station set the camera moving (never paced, never dropped)."""
        if not self.moving and self.limiter.pending is None:
            return
        self._send(self.limiter.stop())

    def due(self) -> float | None:
        """Clock time at which ``poll`` releases a waiting velocity."""
        return self.limiter.due()

    def poll(self) -> None:
        """Send the waiting velocity if its slot has come."""
        out = self.limiter.poll()
        if out is not None:
            self._send(out)

    def _send(self, velocity: Velocity) -> None:
        was = self.moving
        self.moving = not velocity.is_stop
        self.sender.submit(_velocity_job(velocity), self._report)
        if was != self.moving:
            self.on_changed()

    def run(
        self,
        job: Callable[[PtzWorker], Awaitable[Any]],
        done: Done | None = None,
        moves: bool = True,
    ) -> PtzRefusal | None:
        """Queue a one-off job (preset, relative move...); moving jobs need the lock."""
        if moves:
            refusal = self._acquire()
            if refusal is not None:
                return refusal

        def finished(result: Any, error: BaseException | None) -> None:
            if done is not None:
                done(result, error)
            elif error is not None:
                self.on_error(error)

        self.sender.submit(job, finished)
        return None

    def _report(self, _result: Any, error: BaseException | None) -> None:
        if error is not None:
            self.on_error(error)

    def holder(self) -> str:
        """Who holds the camera now ("" if nobody)."""
        lock = self.locks.holder(self.camera_id)
        return lock.operator if lock is not None else ""

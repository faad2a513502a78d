"""ONVIF Profile M plate cameras: a PullPoint subscription read in a loop.

onvif-zeep-async creates the subscription and renews it before it expires;
Occhio pulls messages (at most ``MESSAGE_LIMIT`` per call, waiting up to
``PULL_WAIT`` on the device) and keeps those of the licence plate topic. A
device that restarts forgets its subscriptions: the next pull fails, and
the source connects again and creates a new one. Every call is bounded by
``asyncio.timeout``; the library's own timeouts are far longer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from typing import Any

import aiohttp
from onvif import ONVIFCamera
from onvif.exceptions import ONVIFAuthError, ONVIFError
from zeep.exceptions import Error as ZeepError

from app.anpr.parse_common import ParseError
from app.anpr.parse_onvif import parse_notifications
from app.anpr.sources import ReconnectingSource
from app.core.plates import sanitise_text
from app.core.streams import Failure

logger = logging.getLogger("app.anpr")

CALL_TIMEOUT_S = 10.0
PULL_WAIT = dt.timedelta(seconds=5)
MESSAGE_LIMIT = 20
#: A pull's answer with MESSAGE_LIMIT messages and their pictures inline.
MAX_PULL_BYTES = 16 * 1024 * 1024
SUBSCRIPTION = dt.timedelta(seconds=60)


class OnvifEventSource(ReconnectingSource):
    """One ONVIF plate camera: subscribe, pull, renew; subscribe again after a fault."""

    kind = "ONVIF plate camera"

    async def session(self) -> tuple[Failure, str]:
        """One subscription's life; returns why it ended."""
        s = self.source
        camera = ONVIFCamera(s.host, s.port, s.username, s.password, adjust_time=True)
        manager = None
        lost = asyncio.Event()
        try:
            async with asyncio.timeout(CALL_TIMEOUT_S * 2):
                await camera.update_xaddrs()
                manager = await camera.create_pullpoint_manager(SUBSCRIPTION, lost.set)
            self.connected()
            await self._pull(manager.get_service(), lost)
            return Failure.ENDED, "subscription lost"
        except ONVIFAuthError as exc:
            return Failure.AUTH, sanitise_text(exc, 200)
        except TimeoutError:
            return Failure.TIMEOUT, "no answer in time"
        except (ONVIFError, ZeepError, aiohttp.ClientError, OSError) as exc:
            return Failure.PROTOCOL, sanitise_text(exc, 200)
        finally:
            await _close(manager, camera)

    async def _pull(self, service: Any, lost: asyncio.Event) -> None:
        """Pull until the subscription is lost or a pull fails.

        The answer is taken raw and parsed here: zeep drops the base64 text
        of ``Image`` element items, and a raw answer can be bounded.
        """
        request = {"MessageLimit": MESSAGE_LIMIT, "Timeout": PULL_WAIT}
        while not lost.is_set():
            async with asyncio.timeout(PULL_WAIT.total_seconds() + CALL_TIMEOUT_S):
                with service.zeep_client.settings(raw_response=True):
                    answer = await service.PullMessages(request)
            if answer.status_code != 200:
                raise ONVIFError(f"PullMessages answered HTTP {answer.status_code}")
            try:
                reads = parse_notifications(
                    answer.content, self.source.camera_id, time.time(), MAX_PULL_BYTES
                )
            except ParseError as exc:
                logger.warning("camera %s: events refused: %s", self.source.camera_id, exc)
                continue
            for read in reads:
                self.deliver(read)


async def _close(manager: Any, camera: ONVIFCamera) -> None:
    """Unsubscribe and close, bounded: a dead device must not hold the loop."""
    try:
        async with asyncio.timeout(CALL_TIMEOUT_S):
            if manager is not None:
                await manager.shutdown()
            await camera.close()
    except (TimeoutError, ONVIFError, ZeepError, aiohttp.ClientError, OSError) as exc:
        logger.debug("ONVIF close: %s", sanitise_text(exc, 200))

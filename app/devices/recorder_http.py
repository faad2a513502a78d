"""HTTP for the recorders' vendor APIs: Digest or Basic, bounded size and time.

Hikvision ISAPI and Dahua CGI answer a first request with 401 and a
challenge; the answer is computed with :mod:`app.devices.replay.digest`
and the request sent again. Bodies are read up to :data:`MAX_BODY`; a
longer answer is an error, not a truncated parse.
"""

from __future__ import annotations

import aiohttp

from app.devices.replay.digest import AuthError, Challenge, authorization, best_challenge
from app.devices.replay.errors import ReplayError, ReplayFailure

MAX_BODY = 1024 * 1024


class RecorderHttp:
    """One recorder's HTTP API: base URL, credentials, a session, the last challenge."""

    def __init__(self, base: str, username: str, password: str, timeout: float) -> None:
        self.base = base.rstrip("/")
        self.username = username
        self.password = password
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._challenge: Challenge | None = None
        self._count = 0

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _auth(self, method: str, path: str) -> dict[str, str]:
        if self._challenge is None:
            return {}
        self._count += 1
        value = authorization(
            self._challenge, method, path, self.username, self.password, count=self._count
        )
        return {"Authorization": value}

    async def request(self, method: str, path: str, body: bytes | None = None) -> str:
        """The body of ``method path`` as text (a 401 is answered once).

        Raises:
            ReplayError: unreachable, timeout, refused credentials, an HTTP error or
            an answer over :data:`MAX_BODY`.
        """
        if self._session is None:
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            self._session = aiohttp.ClientSession(timeout=timeout)
        for attempt in range(2):
            status, text, challenges = await self._once(method, path, body)
            if status == 401 and attempt == 0:
                try:
                    self._challenge = best_challenge(challenges)
                except AuthError as err:
                    raise ReplayError(ReplayFailure.AUTH, str(err)) from err
                continue
            if status in (401, 403):
                raise ReplayError(ReplayFailure.AUTH, f"{path}: credentials refused", status)
            if status == 404:
                raise ReplayError(ReplayFailure.NOT_FOUND, f"{path}: not found", status)
            if status != 200:
                raise ReplayError(ReplayFailure.SEARCH, f"{path}: HTTP {status}", status)
            return text
        raise ReplayError(ReplayFailure.AUTH, f"{path}: credentials refused")

    async def _once(self, method: str, path: str, body: bytes | None) -> tuple[int, str, list[str]]:
        assert self._session is not None
        headers = self._auth(method, path)
        try:
            async with self._session.request(
                method, self.base + path, data=body, headers=headers
            ) as resp:
                data = await resp.content.read(MAX_BODY + 1)
                challenges = resp.headers.getall("WWW-Authenticate", [])
                status = resp.status
        except TimeoutError as err:
            raise ReplayError(
                ReplayFailure.TIMEOUT, f"{path}: no answer in {self.timeout:g} s"
            ) from err
        except (aiohttp.ClientError, OSError) as err:
            raise ReplayError(ReplayFailure.UNREACHABLE, f"{self.base}: {err}") from err
        if len(data) > MAX_BODY:
            raise ReplayError(ReplayFailure.SEARCH, f"{path}: answer larger than {MAX_BODY} bytes")
        return status, data.decode("utf-8", "replace"), list(challenges)


__all__ = ["MAX_BODY", "RecorderHttp"]

"""Test controls over HTTP: drop, freeze, restore, password, ONVIF quirks, status."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from aiohttp import web

from app.sim.cameras import CameraState, Quirks, SimCamera
from app.sim.rtsp import RtspServer

logger = logging.getLogger("app.sim")

_STATES = {
    "drop": CameraState.DROPPED,
    "freeze": CameraState.FROZEN,
    "restore": CameraState.NORMAL,
}


def ptz_status(camera: SimCamera) -> dict[str, object] | None:
    """Where a PTZ camera's head points and whether it moves (None: a fixed camera)."""
    if camera.ptz is None:
        return None
    pan, tilt, zoom = camera.ptz.position()
    return {"pan": pan, "tilt": tilt, "zoom": zoom, "moving": any(camera.ptz.moving())}


def status(cameras: dict[str, SimCamera], rtsp: RtspServer) -> dict[str, object]:
    """Per camera: state, number of RTP sessions, client addresses and the PTZ head."""
    return {
        cid: {
            "state": cam.state.value,
            "quirks": cam.quirks.value,
            "sessions": len(rtsp.sessions_of(cid)),
            "clients": sorted(cam.clients),
            "ptz": ptz_status(cam),
        }
        for cid, cam in cameras.items()
    }


Action = Callable[[SimCamera, str], "str | None"]
"""An extra control: (camera, request body) -> error message, or None when done."""


def control_app(
    cameras: dict[str, SimCamera], rtsp: RtspServer, actions: Mapping[str, Action] | None = None
) -> web.Application:
    """The aiohttp application serving ``/sim/...`` on the main HTTP port.

    ``actions`` adds controls by name (the recorder's ``replay-fault`` and ``clock``).
    """
    extra = dict(actions or {})

    async def get_status(request: web.Request) -> web.Response:
        return web.json_response(status(cameras, rtsp))

    async def post_action(request: web.Request) -> web.Response:
        camera = cameras.get(request.match_info["camera"])
        action = request.match_info["action"]
        if camera is None:
            return web.json_response({"error": "unknown camera"}, status=404)
        if action == "password":
            new = (await request.text()).strip()
            if not new:
                return web.json_response({"error": "empty password"}, status=400)
            camera.password = new
        elif action == "quirks":
            try:
                camera.quirks = Quirks((await request.text()).strip() or "none")
            except ValueError:
                return web.json_response({"error": "quirks: none or minimal"}, status=400)
        elif action in extra:
            error = extra[action](camera, (await request.text()).strip())
            if error:
                return web.json_response({"error": error}, status=400)
        elif action in _STATES:
            camera.state = _STATES[action]
            if action == "drop":
                rtsp.drop_camera(camera.id)
        else:
            return web.json_response({"error": "unknown action"}, status=404)
        logger.info("Camera %s: %s (now %s)", camera.id, action, camera.state.value)
        return web.json_response(
            {"id": camera.id, "state": camera.state.value, "quirks": camera.quirks.value}
        )

    app = web.Application()
    app.router.add_get("/sim/status", get_status)
    app.router.add_post("/sim/{camera}/{action}", post_action)
    return app

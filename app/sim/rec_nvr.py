"""Putting the simulated recorders together: archives, replay, NVR services, controls.

Each replayed camera records (:mod:`app.sim.rec_source`); PTZ cameras, whose
picture is rendered live, do not. The archives are reachable three ways:

- from each camera's own ONVIF port (Profile G, like a camera with an SD card);
- from the simulator's main HTTP port acting as an NVR (channel N is the
  Nth camera of the site file): ONVIF Profile G at ``/onvif/...``,
  Hikvision ISAPI and Dahua CGI (:mod:`app.sim.rec_vendor`);
- over the shared RTSP port (:mod:`app.sim.rec_rtsp`).

Test controls: ``POST /sim/<id>/replay-fault`` (see :data:`FAULTS`) and
``POST /sim/<id>/clock`` (the recorder's clock error in seconds).
"""

from __future__ import annotations

from aiohttp import web

from app.sim.auth import DigestAuth
from app.sim.cameras import DEFAULT_PASSWORD, DEFAULT_USER, SimCamera
from app.sim.encode import REC, EncodedLoop
from app.sim.onvif import OnvifContext, OnvifDevice, RecordingHooks
from app.sim.rec_onvif import RecordingService
from app.sim.rec_rtsp import ReplayRoutes
from app.sim.rec_schedule import RecordingPlan
from app.sim.rec_source import FAULTS, RecordingSource, SimRecorder
from app.sim.rec_vendor import VendorApis

__all__ = ["FAULTS", "build_recorder", "camera_hooks", "nvr_routes", "replay_routes"]


def build_recorder(
    cameras: list[SimCamera], loops: dict[tuple[str, str], EncodedLoop], days: int
) -> SimRecorder:
    """An archive for every camera that has a recording loop."""
    sources = {
        cam.id: RecordingSource(
            cam.id, cam.name, loops[cam.id, REC.name], RecordingPlan(cam.id, days)
        )
        for cam in cameras
        if (cam.id, REC.name) in loops
    }
    return SimRecorder(sources, [c.id for c in cameras])


def camera_hooks(recorder: SimRecorder, camera: SimCamera, rtsp_base: str) -> RecordingHooks:
    """Profile G on a camera's own ONVIF port (its SD card), or nothing without an archive."""
    if camera.id not in recorder.sources:
        return RecordingHooks(clock=recorder.device_now)
    service = RecordingService(recorder, [camera.id], {camera.id: camera.name}, rtsp_base)
    return RecordingHooks(service.operations(), service.services(), recorder.device_now)


def replay_routes(
    recorder: SimRecorder, cameras: dict[str, SimCamera], auth: DigestAuth
) -> ReplayRoutes:
    """The RTSP side, to hand to the RTSP server."""
    return ReplayRoutes(recorder, cameras, auth)


def nvr_routes(
    app: web.Application,
    recorder: SimRecorder,
    cameras: list[SimCamera],
    ctx: OnvifContext,
) -> None:
    """Add the NVR's ONVIF, ISAPI and Dahua endpoints and the recorder test controls."""
    rtsp_base = f"rtsp://{ctx.host}:{ctx.rtsp_port}"
    names = {c.id: c.name for c in cameras}
    service = RecordingService(recorder, [c.id for c in cameras], names, rtsp_base)
    hooks = RecordingHooks(service.operations(), service.services(), recorder.device_now)
    nvr = SimCamera("nvr", "SimNVR", DEFAULT_USER, DEFAULT_PASSWORD)
    device = OnvifDevice(nvr, ctx, recording=hooks)

    async def soap(request: web.Request) -> web.Response:
        status, text = device.answer(await request.read(), f"http://{request.host}")
        return web.Response(
            status=status, text=text, content_type="application/soap+xml", charset="utf-8"
        )

    app.router.add_post("/onvif/{service}", soap)
    VendorApis(recorder, rtsp_base).routes(app)


def control_action(recorder: SimRecorder, action: str, camera: SimCamera, body: str) -> str | None:
    """Apply a recorder test control; returns an error message, or None when done."""
    if action == "replay-fault":
        try:
            recorder.set_fault(camera.id, body.strip() or "none")
        except ValueError as err:
            return str(err)
        return None
    try:
        recorder.set_clock_offset(float(body.strip() or 0))
    except ValueError:
        return "clock: seconds, e.g. 600 or -600"
    return None

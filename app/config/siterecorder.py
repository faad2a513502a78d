"""Reading a camera's ``[cameras.recorder]`` table: who holds its recordings.

```toml
[cameras.recorder]            # the camera's own card, through its [cameras.onvif]
kind = "camera"

[cameras.recorder]            # an NVR
kind = "hikvision"            # or "onvif", "dahua"
host = "10.1.2.3"
port = 80                     # HTTP (ONVIF, ISAPI, CGI)
rtsp_port = 554
channel = 4
username = "operatore"
password = "secret:nvr-1"     # or the password itself
timezone = "Europe/Rome"      # Dahua speaks device-local time
recording = ""                # ONVIF: a recording token, when the channel is not enough
```
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.config import paths
from app.config.credentials import (
    CredentialError,
    CredentialStore,
    SecretLookupError,
    is_reference,
)
from app.config.tomlerrors import Fields
from app.core.model import Camera, RecorderAddress, RecorderKind


def read_recorder(f: Fields, camera: Camera) -> RecorderAddress | None:
    """The camera's recorder, or None without a ``recorder`` table."""
    table = f.optional("recorder", dict)
    if table is None:
        return None
    sub = Fields(table, f.path("recorder"), f._error)
    kind_text = sub.get("kind", str, required=True)
    try:
        kind = RecorderKind(kind_text)
    except ValueError:
        allowed = ", ".join(str(k) for k in RecorderKind)
        raise sub.fail("kind", f"{kind_text!r} is not one of {allowed}") from None
    address = _camera_card(sub, camera) if kind is RecorderKind.CAMERA else _nvr(sub, kind)
    sub.check_unknown()
    return address


def _camera_card(sub: Fields, camera: Camera) -> RecorderAddress:
    """The camera's own card: address and credentials are those of ``[cameras.onvif]``."""
    if camera.onvif is None:
        raise sub.fail("kind", 'kind "camera" needs the camera\'s [cameras.onvif] table')
    return RecorderAddress(
        RecorderKind.CAMERA,
        recording=sub.get("recording", str, ""),
        timezone=sub.get("timezone", str, ""),
    )


def _nvr(sub: Fields, kind: RecorderKind) -> RecorderAddress:
    host = sub.get("host", str, required=True)
    if not host:
        raise sub.fail("host", "must not be empty")
    ports = {}
    for key, default in (("port", 80), ("rtsp_port", 554)):
        ports[key] = sub.get(key, int, default)
        if not 1 <= ports[key] <= 65535:
            raise sub.fail(key, f"{ports[key]} is not a TCP port (1..65535)")
    channel = sub.get("channel", int, 1)
    if not 1 <= channel <= 4096:
        raise sub.fail("channel", f"{channel} is not a channel number (1..4096)")
    return RecorderAddress(
        kind,
        host=host,
        port=ports["port"],
        rtsp_port=ports["rtsp_port"],
        channel=channel,
        recording=sub.get("recording", str, ""),
        username=sub.get("username", str, ""),
        password=sub.get("password", str, ""),
        timezone=sub.get("timezone", str, ""),
    )


def with_recorder(f: Fields, camera: Camera) -> Camera:
    """``camera`` with its recorder read from the same table."""
    recorder = read_recorder(f, camera)
    return replace(camera, recorder=recorder) if recorder is not None else camera


def resolve_recorder_secrets(
    cameras: tuple[Camera, ...], resolve: Callable[[str], str] | None
) -> tuple[Camera, ...]:
    """``cameras`` with ``secret:<id>`` recorder passwords replaced by the secret.

    Raises:
        SecretLookupError: naming the field (``cameras[2].recorder.password``).
    """
    out = []
    for index, camera in enumerate(cameras):
        recorder = camera.recorder
        if recorder is None or not is_reference(recorder.password):
            out.append(camera)
            continue
        lookup = resolve or CredentialStore(paths.config_dir()).resolve
        try:
            password = lookup(recorder.password)
        except CredentialError as err:
            raise SecretLookupError(f"cameras[{index}].recorder.password", str(err)) from err
        out.append(replace(camera, recorder=replace(recorder, password=password)))
    return tuple(out)


def recorder_to_dict(recorder: RecorderAddress) -> dict[str, object]:
    """The TOML table of a recorder (what ``save_site`` writes)."""
    out: dict[str, object] = {"kind": str(recorder.kind)}
    if recorder.kind is RecorderKind.CAMERA:
        for key in ("recording", "timezone"):
            if getattr(recorder, key):
                out[key] = getattr(recorder, key)
        return out
    out |= {
        "host": recorder.host,
        "port": recorder.port,
        "rtsp_port": recorder.rtsp_port,
        "channel": recorder.channel,
    }
    for key in ("recording", "username", "password", "timezone"):
        if getattr(recorder, key):
            out[key] = getattr(recorder, key)
    return out

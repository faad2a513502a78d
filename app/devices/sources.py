"""Where a camera's stream is opened: its configured URLs, or its ONVIF device.

Built by the composition root and handed to the stream manager, which calls
it on a stream's worker thread before each connection attempt (it may take
ONVIF round trips). A camera with an ONVIF address is also asked for a key
frame alongside each connection, so its first picture need not wait for the
next GOP.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from app.core.model import Camera, Profile
from app.core.streams import StreamSource
from app.devices.onvif import DEFAULT_TIMEOUT, resolve_stream_source
from app.devices.sync import request_key_frame
from app.video.manager import url_resolver


class DeviceSourceResolver:
    """Turns a camera and profile into a ``StreamSource``; blocking, thread-safe.

    Args:
        timeout: seconds allowed for each ONVIF request (``onvif.timeout_s``).
    """

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout

    def __call__(self, camera: Camera, profile: Profile) -> StreamSource:
        """Configured URLs first; a camera known only by its ONVIF address asks the device.

        Raises:
            SourceError: nothing to open is configured.
            OnvifError: the device did not give a stream URI.
        """
        if camera.main_url or camera.onvif is None:
            source = url_resolver(camera, profile)
        else:
            source = resolve_stream_source(camera, profile, self.timeout)
        if camera.onvif is None:
            return source
        request = functools.partial(request_key_frame, camera, profile, self.timeout)
        return replace(source, key_frame_request=request)

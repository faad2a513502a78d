"""Hostile servers for the tests: RTSP, ONVIF over HTTP and WS-Discovery that misbehave
the way a broken or compromised device on the camera network would."""

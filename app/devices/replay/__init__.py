"""Occhio's own RTSP client for recorded video (ONVIF replay and vendor playback).

FFmpeg's RTSP client always asks for ``Range: npt=`` and drops the RTP header
extension that carries each recorded frame's capture time, so replay from
recorders needs a client of its own: asyncio, RTP over the RTSP TCP
connection, Digest authentication, keep-alives, and depacketisers that give
back each access unit's NAL units exactly as sent.
"""

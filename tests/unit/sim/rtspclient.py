"""A minimal blocking RTSP client for testing the simulator's server at socket level."""

from __future__ import annotations

import hashlib
import re
import socket


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class RawRtsp:
    """One TCP connection speaking RTSP, with optional Digest auth."""

    def __init__(self, port: int, user: str = "admin", password: str = "occhio") -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.user, self.password = user, password
        self.buf = b""
        self.cseq = 0
        self.challenge: tuple[str, str] | None = None

    def close(self) -> None:
        self.sock.close()

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        self.buf += data
        return bool(data)

    def read_response(self) -> tuple[int, dict[str, str], bytes]:
        """Next RTSP response (skipping interleaved frames)."""
        while True:
            if self.buf.startswith(b"$"):
                self.read_frame()
                continue
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                break
            if not self._fill():
                raise ConnectionError("closed")
        lines = self.buf[:end].decode().split("\r\n")
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buf) < end + 4 + length:
            if not self._fill():
                raise ConnectionError("closed")
        body = self.buf[end + 4 : end + 4 + length]
        self.buf = self.buf[end + 4 + length :]
        return int(lines[0].split()[1]), headers, body

    def read_frame(self) -> tuple[int, bytes]:
        """Next interleaved frame (channel, data)."""
        while len(self.buf) < 4 or len(self.buf) < 4 + int.from_bytes(self.buf[2:4], "big"):
            if not self._fill():
                raise ConnectionError("closed")
        size = int.from_bytes(self.buf[2:4], "big")
        channel, data = self.buf[1], self.buf[4 : 4 + size]
        self.buf = self.buf[4 + size :]
        return channel, data

    def request(
        self, method: str, url: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """Send a request (answering a Digest challenge once) and read the response."""
        for _ in range(2):
            self.cseq += 1
            lines = [f"{method} {url} RTSP/1.0", f"CSeq: {self.cseq}"]
            lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
            if self.challenge:
                realm, nonce = self.challenge
                ha1 = _md5(f"{self.user}:{realm}:{self.password}")
                resp = _md5(f"{ha1}:{nonce}:{_md5(f'{method}:{url}')}")
                lines.append(
                    f'Authorization: Digest username="{self.user}", realm="{realm}", '
                    f'nonce="{nonce}", uri="{url}", response="{resp}"'
                )
            self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            status, head, body = self.read_response()
            if status != 401 or self.challenge:
                return status, head, body
            m = re.search(r'realm="([^"]*)".*nonce="([^"]*)"', head["www-authenticate"])
            assert m is not None
            self.challenge = (m.group(1), m.group(2))
        return status, head, body

    def play_tcp(self, url: str) -> str:
        """DESCRIBE, SETUP (interleaved), PLAY; returns the session id."""
        status, _, _ = self.request("DESCRIBE", url)
        assert status == 200
        status, head, _ = self.request(
            "SETUP", url + "/trackID=0", {"Transport": "RTP/AVP/TCP;unicast;interleaved=0-1"}
        )
        assert status == 200
        session = head["session"].split(";")[0]
        status, _, _ = self.request("PLAY", url, {"Session": session})
        assert status == 200
        return session

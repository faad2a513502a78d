"""Tiles from a tile server on 127.0.0.1: XYZ and WMS, cache, timeouts, bad answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from app.maps.mercator import TileId
from app.maps.remote import UrlSource, tile_url, wms_bbox
from app.maps.tiles import SourceError, TileProblem
from tests.unit.maps.tilemaker import png

TILE = png(77)


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Handler.requests.append(self.path)
        path = urlsplit(self.path).path
        if path.startswith("/slow/"):
            self._slow()
        elif path.startswith("/html/"):
            self._send(200, b"<html>quota exceeded</html>", "text/html")
        elif path.startswith("/big/"):
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif path.startswith("/moved/"):
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere.png")
            self.end_headers()
        elif path in {"/wms", "/tiles/1/1/0.png"}:
            self._send(200, TILE, "image/png")
        else:
            self._send(404, b"", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _slow(self) -> None:
        # Drips a byte every 0.2 s: each read is quick, the whole answer never ends.
        self.send_response(200)
        self.end_headers()
        try:
            for _ in range(50):
                self.wfile.write(b"\x89")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.requests = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_xyz_tile_is_downloaded_once_then_served_from_the_cache(
    server: str, tmp_path: Path
) -> None:
    source = UrlSource(server + "/tiles/{z}/{x}/{y}.png", tmp_path / "cache")
    assert source.fetch(TileId(1, 1, 0)).data == TILE
    assert source.fetch(TileId(1, 1, 0)).data == TILE
    assert _Handler.requests == ["/tiles/1/1/0.png"]
    assert (tmp_path / "cache" / "1" / "1" / "0.tile").read_bytes() == TILE
    assert source.fetch(TileId(1, 0, 0)).problem is TileProblem.MISSING


def test_cached_tiles_survive_the_server(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "3" / "2").mkdir(parents=True)
    (cache / "3" / "2" / "1.tile").write_bytes(TILE)
    source = UrlSource("http://127.0.0.1:9/{z}/{x}/{y}.png", cache, timeout=1.0)
    assert source.fetch(TileId(3, 2, 1)).data == TILE
    assert source.fetch(TileId(3, 2, 2)).problem is TileProblem.UNAVAILABLE


def test_answers_that_are_not_tiles(server: str, tmp_path: Path) -> None:
    html = UrlSource(server + "/html/{z}/{x}/{y}", tmp_path / "a")
    assert html.fetch(TileId(2, 1, 1)).problem is TileProblem.NOT_IMAGE
    assert not (tmp_path / "a").exists()
    big = UrlSource(server + "/big/{z}/{x}/{y}", tmp_path / "b")
    assert big.fetch(TileId(2, 1, 1)).problem is TileProblem.TOO_LARGE
    moved = UrlSource(server + "/moved/{z}/{x}/{y}", tmp_path / "c")
    result = moved.fetch(TileId(2, 1, 1))
    assert result.problem is TileProblem.UNAVAILABLE and "302" in result.detail


def test_a_dripping_server_is_cut_off_by_the_deadline(server: str, tmp_path: Path) -> None:
    source = UrlSource(server + "/slow/{z}/{x}/{y}", tmp_path / "s", timeout=1.0)
    result = source.fetch(TileId(2, 1, 1))
    # Without the deadline the drip ends after 10 s as 50 bytes that are no picture.
    assert result.problem is TileProblem.UNAVAILABLE
    assert "too slow" in result.detail


def test_wms_request_asks_for_the_tile_in_web_mercator(server: str, tmp_path: Path) -> None:
    source = UrlSource(server + "/wms?SERVICE=WMS&VERSION=1.3.0&LAYERS=base", tmp_path / "w")
    assert source.fetch(TileId(1, 0, 0)).data == TILE
    query = parse_qs(urlsplit(_Handler.requests[0]).query)
    assert query["REQUEST"] == ["GetMap"] and query["CRS"] == ["EPSG:3857"]
    minx, miny, maxx, maxy = (float(v) for v in query["BBOX"][0].split(","))
    assert (minx, miny, maxx, maxy) == pytest.approx((-20037508.343, 0.0, 0.0, 20037508.343))


def test_world_tile_bbox_and_url_template() -> None:
    assert wms_bbox(TileId(0, 0, 0)) == pytest.approx(
        (-20037508.342789244, -20037508.342789244, 20037508.342789244, 20037508.342789244)
    )
    assert tile_url("http://h/{z}/{x}/{y}.png", TileId(5, 17, 11)) == "http://h/5/17/11.png"


@pytest.mark.parametrize(
    "url", ["ftp://h/{z}/{x}/{y}", "file:///tmp/{z}/{x}/{y}", "http://h/tiles.png", "http:///x"]
)
def test_only_http_templates_with_placeholders(url: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        UrlSource(url, tmp_path)

"""The map benchmark's synthetic site and its point-query measurement."""

from __future__ import annotations

from app.bench.map_bench import CENTRE, SPREAD_M, measure_queries, synthetic_site
from app.core.model import CameraKind
from app.maps.geodesy import distance_m
from app.maps.mercator import LatLon


def test_synthetic_site_is_two_hundred_cameras_around_the_centre() -> None:
    site = synthetic_site()
    assert len(site.cameras) == 200
    assert sum(c.kind == CameraKind.PTZ for c in site.cameras) == 20
    for camera in site.cameras:
        assert camera.latitude is not None and camera.longitude is not None
        assert distance_m(CENTRE, LatLon(camera.latitude, camera.longitude)) <= SPREAD_M + 1
    assert synthetic_site() == synthetic_site()  # the same site every run


def test_query_report_counts_what_it_found() -> None:
    report = measure_queries(synthetic_site(), queries=300)
    assert report["query_cameras"] == 200
    assert 0 < report["query_mean_cameras_found"] < 10
    assert report["query_ms_median"] <= report["query_ms_p99"] <= report["query_ms_max"]

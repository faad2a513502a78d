"""The plate fixtures for the anpr tests."""

from tests.plate_fixtures import pipeline, plate_hotlists, transit_store

__all__ = ["pipeline", "plate_hotlists", "transit_store"]

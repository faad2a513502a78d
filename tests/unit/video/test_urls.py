"""URL checks, credential insertion and password masking."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.video.urls import MASK, check_url, has_credentials, mask, with_credentials

# Anything printable, including the characters that must be percent-encoded.
secret_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
)


@pytest.mark.parametrize(
    "url", ["rtsp://", "htp:/x", "", "   ", "ftp://host/x", "rtsp://host:0/x", "rtsp://h:99999/x"]
)
def test_unusable_urls_are_reported(url: str) -> None:
    assert check_url(url) is not None


@pytest.mark.parametrize(
    "url",
    ["rtsp://127.0.0.1:8554/cam/main", "rtsp://u:p@cam.local/s", "http://h/v.mjpg", "file:///x"],
)
def test_usable_urls_pass(url: str) -> None:
    assert check_url(url) is None


def test_credentials_already_in_url_win() -> None:
    url = "rtsp://a:b@h/x"
    assert with_credentials(url, "admin", "occhio") == url


def test_credentials_inserted_when_absent() -> None:
    assert with_credentials("rtsp://h:554/x", "admin", "occhio") == "rtsp://admin:occhio@h:554/x"
    assert with_credentials("rtsp://h/x", "", "ignored") == "rtsp://h/x"


@given(user=secret_text, password=secret_text)
def test_inserted_credentials_round_trip(user: str, password: str) -> None:
    url = with_credentials("rtsp://127.0.0.1:8554/cam/main", user, password)
    parts = urlsplit(url)
    assert unquote(parts.username or "") == user
    assert unquote(parts.password or "") == password
    assert parts.hostname == "127.0.0.1"
    assert parts.port == 8554
    assert parts.path == "/cam/main"
    assert has_credentials(url)
    assert check_url(url) is None


@given(user=secret_text, password=secret_text)
def test_masked_url_hides_the_password(user: str, password: str) -> None:
    url = with_credentials("rtsp://127.0.0.1:8554/cam", user, password)
    shown = mask(f"Server returned 401 Unauthorized: '{url}'", password)
    assert f":{MASK}@127.0.0.1:8554/cam" in shown
    encoded = urlsplit(url).password or ""
    assert encoded not in shown.split("://", 1)[1].split("@")[0].split(":", 1)[-1]


@given(text=st.text(max_size=200), password=secret_text)
@example(text="", password="00A://")  # a password that looks like part of a URL
def test_mask_never_fails_and_hides_long_secrets(text: str, password: str) -> None:
    shown = mask(text + password + text, password)
    if len(password) >= 6 and MASK not in password:
        assert password not in shown


def test_mask_keeps_short_secrets_out_of_words() -> None:
    assert mask("rtsp://u:p@h/test", "p") == f"rtsp://u:{MASK}@h/test"

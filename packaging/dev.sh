#!/usr/bin/env bash
# Sets up Occhio's environment on a Debian/Ubuntu machine and runs it.
#   packaging/dev.sh demo [ARGS]   the demo wall with simulated cameras
#   packaging/dev.sh test [ARGS]   ruff, mypy, import-linter and the whole pytest suite
#   packaging/dev.sh run ARGS      any other occhio command (occhio ARGS)
# The virtual environment lives in .venv beside this checkout; it is made on
# first use and refreshed when pyproject.toml changes.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
venv="$here/.venv"
python=${PYTHON:-python3}

# Debian packages: Qt's runtime libraries (xcb for real desktops), venv support,
# and, for the tests, the third-party RTSP server (GStreamer), FFmpeg (the
# third-party ONVIF camera encodes with it; ffprobe checks evidence exports),
# GStreamer's ONVIF replay elements and H.264 decoder (plugins-bad), openssl and
# util-linux (unshare, for a small full disk) for the evidence tests, iproute2, and
# libVLC with its base plug-ins (HTTP, MJPEG, MP4, FFmpeg decoders) and video outputs (vmem: pictures
# handed to the program; X11/GL: drawing into a tile's window). libVLC is
# optional at run time: cameras with engine = "vlc" need it.
# Xvfb and xdotool: an end-to-end test drives the wall with real key presses on
# a real X server.
runtime_debs=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0)
test_debs=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad ffmpeg
  openssl util-linux iproute2 libvlc5 vlc-plugin-base vlc-plugin-video-output xvfb xdotool)
# A third-party ONVIF camera for the tests (IPyCam, pure Python). Installed
# without its dependencies: it asks for the plain OpenCV wheel, whose own Qt
# breaks PySide6; the headless OpenCV already in the environment serves it.
test_wheels=(ipycam==1.3.0)

install_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "occhio: missing Debian packages (run as root or install them): ${missing[*]}" >&2
    return 0
  fi
  echo "occhio: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_test_wheels() {
  local stamp="$venv/.occhio-test-wheels"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${test_wheels[*]}" ]; then
    "$venv/bin/python" -m pip install -q --no-deps "${test_wheels[@]}"
    echo "${test_wheels[*]}" > "$stamp"
  fi
}

ensure_venv() {
  local stamp="$venv/.occhio-installed"
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$venv/bin/python" -m pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

cmd=${1:-demo}
[ $# -gt 0 ] && shift
case "$cmd" in
  test)
    install_debs "${runtime_debs[@]}" "${test_debs[@]}"
    ensure_venv
    ensure_test_wheels
    export QT_QPA_PLATFORM=offscreen
    bin="$venv/bin"
    echo "== ruff"; "$bin/ruff" check app tests; "$bin/ruff" format --check app tests
    echo "== mypy"; "$bin/mypy"
    echo "== import-linter"; "$bin/lint-imports"
    echo "== pytest"; "$bin/python" -m pytest "$@"
    ;;
  demo)
    install_debs "${runtime_debs[@]}"
    ensure_venv
    exec "$venv/bin/occhio" demo "$@"
    ;;
  run)
    install_debs "${runtime_debs[@]}"
    ensure_venv
    exec "$venv/bin/occhio" "$@"
    ;;
  *)
    echo "usage: packaging/dev.sh demo|test|run [ARGS]" >&2
    exit 2
    ;;
esac

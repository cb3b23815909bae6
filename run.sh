#!/usr/bin/env bash
# Installs what Twinscope needs on Debian 12 (mosquitto too: the window's
# built-in MQTT broker), builds it and starts it: the window where there is
# a display, headless otherwise.
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=tests/install-packages.sh
. tests/install-packages.sh
install_missing "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}"
build_twinscope

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # Run from the build directory: its compiled settings schema and
  # catalogues (po/<lang>/LC_MESSAGES/twinscope.mo).
  export GSETTINGS_SCHEMA_DIR="$PWD/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
  export TWINSCOPE_LOCALEDIR="$PWD/build/po"
  exec ./build/src/twinscope "$@"
fi
echo "twinscope: no display found, running headless (Ctrl+C stops)" >&2
exec ./build/src/twinscope --headless "$@"

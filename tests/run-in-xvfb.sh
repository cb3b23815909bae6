#!/usr/bin/env bash
# Runs a test in an X server of its own, so that windows of tests running
# in parallel never overlap or take each other's focus (which would redraw
# them). Xvfb picks a free display itself (-displayfd): no race between
# tests starting together.
set -euo pipefail

dir=$(mktemp -d)
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$dir/display" 2>/dev/null &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; rm -rf "$dir"' EXIT

read -r display < "$dir/display"
DISPLAY=":$display" "$@"

#!/usr/bin/env bash
# Installs what the tests need on Debian 12, builds, and runs the whole
# suite under a virtual X server. Ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=tests/install-packages.sh
. tests/install-packages.sh
install_missing "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
install_npm_tools
build_twinscope

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
xvfb-run -a -s "-screen 0 1920x1080x24" \
  meson test -C build --print-errorlogs --num-processes 2 2>&1 | tee "$log" || status=$?

count() { sed -n "s/^$1: *\([0-9]*\).*/\1/p" "$log" | tail -n 1; }
ok=$(count 'Ok'); xfail=$(count 'Expected Fail')
fail=$(count 'Fail'); xpass=$(count 'Unexpected Pass'); timeout=$(count 'Timeout')
passed=$(( ${ok:-0} + ${xfail:-0} ))
failed=$(( ${fail:-0} + ${xpass:-0} + ${timeout:-0} ))
[ -n "$ok" ] || failed=$(( failed + 1 ))

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]

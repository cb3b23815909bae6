#!/usr/bin/env bash
# Installs what the tests need on Debian 12, builds, and runs the whole
# suite under a virtual X server; then the same suite in an ASan+UBSan
# build, the MQTT and forecast tests under ThreadSanitizer, and the fuzzers.
# TWIN_TEST_QUICK=1 stops after the first run (never in CI, CI=true).
# Ends with one line: "N passed, N failed", summed over every run.
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=tests/install-packages.sh
. tests/install-packages.sh
install_missing "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
generate_test_locale
install_npm_tools

quick=${TWIN_TEST_QUICK:-0}
[ "${CI:-false}" = true ] && quick=0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
times=()

# Adds a run's meson summary to the totals; a run that printed none
# (a build or setup failure) counts as one failure.
tally() {
  local log=$1 ok xfail fail xpass timeout
  count() { sed -n "s/^$1: *\([0-9]*\).*/\1/p" "$log" | tail -n 1; }
  ok=$(count 'Ok'); xfail=$(count 'Expected Fail')
  fail=$(count 'Fail'); xpass=$(count 'Unexpected Pass'); timeout=$(count 'Timeout')
  passed=$(( passed + ${ok:-0} + ${xfail:-0} ))
  failed=$(( failed + ${fail:-0} + ${xpass:-0} + ${timeout:-0} ))
  [ -n "$ok" ] || failed=$(( failed + 1 ))
}

# Sanitizer reports of processes the tests start and whose output they
# keep (twinscope --headless) land in files: any such file is a failure.
reports() {
  local dir=$1 f found=0
  for f in "$dir"/*; do
    [ -s "$f" ] || continue
    found=1
    echo "--- sanitizer report $f" && cat "$f"
  done
  [ "$found" -eq 0 ] || failed=$(( failed + 1 ))
}

# stage NAME BUILDDIR "SETUP OPTIONS" MESON-TEST-ARGS...: configures the
# build directory once (ninja reconfigures it when a meson.build changes),
# builds, and runs the tests under a virtual X server.
stage() {
  local name=$1 dir=$2 options=$3 log="$work/$1.log" start=$SECONDS
  shift 3
  echo "=== $name" >&2
  {
    if [ ! -f "$dir/build.ninja" ]; then
      # shellcheck disable=SC2086
      meson setup "$dir" --buildtype=debugoptimized $options >/dev/null
    fi
    ninja -C "$dir" >/dev/null
    xvfb-run -a -s "-screen 0 1920x1080x24" \
      meson test -C "$dir" --print-errorlogs --num-processes 2 "$@"
  } 2>&1 | tee "$log" || true
  tally "$log"
  times+=("$name $(( SECONDS - start ))s")
}

stage normal build "-Dwerror=true"

if [ "$quick" != 1 ]; then
  mkdir -p "$work/asan" "$work/tsan"

  # fontconfig's caches are the only leaks suppressed (tests/lsan.supp).
  # Outside the window tests GSlice is bypassed, so that every block is
  # malloc's and a leaked GObject is seen too. The window tests keep GSlice:
  # GTK 4.8's file chooser leaks slice-allocated objects of its own (a
  # GFileInfo per folder of its path bar), in frames Debian ships without
  # symbols, which no narrow suppression could name.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:strict_string_checks=1:check_initialization_order=1:log_path=$work/asan/asan:log_exe_name=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$work/asan/ubsan:log_exe_name=1"
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  asan_options="-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false"
  G_SLICE=always-malloc \
    stage asan build-asan "$asan_options" --no-suite soak --no-suite fuzz --no-suite gui --timeout-multiplier 3
  stage asan-gui build-asan "$asan_options" --suite gui --timeout-multiplier 3
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  reports "$work/asan"

  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp:log_path=$work/tsan/tsan:log_exe_name=1" \
  G_SLICE=always-malloc \
    stage tsan build-tsan "-Dwerror=true -Db_sanitize=thread -Db_lundef=false -Dgui=false" \
      --timeout-multiplier 3 mqtt-state mqtt-commands mqtt-inbox mqtt-queue mqtt-outage mqtt-headless \
      forecast ensemble advise outlook parallel mqtt-whatif
  reports "$work/tsan"

  if grep -q "option('fuzz'" meson_options.txt; then
    CC=clang stage fuzz build-fuzz "-Dfuzz=true -Dgui=false -Db_sanitize=address,undefined -Db_lundef=false" \
      --suite fuzz
  fi
fi

printf '%s\n' "${times[@]}" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

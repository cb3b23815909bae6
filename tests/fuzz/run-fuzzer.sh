#!/bin/sh
# run-fuzzer.sh FUZZER SEED_DIR WORK_DIR [libFuzzer options]
#
# Runs a libFuzzer target for about 20 s over its seeds, adding what it
# finds to WORK_DIR (the seeds stay read-only), with crash inputs next to
# it. libFuzzer exits non-zero on a crash, a timeout, a leak or a sanitizer
# report (not with its default 77, which meson takes for a skip); the final
# stats show the executions.
set -eu
fuzzer=$1 seeds=$2 work=$3
shift 3
mkdir -p "$work" "$work.artifacts"
exec "$fuzzer" -max_total_time="${TWIN_FUZZ_SECONDS:-20}" -timeout=10 -print_final_stats=1 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$work.artifacts/" "$@" "$work" "$seeds"

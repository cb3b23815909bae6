#!/usr/bin/env bash
# REST throughput and latency with wrk at 32 connections: a bare libsoup-3
# server returning a fixed 350-byte body, then twinscope's GET /state and
# POST /update, measured in the same run on loopback.
#
#   tests/bench/bench-rest.sh [BUILD_DIR] [SECONDS]
#
# Targets: GET /state at least 75 % of the bare server's requests/s, p99 at
# most 5 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-build}
duration=${2:-10}
threads=${WRK_THREADS:-1}
connections=32

command -v wrk >/dev/null || { echo "bench-rest: wrk is missing (apt-get install wrk)" >&2; exit 1; }
ninja -C "$build" src/twinscope tests/bench/bench-soup-bare >/dev/null

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_for_line() { # file pattern
  for _ in $(seq 100); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench-rest: no \"$2\" in $1" >&2; exit 1
}

"$build/tests/bench/bench-soup-bare" >"$tmp/bare.out" &
pids+=($!)
wait_for_line "$tmp/bare.out" http
bare_url=$(head -n 1 "$tmp/bare.out")

"$build/src/twinscope" --headless --quiet --rest-port 0 2>"$tmp/twin.err" &
pids+=($!)
wait_for_line "$tmp/twin.err" "REST API at"
twin_url=$(sed -n 's/.*REST API at //p' "$tmp/twin.err")

cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
LUA

# prints "requests/s p99_ms"
run() { # url [lua]
  local out
  if [ -n "${2:-}" ]; then
    out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$2" "$1")
  else
    out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$1")
  fi
  if echo "$out" | grep -q "Non-2xx"; then
    echo "bench-rest: non-2xx answers from $1" >&2; echo "$out" >&2; exit 1
  fi
  local rps p99
  rps=$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" {
      v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
      if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
      print v }')
  echo "$rps $p99"
}

# Warm up both servers.
wrk -t1 -c4 -d1s "$bare_url" >/dev/null
wrk -t1 -c4 -d1s "${twin_url}state" >/dev/null

read -r bare_rps bare_p99 < <(run "$bare_url")
read -r state_rps state_p99 < <(run "${twin_url}state")
read -r update_rps update_p99 < <(run "${twin_url}update?ambient=30" "$tmp/post.lua")

ratio=$(awk -v a="$state_rps" -v b="$bare_rps" 'BEGIN { printf "%.0f", 100 * a / b }')
printf '%-28s %12s %10s\n' "wrk -t$threads -c$connections -d${duration}s" "requests/s" "p99 ms"
printf '%-28s %12.0f %10.2f\n' "bare libsoup-3 (350 B)" "$bare_rps" "$bare_p99"
printf '%-28s %12.0f %10.2f\n' "GET /state" "$state_rps" "$state_p99"
printf '%-28s %12.0f %10.2f\n' "POST /update?ambient=30" "$update_rps" "$update_p99"
echo "GET /state: ${ratio} % of the bare server (target >= 75 %), p99 ${state_p99} ms (target <= 5 ms)"

awk -v r="$ratio" -v p="$state_p99" 'BEGIN { exit !(r >= 75 && p <= 5) }' \
  && echo "bench-rest: targets met" \
  || { echo "bench-rest: targets missed"; exit 1; }

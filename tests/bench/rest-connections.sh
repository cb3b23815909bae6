#!/usr/bin/env bash
# Connection churn against a headless twin: N cycles of connect, GET
# /healthz, read the reply, close (the client closes, as curl does), then
# the twin's RSS before and after. Target: 20 000 cycles grow RSS by less
# than 1 MB.
#
#   tests/bench/rest-connections.sh [BUILD_DIR] [CYCLES]
set -euo pipefail

build=${1:-build}
cycles=${2:-20000}
twinscope="$build/src/twinscope"
[ -x "$twinscope" ] || { echo "rest-connections: no $twinscope (build first)" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$twinscope" --headless --quiet --rest-port 0 2>"$tmp/twin.err" &
pid=$!
for _ in $(seq 100); do
  grep -q "REST API at" "$tmp/twin.err" 2>/dev/null && break
  sleep 0.05
done
port=$(sed -n 's/.*REST API at http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/twin.err")
[ -n "$port" ] || { echo "rest-connections: the twin did not report its REST port" >&2; exit 1; }

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

churn() { # cycles
  python3 - "$port" "$1" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port
bad = 0
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(request)
    reply = b""
    while b"\r\n\r\n" not in reply:
        chunk = s.recv(4096)
        if not chunk:
            break
        reply += chunk
    if not reply.startswith(b"HTTP/1.1 200"):
        bad += 1
    s.close()
print(bad)
PY
}

# A warm-up round first: allocator arenas and caches settle.
churn 1000 >/dev/null
sleep 1
before=$(rss)
bad=$(churn "$cycles")
sleep 1
after=$(rss)
open_fds=$(ls "/proc/$pid/fd" | wc -l)
echo "rest-connections: $cycles connect/request/close cycles, $bad not answered 200"
echo "rest-connections: RSS before ${before} kB, after ${after} kB, growth $((after - before)) kB; open descriptors $open_fds"
[ "$bad" -eq 0 ]

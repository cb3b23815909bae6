#!/usr/bin/env bash
# State messages per second to a local mosquitto, each one counted by a
# subscriber, for three publishers in the same run:
#   twinscope   the MQTT mirror: snapshot + cJSON encode + publish
#   mosquitto_pub -l, the same payloads, QoS 1 at its default -M 20
#   paho        a bare MQTTAsync publisher of the same payloads, with
#               paho's defaults and with its buffer raised to 1000
# Each is run ROUNDS times, interleaved (the machine is shared and noisy);
# the last lines give the median of each.
# Usage: mqtt-bench.sh BENCH_DIR [N [ROUNDS]]
set -euo pipefail

bench_dir=$1
n=${2:-20000}
rounds=${3:-3}
pub="$bench_dir/bench-mqtt-publish"
paho="$bench_dir/bench-paho-pub"

dir=$(mktemp -d)
broker_pid=
cleanup() {
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

port=$("$pub" --free-port)
{
  [ "$(id -u)" -eq 0 ] && echo "user root"
  echo "listener $port 127.0.0.1"
  echo "allow_anonymous true"
  echo "max_queued_messages 1000000"
  echo "log_dest none"
} >"$dir/mosquitto.conf"
mosquitto -c "$dir/mosquitto.conf" 2>/dev/null &
broker_pid=$!
for _ in $(seq 100); do
  mosquitto_sub -h 127.0.0.1 -p "$port" -t probe -W 1 -C 1 -E 2>/dev/null && break
  sleep 0.05
done

"$pub" --dump "$n" "$dir/payloads"

# run NAME QOS TOPIC COUNT COMMAND...: starts a subscriber that stamps
# every message it counts, then the publisher; the rate is taken between
# the first and the last message received, so that process start and
# connection set-up count for nobody.
run() {
  local name=$1 qos=$2 topic=$3 count=$4
  shift 4
  mosquitto_sub -h 127.0.0.1 -p "$port" -q "$qos" -t "$topic" -C "$count" -F '%U' >"$dir/received" &
  local sub=$!
  sleep 0.3
  "$@"
  wait "$sub"
  awk -v name="$name" -v qos="$qos" '
    NR == 1 { first = $1 } { last = $1; n++ }
    END { printf "%-24s qos %d: %6d received in %7.3f s: %8.0f msg/s\n", name, qos, n, last - first, (n - 1) / (last - first) }' \
    "$dir/received" | tee -a "$dir/results"
}

paho_qos1_n=$(( n < 200 ? n : 200 ))
head -n "$paho_qos1_n" "$dir/payloads" >"$dir/payloads-paho-qos1"

echo "N = $n state messages of about $(head -n 1 "$dir/payloads" | wc -c) bytes, broker 127.0.0.1:$port, $rounds rounds"
for round in $(seq "$rounds"); do
for qos in 0 1; do
  run "twinscope mirror" "$qos" "tw$qos/state" "$n" "$pub" "mqtt://127.0.0.1:$port" "tw$qos" "$qos" "$n" 2>/dev/null
  run "mosquitto_pub -l -M 20" "$qos" "mp$qos/state" "$n" \
    mosquitto_pub -h 127.0.0.1 -p "$port" -q "$qos" -r -M 20 -t "mp$qos/state" -l <"$dir/payloads"
  if [ "$qos" -eq 0 ]; then
    run "paho, defaults" 0 "pd0/state" "$n" "$paho" defaults "tcp://127.0.0.1:$port" "pd0/state" 0 <"$dir/payloads"
    run "paho, buffer 1000" 0 "pa0/state" "$n" "$paho" buffered "tcp://127.0.0.1:$port" "pa0/state" 0 <"$dir/payloads"
  else
    # paho's own queue stalls at QoS 1 once more than maxInflight wait:
    # a shorter run says enough.
    run "paho, defaults" 1 "pd1/state" "$paho_qos1_n" "$paho" defaults "tcp://127.0.0.1:$port" "pd1/state" 1 <"$dir/payloads-paho-qos1"
    run "paho, buffer 1000" 1 "pa1/state" "$paho_qos1_n" "$paho" buffered "tcp://127.0.0.1:$port" "pa1/state" 1 <"$dir/payloads-paho-qos1"
  fi
done
done

echo "median of $rounds rounds:"
sed 's/: *[0-9]* received in.*: */|/; s/ msg\/s$//' "$dir/results" >"$dir/rates"
cut -d'|' -f1 "$dir/rates" | sort -u | while read -r key; do
  grep -F "$key|" "$dir/rates" | cut -d'|' -f2 | sort -n >"$dir/values"
  count=$(wc -l <"$dir/values")
  printf '  %s: %8.0f msg/s\n' "$key" "$(sed -n "$(( (count + 1) / 2 ))p" "$dir/values")"
done

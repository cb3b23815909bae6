#!/usr/bin/env python3
# soak.py
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The soak: Twinscope headless at 10 000x with the MQTT mirror and the REST
# port on, for a few minutes, while its broker is stopped and started again
# and REST clients send good and bad requests. Fails, naming what broke,
# unless after warm-up the twin's RSS grows less than 2 MB, every msg_seq
# is delivered or counted as dropped, no alarm is lost, every request is
# answered and counted, and the twin answers at the end and exits 0 on
# SIGTERM.
#
# TWIN_SOAK_SECONDS sets the length of the run (default 180 s of wall time).

import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

# Nothing written into the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from soak_broker import Broker, die_with_parent  # noqa: E402
from soak_http import Client, Record, Rest, metric_value  # noqa: E402
from soak_mqtt import Subscriber  # noqa: E402

PREFIX = "twin"
STATE_TOPIC = PREFIX + "/state"
ALARM_TOPIC = PREFIX + "/alarms"

RSS_LIMIT_KB = 2048
RSS_INTERVAL = 0.5
MQTT_RATE = 5           # states per wall second
MQTT_QUEUE = 10         # small, so that the long outage overflows it
REST_RATE = 10          # requests per second and client
# Enough new connections after warm-up that a leak of 0.5 kB per
# connection shows as more than the RSS limit.
FRESH_CLIENTS = 4
KEEP_ALIVE_CLIENTS = 2
ALARM_PHASE = 2.0       # wall seconds per input step of the alarm driver
MODEL_STEP = 0.01       # s simulated: events and states this close are not compared
LONG_OUTAGE = 8.0
IDLE_TIMEOUT = 10.0     # s: the REST port closes connections idle this long

# (fraction of the run after warm-up, seconds the broker stays away)
OUTAGES = [(0.15, 1.0), (0.35, LONG_OUTAGE), (0.55, 0.5), (0.75, 3.0)]

# Inputs that raise and clear every alarm in turn: the temperature warning,
# vibration zone C, then zone D until it trips, then a reset of the trip.
ALARM_STEPS = [
    {"ambient": 70, "rpm_setpoint": 1000},
    {"ambient": 22, "rpm_setpoint": 1000},
    {"ambient": -40, "rpm_setpoint": 2200},
    {"ambient": 22, "rpm_setpoint": 1000},
    {"ambient": -40, "rpm_setpoint": 2400},
    {"ambient": 22, "rpm_setpoint": 1000, "reset_trip": True},
]


def log(text):
    print(f"soak: {text}", flush=True)


def wait_for(condition, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


class Twin:
    """The twinscope process; its stderr is read all along, the last lines kept."""

    def __init__(self, binary, broker_url, data_dir):
        self.args = [binary, "--headless", "--time-scale", "10000", "--quiet",
                     "--mqtt", broker_url, "--mqtt-client-id", f"twinscope-soak-{os.getpid()}",
                     "--mqtt-rate", str(MQTT_RATE), "--mqtt-queue", str(MQTT_QUEUE),
                     "--rest-port", "0"]
        self.stderr = collections.deque(maxlen=40)
        self.url_found = threading.Event()
        self.port = None
        # The MQTT queue file goes to a data directory of the soak's own.
        env = dict(os.environ, XDG_DATA_HOME=data_dir)
        self.process = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, env=env,
                                        preexec_fn=die_with_parent)
        self.reader = threading.Thread(target=self.read_stderr, name="twin-stderr", daemon=True)
        self.reader.start()

    def read_stderr(self):
        for line in self.process.stderr:
            self.stderr.append(line.rstrip("\n"))
            match = re.search(r"REST API at http://127\.0\.0\.1:(\d+)/", line)
            if match and self.port is None:
                self.port = int(match.group(1))
                self.url_found.set()

    def rss_kb(self):
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def alive(self):
        return self.process.poll() is None

    def terminate(self, timeout=30):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def tail(self):
        return "\n".join("  | " + line for line in self.stderr)


class Sampler(threading.Thread):
    def __init__(self, twin, origin, stopping):
        super().__init__(name="rss", daemon=True)
        self.twin = twin
        self.origin = origin
        self.stopping = stopping
        self.samples = []   # (seconds since origin, kB)

    def run(self):
        while not self.stopping.is_set():
            rss = self.twin.rss_kb()
            if rss is not None:
                self.samples.append((time.monotonic() - self.origin, rss))
            self.stopping.wait(RSS_INTERVAL)


class AlarmDriver(threading.Thread):
    def __init__(self, rest, stopping):
        super().__init__(name="alarm-driver", daemon=True)
        self.rest = rest
        self.stopping = stopping
        self.steps = 0

    def run(self):
        while not self.stopping.is_set():
            body = json.dumps(ALARM_STEPS[self.steps % len(ALARM_STEPS)])
            self.rest.request("PATCH", "/controls", body, "application/json", 200)
            self.steps += 1
            self.stopping.wait(ALARM_PHASE)


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else None


def check_states(messages, dropped, failures):
    """Every msg_seq from the first to the last is there or counted as dropped."""
    states = {}
    duplicates = 0
    for m in messages:
        if m.topic != STATE_TOPIC:
            continue
        state = json.loads(m.payload)
        seq = state["msg_seq"]
        if seq in states:
            duplicates += 1
            if states[seq] != state:
                failures.append(f"msg_seq {seq} arrived twice with different states")
            continue
        states[seq] = state
    if not states:
        failures.append("no state arrived on " + STATE_TOPIC)
        return states, 0, duplicates
    first, last = min(states), max(states)
    missing = [s for s in range(first, last + 1) if s not in states]
    if first != 1:
        failures.append(f"the first state received has msg_seq {first}: states 1 … {first - 1} are missing "
                        "(the subscriber was there before the twin started)")
    if dropped is not None and len(missing) != dropped:
        runs = []
        for s in missing:
            if runs and runs[-1][1] == s - 1:
                runs[-1][1] = s
            else:
                runs.append([s, s])
        shown = ", ".join(f"{a}" if a == b else f"{a}…{b}" for a, b in runs[:10])
        failures.append(f"msg_seq {first} … {last}: {len(missing)} missing ({shown}) but the twin counts "
                        f"{dropped} dropped (twinscope_mqtt_dropped_total); each missing state must be "
                        "counted as dropped, and only those")
    return states, len(missing), duplicates


def check_alarms(messages, states, failures):
    """Raise and clear alternate per alarm, and the states' alarm lists agree
    with the events before them in simulated time."""
    seen = set()
    events = []
    duplicates = 0
    for m in messages:
        if m.topic != ALARM_TOPIC:
            continue
        if m.payload in seen:
            duplicates += 1
            continue
        seen.add(m.payload)
        events.append(json.loads(m.payload))
    events.sort(key=lambda e: e["timestamp"])

    per_alarm = collections.defaultdict(list)
    for e in events:
        per_alarm[e["alarm"]].append(e)
    for alarm, history in sorted(per_alarm.items()):
        for i, e in enumerate(history):
            if e["raised"] != (i % 2 == 0):
                before = history[i - 1]["timestamp"] if i > 0 else None
                failures.append(f"alarm {alarm}: event {i + 1} at t={e['timestamp']} is "
                                f"{'a raise' if e['raised'] else 'a clear'} after "
                                f"{'the one at t=' + str(before) if before is not None else 'none'}: "
                                "a raise or a clear was lost")
                break

    compared = 0
    mismatches = 0
    for seq in sorted(states):
        state = states[seq]
        t = state["timestamp"]
        expected = set()
        ambiguous = set()
        for alarm, history in per_alarm.items():
            active = False
            for e in history:
                if abs(e["timestamp"] - t) <= MODEL_STEP * 1.01:
                    ambiguous.add(alarm)
                if e["timestamp"] <= t:
                    active = e["raised"]
            if active:
                expected.add(alarm)
        got = set(state["alarms"])
        if (got ^ expected) - ambiguous:
            mismatches += 1
            if mismatches <= 5:
                failures.append(f"state msg_seq {seq} at t={t} lists alarms {sorted(got)} but the events "
                                f"on {ALARM_TOPIC} before it say {sorted(expected)}: an alarm event was lost")
        compared += 1
    if mismatches > 5:
        failures.append(f"… {mismatches} states in all disagree with the alarm events")

    raised = sum(1 for e in events if e["raised"])
    cleared = len(events) - raised
    if raised < 3 or cleared < 3:
        failures.append(f"only {raised} alarms raised and {cleared} cleared: the soak drove too few "
                        "to prove none is lost")
    return events, raised, cleared, duplicates, compared


def reconnects_of(rest):
    metrics = rest.metrics()
    return metrics and metric_value(metrics, "twinscope_mqtt_reconnects_total")


def requests_by_code(metrics):
    counts = collections.Counter()
    for labels, value in metrics.get("twinscope_http_requests_total", []):
        counts[int(labels["code"])] += int(value)
    return counts


def main():
    binary = os.environ.get("TWINSCOPE_BIN")
    if not binary:
        print("soak: TWINSCOPE_BIN is not set: the path of the twinscope binary", file=sys.stderr)
        return 2
    duration = float(os.environ.get("TWIN_SOAK_SECONDS", "180"))
    if not 60 <= duration <= 86400:
        print(f"soak: TWIN_SOAK_SECONDS: {duration:g} is out of range; allowed: 60 to 86400", file=sys.stderr)
        return 2
    # The history fills its capacity within the first ~10 s at 10 000x.
    warmup = min(30.0, duration / 4)

    failures = []
    broker = Broker()
    data_dir = tempfile.mkdtemp(prefix="twin-soak-data-")
    subscriber = None
    twin = None
    stopping = threading.Event()
    threads = []
    try:
        broker.start()
        subscriber = Subscriber(broker.port, f"twinscope-soak-subscriber-{os.getpid()}",
                                [STATE_TOPIC, ALARM_TOPIC])
        subscriber.start()

        twin = Twin(binary, broker.url, data_dir)
        if not twin.url_found.wait(30):
            raise RuntimeError("twinscope printed no REST URL within 30 s")
        origin = time.monotonic()
        log(f"twinscope {twin.process.pid}, REST port {twin.port}, broker port {broker.port}, "
            f"{duration:g} s with {warmup:g} s of warm-up")
        if not wait_for(lambda: subscriber.count(STATE_TOPIC) > 0, 30):
            raise RuntimeError(f"no state on {STATE_TOPIC} within 30 s")

        record = Record()
        rest = Rest(twin.port, record)
        sampler = Sampler(twin, origin, stopping)
        driver = AlarmDriver(rest, stopping)
        clients = [Client(rest, i, keep_alive=i >= FRESH_CLIENTS, rate=REST_RATE, stopping=stopping)
                   for i in range(FRESH_CLIENTS + KEEP_ALIVE_CLIENTS)]
        threads = [sampler, driver] + clients
        for t in threads:
            t.start()

        wait_for(lambda: time.monotonic() - origin >= warmup or not twin.alive(), warmup + 1)
        for when, down in OUTAGES:
            at = warmup + (duration - warmup) * when
            wait_for(lambda: time.monotonic() - origin >= at or not twin.alive(), duration)
            if not twin.alive():
                break
            log(f"t={time.monotonic() - origin:.0f} s: broker stopped for {down:g} s")
            before = reconnects_of(rest)
            broker.stop()
            time.sleep(down)
            broker.start()
            restarted = time.monotonic()

            # The next outage only once the twin is back; states the broker
            # kept for the subscriber do not tell, so ask the twin.
            def back():
                if before is not None:
                    now = reconnects_of(rest)
                    return now is not None and now > before
                return any(m.topic == STATE_TOPIC and m.arrival > restarted for m in subscriber.take()[-50:])

            if not wait_for(back, 60, 0.5):
                failures.append(f"the twin was not connected again within 60 s of the broker's restart at "
                                f"t={restarted - origin:.0f} s")
        wait_for(lambda: time.monotonic() - origin >= duration or not twin.alive(), duration)

        stopping.set()
        for t in threads:
            t.join(60)
        if not twin.alive():
            raise RuntimeError(f"twinscope died during the soak (status {twin.process.returncode})")

        # Let what the twin queued during the last outage arrive.
        settled = time.monotonic()
        if not wait_for(lambda: sum(1 for m in subscriber.take()[-50:]
                                    if m.topic == STATE_TOPIC and m.arrival > settled) >= 3, 60, 0.2):
            failures.append("the twin published no state in the 60 s after the load stopped")

        # /metrics counts a request once it is answered, so the reply may lag
        # the record by the previous /metrics request: wait for agreement.
        expected_counts = None
        metrics = None
        for _ in range(20):
            with record.lock:
                expected_counts = collections.Counter(record.by_status)
            metrics = rest.metrics()
            if metrics is not None and requests_by_code(metrics) == expected_counts:
                break
            time.sleep(0.5)
        if metrics is None:
            failures.append("GET /metrics got no answer at the end: the requests and dropped states "
                            "it counts cannot be compared")
            metrics = {}
        counted = requests_by_code(metrics)
        if metrics and counted != expected_counts:
            codes = sorted(set(counted) | set(expected_counts))
            failures.append("requests by status, answered here vs counted in /metrics: " +
                            ", ".join(f"{c}: {expected_counts[c]} vs {counted[c]}" for c in codes))

        messages = subscriber.take()
        dropped = metric_value(metrics, "twinscope_mqtt_dropped_total")
        dropped = int(dropped) if dropped is not None else None
        published = int(metric_value(metrics, "twinscope_mqtt_published_total") or 0)
        reconnects = int(metric_value(metrics, "twinscope_mqtt_reconnects_total") or 0)
        connections = metric_value(metrics, "twinscope_http_connections")
        states, missing, state_dups = check_states(messages, dropped, failures)
        events, raised, cleared, alarm_dups, compared = check_alarms(messages, states, failures)
        if subscriber.sessions_lost:
            failures.append(f"the broker forgot the subscriber's persistent session {subscriber.sessions_lost} "
                            "times (broker set-up, not the twin)")
        if metrics and reconnects < len(OUTAGES):
            failures.append(f"the twin reconnected {reconnects} times for {len(OUTAGES)} broker restarts")

        if record.errors:
            failures.append(f"{sum(record.errors.values())} of {record.sent} requests got no response "
                            f"({dict(record.errors)}; the first at request {record.first_error_at}):\n    "
                            + "\n    ".join(record.error_samples))
        if record.unexpected:
            failures.append(f"{sum(record.unexpected.values())} requests got an unexpected status:\n    "
                            + "\n    ".join(record.unexpected_samples))

        # Every connection the clients closed is closed in the twin too (the
        # idle sweep closes any it missed within IDLE_TIMEOUT): only the one
        # asking stays open.
        open_now = [connections]

        def connections_closed():
            m = rest.metrics()
            open_now[0] = m and metric_value(m, "twinscope_http_connections")
            return open_now[0] is not None and open_now[0] <= 1

        if metrics and not wait_for(connections_closed, IDLE_TIMEOUT + 5, 0.5):
            failures.append(f"twinscope_http_connections is {open_now[0] and int(open_now[0])} "
                            f"{IDLE_TIMEOUT + 5:g} s after every client closed its connections; expected 1")

        # Still alive and answering, and its clock still runs.
        health_status, _ = rest.request("GET", "/healthz", expected=200)
        first = rest.get_json("/state")
        later = [None]

        def clock_moved():
            later[0] = rest.get_json("/state")
            return first is not None and later[0] is not None and later[0]["timestamp"] > first["timestamp"]

        if health_status != 200 or not wait_for(clock_moved, 10, 0.5):
            failures.append(f"at the end /healthz answered {health_status} and the simulated time "
                            f"went from {first and first['timestamp']} to {later[0] and later[0]['timestamp']}")

        stopping_samples = [kb for _, kb in sampler.samples[-3:]]
        start_window = [kb for t, kb in sampler.samples if warmup - 3 <= t <= warmup]
        after = [kb for t, kb in sampler.samples if t > warmup]
        rss_end = median(stopping_samples + [twin.rss_kb()])
        rss_start = median(start_window) if start_window else None
        rss_peak = max(after) if after else None
        if rss_start is None or rss_peak is None:
            failures.append("too few RSS samples")
        else:
            if rss_peak - rss_start >= RSS_LIMIT_KB:
                failures.append(f"RSS grew by {rss_peak - rss_start} kB after warm-up (start {rss_start} kB, "
                                f"peak {rss_peak} kB, end {rss_end} kB); allowed: less than {RSS_LIMIT_KB} kB")

        status = twin.terminate()
        if status != 0:
            failures.append(f"twinscope exited with status {status} on SIGTERM; expected 0")

        rss_text = (f"{rss_start} / {rss_peak} / {rss_end} kB" if rss_start is not None else "n/a")
        growth = "" if rss_start is None else f" (peak {rss_peak - rss_start:+} kB, end {rss_end - rss_start:+} kB)"
        log("summary")
        print(f"  RSS start/peak/end after {warmup:g} s warm-up: {rss_text}{growth}, "
              f"{len(sampler.samples)} samples")
        print(f"  MQTT: published {published} (acknowledged by the broker), states delivered {len(states)} "
              f"(msg_seq {min(states, default=0)} … {max(states, default=0)}), missing {missing}, "
              f"dropped {dropped}, duplicates {state_dups}; reconnects {reconnects}; "
              f"subscriber connects {subscriber.connects}")
        print(f"  alarms: {len(events)} events ({raised} raised, {cleared} cleared, {alarm_dups} duplicates), "
              f"{compared} states compared; {driver.steps} input steps")
        print(f"  HTTP: {record.sent} requests, {record.answered} answered; by status "
              + ", ".join(f"{c}: {n}" for c, n in sorted(record.by_status.items()))
              + (f"; no response: {dict(record.errors)}" if record.errors else "")
              + f"; open connections when the load stopped: {connections and int(connections)}, "
              f"then {open_now[0] and int(open_now[0])}")
        print(f"  broker restarts: {len(OUTAGES)} (one of {LONG_OUTAGE:g} s)")
    except Exception as e:  # noqa: BLE001 (any failure of the soak is reported the same way)
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        stopping.set()
        if twin is not None and twin.alive():
            twin.process.kill()
            twin.process.wait()
        if subscriber is not None:
            subscriber.stop()
        broker.close()
        shutil.rmtree(data_dir, ignore_errors=True)

    if failures:
        print("soak: FAILED", file=sys.stderr)
        for f in failures:
            print("  - " + f, file=sys.stderr)
        if twin is not None:
            print("  twinscope's last lines on stderr:\n" + twin.tail(), file=sys.stderr)
        return 1
    log("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

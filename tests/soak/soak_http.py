# soak_http.py
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The soak's REST clients: a record of every request sent and how it was
# answered, clients that open a new connection per request or keep one
# alive, and a reader of the Prometheus text of /metrics.

import collections
import http.client
import json
import random
import re
import threading
import time

TIMEOUT = 30.0

# (method, path, body, content type, expected status); good ones first.
GOOD = [
    ("GET", "/state", None, None, 200),
    ("GET", "/healthz", None, None, 200),
    ("GET", "/controls", None, None, 200),
    ("GET", "/metrics", None, None, 200),
    ("GET", "/model", None, None, 200),
    ("GET", "/history?seconds=60&max_points=50", None, None, 200),
    ("PATCH", "/controls", '{"faults":{"cooling_degraded":false,"bearing_defect":false}}', "application/json", 200),
    ("PATCH", "/controls", '{"paused":false}', "application/json", 200),
    ("PATCH", "/controls", '{"time_scale":10000}', "application/json", 200),
    ("POST", "/update", None, None, 200),
]

BAD = [
    ("PATCH", "/controls", '{"ambient":', "application/json", 400),
    ("PATCH", "/controls", '{"ambient":999}', "application/json", 400),
    ("PATCH", "/controls", '{"rpm_setpoint":-1}', "application/json", 400),
    ("PATCH", "/controls", '{"no_such_field":1}', "application/json", 400),
    ("PATCH", "/controls", '{"ambient":30}', "text/plain", 415),
    ("POST", "/update?ambient=999", None, None, 400),
    ("GET", "/history?seconds=-5", None, None, 400),
    ("GET", "/no/such/path", None, None, 404),
    ("DELETE", "/state", None, None, 405),
    ("PUT", "/healthz", None, None, 405),
]

SAMPLES_KEPT = 10


class Record:
    """Every request sent, and its status or the error that replaced it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.by_status = collections.Counter()
        self.errors = collections.Counter()
        self.error_samples = []
        self.unexpected = collections.Counter()
        self.unexpected_samples = []
        self.first_error_at = None

    def add(self, method, path, expected, status, error, elapsed):
        with self.lock:
            self.sent += 1
            if error is not None:
                kind = type(error).__name__
                self.errors[kind] += 1
                if self.first_error_at is None:
                    self.first_error_at = self.sent
                if len(self.error_samples) < SAMPLES_KEPT:
                    self.error_samples.append(f"{method} {path}: {kind}: {error} (request {self.sent}, "
                                              f"after {elapsed:.1f} s)")
                return
            self.by_status[status] += 1
            if expected is not None and status != expected:
                self.unexpected[(method, path, expected, status)] += 1
                if len(self.unexpected_samples) < SAMPLES_KEPT:
                    self.unexpected_samples.append(f"{method} {path}: {status}, expected {expected}")

    @property
    def answered(self):
        with self.lock:
            return sum(self.by_status.values())


class Rest:
    def __init__(self, port, record):
        self.port = port
        self.record = record

    def connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)

    def request(self, method, path, body=None, content_type=None, expected=None, conn=None, close=False):
        """Sends one request, on conn or on a connection of its own, and
        records it. Returns (status, body), or (None, None) when no answer came."""
        own = conn is None
        if own:
            conn = self.connect()
        headers = {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        if close:
            headers["Connection"] = "close"
        start = time.monotonic()
        try:
            conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            self.record.add(method, path, expected, None, e, time.monotonic() - start)
            return None, None
        finally:
            if own:
                conn.close()
        self.record.add(method, path, expected, response.status, None, time.monotonic() - start)
        return response.status, data

    def get_json(self, path):
        status, data = self.request("GET", path, expected=200)
        if status != 200:
            return None
        return json.loads(data)

    def metrics(self):
        status, data = self.request("GET", "/metrics", expected=200)
        if status != 200:
            return None
        return parse_metrics(data.decode())


METRIC_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_metrics(text):
    """Returns {name: [(labels dict, value)]}."""
    metrics = collections.defaultdict(list)
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = METRIC_LINE.match(line)
        if match is None:
            raise ValueError(f"/metrics: not a Prometheus sample line: {line!r}")
        name, labels, value = match.groups()
        metrics[name].append((dict(LABEL.findall(labels or "")), float(value)))
    return metrics


def metric_value(metrics, name):
    samples = metrics.get(name, [])
    return samples[0][1] if samples else None


class Client(threading.Thread):
    """Sends a deterministic mix of good and bad requests at a bounded rate,
    either each on a new connection (half of them asking the server to
    close it, half closing it from here) or all on one kept alive."""

    def __init__(self, rest, index, keep_alive, rate, stopping):
        super().__init__(name=f"rest-client-{index}", daemon=True)
        self.rest = rest
        self.keep_alive = keep_alive
        self.interval = 1.0 / rate
        self.stopping = stopping
        self.random = random.Random(index)

    def run(self):
        conn = self.rest.connect() if self.keep_alive else None
        start = time.monotonic()
        n = 0
        while not self.stopping.is_set():
            pool = BAD if self.random.random() < 0.3 else GOOD
            method, path, body, content_type, expected = self.random.choice(pool)
            if self.keep_alive:
                status, _ = self.rest.request(method, path, body, content_type, expected, conn=conn)
                if status is None:
                    conn = self.rest.connect()
            else:
                self.rest.request(method, path, body, content_type, expected, close=n % 2 == 0)
            n += 1
            delay = start + n * self.interval - time.monotonic()
            if delay > 0:
                self.stopping.wait(delay)
        if conn is not None:
            conn.close()

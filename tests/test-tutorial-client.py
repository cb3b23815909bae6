#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The first run as the tutorial's users have it: the window, freshly
started with the default settings, and the tutorial's TypeScript client
(tests/tutorial-client/client.ts, compiled by tsc, run by node), which
knows only mqtt://localhost:1883. The client prints states from the
window with no configuration, mosquitto_sub -t 'twin/#' -v shows them,
and a SIGTERM to the window ends it as its Quit does: offline reaches
the subscriber and the built-in broker goes away.

Port 1883 is the point of the test, and the machine's own 1883 may be
anyone's: the test runs in a network namespace of its own (unshare), whose
loopback nobody else shares."""

import json
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

NAMESPACED = "TWIN_TEST_OWN_NETWORK"
WAIT_S = 60.0

twinscope, source_dir, run_in_xvfb = sys.argv[1:4]
tests_dir = os.path.join(source_dir, "tests")


def enter_own_network():
    """Re-runs this script in a new network namespace (as root in a user
    namespace of its own, when not root), with its loopback up."""
    unshare = ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--net"]
    script = 'ip link set lo up && exec "$0" "$@"'
    env = dict(os.environ, **{NAMESPACED: "1"})
    run = subprocess.run(unshare + ["sh", "-c", script, sys.executable] + sys.argv, env=env)
    sys.exit(run.returncode)


if os.environ.get(NAMESPACED) != "1":
    enter_own_network()

results = []


def report(name, problems):
    for problem in problems:
        print(f"# {problem}")
    results.append((name, not problems))


def read_lines(process, count, pattern, timeout):
    """The first @count lines of @process's stdout that match @pattern."""
    lines, seen = [], []
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while len(lines) < count and time.monotonic() < deadline:
        if not selector.select(timeout=deadline - time.monotonic()):
            break
        line = process.stdout.readline()
        if line == "":
            break
        seen.append(line.rstrip("\n"))
        if re.search(pattern, line):
            lines.append(line.rstrip("\n"))
    selector.close()
    return lines, seen


def port_answers(port):
    with socket.socket() as s:
        s.settimeout(1.0)
        return s.connect_ex(("127.0.0.1", port)) == 0


home = tempfile.mkdtemp(prefix="twin-tutorial-")
window = client = status = None
try:
    env = dict(os.environ)
    # A new user's first run: default settings, empty directories.
    env.pop("TWINSCOPE_BROKER_PORT", None)
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"), ("XDG_RUNTIME_DIR", "run")):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var], mode=0o700, exist_ok=True)
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent"

    report("port 1883 is free in the test's own network", ["something answers on 127.0.0.1:1883"] if port_answers(1883) else [])

    compiled = os.path.join(home, "client")
    tsc = subprocess.run(["tsc", "-p", os.path.join(tests_dir, "tutorial-client"), "--outDir", compiled],
                         capture_output=True, text=True, env=env)
    report("tsc compiles the tutorial's client", [] if tsc.returncode == 0 else [tsc.stdout + tsc.stderr])

    window = subprocess.Popen([run_in_xvfb, twinscope], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    client_env = dict(env, NODE_PATH=os.path.join(tests_dir, "node_modules"))
    client = subprocess.Popen(["node", os.path.join(compiled, "client.js")], env=client_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    pattern = r"^\[twin/state\] t=(\d+\.\d)s temperature=(-?\d+\.\d\d) vibration=(\d+\.\d{3}) rpm=(\d+)$"
    lines, seen = read_lines(client, 3, pattern, WAIT_S)
    problems = [] if len(lines) == 3 else [f"the client printed {len(lines)} states in {WAIT_S} s; it printed:"] + seen[-10:]
    times = [float(re.match(pattern, line).group(1)) for line in lines]
    if times != sorted(times) or len(set(times)) != len(times):
        problems.append(f"the states' times do not move on: {times}")
    for line in lines:
        temperature = float(re.match(pattern, line).group(2))
        if not 0.0 < temperature < 200.0:
            problems.append(f"temperature out of the model's range: {line}")
    print("# " + "\n# ".join(lines))
    report("the tutorial's client, unchanged, prints the window's states", problems)

    # The retained schemas come first, over many lines each; then states.
    sub = subprocess.Popen(["mosquitto_sub", "-h", "localhost", "-t", "twin/#", "-v"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines, seen = read_lines(sub, 3, r"^twin/state \{", WAIT_S)
    sub.kill()
    sub.wait()
    problems = [] if len(lines) == 3 else [f"mosquitto_sub showed {len(lines)} states: " + " | ".join(seen[-5:])]
    for line in lines:
        state = json.loads(line.split(" ", 1)[1])
        if list(state)[:4] != ["temperature", "vibration", "rpm", "timestamp"]:
            problems.append(f"a state does not start with the tutorial's keys: {list(state)[:4]}")
    report("mosquitto_sub on twin/(everything) shows the states", problems)

    status = subprocess.Popen(["mosquitto_sub", "-h", "localhost", "-t", "twin/status", "-v"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    report("the window says it is online", [] if read_lines(status, 1, r"^twin/status online$", 10.0)[0] else
           ["twin/status is not online"])

    # SIGTERM to the application, not to the X server's wrapper around it.
    with open(f"/proc/{window.pid}/task/{window.pid}/children", encoding="ascii") as children:
        for pid in children.read().split():
            with open(f"/proc/{pid}/comm", encoding="ascii") as comm:
                if comm.read().strip() == "twinscope":
                    os.kill(int(pid), signal.SIGTERM)
    problems = []
    try:
        code = window.wait(timeout=WAIT_S)
        if code != 0:
            problems.append(f"the window exited with {code}: {window.stderr.read()[-2000:]}")
    except subprocess.TimeoutExpired:
        problems.append(f"the window did not quit within {WAIT_S} s of SIGTERM")
    if not read_lines(status, 1, r"^twin/status offline$", 10.0)[0]:
        problems.append("twin/status did not go offline")
    if port_answers(1883):
        problems.append("the built-in broker still answers on 1883")
    report("SIGTERM quits the window: offline goes out, the broker stops", problems)
finally:
    for process in (client, status, window):
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
    shutil.rmtree(home, ignore_errors=True)

print(f"1..{len(results)}")
for i, (name, ok) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
sys.exit(0 if all(ok for _, ok in results) else 1)

# soak_broker.py
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A real mosquitto for the soak, as tests/support/twin-test-broker.c starts one: a
# free 127.0.0.1 port, its own configuration and persistence in a temporary
# directory, stopped by its PID and started again on the same port.

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

PR_SET_PDEATHSIG = 1


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def die_with_parent():
    """Runs in the child: it goes when the soak goes, even when it aborts."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Broker:
    """Persistence on, and queues large enough that the broker itself never
    drops a message silently (its default is 1000)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="twin-soak-broker-")
        self.port = free_port()
        self.config = os.path.join(self.dir, "mosquitto.conf")
        self.process = None
        lines = []
        if os.geteuid() == 0:
            lines.append("user root")
        lines += [
            f"listener {self.port} 127.0.0.1",
            "allow_anonymous true",
            "persistence true",
            f"persistence_location {self.dir}/",
            "autosave_interval 3600",
            "max_queued_messages 1000000",
            "max_queued_bytes 0",
            f"log_dest file {self.dir}/mosquitto.log",
            "log_type error", "log_type warning", "log_type notice",
        ]
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    @property
    def url(self):
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self, timeout=20.0):
        assert self.process is None
        self.process = subprocess.Popen(["mosquitto", "-c", self.config],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=die_with_parent)
        deadline = time.monotonic() + timeout
        while not port_open(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"mosquitto exited at start; see {self.dir}/mosquitto.log")
            if time.monotonic() > deadline:
                raise RuntimeError(f"mosquitto does not listen on {self.port}")
            time.sleep(0.01)

    def stop(self):
        """SIGTERM by PID, so that it writes its persistence file, then reaps it."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()
        self.process = None

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

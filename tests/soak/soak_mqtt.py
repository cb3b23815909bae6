# soak_mqtt.py
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A persistent-session QoS 1 subscriber (MQTT 3.1.1, clean session off)
# that reconnects by itself and records every message it receives. Written
# on the standard library alone, so the soak runs under any python3.

import socket
import struct
import threading
import time

CONNECT, CONNACK, PUBLISH, PUBACK = 1, 2, 3, 4
SUBSCRIBE, SUBACK, PINGREQ, PINGRESP, DISCONNECT = 8, 9, 12, 13, 14

KEEP_ALIVE = 30
RETRY_INTERVAL = 0.5


def encode_string(text):
    data = text.encode()
    return struct.pack("!H", len(data)) + data


def packet(kind, flags, body):
    header = bytearray([kind << 4 | flags])
    n = len(body)
    while True:
        byte, n = n % 128, n // 128
        header.append(byte | (0x80 if n else 0))
        if not n:
            break
    return bytes(header) + body


def split_packet(buf):
    """Returns (first byte, body, length used) of the first whole packet in
    buf, or None while it is incomplete."""
    n, shift, i = 0, 0, 1
    while True:
        if i >= len(buf):
            return None
        byte = buf[i]
        n |= (byte & 0x7F) << shift
        shift += 7
        i += 1
        if not byte & 0x80:
            break
    if len(buf) < i + n:
        return None
    return buf[0], bytes(buf[i:i + n]), i + n


class Message:
    __slots__ = ("topic", "payload", "retained", "duplicate", "arrival")

    def __init__(self, topic, payload, retained, duplicate):
        self.topic = topic
        self.payload = payload
        self.retained = retained
        self.duplicate = duplicate
        self.arrival = time.monotonic()


class Subscriber:
    def __init__(self, port, client_id, topics):
        self.port = port
        self.client_id = client_id
        self.topics = topics
        self.lock = threading.Lock()
        self.messages = []
        self.connects = 0
        self.sessions_lost = 0
        self.errors = []
        self.subscribed = threading.Event()
        self.connected = threading.Event()
        self.stopping = threading.Event()
        self.sock = None
        self.thread = threading.Thread(target=self.run, name="mqtt-subscriber", daemon=True)

    def start(self, timeout=20.0):
        self.thread.start()
        if not self.subscribed.wait(timeout):
            raise RuntimeError(f"subscriber: no SUBACK from the broker on port {self.port} "
                               f"within {timeout:.0f} s: {self.errors[-1:]}")

    def stop(self):
        self.stopping.set()
        sock = self.sock
        if sock is not None:
            try:
                sock.sendall(packet(DISCONNECT, 0, b""))
            except OSError:
                pass
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.thread.join(10)

    def take(self):
        with self.lock:
            return list(self.messages)

    def count(self, topic):
        with self.lock:
            return sum(1 for m in self.messages if m.topic == topic)

    def run(self):
        while not self.stopping.is_set():
            try:
                self.session()
            except (OSError, RuntimeError) as e:
                if len(self.errors) < 100:
                    self.errors.append(str(e))
            self.connected.clear()
            self.sock = None
            self.stopping.wait(RETRY_INTERVAL)

    def session(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.sock = sock
        try:
            sock.settimeout(1.0)
            body = encode_string("MQTT") + bytes([4, 0x00]) + struct.pack("!H", KEEP_ALIVE)
            sock.sendall(packet(CONNECT, 0, body + encode_string(self.client_id)))
            last_sent = time.monotonic()
            buf = bytearray()
            first = self.connects == 0

            while not self.stopping.is_set():
                parsed = split_packet(buf)
                if parsed is None:
                    if time.monotonic() - last_sent > KEEP_ALIVE / 2:
                        sock.sendall(packet(PINGREQ, 0, b""))
                        last_sent = time.monotonic()
                    try:
                        data = sock.recv(65536)
                    except socket.timeout:
                        continue
                    if not data:
                        raise RuntimeError("connection closed by the broker")
                    buf += data
                    continue

                head, body, used = parsed
                del buf[:used]
                kind, flags = head >> 4, head & 0x0F

                if kind == CONNACK:
                    present, code = body[0] & 1, body[1]
                    if code != 0:
                        raise RuntimeError(f"CONNACK refused with code {code}")
                    self.connects += 1
                    if not present:
                        if not first:
                            # The broker forgot the persistent session: what it
                            # held for us is gone, so the checks would blame the twin.
                            self.sessions_lost += 1
                        subs = b"".join(encode_string(t) + bytes([1]) for t in self.topics)
                        sock.sendall(packet(SUBSCRIBE, 0x2, struct.pack("!H", 1) + subs))
                        last_sent = time.monotonic()
                    else:
                        self.subscribed.set()
                    self.connected.set()
                elif kind == SUBACK:
                    if any(code == 0x80 for code in body[2:]):
                        raise RuntimeError("SUBACK refused a subscription")
                    self.subscribed.set()
                elif kind == PUBLISH:
                    qos = (flags >> 1) & 3
                    (length,) = struct.unpack_from("!H", body, 0)
                    topic = body[2:2 + length].decode()
                    offset = 2 + length
                    if qos > 0:
                        (mid,) = struct.unpack_from("!H", body, offset)
                        offset += 2
                    with self.lock:
                        self.messages.append(Message(topic, body[offset:], bool(flags & 1), bool(flags & 8)))
                    if qos == 1:
                        sock.sendall(packet(PUBACK, 0, struct.pack("!H", mid)))
                        last_sent = time.monotonic()
                    elif qos == 2:
                        raise RuntimeError("QoS 2 message on a QoS 1 subscription")
                elif kind == PINGRESP:
                    pass
                else:
                    raise RuntimeError(f"unexpected packet type {kind}")
        finally:
            sock.close()

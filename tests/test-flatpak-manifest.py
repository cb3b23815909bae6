#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: against flatpak-builder's JSON Schema; read
back unchanged by flatpak-builder --show-manifest (which only warns about
what it cannot read, and drops it); and the project's own rules: the GNOME
runtime and SDK from 43 on, cJSON, paho.mqtt.c with SSL and mosquitto (the
broker alone) before the app, every source pinned by a tag and a commit or
by an archive and its sha256, and only the sandbox holes the app needs."""

import json
import re
import shutil
import subprocess
import sys

import jsonschema

manifest_path, schema_path, app_id = sys.argv[1:4]

FINISH_ARGS = {"--share=network", "--share=ipc", "--socket=fallback-x11",
               "--socket=wayland", "--device=dri"}
DEPENDENCIES = ("cjson", "paho-mqtt-c", "mosquitto")
# GTK 4.8 and libadwaita 1.2 came with GNOME 43: the version macros in
# meson.build keep the code within them.
OLDEST_RUNTIME = 43

with open(schema_path) as f:
    schema = json.load(f)
with open(manifest_path) as f:
    manifest = json.load(f)

results = []


def report(name, problems):
    for problem in problems:
        print(f"# {problem}")
    results.append((name, not problems))


# 1: the schema.
jsonschema.Draft7Validator.check_schema(schema)
report("schema", [f"{'/'.join(map(str, e.path))}: {e.message}"
                  for e in sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)])

# 2: flatpak-builder reads all of it.
problems = []
builder = shutil.which("flatpak-builder")
if builder is None:
    problems.append("flatpak-builder is not installed (Debian: flatpak-builder; tests/install-packages.sh lists it)")
else:
    shown = subprocess.run([builder, "--show-manifest", manifest_path], capture_output=True, text=True)
    if shown.returncode != 0:
        problems.append(f"flatpak-builder --show-manifest exited with {shown.returncode}: {shown.stderr.strip()}")
    elif shown.stderr.strip():
        problems.append(f"flatpak-builder --show-manifest warned: {shown.stderr.strip()}")
    elif json.loads(shown.stdout) != manifest:
        problems.append("flatpak-builder --show-manifest did not read back the same manifest")
report("flatpak-builder --show-manifest", problems)

# 3: the project's rules.
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


check(manifest.get("id") == app_id, f"id is {manifest.get('id')!r}, not {app_id!r}")
check(manifest.get("command") == "twinscope", "command is not twinscope")
check(manifest.get("runtime") == "org.gnome.Platform", "runtime is not the GNOME runtime")
check(manifest.get("sdk") == "org.gnome.Sdk", "sdk is not the GNOME SDK")
version = str(manifest.get("runtime-version", ""))
check(version.isdigit() and int(version) >= OLDEST_RUNTIME,
      f"runtime-version {version!r} is not a stable GNOME release from {OLDEST_RUNTIME} on")

modules = manifest.get("modules", [])
names = [m.get("name") for m in modules]
check(names[-1:] == ["twinscope"], f"the app is not the last module: {names}")
for name in DEPENDENCIES:
    check(name in names[:-1], f"{name} is not a module before the app")

for module in modules[:-1]:
    name = module.get("name")
    check(module.get("buildsystem") in ("cmake", "cmake-ninja"), f"{name}: not built with cmake")
    for source in module.get("sources", []):
        kind = source.get("type")
        if kind == "git":
            check("tag" in source and re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")) is not None,
                  f"{name}: git source not pinned to a tag and a full commit")
        elif kind == "archive":
            check(source.get("url", "").startswith("https://")
                  and re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")) is not None,
                  f"{name}: archive not pinned by an https URL and its sha256")
        else:
            problems.append(f"{name}: a {kind} source cannot be pinned")
for source in modules[-1].get("sources", []) if modules else []:
    check(source == {"type": "dir", "path": ".."}, f"the app is built from {source}, not this tree")

options = {m.get("name"): set(m.get("config-opts", [])) for m in modules}
check("-DPAHO_WITH_SSL=ON" in options.get("paho-mqtt-c", set()), "paho-mqtt-c: not built with SSL")
for option in ("-DWITH_BROKER=ON", "-DWITH_CLIENTS=OFF", "-DWITH_APPS=OFF", "-DWITH_WEBSOCKETS=OFF",
               "-DDOCUMENTATION=OFF"):
    check(option in options.get("mosquitto", set()), f"mosquitto: {option} missing (the broker alone)")

finish = manifest.get("finish-args", [])
check(set(finish) == FINISH_ARGS and len(finish) == len(FINISH_ARGS),
      f"finish-args are {finish}, not exactly {sorted(FINISH_ARGS)}")
report("project rules", problems)

print(f"1..{len(results)}")
for i, (name, ok) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
sys.exit(0 if all(ok for _, ok in results) else 1)

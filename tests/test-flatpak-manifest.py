#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest against flatpak-builder's JSON Schema and the
project's own rules: the app id and command, dependencies first and built
with cmake from a pinned tag and commit, the app last."""

import json
import re
import sys

import jsonschema

manifest_path, schema_path, app_id = sys.argv[1:4]

with open(schema_path) as f:
    schema = json.load(f)
with open(manifest_path) as f:
    manifest = json.load(f)

jsonschema.Draft7Validator.check_schema(schema)
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)
for error in errors:
    print(f"not ok: schema: {'/'.join(map(str, error.path))}: {error.message}")

problems = [f"schema: {e.message}" for e in errors]


def check(condition, message):
    if not condition:
        problems.append(message)
        print(f"not ok: {message}")


check(manifest.get("id") == app_id, f"id is {manifest.get('id')!r}, not {app_id!r}")
check(manifest.get("command") == "twinscope", "command is not twinscope")
check(manifest.get("runtime") == "org.gnome.Platform", "runtime is not the GNOME runtime")

modules = manifest.get("modules", [])
names = [m.get("name") for m in modules]
check(names[-1:] == ["twinscope"], f"the app is not the last module: {names}")
for name in ("cjson", "paho-mqtt-c"):
    check(name in names[:-1], f"{name} is not a module before the app")

for module in modules[:-1]:
    check(module.get("buildsystem") in ("cmake", "cmake-ninja"),
          f"{module.get('name')}: not built with cmake")
    for source in module.get("sources", []):
        check(source.get("type") == "git" and "tag" in source
              and re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")) is not None,
              f"{module.get('name')}: source not pinned to a tag and a full commit")

finish = manifest.get("finish-args", [])
check("--share=network" in finish, "no network: MQTT and REST need it")
check("--socket=wayland" in finish and "--socket=fallback-x11" in finish,
      "no display sockets")

print("1..1")
print("ok 1 flatpak manifest" if not problems else "not ok 1 flatpak manifest")
sys.exit(1 if problems else 0)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""meson install into a --destdir places what a desktop and a Flatpak need,
file by file, and nothing else: the binary, the desktop file, the
metainfo, the icons, the GSettings schema and a catalogue for every
language of po/LINGUAS. (Scenarios join the table when the project has them.)"""

import os
import shutil
import subprocess
import sys
import tempfile

build_dir, source_dir, prefix, bindir, datadir, app_id = sys.argv[1:7]

share = os.path.join(prefix.lstrip("/"), datadir)
EXPECTED = {
    os.path.join(prefix.lstrip("/"), bindir, "twinscope"): "an executable",
    os.path.join(share, "applications", f"{app_id}.desktop"): "the desktop file",
    os.path.join(share, "metainfo", f"{app_id}.metainfo.xml"): "the metainfo",
    os.path.join(share, "glib-2.0", "schemas", f"{app_id}.gschema.xml"): "the settings schema",
    os.path.join(share, "icons", "hicolor", "scalable", "apps", f"{app_id}.svg"): "the icon",
    os.path.join(share, "icons", "hicolor", "symbolic", "apps", f"{app_id}-symbolic.svg"): "the symbolic icon",
}
EXPECTED[os.path.join(share, "twinscope", "scenario.schema.json")] = "the scenario schema"
for name in sorted(os.listdir(os.path.join(source_dir, "data", "scenarios"))):
    EXPECTED[os.path.join(share, "twinscope", "scenarios", name)] = f"the scenario {name}"
with open(os.path.join(source_dir, "po", "LINGUAS"), encoding="utf-8") as linguas:
    for lang in linguas.read().split():
        EXPECTED[os.path.join(share, "locale", lang, "LC_MESSAGES", "twinscope.mo")] = f"the {lang} catalogue"
# Installed as they are in the source tree.
VERBATIM = {
    os.path.join(share, "twinscope", "scenario.schema.json"): "data/scenario.schema.json",
    os.path.join(share, "glib-2.0", "schemas", f"{app_id}.gschema.xml"): f"data/{app_id}.gschema.xml",
    os.path.join(share, "icons", "hicolor", "scalable", "apps", f"{app_id}.svg"):
        f"data/icons/hicolor/scalable/apps/{app_id}.svg",
    os.path.join(share, "icons", "hicolor", "symbolic", "apps", f"{app_id}-symbolic.svg"):
        f"data/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg",
}
for name in sorted(os.listdir(os.path.join(source_dir, "data", "scenarios"))):
    VERBATIM[os.path.join(share, "twinscope", "scenarios", name)] = f"data/scenarios/{name}"

results = []


def report(name, problems):
    for problem in problems:
        print(f"# {problem}")
    results.append((name, not problems))


destdir = tempfile.mkdtemp(prefix="twin-install-")
try:
    run = subprocess.run(["meson", "install", "-C", build_dir, "--destdir", destdir, "--no-rebuild", "--quiet"],
                         capture_output=True, text=True)
    report("meson install --destdir",
           [] if run.returncode == 0 else [f"exited with {run.returncode}: {run.stdout}{run.stderr}"])

    installed = set()
    for root, _, files in os.walk(destdir):
        for name in files:
            installed.add(os.path.relpath(os.path.join(root, name), destdir))

    for path, what in sorted(EXPECTED.items()):
        full = os.path.join(destdir, path)
        problems = []
        if path not in installed:
            problems.append(f"{what} is missing: /{path}")
        elif os.path.getsize(full) == 0:
            problems.append(f"{what} is empty: /{path}")
        elif what == "an executable" and not os.access(full, os.X_OK):
            problems.append(f"/{path} is not executable")
        elif path in VERBATIM:
            with open(full, "rb") as a, open(os.path.join(source_dir, VERBATIM[path]), "rb") as b:
                if a.read() != b.read():
                    problems.append(f"/{path} differs from {VERBATIM[path]}")
        report(f"/{path}", problems)

    desktop = os.path.join(destdir, share, "applications", f"{app_id}.desktop")
    problems = []
    if os.path.exists(desktop):
        with open(desktop) as f:
            lines = f.read().splitlines()
        for line in (f"Icon={app_id}",):
            if line not in lines:
                problems.append(f"the desktop file lacks {line}")
        if not any(l.startswith("Exec=twinscope") for l in lines):
            problems.append("the desktop file does not run twinscope")
    else:
        problems.append("no desktop file")
    report("desktop file runs twinscope with its icon", problems)

    # Merged with every catalogue: each language names and describes the app.
    metainfo = os.path.join(destdir, share, "metainfo", f"{app_id}.metainfo.xml")
    problems = []
    with open(os.path.join(source_dir, "po", "LINGUAS"), encoding="utf-8") as linguas:
        for lang in linguas.read().split():
            if os.path.exists(desktop) and f"GenericName[{lang}]=" not in open(desktop, encoding="utf-8").read():
                problems.append(f"the desktop file has no GenericName[{lang}]")
            if os.path.exists(metainfo) and f'<summary xml:lang="{lang}">' not in open(metainfo, encoding="utf-8").read():
                problems.append(f"the metainfo has no summary in {lang}")
    report("desktop file and metainfo translated", problems)

    report("nothing else installed", [f"unexpected: /{p}" for p in sorted(installed - set(EXPECTED))])
finally:
    shutil.rmtree(destdir, ignore_errors=True)

print(f"1..{len(results)}")
for i, (name, ok) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
sys.exit(0 if all(ok for _, ok in results) else 1)

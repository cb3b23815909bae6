#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every catalogue of po/LINGUAS is complete: it has every msgid that
xgettext finds today in po/POTFILES.in (a string added to the code and not
to the .po fails here), and none of its entries is fuzzy or untranslated."""

import os
import subprocess
import sys
import tempfile

source_dir = sys.argv[1]
po_dir = os.path.join(source_dir, "po")
# The keywords of po/meson.build (meson's glib preset and TWIN_N_).
KEYWORDS = ["_", "N_", "TWIN_N_", "C_:1c,2", "NC_:1c,2", "g_dngettext:2,3", "g_dpgettext2:2c,3"]

results = []


def report(name, problems):
    for problem in problems:
        print(f"# {problem}")
    results.append((name, not problems))


with tempfile.TemporaryDirectory(prefix="twin-pot-") as tmp:
    pot = os.path.join(tmp, "twinscope.pot")
    run = subprocess.run(["xgettext", "--from-code=UTF-8", "--package-name=twinscope",
                          f"--directory={source_dir}", f"--files-from={os.path.join(po_dir, 'POTFILES.in')}",
                          "--output", pot] + [f"--keyword={k}" for k in KEYWORDS],
                         capture_output=True, text=True)
    report("xgettext extracts the strings of POTFILES.in",
           [] if run.returncode == 0 else [run.stderr.strip()])

    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as linguas:
        languages = linguas.read().split()
    for lang in languages:
        po = os.path.join(po_dir, f"{lang}.po")
        missing = subprocess.run(["msgcmp", po, pot], capture_output=True, text=True)
        report(f"{lang}.po has every msgid of the .pot",
               [] if missing.returncode == 0 else missing.stderr.strip().splitlines())
        problems = []
        for flag, what in (("--only-fuzzy", "fuzzy"), ("--untranslated", "untranslated")):
            out = subprocess.run(["msgattrib", flag, "--no-obsolete", po], capture_output=True, text=True)
            entries = [line for line in out.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
            problems += [f"{what}: {line[6:]}" for line in entries]
        report(f"{lang}.po has no fuzzy or untranslated entry", problems)

print(f"1..{len(results)}")
for i, (name, ok) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
sys.exit(0 if all(ok for _, ok in results) else 1)

#!/usr/bin/env python3
"""Runs every lit case of test/checks/ through the corolint command and
through `corolint-clangd --check=FILE` (and, with --plugin, through
clang-tidy-19 with the plugin), and compares their findings one by one:
same line, same check, same message. The three walk different scopes: the
command the translation unit's declarations outside system headers,
clangd the main file's, clang-tidy the whole translation unit.

clangd's --check mode prints errors only, so the cases run with a
.clang-tidy that makes corolint's findings errors (WarningsAsErrors) in
both tools. Each distinct compile command of a case's RUN lines is one
comparison. Prints the differences and exits 1 if there is any.

The one difference allowed (docs/editors.md): clangd shows findings in the
main file only, so a finding the command reports in a header is not
compared. The test cases keep theirs in the main file; none is dropped.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

COMMAND_LINE = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):\d+: (?:warning|error): "
    r"(?P<msg>.*) \[(?P<check>corolint-[a-z-]+)[^\]]*\]$")
CLANGD_LINE = re.compile(
    r"^E\[[^\]]*\] \[(?P<check>corolint-[a-z-]+)\] Line (?P<line>\d+): "
    r"(?P<msg>.*)$")


def compile_args(case, inputs):
    """The distinct compile arguments of a case's RUN lines."""
    runs = []
    with open(case) as f:
        text = f.read()
    for m in re.finditer(r"^// RUN:.*?--( -std=[^|\n]*?)(?: 2>&1|$)", text,
                         re.M):
        args = m.group(1).replace("%inputs", inputs).split()
        if args not in runs:
            runs.append(args)
    return runs


def text_findings(cmd, path):
    """The findings in `path` of a tool that writes clang-tidy's text."""
    out = subprocess.run(cmd, capture_output=True, text=True)
    found = Counter()
    for line in (out.stdout + out.stderr).splitlines():
        m = COMMAND_LINE.match(line)
        if m and os.path.samefile(m["file"], path):
            found[(int(m["line"]), m["check"], m["msg"])] += 1
    return found


def command_findings(corolint, path, args):
    return text_findings([corolint, path, "--"] + args, path)


def plugin_findings(tidy, plugin, path, args):
    return text_findings([tidy, "-load", plugin, "--quiet", path, "--"] + args,
                         path)


def clangd_findings(clangd, path, db_dir):
    out = subprocess.run(
        [clangd, "--compile-commands-dir=" + db_dir, "--check=" + path],
        capture_output=True, text=True)
    found = Counter()
    for line in out.stderr.splitlines():
        m = CLANGD_LINE.match(line)
        if m:
            found[(int(m["line"]), m["check"], m["msg"])] += 1
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corolint", required=True)
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--plugin", help="libcorolint-tidy.so, to compare too")
    ap.add_argument("--clang-tidy", default="clang-tidy-19")
    ap.add_argument("cases", nargs="+")
    opts = ap.parse_args()

    shutil.rmtree(opts.work, ignore_errors=True)
    os.makedirs(opts.work)
    differences = compared = findings = 0
    for case in sorted(opts.cases):
        for n, args in enumerate(compile_args(case, opts.inputs)):
            d = os.path.join(opts.work, "%s.%d" % (os.path.basename(case), n))
            os.makedirs(d)
            with open(os.path.join(d, ".clang-tidy"), "w") as f:
                f.write("Checks: '-*,corolint-*'\n"
                        "WarningsAsErrors: 'corolint-*'\n")
            path = os.path.join(d, os.path.basename(case))
            shutil.copy(case, path)
            with open(os.path.join(d, "compile_commands.json"), "w") as f:
                json.dump([{"directory": d, "file": path,
                            "arguments": ["clang++"] + args + [path]}], f)
            want = command_findings(opts.corolint, path, args)
            others = {"clangd": clangd_findings(opts.clangd, path, d)}
            if opts.plugin:
                others["clang-tidy"] = plugin_findings(
                    opts.clang_tidy, opts.plugin, path, args)
            compared += 1
            findings += sum(want.values())
            for name, got in others.items():
                for key in sorted((want - got) + (got - want)):
                    side = ("command only" if want[key] > got[key]
                            else name + " only")
                    print("%s (%s): line %d [%s] %s: %s" % (
                        os.path.basename(case), " ".join(args), key[0],
                        key[1], side, key[2]))
                    differences += 1
    print("compared %d runs, %d findings of the command, %d differences" %
          (compared, findings, differences))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""sizes.py - the size rules of the code base: no C file under src/ over
MAX_FILE lines, no function over MAX_FN lines (from the line that opens its
body to the closing brace, both at column 0).  Prints offenders; exits 1
when there are any.  Run by `make test` (tests/cli.sh is not needed).

usage: tools/sizes.py [--list N] [DIR...]   (default DIR: src)
"""
import os
import re
import sys

MAX_FILE = 900
MAX_FN = 120


def functions(path):
    """(name, first line, length) of every function defined in a C file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    start = None
    name = None
    for i, l in enumerate(lines):
        if l == "{" and i > 0:
            j = i - 1
            while j > 0 and not re.search(r"\w+\s*\(", lines[j]):
                j -= 1
            m = re.search(r"(\w+)\s*\(", lines[j])
            name = m.group(1) if m else "?"
            start = j
        elif l == "}" and start is not None:
            out.append((name, start + 1, i - start + 1))
            start = None
    return out


def main(argv):
    show = 0
    if argv[:1] == ["--list"]:
        show = int(argv[1])
        argv = argv[2:]
    dirs = argv or ["src"]
    bad = 0
    allfn = []
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                p = os.path.join(root, f)
                n = sum(1 for _ in open(p, encoding="utf-8"))
                if n > MAX_FILE:
                    print(f"{p}: {n} lines (at most {MAX_FILE})")
                    bad += 1
                for name, line, length in functions(p):
                    allfn.append((length, p, line, name))
                    if length > MAX_FN:
                        print(f"{p}:{line}: {name}: {length} lines (at most {MAX_FN})")
                        bad += 1
    for length, p, line, name in sorted(allfn, reverse=True)[:show]:
        print(f"  {length:4d} {p}:{line} {name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

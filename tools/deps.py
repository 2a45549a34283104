#!/usr/bin/env python3
"""deps.py - the library's module graph from its object files: which module
calls which (nm: undefined symbols of one object defined by another), its
layers from the bottom up, and any cycle.  Files of one module share a
prefix (quantity_dist.c belongs to quantity; loader_keys.c to loader;
catalog_embodied.c to catalog; embodied_eval.c to embodied;
report_*.c to report; svg_charts.c to svg).  Exits 1 on a cycle: a lower
module never calls up.  Run by `make test`.

usage: tools/deps.py OBJDIR        (e.g. build/obj/src)
"""
import collections
import os
import subprocess
import sys

MODULES = ("quantity", "loader", "report", "svg", "catalog", "embodied")


def module(name):
    for m in MODULES:
        if name == m or name.startswith(m + "_"):
            return m
    return name


def symbols(path):
    out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
    undef, defined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[0] == "U":
            undef.add(f[1])
        elif len(f) == 3 and f[1] in "TDRBtdrb" and f[1].isupper():
            defined.add(f[2])
    return undef, defined


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    objs = sorted(f for f in os.listdir(argv[0]) if f.endswith(".o"))
    syms = {o[:-2]: symbols(os.path.join(argv[0], o)) for o in objs}
    owner = {}
    for name, (_, defined) in syms.items():
        for s in defined:
            owner[s] = module(name)
    edges = collections.defaultdict(set)
    for name, (undef, _) in syms.items():
        for s in undef:
            if s in owner and owner[s] != module(name):
                edges[module(name)].add(owner[s])
    nodes = sorted({module(n) for n in syms})
    state, stack, cycles = {}, [], []

    def visit(u):
        state[u] = 1
        stack.append(u)
        for v in sorted(edges[u]):
            if state.get(v) == 1:
                cycles.append(stack[stack.index(v):] + [v])
            elif v not in state:
                visit(v)
        stack.pop()
        state[u] = 2

    for n in nodes:
        if n not in state:
            visit(n)
    if cycles:
        for c in cycles:
            print("cycle: " + " -> ".join(c))
        return 1
    level = {}

    def depth(u):
        if u not in level:
            level[u] = 1 + max([depth(v) for v in edges[u]] + [-1])
        return level[u]

    for n in nodes:
        depth(n)
    for k in sorted(set(level.values()), reverse=True):
        print(f"{k:2d}  " + " ".join(n for n in nodes if level[n] == k))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

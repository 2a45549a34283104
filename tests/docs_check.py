#!/usr/bin/env python3
"""tests/docs_check.py - what the documentation points to must exist.

Run from the repository root with the tracked files on standard input (one
path a line), by tests/docs.sh:

  * no tracked file names notes that are not in the repository (the
    project's internal modelling, design and style notes) or a path outside
    it; the names are spelt in pieces here so this file does not match;
  * every relative Markdown link in the user documentation resolves to a
    file of the repository, and a link to a heading of a Markdown file names
    a heading that exists (GitHub's anchors);
  * every repository path written in backquotes in docs/ and the README
    exists (paths with wildcards or braces are patterns, not checked).

Prints one line per problem and exits 1 if there is any.

`docs_check.py --files DIR FILE.md...` writes into DIR the files a page asks
the reader to create: each code block after a line `<!-- file: NAME -->`.
`docs_check.py --run DIR FILE.md...` then runs in DIR every command the pages
show (lines "$ build/wattif ...", continuation lines joined), in order: each
must exit 0, and every output line a page shows must still be printed.
`--commands FILE.md...` lists the commands.  Python 3 standard library only.
"""
import os
import re
import sys

NOTES = ["MODELLING" + ".md", "DESIGN" + ".md", "STYLE" + ".md"]
OUTSIDE = [re.escape(".." + "/shared"), re.escape("/work" + "/"),
           re.escape("shared" + "/reference"), re.escape("shared" + "/validation")]
FORBIDDEN = re.compile("|".join([re.escape(n) for n in NOTES] + OUTSIDE))
ME = "tests/docs_check.py"

LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
REPO_DIRS = ("src/", "include/", "examples/", "data/", "models/", "tools/", "tests/",
             "python/", "schema/", "man/", "docs/", "bench/", "fuzz/")


def anchors(path, cache={}):
    """GitHub's heading anchors of a Markdown file."""
    if path not in cache:
        out, fence = set(), False
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("```"):
                    fence = not fence
                    continue
                m = re.match(r"#{1,6} +(.*?) *#*$", line)
                if fence or not m:
                    continue
                text = re.sub(r"[`*_]|\[|\]\([^)]*\)", "", m.group(1)).strip().lower()
                slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
                base, n = slug, 1
                while slug in out:
                    slug = "%s-%d" % (base, n)
                    n += 1
                out.add(slug)
        cache[path] = out
    return cache[path]


def commands(paths):
    """The `$ build/wattif ...` lines of the pages, continuations joined."""
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.startswith("$ build/wattif "):
                continue
            cmd = line[2:]
            while cmd.endswith("\\") and i < len(lines):
                cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
                i += 1
            print(cmd)


def files_of(outdir, paths):
    """Write the code blocks marked <!-- file: NAME --> into outdir."""
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        name = None
        for i, line in enumerate(lines):
            m = re.match(r"<!-- file: ([\w.-]+) -->$", line.strip())
            if m:
                name = m.group(1)
            elif name and line.startswith("```"):
                j = i + 1
                while j < len(lines) and not lines[j].startswith("```"):
                    j += 1
                with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
                    f.write("\n".join(lines[i + 1:j]) + "\n")
                name = None


def shown_commands(path):
    """(line, command, the output lines the page shows) of each
    `$ build/wattif ...` of a page, continuation lines joined."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ build/wattif "):
            i += 1
            continue
        n, cmd = i + 1, lines[i][2:]
        i += 1
        while cmd.endswith("\\") and i < len(lines):
            cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
            i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith(("```", "$ ")):
            shown.append(lines[i].rstrip())
            i += 1
        yield n, cmd, shown


def run_pages(root, paths):
    """Run every command of the pages in order in root: each must exit 0,
    and every output line a page shows must be a line of the real output
    ("..." lines stand for what is left out; a line ending in "..." is a
    line cut short)."""
    import subprocess
    problems = 0
    for path in paths:
        for n, cmd, shown in shown_commands(path):
            out = subprocess.run(cmd, shell=True, cwd=root, capture_output=True,
                                 text=True, timeout=600)
            real = [l.rstrip() for l in (out.stdout + out.stderr).splitlines()]
            if out.returncode != 0:
                print("%s:%d: `%s` exited %d:\n  %s" % (path, n, cmd, out.returncode,
                                                      "\n  ".join(real[-5:])))
                problems += 1
                continue
            have = set(real)
            for line in shown:
                t = line.strip()
                if not t or t.startswith("..."):
                    continue
                if line in have or (line.endswith("...") and
                                    any(r.startswith(line[:-3]) for r in real)):
                    continue
                print("%s:%d: `%s` no longer prints:\n  %s" % (path, n, cmd, line))
                problems += 1
    return 1 if problems else 0


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--run":
        return run_pages(sys.argv[2], sys.argv[3:])
    if len(sys.argv) > 2 and sys.argv[1] == "--files":
        files_of(sys.argv[2], sys.argv[3:])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--commands":
        commands(sys.argv[2:])
        return 0
    files = [line.strip() for line in sys.stdin if line.strip()]
    problems = []
    for path in files:
        if path == ME or not os.path.isfile(path):
            continue
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (UnicodeDecodeError, OSError):
            continue  # binary fixtures
        for n, line in enumerate(text.splitlines(), 1):
            m = FORBIDDEN.search(line)
            if m:
                problems.append("%s:%d: names %s, which is not in the repository"
                                % (path, n, m.group(0)))

    docs = [p for p in files if p.endswith(".md") and (
        p.startswith("docs/") or p in ("README.md", "python/README.md")
        or p.startswith("data/"))]
    for path in docs:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        fence = False
        for n, line in enumerate(lines, 1):
            if line.startswith("```"):
                fence = not fence
                continue
            if fence:
                continue
            for target in LINK.findall(line):
                if re.match(r"[a-z]+:", target):
                    continue  # http:, https:, mailto:
                file, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(path), file)) \
                    if file else path
                if not os.path.exists(dest):
                    problems.append("%s:%d: link to %s, which does not exist"
                                    % (path, n, target))
                elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                    problems.append("%s:%d: link to %s: no heading #%s in %s"
                                    % (path, n, target, anchor, dest))
            if not (path.startswith("docs/") or path == "README.md"):
                continue
            for code in CODE.findall(line):
                code = code.strip()
                if (not code.startswith(REPO_DIRS) or " " in code
                        or re.search(r"[*{}<>$]|\.\.\.", code)):
                    continue
                code = re.sub(r"(:\d+)+$", "", code.rstrip(".,:;"))  # file:line:col
                if not os.path.exists(code):
                    problems.append("%s:%d: `%s` is not a path in the repository"
                                    % (path, n, code))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

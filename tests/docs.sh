#!/bin/sh
# tests/docs.sh - the documentation as a user reads it.  Run by `make test`
# from the repository root; BUILD names the build dir.
#  - no file names notes that are not in the repository, links and paths in
#    the pages resolve (tests/docs_check.py);
#  - every `$ build/wattif ...` command of docs/*.md runs (exit status 0)
#    and still prints every output line the page shows, in a scratch copy
#    holding the files the pages ask the reader to create;
#  - the man page renders without a warning and names every command and
#    every option that `wattif COMMAND --help` lists;
#  - examples/c/whatif.c, the developer tutorial's program, prints what the
#    tutorial shows.
. tests/lib.sh

# --- references
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	{ git ls-files; git ls-files --others --exclude-standard; } >"$tmp/files"
else
	find . -path ./build -prune -o -type f -print | sed 's|^\./||' >"$tmp/files"
fi
if python3 tests/docs_check.py <"$tmp/files" >"$tmp/refs"; then ok; else
	ko "documentation references"; cat "$tmp/refs"
fi

# --- the commands of the pages, in order, in a scratch copy of what they read
# (copies, not links: the tool names files relative to the working directory)
root=$(pwd)
mkdir -p "$tmp/run/build" "$tmp/run/tests"
cp -R examples models data schema "$tmp/run/" && cp -R tests/data "$tmp/run/tests/"
ln -s "$root/$W" "$tmp/run/build/wattif"
python3 tests/docs_check.py --files "$tmp/run" docs/*.md
n=$(python3 tests/docs_check.py --commands docs/*.md | wc -l)
[ "$n" -gt 20 ] && ok || ko "docs: only $n commands found in docs/*.md"
if (unset WATTIF_DATA; WATTIF_DATA=. python3 tests/docs_check.py --run "$tmp/run" docs/*.md) \
	>"$tmp/pages" 2>&1; then ok; else
	ko "docs: the pages' commands or outputs"; cat "$tmp/pages"
fi

# --- the man page
if command -v groff >/dev/null 2>&1; then
	if groff -ww -z -man man/wattif.1 >"$tmp/groff" 2>&1 && [ ! -s "$tmp/groff" ]; then ok; else
		ko "man/wattif.1 renders with warnings"; cat "$tmp/groff"
	fi
else
	echo "docs: groff not installed, the man page's rendering is not checked"
fi
sed 's/\\-/-/g' man/wattif.1 >"$tmp/man"
cmds=$("$W" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] && ok || ko "docs: no commands in wattif --help"
for c in $cmds; do
	if grep -qE "^\.B $c( |\$)" "$tmp/man"; then ok; else ko "man page: no entry for command $c"; fi
	"$W" "$c" --help 2>&1 | grep -oE -- '(^|[][ ,(])--?[a-z][a-z-]*' |
		sed 's/^[][ ,(]*//' | sort -u >"$tmp/opts"
	while IFS= read -r opt; do
		if grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" "$tmp/man"; then ok; else
			ko "man page: $c's option $opt is not described"
		fi
	done <"$tmp/opts"
done

# --- the developer tutorial's C program
if [ -x "$BUILD/examples/whatif" ]; then
	if "$BUILD/examples/whatif" >"$tmp/whatif" 2>&1 &&
	   grep -q '^finetune: 128.5 kg CO2e (90% interval 111.1 to 146.0)$' "$tmp/whatif" &&
	   grep -q '^nvidia-h100-sxm5-80gb,1.5,3808771.4863498486,169318.22193339604,FR,2024,lifecycle,annual,$' "$tmp/whatif"; then
		ok
	else
		ko "examples/c/whatif.c: not the output docs/tutorial-developer.md shows"; cat "$tmp/whatif"
	fi
fi

echo "docs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

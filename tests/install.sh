#!/bin/sh
# install.sh - what `make install` leaves behind works: the pkg-config file
# names the install prefix (also after a plain `make` with another PREFIX),
# a program built from it finds the installed data through wf_data_dir(),
# and a program linked against the build tree runs (libwattif.so.0 there).
# Run by `make install-check` (CI); BUILD names the build dir.
set -u
. "$(dirname "$0")/lib.sh"

P=/opt/wattif-install-check
D=$tmp/dest
make --no-print-directory -s BUILD="$BUILD" PREFIX=$P DESTDIR="$D" install >"$tmp/make.log" 2>&1 ||
	{ cat "$tmp/make.log"; ko "make install failed"; }
pc="$D$P/lib/pkgconfig/wattif.pc"
grep -qx "prefix=$P" "$pc" && ok "wattif.pc names the install prefix" || ko "wattif.pc: $(head -1 "$pc")"
grep -qx 'datadir=${prefix}/share/wattif' "$pc" && ok "wattif.pc has datadir" || ko "wattif.pc has no datadir"
[ -f "$D$P/share/wattif/data/SOURCES.md" ] && ok "data installed" || ko "data not installed"
[ -f "$D$P/share/doc/wattif/model.md" ] && [ -f "$D$P/share/doc/wattif/data.md" ] &&
	[ -f "$D$P/share/man/man1/wattif.1" ] && ok "docs and man page installed" ||
	ko "docs/ or the man page not installed"
comp="$D$P/share/bash-completion/completions/wattif"
[ -f "$comp" ] && bash -c ". '$comp' && complete -p wattif" >/dev/null 2>&1 &&
	ok "bash completion installed" || ko "bash completion not installed (or does not load)"

cat >"$tmp/dd.c" <<'C'
#include <stdio.h>
#include "wattif.h"
int main(void) { puts(wf_data_dir()); return 0; }
C
cc -I"$D$P/include" -o "$tmp/dd" "$tmp/dd.c" -L"$D$P/lib" -lwattif 2>"$tmp/cc.log" ||
	{ cat "$tmp/cc.log"; ko "cannot build against the installed library"; }
out=$(LD_LIBRARY_PATH="$D$P/lib" "$tmp/dd")
[ "$out" = "$P/share/wattif" ] && ok "wf_data_dir() is the install prefix's" || ko "wf_data_dir() = $out"

# the example against the installed catalog (the install is under DESTDIR,
# so name it as WATTIF_DATA would after a real install)
cc -I"$D$P/include" -o "$tmp/ex" examples/c/example.c -L"$D$P/lib" -lwattif 2>"$tmp/cc.log" ||
	{ cat "$tmp/cc.log"; ko "cannot build the example against the install"; }
LD_LIBRARY_PATH="$D$P/lib" WATTIF_DATA="$D$P/share/wattif" "$tmp/ex" examples/llama-65b.yaml >"$tmp/ex.out" 2>&1 &&
	grep -q '^emissions_operational_kg *173188' "$tmp/ex.out" && ok "example on the installed catalog" ||
	{ cat "$tmp/ex.out"; ko "example on the installed catalog"; }

# in the build tree: linked with -L$BUILD, run with LD_LIBRARY_PATH=$BUILD
cc -Iinclude -o "$tmp/tree" "$tmp/dd.c" -L"$BUILD" -lwattif 2>"$tmp/cc.log" ||
	{ cat "$tmp/cc.log"; ko "cannot build against the build tree"; }
LD_LIBRARY_PATH="$BUILD" "$tmp/tree" >/dev/null 2>&1 && ok "a program linked against the build tree runs" ||
	ko "libwattif.so.0 missing from the build tree"
echo "install: $pass passed, $fail failed"
test "$fail" -eq 0

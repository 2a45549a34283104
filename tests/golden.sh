#!/bin/sh
# golden.sh - run every example and test scenario through every output path of
# one wattif binary and write the outputs into a directory, so that two builds
# (before and after a behaviour-preserving change) can be diffed byte for byte:
#
#   sh tests/golden.sh OLD_BINARY /tmp/golden-old
#   sh tests/golden.sh build/wattif /tmp/golden-new
#   diff -r /tmp/golden-old /tmp/golden-new
#
# `make golden GOLDEN_OLD=path/to/old/wattif` does both and the diff.
# Each command's stdout, stderr and exit status are recorded; the data are
# the repository's own (WATTIF_DATA).
set -u
bin=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
export WATTIF_DATA="$root"
cd "$root" || exit 1

rec() { # name, command...
	name=$1; shift
	"$@" >"$out/$name.out" 2>"$out/$name.err"
	echo $? >"$out/$name.rc"
}

for f in examples/*.yaml examples/published/*.yaml tests/scenarios/*.yaml; do
	n=$(echo "$f" | tr '/' '_')
	rec "$n.run" "$bin" run "$f"
	rec "$n.json" "$bin" run "$f" --format json
	rec "$n.csv" "$bin" run "$f" --format csv
	rec "$n.explain" "$bin" explain "$f"
	rec "$n.bases" "$bin" run "$f" --bases
	rec "$n.mc" "$bin" run "$f" --samples 200 --seed 7 --format json
	rec "$n.report" "$bin" report "$f" -o -
done
for f in examples/growth-zone-gb.yaml examples/campus-ie.yaml; do
	n=$(echo "$f" | tr '/' '_')
	rec "$n.regions" "$bin" run "$f" --regions '^GB-'
	rec "$n.regions-report" "$bin" report "$f" --regions '^GB-' -o -
done
rec week.shift "$bin" shift examples/carbon-aware-week.yaml --regions '^GB-' --format json
rec week.shift-report "$bin" report examples/carbon-aware-week.yaml --shift --regions '^GB-' -o -
for f in examples/sweeps/pue-by-accelerator.yaml examples/sweeps/gb-hourly.yaml \
	tests/sweeps/product.yaml tests/sweeps/zip.yaml tests/sweeps/ranges.yaml tests/sweeps/sampled.yaml; do
	n=$(echo "$f" | tr '/' '_')
	rec "$n.sweep" "$bin" sweep "$f" -j 2
	rec "$n.sweep-report" "$bin" report "$f" -o -
done
rec list.grids "$bin" list grids
rec list.accelerators "$bin" list accelerators

#!/bin/sh
# tests/cli.sh - the command line as a user meets it: output diffed against
# checked-in baselines (tests/baseline/), exit statuses, messages, and the
# C and Python examples.  Run by `make test`; BUILD names the build dir.
# Regenerate a baseline after an intended change with:
#   build/wattif run examples/llama-65b.yaml > tests/baseline/run_llama-65b.txt
. tests/lib.sh

# expect STATUS NAME -- COMMAND...: run, keep stdout/stderr in $tmp
expect() {
	want=$1; name=$2; shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else ko "$name: exit $got, expected $want"; cat "$tmp/err"; fi
}

baseline() {
	name=$1; shift
	"$@" >"$tmp/out" 2>"$tmp/err" || { ko "$name: exit $?"; cat "$tmp/err"; return; }
	if diff -u "tests/baseline/$name.txt" "$tmp/out" >"$tmp/diff"; then ok
	else ko "$name differs from tests/baseline/$name.txt"; cat "$tmp/diff"; fi
}

has() { # has NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok; else ko "$1: no \"$3\" in $2"; cat "$2"; fi
}

baseline run_llama-65b "$W" run examples/llama-65b.yaml
baseline run_llama-65b_csv "$W" run examples/llama-65b.yaml --format csv
baseline run_llama-65b_json "$W" run examples/llama-65b.yaml --format json
baseline explain_llama-65b "$W" explain examples/llama-65b.yaml
baseline run_uk_london "$W" run examples/uk-regions-what-if.yaml
baseline run_uk_south_scotland "$W" run examples/uk-regions-what-if.yaml --set site.region=GB-south-scotland
baseline run_training_flops "$W" run examples/training-from-flops.yaml
baseline run_inference "$W" run examples/inference-service.yaml
baseline run_uncertain "$W" run examples/uncertain-training.yaml --sensitivity --format json
# the same seed gives the same bits whatever the thread count
"$W" run examples/uncertain-training.yaml --format json -j 1 >"$tmp/j1" 2>&1
"$W" run examples/uncertain-training.yaml --format json -j 3 >"$tmp/j3" 2>&1
if cmp -s "$tmp/j1" "$tmp/j3" && grep -q '"quantiles"' "$tmp/j1"; then ok; else ko "-j 1 and -j 3 differ"; fi
# --samples 1 is the deterministic run
"$W" run examples/uncertain-training.yaml --format csv --samples 1 >"$tmp/s1" 2>&1
"$W" run examples/uncertain-training.yaml --format csv --samples 1 --seed 7 >"$tmp/s7" 2>&1
if cmp -s "$tmp/s1" "$tmp/s7" && ! grep -q "_p05" "$tmp/s1"; then ok; else ko "--samples 1 is not deterministic"; fi
expect 2 bad-samples -- "$W" run examples/llama-65b.yaml --samples 0
# embodied carbon by component: an 8x H100 server for a year, its derivation
# (every component with factor, boundary and source) and its 90% intervals
baseline explain_h100_server "$W" explain examples/h100-server-year.yaml
baseline run_h100_server "$W" run examples/h100-server-year.yaml --samples 500 --seed 3
baseline run_h100_server_json "$W" run examples/h100-server-year.yaml --format json
baseline list_embodied "$W" list embodied_factors
baseline list_accelerators "$W" list accelerators
baseline list_gb "$W" list grids '^GB'

baseline run_bases "$W" run examples/llama-65b.yaml --bases --set grid.cfe=60% \
	--set grid.residual_intensity=450g/kWh --set grid.marginal_intensity=380g/kWh

# campus projections and siting
baseline run_growth_zone "$W" run examples/growth-zone-gb.yaml
baseline run_growth_zone_regions "$W" run examples/growth-zone-gb.yaml --regions '^GB-'
baseline run_growth_zone_csv "$W" run examples/growth-zone-gb.yaml --format csv
baseline run_campus_ie_json "$W" run examples/campus-ie.yaml --format json
expect 2 regions-none -- "$W" run examples/growth-zone-gb.yaml --regions '^XX'
has regions-none "$tmp/err" "matches no grid"

# hourly series and carbon-aware shifting
baseline run_week "$W" run examples/carbon-aware-week.yaml
baseline shift_week_regions "$W" shift examples/carbon-aware-week.yaml --regions '^GB-'
baseline shift_week_csv "$W" shift examples/carbon-aware-week.yaml --set workload.wall_time=6h \
	--window 2026-07-01T00:00Z..2026-07-08T00:00Z --step '1 h' --format csv
baseline shift_week_json "$W" shift examples/carbon-aware-week.yaml --regions scotland --format json
expect 2 shift-no-wall -- "$W" shift examples/llama-65b.yaml
has shift-no-wall "$tmp/err" "shift needs the job's wall-clock time"
expect 2 shift-no-region -- "$W" shift examples/carbon-aware-week.yaml --regions '^XX'
has shift-no-region "$tmp/err" "matches no grid with an hourly series"
expect 2 shift-bad-window -- "$W" shift examples/carbon-aware-week.yaml --window 2026-07-01..x
expect 2 shift-bad-regex -- "$W" shift examples/carbon-aware-week.yaml --regions '('
expect 2 shift-short-window -- "$W" shift examples/carbon-aware-week.yaml \
	--window 2026-07-01T00:00Z..2026-07-03T00:00Z
has shift-short-window "$tmp/err" "is shorter than the job (168 h)"
# past the end of the series: the typical-year profile, at the 2025 mean held
expect 0 run-week-past-series -- "$W" run examples/carbon-aware-week.yaml --set start=2026-07-20T00:00Z
has run-week-past-series "$tmp/out" "typical-year profile"
expect 2 run-before-data -- "$W" run examples/carbon-aware-week.yaml --set start=2021-07-20T00:00Z
has run-before-data "$tmp/err" 'start=2021-07-20T00:00Z: grid "GB-london" has no annual figure for 2021'

# grids across time: a job next March in GB, a GB region, a US-East cloud
# region and DE runs on a profile, explain names it and its annual figure,
# and shift finds a start in the week from it
for r in GB GB-london aws-us-east-1 DE; do
	expect 0 "future-$r" -- "$W" explain examples/carbon-aware-week.yaml \
		--set start=2027-03-01T00:00Z --set site.region=$r
	has "future-$r" "$tmp/out" "intensity basis: "
	has "future-$r" "$tmp/out" "typical-year profile at "
	has "future-$r" "$tmp/out" "held"
	expect 0 "future-shift-$r" -- "$W" shift examples/carbon-aware-week.yaml \
		--set start=2027-03-01T00:00Z --set site.region=$r --set workload.wall_time=6h \
		--format csv
	has "future-shift-$r" "$tmp/out" ",profile,"
done
baseline run_regions_future_csv "$W" run examples/carbon-aware-week.yaml --format csv \
	--set start=2027-03-01T00:00Z --regions '^(GB|GB-london|aws-us-east-1|DE|FR)$'
baseline run_regions_json "$W" run examples/carbon-aware-week.yaml --format json \
	--set start=2023-06-12T07:15Z --regions '^(GB|DE|US-PJM)$'
baseline shift_regions_future_json "$W" shift examples/carbon-aware-week.yaml --format json \
	--set start=2027-03-01T00:00Z --set workload.wall_time=6h --regions '^(GB|DE|US-.*)$'
baseline run_gb_neso_csv "$W" run tests/scenarios/gb_neso_june.yaml --format csv
baseline list_grids_series "$W" list grids '^(GB|DE|US-PJM|aws-us-east-1)$'
expect 2 strict-basis -- "$W" run tests/scenarios/gb_neso_june.yaml --set site.region=FR \
	--set start=2027-03-01T00:00Z --set grid.basis=direct
has strict-basis "$tmp/err" "no annual figure on the direct basis"

# The number writer's generated table is what its script writes (and the
# script's proof that the table is precise enough still holds).
if python3 tools/gen_numfmt_table.py --check; then ok; else ko "src/numfmt_table.h is stale"; fi

expect 0 check-shipped -- "$W" check models data
has check-shipped "$tmp/out" "ok:"
expect 0 check-examples -- "$W" check examples
expect 0 check-tests -- "$W" check tests/scenarios

# Bad input: status 2, a located message on stderr, nothing on stdout.
expect 2 bad-dimension -- "$W" check tests/bad/01-tdp-wrong-dimension.yaml
has bad-dimension "$tmp/err" "tests/bad/01-tdp-wrong-dimension.yaml:5:10: tdp: expected a power"
expect 2 bad-set -- "$W" run examples/llama-65b.yaml --set site.pue=0.5
has bad-set "$tmp/err" "must be at least 1"
[ -s "$tmp/out" ] && ko "bad-set wrote to stdout" || ok
expect 2 bad-region -- "$W" run examples/llama-65b.yaml --set grid.intensity=x --set site.region=GB
expect 2 unknown-command -- "$W" frobnicate
expect 2 missing-file -- "$W" run no-such-file.yaml
has missing-file "$tmp/err" "no-such-file.yaml"
expect 2 bad-format -- "$W" run examples/llama-65b.yaml --format xml
expect 2 bad-kind -- "$W" list gpus
expect 2 bad-regex -- "$W" list grids '(['
expect 0 help -- "$W" --help
expect 0 run-help -- "$W" run --help

# Reports: bad input exits 2 and leaves an existing target as it was;
# unknown charts exit 2; a growth zone's page holds its ranking.
echo "an older report" >"$tmp/keep.html"
expect 2 report-bad-input -- "$W" report tests/bad/01-tdp-wrong-dimension.yaml -o "$tmp/keep.html"
has report-bad-input "$tmp/err" "01-tdp-wrong-dimension.yaml:5:10: tdp: expected a power"
[ "$(cat "$tmp/keep.html")" = "an older report" ] && [ -z "$(ls -A "$tmp" | grep '^\.keep')" ] && ok ||
	ko "report-bad-input: the target was touched or a temporary file left"
expect 2 report-chart-pie -- "$W" report examples/llama-65b.yaml --format svg --chart pie
has report-chart-pie "$tmp/err" 'unknown chart "pie"'
expect 2 report-years-chart-pie -- "$W" report examples/growth-zone-gb.yaml --format svg --chart pie
has report-years-chart-pie "$tmp/err" "charts: years, siting, siting-years"
expect 2 report-projection-shift -- "$W" report examples/growth-zone-gb.yaml --shift
expect 0 report-growth-zone -- "$W" report examples/growth-zone-gb.yaml --regions '^GB-' -o "$tmp/gz.html"
has report-growth-zone "$tmp/gz.html" '<figure data-chart="siting">'
has report-growth-zone "$tmp/gz.html" '<tr data-region="GB-north-east-england"><td class="num">1</td>'
has report-growth-zone "$tmp/gz.html" '<li data-region="GB-wales"><code>GB-wales</code>: '
best=$("$W" run examples/growth-zone-gb.yaml --regions '^GB-' | awk '$1 == 1 { print $3; exit }')
has report-growth-zone "$tmp/gz.html" ">$best</td>"
expect 0 report-years-svg -- "$W" report examples/campus-ie.yaml --format svg --chart years -o "$tmp/y.svg"
has report-years-svg "$tmp/y.svg" '<svg xmlns="http://www.w3.org/2000/svg"'

# --- Outputs (README "Nothing lost"): -o is resolved, never an input,
# atomic for files (mode kept), in place for FIFOs and devices, locked.
out_dir="$tmp/out.d"
mkdir -p "$out_dir"
# onto a FIFO: written in place, the FIFO stays a FIFO
mkfifo "$out_dir/fifo"
timeout 20 cat "$out_dir/fifo" >"$out_dir/from-fifo" &
reader=$!
expect 0 report-fifo -- timeout 20 "$W" report examples/llama-65b.yaml -o "$out_dir/fifo"
wait $reader
[ -p "$out_dir/fifo" ] && ok || ko "report -o FIFO: the FIFO was replaced"
has report-fifo "$out_dir/from-fifo" '<!DOCTYPE html>'
# onto a symlink: the link stays a link, its target gets the page and keeps its mode
echo "old" >"$out_dir/target.html"
chmod 600 "$out_dir/target.html"
ln -s target.html "$out_dir/link.html"
expect 0 report-symlink -- "$W" report examples/llama-65b.yaml -o "$out_dir/link.html"
[ -L "$out_dir/link.html" ] && ok || ko "report -o symlink: the link was replaced by a file"
has report-symlink "$out_dir/target.html" '<!DOCTYPE html>'
[ "$(stat -c %a "$out_dir/target.html")" = 600 ] && ok || ko "report -o: mode $(stat -c %a "$out_dir/target.html"), not 600"
# -o naming an input (by any name) is refused and the input kept
cp examples/llama-65b.yaml "$out_dir/s.yaml"
ln "$out_dir/s.yaml" "$out_dir/hard.yaml"
for c in report run shift; do
	expect 2 "$c-o-input" -- "$W" $c "$out_dir/s.yaml" -o "$out_dir/hard.yaml"
	has "$c-o-input" "$tmp/err" "which this command reads"
done
cmp -s examples/llama-65b.yaml "$out_dir/s.yaml" && ok || ko "-o input: the input changed"
# and so is the shipped data the command loaded (a copy of it here)
mkdir -p "$out_dir/share"
cp -R models data "$out_dir/share/"
cp "$out_dir/share/models/hardware/nvidia.yaml" "$out_dir/nvidia.yaml"
expect 2 report-o-shipped -- env WATTIF_DATA="$out_dir/share" "$W" report examples/llama-65b.yaml \
	-o "$out_dir/share/models/hardware/nvidia.yaml"
cmp -s "$out_dir/nvidia.yaml" "$out_dir/share/models/hardware/nvidia.yaml" && ok ||
	ko "report -o over shipped data: it changed"
# run/shift -o: the table in the file, nothing on stdout; a failure keeps the old file
expect 0 run-o -- "$W" run examples/llama-65b.yaml -o "$out_dir/run.txt"
cmp -s tests/baseline/run_llama-65b.txt "$out_dir/run.txt" && [ ! -s "$tmp/out" ] && ok || ko "run -o: file differs"
expect 2 run-o-fails -- "$W" run examples/llama-65b.yaml --set site.pue=0.5 -o "$out_dir/run.txt"
cmp -s tests/baseline/run_llama-65b.txt "$out_dir/run.txt" && ok || ko "run -o: a failure touched the file"
[ -z "$(ls -A "$out_dir" | grep '^\.')" ] && ok || ko "-o left a temporary file: $(ls -A "$out_dir")"
expect 0 run-o-dash -- "$W" run examples/llama-65b.yaml -o -
has run-o-dash "$tmp/out" "facility energy"
[ ! -e ./- ] && ok || ko "run -o - created a file named -"
# a directory is not a file
expect 2 run-o-dir -- "$W" run examples/llama-65b.yaml -o "$out_dir"
has run-o-dir "$tmp/err" "is a directory"
# a file another wattif is writing (a lock on it) is refused
echo "being written" >"$out_dir/locked.html"
if command -v flock >/dev/null 2>&1; then
	flock "$out_dir/locked.html" sleep 3 &
	holder=$!
	sleep 0.5
	expect 1 report-locked -- "$W" report examples/llama-65b.yaml -o "$out_dir/locked.html"
	has report-locked "$tmp/err" "is being written by another process"
	wait $holder
	[ "$(cat "$out_dir/locked.html")" = "being written" ] && ok || ko "report -o: a locked file was replaced"
fi

# --- Refused, not ignored: --set paths and ids, overflowing values
expect 2 set-double-dot -- "$W" run examples/llama-65b.yaml --set 'site..pue=1.3'
has set-double-dot "$tmp/err" 'expected a scenario path such as site.pue'
expect 0 set-id -- "$W" run examples/llama-65b.yaml --set id=renamed --format csv
has set-id "$tmp/out" "renamed,"
expect 2 set-overflow -- "$W" run examples/llama-65b.yaml --set 'workload.power_per_device=1e300 W'
has set-overflow "$tmp/err" "wattif: --set workload.power_per_device=1e300 W: workload.power_per_device ="
# a pattern that backtracks without end: an error naming it, no half list
expect 2 list-backtrack -- timeout 20 "$W" list grids '(.*.*)*x$'
has list-backtrack "$tmp/err" 'pattern "(.*.*)*x$"'
[ -s "$tmp/out" ] && ko "list-backtrack: printed part of a list" || ok

# --- Hostile input files: refused at once by what they are, located
mkfifo "$out_dir/pipe"
printf 'include: pipe\n' >"$out_dir/inc-fifo.yaml"
expect 2 include-fifo -- timeout 20 "$W" check "$out_dir/inc-fifo.yaml"
has include-fifo "$tmp/err" 'inc-fifo.yaml:1:10: include: "'
printf 'grids:\n  - {id: XX-z, series: /dev/zero, series_basis: direct}\n' >"$out_dir/series-zero.yaml"
expect 2 series-zero -- timeout 20 "$W" check "$out_dir/series-zero.yaml"
has series-zero "$tmp/err" 'series: "/dev/zero" is a character device'
expect 2 include-dir -- "$W" check tests/bad/60-include-directory.yaml
has include-dir "$tmp/err" "60-include-directory.yaml:3:10: include: \"tests/bad/60-dir.inc\" is a directory"
expect 2 utf8-line -- "$W" check tests/bad/59-invalid-utf8.yaml
has utf8-line "$tmp/err" "59-invalid-utf8.yaml:4:16: invalid UTF-8"
# an include bomb (one file included ten times on each of eight levels:
# 10^8 loads) is nine loads: fast, in little memory
i=0
while [ $i -lt 8 ]; do
	n=$((i + 1))
	echo "include: [b$n.yaml, b$n.yaml, b$n.yaml, b$n.yaml, b$n.yaml, b$n.yaml, b$n.yaml, b$n.yaml, b$n.yaml, b$n.yaml]" >"$out_dir/b$i.yaml"
	i=$n
done
echo "# the last level" >"$out_dir/b8.yaml"
expect 0 include-bomb -- sh -c "$(memlimit 1000000) timeout 20 $W check $out_dir/b0.yaml"
# a sweep file written as a flow mapping is still a sweep file to report
printf '{sweep: {base: %s/examples/llama-65b.yaml, vary: {site.pue: [1.1, 1.2]}}}\n' "$(pwd)" >"$out_dir/flow.yaml"
expect 0 report-flow-sweep -- "$W" report "$out_dir/flow.yaml" -o "$out_dir/flow.html"
has report-flow-sweep "$out_dir/flow.html" "site.pue"
# text from files reaches the terminal escaped: a scenario named by its file
esc=$(printf 'run-\033[2J')
sed '/^  id:/d' examples/llama-65b.yaml >"$out_dir/$esc.yaml"
expect 0 table-escaped -- "$W" run "$out_dir/$esc.yaml"
if grep -q "$(printf '\033')" "$tmp/out"; then ko "table-escaped: an escape sequence reached the table"; else ok; fi
has table-escaped "$tmp/out" 'run-\x1b[2J.yaml'
expect 2 id-escape -- "$W" run tests/bad/63-scenario-id-escape.yaml
has id-escape "$tmp/err" "63-scenario-id-escape.yaml:4:14: id: control character 0x1b"
# After the run: a job estimated beside the same job measured (a real
# nvidia-smi log), as a table, CSV and JSON; the report's section
baseline compare_measured "$W" compare examples/measured-vs-estimate.yaml
baseline compare_measured_csv "$W" compare examples/measured-vs-estimate.yaml --format csv
baseline compare_measured_json "$W" compare examples/measured-vs-estimate.yaml --format json
expect 2 compare-no-measured -- "$W" compare examples/llama-65b.yaml
has compare-no-measured "$tmp/err" "has no measured: section"
expect 0 compare-two-files -- "$W" compare examples/published/OLMo2-T19-7B.yaml examples/published/OLMo2-T19-13B.yaml --format csv
has compare-two-files "$tmp/out" "energy_facility_kwh,157200,287840,0.5461367426347971"
expect 0 report-compare -- "$W" report examples/measured-vs-estimate.yaml -o "$tmp/cmp.html"
has report-compare "$tmp/cmp.html" '<section id="compare">'
has report-compare "$tmp/cmp.html" '<figure data-chart="compare">'
expect 0 report-compare-svg -- "$W" report examples/llama-65b.yaml --compare examples/published/L23-T15-65B.yaml \
	--format svg --chart compare -o "$tmp/cmp.svg"
has report-compare-svg "$tmp/cmp.svg" 'Estimate beside measurement'
baseline run_olmo2_7b "$W" run examples/published/OLMo2-T19-7B.yaml

# Power logs that cannot be counted: a file:line:col message, exit 2.  Each
# is a real nvidia-smi log (tests/data/powerlog/) with one defect.
log=tests/data/powerlog/nvidia-smi_a100pcie_excerpt.csv
printf 'scenario:\n  workload:\n    kind: training\n    accelerator: nvidia-a100-pcie-40gb\n    power_log: {file: bad.csv, gpus: 1, utc_offset: 0}\n  site: {pue: 1.1}\n' >"$tmp/log.yaml"
bad_log() { # NAME WANT: run the scenario over $tmp/bad.csv
	expect 2 "$1" -- "$W" run "$tmp/log.yaml"
	has "$1" "$tmp/err" "$tmp/bad.csv:$2"
}
{ head -n 9 "$log"; sed -n 10p "$log" | cut -c1-40 | tr -d '\n'; } >"$tmp/bad.csv"
bad_log log-truncated "10:41: expected 8 fields as in the header, got 5 (a truncated line?)"
sed '5s/, 63.40 W, 63.40 W,/, 63.40, 63.40 W,/' "$log" >"$tmp/bad.csv"
bad_log log-unitless "5:39: power.draw: a unit-less value"
awk 'NR == 7 { held = $0; next } { print } NR == 8 { print held }' "$log" >"$tmp/bad.csv"
bad_log log-backwards "8:1: timestamp 2023-08-24T22:20:16.352000Z is not after the previous sample's 2023-08-24T22:20:16.364000Z (line 7)"
sed '1s/temperature.gpu/Temperature GPU/' "$log" >"$tmp/bad.csv"
bad_log log-unknown-column "1:33: unknown column \"Temperature GPU\""
printf 'scenario:\n  workload:\n    kind: training\n    accelerator: nvidia-a100-pcie-40gb\n    power_log: {file: %s, utc_offset: 0}\n  site: {pue: 1.1}\n' \
	"$(pwd)/tests/data/powerlog/dcgm-jobstats_excerpt.csv" >"$tmp/job.yaml"
expect 2 log-dcgm-jobstats -- "$W" run "$tmp/job.yaml"
has log-dcgm-jobstats "$tmp/err" "dcgm-jobstats_excerpt.csv:1:52: DCGM job statistics"

# A full disk must not pass silently.
if [ -w /dev/full ]; then
	"$W" run examples/llama-65b.yaml >/dev/full 2>"$tmp/err"
	[ $? -eq 1 ] && ok || ko "write error to /dev/full not reported"
fi
# -o onto a device: written in place (never replaced), ENOSPC reported.  A
# private node of the full device (as root), so a wattif that replaced
# its target could not replace the system's /dev/full.
if [ "$(id -u)" = 0 ] && mknod "$tmp/full" c 1 7 2>/dev/null; then
	expect 1 report-dev-full -- "$W" report examples/llama-65b.yaml -o "$tmp/full"
	has report-dev-full "$tmp/err" "No space left on device"
	[ -c "$tmp/full" ] && ok || ko "-o onto a device: the device node was replaced"
fi

# --samples with no input written as a distribution says so (no empty
# interval column) and JSON counts the uncertain inputs.
expect 0 samples-no-dist -- "$W" run examples/llama-65b.yaml --samples 50
has samples-no-dist "$tmp/out" "no input is a distribution"
grep -q '90% interval' "$tmp/out" && ko "samples-no-dist: an empty interval column" || ok
expect 0 samples-no-dist-json -- "$W" run examples/llama-65b.yaml --samples 50 --format json
has samples-no-dist-json "$tmp/out" '"uncertain_inputs": 0'
expect 0 samples-dist-json -- "$W" run examples/uncertain-training.yaml --samples 50 --format json
grep -q '"uncertain_inputs": [1-9]' "$tmp/out" && ok || ko "samples-dist-json: uncertain inputs not counted"

# A small job's ranking prints in a unit that shows its differences (kg
# here, not "0.0 t" and "+0.0" for every region), and only identical
# totals share a rank.
expect 0 regions-small-unit -- "$W" run examples/carbon-aware-week.yaml --regions '^GB-'
has regions-small-unit "$tmp/out" "location kg"
[ "$(grep -c ' +0\.0 ' "$tmp/out")" -le 1 ] && ok || ko "regions-small-unit: several +0.0 rows"
grep -q '^  2= ' "$tmp/out" && ko "regions-small-unit: different totals tied" || ok

# counts in words: "1 scenario", "1 accelerator", not "1 scenarios"
expect 0 check-singular -- "$W" check examples/llama-65b.yaml
has check-singular "$tmp/out" ", 1 scenario"
grep -q '1 scenarios' "$tmp/out" && ko "check-singular: 1 scenarios" || ok

# Without WATTIF_DATA the tool finds models/ and data/ from any build
# directory of the source tree (build/, build/check/, build/mpi/, ...).
expect 0 data-from-build-dir -- env -u WATTIF_DATA "$W" run examples/llama-65b.yaml
has data-from-build-dir "$tmp/out" "173.2 t CO2e"

# --- The command line's conventions (README "Command line"): one parser
# for every command, the version from one place, help per command, the
# nearest command or option suggested, '-' for standard input, list in
# machine formats, the bash completion.
v=$(sed -n 's/^#define WF_VERSION "\(.*\)"$/\1/p' include/wattif.h)
expect 0 version -- "$W" --version
[ "$(cat "$tmp/out")" = "wattif $v" ] && ok || ko "--version: $(cat "$tmp/out"), not wattif $v"
grep -qx "Version: $v" "$BUILD/wattif.pc" && ok || ko "wattif.pc's Version is not $v"
head -n 1 man/wattif.1 | grep -qF "\"wattif $v\"" && ok || ko "man/wattif.1 names another version than $v"
grep -qx "version = \"$v\"" python/pyproject.toml && grep -qx "__version__ = \"$v\"" python/wattif/__init__.py &&
	ok || ko "the Python package names another version than $v"
# help for one command, by either spelling; unknown commands and options
# get the nearest, on stderr, with nothing on stdout
expect 0 help-run -- "$W" help run
has help-run "$tmp/out" "usage: wattif run FILE.yaml"
has help-run "$tmp/out" "-j, --threads N"
"$W" run --help >"$tmp/help2" 2>&1
cmp -s "$tmp/out" "$tmp/help2" && ok || ko "wattif help run and wattif run --help differ"
for c in run explain check list shift sweep report compare import completion help; do
	expect 0 "help-$c" -- "$W" help $c
	has "help-$c" "$tmp/out" "usage: wattif $c "
	has "help-$c" "$tmp/out" "-h, --help"
done
expect 2 help-unknown -- "$W" help rn
has help-unknown "$tmp/err" 'unknown command "rn" (did you mean "run"?)'
expect 2 command-typo -- "$W" rn examples/llama-65b.yaml
has command-typo "$tmp/err" 'unknown command "rn" (did you mean "run"?)'
[ -s "$tmp/out" ] && ko "command-typo wrote to stdout" || ok
expect 2 version-typo -- "$W" --verison
has version-typo "$tmp/err" '(did you mean "--version"?)'
expect 2 option-typo -- "$W" run examples/llama-65b.yaml --fromat json
has option-typo "$tmp/err" 'wattif run: unknown option "--fromat" (did you mean "--format"?)'
[ -s "$tmp/out" ] && ko "option-typo wrote to stdout" || ok
expect 2 option-typo-eq -- "$W" shift examples/carbon-aware-week.yaml --regoins='^GB'
has option-typo-eq "$tmp/err" 'unknown option "--regoins" (did you mean "--regions"?)'
expect 2 option-of-another -- "$W" shift examples/carbon-aware-week.yaml --samples 10
has option-of-another "$tmp/err" 'unknown option "--samples": an option of run, explain and report, not of shift'
expect 2 value-typo -- "$W" run examples/llama-65b.yaml --format jsno
has value-typo "$tmp/err" 'expected table, csv or json, got "jsno" (did you mean "json"?)'
expect 2 kind-typo -- "$W" list grid
has kind-typo "$tmp/err" 'unknown kind "grid" (did you mean "grids"?)'
expect 2 flag-value -- "$W" run examples/llama-65b.yaml --bases=yes
has flag-value "$tmp/err" '--bases takes no value'
expect 2 missing-value -- "$W" sweep examples/sweeps/pue-by-accelerator.yaml -j
has missing-value "$tmp/err" '-j needs a value: N'
# the same spellings everywhere: --name=VALUE, -jN, --threads, --output
"$W" run examples/uncertain-training.yaml --format=json --samples=200 --seed=7 -j1 >"$tmp/a" 2>&1
"$W" run examples/uncertain-training.yaml --format json --samples 200 --seed 7 --threads 3 >"$tmp/b" 2>&1
cmp -s "$tmp/a" "$tmp/b" && grep -q '"samples": 200' "$tmp/a" && ok || ko "--name=VALUE and -jN differ from --name VALUE"
expect 0 sweep-output -- "$W" sweep examples/sweeps/pue-by-accelerator.yaml --output "$tmp/sw.csv" --threads 2
"$W" sweep examples/sweeps/pue-by-accelerator.yaml >"$tmp/sw-stdout.csv" 2>&1
cmp -s "$tmp/sw.csv" "$tmp/sw-stdout.csv" && ok || ko "sweep --output differs from stdout"
expect 0 import-output -- "$W" import neso-json tests/data/import/neso_national.json --output="$tmp/imp.csv"
has import-output "$tmp/imp.csv" "timestamp_utc,intensity_g_per_kwh"
for c in run explain shift report sweep import; do
	"$W" $c --help | grep -q -- '-o, --output OUT' && ok || ko "$c: -o is not spelled -o, --output OUT"
done
for c in run explain report sweep; do
	"$W" $c --help | grep -q -- '-j, --threads N' && ok || ko "$c: -j is not spelled -j, --threads N"
done
# '--' ends the options; an option after the files is still one
cp examples/llama-65b.yaml "$tmp/-dash.yaml"
expect 0 double-dash -- "$W" run --format csv -- "$tmp/-dash.yaml"
has double-dash "$tmp/out" "llama-65b,"
expect 2 check-q-after -- "$W" check tests/bad/01-tdp-wrong-dimension.yaml -q examples
has check-q-after "$tmp/err" "01-tdp-wrong-dimension.yaml:5:10"
# '-': a model file from standard input, named <stdin> in messages
expect 0 stdin-run -- sh -c "\"$W\" run - <examples/llama-65b.yaml"
cmp -s tests/baseline/run_llama-65b.txt "$tmp/out" && ok || ko "run - differs from run FILE"
expect 2 stdin-bad -- sh -c "\"$W\" check - <tests/bad/01-tdp-wrong-dimension.yaml"
has stdin-bad "$tmp/err" "wattif: <stdin>:5:10: tdp: expected a power"
expect 2 stdin-twice -- sh -c "\"$W\" compare - - </dev/null"
has stdin-twice "$tmp/err" "'-' (standard input) given twice"
expect 0 stdin-compare -- sh -c "\"$W\" compare - examples/published/OLMo2-T19-13B.yaml --format csv <examples/published/OLMo2-T19-7B.yaml"
has stdin-compare "$tmp/out" "energy_facility_kwh,157200,287840,0.5461367426347971"
(cd examples/sweeps && "../../$W" sweep - <pue-by-accelerator.yaml) >"$tmp/sw-stdin.csv" 2>&1
cmp -s "$tmp/sw-stdout.csv" "$tmp/sw-stdin.csv" && ok || ko "sweep - differs from sweep FILE"
expect 0 stdin-report -- sh -c "\"$W\" report - -o \"$tmp/stdin.html\" <examples/llama-65b.yaml"
has stdin-report "$tmp/stdin.html" "&lt;stdin&gt;"
# list in machine formats: one row per entry, numbers in SI or with the
# unit in the name, the same entries as the table
expect 0 list-csv -- "$W" list accelerators '^nvidia-h100-sxm5-80gb$' --format csv
has list-csv "$tmp/out" "id,name,tdp_w,peak_bf16_flop_per_s,peak_fp16_flop_per_s,peak_fp32_flop_per_s,memory_bytes,estimate,source,file,line"
has list-csv "$tmp/out" "nvidia-h100-sxm5-80gb,NVIDIA H100 SXM5 80GB,700,9.89e14,9.89e14,6.7e13,8e10,false,"
expect 0 list-json -- "$W" list grids '^GB' --format json
python3 - "$tmp/out" "$("$W" list grids '^GB' | grep -c '^GB')" <<'PY' && ok || ko "list --format json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "grids" and len(d["entries"]) == int(sys.argv[2]), d
gb = [e for e in d["entries"] if e["id"] == "GB"][0]
assert gb["intensity_g_per_kwh"] == 216.5 and gb["year"] == 2024, gb
assert gb["series"] and all(s["file"].endswith(".csv") for s in gb["series"]), gb
PY
expect 0 list-pathways-csv -- "$W" list pathways '^GB-cp2030-metrics$' --format csv
has list-pathways-csv "$tmp/out" "id,name,region,first_year,last_year,status,accounting,basis,last_intensity_g_per_kwh,source,file,line"
has list-pathways-csv "$tmp/out" ",GB,2020,2025,history,location,unstated,104,"
expect 0 list-facilities-csv -- "$W" list facilities '^aws-fleet-2024$' --format csv
has list-facilities-csv "$tmp/out" "aws-fleet-2024,AWS global fleet average 2024,1.15,0.15,,"
# no colour anywhere (nothing for NO_COLOR to turn off)
for c in "--help" "help run" "run examples/llama-65b.yaml" "rn"; do
	"$W" $c >"$tmp/col" 2>&1
	if grep -q "$(printf '\033')" "$tmp/col"; then ko "wattif $c printed an escape sequence"; else ok; fi
done
# the bash completion: written from the command table, loads in bash and
# completes commands, options, their values and first operands
comp() { # WORDS...: what bash completes for the last word
	bash -c '. "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && _wattif && echo "${COMPREPLY[*]}"' \
		_ "$BUILD/wattif.bash" "$@"
}
if command -v bash >/dev/null 2>&1; then
	"$W" completion bash | cmp -s - "$BUILD/wattif.bash" && ok || ko "$BUILD/wattif.bash is stale"
	[ "$(comp wattif r)" = "run report" ] && ok || ko "completion of r: $(comp wattif r)"
	[ "$(comp wattif run x.yaml --fo)" = "--format" ] && ok || ko "completion of --fo: $(comp wattif run x.yaml --fo)"
	[ "$(comp wattif shift x.yaml --format '')" = "table csv json" ] && ok || ko "completion of --format's value"
	[ "$(comp wattif sweep x.yaml --format '')" = "csv jsonl" ] && ok || ko "completion of sweep --format's value"
	[ "$(comp wattif list --format csv gr)" = "grids" ] && ok || ko "completion of list's KIND"
	[ "$(comp wattif list grids '')" = "" ] && ok || ko "completion after list's KIND"
	[ "$(comp wattif help com)" = "compare completion" ] && ok || ko "completion of help's COMMAND"
	[ "$(comp wattif report x.yaml --chart sit)" = "siting siting-years" ] && ok || ko "completion of --chart"
else
	ko "bash not installed"
fi

# --- The cache of parsed model files (README "Start-up"): the same output
# off, cold and warm; the default place and its mode; a directory the user
# named that cannot be used is refused, the default one passed over.
c="$tmp/cache"
WATTIF_CACHE=off "$W" run examples/llama-65b.yaml --format json >"$tmp/c-off" 2>&1
WATTIF_CACHE="$c/x" "$W" run examples/llama-65b.yaml --format json >"$tmp/c-cold" 2>&1
WATTIF_CACHE="$c/x" "$W" run examples/llama-65b.yaml --format json >"$tmp/c-warm" 2>&1
if cmp -s "$tmp/c-off" "$tmp/c-cold" && cmp -s "$tmp/c-off" "$tmp/c-warm" &&
	[ "$(ls "$c/x" | grep -c '\.wfdoc$')" -ge 10 ]; then ok
else ko "cache: output differs off/cold/warm, or no entries in $c/x"; fi
[ "$(stat -c %a "$c")" = 700 ] && [ "$(stat -c %a "$c/x")" = 700 ] && ok ||
	ko "cache: directories not made mode 0700"
WATTIF_CACHE=off "$W" run examples/llama-65b.yaml >/dev/null 2>&1
[ ! -e "$c/off" ] && ok || ko "cache: WATTIF_CACHE=off made a directory"
mkdir "$tmp/home"
env -u WATTIF_CACHE -u XDG_CACHE_HOME HOME="$tmp/home" "$W" run examples/llama-65b.yaml >/dev/null 2>&1
[ -d "$tmp/home/.cache/wattif" ] && ok || ko "cache: not made under \$HOME/.cache/wattif"
env -u WATTIF_CACHE XDG_CACHE_HOME="$tmp/xdg" HOME="$tmp/home" "$W" run examples/llama-65b.yaml >/dev/null 2>&1
[ -d "$tmp/xdg/wattif" ] && ok || ko "cache: not made under \$XDG_CACHE_HOME/wattif"
touch "$tmp/a-file"
expect 2 cache-not-dir -- env WATTIF_CACHE="$tmp/a-file" "$W" run examples/llama-65b.yaml
has cache-not-dir "$tmp/err" "WATTIF_CACHE: $tmp/a-file: is not a directory"
[ ! -s "$tmp/out" ] && ok || ko "cache-not-dir: wrote output"
mkdir -m 777 "$tmp/open"
chmod 777 "$tmp/open"
expect 2 cache-open -- env WATTIF_CACHE="$tmp/open" "$W" run examples/llama-65b.yaml
has cache-open "$tmp/err" "writable by other users"
# the default place unusable (a file where the directory would be): runs
touch "$tmp/home2"
expect 0 cache-default-unusable -- env -u WATTIF_CACHE -u XDG_CACHE_HOME HOME="$tmp/home2" "$W" run examples/llama-65b.yaml
if cmp -s "$tmp/out" tests/baseline/run_llama-65b.txt; then ok; else ko "cache-default-unusable: output differs"; fi

# The library from C and from Python (ctypes, standard library only).
if [ -x "$BUILD/examples/wattif_example" ]; then
	expect 0 c-example -- "$BUILD/examples/wattif_example" examples/llama-65b.yaml
	has c-example "$tmp/out" "energy_facility_kwh"
else
	ko "C example not built"
fi
if [ -n "${SANITIZER:-}" ]; then
	echo "cli: python example skipped under sanitizers (python cannot dlopen an ASan library)"
elif command -v python3 >/dev/null 2>&1; then
	expect 0 python-example -- env WATTIF_LIB="$BUILD/libwattif.so" python3 examples/python/example.py examples/llama-65b.yaml
	has python-example "$tmp/out" "energy_facility_kwh"
else
	ko "python3 not installed"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

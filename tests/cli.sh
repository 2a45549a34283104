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
expect 2 run-week-past-series -- "$W" run examples/carbon-aware-week.yaml --set start=2026-07-20T00:00Z
has run-week-past-series "$tmp/err" "does not cover the job's window"

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

# A full disk must not pass silently.
if [ -w /dev/full ]; then
	"$W" run examples/llama-65b.yaml >/dev/full 2>"$tmp/err"
	[ $? -eq 1 ] && ok || ko "write error to /dev/full not reported"
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

# Without WATTIF_DATA the tool finds models/ and data/ from any build
# directory of the source tree (build/, build/check/, build/mpi/, ...).
expect 0 data-from-build-dir -- env -u WATTIF_DATA "$W" run examples/llama-65b.yaml
has data-from-build-dir "$tmp/out" "173.2 t CO2e"

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

#!/bin/sh
# tests/import.sh - `wattif import` as a user meets it: exit statuses,
# messages with file:line:col for the bad fixtures, -o (complete or not at
# all, never over an input), the round trip of every importer through
# `wattif run` (tests/import_roundtrip.py) and the NESO downloader against
# a stand-in API on 127.0.0.1 (tests/test_neso_download.py).  Run by
# `make test`; BUILD names the build dir.
. tests/lib.sh
D=tests/data/import

expect() { # expect STATUS NAME -- COMMAND...
	want=$1; name=$2; shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else ko "$name: exit $got, expected $want"; cat "$tmp/err"; fi
}
has() { # has NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok; else ko "$1: no \"$3\" in $2"; cat "$2"; fi
}

expect 2 no-args -- "$W" import
has no-args "$tmp/err" "needs a FORMAT"
expect 0 help -- "$W" import --help
has help "$tmp/out" "usage: wattif import FORMAT FILE..."
expect 2 unknown-format -- "$W" import csv x.csv
has unknown-format "$tmp/err" 'unknown format "csv"'
expect 2 no-file -- "$W" import neso-json
expect 2 missing-file -- "$W" import neso-json "$D/nothere.json"
has missing-file "$tmp/err" "$D/nothere.json: cannot open"
expect 2 models-alone -- "$W" import entsoe "$D/entsoe_nl_utc.csv" --models x.yaml
has models-alone "$tmp/err" "--models goes with --factors"

# the bad fixtures: exit 2, file:line:col, nothing on standard output
expect 2 bad-em -- "$W" import electricitymaps "$D/bad/em_duplicate.csv"
has bad-em "$tmp/err" "$D/bad/em_duplicate.csv:4:1: duplicate interval 2024-01-01T01:00:00Z of region SE (first at $D/bad/em_duplicate.csv:3)"
if [ -s "$tmp/out" ]; then ko "bad-em wrote to standard output"; else ok; fi
expect 2 bad-neso -- "$W" import neso-json "$D/bad/neso_step.json"
has bad-neso "$tmp/err" "$D/bad/neso_step.json:3:11: step: this interval lasts 60 min but the one at $D/bad/neso_step.json:2 lasts 30 min"
expect 2 bad-entsoe -- "$W" import entsoe "$D/bad/entsoe_spring.csv"
has bad-entsoe "$tmp/err" "$D/bad/entsoe_spring.csv:4:13: time zone: 31.03.2024 02:00 does not exist in CET/CEST"

# CSV on standard output, notes on standard error; -o gives the same bytes
expect 0 stdout -- "$W" import neso-json "$D/neso_national.json"
has stdout "$tmp/err" "wattif import: values: NESO intensity.actual"
has stdout "$tmp/err" "wattif import: 1 interval with no value in the source"
cp "$tmp/out" "$tmp/national.csv"
expect 0 output -- "$W" import neso-json "$D/neso_national.json" -o "$tmp/o.csv"
if cmp -s "$tmp/o.csv" "$tmp/national.csv" && [ ! -s "$tmp/out" ]; then ok; else ko "-o differs from stdout"; fi
# a failed import leaves an existing output as it was, and no temporary file
echo "keep me" >"$tmp/o.csv"
expect 2 output-kept -- "$W" import entsoe "$D/bad/entsoe_spring.csv" -o "$tmp/o.csv"
if [ "$(cat "$tmp/o.csv")" = "keep me" ] && [ "$(ls -A "$tmp" | grep -c '^\.o\.csv')" -eq 0 ]; then ok
else ko "output-kept: $tmp/o.csv changed or a temporary file was left"; fi
# never over an input
cp "$D/neso_national.json" "$tmp/in.json"
expect 2 output-is-input -- "$W" import neso-json "$tmp/in.json" -o "$tmp/in.json"
has output-is-input "$tmp/err" "is one of the files to import"
if cmp -s "$tmp/in.json" "$D/neso_national.json"; then ok; else ko "the input was overwritten"; fi
expect 1 output-no-dir -- "$W" import neso-json "$D/neso_national.json" -o "$tmp/no/such/dir.csv"
has output-no-dir "$tmp/err" "cannot create a file there"

# every importer round-trips through `wattif run`; the downloader
if BUILD="$BUILD" python3 tests/import_roundtrip.py >"$tmp/rt" 2>&1; then ok
else ko "tests/import_roundtrip.py"; cat "$tmp/rt"; fi
if BUILD="$BUILD" python3 tests/test_neso_download.py >"$tmp/dl" 2>&1; then ok
else ko "tests/test_neso_download.py"; cat "$tmp/dl"; fi

echo "import.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# tests/sweep.sh - `wattif sweep` as a user meets it: rows in point order
# equal to separate `wattif run --set` results, byte-identical files for
# -j 1, -j 4 and (with MPI=1) mpirun -np 2; a sweep killed with SIGTERM and
# with kill -9 (and with MPI=1, mpirun sent SIGTERM) leaves complete rows
# and --resume finishes it byte-identical to an uninterrupted run; a point
# that fails to evaluate (on rank 1 under MPI) ends the sweep with its
# message, status 2 and only the complete chunks before it; every bad
# input of tests/sweeps/bad/ fails with its file:line:col message, status 2
# and no output file.  The resume record: --resume refuses another sweep's
# file, a file without a record, a changed sweep file and a corrupted middle
# row (each left untouched), counts values holding newlines as CSV records,
# and drops a torn row; two sweeps onto one file: the second is refused; -o
# - is stdout; --resume onto /dev/zero, --max-points beyond any integer, and
# two ranges of ten million values are refused at once in little memory.
# Run by `make test`; BUILD names the build dir, MPI=1 adds the MPI runs.
. tests/lib.sh
same() { # same NAME A B
	if cmp -s "$2" "$3"; then ok; else ko "$1: $2 and $3 differ"; diff "$2" "$3" | head -5; fi
}
lines() { if [ -e "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }

# --- values: each row equals a separate run, digit for digit (both write
# numbers with wf_format_double)
"$W" sweep tests/sweeps/product.yaml -o "$tmp/p.csv" || ko "product sweep: exit $?"
if [ "$(lines "$tmp/p.csv")" -eq 13 ]; then ok; else ko "product: $(lines "$tmp/p.csv") lines, expected 13"; fi
row=1
for region in FR DE PL; do for pue in 1.1 1.35; do for dev in 8 64; do
	row=$((row + 1))
	# the outputs, then what the intensity is (region ... profile, after unit)
	"$W" run tests/sweeps/base.yaml --set site.region=$region --set site.pue=$pue \
		--set workload.devices=$dev --format csv | sed -n 2p | cut -d, -f2-18,20-24 >"$tmp/want"
	sed -n ${row}p "$tmp/p.csv" | awk -F, -v r=$region -v p=$pue -v d=$dev '
		$1 != r || $2 != p || $3 != d { print "axis values " $1 "," $2 "," $3; exit }
		{ print }' | cut -d, -f4- >"$tmp/got"
	same "row $region $pue $dev" "$tmp/want" "$tmp/got"
done; done; done

# --- run --format json and a one-point sweep (JSON Lines) print the same
# digits for every output (a week in London: results of 15-17 digits)
cat >"$tmp/one.yaml" <<EOF
sweep:
  base: $(pwd)/examples/carbon-aware-week.yaml
  vary:
    site.region: [GB-london]
EOF
"$W" run examples/carbon-aware-week.yaml --format json >"$tmp/one-run.json" || ko "one-point run: exit $?"
"$W" sweep "$tmp/one.yaml" -o "$tmp/one.jsonl" || ko "one-point sweep: exit $?"
if python3 - "$tmp/one-run.json" "$tmp/one.jsonl" <<'PY'
import re, sys
run, swp = open(sys.argv[1]).read(), open(sys.argv[2]).read()
results = re.search(r'"results": \{([^}]*)\}', run).group(1)
pairs = re.findall(r'"(\w+)": ([^,]+)', results)
assert len(pairs) == 17, pairs
long = 0
for name, text in pairs:
    got = re.search(r'"%s": ([^,}]+)' % name, swp).group(1)
    assert got == text, (name, text, got)
    long += len(text.replace(".", "")) >= 15
assert long >= 3, pairs  # full-precision numbers are among those compared
PY
then ok; else ko "run --format json and a one-point sweep print different digits"; fi

# --- zip pairs the axes
"$W" sweep tests/sweeps/zip.yaml >"$tmp/z.csv" || ko "zip sweep: exit $?"
if [ "$(cut -d, -f1,2 "$tmp/z.csv" | tr '\n' ' ')" = "site.region,site.pue FR,1.1 DE,1.2 PL,1.3 " ]; then ok
else ko "zip rows: $(cut -d, -f1,2 "$tmp/z.csv" | tr '\n' ' ')"; fi

# --- ranges are inclusive: 25 hours x 5 PUEs x 19 powers
"$W" sweep tests/sweeps/ranges.yaml -o "$tmp/r.csv" || ko "ranges: exit $?"
if [ "$(lines "$tmp/r.csv")" -eq $((1 + 25 * 5 * 19)) ] &&
	tail -1 "$tmp/r.csv" | grep -q '^2026-07-02T00:00Z,1.5,1000 W,'; then ok
else ko "ranges: $(lines "$tmp/r.csv") lines, last: $(tail -1 "$tmp/r.csv")"; fi

# --- JSON Lines: the same numbers as the CSV; axis values that are numbers
# are numbers, ids strings; no year or profile is null
"$W" sweep tests/sweeps/product.yaml -o "$tmp/p.jsonl" || ko "jsonl: exit $?"
if python3 - "$tmp/p.csv" "$tmp/p.jsonl" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
objs = [json.loads(l) for l in open(sys.argv[2])]
assert len(rows) == len(objs) == 12, (len(rows), len(objs))
for r, o in zip(rows, objs):
    assert list(r) == list(o), (list(r), list(o))
    for k, v in r.items():
        if k in ("site.region", "region", "basis", "intensity_source"):
            assert o[k] == v, k
        elif k in ("year", "profile"):
            assert o[k] == (None if v == "" else int(v) if k == "year" else v), k
        else:
            assert o[k] is None if v == "" else float(v) == o[k], k
    assert isinstance(o["site.pue"], float) and isinstance(o["workload.devices"], int)
PY
then ok; else ko "jsonl differs from csv"; fi
# quantities: the number and the unit as written; dates stay strings
"$W" sweep tests/sweeps/ranges.yaml --format jsonl | sed -n '1p;$p' >"$tmp/r.jsonl"
if python3 - "$tmp/r.jsonl" <<'PY'
import json, sys
first, last = [json.loads(l) for l in open(sys.argv[1])]
assert first["start"] == "2026-07-01T00:00Z", first
assert first["site.pue"] == 1.1 and last["site.pue"] == 1.5, (first, last)
assert first["workload.power_per_device"] == {"value": 100, "unit": "W"}, first
assert last["workload.power_per_device"] == {"value": 1000, "unit": "W"}, last
assert first["region"] == "GB-london" and first["intensity_source"] == "series", first
PY
then ok; else ko "jsonl quantities"; fi

# --- the same bytes whatever the threads (and MPI ranks)
"$W" sweep examples/sweeps/gb-hourly.yaml -j 1 -o "$tmp/g1.csv" || ko "gb-hourly -j 1: exit $?"
"$W" sweep examples/sweeps/gb-hourly.yaml -j 4 -o "$tmp/g4.csv" || ko "gb-hourly -j 4: exit $?"
same "-j 1 vs -j 4" "$tmp/g1.csv" "$tmp/g4.csv"
if [ "$(lines "$tmp/g1.csv")" -eq 42337 ] && [ "$(cut -d, -f6 "$tmp/g1.csv" | sort -u | wc -l)" -gt 100 ]; then ok
else ko "gb-hourly: $(lines "$tmp/g1.csv") lines, or the hourly intensity does not vary"; fi
"$W" sweep tests/sweeps/sampled.yaml -j 1 -o "$tmp/s1.csv" || ko "sampled -j 1: exit $?"
"$W" sweep tests/sweeps/sampled.yaml -j 3 -o "$tmp/s3.csv" || ko "sampled -j 3: exit $?"
same "sampled -j 1 vs -j 3" "$tmp/s1.csv" "$tmp/s3.csv"
MPIRUN="mpirun -np 2 --oversubscribe"
if [ "${MPI:-0}" = 1 ]; then
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
	$MPIRUN "$W" sweep examples/sweeps/gb-hourly.yaml -j 2 \
		-o "$tmp/gm.csv" || ko "mpirun gb-hourly: exit $?"
	same "MPI vs -j 1" "$tmp/g1.csv" "$tmp/gm.csv"
	$MPIRUN "$W" sweep tests/sweeps/sampled.yaml -o "$tmp/sm.csv" ||
		ko "mpirun sampled: exit $?"
	same "MPI sampled vs -j 1" "$tmp/s1.csv" "$tmp/sm.csv"
	$MPIRUN "$W" sweep examples/sweeps/gb-hourly.yaml --summary site.region,site.pue -j 2 \
		-o "$tmp/summ.csv" || ko "mpirun summary: exit $?"
	"$W" sweep examples/sweeps/gb-hourly.yaml --summary site.region,site.pue -o "$tmp/sum0.csv" ||
		ko "summary: exit $?"
	same "MPI summary vs -j 1" "$tmp/sum0.csv" "$tmp/summ.csv"
fi

# --- --summary: the same figures as the rows aggregated (count, exactly
# rounded mean, min, max, GSL's quantiles), whatever the threads or ranks
"$W" sweep examples/sweeps/gb-hourly.yaml --summary site.region,site.pue -o "$tmp/sum1.csv" ||
	ko "summary: exit $?"
"$W" sweep examples/sweeps/gb-hourly.yaml --summary site.region,site.pue -j 3 -o "$tmp/sum3.csv" ||
	ko "summary -j 3: exit $?"
same "summary -j 1 vs -j 3" "$tmp/sum1.csv" "$tmp/sum3.csv"
if python3 - "$tmp/g1.csv" "$tmp/sum1.csv" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
summ = list(csv.DictReader(open(sys.argv[2])))
cols = ["energy_facility_kwh", "intensity_g_per_kwh", "emissions_operational_kg"]
groups = {}
for r in rows:
    groups.setdefault((r["site.region"], r["site.pue"]), []).append(r)
assert len(summ) == len(groups) == 14 * 3, (len(summ), len(groups))
def quantile(x, p):  # gsl_stats_quantile_from_sorted_data, kept between its values
    i = int(p * (len(x) - 1)); d = p * (len(x) - 1) - i
    if i == len(x) - 1:
        return x[i]
    return min(max((1 - d) * x[i] + d * x[i + 1], x[i]), x[i + 1])
order = []
for s in summ:
    key = (s["site.region"], s["site.pue"])
    order.append(key)
    assert s["quantiles"] == "exact", s["quantiles"]
    for c in cols:
        x = sorted(float(r[c]) for r in groups[key])
        want = [len(x), math.fsum(x) / len(x), x[0], x[-1],
                quantile(x, 0.05), quantile(x, 0.5), quantile(x, 0.95)]
        got = [float(s[c + "_" + n]) for n in ("count", "mean", "min", "max", "p05", "p50", "p95")]
        assert got == want, (key, c, got, want)
# groups in the order of the axes' values (regions sorted, PUEs as listed)
assert order == sorted(order, key=lambda k: (k[0], ["1.1", "1.2", "1.4"].index(k[1]))), order
PY
then ok; else ko "summary differs from the rows aggregated"; fi
"$W" sweep tests/sweeps/product.yaml --summary workload.devices --format jsonl >"$tmp/sum.jsonl" ||
	ko "summary jsonl: exit $?"
if python3 - "$tmp/sum.jsonl" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
assert [o["workload.devices"] for o in objs] == [8, 64], objs
e = objs[1]["emissions_embodied_hosts_kg"]   # absent at every point
assert e["count"] == 0 and e["mean"] is None and e["p50"] is None, e
assert objs[0]["energy_it_kwh"]["count"] == 6 and objs[0]["quantiles"] == "exact"
PY
then ok; else ko "summary jsonl"; fi
"$W" sweep tests/sweeps/product.yaml --summary site.nowhere -o "$tmp/nosum.csv" 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q '"site.nowhere" is not an axis of the sweep (its axes: site.region, site.pue, workload.devices)' "$tmp/err" &&
	[ ! -e "$tmp/nosum.csv" ]; then ok; else ko "summary over no axis"; cat "$tmp/err"; fi
"$W" sweep tests/sweeps/product.yaml --summary site.region -o "$tmp/nosum.csv" --resume 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "written whole at the end" "$tmp/err" && ok || ko "summary --resume"

# --- a base that spans years: lifetime totals, the first year's intensity
# described, and a summary of them
cat >"$tmp/campus.yaml" <<EOF
sweep:
  base: $(pwd)/examples/growth-zone-gb.yaml
  vary:
    campus.it_capacity: [100 MW, 500 MW]
    site.region: [GB-north-scotland, GB-london]
  outputs: [energy_facility_kwh, emissions_operational_kg]
EOF
"$W" sweep "$tmp/campus.yaml" -o "$tmp/campus.csv" || ko "campus sweep: exit $?"
"$W" sweep "$tmp/campus.yaml" --summary site.region -j 2 -o "$tmp/campus-sum.csv" ||
	ko "campus summary: exit $?"
if python3 - "$tmp/campus.csv" "$tmp/campus-sum.csv" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 4, rows
for r in rows:
    assert r["region"] == r["site.region"] and r["year"] == "2026", r
    assert r["intensity_source"] == "pathway", r
summ = {s["site.region"]: s for s in csv.DictReader(open(sys.argv[2]))}
for reg in ("GB-north-scotland", "GB-london"):
    x = [float(r["emissions_operational_kg"]) for r in rows if r["site.region"] == reg]
    assert float(summ[reg]["emissions_operational_kg_mean"]) == math.fsum(x) / 2, reg
PY
then ok; else ko "campus sweep: rows and summary"; fi

# --- a point that fails to evaluate: its message, status 2, and the
# complete chunks before it (3 x 1024 rows), with threads and on rank 1
evalerr() { # evalerr NAME OUT THREADS LAUNCHER...
	name=$1 f=$2 j=$3
	shift 3
	rm -f "$f"
	"$@" "$W" sweep tests/sweeps/evalerr.yaml -j "$j" -o "$f" >"$tmp/err" 2>&1
	st=$?
	if [ $st -eq 2 ] && grep -q "^wattif: point 3999 (workload.request_rate=5000 requests/h, workload.devices=1): the requests need 1.38889 device-hours" "$tmp/err" &&
		[ "$(lines "$f")" -eq 3073 ]; then ok
	else ko "$name: exit $st (want 2), $(lines "$f") lines (want 3073)"; cat "$tmp/err"; fi
}
evalerr "evaluation error -j 3" "$tmp/ee.csv" 3 env
if [ "${MPI:-0}" = 1 ]; then
	evalerr "evaluation error on rank 1" "$tmp/eem.csv" 1 $MPIRUN
	same "evaluation error: MPI vs -j 3" "$tmp/ee.csv" "$tmp/eem.csv"
fi

# --- interrupted sweeps: complete rows, and --resume finishes byte-identical
"$W" sweep tests/sweeps/slow.yaml -j 2 -o "$tmp/full.csv" || ko "slow: exit $?"
total=$(lines "$tmp/full.csv")
complete_rows() { # every line ends in a newline and has the header's field count
	awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' "$1" &&
		[ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ]
}
interrupt() { # interrupt SIGNAL NAME [LAUNCHER...]: start, wait for some rows, kill, resume
	sig=$1 name=$2
	shift 2
	rm -f "$tmp/part.csv"
	"$@" "$W" sweep tests/sweeps/slow.yaml -j 2 -o "$tmp/part.csv" 2>"$tmp/err" &
	pid=$!
	i=0
	while [ "$(lines "$tmp/part.csv")" -lt 50 ] && [ $i -lt 600 ]; do
		sleep 0.02; i=$((i + 1))
	done
	kill -s "$sig" $pid
	{ wait $pid; } 2>/dev/null
	st=$?
	got=$(lines "$tmp/part.csv")
	if [ "$got" -ge 50 ] && [ "$got" -lt "$total" ]; then ok
	else ko "$name: $got of $total lines when interrupted (not in the middle)"; fi
	if [ "$sig" = TERM ]; then
		# mpirun forwards the signal to the ranks and exits with its own status
		if { [ $# -gt 0 ] || [ $st -eq 143 ]; } && complete_rows "$tmp/part.csv" &&
			grep -q -- --resume "$tmp/err"; then ok
		else ko "$name: exit $st, or an incomplete row after SIGTERM"; cat "$tmp/err"; fi
	fi
	"$@" "$W" sweep tests/sweeps/slow.yaml -j 2 -o "$tmp/part.csv" --resume >/dev/null 2>&1 ||
		ko "$name: resume exit $?"
	same "$name resumed vs uninterrupted" "$tmp/full.csv" "$tmp/part.csv"
}
interrupt TERM sigterm
interrupt KILL kill-9
if [ "${MPI:-0}" = 1 ]; then
	interrupt TERM "MPI sigterm" $MPIRUN
fi
# a torn last row (as a kill -9 in the middle of a write can leave) is dropped:
# only the bytes the resume record proves are kept
cp "$tmp/full.csv" "$tmp/torn.csv"
cp "$tmp/full.csv.wattif" "$tmp/torn.csv.wattif"
printf 'FR,1.2,3895' >>"$tmp/torn.csv"
"$W" sweep tests/sweeps/slow.yaml -o "$tmp/torn.csv" --resume || ko "torn resume: exit $?"
same "torn resumed vs uninterrupted" "$tmp/full.csv" "$tmp/torn.csv"
# a file from another sweep is refused, and left alone
"$W" sweep tests/sweeps/zip.yaml -o "$tmp/other.csv" || ko "zip -o: exit $?"
cp "$tmp/other.csv" "$tmp/other.keep"
"$W" sweep tests/sweeps/slow.yaml -o "$tmp/other.csv" --resume 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "fingerprint differs" "$tmp/err"; then ok; else ko "resume of another sweep's file"; cat "$tmp/err"; fi
same "refused file untouched" "$tmp/other.keep" "$tmp/other.csv"
# ... and so is a file with no resume record beside it
cp "$tmp/z.csv" "$tmp/norecord.csv"
"$W" sweep tests/sweeps/zip.yaml -o "$tmp/norecord.csv" --resume 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "there is no resume record" "$tmp/err"; then ok; else ko "resume without a record"; cat "$tmp/err"; fi
same "file without a record untouched" "$tmp/z.csv" "$tmp/norecord.csv"
# a finished file resumes to itself
"$W" sweep tests/sweeps/zip.yaml -o "$tmp/z2.csv" && "$W" sweep tests/sweeps/zip.yaml -o "$tmp/z2.csv" --resume ||
	ko "resume of a finished sweep: exit $?"
same "finished resume" "$tmp/z.csv" "$tmp/z2.csv"
# values holding newlines: rows are CSV records, not lines
printf 'sweep:\n  base: %s/tests/sweeps/base.yaml\n  vary:\n    site.pue: ["1.1\\n", "1.2\\n", "1.3\\n"]\n    workload.devices: [8, 64]\n' "$(pwd)" >"$tmp/nl.yaml"
"$W" sweep "$tmp/nl.yaml" -o "$tmp/nl.csv" || ko "newline values: exit $?"
cp "$tmp/nl.csv" "$tmp/nl.keep"
"$W" sweep "$tmp/nl.yaml" -o "$tmp/nl.csv" --resume 2>"$tmp/err" || { ko "newline values: resume refused"; cat "$tmp/err"; }
same "newline values resumed" "$tmp/nl.keep" "$tmp/nl.csv"
if [ "$(lines "$tmp/nl.csv")" -eq 13 ]; then ok; else ko "newline values: $(lines "$tmp/nl.csv") lines, expected 13"; fi
# the sweep file changed since: refused (the old rows would be spliced in)
sed "s#base: base.yaml#base: $(pwd)/tests/sweeps/base.yaml#" tests/sweeps/product.yaml >"$tmp/changed.yaml"
"$W" sweep "$tmp/changed.yaml" -o "$tmp/changed.csv" || ko "changed: exit $?"
sed -i 's/1.35/1.4/' "$tmp/changed.yaml"
cp "$tmp/changed.csv" "$tmp/changed.keep"
"$W" sweep "$tmp/changed.yaml" -o "$tmp/changed.csv" --resume 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "changed since" "$tmp/err"; then ok; else ko "resume after the sweep file changed"; cat "$tmp/err"; fi
same "changed sweep: file untouched" "$tmp/changed.keep" "$tmp/changed.csv"
# a corrupted middle row (the last row intact): refused
"$W" sweep tests/sweeps/product.yaml -o "$tmp/mid.csv" || ko "mid: exit $?"
sed -i '6s/^\([^,]*,[^,]*,[^,]*,\)[0-9]/\19/' "$tmp/mid.csv"
cmp -s "$tmp/mid.csv" "$tmp/p.csv" && ko "mid: the row was not changed" || ok
cp "$tmp/mid.csv" "$tmp/mid.keep"
"$W" sweep tests/sweeps/product.yaml -o "$tmp/mid.csv" --resume 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "checksum differs" "$tmp/err"; then ok; else ko "resume over a corrupted middle row"; cat "$tmp/err"; fi
same "corrupted file untouched" "$tmp/mid.keep" "$tmp/mid.csv"
# two sweeps writing one file: the second is refused at once, the first finishes
"$W" sweep tests/sweeps/slow.yaml -j 2 -o "$tmp/two.csv" 2>"$tmp/err1" &
first=$!
i=0
while [ ! -s "$tmp/two.csv" ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
"$W" sweep tests/sweeps/slow.yaml -j 1 -o "$tmp/two.csv" 2>"$tmp/err"
if [ $? -eq 1 ] && grep -q "is being written by another process" "$tmp/err"; then ok
else ko "a second sweep onto the same -o was not refused"; cat "$tmp/err"; fi
wait $first || ko "the first sweep: exit $?"
same "two writers: the first's file" "$tmp/full.csv" "$tmp/two.csv"
# -o naming the sweep file itself (or its base) is refused, the file kept
cp "$tmp/changed.yaml" "$tmp/self.yaml"
"$W" sweep "$tmp/self.yaml" -o "$tmp/self.yaml" 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "which this command reads" "$tmp/err"; then ok; else ko "sweep -o its own file"; cat "$tmp/err"; fi
same "sweep -o its own file: kept" "$tmp/changed.yaml" "$tmp/self.yaml"
cp tests/sweeps/base.yaml "$tmp/base.yaml"
sed "s#base: .*#base: $tmp/base.yaml#" "$tmp/changed.yaml" >"$tmp/self2.yaml"
"$W" sweep "$tmp/self2.yaml" -o "$tmp/base.yaml" 2>"$tmp/err"
[ $? -eq 2 ] && cmp -s tests/sweeps/base.yaml "$tmp/base.yaml" && ok || ko "sweep -o its base"
# -o - is standard output (no file named -)
wabs=$(cd "$(dirname "$W")" && pwd)/$(basename "$W")
root=$(pwd)
(cd "$tmp" && "$wabs" sweep "$root/tests/sweeps/zip.yaml" -o - >"$tmp/dash.csv") || ko "-o -: exit $?"
same "-o - vs stdout" "$tmp/z.csv" "$tmp/dash.csv"
[ ! -e "$tmp/-" ] && ok || ko "sweep -o - created a file named -"
# --resume onto a device cannot read forever
timeout 20 "$W" sweep tests/sweeps/zip.yaml -o /dev/zero --resume 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "needs a regular file" "$tmp/err"; then ok; else ko "--resume -o /dev/zero"; cat "$tmp/err"; fi
# --max-points: a number too large for any type is refused, not wrapped
"$W" sweep tests/sweeps/zip.yaml --max-points 99999999999999999999999 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- "--max-points" "$tmp/err" && ok || ko "--max-points overflow"
# two axes of ten million values: refused from their sizes, in little memory
sh -c "$(memlimit 600000) exec timeout 20 $W sweep tests/sweeps/bad/21-huge-ranges.yaml" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "100000000000000 points" "$tmp/err" && ok || { ko "huge ranges"; cat "$tmp/err"; }

# --- bad input: file:line:col, status 2, no output file
while IFS= read -r want; do
	f=${want%%:*}
	rm -f "$tmp/bad.csv"
	"$W" sweep "$f" -o "$tmp/bad.csv" 2>"$tmp/err"
	st=$?
	if [ $st -eq 2 ] && grep -qF -- "wattif: $want" "$tmp/err" && [ ! -e "$tmp/bad.csv" ]; then ok
	else ko "$f: exit $st (want 2), output file $([ -e "$tmp/bad.csv" ] && echo written || echo absent)"
		echo "  want: $want"; echo "  got:  $(cat "$tmp/err")"; fi
done <tests/sweeps/bad/expected.txt
"$W" sweep tests/sweeps/product.yaml --max-points 11 -o "$tmp/bad.csv" 2>"$tmp/err"
if [ $? -eq 2 ] && grep -q "product.yaml:5:5: vary: the product of the axes has 12 points, more than the 11" "$tmp/err" &&
	[ ! -e "$tmp/bad.csv" ]; then ok; else ko "--max-points 11"; cat "$tmp/err"; fi

echo "sweep.sh: $pass passed, $fail failed"
test $fail -eq 0

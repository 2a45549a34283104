#!/bin/sh
# tests/zones.sh - AI growth zones as a planner meets them: the GB siting
# ranking in every format, its regional factors against an independent
# computation from the shipped 2023 series (awk, not the library), ties,
# the marginal basis, the five zone scenarios and their portfolio beside
# NESO's demand assumption, and sweeps over campus paths.  Run by
# `make test`; BUILD names the build dir.
. tests/lib.sh
PY=${PYTHON:-python3}
GZ=examples/growth-zone-gb.yaml

# The regional factors, computed here from the two shipped files: each DNO
# region's mean over the half-hours of 2023 that both it and the national
# series have, over the national mean over the same half-hours.
awk -F, '
	{ sub(/\r$/, "") }
	FNR == 1 { file++; next }
	file == 1 { if ($2 != "") nat[$1] = $2; next }
	$4 != "" && ($1 in nat) { r[$2] += $4; n[$2] += nat[$1]; c[$2]++ }
	END { for (k in r) printf "%s %.17g %d\n", k, r[k] / n[k], c[k] }
' data/series/gb_neso_national_2023_halfhourly.csv data/series/gb_regional_2023_halfhourly.csv \
	| sort -n >"$tmp/factors"
[ "$(wc -l <"$tmp/factors")" -eq 14 ] && ok || ko "awk: expected 14 regional factors"

"$W" run "$GZ" --regions '^GB-' --format json >"$tmp/rank.json" 2>"$tmp/err" || ko "json ranking: exit $?"
"$W" run "$GZ" --regions '^GB-' --format csv >"$tmp/rank.csv" 2>"$tmp/err" || ko "csv ranking: exit $?"
"$W" run "$GZ" --regions '^GB-' >"$tmp/rank.txt" 2>"$tmp/err" || ko "table ranking: exit $?"
"$W" run "$GZ" --format json >"$tmp/proj.json" 2>"$tmp/err" || ko "projection json: exit $?"

# NESO region ids -> wattif grids (data/grids/gb_regions.yaml)
cat >"$tmp/ids" <<'EOF'
1 GB-north-scotland
2 GB-south-scotland
3 GB-north-west-england
4 GB-north-east-england
5 GB-yorkshire
6 GB-north-wales
7 GB-south-wales
8 GB-west-midlands
9 GB-east-midlands
10 GB-east-england
11 GB-south-west-england
12 GB-south-england
13 GB-london
14 GB-south-east-england
EOF

if $PY - "$tmp/rank.json" "$tmp/factors" "$tmp/ids" "$tmp/rank.csv" "$tmp/proj.json" <<'PYEOF'
import csv, json, sys
rank = json.load(open(sys.argv[1]))
ids = dict(l.split() for l in open(sys.argv[3]))
want = {ids[k]: (float(f), int(n)) for k, f, n in (l.split() for l in open(sys.argv[2]))}
bad = []
rows = rank["ranking"]
assert rank["ranked_by"] == "location", rank["ranked_by"]
assert len(rows) == 17, len(rows)
for r in rows:
    if not r["ok"]:
        assert r["region"] in ("GB-england", "GB-scotland", "GB-wales"), r["region"]
        assert "regional_factor" in r["error"], r["error"]
        continue
    for k in ("emissions_location_kg", "emissions_marginal_kg", "emissions_total_kg"):
        assert isinstance(r[k], float) and r[k] > 0, (r["region"], k, r[k])
    assert r["bases"]["location"].startswith("pathway GB-clean-power-2030"), r["bases"]
    assert "GB-desnz-green-book-lrmf" in r["bases"]["marginal"], r["bases"]
    assert "SECONDARY" in r["bases"]["marginal"] and "INFERRED" in r["bases"]["marginal"]
    src = r["source"]
    f, n = want[r["region"]]
    if abs(src["regional_factor"] - f) > 1e-6 * f:
        bad.append((r["region"], src["regional_factor"], f))
    assert "%d half-hours" % n in src["regional_data"], src["regional_data"]
    assert "2023" in src["regional_data"] and "gb_regional_2023_halfhourly.csv" in src["regional_data"]
    assert src["pue"] == "facility microsoft-owned-fy2025", src["pue"]
    assert src["water"].startswith("facility microsoft-owned-fy2025"), src["water"]
    assert src["water_stress"], r["region"]
    # nothing at 0.0 g/kWh without a note
    if r["intensity_g_per_kwh"] < 0.05:
        assert any("prints as 0.0" in x for x in r["notes"]), r["region"]
    # the ranked figure is the location-based one, ranks ascend
    assert r["ranked_kg"] == r["emissions_location_kg"]
assert not bad, bad
ok = [r for r in rows if r["ok"]]
assert [r["rank"] for r in ok] == list(range(1, 15)), [r["rank"] for r in ok]
assert all(a["ranked_kg"] <= b["ranked_kg"] for a, b in zip(ok, ok[1:]))
# CSV: one row per region, the same figures
c = list(csv.DictReader(open(sys.argv[4])))
assert len(c) == 17 and c[0]["region"] == ok[0]["region"], len(c)
assert float(c[0]["emissions_marginal_kg"]) == ok[0]["emissions_marginal_kg"]
assert c[0]["regional_factor"] and c[0]["location_basis"] and c[0]["water_stress"]
# the projection in its own region: each year's intensity is the pathway's
# figure x the factor (2030: the 50 g/kWh ceiling; 2026: interpolated)
p = json.load(open(sys.argv[5]))
f = want["GB-north-west-england"][0]
y2030 = [y for y in p["years"] if y["year"] == 2030][0]
assert abs(y2030["results"]["intensity_g_per_kwh"] - 50 * f) < 1e-6 * 50 * f, y2030
y2026 = [y for y in p["years"] if y["year"] == 2026][0]
cp = 171 + (50 - 171) * 3 / 7
assert abs(y2026["results"]["intensity_g_per_kwh"] - cp * f) < 1e-6 * cp * f
assert y2026["emissions_marginal_kg"] > 0 and y2026["grid_connection_kw"] == 0.2 * 500e3 * 1.17
assert abs(p["totals_beside"]["emissions_marginal_kg"] -
           sum(y["emissions_marginal_kg"] for y in p["years"])) < 1e-3
assert p["basis"]["regional_factor"] == y2030["results"]["intensity_g_per_kwh"] / 50 or \
    abs(p["basis"]["regional_factor"] * 50 - y2030["results"]["intensity_g_per_kwh"]) < 1e-9
PYEOF
then ok; else ko "the GB ranking (json, csv) or its regional factors"; fi

# the table: the first row has no "=" (no ties with regional factors), the
# bases are named under it
grep -q '^  1     GB-north-east-england' "$tmp/rank.txt" && ok || { ko "table: rank 1"; cat "$tmp/rank.txt"; }
grep -q 'marginal: pathway GB-desnz-green-book-lrmf' "$tmp/rank.txt" && ok || ko "table: no marginal basis"
grep -q 'regional factors: each region' "$tmp/rank.txt" && ok || ko "table: no regional-factor method"
if grep -q '^  [0-9]*=  ' "$tmp/rank.txt"; then ko "table: ties where the factors differ"; else ok; fi

# ties: two regions with the same figures share a rank marked "="
"$W" run tests/scenarios/campus_ties.yaml --regions '^TIE-' >"$tmp/ties.txt" 2>&1
grep -q '^  1     TIE-c' "$tmp/ties.txt" && grep -q '^  2=    TIE-a' "$tmp/ties.txt" &&
	grep -q '^  2=    TIE-b' "$tmp/ties.txt" && grep -q '2=: TIE-a, TIE-b' "$tmp/ties.txt" &&
	ok || { ko "ties: no shared rank 2="; cat "$tmp/ties.txt"; }
"$W" run tests/scenarios/campus_ties.yaml --regions '^TIE-' --format json >"$tmp/ties.json"
$PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["region"]: x for x in d["ranking"]}
assert r["TIE-a"]["rank"] == r["TIE-b"]["rank"] == 2 and r["TIE-a"]["tied"] and r["TIE-b"]["tied"]
assert r["TIE-c"]["rank"] == 1 and not r["TIE-c"]["tied"]
assert d["ties"] == [{"rank": 2, "regions": ["TIE-a", "TIE-b"], "why": d["ties"][0]["why"]}]
' "$tmp/ties.json" && ok || ko "ties: json"
# without regional data every GB region ties, and says why
"$W" run "$GZ" --regions '^GB-' --set 'grid={pathway: clean-power-2030, hold: true}' >"$tmp/flat.txt"
[ "$(grep -c '^  1=  ' "$tmp/flat.txt")" -eq 17 ] &&
	tr '\n' ' ' <"$tmp/flat.txt" | grep -q 'no regional data *distinguishes them' &&
	ok || { ko "flat GB: 17 regions at 1="; cat "$tmp/flat.txt"; }
# on the marginal basis the 14 DNO regions tie: the margin is national
"$W" run "$GZ" --regions '^GB-' --rank-by marginal >"$tmp/marg.txt"
[ "$(grep -c '^  1=  ' "$tmp/marg.txt")" -eq 14 ] && tr '\n' ' ' <"$tmp/marg.txt" | grep -q 'system-wide' &&
	ok || { ko "--rank-by marginal: 14 regions at 1="; cat "$tmp/marg.txt"; }
"$W" run "$GZ" --regions '^GB-' --rank-by total --format json | $PY -c '
import json, sys
d = json.load(sys.stdin)
assert d["ranked_by"] == "total"
assert all(r["ranked_kg"] == r["emissions_total_kg"] for r in d["ranking"] if r["ok"])' &&
	ok || ko "--rank-by total"
"$W" run "$GZ" --rank-by marginal >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'give --regions' "$tmp/err" && ok || ko "--rank-by without --regions"
"$W" run "$GZ" --regions '^GB-' --rank-by cheapest >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && ok || ko "--rank-by cheapest: not refused"
"$W" run "$GZ" --regions '^GB-' --sensitivity >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && ok || ko "--sensitivity with --regions: not refused"

# samples: per-region intervals, ranked by the mean, overlaps noted
"$W" run "$GZ" --regions '^GB-(north|south)-' --samples 64 --set 'site.pue=uniform(1.1, 1.4)' \
	--format json | $PY -c '
import json, sys
d = json.load(sys.stdin)
ok = [r for r in d["ranking"] if r["ok"]]
assert len(ok) == 9
for r in ok:
    assert r["ranked_p05"] < r["ranked_kg"] < r["ranked_p95"], r
assert all(a["ranked_kg"] <= b["ranked_kg"] for a, b in zip(ok, ok[1:]))
assert any(r["overlaps"] for r in ok)' && ok || ko "--regions --samples: intervals"

# the five zones and the portfolio
for z in culham north-east north-wales south-wales lanarkshire; do
	"$W" run "examples/growth-zones/$z.yaml" >"$tmp/$z.txt" 2>&1 && ok || { ko "$z: exit"; cat "$tmp/$z.txt"; }
done
grep -q 'Thames Water: seriously stressed' "$tmp/culham.txt" && ok || ko "culham: water stress"
grep -q 'not assessed (Wales' "$tmp/south-wales.txt" && ok || ko "south wales: water stress"
grep -q '^  total .* 585.0 ' "$tmp/culham.txt" && ok || ko "culham: connection 500 MW x 1.17"
"$W" run examples/growth-zones/all-zones.yaml >"$tmp/all.txt" 2>&1 && ok || ko "all-zones: exit"
grep -q '^  2030 .*22.0 TWh NESO Clean Power 2030' "$tmp/all.txt" && ok ||
	{ ko "all-zones: the 2030 row beside NESO's 22 TWh"; cat "$tmp/all.txt"; }
"$W" run examples/growth-zones/all-zones.yaml --format json | $PY -c '
import json, sys
d = json.load(sys.stdin)
assert [c["id"] for c in d["campuses"]] == ["culham", "north-east", "north-wales", "south-wales", "lanarkshire"]
y = [y for y in d["years"] if y["year"] == 2030][0]
neso = [f for f in y["gb_datacentre_demand"] if f["id"].startswith("neso-clean-power-2030")][0]
assert neso["demand_kwh"] == 22e9 and abs(neso["share_of_demand"] - y["energy_facility_kwh"] / 22e9) < 1e-12
assert abs(sum(y["campus_share"].values()) - 1) < 1e-12
assert abs(d["totals"]["energy_facility_kwh"] - sum(c["energy_facility_kwh"] for c in d["campuses"])) < 1' &&
	ok || ko "all-zones: json"
"$W" run examples/growth-zones/all-zones.yaml --format csv >"$tmp/all.csv" &&
	[ "$(wc -l <"$tmp/all.csv")" -eq 17 ] && ok || ko "all-zones: csv rows"
"$W" check examples/growth-zones >/dev/null 2>&1 && ok || ko "check examples/growth-zones"
"$W" run examples/growth-zones/all-zones.yaml --regions '^GB-' >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "all-zones --regions: not refused"

# sweeps over campus paths: one row per point, lifetime totals
cat >"$tmp/sw.yaml" <<EOF
sweep:
  base: $(pwd)/$GZ
  vary:
    campus.it_capacity: [100 MW, 500 MW]
    site.region: [GB-north-scotland, GB-london]
    grid.pathway: [clean-power-2030, clean-power-2030-delayed]
  outputs: [energy_facility_kwh, emissions_operational_kg, peak_power_kw]
EOF
"$W" sweep "$tmp/sw.yaml" >"$tmp/sw.csv" 2>"$tmp/err" || { ko "campus sweep: exit"; cat "$tmp/err"; }
"$W" run "$GZ" --set campus.it_capacity='100 MW' --set site.region=GB-london \
	--set grid.pathway=clean-power-2030-delayed --format csv | grep ',total$' >"$tmp/one.csv"
$PY - "$tmp/sw.csv" "$tmp/one.csv" <<'PYEOF' && ok || ko "campus sweep: rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 8, len(rows)
one = open(sys.argv[2]).read().strip().split(",")
r = [x for x in rows if x["campus.it_capacity"] == "100 MW" and x["site.region"] == "GB-london"
     and x["grid.pathway"] == "clean-power-2030-delayed"][0]
# the sweep's lifetime totals are the projection's total row, digit for digit
assert r["energy_facility_kwh"] in one and r["emissions_operational_kg"] in one, (r, one)
assert float(rows[4]["energy_facility_kwh"]) == 5 * float(rows[0]["energy_facility_kwh"])
PYEOF
cat >"$tmp/swbad.yaml" <<EOF
sweep:
  base: $(pwd)/$GZ
  vary:
    site.region: [GB-england]
EOF
"$W" sweep "$tmp/swbad.yaml" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'regional_factor' "$tmp/err" && ok || { ko "campus sweep: a bad region"; cat "$tmp/err"; }

# list pathways: history, target, projection and the bases
"$W" list pathways >"$tmp/pw.txt"
grep -q '^GB-cp2030-metrics .* 2020-2025 history ' "$tmp/pw.txt" &&
	grep -q '^GB-desnz-green-book-lrmf .* appraisal .* marginal ' "$tmp/pw.txt" &&
	grep -q '^GB-clean-power-2030 .* history+target ' "$tmp/pw.txt" && ok ||
	{ ko "list pathways: status and accounting"; cat "$tmp/pw.txt"; }

echo "zones.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

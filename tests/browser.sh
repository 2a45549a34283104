#!/bin/sh
# tests/browser.sh - every example's report opened in a real browser:
# Debian's chromium, headless, from disk, without network.  For each
# examples/*.yaml it
#   - writes the report with `wattif report` (a campus projection with
#     the --regions its header names) and checks the HTML refers to
#     nothing outside itself (no http(s):// or protocol-relative src/href,
#     no @import, no url() but to a fragment, no <script>);
#   - takes a 1200x3000 screenshot and checks it is not blank (enough
#     distinct colours and non-white pixels, tests/png_stats.py) and shows
#     the breakdown chart (pixels of its Okabe-Ito blue);
#   - dumps the DOM chromium built and checks it holds the page title, the
#     section headings, one <svg> per chart and the figures `wattif run`
#     prints for the same scenario;
# and renders one standalone SVG chart the same way.
# Run by `make test-browser` (not part of `make test`: it takes a while and
# needs chromium).  Installs chromium when run as root and it is missing.
. tests/lib.sh
PY=${PYTHON:-python3}
start=$(date +%s)

browser=""
for b in chromium chromium-browser; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
if [ -z "$browser" ]; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null ||
			{ apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y --no-install-recommends chromium >/dev/null; }
		browser=chromium
	else
		echo "tests/browser.sh needs chromium: sudo apt-get install -y chromium"
		exit 1
	fi
fi
command -v "$browser" >/dev/null 2>&1 || { echo "tests/browser.sh: no chromium"; exit 1; }

# chromium FILE MODE...: headless, a fresh profile each time, no network
# (--disable-background-networking and a proxy that goes nowhere).
run_browser() {
	url=$1; shift
	prof=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --no-first-run --no-default-browser-check \
		--disable-extensions --disable-sync --hide-scrollbars \
		--proxy-server=127.0.0.1:9 --user-data-dir="$prof" "$@" "file://$url" 2>>"$tmp/browser.log"
	status=$?
	rm -rf "$prof"
	return $status
}

# The value `wattif run` prints for a label (the table's second column).
run_value() { # FILE LABEL
	"$W" run "$1" | awk -v l="$2" 'substr($0, 3, 27) ~ "^" l " *$" {
		v = substr($0, 31, 22); sub(/ +$/, "", v); print v; exit }'
}

external_refs() { # FILE: print offending lines
	grep -n -i -E "(src|href|xlink:href|action)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*(https?:|//)|@import|url\([[:space:]]*[\"']?[[:space:]]*[^#\"' )]|<script|<link|<iframe|<img" "$1"
}

# A projection page: title, headings, a row and a derivation per year,
# the lifetime totals as `wattif run` prints them (the total row), and
# with regions the ranking as `wattif run --regions` prints it, the
# failing regions listed, one <svg> per figure.
check_campus() { # FILE NAME ID REGIONS
	dom="$tmp/$2.dom"
	y0=$(sed -n 's/^  years: *{from: *\([0-9]*\).*/\1/p' "$1"); y1=$(sed -n 's/^  years:.*to: *\([0-9]*\).*/\1/p' "$1")
	for want in "<h1>wattif report: $3</h1>" ">Lifetime totals, $y0 to $y1, " \
		    ">Year by year</h2>" '<figure data-chart="years">' ">Notes</h2>"; do
		if grep -qF -- "$want" "$dom"; then ok; else ko "$2: the DOM has no $want"; fi
	done
	y=$y0; missing=""
	while [ "$y" -le "$y1" ]; do
		grep -qF "<tr data-year=\"$y\"><th scope=\"row\">$y</th>" "$dom" &&
			grep -qF "<details data-year=\"$y\">" "$dom" || missing="$missing $y"
		y=$((y + 1))
	done
	[ -z "$missing" ] && ok || ko "$2: no row or derivation for$missing"
	# the total row of `wattif run`: facility GWh and location-based t
	set -- $("$W" run "$1" | awk '$1 == "total" { print $6, $9; exit }') "$2" "$4" "$1"
	for v in "$1" "$2"; do
		if [ -n "$v" ] && grep -qF -- ">$v</td>" "$dom"; then ok
		else ko "$3: the DOM does not show the lifetime total \"$v\" as wattif run does"; fi
	done
	name=$3; regions=$4; file=$5
	if [ -n "$regions" ]; then
		"$W" run "$file" --regions "$regions" >"$tmp/$name.rank"
		best=$(awk '$1 == 1 { print $2, $3; exit }' "$tmp/$name.rank")
		if grep -qF "<tr data-region=\"${best% *}\"><td class=\"num\">1</td><td>${best% *}</td><td class=\"num\" data-value=" "$dom" &&
		   grep -qF ">${best#* }</td>" "$dom"; then ok
		else ko "$name: the best region \"$best\" is not ranked first as wattif run ranks it"; fi
		for failed in $(awk '$1 == "-" { print $2 }' "$tmp/$name.rank"); do
			grep -qF "<li data-region=\"$failed\"><code>$failed</code>: " "$dom" && ok ||
				ko "$name: failing region $failed not listed"
		done
		grep -qF '<figure data-chart="siting-years">' "$dom" && ok || ko "$name: no siting-years chart"
	fi
	svgs=$(grep -o '<svg ' "$dom" | wc -l)
	figs=$(grep -o '<figure data-chart=' "$dom" | wc -l)
	if [ "$svgs" -ge 1 ] && [ "$svgs" -eq "$figs" ]; then ok
	else ko "$name: $svgs <svg> for $figs figures"; fi
}

# What a planner needs on a campus page, before any chart: the headline
# names the region and the years (heading and every card), the assumptions
# and sources are open on the page (not in a <details>, laid out with a
# height), the year table fits a 1280 px window, and the grid connection
# card is the rated IT capacity x the facility's PUE.
check_planner() { # FILE NAME HTML
	dom="$tmp/$2.fit.dom"
	region=$(sed -n 's/^  site:.*region: *\([A-Za-z0-9_-]*\).*/\1/p' "$1" | head -1)
	[ -n "$region" ] || region=$(sed -n 's/^    region: *\([A-Za-z0-9_-]*\).*/\1/p' "$1" | head -1)
	y0=$(sed -n 's/^  years: *{from: *\([0-9]*\).*/\1/p' "$1"); y1=$(sed -n 's/^  years:.*to: *\([0-9]*\).*/\1/p' "$1")
	sed 's|</body>|<script>var w=document.querySelector("div.wide.bleed"),a=document.getElementById("assumptions");document.body.setAttribute("data-fit",[document.documentElement.scrollWidth<=innerWidth,w.scrollWidth<=w.clientWidth,a.getBoundingClientRect().height>50,a.closest("details")===null].join(","));</script></body>|' \
		"$3" >"$tmp/$2.fit.html"
	run_browser "$tmp/$2.fit.html" --window-size=1280,900 --virtual-time-budget=2000 --dump-dom >"$dom"
	grep -qF "<h2>Lifetime totals, $y0 to $y1, $region</h2>" "$dom" && ok ||
		ko "$2: the headline does not name $region and $y0 to $y1"
	cards=$(grep -o '<div class="card" ' "$dom" | wc -l)
	named=$(grep -o "<div class=\"where\">$region, $y0&ndash;$y1</div>\|<div class=\"where\">$region, $y0–$y1</div>" "$dom" | wc -l)
	[ "$cards" -ge 6 ] && [ "$named" -eq "$cards" ] && ok ||
		ko "$2: $named of $cards headline cards name the region and years"
	grep -qF 'data-fit="true,true,true,true"' "$dom" && ok ||
		ko "$2: at 1280 px the page or the year table overflows, or the assumptions are hidden ($(grep -o 'data-fit="[^"]*"' "$dom"))"
	for key in region pathway regional_factor marginal pue water water_stress embodied basis; do
		grep -qF "<dt data-key=\"$key\">" "$dom" || { ko "$2: no $key in the assumptions"; continue; }
		ok
	done
	fac=$(sed -n 's/^  facility: *\([A-Za-z0-9_.-]*\).*/\1/p' "$1" | head -1)
	cap=$(sed -n 's/^    it_capacity: *\([0-9.]*\) MW.*/\1/p' "$1" | head -1)
	pue=$(sed -n 's/^    pue: *\([0-9.]*\).*/\1/p' "$1" | head -1)
	[ -n "$pue" ] || pue=$("$W" list facilities "^$fac\$" | awk 'NR == 2 { print $2 }')
	conn=$(grep -o '<div class="card" data-output="grid_connection_kw">.*' "$dom" | sed -n 's/.*class="value" data-value="\([0-9.e+]*\)".*/\1/p' | head -1)
	if [ -n "$cap" ] && [ -n "$pue" ] && [ -n "$conn" ] &&
	   awk -v c="$cap" -v p="$pue" -v k="$conn" 'BEGIN { d = c * 1000 * p - k; exit !(d < 1e-6 && d > -1e-6) }'
	then ok; else ko "$2: grid connection card $conn kW is not $cap MW x PUE $pue"; fi
}

# No path of this machine in any page: every example reported from another
# directory, by absolute paths, with the data named absolutely.
no_absolute() { # HTML NAME
	if grep -qF "$root" "$1"; then
		ko "$2: the page holds a path of this machine"; grep -o -F "$root[^ <\"]*" "$1" | head -3
	elif grep -qE "(^|[ (\"'>=\`])/(work|tmp|home|root|usr|opt|srv|var|mnt)/" "$1"; then
		ko "$2: the page holds an absolute path"
		grep -oE "(^|[ (\"'>=])/(work|tmp|home|root|usr|opt|srv|var|mnt)/[^ <\"]*" "$1" | head -3
	else ok; fi
}
root=$(pwd)

# bad input: status 2, a located message, and nothing written over the target
echo "an older report" >"$tmp/keep.html"
"$W" report tests/bad/01-tdp-wrong-dimension.yaml -o "$tmp/keep.html" 2>"$tmp/err"
if [ $? -eq 2 ] && grep -qF "01-tdp-wrong-dimension.yaml:5:10: tdp: expected a power" "$tmp/err" &&
   [ "$(cat "$tmp/keep.html")" = "an older report" ] && [ "$(ls -A "$tmp" | grep -c '^\.keep')" -eq 0 ]
then ok; else ko "bad input: not status 2, unlocated, or the target was touched"; cat "$tmp/err"; fi
"$W" report examples/llama-65b.yaml --format svg --chart pie >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF 'unknown chart "pie"' "$tmp/err" && ok || ko "--chart pie: not a located status 2"

for f in examples/*.yaml examples/growth-zones/[!a]*.yaml; do
	name=$(basename "$f" .yaml)
	html="$tmp/$name.html"
	# a campus spanning years: sited across the regions its header names
	campus=""; regions=""
	if grep -q '^  campus:' "$f"; then
		campus=1
		regions=$(sed -n "s/^#.*wattif run .*--regions '\([^']*\)'.*/\1/p" "$f" | head -1)
	fi
	if ! (cd "$tmp" && WATTIF_DATA="$root" "$root/$W" report "$root/$f" \
		${regions:+--regions "$regions"} -o "$html") 2>"$tmp/err"; then
		ko "$name: wattif report failed"; cat "$tmp/err"; continue
	fi
	no_absolute "$html" "$name"
	if external_refs "$html" >"$tmp/refs"; then
		ko "$name: the page refers outside itself"; cat "$tmp/refs"
	else ok; fi

	# the picture: not blank, charts drawn
	run_browser "$html" --screenshot="$tmp/$name.png" --window-size=1200,3000 >/dev/null
	if [ ! -s "$tmp/$name.png" ]; then
		ko "$name: no screenshot"; tail -5 "$tmp/browser.log"; continue
	fi
	stats=$("$PY" tests/png_stats.py "$tmp/$name.png" '#0072B2')
	set -- ${stats:-width=0 height=0 colours=0 ink=0 none=0}
	w=${1#width=}; h=${2#height=}; colours=${3#colours=}; ink=${4#ink=}; blue=${5#*=}
	if [ "$w" = 1200 ] && [ "$h" = 3000 ] && [ "$colours" -ge 50 ] && [ "$blue" -ge 2000 ] &&
	   awk -v i="$ink" 'BEGIN { exit !(i > 0.02) }'; then ok
	else ko "$name: screenshot looks blank or chartless ($stats)"; fi

	# the document chromium built
	run_browser "$html" --dump-dom >"$tmp/$name.dom"
	id=$(sed -n 's/^  id: *\([^ ]*\).*/\1/p' "$f" | head -1)
	if [ -n "$campus" ]; then
		check_campus "$f" "$name" "$id" "$regions"
		check_planner "$f" "$name" "$html"
		continue
	fi
	for want in "<h1>wattif report: $id</h1>" ">Headline figures</h2>" \
		    ">Where the energy and emissions come from</h2>" \
		    ">The job's window over time</h2>" ">Uncertainty</h2>" \
		    '<figure data-chart="breakdown">' "<summary>How each figure was derived"; do
		if grep -qF -- "$want" "$tmp/$name.dom"; then ok
		else ko "$name: the DOM has no $want"; fi
	done
	for label in "IT energy" "facility energy" "total emissions"; do
		v=$(run_value "$f" "$label")
		if [ -n "$v" ] && grep -qF -- ">$v<" "$tmp/$name.dom"; then ok
		else ko "$name: the DOM does not show $label \"$v\" as wattif run does"; fi
	done
	svgs=$(grep -o '<svg ' "$tmp/$name.dom" | wc -l)
	figs=$(grep -o '<figure data-chart=' "$tmp/$name.dom" | wc -l)
	if [ "$svgs" -ge 1 ] && [ "$svgs" -eq "$figs" ]; then ok
	else ko "$name: $svgs <svg> for $figs figures"; fi
done

# charts that need samples, periods or a highlighted window are there
grep -qF '<figure data-chart="histogram">' "$tmp/uncertain-training.dom" &&
grep -qF '<figure data-chart="sensitivity">' "$tmp/uncertain-training.dom" && ok ||
	ko "uncertain-training: no histogram or sensitivity chart"
grep -qF '<figure data-chart="window">' "$tmp/carbon-aware-week.dom" && ok ||
	ko "carbon-aware-week: no window chart"

# estimate beside measurement: the compare section of a scenario holding a
# measured: run, with the figures `wattif compare` prints, both bars drawn
dom="$tmp/measured-vs-estimate.dom"
for want in ">Estimate beside measurement</h2>" '<figure data-chart="compare">' \
	    ">The measured run</h2>" "<summary>How each measured figure was derived"; do
	grep -qF -- "$want" "$dom" && ok || ko "measured-vs-estimate: the DOM has no $want"
done
"$W" compare examples/measured-vs-estimate.yaml >"$tmp/compare.txt"
for label in "IT energy" "facility energy" "emissions, location-based"; do
	set -- $(awk -v l="$label" 'substr($0, 3, 27) ~ "^" l " *$" {
		print substr($0, 31, 20) "|" substr($0, 52, 20) "|" substr($0, 73) }' "$tmp/compare.txt" |
		sed 's/  *|/|/g; s/ *$//' | tr ' ' '_' | tr '|' ' ')
	est=$(echo "$1" | tr '_' ' '); mea=$(echo "$2" | tr '_' ' '); ratio=$3
	row=$(grep -o "<tr data-output=\"[a-z_]*\"><td>$label</td>.*" "$dom" | grep -F '<table' -v | head -1)
	if grep -qF -- "<table class=\"data compare\">" "$dom" &&
	   grep -o '<table class="data compare">.*' "$dom" >/dev/null &&
	   awk -v l="$label" -v e=">$est<" -v m=">$mea<" -v r=">$ratio<" '
		/<table class="data compare">/ { t = 1 }
		t && index($0, "<td>" l "</td>") && index($0, e) && index($0, m) && index($0, r) { found = 1 }
		t && /<\/table>/ { t = 0 }
		END { exit !found }' "$dom"; then ok
	else ko "measured-vs-estimate: the compare table lacks $label \"$est\" \"$mea\" \"$ratio\" as wattif compare prints them"; fi
done
"$W" report examples/measured-vs-estimate.yaml --format svg --chart compare -o "$tmp/compare.svg" ||
	ko "compare.svg: report failed"
run_browser "$tmp/compare.svg" --screenshot="$tmp/compare.png" --window-size=800,420 >/dev/null
stats=$("$PY" tests/png_stats.py "$tmp/compare.png" '#0072B2' '#E69F00')
set -- ${stats:-width=0 height=0 colours=0 ink=0 none=0 none=0}
if [ "${3#colours=}" -ge 20 ] && [ "${5#*=}" -ge 2000 ] && [ "${6#*=}" -ge 200 ]; then ok
else ko "compare.svg: blank, or without its estimated and measured bars ($stats)"; fi

# a sweep's heatmap page
"$W" report examples/sweeps/pue-by-accelerator.yaml -o "$tmp/sweep.html" || ko "sweep: report failed"
external_refs "$tmp/sweep.html" >"$tmp/refs" && { ko "sweep: the page refers outside itself"; cat "$tmp/refs"; } || ok
run_browser "$tmp/sweep.html" --screenshot="$tmp/sweep.png" --window-size=1200,3000 >/dev/null
# the colours of the first and last cells, as the page gives them
cells=$(grep -o 'fill="#[0-9a-f]\{6\}"[^>]*><title>' "$tmp/sweep.html" | cut -c7-13)
first=$(echo "$cells" | head -1); last=$(echo "$cells" | tail -1)
stats=$("$PY" tests/png_stats.py "$tmp/sweep.png" "${first:-#000000}" "${last:-#000000}")
set -- ${stats:-width=0 height=0 colours=0 ink=0 none=0 none=0}
if [ "${3#colours=}" -ge 50 ] && [ "${5#*=}" -ge 500 ] && [ "${6#*=}" -ge 500 ]; then ok
else ko "sweep: blank or without its heatmap ($stats)"; fi
run_browser "$tmp/sweep.html" --dump-dom >"$tmp/sweep.dom"
# one table cell per point: 2 accelerators x 5 PUEs
cells=$(grep -o 'class="num" data-value=' "$tmp/sweep.dom" | wc -l)
grep -qF '<figure data-chart="heatmap">' "$tmp/sweep.dom" && grep -qF '>nvidia-h100-sxm5-80gb</th>' "$tmp/sweep.dom" &&
	[ "$cells" -eq 10 ] && ok || ko "sweep: the DOM lacks the heatmap or its 10 cells ($cells)"

# the growth zone's ranking as a standalone SVG: its bars in Okabe-Ito blue
"$W" report examples/growth-zone-gb.yaml --regions '^GB-' --format svg --chart siting \
	-o "$tmp/siting.svg" || ko "siting.svg: report failed"
run_browser "$tmp/siting.svg" --screenshot="$tmp/siting.png" --window-size=800,600 >/dev/null
stats=$("$PY" tests/png_stats.py "$tmp/siting.png" '#0072B2')
set -- ${stats:-width=0 height=0 colours=0 ink=0 none=0}
if [ "${3#colours=}" -ge 20 ] && [ "${5#*=}" -ge 2000 ]; then ok
else ko "siting.svg: blank or without its bars ($stats)"; fi

# a sampled projection: the lifetime total's 90% interval on its card, a
# whisker per year on the years chart
"$W" report examples/growth-zone-gb.yaml --set 'site.pue=tri(1.1, 1.2, 1.4)' --samples 200 \
	-o "$tmp/sampled.html" || ko "sampled projection: report failed"
run_browser "$tmp/sampled.html" --dump-dom >"$tmp/sampled.dom"
whiskers=$(grep -o 'class="whisker"' "$tmp/sampled.dom" | wc -l)
grep -qF '<div class="card" data-output="emissions_total_kg">' "$tmp/sampled.dom" &&
	grep -o '<div class="card" data-output="emissions_total_kg">.*' "$tmp/sampled.dom" |
	grep -qF '<div class="interval">90% interval <span data-value=' && [ "$whiskers" -eq 15 ] && ok ||
	ko "sampled projection: no interval on the total's card, or $whiskers whiskers for 15 years"

# a standalone SVG chart, opened on its own
"$W" report examples/carbon-aware-week.yaml --format svg --chart window \
	--highlight 2026-07-02T00:00Z..2026-07-02T12:00Z -o "$tmp/window.svg" || ko "svg: report failed"
run_browser "$tmp/window.svg" --screenshot="$tmp/window.png" --window-size=800,500 >/dev/null
stats=$("$PY" tests/png_stats.py "$tmp/window.png" '#0072B2')
set -- ${stats:-width=0 height=0 colours=0 ink=0 none=0}
if [ "${3#colours=}" -ge 20 ] && [ "${5#*=}" -ge 300 ]; then ok
else ko "window.svg: blank or without its line ($stats)"; fi
run_browser "$tmp/window.svg" --dump-dom >"$tmp/window.dom"
grep -qF '2026-07-02' "$tmp/window.dom" && grep -qF 'intensity (g CO2e/kWh)' "$tmp/window.dom" && ok ||
	ko "window.svg: the DOM lacks its axis labels"

echo "browser tests: $pass passed, $fail failed ($(($(date +%s) - start)) s, $browser)"
test "$fail" -eq 0

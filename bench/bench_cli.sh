#!/bin/sh
# bench_cli.sh - wall time of whole `wattif` processes (start, load the
# shipped catalog, evaluate, print): `--help` (the process alone: exec and
# the shared libraries), one run, a 15-year campus projection, the same
# sited in the 17 GB regions, and a shift search over the 14 GB series;
# then start-up as a ratio measured in the same run: `run
# examples/llama-65b.yaml` over `--help` (issue 20: at most 5), with the
# cache of parsed model files warm (what every run after the first sees),
# without it (WATTIF_CACHE=off), and cold (the first run, which parses and
# writes the cache).  Uses hyperfine when installed, else a loop of runs.
W=${1:-build/wattif}
N=${N:-50}
# a cache of our own, so the figures do not depend on the user's
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
WATTIF_CACHE="$cache/warm"
export WATTIF_CACHE

# mean microseconds of one command over N runs
mean_us() {
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --warmup 3 --runs "$N" --export-json /dev/stdout "$@" 2>/dev/null |
			python3 -c 'import json,sys; print(int(json.load(sys.stdin)["results"][0]["mean"] * 1e6))'
		return
	fi
	"$@" >/dev/null 2>&1
	start=$(date +%s%N)
	i=0
	while [ $i -lt "$N" ]; do "$@" >/dev/null 2>&1; i=$((i + 1)); done
	end=$(date +%s%N)
	echo $(((end - start) / N / 1000))
}

set -- "--help" "run examples/llama-65b.yaml" \
	"run examples/growth-zone-gb.yaml" \
	"run examples/growth-zone-gb.yaml --regions ^GB-" \
	"shift examples/carbon-aware-week.yaml --regions ^GB-"
for c in "$@"; do
	# shellcheck disable=SC2086 # the words of c are the arguments
	printf '  %8s us  wattif %s\n' "$(mean_us $W $c)" "$c"
done
# the first run: an empty cache each time (parse, then write the entries)
cold_us() {
	i=0
	total=0
	while [ $i -lt 10 ]; do
		rm -rf "$cache/cold"
		s=$(date +%s%N)
		WATTIF_CACHE="$cache/cold" "$W" run examples/llama-65b.yaml >/dev/null 2>&1
		e=$(date +%s%N)
		total=$((total + (e - s) / 1000))
		i=$((i + 1))
	done
	echo $((total / 10))
}

# the ratio, its two sides measured back to back (three times: the least)
ratio() { # ratio MODE: warm, off or cold
	best=
	for k in 1 2 3; do
		h=$(mean_us "$W" --help)
		case $1 in
		warm) r=$(mean_us "$W" run examples/llama-65b.yaml) ;;
		off) r=$(WATTIF_CACHE=off mean_us "$W" run examples/llama-65b.yaml) ;;
		cold) r=$(cold_us) ;;
		esac
		x=$(awk -v r="$r" -v h="$h" 'BEGIN { printf "%.1f", r / h }')
		if [ -z "$best" ] || awk -v x="$x" -v b="$best" 'BEGIN { exit !(x < b) }'; then best=$x; fi
	done
	echo "$best"
}
echo "  start-up: run examples/llama-65b.yaml / --help = $(ratio warm)x (issue 20: at most 5)"
echo "            without the cache (WATTIF_CACHE=off): $(ratio off)x; the first run," \
	"which fills it: $(ratio cold)x"

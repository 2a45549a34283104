#!/bin/sh
# bench_cli.sh - wall time of whole `wattif` processes (start, load the
# shipped catalog with its series, evaluate, print): one run, a 15-year
# campus projection, the same sited in the 17 GB regions, and a shift search
# over the 14 GB series.  Uses hyperfine when installed.
W=${1:-build/wattif}
set -- "run examples/llama-65b.yaml" \
	"run examples/growth-zone-gb.yaml" \
	"run examples/growth-zone-gb.yaml --regions ^GB-" \
	"shift examples/carbon-aware-week.yaml --regions ^GB-"
for c in "$@"; do
	echo "wattif $c"
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --warmup 3 --runs 30 --export-markdown /dev/null "$W $c" 2>/dev/null |
			grep -E "Time|Range"
	else
		n=30
		start=$(date +%s%N)
		i=0
		while [ $i -lt $n ]; do $W $c >/dev/null; i=$((i + 1)); done
		end=$(date +%s%N)
		echo "  $(( (end - start) / n / 1000 )) us mean over $n runs"
	fi
done

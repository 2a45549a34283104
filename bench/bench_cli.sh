#!/bin/sh
# bench_cli.sh - wall time of a whole `wattif run` process (start, load the
# shipped catalog, evaluate, print).  Uses hyperfine when installed.
W=${1:-build/wattif}
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 3 --runs 30 --export-markdown /dev/null \
		"$W run examples/llama-65b.yaml" 2>/dev/null | grep -E "Time|Range"
else
	n=30
	start=$(date +%s%N)
	i=0
	while [ $i -lt $n ]; do "$W" run examples/llama-65b.yaml >/dev/null; i=$((i + 1)); done
	end=$(date +%s%N)
	echo "wattif run (whole process): $(( (end - start) / n / 1000 )) us mean over $n runs"
fi

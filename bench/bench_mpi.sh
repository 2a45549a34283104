#!/bin/sh
# bench_mpi.sh - speed-up of an MPI sweep with the number of ranks:
# `mpirun -np P wattif sweep SWEEP -j 1 -o OUT` for P = 1 .. N (default:
# the processors this machine has, at most 8), with the wall time, the CPU
# time of every process together (user + system, from /usr/bin/time over
# mpirun, which waits for its ranks), the speed-up over P = 1 and the
# efficiency (speed-up / P).
#
# What to expect: a point costs about 0.3 us to evaluate and 0.4 us to
# format on a rank; rank 0 also writes every byte (write(2) of whole
# chunks, a few GB/s) and sleeps between polls while it waits, so CPU
# time stays about the work (no busy polling: before, two ranks used
# 44-46% more CPU than one for the same points).  Expect an efficiency of
# 0.9 or more while P is at most the physical cores, falling as rank 0's
# writing (about 1e7 rows/s) or the file system becomes the limit; with
# more ranks than cores (--oversubscribe) the ranks share the cores and
# the speed-up stops at the core count.
#
# Usage: sh bench/bench_mpi.sh [WATTIF] [N] [SWEEP]   (make MPI=1 BUILD=build/mpi)
W=${1:-build/mpi/wattif}
N=${2:-$(nproc 2>/dev/null || echo 2)}
S=${3:-examples/sweeps/bench-1m.yaml}
[ "$N" -gt 8 ] && N=8
if ! command -v mpirun >/dev/null 2>&1 || [ ! -x "$W" ]; then
	echo "bench_mpi: needs mpirun and $W (make MPI=1 BUILD=build/mpi); skipped"
	exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "mpirun -np P $W sweep $S -j 1 ($(grep -c ^processor /proc/cpuinfo 2>/dev/null || echo ?) processors)"
printf '  %2s %9s %9s %9s %10s %9s\n' P wall_s cpu_s cpu/wall speed-up efficiency
p=1
t1=
while [ "$p" -le "$N" ]; do
	/usr/bin/time -f '%e %U %S' -o "$out/time" mpirun -np "$p" --oversubscribe \
		"$W" sweep "$S" -j 1 -o "$out/rows.csv" >/dev/null 2>"$out/err" ||
		{ echo "bench_mpi: -np $p failed:"; cat "$out/err"; exit 1; }
	read -r wall user sys <"$out/time"
	[ -z "$t1" ] && t1=$wall
	awk -v p="$p" -v w="$wall" -v u="$user" -v s="$sys" -v t1="$t1" 'BEGIN {
		printf "  %2d %9.2f %9.2f %9.2f %10.2f %9.2f\n", p, w, u + s, (u + s) / w,
			t1 / w, t1 / w / p }'
	p=$((p + 1))
done

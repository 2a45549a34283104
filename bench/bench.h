/*
 * bench.h - what every benchmark needs: a monotonic clock and a way to
 * report a library error and fail.
 */
#ifndef WF_BENCH_H
#define WF_BENCH_H

#include <stdio.h>
#include <time.h>

#include "wattif.h"

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline int die(const wf_error *err)
{
	char b[2048];

	fprintf(stderr, "bench: %s\n", wf_error_format(err, b, sizeof b));
	return 1;
}

#endif

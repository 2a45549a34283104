/*
 * shift.h - carbon-aware shifting: the best time (and region) to run a job.
 *
 * The "Flexible Start" policy of Dodge et al. 2022 (FAccT) and the
 * non-interruptible strategy of Wiesner et al. 2021 ("Let's Wait Awhile",
 * Middleware; docs/model.md, "Carbon-aware shifting"): a job of fixed
 * duration and constant power may start anywhere in a window; its
 * emissions are proportional to ∫ CI dt over its run, so the best start
 * minimises that integral.  Over several regions the same search per
 * region gives a ranking (spatial shifting).
 *
 * Savings computed on average intensities overstate consequential savings
 * (docs/model.md); the caller says which basis a series is on.  All
 * functions are reentrant and only read the series.
 */
#ifndef WF_SHIFT_H
#define WF_SHIFT_H

#include <stddef.h>

#include "series.h"

/*
 * The best start for a job of `dur` seconds in one series.
 *   Candidates: w0 + k*step for k = 0, 1, ... while start + dur <= w1
 *   (step <= 0 means the series' own step).  Windows that leave the series
 *   or touch a missing interval are skipped.  Ties go to the earliest start.
 *   *best_start  the start (s since the epoch);
 *   *best_mean   the mean CI over [start, start + dur), kg/J.
 * Cost O(K + n) for K candidates (one pass, both window ends advance
 * monotonically over the prefix sums of series.h): O(K) when step is at
 * least the series' interval.
 * Returns 0; WF_EINPUT for non-finite arguments, dur <= 0, w1 - w0 < dur
 * or more than 1e8 candidates; WF_ENOTFOUND when no candidate window lies
 * inside the series without a gap (err says the series' span and gaps).
 */
int wf_shift_best(const wf_series *s, double w0, double w1, double dur, double step,
		  double *best_start, double *best_mean, wf_error *err);

/* One region in a ranking. */
typedef struct wf_shift_row {
	size_t series;       /* index into the series array given */
	int best_ok;         /* 0 when no candidate window has full data */
	double best_start;   /* s since the epoch (NAN when !best_ok) */
	double best_mean;    /* kg/J (NAN when !best_ok) */
	int ref_ok;          /* 1 when [ref_start, ref_start + dur) has data */
	double ref_mean;     /* kg/J over the reference window (NAN if !ref_ok) */
} wf_shift_row;

/*
 * Best start in each of n series and a ranking: rows[0..n) sorted by
 * best_mean (regions without a full window last, then by index), with the
 * mean over a reference start (the planned one; NAN = none) for savings.
 * step <= 0 uses each series' own step.  Returns 0 when at least one region
 * has a window, WF_ENOTFOUND when none has, WF_EINPUT as wf_shift_best.
 */
int wf_shift_rank(wf_shift_row *rows, const wf_series *const *s, size_t n,
		  double w0, double w1, double dur, double step, double ref_start,
		  wf_error *err);

#endif

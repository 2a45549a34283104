/*
 * shift.c - the best start time for a job in an intensity series, and a
 * ranking of regions by it (see shift.h).
 *
 * Method: exhaustive search over a grid of start times, as in Wiesner et
 * al. 2021 (dos-group/lets-wait-awhile strategy.py: argmin of the window
 * integral, non-interruptible) and Dodge et al. 2022 ("Flexible Start").
 * Each candidate's integral is F(end) - F(start) over the prefix sums of
 * series.c, and both ends only move forward as the start advances, so the
 * interval indexes are found by walking instead of searching: the whole
 * scan costs O(K + n) for K candidates and n intervals.  Comparisons are
 * made on the series' raw prefix sums (exact for integer-valued data on
 * whole seconds, see series.h), so equal windows tie exactly and the
 * earliest wins.
 */
#include "shift.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define MOD "shift"

/* Bound on the candidates one call may scan: a year at one-second steps
 * is 3.2e7. */
#define SHIFT_MAX_CANDIDATES 1e8

/* Slack for start grids that land on a bound up to rounding, in steps. */
#define GRID_EPS 1e-9

static int check_args(const wf_series *s, double w0, double w1, double dur,
		      double *step, wf_error *err)
{
	const char *path = s ? s->path : "";
	double k;

	if (!s)
		return wf_error_set(err, WF_EINPUT, MOD, "", 0, 0, "no series");
	if (!isfinite(w0) || !isfinite(w1) || !isfinite(dur) || !isfinite(*step))
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
				    "window, duration and step must be finite");
	if (dur <= 0)
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
				    "job duration must be > 0, got %g s", dur);
	if (w1 - w0 < dur)
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
				    "the window (%g h) is shorter than the job (%g h)",
				    (w1 - w0) / 3600, dur / 3600);
	if (*step <= 0)
		*step = s->step_s;
	k = floor((w1 - w0 - dur) / *step + GRID_EPS) + 1;
	if (k > SHIFT_MAX_CANDIDATES)
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
				    "%.3g candidate starts (window / step); the limit is "
				    "%.0e: use a longer step", k, SHIFT_MAX_CANDIDATES);
	return 0;
}

int wf_shift_best(const wf_series *s, double w0, double w1, double dur, double step,
		  double *best_start, double *best_mean, wf_error *err)
{
	double k_lo, k_hi, kd, best = 0, best_t = 0, t_end;
	size_t ia = 0, ib = 0;
	int found = 0, rc;

	if (!best_start || !best_mean)
		return wf_error_set(err, WF_EINPUT, MOD, "", 0, 0, "invalid arguments");
	if ((rc = check_args(s, w0, w1, dur, &step, err)))
		return rc;
	t_end = s->t[s->n];
	/* Candidates k with w0 + k*step in [t[0], t[n] - dur] and in the
	 * window; computed as w0 + k*step (never accumulated) so no drift. */
	k_lo = ceil((s->t[0] - w0) / step - GRID_EPS);
	if (k_lo < 0)
		k_lo = 0;
	k_hi = floor((w1 - w0 - dur) / step + GRID_EPS);
	if (floor((t_end - dur - w0) / step + GRID_EPS) < k_hi)
		k_hi = floor((t_end - dur - w0) / step + GRID_EPS);
	for (kd = k_lo; kd <= k_hi; kd++) {
		double start = w0 + kd * step, end = start + dur, v;
		if (start < s->t[0] || end > t_end)
			continue; /* admitted by the slack, but outside the data */
		while (ia + 1 < s->n && s->t[ia + 1] <= start)
			ia++;
		if (ib < ia)
			ib = ia;
		while (ib + 1 < s->n && s->t[ib + 1] < end)
			ib++;
		if (s->gap_cum[ib + 1] != s->gap_cum[ia])
			continue; /* touches a gap */
		/* F(end) - F(start) over the compensated prefix sums (series.c);
		 * inside one interval, its value times the (exact) length, so
		 * equal windows tie exactly */
		if (ia == ib)
			v = s->raw[ia] * (end - start);
		else
			v = (s->cum[ib] - s->cum[ia]) +
			    ((s->cum_lo[ib] - s->cum_lo[ia]) +
			     (s->raw[ib] * (end - s->t[ib]) - s->raw[ia] * (start - s->t[ia])));
		if (!found || v < best) {
			best = v;
			best_t = start;
			found = 1;
		}
	}
	if (!found) {
		char a[48], b[48];
		return wf_error_set(err, WF_ENOTFOUND, MOD, s->path, 0, 0,
				    "%s%s%sno %g h window in the search window has full "
				    "data (the series runs from %s to %s with %zu missing "
				    "intervals)", s->region[0] ? "region " : "", s->region,
				    s->region[0] ? ": " : "", dur / 3600,
				    wf_series_format_time(a, sizeof a, s->t[0]),
				    wf_series_format_time(b, sizeof b, t_end),
				    wf_series_gaps(s));
	}
	*best_start = best_t;
	*best_mean = best * s->raw_si / dur;
	return 0;
}

static int cmp_row(const void *a, const void *b)
{
	const wf_shift_row *x = a, *y = b;

	if (x->best_ok != y->best_ok)
		return x->best_ok ? -1 : 1;
	if (x->best_ok && x->best_mean != y->best_mean)
		return x->best_mean < y->best_mean ? -1 : 1;
	return (x->series > y->series) - (x->series < y->series);
}

int wf_shift_rank(wf_shift_row *rows, const wf_series *const *s, size_t n,
		  double w0, double w1, double dur, double step, double ref_start,
		  wf_error *err)
{
	size_t i, ok = 0;
	int rc;

	if (!rows || (n && !s))
		return wf_error_set(err, WF_EINPUT, MOD, "", 0, 0, "invalid arguments");
	for (i = 0; i < n; i++) {
		wf_shift_row *r = &rows[i];
		wf_error local;

		wf_error_clear(&local);
		memset(r, 0, sizeof(*r));
		r->series = i;
		/* A region without a full window is ranked last, not an error;
		 * its message stays local so it cannot mask a later one. */
		rc = wf_shift_best(s[i], w0, w1, dur, step, &r->best_start, &r->best_mean,
				   &local);
		if (rc == WF_ENOTFOUND) {
			r->best_ok = 0;
			r->best_start = NAN;
			r->best_mean = NAN;
		} else if (rc) {
			if (err && err->code == 0)
				*err = local;
			return rc;
		} else {
			r->best_ok = 1;
			ok++;
		}
		r->ref_ok = 0;
		r->ref_mean = NAN;
		if (isfinite(ref_start)) {
			double m;
			int cov = 0;
			if (wf_series_mean(s[i], ref_start, ref_start + dur, &m, &cov) == 0 &&
			    cov) {
				r->ref_ok = 1;
				r->ref_mean = m;
			}
		}
	}
	qsort(rows, n, sizeof(*rows), cmp_row);
	if (ok == 0)
		return wf_error_set(err, WF_ENOTFOUND, MOD, "", 0, 0,
				    "no region has a %g h window with full data in the "
				    "search window", dur / 3600);
	return 0;
}


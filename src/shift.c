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
#include "overflow.h"

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
		if (s->miss_cum[ib + 1] != s->miss_cum[ia])
			continue; /* touches a gap */
		v = (s->cum[ib] + s->raw[ib] * (end - s->t[ib])) -
		    (s->cum[ia] + s->raw[ia] * (start - s->t[ia]));
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

/* ------------------------------------------------- a scenario's shift */

#include <stdio.h>

#include "engine.h"
#include "scenario.h"

struct wf_shift_result {
	wf_shift_region *rows;       /* ranked */
	size_t n;
	wf_shift_region given;
	double w0, w1, step, dur, e_fac_kwh;
	char *notes;
	char **ids;                  /* n region ids, owned */
};

/* The grids with a series, the overlay's first, each id once. */
static int candidates(const wf_grid ***out, size_t *n, const wf_catalog *top,
		      const wf_regex *re, const wf_grid *own, wf_error *err)
{
	const wf_catalog *c;
	const wf_grid **v = NULL;
	size_t cap = 0, i, k;

	*n = 0;
	if (!re) {
		if (!own || !own->ser)
			return wf_error_set(err, WF_ENOTFOUND, MOD, NULL, 0, 0,
					    "the scenario's region %s has no hourly series; "
					    "name regions with --regions",
					    own ? own->e.id : "(none)");
		if (!(v = malloc(sizeof(*v))))
			return wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
		v[0] = own;
		*out = v;
		*n = 1;
		return 0;
	}
	for (c = top; c; c = c->parent)
		for (i = 0; i < c->kinds[WF_KIND_GRID].n; i++) {
			const wf_grid *g = c->kinds[WF_KIND_GRID].items[i];
			int dup = 0, m;
			if (!g->ser)
				continue;
			if ((m = wf_regex_search(re, g->e.id, err)) < 0) {
				free(v);
				*n = 0;
				return m;
			}
			if (!m)
				continue;
			for (k = 0; k < *n; k++)
				dup |= strcmp(v[k]->e.id, g->e.id) == 0;
			if (dup)
				continue;
			if (*n == cap) {
				const wf_grid **nv;
				cap = cap ? 2 * cap : 16;
				if (!(nv = realloc(v, cap * sizeof(*v)))) {
					free(v);
					return wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0,
							    "out of memory");
				}
				v = nv;
			}
			v[(*n)++] = g;
		}
	*out = v;
	if (*n == 0)
		return wf_error_set(err, WF_ENOTFOUND, MOD, NULL, 0, 0,
				    "--regions matches no grid with an hourly series");
	return 0;
}

static int shift_fill(wf_shift_result *r, const wf_plan *pl, const wf_shift_options *o,
		      wf_error *err)
{
	const wf_grid **g = NULL;
	const wf_series **s = NULL;
	wf_shift_row *rows = NULL;
	wf_regex *re = NULL;
	wf_outputs out;
	wf_error e;
	double x[P_COUNT_], kg_per = 0;
	size_t i, n = 0;
	int rc;

	wf_plan_nominal(pl, x);
	wf_error_clear(&e);
	if ((rc = wf_plan_evaluate(pl, x, &out, NULL, &e)))
		return wf_plan_overflow(pl, x, rc, &e, err);
	r->dur = out.v[WF_OUT_DURATION_H];
	if (!isfinite(r->dur) || r->dur <= 0)
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				    "shift needs the job's wall-clock time: give "
				    "workload.wall_time, or devices with device_hours");
	r->e_fac_kwh = out.v[WF_OUT_ENERGY_FACILITY_KWH] / 3.6e6;
	/* the job as given: its region and start, whatever the intensity's
	 * source (series or annual; the notes say which) */
	r->given.given_ok = 1;
	r->given.given_intensity_g_per_kwh = out.v[WF_OUT_INTENSITY_G_PER_KWH] / WF_G_PER_KWH;
	r->given.given_emissions_kg = out.v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	kg_per = out.v[WF_OUT_ENERGY_FACILITY_KWH]; /* J; x mean kg/J = kg */
	if (o->regions && (rc = wf_regex_new(&re, o->regions, err)))
		return rc;
	rc = candidates(&g, &n, pl->scratch_->parent, re, pl->region, err);
	wf_regex_free(re);
	if (rc)
		goto done;
	if (!(s = malloc(n * sizeof(*s))) || !(rows = malloc(n * sizeof(*rows))) ||
	    !(r->rows = calloc(n, sizeof(*r->rows))) ||
	    !(r->ids = calloc(n, sizeof(*r->ids)))) {
		rc = wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
		goto done;
	}
	r->w0 = o->window_start;
	r->w1 = o->window_end;
	for (i = 0; i < n; i++) {
		s[i] = g[i]->ser;
		if (o->window_start == 0 && (i == 0 || wf_series_begin(s[i]) > r->w0))
			r->w0 = wf_series_begin(s[i]);
		if (o->window_end == 0 && (i == 0 || wf_series_end(s[i]) < r->w1))
			r->w1 = wf_series_end(s[i]);
	}
	r->step = o->step_s > 0 ? o->step_s : s[0]->step_s;
	if (r->w1 - r->w0 < r->dur) {
		char a[48], b[48];
		rc = wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				  "the search window %s to %s (%.6g h) is shorter than the "
				  "job (%.6g h)", wf_series_format_time(a, sizeof a, r->w0),
				  wf_series_format_time(b, sizeof b, r->w1),
				  (r->w1 - r->w0) / 3600, r->dur / 3600);
		goto done;
	}
	if ((rc = wf_shift_rank(rows, s, n, r->w0, r->w1, r->dur, r->step, pl->start_s, err)))
		goto done;
	for (i = 0; i < n; i++) {
		wf_shift_region *d = &r->rows[i];
		const wf_shift_row *w = &rows[i];
		if (!(r->ids[i] = strdup(g[w->series]->e.id))) {
			rc = wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
			goto done;
		}
		d->region = r->ids[i];
		d->ok = w->best_ok;
		d->best_start = w->best_start;
		d->best_intensity_g_per_kwh = w->best_mean / WF_G_PER_KWH;
		d->best_emissions_kg = w->best_mean * kg_per;
		d->given_ok = w->ref_ok;
		d->given_intensity_g_per_kwh = w->ref_mean / WF_G_PER_KWH;
		d->given_emissions_kg = w->ref_mean * kg_per;
		r->n = i + 1;
	}
done:
	free(g);
	free(s);
	free(rows);
	return rc;
}

WF_API int wf_scenario_shift(wf_shift_result **out, const wf_scenario *sc,
			     const wf_shift_options *opt, wf_error *err)
{
	static const wf_shift_options defaults = WF_SHIFT_OPTIONS_INIT;
	const wf_shift_options *o = opt ? opt : &defaults;
	wf_shift_result *r;
	wf_strbuf notes = {0};
	wf_plan pl;
	int rc;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0, "invalid arguments");
	*out = NULL;
	if (o->version != WF_SHIFT_OPTIONS_VERSION)
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				    "wf_shift_options.version is %u, this library knows %d",
				    o->version, WF_SHIFT_OPTIONS_VERSION);
	if (!isfinite(o->window_start) || !isfinite(o->window_end) || !isfinite(o->step_s) ||
	    o->step_s < 0 || (o->window_start && o->window_end && o->window_end <= o->window_start))
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				    "the window must run forward in time and the step be >= 0");
	if (!(r = calloc(1, sizeof(*r))))
		return wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
	r->given.best_start = NAN;
	r->given.given_emissions_kg = NAN;
	memset(&pl, 0, sizeof pl);
	if ((rc = wf_scenario_precheck(sc, err)) == 0 && (rc = wf_plan_resolve(&pl, sc, err)) == 0)
		rc = shift_fill(r, &pl, o, err);
	if (rc == 0) {
		size_t i;
		r->given.region = pl.region ? pl.region->e.id : "(explicit intensity)";
		r->given.best_start = pl.start_s; /* the given start */
		if (!(r->given.region = strdup(r->given.region)))
			rc = wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
		wf_strbuf_printf(&notes, "%s", wf_strbuf_str(&pl.notes));
		for (i = 0; i < r->n; i++)
			if (r->rows[i].ok) {
				const wf_grid *gg = wf_catalog_get(pl.scratch_->parent,
								   WF_KIND_GRID,
								   r->rows[i].region);
				if (gg && gg->series_basis == WF_BASIS_DIRECT) {
					wf_strbuf_printf(&notes,
							 "series are on the direct (operational) "
							 "basis; savings are of average, not "
							 "marginal, emissions and overstate what "
							 "shifting one job changes on the grid\n");
					break;
				}
			}
		if (rc == 0 && !(r->notes = strdup(wf_strbuf_str(&notes))))
			rc = wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
	}
	wf_strbuf_free(&notes);
	wf_plan_release(&pl);
	if (rc) {
		wf_shift_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

WF_API size_t wf_shift_count(const wf_shift_result *r)
{
	return r ? r->n : 0;
}

WF_API int wf_shift_get(const wf_shift_result *r, size_t k, wf_shift_region *out)
{
	if (!r || k >= r->n)
		return WF_ENOTFOUND;
	*out = r->rows[k];
	return 0;
}

WF_API int wf_shift_given(const wf_shift_result *r, wf_shift_region *out)
{
	if (!r)
		return WF_ENOTFOUND;
	*out = r->given;
	return 0;
}

WF_API void wf_shift_setup(const wf_shift_result *r, double *window_start,
			   double *window_end, double *step_s, double *duration_s,
			   double *energy_facility_kwh)
{
	if (window_start)
		*window_start = r->w0;
	if (window_end)
		*window_end = r->w1;
	if (step_s)
		*step_s = r->step;
	if (duration_s)
		*duration_s = r->dur;
	if (energy_facility_kwh)
		*energy_facility_kwh = r->e_fac_kwh;
}

WF_API const char *wf_shift_notes(const wf_shift_result *r)
{
	return r && r->notes ? r->notes : "";
}

WF_API void wf_shift_free(wf_shift_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; r->ids && i < r->n; i++)
		free(r->ids[i]);
	free(r->ids);
	free((char *)r->given.region);
	free(r->rows);
	free(r->notes);
	free(r);
}

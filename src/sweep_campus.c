/*
 * sweep_campus.c - a sweep point whose base scenario spans years (a
 * campus projection, or a portfolio of campuses): the point's scenario
 * projected, and each output's lifetime total (as wf_projection_total
 * gives it: sums, the energy-weighted intensity, the largest peak), with
 * samples the quantiles of the additive totals.  sweep_eval.c calls it for
 * every point of such a sweep; campus paths (campus.it_capacity,
 * site.region, grid.pathway, ...) are then axes like any other.  The row's
 * intensity columns describe the first year's figures, as a siting row's
 * do.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sweep.h"

enum { N_QUANT = 5 };

/* The first year's intensity description into ci, its strings copied
 * into buf (size bytes). */
static void first_year(const wf_projection *p, wf_intensity_info *ci, char *buf, size_t size)
{
	const wf_result *r;
	int year;
	size_t n;

	memset(ci, 0, sizeof(*ci));
	ci->region = ci->basis = ci->label = ci->profile = "";
	ci->method = "average";
	ci->accounting = "location";
	ci->source = "explicit";
	if (!buf || !size || wf_projection_count(p) == 0 ||
	    !(r = wf_projection_row(p, 0, &year)) || wf_result_intensity(r, ci))
		return;
	/* region, then profile, then label, each NUL-terminated in buf */
	n = (size_t)snprintf(buf, size, "%s", ci->region);
	ci->region = buf;
	if (n + 1 < size) {
		size_t m = (size_t)snprintf(buf + n + 1, size - n - 1, "%s", ci->profile);
		ci->profile = buf + n + 1;
		if (n + m + 2 < size) {
			snprintf(buf + n + m + 2, size - n - m - 2, "%s", ci->label);
			ci->label = buf + n + m + 2;
		} else {
			ci->label = "";
		}
	} else {
		ci->profile = ci->label = "";
	}
}

int wf_sweep_project_point(const wf_scenario *sc, const int *outs, size_t n_outs,
			   long samples, unsigned long seed, double *values,
			   wf_intensity_info *ci, char *buf, size_t size, wf_error *err)
{
	wf_run_options o = WF_RUN_OPTIONS_INIT;
	wf_projection *p = NULL;
	size_t i, c;
	int rc;

	o.samples = samples > 1 ? samples : 1;
	o.seed = seed;
	if ((rc = wf_scenario_project(&p, sc, &o, err)))
		return rc;
	for (i = 0; values && i < n_outs; i++)
		if (wf_projection_total(p, outs[i], &values[i]))
			values[i] = NAN;
	if (values && samples > 1)
		for (c = n_outs, i = 0; i < n_outs; i++) {
			wf_quantiles q;
			int has = wf_projection_quantiles(p, outs[i], &q) == 0;
			values[c++] = has ? q.mean : NAN;
			values[c++] = has ? q.sd : NAN;
			values[c++] = has ? q.p05 : NAN;
			values[c++] = has ? q.p50 : NAN;
			values[c++] = has ? q.p95 : NAN;
		}
	if (ci)
		first_year(p, ci, buf, size);
	wf_projection_free(p);
	return 0;
}

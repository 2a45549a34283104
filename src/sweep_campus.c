/*
 * sweep_campus.c - a sweep point whose base scenario spans years (a
 * campus projection, or a portfolio of campuses): the point's scenario
 * projected, and each output's lifetime total (as wf_projection_total
 * gives it: sums, the energy-weighted intensity, the largest peak), with
 * samples the quantiles of the additive totals.  sweep.c calls it for
 * every point of such a sweep; campus paths (campus.it_capacity,
 * site.region, grid.pathway, ...) are then axes like any other.
 */
#include <math.h>

#include "sweep.h"

enum { N_QUANT = 5 };

int wf_sweep_project_point(const wf_scenario *sc, const int *outs, size_t n_outs,
			   long samples, unsigned long seed, double *values, wf_error *err)
{
	wf_run_options o = WF_RUN_OPTIONS_INIT;
	wf_projection *p = NULL;
	size_t i, c;
	int rc;

	o.samples = samples > 1 ? samples : 1;
	o.seed = seed;
	if ((rc = wf_scenario_project(&p, sc, &o, err)))
		return rc;
	for (i = 0; i < n_outs; i++)
		if (wf_projection_total(p, outs[i], &values[i]))
			values[i] = NAN;
	if (samples > 1)
		for (c = n_outs, i = 0; i < n_outs; i++) {
			wf_quantiles q;
			int has = wf_projection_quantiles(p, outs[i], &q) == 0;
			values[c++] = has ? q.mean : NAN;
			values[c++] = has ? q.sd : NAN;
			values[c++] = has ? q.p05 : NAN;
			values[c++] = has ? q.p50 : NAN;
			values[c++] = has ? q.p95 : NAN;
		}
	wf_projection_free(p);
	return 0;
}

/*
 * project.c - a scenario over the years and across regions: projections
 * (wf_scenario_project: the scenario run at each year of years: {from, to},
 * lifetime totals, hardware generations, lifetime quantiles).  Siting
 * (the same in every matching region, ranked) is siting.c.
 * One year of a campus is campus.c's model; this file only iterates.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

#include "error.h"
#include "quantity.h"
#include "result_int.h"


struct wf_projection {
	size_t n;
	int *years;
	wf_result **rows;
};

/* years: {from: A, to: B} (inclusive), or the scenario's year. */
static int projection_years(const wf_scenario *sc, int *from, int *to, wf_error *err)
{
	const wf_node *yn = wf_node_get(sc->root, "years");
	const wf_node *fn, *tn;
	char *end;
	long a, b;

	if (!yn)
		return wf_error_set(err, WF_EINPUT, "scenario", sc->file, 0, 0,
				    "a projection needs years: {from: YEAR, to: YEAR}");
	fn = yn->type == WF_NODE_MAP ? wf_node_get(yn, "from") : NULL;
	tn = yn->type == WF_NODE_MAP ? wf_node_get(yn, "to") : NULL;
	if (!fn || !tn || fn->type != WF_NODE_SCALAR || tn->type != WF_NODE_SCALAR ||
	    yn->n != 2)
		return wf_error_set(err, WF_EINPUT, "scenario", yn->file, yn->line, yn->col,
				    "years: expected {from: YEAR, to: YEAR}");
	a = strtol(fn->text, &end, 10);
	if (*end || end == fn->text || a < 1900 || a > 2200)
		return wf_error_set(err, WF_EINPUT, "scenario", fn->file, fn->line, fn->col,
				    "years.from: expected a year from 1900 to 2200, got \"%s\"",
				    fn->text);
	b = strtol(tn->text, &end, 10);
	if (*end || end == tn->text || b < a || b > a + 200)
		return wf_error_set(err, WF_EINPUT, "scenario", tn->file, tn->line, tn->col,
				    "years.to: expected a year from %ld to %ld, got \"%s\"", a,
				    a + 200, tn->text);
	*from = (int)a;
	*to = (int)b;
	return 0;
}

WF_API int wf_scenario_project(wf_projection **out, const wf_scenario *sc,
			       const wf_run_options *opt, wf_error *err)
{
	return wf_project_at(out, sc, NULL, opt, err);
}

int wf_project_at(wf_projection **out, const wf_scenario *sc, const wf_grid *region,
		      const wf_run_options *opt, wf_error *err)
{
	static const wf_run_options defaults = WF_RUN_OPTIONS_INIT;
	wf_run_options o = opt ? *opt : defaults;
	wf_projection *p;
	int from = 0, to = 0, y, rc;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_project: NULL argument");
	*out = NULL;
	if ((rc = wf_run_options_check(&o, err)) || (rc = projection_years(sc, &from, &to, err)))
		return rc;
	/* each year keeps its samples so lifetime totals get quantiles: sample
	 * k draws the same values of each input in every year (the streams are
	 * keyed by sample and input), so an uncertain input is one unknown over
	 * the whole span */
	o.keep_samples = 1;
	if (wf_node_get(sc->root, "year") || wf_node_get(sc->root, "start"))
		return wf_error_set(err, WF_EINPUT, "scenario", sc->file, 0, 0,
				    "give years: {from, to} or a single year/start, not both");
	if (!(p = calloc(1, sizeof(*p))) ||
	    !(p->years = calloc((size_t)(to - from + 1), sizeof(int))) ||
	    !(p->rows = calloc((size_t)(to - from + 1), sizeof(wf_result *)))) {
		wf_projection_free(p);
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	}
	for (y = from; y <= to; y++) {
		if ((rc = wf_scenario_run_at(&p->rows[p->n], sc, y, region, &o, err))) {
			wf_projection_free(p);
			return rc;
		}
		p->years[p->n++] = y;
	}
	*out = p;
	return 0;
}

WF_API size_t wf_projection_count(const wf_projection *p)
{
	return p ? p->n : 0;
}

WF_API const wf_result *wf_projection_row(const wf_projection *p, size_t k, int *year)
{
	if (!p || k >= p->n)
		return NULL;
	if (year)
		*year = p->years[k];
	return p->rows[k];
}

WF_API int wf_projection_total(const wf_projection *p, int i, double *out)
{
	double sum = 0, e = 0, c = 0, t = 0, mx = 0;
	size_t k;
	int any = 0;

	*out = NAN;
	if (!p || i < 0 || i >= WF_OUT_COUNT_ || p->n == 0)
		return WF_ENOTFOUND;
	for (k = 0; k < p->n; k++) {
		const wf_result *r = p->rows[k];
		if (!r->present[i])
			continue;
		any = 1;
		sum += r->v[i];
		mx = fmax(mx, r->v[i]);
		e += r->v[WF_OUT_ENERGY_FACILITY_KWH];
		c += r->v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
		t += r->v[WF_OUT_DURATION_H];
	}
	if (!any)
		return WF_ENOTFOUND;
	switch (i) {
	case WF_OUT_PEAK_POWER_KW:
		*out = mx;              /* the connection must carry the largest year */
		break;
	case WF_OUT_INTENSITY_G_PER_KWH:
		*out = e > 0 ? c / e * 1000 : NAN; /* facility-energy weighted */
		break;
	case WF_OUT_IT_POWER_KW: {
		double eit = 0;
		for (k = 0; k < p->n; k++)
			eit += p->rows[k]->v[WF_OUT_ENERGY_IT_KWH];
		*out = t > 0 ? eit / t : NAN;
		break;
	}
	case WF_OUT_SCI_G_PER_UNIT:
		*out = sum / (double)p->n; /* per year, averaged over the span */
		break;
	default:
		*out = sum;
	}
	return isfinite(*out) ? 0 : WF_ENOTFOUND;
}

/* Hardware generations: the refresh cycle cuts the span into blocks of
 * whole years from the first year with devices; each generation buys the
 * most devices any of its years has online. */
WF_API size_t wf_projection_generations(const wf_projection *p, wf_generation *out,
					size_t max)
{
	size_t k, n = 0;
	int start = 0, cycle_years = 0;

	if (!p)
		return 0;
	for (k = 0; k < p->n; k++) {
		const wf_result *r = p->rows[k];
		wf_generation *g;
		if (!isfinite(r->devices) || !(r->devices > 0))
			continue;
		if (!cycle_years) {
			cycle_years = (int)floor(r->lifetime_s / WF_YEAR_S + 0.5);
			if (cycle_years < 1)
				cycle_years = 1;
			start = p->years[k];
		}
		if (n == 0 || p->years[k] >= start + (int)n * cycle_years) {
			if (n < max) {
				g = &out[n];
				g->first_year = start + (int)n * cycle_years;
				g->last_year = g->first_year + cycle_years - 1;
				if (g->last_year > p->years[p->n - 1])
					g->last_year = p->years[p->n - 1];
				g->devices = 0;
				g->embodied_kg = g->accelerators_kg = g->hosts_kg = 0;
				g->network_kg = 0;
			}
			n++;
		}
		if (n <= max) {
			g = &out[n - 1];
			if (r->devices > g->devices) {
				g->devices = r->devices;
				g->accelerators_kg = r->devices * r->emb_board_kg;
				g->hosts_kg = r->devices * r->emb_host_kg;
				g->network_kg = r->devices * r->emb_net_kg;
				g->embodied_kg = g->accelerators_kg + g->hosts_kg + g->network_kg;
			}
		}
	}
	return n;
}

/* The building as capacity comes online: each year the online capacity
 * passes its largest so far, the new part is built. */
WF_API size_t wf_projection_building(const wf_projection *p, wf_build_phase *out,
				     size_t max)
{
	double built = 0;
	size_t k, n = 0;

	if (!p)
		return 0;
	for (k = 0; k < p->n; k++) {
		const wf_result *r = p->rows[k];
		if (!isfinite(r->capacity_w) || !(r->building_kg_per_w > 0) ||
		    !(r->capacity_w > built))
			continue;
		if (n < max) {
			out[n].year = p->years[k];
			out[n].capacity_added_mw = (r->capacity_w - built) / 1e6;
			out[n].embodied_kg = (r->capacity_w - built) * r->building_kg_per_w;
		}
		n++;
		built = r->capacity_w;
	}
	return n;
}

WF_API int wf_projection_quantiles(const wf_projection *p, int i, wf_quantiles *q)
{
	static const int additive[] = {
		WF_OUT_DEVICE_HOURS, WF_OUT_ENERGY_IT_KWH, WF_OUT_ENERGY_FACILITY_KWH,
		WF_OUT_EMISSIONS_OPERATIONAL_KG, WF_OUT_EMISSIONS_MARKET_KG,
		WF_OUT_EMISSIONS_EMBODIED_KG, WF_OUT_EMISSIONS_TOTAL_KG, WF_OUT_WATER_L};
	size_t k, j, n = 0;
	double *sum;
	int ok = 0;

	if (!p || !q || p->n == 0)
		return WF_ENOTFOUND;
	for (k = 0; k < sizeof additive / sizeof *additive; k++)
		ok |= additive[k] == i;
	if (!ok)
		return WF_ENOTFOUND;
	for (k = 0; k < p->n; k++) {
		const double *v;
		size_t m;
		if (wf_result_sample_values(p->rows[k], i, &v, &m))
			continue; /* a year without spread or without the output */
		if (n && m != n)
			return WF_ENOTFOUND;
		n = m;
	}
	if (n < 2 || !(sum = calloc(n, sizeof(double))))
		return WF_ENOTFOUND;
	for (k = 0; k < p->n; k++) {
		const double *v;
		size_t m;
		double x;
		if (wf_result_sample_values(p->rows[k], i, &v, &m) == 0) {
			for (j = 0; j < n; j++)
				sum[j] += v[j];
		} else if (wf_result_get(p->rows[k], i, &x) == 0) {
			for (j = 0; j < n; j++)
				sum[j] += x; /* the same value in every sample */
		}
	}
	q->mean = gsl_stats_mean(sum, 1, n);
	q->sd = gsl_stats_sd_m(sum, 1, n, q->mean);
	gsl_sort(sum, 1, n);
	q->p05 = gsl_stats_quantile_from_sorted_data(sum, 1, n, 0.05);
	q->p50 = gsl_stats_quantile_from_sorted_data(sum, 1, n, 0.50);
	q->p95 = gsl_stats_quantile_from_sorted_data(sum, 1, n, 0.95);
	free(sum);
	return 0;
}

WF_API int wf_projection_marginal(const wf_projection *p, double *kg, double *energy_kwh,
				  size_t *years)
{
	size_t k;

	*kg = *energy_kwh = 0;
	*years = 0;
	if (!p)
		return WF_ENOTFOUND;
	for (k = 0; k < p->n; k++) {
		const wf_result *r = p->rows[k];
		if (!isfinite(r->bases.marginal_kg))
			continue;
		*kg += r->bases.marginal_kg;
		*energy_kwh += r->v[WF_OUT_ENERGY_FACILITY_KWH];
		(*years)++;
	}
	if (*years == 0) {
		*kg = *energy_kwh = NAN;
		return WF_ENOTFOUND;
	}
	return 0;
}

WF_API double wf_projection_connection_kw(const wf_projection *p)
{
	double mx = NAN;
	size_t k;

	for (k = 0; p && k < p->n; k++)
		if (isfinite(p->rows[k]->prov.connection_kw) &&
		    !(p->rows[k]->prov.connection_kw <= mx))
			mx = p->rows[k]->prov.connection_kw;
	return mx;
}

WF_API double wf_result_demand_share(const wf_result *r)
{
	return r ? r->demand_share : NAN;
}

WF_API int wf_result_year(const wf_result *r)
{
	return r ? r->year : 0;
}

WF_API void wf_projection_free(wf_projection *p)
{
	size_t k;

	if (!p)
		return;
	for (k = 0; p->rows && k < p->n; k++)
		wf_result_free(p->rows[k]);
	free(p->rows);
	free(p->years);
	free(p);
}

/*
 * project.c - a scenario over the years and across regions: projections
 * (wf_scenario_project: the scenario run at each year of years: {from, to},
 * lifetime totals, hardware generations, lifetime quantiles) and siting
 * (wf_scenario_site: the same run in every matching region, ranked).
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

static int project_at(wf_projection **out, const wf_scenario *sc, const wf_grid *region,
		      const wf_run_options *opt, wf_error *err);

WF_API int wf_scenario_project(wf_projection **out, const wf_scenario *sc,
			       const wf_run_options *opt, wf_error *err)
{
	return project_at(out, sc, NULL, opt, err);
}

static int project_at(wf_projection **out, const wf_scenario *sc, const wf_grid *region,
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

/* ----------------------------------------------------------------- siting */

struct wf_siting {
	size_t n;
	wf_site *rows;
	char **owned;                /* ids, messages and labels, 3 per row */
};

static int by_total(const void *a, const void *b)
{
	const wf_site *x = a, *y = b;

	if (x->ok != y->ok)
		return x->ok ? -1 : 1;
	if (x->ok && x->total_kg != y->total_kg)
		return x->total_kg < y->total_kg ? -1 : 1;
	return strcmp(x->region, y->region);
}

/* One candidate: the scenario (or its projection) with the region swapped. */
static int site_one(wf_site *s, const wf_scenario *sc, const wf_grid *g,
		    const wf_run_options *opt, char **label, wf_error *err)
{
	double v[WF_OUT_COUNT_];
	int has[WF_OUT_COUNT_], i, rc;
	wf_intensity_info ci;

	if (wf_scenario_is_projection(sc)) {
		wf_projection *p = NULL;
		if ((rc = project_at(&p, sc, g, opt, err)) == 0) {
			for (i = 0; i < WF_OUT_COUNT_; i++)
				has[i] = wf_projection_total(p, i, &v[i]) == 0;
			wf_result_intensity(p->rows[0], &ci);
			ci.year = 0; /* one per year */
		}
		if (rc == 0 && !(*label = strdup(ci.label)))
			rc = WF_ENOMEM;
		wf_projection_free(p);
	} else {
		wf_result *r = NULL;
		if ((rc = wf_scenario_run_at(&r, sc, 0, g, opt, err)) == 0) {
			for (i = 0; i < WF_OUT_COUNT_; i++)
				has[i] = wf_result_get(r, i, &v[i]) == 0;
			wf_result_intensity(r, &ci);
			if (!(*label = strdup(ci.profile[0] ? ci.profile : ci.label)))
				rc = WF_ENOMEM;
		}
		wf_result_free(r);
	}
	if (rc)
		return rc;
	s->ok = has[WF_OUT_EMISSIONS_TOTAL_KG];
	s->total_kg = v[WF_OUT_EMISSIONS_TOTAL_KG];
	s->operational_kg = v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	s->market_kg = v[WF_OUT_EMISSIONS_MARKET_KG];
	s->embodied_kg = has[WF_OUT_EMISSIONS_EMBODIED_KG] ? v[WF_OUT_EMISSIONS_EMBODIED_KG] : NAN;
	s->energy_it_kwh = v[WF_OUT_ENERGY_IT_KWH];
	s->energy_facility_kwh = v[WF_OUT_ENERGY_FACILITY_KWH];
	s->intensity_g_per_kwh = v[WF_OUT_INTENSITY_G_PER_KWH];
	s->pue = s->energy_facility_kwh / s->energy_it_kwh;
	s->water_l = has[WF_OUT_WATER_L] ? v[WF_OUT_WATER_L] : NAN;
	s->basis = ci.basis; /* static strings */
	s->source = ci.source;
	s->year = ci.year;
	return 0;
}

WF_API int wf_scenario_site(wf_siting **out, const wf_scenario *sc, const char *regions,
			    const wf_run_options *opt, wf_error *err)
{
	const wf_catalog *c;
	wf_siting *st;
	wf_regex *re = NULL;
	size_t cap = 0, i;
	int rc;

	if (!out || !sc || !regions)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_site: NULL argument");
	*out = NULL;
	if ((rc = wf_regex_new(&re, regions, err)))
		return rc;
	if (!(st = calloc(1, sizeof(*st)))) {
		wf_regex_free(re);
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	}
	for (c = sc->overlay; c; c = c->parent)
		for (i = 0; i < c->kinds[WF_KIND_GRID].n; i++) {
			const wf_grid *g = c->kinds[WF_KIND_GRID].items[i];
			wf_site *s;
			wf_error local;
			char msg[1024];
			int m = wf_regex_search(re, g->e.id, err);
			if (m < 0) {
				rc = m;
				goto fail;
			}
			if (!m)
				continue;
			if (st->n == cap) {
				size_t nc = cap ? 2 * cap : 32;
				wf_site *nr = realloc(st->rows, nc * sizeof(*nr));
				char **no = nr ? realloc(st->owned, 3 * nc * sizeof(*no)) : NULL;
				if (nr)
					st->rows = nr;
				if (!nr || !no) {
					rc = wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0,
							  "out of memory");
					goto fail;
				}
				st->owned = no;
				cap = nc;
			}
			s = &st->rows[st->n];
			memset(s, 0, sizeof(*s));
			st->owned[3 * st->n] = st->owned[3 * st->n + 1] = NULL;
			st->owned[3 * st->n + 2] = NULL;
			wf_error_clear(&local);
			rc = site_one(s, sc, g, opt, &st->owned[3 * st->n + 2], &local);
			if (rc == WF_ENOMEM) {
				if (local.code)
					*err = local;
				else
					wf_error_set(err, rc, "engine", NULL, 0, 0, "out of memory");
				st->n++;
				goto fail;
			}
			msg[0] = '\0';
			if (rc)
				wf_error_format(&local, msg, sizeof msg);
			st->owned[3 * st->n] = strdup(g->e.id);
			st->owned[3 * st->n + 1] = strdup(msg);
			if (!st->owned[3 * st->n + 2])
				st->owned[3 * st->n + 2] = strdup("");
			if (!st->owned[3 * st->n] || !st->owned[3 * st->n + 1] ||
			    !st->owned[3 * st->n + 2]) {
				st->n++;
				rc = wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0,
						  "out of memory");
				goto fail;
			}
			s->region = st->owned[3 * st->n];
			s->error = st->owned[3 * st->n + 1];
			s->label = st->owned[3 * st->n + 2];
			if (rc) {
				s->ok = 0;
				s->basis = s->source = "";
				s->year = 0;
			}
			st->n++;
		}
	wf_regex_free(re);
	if (st->n == 0) {
		wf_siting_free(st);
		return wf_error_set(err, WF_ENOTFOUND, "engine", NULL, 0, 0,
				    "--regions \"%s\" matches no grid", regions);
	}
	qsort(st->rows, st->n, sizeof(*st->rows), by_total);
	*out = st;
	return 0;
fail:
	wf_regex_free(re);
	wf_siting_free(st);
	return rc;
}

WF_API size_t wf_siting_count(const wf_siting *s)
{
	return s ? s->n : 0;
}

WF_API int wf_siting_get(const wf_siting *s, size_t k, wf_site *out)
{
	if (!s || k >= s->n)
		return WF_ENOTFOUND;
	*out = s->rows[k];
	return 0;
}

WF_API void wf_siting_free(wf_siting *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; s->owned && i < 3 * s->n; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->rows);
	free(s);
}


/*
 * siting.c - a scenario (or its projection) in every grid whose id
 * matches a pattern, ranked on a chosen basis (location-based, marginal or
 * total), with ties shared, Monte Carlo intervals when sampled, and beside
 * each region where its figures came from (wf_provenance) and its notes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "result_int.h"
#include "strbuf.h"

struct wf_siting {
	size_t n;
	wf_site *rows;
	wf_rank_by by;
	wf_arena arena;              /* every string the rows point to */
};

WF_API const char *wf_rank_by_name(wf_rank_by by)
{
	switch (by) {
	case WF_RANK_MARGINAL: return "marginal";
	case WF_RANK_TOTAL: return "total";
	default: return "location";
	}
}

static const char *keep(wf_arena *a, const char *s)
{
	const char *k = wf_arena_strdup(a, s ? s : "");

	return k ? k : "";
}

static void keep_prov(wf_arena *a, wf_provenance *dst, const wf_provenance *src)
{
	*dst = *src;
	dst->region = keep(a, src->region);
	dst->location = keep(a, src->location);
	dst->marginal = keep(a, src->marginal);
	dst->regional_source = keep(a, src->regional_source);
	dst->pue = keep(a, src->pue);
	dst->water = keep(a, src->water);
	dst->water_company = keep(a, src->water_company);
	dst->water_stress = keep(a, src->water_stress);
}

static int has_line(const char *have, const char *p, size_t len)
{
	const char *q = have, *e;

	for (; *q; q = e + 1) {
		e = strchr(q, '\n');
		if ((size_t)(e ? e - q : (long)strlen(q)) == len && strncmp(q, p, len) == 0)
			return 1;
		if (!e)
			break;
	}
	return 0;
}

/* Append the lines of notes that b does not hold yet. */
static void add_notes(wf_strbuf *b, const char *notes)
{
	const char *p = notes, *nl;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		size_t len;
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && !has_line(wf_strbuf_str(b), p, len))
			wf_strbuf_printf(b, "%.*s\n", (int)len, p);
	}
}

/* The output whose quantiles give the ranked figure's interval. */
static int ranked_output(wf_rank_by by)
{
	return by == WF_RANK_TOTAL ? WF_OUT_EMISSIONS_TOTAL_KG
	       : by == WF_RANK_LOCATION ? WF_OUT_EMISSIONS_OPERATIONAL_KG : -1;
}

static void fill_figures(wf_site *s, const double *v, const int *has)
{
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
}

/* One candidate: the scenario (or its projection) with the region swapped. */
static int site_one(wf_siting *st, wf_site *s, const wf_scenario *sc, const wf_grid *g,
		    const wf_run_options *opt, wf_error *err)
{
	double v[WF_OUT_COUNT_];
	int has[WF_OUT_COUNT_], i, rc, q_out = ranked_output(st->by);
	wf_quantiles q;
	wf_strbuf notes = {0};
	wf_provenance pv;
	wf_intensity_info ci;
	int have_q = 0;

	s->marginal_kg = s->marginal_g_per_kwh = s->ranked_p05 = s->ranked_p95 = NAN;
	s->connection_kw = NAN;
	memset(&pv, 0, sizeof pv);
	memset(&ci, 0, sizeof ci);
	if (wf_scenario_is_projection(sc)) {
		wf_projection *p = NULL;
		if ((rc = wf_project_at(&p, sc, g, opt, err)) == 0) {
			size_t k, ny = wf_projection_count(p), my = 0;
			double e_m = NAN;
			for (i = 0; i < WF_OUT_COUNT_; i++)
				has[i] = wf_projection_total(p, i, &v[i]) == 0;
			if (wf_projection_marginal(p, &s->marginal_kg, &e_m, &my) == 0)
				s->marginal_g_per_kwh = s->marginal_kg / e_m * 1e3;
			s->marginal_years = (int)my;
			s->years = (int)ny;
			s->connection_kw = wf_projection_connection_kw(p);
			have_q = q_out >= 0 && wf_projection_quantiles(p, q_out, &q) == 0;
			for (k = 0; k < ny; k++)
				add_notes(&notes, wf_result_notes(wf_projection_row(p, k, NULL)));
			wf_result_provenance(wf_projection_row(p, ny - 1, NULL), &pv);
			keep_prov(&st->arena, &s->prov, &pv);
			wf_result_intensity(wf_projection_row(p, 0, NULL), &ci);
			ci.year = 0; /* one per year */
			s->label = keep(&st->arena, ci.label);
		}
		wf_projection_free(p);
	} else {
		wf_result *r = NULL;
		if ((rc = wf_scenario_run_at(&r, sc, 0, g, opt, err)) == 0) {
			for (i = 0; i < WF_OUT_COUNT_; i++)
				has[i] = wf_result_get(r, i, &v[i]) == 0;
			s->marginal_kg = r->bases.marginal_kg;
			s->marginal_g_per_kwh = r->bases.marginal_g_per_kwh;
			have_q = q_out >= 0 && wf_result_quantiles(r, q_out, &q) == 0;
			add_notes(&notes, wf_result_notes(r));
			wf_result_provenance(r, &pv);
			keep_prov(&st->arena, &s->prov, &pv);
			s->connection_kw = pv.connection_kw;
			wf_result_intensity(r, &ci);
			s->label = keep(&st->arena, ci.profile && ci.profile[0] ? ci.profile
								       : ci.label);
		}
		wf_result_free(r);
	}
	s->notes = keep(&st->arena, wf_strbuf_str(&notes));
	wf_strbuf_free(&notes);
	/* what the intensity is (static strings), empty for a failing region */
	s->basis = rc == 0 && ci.basis ? ci.basis : "";
	s->source = rc == 0 && ci.source ? ci.source : "";
	s->year = rc == 0 ? ci.year : 0;
	if (!s->label)
		s->label = "";
	if (rc)
		return rc;
	fill_figures(s, v, has);
	s->ranked_kg = st->by == WF_RANK_MARGINAL ? s->marginal_kg
		       : st->by == WF_RANK_TOTAL ? s->total_kg : s->operational_kg;
	if (have_q) {
		s->ranked_kg = q.mean;
		s->ranked_p05 = q.p05;
		s->ranked_p95 = q.p95;
	}
	return 0;
}

static int by_ranked(const void *a, const void *b)
{
	const wf_site *x = a, *y = b;
	int rx = x->ok && isfinite(x->ranked_kg), ry = y->ok && isfinite(y->ranked_kg);

	if (rx != ry)
		return rx ? -1 : 1;
	if (rx && x->ranked_kg != y->ranked_kg)
		return x->ranked_kg < y->ranked_kg ? -1 : 1;
	if (x->ok != y->ok)
		return x->ok ? -1 : 1;
	return strcmp(x->region, y->region);
}

/* The same figure: equal but for the last bits of floating point (regions
 * on the same grid figures give identical totals).  Anything that differs
 * more is a different total, however small the job: the table picks a unit
 * that shows the difference (cmd_regions.c). */
static int same_figure(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

static int overlap(const wf_site *a, const wf_site *b)
{
	return isfinite(a->ranked_p05) && isfinite(b->ranked_p05) &&
	       a->ranked_p05 <= b->ranked_p95 && b->ranked_p05 <= a->ranked_p95;
}

/* Competition ranks (1, 1, 3) over equal printed figures; overlaps. */
static void assign_ranks(wf_siting *st)
{
	size_t i, j;

	for (i = 0; i < st->n; i++) {
		wf_site *s = &st->rows[i];
		if (!s->ok || !isfinite(s->ranked_kg))
			continue;
		s->rank = i + 1;
		if (i > 0 && st->rows[i - 1].rank &&
		    same_figure(st->rows[i - 1].ranked_kg, s->ranked_kg)) {
			s->rank = st->rows[i - 1].rank;
			s->tied = st->rows[i - 1].tied = 1;
		}
	}
	for (i = 0; i < st->n; i++)
		for (j = i + 1; j < st->n && st->rows[j].rank; j++)
			if (st->rows[i].rank && overlap(&st->rows[i], &st->rows[j]))
				st->rows[i].overlaps = st->rows[j].overlaps = 1;
}

static int grow(wf_siting *st, size_t *cap, wf_error *err)
{
	size_t nc;
	wf_site *nr;

	if (st->n < *cap)
		return 0;
	nc = *cap ? 2 * *cap : 32;
	if (!(nr = realloc(st->rows, nc * sizeof(*nr))))
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	st->rows = nr;
	*cap = nc;
	return 0;
}

WF_API int wf_scenario_site_by(wf_siting **out, const wf_scenario *sc, const char *regions,
			       wf_rank_by by, const wf_run_options *opt, wf_error *err)
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
	if ((int)by < 0 || by > WF_RANK_TOTAL)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_site_by: unknown ranking basis %d", (int)by);
	if ((rc = wf_regex_new(&re, regions, err)))
		return rc;
	if (!(st = calloc(1, sizeof(*st)))) {
		wf_regex_free(re);
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	}
	wf_arena_init(&st->arena);
	st->by = by;
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
			if ((rc = grow(st, &cap, err)))
				goto fail;
			s = &st->rows[st->n];
			memset(s, 0, sizeof(*s));
			wf_error_clear(&local);
			rc = site_one(st, s, sc, g, opt, &local);
			if (rc == WF_ENOMEM) {
				*err = local;
				goto fail;
			}
			msg[0] = '\0';
			if (rc)
				wf_error_format(&local, msg, sizeof msg);
			s->region = keep(&st->arena, g->e.id);
			s->error = keep(&st->arena, msg);
			if (rc)
				s->ok = 0;
			st->n++;
		}
	wf_regex_free(re);
	if (st->n == 0) {
		wf_siting_free(st);
		return wf_error_set(err, WF_ENOTFOUND, "engine", NULL, 0, 0,
				    "--regions \"%s\" matches no grid", regions);
	}
	qsort(st->rows, st->n, sizeof(*st->rows), by_ranked);
	assign_ranks(st);
	*out = st;
	return 0;
fail:
	wf_regex_free(re);
	wf_siting_free(st);
	return rc;
}

WF_API int wf_scenario_site(wf_siting **out, const wf_scenario *sc, const char *regions,
			    const wf_run_options *opt, wf_error *err)
{
	return wf_scenario_site_by(out, sc, regions, WF_RANK_LOCATION, opt, err);
}

WF_API wf_rank_by wf_siting_rank_by(const wf_siting *s)
{
	return s ? s->by : WF_RANK_LOCATION;
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
	if (!s)
		return;
	wf_arena_release(&s->arena);
	free(s->rows);
	free(s);
}

/* ---------------------------------------------------------- print units */

/* The largest unit whose smallest difference between the ranked rows (or
 * smallest figure) still shows as at least 1 at one decimal, so a small
 * job's ranking is not all "0.0" and "+0.0"; and not so small that the
 * largest figure needs more than ten digits. */
static int pick_unit(const wf_siting *st, const double *div, int nu, int water)
{
	double small = INFINITY, big = 0, prev[2] = {NAN, NAN};
	size_t i;
	int k, f;

	for (i = 0; st && i < st->n; i++) {
		const wf_site *x = &st->rows[i];
		for (f = 0; f < (water ? 1 : 2); f++) {
			double v = water ? x->water_l : f ? x->total_kg : x->ranked_kg;
			if (!x->ok || !isfinite(v))
				continue;
			if (v != 0)
				small = fmin(small, fabs(v));
			if (isfinite(prev[f]) && v != prev[f])
				small = fmin(small, fabs(v - prev[f]));
			big = fmax(big, fabs(v));
			prev[f] = v;
		}
	}
	if (!isfinite(small))
		return 1; /* nothing to show */
	for (k = nu; k-- > 0;)
		if (small / div[k] >= 1 || k == 0)
			break;
	while (k + 1 < nu && big / div[k] >= 1e10)
		k++;
	return k;
}

WF_API void wf_siting_units(const wf_siting *st, double *mass_kg, const char **mass_name,
			    double *water_l, const char **water_name)
{
	static const double mdiv[] = {1, 1e3, 1e6, 1e9}, wdiv[] = {1, 1e3, 1e6, 1e9};
	static const char *const mname[] = {"kg", "t", "kt", "Mt"};
	static const char *const wname[] = {"L", "m3", "ML", "GL"};
	int m = pick_unit(st, mdiv, 4, 0), w = pick_unit(st, wdiv, 4, 1);

	if (mass_kg)
		*mass_kg = mdiv[m];
	if (mass_name)
		*mass_name = mname[m];
	if (water_l)
		*water_l = wdiv[w];
	if (water_name)
		*water_name = wname[w];
}

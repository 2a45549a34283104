/*
 * portfolio.c - several campuses projected side by side (scenario key
 * campuses:), summed year by year, and the published data-centre demand
 * figures a portfolio is set beside.
 *
 * Each campus becomes a scenario of its own: an inline item is the
 * portfolio's scenario with campus: set to the item's campus keys and
 * site.region (site.water_company, facility) to the item's; a file: item
 * is that scenario file, run with the portfolio's years.  Sums over
 * campuses treat peaks and connections as coincident (an upper bound).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "result_int.h"

struct wf_portfolio {
	size_t n;
	const char **ids;            /* in the portfolio's scenario tree */
	wf_scenario **sc;
	wf_projection **p;
	wf_arena arena;              /* generated ids */
};

WF_API int wf_scenario_is_portfolio(const wf_scenario *sc)
{
	return sc && wf_node_get(sc->root, "campuses") != NULL;
}

/* Set key in map to value; a new key stands where the value does. */
static int put(wf_arena *a, wf_node *map, const char *key, wf_node *value)
{
	return wf_node_put(a, map, key, value, value->file, value->line, value->col);
}

/* A copy of map without the pairs whose keys are in drop. */
static wf_node *without(wf_arena *a, const wf_node *map, const char *const *drop, size_t nd)
{
	wf_node *m = wf_arena_alloc(a, sizeof(*m));
	size_t i, j;

	if (!m)
		return NULL;
	*m = *map;
	m->n = 0;
	m->items = wf_arena_alloc(a, (2 * map->n + 1) * sizeof(wf_node *));
	if (!m->items)
		return NULL;
	for (i = 0; i < map->n; i++) {
		for (j = 0; j < nd && strcmp(wf_node_key(map, i)->text, drop[j]); j++)
			;
		if (j < nd)
			continue;
		m->items[2 * m->n] = wf_node_key(map, i);
		m->items[2 * m->n + 1] = wf_node_value(map, i);
		m->n++;
	}
	return m;
}

static int nomem(wf_error *err)
{
	return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
}

/* An inline campus: the portfolio with campus:, site and facility of item. */
static int inline_campus(wf_scenario **out, const wf_scenario *pf, const wf_node *item,
			 const char *id, wf_error *err)
{
	static const char *const item_only[] = {"id", "name", "region", "water_company",
						"facility"};
	static const char *const portfolio_only[] = {"campuses", "campus"};
	const wf_node *rn = wf_node_get(item, "region"), *wn = wf_node_get(item, "water_company");
	const wf_node *fn = wf_node_get(item, "facility"), *site = wf_node_get(pf->root, "site");
	wf_scenario *sc = calloc(1, sizeof(*sc));
	wf_node *campus, *s;
	char *cid;

	if (!sc)
		return nomem(err);
	wf_arena_init(&sc->arena);
	sc->overlay = pf->overlay;
	sc->file = pf->file;
	if (!rn || rn->type != WF_NODE_SCALAR) {
		wf_scenario_free(sc);
		return wf_error_set(err, WF_EINPUT, "scenario", item->file, item->line, item->col,
				    "campuses: campus %s needs region: (a grid id, e.g. "
				    "GB-north-east-england)", id);
	}
	cid = wf_arena_alloc(&sc->arena, strlen(pf->id) + strlen(id) + 2);
	campus = without(&sc->arena, item, item_only, 5);
	sc->root = without(&sc->arena, pf->root, portfolio_only, 2);
	s = site && site->type == WF_NODE_MAP ? wf_node_copy(&sc->arena, site) : NULL;
	if (!s && (s = wf_arena_alloc(&sc->arena, sizeof(*s)))) {
		s->type = WF_NODE_MAP;
		s->file = item->file;
		s->text = "";
	}
	if (!cid || !campus || !sc->root || !s || put(&sc->arena, s, "region", (wf_node *)rn) ||
	    (wn && put(&sc->arena, s, "water_company", (wf_node *)wn)) ||
	    put(&sc->arena, sc->root, "site", s) || put(&sc->arena, sc->root, "campus", campus) ||
	    (fn && put(&sc->arena, sc->root, "facility", (wf_node *)fn))) {
		wf_scenario_free(sc);
		return nomem(err);
	}
	sprintf(cid, "%s/%s", pf->id, id);
	sc->id = cid;
	*out = sc;
	return 0;
}

/* A file: item: that scenario, with the portfolio's years. */
static int file_campus(wf_scenario **out, const wf_scenario *pf, const wf_node *fn,
		       wf_error *err)
{
	wf_arena tmp;
	char *path;
	int rc;

	if (fn->type != WF_NODE_SCALAR || !fn->text[0])
		return wf_error_set(err, WF_EINPUT, "scenario", fn->file, fn->line, fn->col,
				    "campuses: file: expected a scenario file, relative to this "
				    "one");
	wf_arena_init(&tmp);
	if (!(path = wf_planning_path(&tmp, pf->file, fn->text))) {
		wf_arena_release(&tmp);
		return nomem(err);
	}
	rc = wf_scenario_load(out, pf->overlay, path, err);
	wf_arena_release(&tmp);
	if (rc)
		return rc;
	if (wf_node_get((*out)->root, "campuses"))
		rc = wf_error_set(err, WF_EINPUT, "scenario", fn->file, fn->line, fn->col,
				  "campuses: %s lists campuses itself; name single-campus "
				  "scenarios", fn->text);
	else if (!wf_node_get((*out)->root, "campus"))
		rc = wf_error_set(err, WF_EINPUT, "scenario", fn->file, fn->line, fn->col,
				  "campuses: %s has no campus:", fn->text);
	else if (put(&(*out)->arena, (*out)->root, "years", wf_node_get(pf->root, "years")))
		rc = nomem(err);
	if (rc) {
		wf_scenario_free(*out);
		*out = NULL;
	}
	return rc;
}

static int campus_at(wf_portfolio *p, size_t k, const wf_scenario *sc, const wf_node *item,
		     wf_error *err)
{
	static const char *const keys[] = {"id", "name", "region", "water_company", "facility",
					   "file", "it_capacity", "ramp", "utilisation",
					   "accelerator", "host_power", "refresh",
					   "region_demand"};
	const wf_node *idn = wf_node_get(item, "id"), *fn = wf_node_get(item, "file");
	char idbuf[32];
	int rc;

	if (item->type != WF_NODE_MAP)
		return wf_error_set(err, WF_EINPUT, "scenario", item->file, item->line, item->col,
				    "campuses: expected a campus mapping (id, region, "
				    "it_capacity, ramp, ...) or {file: SCENARIO.yaml}");
	if ((rc = wf_check_keys(item, keys, sizeof keys / sizeof *keys, "campuses", err)))
		return rc;
	if (idn && idn->type == WF_NODE_SCALAR) {
		p->ids[k] = idn->text;
	} else if (fn && fn->type == WF_NODE_SCALAR) {
		p->ids[k] = fn->text;
	} else {
		snprintf(idbuf, sizeof idbuf, "campus-%zu", k + 1);
		if (!(p->ids[k] = wf_arena_strdup(&p->arena, idbuf)))
			return nomem(err);
	}
	if (fn)
		return file_campus(&p->sc[k], sc, fn, err);
	return inline_campus(&p->sc[k], sc, item, p->ids[k], err);
}

/* "campus ID: " before an error's message. */
static void name_campus(wf_error *err, int rc, const char *id)
{
	wf_error e;

	if (!err)
		return;
	e = *err;
	wf_error_set(err, rc, e.module, e.file[0] ? e.file : NULL, e.line, e.col,
		     "campus %s: %.900s", id, e.message);
}

WF_API int wf_scenario_portfolio(wf_portfolio **out, const wf_scenario *sc,
				 const wf_run_options *opt, wf_error *err)
{
	const wf_node *cn = sc ? wf_node_get(sc->root, "campuses") : NULL;
	wf_portfolio *p;
	size_t k;
	int rc = 0;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_portfolio: NULL argument");
	*out = NULL;
	if (!cn || cn->type != WF_NODE_SEQ || cn->n == 0)
		return wf_error_set(err, WF_EINPUT, "scenario", cn ? cn->file : sc->file,
				    cn ? cn->line : 0, cn ? cn->col : 0,
				    "campuses: expected a list of campuses");
	if (wf_node_get(sc->root, "campus") || wf_node_get(sc->root, "workload"))
		return wf_error_set(err, WF_EINPUT, "scenario", cn->file, cn->line, cn->col,
				    "campuses: give campuses or a campus (or a workload), not "
				    "both");
	if (!wf_node_get(sc->root, "years"))
		return wf_error_set(err, WF_EINPUT, "scenario", cn->file, cn->line, cn->col,
				    "campuses: a portfolio needs years: {from: YEAR, to: YEAR}");
	if (!(p = calloc(1, sizeof(*p))) || !(p->ids = calloc(cn->n, sizeof(*p->ids))) ||
	    !(p->sc = calloc(cn->n, sizeof(*p->sc))) || !(p->p = calloc(cn->n, sizeof(*p->p)))) {
		wf_portfolio_free(p);
		return nomem(err);
	}
	p->n = cn->n;
	wf_arena_init(&p->arena);
	for (k = 0; k < cn->n && rc == 0; k++) {
		if ((rc = campus_at(p, k, sc, cn->items[k], err)))
			break;
		if ((rc = wf_scenario_project(&p->p[k], p->sc[k], opt, err)))
			name_campus(err, rc, p->ids[k]);
	}
	if (rc == 0)
		for (k = 1; k < p->n; k++)
			if (wf_projection_count(p->p[k]) != wf_projection_count(p->p[0]))
				rc = wf_error_set(err, WF_EINPUT, "scenario", cn->file, cn->line,
						  cn->col, "campuses: every campus must span "
						  "the same years");
	if (rc) {
		wf_portfolio_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

WF_API void wf_portfolio_free(wf_portfolio *pf)
{
	size_t k;

	if (!pf)
		return;
	for (k = 0; k < pf->n; k++) {
		if (pf->p)
			wf_projection_free(pf->p[k]);
		if (pf->sc)
			wf_scenario_free(pf->sc[k]);
	}
	free(pf->p);
	free(pf->sc);
	free(pf->ids);
	wf_arena_release(&pf->arena);
	free(pf);
}

WF_API size_t wf_portfolio_count(const wf_portfolio *pf)
{
	return pf ? pf->n : 0;
}

WF_API const char *wf_portfolio_campus(const wf_portfolio *pf, size_t k)
{
	return pf && k < pf->n ? pf->ids[k] : NULL;
}

WF_API const wf_projection *wf_portfolio_projection(const wf_portfolio *pf, size_t k)
{
	return pf && k < pf->n ? pf->p[k] : NULL;
}

WF_API size_t wf_portfolio_years(const wf_portfolio *pf)
{
	return pf && pf->n ? wf_projection_count(pf->p[0]) : 0;
}

static double value(const wf_result *r, int i)
{
	double v;

	return wf_result_get(r, i, &v) == 0 ? v : 0;
}

WF_API int wf_portfolio_year_get(const wf_portfolio *pf, size_t y, wf_portfolio_year *out)
{
	size_t k;

	if (!pf || !out || y >= wf_portfolio_years(pf))
		return WF_ENOTFOUND;
	memset(out, 0, sizeof(*out));
	for (k = 0; k < pf->n; k++) {
		int year;
		const wf_result *r = wf_projection_row(pf->p[k], y, &year);
		out->year = year;
		out->energy_facility_kwh += value(r, WF_OUT_ENERGY_FACILITY_KWH);
		out->peak_power_kw += value(r, WF_OUT_PEAK_POWER_KW);
		out->emissions_location_kg += value(r, WF_OUT_EMISSIONS_OPERATIONAL_KG);
		out->emissions_embodied_kg += value(r, WF_OUT_EMISSIONS_EMBODIED_KG);
		out->water_l += value(r, WF_OUT_WATER_L);
		out->emissions_marginal_kg += r->bases.marginal_kg; /* NAN sticks */
		if (isfinite(r->prov.connection_kw))
			out->connection_kw += r->prov.connection_kw;
	}
	return 0;
}

WF_API size_t wf_scenario_demand_figures(const wf_scenario *sc, const char *region, int year,
					 wf_demand_figure *out, size_t max)
{
	const wf_grid *g = region ? wf_catalog_get(sc->overlay, WF_KIND_GRID, region) : NULL;
	const wf_catalog *c;
	size_t i, n = 0;

	for (; g; g = g->parent)
		for (c = sc->overlay; c; c = c->parent)
			for (i = 0; i < c->kinds[WF_KIND_DEMAND].n; i++) {
				const wf_demand *d = c->kinds[WF_KIND_DEMAND].items[i];
				if (strcmp(d->region_id, g->e.id) ||
				    (int)wf_value_nominal(&d->year.v) != year)
					continue;
				if (n < max) {
					wf_demand_figure *f = &out[n];
					f->id = d->e.id;
					f->name = d->e.name ? d->e.name : d->e.id;
					f->status = d->status;
					f->scope = d->scope ? d->scope : "";
					f->source = d->e.source ? d->e.source : "";
					f->note = d->e.note ? d->e.note : "";
					f->year = year;
					f->demand_kwh = d->demand.set
						? wf_value_nominal(&d->demand.v) / 3.6e6 : NAN;
					f->capacity_kw = d->capacity.set
						? wf_value_nominal(&d->capacity.v) / 1e3 : NAN;
				}
				n++;
			}
	return n;
}

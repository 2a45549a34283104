/*
 * campus.c - a data-centre campus over one calendar year (docs/model.md,
 * "Campus years"): IT capacity, the share online that year (ramp), the
 * load factor or a daily x weekly load profile, and the accelerator it is
 * built from.
 *
 *   E_IT = capacity x online share x load factor x hours in the year
 *
 * Projections over years and siting across regions run the campus year by
 * year in project.c.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include "calendar.h"

static int campus_load(wf_rctx *c, const wf_node *un)
{
	wf_plan *pl = c->pl;
	double mean = 0, peak = 0, dmax = 0, wmax = 0;
	const wf_node *dn, *wn;
	size_t h, d;
	char note[256];
	int rc;

	if (un->type == WF_NODE_SCALAR) {
		if ((rc = wf_param_parse(c->scratch, &pl->in[P_LOAD], un, WF_DIM_NONE,
					 "utilisation", c->err)))
			return rc;
		if (wf_r_nom(&pl->in[P_LOAD]) <= 0 || wf_r_nom(&pl->in[P_LOAD]) > 1)
			return wf_r_err(c->err, un, "utilisation: expected a load factor "
					    "above 0 and at most 100%%, got \"%s\"%s", un->text, "");
		pl->in[P_LOAD_PEAK] = pl->in[P_LOAD];
		pl->in[P_LOAD_PEAK].note = "a constant load: peak = mean";
		return 0;
	}
	{
		static const char *const keys[] = {"daily", "weekly"};
		double dv[24], wv[7];
		if ((rc = wf_check_keys(un, keys, 2, "utilisation", c->err)))
			return rc;
		dn = wf_node_get(un, "daily");
		wn = wf_node_get(un, "weekly");
		if (!dn || dn->type != WF_NODE_SEQ || dn->n != 24)
			return wf_r_err(c->err, dn ? dn : un, "utilisation.daily: expected 24 "
					    "load factors, hour 0 (UTC) first%s%s", "", "");
		if (wn && (wn->type != WF_NODE_SEQ || wn->n != 7))
			return wf_r_err(c->err, wn, "utilisation.weekly: expected 7 factors, "
					    "Monday first%s%s", "", "");
		for (h = 0; h < 24 + (wn ? 7 : 0); h++) {
			const wf_node *v = h < 24 ? dn->items[h] : wn->items[h - 24];
			wf_param p;
			double x;
			if ((rc = wf_param_parse(c->scratch, &p, v, WF_DIM_NONE, "utilisation",
						 c->err)))
				return rc;
			x = wf_value_nominal(&p.v);
			if (x < 0 || x > 1)
				return wf_r_err(c->err, v, "utilisation: expected 0 to 100%%, "
						    "got \"%s\"%s", v->text, "");
			if (h < 24)
				dv[h] = x;
			else
				wv[h - 24] = x;
		}
		if (!wn)
			for (d = 0; d < 7; d++)
				wv[d] = 1;
		for (d = 0; d < 7; d++)
			for (h = 0; h < 24; h++) {
				mean += dv[h] * wv[d] / 168;
				peak = fmax(peak, dv[h] * wv[d]);
			}
		for (h = 0; h < 24; h++)
			dmax = fmax(dmax, dv[h]);
		for (d = 0; d < 7; d++)
			wmax = fmax(wmax, wv[d]);
		if (mean <= 0)
			return wf_r_err(c->err, un, "utilisation: the profile never draws "
					    "power%s%s", "", "");
		snprintf(note, sizeof note, "mean of the daily x weekly profile at %s:%d",
			 un->file, un->line);
		wf_r_fixed(&pl->in[P_LOAD], WF_DIM_NONE, mean, wf_arena_strdup(&c->scratch->arena, note));
		snprintf(note, sizeof note, "largest hour of the profile at %s:%d", un->file,
			 un->line);
		wf_r_fixed(&pl->in[P_LOAD_PEAK], WF_DIM_NONE, peak,
		      wf_arena_strdup(&c->scratch->arena, note));
	}
	return 0;
}

/* ramp: the share online in a given year; held until the next given
 * year, 0 before the first. */
static int campus_ramp(wf_rctx *c, const wf_node *rn, int year)
{
	wf_plan *pl = c->pl;
	const wf_node *best = NULL, *bestk = NULL;
	wf_arena *ar = &c->scratch->arena;
	char note[512];
	long by = 0;
	size_t i;
	int rc;

	if (!rn) {
		wf_r_fixed(&pl->in[P_ONLINE], WF_DIM_NONE, 1, "no ramp given: all capacity online");
		return 0;
	}
	if (rn->type != WF_NODE_MAP || rn->n == 0)
		return wf_r_err(c->err, rn, "ramp: expected {YEAR: share online, ...}, e.g. "
			       "{2026: 25%%, 2028: 100%%}%s%s", "", "");
	for (i = 0; i < rn->n; i++) {
		const wf_node *k = wf_node_key(rn, i);
		char *end;
		long y = strtol(k->text, &end, 10);
		if (*end || end == k->text || y < 1900 || y > 2200)
			return wf_r_err(c->err, k, "ramp: expected a year, got \"%s\"%s", k->text,
				       "");
		if (y <= year && y > by) {
			by = y;
			best = wf_node_value(rn, i);
			bestk = k;
		}
	}
	if (!best) {
		wf_r_fixed(&pl->in[P_ONLINE], WF_DIM_NONE, 0,
			   "before the ramp's first year: nothing online");
		return 0;
	}
	if ((rc = wf_param_parse(c->scratch, &pl->in[P_ONLINE], best, WF_DIM_NONE, "ramp",
				 c->err)))
		return rc;
	if (wf_r_nom(&pl->in[P_ONLINE]) < 0 || wf_r_nom(&pl->in[P_ONLINE]) > 1)
		return wf_r_err(c->err, best, "ramp: expected a share from 0 to 100%%, got "
			       "\"%s\"%s", best->text, "");
	if (by != year) {
		snprintf(note, sizeof note, "ramp share of %ld held (%s:%d)", by, bestk->file,
			 bestk->line);
		pl->in[P_ONLINE].note = wf_arena_strdup(ar, note);
	}
	return 0;
}

/* A campus: IT capacity over a calendar year, with a ramp-up, a load
 * factor (or profile), and optionally the accelerator it is built from
 * (device count and embodied carbon; refresh = hardware lifetime). */
int wf_campus_resolve(wf_rctx *c, const wf_node *cn)
{
	static const char *const keys[] = {"it_capacity", "ramp", "utilisation",
					   "accelerator", "node", "host_power", "refresh",
					   "region_demand"};
	wf_plan *pl = c->pl;
	const wf_node *rn = wf_node_get(cn, "ramp"), *an = wf_node_get(cn, "accelerator");
	const wf_node *nn = wf_node_get(cn, "node");
	const wf_node *un = wf_node_get(cn, "utilisation");
	const wf_node *yn = wf_node_get(c->sc->root, "year"), *dn;
	wf_arena *ar = &c->scratch->arena;
	int year = c->year, rc;
	long days;
	char note[512];

	if (cn->type != WF_NODE_MAP)
		return wf_r_err(c->err, cn, "campus: expected a mapping (it_capacity, "
				    "ramp, utilisation, ...)%s%s", "", "");
	if (wf_node_get(c->sc->root, "workload"))
		return wf_r_err(c->err, cn, "campus: give a campus or a workload, not "
				    "both%s%s", "", "");
	if ((rc = wf_check_keys(cn, keys, 8, "campus", c->err)))
		return rc;
	pl->campus = 1;
	pl->region_demand_j = NAN;
	if (!wf_node_get(cn, "it_capacity"))
		return wf_r_err(c->err, cn, "campus: missing required key "
				    "\"it_capacity\" (e.g. 500 MW)%s%s", "", "");
	if ((rc = wf_r_q(c, P_CAPACITY, cn, "it_capacity", 0)))
		return rc;
	if (!un)
		return wf_r_err(c->err, cn, "campus: missing required key \"utilisation\" "
				    "(the IT load factor, e.g. 76%%, or {daily: [...]})%s%s", "", "");
	if ((rc = campus_load(c, un)))
		return rc;
	if ((dn = wf_node_get(cn, "region_demand"))) {
		wf_param p;
		if ((rc = wf_param_parse(c->scratch, &p, dn, WF_DIM_ENERGY, "region_demand",
					 c->err)))
			return rc;
		pl->region_demand_j = wf_value_nominal(&p.v);
		if (!(pl->region_demand_j > 0))
			return wf_r_err(c->err, dn, "region_demand: must be above 0%s%s", "", "");
	}
	if (year <= 0 && yn) {
		char *end;
		year = (int)strtol(yn->text, &end, 10);
		if (*end || year < 1900 || year > 2200)
			year = 0;
	}
	if (year <= 0 && wf_node_get(c->sc->root, "years"))
		return wf_r_err(c->err, wf_node_get(c->sc->root, "years"),
				    "years: the scenario spans years; run it as a projection "
				    "(wattif run, wf_scenario_project)%s%s", "", "");
	if (year <= 0)
		return wf_r_err(c->err, c->sc->root, "campus: needs a year (year: 2030) "
				    "or a span (years: {from: 2026, to: 2040})%s%s", "", "");
	/* the calendar year's length */
	days = wf_is_leap(year) ? 366 : 365;
	snprintf(note, sizeof note, "calendar year %d: %ld days", year, days);
	wf_r_fixed(&pl->in[P_WALL_S], WF_DIM_TIME, days * 86400.0, wf_arena_strdup(ar, note));
	pl->wall_known = 1;
	if ((rc = campus_ramp(c, rn, year)))
		return rc;
	if (an && nn)
		return wf_r_err(c->err, nn, "campus: give accelerator or node, not both%s%s",
				"", "");
	if (nn) {
		if (nn->type != WF_NODE_SCALAR ||
		    !(pl->node = wf_catalog_get(c->sc->overlay, WF_KIND_NODE, nn->text)))
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_NODE,
						  nn->type == WF_NODE_SCALAR ? nn->text : "?",
						  "node", nn->file, nn->line, nn->col, c->err);
		pl->accel = pl->node->accel;
		wf_r_from_entry(&pl->in[P_PER_NODE], &pl->node->count, &pl->node->e, ar);
		an = nn;
	} else if (an) {
		if (an->type != WF_NODE_SCALAR ||
		    !(pl->accel = wf_catalog_get(c->sc->overlay, WF_KIND_ACCELERATOR, an->text)))
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_ACCELERATOR,
						  an->type == WF_NODE_SCALAR ? an->text : "?",
						  "accelerator", an->file, an->line, an->col, c->err);
	}
	if (an) {
		wf_r_from_entry(&pl->in[P_TDP], &pl->accel->tdp, &pl->accel->e, ar);
		if ((rc = wf_r_q(c, P_HOST_POWER, cn, "host_power", 0)))
			return rc;
		if (!pl->in[P_HOST_POWER].set && pl->node && pl->node->host_power.set) {
			/* a node's host power is shared by its accelerators */
			wf_r_from_entry(&pl->in[P_HOST_POWER], &pl->node->host_power,
					&pl->node->e, ar);
			wf_r_scale(&pl->in[P_HOST_POWER].v, 1 / wf_r_nom(&pl->node->count));
		}
		if (!pl->in[P_HOST_POWER].set) {
			wf_r_fixed(&pl->in[P_HOST_POWER], WF_DIM_POWER, 0,
			      "default: no host power given, so every watt of capacity is "
			      "an accelerator (an upper bound on the device count)");
		}
		pl->devices_known = 1;
	}
	if (wf_node_get(cn, "refresh")) {
		if (!an)
			return wf_r_err(c->err, wf_node_get(cn, "refresh"), "refresh: needs "
					    "campus.accelerator or campus.node (the hardware being "
					    "refreshed)%s%s",
					    "", "");
		if ((rc = wf_r_q(c, P_LIFE_DEV, cn, "refresh", 0)))
			return rc;
	}
	pl->power_mode = PW_MEASURED;
	pl->dur_mode = DU_WALL;
	return 0;
}

void wf_campus_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64];
	double online = x[P_CAPACITY] * x[P_ONLINE];

	f->p_it = online * x[P_LOAD];
	f->p_max = online * x[P_LOAD_PEAK];
	f->wall = x[P_WALL_S];
	f->e_it = f->p_it * f->wall;
	if (pl->devices_known) {
		f->n = online / (x[P_TDP] + x[P_HOST_POWER]);
		f->ds = f->n * f->wall;
	}
	f->units = 1;
	WF_TR(tr, "IT power = capacity x online share x load factor = %s x %s x %s = %s\n",
	      fq(b1, 64, x[P_CAPACITY], WF_DIM_POWER), fnum(b2, 64, x[P_ONLINE]),
	      fnum(b3, 64, x[P_LOAD]), fq(b4, 64, f->p_it, WF_DIM_POWER));
	WF_TR(tr, "energy_it = IT power x hours in the year = %s x %s = %s\n",
	      fq(b1, 64, f->p_it, WF_DIM_POWER), fh(b2, 64, f->wall),
	      fq(b3, 64, f->e_it, WF_DIM_ENERGY));
	if (pl->devices_known)
		WF_TR(tr, "devices = capacity online / (TDP + host power) = %s / (%s + %s) = "
			  "%.7g\n", fq(b1, 64, online, WF_DIM_POWER),
		      fq(b2, 64, x[P_TDP], WF_DIM_POWER), fq(b3, 64, x[P_HOST_POWER], WF_DIM_POWER),
		      f->n);
}

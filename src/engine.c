/*
 * engine.c - resolve a scenario into a plan and evaluate it: the order of
 * the steps and the outputs (the plan's inputs and the resolver helpers
 * are in plan.c).  Each domain resolves and evaluates in its own file
 * (engine_int.h lists them):
 *
 *   power per device, device-time, E_IT        workload.c (P(u): power.c)
 *   a campus year, E_IT = cap x online x load   campus.c
 *   PUE, E_fac = E_IT * PUE, water W            facility.c
 *   CI over the window, C_op, C_mkt, marginal   grid.c (grid_mix.c,
 *                                               grid_pathway.c)
 *   M = boards + hosts + network + building   embodied.c, embodied_eval.c
 *
 * and here: peak power, totals and SCI = (C_op + M) / R (Green Software
 * Foundation).  The equations and their sources are in docs/model.md.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- resolve */

static int resolve_unit(wf_rctx *c)
{
	static const char *const unit_keys[] = {"name", "count"};
	wf_plan *pl = c->pl;
	const wf_node *un = wf_node_get(c->sc->root, "unit");
	const char *name = pl->wl.kind == WF_WL_INFERENCE ? "request" : "run";
	int rc;

	if (pl->campus && !un) {
		pl->unit = "year";
		wf_r_fixed(&pl->in[P_UNIT_COUNT], WF_DIM_NONE, 1, "one calendar year");
		return 0;
	}
	if (un && un->type == WF_NODE_SCALAR) {
		name = un->text;
	} else if (un) {
		const wf_node *nn;
		if ((rc = wf_check_keys(un, unit_keys, 2, "unit", c->err)))
			return rc;
		nn = wf_node_get(un, "name");
		if (!nn || nn->type != WF_NODE_SCALAR || !wf_node_get(un, "count"))
			return wf_r_err(c->err, un,
					    "unit: expected a name (run, request, token) or "
					    "{name, count}%s%s", "", "");
		pl->unit = nn->text;
		return wf_r_q(c, P_UNIT_COUNT, un, "count", 0);
	}
	pl->unit = name;
	if (strcmp(name, "run") == 0) {
		double runs = pl->in[P_RUNS].set ? wf_r_nom(&pl->in[P_RUNS]) : 1;
		wf_r_fixed(&pl->in[P_UNIT_COUNT], WF_DIM_NONE, runs,
			   runs == 1 ? "one run" : "workload.runs: the runs it repeats");
		return 0;
	}
	if (strcmp(name, "request") == 0 && pl->wl.kind == WF_WL_INFERENCE)
		return 0; /* counted at evaluation: requests in the window */
	if (strcmp(name, "token") == 0 &&
	    (pl->wl.kind == WF_WL_INFERENCE ? pl->in[P_TOK_PER_REQ].set : pl->wl.tokens.set)) {
		if (pl->wl.kind == WF_WL_TRAINING)
			wf_r_take(pl, P_TOKENS, &pl->wl.tokens);
		return 0;
	}
	return wf_r_err(c->err, un ? un : c->sc->root,
			    "unit: \"%s\" cannot be counted for this workload; use run, "
			    "request, token, or {name, count}%s", name, "");
}

static int resolve_at(wf_plan *pl, const struct wf_scenario *sc, int year,
		      const wf_grid *region, double start_s, wf_error *err)
{
	static const char *const top_keys[] = {
		"id", "name", "note", "workload", "facility", "site", "start", "year",
		"grid", "embodied", "samples", "seed", "unit", "campus", "years", "measured",
		"campuses"};
	const wf_node *cn = wf_node_get(sc->root, "campus");
	wf_rctx c;
	int rc;

	memset(pl, 0, sizeof(*pl));
	c.pl = pl;
	c.sc = sc;
	c.err = err;
	c.year = year;
	c.region = region;
	c.level_later = 0;
	c.start_s = start_s;
	if ((rc = wf_catalog_new(&c.scratch)))
		return wf_error_set(err, rc, "engine", NULL, 0, 0, "out of memory");
	c.scratch->parent = sc->overlay;
	pl->scratch_ = c.scratch;
	if ((rc = wf_catalog_loader_begin(c.scratch, err)) ||
	    (rc = wf_check_keys(sc->root, top_keys, sizeof(top_keys) / sizeof(*top_keys),
				"scenario", err)))
		return rc;
	if (wf_node_get(sc->root, "campuses"))
		return wf_r_err(err, wf_node_get(sc->root, "campuses"), "campuses: a portfolio "
				"runs campus by campus (wattif run, wf_scenario_portfolio)%s%s", "",
				"");
	rc = cn ? wf_campus_resolve(&c, cn) : wf_workload_resolve(&c);
	if (rc || (rc = wf_facility_resolve(&c)) || (rc = wf_grid_resolve(&c)) ||
	    (rc = wf_embodied_resolve(&c)) || (rc = resolve_unit(&c)) ||
	    (rc = wf_facility_resolve_climate(&c)) || (rc = wf_grid_resolve_window(&c)) ||
	    (rc = wf_workload_check_measured(&c)))
		return rc;
	return 0;
}

int wf_plan_resolve(wf_plan *pl, const struct wf_scenario *sc, wf_error *err)
{
	return resolve_at(pl, sc, 0, NULL, NAN, err);
}

int wf_plan_resolve_at(wf_plan *pl, const struct wf_scenario *sc, int year,
		       const wf_grid *region, wf_error *err)
{
	return resolve_at(pl, sc, year, region, NAN, err);
}

int wf_plan_resolve_start(wf_plan *pl, const struct wf_scenario *sc, const wf_grid *region,
			  double start_s, wf_error *err)
{
	return resolve_at(pl, sc, 0, region, start_s, err);
}

/* --------------------------------------------------------------- evaluate */

/* Peak power (the grid connection), totals, water and SCI into out. */
static int outputs(const wf_plan *pl, const double *x, const wf_figs *f, wf_outputs *out,
		   wf_strbuf *tr, wf_error *err)
{
	char b1[64], b2[64], b3[64], b4[64];
	double total = f->c_op + f->emb;
	int i;

	out->v[WF_OUT_DURATION_H] = f->wall;
	out->v[WF_OUT_DEVICE_HOURS] = f->ds;
	out->v[WF_OUT_IT_POWER_KW] = isnan(f->wall) ? NAN : f->e_it / f->wall;
	out->v[WF_OUT_PEAK_POWER_KW] = pl->campus ? f->p_max * wf_facility_pue_peak(pl, x)
				       : pl->devices_known ? f->n * f->p_max * f->pue : NAN;
	out->v[WF_OUT_ENERGY_IT_KWH] = f->e_it;
	out->v[WF_OUT_ENERGY_FACILITY_KWH] = f->e_fac;
	out->v[WF_OUT_INTENSITY_G_PER_KWH] = f->ci;
	out->v[WF_OUT_EMISSIONS_OPERATIONAL_KG] = f->c_op;
	out->v[WF_OUT_EMISSIONS_MARKET_KG] = f->c_mkt;
	out->v[WF_OUT_EMISSIONS_EMBODIED_KG] = pl->embodied ? f->emb : NAN;
	out->v[WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG] =
		pl->embodied && pl->emb_board != EB_NONE ? f->emb_acc : NAN;
	out->v[WF_OUT_EMISSIONS_EMBODIED_HOSTS_KG] =
		pl->embodied && pl->emb_host != EH_NONE ? f->emb_host : NAN;
	out->v[WF_OUT_EMISSIONS_EMBODIED_NETWORK_KG] =
		pl->embodied && pl->emb_net != EH_NONE ? f->emb_net : NAN;
	out->v[WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG] =
		pl->embodied && pl->emb_building ? f->emb_bld : NAN;
	out->v[WF_OUT_EMISSIONS_TOTAL_KG] = total;
	out->v[WF_OUT_SCI_G_PER_UNIT] = total / f->units;
	out->connection_w = NAN;
	if (pl->campus) {
		/* the connection carries the rated capacity online at full load in
		 * the warmest month: fixed losses count once (load 1), not / peak load */
		double lt = wf_facility_load_term(pl, x, 1);
		double pue_full = wf_facility_pue_peak(pl, x) - lt +
				  (lt > 0 ? lt * x[P_LOAD_PEAK] : 0);
		double online = x[P_CAPACITY] * x[P_ONLINE];
		out->connection_w = online * pue_full;
		WF_TR(tr, "peak_power = capacity online x peak load factor x peak PUE = %s x %s "
			  "= %s  (expected peak draw)\n", fq(b1, 64, f->p_max, WF_DIM_POWER),
		      fnum(b2, 64, wf_facility_pue_peak(pl, x)),
		      fq(b3, 64, out->v[WF_OUT_PEAK_POWER_KW], WF_DIM_POWER));
		WF_TR(tr, "grid_connection = rated capacity online x peak PUE at full load = %s x "
			  "%s = %s  (what the connection must carry; the campus draws the peak "
			  "above)\n", fq(b1, 64, online, WF_DIM_POWER), fnum(b2, 64, pue_full),
		      fq(b3, 64, out->connection_w, WF_DIM_POWER));
	} else if (pl->devices_known) {
		WF_TR(tr, "peak_power = devices x peak IT power per device x PUE = %s x %s x %s "
			  "= %s\n", fnum(b1, 64, f->n), fq(b2, 64, f->p_max, WF_DIM_POWER),
		      fnum(b3, 64, f->pue), fq(b4, 64, out->v[WF_OUT_PEAK_POWER_KW], WF_DIM_POWER));
	}
	if (pl->no_intensity)
		WF_TR(tr, "emissions_total: not computed (no grid intensity given; energy only)\n");
	else if (pl->embodied)
		WF_TR(tr, "emissions_total = operational + embodied = %s + %s = %s\n",
		      fq(b1, 64, f->c_op, WF_DIM_MASS), fq(b2, 64, f->emb, WF_DIM_MASS),
		      fq(b3, 64, total, WF_DIM_MASS));
	else
		WF_TR(tr, "emissions_total = operational = %s (embodied not included)\n",
		      fq(b1, 64, f->c_op, WF_DIM_MASS));
	out->v[WF_OUT_WATER_L] = wf_facility_water(pl, x, f, tr);
	if (isfinite(out->v[WF_OUT_SCI_G_PER_UNIT]))
		WF_TR(tr, "sci = (operational + embodied) / R = %s / %.7g %s = %s per %s  (SCI, "
			  "Green Software Foundation)\n", fq(b1, 64, total, WF_DIM_MASS), f->units,
		      pl->unit, fq(b2, 64, out->v[WF_OUT_SCI_G_PER_UNIT], WF_DIM_MASS), pl->unit);
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		out->present[i] = isfinite(out->v[i]);
		if (!out->present[i] && !isnan(out->v[i]))
			return wf_error_set(err, WF_ENUMERIC, "engine", NULL, 0, 0,
					    "%s is not finite; check the inputs",
					    wf_output_name(i));
	}
	return 0;
}

/* The steps in order: IT power and energy (workload or campus), facility
 * energy, intensity and emissions over the window, embodied, outputs. */
int wf_plan_evaluate(const wf_plan *pl, const double x[P_COUNT_], wf_outputs *out,
		     wf_strbuf *tr, wf_error *err)
{
	/* every output is written by outputs(); on an error out is not used */
	wf_figs f = {.n = x[P_DEVICES], .ds = NAN, .wall = NAN, .units = NAN};
	int rc;

	if (pl->campus)
		wf_campus_eval(pl, x, &f, tr);
	else if ((rc = wf_workload_eval(pl, x, &f, tr, err)))
		return rc;
	if (pl->in[P_UNIT_COUNT].set)
		f.units = x[P_UNIT_COUNT];
	wf_facility_eval(pl, x, &f, tr);
	if ((rc = wf_grid_eval(pl, x, &f, out, tr, err)) ||
	    (rc = wf_embodied_eval(pl, x, &f, tr, err)))
		return rc;
	return outputs(pl, x, &f, out, tr, err);
}

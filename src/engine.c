/*
 * engine.c - resolve a scenario into a plan and evaluate it: the order of
 * the steps, the shared resolver helpers, and the outputs.  Each domain
 * resolves and evaluates in its own file (engine_int.h lists them):
 *
 *   power per device, device-time, E_IT        workload.c (P(u): power.c)
 *   a campus year, E_IT = cap x online x load   campus.c
 *   PUE, E_fac = E_IT * PUE, water W            facility.c
 *   CI over the window, C_op, C_mkt, marginal   grid.c (grid_mix.c,
 *                                               grid_pathway.c)
 *   M = DS * EC_dev / L_dev + DS / k * EC_host / L_host   embodied.c
 *
 * and here: peak power, totals and SCI = (C_op + M) / R (Green Software
 * Foundation).  The equations and their sources are in docs/model.md.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	wf_dim dim;
} pin_info[P_COUNT_] = {
	[P_DEVICES] = {"workload.devices", WF_DIM_NONE},
	[P_DEVICE_S] = {"workload.device_hours", WF_DIM_TIME},
	[P_WALL_S] = {"workload.wall_time", WF_DIM_TIME},
	[P_POWER_DEV] = {"workload.power_per_device", WF_DIM_POWER},
	[P_TDP] = {"accelerator.tdp", WF_DIM_POWER},
	[P_IDLE] = {"accelerator.idle", WF_DIM_POWER},
	[P_UTIL] = {"workload.utilisation", WF_DIM_NONE},
	[P_CURVE_R] = {"accelerator.curve", WF_DIM_NONE},
	[P_NODE_RATED] = {"node.rated_power", WF_DIM_POWER},
	[P_NODE_LOAD] = {"node.load_fraction", WF_DIM_NONE},
	[P_PER_NODE] = {"node.count", WF_DIM_NONE},
	[P_HOST_POWER] = {"workload.host_power", WF_DIM_POWER},
	[P_HOST_MEM] = {"workload.host_memory", WF_DIM_DATA},
	[P_MEM_POWER] = {"workload.memory_power", WF_DIM_POWER_PER_DATA},
	[P_FLOPS] = {"workload.flops", WF_DIM_COMPUTE},
	[P_PARAMS] = {"workload.params", WF_DIM_NONE},
	[P_TOKENS] = {"workload.tokens", WF_DIM_NONE},
	[P_PEAK] = {"accelerator.peak", WF_DIM_COMPUTE_RATE},
	[P_MFU] = {"workload.mfu", WF_DIM_NONE},
	[P_OVERHEAD] = {"workload.overhead_factor", WF_DIM_NONE},
	[P_REQUESTS] = {"workload.requests", WF_DIM_NONE},
	[P_REQ_RATE] = {"workload.request_rate", WF_DIM_RATE},
	[P_TOK_PER_REQ] = {"workload.tokens_per_request", WF_DIM_NONE},
	[P_THROUGHPUT] = {"workload.throughput", WF_DIM_RATE},
	[P_E_TOKEN] = {"workload.energy_per_token", WF_DIM_ENERGY},
	[P_E_REQ] = {"workload.energy_per_request", WF_DIM_ENERGY},
	[P_PUE] = {"site.pue", WF_DIM_NONE},
	[P_WUE] = {"site.wue", WF_DIM_WATER_INTENSITY},
	[P_EWIF] = {"site.water_intensity", WF_DIM_WATER_INTENSITY},
	[P_CI] = {"grid.intensity", WF_DIM_INTENSITY},
	[P_CI_MARKET] = {"grid.market_intensity", WF_DIM_INTENSITY},
	[P_CFE] = {"grid.cfe", WF_DIM_NONE},
	[P_CI_CONTRACT] = {"grid.contract_intensity", WF_DIM_INTENSITY},
	[P_CI_RESIDUAL] = {"grid.residual_intensity", WF_DIM_INTENSITY},
	[P_EMB_DEV] = {"embodied.device", WF_DIM_MASS},
	[P_LIFE_DEV] = {"embodied.device_lifetime", WF_DIM_TIME},
	[P_EMB_HOST] = {"embodied.host", WF_DIM_MASS},
	[P_LIFE_HOST] = {"embodied.host_lifetime", WF_DIM_TIME},
	[P_UNIT_COUNT] = {"unit.count", WF_DIM_NONE},
	[P_CI_MARGINAL] = {"grid.marginal_intensity", WF_DIM_INTENSITY},
	[P_CAPACITY] = {"campus.it_capacity", WF_DIM_POWER},
	[P_ONLINE] = {"campus.ramp", WF_DIM_NONE},
	[P_LOAD] = {"campus.utilisation", WF_DIM_NONE},
	[P_LOAD_PEAK] = {"campus.utilisation (peak)", WF_DIM_NONE},
	[P_FIXED_LOSS] = {"pue_curve.fixed_loss", WF_DIM_NONE},
	[P_IT_LOAD] = {"site.it_load", WF_DIM_NONE},
};

void wf_plan_input_range(int pin, double *lo, double *hi)
{
	*lo = 0;
	*hi = INFINITY;
	switch (pin) {
	case P_PUE:
	case P_OVERHEAD:
		*lo = 1;
		break;
	case P_UTIL:
	case P_NODE_LOAD:
	case P_FIXED_LOSS:
	case P_IT_LOAD:
	case P_MFU:
	case P_CFE:
		*hi = 1;
		break;
	case P_CURVE_R:
		*lo = 1;
		*hi = 2;
		break;
	default:
		break;
	}
}

const char *wf_plan_input_name(int pin)
{
	return pin >= 0 && pin < P_COUNT_ ? pin_info[pin].name : "?";
}

wf_dim wf_plan_input_dim(int pin)
{
	return pin >= 0 && pin < P_COUNT_ ? pin_info[pin].dim : WF_DIM_NONE;
}

/* ------------------------------------------------------- resolver helpers */

void wf_r_fixed(wf_param *p, wf_dim dim, double v, const char *note)
{
	memset(p, 0, sizeof(*p));
	p->v.kind = WF_DIST_FIXED;
	p->v.dim = dim;
	p->v.p[0] = v;
	p->set = 1;
	p->note = note;
}

/* Every location and scale parameter, but not a lognormal's geometric sd,
 * which is a dimensionless factor. */
void wf_r_scale(wf_value *v, double k)
{
	v->p[0] *= k;
	switch (v->kind) {
	case WF_DIST_UNIFORM:
	case WF_DIST_NORMAL:
		v->p[1] *= k;
		break;
	case WF_DIST_TRI:
	case WF_DIST_PERT:
		v->p[1] *= k;
		v->p[2] *= k;
		break;
	default:
		break;
	}
}

void wf_param_origin(wf_strbuf *b, const wf_param *p)
{
	if (p->file && p->line > 0)
		wf_strbuf_printf(b, "%s:%d:%d", p->file, p->line, p->col);
	else if (p->file)
		wf_strbuf_printf(b, "%s", p->file);
	if (p->note)
		wf_strbuf_printf(b, "%s%s", p->file ? " - " : "", p->note);
	if (!p->file && !p->note)
		wf_strbuf_printf(b, "(unknown origin)");
}

void wf_r_from_entry(wf_param *dst, const wf_param *src, const wf_entry *e, wf_arena *a)
{
	char buf[1024];

	*dst = *src;
	snprintf(buf, sizeof(buf), "%s%s%s", e->id, e->source ? "; source: " : "",
		 e->source ? e->source : "");
	dst->note = wf_arena_strdup(a, buf);
}

int wf_r_err(wf_error *err, const wf_node *n, const char *fmt, const char *a1,
	     const char *a2)
{
	return wf_error_set(err, WF_EINPUT, "scenario", n ? n->file : NULL, n ? n->line : 0,
			    n ? n->col : 0, fmt, a1, a2);
}

int wf_r_q(wf_rctx *c, wf_pin pin, const wf_node *map, const char *key, int range_ge1)
{
	const wf_node *n = wf_node_get(map, key);
	wf_param *p = &c->pl->in[pin];
	int rc;

	if (!n)
		return 0;
	if ((rc = wf_param_parse(c->scratch, p, n, pin_info[pin].dim, key, c->err)))
		return rc;
	if (range_ge1 && wf_value_nominal(&p->v) < 1)
		return wf_error_set(c->err, WF_EINPUT, "scenario", n->file, n->line, n->col,
				    "%s: must be at least 1, got \"%s\"", key, n->text);
	if (!range_ge1 && wf_value_nominal(&p->v) < 0)
		return wf_error_set(c->err, WF_EINPUT, "scenario", n->file, n->line, n->col,
				    "%s: must be at least 0, got \"%s\"", key, n->text);
	return 0;
}

void wf_r_take(wf_plan *pl, wf_pin pin, const wf_param *p)
{
	if (p->set)
		pl->in[pin] = *p;
}

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
		wf_r_fixed(&pl->in[P_UNIT_COUNT], WF_DIM_NONE, 1, "one run");
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
		      const wf_grid *region, wf_error *err)
{
	static const char *const top_keys[] = {
		"id", "name", "note", "workload", "facility", "site", "start", "year",
		"grid", "embodied", "samples", "seed", "unit", "campus", "years"};
	const wf_node *cn = wf_node_get(sc->root, "campus");
	wf_rctx c;
	int rc;

	memset(pl, 0, sizeof(*pl));
	c.pl = pl;
	c.sc = sc;
	c.err = err;
	c.year = year;
	c.region = region;
	if ((rc = wf_catalog_new(&c.scratch)))
		return wf_error_set(err, rc, "engine", NULL, 0, 0, "out of memory");
	c.scratch->parent = sc->overlay;
	pl->scratch_ = c.scratch;
	if ((rc = wf_catalog_loader_begin(c.scratch, err)) ||
	    (rc = wf_check_keys(sc->root, top_keys, sizeof(top_keys) / sizeof(*top_keys),
				"scenario", err)))
		return rc;
	rc = cn ? wf_campus_resolve(&c, cn) : wf_workload_resolve(&c);
	if (rc || (rc = wf_facility_resolve(&c)) || (rc = wf_grid_resolve(&c)) ||
	    (rc = wf_embodied_resolve(&c)) || (rc = resolve_unit(&c)) ||
	    (rc = wf_facility_resolve_climate(&c)) || (rc = wf_grid_resolve_window(&c)))
		return rc;
	return 0;
}

int wf_plan_resolve(wf_plan *pl, const struct wf_scenario *sc, wf_error *err)
{
	return resolve_at(pl, sc, 0, NULL, err);
}

int wf_plan_resolve_at(wf_plan *pl, const struct wf_scenario *sc, int year,
		       const wf_grid *region, wf_error *err)
{
	return resolve_at(pl, sc, year, region, err);
}

void wf_plan_release(wf_plan *pl)
{
	wf_power_curve_release(&pl->curve);
	wf_strbuf_free(&pl->notes);
	wf_catalog_free(pl->scratch_);
	pl->scratch_ = NULL;
}

void wf_plan_nominal(const wf_plan *pl, double x[P_COUNT_])
{
	int i;

	for (i = 0; i < P_COUNT_; i++)
		x[i] = wf_r_nom(&pl->in[i]);
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
	out->v[WF_OUT_EMISSIONS_TOTAL_KG] = total;
	out->v[WF_OUT_SCI_G_PER_UNIT] = total / f->units;
	if (pl->campus)
		WF_TR(tr, "peak_power = capacity online x peak load factor x peak PUE = %s x %s "
			  "= %s\n", fq(b1, 64, f->p_max, WF_DIM_POWER),
		      fnum(b2, 64, wf_facility_pue_peak(pl, x)),
		      fq(b3, 64, out->v[WF_OUT_PEAK_POWER_KW], WF_DIM_POWER));
	else if (pl->devices_known)
		WF_TR(tr, "peak_power = devices x peak IT power per device x PUE = %s x %s x %s "
			  "= %s\n", fnum(b1, 64, f->n), fq(b2, 64, f->p_max, WF_DIM_POWER),
		      fnum(b3, 64, f->pue), fq(b4, 64, out->v[WF_OUT_PEAK_POWER_KW], WF_DIM_POWER));
	if (pl->embodied)
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

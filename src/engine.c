/*
 * engine.c - resolve a scenario into a plan and evaluate it.
 *
 * The equations (DESIGN.md "Model equations"; sources in MODELLING.md):
 *   P(u)      = P_idle + (P_max - P_idle) f(u)                      power.c
 *   P_IT,dev  = P_dev + P_host + M_host * p_mem                    (GA 2021)
 *   DS        = device_hours | n * T | FLOPs / (peak * MFU)         (PaLM App. B)
 *   FLOPs     = 6 N D                                              (Kaplan 2020)
 *   E_IT      = DS * P_IT,dev * overhead
 *   E_fac     = E_IT * PUE
 *   C_op      = E_fac * CI                     (location-based, GHG Scope 2)
 *   C_mkt     = E_fac * (s CI_contract + (1 - s) CI_residual)  (market-based)
 *   M         = DS * EC_dev / L_dev + DS / k * EC_host / L_host  (linear)
 *   W         = E_IT * WUE + E_fac * EWIF
 *   SCI       = (E * I + M) / R                  (Green Software Foundation)
 * Inference: E_req = P_IT,dev * tokens / throughput (or a measured energy
 * per token or request); idle provisioned capacity at idle power.
 */
#include "engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "quantity.h"
#include "scenario.h"
#include "series.h"

#include <gsl/gsl_interp.h>

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

static const char *const out_names[WF_OUT_COUNT_] = {
	"duration_h", "device_hours", "it_power_kw", "peak_power_kw",
	"energy_it_kwh", "energy_facility_kwh", "intensity_g_per_kwh",
	"emissions_operational_kg", "emissions_market_kg", "emissions_embodied_kg",
	"emissions_total_kg", "water_l", "sci_g_per_unit"};

WF_API const char *wf_output_name(int i)
{
	return i >= 0 && i < WF_OUT_COUNT_ ? out_names[i] : NULL;
}

/* ---------------------------------------------------------------- helpers */

static void fixed(wf_param *p, wf_dim dim, double v, const char *note)
{
	memset(p, 0, sizeof(*p));
	p->v.kind = WF_DIST_FIXED;
	p->v.dim = dim;
	p->v.p[0] = v;
	p->set = 1;
	p->note = note;
}

/* Multiply a value by k: every location and scale parameter, but not a
 * lognormal's geometric sd, which is a dimensionless factor. */
static void scale_value(wf_value *v, double k)
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

static double nom(const wf_param *p)
{
	return p->set ? wf_value_nominal(&p->v) : NAN;
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

/* A catalog value keeps its own file:line and gains the entry's citation. */
static void from_entry(wf_param *dst, const wf_param *src, const wf_entry *e,
		       wf_arena *a)
{
	char buf[1024];

	*dst = *src;
	snprintf(buf, sizeof(buf), "%s%s%s", e->id,
		 e->source ? "; source: " : "", e->source ? e->source : "");
	dst->note = wf_arena_strdup(a, buf);
}

static int scenario_err(wf_error *err, const wf_node *n, const char *fmt,
			const char *a1, const char *a2)
{
	return wf_error_set(err, WF_EINPUT, "scenario", n ? n->file : NULL,
			    n ? n->line : 0, n ? n->col : 0, fmt, a1, a2);
}

/* --------------------------------------------------------------- resolve */

typedef struct rctx {
	int year;                   /* overrides the scenario's year when > 0 */
	const struct wf_grid *region; /* overrides the site's region when set */
	wf_plan *pl;
	wf_catalog *scratch;        /* arena + loader context for this plan */
	const struct wf_scenario *sc;
	wf_error *err;
} rctx;

static int q(rctx *c, wf_pin pin, const wf_node *map, const char *key, int range_ge1)
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

static int resolve_workload(rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_node *wn = wf_node_get(c->sc->root, "workload");
	int rc;

	if (!wn)
		return scenario_err(c->err, c->sc->root,
				    "scenario: missing required key \"workload\"%s%s", "", "");
	if (wn->type == WF_NODE_SCALAR) {
		const wf_workload *w = wf_catalog_get(c->sc->overlay, WF_KIND_WORKLOAD, wn->text);
		if (!w)
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_WORKLOAD, wn->text,
						  "workload", wn->file, wn->line, wn->col,
						  c->err);
		pl->wl = *w;
		if (c->sc->wl_over &&
		    (rc = wf_workload_map(c->scratch, &pl->wl, c->sc->wl_over, c->err)))
			return rc;
	} else {
		memset(&pl->wl, 0, sizeof(pl->wl));
		pl->wl.e.file = wn->file;
		pl->wl.e.line = wn->line;
		pl->wl.e.col = wn->col;
		if ((rc = wf_workload_map(c->scratch, &pl->wl, wn, c->err)))
			return rc;
	}
	if (!pl->wl.kind_set)
		return wf_error_set(c->err, WF_EINPUT, "scenario", wn->file, wn->line, wn->col,
				    "workload: missing required key \"kind\" (training or "
				    "inference)");
	if (pl->wl.accel_id && pl->wl.node_id)
		return wf_error_set(c->err, WF_EINPUT, "scenario", wn->file, wn->line, wn->col,
				    "workload: give accelerator or node, not both");
	if (pl->wl.node_id) {
		pl->node = wf_catalog_get(c->sc->overlay, WF_KIND_NODE, pl->wl.node_id);
		if (!pl->node)
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_NODE, pl->wl.node_id,
						  "node", wn->file, wn->line, wn->col, c->err);
		pl->accel = pl->node->accel;
	} else if (pl->wl.accel_id) {
		pl->accel = wf_catalog_get(c->sc->overlay, WF_KIND_ACCELERATOR, pl->wl.accel_id);
		if (!pl->accel)
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_ACCELERATOR,
						  pl->wl.accel_id, "accelerator", wn->file,
						  wn->line, wn->col, c->err);
	} else {
		return wf_error_set(c->err, WF_EINPUT, "scenario", wn->file, wn->line, wn->col,
				    "workload: missing \"accelerator\" or \"node\" (the "
				    "hardware it runs on)");
	}
	return 0;
}

static int campus_load(rctx *c, const wf_node *un)
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
		if (nom(&pl->in[P_LOAD]) <= 0 || nom(&pl->in[P_LOAD]) > 1)
			return scenario_err(c->err, un, "utilisation: expected a load factor "
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
			return scenario_err(c->err, dn ? dn : un, "utilisation.daily: expected 24 "
					    "load factors, hour 0 (UTC) first%s%s", "", "");
		if (wn && (wn->type != WF_NODE_SEQ || wn->n != 7))
			return scenario_err(c->err, wn, "utilisation.weekly: expected 7 factors, "
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
				return scenario_err(c->err, v, "utilisation: expected 0 to 100%%, "
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
			return scenario_err(c->err, un, "utilisation: the profile never draws "
					    "power%s%s", "", "");
		snprintf(note, sizeof note, "mean of the daily x weekly profile at %s:%d",
			 un->file, un->line);
		fixed(&pl->in[P_LOAD], WF_DIM_NONE, mean, wf_arena_strdup(&c->scratch->arena, note));
		snprintf(note, sizeof note, "largest hour of the profile at %s:%d", un->file,
			 un->line);
		fixed(&pl->in[P_LOAD_PEAK], WF_DIM_NONE, peak,
		      wf_arena_strdup(&c->scratch->arena, note));
	}
	return 0;
}

/* A campus: IT capacity over a calendar year, with a ramp-up, a load
 * factor (or profile), and optionally the accelerator it is built from
 * (device count and embodied carbon; refresh = hardware lifetime). */
static int resolve_campus(rctx *c, const wf_node *cn)
{
	static const char *const keys[] = {"it_capacity", "ramp", "utilisation",
					   "accelerator", "host_power", "refresh",
					   "region_demand"};
	wf_plan *pl = c->pl;
	const wf_node *rn = wf_node_get(cn, "ramp"), *an = wf_node_get(cn, "accelerator");
	const wf_node *un = wf_node_get(cn, "utilisation");
	const wf_node *yn = wf_node_get(c->sc->root, "year"), *dn;
	wf_arena *ar = &c->scratch->arena;
	int year = c->year, rc;
	long days;
	char note[512];

	if (cn->type != WF_NODE_MAP)
		return scenario_err(c->err, cn, "campus: expected a mapping (it_capacity, "
				    "ramp, utilisation, ...)%s%s", "", "");
	if (wf_node_get(c->sc->root, "workload"))
		return scenario_err(c->err, cn, "campus: give a campus or a workload, not "
				    "both%s%s", "", "");
	if ((rc = wf_check_keys(cn, keys, 7, "campus", c->err)))
		return rc;
	pl->campus = 1;
	pl->region_demand_j = NAN;
	if (!wf_node_get(cn, "it_capacity"))
		return scenario_err(c->err, cn, "campus: missing required key "
				    "\"it_capacity\" (e.g. 500 MW)%s%s", "", "");
	if ((rc = q(c, P_CAPACITY, cn, "it_capacity", 0)))
		return rc;
	if (!un)
		return scenario_err(c->err, cn, "campus: missing required key \"utilisation\" "
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
			return scenario_err(c->err, dn, "region_demand: must be above 0%s%s", "", "");
	}
	if (year <= 0 && yn) {
		char *end;
		year = (int)strtol(yn->text, &end, 10);
		if (*end || year < 1900 || year > 2200)
			year = 0;
	}
	if (year <= 0 && wf_node_get(c->sc->root, "years"))
		return scenario_err(c->err, wf_node_get(c->sc->root, "years"),
				    "years: the scenario spans years; run it as a projection "
				    "(wattif run, wf_scenario_project)%s%s", "", "");
	if (year <= 0)
		return scenario_err(c->err, c->sc->root, "campus: needs a year (year: 2030) "
				    "or a span (years: {from: 2026, to: 2040})%s%s", "", "");
	/* the calendar year's length */
	days = ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 366 : 365;
	snprintf(note, sizeof note, "calendar year %d: %ld days", year, days);
	fixed(&pl->in[P_WALL_S], WF_DIM_TIME, days * 86400.0, wf_arena_strdup(ar, note));
	pl->wall_known = 1;
	/* ramp: the share online in a given year; held until the next given
	 * year, 0 before the first */
	if (!rn) {
		fixed(&pl->in[P_ONLINE], WF_DIM_NONE, 1, "no ramp given: all capacity online");
	} else {
		const wf_node *best = NULL, *bestk = NULL;
		long by = 0;
		size_t i;
		if (rn->type != WF_NODE_MAP || rn->n == 0)
			return scenario_err(c->err, rn, "ramp: expected {YEAR: share online, ...}, "
					    "e.g. {2026: 25%%, 2028: 100%%}%s%s", "", "");
		for (i = 0; i < rn->n; i++) {
			const wf_node *k = wf_node_key(rn, i);
			char *end;
			long y = strtol(k->text, &end, 10);
			if (*end || end == k->text || y < 1900 || y > 2200)
				return scenario_err(c->err, k, "ramp: expected a year, got "
						    "\"%s\"%s", k->text, "");
			if (y <= year && y > by) {
				by = y;
				best = wf_node_value(rn, i);
				bestk = k;
			}
		}
		if (!best) {
			fixed(&pl->in[P_ONLINE], WF_DIM_NONE, 0, "before the ramp's first year: "
			      "nothing online");
		} else {
			if ((rc = wf_param_parse(c->scratch, &pl->in[P_ONLINE], best, WF_DIM_NONE,
						 "ramp", c->err)))
				return rc;
			if (nom(&pl->in[P_ONLINE]) < 0 || nom(&pl->in[P_ONLINE]) > 1)
				return scenario_err(c->err, best, "ramp: expected a share from 0 "
						    "to 100%%, got \"%s\"%s", best->text, "");
			if (by != year) {
				snprintf(note, sizeof note, "ramp share of %ld held (%s:%d)", by,
					 bestk->file, bestk->line);
				pl->in[P_ONLINE].note = wf_arena_strdup(ar, note);
			}
		}
	}
	if (an) {
		if (an->type != WF_NODE_SCALAR ||
		    !(pl->accel = wf_catalog_get(c->sc->overlay, WF_KIND_ACCELERATOR, an->text)))
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_ACCELERATOR,
						  an->type == WF_NODE_SCALAR ? an->text : "?",
						  "accelerator", an->file, an->line, an->col, c->err);
		from_entry(&pl->in[P_TDP], &pl->accel->tdp, &pl->accel->e, ar);
		if ((rc = q(c, P_HOST_POWER, cn, "host_power", 0)))
			return rc;
		if (!pl->in[P_HOST_POWER].set) {
			fixed(&pl->in[P_HOST_POWER], WF_DIM_POWER, 0,
			      "default: no host power given, so every watt of capacity is "
			      "an accelerator (an upper bound on the device count)");
		}
		pl->devices_known = 1;
	}
	if (wf_node_get(cn, "refresh")) {
		if (!an)
			return scenario_err(c->err, wf_node_get(cn, "refresh"), "refresh: needs "
					    "campus.accelerator (the hardware being refreshed)%s%s",
					    "", "");
		if ((rc = q(c, P_LIFE_DEV, cn, "refresh", 0)))
			return rc;
	}
	pl->power_mode = PW_MEASURED;
	pl->dur_mode = DU_WALL;
	return 0;
}

/* Copy a workload param into the plan (keeps its file:line). */
static void take(wf_plan *pl, wf_pin pin, const wf_param *p)
{
	if (p->set)
		pl->in[pin] = *p;
}

static int resolve_power(rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;
	const wf_accel *a = pl->accel;
	wf_arena *ar = &c->scratch->arena;
	int rc;

	from_entry(&pl->in[P_TDP], &a->tdp, &a->e, ar);
	if (a->idle.set)
		from_entry(&pl->in[P_IDLE], &a->idle, &a->e, ar);
	take(pl, P_IDLE, &w->idle_power);
	if (pl->node) {
		const wf_nodedef *n = pl->node;
		from_entry(&pl->in[P_PER_NODE], &n->count, &n->e, ar);
		if (n->rated_power.set)
			from_entry(&pl->in[P_NODE_RATED], &n->rated_power, &n->e, ar);
		if (n->host_power.set) {
			/* A node's host power is shared by its accelerators. */
			from_entry(&pl->in[P_HOST_POWER], &n->host_power, &n->e, ar);
			scale_value(&pl->in[P_HOST_POWER].v, 1 / nom(&n->count));
		}
	}
	take(pl, P_HOST_POWER, &w->host_power);
	take(pl, P_HOST_MEM, &w->host_memory);
	if (pl->in[P_HOST_MEM].set) {
		if (w->memory_power.set)
			take(pl, P_MEM_POWER, &w->memory_power);
		else
			fixed(&pl->in[P_MEM_POWER], WF_DIM_POWER_PER_DATA, 0.3725 / 1e9,
			      "default: 0.3725 W/GB, Green Algorithms referenceValues.csv "
			      "(Lannelongue et al. 2021)");
	}
	if (w->power_per_device.set) {
		pl->power_mode = PW_MEASURED;
		take(pl, P_POWER_DEV, &w->power_per_device);
		/* Only the peak power needs the TDP, and only with a device count. */
		pl->in[P_IDLE].set = 0;
		if (!pl->devices_known)
			pl->in[P_TDP].set = 0;
		if (w->utilisation.set)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->utilisation.file,
					    w->utilisation.line, w->utilisation.col,
					    "utilisation: power_per_device already gives the "
					    "average power; give one of them");
		return 0;
	}
	if (pl->node && pl->in[P_NODE_RATED].set && !w->utilisation.set) {
		pl->power_mode = PW_NODE;
		pl->in[P_IDLE].set = 0;
		pl->in[P_TDP].set = 0;
		pl->in[P_HOST_POWER].set = 0; /* the rating covers the host */
		if (pl->node->load_fraction.set)
			from_entry(&pl->in[P_NODE_LOAD], &pl->node->load_fraction,
				   &pl->node->e, ar);
		else
			fixed(&pl->in[P_NODE_LOAD], WF_DIM_NONE, 1,
			      "default: the node draws its rated power (no load_fraction "
			      "given; an upper bound)");
		return 0;
	}
	pl->power_mode = PW_CURVE;
	if (w->utilisation.set) {
		take(pl, P_UTIL, &w->utilisation);
		if (!pl->in[P_IDLE].set && nom(&w->utilisation) < 1)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->utilisation.file,
					    w->utilisation.line, w->utilisation.col,
					    "utilisation: accelerator \"%s\" has no idle power; "
					    "give workload.idle_power, or power_per_device",
					    a->e.id);
	} else {
		fixed(&pl->in[P_UTIL], WF_DIM_NONE, 1,
		      "default: no measured power or utilisation given, so the device "
		      "draws its TDP (the convention of LLaMA, BLOOM and Green "
		      "Algorithms; an upper bound)");
	}
	if (!pl->in[P_IDLE].set)
		fixed(&pl->in[P_IDLE], WF_DIM_POWER, 0,
		      "not used: utilisation 1 means power = TDP");
	if (a->curve_exponent.set)
		from_entry(&pl->in[P_CURVE_R], &a->curve_exponent, &a->e, ar);
	else
		fixed(&pl->in[P_CURVE_R], WF_DIM_NONE, 1, "default: linear f(u) = u (CCF)");
	if ((rc = wf_power_curve_init(&pl->curve, a->curve, c->err)))
		return rc;
	return 0;
}

static int hours_param(rctx *c, wf_param *p)
{
	/* device_hours: a plain number counts hours; a time is taken as is. */
	if (p->v.dim == WF_DIM_NONE) {
		scale_value(&p->v, 3600.0);
		p->v.dim = WF_DIM_TIME;
		return 0;
	}
	if (p->v.dim != WF_DIM_TIME)
		return wf_error_set(c->err, WF_EDIM, "scenario", p->file, p->line, p->col,
				    "device_hours: expected a number of hours or a time, "
				    "got %s", wf_dim_name(p->v.dim));
	return 0;
}

static int resolve_devices(rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;

	if (w->devices.set && w->nodes.set)
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->nodes.file,
				    w->nodes.line, w->nodes.col,
				    "nodes: give devices or nodes, not both");
	if (w->devices.set) {
		take(pl, P_DEVICES, &w->devices);
	} else if (w->nodes.set) {
		if (!pl->node)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->nodes.file,
					    w->nodes.line, w->nodes.col,
					    "nodes: the workload names an accelerator, not a "
					    "node; give devices");
		take(pl, P_DEVICES, &w->nodes);
		scale_value(&pl->in[P_DEVICES].v, nom(&pl->node->count));
		pl->in[P_DEVICES].note = "nodes x accelerators per node";
	}
	pl->devices_known = pl->in[P_DEVICES].set;
	if (w->wall_time.set)
		take(pl, P_WALL_S, &w->wall_time);
	pl->wall_known = pl->in[P_WALL_S].set;
	if (w->overhead_factor.set)
		take(pl, P_OVERHEAD, &w->overhead_factor);
	else
		fixed(&pl->in[P_OVERHEAD], WF_DIM_NONE, 1,
		      "default: no restart/failure overhead declared");
	return 0;
}

static int resolve_training(rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;
	int rc, p;

	if (w->device_hours.set) {
		take(pl, P_DEVICE_S, &w->device_hours);
		if ((rc = hours_param(c, &pl->in[P_DEVICE_S])))
			return rc;
		pl->dur_mode = DU_DEVICE_HOURS;
		if (pl->devices_known && pl->wall_known) {
			double a = nom(&pl->in[P_DEVICE_S]);
			double b = nom(&pl->in[P_DEVICES]) * nom(&pl->in[P_WALL_S]);
			if (fabs(a - b) > 0.01 * fmax(a, b))
				return wf_error_set(c->err, WF_EINPUT, "scenario",
						    w->device_hours.file, w->device_hours.line,
						    w->device_hours.col,
						    "device_hours (%.6g h) and devices x wall_time "
						    "(%.6g h) differ by more than 1%%; give one or "
						    "make them agree", a / 3600, b / 3600);
		}
		return 0;
	}
	if (pl->devices_known && pl->wall_known) {
		pl->dur_mode = DU_WALL;
		return 0;
	}
	if (w->flops.set || (w->params.set && w->tokens.set)) {
		pl->dur_mode = DU_FLOPS;
		if (w->flops.set) {
			take(pl, P_FLOPS, &w->flops);
		} else {
			take(pl, P_PARAMS, &w->params);
			take(pl, P_TOKENS, &w->tokens);
			pl->flops_from_nd = 1;
		}
		if (!w->mfu.set)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
					    w->e.col,
					    "workload: training time from FLOPs needs \"mfu\" "
					    "(model FLOPs utilisation, typically 0.3-0.55)");
		take(pl, P_MFU, &w->mfu);
		pl->precision = w->precision ? w->precision : "bf16";
		for (p = 0; p < WF_PREC_COUNT; p++)
			if (strcmp(wf_prec_names[p], pl->precision) == 0)
				break;
		if (!pl->accel->peak[p].set) {
			char have[128] = "";
			int k;
			for (k = 0; k < WF_PREC_COUNT; k++)
				if (pl->accel->peak[k].set)
					snprintf(have + strlen(have), sizeof(have) - strlen(have),
						 "%s%s", have[0] ? ", " : "", wf_prec_names[k]);
			return wf_error_set(c->err, WF_ENOTFOUND, "scenario", w->e.file,
					    w->e.line, w->e.col,
					    "accelerator \"%s\" has no %s peak throughput "
					    "(it has: %s); set workload.precision",
					    pl->accel->e.id, pl->precision,
					    have[0] ? have : "none");
		}
		from_entry(&pl->in[P_PEAK], &pl->accel->peak[p], &pl->accel->e,
			   &c->scratch->arena);
		if (!w->precision)
			pl->in[P_PEAK].note = wf_arena_strdup(
				&c->scratch->arena, "bf16 peak (default precision for LLM "
						    "training); set workload.precision to change");
		return 0;
	}
	return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line, w->e.col,
			    "workload: cannot determine the run's duration: give "
			    "device_hours, or devices and wall_time, or flops (or params "
			    "and tokens) with mfu");
}

static int resolve_inference(rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;

	pl->dur_mode = DU_INFERENCE;
	if (w->requests.set && w->request_rate.set)
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->request_rate.file,
				    w->request_rate.line, w->request_rate.col,
				    "request_rate: give requests or request_rate, not both");
	if (w->requests.set) {
		take(pl, P_REQUESTS, &w->requests);
	} else if (w->request_rate.set) {
		if (!pl->wall_known)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->request_rate.file,
					    w->request_rate.line, w->request_rate.col,
					    "request_rate: needs wall_time (how long the "
					    "service runs, e.g. 1 year)");
		take(pl, P_REQ_RATE, &w->request_rate);
	} else {
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
				    w->e.col,
				    "workload: inference needs requests or request_rate");
	}
	take(pl, P_TOK_PER_REQ, &w->tokens_per_request);
	if (w->energy_per_request.set) {
		pl->einf_mode = EI_REQUEST;
		take(pl, P_E_REQ, &w->energy_per_request);
	} else if (w->energy_per_token.set || w->throughput.set) {
		if (!w->tokens_per_request.set)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
					    w->e.col,
					    "workload: energy per token or throughput needs "
					    "tokens_per_request");
		pl->einf_mode = w->energy_per_token.set ? EI_TOKEN : EI_THROUGHPUT;
		take(pl, P_E_TOKEN, &w->energy_per_token);
		take(pl, P_THROUGHPUT, &w->throughput);
	} else {
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
				    w->e.col,
				    "workload: inference needs throughput (tokens/s per "
				    "device), energy_per_token or energy_per_request");
	}
	return 0;
}

/* PUE of a curve at t °C: GSL Steffen (monotone between the points).
 * Returns 0, or -1 when t is outside the curve. */
static int pue_at(const wf_pue_curve *pc, double t, double *out)
{
	gsl_interp *ip;
	gsl_interp_accel *acc;
	int rc = -1;

	if (!(t >= pc->t_c[0] && t <= pc->t_c[pc->n - 1]))
		return -1;
	ip = gsl_interp_alloc(gsl_interp_steffen, pc->n);
	acc = gsl_interp_accel_alloc();
	if (ip && acc && gsl_interp_init(ip, pc->t_c, pc->pue, pc->n) == 0)
		rc = gsl_interp_eval_e(ip, pc->t_c, pc->pue, t, acc, out) == 0 ? 0 : -1;
	gsl_interp_free(ip);
	gsl_interp_accel_free(acc);
	return rc;
}

static int temperature(rctx *c, const wf_node *n, const wf_pue_curve *pc, double *t,
		       double *pue)
{
	char *end;

	if (n->type != WF_NODE_SCALAR)
		return scenario_err(c->err, n, "temperature: expected degrees Celsius, e.g. "
				    "11.5%s%s", "", "");
	*t = strtod(n->text, &end);
	if (end == n->text || *end || !isfinite(*t))
		return scenario_err(c->err, n, "temperature: expected degrees Celsius as a "
				    "number, got \"%s\"%s", n->text, "");
	if (pue_at(pc, *t, pue))
		return wf_error_set(c->err, WF_EINPUT, "scenario", n->file, n->line, n->col,
				    "temperature: %g °C is outside PUE curve %s (%g to %g °C)",
				    *t, pc->e.id, pc->t_c[0], pc->t_c[pc->n - 1]);
	return 0;
}

/* The load term of a PUE curve: PUE(T, L) = curve(T) + fixed_loss / L
 * (MODELLING.md §4.1: fixed losses make PUE rise at low IT load).  L is
 * the campus load factor, or for a job the facility's it_load given beside
 * the curve. */
static int resolve_it_load(rctx *c, const wf_node *site, const wf_node *cn,
			   const wf_pue_curve *pc)
{
	wf_plan *pl = c->pl;
	const wf_node *ln = wf_node_get(site, "it_load");
	int rc;

	if (!ln) /* a facility's climate curve, the scenario's own load */
		ln = wf_node_get(wf_node_get(c->sc->root, "site"), "it_load");
	if (!pc->fixed_loss.set) {
		if (ln)
			return wf_error_set(c->err, WF_EINPUT, "scenario", ln->file, ln->line,
					    ln->col, "it_load: PUE curve %s has no fixed_loss, so "
					    "the IT load does not change its PUE; drop it_load or "
					    "use a curve with fixed_loss", pc->e.id);
		return 0;
	}
	from_entry(&pl->in[P_FIXED_LOSS], &pc->fixed_loss, &pc->e, &c->scratch->arena);
	if (pl->campus) {
		if (ln)
			return scenario_err(c->err, ln, "it_load: a campus's IT load is its "
					    "campus.utilisation; drop it_load%s%s", "", "");
		return 0;
	}
	if (!ln)
		return wf_error_set(c->err, WF_EINPUT, "scenario", cn->file, cn->line, cn->col,
				    "pue_curve: %s has fixed_loss, so its PUE depends on the "
				    "IT load: give it_load beside it (the facility's IT draw "
				    "as a share of its rated IT capacity, e.g. 60%%)",
				    pc->e.id);
	if ((rc = wf_param_parse(c->scratch, &pl->in[P_IT_LOAD], ln, WF_DIM_NONE, "it_load",
				 c->err)))
		return rc;
	if (!(nom(&pl->in[P_IT_LOAD]) > 0 && nom(&pl->in[P_IT_LOAD]) <= 1))
		return scenario_err(c->err, ln, "it_load: expected a share of the rated IT "
				    "capacity above 0 and at most 100%%, got \"%s\"%s",
				    ln->text ? ln->text : "?", "");
	return 0;
}

/* site.pue_curve with site.temperature_c (one temperature) or
 * site.monthly_temperature_c (twelve, January first). */
static int resolve_pue_curve(rctx *c, const wf_node *site)
{
	wf_plan *pl = c->pl;
	const wf_node *cn = wf_node_get(site, "pue_curve");
	const wf_node *tn = wf_node_get(site, "temperature_c");
	const wf_node *mn = wf_node_get(site, "monthly_temperature_c");
	const wf_pue_curve *pc;
	char note[1024];
	double t, pue;
	int rc, m;

	if (!cn) {
		if (tn || mn)
			return scenario_err(c->err, tn ? tn : mn, "%s: needs site.pue_curve (`wattif "
					    "list pue_curves`)%s", tn ? "temperature_c"
								  : "monthly_temperature_c", "");
		return 0;
	}
	if (wf_node_get(site, "pue"))
		return scenario_err(c->err, cn, "pue_curve: give site.pue or a pue_curve, not "
				    "both%s%s", "", "");
	if (cn->type != WF_NODE_SCALAR ||
	    !(pc = wf_catalog_get(c->sc->overlay, WF_KIND_PUE_CURVE, cn->text)))
		return wf_catalog_unknown(c->sc->overlay, WF_KIND_PUE_CURVE,
					  cn->type == WF_NODE_SCALAR ? cn->text : "?", "pue_curve",
					  cn->file, cn->line, cn->col, c->err);
	if (!tn == !mn)
		return scenario_err(c->err, cn, "pue_curve: give site.temperature_c (one "
				    "temperature) or site.monthly_temperature_c (twelve)%s%s", "", "");
	pl->pue_curve = pc;
	if ((rc = resolve_it_load(c, site, cn, pc)))
		return rc;
	if (tn) {
		if ((rc = temperature(c, tn, pc, &t, &pue)))
			return rc;
		snprintf(note, sizeof note, "PUE curve %s at %g °C (Steffen between the points "
			 "of %s:%d)", pc->e.id, t, pc->e.file, pc->line0);
		fixed(&pl->in[P_PUE], WF_DIM_NONE, pue,
		      wf_arena_strdup(&c->scratch->arena, note));
		return 0;
	}
	if (mn->type != WF_NODE_SEQ || mn->n != 12)
		return scenario_err(c->err, mn, "monthly_temperature_c: expected 12 temperatures "
				    "(°C), January first%s%s", "", "");
	for (m = 0; m < 12; m++)
		if ((rc = temperature(c, mn->items[m], pc, &pl->temp_month[m], &pl->pue_month[m])))
			return rc;
	pl->pue_monthly = 1;
	/* the weights over the job's window are set once its duration is known
	 * (resolve_climate); until then a placeholder keeps P_PUE set */
	fixed(&pl->in[P_PUE], WF_DIM_NONE, pl->pue_month[0], "monthly PUE curve");
	return 0;
}

static int resolve_site(rctx *c)
{
	static const char *const site_keys[] = {"name", "region", "pue", "wue",
						"water_intensity", "pue_curve", "temperature_c",
						"monthly_temperature_c", "it_load"};
	wf_plan *pl = c->pl;
	const wf_node *root = c->sc->root;
	const wf_node *fn = wf_node_get(root, "facility");
	const wf_node *site = wf_node_get(root, "site");
	const wf_facility *f = NULL;
	wf_arena *ar = &c->scratch->arena;
	const wf_node *rn;
	int rc;

	if (fn) {
		if (fn->type != WF_NODE_SCALAR)
			return scenario_err(c->err, fn,
					    "facility: expected a facility id%s%s (use site: "
					    "for inline values)", "", "");
		f = wf_catalog_get(c->sc->overlay, WF_KIND_FACILITY, fn->text);
		if (!f)
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_FACILITY, fn->text,
						  "facility", fn->file, fn->line, fn->col, c->err);
		pl->facility = f;
		if (f->pue.set)
			from_entry(&pl->in[P_PUE], &f->pue, &f->e, ar);
		if (f->wue.set)
			from_entry(&pl->in[P_WUE], &f->wue, &f->e, ar);
		if (f->water_intensity.set)
			from_entry(&pl->in[P_EWIF], &f->water_intensity, &f->e, ar);
		pl->region = f->region;
	}
	if (site) {
		if ((rc = wf_check_keys(site, site_keys, sizeof(site_keys) / sizeof(site_keys[0]),
					 "site", c->err)))
			return rc;
		if ((rc = q(c, P_PUE, site, "pue", 1)) || (rc = q(c, P_WUE, site, "wue", 0)) ||
		    (rc = q(c, P_EWIF, site, "water_intensity", 0)))
			return rc;
		rn = wf_node_get(site, "region");
		if (rn) {
			if (rn->type != WF_NODE_SCALAR)
				return scenario_err(c->err, rn, "region: expected a grid id%s%s",
						    "", "");
			pl->region = wf_catalog_get(c->sc->overlay, WF_KIND_GRID, rn->text);
			if (!pl->region)
				return wf_catalog_unknown(c->sc->overlay, WF_KIND_GRID, rn->text,
							  "region", rn->file, rn->line, rn->col,
							  c->err);
		}
	}
	if (c->region)
		pl->region = c->region;
	if (site && (rc = resolve_pue_curve(c, site)))
		return rc;
	/* a facility's climate, unless the site gives its own PUE */
	if (f && f->climate && !(site && (wf_node_get(site, "pue") ||
					  wf_node_get(site, "pue_curve"))) &&
	    (rc = resolve_pue_curve(c, f->climate)))
		return rc;
	if (site && !pl->pue_curve && (rn = wf_node_get(site, "it_load")))
		return scenario_err(c->err, rn, "it_load: only a pue_curve with fixed_loss "
				    "uses the IT load; this scenario's PUE does not depend "
				    "on it%s%s", "", "");
	if (!pl->in[P_PUE].set)
		return scenario_err(c->err, site ? site : root,
				    "scenario: no PUE: give site.pue (1 counts IT energy "
				    "only), a pue_curve with temperatures, or a facility with "
				    "a PUE%s%s", "", "");
	return 0;
}

/* Civil year and month (1-12) of a day count since 1970-01-01, and back
 * (Hinnant's algorithms, proleptic Gregorian). */
static void civil_from_days(long days, long *year, int *month)
{
	long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153, m = mp < 10 ? mp + 3 : mp - 9;

	*year = yoe + era * 400 + (m <= 2);
	*month = (int)m;
}

static long days_from_civil(long y, int m)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5; /* first of the month */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ∫ PUE(t) dt over [a, b) with PUE by calendar month (UTC). */
static double pue_integral(const wf_plan *pl, double a, double b)
{
	double sum = 0;

	while (a < b) {
		long y;
		int m;
		double next;
		civil_from_days((long)floor(a / 86400.0), &y, &m);
		next = 86400.0 * (double)(m == 12 ? days_from_civil(y + 1, 1)
						  : days_from_civil(y, m + 1));
		if (next > b)
			next = b;
		sum += pl->pue_month[m - 1] * (next - a);
		a = next;
	}
	return sum;
}

static int year_of(rctx *c, int *year, const wf_node **where)
{
	const wf_node *yn = wf_node_get(c->sc->root, "year");
	const wf_node *sn = wf_node_get(c->sc->root, "start");
	const wf_node *g = wf_node_get(c->sc->root, "grid");
	wf_param p;
	int rc;

	if (!yn && g && g->type == WF_NODE_MAP)
		yn = wf_node_get(g, "year");
	*year = 0;
	*where = NULL;
	c->pl->start_s = NAN;
	if (c->year > 0) {
		*year = c->year;
		*where = yn ? yn : wf_node_get(c->sc->root, "years");
		return 0;
	}
	if (sn) {
		long days;
		if ((rc = wf_param_parse(c->scratch, &p, sn, WF_DIM_DATE, "start", c->err)))
			return rc;
		if (p.v.kind != WF_DIST_FIXED)
			return scenario_err(c->err, sn, "start: expected one date and time "
					    "(UTC), not a distribution%s%s", "", "");
		c->pl->start_s = wf_value_nominal(&p.v);
		{
			long y;
			int mo;
			days = (long)floor(c->pl->start_s / 86400.0);
			civil_from_days(days, &y, &mo);
			*year = (int)y;
		}
		*where = sn;
	}
	if (yn) {
		char *end;
		long y = strtol(yn->text, &end, 10);
		if (yn->type != WF_NODE_SCALAR || *end || end == yn->text || y < 1900 ||
		    y > 2200)
			return scenario_err(c->err, yn,
					    "year: expected a year from 1900 to 2200, got "
					    "\"%s\"%s", yn->text, "");
		if (sn && y != *year)
			return wf_error_set(c->err, WF_EINPUT, "scenario", yn->file, yn->line,
					    yn->col, "year: %ld contradicts start, which is in %d",
					    y, *year);
		*year = (int)y;
		*where = yn;
	}
	return 0;
}

/* grid.regional_factor: series - a sub-region's pathway scaled by how its
 * own series compares with the mean of every region in the same file over
 * the span they share.  An approximation the scenario opts into: one file's
 * window (the shipped one is a summer month), an unweighted mean of regions
 * for the national level. */
static int regional_factor(rctx *c, const wf_node *fn, double *factor, char *how,
			   size_t how_n)
{
	const wf_grid *g = c->pl->region;
	const wf_series_file *f = NULL;
	const wf_catalog *cc;
	double t0 = -INFINITY, t1 = INFINITY, own = NAN, sum = 0, v;
	char b0[48], b1[48];
	size_t i, k, n = 0;
	int cov;

	if (fn->type != WF_NODE_SCALAR || strcmp(fn->text, "series") != 0)
		return scenario_err(c->err, fn, "regional_factor: expected \"series\" (scale "
				    "the pathway by the region's series)%s%s", "", "");
	if (!g->ser)
		return scenario_err(c->err, fn, "regional_factor: region %s has no hourly "
				    "series to compare%s", g->e.id, "");
	for (cc = c->sc->overlay; cc && !f; cc = cc->parent)
		for (k = 0; k < cc->n_sfiles; k++)
			if (cc->sfiles[k].path == g->series)
				f = &cc->sfiles[k];
	if (!f || f->n < 2)
		return scenario_err(c->err, fn, "regional_factor: %s's series file has no other "
				    "regions to compare with%s", g->e.id, "");
	for (i = 0; i < f->n; i++) {
		t0 = fmax(t0, wf_series_begin(f->s[i]));
		t1 = fmin(t1, wf_series_end(f->s[i]));
	}
	for (i = 0; i < f->n; i++) {
		if (wf_series_mean(f->s[i], t0, t1, &v, &cov) || !cov)
			return scenario_err(c->err, fn, "regional_factor: the series in %s do "
					    "not all cover their shared span without gaps%s",
					    f->path, "");
		sum += v;
		n++;
		if (f->s[i] == g->ser)
			own = v;
	}
	if (!(sum > 0) || isnan(own))
		return scenario_err(c->err, fn, "regional_factor: the regions' mean intensity "
				    "is zero%s%s", "", "");
	*factor = own / (sum / (double)n);
	snprintf(how, how_n, "x regional factor %.6g = %s's mean %.6g g/kWh / the mean of the "
		 "%zu regions in %s, %.6g g/kWh, over %s to %s (grid.regional_factor at "
		 "%s:%d:%d)", *factor, g->e.id, own / WF_G_PER_KWH, n, f->path,
		 sum / (double)n / WF_G_PER_KWH, wf_series_format_time(b0, sizeof b0, t0),
		 wf_series_format_time(b1, sizeof b1, t1), fn->file, fn->line, fn->col);
	return 0;
}

/* The pathway named by grid.pathway for the region (or the nearest
 * ancestor that has one), read at the scenario's year: a given year as
 * is, a year between two given ones interpolated (GSL, linear or Steffen),
 * a year after the last held only when grid.hold is true. */
static int pathway_value(rctx *c, const wf_node *gn, int year, const wf_node *yw,
			 const wf_node *bn)
{
	wf_plan *pl = c->pl;
	const wf_node *pn = wf_node_get(gn, "pathway"), *hn = wf_node_get(gn, "hold");
	const wf_catalog *cat = c->sc->overlay;
	const wf_grid *pw = NULL, *g;
	char b1[64], b2[64], note[1600];
	int hold = 0, k, from_parent = 0;
	size_t i;

	if (pn->type != WF_NODE_SCALAR)
		return scenario_err(c->err, pn, "pathway: expected a scenario name such as "
				    "clean-power-2030%s%s", "", "");
	if (hn) {
		if (hn->type != WF_NODE_SCALAR ||
		    (strcmp(hn->text, "true") && strcmp(hn->text, "false")))
			return scenario_err(c->err, hn, "hold: expected true or false%s%s", "", "");
		hold = strcmp(hn->text, "true") == 0;
	}
	for (g = pl->region; g && !pw; g = g->parent, from_parent++)
		for (const wf_catalog *cc = cat; cc && !pw; cc = cc->parent)
			for (i = 0; i < cc->kinds[WF_KIND_PATHWAY].n; i++) {
				const wf_grid *p = cc->kinds[WF_KIND_PATHWAY].items[i];
				if (p->parent == g && strcmp(p->scenario, pn->text) == 0) {
					pw = p;
					break;
				}
			}
	if (!pw)
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", pn->file, pn->line,
				    pn->col,
				    "pathway: no \"%s\" pathway for %s or its parents (`wattif "
				    "list pathways` shows them)", pn->text, pl->region->e.id);
	if (from_parent > 1)
		wf_strbuf_printf(&pl->notes,
				 "%s has no %s pathway of its own; using %s's (%s)%s\n",
				 pl->region->e.id, pn->text, pw->parent->e.id, pw->e.id,
				 wf_node_get(gn, "regional_factor") ? ""
				 : ": regional differences are not in it");
	if (bn && strcmp(bn->text, wf_basis_name(pw->basis)) != 0)
		return wf_error_set(c->err, WF_EINPUT, "scenario", bn->file, bn->line, bn->col,
				    "basis: the scenario asks for %s factors but pathway %s "
				    "is on the %s basis", bn->text, pw->e.id,
				    wf_basis_name(pw->basis));
	pl->data_grid = pw;
	if (!year)
		return scenario_err(c->err, pn, "pathway: needs the scenario's year (year: or "
				    "start:)%s%s", "", "");
	for (i = 0; i < pw->n_years; i++)
		if (pw->years[i] == year) {
			from_entry(&pl->in[P_CI], &pw->intensity[i], &pw->e, &c->scratch->arena);
			snprintf(note, sizeof note, "pathway %s (%s) at %d, a given year; %s",
				 pw->e.id, wf_basis_name(pw->basis), year, pl->in[P_CI].note);
			pl->in[P_CI].note = wf_arena_strdup(&c->scratch->arena, note);
			pl->annual_ok = 1;
			return 0;
		}
	k = (int)pw->n_years - 1;
	if (year > pw->years[k] && hold) {
		from_entry(&pl->in[P_CI], &pw->intensity[k], &pw->e, &c->scratch->arena);
		snprintf(note, sizeof note, "pathway %s (%s): %d held from its last year %d "
			 "(grid.hold: true); %s", pw->e.id, wf_basis_name(pw->basis), year,
			 pw->years[k], pl->in[P_CI].note);
		pl->in[P_CI].note = wf_arena_strdup(&c->scratch->arena, note);
		wf_strbuf_printf(&pl->notes, "grid intensity for %d held at pathway %s's %d "
				 "value\n", year, pw->e.id, pw->years[k]);
		pl->annual_ok = 1;
		return 0;
	}
	if (year < pw->years[0] || year > pw->years[k])
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", yw ? yw->file : pn->file,
				    yw ? yw->line : pn->line, yw ? yw->col : pn->col,
				    "pathway %s covers %d-%d; %d is outside it%s", pw->e.id,
				    pw->years[0], pw->years[k], year,
				    year > pw->years[k] ? " (grid.hold: true holds the last "
							  "value)" : "");
	{
		double xs[256], ys[256], v;
		size_t n = pw->n_years;
		gsl_interp *ip;
		gsl_interp_accel *acc;
		if (n > 256)
			return wf_error_set(c->err, WF_EINPUT, "scenario", pw->e.file, pw->e.line,
					    pw->e.col, "pathway %s: more than 256 years", pw->e.id);
		for (i = 0; i < n; i++) {
			xs[i] = pw->years[i];
			ys[i] = wf_value_nominal(&pw->intensity[i].v);
		}
		ip = gsl_interp_alloc(pw->steffen ? gsl_interp_steffen : gsl_interp_linear, n);
		acc = gsl_interp_accel_alloc();
		if (!ip || !acc || gsl_interp_init(ip, xs, ys, n)) {
			gsl_interp_free(ip);
			gsl_interp_accel_free(acc);
			return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0,
					    "cannot interpolate pathway %s", pw->e.id);
		}
		v = gsl_interp_eval(ip, xs, ys, (double)year, acc);
		gsl_interp_free(ip);
		gsl_interp_accel_free(acc);
		for (i = 0; i + 1 < n && pw->years[i + 1] < year; i++)
			;
		snprintf(note, sizeof note,
			 "pathway %s (%s) at %d, interpolated (%s, GSL) between %d (%s, "
			 "%s:%d) and %d (%s, %s:%d)", pw->e.id, wf_basis_name(pw->basis), year,
			 pw->steffen ? "Steffen" : "linear", pw->years[i],
			 wf_quantity_format(b1, 64, wf_value_nominal(&pw->intensity[i].v),
					    WF_DIM_INTENSITY, 6),
			 pw->intensity[i].file, pw->intensity[i].line, pw->years[i + 1],
			 wf_quantity_format(b2, 64, wf_value_nominal(&pw->intensity[i + 1].v),
					    WF_DIM_INTENSITY, 6),
			 pw->intensity[i + 1].file, pw->intensity[i + 1].line);
		fixed(&pl->in[P_CI], WF_DIM_INTENSITY, v,
		      wf_arena_strdup(&c->scratch->arena, note));
	}
	pl->annual_ok = 1;
	return 0;
}

/* One fuel of a generation mix: its share and where the share came from. */
typedef struct mix_item {
	const char *fuel;
	double share;
	const wf_node *at;       /* scenario node, or NULL for a catalog mix */
} mix_item;

/* Apply grid.mix_shift: {from: FUEL, to: FUEL, points: 10%} (or a list of
 * them) to the mix, moving percentage points between two fuels. */
static int mix_shift(rctx *c, const wf_node *sn, mix_item *m, size_t *n, size_t cap,
		     wf_strbuf *how)
{
	static const char *const keys[] = {"from", "to", "points"};
	size_t k, i, count = sn->type == WF_NODE_SEQ ? sn->n : 1;
	int rc;

	for (k = 0; k < count; k++) {
		const wf_node *e = sn->type == WF_NODE_SEQ ? sn->items[k] : sn;
		const wf_node *fn, *tn, *pn;
		wf_param pts;
		size_t fi = *n, ti = *n;
		double d;
		if (e->type != WF_NODE_MAP)
			return scenario_err(c->err, e, "mix_shift: expected {from: FUEL, to: "
					    "FUEL, points: 10%%}%s%s", "", "");
		if ((rc = wf_check_keys(e, keys, 3, "mix_shift", c->err)))
			return rc;
		fn = wf_node_get(e, "from");
		tn = wf_node_get(e, "to");
		pn = wf_node_get(e, "points");
		if (!fn || !tn || !pn || fn->type != WF_NODE_SCALAR || tn->type != WF_NODE_SCALAR)
			return scenario_err(c->err, e, "mix_shift: needs from, to and points%s%s",
					    "", "");
		if ((rc = wf_param_parse(c->scratch, &pts, pn, WF_DIM_NONE, "points", c->err)))
			return rc;
		d = wf_value_nominal(&pts.v);
		for (i = 0; i < *n; i++) {
			if (strcmp(m[i].fuel, fn->text) == 0)
				fi = i;
			if (strcmp(m[i].fuel, tn->text) == 0)
				ti = i;
		}
		if (fi == *n)
			return scenario_err(c->err, fn, "mix_shift: from \"%s\" is not in the "
					    "mix%s", fn->text, "");
		if (ti == *n) { /* a fuel the mix did not have starts at 0 */
			if (*n == cap)
				return scenario_err(c->err, tn, "mix_shift: too many fuels%s%s",
						    "", "");
			m[*n].fuel = tn->text;
			m[*n].share = 0;
			m[*n].at = tn;
			ti = (*n)++;
		}
		if (d < 0 || d > m[fi].share + 1e-12)
			return wf_error_set(c->err, WF_EINPUT, "scenario", pn->file, pn->line,
					    pn->col, "mix_shift: cannot move %.4g points from %s, "
					    "which has %.4g%%", d * 100, fn->text,
					    m[fi].share * 100);
		m[fi].share -= d;
		m[ti].share += d;
		wf_strbuf_printf(how, "; moved %.4g points from %s to %s (%s:%d:%d)", d * 100,
				 fn->text, tn->text, pn->file, pn->line, pn->col);
	}
	return 0;
}

/* Intensity from a generation mix, CI = Σ share_f EF_f (+ imports at their
 * factors), MODELLING.md §5.1: the scenario's grid.mix, else the region's. */
static int resolve_mix(rctx *c, const wf_node *gn, const wf_node *bn, int *used)
{
	enum { CAP = 64 };
	wf_plan *pl = c->pl;
	const wf_node *mn = gn ? wf_node_get(gn, "mix") : NULL;
	const wf_node *fn = gn ? wf_node_get(gn, "factors") : NULL;
	const wf_node *sn = gn ? wf_node_get(gn, "mix_shift") : NULL;
	const wf_grid *g = pl->region;
	const wf_factors *f = NULL;
	mix_item m[CAP];
	wf_strbuf how = {0};
	size_t n = 0, i, k;
	double ci = 0, sum = 0;
	int rc = 0;

	*used = 0;
	if (!mn && !(g && g->mix.n)) {
		if (fn || sn)
			return scenario_err(c->err, fn ? fn : sn, "%s: needs a generation mix "
					    "(grid.mix, or a region with one)%s",
					    fn ? "factors" : "mix_shift", "");
		return 0;
	}
	if (mn) {
		if (mn->type != WF_NODE_MAP || mn->n == 0 || mn->n > CAP)
			return scenario_err(c->err, mn, "mix: expected a map of fuel shares, "
					    "e.g. {gas_ccgt: 40%%, wind: 60%%}%s%s", "", "");
		for (i = 0; i < mn->n; i++) {
			const wf_node *kn = wf_node_key(mn, i), *vn = wf_node_value(mn, i);
			wf_param p;
			if ((rc = wf_param_parse(c->scratch, &p, vn, WF_DIM_NONE, kn->text, c->err)))
				return rc;
			m[n].fuel = kn->text;
			m[n].share = wf_value_nominal(&p.v);
			m[n].at = vn;
			if (m[n].share < 0 || m[n].share > 1)
				return scenario_err(c->err, vn, "mix: %s must be a share from 0 to "
						    "100%%, got \"%s\"", kn->text, vn->text);
			n++;
		}
	} else {
		for (i = 0; i < g->mix.n && n < CAP; i++, n++) {
			m[n].fuel = g->mix.keys[i];
			m[n].share = wf_value_nominal(&g->mix.vals[i].v);
			m[n].at = NULL;
		}
	}
	if (fn) {
		if (fn->type != WF_NODE_SCALAR ||
		    !(f = wf_catalog_get(c->sc->overlay, WF_KIND_FACTORS, fn->text)))
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_FACTORS,
						  fn->type == WF_NODE_SCALAR ? fn->text : "?",
						  "factors", fn->file, fn->line, fn->col, c->err);
	} else if (!mn && g->factors) {
		f = g->factors;
	} else {
		return scenario_err(c->err, mn ? mn : c->sc->root,
				    "mix: needs grid.factors, the factor set to weigh it with "
				    "(`wattif list factors`)%s%s", "", "");
	}
	if (sn && (rc = mix_shift(c, sn, m, &n, CAP, &how))) {
		wf_strbuf_free(&how);
		return rc;
	}
	for (i = 0; i < n; i++)
		sum += m[i].share;
	if (fabs(sum - 1) > 0.005) {
		wf_strbuf_free(&how);
		const wf_node *at = mn ? mn : c->sc->root;
		return wf_error_set(c->err, WF_EINPUT, "scenario", at->file, at->line, at->col,
				    "mix: shares sum to %.4g%%, expected 100%%", sum * 100);
	}
	if (bn && strcmp(bn->text, wf_basis_name(f->basis)) != 0) {
		wf_strbuf_free(&how);
		return wf_error_set(c->err, WF_EINPUT, "scenario", bn->file, bn->line, bn->col,
				    "basis: the scenario asks for %s factors but factor set %s "
				    "is %s", bn->text, f->e.id, wf_basis_name(f->basis));
	}
	{
		wf_strbuf terms = {0};
		for (i = 0; i < n; i++) {
			const wf_fuelmap *fm = &f->values;
			const char *fuel = m[i].fuel;
			double ef = NAN;
			if (strncmp(fuel, "import_", 7) == 0) {
				fm = &f->imports;
				fuel += 7;
			}
			for (k = 0; k < fm->n; k++)
				if (strcmp(fm->keys[k], fuel) == 0)
					ef = wf_value_nominal(&fm->vals[k].v);
			if (isnan(ef)) {
				const wf_node *at = m[i].at;
				wf_strbuf_free(&terms);
				wf_strbuf_free(&how);
				return wf_error_set(c->err, WF_ENOTFOUND, "scenario",
						    at ? at->file : g->e.file, at ? at->line : g->e.line,
						    at ? at->col : g->e.col,
						    "mix: factor set %s has no factor for \"%s\" "
						    "(imports are import_<grid id>)", f->e.id, m[i].fuel);
			}
			ci += m[i].share * ef;
			if (m[i].share > 0)
				wf_strbuf_printf(&terms, "%s%.4g%% %s x %.4g g/kWh",
						 terms.len ? " + " : "", m[i].share * 100, m[i].fuel,
						 ef / WF_G_PER_KWH);
		}
		{
			char *note = wf_arena_alloc(&c->scratch->arena, terms.len + how.len + 512);
			if (!note) {
				wf_strbuf_free(&terms);
				wf_strbuf_free(&how);
				return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0,
						    "out of memory");
			}
			sprintf(note, "generation mix %s: %s (factor set %s, %s basis, %s:%d)%s",
				mn ? "(grid.mix)" : g->e.id, wf_strbuf_str(&terms), f->e.id,
				wf_basis_name(f->basis), f->e.file, f->e.line, wf_strbuf_str(&how));
			fixed(&pl->in[P_CI], WF_DIM_INTENSITY, ci, note);
		}
		wf_strbuf_free(&terms);
	}
	wf_strbuf_free(&how);
	wf_strbuf_printf(&pl->notes, "grid intensity from a generation mix weighed with the "
			 "%s factors (%s basis)\n", f->e.id, wf_basis_name(f->basis));
	pl->annual_ok = 1;
	*used = 1;
	return 0;
}

static int resolve_pathway(rctx *c, const wf_node *gn, int year, const wf_node *yw,
			   const wf_node *bn)
{
	const wf_node *fn = wf_node_get(gn, "regional_factor");
	wf_plan *pl = c->pl;
	double k = 1;
	char how[1024], *note;
	int rc;

	if ((rc = pathway_value(c, gn, year, yw, bn)) || !fn)
		return rc;
	if ((rc = regional_factor(c, fn, &k, how, sizeof how)))
		return rc;
	scale_value(&pl->in[P_CI].v, k);
	note = wf_arena_alloc(&c->scratch->arena, strlen(pl->in[P_CI].note ? pl->in[P_CI].note : "")
			      + strlen(how) + 4);
	if (!note)
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	sprintf(note, "%s %s", pl->in[P_CI].note ? pl->in[P_CI].note : "", how);
	pl->in[P_CI].note = note;
	pl->in[P_CI].file = NULL; /* derived: the note names every source */
	wf_strbuf_printf(&pl->notes, "grid intensity: the %s pathway scaled by %s's regional "
			 "factor %.4g from the hourly series (an approximation: one series "
			 "window, unweighted regional mean)\n",
			 wf_node_get(gn, "pathway")->text, pl->region->e.id, k);
	return 0;
}

static int resolve_grid(rctx *c)
{
	static const char *const grid_keys[] = {
		"intensity", "basis", "year", "market_intensity", "cfe",
		"contract_intensity", "residual_intensity", "pathway", "hold", "mix",
		"factors", "mix_shift", "marginal_intensity", "regional_factor"};
	wf_plan *pl = c->pl;
	const wf_node *gn = wf_node_get(c->sc->root, "grid");
	const wf_node *yw = NULL, *bn = NULL;
	const wf_grid *g;
	const wf_param *yp;
	wf_strbuf note = {0};
	int rc, year;

	if (gn && (rc = wf_check_keys(gn, grid_keys, 14, "grid", c->err)))
		return rc;
	if ((rc = year_of(c, &year, &yw)))
		return rc;
	pl->year = year;
	if (gn) {
		if ((rc = q(c, P_CI, gn, "intensity", 0)) ||
		    (rc = q(c, P_CI_MARKET, gn, "market_intensity", 0)) ||
		    (rc = q(c, P_CFE, gn, "cfe", 0)) ||
		    (rc = q(c, P_CI_CONTRACT, gn, "contract_intensity", 0)) ||
		    (rc = q(c, P_CI_RESIDUAL, gn, "residual_intensity", 0)) ||
		    (rc = q(c, P_CI_MARGINAL, gn, "marginal_intensity", 0)))
			return rc;
		bn = wf_node_get(gn, "basis");
		if (bn && (bn->type != WF_NODE_SCALAR ||
			   (strcmp(bn->text, "lifecycle") && strcmp(bn->text, "direct"))))
			return scenario_err(c->err, bn,
					    "basis: expected lifecycle or direct, got \"%s\"%s",
					    bn->type == WF_NODE_SCALAR ? bn->text : "?", "");
		if (pl->in[P_CFE].set && nom(&pl->in[P_CFE]) > 1)
			return scenario_err(c->err, wf_node_get(gn, "cfe"),
					    "cfe: must be between 0 and 1%s%s", "", "");
	}
	if (pl->in[P_CFE].set && pl->in[P_CI_MARKET].set)
		return scenario_err(c->err, gn,
				    "grid: give market_intensity or cfe, not both%s%s", "", "");
	pl->market_mode = pl->in[P_CI_MARKET].set ? MK_EXPLICIT
			  : pl->in[P_CFE].set     ? MK_CFE
						  : MK_SAME;
	if (pl->in[P_CI].set) {
		wf_strbuf_printf(&pl->notes,
				 "grid intensity: explicit override (grid.intensity), not "
				 "the region's data\n");
		pl->annual_ok = 1;
		goto market;
	}
	if (!pl->region)
		return scenario_err(c->err, c->sc->root,
				    "scenario: no grid intensity: give site.region (a grid "
				    "id, e.g. GB or FR) or grid.intensity%s%s", "", "");
	g = pl->region;
	/* An hourly series of the region itself comes first when the job has a
	 * start; whether it covers the window is settled once the duration is
	 * known (resolve_series). */
	if (!isnan(pl->start_s) && g->ser &&
	    (!bn || strcmp(bn->text, wf_basis_name(g->series_basis)) == 0)) {
		pl->ser = g->ser;
		pl->ser_grid = g;
	} else if (!isnan(pl->start_s) && g->ser) {
		wf_strbuf_printf(&pl->notes,
				 "%s's hourly series is on the %s basis; the scenario asks for "
				 "%s, so the series is not used\n", g->e.id,
				 wf_basis_name(g->series_basis), bn->text);
	}
	{
		int used;
		if ((rc = resolve_mix(c, gn, bn, &used)))
			return rc;
		if (used)
			goto market;
	}
	if (gn && wf_node_get(gn, "pathway")) {
		if ((rc = resolve_pathway(c, gn, year, yw, bn)))
			return rc;
		goto market;
	}
	while (g->from_parent && g->parent) {
		wf_strbuf_printf(&pl->notes,
				 "%s has no annual intensity of its own; using its parent "
				 "%s's figures\n", g->e.id, g->parent->e.id);
		g = g->parent;
	}
	if (g->n_years == 0 && pl->ser)
		goto market; /* the series must cover the window (resolve_series) */
	if (g->n_years == 0)
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", g->e.file, g->e.line,
				    g->e.col,
				    "grid \"%s\" has no annual intensity data; give "
				    "grid.intensity", g->e.id);
	pl->data_grid = g;
	if (bn && strcmp(bn->text, wf_basis_name(g->basis)) != 0)
		return wf_error_set(c->err, WF_EINPUT, "scenario", bn->file, bn->line,
				    bn->col,
				    "basis: the scenario asks for %s factors but %s's data are "
				    "%s; give grid.intensity on the %s basis",
				    bn->text, g->e.id, wf_basis_name(g->basis), bn->text);
	if (!year) {
		year = g->years[g->n_years - 1];
		pl->year = year;
		wf_strbuf_printf(&pl->notes,
				 "no year or start given: using %s's latest annual "
				 "intensity (%d)\n", g->e.id, year);
	}
	yp = wf_grid_year(g, year);
	if (!yp && pl->ser)
		goto market;
	if (!yp) {
		wf_strbuf_printf(&note, "%d", g->years[0]);
		if (g->n_years > 1)
			wf_strbuf_printf(&note, "-%d", g->years[g->n_years - 1]);
		rc = wf_error_set(c->err, WF_ENOTFOUND, "scenario", yw ? yw->file : NULL,
				  yw ? yw->line : 0, yw ? yw->col : 0,
				  "grid \"%s\" has no annual intensity for %d (it has %zu "
				  "years in %s)", g->e.id, year, g->n_years,
				  wf_strbuf_str(&note));
		wf_strbuf_free(&note);
		return rc;
	}
	pl->annual_ok = 1;
	from_entry(&pl->in[P_CI], yp, &g->e, &c->scratch->arena);
	{
		char buf[1200];
		snprintf(buf, sizeof(buf), "%s annual %d, %s basis; %s", g->e.id, year,
			 wf_basis_name(g->basis), pl->in[P_CI].note);
		pl->in[P_CI].note = wf_arena_strdup(&c->scratch->arena, buf);
	}
market:
	if (pl->market_mode == MK_CFE) {
		if (!pl->in[P_CI_CONTRACT].set)
			fixed(&pl->in[P_CI_CONTRACT], WF_DIM_INTENSITY, 0,
			      "default: contracted carbon-free energy counts at 0 g/kWh "
			      "(GHG Protocol Scope 2 market-based)");
		if (!pl->in[P_CI_RESIDUAL].set) {
			pl->residual_is_location = 1;
			pl->in[P_CI_RESIDUAL] = pl->in[P_CI];
			pl->in[P_CI_RESIDUAL].note =
				"default: no residual mix given, the uncovered share is "
				"taken at the location-based intensity (a residual mix is "
				"usually higher)";
		}
	}
	return 0;
}

static int resolve_embodied(rctx *c)
{
	static const char *const emb_keys[] = {"device", "device_lifetime", "host",
					       "host_lifetime", "devices_per_host"};
	wf_plan *pl = c->pl;
	const wf_node *en = wf_node_get(c->sc->root, "embodied");
	const wf_accel *a = pl->accel;
	wf_arena *ar = &c->scratch->arena;
	int rc;

	if (!en) {
		wf_strbuf_printf(&pl->notes, "embodied carbon not included (set embodied: "
					     "true to include it)\n");
		return 0;
	}
	if (en->type == WF_NODE_SCALAR) {
		if (strcmp(en->text, "false") == 0)
			return 0;
		if (strcmp(en->text, "true") != 0)
			return scenario_err(c->err, en,
					    "embodied: expected true, false or a mapping of "
					    "figures, got \"%s\"%s", en->text, "");
	} else {
		if ((rc = wf_check_keys(en, emb_keys, 5, "embodied", c->err)))
			return rc;
		if ((rc = q(c, P_EMB_DEV, en, "device", 0)) ||
		    (rc = q(c, P_LIFE_DEV, en, "device_lifetime", 0)) ||
		    (rc = q(c, P_EMB_HOST, en, "host", 0)) ||
		    (rc = q(c, P_LIFE_HOST, en, "host_lifetime", 0)))
			return rc;
		if (wf_node_get(en, "devices_per_host")) {
			if ((rc = q(c, P_PER_NODE, en, "devices_per_host", 1)))
				return rc;
		}
	}
	pl->embodied = 1;
	if (!pl->in[P_EMB_DEV].set) {
		if (!a->embodied.set)
			return scenario_err(c->err, en,
					    "embodied: accelerator \"%s\" has no embodied "
					    "figure; give embodied.device%s", a->e.id, "");
		from_entry(&pl->in[P_EMB_DEV], &a->embodied, &a->e, ar);
		wf_strbuf_printf(&pl->notes, "embodied carbon of %s covers: %s\n", a->e.id,
				 a->embodied_scope ? a->embodied_scope : "(scope not stated)");
	}
	if (!pl->in[P_LIFE_DEV].set) {
		if (a->lifetime.set)
			from_entry(&pl->in[P_LIFE_DEV], &a->lifetime, &a->e, ar);
		else
			fixed(&pl->in[P_LIFE_DEV], WF_DIM_TIME, 5 * 365.0 * 86400.0,
			      "default: 5 years x 365 days, the lifetime LLMCarbon uses "
			      "(Faiz et al. 2024)");
	}
	if (!pl->in[P_EMB_HOST].set && pl->node && pl->node->embodied.set)
		from_entry(&pl->in[P_EMB_HOST], &pl->node->embodied, &pl->node->e, ar);
	if (pl->in[P_EMB_HOST].set) {
		if (!pl->in[P_PER_NODE].set)
			return scenario_err(c->err, en,
					    "embodied: host embodied carbon needs "
					    "embodied.devices_per_host (or a node)%s%s", "", "");
		if (!pl->in[P_LIFE_HOST].set) {
			if (pl->node && pl->node->lifetime.set)
				from_entry(&pl->in[P_LIFE_HOST], &pl->node->lifetime,
					   &pl->node->e, ar);
			else
				fixed(&pl->in[P_LIFE_HOST], WF_DIM_TIME,
				      4 * 365.0 * 86400.0,
				      "default: 4 years, Cloud Carbon Footprint rack "
				      "server lifespan (ccf-coefficients constants.py)");
		}
	}
	return 0;
}

static int resolve_unit(rctx *c)
{
	static const char *const unit_keys[] = {"name", "count"};
	wf_plan *pl = c->pl;
	const wf_node *un = wf_node_get(c->sc->root, "unit");
	const char *name = pl->wl.kind == WF_WL_INFERENCE ? "request" : "run";
	int rc;

	if (pl->campus && !un) {
		pl->unit = "year";
		fixed(&pl->in[P_UNIT_COUNT], WF_DIM_NONE, 1, "one calendar year");
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
			return scenario_err(c->err, un,
					    "unit: expected a name (run, request, token) or "
					    "{name, count}%s%s", "", "");
		pl->unit = nn->text;
		return q(c, P_UNIT_COUNT, un, "count", 0);
	}
	pl->unit = name;
	if (strcmp(name, "run") == 0) {
		fixed(&pl->in[P_UNIT_COUNT], WF_DIM_NONE, 1, "one run");
		return 0;
	}
	if (strcmp(name, "request") == 0 && pl->wl.kind == WF_WL_INFERENCE)
		return 0; /* counted at evaluation: requests in the window */
	if (strcmp(name, "token") == 0 &&
	    (pl->wl.kind == WF_WL_INFERENCE ? pl->in[P_TOK_PER_REQ].set : pl->wl.tokens.set)) {
		if (pl->wl.kind == WF_WL_TRAINING)
			take(pl, P_TOKENS, &pl->wl.tokens);
		return 0;
	}
	return scenario_err(c->err, un ? un : c->sc->root,
			    "unit: \"%s\" cannot be counted for this workload; use run, "
			    "request, token, or {name, count}%s", name, "");
}

static int wall_time(const wf_plan *pl, const double *x, double *wall);

/* Monthly PUE: weigh the months by the hours the job spends in each (at the
 * nominal duration), or by their days in a year when the job has no start. */
static int resolve_climate(rctx *c)
{
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	wf_plan *pl = c->pl;
	double x[P_COUNT_], wall = NAN, pue = 0;
	wf_strbuf b = {0};
	char *note;
	int m;

	if (!pl->pue_monthly)
		return 0;
	wf_plan_nominal(pl, x);
	wall_time(pl, x, &wall);
	wf_strbuf_printf(&b, "PUE curve %s by month (", pl->pue_curve->e.id);
	for (m = 0; m < 12; m++)
		wf_strbuf_printf(&b, "%s%s %g °C: %.5g", m ? ", " : "", mon[m],
				 pl->temp_month[m], pl->pue_month[m]);
	if (!isnan(pl->start_s) && isfinite(wall) && wall > 0) {
		pue = pue_integral(pl, pl->start_s, pl->start_s + wall) / wall;
		wf_strbuf_printf(&b, "), weighted by the hours of the job's window in each "
				     "month");
	} else {
		for (m = 0; m < 12; m++)
			pue += pl->pue_month[m] * mdays[m] / 365.0;
		wf_strbuf_printf(&b, "), the year's mean weighted by days per month%s",
				 pl->campus ? "" : " (no start and duration to place the job)");
		if (!pl->campus)
			wf_strbuf_printf(&pl->notes, "PUE: the annual mean of the monthly curve values; "
					     "give start (and a duration) to weigh the job's own "
					     "months\n");
	}
	wf_strbuf_printf(&b, "; curve points at %s:%d", pl->pue_curve->e.file,
			 pl->pue_curve->line0);
	note = wf_arena_strdup(&c->scratch->arena, wf_strbuf_str(&b));
	wf_strbuf_free(&b);
	if (!note)
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	fixed(&pl->in[P_PUE], WF_DIM_NONE, pue, note);
	return 0;
}

/* Keep the series when it covers the job's window at the nominal inputs;
 * otherwise fall back to the annual figure, and say so. */
static int resolve_series(rctx *c)
{
	wf_plan *pl = c->pl;
	double x[P_COUNT_], wall = NAN, mean;
	char b1[64], b2[64], b3[64], b4[64];
	int covered = 0;

	if (!pl->ser)
		return 0;
	wf_plan_nominal(pl, x);
	wall_time(pl, x, &wall);
	if (isfinite(wall) && wall > 0 &&
	    wf_series_mean(pl->ser, pl->start_s, pl->start_s + wall, &mean, &covered) == 0 &&
	    covered) {
		wf_strbuf_printf(&pl->notes,
				 "grid intensity: %s's %s series (%s) integrated over the "
				 "job's window %s to %s, not an annual average\n",
				 pl->ser_grid->e.id, wf_basis_name(pl->ser_grid->series_basis),
				 pl->ser->path, wf_series_format_time(b1, 64, pl->start_s),
				 wf_series_format_time(b2, 64, pl->start_s + wall));
		return 0;
	}
	wf_series_format_time(b3, 64, wf_series_begin(pl->ser));
	wf_series_format_time(b4, 64, wf_series_end(pl->ser));
	if (!isfinite(wall) || wall <= 0)
		snprintf(b1, 64, "(unknown: no wall time)");
	else
		wf_series_format_time(b1, 64, pl->start_s + wall);
	wf_series_format_time(b2, 64, pl->start_s);
	if (!pl->annual_ok) {
		const wf_node *sn = wf_node_get(c->sc->root, "start");
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", sn ? sn->file : NULL,
				    sn ? sn->line : 0, sn ? sn->col : 0,
				    "grid \"%s\" has no annual intensity for %d and its series "
				    "(%s to %s%s) does not cover the job's window %s to %s; "
				    "give grid.intensity", pl->ser_grid->e.id, pl->year, b3, b4,
				    wf_series_gaps(pl->ser) ? ", with gaps" : "", b2, b1);
	}
	wf_strbuf_printf(&pl->notes,
			 "grid intensity: %s's series (%s to %s%s) does not cover the job's "
			 "window %s to %s; the annual average is used instead\n",
			 pl->ser_grid->e.id, b3, b4,
			 wf_series_gaps(pl->ser) ? ", with gaps" : "", b2, b1);
	pl->ser = NULL;
	return 0;
}

static int resolve_at(wf_plan *pl, const struct wf_scenario *sc, int year,
		      const wf_grid *region, wf_error *err)
{
	static const char *const top_keys[] = {
		"id", "name", "note", "workload", "facility", "site", "start", "year",
		"grid", "embodied", "samples", "seed", "unit", "campus", "years"};
	const wf_node *cn = wf_node_get(sc->root, "campus");
	rctx c;
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
	if (cn)
		rc = resolve_campus(&c, cn);
	else if ((rc = resolve_workload(&c)) == 0 && (rc = resolve_devices(&c)) == 0 &&
		 (rc = resolve_power(&c)) == 0)
		rc = pl->wl.kind == WF_WL_TRAINING ? resolve_training(&c) : resolve_inference(&c);
	if (rc || (rc = resolve_site(&c)) || (rc = resolve_grid(&c)) ||
	    (rc = resolve_embodied(&c)) || (rc = resolve_unit(&c)) ||
	    (rc = resolve_climate(&c)) || (rc = resolve_series(&c)))
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
		x[i] = nom(&pl->in[i]);
}

/* -------------------------------------------------------------- evaluate */

#define SIG 7

static const char *fq(char *buf, size_t n, double v, wf_dim dim)
{
	return wf_quantity_format(buf, n, v, dim, SIG);
}

/* Device-hours print as hours whatever their size: that is how papers
 * report them. */
static const char *fh(char *buf, size_t n, double seconds)
{
	snprintf(buf, n, "%.*g h", SIG + 3, seconds / 3600.0);
	return buf;
}

static const char *fnum(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.*g", SIG, v);
	return buf;
}

/* Per-device IT power: the device plus its share of the host. */
static int device_power(const wf_plan *pl, const double *x, double *p_dev,
			double *p_host, double *p_max, wf_strbuf *tr, wf_error *err)
{
	char b1[64], b2[64], b3[64], b4[64];
	double f = 1;
	int rc;

	*p_host = 0;
	*p_dev = 0;
	*p_max = 0;
	if (pl->in[P_HOST_POWER].set)
		*p_host += x[P_HOST_POWER];
	if (pl->in[P_HOST_MEM].set)
		*p_host += x[P_HOST_MEM] * x[P_MEM_POWER];
	switch (pl->power_mode) {
	case PW_MEASURED:
		*p_dev = x[P_POWER_DEV];
		*p_max = pl->in[P_TDP].set ? fmax(*p_dev, x[P_TDP]) : *p_dev;
		if (tr)
			wf_strbuf_printf(tr, "power per device = power_per_device = %s "
					     "(given; overrides the power curve)\n",
					 fq(b1, 64, *p_dev, WF_DIM_POWER));
		break;
	case PW_NODE:
		*p_dev = x[P_NODE_RATED] * x[P_NODE_LOAD] / x[P_PER_NODE];
		*p_host = 0; /* the node rating covers the host */
		*p_max = x[P_NODE_RATED] / x[P_PER_NODE];
		if (tr)
			wf_strbuf_printf(tr, "power per device = node rated power x load "
					     "fraction / devices per node = %s x %s / %s = %s "
					     "(includes the host)\n",
					 fq(b1, 64, x[P_NODE_RATED], WF_DIM_POWER),
					 fnum(b2, 64, x[P_NODE_LOAD]),
					 fnum(b3, 64, x[P_PER_NODE]),
					 fq(b4, 64, *p_dev, WF_DIM_POWER));
		break;
	case PW_CURVE:
		if ((rc = wf_power_f(&f, &pl->curve, x[P_CURVE_R], x[P_UTIL])))
			return wf_error_set(err, WF_ENUMERIC, "power", NULL, 0, 0,
					    "cannot evaluate the power curve at "
					    "utilisation %g", x[P_UTIL]);
		*p_dev = wf_power_at(x[P_IDLE], x[P_TDP], f);
		*p_max = x[P_TDP];
		if (tr)
			wf_strbuf_printf(tr, "power per device = idle + (TDP - idle) x f(u) "
					     "= %s + (%s - %s) x f(%s) = %s  [f(u) = %s, f = %s]\n",
					 fq(b1, 64, x[P_IDLE], WF_DIM_POWER),
					 fq(b2, 64, x[P_TDP], WF_DIM_POWER),
					 fq(b3, 64, x[P_IDLE], WF_DIM_POWER),
					 fnum(b4, 64, x[P_UTIL]),
					 fq(b1, 64, *p_dev, WF_DIM_POWER),
					 pl->curve.tab ? "tabulated (Steffen)"
					 : x[P_CURVE_R] == 1 ? "u"
							     : "2u - u^r",
					 fnum(b2, 64, f));
		break;
	}
	if (tr && *p_host > 0)
		wf_strbuf_printf(tr, "host power per device = host_power + host_memory "
				     "x memory_power = %s\n",
				 fq(b1, 64, *p_host, WF_DIM_POWER));
	*p_max += *p_host;
	if (!(*p_dev > 0) || !isfinite(*p_dev))
		return wf_error_set(err, WF_ENUMERIC, "engine", NULL, 0, 0,
				    "power per device is not positive (%g W)", *p_dev);
	return 0;
}

static int training_time(const wf_plan *pl, const double *x, double *ds,
			 wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64];

	switch (pl->dur_mode) {
	case DU_DEVICE_HOURS:
		*ds = x[P_DEVICE_S];
		if (tr)
			wf_strbuf_printf(tr, "device-hours = %s (given)\n",
					 fh(b1, 64, *ds));
		break;
	case DU_WALL:
		*ds = x[P_DEVICES] * x[P_WALL_S];
		if (tr)
			wf_strbuf_printf(tr, "device-hours = devices x wall_time = %s x %s "
					     "= %s\n", fnum(b1, 64, x[P_DEVICES]),
					 fh(b2, 64, x[P_WALL_S]), fh(b3, 64, *ds));
		break;
	default: {
		double flops = pl->flops_from_nd ? 6 * x[P_PARAMS] * x[P_TOKENS] : x[P_FLOPS];
		if (tr && pl->flops_from_nd)
			wf_strbuf_printf(tr, "FLOPs = 6 x params x tokens = 6 x %s x %s = "
					     "%.7g FLOP  (Kaplan et al. 2020)\n",
					 fnum(b1, 64, x[P_PARAMS]), fnum(b2, 64, x[P_TOKENS]),
					 flops);
		*ds = flops / (x[P_PEAK] * x[P_MFU]);
		if (tr)
			wf_strbuf_printf(tr, "device-hours = FLOPs / (peak x MFU) = %.7g / "
					     "(%s x %s) = %s  (peak %s, dense)\n",
					 flops, fq(b1, 64, x[P_PEAK], WF_DIM_COMPUTE_RATE),
					 fnum(b2, 64, x[P_MFU]), fh(b3, 64, *ds),
					 pl->precision);
		(void)b4;
		break;
	}
	}
	if (x[P_OVERHEAD] != 1) {
		*ds *= x[P_OVERHEAD];
		if (tr)
			wf_strbuf_printf(tr, "device-hours x overhead_factor %s = %s\n",
					 fnum(b1, 64, x[P_OVERHEAD]), fh(b2, 64, *ds));
	}
	return 0;
}

/* The load term of a curve's PUE at inputs x, fixed_loss / L (0 when the
 * curve has none); peak: at the campus's peak load factor. */
static double pue_load_term(const wf_plan *pl, const double *x, int peak)
{
	if (!pl->in[P_FIXED_LOSS].set)
		return 0;
	return x[P_FIXED_LOSS] / (pl->campus ? x[peak ? P_LOAD_PEAK : P_LOAD] : x[P_IT_LOAD]);
}

/* The PUE at peak load: the warmest month's with a monthly curve (the
 * connection must carry it), else the PUE; plus the load term at the
 * peak load. */
static double pue_peak(const wf_plan *pl, const double *x)
{
	double p = x[P_PUE];
	int m;

	if (pl->pue_monthly)
		for (m = 0; m < 12; m++)
			p = fmax(p, pl->pue_month[m]);
	return p + pue_load_term(pl, x, 1);
}

/* Wall-clock time of the job at inputs x (NAN when it cannot be known:
 * device-hours without a device count, inference without wall_time). */
static int wall_time(const wf_plan *pl, const double *x, double *wall)
{
	double ds = NAN;

	*wall = NAN;
	if (pl->wall_known) {
		*wall = x[P_WALL_S];
	} else if (pl->dur_mode != DU_INFERENCE && pl->devices_known) {
		training_time(pl, x, &ds, NULL);
		*wall = ds / x[P_DEVICES];
	}
	return 0;
}

/* The first interval of s that ends after t0 (binary search). */
static size_t first_interval(const wf_series *s, double t0)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->t[mid + 1] > t0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Mean intensity over the job's window from the plan's series. */
static int series_intensity(const wf_plan *pl, double wall, double load_term,
			    double *ci, wf_strbuf *tr, wf_error *err)
{
	char b1[64], b2[64], b3[64];
	double integral;
	int covered = 0;

	if (!isfinite(wall) || wall <= 0 ||
	    wf_series_integral(pl->ser, pl->start_s, pl->start_s + wall, &integral,
			       &covered) || !covered)
		return wf_error_set(err, WF_ENUMERIC, "engine", NULL, 0, 0,
				    "a wall time of %s takes the job's window past the "
				    "end of %s's series (%s); shorten the job or give "
				    "grid.intensity", fq(b1, 64, wall, WF_DIM_TIME),
				    pl->ser_grid->e.id,
				    wf_series_format_time(b2, 64, wf_series_end(pl->ser)));
	*ci = integral / wall;
	if (pl->pue_monthly) {
		/* facility-energy weighted: Σ CI_i ∫PUE dt over each interval / ∫PUE dt,
		 * PUE = curve by month + the constant load term */
		const wf_series *s = pl->ser;
		double t0 = pl->start_s, t1 = t0 + wall, num = 0;
		size_t i;
		for (i = first_interval(s, t0); i < s->n && s->t[i] < t1; i++) {
			double a = fmax(s->t[i], t0), b = fmin(s->t[i + 1], t1);
			num += s->ci[i] * (pue_integral(pl, a, b) + load_term * (b - a));
		}
		*ci = num / (pue_integral(pl, t0, t1) + load_term * wall);
	}
	if (tr) {
		wf_strbuf_printf(tr, "intensity = (1 / T) x integral of CI(t) dt over [%s, %s) = "
				     "%s  (%s %s series, %s%s%s, named at %s:%d:%d; steps "
				     "weighted by their overlap with the window)\n",
				 wf_series_format_time(b1, 64, pl->start_s),
				 wf_series_format_time(b2, 64, pl->start_s + wall),
				 fq(b3, 64, *ci, WF_DIM_INTENSITY), pl->ser_grid->e.id,
				 wf_basis_name(pl->ser_grid->series_basis), pl->ser->path,
				 pl->ser->region[0] ? ", region " : "", pl->ser->region,
				 pl->ser_grid->series_file, pl->ser_grid->series_line,
				 pl->ser_grid->series_col);
	}
	return 0;
}

int wf_plan_evaluate(const wf_plan *pl, const double x[P_COUNT_], wf_outputs *out,
		     wf_strbuf *tr, wf_error *err)
{
	char b1[64], b2[64], b3[64], b4[64];
	double p_dev, p_host, p_max, p_it, ds = NAN, wall = NAN, e_it, e_fac, ci;
	double c_op, c_mkt, emb = 0, n = x[P_DEVICES], units = NAN;
	double load_term = pue_load_term(pl, x, 0), pue = x[P_PUE] + load_term;
	int rc, i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < WF_OUT_COUNT_; i++)
		out->v[i] = NAN;
	if (pl->campus) {
		/* a campus over a calendar year (MODELLING.md §8.3):
		 * E_IT = capacity x online share x load factor x hours */
		double online = x[P_CAPACITY] * x[P_ONLINE];
		p_it = online * x[P_LOAD];
		p_max = online * x[P_LOAD_PEAK];
		wall = x[P_WALL_S];
		e_it = p_it * wall;
		if (pl->devices_known) {
			n = online / (x[P_TDP] + x[P_HOST_POWER]);
			ds = n * wall;
		}
		units = 1;
		if (tr) {
			wf_strbuf_printf(tr, "IT power = capacity x online share x load factor = "
					     "%s x %s x %s = %s\n",
					 fq(b1, 64, x[P_CAPACITY], WF_DIM_POWER),
					 fnum(b2, 64, x[P_ONLINE]), fnum(b3, 64, x[P_LOAD]),
					 fq(b4, 64, p_it, WF_DIM_POWER));
			wf_strbuf_printf(tr, "energy_it = IT power x hours in the year = %s x %s "
					     "= %s\n", fq(b1, 64, p_it, WF_DIM_POWER),
					 fh(b2, 64, wall), fq(b3, 64, e_it, WF_DIM_ENERGY));
			if (pl->devices_known)
				wf_strbuf_printf(tr, "devices = capacity online / (TDP + host "
						     "power) = %s / (%s + %s) = %.7g\n",
						 fq(b1, 64, online, WF_DIM_POWER),
						 fq(b2, 64, x[P_TDP], WF_DIM_POWER),
						 fq(b3, 64, x[P_HOST_POWER], WF_DIM_POWER), n);
		}
	} else {
		if ((rc = device_power(pl, x, &p_dev, &p_host, &p_max, tr, err)))
			return rc;
		p_it = p_dev + p_host;
		if (pl->wall_known)
			wall = x[P_WALL_S];
		if (pl->dur_mode != DU_INFERENCE) {
			training_time(pl, x, &ds, tr);
			if (!pl->wall_known && pl->devices_known) {
				wall = ds / n;
				if (tr)
					wf_strbuf_printf(tr, "wall time = device-hours / devices = %s\n",
							 fh(b1, 64, wall));
			}
			e_it = ds * p_it;
			if (tr)
				wf_strbuf_printf(tr, "energy_it = device-hours x IT power per device "
						     "= %s x %s = %s\n", fh(b1, 64, ds),
						 fq(b2, 64, p_it, WF_DIM_POWER),
						 fq(b3, 64, e_it, WF_DIM_ENERGY));
			if (pl->flops_from_nd || pl->in[P_TOKENS].set)
				units = strcmp(pl->unit, "token") == 0 ? x[P_TOKENS] : NAN;
		} else {
			double req = pl->in[P_REQUESTS].set ? x[P_REQUESTS] : x[P_REQ_RATE] * wall;
			double e_req, busy = NAN, idle_e = 0;
			if (tr && !pl->in[P_REQUESTS].set)
				wf_strbuf_printf(tr, "requests = request_rate x wall_time = %s x %s = "
						     "%.7g\n", fq(b1, 64, x[P_REQ_RATE], WF_DIM_RATE),
						 fq(b2, 64, wall, WF_DIM_TIME), req);
			switch (pl->einf_mode) {
			case EI_REQUEST:
				e_req = x[P_E_REQ];
				if (tr)
					wf_strbuf_printf(tr, "energy per request = %s (given)\n",
							 fq(b1, 64, e_req, WF_DIM_ENERGY));
				break;
			case EI_TOKEN:
				e_req = x[P_E_TOKEN] * x[P_TOK_PER_REQ];
				if (tr)
					wf_strbuf_printf(tr, "energy per request = energy_per_token x "
							     "tokens_per_request = %s x %s = %s\n",
							 fq(b1, 64, x[P_E_TOKEN], WF_DIM_ENERGY),
							 fnum(b2, 64, x[P_TOK_PER_REQ]),
							 fq(b3, 64, e_req, WF_DIM_ENERGY));
				break;
			default:
				e_req = p_it * x[P_TOK_PER_REQ] / x[P_THROUGHPUT];
				busy = req * x[P_TOK_PER_REQ] / x[P_THROUGHPUT];
				if (tr)
					wf_strbuf_printf(tr, "energy per request = IT power per device x "
							     "tokens_per_request / throughput = %s x %s / "
							     "%s = %s\n",
							 fq(b1, 64, p_it, WF_DIM_POWER),
							 fnum(b2, 64, x[P_TOK_PER_REQ]),
							 fq(b3, 64, x[P_THROUGHPUT], WF_DIM_RATE),
							 fq(b4, 64, e_req, WF_DIM_ENERGY));
				break;
			}
			e_it = req * e_req;
			if (tr)
				wf_strbuf_printf(tr, "energy_it (serving) = requests x energy per "
						     "request = %.7g x %s = %s\n", req,
						 fq(b1, 64, e_req, WF_DIM_ENERGY),
						 fq(b2, 64, e_it, WF_DIM_ENERGY));
			if (pl->devices_known && pl->wall_known) {
				double prov = n * wall;
				if (!isnan(busy) && busy > prov * (1 + 1e-9))
					return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
							    "the requests need %.6g device-hours of "
							    "serving but %.6g devices x wall_time give "
							    "only %.6g: add devices or lower the load",
							    busy / 3600, n, prov / 3600);
				if (!isnan(busy) && pl->in[P_IDLE].set && x[P_IDLE] > 0) {
					idle_e = (prov - busy) * x[P_IDLE];
					if (tr)
						wf_strbuf_printf(tr, "idle capacity = (devices x wall_time - "
								     "busy device-hours) x idle power = "
								     "(%s - %s) x %s = %s\n",
								 fh(b1, 64, prov), fh(b2, 64, busy),
								 fq(b3, 64, x[P_IDLE], WF_DIM_POWER),
								 fq(b4, 64, idle_e, WF_DIM_ENERGY));
					e_it += idle_e;
				}
				ds = prov;
			} else {
				ds = busy;
			}
			units = strcmp(pl->unit, "token") == 0 ? req * x[P_TOK_PER_REQ] : req;
		}
	}
	if (pl->in[P_UNIT_COUNT].set)
		units = x[P_UNIT_COUNT];
	e_fac = e_it * pue;
	if (tr && load_term > 0)
		wf_strbuf_printf(tr, "PUE = curve PUE + fixed_loss / IT load = %s + %s / %s = "
				     "%s  (fixed losses as a share of the rated IT capacity)\n",
				 fnum(b1, 64, x[P_PUE]), fnum(b2, 64, x[P_FIXED_LOSS]),
				 fnum(b3, 64, x[pl->campus ? P_LOAD : P_IT_LOAD]),
				 fnum(b4, 64, pue));
	if (tr)
		wf_strbuf_printf(tr, "energy_facility = energy_it x PUE = %s x %s = %s\n",
				 fq(b1, 64, e_it, WF_DIM_ENERGY), fnum(b2, 64, pue),
				 fq(b3, 64, e_fac, WF_DIM_ENERGY));
	ci = x[P_CI];
	if (pl->ser && (rc = series_intensity(pl, wall, load_term, &ci, tr, err)))
		return rc;
	c_op = e_fac * ci;
	if (tr)
		wf_strbuf_printf(tr, "emissions_operational = energy_facility x intensity "
				     "= %s x %s = %s  (location-based)\n",
				 fq(b1, 64, e_fac, WF_DIM_ENERGY),
				 fq(b2, 64, ci, WF_DIM_INTENSITY),
				 fq(b3, 64, c_op, WF_DIM_MASS));
	switch (pl->market_mode) {
	case MK_EXPLICIT:
		c_mkt = e_fac * x[P_CI_MARKET];
		if (tr)
			wf_strbuf_printf(tr, "emissions_market = energy_facility x "
					     "market_intensity = %s x %s = %s\n",
					 fq(b1, 64, e_fac, WF_DIM_ENERGY),
					 fq(b2, 64, x[P_CI_MARKET], WF_DIM_INTENSITY),
					 fq(b3, 64, c_mkt, WF_DIM_MASS));
		break;
	case MK_CFE:
		c_mkt = e_fac * (x[P_CFE] * x[P_CI_CONTRACT] +
				 (1 - x[P_CFE]) * (pl->residual_is_location ? ci
									: x[P_CI_RESIDUAL]));
		if (tr)
			wf_strbuf_printf(tr, "emissions_market = energy_facility x (cfe x "
					     "contract + (1 - cfe) x residual) = %s x (%s x %s "
					     "+ %s x %s) = %s\n",
					 fq(b1, 64, e_fac, WF_DIM_ENERGY),
					 fnum(b2, 64, x[P_CFE]),
					 fq(b3, 64, x[P_CI_CONTRACT], WF_DIM_INTENSITY),
					 fnum(b4, 64, 1 - x[P_CFE]),
					 fq(b1, 64, pl->residual_is_location ? ci
									     : x[P_CI_RESIDUAL],
					    WF_DIM_INTENSITY),
					 fq(b2, 64, c_mkt, WF_DIM_MASS));
		break;
	default:
		c_mkt = c_op;
		if (tr)
			wf_strbuf_printf(tr, "emissions_market = emissions_operational (no "
					     "contractual instruments declared)\n");
	}
	out->market_ci = e_fac > 0 ? c_mkt / e_fac : ci;
	out->marginal_kg = NAN;
	if (pl->in[P_CI_MARGINAL].set) {
		out->marginal_kg = e_fac * x[P_CI_MARGINAL];
		if (tr)
			wf_strbuf_printf(tr, "emissions_marginal = energy_facility x "
					     "marginal_intensity = %s x %s = %s  (consequential: "
					     "what the extra demand causes; not part of the "
					     "totals)\n", fq(b1, 64, e_fac, WF_DIM_ENERGY),
					 fq(b2, 64, x[P_CI_MARGINAL], WF_DIM_INTENSITY),
					 fq(b3, 64, out->marginal_kg, WF_DIM_MASS));
	}
	if (pl->embodied) {
		if (isnan(ds))
			return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
					    "embodied carbon needs the device time: give "
					    "devices and wall_time, or throughput");
		emb = ds * x[P_EMB_DEV] / x[P_LIFE_DEV];
		if (tr)
			wf_strbuf_printf(tr, "embodied (devices) = device-hours x embodied "
					     "per device / lifetime = %s x %s / %s = %s\n",
					 fh(b1, 64, ds), fq(b2, 64, x[P_EMB_DEV], WF_DIM_MASS),
					 fh(b3, 64, x[P_LIFE_DEV]),
					 fq(b4, 64, emb, WF_DIM_MASS));
		if (pl->in[P_EMB_HOST].set) {
			double h = ds / x[P_PER_NODE] * x[P_EMB_HOST] / x[P_LIFE_HOST];
			if (tr)
				wf_strbuf_printf(tr, "embodied (hosts) = device-hours / devices "
						     "per host x embodied per host / lifetime = "
						     "%s / %s x %s / %s = %s\n",
						 fh(b1, 64, ds), fnum(b2, 64, x[P_PER_NODE]),
						 fq(b3, 64, x[P_EMB_HOST], WF_DIM_MASS),
						 fh(b4, 64, x[P_LIFE_HOST]),
						 fq(b1, 64, h, WF_DIM_MASS));
			emb += h;
		}
	}
	out->v[WF_OUT_DURATION_H] = wall;
	out->v[WF_OUT_DEVICE_HOURS] = ds;
	out->v[WF_OUT_IT_POWER_KW] = isnan(wall) ? NAN : e_it / wall;
	out->v[WF_OUT_PEAK_POWER_KW] = pl->campus ? p_max * pue_peak(pl, x)
				       : pl->devices_known ? n * p_max * pue : NAN;
	out->v[WF_OUT_ENERGY_IT_KWH] = e_it;
	out->v[WF_OUT_ENERGY_FACILITY_KWH] = e_fac;
	out->v[WF_OUT_INTENSITY_G_PER_KWH] = ci;
	out->v[WF_OUT_EMISSIONS_OPERATIONAL_KG] = c_op;
	out->v[WF_OUT_EMISSIONS_MARKET_KG] = c_mkt;
	out->v[WF_OUT_EMISSIONS_EMBODIED_KG] = pl->embodied ? emb : NAN;
	out->v[WF_OUT_EMISSIONS_TOTAL_KG] = c_op + emb;
	if (pl->in[P_WUE].set || pl->in[P_EWIF].set)
		out->v[WF_OUT_WATER_L] = (pl->in[P_WUE].set ? e_it * x[P_WUE] : 0) +
					 (pl->in[P_EWIF].set ? e_fac * x[P_EWIF] : 0);
	out->v[WF_OUT_SCI_G_PER_UNIT] = (c_op + emb) / units;
	if (tr) {
		if (pl->campus)
			wf_strbuf_printf(tr, "peak_power = capacity online x peak load factor x "
					     "peak PUE = %s x %s = %s\n",
					 fq(b1, 64, p_max, WF_DIM_POWER),
					 fnum(b2, 64, pue_peak(pl, x)),
					 fq(b3, 64, out->v[WF_OUT_PEAK_POWER_KW], WF_DIM_POWER));
		else if (pl->devices_known)
			wf_strbuf_printf(tr, "peak_power = devices x peak IT power per device "
					     "x PUE = %s x %s x %s = %s\n",
					 fnum(b1, 64, n), fq(b2, 64, p_max, WF_DIM_POWER),
					 fnum(b3, 64, pue),
					 fq(b4, 64, out->v[WF_OUT_PEAK_POWER_KW], WF_DIM_POWER));
		if (pl->embodied)
			wf_strbuf_printf(tr, "emissions_total = operational + embodied = %s + "
					     "%s = %s\n", fq(b1, 64, c_op, WF_DIM_MASS),
					 fq(b2, 64, emb, WF_DIM_MASS),
					 fq(b3, 64, c_op + emb, WF_DIM_MASS));
		else
			wf_strbuf_printf(tr, "emissions_total = operational = %s (embodied "
					     "not included)\n", fq(b1, 64, c_op, WF_DIM_MASS));
		if (pl->in[P_WUE].set || pl->in[P_EWIF].set)
			wf_strbuf_printf(tr, "water = energy_it x WUE + energy_facility x "
					     "water intensity of electricity = %s x %s + %s x "
					     "%s = %s\n", fq(b1, 64, e_it, WF_DIM_ENERGY),
					 pl->in[P_WUE].set ? fq(b2, 64, x[P_WUE], WF_DIM_WATER_INTENSITY)
							   : "0 (no WUE)",
					 fq(b3, 64, e_fac, WF_DIM_ENERGY),
					 pl->in[P_EWIF].set ? fq(b4, 64, x[P_EWIF], WF_DIM_WATER_INTENSITY)
							    : "0 (no data)",
					 fq(b1, 64, out->v[WF_OUT_WATER_L], WF_DIM_VOLUME));
		if (isfinite(out->v[WF_OUT_SCI_G_PER_UNIT]))
			wf_strbuf_printf(tr, "sci = (operational + embodied) / R = %s / "
					     "%.7g %s = %s per %s  (SCI, Green Software "
					     "Foundation)\n", fq(b1, 64, c_op + emb, WF_DIM_MASS),
					 units, pl->unit,
					 fq(b2, 64, out->v[WF_OUT_SCI_G_PER_UNIT], WF_DIM_MASS),
					 pl->unit);
	}
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		out->present[i] = isfinite(out->v[i]);
		if (!out->present[i] && !isnan(out->v[i]))
			return wf_error_set(err, WF_ENUMERIC, "engine", NULL, 0, 0,
					    "%s is not finite; check the inputs",
					    out_names[i]);
	}
	return 0;
}

int wf_plan_periods(const wf_plan *pl, const double x[P_COUNT_], const wf_outputs *o,
		    wf_period **out, size_t *n, wf_error *err)
{
	const wf_series *s = pl->ser;
	double wall, t0, t1, p_it, load_term = pue_load_term(pl, x, 0);
	size_t i, lo, k = 0;

	*out = NULL;
	*n = 0;
	if (!s)
		return 0;
	wall = o->v[WF_OUT_DURATION_H];
	t0 = pl->start_s;
	t1 = t0 + wall;
	p_it = o->v[WF_OUT_ENERGY_IT_KWH] / wall; /* mean IT power; x PUE by month below */
	/* the intervals [t[i], t[i+1]) that meet [t0, t1) */
	lo = first_interval(s, t0);
	for (i = lo; i < s->n && s->t[i] < t1; i++)
		k++;
	if (!k)
		return 0;
	if (!(*out = malloc(k * sizeof(**out))))
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	for (i = lo; i < lo + k; i++) {
		wf_period *p = &(*out)[i - lo];
		double a = fmax(s->t[i], t0), b = fmin(s->t[i + 1], t1);
		p->t_start = a;
		p->t_end = b;
		p->intensity_g_per_kwh = s->ci[i] / WF_G_PER_KWH;
		p->pue = (pl->pue_monthly ? pue_integral(pl, a, b) / (b - a) : x[P_PUE]) +
			 load_term;
		p->energy_facility_kwh = p_it * p->pue * (b - a) / 3.6e6;
		p->emissions_kg = p->energy_facility_kwh * 3.6e6 * s->ci[i];
	}
	*n = k;
	return 0;
}

/*
 * plan.c - the plan's inputs: their names, dimensions and physical ranges,
 * where each came from, and the helpers every domain's resolver uses to
 * fill them (engine_int.h).  Below workload.c, facility.c, grid.c, ...,
 * which are below engine.c: nothing here calls up.
 */
#include "engine_int.h"
#include "powerlog.h"

#include <stdlib.h>
#include <string.h>

#include "series.h"

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
	[P_EMB_HBM] = {"embodied.hbm", WF_DIM_MASS_PER_DATA},
	[P_HBM_BYTES] = {"accelerator.memory", WF_DIM_DATA},
	[P_EMB_BOARD_REST] = {"embodied.board_rest", WF_DIM_MASS},
	[P_HOST_CPUS] = {"host.cpus", WF_DIM_NONE},
	[P_EMB_CPU] = {"embodied.cpu", WF_DIM_MASS},
	[P_HOST_DRAM] = {"host.dram", WF_DIM_DATA},
	[P_EMB_DRAM] = {"embodied.dram", WF_DIM_MASS_PER_DATA},
	[P_HOST_SSD] = {"host.ssd", WF_DIM_DATA},
	[P_EMB_SSD] = {"embodied.ssd", WF_DIM_MASS_PER_DATA},
	[P_EMB_SERVER_REST] = {"embodied.server_rest", WF_DIM_MASS},
	[P_HOST_NICS] = {"host.nics", WF_DIM_NONE},
	[P_EMB_NIC] = {"embodied.nic", WF_DIM_MASS},
	[P_EMB_NET] = {"embodied.network", WF_DIM_MASS},
	[P_EMB_BUILDING] = {"embodied.building", WF_DIM_MASS_PER_POWER},
	[P_LIFE_BUILDING] = {"embodied.building_lifetime", WF_DIM_TIME},
	[P_EMB_USAGE] = {"embodied.usage", WF_DIM_NONE},
	[P_ENERGY] = {"workload.energy", WF_DIM_ENERGY},
	[P_RUNS] = {"workload.runs", WF_DIM_NONE},
};

void wf_plan_input_range(int pin, double *lo, double *hi)
{
	*lo = 0;
	*hi = INFINITY;
	switch (pin) {
	case P_PUE:
	case P_OVERHEAD:
	case P_RUNS:
		*lo = 1;
		break;
	case P_UTIL:
	case P_EMB_USAGE:
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

void wf_plan_release(wf_plan *pl)
{
	wf_powerlog_free(pl->log);
	pl->log = NULL;
	wf_series_free(pl->pue_fn);
	wf_series_free(pl->cipue);
	pl->pue_fn = pl->cipue = NULL;
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

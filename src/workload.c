/*
 * workload.c - what a job runs on and how long: the accelerator or node,
 * the device count, power per device, device-time (given, devices x wall
 * time, or from FLOPs), inference energy per request or token, and the
 * job's IT energy.
 *
 *   P(u)      = P_idle + (P_max - P_idle) f(u)                      power.c
 *   P_IT,dev  = P_dev + P_host + M_host * p_mem                    (GA 2021)
 *   DS        = device_hours | n * T | FLOPs / (peak * MFU)         (PaLM App. B)
 *   FLOPs     = 6 N D                                              (Kaplan 2020)
 *   DS, T     x overhead_factor x runs: restarts, failed runs and repeats
 *               extend the device time AND the wall-clock time, so the mean
 *               IT power stays DS * P_IT / T <= devices * peak
 *   E_IT      = DS * P_IT,dev
 *   inference: E_req = P_IT,dev * tokens / throughput (or a measured
 *   energy per token or request); idle provisioned capacity at idle power.
 *
 * A measured energy (workload.energy, workload.power_log: measured.c)
 * replaces the power model and makes the duration optional; the device
 * time, when known, checks that the measurement is plausible.
 *
 * What stayed in engine.c: the order of the steps and the outputs.
 */
#include "engine_int.h"

#include <string.h>

#include "powerlog.h"

/* Where the workload's key was written: an override (--set), the inline
 * workload, the catalog entry; else the workload node itself. */
static const wf_node *value_at(const wf_rctx *c, const wf_node *wn, const char *key)
{
	const wf_node *v = c->sc->wl_over ? wf_node_get(c->sc->wl_over, key) : NULL;

	if (!v && wn->type == WF_NODE_MAP)
		v = wf_node_get(wn, key);
	if (!v && c->pl->wl.e.node)
		v = wf_node_get(c->pl->wl.e.node, key);
	return v ? v : wn;
}

static int resolve_workload(wf_rctx *c)
{
	const wf_node *at;
	wf_plan *pl = c->pl;
	const wf_node *wn = wf_node_get(c->sc->root, "workload");
	int rc;

	if (!wn)
		return wf_r_err(c->err, c->sc->root,
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
		pl->wl.e.node = wn;
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
		at = value_at(c, wn, "node");
		if (!pl->node)
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_NODE, pl->wl.node_id,
						  "node", at->file, at->line, at->col, c->err);
		pl->accel = pl->node->accel;
	} else if (pl->wl.accel_id) {
		pl->accel = wf_catalog_get(c->sc->overlay, WF_KIND_ACCELERATOR, pl->wl.accel_id);
		at = value_at(c, wn, "accelerator");
		if (!pl->accel)
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_ACCELERATOR,
						  pl->wl.accel_id, "accelerator", at->file,
						  at->line, at->col, c->err);
	} else {
		return wf_error_set(c->err, WF_EINPUT, "scenario", wn->file, wn->line, wn->col,
				    "workload: missing \"accelerator\" or \"node\" (the "
				    "hardware it runs on)");
	}
	return 0;
}

static int resolve_power(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;
	const wf_accel *a = pl->accel;
	wf_arena *ar = &c->scratch->arena;
	int rc;

	wf_r_from_entry(&pl->in[P_TDP], &a->tdp, &a->e, ar);
	if (a->idle.set)
		wf_r_from_entry(&pl->in[P_IDLE], &a->idle, &a->e, ar);
	wf_r_take(pl, P_IDLE, &w->idle_power);
	if (pl->node) {
		const wf_nodedef *n = pl->node;
		wf_r_from_entry(&pl->in[P_PER_NODE], &n->count, &n->e, ar);
		if (n->rated_power.set)
			wf_r_from_entry(&pl->in[P_NODE_RATED], &n->rated_power, &n->e, ar);
		if (n->host_power.set) {
			/* A node's host power is shared by its accelerators. */
			wf_r_from_entry(&pl->in[P_HOST_POWER], &n->host_power, &n->e, ar);
			wf_r_scale(&pl->in[P_HOST_POWER].v, 1 / wf_r_nom(&n->count));
		}
	}
	wf_r_take(pl, P_HOST_POWER, &w->host_power);
	wf_r_take(pl, P_HOST_MEM, &w->host_memory);
	if (pl->in[P_HOST_MEM].set) {
		if (w->memory_power.set)
			wf_r_take(pl, P_MEM_POWER, &w->memory_power);
		else
			wf_r_fixed(&pl->in[P_MEM_POWER], WF_DIM_POWER_PER_DATA, 0.3725 / 1e9,
			      "default: 0.3725 W/GB, Green Algorithms referenceValues.csv "
			      "(Lannelongue et al. 2021)");
	}
	if (pl->measured) {
		/* the measurement replaces the power model; TDP, idle and a node's
		 * rating stay for the peak power and the plausibility check */
		pl->power_mode = pl->in[P_NODE_RATED].set ? PW_NODE : PW_CURVE;
		return 0;
	}
	if (w->power_per_device.set) {
		pl->power_mode = PW_MEASURED;
		wf_r_take(pl, P_POWER_DEV, &w->power_per_device);
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
			wf_r_from_entry(&pl->in[P_NODE_LOAD], &pl->node->load_fraction,
				   &pl->node->e, ar);
		else
			wf_r_fixed(&pl->in[P_NODE_LOAD], WF_DIM_NONE, 1,
			      "default: the node draws its rated power (no load_fraction "
			      "given; an upper bound)");
		return 0;
	}
	pl->power_mode = PW_CURVE;
	if (w->utilisation.set) {
		wf_r_take(pl, P_UTIL, &w->utilisation);
		if (!pl->in[P_IDLE].set && wf_r_nom(&w->utilisation) < 1)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->utilisation.file,
					    w->utilisation.line, w->utilisation.col,
					    "utilisation: accelerator \"%s\" has no idle power; "
					    "give workload.idle_power, or power_per_device",
					    a->e.id);
	} else {
		wf_r_fixed(&pl->in[P_UTIL], WF_DIM_NONE, 1,
		      "default: no measured power or utilisation given, so the device "
		      "draws its TDP (the convention of LLaMA, BLOOM and Green "
		      "Algorithms; an upper bound)");
	}
	if (!pl->in[P_IDLE].set)
		wf_r_fixed(&pl->in[P_IDLE], WF_DIM_POWER, 0,
		      "not used: utilisation 1 means power = TDP");
	if (a->curve_exponent.set)
		wf_r_from_entry(&pl->in[P_CURVE_R], &a->curve_exponent, &a->e, ar);
	else
		wf_r_fixed(&pl->in[P_CURVE_R], WF_DIM_NONE, 1, "default: linear f(u) = u (CCF)");
	if ((rc = wf_power_curve_init(&pl->curve, a->curve, c->err)))
		return rc;
	return 0;
}

static int hours_param(wf_rctx *c, wf_param *p)
{
	/* device_hours: a plain number counts hours; a time is taken as is. */
	if (p->v.dim == WF_DIM_NONE) {
		wf_r_scale(&p->v, 3600.0);
		p->v.dim = WF_DIM_TIME;
		return 0;
	}
	if (p->v.dim != WF_DIM_TIME)
		return wf_error_set(c->err, WF_EDIM, "scenario", p->file, p->line, p->col,
				    "device_hours: expected a number of hours or a time, "
				    "got %s", wf_dim_name(p->v.dim));
	return 0;
}

static int resolve_devices(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;

	if (w->devices.set && w->nodes.set)
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->nodes.file,
				    w->nodes.line, w->nodes.col,
				    "nodes: give devices or nodes, not both");
	if (w->devices.set) {
		wf_r_take(pl, P_DEVICES, &w->devices);
	} else if (w->nodes.set) {
		if (!pl->node)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->nodes.file,
					    w->nodes.line, w->nodes.col,
					    "nodes: the workload names an accelerator, not a "
					    "node; give devices");
		wf_r_take(pl, P_DEVICES, &w->nodes);
		wf_r_scale(&pl->in[P_DEVICES].v, wf_r_nom(&pl->node->count));
		pl->in[P_DEVICES].note = "nodes x accelerators per node";
	}
	pl->devices_known = pl->in[P_DEVICES].set;
	if (w->wall_time.set)
		wf_r_take(pl, P_WALL_S, &w->wall_time);
	pl->wall_known = pl->in[P_WALL_S].set;
	if (w->overhead_factor.set)
		wf_r_take(pl, P_OVERHEAD, &w->overhead_factor);
	else
		wf_r_fixed(&pl->in[P_OVERHEAD], WF_DIM_NONE, 1,
		      "default: no restart/failure overhead declared");
	if (w->runs.set && w->kind == WF_WL_INFERENCE)
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->runs.file, w->runs.line,
				    w->runs.col, "runs: repeats training runs; an inference "
				    "service runs over its wall_time");
	wf_r_take(pl, P_RUNS, &w->runs); /* unset: one run */
	return 0;
}

static int resolve_training(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;
	int rc, p;

	if (pl->log) {
		pl->dur_mode = pl->devices_known ? DU_WALL : DU_NONE;
		return 0;
	}
	if (w->device_hours.set) {
		wf_r_take(pl, P_DEVICE_S, &w->device_hours);
		if ((rc = hours_param(c, &pl->in[P_DEVICE_S])))
			return rc;
		pl->dur_mode = DU_DEVICE_HOURS;
		if (pl->devices_known && pl->wall_known) {
			double a = wf_r_nom(&pl->in[P_DEVICE_S]);
			double b = wf_r_nom(&pl->in[P_DEVICES]) * wf_r_nom(&pl->in[P_WALL_S]);
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
			wf_r_take(pl, P_FLOPS, &w->flops);
		} else {
			wf_r_take(pl, P_PARAMS, &w->params);
			wf_r_take(pl, P_TOKENS, &w->tokens);
			pl->flops_from_nd = 1;
		}
		if (!w->mfu.set)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
					    w->e.col,
					    "workload: training time from FLOPs needs \"mfu\" "
					    "(model FLOPs utilisation, typically 0.3-0.55)");
		wf_r_take(pl, P_MFU, &w->mfu);
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
		wf_r_from_entry(&pl->in[P_PEAK], &pl->accel->peak[p], &pl->accel->e,
			   &c->scratch->arena);
		if (!w->precision)
			pl->in[P_PEAK].note = wf_arena_strdup(
				&c->scratch->arena, "bf16 peak (default precision for LLM "
						    "training); set workload.precision to change");
		return 0;
	}
	if (pl->measured) {
		pl->dur_mode = DU_NONE; /* the measured energy needs no device time */
		return 0;
	}
	return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line, w->e.col,
			    "workload: cannot determine the run's duration: give "
			    "device_hours, or devices and wall_time, or flops (or params "
			    "and tokens) with mfu");
}

static int resolve_inference(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;

	pl->dur_mode = DU_INFERENCE;
	if (w->requests.set && w->request_rate.set)
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->request_rate.file,
				    w->request_rate.line, w->request_rate.col,
				    "request_rate: give requests or request_rate, not both");
	if (w->requests.set) {
		wf_r_take(pl, P_REQUESTS, &w->requests);
	} else if (w->request_rate.set) {
		if (!pl->wall_known)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->request_rate.file,
					    w->request_rate.line, w->request_rate.col,
					    "request_rate: needs wall_time (how long the "
					    "service runs, e.g. 1 year)");
		wf_r_take(pl, P_REQ_RATE, &w->request_rate);
	} else if (!pl->measured) {
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
				    w->e.col,
				    "workload: inference needs requests or request_rate");
	}
	wf_r_take(pl, P_TOK_PER_REQ, &w->tokens_per_request);
	if (pl->measured)
		return 0; /* the measured energy replaces energy per request */
	if (w->energy_per_request.set) {
		pl->einf_mode = EI_REQUEST;
		wf_r_take(pl, P_E_REQ, &w->energy_per_request);
	} else if (w->energy_per_token.set || w->throughput.set) {
		if (!w->tokens_per_request.set)
			return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
					    w->e.col,
					    "workload: energy per token or throughput needs "
					    "tokens_per_request");
		pl->einf_mode = w->energy_per_token.set ? EI_TOKEN : EI_THROUGHPUT;
		wf_r_take(pl, P_E_TOKEN, &w->energy_per_token);
		wf_r_take(pl, P_THROUGHPUT, &w->throughput);
	} else {
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->e.file, w->e.line,
				    w->e.col,
				    "workload: inference needs throughput (tokens/s per "
				    "device), energy_per_token or energy_per_request");
	}
	return 0;
}

/* Per-device IT power: the device plus its share of the host; and the
 * peak IT power per device (TDP, or the node's rating, plus the host). */
static int device_power(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr,
			wf_error *err)
{
	char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
	double fu = 1;

	f->p_host = 0;
	if (pl->in[P_HOST_POWER].set)
		f->p_host += x[P_HOST_POWER];
	if (pl->in[P_HOST_MEM].set)
		f->p_host += x[P_HOST_MEM] * x[P_MEM_POWER];
	if (pl->measured) {
		/* no power model: the peak for the grid connection, and the host */
		f->p_dev = NAN;
		f->p_max = pl->power_mode == PW_NODE ? x[P_NODE_RATED] / x[P_PER_NODE]
						     : x[P_TDP] + f->p_host;
		if (f->p_host > 0 && pl->energy_scope == WF_ESCOPE_ACCEL)
			WF_TR(tr, "host power per device = host_power + host_memory x "
				  "memory_power = %s\n", fq(b1, 64, f->p_host, WF_DIM_POWER));
		return 0;
	}
	switch (pl->power_mode) {
	case PW_MEASURED:
		f->p_dev = x[P_POWER_DEV];
		f->p_max = pl->in[P_TDP].set ? fmax(f->p_dev, x[P_TDP]) : f->p_dev;
		WF_TR(tr, "power per device = power_per_device = %s (given; overrides the "
			  "power curve)\n", fq(b1, 64, f->p_dev, WF_DIM_POWER));
		break;
	case PW_NODE:
		f->p_dev = x[P_NODE_RATED] * x[P_NODE_LOAD] / x[P_PER_NODE];
		f->p_host = 0; /* the node rating covers the host */
		f->p_max = x[P_NODE_RATED] / x[P_PER_NODE];
		WF_TR(tr, "power per device = node rated power x load fraction / devices per "
			  "node = %s x %s / %s = %s (includes the host)\n",
		      fq(b1, 64, x[P_NODE_RATED], WF_DIM_POWER), fnum(b2, 64, x[P_NODE_LOAD]),
		      fnum(b3, 64, x[P_PER_NODE]), fq(b4, 64, f->p_dev, WF_DIM_POWER));
		break;
	case PW_CURVE:
		if (wf_power_f(&fu, &pl->curve, x[P_CURVE_R], x[P_UTIL]))
			return wf_error_set(err, WF_ENUMERIC, "power", NULL, 0, 0,
					    "cannot evaluate the power curve at utilisation %g",
					    x[P_UTIL]);
		f->p_dev = wf_power_at(x[P_IDLE], x[P_TDP], fu);
		f->p_max = x[P_TDP];
		WF_TR(tr, "power per device = idle + (TDP - idle) x f(u) = %s + (%s - %s) x "
			  "f(%s) = %s  [f(u) = %s, f = %s]\n",
		      fq(b1, 64, x[P_IDLE], WF_DIM_POWER), fq(b2, 64, x[P_TDP], WF_DIM_POWER),
		      fq(b3, 64, x[P_IDLE], WF_DIM_POWER), fnum(b4, 64, x[P_UTIL]),
		      fq(b5, 64, f->p_dev, WF_DIM_POWER),
		      pl->curve.tab ? "tabulated (Steffen)" : x[P_CURVE_R] == 1 ? "u" : "2u - u^r",
		      fnum(b6, 64, fu));
		break;
	}
	if (f->p_host > 0)
		WF_TR(tr, "host power per device = host_power + host_memory x memory_power = "
			  "%s\n", fq(b1, 64, f->p_host, WF_DIM_POWER));
	f->p_max += f->p_host;
	if (!(f->p_dev > 0) || !isfinite(f->p_dev))
		return wf_error_set(err, WF_ENUMERIC, "engine", NULL, 0, 0,
				    "power per device is not positive (%g W)", f->p_dev);
	return 0;
}

/* workload.runs, 1 when not given. */
static double runs_of(const wf_plan *pl, const double *x)
{
	return pl->in[P_RUNS].set ? x[P_RUNS] : 1;
}

/* Device-time: given, devices x wall time, or FLOPs / (peak x MFU); times
 * the overhead factor and the runs. */
static void training_time(const wf_plan *pl, const double *x, double *ds, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64];
	double flops;

	switch (pl->dur_mode) {
	case DU_NONE:
	case DU_INFERENCE:
		*ds = NAN;
		return;
	case DU_DEVICE_HOURS:
		*ds = x[P_DEVICE_S];
		WF_TR(tr, "device-hours = %s (given)\n", fh(b1, 64, *ds));
		break;
	case DU_WALL:
		*ds = x[P_DEVICES] * x[P_WALL_S];
		WF_TR(tr, "device-hours = devices x wall_time = %s x %s = %s\n",
		      fnum(b1, 64, x[P_DEVICES]), fh(b2, 64, x[P_WALL_S]), fh(b3, 64, *ds));
		break;
	default:
		flops = pl->flops_from_nd ? 6 * x[P_PARAMS] * x[P_TOKENS] : x[P_FLOPS];
		if (pl->flops_from_nd)
			WF_TR(tr, "FLOPs = 6 x params x tokens = 6 x %s x %s = %.7g FLOP  "
				  "(Kaplan et al. 2020)\n", fnum(b1, 64, x[P_PARAMS]),
			      fnum(b2, 64, x[P_TOKENS]), flops);
		*ds = flops / (x[P_PEAK] * x[P_MFU]);
		WF_TR(tr, "device-hours = FLOPs / (peak x MFU) = %.7g / (%s x %s) = %s  (peak "
			  "%s, dense)\n", flops, fq(b1, 64, x[P_PEAK], WF_DIM_COMPUTE_RATE),
		      fnum(b2, 64, x[P_MFU]), fh(b3, 64, *ds), pl->precision);
		break;
	}
	if (x[P_OVERHEAD] != 1 || runs_of(pl, x) != 1) {
		*ds *= x[P_OVERHEAD] * runs_of(pl, x);
		WF_TR(tr, "device-hours x overhead_factor x runs = device-hours x %s x %s = %s  "
			  "(restarts, failed runs and repeats take device time and wall-clock "
			  "time)\n", fnum(b1, 64, x[P_OVERHEAD]), fnum(b2, 64, runs_of(pl, x)),
		      fh(b3, 64, *ds));
	}
}

/* The wall-clock time: wall_time, extended like the device time by the
 * overhead factor and the runs of an estimated training job. */
static double wall_of(const wf_plan *pl, const double *x)
{
	if (pl->dur_mode == DU_INFERENCE || pl->measured)
		return x[P_WALL_S];
	return x[P_WALL_S] * x[P_OVERHEAD] * runs_of(pl, x);
}

double wf_workload_wall_time(const wf_plan *pl, const double *x)
{
	double ds = NAN;

	if (pl->wall_known)
		return wall_of(pl, x);
	if (pl->dur_mode != DU_INFERENCE && pl->devices_known) {
		training_time(pl, x, &ds, NULL);
		return ds / x[P_DEVICES];
	}
	return NAN;
}

/* ------------------------------------------------------------ evaluate */

/* A training run: device-time, then IT energy = device-time x IT power. */
static void training_energy(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64];

	training_time(pl, x, &f->ds, tr);
	if (!pl->wall_known && pl->devices_known && isfinite(f->ds)) {
		f->wall = f->ds / f->n;
		WF_TR(tr, "wall time = device-hours / devices = %s\n", fh(b1, 64, f->wall));
	} else if (pl->wall_known && f->wall != x[P_WALL_S]) {
		WF_TR(tr, "wall time = wall_time x overhead_factor x runs = %s x %s x %s = %s\n",
		      fh(b1, 64, x[P_WALL_S]), fnum(b2, 64, x[P_OVERHEAD]),
		      fnum(b3, 64, runs_of(pl, x)), fh(b4, 64, f->wall));
	}
	if (pl->measured)
		return;
	f->e_it = f->ds * f->p_it;
	WF_TR(tr, "energy_it = device-hours x IT power per device = %s x %s = %s\n",
	      fh(b1, 64, f->ds), fq(b2, 64, f->p_it, WF_DIM_POWER),
	      fq(b3, 64, f->e_it, WF_DIM_ENERGY));
	if (pl->flops_from_nd || pl->in[P_TOKENS].set)
		f->units = strcmp(pl->unit, "token") == 0 ? x[P_TOKENS] : NAN;
}

/* Accelerator energy of one request: given, per token x tokens, or the
 * device's IT power over the time the tokens take at its throughput. */
static double request_energy(const wf_plan *pl, const double *x, const wf_figs *f,
			     wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64];
	double e_req;

	switch (pl->einf_mode) {
	case EI_REQUEST:
		e_req = x[P_E_REQ];
		WF_TR(tr, "energy per request = %s (given)\n", fq(b1, 64, e_req, WF_DIM_ENERGY));
		break;
	case EI_TOKEN:
		e_req = x[P_E_TOKEN] * x[P_TOK_PER_REQ];
		WF_TR(tr, "energy per request = energy_per_token x tokens_per_request = %s x %s "
			  "= %s\n", fq(b1, 64, x[P_E_TOKEN], WF_DIM_ENERGY),
		      fnum(b2, 64, x[P_TOK_PER_REQ]), fq(b3, 64, e_req, WF_DIM_ENERGY));
		break;
	default:
		e_req = f->p_it * x[P_TOK_PER_REQ] / x[P_THROUGHPUT];
		WF_TR(tr, "energy per request = IT power per device x tokens_per_request / "
			  "throughput = %s x %s / %s = %s\n", fq(b1, 64, f->p_it, WF_DIM_POWER),
		      fnum(b2, 64, x[P_TOK_PER_REQ]), fq(b3, 64, x[P_THROUGHPUT], WF_DIM_RATE),
		      fq(b4, 64, e_req, WF_DIM_ENERGY));
		break;
	}
	return e_req;
}

/* An inference service: requests x energy per request, plus the idle
 * provisioned capacity at idle power. */
static int inference_energy(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr,
			    wf_error *err)
{
	char b1[64], b2[64], b3[64], b4[64];
	double req = pl->in[P_REQUESTS].set ? x[P_REQUESTS] : x[P_REQ_RATE] * f->wall;
	double e_req, busy = NAN;

	if (!pl->in[P_REQUESTS].set)
		WF_TR(tr, "requests = request_rate x wall_time = %s x %s = %.7g\n",
		      fq(b1, 64, x[P_REQ_RATE], WF_DIM_RATE), fq(b2, 64, f->wall, WF_DIM_TIME),
		      req);
	e_req = request_energy(pl, x, f, tr);
	if (pl->einf_mode == EI_THROUGHPUT)
		busy = req * x[P_TOK_PER_REQ] / x[P_THROUGHPUT];
	f->e_it = req * e_req;
	WF_TR(tr, "energy_it (serving) = requests x energy per request = %.7g x %s = %s\n",
	      req, fq(b1, 64, e_req, WF_DIM_ENERGY), fq(b2, 64, f->e_it, WF_DIM_ENERGY));
	f->ds = busy;
	if (pl->devices_known && pl->wall_known) {
		double prov = f->n * f->wall;
		if (!isnan(busy) && busy > prov * (1 + 1e-9))
			return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
					    "the requests need %.6g device-hours of serving but "
					    "%.6g devices x wall_time give only %.6g: add devices "
					    "or lower the load", busy / 3600, f->n, prov / 3600);
		if (!isnan(busy) && pl->in[P_IDLE].set && x[P_IDLE] > 0) {
			double idle_e = (prov - busy) * x[P_IDLE];
			WF_TR(tr, "idle capacity = (devices x wall_time - busy device-hours) x "
				  "idle power = (%s - %s) x %s = %s\n", fh(b1, 64, prov),
			      fh(b2, 64, busy), fq(b3, 64, x[P_IDLE], WF_DIM_POWER),
			      fq(b4, 64, idle_e, WF_DIM_ENERGY));
			f->e_it += idle_e;
		}
		f->ds = prov;
	}
	f->units = strcmp(pl->unit, "token") == 0 ? req * x[P_TOK_PER_REQ] : req;
	return 0;
}

int wf_workload_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr,
		     wf_error *err)
{
	int rc;

	if ((rc = device_power(pl, x, f, tr, err)))
		return rc;
	f->p_it = f->p_dev + f->p_host;
	if (pl->wall_known)
		f->wall = wall_of(pl, x);
	if (pl->measured) {
		if (pl->dur_mode != DU_INFERENCE)
			training_energy(pl, x, f, tr);
		else if (pl->devices_known && pl->wall_known)
			f->ds = f->n * f->wall;
		if (pl->dur_mode == DU_INFERENCE && (pl->in[P_REQUESTS].set || pl->in[P_REQ_RATE].set))
			f->units = (pl->in[P_REQUESTS].set ? x[P_REQUESTS] : x[P_REQ_RATE] * f->wall) *
				   (strcmp(pl->unit, "token") == 0 ? x[P_TOK_PER_REQ] : 1);
		wf_measured_eval(pl, x, f, tr);
		return 0;
	}
	if (pl->dur_mode != DU_INFERENCE) {
		training_energy(pl, x, f, tr);
		return 0;
	}
	return inference_energy(pl, x, f, tr, err);
}

/* ------------------------------------------------------------- resolve */

int wf_workload_resolve(wf_rctx *c)
{
	int rc;

	if ((rc = resolve_workload(c)) || (rc = resolve_devices(c)) ||
	    (rc = wf_measured_resolve(c)) || (rc = resolve_power(c)))
		return rc;
	return c->pl->wl.kind == WF_WL_TRAINING ? resolve_training(c) : resolve_inference(c);
}

/* ---------------------------------------------------- plausibility */

/* A warning in the notes, or with workload.strict an error at `at`. */
static int implausible(wf_rctx *c, const wf_param *at, const char *msg)
{
	if (c->pl->wl.strict)
		return wf_error_set(c->err, WF_EINPUT, "scenario", at->file, at->line, at->col,
				    "%s (workload.strict: true)", msg);
	wf_strbuf_printf(&c->pl->notes, "implausible: %s\n", msg);
	return 0;
}

/* Mean power per device against what the device can draw: above the
 * peak (TDP, or the node's rating, with the host where it is in the
 * figure) or below the accelerator's idle power is a warning. */
static int check_mean(wf_rctx *c, const wf_param *at, const char *what, double mean_w,
		      double hi_w, const char *hi_what, double lo_w, const char *tail)
{
	char msg[600], b1[64], b2[64];
	const char *dev = c->pl->accel->e.id;

	char mean[120] = "";

	if (what[0] != 'p') /* "power_per_device X" is a mean already */
		snprintf(mean, sizeof mean, " is a mean of %s per device,",
			 fq(b1, 64, mean_w, WF_DIM_POWER));
	if (isfinite(hi_w) && mean_w > hi_w * (1 + 1e-9)) {
		snprintf(msg, sizeof msg, "%s%s above %s's %s of %s%s", what, mean[0] ? mean : " is",
			 dev, hi_what, fq(b2, 64, hi_w, WF_DIM_POWER), tail);
		return implausible(c, at, msg);
	}
	if (isfinite(lo_w) && mean_w < lo_w * (1 - 1e-9)) {
		snprintf(msg, sizeof msg, "%s%s below %s's idle power of %s", what,
			 mean[0] ? mean : " is", dev, fq(b2, 64, lo_w, WF_DIM_POWER));
		return implausible(c, at, msg);
	}
	return 0;
}

int wf_workload_check_measured(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_accel *a = pl->accel;
	double x[P_COUNT_], idle, tdp, pue, e, ds;
	wf_figs f = {.ds = NAN, .wall = NAN, .units = NAN};
	wf_param at = pl->in[P_ENERGY];
	char what[300], b1[64], b2[64];

	if (pl->campus || (!pl->measured && pl->power_mode != PW_MEASURED))
		return 0;
	wf_plan_nominal(pl, x);
	idle = a->idle.set ? wf_r_nom(&a->idle) : NAN;
	tdp = wf_r_nom(&a->tdp);
	if (!pl->measured) { /* a measured power_per_device */
		snprintf(what, sizeof what, "power_per_device %s",
			 fq(b1, 64, x[P_POWER_DEV], WF_DIM_POWER));
		return check_mean(c, &pl->in[P_POWER_DEV], what, x[P_POWER_DEV], tdp, "TDP", idle,
				  ": plausible only for a figure that includes the host's share");
	}
	f.n = x[P_DEVICES];
	if (device_power(pl, x, &f, NULL, c->err))
		return c->err ? c->err->code : WF_ENUMERIC;
	if (pl->log) {
		/* the GPUs' mean while measured */
		if (pl->log->format == WF_PLOG_CODECARBON && strcmp(pl->log->column, "gpu_energy"))
			return 0; /* CPU, GPU and RAM together: no per-device bound */
		snprintf(what, sizeof what, "the power log's %s over %s of GPU time",
			 fq(b1, 64, pl->log->energy_j, WF_DIM_ENERGY), fh(b2, 64, pl->log->channel_s));
		return check_mean(c, &at, what, pl->log->energy_j / pl->log->channel_s, tdp,
				  "TDP", idle, "");
	}
	training_time(pl, x, &ds, NULL);
	if (pl->dur_mode == DU_INFERENCE && pl->devices_known && pl->wall_known)
		ds = x[P_DEVICES] * x[P_WALL_S];
	pue = pl->in[P_PUE].set ? x[P_PUE] + (pl->in[P_FIXED_LOSS].set ? x[P_FIXED_LOSS] /
									   x[P_IT_LOAD] : 0)
				: NAN;
	e = pl->energy_scope == WF_ESCOPE_FACILITY ? x[P_ENERGY] / pue : x[P_ENERGY];
	if (!isfinite(ds) || !isfinite(e)) {
		wf_strbuf_printf(&pl->notes, "measured energy: plausibility not checked (no "
					     "device-hours%s); give devices and wall_time, or "
					     "device_hours\n", isfinite(e) ? "" : ", or no PUE to "
					     "take the facility energy back to IT");
		return 0;
	}
	snprintf(what, sizeof what, "energy %s (scope %s) over %s", fq(b1, 64, e, WF_DIM_ENERGY),
		 wf_measured_scope_name(pl->energy_scope), fh(b2, 64, ds));
	if (pl->energy_scope == WF_ESCOPE_ACCEL)
		return check_mean(c, &at, what, e / ds, pl->power_mode == PW_NODE ? f.p_max : tdp,
				  pl->power_mode == PW_NODE ? "node rating share" : "TDP", idle, "");
	/* IT energy holds the host: the bound is the node's rating, or TDP plus
	 * a declared host power; without either only the floor is checked */
	if (pl->power_mode != PW_NODE && !(f.p_host > 0))
		return check_mean(c, &at, what, e / ds, NAN, "", idle, "");
	return check_mean(c, &at, what, e / ds, f.p_max,
			  pl->power_mode == PW_NODE ? "node rating share" : "TDP plus host power",
			  idle, "");
}

/*
 * embodied.c - embodied carbon amortised linearly over lifetimes by the
 * job's device-time:
 *
 *   M = DS * EC_dev / L_dev + DS / k * EC_host / L_host
 */
#include "engine_int.h"

#include <string.h>

int wf_embodied_resolve(wf_rctx *c)
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
			return wf_r_err(c->err, en,
					    "embodied: expected true, false or a mapping of "
					    "figures, got \"%s\"%s", en->text, "");
	} else {
		if ((rc = wf_check_keys(en, emb_keys, 5, "embodied", c->err)))
			return rc;
		if ((rc = wf_r_q(c, P_EMB_DEV, en, "device", 0)) ||
		    (rc = wf_r_q(c, P_LIFE_DEV, en, "device_lifetime", 0)) ||
		    (rc = wf_r_q(c, P_EMB_HOST, en, "host", 0)) ||
		    (rc = wf_r_q(c, P_LIFE_HOST, en, "host_lifetime", 0)))
			return rc;
		if (wf_node_get(en, "devices_per_host")) {
			if ((rc = wf_r_q(c, P_PER_NODE, en, "devices_per_host", 1)))
				return rc;
		}
	}
	pl->embodied = 1;
	if (!pl->in[P_EMB_DEV].set) {
		if (!a->embodied.set)
			return wf_r_err(c->err, en,
					    "embodied: accelerator \"%s\" has no embodied "
					    "figure; give embodied.device%s", a->e.id, "");
		wf_r_from_entry(&pl->in[P_EMB_DEV], &a->embodied, &a->e, ar);
		wf_strbuf_printf(&pl->notes, "embodied carbon of %s covers: %s\n", a->e.id,
				 a->embodied_scope ? a->embodied_scope : "(scope not stated)");
	}
	if (!pl->in[P_LIFE_DEV].set) {
		if (a->lifetime.set)
			wf_r_from_entry(&pl->in[P_LIFE_DEV], &a->lifetime, &a->e, ar);
		else
			wf_r_fixed(&pl->in[P_LIFE_DEV], WF_DIM_TIME, 5 * 365.0 * 86400.0,
			      "default: 5 years x 365 days, the lifetime LLMCarbon uses "
			      "(Faiz et al. 2024)");
	}
	if (!pl->in[P_EMB_HOST].set && pl->node && pl->node->embodied.set)
		wf_r_from_entry(&pl->in[P_EMB_HOST], &pl->node->embodied, &pl->node->e, ar);
	if (pl->in[P_EMB_HOST].set) {
		if (!pl->in[P_PER_NODE].set)
			return wf_r_err(c->err, en,
					    "embodied: host embodied carbon needs "
					    "embodied.devices_per_host (or a node)%s%s", "", "");
		if (!pl->in[P_LIFE_HOST].set) {
			if (pl->node && pl->node->lifetime.set)
				wf_r_from_entry(&pl->in[P_LIFE_HOST], &pl->node->lifetime,
					   &pl->node->e, ar);
			else
				wf_r_fixed(&pl->in[P_LIFE_HOST], WF_DIM_TIME,
				      4 * 365.0 * 86400.0,
				      "default: 4 years, Cloud Carbon Footprint rack "
				      "server lifespan (ccf-coefficients constants.py)");
		}
	}
	return 0;
}

int wf_embodied_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr,
		     wf_error *err)
{
	char b1[64], b2[64], b3[64], b4[64], b5[64];
	double h;

	f->emb = 0;
	if (!pl->embodied)
		return 0;
	if (isnan(f->ds))
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "embodied carbon needs the device time: give devices and "
				    "wall_time, or throughput");
	f->emb = f->ds * x[P_EMB_DEV] / x[P_LIFE_DEV];
	WF_TR(tr, "embodied (devices) = device-hours x embodied per device / lifetime = %s x "
		  "%s / %s = %s\n", fh(b1, 64, f->ds), fq(b2, 64, x[P_EMB_DEV], WF_DIM_MASS),
	      fh(b3, 64, x[P_LIFE_DEV]), fq(b4, 64, f->emb, WF_DIM_MASS));
	if (!pl->in[P_EMB_HOST].set)
		return 0;
	h = f->ds / x[P_PER_NODE] * x[P_EMB_HOST] / x[P_LIFE_HOST];
	WF_TR(tr, "embodied (hosts) = device-hours / devices per host x embodied per host / "
		  "lifetime = %s / %s x %s / %s = %s\n", fh(b1, 64, f->ds),
	      fnum(b2, 64, x[P_PER_NODE]), fq(b3, 64, x[P_EMB_HOST], WF_DIM_MASS),
	      fh(b4, 64, x[P_LIFE_HOST]), fq(b5, 64, h, WF_DIM_MASS));
	f->emb += h;
	return 0;
}

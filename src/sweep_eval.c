/*
 * sweep_eval.c - evaluating the points of a sweep: per-thread workers, the
 * plan cache, single points and chunks of points.
 *
 * Cost.  Resolving a scenario (tree -> plan) takes tens of microseconds;
 * evaluating a plan well under one.  So each worker keeps a few resolved
 * plans, keyed by the value ids of the structural axes (everything that
 * may change how a scenario resolves: ids, start, workload figures), and
 * changes only the plan input of a fast axis between points.  A fast axis
 * names one of a short list of inputs that resolving only copies (PUE,
 * intensities, water, a measured power); each plan built checks that the
 * input really came from the axis's value, and falls back to resolving the
 * point in full if not.
 *
 * Chunks.  A chunk of points is evaluated grouped by its structural key
 * (a stable sort of the chunk's points by key when they are not in key
 * order already), so whatever the order of the axes each distinct
 * combination of structural values costs at most one resolve per chunk:
 * regions innermost is as cheap as regions outermost.  The values go back
 * in point order; which point a result belongs to never depends on the
 * order they were computed in.
 *
 * Nothing here prints, exits or keeps global state.
 */
#include "sweep_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "overflow.h"
#include "result_int.h"
#include "uncertainty.h"

/* SI -> the unit the output's name carries (as wf_result_get gives). */
static double out_scale(int i)
{
	switch (i) {
	case WF_OUT_DURATION_H:
	case WF_OUT_DEVICE_HOURS: return 1 / 3600.0;
	case WF_OUT_IT_POWER_KW:
	case WF_OUT_PEAK_POWER_KW: return 1e-3;
	case WF_OUT_ENERGY_IT_KWH:
	case WF_OUT_ENERGY_FACILITY_KWH: return 1 / 3.6e6;
	case WF_OUT_INTENSITY_G_PER_KWH: return 3.6e9;
	case WF_OUT_SCI_G_PER_UNIT: return 1e3;
	default: return 1;
	}
}

/* An empty error, without clearing its kilobytes on every point (the
 * hot path): wf_error_set fills every field it reads. */
static void clear_err(wf_error *e)
{
	e->code = 0;
	e->module[0] = e->file[0] = e->message[0] = '\0';
	e->line = e->col = 0;
}

/* ------------------------------------------------------------- scenarios */

/* A fresh, editable scenario over the sweep's base. */
static int base_scenario(wf_scenario **out, const wf_sweep *sw, wf_error *err)
{
	wf_scenario *sc = calloc(1, sizeof(*sc));

	*out = NULL;
	if (!sc)
		return wf_sw_nomem(err);
	wf_arena_init(&sc->arena);
	sc->overlay = (wf_catalog *)sw->sc_cat; /* read only, never freed here */
	sc->file = sw->base_file;
	sc->id = sw->base_id;
	if (!(sc->root = wf_node_copy(&sc->arena, sw->base_node))) {
		wf_scenario_free(sc);
		return wf_sw_nomem(err);
	}
	*out = sc;
	return 0;
}

/* Say which point failed, and where its offending value was written: an
 * error raised on an axis's own assignment ("--set PATH=VALUE") moves to
 * that value in the sweep file. */
static int point_error(const wf_sweep *sw, const size_t *idx, size_t k,
		       const wf_error *e, int rc, wf_error *err)
{
	char vals[512] = "", tb[SW_TEXT_MAX];
	size_t a, len;

	for (a = 0; a < sw->n_axes; a++) {
		len = strlen(vals);
		snprintf(vals + len, sizeof vals - len, "%s%s=%s", a ? ", " : "",
			 sw->axes[a].path, wf_sw_text(sw, a, idx[a], tb));
	}
	for (a = 0; a < sw->n_axes && strncmp(e->file, "--set ", 6) == 0; a++) {
		const sw_axis *ax = &sw->axes[a];
		if (strncmp(e->file + 6, ax->path, ax->path_len) == 0 &&
		    (e->file[6 + ax->path_len] == '=' || e->file[6 + ax->path_len] == '\0')) {
			const wf_node *w = wf_sw_where(ax, idx[a]);
			return wf_error_set(err, rc, "sweep", w->file, w->line, w->col,
					    "%s: %s: %s (point %zu: %s)", ax->path,
					    wf_sw_text(sw, a, idx[a], tb), e->message, k, vals);
		}
	}
	return wf_error_set(err, rc, "sweep", e->file[0] ? e->file : NULL, e->line, e->col,
			    "point %zu (%s): %s", k, vals, e->message);
}

/* The scenario of a point: the base with every axis's value set. */
static int point_scenario(wf_scenario **out, const wf_sweep *sw, const size_t *idx,
			  wf_error *e)
{
	char tb[SW_TEXT_MAX], *set = NULL;
	size_t a, cap = 0;
	int rc;

	if ((rc = base_scenario(out, sw, e)))
		return rc;
	for (a = 0; a < sw->n_axes && rc == 0; a++) {
		const char *t = wf_sw_text(sw, a, idx[a], tb);
		size_t need = sw->axes[a].path_len + strlen(t) + 2;
		if (need > cap) {
			char *g = realloc(set, cap = need + 64);
			if (!g) {
				rc = wf_sw_nomem(e);
				break;
			}
			set = g;
		}
		snprintf(set, cap, "%s=%s", sw->axes[a].path, t);
		rc = wf_scenario_set(*out, set, e);
	}
	free(set);
	if (rc) {
		wf_scenario_free(*out);
		*out = NULL;
	}
	return rc;
}

int wf_sw_resolve_point(wf_scenario **sc, wf_plan *pl, const wf_sweep *sw,
			const size_t *idx, size_t k, wf_error *err)
{
	wf_error e;
	int rc;

	clear_err(&e);
	memset(pl, 0, sizeof(*pl));
	if ((rc = point_scenario(sc, sw, idx, &e)))
		return point_error(sw, idx, k, &e, rc, err);
	if (sw->projection) { /* checked by projecting it; no plan is kept */
		rc = wf_sweep_project_point(*sc, sw->outs, sw->n_outs, 0, 1, NULL, NULL, NULL, 0,
					    &e);
		wf_scenario_free(*sc);
		*sc = NULL;
		return rc ? point_error(sw, idx, k, &e, rc, err) : 0;
	}
	if ((rc = wf_plan_resolve(pl, *sc, &e))) {
		wf_plan_release(pl);
		wf_scenario_free(*sc);
		*sc = NULL;
		return point_error(sw, idx, k, &e, rc, err);
	}
	return 0;
}

/* --------------------------------------------------------------- workers */

WF_API int wf_sweep_worker_new(wf_sweep_worker **out, const wf_sweep *sw,
			       wf_error *err)
{
	wf_sweep_worker *w;
	size_t i, na = sw && sw->n_axes ? sw->n_axes : 1;
	int ok;

	if (out)
		*out = NULL;
	if (!out || !sw)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_worker_new: NULL argument");
	if (!(w = calloc(1, sizeof(*w))))
		return wf_sw_nomem(err);
	w->sw = sw;
	w->idx = calloc(na, sizeof(*w->idx));
	w->mc_out = sw->samples ? malloc((size_t)sw->samples * WF_OUT_COUNT_ *
					 sizeof(double))
				: NULL;
	ok = w->idx && (!sw->samples || w->mc_out) && wf_qparser_new(&w->qp) == 0;
	for (i = 0; i < SW_CACHE && ok; i++)
		ok = (w->c[i].idx = calloc(na, sizeof(size_t))) != NULL;
	if (!ok) {
		wf_sweep_worker_free(w);
		return wf_sw_nomem(err);
	}
	w->last.region = w->last.basis = w->last.label = w->last.profile = "";
	w->last.method = "average";
	w->last.accounting = "location";
	w->last.source = "explicit";
	*out = w;
	return 0;
}

static void drop(sw_entry *c)
{
	if (c->used) {
		wf_plan_release(&c->pl);
		wf_scenario_free(c->sc);
	}
	c->used = 0;
	c->sc = NULL;
}

WF_API void wf_sweep_worker_free(wf_sweep_worker *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < SW_CACHE; i++) {
		drop(&w->c[i]);
		free(w->c[i].idx);
	}
	wf_qparser_free(w->qp);
	free(w->idx);
	free(w->mc_out);
	free(w->last_profile);
	free(w->order);
	free(w->vals);
	free(w->grp);
	free(w->desc);
	free(w->pool);
	free(w);
}

/* Do two points share every structural value (and, with all, every
 * value)? */
static int same_values(const wf_sweep *sw, const size_t *x, const size_t *y, int all)
{
	size_t a, j;

	if (all) {
		for (a = 0; a < sw->n_axes; a++)
			if (wf_sw_vid(&sw->axes[a], x[a]) != wf_sw_vid(&sw->axes[a], y[a]))
				return 0;
		return 1;
	}
	for (j = 0; j < sw->n_struct; j++) {
		a = sw->struct_axes[j];
		if (x[a] != y[a] && wf_sw_vid(&sw->axes[a], x[a]) != wf_sw_vid(&sw->axes[a], y[a]))
			return 0;
	}
	return 1;
}

/* Did each fast axis's value reach its plan input unchanged, from the
 * axis's own assignment?  Then later points may just change it. */
static int fast_verified(const wf_sweep_worker *w, const wf_plan *pl, const size_t *idx)
{
	const wf_sweep *sw = w->sw;
	size_t a;

	for (a = 0; a < sw->n_axes; a++) {
		const sw_axis *ax = &sw->axes[a];
		const wf_param *p;
		double si;
		if (ax->pin < 0)
			continue;
		p = &pl->in[ax->pin];
		if (wf_sw_si(ax, idx[a], w->qp, &si) || !p->set || p->v.kind != WF_DIST_FIXED ||
		    p->v.p[0] != si || !p->file || strncmp(p->file, "--set ", 6) != 0 ||
		    strncmp(p->file + 6, ax->path, ax->path_len) != 0 ||
		    p->file[6 + ax->path_len] != '=')
			return 0;
	}
	return 1;
}

/* A plan for point k: from the cache (with the fast inputs changed), or
 * resolved now.  *tmp is set when the plan is the caller's to release. */
static int plan_for(wf_sweep_worker *w, size_t k, const size_t *idx, wf_plan **pl,
		    sw_entry *tmp, wf_error *err)
{
	const wf_sweep *sw = w->sw;
	sw_entry *c = NULL;
	size_t i, a;
	int rc;

	tmp->used = 0;
	if (w->mru && w->mru->used && same_values(sw, w->mru->idx, idx, 0))
		c = w->mru;
	for (i = 0; i < SW_CACHE && !c; i++)
		if (w->c[i].used && same_values(sw, w->c[i].idx, idx, 0))
			c = &w->c[i];
	if (!c) {
		c = &w->c[0];
		for (i = 1; i < SW_CACHE; i++)
			if (!w->c[i].used || (c->used && w->c[i].stamp < c->stamp))
				c = &w->c[i];
		drop(c);
		if ((rc = wf_sw_resolve_point(&c->sc, &c->pl, sw, idx, k, err)))
			return rc;
		w->fresh = 1;
		c->used = 1;
		c->fast_ok = fast_verified(w, &c->pl, idx);
		memcpy(c->idx, idx, sw->n_axes * sizeof(*idx));
	}
	c->stamp = ++w->clock;
	w->mru = c;
	if (c->fast_ok) {
		for (a = 0; a < sw->n_axes; a++) {
			const sw_axis *ax = &sw->axes[a];
			if (ax->pin < 0)
				continue;
			if (ax->si)
				c->pl.in[ax->pin].v.p[0] = ax->si[idx[a]];
			else if ((rc = wf_sw_si(ax, idx[a], w->qp, &c->pl.in[ax->pin].v.p[0])))
				return wf_error_set(err, rc, "sweep", NULL, 0, 0,
						    "point %zu: cannot read %s", k, ax->path);
		}
		*pl = &c->pl;
		return 0;
	}
	if (same_values(sw, c->idx, idx, 1)) {
		*pl = &c->pl;
		return 0;
	}
	/* the engine used a fast value in a way we cannot repeat: resolve it */
	if ((rc = wf_sw_resolve_point(&tmp->sc, &tmp->pl, sw, idx, k, err)))
		return rc;
	tmp->used = 1;
	*pl = &tmp->pl;
	return 0;
}

static int eval_plan(wf_sweep_worker *w, const wf_plan *pl, double *values,
		     wf_error *err)
{
	const wf_sweep *sw = w->sw;
	double x[P_COUNT_];
	wf_outputs o;
	wf_summary sum[WF_OUT_COUNT_];
	wf_mc *mc = NULL;
	wf_error e;
	size_t i, c;
	int rc;

	wf_plan_nominal(pl, x);
	clear_err(&e);
	if ((rc = wf_plan_evaluate(pl, x, &o, NULL, &e)))
		return wf_plan_overflow(pl, x, rc, &e, err);
	for (i = 0; i < sw->n_outs; i++) {
		int k = sw->outs[i];
		values[i] = o.present[k] ? o.v[k] * out_scale(k) : NAN;
	}
	if (!sw->samples)
		return 0;
	if ((rc = wf_mc_new(&mc, pl, (size_t)sw->samples, err)) ||
	    (rc = wf_mc_eval(mc, sw->seed, 0, (size_t)sw->samples, w->mc_out, NULL, err)) ||
	    (rc = wf_mc_summarise(sum, w->mc_out, (size_t)sw->samples, err))) {
		wf_mc_free(mc);
		return rc;
	}
	wf_mc_free(mc);
	for (c = sw->n_outs, i = 0; i < sw->n_outs; i++) {
		int k = sw->outs[i];
		double s = out_scale(k), q[SW_NQ];
		size_t j;
		q[0] = sum[k].mean, q[1] = sum[k].sd, q[2] = sum[k].p05;
		q[3] = sum[k].p50, q[4] = sum[k].p95;
		for (j = 0; j < SW_NQ; j++)
			values[c++] = sum[k].present ? q[j] * s : NAN;
	}
	return 0;
}

/* Evaluate point k (w->idx decoded) with its plan. */
static int eval_point(wf_sweep_worker *w, size_t k, double *values, sw_entry *tmp,
		      const wf_plan **used, wf_error *err)
{
	wf_plan *pl = NULL;
	wf_error e;
	int rc;

	if ((rc = plan_for(w, k, w->idx, &pl, tmp, err)))
		return rc;
	*used = pl;
	clear_err(&e);
	if ((rc = eval_plan(w, pl, values, &e)))
		point_error(w->sw, w->idx, k, &e, rc, err);
	return rc;
}

/* Keep a copy of an intensity description as the worker's last (a plan
 * resolved for this point alone is released after it). */
static int keep_last(wf_sweep_worker *w, const wf_intensity_info *ci)
{
	size_t np = strlen(ci->profile) + 1, nl = strlen(ci->label) + 1;
	size_t nr = strlen(ci->region) + 1;

	if (np + nl + nr > w->last_profile_cap) {
		char *g = realloc(w->last_profile, np + nl + nr + 64);
		if (!g)
			return WF_ENOMEM;
		w->last_profile = g;
		w->last_profile_cap = np + nl + nr + 64;
	}
	w->last = *ci;
	memcpy(w->last_profile, ci->profile, np);
	memcpy(w->last_profile + np, ci->label, nl);
	memcpy(w->last_profile + np + nl, ci->region, nr);
	w->last.profile = w->last_profile;
	w->last.label = w->last_profile + np;
	w->last.region = w->last_profile + np + nl;
	return 0;
}

/* A point of a projection sweep: its lifetime totals, and its first
 * year's intensity into ci (strings in buf). */
static int eval_projection(wf_sweep_worker *w, size_t k, double *values,
			   wf_intensity_info *ci, char *buf, size_t size, wf_error *err)
{
	const wf_sweep *sw = w->sw;
	wf_scenario *sc = NULL;
	wf_error e;
	int rc;

	clear_err(&e);
	if ((rc = point_scenario(&sc, sw, w->idx, &e)) == 0)
		rc = wf_sweep_project_point(sc, sw->outs, sw->n_outs, sw->samples, sw->seed,
					    values, ci, buf, size, &e);
	wf_scenario_free(sc);
	return rc ? point_error(sw, w->idx, k, &e, rc, err) : 0;
}

WF_API int wf_sweep_eval(wf_sweep_worker *w, size_t k, double *values, wf_error *err)
{
	const wf_plan *pl = NULL;
	wf_intensity_info ci;
	sw_entry tmp;
	int rc;

	if (!w || !values || k >= w->sw->n_points)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_eval: no point %zu", k);
	wf_sw_decode(w->sw, k, w->idx);
	w->last_plan = NULL;
	if (w->sw->projection) {
		char buf[512];
		rc = eval_projection(w, k, values, &ci, buf, sizeof buf, err);
		if (rc == 0 && keep_last(w, &ci))
			rc = wf_sw_nomem(err);
		return rc;
	}
	rc = eval_point(w, k, values, &tmp, &pl, err);
	if (rc == 0 && !tmp.used) {
		w->last_plan = pl; /* a cached plan: kept until the next point */
	} else if (rc == 0) {
		wf_result__plan_intensity(pl, &ci);
		if (keep_last(w, &ci))
			rc = wf_sw_nomem(err);
	}
	drop(&tmp);
	return rc;
}

WF_API int wf_sweep_worker_intensity(const wf_sweep_worker *w, wf_intensity_info *out)
{
	if (!w || !out)
		return WF_EINPUT;
	if (w->last_plan)
		wf_result__plan_intensity(w->last_plan, out);
	else
		*out = w->last;
	return 0;
}

/* ---------------------------------------------------------------- chunks */

/* The structural key of point k: its structural value ids as one mixed-
 * radix number (product: they fit, since the structural axes' product is
 * at most the points), or a hash of them (zip: equal keys are then
 * checked value by value, in plan_for). */
static uint64_t struct_key(const wf_sweep *sw, const size_t *idx)
{
	uint64_t key = sw->zip ? 1469598103934665603ULL : 0;
	size_t a;

	for (a = 0; a < sw->n_axes; a++) {
		const sw_axis *ax = &sw->axes[a];
		if (ax->pin >= 0)
			continue;
		if (sw->zip)
			key = (key ^ (uint64_t)wf_sw_vid(ax, idx[a])) * 1099511628211ULL;
		else
			key = key * ax->n + wf_sw_vid(ax, idx[a]);
	}
	return key;
}

static int cmp_order(const void *x, const void *y)
{
	const sw_order *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->k > b->k) - (a->k < b->k);
}

/* Room for a chunk of n points. */
static int chunk_room(wf_sweep_worker *w, size_t n)
{
	size_t nv = w->sw->n_values ? w->sw->n_values : 1;

	if (n <= w->vals_cap)
		return 0;
	free(w->order);
	free(w->vals);
	free(w->grp);
	w->order = malloc(n * sizeof(*w->order));
	w->vals = malloc(n * nv * sizeof(*w->vals));
	w->grp = malloc(n * sizeof(*w->grp));
	w->vals_cap = w->order && w->vals && w->grp ? n : 0;
	return w->vals_cap ? 0 : WF_ENOMEM;
}

/* A new description (of the plan a run of points used).  The region is
 * kept as a pointer: a catalog id, or (projections) copied into the pool
 * too. */
static int add_desc(wf_sweep_worker *w, const wf_intensity_info *ci_in, int copy_region)
{
	wf_intensity_info ci = *ci_in;
	sw_desc *d;
	size_t len, rlen = copy_region ? strlen(ci.region) + 1 : 0;

	len = strlen(ci.profile) + 1;
	if (w->n_desc == w->desc_cap) {
		size_t cap = w->desc_cap ? 2 * w->desc_cap : 16;
		sw_desc *g = realloc(w->desc, cap * sizeof(*g));
		if (!g)
			return WF_ENOMEM;
		w->desc = g;
		w->desc_cap = cap;
	}
	if (w->pool_len + len + rlen > w->pool_cap) {
		size_t cap = 2 * (w->pool_len + len + rlen) + 256;
		char *g = realloc(w->pool, cap);
		if (!g)
			return WF_ENOMEM;
		w->pool = g;
		w->pool_cap = cap;
	}
	d = &w->desc[w->n_desc++];
	d->region = ci.region;
	d->basis = ci.basis;
	d->source = ci.source;
	d->year = ci.year;
	d->profile = w->pool_len;
	memcpy(w->pool + w->pool_len, ci.profile, len);
	w->pool_len += len;
	d->region_at = (size_t)-1;
	if (copy_region) {
		d->region_at = w->pool_len;
		memcpy(w->pool + w->pool_len, ci.region, rlen);
		w->pool_len += rlen;
	}
	return 0;
}

/* A chunk of a projection sweep: each point projected in turn. */
static int project_chunk(wf_sweep_worker *w, size_t k0, size_t k1, wf_error *err)
{
	const wf_sweep *sw = w->sw;
	size_t k;
	int rc;

	for (k = k0; k < k1; k++) {
		wf_intensity_info ci;
		char buf[512];
		wf_sw_decode(sw, k, w->idx);
		if ((rc = eval_projection(w, k, w->vals + (k - k0) * sw->n_values, &ci, buf,
					  sizeof buf, err)))
			return rc;
		if (add_desc(w, &ci, 1))
			return wf_sw_nomem(err);
		w->grp[k - k0] = w->n_desc - 1;
	}
	return 0;
}

int wf_sw_eval_chunk(wf_sweep_worker *w, size_t k0, size_t k1, wf_error *err)
{
	const wf_sweep *sw = w->sw;
	size_t n = k1 - k0, j, nv = sw->n_values, bad = (size_t)-1;
	const wf_plan *prev = NULL;
	int sorted = 1, rc = 0, bad_rc = 0;
	wf_error e;

	w->n_desc = 0;
	w->pool_len = 0;
	if (chunk_room(w, n))
		return wf_sw_nomem(err);
	if (sw->projection)
		return project_chunk(w, k0, k1, err);
	for (j = 0; j < n; j++) {
		wf_sw_decode(sw, k0 + j, w->idx);
		w->order[j].key = sw->n_struct ? struct_key(sw, w->idx) : 0;
		w->order[j].k = k0 + j;
		sorted &= j == 0 || w->order[j].key >= w->order[j - 1].key;
	}
	if (!sorted)
		qsort(w->order, n, sizeof(*w->order), cmp_order);
	for (j = 0; j < n; j++) {
		size_t k = w->order[j].k;
		const wf_plan *pl = NULL;
		sw_entry tmp;
		if (k > bad)
			continue; /* a lower point already failed */
		wf_sw_decode(sw, k, w->idx);
		clear_err(&e);
		w->fresh = 0;
		if ((rc = eval_point(w, k, w->vals + (k - k0) * nv, &tmp, &pl, &e))) {
			bad = k;
			bad_rc = rc;
			if (err)
				*err = e;
			drop(&tmp);
			continue;
		}
		if (pl != prev || w->fresh || tmp.used) {
			wf_intensity_info ci;
			wf_result__plan_intensity(pl, &ci);
			if (add_desc(w, &ci, 0)) {
				drop(&tmp);
				return wf_sw_nomem(err);
			}
		}
		prev = tmp.used ? NULL : pl;
		w->grp[k - k0] = w->n_desc - 1;
		drop(&tmp);
	}
	return bad != (size_t)-1 ? bad_rc : 0;
}

void wf_sw_chunk_info(const wf_sweep_worker *w, size_t j, wf_intensity_info *out)
{
	const sw_desc *d = &w->desc[w->grp[j]];

	memset(out, 0, sizeof(*out));
	out->region = d->region_at != (size_t)-1 ? w->pool + d->region_at : d->region;
	out->basis = d->basis;
	out->source = d->source;
	out->year = d->year;
	out->method = "average";
	out->accounting = "location";
	out->label = "";
	out->profile = w->pool + d->profile;
}

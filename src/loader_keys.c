/*
 * loader_keys.c - what each kind of model entry may say: the field tables
 * (accelerators, nodes, grids, facilities, workloads, factor sets,
 * pathways, PUE curves) and the parsers of keys that are more than a typed
 * value with a range (peak throughputs, power curves, bases, series,
 * generation mixes, yearly intensities, climates).  loader.c applies them.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "loader_int.h"
#include "quantity.h"
#include "series.h"
#include "table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))


static int map_peak(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_accel *a = entry;
	size_t i;
	int p, rc;

	if (wf_ld_expect_type(v, WF_NODE_MAP, "peak", err))
		return WF_EINPUT;
	for (i = 0; i < v->n; i++) {
		const wf_node *k = wf_node_key(v, i);
		for (p = 0; p < WF_PREC_COUNT; p++)
			if (strcmp(k->text, wf_prec_names[p]) == 0)
				break;
		if (p == WF_PREC_COUNT) {
			const char *near = wf_nearest(k->text, wf_prec_names, WF_PREC_COUNT);
			return wf_error_set(err, WF_EINPUT, "model", k->file, k->line, k->col,
					    "peak: unknown precision \"%s\"%s%s%s (known: fp64, "
					    "fp32, tf32, bf16, fp16, fp8, int8, fp4)",
					    k->text, near ? " (did you mean \"" : "",
					    near ? near : "", near ? "\"?)" : "");
		}
		if ((rc = wf_param_parse(cat, &a->peak[p], wf_node_value(v, i),
					 WF_DIM_COMPUTE_RATE, "peak", err)))
			return rc;
		if (!wf_ld_value_in_range(&a->peak[p].v, R_POS))
			return wf_error_set(err, WF_EINPUT, "model", k->file, k->line, k->col,
					    "peak: %s must be greater than 0", k->text);
	}
	return 0;
}

static int map_curve(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_accel *a = entry;
	const wf_node *pts;
	wf_curve *c;
	size_t i;
	int rc;

	if (v->type == WF_NODE_SCALAR) {
		/* f(u) = 2u - u^r; monotone on [0,1] iff 1 <= r <= 2 (docs/model.md) */
		if ((rc = wf_param_parse(cat, &a->curve_exponent, v, WF_DIM_NONE,
					 "curve", err)))
			return rc;
		if (a->curve_exponent.v.kind != WF_DIST_FIXED ||
		    a->curve_exponent.v.p[0] < 1 || a->curve_exponent.v.p[0] > 2)
			return wf_error_set(err, WF_EINPUT, "model", v->file, v->line,
					    v->col,
					    "curve: an exponent r for f(u) = 2u - u^r must be "
					    "a number from 1 to 2, got \"%s\"", v->text);
		return 0;
	}
	pts = v;
	if (wf_ld_expect_type(pts, WF_NODE_SEQ, "curve", err))
		return WF_EINPUT;
	if (pts->n < 2)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "curve: expected at least 2 [u, f] points");
	c = wf_arena_alloc(&cat->arena, sizeof(*c));
	if (!c || !(c->u = wf_arena_alloc(&cat->arena, pts->n * sizeof(double))) ||
	    !(c->f = wf_arena_alloc(&cat->arena, pts->n * sizeof(double))))
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	c->n = pts->n;
	c->file = v->file;
	c->line = v->line;
	c->col = v->col;
	for (i = 0; i < pts->n; i++) {
		const wf_node *pt = pts->items[i];
		wf_param pu, pf;
		if (pt->type != WF_NODE_SEQ || pt->n != 2)
			return wf_error_set(err, WF_EINPUT, "model", pt->file, pt->line,
					    pt->col, "curve: expected a point [u, f]");
		if ((rc = wf_param_parse(cat, &pu, pt->items[0], WF_DIM_NONE, "curve", err)) ||
		    (rc = wf_param_parse(cat, &pf, pt->items[1], WF_DIM_NONE, "curve", err)))
			return rc;
		c->u[i] = pu.v.p[0];
		c->f[i] = pf.v.p[0];
		if (!wf_ld_in_range(c->u[i], R_FRAC) || !wf_ld_in_range(c->f[i], R_FRAC) ||
		    (i > 0 && (c->u[i] <= c->u[i - 1] || c->f[i] < c->f[i - 1])))
			return wf_error_set(err, WF_EINPUT, "model", pt->file, pt->line,
					    pt->col,
					    "curve: points must have u and f in 0..1, u "
					    "increasing and f not decreasing");
	}
	if (c->u[0] != 0 || c->u[c->n - 1] != 1 || c->f[0] != 0 || c->f[c->n - 1] != 1)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "curve: must run from [0, 0] to [1, 1]");
	a->curve = c;
	return 0;
}

static int map_basis(wf_basis *out, const wf_node *v, wf_error *err)
{
	if (wf_ld_expect_type(v, WF_NODE_SCALAR, "basis", err))
		return WF_EINPUT;
	if (strcmp(v->text, "lifecycle") == 0)
		*out = WF_BASIS_LIFECYCLE;
	else if (strcmp(v->text, "direct") == 0)
		*out = WF_BASIS_DIRECT;
	else if (strcmp(v->text, "unstated") == 0)
		*out = WF_BASIS_UNSTATED;
	else
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "basis: expected lifecycle, direct or unstated, got \"%s\"",
				    v->text);
	return 0;
}

static int map_grid_basis(wf_catalog *cat, void *entry, const wf_node *v,
			  wf_error *err)
{
	(void)cat;
	return map_basis(&((wf_grid *)entry)->basis, v, err);
}


static char *series_path(wf_catalog *cat, const wf_node *v)
{
	return wf_series_path(&cat->arena, v->file, v->text);
}

/* One entry of a grid's series list, as written. */
typedef struct series_item {
	const char *file, *region, *column, *note;
	wf_basis basis;
	wf_param from, to;
} series_item;

static int map_item_basis(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	(void)cat;
	return map_basis(&((series_item *)entry)->basis, v, err);
}

static const field series_item_fields[] = {
	{"file", FT_STR, 0, offsetof(series_item, file), 1, R_ANY, NULL},
	{"region", FT_STR, 0, offsetof(series_item, region), 0, R_ANY, NULL},
	{"column", FT_STR, 0, offsetof(series_item, column), 0, R_ANY, NULL},
	{"basis", FT_CUSTOM, 0, 0, 1, R_ANY, map_item_basis},
	{"from", FT_QTY, WF_DIM_DATE, offsetof(series_item, from), 0, R_ANY, NULL},
	{"to", FT_QTY, WF_DIM_DATE, offsetof(series_item, to), 0, R_ANY, NULL},
	{"note", FT_STR, 0, offsetof(series_item, note), 0, R_ANY, NULL},
};

/* One list entry: {file, basis, region, column, from, to, note}. */
static int map_series_item(wf_catalog *cat, wf_grid_series *gs, const wf_node *v,
			   wf_error *err)
{
	series_item it;
	wf_node fn;
	char *p;
	int rc;

	memset(&it, 0, sizeof(it));
	if (wf_ld_expect_type(v, WF_NODE_MAP, "series", err))
		return WF_EINPUT;
	if ((rc = wf_ld_map_fields(cat, &it, series_item_fields, N(series_item_fields), v,
				   "series entry", err)))
		return rc;
	if (it.column && strcmp(it.column, "intensity_g_per_kwh") &&
	    strcmp(it.column, "intensity_lifecycle_g_per_kwh")) {
		const wf_node *cn = wf_node_get(v, "column");
		return wf_error_set(err, WF_EINPUT, "model", cn->file, cn->line, cn->col,
				    "column: expected intensity_g_per_kwh or "
				    "intensity_lifecycle_g_per_kwh, got \"%s\"", it.column);
	}
	fn = *wf_node_get(v, "file");
	if (!(p = series_path(cat, &fn)) ||
	    !(gs->file = wf_series_file_add(cat, p, it.column ? it.column : "intensity_g_per_kwh",
					    fn.file, fn.line, fn.col)))
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	gs->region = it.region;
	gs->basis = it.basis;
	gs->from_s = it.from.set ? wf_value_nominal(&it.from.v) : -INFINITY;
	gs->to_s = it.to.set ? wf_value_nominal(&it.to.v) : INFINITY;
	if (!(gs->from_s < gs->to_s))
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "series: from must come before to");
	gs->note = it.note;
	gs->file_yaml = fn.file;
	gs->line = fn.line;
	gs->col = fn.col;
	return 0;
}

/* series: a CSV path relative to this file (with series_region and
 * series_basis beside it), or a list of {file, basis, region, column,
 * from, to, note}, the first that covers a job's window winning.  Files
 * are read when a scenario first needs them (catalog_series.c); the region
 * is checked then. */
static int map_grid_series(wf_catalog *cat, void *entry, const wf_node *v,
			   wf_error *err)
{
	wf_grid *g = entry;
	size_t i, n = v->type == WF_NODE_SEQ ? v->n : 1;
	int rc;

	if (v->type != WF_NODE_SEQ && wf_ld_expect_type(v, WF_NODE_SCALAR, "series", err))
		return WF_EINPUT;
	if (n == 0)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "series: expected a CSV file or a list of series");
	if (!(g->series = wf_arena_alloc(&cat->arena, n * sizeof(*g->series))))
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	memset(g->series, 0, n * sizeof(*g->series));
	g->n_series = n;
	if (v->type == WF_NODE_SEQ) {
		for (i = 0; i < n; i++)
			if ((rc = map_series_item(cat, &g->series[i], v->items[i], err)))
				return rc;
		return 0;
	}
	{
		/* the one-file form: region and basis come from series_region
		 * and series_basis, settled when the entry is checked (loader.c) */
		wf_grid_series *gs = &g->series[0];
		char *p = series_path(cat, v);
		if (!p || !(gs->file = wf_series_file_add(cat, p, "intensity_g_per_kwh", v->file,
							  v->line, v->col)))
			return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0,
					    "out of memory");
		gs->basis = WF_BASIS_UNSET;
		gs->from_s = -INFINITY;
		gs->to_s = INFINITY;
		gs->file_yaml = v->file;
		gs->line = v->line;
		gs->col = v->col;
	}
	return 0;
}

static int map_series_basis(wf_catalog *cat, void *entry, const wf_node *v,
			    wf_error *err)
{
	(void)cat;
	return map_basis(&((wf_grid *)entry)->series_basis, v, err);
}

static int map_factors_basis(wf_catalog *cat, void *entry, const wf_node *v,
			     wf_error *err)
{
	(void)cat;
	return map_basis(&((wf_factors *)entry)->basis, v, err);
}

static int map_fuelmap(wf_catalog *cat, wf_fuelmap *m, const wf_node *v,
		       wf_dim dim, frange range, const char *key, wf_error *err)
{
	size_t i;
	int rc;

	if (wf_ld_expect_type(v, WF_NODE_MAP, key, err))
		return WF_EINPUT;
	m->n = v->n;
	m->keys = wf_arena_alloc(&cat->arena, (v->n + 1) * sizeof(char *));
	m->vals = wf_arena_alloc(&cat->arena, (v->n + 1) * sizeof(wf_param));
	if (!m->keys || !m->vals)
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	for (i = 0; i < v->n; i++) {
		const wf_node *val = wf_node_value(v, i);
		m->keys[i] = wf_node_key(v, i)->text;
		if ((rc = wf_param_parse(cat, &m->vals[i], val, dim, key, err)))
			return rc;
		if (!wf_ld_value_in_range(&m->vals[i].v, range))
			return wf_error_set(err, WF_EINPUT, "model", val->file, val->line,
					    val->col, "%s: %s must be %s, got \"%s\"", key,
					    m->keys[i], wf_ld_range_text(range), val->text);
	}
	return 0;
}

static int map_factor_values(wf_catalog *cat, void *entry, const wf_node *v,
			     wf_error *err)
{
	return map_fuelmap(cat, &((wf_factors *)entry)->values, v, WF_DIM_INTENSITY,
			   R_NONNEG, "values", err);
}

static int map_factor_imports(wf_catalog *cat, void *entry, const wf_node *v,
			      wf_error *err)
{
	return map_fuelmap(cat, &((wf_factors *)entry)->imports, v, WF_DIM_INTENSITY,
			   R_NONNEG, "imports", err);
}

static int map_grid_mix(wf_catalog *cat, void *entry, const wf_node *v,
			wf_error *err)
{
	wf_grid *g = entry;
	double sum = 0;
	size_t i;
	int rc;

	if ((rc = map_fuelmap(cat, &g->mix, v, WF_DIM_NONE, R_FRAC, "mix", err)))
		return rc;
	for (i = 0; i < g->mix.n; i++)
		sum += wf_value_nominal(&g->mix.vals[i].v);
	/* Shares are written to a few digits; 0.5 percentage points slack. */
	if (fabs(sum - 1.0) > 0.005)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "mix: shares sum to %.4g%%, expected 100%%", sum * 100);
	return 0;
}

static int map_from_parent(wf_catalog *cat, void *entry, const wf_node *v,
			   wf_error *err)
{
	(void)cat;
	if (wf_ld_expect_type(v, WF_NODE_SCALAR, "intensity_from", err))
		return WF_EINPUT;
	if (strcmp(v->text, "parent") != 0)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "intensity_from: expected \"parent\", got \"%s\"",
				    v->text);
	((wf_grid *)entry)->from_parent = 1;
	return 0;
}

/* Room in a grid's annual arrays for cap years (none taken when there
 * is room already). */
static int grid_reserve(wf_catalog *cat, wf_grid *g, size_t cap, const char *file,
			wf_error *err)
{
	int *ny;
	wf_param *np;

	if (cap <= g->cap_years)
		return 0;
	ny = wf_arena_grow(&cat->arena, g->years, g->n_years, cap, sizeof(int));
	np = wf_arena_grow(&cat->arena, g->intensity, g->n_years, cap, sizeof(wf_param));
	if (!ny || !np)
		return wf_error_set(err, WF_ENOMEM, "model", file, 0, 0, "out of memory");
	g->years = ny;
	g->intensity = np;
	g->cap_years = cap;
	return 0;
}

/* Add one year's intensity, keeping the years sorted and unique; the
 * arrays grow geometrically (a table's rows come in year order, so most
 * years are appended). */
static int grid_add_year(wf_catalog *cat, wf_grid *g, int year, const wf_param *p,
			 const char *file, int line, int col, wf_error *err)
{
	size_t pos = g->n_years;
	int rc;

	while (pos > 0 && g->years[pos - 1] > year)
		pos--;
	if (pos > 0 && g->years[pos - 1] == year)
		return wf_error_set(err, WF_EINPUT, "model", file, line, col,
				    "intensity: year %d given twice for \"%s\"",
				    year, g->e.id ? g->e.id : "?");
	if (g->n_years == g->cap_years &&
	    (rc = grid_reserve(cat, g, g->cap_years ? 2 * g->cap_years : 8, file, err)))
		return rc;
	memmove(g->years + pos + 1, g->years + pos, (g->n_years - pos) * sizeof(int));
	memmove(g->intensity + pos + 1, g->intensity + pos,
		(g->n_years - pos) * sizeof(wf_param));
	g->years[pos] = year;
	g->intensity[pos] = *p;
	g->n_years++;
	return 0;
}

static int map_interpolation(wf_catalog *cat, void *entry, const wf_node *v,
			     wf_error *err)
{
	(void)cat;
	if (wf_ld_expect_type(v, WF_NODE_SCALAR, "interpolation", err))
		return WF_EINPUT;
	if (strcmp(v->text, "linear") == 0)
		((wf_grid *)entry)->steffen = 0;
	else if (strcmp(v->text, "steffen") == 0)
		((wf_grid *)entry)->steffen = 1;
	else
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "interpolation: expected linear or steffen, got \"%s\"",
				    v->text);
	return 0;
}

static int map_grid_intensity(wf_catalog *cat, void *entry, const wf_node *v,
			      wf_error *err)
{
	wf_grid *g = entry;
	size_t i;
	int rc;

	if (v->type == WF_NODE_SCALAR) {
		/* A CSV table (grid,year,intensity_g_per_kwh) beside this file. */
		const wf_table *t = NULL;
		size_t r, first, n;
		if ((rc = wf_table_open(cat, &t, v->text, v->file, v->line, v->col, err)))
			return rc;
		n = wf_table_rows(t, g->e.id ? g->e.id : "", &first);
		/* room for them all at once */
		if ((rc = grid_reserve(cat, g, g->n_years + n, v->file, err)))
			return rc;
		for (r = first; r < first + n; r++) {
			const wf_table_row *row = &t->rows[r];
			wf_param p;
			memset(&p, 0, sizeof(p));
			p.v.kind = WF_DIST_FIXED;
			p.v.dim = WF_DIM_INTENSITY;
			p.v.p[0] = row->value;
			p.set = 1;
			p.file = t->path;
			p.line = row->line;
			p.col = 1;
			if ((rc = grid_add_year(cat, g, row->year, &p, t->path, row->line, 1,
						err)))
				return rc;
		}
		if (g->n_years == 0)
			return wf_error_set(err, WF_ENOTFOUND, "model", v->file, v->line,
					    v->col,
					    "intensity: %s has no rows for grid \"%s\"",
					    v->text, g->e.id ? g->e.id : "?");
		return 0;
	}
	if (wf_ld_expect_type(v, WF_NODE_MAP, "intensity", err))
		return WF_EINPUT;
	for (i = 0; i < v->n; i++) {
		const wf_node *k = wf_node_key(v, i), *val = wf_node_value(v, i);
		wf_param yp, p;
		memset(&p, 0, sizeof(p));
		if ((rc = wf_ld_parse_int(&yp, k, "intensity year", 1900, 2200, err)))
			return rc;
		if ((rc = wf_param_parse(cat, &p, val, WF_DIM_INTENSITY, "intensity", err)))
			return rc;
		if (!wf_ld_value_in_range(&p.v, R_NONNEG))
			return wf_error_set(err, WF_EINPUT, "model", val->file, val->line,
					    val->col, "intensity: must be at least 0, got \"%s\"",
					    val->text);
		if ((rc = grid_add_year(cat, g, (int)yp.v.p[0], &p, k->file, k->line,
					k->col, err)))
			return rc;
	}
	return 0;
}

static int map_wl_kind(wf_catalog *cat, void *entry, const wf_node *v,
		       wf_error *err)
{
	wf_workload *w = entry;

	(void)cat;
	if (wf_ld_expect_type(v, WF_NODE_SCALAR, "kind", err))
		return WF_EINPUT;
	if (strcmp(v->text, "training") == 0)
		w->kind = WF_WL_TRAINING;
	else if (strcmp(v->text, "inference") == 0)
		w->kind = WF_WL_INFERENCE;
	else
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "kind: expected training or inference, got \"%s\"",
				    v->text);
	w->kind_set = 1;
	return 0;
}

static int map_precision(wf_catalog *cat, void *entry, const wf_node *v,
			 wf_error *err)
{
	wf_workload *w = entry;
	int p;

	(void)cat;
	if (wf_ld_expect_type(v, WF_NODE_SCALAR, "precision", err))
		return WF_EINPUT;
	for (p = 0; p < WF_PREC_COUNT; p++)
		if (strcmp(v->text, wf_prec_names[p]) == 0) {
			w->precision = wf_prec_names[p];
			return 0;
		}
	return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
			    "precision: unknown precision \"%s\" (known: fp64, fp32, "
			    "tf32, bf16, fp16, fp8, int8, fp4)", v->text);
}

/* -------------------------------------------------------------- the tables */

#define ENTRY_FIELDS(T, idreq)                                         \
	{"id", FT_ID, 0, offsetof(T, e.id), idreq, R_ANY, NULL},       \
	{"name", FT_STR, 0, offsetof(T, e.name), 0, R_ANY, NULL},      \
	{"source", FT_STR, 0, offsetof(T, e.source), 0, R_ANY, NULL},  \
	{"note", FT_STR, 0, offsetof(T, e.note), 0, R_ANY, NULL}

#define Q(T, key, dim, range) {#key, FT_QTY, dim, offsetof(T, key), 0, range, NULL}

static const field accel_fields[] = {
	ENTRY_FIELDS(wf_accel, 1),
	{"vendor", FT_STR, 0, offsetof(wf_accel, vendor), 0, R_ANY, NULL},
	{"tdp", FT_QTY, WF_DIM_POWER, offsetof(wf_accel, tdp), 1, R_POS, NULL},
	Q(wf_accel, idle, WF_DIM_POWER, R_NONNEG),
	{"peak", FT_CUSTOM, 0, 0, 0, R_ANY, map_peak},
	Q(wf_accel, memory, WF_DIM_DATA, R_POS),
	Q(wf_accel, embodied, WF_DIM_MASS, R_NONNEG),
	{"embodied_scope", FT_STR, 0, offsetof(wf_accel, embodied_scope), 0, R_ANY, NULL},
	Q(wf_accel, lifetime, WF_DIM_TIME, R_POS),
	Q(wf_accel, released, WF_DIM_DATE, R_ANY),
	{"estimate", FT_BOOL, 0, offsetof(wf_accel, estimate), 0, R_ANY, NULL},
	{"curve", FT_CUSTOM, 0, 0, 0, R_ANY, map_curve},
};

static const field node_fields[] = {
	ENTRY_FIELDS(wf_nodedef, 1),
	{"accelerator", FT_ID, 0, offsetof(wf_nodedef, accel_id), 1, R_ANY, NULL},
	{"count", FT_INT, 0, offsetof(wf_nodedef, count), 1, R_POS, NULL},
	Q(wf_nodedef, rated_power, WF_DIM_POWER, R_POS),
	Q(wf_nodedef, host_power, WF_DIM_POWER, R_NONNEG),
	Q(wf_nodedef, memory, WF_DIM_DATA, R_POS),
	Q(wf_nodedef, embodied, WF_DIM_MASS, R_NONNEG),
	{"embodied_scope", FT_STR, 0, offsetof(wf_nodedef, embodied_scope), 0, R_ANY, NULL},
	Q(wf_nodedef, lifetime, WF_DIM_TIME, R_POS),
	Q(wf_nodedef, load_fraction, WF_DIM_NONE, R_FRAC_POS),
	{"host", FT_CUSTOM, 0, 0, 0, R_ANY, wf_ld_map_node_host},
};

/* An embodied-carbon factor (models/embodied/; loader_embodied.c). */
static const field embodied_fields[] = {
	{"id", FT_ID, 0, offsetof(wf_embfactor, e.id), 1, R_ANY, NULL},
	{"name", FT_STR, 0, offsetof(wf_embfactor, e.name), 0, R_ANY, NULL},
	{"source", FT_STR, 0, offsetof(wf_embfactor, e.source), 1, R_ANY, NULL},
	{"note", FT_STR, 0, offsetof(wf_embfactor, e.note), 0, R_ANY, NULL},
	{"component", FT_CUSTOM, 0, 0, 1, R_ANY, wf_ld_map_emb_component},
	{"method", FT_ID, 0, offsetof(wf_embfactor, method), 0, R_ANY, NULL},
	{"accelerator", FT_ID, 0, offsetof(wf_embfactor, accel_id), 0, R_ANY, NULL},
	{"value", FT_QTY, WF_DIM_COUNT_, offsetof(wf_embfactor, value), 1, R_POS, NULL},
	{"boundary", FT_CUSTOM, 0, 0, 1, R_ANY, wf_ld_map_emb_boundary},
	Q(wf_embfactor, lifetime, WF_DIM_TIME, R_POS),
	{"secondary", FT_BOOL, 0, offsetof(wf_embfactor, secondary), 0, R_ANY, NULL},
	{"derived", FT_BOOL, 0, offsetof(wf_embfactor, derived), 0, R_ANY, NULL},
};

/* aliases: [UK, ...] - other codes people write for a grid. */
static int map_grid_aliases(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_grid *g = entry;
	size_t i;

	if (v->type != WF_NODE_SEQ || v->n == 0)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "aliases: expected a list of codes, e.g. [UK]");
	if (!(g->aliases = wf_arena_alloc(&cat->arena, v->n * sizeof(char *))))
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	for (i = 0; i < v->n; i++) {
		const wf_node *a = v->items[i];
		if (a->type != WF_NODE_SCALAR || !a->text[0])
			return wf_error_set(err, WF_EINPUT, "model", a->file, a->line, a->col,
					    "aliases: expected a code, e.g. UK");
		g->aliases[i] = a->text;
	}
	g->n_aliases = v->n;
	return 0;
}

static const field grid_fields[] = {
	ENTRY_FIELDS(wf_grid, 1),
	{"aliases", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_aliases},
	{"parent", FT_ID, 0, offsetof(wf_grid, parent_id), 0, R_ANY, NULL},
	{"basis", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_basis},
	{"intensity", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_intensity},
	{"intensity_from", FT_CUSTOM, 0, 0, 0, R_ANY, map_from_parent},
	{"series", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_series},
	{"series_region", FT_STR, 0, offsetof(wf_grid, series_region), 0, R_ANY, NULL},
	{"series_basis", FT_CUSTOM, 0, 0, 0, R_ANY, map_series_basis},
	{"series_from", FT_ID, 0, offsetof(wf_grid, series_from_id), 0, R_ANY, NULL},
	{"mix", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_mix},
	{"factors", FT_ID, 0, offsetof(wf_grid, factors_id), 0, R_ANY, NULL},
	Q(wf_grid, cfe, WF_DIM_NONE, R_FRAC),
};

/* pue_by_drybulb_c: {TEMPERATURE_C: PUE, ...}, at least 3 points. */
static int map_pue_points(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_pue_curve *pc = entry;
	size_t i, j;

	if (wf_ld_expect_type(v, WF_NODE_MAP, "pue_by_drybulb_c", err))
		return WF_EINPUT;
	if (v->n < 3)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "pue_by_drybulb_c: needs at least 3 points, got %zu", v->n);
	pc->t_c = wf_arena_alloc(&cat->arena, v->n * sizeof(double));
	pc->pue = wf_arena_alloc(&cat->arena, v->n * sizeof(double));
	if (!pc->t_c || !pc->pue)
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	for (i = 0; i < v->n; i++) {
		const wf_node *k = wf_node_key(v, i), *val = wf_node_value(v, i);
		char *end;
		double t, p;
		errno = 0;
		t = strtod(k->text, &end);
		if (end == k->text || *end || errno || !isfinite(t) || t < -90 || t > 70)
			return wf_error_set(err, WF_EINPUT, "model", k->file, k->line, k->col,
					    "pue_by_drybulb_c: expected a temperature in °C "
					    "from -90 to 70, got \"%s\"", k->text);
		if (wf_ld_expect_type(val, WF_NODE_SCALAR, "pue_by_drybulb_c", err))
			return WF_EINPUT;
		p = strtod(val->text, &end);
		if (end == val->text || *end || !isfinite(p) || p < 1 || p > 10)
			return wf_error_set(err, WF_EINPUT, "model", val->file, val->line,
					    val->col, "pue_by_drybulb_c: expected a PUE from 1 "
					    "to 10, got \"%s\"", val->text);
		/* insertion keeps the points sorted; equal temperatures are errors */
		for (j = i; j > 0 && pc->t_c[j - 1] > t; j--) {
			pc->t_c[j] = pc->t_c[j - 1];
			pc->pue[j] = pc->pue[j - 1];
		}
		if (j > 0 && pc->t_c[j - 1] == t)
			return wf_error_set(err, WF_EINPUT, "model", k->file, k->line, k->col,
					    "pue_by_drybulb_c: %g °C given twice", t);
		pc->t_c[j] = t;
		pc->pue[j] = p;
	}
	pc->n = v->n;
	pc->line0 = v->line;
	return 0;
}

static const field pue_curve_fields[] = {
	ENTRY_FIELDS(wf_pue_curve, 1),
	{"cooling", FT_STR, 0, offsetof(wf_pue_curve, cooling), 1, R_ANY, NULL},
	{"relative_humidity", FT_QTY, WF_DIM_NONE, offsetof(wf_pue_curve, humidity), 0,
	 R_FRAC, NULL},
	{"pue_by_drybulb_c", FT_CUSTOM, 0, 0, 1, R_ANY, map_pue_points},
	{"fixed_loss", FT_QTY, WF_DIM_NONE, offsetof(wf_pue_curve, fixed_loss), 0, R_FRAC,
	 NULL},
};

/* A pathway: a region's intensity by year under a named scenario. */
static const field pathway_fields[] = {
	ENTRY_FIELDS(wf_grid, 1),
	{"region", FT_ID, 0, offsetof(wf_grid, parent_id), 1, R_ANY, NULL},
	{"scenario", FT_STR, 0, offsetof(wf_grid, scenario), 1, R_ANY, NULL},
	{"basis", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_basis},
	{"intensity", FT_CUSTOM, 0, 0, 1, R_ANY, map_grid_intensity},
	{"interpolation", FT_CUSTOM, 0, 0, 0, R_ANY, map_interpolation},
	{"status", FT_CUSTOM, 0, 0, 0, R_ANY, wf_ld_map_pathway_status},
	{"accounting", FT_CUSTOM, 0, 0, 0, R_ANY, wf_ld_map_pathway_accounting},
};

/* climate: {pue_curve: ID, temperature_c: T} or monthly_temperature_c:
 * kept as written and read by the engine like a site's. */
static const char *const climate_keys[] = {"pue_curve", "temperature_series", "temperature_c",
					   "monthly_temperature_c", "it_load"};

static int map_facility_climate(wf_catalog *cat, void *entry, const wf_node *v,
				wf_error *err)
{
	const char *const *keys = climate_keys;
	const size_t nk = sizeof(climate_keys) / sizeof(climate_keys[0]);
	size_t i, k;

	if (wf_ld_expect_type(v, WF_NODE_MAP, "climate", err))
		return WF_EINPUT;
	for (i = 0; i < v->n; i++) {
		const wf_node *key = wf_node_key(v, i);
		for (k = 0; k < nk && strcmp(key->text, keys[k]); k++)
			;
		if (k == nk) {
			const char *near = wf_nearest(key->text, keys, nk);
			return wf_error_set(err, WF_EINPUT, "model", key->file, key->line,
					    key->col, "climate: unknown key \"%s\"%s%s%s",
					    key->text, near ? " (did you mean \"" : "",
					    near ? near : "", near ? "\"?)" : "");
		}
	}
	if (!wf_node_get(v, "pue_curve"))
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "climate: needs pue_curve (`wattif list pue_curves`)");
	{
		/* its hourly temperatures are read when a scenario needs them */
		const wf_node *ts = wf_node_get(v, "temperature_series");
		char *p;
		if (ts && wf_ld_expect_type(ts, WF_NODE_SCALAR, "temperature_series", err))
			return WF_EINPUT;
		if (ts && (!(p = series_path(cat, ts)) ||
			   !wf_series_file_add(cat, p, "temperature_c", ts->file, ts->line,
					       ts->col)))
			return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0,
					    "out of memory");
	}
	((wf_facility *)entry)->climate = v;
	return 0;
}

static const field facility_fields[] = {
	ENTRY_FIELDS(wf_facility, 1),
	{"operator", FT_STR, 0, offsetof(wf_facility, operator_name), 0, R_ANY, NULL},
	{"region", FT_ID, 0, offsetof(wf_facility, region_id), 0, R_ANY, NULL},
	{"year", FT_INT, 0, offsetof(wf_facility, year), 0, R_POS, NULL},
	Q(wf_facility, pue, WF_DIM_NONE, R_GE1),
	Q(wf_facility, wue, WF_DIM_WATER_INTENSITY, R_NONNEG),
	Q(wf_facility, water_intensity, WF_DIM_WATER_INTENSITY, R_NONNEG),
	Q(wf_facility, capacity, WF_DIM_POWER, R_POS),
	{"climate", FT_CUSTOM, 0, 0, 0, R_ANY, map_facility_climate},
};

static const field factors_fields[] = {
	ENTRY_FIELDS(wf_factors, 1),
	{"basis", FT_CUSTOM, 0, 0, 0, R_ANY, map_factors_basis},
	{"values", FT_CUSTOM, 0, 0, 0, R_ANY, map_factor_values},
	{"imports", FT_CUSTOM, 0, 0, 0, R_ANY, map_factor_imports},
};

static const field workload_fields[] = {
	ENTRY_FIELDS(wf_workload, 0),
	{"kind", FT_CUSTOM, 0, 0, 0, R_ANY, map_wl_kind},
	{"accelerator", FT_ID, 0, offsetof(wf_workload, accel_id), 0, R_ANY, NULL},
	{"node", FT_ID, 0, offsetof(wf_workload, node_id), 0, R_ANY, NULL},
	{"precision", FT_CUSTOM, 0, 0, 0, R_ANY, map_precision},
	Q(wf_workload, devices, WF_DIM_NONE, R_COUNT),
	Q(wf_workload, nodes, WF_DIM_NONE, R_COUNT),
	/* device_hours: a time, or a plain count of hours (see engine.c) */
	Q(wf_workload, device_hours, WF_DIM_COUNT_, R_POS),
	Q(wf_workload, wall_time, WF_DIM_TIME, R_POS),
	Q(wf_workload, power_per_device, WF_DIM_POWER, R_POS),
	Q(wf_workload, utilisation, WF_DIM_NONE, R_FRAC),
	Q(wf_workload, flops, WF_DIM_COMPUTE, R_POS),
	Q(wf_workload, params, WF_DIM_NONE, R_POS),
	Q(wf_workload, tokens, WF_DIM_NONE, R_POS),
	Q(wf_workload, mfu, WF_DIM_NONE, R_FRAC_POS),
	Q(wf_workload, overhead_factor, WF_DIM_NONE, R_GE1),
	Q(wf_workload, host_power, WF_DIM_POWER, R_NONNEG),
	Q(wf_workload, host_memory, WF_DIM_DATA, R_NONNEG),
	Q(wf_workload, memory_power, WF_DIM_POWER_PER_DATA, R_NONNEG),
	Q(wf_workload, requests, WF_DIM_NONE, R_POS),
	Q(wf_workload, request_rate, WF_DIM_RATE, R_POS),
	Q(wf_workload, tokens_per_request, WF_DIM_NONE, R_POS),
	Q(wf_workload, throughput, WF_DIM_RATE, R_POS),
	Q(wf_workload, energy_per_token, WF_DIM_ENERGY, R_POS),
	Q(wf_workload, energy_per_request, WF_DIM_ENERGY, R_POS),
	Q(wf_workload, idle_power, WF_DIM_POWER, R_NONNEG),
	{"energy", FT_CUSTOM, 0, 0, 0, R_ANY, wf_ld_map_energy},
	{"power_log", FT_CUSTOM, 0, 0, 0, R_ANY, wf_ld_map_power_log},
	{"runs", FT_INT, 0, offsetof(wf_workload, runs), 0, R_POS, NULL},
	{"strict", FT_BOOL, 0, offsetof(wf_workload, strict), 0, R_ANY, NULL},
};

/* The fields of each kind (its top-level key: wf_kind_name; its singular,
 * for messages: wf_kind_singular). */
const wf_kind_def wf_ld_kinds[WF_KIND_COUNT] = {
	[WF_KIND_ACCELERATOR] = {accel_fields, N(accel_fields), sizeof(wf_accel)},
	[WF_KIND_NODE] = {node_fields, N(node_fields), sizeof(wf_nodedef)},
	[WF_KIND_GRID] = {grid_fields, N(grid_fields), sizeof(wf_grid)},
	[WF_KIND_FACILITY] = {facility_fields, N(facility_fields), sizeof(wf_facility)},
	[WF_KIND_WORKLOAD] = {workload_fields, N(workload_fields), sizeof(wf_workload)},
	[WF_KIND_FACTORS] = {factors_fields, N(factors_fields), sizeof(wf_factors)},
	[WF_KIND_PATHWAY] = {pathway_fields, N(pathway_fields), sizeof(wf_grid)},
	[WF_KIND_PUE_CURVE] = {pue_curve_fields, N(pue_curve_fields), sizeof(wf_pue_curve)},
	[WF_KIND_EMBODIED] = {embodied_fields, N(embodied_fields), sizeof(wf_embfactor)},
	[WF_KIND_REGIONAL_FACTOR] = {wf_ld_regional_fields, WF_LD_REGIONAL_NF,
				     sizeof(wf_regional_factor)},
	[WF_KIND_WATER_AREA] = {wf_ld_water_fields, WF_LD_WATER_NF, sizeof(wf_water_area)},
	[WF_KIND_DEMAND] = {wf_ld_demand_fields, WF_LD_DEMAND_NF, sizeof(wf_demand)},
};

int wf_workload_map(wf_catalog *cat, wf_workload *out, const wf_node *n,
		    wf_error *err)
{
	return wf_ld_map_fields(cat, out, workload_fields, N(workload_fields), n,
			  "workload", err);
}

/* ------------------------------------------ the tables, read only (schema) */

int wf_loader_key(wf_kind k, size_t i, wf_key_info *out)
{
	static const wf_key_type types[] = {
		[FT_STR] = WF_KEY_STR, [FT_ID] = WF_KEY_ID, [FT_QTY] = WF_KEY_QTY,
		[FT_INT] = WF_KEY_INT, [FT_BOOL] = WF_KEY_BOOL, [FT_CUSTOM] = WF_KEY_CUSTOM};
	const field *f;

	if ((int)k < 0 || k >= WF_KIND_COUNT || i >= wf_ld_kinds[k].nf)
		return WF_ENOTFOUND;
	f = &wf_ld_kinds[k].fields[i];
	memset(out, 0, sizeof(*out));
	out->key = f->key;
	out->type = types[f->type];
	out->dim = f->dim;
	out->required = f->required;
	out->range = wf_ld_range_text(f->range);
	out->min = -INFINITY;
	out->max = INFINITY;
	switch (f->range) {
	case R_NONNEG: out->min = 0; break;
	case R_POS: out->min = 0, out->min_open = 1; break;
	case R_GE1: out->min = 1; break;
	case R_FRAC: out->min = 0, out->max = 1; break;
	case R_FRAC_POS: out->min = 0, out->min_open = 1, out->max = 1; break;
	case R_COUNT: out->min = 1; break;
	default: break;
	}
	if (f->type == FT_INT) /* parse_int's bounds */
		out->min = f->range == R_POS ? 1 : 0, out->min_open = 0, out->max = 100000000;
	return 0;
}


const char *const *wf_loader_climate_keys(size_t *n)
{
	*n = N(climate_keys);
	return climate_keys;
}


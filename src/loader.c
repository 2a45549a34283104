/*
 * loader.c - model files into typed catalog entries.
 *
 * Each kind of entry is described by a small table of fields (key, type,
 * dimension, range, required), so unknown keys are caught in one place and
 * answered with the nearest known key.  Values keep the file:line:col of
 * the YAML node they came from.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "error.h"
#include "quantity.h"
#include "regex.h"
#include "series.h"
#include "table.h"

const char *const wf_prec_names[WF_PREC_COUNT] = {
	"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4"};

typedef enum ftype {
	FT_STR,    /* const char* */
	FT_ID,     /* const char*, checked against the id pattern */
	FT_QTY,    /* wf_param of a dimension */
	FT_INT,    /* wf_param, dimensionless whole number */
	FT_BOOL,   /* int */
	FT_CUSTOM  /* parsed by a function */
} ftype;

typedef enum frange {
	R_ANY = 0,
	R_NONNEG,  /* >= 0 */
	R_POS,     /* > 0 */
	R_GE1,     /* >= 1 (PUE, overhead factors) */
	R_FRAC,    /* 0..1 */
	R_FRAC_POS /* (0, 1] */
} frange;

typedef int (*fcustom)(wf_catalog *cat, void *entry, const wf_node *v,
		       wf_error *err);

typedef struct field {
	const char *key;
	ftype type;
	wf_dim dim;
	size_t off;
	int required;
	frange range;
	fcustom custom;
} field;

static const char *range_text(frange r)
{
	switch (r) {
	case R_NONNEG: return "at least 0";
	case R_POS: return "greater than 0";
	case R_GE1: return "at least 1";
	case R_FRAC: return "between 0 and 1";
	case R_FRAC_POS: return "greater than 0 and at most 1";
	default: return "finite";
	}
}

static int in_range(double x, frange r)
{
	if (!isfinite(x))
		return 0;
	switch (r) {
	case R_NONNEG: return x >= 0;
	case R_POS: return x > 0;
	case R_GE1: return x >= 1;
	case R_FRAC: return x >= 0 && x <= 1;
	case R_FRAC_POS: return x > 0 && x <= 1;
	default: return 1;
	}
}

/* Every point a distribution can reach must be in range; for unbounded
 * distributions (normal) the mean must be, and sampling clamps later. */
static int value_in_range(const wf_value *v, frange r)
{
	switch (v->kind) {
	case WF_DIST_FIXED: return in_range(v->p[0], r);
	case WF_DIST_UNIFORM: return in_range(v->p[0], r) && in_range(v->p[1], r);
	case WF_DIST_TRI:
	case WF_DIST_PERT:
		return in_range(v->p[0], r) && in_range(v->p[1], r) && in_range(v->p[2], r);
	case WF_DIST_NORMAL: return in_range(v->p[0], r);
	case WF_DIST_LOGNORMAL: return in_range(v->p[0], r);
	}
	return 0;
}

static int expect_type(const wf_node *n, wf_node_type t, const char *key,
		       wf_error *err)
{
	if (n->type == t)
		return 0;
	return wf_error_set(err, WF_EINPUT, "model", n->file, n->line, n->col,
			    "%s: expected %s, got %s", key, wf_node_type_name(t),
			    wf_node_type_name(n->type));
}

int wf_param_parse(wf_catalog *cat, wf_param *out, const wf_node *n, wf_dim dim,
		   const char *key, wf_error *err)
{
	wf_parse_error pe;
	int rc;

	if (expect_type(n, WF_NODE_SCALAR, key, err))
		return WF_EINPUT;
	memset(&pe, 0, sizeof(pe));
	rc = wf_qparser_parse(cat->qp, &out->v, n->text, dim, &pe);
	if (rc) {
		/* A quoted scalar starts one column after its quote. */
		int col = n->col + pe.offset + (n->plain ? 0 : 1);
		if (rc == WF_EDIM)
			return wf_error_set(err, WF_EDIM, "model", n->file, n->line, n->col,
					    "%s: %s", key, pe.message);
		return wf_error_set(err, rc, "model", n->file, n->line, col, "%s: %s",
				    key, pe.message);
	}
	out->set = 1;
	out->file = n->file;
	out->line = n->line;
	out->col = n->col;
	return 0;
}

static int parse_int(wf_param *out, const wf_node *n, const char *key,
		     long lo, long hi, wf_error *err)
{
	char *end;
	long x;

	if (expect_type(n, WF_NODE_SCALAR, key, err))
		return WF_EINPUT;
	errno = 0;
	x = strtol(n->text, &end, 10);
	if (end == n->text || *end != '\0' || errno != 0 || x < lo || x > hi)
		return wf_error_set(err, WF_EINPUT, "model", n->file, n->line, n->col,
				    "%s: expected a whole number from %ld to %ld, got \"%s\"",
				    key, lo, hi, n->text);
	out->v.kind = WF_DIST_FIXED;
	out->v.dim = WF_DIM_NONE;
	out->v.p[0] = (double)x;
	out->set = 1;
	out->file = n->file;
	out->line = n->line;
	out->col = n->col;
	return 0;
}

static int parse_bool(int *out, const wf_node *n, const char *key, wf_error *err)
{
	if (expect_type(n, WF_NODE_SCALAR, key, err))
		return WF_EINPUT;
	if (strcmp(n->text, "true") == 0 || strcmp(n->text, "yes") == 0)
		*out = 1;
	else if (strcmp(n->text, "false") == 0 || strcmp(n->text, "no") == 0)
		*out = 0;
	else
		return wf_error_set(err, WF_EINPUT, "model", n->file, n->line, n->col,
				    "%s: expected true or false, got \"%s\"", key, n->text);
	return 0;
}

static int check_id(wf_catalog *cat, const wf_node *n, const char *key,
		    wf_error *err)
{
	int rc = pcre2_match((pcre2_code *)cat->id_re, (PCRE2_SPTR)n->text,
			     PCRE2_ZERO_TERMINATED, 0, 0,
			     (pcre2_match_data *)cat->id_md,
			     (pcre2_match_context *)cat->id_mctx);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return wf_error_set(err, WF_EINPUT, "model", n->file, n->line, n->col,
				    "%s: cannot check \"%.64s\" against the id pattern: "
				    "PCRE2 error %d", key, n->text, rc);
	if (rc < 0)
		return wf_error_set(err, WF_EINPUT, "model", n->file, n->line, n->col,
				    "%s: \"%s\" is not a valid id (letters, digits, '-', "
				    "'_' and '.', starting with a letter or digit, at most 64)",
				    key, n->text);
	return 0;
}

static int map_fields(wf_catalog *cat, void *entry, const field *fields,
		      size_t nf, const wf_node *map, const char *what,
		      wf_error *err)
{
	const char *names[48];
	size_t i, j;
	int rc;

	if (expect_type(map, WF_NODE_MAP, what, err))
		return WF_EINPUT;
	for (i = 0; i < map->n; i++) {
		const wf_node *k = wf_node_key(map, i), *v = wf_node_value(map, i);
		const field *f = NULL;
		char *base = entry;
		for (j = 0; j < nf; j++)
			if (strcmp(fields[j].key, k->text) == 0)
				f = &fields[j];
		if (!f) {
			const char *near;
			for (j = 0; j < nf && j < 48; j++)
				names[j] = fields[j].key;
			near = wf_nearest(k->text, names, j);
			if (near)
				return wf_error_set(err, WF_EINPUT, "model", k->file, k->line,
						    k->col,
						    "unknown key \"%s\" in %s (did you mean \"%s\"?)",
						    k->text, what, near);
			return wf_error_set(err, WF_EINPUT, "model", k->file, k->line, k->col,
					    "unknown key \"%s\" in %s", k->text, what);
		}
		switch (f->type) {
		case FT_STR:
		case FT_ID:
			if (expect_type(v, WF_NODE_SCALAR, f->key, err))
				return WF_EINPUT;
			if (v->text[0] == '\0')
				return wf_error_set(err, WF_EINPUT, "model", v->file, v->line,
						    v->col, "%s: must not be empty", f->key);
			if (f->type == FT_ID && (rc = check_id(cat, v, f->key, err)))
				return rc;
			*(const char **)(base + f->off) = v->text;
			break;
		case FT_QTY: {
			wf_param *p = (wf_param *)(base + f->off);
			if ((rc = wf_param_parse(cat, p, v, f->dim, f->key, err)))
				return rc;
			if (!value_in_range(&p->v, f->range))
				return wf_error_set(err, WF_EINPUT, "model", v->file, v->line,
						    v->col, "%s: must be %s, got \"%s\"", f->key,
						    range_text(f->range), v->text);
			break;
		}
		case FT_INT:
			if ((rc = parse_int((wf_param *)(base + f->off), v, f->key,
					    f->range == R_POS ? 1 : 0, 100000000L, err)))
				return rc;
			break;
		case FT_BOOL:
			if ((rc = parse_bool((int *)(base + f->off), v, f->key, err)))
				return rc;
			break;
		case FT_CUSTOM:
			if ((rc = f->custom(cat, entry, v, err)))
				return rc;
			break;
		}
	}
	for (j = 0; j < nf; j++) {
		const char *base = entry;
		int missing = 0;
		if (!fields[j].required)
			continue;
		if (fields[j].type == FT_STR || fields[j].type == FT_ID)
			missing = *(const char *const *)(base + fields[j].off) == NULL;
		else if (fields[j].type == FT_QTY || fields[j].type == FT_INT)
			missing = !((const wf_param *)(base + fields[j].off))->set;
		else if (fields[j].type == FT_CUSTOM)
			missing = wf_node_get(map, fields[j].key) == NULL;
		if (missing)
			return wf_error_set(err, WF_EINPUT, "model", map->file, map->line,
					    map->col, "%s: missing required key \"%s\"", what,
					    fields[j].key);
	}
	return 0;
}

/* ------------------------------------------------------------ custom keys */

static int map_peak(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_accel *a = entry;
	size_t i;
	int p, rc;

	if (expect_type(v, WF_NODE_MAP, "peak", err))
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
		if (!value_in_range(&a->peak[p].v, R_POS))
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
		/* f(u) = 2u - u^r; monotone on [0,1] iff 1 <= r <= 2 (MODELLING 1.4) */
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
	if (expect_type(pts, WF_NODE_SEQ, "curve", err))
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
		if (!in_range(c->u[i], R_FRAC) || !in_range(c->f[i], R_FRAC) ||
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
	if (expect_type(v, WF_NODE_SCALAR, "basis", err))
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

static char *sibling_path(wf_arena *a, const char *base, const char *rel);

/* series: a CSV path relative to this file, read now (once per file), so a
 * malformed series fails the load; the region is picked at finish. */
static int map_grid_series(wf_catalog *cat, void *entry, const wf_node *v,
			   wf_error *err)
{
	wf_grid *g = entry;
	wf_series_file *f = NULL;
	wf_file_stamp st;
	wf_error e;
	char *p;
	size_t i;
	int rc;

	if (expect_type(v, WF_NODE_SCALAR, "series", err))
		return WF_EINPUT;
	if (!(p = sibling_path(&cat->arena, v->file, v->text)))
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	/* "data/grids/../series/x.csv" -> "data/series/x.csv" for messages */
	for (char *up; (up = strstr(p, "/../")) && up > p;) {
		char *seg = up;
		while (seg > p && seg[-1] != '/')
			seg--;
		if (strncmp(seg, "../", 3) == 0 || strncmp(seg, "./", 2) == 0)
			break;
		memmove(seg, up + 4, strlen(up + 4) + 1);
	}
	for (i = 0; i < cat->n_sfiles; i++)
		if (strcmp(cat->sfiles[i].path, p) == 0)
			f = &cat->sfiles[i];
	if (!f) {
		if (cat->n_sfiles == cat->cap_sfiles) {
			size_t cap = cat->cap_sfiles ? 2 * cat->cap_sfiles : 4;
			wf_series_file *ns = realloc(cat->sfiles, cap * sizeof(*ns));
			if (!ns)
				return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0,
						    "out of memory");
			cat->sfiles = ns;
			cat->cap_sfiles = cap;
		}
		f = &cat->sfiles[cat->n_sfiles];
		memset(f, 0, sizeof(*f));
		f->path = p;
		wf_error_clear(&e);
		if ((rc = wf_series_read(&f->s, &f->n, p, NULL, NULL, &st, &e))) {
			/* a file that cannot be read at all: say where it is named */
			if (!e.line)
				return wf_error_set(err, rc, "model", v->file, v->line, v->col,
						    "series: \"%s\"%s%s", p,
						    strncmp(e.message, "is ", 3) ? ": " : " ",
						    e.message);
			return wf_error_set(err, rc, e.module, e.file, e.line, e.col, "%s",
					    e.message);
		}
		cat->n_sfiles++;
		if (wf_catalog_add_file(cat, p, &st) < 0)
			return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	}
	g->series = f->path;
	g->series_file = v->file;
	g->series_line = v->line;
	g->series_col = v->col;
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

	if (expect_type(v, WF_NODE_MAP, key, err))
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
		if (!value_in_range(&m->vals[i].v, range))
			return wf_error_set(err, WF_EINPUT, "model", val->file, val->line,
					    val->col, "%s: %s must be %s, got \"%s\"", key,
					    m->keys[i], range_text(range), val->text);
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
	if (expect_type(v, WF_NODE_SCALAR, "intensity_from", err))
		return WF_EINPUT;
	if (strcmp(v->text, "parent") != 0)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "intensity_from: expected \"parent\", got \"%s\"",
				    v->text);
	((wf_grid *)entry)->from_parent = 1;
	return 0;
}

/* Add one annual value, keeping years sorted and unique. */
static int grid_add_year(wf_catalog *cat, wf_grid *g, int year, const wf_param *p,
			 const char *file, int line, int col, wf_error *err)
{
	size_t i, pos = g->n_years;

	for (i = 0; i < g->n_years; i++) {
		if (g->years[i] == year)
			return wf_error_set(err, WF_EINPUT, "model", file, line, col,
					    "intensity: year %d given twice for \"%s\"",
					    year, g->e.id ? g->e.id : "?");
		if (g->years[i] > year && pos == g->n_years)
			pos = i;
	}
	{
		int *ny = wf_arena_grow(&cat->arena, NULL, 0, g->n_years + 1, sizeof(int));
		wf_param *np = wf_arena_grow(&cat->arena, NULL, 0, g->n_years + 1,
					     sizeof(wf_param));
		if (!ny || !np)
			return wf_error_set(err, WF_ENOMEM, "model", file, 0, 0, "out of memory");
		if (pos)
			memcpy(ny, g->years, pos * sizeof(int)),
				memcpy(np, g->intensity, pos * sizeof(wf_param));
		ny[pos] = year;
		np[pos] = *p;
		if (g->n_years > pos) {
			memcpy(ny + pos + 1, g->years + pos, (g->n_years - pos) * sizeof(int));
			memcpy(np + pos + 1, g->intensity + pos,
			       (g->n_years - pos) * sizeof(wf_param));
		}
		g->years = ny;
		g->intensity = np;
		g->n_years++;
	}
	return 0;
}

static int map_interpolation(wf_catalog *cat, void *entry, const wf_node *v,
			     wf_error *err)
{
	(void)cat;
	if (expect_type(v, WF_NODE_SCALAR, "interpolation", err))
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
		const wf_table *t;
		size_t r, first, n;
		if ((rc = wf_table_open(cat, &t, v->text, v->file, v->line, v->col, err)))
			return rc;
		n = wf_table_rows(t, g->e.id ? g->e.id : "", &first);
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
	if (expect_type(v, WF_NODE_MAP, "intensity", err))
		return WF_EINPUT;
	for (i = 0; i < v->n; i++) {
		const wf_node *k = wf_node_key(v, i), *val = wf_node_value(v, i);
		wf_param yp, p;
		memset(&p, 0, sizeof(p));
		if ((rc = parse_int(&yp, k, "intensity year", 1900, 2200, err)))
			return rc;
		if ((rc = wf_param_parse(cat, &p, val, WF_DIM_INTENSITY, "intensity", err)))
			return rc;
		if (!value_in_range(&p.v, R_NONNEG))
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
	if (expect_type(v, WF_NODE_SCALAR, "kind", err))
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
	if (expect_type(v, WF_NODE_SCALAR, "precision", err))
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
};

static const field grid_fields[] = {
	ENTRY_FIELDS(wf_grid, 1),
	{"parent", FT_ID, 0, offsetof(wf_grid, parent_id), 0, R_ANY, NULL},
	{"basis", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_basis},
	{"intensity", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_intensity},
	{"intensity_from", FT_CUSTOM, 0, 0, 0, R_ANY, map_from_parent},
	{"series", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_series},
	{"series_region", FT_STR, 0, offsetof(wf_grid, series_region), 0, R_ANY, NULL},
	{"series_basis", FT_CUSTOM, 0, 0, 0, R_ANY, map_series_basis},
	{"mix", FT_CUSTOM, 0, 0, 0, R_ANY, map_grid_mix},
	{"factors", FT_ID, 0, offsetof(wf_grid, factors_id), 0, R_ANY, NULL},
	Q(wf_grid, cfe, WF_DIM_NONE, R_FRAC),
};

/* pue_by_drybulb_c: {TEMPERATURE_C: PUE, ...}, at least 3 points. */
static int map_pue_points(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_pue_curve *pc = entry;
	size_t i, j;

	if (expect_type(v, WF_NODE_MAP, "pue_by_drybulb_c", err))
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
		if (expect_type(val, WF_NODE_SCALAR, "pue_by_drybulb_c", err))
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
};

/* climate: {pue_curve: ID, temperature_c: T} or monthly_temperature_c:
 * kept as written and read by the engine like a site's. */
static int map_facility_climate(wf_catalog *cat, void *entry, const wf_node *v,
				wf_error *err)
{
	static const char *const keys[] = {"pue_curve", "temperature_c",
					   "monthly_temperature_c", "it_load"};
	const size_t nk = sizeof(keys) / sizeof(keys[0]);
	size_t i, k;

	(void)cat;
	if (expect_type(v, WF_NODE_MAP, "climate", err))
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
	Q(wf_workload, devices, WF_DIM_NONE, R_POS),
	Q(wf_workload, nodes, WF_DIM_NONE, R_POS),
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
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct kind_def {
	const char *key;     /* top-level key */
	const char *what;    /* singular, for messages */
	const field *fields;
	size_t nf;
	size_t size;
} kinds[WF_KIND_COUNT] = {
	[WF_KIND_ACCELERATOR] = {"accelerators", "accelerator", accel_fields,
				 N(accel_fields), sizeof(wf_accel)},
	[WF_KIND_NODE] = {"nodes", "node", node_fields, N(node_fields),
			  sizeof(wf_nodedef)},
	[WF_KIND_GRID] = {"grids", "grid", grid_fields, N(grid_fields), sizeof(wf_grid)},
	[WF_KIND_FACILITY] = {"facilities", "facility", facility_fields,
			      N(facility_fields), sizeof(wf_facility)},
	[WF_KIND_WORKLOAD] = {"workloads", "workload", workload_fields,
			      N(workload_fields), sizeof(wf_workload)},
	[WF_KIND_FACTORS] = {"factors", "factor set", factors_fields,
			     N(factors_fields), sizeof(wf_factors)},
	[WF_KIND_PATHWAY] = {"pathways", "pathway", pathway_fields, N(pathway_fields),
			     sizeof(wf_grid)},
	[WF_KIND_PUE_CURVE] = {"pue_curves", "PUE curve", pue_curve_fields,
			       N(pue_curve_fields), sizeof(wf_pue_curve)},
};

WF_API const char *wf_kind_name(wf_kind kind)
{
	return kind < WF_KIND_COUNT ? kinds[kind].key : "?";
}

WF_API int wf_kind_parse(wf_kind *out, const char *name)
{
	int k;

	for (k = 0; k < WF_KIND_COUNT; k++)
		if (strcmp(name, kinds[k].key) == 0) {
			*out = (wf_kind)k;
			return 0;
		}
	return WF_ENOTFOUND;
}

const char *wf_basis_name(wf_basis b)
{
	switch (b) {
	case WF_BASIS_LIFECYCLE: return "lifecycle";
	case WF_BASIS_DIRECT: return "direct";
	case WF_BASIS_UNSTATED: return "unstated";
	default: return "unspecified";
	}
}

int wf_workload_map(wf_catalog *cat, wf_workload *out, const wf_node *n,
		    wf_error *err)
{
	return map_fields(cat, out, workload_fields, N(workload_fields), n,
			  "workload", err);
}

/* ------------------------------------------------------------- file level */

static int push_entry(wf_catalog *cat, wf_kind k, void *e, wf_error *err)
{
	const wf_entry *ne = e;
	const wf_entry *old = wf_catalog_get(cat, k, ne->id);

	if (old)
		return wf_error_set(err, WF_EINPUT, "model", ne->file, ne->line, ne->col,
				    "duplicate %s id \"%s\" (first defined at %s:%d)",
				    kinds[k].what, ne->id, old->file, old->line);
	if (cat->kinds[k].n == cat->kinds[k].cap) {
		size_t cap = cat->kinds[k].cap ? 2 * cat->kinds[k].cap : 64;
		void **items = wf_arena_grow(&cat->arena, cat->kinds[k].items,
					     cat->kinds[k].n, cap, sizeof(void *));
		if (!items)
			return wf_error_set(err, WF_ENOMEM, "model", ne->file, 0, 0,
					    "out of memory");
		cat->kinds[k].items = items;
		cat->kinds[k].cap = cap;
	}
	cat->kinds[k].items[cat->kinds[k].n++] = e;
	return 0;
}

static int check_entry(const wf_kind k, void *e, wf_error *err)
{
	if (k == WF_KIND_ACCELERATOR) {
		wf_accel *a = e;
		if (a->idle.set && wf_value_nominal(&a->idle.v) > wf_value_nominal(&a->tdp.v))
			return wf_error_set(err, WF_EINPUT, "model", a->idle.file,
					    a->idle.line, a->idle.col,
					    "idle: idle power is above the TDP");
		if (a->embodied.set && !a->embodied_scope)
			return wf_error_set(err, WF_EINPUT, "model", a->e.file, a->e.line,
					    a->e.col,
					    "accelerator \"%s\": embodied needs embodied_scope "
					    "(what the figure covers)", a->e.id);
	} else if (k == WF_KIND_GRID) {
		wf_grid *g = e;
		if (g->from_parent && (g->n_years || !g->parent_id))
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "grid \"%s\": intensity_from: parent needs a parent "
					    "and no intensity of its own", g->e.id);
		if (g->series && g->series_basis == WF_BASIS_UNSET)
			return wf_error_set(err, WF_EINPUT, "model", g->series_file,
					    g->series_line, g->series_col,
					    "grid \"%s\": series needs series_basis (lifecycle, "
					    "direct, or unstated)", g->e.id);
		if ((g->series_region || g->series_basis != WF_BASIS_UNSET) && !g->series)
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "grid \"%s\": series_region and series_basis need "
					    "series (a CSV file)", g->e.id);
		if (g->n_years && g->basis == WF_BASIS_UNSET)
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "grid \"%s\": intensity needs a basis (lifecycle, "
					    "direct, or unstated when the source does not say)",
					    g->e.id);
	} else if (k == WF_KIND_FACILITY) {
		wf_facility *f = e;
		if (f->climate && f->pue.set)
			return wf_error_set(err, WF_EINPUT, "model", f->pue.file, f->pue.line,
					    f->pue.col,
					    "facility \"%s\": give pue or climate, not both",
					    f->e.id);
	} else if (k == WF_KIND_PATHWAY) {
		wf_grid *g = e;
		if (g->basis == WF_BASIS_UNSET)
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "pathway \"%s\": needs a basis (lifecycle, direct, "
					    "or unstated)", g->e.id);
		/* the engine reads a pathway's first and last years (found by
		 * fuzz_eval: an empty intensity: {} read years[-1]) */
		if (g->n_years == 0)
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "pathway \"%s\": intensity: expected at least one "
					    "year", g->e.id);
		if (g->steffen && g->n_years < 3)
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "pathway \"%s\": steffen interpolation needs at "
					    "least 3 years, got %zu", g->e.id, g->n_years);
	} else if (k == WF_KIND_FACTORS) {
		wf_factors *f = e;
		if (f->basis == WF_BASIS_UNSET || f->values.n == 0)
			return wf_error_set(err, WF_EINPUT, "model", f->e.file, f->e.line,
					    f->e.col,
					    "factor set \"%s\": needs basis and values", f->e.id);
	}
	return 0;
}

static int load_kind(wf_catalog *cat, wf_kind k, const wf_node *seq, wf_error *err)
{
	size_t i;
	int rc;

	if (expect_type(seq, WF_NODE_SEQ, kinds[k].key, err))
		return WF_EINPUT;
	for (i = 0; i < seq->n; i++) {
		const wf_node *m = seq->items[i];
		wf_entry *e = wf_arena_alloc(&cat->arena, kinds[k].size);
		if (!e)
			return wf_error_set(err, WF_ENOMEM, "model", m->file, 0, 0,
					    "out of memory");
		e->file = m->file;
		e->line = m->line;
		e->col = m->col;
		if (m->type == WF_NODE_MAP) {
			/* The id first, so later messages can name the entry. */
			const wf_node *id = wf_node_get(m, "id");
			if (id && id->type == WF_NODE_SCALAR)
				e->id = id->text;
		}
		if ((rc = map_fields(cat, e, kinds[k].fields, kinds[k].nf, m,
				     kinds[k].what, err)))
			return rc;
		if (k == WF_KIND_WORKLOAD && !e->id)
			return wf_error_set(err, WF_EINPUT, "model", m->file, m->line, m->col,
					    "workload: missing required key \"id\"");
		if ((rc = check_entry(k, e, err)) || (rc = push_entry(cat, k, e, err)))
			return rc;
	}
	return 0;
}

static int push_doc(wf_catalog *cat, wf_docref **arr, size_t *n, size_t *cap,
		    wf_node *node, wf_error *err)
{
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 4;
		wf_docref *na = wf_arena_grow(&cat->arena, *arr, *n, nc, sizeof(wf_docref));
		if (!na)
			return wf_error_set(err, WF_ENOMEM, "model", node->file, 0, 0,
					    "out of memory");
		*arr = na;
		*cap = nc;
	}
	(*arr)[*n].node = node;
	(*arr)[*n].file = node->file;
	(*n)++;
	return 0;
}

static int load_file(wf_catalog *cat, const char *path, const wf_node *from, int once,
		     wf_error *err);

static char *sibling_path(wf_arena *a, const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/');
	size_t dl = slash ? (size_t)(slash - base) + 1 : 0;
	char *p;

	if (rel[0] == '/' || dl == 0)
		return wf_arena_strdup(a, rel);
	p = wf_arena_alloc(a, dl + strlen(rel) + 1);
	if (p) {
		memcpy(p, base, dl);
		strcpy(p + dl, rel);
	}
	return p;
}

static int load_includes(wf_catalog *cat, const wf_node *v, wf_error *err)
{
	size_t i;
	int rc;

	/* A list of files, or a single file. */
	if (v->type != WF_NODE_SEQ && v->type != WF_NODE_SCALAR)
		return expect_type(v, WF_NODE_SEQ, "include", err);
	for (i = 0; i < (v->type == WF_NODE_SEQ ? v->n : 1); i++) {
		const wf_node *f = v->type == WF_NODE_SEQ ? v->items[i] : v;
		char *p;
		if (expect_type(f, WF_NODE_SCALAR, "include", err))
			return WF_EINPUT;
		p = sibling_path(&cat->arena, f->file, f->text);
		if (!p)
			return wf_error_set(err, WF_ENOMEM, "model", f->file, 0, 0, "out of memory");
		if ((rc = load_file(cat, p, f, 1, err)))
			return rc;
	}
	return 0;
}

static int load_root(wf_catalog *cat, wf_node *root, wf_error *err);

/* The model file with this stamp among those this catalog (or a parent)
 * read, or NULL. */
static const wf_file_rec *find_model_file(const wf_catalog *cat, const wf_file_stamp *st)
{
	size_t i;

	for (; cat; cat = cat->parent)
		for (i = 0; i < cat->n_files; i++)
			if (cat->files[i].yaml && cat->files[i].st.dev == st->dev &&
			    cat->files[i].st.ino == st->ino)
				return &cat->files[i];
	return NULL;
}

/* Load one model file.  `from` is the include: node naming it (errors
 * opening the file point there), or NULL for a file named directly, which
 * is always loaded; an included (or directory) file that this catalog or
 * a parent already loaded is not loaded again.  Bounded: 32 nested
 * includes, WF_DOC_MAX_FILES files, WF_DOC_MAX_TOTAL_BYTES and
 * WF_DOC_MAX_TOTAL_NODES in all. */
static int load_file(wf_catalog *cat, const char *path, const wf_node *from, int once,
		     wf_error *err)
{
	const wf_file_rec *seen;
	wf_file_stamp st;
	wf_node *root;
	wf_error e;
	size_t i;
	long idx;
	int rc, fd;

	for (i = 0; i < cat->n_loading; i++)
		if (strcmp(cat->loading[i], path) == 0)
			return wf_error_set(err, WF_EINPUT, "model", path, 0, 0,
					    "include cycle: %s includes itself (via %s)", path,
					    cat->loading[cat->n_loading - 1]);
	if (cat->n_loading >= 32)
		return wf_error_set(err, WF_EINPUT, "model", path, 0, 0,
				    "includes nested deeper than 32 files");
	wf_error_clear(&e);
	if ((rc = wf_file_open(&fd, &st, path, WF_DOC_MAX_BYTES, "yaml", NULL, "model files",
			       &e))) {
		if (from && strncmp(e.message, "cannot open: ", 13) == 0)
			return wf_error_set(err, rc, "model", from->file, from->line, from->col,
					    "include: cannot open \"%s\": %s", path, e.message + 13);
		if (from)
			return wf_error_set(err, rc, "model", from->file, from->line, from->col,
					    "include: \"%s\"%s%s", path,
					    strncmp(e.message, "is ", 3) ? ": " : " ", e.message);
		return wf_error_set(err, rc, e.module, e.file, e.line, e.col, "%s", e.message);
	}
	if ((seen = find_model_file(cat, &st)) != NULL && (!seen->done || once)) {
		close(fd);
		if (seen->done)
			return 0; /* loaded once already */
		return wf_error_set(err, WF_EINPUT, "model", path, 0, 0,
				    "include cycle: %s includes itself (via %s)", path,
				    cat->n_loading ? cat->loading[cat->n_loading - 1] : path);
	}
	if (cat->n_yaml >= WF_DOC_MAX_FILES ||
	    cat->yaml_bytes + st.size_bytes > WF_DOC_MAX_TOTAL_BYTES) {
		close(fd);
		return wf_error_set(err, WF_EINPUT, "model", from ? from->file : path,
				    from ? from->line : 0, from ? from->col : 0,
				    "more than %d model files or %d MiB loaded together (an "
				    "include bomb?)", WF_DOC_MAX_FILES,
				    WF_DOC_MAX_TOTAL_BYTES / (1024 * 1024));
	}
	if ((idx = wf_catalog_add_file(cat, path, &st)) < 0) {
		close(fd);
		return wf_error_set(err, WF_ENOMEM, "model", path, 0, 0, "out of memory");
	}
	cat->files[idx].yaml = 1;
	cat->n_yaml++;
	cat->yaml_bytes += st.size_bytes;
	rc = wf_doc_load_fd(&root, &cat->arena, path, fd, &cat->files[idx].st,
			    &cat->nodes_left, err);
	close(fd);
	if (rc == 0)
		rc = load_root(cat, root, err);
	cat->files[idx].done = 1;
	return rc;
}

int wf_catalog_load_text(wf_catalog *cat, const char *text, size_t len,
			 const char *name, wf_error *err)
{
	wf_node *root;
	int rc;

	if (cat->finished)
		return wf_error_set(err, WF_EINPUT, "model", name, 0, 0,
				    "the catalog is finished and read-only");
	if ((rc = wf_catalog_loader_begin(cat, err)) ||
	    (rc = wf_doc_load_buffer(&root, &cat->arena, text, len, name, 1, 1, err)))
		return rc;
	return load_root(cat, root, err);
}

/* The top-level keys of one document. */
static int load_root(wf_catalog *cat, wf_node *root, wf_error *err)
{
	size_t i;
	int rc, k;

	if (root->type != WF_NODE_MAP)
		return wf_error_set(err, WF_EINPUT, "model", root->file, root->line,
				    root->col,
				    "expected a mapping of top-level keys (include, "
				    "accelerators, nodes, grids, facilities, workloads, "
				    "factors, pathways, pue_curves, scenario, sweep), got %s",
				    wf_node_type_name(root->type));
	cat->loading[cat->n_loading++] = root->file;
	rc = 0;
	for (i = 0; i < root->n && rc == 0; i++) {
		const wf_node *key = wf_node_key(root, i);
		wf_node *val = wf_node_value(root, i);
		if (strcmp(key->text, "include") == 0) {
			rc = load_includes(cat, val, err);
			continue;
		}
		if (strcmp(key->text, "scenario") == 0) {
			rc = expect_type(val, WF_NODE_MAP, "scenario", err);
			if (!rc)
				rc = push_doc(cat, &cat->scenarios, &cat->n_scenarios,
					      &cat->cap_scenarios, val, err);
			continue;
		}
		if (strcmp(key->text, "sweep") == 0) {
			rc = expect_type(val, WF_NODE_MAP, "sweep", err);
			if (!rc)
				rc = push_doc(cat, &cat->sweeps, &cat->n_sweeps,
					      &cat->cap_sweeps, val, err);
			continue;
		}
		for (k = 0; k < WF_KIND_COUNT; k++)
			if (strcmp(key->text, kinds[k].key) == 0)
				break;
		if (k == WF_KIND_COUNT) {
			static const char *const top[] = {
				"include", "accelerators", "nodes", "grids", "facilities",
				"workloads", "factors", "pathways", "pue_curves", "scenario",
				"sweep"};
			const char *near = wf_nearest(key->text, top, N(top));
			rc = wf_error_set(err, WF_EINPUT, "model", key->file, key->line,
					  key->col, "unknown top-level key \"%s\"%s%s%s",
					  key->text, near ? " (did you mean \"" : "",
					  near ? near : "", near ? "\"?)" : "");
			break;
		}
		rc = load_kind(cat, (wf_kind)k, val, err);
	}
	cat->n_loading--;
	return rc;
}

static int is_model_file(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int load_dir(wf_catalog *cat, const char *dir, int depth, wf_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (depth > 16)
		return wf_error_set(err, WF_EINPUT, "model", dir, 0, 0,
				    "directories nested deeper than 16 levels");
	if (!(d = opendir(dir)))
		return wf_error_set(err, WF_EIO, "model", dir, 0, 0, "cannot open: %s",
				    strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 32;
			char **nn = realloc(names, nc * sizeof(char *));
			if (!nn) {
				rc = wf_error_set(err, WF_ENOMEM, "model", dir, 0, 0, "out of memory");
				break;
			}
			names = nn;
			cap = nc;
		}
		{
			size_t dl = strlen(dir);
			char *p = wf_arena_alloc(&cat->arena, dl + strlen(de->d_name) + 2);
			if (!p) {
				rc = wf_error_set(err, WF_ENOMEM, "model", dir, 0, 0,
						  "out of memory");
				break;
			}
			sprintf(p, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
				de->d_name);
			names[n++] = p;
		}
	}
	closedir(d);
	if (rc == 0 && n)
		qsort(names, n, sizeof(char *), cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat st;
		if (stat(names[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = load_dir(cat, names[i], depth + 1, err);
		else if (S_ISREG(st.st_mode) && is_model_file(names[i]))
			rc = load_file(cat, names[i], NULL, 1, err);
	}
	free(names);
	return rc;
}

int wf_catalog_loader_begin(wf_catalog *cat, wf_error *err)
{
	int ec;
	PCRE2_SIZE eo;

	if (!cat->qp && wf_qparser_new(&cat->qp))
		return wf_error_set(err, WF_ENOMEM, "model", NULL, 0, 0, "out of memory");
	if (!cat->id_re) {
		cat->id_re = pcre2_compile((PCRE2_SPTR) "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
					   PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
		if (!cat->id_re)
			return wf_error_set(err, WF_ENOMEM, "model", NULL, 0, 0,
					    "cannot compile the id pattern");
		cat->id_md = pcre2_match_data_create_from_pattern(cat->id_re, NULL);
		cat->id_mctx = pcre2_match_context_create(NULL);
		if (cat->id_mctx)
			wf_pcre2_limits(cat->id_mctx);
		if (!cat->id_md || !cat->id_mctx)
			return wf_error_set(err, WF_ENOMEM, "model", NULL, 0, 0, "out of memory");
	}
	if (!cat->loading) {
		cat->loading = wf_arena_alloc(&cat->arena, 33 * sizeof(char *));
		if (!cat->loading)
			return wf_error_set(err, WF_ENOMEM, "model", NULL, 0, 0, "out of memory");
		cat->nodes_left = WF_DOC_MAX_TOTAL_NODES;
	}
	return 0;
}

void wf_catalog_loader_end(wf_catalog *cat)
{
	wf_qparser_free(cat->qp);
	cat->qp = NULL;
	pcre2_match_data_free((pcre2_match_data *)cat->id_md);
	pcre2_match_context_free((pcre2_match_context *)cat->id_mctx);
	cat->id_mctx = NULL;
	pcre2_code_free((pcre2_code *)cat->id_re);
	cat->id_md = NULL;
	cat->id_re = NULL;
}

WF_API int wf_catalog_load(wf_catalog *cat, const char *path, wf_error *err)
{
	struct stat st;
	int rc;

	if (!cat || !path)
		return wf_error_set(err, WF_EINPUT, "model", NULL, 0, 0,
				    "wf_catalog_load: NULL argument");
	if (cat->finished)
		return wf_error_set(err, WF_EINPUT, "model", path, 0, 0,
				    "the catalog is finished and read-only");
	if ((rc = wf_catalog_loader_begin(cat, err)))
		return rc;
	if (stat(path, &st) != 0)
		return wf_error_set(err, errno == ENOENT ? WF_ENOTFOUND : WF_EIO, "model",
				    path, 0, 0, "cannot open: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return load_dir(cat, path, 0, err);
	return load_file(cat, path, NULL, 0, err);
}

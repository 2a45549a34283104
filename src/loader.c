/*
 * loader.c - model files into typed catalog entries.
 *
 * Each kind of entry is described by a small table of fields (key, type,
 * dimension, range, required; loader_keys.c), so unknown keys are caught in
 * one place and answered with the nearest known key.  Values keep the
 * file:line:col of the YAML node they came from.  This file reads files,
 * includes and directories and maps mappings onto entries; the tables and
 * the keys that need their own parser are in loader_keys.c.
 */
#define _DEFAULT_SOURCE /* d_type and DT_* of readdir */
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

#include "loader_int.h"
#include "error.h"
#include "quantity.h"
#include "regex.h"
#include "series.h"
#include "table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *const wf_prec_names[WF_PREC_COUNT] = {
	"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4"};


const char *wf_ld_range_text(frange r)
{
	switch (r) {
	case R_NONNEG: return "at least 0";
	case R_POS: return "greater than 0";
	case R_GE1: return "at least 1";
	case R_FRAC: return "between 0 and 1";
	case R_FRAC_POS: return "greater than 0 and at most 1";
	case R_COUNT: return "a whole number of at least 1";
	default: return "finite";
	}
}

int wf_ld_in_range(double x, frange r)
{
	if (!isfinite(x))
		return 0;
	switch (r) {
	case R_NONNEG: return x >= 0;
	case R_POS: return x > 0;
	case R_GE1: return x >= 1;
	case R_FRAC: return x >= 0 && x <= 1;
	case R_FRAC_POS: return x > 0 && x <= 1;
	case R_COUNT: return x >= 1;
	default: return 1;
	}
}

/* Every point a distribution can reach must be in range; for unbounded
 * distributions (normal) the mean must be, and sampling clamps later. */
int wf_ld_value_in_range(const wf_value *v, frange r)
{
	switch (v->kind) {
	case WF_DIST_FIXED:
		return wf_ld_in_range(v->p[0], r) && (r != R_COUNT || v->p[0] == floor(v->p[0]));
	case WF_DIST_UNIFORM: return wf_ld_in_range(v->p[0], r) && wf_ld_in_range(v->p[1], r);
	case WF_DIST_TRI:
	case WF_DIST_PERT:
		return wf_ld_in_range(v->p[0], r) && wf_ld_in_range(v->p[1], r) && wf_ld_in_range(v->p[2], r);
	case WF_DIST_NORMAL: return wf_ld_in_range(v->p[0], r);
	case WF_DIST_LOGNORMAL: return wf_ld_in_range(v->p[0], r);
	}
	return 0;
}

int wf_ld_expect_type(const wf_node *n, wf_node_type t, const char *key,
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

	if (wf_ld_expect_type(n, WF_NODE_SCALAR, key, err))
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

int wf_ld_parse_int(wf_param *out, const wf_node *n, const char *key,
		     long lo, long hi, wf_error *err)
{
	char *end;
	long x;

	if (wf_ld_expect_type(n, WF_NODE_SCALAR, key, err))
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
	if (wf_ld_expect_type(n, WF_NODE_SCALAR, key, err))
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

int wf_ld_map_fields(wf_catalog *cat, void *entry, const field *fields,
		      size_t nf, const wf_node *map, const char *what,
		      wf_error *err)
{
	const char *names[48];
	size_t i, j;
	int rc;

	if (wf_ld_expect_type(map, WF_NODE_MAP, what, err))
		return WF_EINPUT;
	for (i = 0; i < map->n; i++) {
		const wf_node *k = wf_node_key(map, i), *v = wf_node_value(map, i);
		const field *f = NULL;
		char *base = entry;
		for (j = 0; j < nf && !f; j++)
			if (fields[j].key[0] == k->text[0] && strcmp(fields[j].key, k->text) == 0)
				f = &fields[j];
		if (!f) {
			const char *near;
			for (j = 0; j < nf && j < 48; j++)
				names[j] = fields[j].key;
			near = wf_nearest(k->text, names, j);
			return wf_doc_unknown_key(err, "model", map, i, what, near);
		}
		switch (f->type) {
		case FT_STR:
		case FT_ID:
			if (wf_ld_expect_type(v, WF_NODE_SCALAR, f->key, err))
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
			if (!wf_ld_value_in_range(&p->v, f->range))
				return wf_error_set(err, WF_EINPUT, "model", v->file, v->line,
						    v->col, "%s: must be %s, got \"%s\"", f->key,
						    wf_ld_range_text(f->range), v->text);
			break;
		}
		case FT_INT:
			if ((rc = wf_ld_parse_int((wf_param *)(base + f->off), v, f->key,
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

/* ------------------------------------------------------------- file level */

static int push_entry(wf_catalog *cat, wf_kind k, void *e, wf_error *err)
{
	const wf_entry *ne = e;
	const wf_entry *old = wf_catalog_get(cat, k, ne->id);

	if (old)
		return wf_error_set(err, WF_EINPUT, "model", ne->file, ne->line, ne->col,
				    "duplicate %s id \"%s\" (first defined at %s:%d)",
				    wf_kind_singular(k), ne->id, old->file, old->line);
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
	if (wf_catalog_index_add(cat, k, cat->kinds[k].n - 1))
		return wf_error_set(err, WF_ENOMEM, "model", ne->file, 0, 0, "out of memory");
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
		if (g->n_series == 1 && g->series[0].basis == WF_BASIS_UNSET) {
			/* series: FILE, with series_region and series_basis beside */
			if (g->series_basis == WF_BASIS_UNSET)
				return wf_error_set(err, WF_EINPUT, "model", g->series[0].file_yaml,
						    g->series[0].line, g->series[0].col,
						    "grid \"%s\": series needs series_basis "
						    "(lifecycle, direct, or unstated)", g->e.id);
			g->series[0].basis = g->series_basis;
			g->series[0].region = g->series_region;
		} else if (g->series_region || g->series_basis != WF_BASIS_UNSET) {
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "grid \"%s\": series_region and series_basis go with "
					    "series: FILE (a list of series gives region and basis "
					    "in each entry)", g->e.id);
		}
		if (g->series_from_id && g->n_series)
			return wf_error_set(err, WF_EINPUT, "model", g->e.file, g->e.line,
					    g->e.col,
					    "grid \"%s\": give series or series_from, not both",
					    g->e.id);
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
	} else if (k == WF_KIND_EMBODIED) {
		return wf_ld_check_embfactor(e, err);
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

	if (wf_ld_expect_type(seq, WF_NODE_SEQ, wf_kind_name(k), err))
		return WF_EINPUT;
	for (i = 0; i < seq->n; i++) {
		const wf_node *m = seq->items[i];
		wf_entry *e = wf_arena_alloc(&cat->arena, wf_ld_kinds[k].size);
		if (!e)
			return wf_error_set(err, WF_ENOMEM, "model", m->file, 0, 0,
					    "out of memory");
		e->file = m->file;
		e->line = m->line;
		e->col = m->col;
		e->node = m;
		if (m->type == WF_NODE_MAP) {
			/* The id first, so later messages can name the entry. */
			const wf_node *id = wf_node_get(m, "id");
			if (id && id->type == WF_NODE_SCALAR)
				e->id = id->text;
		}
		if ((rc = wf_ld_map_fields(cat, e, wf_ld_kinds[k].fields, wf_ld_kinds[k].nf, m,
				     wf_kind_singular(k), err)))
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

static int load_includes(wf_catalog *cat, const wf_node *v, wf_error *err)
{
	size_t i;
	int rc;

	/* A list of files, or a single file. */
	if (v->type != WF_NODE_SEQ && v->type != WF_NODE_SCALAR)
		return wf_ld_expect_type(v, WF_NODE_SEQ, "include", err);
	for (i = 0; i < (v->type == WF_NODE_SEQ ? v->n : 1); i++) {
		const wf_node *f = v->type == WF_NODE_SEQ ? v->items[i] : v;
		char *p;
		if (wf_ld_expect_type(f, WF_NODE_SCALAR, "include", err))
			return WF_EINPUT;
		p = wf_path_sibling(&cat->arena, f->file, f->text);
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
			return wf_error_set(err, WF_EINPUT, "model", from ? from->file : path,
					    from ? from->line : 0, from ? from->col : 0,
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
		return wf_error_set(err, WF_EINPUT, "model", from ? from->file : path,
				    from ? from->line : 0, from ? from->col : 0,
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
			    &cat->nodes_left, cat->cache_dir, err);
	close(fd);
	if (rc == 0)
		rc = load_root(cat, root, err);
	cat->files[idx].done = 1;
	return rc;
}

WF_API int wf_catalog_load_text(wf_catalog *cat, const char *text, size_t len,
				const char *name, wf_error *err)
{
	wf_node *root;
	int rc;

	if (!name)
		name = "<text>";
	if (!cat || (!text && len))
		return wf_error_set(err, WF_EINPUT, "model", NULL, 0, 0,
				    "wf_catalog_load_text: NULL argument");
	if (cat->finished)
		return wf_error_set(err, WF_EINPUT, "model", name, 0, 0,
				    "the catalog is finished and read-only");
	if (len > WF_DOC_MAX_BYTES)
		return wf_error_set(err, WF_EINPUT, "model", name, 0, 0,
				    "%zu bytes: larger than the %d MiB a model file may hold",
				    len, WF_DOC_MAX_BYTES / (1024 * 1024));
	if ((rc = wf_catalog_loader_begin(cat, err)) ||
	    (rc = wf_doc_load_buffer(&root, &cat->arena, text ? text : "", len, name, 1, 1,
				     err)))
		return rc;
	return load_root(cat, root, err);
}

static const char *const top_keys[] = {
	"include", "accelerators", "nodes", "grids", "facilities", "workloads",
	"factors", "pathways", "pue_curves", "embodied_factors", "regional_factors",
	"water_areas", "demand_projections", "scenario", "sweep"};

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
				    "factors, pathways, pue_curves, embodied_factors, scenario, "
				    "sweep), got %s",
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
			rc = wf_ld_expect_type(val, WF_NODE_MAP, "scenario", err);
			if (!rc)
				rc = push_doc(cat, &cat->scenarios, &cat->n_scenarios,
					      &cat->cap_scenarios, val, err);
			continue;
		}
		if (strcmp(key->text, "sweep") == 0) {
			rc = wf_ld_expect_type(val, WF_NODE_MAP, "sweep", err);
			if (!rc)
				rc = push_doc(cat, &cat->sweeps, &cat->n_sweeps,
					      &cat->cap_sweeps, val, err);
			continue;
		}
		for (k = 0; k < WF_KIND_COUNT; k++)
			if (strcmp(key->text, wf_kind_name(k)) == 0)
				break;
		if (k == WF_KIND_COUNT) {
			const char *near = wf_nearest(key->text, top_keys, N(top_keys));
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
			char *p = wf_arena_alloc(&cat->arena, dl + strlen(de->d_name) + 3);
			if (!p) {
				rc = wf_error_set(err, WF_ENOMEM, "model", dir, 0, 0,
						  "out of memory");
				break;
			}
			/* the byte before the name: what readdir says it is, so
			 * most entries need no stat */
			p[0] = de->d_type == DT_DIR ? 'd' : de->d_type == DT_REG ? 'f'
			     : de->d_type == DT_UNKNOWN || de->d_type == DT_LNK ? '?' : '-';
			sprintf(p + 1, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
				de->d_name);
			names[n++] = p + 1;
		}
	}
	closedir(d);
	if (rc == 0 && n)
		qsort(names, n, sizeof(char *), cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat st;
		char t = names[i][-1];
		if (t == '?')
			t = stat(names[i], &st) != 0 ? '-' : S_ISDIR(st.st_mode) ? 'd'
			    : S_ISREG(st.st_mode) ? 'f' : '-';
		if (t == 'd')
			rc = load_dir(cat, names[i], depth + 1, err);
		else if (t == 'f' && is_model_file(names[i]))
			rc = load_file(cat, names[i], NULL, 1, err);
	}
	free(names);
	return rc;
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

const char *const *wf_loader_top_keys(size_t *n)
{
	*n = N(top_keys);
	return top_keys;
}

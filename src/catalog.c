/*
 * catalog.c - the catalog: lifetime, id lookup, reference resolution and
 * the public read-only view of entries.
 */
#include "catalog.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "error.h"
#include "regex.h"
#include "quantity.h"
#include "series.h"

WF_API int wf_catalog_new(wf_catalog **out)
{
	wf_catalog *c = calloc(1, sizeof(*c));

	if (!c)
		return WF_ENOMEM;
	wf_arena_init(&c->arena);
	*out = c;
	return 0;
}

WF_API int wf_catalog_set_parent(wf_catalog *cat, const wf_catalog *parent,
				 wf_error *err)
{
	size_t k, n = 0;

	for (k = 0; cat && k < WF_KIND_COUNT; k++)
		n += cat->kinds[k].n;
	if (!cat || !parent || !parent->finished || cat->finished || n ||
	    cat->n_scenarios)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "wf_catalog_set_parent: needs an empty catalog over "
				    "a finished one");
	cat->parent = parent;
	return 0;
}

WF_API int wf_catalog_set_cache(wf_catalog *cat, const char *dir, wf_error *err)
{
	int rc;

	if (!cat || cat->finished || cat->n_yaml)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "wf_catalog_set_cache: needs a catalog that has loaded "
				    "no model file yet");
	if (!dir) {
		cat->cache_dir = NULL;
		return 0;
	}
	if ((rc = wf_cache_dir(dir, err)))
		return rc;
	if (!(cat->cache_dir = wf_arena_strdup(&cat->arena, dir)))
		return wf_error_set(err, WF_ENOMEM, "catalog", NULL, 0, 0, "out of memory");
	return 0;
}

WF_API void wf_catalog_free(wf_catalog *cat)
{
	if (!cat)
		return;
	wf_catalog_loader_end(cat);
	for (int k = 0; k < WF_KIND_COUNT; k++)
		free(cat->kinds[k].hash);
	for (size_t i = 0; i < cat->n_sfiles; i++)
		wf_series_file_release(cat->sfiles[i]);
	free(cat->sfiles);
	wf_arena_release(&cat->arena);
	free(cat);
}

WF_API size_t wf_catalog_count(const wf_catalog *cat, wf_kind kind)
{
	return cat && kind < WF_KIND_COUNT ? cat->kinds[kind].n : 0;
}

static size_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 31));
}

int wf_catalog_index_add(wf_catalog *cat, wf_kind kind, size_t i)
{
	size_t h, j, cap = cat->kinds[kind].hcap;

	/* at most half full: grown (and every index put back) beyond */
	if (2 * (cat->kinds[kind].n + 1) > cap) {
		size_t nc = cap ? 2 * cap : 128, *t = malloc(nc * sizeof(*t));
		if (!t)
			return WF_ENOMEM;
		for (j = 0; j < nc; j++)
			t[j] = SIZE_MAX;
		free(cat->kinds[kind].hash);
		cat->kinds[kind].hash = t;
		cat->kinds[kind].hcap = nc;
		for (j = 0; j < cat->kinds[kind].n; j++)
			if (j != i && wf_catalog_index_add(cat, kind, j))
				return WF_ENOMEM;
		cap = nc;
	}
	h = id_hash(((const wf_entry *)cat->kinds[kind].items[i])->id) & (cap - 1);
	while (cat->kinds[kind].hash[h] != SIZE_MAX)
		h = (h + 1) & (cap - 1);
	cat->kinds[kind].hash[h] = i;
	return 0;
}

static const void *get_local(const wf_catalog *cat, wf_kind kind, const char *id)
{
	size_t lo = 0, hi, i;

	if (!cat->indexed) {
		/* while loading: the hash of ids (or, without one, every entry) */
		size_t cap = cat->kinds[kind].hcap;
		if (!cap) {
			for (i = 0; i < cat->kinds[kind].n; i++) {
				const wf_entry *e = cat->kinds[kind].items[i];
				if (strcmp(e->id, id) == 0)
					return e;
			}
			return NULL;
		}
		for (i = id_hash(id) & (cap - 1); cat->kinds[kind].hash[i] != SIZE_MAX;
		     i = (i + 1) & (cap - 1)) {
			const wf_entry *e = cat->kinds[kind].items[cat->kinds[kind].hash[i]];
			if (strcmp(e->id, id) == 0)
				return e;
		}
		return NULL;
	}
	/* Binary search over the index built by finish. */
	hi = cat->kinds[kind].n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const wf_entry *e = cat->kinds[kind].items[cat->kinds[kind].sorted[mid]];
		int c = strcmp(e->id, id);
		if (c == 0)
			return e;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const void *wf_catalog_get(const wf_catalog *cat, wf_kind kind, const char *id)
{
	for (; cat && id; cat = cat->parent) {
		const void *e = get_local(cat, kind, id);
		if (e)
			return e;
	}
	return NULL;
}

/* The three nearest ids, case-insensitively, across the parent chain. */
int wf_catalog_unknown(const wf_catalog *cat, wf_kind kind, const char *id,
		       const char *what, const char *file, int line, int col,
		       wf_error *err)
{
	const char *best[3] = {NULL, NULL, NULL};
	size_t bd[3] = {(size_t)-1, (size_t)-1, (size_t)-1}, i;
	const wf_catalog *c;
	char hint[256] = "";

	for (c = cat; c; c = c->parent)
		for (i = 0; i < c->kinds[kind].n; i++) {
			const wf_entry *e = c->kinds[kind].items[i];
			size_t d = wf_edit_distance(id, e->id), k;
			/* Prefix matches ("GB" for "GB-lond") rank as close. */
			if (strncmp(e->id, id, strlen(id)) == 0 ||
			    strncmp(id, e->id, strlen(e->id)) == 0)
				d = d < 2 ? d : 2;
			for (k = 0; k < 3; k++)
				if (d < bd[k]) {
					memmove(&bd[k + 1], &bd[k], (2 - k) * sizeof(size_t));
					memmove(&best[k + 1], &best[k], (2 - k) * sizeof(char *));
					bd[k] = d;
					best[k] = e->id;
					break;
				}
		}
	if (best[0] && bd[0] <= strlen(id) / 2 + 2) {
		size_t k, len;
		strcpy(hint, " (nearest: ");
		for (k = 0; k < 3 && best[k] && bd[k] <= strlen(id) / 2 + 2; k++) {
			len = strlen(hint);
			snprintf(hint + len, sizeof(hint) - len, "%s\"%s\"", k ? ", " : "",
				 best[k]);
		}
		len = strlen(hint);
		snprintf(hint + len, sizeof(hint) - len, ")");
	}
	return wf_error_set(err, WF_ENOTFOUND, "catalog", file, line, col,
			    "%s: unknown %s \"%s\"%s; `wattif list %s` shows them all",
			    what, wf_kind_singular(kind), id, hint, wf_kind_name(kind));
}

static int same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

const void *wf_catalog_lookup(const wf_catalog *cat, wf_kind kind, const char *text,
			      const char **via)
{
	const void *e = wf_catalog_get(cat, kind, text), *found = NULL;
	const wf_catalog *c;
	int pass, n;
	size_t i, k;

	if (via)
		*via = NULL;
	if (e || !text || !*text)
		return e;
	for (pass = 0; pass < 2; pass++) { /* aliases, then names */
		n = 0;
		for (c = cat; c; c = c->parent)
			for (i = 0; i < c->kinds[kind].n; i++) {
				const wf_entry *x = c->kinds[kind].items[i];
				int hit = 0;
				if (pass == 0 && kind == WF_KIND_GRID) {
					const wf_grid *g = (const wf_grid *)x;
					for (k = 0; k < g->n_aliases; k++)
						hit |= same_nocase(g->aliases[k], text);
				} else if (pass == 1 && x->name) {
					hit = same_nocase(x->name, text);
				}
				if (hit && x != found)
					found = x, n++;
			}
		if (n == 1) {
			if (via)
				*via = pass == 0 ? "alias" : "name";
			return found;
		}
		found = NULL;
	}
	return NULL;
}

WF_API int wf_catalog_grid_series(wf_series_info *out, const wf_catalog *cat, size_t i,
				  size_t k)
{
	const wf_grid *g, *owner;
	const wf_grid_series *l;
	size_t n;

	if (!out || !cat || i >= cat->kinds[WF_KIND_GRID].n)
		return WF_ENOTFOUND;
	g = cat->kinds[WF_KIND_GRID].items[i];
	l = wf_grid_series_list(g, &n, &owner);
	if (k >= n)
		return WF_ENOTFOUND;
	out->file = l[k].file->path;
	out->region = l[k].region ? l[k].region : "";
	out->column = l[k].file->column;
	out->basis = wf_basis_name(l[k].basis);
	out->from_s = isfinite(l[k].from_s) ? l[k].from_s : NAN;
	out->to_s = isfinite(l[k].to_s) ? l[k].to_s : NAN;
	out->via = owner != g ? owner->e.id : "";
	return 0;
}

WF_API int wf_catalog_find(size_t *out_index, const wf_catalog *cat, wf_kind kind,
			   const char *id, wf_error *err)
{
	size_t i;

	if (!cat || kind >= WF_KIND_COUNT || !id)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "wf_catalog_find: bad argument");
	for (i = 0; i < cat->kinds[kind].n; i++) {
		const wf_entry *e = cat->kinds[kind].items[i];
		if (strcmp(e->id, id) == 0) {
			*out_index = i;
			return 0;
		}
	}
	return wf_catalog_unknown(cat, kind, id, "find", NULL, 0, 0, err);
}


/* An unknown reference in entry e, at the value of its key when the entry
 * came from a file (else at the entry). */
static int unknown_ref(const wf_catalog *cat, wf_kind kind, const char *id, const char *key,
		       const wf_entry *e, wf_error *err)
{
	const wf_node *v = e->node ? wf_node_get(e->node, key) : NULL;

	if (v)
		return wf_catalog_unknown(cat, kind, id, key, v->file, v->line, v->col, err);
	return wf_catalog_unknown(cat, kind, id, key, e->file, e->line, e->col, err);
}

static int resolve(wf_catalog *cat, wf_error *err)
{
	size_t i;
	int prc;

	for (i = 0; i < cat->kinds[WF_KIND_NODE].n; i++) {
		wf_nodedef *n = cat->kinds[WF_KIND_NODE].items[i];
		n->accel = wf_catalog_get(cat, WF_KIND_ACCELERATOR, n->accel_id);
		if (!n->accel)
			return unknown_ref(cat, WF_KIND_ACCELERATOR, n->accel_id, "accelerator", &n->e, err);
	}
	for (i = 0; i < cat->kinds[WF_KIND_GRID].n; i++) {
		wf_grid *g = cat->kinds[WF_KIND_GRID].items[i];
		if (g->parent_id) {
			g->parent = wf_catalog_get(cat, WF_KIND_GRID, g->parent_id);
			if (!g->parent)
				return unknown_ref(cat, WF_KIND_GRID, g->parent_id, "parent", &g->e, err);
		}
		if (g->series_from_id) {
			g->series_from = wf_catalog_get(cat, WF_KIND_GRID, g->series_from_id);
			if (!g->series_from)
				return wf_catalog_unknown(cat, WF_KIND_GRID, g->series_from_id,
							  "series_from", g->e.file, g->e.line,
							  g->e.col, err);
			if (g->series_from->n_series == 0)
				return wf_error_set(err, WF_EINPUT, "catalog", g->e.file,
						    g->e.line, g->e.col,
						    "grid \"%s\": series_from: %s has no series "
						    "of its own", g->e.id, g->series_from->e.id);
		}
		if (g->factors_id) {
			g->factors = wf_catalog_get(cat, WF_KIND_FACTORS, g->factors_id);
			if (!g->factors)
				return unknown_ref(cat, WF_KIND_FACTORS, g->factors_id, "factors", &g->e, err);
		}
	}
	{
		int rc = wf_emb_resolve(cat, err);
		if (rc)
			return rc;
	}
	for (i = 0; i < cat->kinds[WF_KIND_PATHWAY].n; i++) {
		wf_grid *g = cat->kinds[WF_KIND_PATHWAY].items[i];
		g->parent = wf_catalog_get(cat, WF_KIND_GRID, g->parent_id);
		if (!g->parent)
			return unknown_ref(cat, WF_KIND_GRID, g->parent_id, "region", &g->e, err);
	}
	if ((prc = wf_catalog_resolve_planning(cat, err)))
		return prc;
	/* Parent chains must end (a grid cannot be its own ancestor). */
	for (i = 0; i < cat->kinds[WF_KIND_GRID].n; i++) {
		const wf_grid *g = cat->kinds[WF_KIND_GRID].items[i], *p = g->parent;
		int depth = 0;
		for (; p; p = p->parent)
			if (p == g || ++depth > 32)
				return wf_error_set(err, WF_EINPUT, "catalog", g->e.file,
						    g->e.line, g->e.col,
						    "grid \"%s\": parent chain is a cycle",
						    g->e.id);
	}
	for (i = 0; i < cat->kinds[WF_KIND_FACILITY].n; i++) {
		wf_facility *f = cat->kinds[WF_KIND_FACILITY].items[i];
		if (f->region_id) {
			f->region = wf_catalog_get(cat, WF_KIND_GRID, f->region_id);
			if (!f->region)
				return unknown_ref(cat, WF_KIND_GRID, f->region_id, "region", &f->e, err);
		}
	}
	for (i = 0; i < cat->kinds[WF_KIND_WORKLOAD].n; i++) {
		const wf_workload *w = cat->kinds[WF_KIND_WORKLOAD].items[i];
		if (w->accel_id && !wf_catalog_get(cat, WF_KIND_ACCELERATOR, w->accel_id))
			return unknown_ref(cat, WF_KIND_ACCELERATOR, w->accel_id, "accelerator", &w->e, err);
		if (w->node_id && !wf_catalog_get(cat, WF_KIND_NODE, w->node_id))
			return unknown_ref(cat, WF_KIND_NODE, w->node_id, "node", &w->e, err);
	}
	return 0;
}

/* Insertion-free index sort: a merge sort over indexes by id. */
static void sort_index(void **items, size_t *idx, size_t *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	sort_index(items, idx, tmp, mid);
	sort_index(items, idx + mid, tmp, n - mid);
	while (i < mid && j < n) {
		const wf_entry *a = items[idx[i]], *b = items[idx[j]];
		tmp[k++] = strcmp(a->id, b->id) <= 0 ? idx[i++] : idx[j++];
	}
	while (i < mid)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(size_t));
}

WF_API int wf_catalog_finish(wf_catalog *cat, wf_error *err)
{
	int k, rc;

	if (!cat)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "wf_catalog_finish: NULL catalog");
	if (cat->finished)
		return 0;
	/* the index first: resolving looks every reference up by it */
	for (k = 0; k < WF_KIND_COUNT; k++) {
		size_t n = cat->kinds[k].n, i;
		size_t *idx = wf_arena_alloc(&cat->arena, (n + 1) * sizeof(size_t));
		size_t *tmp = malloc((n + 1) * sizeof(size_t));
		if (!idx || !tmp) {
			free(tmp);
			return wf_error_set(err, WF_ENOMEM, "catalog", NULL, 0, 0,
					    "out of memory");
		}
		for (i = 0; i < n; i++)
			idx[i] = i;
		sort_index(cat->kinds[k].items, idx, tmp, n);
		free(tmp);
		cat->kinds[k].sorted = idx;
		free(cat->kinds[k].hash);
		cat->kinds[k].hash = NULL;
		cat->kinds[k].hcap = 0;
	}
	cat->indexed = 1;
	if ((rc = resolve(cat, err))) {
		cat->indexed = 0; /* found by a scan again, should more be loaded */
		return rc;
	}
	wf_catalog_loader_end(cat);
	cat->finished = 1;
	return 0;
}

const wf_param *wf_grid_year(const wf_grid *g, int year)
{
	size_t i;

	for (i = 0; i < g->n_years; i++)
		if (g->years[i] == year)
			return &g->intensity[i];
	return NULL;
}

static double nominal_or_nan(const wf_param *p)
{
	return p->set ? wf_value_nominal(&p->v) : NAN;
}

WF_API int wf_catalog_entry(wf_entry_info *out, const wf_catalog *cat, wf_kind kind,
			    size_t i)
{
	const wf_entry *e;

	if (!out || !cat || kind >= WF_KIND_COUNT || i >= cat->kinds[kind].n)
		return WF_ENOTFOUND;
	e = cat->kinds[kind].items[i];
	memset(out, 0, sizeof(*out));
	out->id = e->id;
	out->name = e->name ? e->name : "";
	out->source = e->source ? e->source : "";
	out->file = e->file ? e->file : "";
	out->line = e->line;
	out->tdp_w = out->peak_bf16_flop_per_s = out->peak_fp16_flop_per_s =
		out->peak_fp32_flop_per_s = out->memory_bytes = out->pue =
			out->wue_l_per_j = out->intensity_kg_per_j = NAN;
	out->basis = "";
	out->parent = "";
	out->component = "";
	out->method = "";
	out->value = NAN;
	out->status = "";
	out->accounting = "";
	switch (kind) {
	case WF_KIND_ACCELERATOR: {
		const wf_accel *a = (const wf_accel *)e;
		out->tdp_w = nominal_or_nan(&a->tdp);
		out->peak_bf16_flop_per_s = nominal_or_nan(&a->peak[WF_PREC_BF16]);
		out->peak_fp16_flop_per_s = nominal_or_nan(&a->peak[WF_PREC_FP16]);
		out->peak_fp32_flop_per_s = nominal_or_nan(&a->peak[WF_PREC_FP32]);
		out->memory_bytes = nominal_or_nan(&a->memory);
		out->estimate = a->estimate;
		break;
	}
	case WF_KIND_NODE: {
		const wf_nodedef *n = (const wf_nodedef *)e;
		out->tdp_w = nominal_or_nan(&n->rated_power);
		out->parent = n->accel_id;
		out->count = (int)nominal_or_nan(&n->count);
		out->memory_bytes = nominal_or_nan(&n->memory);
		break;
	}
	case WF_KIND_GRID:
	case WF_KIND_PATHWAY: {
		const wf_grid *g = (const wf_grid *)e;
		if (g->n_years) {
			out->intensity_kg_per_j = wf_value_nominal(&g->intensity[g->n_years - 1].v);
			out->intensity_year = g->years[g->n_years - 1];
			out->first_year = g->years[0];
		}
		if (kind == WF_KIND_PATHWAY) {
			out->status = g->status ? g->status : "";
			out->accounting = g->marginal ? "marginal" : "location";
		}
		out->basis = g->n_years ? wf_basis_name(g->basis) : "";
		out->parent = g->parent_id ? g->parent_id : "";
		break;
	}
	case WF_KIND_FACILITY: {
		const wf_facility *f = (const wf_facility *)e;
		out->pue = nominal_or_nan(&f->pue);
		out->wue_l_per_j = nominal_or_nan(&f->wue);
		out->parent = f->region_id ? f->region_id : "";
		break;
	}
	case WF_KIND_FACTORS:
		out->basis = wf_basis_name(((const wf_factors *)e)->basis);
		break;
	case WF_KIND_EMBODIED:
		wf_emb_entry_info(out, (const wf_embfactor *)e);
		break;
	default:
		wf_planning_entry_info(out, kind, e);
		break;
	}
	return 0;
}

/* ----------------------------------------------------------------- files */

long wf_catalog_add_file(wf_catalog *cat, const char *path, const wf_file_stamp *st)
{
	wf_file_rec *r;

	if (cat->n_files == cat->cap_files) {
		size_t nc = cat->cap_files ? 2 * cat->cap_files : 16;
		wf_file_rec *nf = wf_arena_grow(&cat->arena, cat->files, cat->n_files, nc,
						sizeof(*nf));
		if (!nf)
			return -1;
		cat->files = nf;
		cat->cap_files = nc;
	}
	r = &cat->files[cat->n_files];
	memset(r, 0, sizeof(*r));
	if (!(r->path = wf_arena_strdup(&cat->arena, path)))
		return -1;
	r->st = *st;
	r->done = 1;
	return (long)cat->n_files++;
}

WF_API size_t wf_catalog_file_count(const wf_catalog *cat)
{
	size_t n = 0;

	for (; cat; cat = cat->parent)
		n += cat->n_files;
	return n;
}

WF_API int wf_catalog_file(wf_file_info *out, const wf_catalog *cat, size_t i)
{
	const wf_file_rec *r;
	size_t above;

	if (!out || !cat || i >= wf_catalog_file_count(cat))
		return WF_ENOTFOUND;
	/* the root-most catalog's files first: the order they were read */
	above = wf_catalog_file_count(cat->parent);
	if (i < above)
		return wf_catalog_file(out, cat->parent, i);
	r = &cat->files[i - above];
	out->path = r->path;
	out->device = r->st.dev;
	out->inode = r->st.ino;
	out->size_bytes = r->st.size_bytes;
	out->mtime_ns = r->st.mtime_ns;
	out->hash = r->st.hash;
	return 0;
}
/* ---------------------------------------------------------------- names */

static const char *const kind_keys[WF_KIND_COUNT] = {
	[WF_KIND_ACCELERATOR] = "accelerators", [WF_KIND_NODE] = "nodes",
	[WF_KIND_GRID] = "grids", [WF_KIND_FACILITY] = "facilities",
	[WF_KIND_WORKLOAD] = "workloads", [WF_KIND_FACTORS] = "factors",
	[WF_KIND_PATHWAY] = "pathways", [WF_KIND_PUE_CURVE] = "pue_curves",
	[WF_KIND_EMBODIED] = "embodied_factors",
	[WF_KIND_REGIONAL_FACTOR] = "regional_factors", [WF_KIND_WATER_AREA] = "water_areas",
	[WF_KIND_DEMAND] = "demand_projections"};

static const char *const kind_singular[WF_KIND_COUNT] = {
	[WF_KIND_ACCELERATOR] = "accelerator", [WF_KIND_NODE] = "node",
	[WF_KIND_GRID] = "grid", [WF_KIND_FACILITY] = "facility",
	[WF_KIND_WORKLOAD] = "workload", [WF_KIND_FACTORS] = "factor set",
	[WF_KIND_PATHWAY] = "pathway", [WF_KIND_PUE_CURVE] = "PUE curve",
	[WF_KIND_EMBODIED] = "embodied factor",
	[WF_KIND_REGIONAL_FACTOR] = "regional factor", [WF_KIND_WATER_AREA] = "water area",
	[WF_KIND_DEMAND] = "demand figure"};

WF_API const char *wf_kind_singular(wf_kind kind)
{
	return (int)kind >= 0 && kind < WF_KIND_COUNT ? kind_singular[kind] : "?";
}

WF_API const char *wf_kind_name(wf_kind kind)
{
	return (int)kind >= 0 && kind < WF_KIND_COUNT ? kind_keys[kind] : "?";
}

WF_API int wf_kind_parse(wf_kind *out, const char *name)
{
	int k;

	for (k = 0; k < WF_KIND_COUNT; k++)
		if (strcmp(name, kind_keys[k]) == 0) {
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

/* Ids: also the JSON Schema's id pattern (ECMA-262 reads it the same). */
static const char id_pattern[] = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

/* ------------------------------------------------------- loader context */

/* The id pattern, compiled once per process and read-only after (shared
 * by every loader context in every thread); match data and limits are
 * each context's own. */
static pcre2_code *id_code;
static pthread_once_t id_once = PTHREAD_ONCE_INIT;

static void id_compile(void)
{
	int ec;
	PCRE2_SIZE eo;

	id_code = pcre2_compile((PCRE2_SPTR)id_pattern, PCRE2_ZERO_TERMINATED, 0, &ec, &eo,
				NULL);
}

int wf_catalog_loader_begin(wf_catalog *cat, wf_error *err)
{
	if (!cat->qp && wf_qparser_new(&cat->qp))
		return wf_error_set(err, WF_ENOMEM, "model", NULL, 0, 0, "out of memory");
	if (!cat->id_re) {
		if (pthread_once(&id_once, id_compile) != 0 || !id_code)
			return wf_error_set(err, WF_ENOMEM, "model", NULL, 0, 0,
					    "cannot compile the id pattern");
		cat->id_re = id_code;
		cat->id_md = pcre2_match_data_create_from_pattern(id_code, NULL);
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
	cat->id_md = NULL;
	cat->id_re = NULL; /* the shared pattern: never freed */
}

const char *wf_loader_id_pattern(void)
{
	return id_pattern;
}

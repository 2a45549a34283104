/*
 * planning.c - the catalog's planning entries: regional factors (a
 * sub-region relative to its national grid over a year of data), water-
 * stress areas and published data-centre demand figures.  References are
 * resolved at finish; lookups search a catalog and its parents.
 */
#include <math.h>
#include <string.h>

#include "catalog.h"
#include "error.h"

char *wf_planning_path(wf_arena *a, const char *yaml, const char *rel)
{
	const char *slash = yaml ? strrchr(yaml, '/') : NULL;
	size_t dl = slash ? (size_t)(slash - yaml) + 1 : 0;
	char *p = wf_arena_alloc(a, dl + strlen(rel) + 1), *up;

	if (!p)
		return NULL;
	memcpy(p, yaml, dl);
	strcpy(p + dl, rel);
	while ((up = strstr(p, "/../")) && up > p) {
		char *seg = up;
		while (seg > p && seg[-1] != '/')
			seg--;
		if (strncmp(seg, "../", 3) == 0)
			break;
		memmove(seg, up + 4, strlen(up + 4) + 1);
	}
	return p;
}

/* An entry of kind by id in cat or its parents (planning.c sits below
 * catalog.c's lookups: catalog.c calls it while finishing). */
static const void *get(const wf_catalog *cat, wf_kind kind, const char *id)
{
	size_t i;

	for (; cat; cat = cat->parent)
		for (i = 0; i < cat->kinds[kind].n; i++)
			if (strcmp(((const wf_entry *)cat->kinds[kind].items[i])->id, id) == 0)
				return cat->kinds[kind].items[i];
	return NULL;
}

static int unknown(const wf_catalog *cat, const char *id, const char *key, const wf_entry *e,
		   wf_error *err)
{
	const wf_node *v = e->node ? wf_node_get(e->node, key) : NULL;

	(void)cat;
	return wf_error_set(err, WF_ENOTFOUND, "catalog", v ? v->file : e->file,
			    v ? v->line : e->line, v ? v->col : e->col,
			    "%s: unknown grid \"%s\" in %s; `wattif list grids` shows them all",
			    key, id, e->id);
}

int wf_catalog_resolve_planning(wf_catalog *cat, wf_error *err)
{
	size_t i, k;

	for (i = 0; i < cat->kinds[WF_KIND_REGIONAL_FACTOR].n; i++) {
		wf_regional_factor *f = cat->kinds[WF_KIND_REGIONAL_FACTOR].items[i];
		if (!(f->region = get(cat, WF_KIND_GRID, f->region_id)))
			return unknown(cat, f->region_id, "region", &f->e, err);
		if (!(f->national = get(cat, WF_KIND_GRID, f->national_id)))
			return unknown(cat, f->national_id, "national", &f->e, err);
	}
	for (i = 0; i < cat->kinds[WF_KIND_WATER_AREA].n; i++) {
		const wf_water_area *w = cat->kinds[WF_KIND_WATER_AREA].items[i];
		for (k = 0; k < w->n_regions; k++)
			if (!get(cat, WF_KIND_GRID, w->regions[k]))
				return unknown(cat, w->regions[k], "regions", &w->e, err);
	}
	for (i = 0; i < cat->kinds[WF_KIND_DEMAND].n; i++) {
		const wf_demand *d = cat->kinds[WF_KIND_DEMAND].items[i];
		if (!get(cat, WF_KIND_GRID, d->region_id))
			return unknown(cat, d->region_id, "region", &d->e, err);
	}
	return 0;
}

static double nominal(const wf_param *p)
{
	return p->set ? wf_value_nominal(&p->v) : NAN;
}

void wf_planning_entry_info(wf_entry_info *out, wf_kind kind, const wf_entry *e)
{
	switch (kind) {
	case WF_KIND_REGIONAL_FACTOR: {
		const wf_regional_factor *f = (const wf_regional_factor *)e;
		out->parent = f->region_id;
		out->intensity_kg_per_j = nominal(&f->regional_mean);
		out->intensity_year = (int)nominal(&f->year);
		out->status = f->method;
		break;
	}
	case WF_KIND_WATER_AREA: {
		const wf_water_area *w = (const wf_water_area *)e;
		out->status = w->status;
		out->parent = w->nation;
		out->intensity_year = w->year.set ? (int)nominal(&w->year) : 0;
		break;
	}
	case WF_KIND_DEMAND: {
		const wf_demand *d = (const wf_demand *)e;
		out->status = d->status;
		out->parent = d->region_id;
		out->intensity_year = (int)nominal(&d->year);
		break;
	}
	default:
		break;
	}
}

const wf_regional_factor *wf_regional_factor_find(const wf_catalog *cat, const wf_grid *g,
						  const char *method)
{
	size_t i;

	for (; cat; cat = cat->parent)
		for (i = 0; i < cat->kinds[WF_KIND_REGIONAL_FACTOR].n; i++) {
			const wf_regional_factor *f = cat->kinds[WF_KIND_REGIONAL_FACTOR].items[i];
			if (f->region == g && strcmp(f->method, method) == 0)
				return f;
		}
	return NULL;
}

const wf_water_area *wf_water_area_find(const wf_catalog *cat, const char *id,
					const wf_grid *g)
{
	const wf_catalog *c;
	size_t i, k;

	if (id)
		return get(cat, WF_KIND_WATER_AREA, id);
	for (; g; g = g->parent)
		for (c = cat; c; c = c->parent)
			for (i = 0; i < c->kinds[WF_KIND_WATER_AREA].n; i++) {
				const wf_water_area *w = c->kinds[WF_KIND_WATER_AREA].items[i];
				for (k = 0; k < w->n_regions; k++)
					if (strcmp(w->regions[k], g->e.id) == 0)
						return w;
			}
	return NULL;
}

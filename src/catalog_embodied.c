/*
 * catalog_embodied.c - the embodied-carbon factors of the catalog
 * (kind WF_KIND_EMBODIED, top-level key embodied_factors:): the words of
 * their components and boundaries, the checks made when a catalog is
 * finished (an accelerator that exists, one factor per component and
 * method), and the lookups the embodied model makes (embodied.c).
 *
 * A factor is one figure with its source, its boundary (cradle-to-gate,
 * ...), the service life its source assumed, and whether it was read in a
 * third party's transcription (SECONDARY) or computed here from sourced
 * inputs (DERIVED).  Factors belong to a method: "vendor" (the default:
 * the vendor's own product footprint where one exists) or another named
 * build ("boavizta", ...); a scenario picks a method, or names factors by
 * id.  The figures themselves live in model files (models/embodied/).
 */
#include <string.h>

#include "catalog.h"
#include "error.h"

static const struct {
	const char *name;
	wf_dim dim;
} comps[WF_EC_COUNT] = {
	[WF_EC_BOARD] = {"board", WF_DIM_MASS},
	[WF_EC_HBM] = {"hbm", WF_DIM_MASS_PER_DATA},
	[WF_EC_BOARD_REST] = {"board_rest", WF_DIM_MASS},
	[WF_EC_CPU] = {"cpu", WF_DIM_MASS},
	[WF_EC_DRAM] = {"dram", WF_DIM_MASS_PER_DATA},
	[WF_EC_SSD] = {"ssd", WF_DIM_MASS_PER_DATA},
	[WF_EC_SERVER_REST] = {"server_rest", WF_DIM_MASS},
	[WF_EC_HOST] = {"host", WF_DIM_MASS},
	[WF_EC_NIC] = {"nic", WF_DIM_MASS},
	[WF_EC_BUILDING] = {"building", WF_DIM_MASS_PER_POWER},
	[WF_EC_SERVICE_LIFE] = {"service_life", WF_DIM_TIME},
};

static const char *const bounds[WF_BOUND_COUNT] = {
	[WF_BOUND_UNSET] = "(unset)", [WF_BOUND_CRADLE_TO_GATE] = "cradle-to-gate",
	[WF_BOUND_CRADLE_TO_GRAVE] = "cradle-to-grave",
	[WF_BOUND_GATE_TO_GATE] = "gate-to-gate", [WF_BOUND_UNSTATED] = "unstated"};

const char *wf_emb_comp_name(wf_emb_comp c)
{
	return (int)c >= 0 && c < WF_EC_COUNT ? comps[c].name : "?";
}

wf_dim wf_emb_comp_dim(wf_emb_comp c)
{
	return (int)c >= 0 && c < WF_EC_COUNT ? comps[c].dim : WF_DIM_NONE;
}

int wf_emb_comp_parse(wf_emb_comp *out, const char *word)
{
	int c;

	for (c = 0; c < WF_EC_COUNT; c++)
		if (strcmp(word, comps[c].name) == 0) {
			*out = (wf_emb_comp)c;
			return 0;
		}
	return WF_ENOTFOUND;
}

const char *wf_boundary_name(wf_boundary b)
{
	return (int)b >= 0 && b < WF_BOUND_COUNT ? bounds[b] : "?";
}

int wf_boundary_parse(wf_boundary *out, const char *word)
{
	int b;

	for (b = WF_BOUND_UNSET + 1; b < WF_BOUND_COUNT; b++)
		if (strcmp(word, bounds[b]) == 0) {
			*out = (wf_boundary)b;
			return 0;
		}
	return WF_ENOTFOUND;
}

int wf_emb_comp_per_accel(wf_emb_comp c)
{
	return c == WF_EC_BOARD || c == WF_EC_BOARD_REST ? 2
	       : c == WF_EC_HBM || c == WF_EC_HOST ? 1 : 0;
}

/* The factor of (c, m) for accelerator a exactly (a may be NULL: a
 * factor for no particular accelerator). */
static const wf_embfactor *find_exact(const wf_catalog *cat, wf_emb_comp c,
				      const char *m, const wf_accel *a)
{
	size_t i;

	for (; cat; cat = cat->parent)
		for (i = 0; i < cat->kinds[WF_KIND_EMBODIED].n; i++) {
			const wf_embfactor *f = cat->kinds[WF_KIND_EMBODIED].items[i];
			if (f->comp == c && strcmp(f->method, m) == 0 && f->accel == a)
				return f;
		}
	return NULL;
}

const wf_embfactor *wf_emb_find(const wf_catalog *cat, wf_emb_comp c, const char *m,
				const wf_accel *a)
{
	const wf_embfactor *f = NULL;

	if (!m)
		m = WF_EMB_METHOD_DEFAULT;
	if (a && wf_emb_comp_per_accel(c))
		f = find_exact(cat, c, m, a);
	if (!f && wf_emb_comp_per_accel(c) < 2)
		f = find_exact(cat, c, m, NULL);
	return f;
}

const wf_embfactor *wf_emb_get(const wf_catalog *cat, const char *id)
{
	return wf_catalog_get(cat, WF_KIND_EMBODIED, id);
}

const char *wf_emb_labels(const wf_embfactor *f)
{
	if (f->secondary && f->derived)
		return "SECONDARY, DERIVED";
	if (f->secondary)
		return "SECONDARY";
	return f->derived ? "DERIVED" : "";
}

/* At finish: each board figure names an accelerator that exists, and a
 * catalog holds at most one factor per component, method (and
 * accelerator), so which figure a method uses is never a matter of file
 * order. */
int wf_emb_resolve(wf_catalog *cat, wf_error *err)
{
	size_t i, j;

	for (i = 0; i < cat->kinds[WF_KIND_EMBODIED].n; i++) {
		wf_embfactor *f = cat->kinds[WF_KIND_EMBODIED].items[i];
		if (f->accel_id) {
			const wf_node *v = f->e.node ? wf_node_get(f->e.node, "accelerator")
						     : NULL;
			f->accel = wf_catalog_get(cat, WF_KIND_ACCELERATOR, f->accel_id);
			if (!f->accel && v)
				return wf_catalog_unknown(cat, WF_KIND_ACCELERATOR, f->accel_id,
							  "accelerator", v->file, v->line, v->col,
							  err);
			if (!f->accel)
				return wf_catalog_unknown(cat, WF_KIND_ACCELERATOR, f->accel_id,
							  "accelerator", f->e.file, f->e.line,
							  f->e.col, err);
		}
		for (j = 0; j < i; j++) {
			const wf_embfactor *g = cat->kinds[WF_KIND_EMBODIED].items[j];
			if (g->comp != f->comp || strcmp(g->method, f->method) != 0 ||
			    f->accel != g->accel)
				continue;
			return wf_error_set(err, WF_EINPUT, "model", f->e.file, f->e.line,
					    f->e.col,
					    "embodied factor \"%s\": method %s already has a %s "
					    "factor%s%s (\"%s\", %s:%d); give this one another "
					    "method", f->e.id, f->method, comps[f->comp].name,
					    f->accel_id ? " for " : "",
					    f->accel_id ? f->accel_id : "", g->e.id, g->e.file,
					    g->e.line);
		}
	}
	return 0;
}

void wf_emb_entry_info(wf_entry_info *out, const wf_embfactor *f)
{
	out->component = wf_emb_comp_name(f->comp);
	out->method = f->method;
	out->value = wf_value_nominal(&f->value.v);
	out->value_dim = (int)wf_emb_comp_dim(f->comp);
	out->basis = wf_boundary_name(f->boundary);
	out->parent = f->accel_id ? f->accel_id : "";
}

/*
 * loader_planning.c - the field tables of the planning kinds (regional
 * factors, water-stress areas, data-centre demand figures) and the
 * pathway keys that say what a pathway is (status, accounting).  The
 * kinds are listed in loader_keys.c's wf_ld_kinds; the sizes declared in
 * loader_int.h make a table of another length a compile error.
 */
#include <stddef.h>
#include <string.h>

#include "error.h"
#include "loader_int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ENTRY_FIELDS(T)                                                \
	{"id", FT_ID, 0, offsetof(T, e.id), 1, R_ANY, NULL},           \
	{"name", FT_STR, 0, offsetof(T, e.name), 0, R_ANY, NULL},      \
	{"source", FT_STR, 0, offsetof(T, e.source), 0, R_ANY, NULL},  \
	{"note", FT_STR, 0, offsetof(T, e.note), 0, R_ANY, NULL}

/* One of a closed set of words (or, with plus, several joined by '+'). */
static int one_of(const wf_node *v, const char *key, const char *const *words, size_t n,
		  int plus, const char *expected, wf_error *err)
{
	const char *p;

	if (wf_ld_expect_type(v, WF_NODE_SCALAR, key, err))
		return WF_EINPUT;
	for (p = v->text;;) {
		size_t len = plus && strchr(p, '+') ? (size_t)(strchr(p, '+') - p) : strlen(p);
		size_t i;
		for (i = 0; i < n; i++)
			if (strlen(words[i]) == len && strncmp(words[i], p, len) == 0)
				break;
		if (i == n || len == 0)
			return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
					    "%s: expected %s, got \"%s\"", key, expected, v->text);
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

int wf_ld_map_pathway_status(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	static const char *const words[] = {"history", "target", "projection", "appraisal",
					    "reporting"};

	(void)cat;
	if (one_of(v, "status", words, N(words), 1, "history, target, projection, appraisal "
		   "or reporting (or several joined by '+', e.g. history+target)", err))
		return WF_EINPUT;
	((wf_grid *)entry)->status = v->text;
	return 0;
}

int wf_ld_map_pathway_accounting(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	static const char *const words[] = {"location", "marginal"};

	(void)cat;
	if (one_of(v, "accounting", words, N(words), 0, "location or marginal", err))
		return WF_EINPUT;
	((wf_grid *)entry)->marginal = strcmp(v->text, "marginal") == 0;
	return 0;
}

/* ------------------------------------------------------ regional factors */

const field wf_ld_regional_fields[] = {
	ENTRY_FIELDS(wf_regional_factor),
	{"region", FT_ID, 0, offsetof(wf_regional_factor, region_id), 1, R_ANY, NULL},
	{"national", FT_ID, 0, offsetof(wf_regional_factor, national_id), 1, R_ANY, NULL},
	{"method", FT_ID, 0, offsetof(wf_regional_factor, method), 1, R_ANY, NULL},
	{"year", FT_INT, 0, offsetof(wf_regional_factor, year), 1, R_POS, NULL},
	{"regional_mean", FT_QTY, WF_DIM_INTENSITY, offsetof(wf_regional_factor, regional_mean),
	 1, R_NONNEG, NULL},
	{"national_mean", FT_QTY, WF_DIM_INTENSITY, offsetof(wf_regional_factor, national_mean),
	 1, R_POS, NULL},
	{"half_hours", FT_INT, 0, offsetof(wf_regional_factor, half_hours), 0, R_POS, NULL},
	{"regional_median", FT_QTY, WF_DIM_INTENSITY,
	 offsetof(wf_regional_factor, regional_median), 0, R_NONNEG, NULL},
	{"regional_file", FT_STR, 0, offsetof(wf_regional_factor, regional_file), 0, R_ANY, NULL},
	{"national_file", FT_STR, 0, offsetof(wf_regional_factor, national_file), 0, R_ANY, NULL},
	{"compare_year", FT_INT, 0, offsetof(wf_regional_factor, compare_year), 0, R_POS, NULL},
	{"compare_mean", FT_QTY, WF_DIM_INTENSITY, offsetof(wf_regional_factor, compare_mean),
	 0, R_NONNEG, NULL},
	{"moves", FT_STR, 0, offsetof(wf_regional_factor, moves), 0, R_ANY, NULL},
};

/* ----------------------------------------------------------- water areas */

static int map_water_status(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	static const char *const words[] = {"seriously stressed", "not seriously stressed",
					    "not assessed", "no classification"};

	(void)cat;
	if (one_of(v, "status", words, N(words), 0, "seriously stressed, not seriously "
		   "stressed, not assessed or no classification", err))
		return WF_EINPUT;
	((wf_water_area *)entry)->status = v->text;
	return 0;
}

static int map_water_regions(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_water_area *w = entry;
	size_t i;

	if (v->type != WF_NODE_SEQ || v->n == 0)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "regions: expected a list of grid ids, e.g. [GB-north-east-england]");
	if (!(w->regions = wf_arena_alloc(&cat->arena, v->n * sizeof(char *))))
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->type != WF_NODE_SCALAR || !v->items[i]->text[0])
			return wf_error_set(err, WF_EINPUT, "model", v->items[i]->file,
					    v->items[i]->line, v->items[i]->col,
					    "regions: expected a grid id");
		w->regions[i] = v->items[i]->text;
	}
	w->n_regions = v->n;
	return 0;
}

const field wf_ld_water_fields[] = {
	ENTRY_FIELDS(wf_water_area),
	{"status", FT_CUSTOM, 0, 0, 1, R_ANY, map_water_status},
	{"nation", FT_STR, 0, offsetof(wf_water_area, nation), 1, R_ANY, NULL},
	{"year", FT_INT, 0, offsetof(wf_water_area, year), 0, R_POS, NULL},
	{"regions", FT_CUSTOM, 0, 0, 0, R_ANY, map_water_regions},
};

/* ---------------------------------------------------------------- demand */

static int map_demand_status(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	static const char *const words[] = {"history", "target", "projection"};

	(void)cat;
	if (one_of(v, "status", words, N(words), 0, "history, target or projection", err))
		return WF_EINPUT;
	((wf_demand *)entry)->status = v->text;
	return 0;
}

const field wf_ld_demand_fields[] = {
	ENTRY_FIELDS(wf_demand),
	{"region", FT_ID, 0, offsetof(wf_demand, region_id), 1, R_ANY, NULL},
	{"year", FT_INT, 0, offsetof(wf_demand, year), 1, R_POS, NULL},
	{"status", FT_CUSTOM, 0, 0, 1, R_ANY, map_demand_status},
	{"demand", FT_QTY, WF_DIM_ENERGY, offsetof(wf_demand, demand), 0, R_POS, NULL},
	{"capacity", FT_QTY, WF_DIM_POWER, offsetof(wf_demand, capacity), 0, R_POS, NULL},
	{"scope", FT_STR, 0, offsetof(wf_demand, scope), 0, R_ANY, NULL},
};

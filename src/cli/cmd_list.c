/*
 * cmd_list.c - `wattif list KIND [REGEX]`: catalog entries with their key
 * figures, filtered by a PCRE2 pattern over ids and names.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "output.h"

static const char *num(char *buf, size_t n, double si, wf_dim dim)
{
	return wf_format_quantity(buf, n, si, dim, 4);
}

static void header(wf_kind k)
{
	switch (k) {
	case WF_KIND_ACCELERATOR:
		printf("%-28s %-9s %-15s %-15s %-8s %s\n", "id", "TDP", "peak bf16",
		       "peak fp16", "memory", "name");
		break;
	case WF_KIND_NODE:
		printf("%-28s %-28s %-6s %-10s %s\n", "id", "accelerator", "count",
		       "rated", "name");
		break;
	case WF_KIND_GRID:
		printf("%-30s %-6s %-12s %-10s %-8s %s\n", "id", "year", "intensity",
		       "basis", "parent", "name");
		break;
	case WF_KIND_FACILITY:
		printf("%-40s %-6s %-10s %-20s %s\n", "id", "PUE", "WUE", "region", "name");
		break;
	case WF_KIND_PATHWAY:
		printf("%-38s %-6s %-9s %-20s %-10s %-9s %-12s %s\n", "id", "region", "years",
		       "status", "accounting", "basis", "last", "name");
		break;
	case WF_KIND_REGIONAL_FACTOR:
		printf("%-34s %-24s %-6s %-10s %-12s %s\n", "id", "region", "year", "method",
		       "mean", "name");
		break;
	case WF_KIND_WATER_AREA:
		printf("%-52s %-24s %-9s %s\n", "id", "status", "nation", "name");
		break;
	case WF_KIND_DEMAND:
		printf("%-62s %-6s %-11s %s\n", "id", "year", "status", "name");
		break;
	case WF_KIND_EMBODIED:
		printf("%-30s %-12s %-10s %-16s %-15s %s\n", "id", "component", "method",
		       "value", "boundary", "name");
		break;
	default:
		printf("%-36s %-10s %s\n", "id", "basis", "name");
	}
}

static void row(wf_kind k, const wf_entry_info *entry)
{
	char a[64], b[64], c[64], d[64], name[512];
	wf_entry_info safe = *entry;
	const wf_entry_info *e = &safe;

	/* names come from model files: escaped for the terminal (ids are
	 * checked against the id pattern when loaded) */
	safe.name = cli_safe(name, sizeof name, entry->name);

	switch (k) {
	case WF_KIND_ACCELERATOR:
		printf("%-28s %-9s %-15s %-15s %-8s %s%s\n", e->id,
		       num(a, 64, e->tdp_w, WF_DIM_POWER),
		       num(b, 64, e->peak_bf16_flop_per_s, WF_DIM_COMPUTE_RATE),
		       num(c, 64, e->peak_fp16_flop_per_s, WF_DIM_COMPUTE_RATE),
		       num(d, 64, e->memory_bytes, WF_DIM_DATA), e->name,
		       e->estimate ? " (estimate)" : "");
		break;
	case WF_KIND_NODE:
		printf("%-28s %-28s %-6d %-10s %s\n", e->id, e->parent, e->count,
		       num(a, 64, e->tdp_w, WF_DIM_POWER), e->name);
		break;
	case WF_KIND_GRID:
		if (e->intensity_year)
			snprintf(d, sizeof(d), "%d", e->intensity_year);
		else
			snprintf(d, sizeof(d), "-");
		printf("%-30s %-6s %-12s %-10s %-8s %s\n", e->id, d,
		       e->intensity_year ? num(a, 64, e->intensity_kg_per_j, WF_DIM_INTENSITY)
					 : "(parent)",
		       e->basis[0] ? e->basis : "-", e->parent[0] ? e->parent : "-", e->name);
		break;
	case WF_KIND_FACILITY:
		printf("%-40s %-6s %-10s %-20s %s\n", e->id,
		       isnan(e->pue) ? "-" : num(a, 64, e->pue, WF_DIM_NONE),
		       isnan(e->wue_l_per_j) ? "-"
					     : num(b, 64, e->wue_l_per_j, WF_DIM_WATER_INTENSITY),
		       e->parent[0] ? e->parent : "-", e->name);
		break;
	case WF_KIND_PATHWAY:
		snprintf(d, sizeof(d), "%d-%d", e->first_year, e->intensity_year);
		printf("%-38s %-6s %-9s %-20s %-10s %-9s %-12s %s\n", e->id, e->parent, d,
		       e->status[0] ? e->status : "-", e->accounting, e->basis,
		       num(a, 64, e->intensity_kg_per_j, WF_DIM_INTENSITY), e->name);
		break;
	case WF_KIND_REGIONAL_FACTOR:
		printf("%-34s %-24s %-6d %-10s %-12s %s\n", e->id, e->parent, e->intensity_year,
		       e->status, num(a, 64, e->intensity_kg_per_j, WF_DIM_INTENSITY), e->name);
		break;
	case WF_KIND_WATER_AREA:
		printf("%-52s %-24s %-9s %s\n", e->id, e->status, e->parent, e->name);
		break;
	case WF_KIND_DEMAND:
		printf("%-62s %-6d %-11s %s\n", e->id, e->intensity_year, e->status, e->name);
		break;
	case WF_KIND_EMBODIED:
		printf("%-30s %-12s %-10s %-16s %-15s %s%s%s\n", e->id, e->component, e->method,
		       num(a, 64, e->value, (wf_dim)e->value_dim), e->basis, e->name,
		       e->parent[0] ? " - " : "", e->parent);
		break;
	default:
		printf("%-36s %-10s %s\n", e->id, e->basis[0] ? e->basis : "-", e->name);
	}
}

/* A day in UTC, as the series spans are written. */
static const char *day(char *buf, size_t n, double t)
{
	time_t s = (time_t)floor(t);
	struct tm tm;

	if (!isfinite(t) || !gmtime_r(&s, &tm))
		snprintf(buf, n, "?");
	else if (tm.tm_hour || tm.tm_min)
		strftime(buf, n, "%Y-%m-%dT%H:%MZ", &tm);
	else
		strftime(buf, n, "%Y-%m-%d", &tm);
	return buf;
}

/* A grid's hourly series under its row: span, basis, file (region,
 * column), in the order the engine tries them. */
static void grid_series(const wf_catalog *cat, size_t i)
{
	wf_series_info si;
	char a[32], b[32];
	size_t k;

	for (k = 0; wf_catalog_grid_series(&si, cat, i, k) == 0; k++) {
		if (k == 0 && si.via[0])
			printf("    series of %s (series_from):\n", si.via);
		if (isnan(si.from_s))
			printf("    series %-38s", "(the file's span)");
		else
			printf("    series %-17s to %-17s", day(a, sizeof a, si.from_s),
			       day(b, sizeof b, si.to_s));
		printf(" %-10s %s", si.basis, si.file);
		if (si.region[0])
			printf(", region %s", si.region);
		if (strcmp(si.column, "intensity_g_per_kwh"))
			printf(", column %s", si.column);
		putchar('\n');
	}
}

int cmd_list(int argc, char **argv)
{
	wf_catalog *cat = NULL;
	wf_regex *re = NULL;
	wf_error err;
	wf_kind kind;
	size_t i, n, shown = 0;
	unsigned char *pick;
	int status, rc;

	wf_error_clear(&err);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: wattif list KIND [REGEX]\n\nKIND: accelerators, nodes, "
		       "grids, facilities, workloads, factors, pathways,\npue_curves, "
		       "embodied_factors, regional_factors, water_areas, demand_projections.\n"
		       "REGEX (PCRE2) "
		       "filters ids and names, e.g. `wattif list grids '^GB'`.  Pathways say\n"
		       "whether they are history, targets, projections, appraisal or reporting\n"
		       "factors, their accounting (location or marginal) and basis.\n");
		return EXIT_OK;
	}
	if (argc < 2 || argc > 3)
		return cli_usage("list", "expected KIND [REGEX]");
	if (wf_kind_parse(&kind, argv[1]))
		return cli_usage("list", "unknown kind \"%s\" (accelerators, nodes, grids, "
					 "facilities, workloads, factors, pathways, pue_curves, "
					 "embodied_factors, regional_factors, water_areas, "
					 "demand_projections)", argv[1]);
	if (argc == 3 && (rc = wf_regex_new(&re, argv[2], &err)))
		return cli_fail(&err, rc);
	if ((status = cli_load_base(&cat, NULL, 0))) {
		wf_regex_free(re);
		return status;
	}
	/* Match every entry before printing any: a pattern that fails on
	 * one (too much backtracking) must not leave half a list. */
	n = wf_catalog_count(cat, kind);
	if (!(pick = calloc(n ? n : 1, 1))) {
		status = cli_fail(NULL, WF_ENOMEM);
		n = 0;
	}
	for (i = 0; i < n && status == EXIT_OK; i++) {
		wf_entry_info e;
		int m = 1;
		if (wf_catalog_entry(&e, cat, kind, i))
			continue;
		if (re && (m = wf_regex_search(re, e.id, &err)) == 0)
			m = wf_regex_search(re, e.name, &err);
		if (m < 0)
			status = cli_fail(&err, m);
		pick[i] = m > 0;
	}
	if (status == EXIT_OK)
		header(kind);
	for (i = 0; i < n && status == EXIT_OK; i++) {
		wf_entry_info e;
		if (!pick[i] || wf_catalog_entry(&e, cat, kind, i))
			continue;
		row(kind, &e);
		if (kind == WF_KIND_GRID)
			grid_series(cat, i);
		shown++;
	}
	free(pick);
	if (re && shown == 0 && status == EXIT_OK)
		fprintf(stderr, "wattif: no %s match \"%s\"\n", argv[1], argv[2]);
	wf_regex_free(re);
	wf_catalog_free(cat);
	return status;
}

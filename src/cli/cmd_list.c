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

/* ------------------------------------------------ CSV and JSON (--format) */

enum { FMT_TABLE, FMT_CSV, FMT_JSON };

/* Where the fields go: a CSV header, a CSV row or a JSON object. */
typedef struct emit {
	int fmt;      /* FMT_CSV or FMT_JSON */
	int header;   /* CSV: names instead of values */
	int n;        /* fields so far */
} emit;

static void sep(emit *e, const char *name)
{
	if (e->n++)
		fputs(e->fmt == FMT_JSON ? ", " : ",", stdout);
	if (e->header)
		fputs(name, stdout);
	else if (e->fmt == FMT_JSON)
		printf("\"%s\": ", name);
}

/* A text field; "" is null in JSON. */
static void put_str(emit *e, const char *name, const char *v)
{
	sep(e, name);
	if (e->header)
		return;
	if (e->fmt == FMT_CSV)
		cli_csv_field(v ? v : "");
	else if (v && *v)
		cli_json_string(v);
	else
		fputs("null", stdout);
}

/* A number field (the shortest text that reads back); NaN is absent. */
static void put_num(emit *e, const char *name, double v)
{
	sep(e, name);
	if (!e->header)
		cli_number(v, e->fmt == FMT_JSON ? "null" : "");
}

static void put_bool(emit *e, const char *name, int v)
{
	sep(e, name);
	if (!e->header)
		fputs(v ? "true" : "false", stdout);
}

/* g/kWh and L/kWh from the catalog's SI (kg/J, L/J), as the library's
 * output table converts them (intensity_g_per_kwh). */
#define TO_G_PER_KWH 3.6e9
#define TO_L_PER_KWH 3.6e6

/* The fields of an entry of kind k, in the order of the CSV header (the
 * same for every entry of a kind: absent values are empty or null). */
static void fields(emit *e, wf_kind k, const wf_entry_info *x)
{
	put_str(e, "id", x->id);
	put_str(e, "name", x->name);
	switch (k) {
	case WF_KIND_ACCELERATOR:
		put_num(e, "tdp_w", x->tdp_w);
		put_num(e, "peak_bf16_flop_per_s", x->peak_bf16_flop_per_s);
		put_num(e, "peak_fp16_flop_per_s", x->peak_fp16_flop_per_s);
		put_num(e, "peak_fp32_flop_per_s", x->peak_fp32_flop_per_s);
		put_num(e, "memory_bytes", x->memory_bytes);
		put_bool(e, "estimate", x->estimate);
		break;
	case WF_KIND_NODE:
		put_str(e, "accelerator", x->parent);
		put_num(e, "count", x->count);
		put_num(e, "rated_power_w", x->tdp_w);
		break;
	case WF_KIND_GRID:
		put_num(e, "year", x->intensity_year ? x->intensity_year : NAN);
		put_num(e, "intensity_g_per_kwh",
			x->intensity_year ? x->intensity_kg_per_j * TO_G_PER_KWH : NAN);
		put_str(e, "basis", x->basis);
		put_str(e, "parent", x->parent);
		break;
	case WF_KIND_PATHWAY:
		put_str(e, "region", x->parent);
		put_num(e, "first_year", x->first_year ? x->first_year : NAN);
		put_num(e, "last_year", x->intensity_year ? x->intensity_year : NAN);
		put_str(e, "status", x->status);
		put_str(e, "accounting", x->accounting);
		put_str(e, "basis", x->basis);
		put_num(e, "last_intensity_g_per_kwh", x->intensity_kg_per_j * TO_G_PER_KWH);
		break;
	case WF_KIND_REGIONAL_FACTOR:
		put_str(e, "region", x->parent);
		put_num(e, "year", x->intensity_year ? x->intensity_year : NAN);
		put_str(e, "method", x->status);
		put_num(e, "mean_intensity_g_per_kwh", x->intensity_kg_per_j * TO_G_PER_KWH);
		break;
	case WF_KIND_WATER_AREA:
		put_str(e, "status", x->status);
		put_str(e, "nation", x->parent);
		break;
	case WF_KIND_DEMAND:
		put_num(e, "year", x->intensity_year ? x->intensity_year : NAN);
		put_str(e, "status", x->status);
		break;
	case WF_KIND_FACILITY:
		put_num(e, "pue", x->pue);
		put_num(e, "wue_l_per_kwh", x->wue_l_per_j * TO_L_PER_KWH);
		put_str(e, "region", x->parent);
		break;
	case WF_KIND_EMBODIED:
		put_str(e, "component", x->component);
		put_str(e, "method", x->method);
		put_num(e, "value", x->value);
		put_str(e, "value_unit", e->header ? "" : wf_dim_unit((wf_dim)x->value_dim));
		put_str(e, "boundary", x->basis);
		put_str(e, "accelerator", x->parent);
		break;
	default:
		put_str(e, "basis", x->basis);
	}
	put_str(e, "source", x->source);
	put_str(e, "file", x->file);
	put_num(e, "line", x->line ? x->line : NAN);
}

static void iso_day(emit *e, const char *name, double t)
{
	char b[32];

	put_str(e, name, isnan(t) ? "" : day(b, sizeof b, t));
}

/* A grid's series as a JSON list (the table's lines under the grid). */
static void json_series(const wf_catalog *cat, size_t i)
{
	wf_series_info si;
	size_t k;

	printf(", \"series\": [");
	for (k = 0; wf_catalog_grid_series(&si, cat, i, k) == 0; k++) {
		emit e = {FMT_JSON, 0, 0};
		printf("%s{", k ? ", " : "");
		iso_day(&e, "from", si.from_s);
		iso_day(&e, "to", si.to_s);
		put_str(&e, "basis", si.basis);
		put_str(&e, "file", si.file);
		put_str(&e, "region", si.region);
		put_str(&e, "column", si.column);
		put_str(&e, "via", si.via);
		putchar('}');
	}
	putchar(']');
}

/* The picked entries as a table, CSV or JSON. */
static void print_list(const wf_catalog *cat, wf_kind kind, const unsigned char *pick,
		       size_t n, int fmt)
{
	size_t i, shown = 0;

	if (fmt == FMT_TABLE) {
		header(kind);
	} else if (fmt == FMT_CSV) {
		wf_entry_info none;
		emit e = {FMT_CSV, 1, 0};
		memset(&none, 0, sizeof none);
		fields(&e, kind, &none);
		putchar('\n');
	} else {
		printf("{\"kind\": \"%s\", \"entries\": [", wf_kind_name(kind));
	}
	for (i = 0; i < n; i++) {
		wf_entry_info x;
		emit e = {fmt, 0, 0};
		if (!pick[i] || wf_catalog_entry(&x, cat, kind, i))
			continue;
		if (fmt == FMT_TABLE) {
			row(kind, &x);
			if (kind == WF_KIND_GRID)
				grid_series(cat, i);
			continue;
		}
		if (fmt == FMT_JSON)
			printf("%s\n  {", shown++ ? "," : "");
		fields(&e, kind, &x);
		if (fmt == FMT_JSON && kind == WF_KIND_GRID)
			json_series(cat, i);
		fputs(fmt == FMT_JSON ? "}" : "\n", stdout);
	}
	if (fmt == FMT_JSON)
		printf("%s]}\n", shown ? "\n" : "");
}

enum { OPT_FORMAT = 1 };

static const cli_opt list_opts[] = {
	{OPT_FORMAT, CLI_FORMAT, "table (default), csv (a header, one row per entry) or\n"
				 "json ({\"kind\", \"entries\": [{...}]}, grids with their\n"
				 "\"series\"); numbers in SI or with the unit in the name",
	 "table csv json"},
	CLI_OPT_END};

/* The kinds, as "accelerators, nodes, ... and demand_projections". */
static const char *kind_list(char *buf, size_t size)
{
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < WF_KIND_COUNT_ && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					k == 0 ? "" : k + 1 == WF_KIND_COUNT_ ? " or " : ", ",
					wf_kind_name((wf_kind)k));
	return buf;
}

static void list_more_help(void)
{
	char kinds[1024];

	printf("\nKIND: %s.\n", kind_list(kinds, sizeof kinds));
}

const cli_spec cli_list_spec = {
	"list", cmd_list, "list catalog entries (accelerators, grids, ...)",
	"KIND [REGEX] [--format table|csv|json]",
	"REGEX (PCRE2) filters ids and names, e.g. `wattif list grids '^GB'`.  Pathways\n"
	"say whether they are history, targets, projections, appraisal or reporting\n"
	"factors, their accounting (location or marginal) and basis.",
	list_opts, NULL, list_more_help, "@kinds"};

/* KIND, REGEX and --format; 0, or an exit status (-1: help printed). */
static int parse_args(int argc, char **argv, wf_kind *kind, const char **pattern, int *fmt)
{
	static const char *const fmts[] = {"table", "csv", "json"};
	const char *kinds[WF_KIND_COUNT_], *kind_text = NULL;
	char hint[256], all[1024];
	cli_parser p;
	int id, rc = 0, k;

	cli_parse_begin(&p, &cli_list_spec, argc, argv);
	while (rc == 0 && (id = cli_next(&p)) != CLI_END) {
		if (id == CLI_STOP)
			return p.status ? p.status : -1;
		if (id == OPT_FORMAT)
			rc = cli_choice(&p, fmts, 3, fmt);
		else if (!kind_text)
			kind_text = p.value;
		else if (!*pattern)
			*pattern = p.value;
		else
			rc = cli_parse_error(&p, "expected KIND [REGEX], got a third operand \"%s\"",
					     p.value);
	}
	if (rc)
		return rc;
	if (!kind_text)
		return cli_parse_error(&p, "expected KIND [REGEX]");
	for (k = 0; k < WF_KIND_COUNT_; k++)
		kinds[k] = wf_kind_name((wf_kind)k);
	if (wf_kind_parse(kind, kind_text))
		return cli_parse_error(&p, "unknown kind \"%s\"%s; expected %s", kind_text,
				       cli_hint(hint, sizeof hint, kind_text, kinds, WF_KIND_COUNT_),
				       kind_list(all, sizeof all));
	return 0;
}

int cmd_list(int argc, char **argv)
{
	wf_catalog *cat = NULL;
	wf_regex *re = NULL;
	const char *pattern = NULL;
	wf_error err;
	wf_kind kind;
	size_t i, n, shown = 0;
	unsigned char *pick;
	int status, rc, fmt = FMT_TABLE;

	wf_error_clear(&err);
	if ((status = parse_args(argc, argv, &kind, &pattern, &fmt)))
		return status < 0 ? EXIT_OK : status;
	if (pattern && (rc = wf_regex_new(&re, pattern, &err)))
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
		shown += m > 0;
	}
	if (status == EXIT_OK)
		print_list(cat, kind, pick, n, fmt);
	free(pick);
	if (re && shown == 0 && status == EXIT_OK)
		fprintf(stderr, "wattif: no %s match \"%s\"\n", wf_kind_name(kind), pattern);
	wf_regex_free(re);
	wf_catalog_free(cat);
	return status;
}

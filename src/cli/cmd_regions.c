/*
 * cmd_regions.c - `wattif run FILE --regions REGEX [--rank-by B]`: the
 * scenario (or campus projection) in every matching grid, ranked on the
 * chosen basis, as a table, CSV (one row per region) or JSON (a "ranking"
 * array).  Each row carries its location-based and marginal totals, the
 * basis and data behind them, PUE and water sources and the water-stress
 * flag; tied regions share a rank marked "=", and with Monte Carlo samples
 * the ranking is by the mean with each 90% interval beside it.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* The ranked figure in words. */
static const char *basis_words(wf_rank_by by)
{
	switch (by) {
	case WF_RANK_MARGINAL: return "marginal (consequential) emissions";
	case WF_RANK_TOTAL: return "total emissions (location-based + embodied)";
	default: return "location-based emissions (grid average)";
	}
}

/* The short water-stress word of a row for the table. */
static const char *stress_word(const wf_site *x)
{
	const char *s = x->prov.water_stress ? x->prov.water_stress : "";

	if (strncmp(s, "seriously stressed", 18) == 0)
		return "stressed";
	if (strncmp(s, "not seriously", 13) == 0)
		return "not stressed";
	if (strncmp(s, "not assessed", 12) == 0)
		return "not assessed";
	return "not mapped";
}

/* Why regions tie: their ranked figures are the same. */
static const char *tie_reason(const wf_siting *st, size_t first, size_t n)
{
	wf_site a, b;
	size_t k;

	if (wf_siting_rank_by(st) == WF_RANK_MARGINAL)
		return "the marginal factors are system-wide (national): no regional data "
		       "distinguishes them";
	wf_siting_get(st, first, &a);
	for (k = 1; k < n; k++) {
		wf_siting_get(st, first + k, &b);
		if (isfinite(b.prov.regional_factor) || strcmp(a.prov.location, b.prov.location))
			return "their totals are the same figure";
	}
	if (isfinite(a.prov.regional_factor))
		return "their totals are the same figure";
	return "no regional data distinguishes them: each uses the same grid figures";
}

/* Each tie group once: "rank= A, B: why". */
static void print_ties(const wf_siting *st, FILE *o, int json)
{
	size_t i, j, n = wf_siting_count(st);
	int first = 1;
	wf_site x, y;

	for (i = 0; i < n; i = j) {
		wf_siting_get(st, i, &x);
		for (j = i + 1; j < n; j++) {
			wf_siting_get(st, j, &y);
			if (!x.tied || y.rank != x.rank)
				break;
		}
		if (!x.tied || !x.rank)
			continue;
		if (json) {
			printf("%s{\"rank\": %zu, \"regions\": [", first ? "" : ", ", x.rank);
			for (size_t k = i; k < j; k++) {
				wf_siting_get(st, k, &y);
				printf("%s", k > i ? ", " : "");
				cli_json_string(y.region);
			}
			printf("], \"why\": ");
			cli_json_string(tie_reason(st, i, j - i));
			putchar('}');
		} else {
			char label[32], text[4096];
			size_t len = 0;
			(void)o;
			if (first)
				printf("\n  ties (equal ranks marked =):\n");
			snprintf(label, sizeof label, "%zu=", x.rank);
			text[0] = '\0';
			for (size_t k = i; k < j && len < sizeof text - 80; k++) {
				wf_siting_get(st, k, &y);
				len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
							k > i ? ", " : "", y.region);
			}
			snprintf(text + len, sizeof text - len, " - %s", tie_reason(st, i, j - i));
			cli_print_wrapped(label, text);
		}
		first = 0;
	}
}

/* A column's unit: wf_siting_units picks it. */
typedef struct col_unit {
	double div;       /* SI per unit */
	const char *name; /* "kg", "t", ... */
} col_unit;

static void table_row(const wf_site *x, const wf_site *best, int sampled, col_unit mu,
		      col_unit wu)
{
	char rank[32], data[40];

	if (!x->ok) {
		char safe[1024];
		printf("  %-5s %-24s n/a: %s\n", "-", x->region,
		       cli_safe(safe, sizeof safe, x->error));
		return;
	}
	if (x->rank)
		snprintf(rank, sizeof rank, "%zu%s", x->rank, x->tied ? "=" : "");
	else
		snprintf(rank, sizeof rank, "-");
	if (isfinite(x->prov.regional_factor))
		snprintf(data, sizeof data, "x%.3f NESO 2023", x->prov.regional_factor);
	else if (x->year)
		snprintf(data, sizeof data, "%d %s", x->year, x->source);
	else
		snprintf(data, sizeof data, "%s", x->source[0] ? x->source : "-");
	printf("  %-5s %-24s %12.1f", rank, x->region, x->operational_kg / mu.div);
	if (isfinite(x->marginal_kg))
		printf(" %12.1f", x->marginal_kg / mu.div);
	else
		printf(" %12s", "-");
	printf(" %12.1f", x->total_kg / mu.div);
	if (x->rank && best->rank && isfinite(x->ranked_kg))
		printf(" %+12.1f", (x->ranked_kg - best->ranked_kg) / mu.div);
	else
		printf(" %12s", "-");
	if (sampled) {
		char iv[64];
		snprintf(iv, sizeof iv, "%.1f-%.1f%s", x->ranked_p05 / mu.div,
			 x->ranked_p95 / mu.div, x->overlaps ? " ~" : "");
		printf(" %22s", iv);
	}
	printf(" %6.1f%s %5.3f", x->intensity_g_per_kwh,
	       x->intensity_g_per_kwh < 0.05 ? "*" : " ", x->pue);
	if (isfinite(x->water_l))
		printf(" %9.1f", x->water_l / wu.div);
	else
		printf(" %9s", "-");
	printf("  %-12s  %-9s %s\n", stress_word(x), x->basis[0] ? x->basis : "-", data);
}

/* The bases and sources once under the table, when every ranked row
 * shares them (else "varies by region: see --format json"). */
static void footer_line(const wf_siting *st, const char *label, size_t off)
{
	size_t i, n = wf_siting_count(st);
	const char *first = NULL;
	wf_site x;

	for (i = 0; i < n; i++) {
		const char *v;
		wf_siting_get(st, i, &x);
		if (!x.ok)
			continue;
		v = *(const char *const *)((const char *)&x.prov + off);
		if (!first)
			first = v;
		else if (strcmp(first, v) != 0) {
			printf("  %s: varies by region (--format json or csv has each row's)\n",
			       label);
			return;
		}
	}
	if (first && *first)
		cli_print_wrapped(label, first);
}

/* When the ranked rows differ in basis or data year, say so: a ranking
 * across bases or years compares figures computed differently. */
static void siting_notes(const wf_siting *st)
{
	size_t i, n = wf_siting_count(st);
	int differ_b = 0, differ_y = 0, first = 1;
	wf_site a, x;

	memset(&a, 0, sizeof a);
	for (i = 0; i < n; i++) {
		wf_siting_get(st, i, &x);
		if (!x.ok)
			continue;
		if (first) {
			a = x;
			first = 0;
			continue;
		}
		differ_b |= strcmp(x.basis, a.basis) != 0;
		differ_y |= x.year != a.year || strcmp(x.source, a.source) != 0;
	}
	if (differ_b)
		printf("  The rows are on different bases (direct CO2 and life-cycle CO2e do not "
		       "compare):\n  read the basis column before the ranking; grid.basis keeps "
		       "one basis.\n");
	if (differ_y)
		printf("  The rows' figures are of different data years or sources (the grid "
		       "data column\n  says which).\n");
}

static void print_table(const wf_siting *st, const wf_scenario *sc, const char *pattern)
{
	size_t i, n = wf_siting_count(st);
	int sampled = 0, zero = 0, regional = 0;
	char s1[256], s2[256], h[6][40];
	col_unit mu, wu;
	wf_site best, x;

	memset(&best, 0, sizeof best);
	for (i = 0; i < n; i++) {
		wf_siting_get(st, i, &x);
		sampled |= isfinite(x.ranked_p05);
		zero |= x.ok && x.intensity_g_per_kwh < 0.05;
		regional |= isfinite(x.prov.regional_factor);
		if (i == 0)
			best = x;
	}
	printf("scenario %s in %zu regions matching \"%s\", ranked by %s%s\n\n",
	       cli_safe(s1, sizeof s1, wf_scenario_id(sc)), n, cli_safe(s2, sizeof s2, pattern),
	       wf_scenario_is_projection(sc) ? "lifetime " : "",
	       basis_words(wf_siting_rank_by(st)));
	wf_siting_units(st, &mu.div, &mu.name, &wu.div, &wu.name);
	snprintf(h[0], sizeof h[0], "location %s", mu.name);
	snprintf(h[1], sizeof h[1], "marginal %s", mu.name);
	snprintf(h[2], sizeof h[2], "total %s", mu.name);
	snprintf(h[3], sizeof h[3], "vs best %s", mu.name);
	snprintf(h[4], sizeof h[4], "       90%% interval, %s", mu.name);
	snprintf(h[5], sizeof h[5], "water %s", wu.name);
	printf("  %-5s %-24s %12s %12s %12s %12s%s %7s %5s %9s  %-12s  %-9s %s\n", "rank",
	       "region", h[0], h[1], h[2], h[3], sampled ? h[4] : "", "g/kWh", "PUE", h[5],
	       "water stress", "basis", "grid data");
	for (i = 0; i < n; i++) {
		wf_siting_get(st, i, &x);
		table_row(&x, &best, sampled, mu, wu);
	}
	printf("\n  figures in %s CO2e (the unit that shows the smallest difference between "
	       "regions);\n  location: location-based (grid-average) operational emissions; "
	       "marginal: what the\n  added demand causes on the system (consequential), beside "
	       "it, never inside the totals;\n  total: location-based + embodied. g/kWh: "
	       "location-based, energy-weighted.\n", mu.name);
	footer_line(st, "location", offsetof(wf_provenance, location));
	if (regional) {
		wf_siting_get(st, 0, &x);
		printf("  regional factors: each region's mean over 2023 / GB's national mean "
		       "over the same half-hours\n    (NESO regional and national files, gaps left "
		       "out of both; DERIVED; `wattif explain`\n    shows each region's figures)\n");
	}
	footer_line(st, "marginal", offsetof(wf_provenance, marginal));
	footer_line(st, "PUE", offsetof(wf_provenance, pue));
	footer_line(st, "water", offsetof(wf_provenance, water));
	printf("  water stress: the Environment Agency's 2021 classification of the water "
	       "company's area\n    (England only; a regulatory flag for metering, not a "
	       "planning tool; Wales and\n    Scotland not assessed)\n");
	if (sampled)
		printf("  ranked by the mean of the samples; ~: the 90%% interval overlaps a "
		       "neighbour's, so\n    the order between them is not settled\n");
	if (zero)
		printf("  *: prints as 0.0 g/kWh at one decimal but is not zero (see the "
		       "region's notes in --format json)\n");
	siting_notes(st);
	print_ties(st, stdout, 0);
}

static void csv_num(int has, double v)
{
	putchar(',');
	cli_number(has ? v : NAN, "");
}

static void csv_text(const char *s)
{
	putchar(',');
	cli_csv_field(s ? s : "");
}

static void print_csv(const wf_siting *st)
{
	size_t i, n = wf_siting_count(st);
	wf_site x;

	printf("rank,region,emissions_total_kg,emissions_operational_kg,"
	       "emissions_market_kg,emissions_embodied_kg,energy_facility_kwh,"
	       "intensity_g_per_kwh,pue,water_l,error,basis,year,intensity_source,"
	       "intensity_label,tied,emissions_marginal_kg,"
	       "marginal_g_per_kwh,marginal_years,years,ranked_by,ranked_kg,ranked_p05,"
	       "ranked_p95,overlaps,grid_connection_kw,location_basis,marginal_basis,"
	       "regional_factor,regional_source,pue_source,water_source,water_company,"
	       "water_stress,notes\n");
	for (i = 0; i < n; i++) {
		wf_siting_get(st, i, &x);
		if (x.rank)
			printf("%zu", x.rank);
		putchar(',');
		cli_csv_field(x.region);
		csv_num(x.ok, x.total_kg);
		csv_num(x.ok, x.operational_kg);
		csv_num(x.ok, x.market_kg);
		csv_num(x.ok && isfinite(x.embodied_kg), x.embodied_kg);
		csv_num(x.ok, x.energy_facility_kwh);
		csv_num(x.ok, x.intensity_g_per_kwh);
		csv_num(x.ok, x.pue);
		csv_num(x.ok && isfinite(x.water_l), x.water_l);
		csv_text(x.error);
		printf(",%s,", x.basis);
		if (x.year)
			printf("%d", x.year);
		printf(",%s", x.source);
		csv_text(x.label);
		printf(",%d", x.tied);
		csv_num(x.ok, x.marginal_kg);
		csv_num(x.ok, x.marginal_g_per_kwh);
		csv_num(x.ok && x.years, x.marginal_years);
		csv_num(x.ok && x.years, x.years);
		csv_text(wf_rank_by_name(wf_siting_rank_by(st)));
		csv_num(x.ok, x.ranked_kg);
		csv_num(x.ok, x.ranked_p05);
		csv_num(x.ok, x.ranked_p95);
		printf(",%d", x.overlaps);
		csv_num(x.ok, x.connection_kw);
		csv_text(x.prov.location);
		csv_text(x.prov.marginal);
		csv_num(x.ok, x.prov.regional_factor);
		csv_text(x.prov.regional_source);
		csv_text(x.prov.pue);
		csv_text(x.prov.water);
		csv_text(x.prov.water_company);
		csv_text(x.prov.water_stress);
		csv_text(x.notes);
		putchar('\n');
	}
}

static void json_kv_num(const char *k, int has, double v)
{
	printf(", \"%s\": ", k);
	cli_number(has ? v : NAN, "null");
}

static void json_kv_text(const char *k, const char *v)
{
	printf(", \"%s\": ", k);
	if (v && *v)
		cli_json_string(v);
	else
		printf("null");
}

static void json_notes(const char *notes)
{
	const char *p = notes ? notes : "";
	int first = 1;

	printf(", \"notes\": [");
	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len);
		if (line && len) {
			printf("%s", first ? "" : ", ");
			cli_json_string(line);
			first = 0;
		}
		free(line);
		p += len + (p[len] ? 1 : 0);
	}
	putchar(']');
}

/* The outputs as `wattif run --regions --format json` has always given
 * them. */
static void json_results(const wf_site *x)
{
	static const char *const names[9] = {"emissions_total_kg", "emissions_operational_kg",
					     "emissions_market_kg", "emissions_embodied_kg",
					     "energy_it_kwh", "energy_facility_kwh",
					     "intensity_g_per_kwh", "pue", "water_l"};
	double v[9] = {x->total_kg, x->operational_kg, x->market_kg, x->embodied_kg,
		       x->energy_it_kwh, x->energy_facility_kwh, x->intensity_g_per_kwh,
		       x->pue, x->water_l};
	int k;

	printf(", \"results\": {");
	for (k = 0; k < 9; k++) {
		printf("%s\"%s\": ", k ? ", " : "", names[k]);
		cli_number(x->ok ? v[k] : NAN, "null");
	}
	putchar('}');
}

static void json_row(const wf_site *x, wf_rank_by by)
{
	printf("{\"rank\": ");
	cli_number(x->rank ? (double)x->rank : NAN, "null");
	printf(", \"tied\": %s, \"region\": ", x->tied ? "true" : "false");
	cli_json_string(x->region);
	printf(", \"ok\": %s", x->ok ? "true" : "false");
	json_kv_text("error", x->error);
	json_results(x);
	printf(", \"basis\": ");
	cli_json_string(x->basis);
	printf(", \"year\": ");
	cli_number(x->year ? (double)x->year : NAN, "null");
	printf(", \"intensity_source\": ");
	cli_json_string(x->source);
	printf(", \"intensity_label\": ");
	cli_json_string(x->label);
	json_kv_num("emissions_location_kg", x->ok, x->operational_kg);
	json_kv_num("emissions_marginal_kg", x->ok, x->marginal_kg);
	json_kv_num("emissions_total_kg", x->ok, x->total_kg);
	json_kv_num("emissions_market_kg", x->ok, x->market_kg);
	json_kv_num("emissions_embodied_kg", x->ok, x->embodied_kg);
	json_kv_num("energy_facility_kwh", x->ok, x->energy_facility_kwh);
	json_kv_num("intensity_g_per_kwh", x->ok, x->intensity_g_per_kwh);
	json_kv_num("marginal_g_per_kwh", x->ok, x->marginal_g_per_kwh);
	if (x->years) {
		json_kv_num("years", 1, x->years);
		json_kv_num("marginal_years", 1, x->marginal_years);
	}
	json_kv_num("pue", x->ok, x->pue);
	json_kv_num("water_l", x->ok, x->water_l);
	json_kv_num("grid_connection_kw", x->ok, x->connection_kw);
	printf(", \"ranked_by\": \"%s\"", wf_rank_by_name(by));
	json_kv_num("ranked_kg", x->ok, x->ranked_kg);
	json_kv_num("ranked_p05", x->ok, x->ranked_p05);
	json_kv_num("ranked_p95", x->ok, x->ranked_p95);
	printf(", \"overlaps\": %s", x->overlaps ? "true" : "false");
	printf(", \"bases\": {\"location\": ");
	cli_json_string(x->prov.location ? x->prov.location : "");
	json_kv_text("marginal", x->prov.marginal);
	printf("}, \"source\": {\"regional_factor\": ");
	cli_number(x->prov.regional_factor, "null");
	json_kv_text("regional_data", x->prov.regional_source);
	json_kv_text("pue", x->prov.pue);
	json_kv_text("water", x->prov.water);
	json_kv_text("water_company", x->prov.water_company);
	json_kv_text("water_stress", x->prov.water_stress);
	putchar('}');
	json_notes(x->notes);
	putchar('}');
}

static void print_json(const wf_siting *st, const wf_scenario *sc, const char *pattern)
{
	size_t i, n = wf_siting_count(st);
	wf_site x;

	printf("{\"scenario\": ");
	cli_json_string(wf_scenario_id(sc));
	printf(", \"regions_pattern\": ");
	cli_json_string(pattern);
	printf(", \"ranked_by\": \"%s\", \"ranked_by_means\": ",
	       wf_rank_by_name(wf_siting_rank_by(st)));
	cli_json_string(basis_words(wf_siting_rank_by(st)));
	printf(", \"lifetime\": %s, \"ranking\": [", wf_scenario_is_projection(sc) ? "true"
										     : "false");
	for (i = 0; i < n; i++) {
		wf_siting_get(st, i, &x);
		printf("%s", i ? ", " : "");
		json_row(&x, wf_siting_rank_by(st));
	}
	printf("], \"ties\": [");
	print_ties(st, stdout, 1);
	printf("]}\n");
}

int cli_run_regions(wf_scenario *sc, const char *pattern, const wf_run_options *opt,
		    int fmt, wf_rank_by by)
{
	wf_siting *st = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	if ((rc = wf_scenario_site_by(&st, sc, pattern, by, opt, &err)))
		return cli_fail(&err, rc);
	if (fmt == 1)
		print_csv(st);
	else if (fmt == 2)
		print_json(st, sc, pattern);
	else
		print_table(st, sc, pattern);
	wf_siting_free(st);
	return EXIT_OK;
}

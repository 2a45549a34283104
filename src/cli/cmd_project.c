/*
 * cmd_project.c - `wattif run` for scenarios that span years (a campus
 * projected along its region's grid pathway) and `wattif run --regions
 * REGEX` (the same scenario sited in every matching region, ranked).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* The figures of one year, or of the totals, in table units. */
typedef struct row {
	double v[WF_OUT_COUNT_];
	int has[WF_OUT_COUNT_];
} row;

static void row_of_result(row *w, const wf_result *r)
{
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++)
		w->has[i] = wf_result_get(r, i, &w->v[i]) == 0;
}

static void row_of_totals(row *w, const wf_projection *p)
{
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++)
		w->has[i] = wf_projection_total(p, i, &w->v[i]) == 0;
}

/* A number in a column: scaled, or "-" when absent. */
static void cell(const row *w, int i, double scale, int width, int prec)
{
	if (w->has[i])
		printf(" %*.*f", width, prec, w->v[i] * scale);
	else
		printf(" %*s", width, "-");
}

static void table_line(const char *label, const row *w, double share)
{
	double pue = w->has[WF_OUT_ENERGY_IT_KWH] && w->v[WF_OUT_ENERGY_IT_KWH] > 0
		? w->v[WF_OUT_ENERGY_FACILITY_KWH] / w->v[WF_OUT_ENERGY_IT_KWH] : NAN;

	printf("  %-6s", label);
	cell(w, WF_OUT_IT_POWER_KW, 1e-3, 8, 1);
	cell(w, WF_OUT_PEAK_POWER_KW, 1e-3, 8, 1);
	cell(w, WF_OUT_ENERGY_IT_KWH, 1e-6, 9, 1);
	cell(w, WF_OUT_ENERGY_FACILITY_KWH, 1e-6, 9, 1);
	if (isfinite(pue))
		printf(" %6.3f", pue);
	else
		printf(" %6s", "-");
	cell(w, WF_OUT_INTENSITY_G_PER_KWH, 1, 7, 1);
	cell(w, WF_OUT_EMISSIONS_OPERATIONAL_KG, 1e-3, 11, 1);
	cell(w, WF_OUT_EMISSIONS_MARKET_KG, 1e-3, 11, 1);
	cell(w, WF_OUT_EMISSIONS_EMBODIED_KG, 1e-3, 10, 1);
	cell(w, WF_OUT_WATER_L, 1e-6, 9, 1);
	if (isfinite(share))
		printf(" %6.2f%%", 100 * share);
	putchar('\n');
}

/* A component's share of a year's embodied carbon, in tonnes ("-" when
 * not counted). */
static void emb_cell(const row *w, int i)
{
	if (w->has[i])
		printf(" %11.1f", w->v[i] / 1000);
	else
		printf(" %11s", "-");
}

/* Embodied carbon by year and component, then as bought: the hardware
 * generations and the building as capacity comes online. */
static void print_embodied(const wf_projection *p, const wf_result *last)
{
	static const int comp[4] = {WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG,
				    WF_OUT_EMISSIONS_EMBODIED_HOSTS_KG,
				    WF_OUT_EMISSIONS_EMBODIED_NETWORK_KG,
				    WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG};
	size_t k, n = wf_projection_count(p), m, j;
	wf_generation g[32];
	wf_build_phase b[64];
	row w;

	if (!last || !*wf_result_embodied_scope(last))
		return;
	printf("\nembodied carbon by year (t CO2e, amortised; covers %s):\n",
	       wf_result_embodied_scope(last));
	printf("  %-6s %11s %11s %11s %11s %11s\n", "year", "boards", "hosts", "network",
	       "building", "embodied");
	for (k = 0; k <= n; k++) {
		int y = 0;
		if (k < n)
			row_of_result(&w, wf_projection_row(p, k, &y));
		else
			row_of_totals(&w, p);
		if (k < n)
			printf("  %-6d", y);
		else
			printf("  %-6s", "total");
		for (j = 0; j < 4; j++)
			emb_cell(&w, comp[j]);
		emb_cell(&w, WF_OUT_EMISSIONS_EMBODIED_KG);
		putchar('\n');
	}
	m = wf_projection_generations(p, g, 32);
	if (m)
		printf("\nhardware generations (devices bought; embodied carbon when bought, "
		       "t CO2e):\n  %-9s %12s %11s %11s %11s %11s\n", "years", "devices",
		       "boards", "hosts", "network", "hardware");
	for (k = 0; k < m && k < 32; k++)
		printf("  %d-%d %12.0f %11.1f %11.1f %11.1f %11.1f\n", g[k].first_year,
		       g[k].last_year, g[k].devices, g[k].accelerators_kg / 1000,
		       g[k].hosts_kg / 1000, g[k].network_kg / 1000, g[k].embodied_kg / 1000);
	m = wf_projection_building(p, b, 64);
	if (m)
		printf("\nbuilding as capacity comes online (embodied carbon when built, "
		       "t CO2e):\n  %-9s %12s %11s\n", "year", "MW added", "building");
	for (k = 0; k < m && k < 64; k++)
		printf("  %-9d %12.1f %11.1f\n", b[k].year, b[k].capacity_added_mw,
		       b[k].embodied_kg / 1000);
}

static void print_projection_table(const wf_projection *p, const char *id)
{
	size_t k, n = wf_projection_count(p);
	int y0 = 0, y1 = 0, shares = 0;
	const wf_result *last = NULL;
	char safe[512];
	row w;

	for (k = 0; k < n; k++) {
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		if (k == 0)
			y0 = y;
		y1 = y;
		last = r;
		shares |= isfinite(wf_result_demand_share(r));
	}
	printf("scenario %s: %d to %d, one row per calendar year\n\n",
	       cli_safe(safe, sizeof safe, id), y0, y1);
	printf("  %-6s %8s %8s %9s %9s %6s %7s %11s %11s %10s %9s%s\n", "year", "IT MW",
	       "peak MW", "IT GWh", "fac. GWh", "PUE", "g/kWh", "location t", "market t",
	       "embodied t", "water ML", shares ? "  demand" : "");
	for (k = 0; k < n; k++) {
		char label[16];
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		snprintf(label, sizeof label, "%d", y);
		row_of_result(&w, r);
		table_line(label, &w, wf_result_demand_share(r));
	}
	row_of_totals(&w, p);
	table_line("total", &w, NAN);
	{
		wf_quantiles q;
		if (wf_projection_quantiles(p, WF_OUT_EMISSIONS_TOTAL_KG, &q) == 0)
			printf("\n  lifetime total emissions, 90%% interval: %.1f - %.1f t CO2e "
			       "(median %.1f; %ld Monte Carlo samples)\n", q.p05 / 1000,
			       q.p95 / 1000, q.p50 / 1000,
			       wf_result_samples(wf_projection_row(p, 0, NULL)));
	}
	printf("\n  IT MW is the mean draw; peak MW the largest facility draw (the grid "
	       "connection);\n  the total row sums energy, emissions and water, and gives "
	       "the energy-weighted\n  intensity and the largest peak.%s\n",
	       shares ? "  demand: facility energy / the region's annual demand." : "");
	print_embodied(p, last);
	if (last) {
		char title[32];
		snprintf(title, sizeof title, "notes (%d)", y1);
		cli_print_notes(title, wf_result_notes(last));
	}
}

static void csv_num(int has, double v)
{
	putchar(',');
	cli_number(has ? v : NAN, "");
}

static void print_projection_csv(const wf_projection *p)
{
	size_t k, n = wf_projection_count(p);
	int i;
	row w;

	printf("year");
	for (i = 0; i < WF_OUT_COUNT_; i++)
		printf(",%s", wf_output_name(i));
	printf(",demand_share,basis,data_year,intensity_source\n");
	for (k = 0; k <= n; k++) {
		double share = NAN;
		wf_intensity_info ci = {0};
		if (k < n) {
			int y;
			const wf_result *r = wf_projection_row(p, k, &y);
			row_of_result(&w, r);
			share = wf_result_demand_share(r);
			wf_result_intensity(r, &ci);
			printf("%d", y);
		} else {
			row_of_totals(&w, p);
			printf("total");
		}
		for (i = 0; i < WF_OUT_COUNT_; i++)
			csv_num(w.has[i], w.v[i]);
		csv_num(isfinite(share), share);
		printf(",%s,", ci.basis ? ci.basis : "");
		if (ci.year)
			printf("%d", ci.year);
		printf(",%s\n", ci.source ? ci.source : "");
	}
}

static void json_row(const row *w)
{
	int i;

	putchar('{');
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		printf("%s\"%s\": ", i ? ", " : "", wf_output_name(i));
		cli_number(w->has[i] ? w->v[i] : NAN, "null");
	}
	putchar('}');
}

static void print_projection_json(const wf_projection *p, const char *id)
{
	size_t k, n = wf_projection_count(p);
	row w;

	printf("{\"scenario\": ");
	cli_json_string(id);
	printf(", \"embodied_scope\": ");
	if (n && *wf_result_embodied_scope(wf_projection_row(p, n - 1, NULL)))
		cli_json_string(wf_result_embodied_scope(wf_projection_row(p, n - 1, NULL)));
	else
		printf("null");
	printf(", \"years\": [");
	for (k = 0; k < n; k++) {
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		double share = wf_result_demand_share(r);
		row_of_result(&w, r);
		printf("%s{\"year\": %d, \"results\": ", k ? ", " : "", y);
		json_row(&w);
		{
			wf_intensity_info ci;
			wf_result_intensity(r, &ci);
			printf(", \"basis\": ");
			cli_json_string(ci.basis);
			printf(", \"data_year\": ");
			if (ci.year)
				printf("%d", ci.year);
			else
				printf("null");
			printf(", \"intensity_source\": ");
			cli_json_string(ci.source);
		}
		if (isfinite(share)) {
			printf(", \"demand_share\": ");
			cli_number(share, "null");
		}
		putchar('}');
	}
	printf("], \"totals\": ");
	row_of_totals(&w, p);
	json_row(&w);
	{
		static const char *const qn[5] = {"mean", "sd", "p05", "p50", "p95"};
		int i, j, first = 1;
		for (i = 0; i < WF_OUT_COUNT_; i++) {
			wf_quantiles q;
			double qv[5];
			if (wf_projection_quantiles(p, i, &q))
				continue;
			qv[0] = q.mean, qv[1] = q.sd, qv[2] = q.p05, qv[3] = q.p50, qv[4] = q.p95;
			printf("%s\"%s\": {", first ? ", \"totals_quantiles\": {" : ", ",
			       wf_output_name(i));
			for (j = 0; j < 5; j++) {
				printf("%s\"%s\": ", j ? ", " : "", qn[j]);
				cli_number(qv[j], "null");
			}
			putchar('}');
			first = 0;
		}
		if (!first)
			putchar('}');
	}
	printf("}\n");
}

int cli_run_projection(const wf_scenario *sc, const wf_run_options *opt, int fmt,
		       int explain)
{
	wf_projection *p = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	if ((rc = wf_scenario_project(&p, sc, opt, &err)))
		return cli_fail(&err, rc);
	if (explain) {
		size_t k;
		for (k = 0; k < wf_projection_count(p); k++) {
			int y;
			const wf_result *r = wf_projection_row(p, k, &y);
			printf("%s===== %d =====\n%s", k ? "\n" : "", y, wf_result_explain(r));
		}
	} else if (fmt == 1) {
		print_projection_csv(p);
	} else if (fmt == 2) {
		print_projection_json(p, wf_scenario_id(sc));
	} else {
		print_projection_table(p, wf_scenario_id(sc));
	}
	wf_projection_free(p);
	return EXIT_OK;
}

/* ------------------------------------------------------------ siting */

/* When the ranked rows differ in basis or data year, say so: a ranking
 * across bases or years compares figures computed differently. */
static void siting_notes(const wf_siting *st, FILE *out)
{
	size_t i, n = wf_siting_count(st);
	int differ_b = 0, differ_y = 0, first = 1;
	wf_site a = {0}, x;

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
		fprintf(out, "  The rows are on different bases (direct CO2 and life-cycle CO2e "
			"do not compare):\n  read the basis column before the ranking; "
			"grid.basis keeps one basis.\n");
	if (differ_y)
		fprintf(out, "  The rows' figures are of different data years or sources (the year "
			"and data\n  columns say which).\n");
}

static void regions_csv(const wf_siting *st)
{
	size_t i, n = wf_siting_count(st);
	wf_site x;

	printf("rank,region,emissions_total_kg,emissions_operational_kg,"
	       "emissions_market_kg,emissions_embodied_kg,energy_facility_kwh,"
	       "intensity_g_per_kwh,pue,water_l,error,basis,year,intensity_source,"
	       "intensity_label\n");
	for (i = 0; i < n; i++) {
		wf_siting_get(st, i, &x);
		if (x.ok)
			printf("%zu,", i + 1);
		else
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
		putchar(',');
		cli_csv_field(x.error);
		printf(",%s,", x.basis);
		if (x.year)
			printf("%d", x.year);
		printf(",%s,", x.source);
		cli_csv_field(x.label);
		putchar('\n');
	}
}

static void regions_json(const wf_siting *st, const wf_scenario *sc, const char *pattern)
{
	size_t i, n = wf_siting_count(st);
	wf_site x;

	printf("{\"scenario\": ");
	cli_json_string(wf_scenario_id(sc));
	printf(", \"regions_pattern\": ");
	cli_json_string(pattern);
	printf(", \"ranking\": [");
	for (i = 0; i < n; i++) {
		const char *names[9] = {"emissions_total_kg", "emissions_operational_kg",
					"emissions_market_kg", "emissions_embodied_kg",
					"energy_it_kwh", "energy_facility_kwh",
					"intensity_g_per_kwh", "pue", "water_l"};
		double v[9];
		int k;
		wf_siting_get(st, i, &x);
		v[0] = x.total_kg, v[1] = x.operational_kg, v[2] = x.market_kg;
		v[3] = x.embodied_kg, v[4] = x.energy_it_kwh, v[5] = x.energy_facility_kwh;
		v[6] = x.intensity_g_per_kwh, v[7] = x.pue, v[8] = x.water_l;
		printf("%s{\"rank\": ", i ? ", " : "");
		if (x.ok)
			printf("%zu", i + 1);
		else
			printf("null");
		printf(", \"region\": ");
		cli_json_string(x.region);
		printf(", \"error\": ");
		if (x.ok)
			printf("null");
		else
			cli_json_string(x.error);
		printf(", \"results\": {");
		for (k = 0; k < 9; k++) {
			printf("%s\"%s\": ", k ? ", " : "", names[k]);
			cli_number(x.ok ? v[k] : NAN, "null");
		}
		printf("}, \"basis\": ");
		cli_json_string(x.basis);
		printf(", \"year\": ");
		if (x.year)
			printf("%d", x.year);
		else
			printf("null");
		printf(", \"intensity_source\": ");
		cli_json_string(x.source);
		printf(", \"intensity_label\": ");
		cli_json_string(x.label);
		putchar('}');
	}
	printf("]}\n");
}

int cli_run_regions(wf_scenario *sc, const char *pattern, const wf_run_options *opt,
		    int fmt)
{
	wf_siting *st = NULL;
	wf_error err;
	wf_site best, x;
	size_t i, n;
	int rc;

	wf_error_clear(&err);
	if ((rc = wf_scenario_site(&st, sc, pattern, opt, &err)))
		return cli_fail(&err, rc);
	n = wf_siting_count(st);
	wf_siting_get(st, 0, &best);
	if (fmt == 1) {
		regions_csv(st);
	} else if (fmt == 2) {
		regions_json(st, sc, pattern);
	} else {
		char s1[256], s2[256];
		printf("scenario %s in %zu regions matching \"%s\", ranked by %s emissions\n\n",
		       cli_safe(s1, sizeof s1, wf_scenario_id(sc)), n,
		       cli_safe(s2, sizeof s2, pattern),
		       wf_scenario_is_projection(sc) ? "lifetime total" : "total");
		printf("  %-4s %-24s %13s %13s %9s %7s %10s %12s  %-9s %s\n", "rank", "region",
		       "total t CO2e", "vs best t", "g/kWh", "PUE", "water ML", "facility GWh",
		       "basis", "data");
		for (i = 0; i < n; i++) {
			wf_siting_get(st, i, &x);
			if (!x.ok) {
				printf("  %-4s %-24s n/a: %s\n", "-", x.region,
				       cli_safe(s1, sizeof s1, x.error));
				continue;
			}
			printf("  %-4zu %-24s %13.1f %+13.1f %9.1f %7.3f", i + 1, x.region,
			       x.total_kg / 1000, (x.total_kg - best.total_kg) / 1000,
			       x.intensity_g_per_kwh, x.pue);
			if (isfinite(x.water_l))
				printf(" %10.1f", x.water_l / 1e6);
			else
				printf(" %10s", "-");
			printf(" %12.1f  %-9s ", x.energy_facility_kwh / 1e6,
			       x.basis[0] ? x.basis : "-");
			if (x.year)
				printf("%d %s\n", x.year, x.source);
			else
				printf("%s\n", x.source);
		}
		printf("\n  Beside each total, what drives it: the grid (g/kWh, energy-weighted), "
		       "the\n  climate through PUE, and water; basis and data say what each "
		       "intensity is.\n");
		siting_notes(st, stdout);
	}
	wf_siting_free(st);
	return EXIT_OK;
}

/*
 * cmd_project.c - `wattif run` for scenarios that span years (a campus
 * projected along its region's grid pathway); `wattif run --regions` is
 * cmd_regions.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

static void print_projection_table(const wf_projection *p, const char *id)
{
	size_t k, n = wf_projection_count(p);
	int y0 = 0, y1 = 0, shares = 0;
	const wf_result *last = NULL;
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
	printf("scenario %s: %d to %d, one row per calendar year\n\n", id, y0, y1);
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
	{
		wf_generation g[32];
		size_t m = wf_projection_generations(p, g, 32);
		if (m)
			printf("\nhardware generations (devices bought; embodied carbon when "
			       "bought):\n");
		for (k = 0; k < m && k < 32; k++)
			printf("  %d-%d  %12.0f devices  %12.1f t CO2e\n", g[k].first_year,
			       g[k].last_year, g[k].devices, g[k].embodied_kg / 1000);
	}
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
	printf(",demand_share\n");
	for (k = 0; k <= n; k++) {
		double share = NAN;
		if (k < n) {
			int y;
			const wf_result *r = wf_projection_row(p, k, &y);
			row_of_result(&w, r);
			share = wf_result_demand_share(r);
			printf("%d", y);
		} else {
			row_of_totals(&w, p);
			printf("total");
		}
		for (i = 0; i < WF_OUT_COUNT_; i++)
			csv_num(w.has[i], w.v[i]);
		csv_num(isfinite(share), share);
		putchar('\n');
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
	printf(", \"years\": [");
	for (k = 0; k < n; k++) {
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		double share = wf_result_demand_share(r);
		row_of_result(&w, r);
		printf("%s{\"year\": %d, \"results\": ", k ? ", " : "", y);
		json_row(&w);
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

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
#include "output.h"

/* The figures of one year, or of the totals, in table units. */
typedef struct row {
	double v[WF_OUT_COUNT_];
	int has[WF_OUT_COUNT_];
	double marginal_kg, marginal_g_per_kwh; /* NAN when none */
	double connection_kw;                   /* campus grid connection */
} row;

static void row_of_result(row *w, const wf_result *r)
{
	wf_bases b;
	wf_provenance pv;
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++)
		w->has[i] = wf_result_get(r, i, &w->v[i]) == 0;
	wf_result_bases(r, &b);
	w->marginal_kg = b.marginal_kg;
	w->marginal_g_per_kwh = b.marginal_g_per_kwh;
	w->connection_kw = wf_result_provenance(r, &pv) == 0 ? pv.connection_kw : NAN;
}

static void row_of_totals(row *w, const wf_projection *p)
{
	double e;
	size_t years;
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++)
		w->has[i] = wf_projection_total(p, i, &w->v[i]) == 0;
	wf_projection_marginal(p, &w->marginal_kg, &e, &years);
	w->marginal_g_per_kwh = w->marginal_kg / e * 1e3;
	if (years != wf_projection_count(p))
		w->marginal_kg = w->marginal_g_per_kwh = NAN; /* not over the whole span */
	w->connection_kw = wf_projection_connection_kw(p);
}

static void num_cell(double v, int width, int prec)
{
	if (isfinite(v))
		printf(" %*.*f", width, prec, v);
	else
		printf(" %*s", width, "-");
}

/* A number in a column: scaled, or "-" when absent. */
static void cell(const row *w, int i, double scale, int width, int prec)
{
	if (w->has[i])
		printf(" %*.*f", width, prec, w->v[i] * scale);
	else
		printf(" %*s", width, "-");
}

static void table_line(const char *label, const row *w, double share, int market)
{
	double pue = w->has[WF_OUT_ENERGY_IT_KWH] && w->v[WF_OUT_ENERGY_IT_KWH] > 0
		? w->v[WF_OUT_ENERGY_FACILITY_KWH] / w->v[WF_OUT_ENERGY_IT_KWH] : NAN;

	printf("  %-6s", label);
	cell(w, WF_OUT_IT_POWER_KW, 1e-3, 8, 1);
	cell(w, WF_OUT_PEAK_POWER_KW, 1e-3, 8, 1);
	num_cell(w->connection_kw / 1e3, 8, 1);
	cell(w, WF_OUT_ENERGY_IT_KWH, 1e-6, 9, 1);
	cell(w, WF_OUT_ENERGY_FACILITY_KWH, 1e-6, 9, 1);
	if (isfinite(pue))
		printf(" %6.3f", pue);
	else
		printf(" %6s", "-");
	cell(w, WF_OUT_INTENSITY_G_PER_KWH, 1, 7, 1);
	cell(w, WF_OUT_EMISSIONS_OPERATIONAL_KG, 1e-3, 11, 1);
	num_cell(w->marginal_kg / 1e3, 11, 1);
	if (market)
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
	int y0 = 0, y1 = 0, shares = 0, market = 0;
	const wf_result *last = NULL;
	char safe[512];
	wf_provenance pv;
	row w;

	for (k = 0; k < n; k++) {
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		wf_bases b;
		if (k == 0)
			y0 = y;
		y1 = y;
		last = r;
		shares |= isfinite(wf_result_demand_share(r));
		wf_result_bases(r, &b);
		market |= b.market_declared;
	}
	memset(&pv, 0, sizeof pv);
	if (last)
		wf_result_provenance(last, &pv);
	printf("scenario %s%s%s: %d to %d, one row per calendar year\n\n",
	       cli_safe(safe, sizeof safe, id), pv.region && *pv.region ? " in " : "",
	       pv.region ? pv.region : "", y0, y1);
	printf("  %-6s %8s %8s %8s %9s %9s %6s %7s %11s %11s%s %10s %9s%s\n", "year",
	       "IT MW", "peak MW", "conn. MW", "IT GWh", "fac. GWh", "PUE", "g/kWh",
	       "location t", "marginal t", market ? "    market t" : "", "embodied t",
	       "water ML", shares ? "  demand" : "");
	for (k = 0; k < n; k++) {
		char label[16];
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		snprintf(label, sizeof label, "%d", y);
		row_of_result(&w, r);
		table_line(label, &w, wf_result_demand_share(r), market);
	}
	row_of_totals(&w, p);
	table_line("total", &w, NAN, market);
	{
		wf_quantiles q;
		if (wf_projection_quantiles(p, WF_OUT_EMISSIONS_TOTAL_KG, &q) == 0)
			printf("\n  lifetime total emissions, 90%% interval: %.1f - %.1f t CO2e "
			       "(median %.1f; %ld Monte Carlo samples)\n", q.p05 / 1000,
			       q.p95 / 1000, q.p50 / 1000,
			       wf_result_samples(wf_projection_row(p, 0, NULL)));
	}
	printf("\n  IT MW is the mean draw; peak MW the expected peak facility draw; conn. MW "
	       "the grid\n  connection (rated IT capacity online x peak PUE at full load); "
	       "location t: grid-average\n  (location-based) emissions; marginal t: what the "
	       "added demand causes (consequential),\n  beside the totals, never in them. The "
	       "total row sums energy, emissions and water,\n  and gives the energy-weighted "
	       "intensity and the largest peak and connection.%s\n",
	       shares ? "\n  demand: facility energy / the region's annual demand." : "");
	if (pv.location && *pv.location)
		cli_print_wrapped("location basis", pv.location);
	if (pv.regional_source && *pv.regional_source)
		cli_print_wrapped("regional factor", pv.regional_source);
	if (pv.marginal && *pv.marginal)
		cli_print_wrapped("marginal basis", pv.marginal);
	if (pv.pue && *pv.pue)
		cli_print_wrapped("PUE", pv.pue);
	if (pv.water && *pv.water)
		cli_print_wrapped("water", pv.water);
	if (pv.water_stress && *pv.water_stress) {
		char ws[1024];
		snprintf(ws, sizeof ws, "%s%s%s", pv.water_company ? pv.water_company : "",
			 pv.water_company && *pv.water_company ? ": " : "", pv.water_stress);
		cli_print_wrapped("water stress", ws);
	}
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
	printf(",demand_share,basis,data_year,intensity_source,emissions_marginal_kg,"
	       "marginal_g_per_kwh,grid_connection_kw,row\n");
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
			row_of_totals(&w, p); /* year empty: the row column says "total" */
		}
		for (i = 0; i < WF_OUT_COUNT_; i++)
			csv_num(w.has[i], w.v[i]);
		csv_num(isfinite(share), share);
		printf(",%s,", ci.basis ? ci.basis : "");
		if (ci.year)
			printf("%d", ci.year);
		printf(",%s", ci.source ? ci.source : "");
		csv_num(1, w.marginal_kg);
		csv_num(1, w.marginal_g_per_kwh);
		csv_num(1, w.connection_kw);
		printf(",%s\n", k < n ? "year" : "total");
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

/* Beside the outputs (which stay as they are): the marginal view and the
 * grid connection. */
static void json_extra(const row *w)
{
	printf(", \"emissions_marginal_kg\": ");
	cli_number(w->marginal_kg, "null");
	printf(", \"marginal_g_per_kwh\": ");
	cli_number(w->marginal_g_per_kwh, "null");
	printf(", \"grid_connection_kw\": ");
	cli_number(w->connection_kw, "null");
}

/* Is line in the notes of a year before k, or earlier in year k's (before
 * offset off)? */
static int seen_before(const wf_projection *p, size_t k, size_t off, const char *line)
{
	size_t j, len = strlen(line);

	for (j = 0; j <= k; j++) {
		const char *q = wf_result_notes(wf_projection_row(p, j, NULL));
		const char *end = j < k ? q + strlen(q) : q + off;
		while (q < end) {
			size_t l = strcspn(q, "\n");
			if (l == len && strncmp(q, line, len) == 0)
				return 1;
			q += l + (q[l] ? 1 : 0);
		}
	}
	return 0;
}

static void json_text(const char *k, const char *v, int first)
{
	printf("%s\"%s\": ", first ? "" : ", ", k);
	if (v && *v)
		cli_json_string(v);
	else
		printf("null");
}

/* Where the figures came from (the last year's plan) and every year's
 * notes, once each. */
static void json_basis(const wf_projection *p)
{
	size_t k, n = wf_projection_count(p);
	wf_provenance pv;
	int first = 1;

	if (!n || wf_projection_row(p, n - 1, NULL) == NULL ||
	    wf_result_provenance(wf_projection_row(p, n - 1, NULL), &pv))
		return;
	printf(", \"basis\": {");
	json_text("region", pv.region, 1);
	json_text("location", pv.location, 0);
	printf(", \"regional_factor\": ");
	cli_number(pv.regional_factor, "null");
	json_text("regional_data", pv.regional_source, 0);
	json_text("marginal", pv.marginal, 0);
	json_text("pue", pv.pue, 0);
	json_text("water", pv.water, 0);
	json_text("water_company", pv.water_company, 0);
	json_text("water_stress", pv.water_stress, 0);
	printf("}, \"notes\": [");
	for (k = 0; k < n; k++) {
		const char *q = wf_result_notes(wf_projection_row(p, k, NULL));
		while (q && *q) {
			size_t len = strcspn(q, "\n");
			char line[2048];
			snprintf(line, sizeof line, "%.*s", (int)len, q);
			if (len && !seen_before(p, k, q - wf_result_notes(wf_projection_row(p, k,
										  NULL)), line)) {
				printf("%s", first ? "" : ", ");
				cli_json_string(line);
				first = 0;
			}
			q += len + (q[len] ? 1 : 0);
		}
	}
	putchar(']');
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
		json_extra(&w);
		if (isfinite(share)) {
			printf(", \"demand_share\": ");
			cli_number(share, "null");
		}
		putchar('}');
	}
	printf("], \"totals\": ");
	row_of_totals(&w, p);
	json_row(&w);
	printf(", \"totals_beside\": {\"years\": %zu", n);
	json_extra(&w);
	printf("}");
	json_basis(p);
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

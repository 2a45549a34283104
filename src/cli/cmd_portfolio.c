/*
 * cmd_portfolio.c - `wattif run` of a scenario with campuses: the year-by-
 * year sums (TWh, peak and connection GW, emissions on both bases, water),
 * each campus's share, and the portfolio beside published GB data-centre
 * demand figures ("share of projected GB data-centre demand"); as a
 * table, CSV (one row per year, then the total) or JSON.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"

#define MAX_FIG 32

/* The figure a year's row is set beside: NESO's where there is one (the
 * system operator's planning assumption), else the first with a TWh. */
static const wf_demand_figure *pick(const wf_demand_figure *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isfinite(f[i].demand_kwh) && strncmp(f[i].id, "neso", 4) == 0)
			return &f[i];
	for (i = 0; i < n; i++)
		if (isfinite(f[i].demand_kwh))
			return &f[i];
	return NULL;
}

static size_t figures(const wf_scenario *sc, int year, wf_demand_figure *f)
{
	size_t n = wf_scenario_demand_figures(sc, "GB", year, f, MAX_FIG);

	return n < MAX_FIG ? n : MAX_FIG;
}

static void totals(const wf_portfolio *pf, wf_portfolio_year *t)
{
	size_t y, ny = wf_portfolio_years(pf);
	wf_portfolio_year r;

	memset(t, 0, sizeof(*t));
	for (y = 0; y < ny; y++) {
		wf_portfolio_year_get(pf, y, &r);
		t->energy_facility_kwh += r.energy_facility_kwh;
		t->peak_power_kw = fmax(t->peak_power_kw, r.peak_power_kw);
		t->connection_kw = fmax(t->connection_kw, r.connection_kw);
		t->emissions_location_kg += r.emissions_location_kg;
		t->emissions_marginal_kg += r.emissions_marginal_kg;
		t->emissions_embodied_kg += r.emissions_embodied_kg;
		t->water_l += r.water_l;
	}
}

static double campus_total(const wf_portfolio *pf, size_t k, int out)
{
	double v;

	return wf_projection_total(wf_portfolio_projection(pf, k), out, &v) == 0 ? v : NAN;
}

static void num(double v, int w, int prec)
{
	if (isfinite(v))
		printf(" %*.*f", w, prec, v);
	else
		printf(" %*s", w, "-");
}

static void table_year(const char *label, const wf_portfolio_year *r,
		       const wf_demand_figure *f)
{
	printf("  %-6s", label);
	num(r->energy_facility_kwh / 1e9, 7, 2);
	num(r->peak_power_kw / 1e6, 8, 2);
	num(r->connection_kw / 1e6, 8, 2);
	num(r->emissions_location_kg / 1e6, 11, 1);
	num(r->emissions_marginal_kg / 1e6, 11, 1);
	num(r->emissions_embodied_kg / 1e6, 11, 1);
	num(r->water_l / 1e6, 9, 1);
	if (f)
		printf("  %5.1f TWh %-28.28s %6.1f%%", f->demand_kwh / 1e9, f->name,
		       100 * r->energy_facility_kwh / f->demand_kwh);
	putchar('\n');
}

static void print_campuses(const wf_portfolio *pf, const wf_portfolio_year *t)
{
	size_t k, n = wf_portfolio_count(pf);

	printf("\ncampuses, lifetime (share: of the portfolio's facility energy):\n");
	printf("  %-14s %-24s %8s %6s %11s %11s %9s %8s  %s\n", "campus", "region", "TWh",
	       "share", "location kt", "marginal kt", "water ML", "conn. GW", "water stress");
	for (k = 0; k < n; k++) {
		const wf_projection *p = wf_portfolio_projection(pf, k);
		const wf_result *last = wf_projection_row(p, wf_projection_count(p) - 1, NULL);
		double e = campus_total(pf, k, WF_OUT_ENERGY_FACILITY_KWH), m, em;
		size_t my;
		wf_provenance pv;
		wf_result_provenance(last, &pv);
		if (wf_projection_marginal(p, &m, &em, &my) || my != wf_projection_count(p))
			m = NAN;
		char safe[256];
		printf("  %-14s %-24s", cli_safe(safe, sizeof safe, wf_portfolio_campus(pf, k)),
		       pv.region);
		num(e / 1e9, 8, 2);
		num(100 * e / t->energy_facility_kwh, 5, 1);
		putchar('%');
		num(campus_total(pf, k, WF_OUT_EMISSIONS_OPERATIONAL_KG) / 1e6, 11, 1);
		num(m / 1e6, 11, 1);
		num(campus_total(pf, k, WF_OUT_WATER_L) / 1e6, 9, 1);
		num(wf_projection_connection_kw(p) / 1e6, 8, 2);
		printf("  %.*s\n", (int)strcspn(pv.water_stress, "("), pv.water_stress);
	}
}

/* Every published figure for the portfolio's years, with its share. */
static void print_figures(const wf_portfolio *pf, const wf_scenario *sc)
{
	size_t y, i, n, ny = wf_portfolio_years(pf);
	wf_demand_figure f[MAX_FIG];
	wf_portfolio_year r;
	int any = 0;

	for (y = 0; y < ny; y++) {
		wf_portfolio_year_get(pf, y, &r);
		n = figures(sc, r.year, f);
		for (i = 0; i < n; i++) {
			if (!any)
				printf("\npublished GB/UK data-centre demand for the portfolio's years "
				       "(share of projected GB\ndata-centre demand: the portfolio's "
				       "facility energy / the figure; peak / capacity):\n");
			any = 1;
			char s1[512], s2[512];
			printf("  %d  %s (%s, %s):", r.year, cli_safe(s1, sizeof s1, f[i].name),
			       f[i].status, cli_safe(s2, sizeof s2, f[i].scope));
			if (isfinite(f[i].demand_kwh))
				printf(" %.1f TWh - the campuses %.2f TWh, %.1f%%", f[i].demand_kwh / 1e9,
				       r.energy_facility_kwh / 1e9,
				       100 * r.energy_facility_kwh / f[i].demand_kwh);
			if (isfinite(f[i].capacity_kw))
				printf("%s %.1f GW - the campuses' peak %.2f GW, %.1f%%",
				       isfinite(f[i].demand_kwh) ? ";" : "", f[i].capacity_kw / 1e6,
				       r.peak_power_kw / 1e6, 100 * r.peak_power_kw / f[i].capacity_kw);
			printf("\n      source: %s\n", cli_safe(s1, sizeof s1, f[i].source));
		}
	}
	if (!any)
		printf("\nno published GB data-centre demand figure for the portfolio's years "
		       "(`wattif list demand_projections`)\n");
}

static void print_table(const wf_portfolio *pf, const wf_scenario *sc)
{
	size_t y, ny = wf_portfolio_years(pf);
	wf_demand_figure f[MAX_FIG];
	wf_portfolio_year r, t;
	char label[16], safe[256];

	totals(pf, &t);
	wf_portfolio_year_get(pf, 0, &r);
	printf("portfolio %s: %zu campuses, %d to %d, sums over the campuses (peaks and "
	       "connections\nas if coincident: an upper bound)\n\n",
	       cli_safe(safe, sizeof safe, wf_scenario_id(sc)),
	       wf_portfolio_count(pf), r.year, r.year + (int)ny - 1);
	printf("  %-6s %7s %8s %8s %11s %11s %11s %9s  %-38s %7s\n", "year", "TWh", "peak GW",
	       "conn. GW", "location kt", "marginal kt", "embodied kt", "water ML",
	       "projected GB data-centre demand", "share");
	for (y = 0; y < ny; y++) {
		wf_portfolio_year_get(pf, y, &r);
		snprintf(label, sizeof label, "%d", r.year);
		table_year(label, &r, pick(f, figures(sc, r.year, f)));
	}
	table_year("total", &t, NULL);
	printf("\n  TWh: facility energy; location kt: grid-average (location-based) emissions; "
	       "marginal kt:\n  what the added demand causes (consequential), beside the "
	       "totals; share: of projected\n  GB data-centre demand (the figure named; every "
	       "published figure is listed below).\n");
	print_campuses(pf, &t);
	print_figures(pf, sc);
	printf("\nEach campus's own table, bases and notes: wattif run FILE for its scenario.\n");
}

static void print_csv(const wf_portfolio *pf, const wf_scenario *sc)
{
	size_t y, k, ny = wf_portfolio_years(pf), n = wf_portfolio_count(pf);
	wf_demand_figure f[MAX_FIG];
	wf_portfolio_year r;

	printf("year,energy_facility_kwh,peak_power_kw,grid_connection_kw,"
	       "emissions_location_kg,emissions_marginal_kg,emissions_embodied_kg,water_l,"
	       "gb_dc_demand_kwh,gb_dc_demand_figure,share_of_projected_gb_dc_demand");
	for (k = 0; k < n; k++)
		printf(",%s_energy_facility_kwh", wf_portfolio_campus(pf, k));
	putchar('\n');
	for (y = 0; y <= ny; y++) {
		const wf_demand_figure *d = NULL;
		if (y < ny) {
			wf_portfolio_year_get(pf, y, &r);
			d = pick(f, figures(sc, r.year, f));
			printf("%d", r.year);
		} else {
			totals(pf, &r);
			printf("total");
		}
		{
			const double v[] = {r.energy_facility_kwh, r.peak_power_kw,
					     r.connection_kw, r.emissions_location_kg,
					     r.emissions_marginal_kg, r.emissions_embodied_kg,
					     r.water_l, d ? d->demand_kwh : NAN};
			size_t i;
			for (i = 0; i < sizeof v / sizeof *v; i++) {
				putchar(',');
				cli_number(v[i], "");
			}
		}
		putchar(',');
		cli_csv_field(d ? d->id : "");
		printf(",");
		cli_number(d ? r.energy_facility_kwh / d->demand_kwh : NAN, "");
		for (k = 0; k < n; k++) {
			const wf_projection *p = wf_portfolio_projection(pf, k);
			double v = NAN;
			if (y < ny)
				wf_result_get(wf_projection_row(p, y, NULL), WF_OUT_ENERGY_FACILITY_KWH, &v);
			else
				wf_projection_total(p, WF_OUT_ENERGY_FACILITY_KWH, &v);
			printf(",");
			cli_number(v, "");
		}
		putchar('\n');
	}
}

static void json_kv(const char *k, double v)
{
	printf(", \"%s\": ", k);
	cli_number(v, "null");
}

static void json_year(const wf_portfolio_year *r)
{
	printf("\"energy_facility_kwh\": ");
	cli_number(r->energy_facility_kwh, "null");
	json_kv("peak_power_kw", r->peak_power_kw);
	json_kv("grid_connection_kw", r->connection_kw);
	json_kv("emissions_location_kg", r->emissions_location_kg);
	json_kv("emissions_marginal_kg", r->emissions_marginal_kg);
	json_kv("emissions_embodied_kg", r->emissions_embodied_kg);
	json_kv("water_l", r->water_l);
}

static void json_figures(const wf_scenario *sc, const wf_portfolio_year *r)
{
	wf_demand_figure f[MAX_FIG];
	size_t i, n = figures(sc, r->year, f);

	printf(", \"gb_datacentre_demand\": [");
	for (i = 0; i < n; i++) {
		printf("%s{\"id\": ", i ? ", " : "");
		cli_json_string(f[i].id);
		printf(", \"name\": ");
		cli_json_string(f[i].name);
		printf(", \"status\": ");
		cli_json_string(f[i].status);
		printf(", \"scope\": ");
		cli_json_string(f[i].scope);
		json_kv("demand_kwh", f[i].demand_kwh);
		json_kv("capacity_kw", f[i].capacity_kw);
		json_kv("share_of_demand", r->energy_facility_kwh / f[i].demand_kwh);
		json_kv("share_of_capacity", r->peak_power_kw / f[i].capacity_kw);
		printf(", \"source\": ");
		cli_json_string(f[i].source);
		putchar('}');
	}
	putchar(']');
}

static void print_json(const wf_portfolio *pf, const wf_scenario *sc)
{
	size_t y, k, ny = wf_portfolio_years(pf), n = wf_portfolio_count(pf);
	wf_portfolio_year r;

	printf("{\"portfolio\": ");
	cli_json_string(wf_scenario_id(sc));
	printf(", \"peaks\": \"summed as if coincident (an upper bound)\", \"campuses\": [");
	for (k = 0; k < n; k++) {
		const wf_projection *p = wf_portfolio_projection(pf, k);
		wf_provenance pv;
		wf_result_provenance(wf_projection_row(p, ny - 1, NULL), &pv);
		printf("%s{\"id\": ", k ? ", " : "");
		cli_json_string(wf_portfolio_campus(pf, k));
		printf(", \"region\": ");
		cli_json_string(pv.region);
		json_kv("energy_facility_kwh", campus_total(pf, k, WF_OUT_ENERGY_FACILITY_KWH));
		json_kv("emissions_location_kg", campus_total(pf, k,
							      WF_OUT_EMISSIONS_OPERATIONAL_KG));
		json_kv("water_l", campus_total(pf, k, WF_OUT_WATER_L));
		json_kv("grid_connection_kw", wf_projection_connection_kw(p));
		printf(", \"location_basis\": ");
		cli_json_string(pv.location);
		printf(", \"marginal_basis\": ");
		cli_json_string(pv.marginal);
		printf(", \"water_stress\": ");
		cli_json_string(pv.water_stress);
		putchar('}');
	}
	printf("], \"years\": [");
	for (y = 0; y < ny; y++) {
		wf_portfolio_year_get(pf, y, &r);
		printf("%s{\"year\": %d, ", y ? ", " : "", r.year);
		json_year(&r);
		printf(", \"campus_share\": {");
		for (k = 0; k < n; k++) {
			double v = NAN;
			wf_result_get(wf_projection_row(wf_portfolio_projection(pf, k), y, NULL),
				      WF_OUT_ENERGY_FACILITY_KWH, &v);
			printf("%s", k ? ", " : "");
			cli_json_string(wf_portfolio_campus(pf, k));
			printf(": ");
			cli_number(r.energy_facility_kwh > 0 ? v / r.energy_facility_kwh : NAN, "null");
		}
		putchar('}');
		json_figures(sc, &r);
		putchar('}');
	}
	totals(pf, &r);
	printf("], \"totals\": {");
	json_year(&r);
	printf("}}\n");
}

int cli_run_portfolio(const wf_scenario *sc, const wf_run_options *opt, int fmt, int explain)
{
	wf_portfolio *pf = NULL;
	wf_error err;
	size_t k, y;
	int rc;

	wf_error_clear(&err);
	if ((rc = wf_scenario_portfolio(&pf, sc, opt, &err)))
		return cli_fail(&err, rc);
	if (explain) {
		for (k = 0; k < wf_portfolio_count(pf); k++) {
			const wf_projection *p = wf_portfolio_projection(pf, k);
			for (y = 0; y < wf_projection_count(p); y++) {
				int yr;
				const wf_result *r = wf_projection_row(p, y, &yr);
				printf("%s===== %s %d =====\n%s", k || y ? "\n" : "",
				       wf_portfolio_campus(pf, k), yr, wf_result_explain(r));
			}
		}
	} else if (fmt == 1) {
		print_csv(pf, sc);
	} else if (fmt == 2) {
		print_json(pf, sc);
	} else {
		print_table(pf, sc);
	}
	wf_portfolio_free(pf);
	return EXIT_OK;
}

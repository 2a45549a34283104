/*
 * cmd_shift.c - `wattif shift FILE [--window START..END] [--regions REGEX]
 * [--step DURATION] [--set PATH=VALUE]... [--format table|csv|json]`:
 * the start time (and region) that minimise a job's emissions, the saving
 * against the scenario's own start, and the ranking of candidate regions.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "output.h"

enum { FMT_TABLE, FMT_CSV, FMT_JSON };

enum { OPT_WINDOW = 1, OPT_REGIONS, OPT_STEP, OPT_SET, OPT_FORMAT, OPT_OUTPUT };

static const cli_opt shift_opts[] = {
	{OPT_WINDOW, CLI_WINDOW, "search window, UTC (e.g. 2026-07-01T00:00Z..2026-07-08T00:00Z);\n"
				 "default: the span the candidate series share", NULL},
	{OPT_REGIONS, CLI_REGIONS, "candidate regions: a regular expression over grid ids\n"
				   "(e.g. '^GB-'); default: the scenario's region only", NULL},
	{OPT_STEP, CLI_STEP, "between candidate starts (e.g. '1 h'); default: the\n"
			     "series' own step", NULL},
	{OPT_SET, CLI_SET, "override a scenario value", NULL},
	{OPT_FORMAT, CLI_FORMAT, "table (default), csv or json", "table csv json"},
	{OPT_OUTPUT, CLI_OUTPUT, "write to OUT (atomically; '-': standard output)", "@files"},
	CLI_OPT_END};

const cli_spec cli_shift_spec = {
	"shift", cmd_shift, "the start time and region that minimise a job's emissions",
	"FILE.yaml [--window START..END] [--regions REGEX]\n"
	"[--step DURATION] [--set PATH=VALUE]... [--format F] [-o OUT]",
	"The job keeps its duration and power; it may start at any step in the\n"
	"window, in any region whose grid has an hourly series.  FILE '-' reads\n"
	"the scenario from standard input.",
	shift_opts, NULL, NULL, NULL};

/* UTC time in ISO 8601 to the minute or second. */
static const char *iso(char *buf, size_t n, double t)
{
	time_t s = (time_t)floor(t);
	struct tm tm;

	if (!isfinite(t) || !gmtime_r(&s, &tm)) {
		snprintf(buf, n, "n/a");
		return buf;
	}
	strftime(buf, n, tm.tm_sec ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%MZ", &tm);
	return buf;
}

static double pct(double saved, double of)
{
	return of > 0 ? 100 * saved / of : 0;
}

static void print_table(const wf_shift_result *r, const char *id)
{
	char b1[64], b2[64], b3[64], b4[64];
	double w0, w1, step, dur, e_kwh;
	const char *notes = wf_shift_notes(r);
	wf_shift_region g, best;
	size_t k, n = wf_shift_count(r);

	wf_shift_setup(r, &w0, &w1, &step, &dur, &e_kwh);
	wf_shift_given(r, &g);
	wf_shift_get(r, 0, &best);
	printf("scenario %s: a job of %s using %s of facility energy\n",
	       cli_safe(b4, sizeof b4, id),
	       wf_output_format(b1, sizeof b1, WF_OUT_DURATION_H, dur / 3600),
	       wf_output_format(b2, sizeof b2, WF_OUT_ENERGY_FACILITY_KWH, e_kwh));
	printf("window %s to %s, starts every %s, %zu region%s\n\n", iso(b1, 64, w0),
	       iso(b2, 64, w1), wf_format_quantity(b3, sizeof b3, step, WF_DIM_TIME, 4), n,
	       n == 1 ? "" : "s");
	printf("  given  %-22s from %-18s %10s  %s\n", g.region,
	       isfinite(g.best_start) ? iso(b1, 64, g.best_start) : "(no start)",
	       wf_output_format(b2, sizeof b2, WF_OUT_INTENSITY_G_PER_KWH,
				g.given_intensity_g_per_kwh),
	       wf_output_format(b3, sizeof b3, WF_OUT_EMISSIONS_OPERATIONAL_KG,
				g.given_emissions_kg));
	if (best.ok) {
		printf("  best   %-22s from %-18s %10s  %s", best.region,
		       iso(b1, 64, best.best_start),
		       wf_output_format(b2, sizeof b2, WF_OUT_INTENSITY_G_PER_KWH,
					best.best_intensity_g_per_kwh),
		       wf_output_format(b3, sizeof b3, WF_OUT_EMISSIONS_OPERATIONAL_KG,
					best.best_emissions_kg));
		printf("  (saves %s, %.1f%%)\n",
		       wf_output_format(b4, sizeof b4, WF_OUT_EMISSIONS_OPERATIONAL_KG,
					g.given_emissions_kg - best.best_emissions_kg),
		       pct(g.given_emissions_kg - best.best_emissions_kg, g.given_emissions_kg));
	}
	printf("\n  %-4s %-24s %-18s %14s %16s %16s  %-9s %s\n", "rank", "region", "best start",
	       "intensity", "emissions", "at given start", "basis", "data");
	for (k = 0; k < n; k++) {
		wf_shift_region x;
		wf_shift_get(r, k, &x);
		if (!x.ok) {
			printf("  %-4s %-24s n/a: %s\n", "-", x.region,
			       x.error[0] ? x.error : "no window with full data");
			continue;
		}
		printf("  %-4zu %-24s %-18s %14s %16s %16s  %-9s ", k + 1, x.region,
		       iso(b1, 64, x.best_start),
		       wf_output_format(b2, sizeof b2, WF_OUT_INTENSITY_G_PER_KWH,
					x.best_intensity_g_per_kwh),
		       wf_output_format(b3, sizeof b3, WF_OUT_EMISSIONS_OPERATIONAL_KG,
					x.best_emissions_kg),
		       x.given_ok ? wf_output_format(b4, sizeof b4,
						     WF_OUT_EMISSIONS_OPERATIONAL_KG,
						     x.given_emissions_kg)
				  : "n/a", x.basis[0] ? x.basis : "-");
		if (x.year)
			printf("%d %s\n", x.year, x.source);
		else
			printf("%s\n", x.source);
	}
	cli_print_notes("notes", notes);
}

static void num(double v, const char *empty)
{
	cli_number(v, empty);
}

static void print_csv(const wf_shift_result *r)
{
	char b[64];
	size_t k;

	printf("rank,region,best_start,intensity_g_per_kwh,emissions_operational_kg,"
	       "given_intensity_g_per_kwh,given_emissions_operational_kg,basis,year,"
	       "intensity_source,intensity_label\n");
	for (k = 0; k < wf_shift_count(r); k++) {
		wf_shift_region x;
		wf_shift_get(r, k, &x);
		if (x.ok)
			printf("%zu,", k + 1);
		else
			printf(",");
		cli_csv_field(x.region);
		printf(",%s,", x.ok ? iso(b, 64, x.best_start) : "");
		num(x.best_intensity_g_per_kwh, "");
		putchar(',');
		num(x.best_emissions_kg, "");
		putchar(',');
		num(x.given_ok ? x.given_intensity_g_per_kwh : NAN, "");
		putchar(',');
		num(x.given_ok ? x.given_emissions_kg : NAN, "");
		printf(",%s,", x.basis);
		if (x.year)
			printf("%d", x.year);
		printf(",%s,", x.source);
		cli_csv_field(x.label[0] ? x.label : x.error);
		putchar('\n');
	}
}

/* A row's basis, data year and source as JSON members. */
static void json_what(const wf_shift_region *x)
{
	printf(", \"basis\": ");
	cli_json_string(x->basis);
	printf(", \"year\": ");
	if (x->year)
		printf("%d", x->year);
	else
		printf("null");
	printf(", \"intensity_source\": ");
	cli_json_string(x->source);
	printf(", \"intensity_label\": ");
	cli_json_string(x->label);
}

static void print_json(const wf_shift_result *r, const char *id)
{
	char b[64];
	double w0, w1, step, dur, e_kwh;
	wf_shift_region g;
	size_t k;

	wf_shift_setup(r, &w0, &w1, &step, &dur, &e_kwh);
	wf_shift_given(r, &g);
	printf("{\"scenario\": ");
	cli_json_string(id);
	printf(", \"window\": [\"%s\", ", iso(b, 64, w0));
	printf("\"%s\"], \"step_s\": ", iso(b, 64, w1));
	num(step, "null");
	printf(", \"duration_h\": ");
	num(dur / 3600, "null");
	printf(", \"energy_facility_kwh\": ");
	num(e_kwh, "null");
	printf(", \"given\": {\"region\": ");
	cli_json_string(g.region);
	printf(", \"start\": ");
	if (isfinite(g.best_start))
		printf("\"%s\"", iso(b, 64, g.best_start));
	else
		printf("null");
	printf(", \"intensity_g_per_kwh\": ");
	num(g.given_intensity_g_per_kwh, "null");
	printf(", \"emissions_operational_kg\": ");
	num(g.given_emissions_kg, "null");
	json_what(&g);
	printf("}, \"ranking\": [");
	for (k = 0; k < wf_shift_count(r); k++) {
		wf_shift_region x;
		wf_shift_get(r, k, &x);
		printf("%s{\"region\": ", k ? ", " : "");
		cli_json_string(x.region);
		if (x.ok)
			printf(", \"best_start\": \"%s\"", iso(b, 64, x.best_start));
		else
			printf(", \"best_start\": null");
		printf(", \"intensity_g_per_kwh\": ");
		num(x.ok ? x.best_intensity_g_per_kwh : NAN, "null");
		printf(", \"emissions_operational_kg\": ");
		num(x.ok ? x.best_emissions_kg : NAN, "null");
		printf(", \"given_emissions_operational_kg\": ");
		num(x.given_ok ? x.given_emissions_kg : NAN, "null");
		json_what(&x);
		if (!x.ok) {
			printf(", \"error\": ");
			cli_json_string(x.error);
		}
		printf("}");
	}
	printf("]}\n");
}

typedef struct shift_args {
	const char *file, *outpath, *sets[CLI_MAX_SETS];
	int nsets, fmt;
} shift_args;

/* 0, or an exit status (-1: help printed). */
static int parse_args(shift_args *a, wf_shift_options *opt, int argc, char **argv)
{
	static const char *const fmts[] = {"table", "csv", "json"};
	cli_parser p;
	int id, rc = 0;

	cli_parse_begin(&p, &cli_shift_spec, argc, argv);
	while (rc == 0 && (id = cli_next(&p)) != CLI_END) {
		switch (id) {
		case CLI_STOP: return p.status ? p.status : -1;
		case OPT_WINDOW: rc = cli_window(&p, &opt->window_start, &opt->window_end); break;
		case OPT_REGIONS: opt->regions = p.value; break;
		case OPT_STEP: rc = cli_duration(&p, &opt->step_s); break;
		case OPT_SET: rc = cli_append(&p, a->sets, &a->nsets, CLI_MAX_SETS); break;
		case OPT_FORMAT: rc = cli_choice(&p, fmts, 3, &a->fmt); break;
		case OPT_OUTPUT: a->outpath = p.value; break;
		default:
			if (a->file)
				rc = cli_parse_error(&p, "one scenario file at a time");
			a->file = p.value;
		}
	}
	if (rc == 0 && !a->file)
		rc = cli_parse_error(&p, "missing the scenario FILE.yaml");
	return rc;
}

int cmd_shift(int argc, char **argv)
{
	const char *cmd = "shift";
	shift_args a;
	cli_output o;
	int rc, status;
	wf_shift_options opt = WF_SHIFT_OPTIONS_INIT;
	wf_catalog *base = NULL;
	wf_scenario *sc = NULL;
	wf_shift_result *r = NULL;
	wf_error err;

	wf_error_clear(&err);
	memset(&a, 0, sizeof a);
	a.fmt = FMT_TABLE;
	if ((status = parse_args(&a, &opt, argc, argv)))
		return status < 0 ? EXIT_OK : status;
	if ((status = cli_load_scenario(&base, &sc, a.file, a.sets, a.nsets)))
		return status;
	if ((status = cli_output_open(&o, cmd, a.outpath, wf_scenario_catalog(sc), 0)) ||
	    (status = cli_output_redirect(&o))) {
		wf_scenario_free(sc);
		wf_catalog_free(base);
		return status;
	}
	if ((rc = wf_scenario_shift(&r, sc, &opt, &err))) {
		status = cli_fail(&err, rc);
	} else {
		if (a.fmt == FMT_CSV)
			print_csv(r);
		else if (a.fmt == FMT_JSON)
			print_json(r, wf_scenario_id(sc));
		else
			print_table(r, wf_scenario_id(sc));
		status = EXIT_OK;
	}
	wf_shift_free(r);
	wf_scenario_free(sc);
	wf_catalog_free(base);
	return cli_output_close(&o, status);
}

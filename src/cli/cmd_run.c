/*
 * cmd_run.c - `wattif run FILE [--set PATH=VALUE]... [--format table|csv|json]`
 * and `wattif explain FILE [--set ...]`.
 *
 * Everything is computed before anything is printed, so a failure never
 * leaves half a table on stdout.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

enum { FMT_TABLE, FMT_CSV, FMT_JSON };

/* The accounting bases side by side (--bases). */
static void print_bases(const wf_result *r)
{
	char a[64], b[64];
	wf_bases x;

	wf_result_bases(r, &x);
	printf("\naccounting bases (operational emissions):\n");
	printf("  %-34s %-14s %s\n", "basis", "intensity", "emissions");
	printf("  %-34s %-14s %s\n", "location-based, grid average",
	       wf_output_format(a, sizeof a, WF_OUT_INTENSITY_G_PER_KWH, x.location_g_per_kwh),
	       wf_output_format(b, sizeof b, WF_OUT_EMISSIONS_OPERATIONAL_KG, x.location_kg));
	printf("  %-34s %-14s %s%s\n", "market-based",
	       wf_output_format(a, sizeof a, WF_OUT_INTENSITY_G_PER_KWH, x.market_g_per_kwh),
	       wf_output_format(b, sizeof b, WF_OUT_EMISSIONS_MARKET_KG, x.market_kg),
	       x.market_declared ? "" : "  (no contracts declared: as location-based)");
	if (isfinite(x.marginal_kg))
		printf("  %-34s %-14s %s\n", "marginal (consequential)",
		       wf_output_format(a, sizeof a, WF_OUT_INTENSITY_G_PER_KWH, x.marginal_g_per_kwh),
		       wf_output_format(b, sizeof b, WF_OUT_EMISSIONS_OPERATIONAL_KG, x.marginal_kg));
	else
		printf("  %-34s %s\n", "marginal (consequential)",
		       "n/a: give grid.marginal_intensity");
}

/* What the intensity is, for people: its basis, then its data. */
static void print_intensity(const wf_result *r)
{
	wf_intensity_info ci;

	wf_result_intensity(r, &ci);
	printf("  %-27s %s, grid average, location-based\n", "intensity basis",
	       ci.basis[0] ? ci.basis : "not stated");
	if (strcmp(ci.source, "series") == 0)
		printf("  %-27s %s (%d)\n", "intensity data", ci.label, ci.year);
	else
		printf("  %-27s %s%s\n", "intensity data",
		       strcmp(ci.source, "profile") == 0 ? "typical-year profile at " : "",
		       ci.label);
}

/* One row of the table: label, value (with the SCI's unit), 90% interval. */
static void table_row(const wf_result *r, int i, const char *label, long n)
{
	char buf[128], lo[64], hi[64], with_unit[160];
	wf_quantiles q;
	double v;

	if (wf_result_get(r, i, &v) == 0)
		wf_output_format(buf, sizeof(buf), i, v);
	else
		snprintf(buf, sizeof(buf), "n/a");
	if (i == WF_OUT_SCI_G_PER_UNIT && strcmp(buf, "n/a") != 0)
		snprintf(with_unit, sizeof with_unit, "%s per %s", buf, wf_result_unit(r));
	else
		snprintf(with_unit, sizeof with_unit, "%s", buf);
	if (n && wf_result_quantiles(r, i, &q) == 0 && q.p95 > q.p05)
		printf("  %-27s %-22s %s - %s\n", label, with_unit,
		       wf_output_format(lo, sizeof lo, i, q.p05),
		       wf_output_format(hi, sizeof hi, i, q.p95));
	else
		printf("  %-27s %s\n", label, with_unit);
}

static void print_table(const wf_result *r, const char *id, int bases)
{
	/* embodied carbon's components beneath it, then the rest in order */
	static const struct {
		int out;
		const char *label;
	} emb[] = {{WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG, "  accelerator boards"},
		   {WF_OUT_EMISSIONS_EMBODIED_HOSTS_KG, "  hosts"},
		   {WF_OUT_EMISSIONS_EMBODIED_NETWORK_KG, "  network"},
		   {WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG, "  building"}};
	const char *notes = wf_result_notes(r), *scope = wf_result_embodied_scope(r);
	long n = wf_result_samples(r);
	char safe_id[256];
	int i;
	size_t k;

	if (n && !wf_result_uncertain_count(r))
		n = 0; /* every sample is the nominal run: no interval to show */
	printf("scenario %s\n\n", cli_safe(safe_id, sizeof safe_id, id));
	if (n)
		printf("  %-27s %-22s %s\n", "", "nominal", "90% interval (p05 - p95)");
	for (i = 0; i <= WF_OUT_SCI_G_PER_UNIT; i++) {
		table_row(r, i, wf_output_label(i), n);
		if (i != WF_OUT_EMISSIONS_EMBODIED_KG)
			continue;
		if (!*scope) {
			printf("  %-27s %s\n", "  covers", "not included (embodied: true "
			       "includes it)");
			continue;
		}
		printf("  %-27s %s\n", "  covers", scope);
		for (k = 0; k < sizeof emb / sizeof *emb; k++) {
			double v;
			if (wf_result_get(r, emb[k].out, &v) == 0)
				table_row(r, emb[k].out, emb[k].label, n);
		}
	}
	print_intensity(r);
	if (n)
		printf("\n  %ld Monte Carlo samples; `--format json` gives mean, sd, p05, p50, p95.\n", n);
	else if (wf_result_samples(r))
		printf("\n  %ld Monte Carlo samples, but no input is a distribution, so every "
		       "sample is the figure above.\n  Write an uncertain input as one, e.g. "
		       "`pue: tri(1.1, 1.2, 1.4)` in the file\n  or `--set "
		       "site.pue='tri(1.1, 1.2, 1.4)'`.\n", wf_result_samples(r));
	if (bases)
		print_bases(r);
	if (wf_result_sensitivity_count(r)) {
		printf("\nwhat drives total emissions (share of variance, Spearman):\n");
		for (k = 0; k < wf_result_sensitivity_count(r); k++) {
			const char *in;
			double rho, share;
			if (wf_result_sensitivity(r, WF_OUT_EMISSIONS_TOTAL_KG, k, &in, &rho, &share) == 0)
				printf("  %-27s %5.1f%%  (rho %+.2f)\n", in, 100 * share, rho);
		}
	}
	cli_print_notes("notes", notes);
	printf("\n`wattif explain` shows how each figure was derived.\n");
}

static const char *const qnames[5] = {"mean", "sd", "p05", "p50", "p95"};

static void print_csv(const wf_result *r, const char *id)
{
	int i, k, sampled = wf_result_samples(r) > 0;

	printf("scenario");
	for (i = 0; i < WF_OUT_COUNT_; i++)
		printf(",%s", wf_output_name(i));
	printf(",unit");
	for (i = 0; sampled && i < WF_OUT_COUNT_; i++)
		for (k = 0; k < 5; k++)
			printf(",%s_%s", wf_output_name(i), qnames[k]);
	printf(",region,year,basis,intensity_source,profile");
	putchar('\n');
	cli_csv_field(id);
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		double v;
		putchar(',');
		if (wf_result_get(r, i, &v) == 0)
			cli_number(v, "");
	}
	putchar(',');
	cli_csv_field(wf_result_unit(r));
	for (i = 0; sampled && i < WF_OUT_COUNT_; i++) {
		wf_quantiles q;
		int have = wf_result_quantiles(r, i, &q) == 0;
		double qv[5] = {q.mean, q.sd, q.p05, q.p50, q.p95};
		for (k = 0; k < 5; k++) {
			putchar(',');
			if (have)
				cli_number(qv[k], "");
		}
	}
	{
		wf_intensity_info ci;
		wf_result_intensity(r, &ci);
		putchar(',');
		cli_csv_field(ci.region);
		putchar(',');
		if (ci.year)
			printf("%d", ci.year);
		printf(",%s,%s,", ci.basis, ci.source);
		cli_csv_field(ci.profile);
	}
	putchar('\n');
}

/* The intensity's description as JSON members (after "results"). */
void cli_json_intensity(const wf_intensity_info *ci)
{
	printf(", \"region\": ");
	cli_json_string(ci->region);
	printf(", \"year\": ");
	if (ci->year)
		printf("%d", ci->year);
	else
		printf("null");
	printf(", \"basis\": ");
	cli_json_string(ci->basis);
	printf(", \"intensity\": {\"basis\": ");
	cli_json_string(ci->basis);
	printf(", \"method\": \"%s\", \"accounting\": \"%s\", \"source\": \"%s\", "
	       "\"held\": %s, \"label\": ", ci->method, ci->accounting, ci->source,
	       ci->held ? "true" : "false");
	cli_json_string(ci->label);
	printf(", \"profile\": ");
	if (ci->profile[0])
		cli_json_string(ci->profile);
	else
		printf("null");
	putchar('}');
}

static void print_json(const wf_result *r, const char *id, int bases)
{
	int i;

	printf("{\"scenario\": ");
	cli_json_string(id);
	printf(", \"unit\": ");
	cli_json_string(wf_result_unit(r));
	printf(", \"embodied_scope\": ");
	if (*wf_result_embodied_scope(r))
		cli_json_string(wf_result_embodied_scope(r));
	else
		printf("null");
	printf(", \"results\": {");
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		double v;
		printf("%s\"%s\": ", i ? ", " : "", wf_output_name(i));
		cli_number(wf_result_get(r, i, &v) == 0 ? v : NAN, "null");
	}
	printf("}");
	{
		wf_intensity_info ci;
		wf_result_intensity(r, &ci);
		cli_json_intensity(&ci);
	}
	if (wf_result_samples(r)) {
		int first = 1, k;
		printf(", \"samples\": %ld, \"uncertain_inputs\": %zu, \"quantiles\": {",
		       wf_result_samples(r), wf_result_uncertain_count(r));
		for (i = 0; i < WF_OUT_COUNT_; i++) {
			wf_quantiles q;
			double qv[5];
			if (wf_result_quantiles(r, i, &q))
				continue;
			qv[0] = q.mean, qv[1] = q.sd, qv[2] = q.p05, qv[3] = q.p50, qv[4] = q.p95;
			printf("%s\"%s\": {", first ? "" : ", ", wf_output_name(i));
			for (k = 0; k < 5; k++) {
				printf("%s\"%s\": ", k ? ", " : "", qnames[k]);
				cli_number(qv[k], "null");
			}
			printf("}");
			first = 0;
		}
		printf("}");
	}
	if (bases) {
		wf_bases x;
		const char *names[6] = {"location_kg", "location_g_per_kwh", "market_kg",
					"market_g_per_kwh", "marginal_kg", "marginal_g_per_kwh"};
		double xv[6];
		int k;
		wf_result_bases(r, &x);
		xv[0] = x.location_kg, xv[1] = x.location_g_per_kwh, xv[2] = x.market_kg;
		xv[3] = x.market_g_per_kwh, xv[4] = x.marginal_kg;
		xv[5] = isfinite(x.marginal_kg) ? x.marginal_g_per_kwh : NAN;
		printf(", \"bases\": {");
		for (k = 0; k < 6; k++) {
			if (k == 4)
				printf(", \"market_declared\": %s", x.market_declared ? "true" : "false");
			printf("%s\"%s\": ", k ? ", " : "", names[k]);
			cli_number(xv[k], "null");
		}
		putchar('}');
	}
	if (wf_result_sensitivity_count(r)) {
		size_t k;
		printf(", \"sensitivity\": {\"emissions_total_kg\": [");
		for (k = 0; k < wf_result_sensitivity_count(r); k++) {
			const char *in;
			double rho, share;
			if (wf_result_sensitivity(r, WF_OUT_EMISSIONS_TOTAL_KG, k, &in, &rho, &share))
				continue;
			printf("%s{\"input\": \"%s\", \"rho\": ", k ? ", " : "", in);
			cli_number(rho, "null");
			printf(", \"share\": ");
			cli_number(share, "null");
			putchar('}');
		}
		printf("]}");
	}
	cli_json_notes(wf_result_notes(r));
	printf("}\n");
}

enum {
	OPT_SET = 1, OPT_FORMAT, OPT_BASES, OPT_REGIONS, OPT_OUTPUT, OPT_SAMPLES, OPT_SEED,
	OPT_SENSITIVITY, OPT_THREADS, OPT_RANK_BY
};

#define RUN_SHARED_OPTS                                                                    \
	{OPT_OUTPUT, CLI_OUTPUT, "write to OUT (atomically; '-': standard output)", "@files"}, \
	{OPT_SAMPLES, CLI_SAMPLES, "Monte Carlo over every input given as a distribution\n"  \
				   "(mean, sd, p05, p50, p95 per output)", NULL},             \
	{OPT_SEED, CLI_SEED, "random seed (same seed, same numbers, any -j)", NULL},         \
	{OPT_SENSITIVITY, "--sensitivity", 0, NULL,                                          \
	 "rank the uncertain inputs by their share of variance", NULL},                      \
	{OPT_THREADS, CLI_THREADS, "sampling threads (1 to 64)", NULL}

#define RUN_SET_OPT                                                                        \
	{OPT_SET, CLI_SET, "override a scenario value, e.g. --set workload.devices=4096\n"   \
			   "--set site.region=GB-london --set grid.intensity='200 g/kWh'", NULL}

static const cli_opt run_opts[] = {
	RUN_SET_OPT,
	{OPT_FORMAT, CLI_FORMAT, "table (default), csv or json; see the README for the\n"
				 "column and key names", "table csv json"},
	{OPT_BASES, "--bases", 0, NULL, "location-based, market-based and marginal emissions\n"
					"side by side (table and json)", NULL},
	{OPT_REGIONS, CLI_REGIONS, "the scenario in every grid whose id matches REGEX,\n"
				   "ranked by (lifetime) emissions; csv: one row per\n"
				   "region, json: a \"ranking\" array", NULL},
	{OPT_RANK_BY, "--rank-by", 0, "B", "with --regions: location (default, grid average),\n"
					   "marginal (consequential) or total (+ embodied)",
	 "location marginal total"},
	RUN_SHARED_OPTS,
	CLI_OPT_END};

static const cli_opt explain_opts[] = {RUN_SET_OPT, RUN_SHARED_OPTS, CLI_OPT_END};

const cli_spec cli_run_spec = {
	"run", cmd_run, "evaluate a scenario and print its figures",
	"FILE.yaml [--set PATH=VALUE]... [--format table|csv|json] [-o OUT]\n"
	"[--samples N] [--seed S] [--sensitivity] [-j N] [--bases]\n"
	"[--regions REGEX [--rank-by location|marginal|total]]",
	"FILE '-' reads the scenario from standard input.", run_opts, NULL, NULL, NULL};

const cli_spec cli_explain_spec = {
	"explain", cmd_explain, "every figure with its formula, inputs and sources",
	"FILE.yaml [--set PATH=VALUE]... [--samples N [--sensitivity]] [-o OUT]",
	"FILE '-' reads the scenario from standard input.", explain_opts, NULL, NULL, NULL};

typedef struct run_args {
	const char *file, *regions, *outpath;
	const char *sets[CLI_MAX_SETS];
	int nsets, fmt, bases, rank_by; /* rank_by: -1 none, else a wf_rank_by */
} run_args;

/* The arguments of run or explain; 0, or CLI_STOP with the exit status in
 * *status. */
static int parse_args(run_args *a, wf_run_options *opt, const cli_spec *spec, int argc,
		      char **argv, int *status)
{
	static const char *const fmts[] = {"table", "csv", "json"};
	static const char *const rank_by[] = {"location", "marginal", "total"};
	static const wf_rank_by by[] = {WF_RANK_LOCATION, WF_RANK_MARGINAL, WF_RANK_TOTAL};
	cli_parser p;
	long long n;
	int id, rc = 0;

	cli_parse_begin(&p, spec, argc, argv);
	while (rc == 0 && (id = cli_next(&p)) != CLI_END) {
		switch (id) {
		case CLI_STOP: *status = p.status; return CLI_STOP;
		case OPT_SET: rc = cli_append(&p, a->sets, &a->nsets, CLI_MAX_SETS); break;
		case OPT_FORMAT: rc = cli_choice(&p, fmts, 3, &a->fmt); break;
		case OPT_BASES: a->bases = 1; break;
		case OPT_REGIONS: a->regions = p.value; break;
		case OPT_RANK_BY:
			if (!(rc = cli_choice(&p, rank_by, 3, &a->rank_by)))
				a->rank_by = (int)by[a->rank_by];
			break;
		case OPT_OUTPUT: a->outpath = p.value; break;
		case OPT_SENSITIVITY: opt->sensitivity = 1; break;
		case OPT_SAMPLES:
			if (!(rc = cli_count(&p, 1, CLI_MAX_SAMPLES, &n)))
				opt->samples = (long)n;
			break;
		case OPT_SEED:
			if (!(rc = cli_count(&p, 1, CLI_MAX_SEED, &n)))
				opt->seed = (unsigned long)n;
			break;
		case OPT_THREADS:
			if (!(rc = cli_count(&p, 1, CLI_MAX_THREADS, &n)))
				opt->threads = (int)n;
			break;
		default: /* CLI_OPERAND */
			if (a->file)
				rc = cli_parse_error(&p, "one scenario file at a time (got \"%s\" and "
						     "\"%s\")", a->file, p.value);
			a->file = p.value;
		}
	}
	if (rc == 0 && !a->file)
		rc = cli_parse_error(&p, "missing the scenario FILE.yaml");
	if (rc == 0 && a->rank_by >= 0 && !a->regions)
		rc = cli_parse_error(&p, "--rank-by orders a --regions ranking; give --regions too");
	if (rc == 0 && a->regions && opt->sensitivity)
		rc = cli_parse_error(&p, "--sensitivity and --regions cannot be combined: run "
				     "--sensitivity on one region (--set site.region=...)");
	*status = rc;
	return rc ? CLI_STOP : 0;
}

/* A portfolio, a siting (--regions) or a projection. */
static int run_spanning(const char *cmd, wf_scenario *sc, const char *regions, int bases,
			wf_rank_by by, const wf_run_options *opt, int fmt, int explain)
{
	if (wf_scenario_is_portfolio(sc))
		return regions ? cli_usage(cmd, "--regions sites one campus; a portfolio "
					   "(campuses:) names each campus's region")
			       : cli_run_portfolio(sc, opt, fmt, explain);
	if (regions && bases)
		return cli_usage(cmd, "--bases and --regions cannot be combined");
	if (regions)
		return cli_run_regions(sc, regions, opt, fmt, by);
	return cli_run_projection(sc, opt, fmt, explain);
}

static int run_common(int argc, char **argv, int explain)
{
	const char *cmd = explain ? "explain" : "run";
	int rc, status;
	run_args a;
	cli_output o;
	wf_run_options opt = WF_RUN_OPTIONS_INIT;
	wf_catalog *base = NULL;
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_error err;

	wf_error_clear(&err);
	memset(&a, 0, sizeof a);
	a.fmt = FMT_TABLE;
	a.rank_by = -1;
	if (parse_args(&a, &opt, explain ? &cli_explain_spec : &cli_run_spec, argc, argv,
		       &status))
		return status;
	if ((status = cli_load_scenario(&base, &sc, a.file, a.sets, a.nsets)))
		return status;
	/* everything printed goes to -o, kept only when the command succeeds */
	if ((status = cli_output_open(&o, cmd, a.outpath, wf_scenario_catalog(sc), 0)) ||
	    (status = cli_output_redirect(&o))) {
		wf_scenario_free(sc);
		wf_catalog_free(base);
		return status;
	}
	if (a.regions || wf_scenario_is_projection(sc) || wf_scenario_is_portfolio(sc)) {
		status = run_spanning(cmd, sc, a.regions, a.bases,
				      a.rank_by >= 0 ? (wf_rank_by)a.rank_by : WF_RANK_LOCATION, &opt,
				      a.fmt, explain);
		wf_scenario_free(sc);
		wf_catalog_free(base);
		return cli_output_close(&o, status);
	}
	rc = wf_scenario_run(&r, sc, &opt, &err);
	if (rc) {
		status = cli_fail(&err, rc);
	} else {
		status = EXIT_OK;
		if (explain)
			fputs(wf_result_explain(r), stdout);
		else if (a.fmt == FMT_CSV)
			print_csv(r, wf_scenario_id(sc));
		else if (a.fmt == FMT_JSON)
			print_json(r, wf_scenario_id(sc), a.bases);
		else
			print_table(r, wf_scenario_id(sc), a.bases);
	}
	wf_result_free(r);
	wf_scenario_free(sc);
	wf_catalog_free(base);
	return cli_output_close(&o, status);
}

int cmd_run(int argc, char **argv)
{
	return run_common(argc, argv, 0);
}

int cmd_explain(int argc, char **argv)
{
	return run_common(argc, argv, 1);
}

/*
 * cmd_compare.c - `wattif compare ESTIMATE.yaml [MEASURED.yaml]`: the same
 * job estimated before it ran and as measured after it, every output side
 * by side with the ratio estimated / measured (table, CSV or JSON).  With
 * one file, its scenario's `measured:` section is the measured run.
 * Everything is computed before anything is printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { FMT_TABLE, FMT_CSV, FMT_JSON };

static double ratio(double e, double m)
{
	return isfinite(e) && isfinite(m) && m != 0 ? e / m : NAN;
}

static double get(const wf_result *r, int i)
{
	double v;

	return wf_result_get(r, i, &v) == 0 ? v : NAN;
}

static void print_table(const wf_result *e, const wf_result *m, const char *id,
			const char *mid, const char *efile, const char *mfile)
{
	char a[64], b[64], with[160];
	int i;

	printf("estimate  %s (%s)\nmeasured  %s (%s)\n\n", id, efile, mid, mfile);
	printf("  %-27s %-20s %-20s %s\n", "", "estimated", "measured", "estimated / measured");
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		double ve = get(e, i), vm = get(m, i), r = ratio(ve, vm);
		wf_output_format(a, sizeof a, i, ve);
		wf_output_format(b, sizeof b, i, vm);
		if (i == WF_OUT_SCI_G_PER_UNIT && strcmp(a, "n/a") != 0) {
			snprintf(with, sizeof with, "%s/%s", a, wf_result_unit(e));
			snprintf(a, sizeof a, "%.63s", with);
		}
		if (i == WF_OUT_SCI_G_PER_UNIT && strcmp(b, "n/a") != 0) {
			snprintf(with, sizeof with, "%s/%s", b, wf_result_unit(m));
			snprintf(b, sizeof b, "%.63s", with);
		}
		if (isfinite(r))
			printf("  %-27s %-20s %-20s %.4g\n", wf_output_label(i), a, b, r);
		else
			printf("  %-27s %-20s %-20s %s\n", wf_output_label(i), a, b, "n/a");
	}
	cli_print_notes("notes (estimate)", wf_result_notes(e));
	cli_print_notes("notes (measured)", wf_result_notes(m));
	printf("\n`wattif explain` shows how each figure was derived; `wattif report "
	       "--compare` draws them.\n");
}

static void print_csv(const wf_result *e, const wf_result *m)
{
	int i;

	printf("output,estimated,measured,ratio\n");
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		double ve = get(e, i), vm = get(m, i);
		printf("%s,", wf_output_name(i));
		cli_number(ve, "");
		putchar(',');
		cli_number(vm, "");
		putchar(',');
		cli_number(ratio(ve, vm), "");
		putchar('\n');
	}
}

static void json_run(const char *key, const wf_result *r, const char *id, const char *file)
{
	int i;

	printf("\"%s\": {\"scenario\": ", key);
	cli_json_string(id);
	printf(", \"file\": ");
	cli_json_string(file);
	printf(", \"unit\": ");
	cli_json_string(wf_result_unit(r));
	printf(", \"results\": {");
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		printf("%s\"%s\": ", i ? ", " : "", wf_output_name(i));
		cli_number(get(r, i), "null");
	}
	printf("}}");
}

static void print_json(const wf_result *e, const wf_result *m, const char *eid,
		       const char *mid, const char *efile, const char *mfile)
{
	int i;

	putchar('{');
	json_run("estimate", e, eid, efile);
	printf(", ");
	json_run("measured", m, mid, mfile);
	printf(", \"ratio\": {");
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		printf("%s\"%s\": ", i ? ", " : "", wf_output_name(i));
		cli_number(ratio(get(e, i), get(m, i)), "null");
	}
	printf("}}\n");
}

enum { OPT_SET = 1, OPT_FORMAT };

static const cli_opt compare_opts[] = {
	{OPT_SET, CLI_SET, "override a value in both runs (a measured: section's\n"
			   "own keys replace the scenario's, overrides included)", NULL},
	{OPT_FORMAT, CLI_FORMAT, "table (default), csv (output,estimated,measured,ratio)\n"
				 "or json ({estimate, measured, ratio})", "table csv json"},
	CLI_OPT_END};

const cli_spec cli_compare_spec = {
	"compare", cmd_compare, "a job estimated beside the same job as measured",
	"ESTIMATE.yaml [MEASURED.yaml] [--set PATH=VALUE]...\n[--format table|csv|json]",
	"The same job estimated and measured, every output side by side with the\n"
	"ratio estimated / measured.  With one file, its scenario's measured:\n"
	"section (keys that replace the scenario's) is the measured run.  Either\n"
	"file may be '-' (standard input).",
	compare_opts, NULL, NULL, NULL};

/* 0, or an exit status (-1: help printed). */
static int parse_args(int argc, char **argv, const char **files, int *nfiles,
		      const char **sets, int *nsets, int *fmt)
{
	static const char *const fmts[] = {"table", "csv", "json"};
	cli_parser p;
	int id, rc = 0;

	cli_parse_begin(&p, &cli_compare_spec, argc, argv);
	while (rc == 0 && (id = cli_next(&p)) != CLI_END) {
		if (id == CLI_STOP)
			return p.status ? p.status : -1;
		if (id == OPT_SET)
			rc = cli_append(&p, sets, nsets, CLI_MAX_SETS);
		else if (id == OPT_FORMAT)
			rc = cli_choice(&p, fmts, 3, fmt);
		else if (*nfiles == 2)
			rc = cli_parse_error(&p, "at most two scenario files (ESTIMATE and MEASURED)");
		else
			files[(*nfiles)++] = p.value;
	}
	if (rc == 0 && !*nfiles)
		rc = cli_parse_error(&p, "missing the scenario ESTIMATE.yaml");
	if (rc == 0 && *nfiles == 2 && cli_is_stdin(files[0]) && cli_is_stdin(files[1]))
		rc = cli_parse_error(&p, "'-' (standard input) given twice");
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	const char *files[2] = {NULL, NULL}, *sets[CLI_MAX_SETS], *efile;
	int nsets = 0, fmt = FMT_TABLE, nfiles = 0, rc = 0, status;
	wf_catalog *base = NULL;
	wf_scenario *sc = NULL, *msc = NULL;
	wf_result *e = NULL, *m = NULL;
	char mlabel[4200];
	wf_error err;

	wf_error_clear(&err);
	if ((status = parse_args(argc, argv, files, &nfiles, sets, &nsets, &fmt)))
		return status < 0 ? EXIT_OK : status;
	if ((status = cli_load_scenario(&base, &sc, files[0], sets, nsets)))
		return status;
	efile = cli_is_stdin(files[0]) ? CLI_STDIN_NAME : files[0];
	if (nfiles == 2) {
		if ((status = cli_load_scenario_over(&msc, base, files[1], sets, nsets)))
			goto done;
		snprintf(mlabel, sizeof mlabel, "%s",
			 cli_is_stdin(files[1]) ? CLI_STDIN_NAME : files[1]);
	} else if (!wf_scenario_has_measured(sc)) {
		status = cli_usage("compare", "%s has no measured: section; give the measured "
					      "run as a second file", efile);
		goto done;
	} else {
		rc = wf_scenario_measured(&msc, sc, &err);
		snprintf(mlabel, sizeof mlabel, "%s, its measured: section", efile);
	}
	if (rc == 0)
		rc = wf_scenario_evaluate(&e, sc, &err);
	if (rc == 0)
		rc = wf_scenario_evaluate(&m, msc, &err);
	if (rc) {
		status = cli_fail(&err, rc);
		goto done;
	}
	status = EXIT_OK;
	if (fmt == FMT_CSV)
		print_csv(e, m);
	else if (fmt == FMT_JSON)
		print_json(e, m, wf_scenario_id(sc), wf_scenario_id(msc), efile, mlabel);
	else
		print_table(e, m, wf_scenario_id(sc), wf_scenario_id(msc), efile, mlabel);
done:
	wf_result_free(e);
	wf_result_free(m);
	wf_scenario_free(msc);
	wf_scenario_free(sc);
	wf_catalog_free(base);
	return status;
}

/*
 * cmd_report.c - `wattif report FILE.yaml -o report.html`: a scenario as a
 * self-contained HTML page (or, with --format svg, one chart).  A scenario
 * that spans years gets a projection page, and with --regions the same
 * campus sited across regions.
 *
 * The scenario runs with its samples kept and its inputs ranked, so the
 * page can draw the histogram and the sensitivity chart; a projection
 * with --samples shows 90% intervals on its lifetime totals and years.  The page is
 * built in memory and written through output.c: to a temporary file in the
 * target's directory, then renamed over the target (a failure at any point
 * leaves the old file, or none, never half a report), in place to a FIFO
 * or device, and never over a file the report read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"

enum {
	OPT_OUTPUT = 1, OPT_FORMAT, OPT_CHART, OPT_SET, OPT_SAMPLES, OPT_SEED, OPT_THREADS,
	OPT_TITLE, OPT_HIGHLIGHT, OPT_NO_EXPLAIN, OPT_COMPARE, OPT_SHIFT, OPT_WINDOW,
	OPT_REGIONS, OPT_STEP, OPT_X, OPT_Y, OPT_PANELS, OPT_VALUE, OPT_WHERE
};

static const cli_opt report_opts[] = {
	{OPT_OUTPUT, CLI_OUTPUT, "write to OUT (atomically); '-' or none: standard output",
	 "@files"},
	{OPT_FORMAT, CLI_FORMAT, "html (default): one self-contained page with every chart,\n"
				 "the tables behind them and the derivation;\n"
				 "svg: one chart, for embedding in documents", "html svg"},
	{OPT_CHART, "--chart", 0, "NAME", "the chart for --format svg (names below)", "@charts"},
	{OPT_SET, CLI_SET, "override a scenario value (as in `wattif run`)", NULL},
	{OPT_SAMPLES, CLI_SAMPLES, "Monte Carlo samples (histogram, 90% intervals; for a\n"
				   "projection, on the lifetime totals and each year)", NULL},
	{OPT_SEED, CLI_SEED, "random seed (same seed, same numbers, any -j)", NULL},
	{OPT_THREADS, CLI_THREADS, "sampling threads (1 to 64)", NULL},
	{OPT_TITLE, "--title", 0, "TEXT", "the page heading", NULL},
	{OPT_HIGHLIGHT, "--highlight", 0, "START..END", "shade a window on the time chart, e.g.\n"
							"2024-03-01T02:00Z..2024-03-01T08:00Z", NULL},
	{OPT_NO_EXPLAIN, "--no-explain", 0, NULL, "leave the derivation out", NULL},
	{OPT_COMPARE, "--compare", 0, "FILE", "the same job as measured beside the estimate (a scenario\n"
					      "holding measured: gets this section by itself)", "@files"},
	{OPT_SHIFT, "--shift", 0, NULL, "add a carbon-aware shift search (as `wattif shift`): the\n"
					"regions ranked, the best start shaded on the time chart",
	 NULL},
	{OPT_WINDOW, CLI_WINDOW, "search window for --shift (UTC)", NULL},
	{OPT_REGIONS, CLI_REGIONS, "candidate regions for --shift (grid ids, PCRE2); for a\n"
				   "scenario that spans years, the campus sited in every grid\n"
				   "matching REGEX (as `wattif run --regions`): ranked by\n"
				   "lifetime emissions, with the drivers and the best and worst\n"
				   "regions year by year", NULL},
	{OPT_STEP, CLI_STEP, "between candidate starts for --shift (e.g. '1 h')", NULL},
	{0, NULL, 0, NULL, "For a sweep file (a top-level sweep:), a heatmap of one column:", NULL},
	{OPT_X, "--x", 0, "PATH", "the axis across (default: the second axis)", NULL},
	{OPT_Y, "--y", 0, "PATH", "the axis down (default: the first axis)", NULL},
	{OPT_PANELS, "--panels", 0, "PATH", "small multiples, one per value (default: the third)",
	 NULL},
	{OPT_VALUE, "--value", 0, "NAME", "the column shown (default: emissions_total_kg)", NULL},
	{OPT_WHERE, "--where", 0, "PATH=V", "only points whose axis PATH has the value V (as the\n"
					    "sweep writes it); repeatable", NULL},
	CLI_OPT_END};

static void report_more_help(void)
{
	int k;

	printf("\ncharts (--chart):");
	for (k = 0; wf_report_chart_name(k); k++)
		printf(" %s", wf_report_chart_name(k));
	printf(" (default breakdown);\nfor a scenario that spans years:");
	for (k = 0; wf_report_projection_chart_name(k); k++)
		printf(" %s", wf_report_projection_chart_name(k));
	printf(" (default years)\n");
}

const cli_spec cli_report_spec = {
	"report", cmd_report, "a self-contained HTML page (or SVG chart) of a scenario",
	"FILE.yaml [-o OUT] [--format html|svg] [--chart NAME]\n"
	"[--set PATH=VALUE]... [--samples N] [--seed S] [-j N]\n"
	"[--title TEXT] [--highlight START..END] [--no-explain]\n"
	"[--compare MEASURED.yaml]\n"
	"[--shift [--window START..END] [--regions REGEX] [--step D]]",
	"A scenario, a scenario that spans years (years: {from, to}: the years as\n"
	"lines and a table) or a sweep file (a heatmap).  FILE '-' is read from\n"
	"standard input.",
	report_opts, NULL, report_more_help, NULL};

/* What the command line asked for. */
typedef struct report_args {
	const char *file, *outpath, *chart, *cmp;
	const char *sets[CLI_MAX_SETS], *where[16];
	int nsets, nwhere, svg, shift;
	wf_run_options opt;
	wf_report_options ro;
	wf_shift_options so;
	wf_report_sweep_options sro;
	char *text;          /* the file's text when it is '-' (standard input) */
	size_t len;
} report_args;

/* Does the file hold a top-level `sweep:`?  Loaded, not sniffed: a flow
 * mapping or a long comment cannot mislead it.  0 or 1 in *sweep, or an
 * exit status (the load error printed). */
static int holds_sweep(const wf_catalog *base, const report_args *a, int *sweep)
{
	wf_catalog *cat = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	if ((rc = wf_catalog_new(&cat)) || (rc = wf_catalog_set_parent(cat, base, &err)) ||
	    (rc = a->text ? wf_catalog_load_text(cat, a->text, a->len, CLI_STDIN_NAME, &err)
			  : wf_catalog_load(cat, a->file, &err)) ||
	    (rc = wf_catalog_finish(cat, &err))) {
		wf_catalog_free(cat);
		return cli_fail(&err, rc);
	}
	*sweep = wf_catalog_sweep_count(cat) > 0;
	wf_catalog_free(cat);
	return 0;
}

/* Evaluate the points of a sweep that the report shows (the others stay
 * NaN) and build the page.  Returns 0 or a WF_E* code with err filled. */
static int sweep_report(char **page, size_t *len, wf_sweep **swp, const wf_catalog *base,
			const report_args *a, wf_error *err)
{
	const wf_report_sweep_options *so = &a->sro;
	const char *file = a->ro.source;
	int svg = a->svg;
	wf_sweep_options lo = WF_SWEEP_OPTIONS_INIT;
	wf_sweep *sw = NULL;
	wf_sweep_worker *w = NULL;
	double *values = NULL;
	size_t np, nv, k;
	int rc;

	if ((rc = a->text ? wf_sweep_load_text(&sw, base, a->text, a->len, CLI_STDIN_NAME, &lo, err)
			  : wf_sweep_load(&sw, base, a->file, &lo, err)))
		return rc;
	np = wf_sweep_point_count(sw);
	nv = wf_sweep_value_count(sw);
	if (np > 10000000 / (nv ? nv : 1)) {
		rc = WF_EINPUT;
		fprintf(stderr, "wattif: %s: %zu points are too many for a report; "
				"narrow it with --where PATH=VALUE\n", file, np);
		goto done;
	}
	if (!(values = malloc(np * nv * sizeof(double))) ||
	    (rc = wf_sweep_worker_new(&w, sw, err))) {
		rc = rc ? rc : WF_ENOMEM;
		goto done;
	}
	for (k = 0; k < np && rc == 0; k++) {
		size_t j;
		for (j = 0; j < nv; j++)
			values[k * nv + j] = 0.0 / 0.0;
		if (wf_report_sweep_wants(sw, k, so))
			rc = wf_sweep_eval(w, k, values + k * nv, err);
	}
	if (rc == 0)
		rc = svg ? wf_report_sweep_svg(page, len, sw, values, so, err)
			 : wf_report_sweep_html(page, len, sw, values, so, err);
done:
	free(values);
	wf_sweep_worker_free(w);
	*swp = sw; /* its files are the report's inputs */
	return rc;
}

/* A projection's page or chart: the scenario year by year, and with
 * regions the siting, each region the page draws projected with
 * site.region set to it (sc is changed).  Returns 0 or a WF_E* code. */
static int projection_report(char **page, size_t *len, wf_scenario *sc, const char *regions,
			     const wf_run_options *opt, const wf_report_options *ro,
			     const char *chart, int svg, wf_error *err)
{
	wf_projection *p = NULL, **sy = NULL;
	wf_siting *st = NULL;
	size_t n = 0, k;
	int rc;

	if (wf_scenario_is_portfolio(sc)) {
		err->code = WF_EINPUT;
		snprintf(err->module, sizeof err->module, "report");
		snprintf(err->message, sizeof err->message, "%s is a portfolio (campuses:): report "
			 "each campus's own scenario; `wattif run` sets them side by side",
			 wf_scenario_id(sc));
		return WF_EINPUT;
	}
	if ((rc = wf_scenario_project(&p, sc, opt, err)))
		return rc;
	if (regions && (rc = wf_scenario_site(&st, sc, regions, opt, err)))
		goto done;
	n = wf_siting_count(st);
	if (n && !(sy = calloc(n, sizeof(*sy)))) {
		rc = WF_ENOMEM;
		goto done;
	}
	for (k = 0; k < n && rc == 0; k++) {
		char set[512];
		wf_site s;
		if (!wf_report_siting_drawn(st, k) || wf_siting_get(st, k, &s) != 0)
			continue;
		snprintf(set, sizeof set, "site.region=%s", s.region);
		if ((rc = wf_scenario_set(sc, set, err)) == 0)
			rc = wf_scenario_project(&sy[k], sc, opt, err);
	}
	if (rc == 0)
		rc = svg ? wf_report_projection_svg(page, len, sc, p, st,
						    (const wf_projection *const *)sy, chart, ro, err)
			 : wf_report_projection_html(page, len, sc, p, st,
						     (const wf_projection *const *)sy, ro, err);
done:
	for (k = 0; sy && k < n; k++)
		wf_projection_free(sy[k]);
	free(sy);
	wf_siting_free(st);
	wf_projection_free(p);
	return rc;
}

/* The page with no path of this machine in it: paths relative to the
 * scenario's directory (relpath.c). */
static int relative_paths(char **page, size_t *len, const char *file, wf_error *err)
{
	size_t n;
	char *rel = cli_paths_relative(*page, *len, file, &n);

	if (!rel) {
		err->code = WF_ENOMEM;
		snprintf(err->module, sizeof err->module, "report");
		snprintf(err->message, sizeof err->message, "out of memory");
		return WF_ENOMEM;
	}
	wf_report_free(*page);
	*page = rel;
	*len = n;
	return 0;
}

/* The measured run beside a single run: --compare FILE (with the same
 * --set), or the scenario's own measured: section; none otherwise. */
static int measured_run(wf_result **out, wf_scenario **msc, const wf_catalog *base,
			const wf_scenario *sc, const report_args *a, wf_error *err)
{
	int rc = 0, i;

	*out = NULL;
	*msc = NULL;
	if (a->cmp) {
		rc = cli_scenario_load(msc, base, a->cmp, NULL, 0, err);
		for (i = 0; rc == 0 && i < a->nsets; i++)
			rc = wf_scenario_set(*msc, a->sets[i], err);
	} else if (wf_scenario_has_measured(sc)) {
		rc = wf_scenario_measured(msc, sc, err);
	} else {
		return 0;
	}
	return rc ? rc : wf_scenario_evaluate(out, *msc, err);
}

/* One option or operand into a; 0 or an exit status. */
static int take_arg(report_args *a, cli_parser *p, int id)
{
	static const char *const fmts[] = {"html", "svg"};
	long long n;
	int rc = 0;

	switch (id) {
	case OPT_OUTPUT: a->outpath = p->value; break;
	case OPT_FORMAT: rc = cli_choice(p, fmts, 2, &a->svg); break;
	case OPT_CHART: a->chart = p->value; break;
	case OPT_SET: rc = cli_append(p, a->sets, &a->nsets, CLI_MAX_SETS); break;
	case OPT_SAMPLES:
		if (!(rc = cli_count(p, 1, CLI_MAX_SAMPLES, &n)))
			a->opt.samples = (long)n;
		break;
	case OPT_SEED:
		if (!(rc = cli_count(p, 1, CLI_MAX_SEED, &n)))
			a->opt.seed = (unsigned long)n;
		break;
	case OPT_THREADS:
		if (!(rc = cli_count(p, 1, CLI_MAX_THREADS, &n)))
			a->opt.threads = (int)n;
		break;
	case OPT_TITLE: a->ro.title = p->value; break;
	case OPT_HIGHLIGHT:
		rc = cli_window(p, &a->ro.band_start, &a->ro.band_end);
		a->ro.band_label = "highlighted window";
		break;
	case OPT_NO_EXPLAIN: a->ro.explain = 0; break;
	case OPT_COMPARE: a->cmp = p->value; break;
	case OPT_SHIFT: a->shift = 1; break;
	case OPT_WINDOW:
		rc = cli_window(p, &a->so.window_start, &a->so.window_end);
		a->shift = 1;
		break;
	case OPT_REGIONS: a->so.regions = p->value; break;
	case OPT_STEP:
		rc = cli_duration(p, &a->so.step_s);
		a->shift = 1;
		break;
	case OPT_X: a->sro.x = p->value; break;
	case OPT_Y: a->sro.y = p->value; break;
	case OPT_PANELS: a->sro.panels = p->value; break;
	case OPT_VALUE: a->sro.value = p->value; break;
	case OPT_WHERE:
		if (!strchr(p->value, '='))
			return cli_parse_error(p, "--where: expected PATH=VALUE, got \"%s\"", p->value);
		rc = cli_append(p, a->where, &a->nwhere, 16);
		break;
	default: /* CLI_OPERAND */
		if (a->file)
			return cli_parse_error(p, "one scenario file at a time (got \"%s\" and \"%s\")",
					       a->file, p->value);
		a->file = p->value;
	}
	return rc;
}

/* 0, or an exit status (-1: help printed). */
static int parse_args(report_args *a, int argc, char **argv)
{
	cli_parser p;
	int id, rc = 0;

	cli_parse_begin(&p, &cli_report_spec, argc, argv);
	while (rc == 0 && (id = cli_next(&p)) != CLI_END)
		rc = id == CLI_STOP ? (p.status ? p.status : -1) : take_arg(a, &p, id);
	if (rc)
		return rc;
	if (!a->file)
		return cli_parse_error(&p, "missing the scenario FILE.yaml");
	if (a->chart && !a->svg)
		return cli_parse_error(&p, "--chart goes with --format svg");
	if (a->cmp && cli_is_stdin(a->cmp) && cli_is_stdin(a->file))
		return cli_parse_error(&p, "'-' (standard input) given twice");
	return 0;
}

/* Options that do not go with the kind of file: 0 or an exit status. */
static int misplaced(const report_args *a, int is_sweep, int is_projection)
{
	const char *file = a->ro.source;

	if (is_sweep && (a->nsets || a->shift || a->ro.band_end > a->ro.band_start ||
			 a->chart || a->cmp || a->so.regions))
		return cli_usage("report", "a sweep report takes --x, --y, --panels, --value and "
				 "--where (not --set, --shift, --regions, --highlight, --chart "
				 "or --compare)");
	if (!is_sweep && (a->sro.x || a->sro.y || a->sro.panels || a->sro.value || a->nwhere))
		return cli_usage("report", "--x, --y, --panels, --value and --where go with a "
				 "sweep file");
	if (is_projection && (a->shift || a->ro.band_end > a->ro.band_start || a->cmp))
		return cli_usage("report", "%s spans years: --regions sites it; --shift, --window, "
				 "--step, --highlight and --compare go with a single run", file);
	return 0;
}

/* What the report built, freed together. */
typedef struct report_objs {
	wf_scenario *sc, *msc;
	wf_result *r, *mr;
	wf_shift_result *sr;
	wf_sweep *sw;
	char *page;
	size_t len;
} report_objs;

/* The page of a single run: the run, its measured run and shift search
 * when asked for.  0 or a WF_E* code. */
static int run_report(report_objs *x, report_args *a, const wf_catalog *base, wf_error *err)
{
	int rc;

	a->shift |= a->so.regions != NULL; /* for a single run, --regions are shift candidates */
	rc = wf_scenario_run(&x->r, x->sc, &a->opt, err);
	if (rc == 0 && (rc = measured_run(&x->mr, &x->msc, base, x->sc, a, err)) == 0 && x->mr) {
		a->ro.measured = x->mr;
		a->ro.measured_source = a->cmp ? (cli_is_stdin(a->cmp) ? CLI_STDIN_NAME : a->cmp)
					       : a->ro.source;
	}
	if (rc == 0 && a->shift && (rc = wf_scenario_shift(&x->sr, x->sc, &a->so, err)) == 0)
		a->ro.shift = x->sr;
	if (rc == 0)
		rc = a->svg ? wf_report_svg(&x->page, &x->len, x->sc, x->r, a->chart, &a->ro, err)
			    : wf_report_html(&x->page, &x->len, x->sc, x->r, &a->ro, err);
	return rc;
}

/* The scenario of a (with its --set), over base.  0 or a WF_E* code. */
static int load_scenario(wf_scenario **sc, const wf_catalog *base, const report_args *a,
			 wf_error *err)
{
	int rc, i;

	rc = cli_scenario_load(sc, base, a->file, a->text, a->len, err);
	for (i = 0; rc == 0 && i < a->nsets; i++)
		rc = wf_scenario_set(*sc, a->sets[i], err);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const report_args init = {
		.opt = WF_RUN_OPTIONS_INIT, .ro = WF_REPORT_OPTIONS_INIT,
		.so = WF_SHIFT_OPTIONS_INIT, .sro = WF_REPORT_SWEEP_OPTIONS_INIT};
	report_args *a = malloc(sizeof *a);
	report_objs x;
	wf_catalog *base = NULL;
	const wf_catalog *inputs = NULL;
	cli_output o;
	int rc = 0, status, is_sweep = 0;
	wf_error err;

	wf_error_clear(&err);
	memset(&x, 0, sizeof x);
	if (!a)
		return cli_fail(NULL, WF_ENOMEM);
	*a = init;
	a->opt.keep_samples = 1;
	a->opt.sensitivity = 1;
	if ((status = parse_args(a, argc, argv))) {
		status = status < 0 ? EXIT_OK : status;
		goto done;
	}
	a->ro.source = cli_is_stdin(a->file) ? CLI_STDIN_NAME : a->file;
	if ((cli_is_stdin(a->file) && (status = cli_read_stdin(&a->text, &a->len))) ||
	    (status = cli_load_base(&base, NULL, 0)) ||
	    (status = holds_sweep(base, a, &is_sweep)) || (status = misplaced(a, is_sweep, 0)))
		goto done;
	if (is_sweep) {
		a->sro.title = a->ro.title;
		a->sro.source = a->ro.source;
		a->sro.where = a->where;
		a->sro.nwhere = (size_t)a->nwhere;
		rc = sweep_report(&x.page, &x.len, &x.sw, base, a, &err);
		inputs = wf_sweep_catalog(x.sw);
	} else if ((rc = load_scenario(&x.sc, base, a, &err)) == 0) {
		inputs = wf_scenario_catalog(x.sc);
		if (!wf_scenario_is_projection(x.sc)) {
			rc = run_report(&x, a, base, &err);
		} else if ((status = misplaced(a, 0, 1))) {
			goto done;
		} else {
			/* each year keeps its samples anyway (the library sums them
			 * for the lifetime intervals); no ranking of inputs here */
			a->opt.keep_samples = 0;
			a->opt.sensitivity = 0;
			rc = projection_report(&x.page, &x.len, x.sc, a->so.regions, &a->opt, &a->ro,
					       a->chart, a->svg, &err);
		}
	}
	rc = rc ? rc : relative_paths(&x.page, &x.len, a->ro.source, &err);
	if (rc)
		status = err.code || rc != WF_EINPUT ? cli_fail(&err, rc) : EXIT_INPUT;
	else if ((status = cli_output_open(&o, "report", a->outpath, inputs, 0)) == 0)
		status = cli_output_close(&o, cli_output_write(&o, x.page, x.len));
done:
	wf_report_free(x.page);
	wf_sweep_free(x.sw);
	wf_shift_free(x.sr);
	wf_result_free(x.r);
	wf_result_free(x.mr);
	wf_scenario_free(x.msc);
	wf_scenario_free(x.sc);
	wf_catalog_free(base);
	free(a->text);
	free(a);
	return status;
}

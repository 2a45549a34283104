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

static void report_help(void)
{
	printf("usage: wattif report FILE.yaml [-o OUT] [--format html|svg] [--chart NAME]\n"
	       "                     [--set PATH=VALUE]... [--samples N] [--seed S] [-j N]\n"
	       "                     [--title TEXT] [--highlight START..END] [--no-explain]\n"
	       "                     [--compare MEASURED.yaml]\n"
	       "                     [--shift [--window A..B] [--regions RE] [--step D]]\n\n"
	       "  -o OUT             write to OUT (atomically); '-' or none: standard output\n"
	       "  --format F         html (default): one self-contained page with every chart,\n"
	       "                     the tables behind them and the derivation;\n"
	       "                     svg: one chart, for embedding in documents\n"
	       "  --chart NAME       the chart for --format svg:");
	for (int k = 0; wf_report_chart_name(k); k++)
		printf(" %s", wf_report_chart_name(k));
	printf(" (default\n"
	       "                     breakdown); for a projection:");
	for (int k = 0; wf_report_projection_chart_name(k); k++)
		printf(" %s", wf_report_projection_chart_name(k));
	printf("\n"
	       "                     (default years)\n"
	       "  --set PATH=VALUE   override a scenario value (as in `wattif run`)\n"
	       "  --samples N        Monte Carlo samples (histogram, 90%% intervals; for a\n"
	       "                     projection, on the lifetime totals and each year)\n"
	       "  --seed S           random seed (same seed, same numbers, any -j)\n"
	       "  -j N               sampling threads (1 to 64)\n"
	       "  --title TEXT       the page heading\n"
	       "  --highlight A..B   shade a window on the time chart, e.g.\n"
	       "                     2024-03-01T02:00Z..2024-03-01T08:00Z\n"
	       "  --no-explain       leave the derivation out\n"
	       "  --compare FILE     the same job as measured beside the estimate (a scenario\n"
	       "                     holding measured: gets this section by itself)\n"
	       "  --shift            add a carbon-aware shift search (as `wattif shift`): the\n"
	       "                     regions ranked, the best start shaded on the time chart\n"
	       "  --window A..B      search window for --shift (UTC)\n"
	       "  --regions RE       candidate regions for --shift (grid ids, PCRE2)\n"
	       "  --step D           between candidate starts for --shift (e.g. '1 h')\n\n"
	       "For a scenario that spans years (years: {from, to}), the years as lines and a\n"
	       "table, and with\n"
	       "  --regions RE       the campus sited in every grid matching RE (as `wattif run\n"
	       "                     --regions`): ranked by lifetime emissions, with the\n"
	       "                     drivers and the best and worst regions year by year\n\n"
	       "For a sweep file (a top-level sweep:), a heatmap of one column:\n"
	       "  --x PATH           the axis across (default: the second axis)\n"
	       "  --y PATH           the axis down (default: the first axis)\n"
	       "  --panels PATH      small multiples, one per value (default: the third)\n"
	       "  --value NAME       the column shown (default: emissions_total_kg)\n"
	       "  --where PATH=V     only points whose axis PATH has the value V (as the\n"
	       "                     sweep writes it); repeatable\n");
}

/* Does the file hold a top-level `sweep:`?  Loaded, not sniffed: a flow
 * mapping or a long comment cannot mislead it.  0 or 1 in *sweep, or an
 * exit status (the load error printed). */
static int holds_sweep(const wf_catalog *base, const char *path, int *sweep)
{
	wf_catalog *cat = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	if ((rc = wf_catalog_new(&cat)) || (rc = wf_catalog_set_parent(cat, base, &err)) ||
	    (rc = wf_catalog_load(cat, path, &err)) || (rc = wf_catalog_finish(cat, &err))) {
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
			const char *file, const wf_report_sweep_options *so, int svg,
			wf_error *err)
{
	wf_sweep_options lo = WF_SWEEP_OPTIONS_INIT;
	wf_sweep *sw = NULL;
	wf_sweep_worker *w = NULL;
	double *values = NULL;
	size_t np, nv, k;
	int rc;

	if ((rc = wf_sweep_load(&sw, base, file, &lo, err)))
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

/* "A..B" as two dates (s since the epoch). */
static int parse_window(const char *s, double *a, double *b)
{
	const char *dots = strstr(s, "..");
	char first[128];
	wf_value va, vb;

	if (!dots || (size_t)(dots - s) >= sizeof first)
		return -1;
	memcpy(first, s, (size_t)(dots - s));
	first[dots - s] = '\0';
	if (wf_value_parse(&va, first, WF_DIM_DATE, NULL) || va.kind != WF_DIST_FIXED ||
	    wf_value_parse(&vb, dots + 2, WF_DIM_DATE, NULL) || vb.kind != WF_DIST_FIXED ||
	    !(vb.p[0] > va.p[0]))
		return -1;
	*a = va.p[0];
	*b = vb.p[0];
	return 0;
}

/* The value of option argv[*i] ("--opt V" or "--opt=V"), or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int is_option(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* The measured run beside a single run: --compare FILE (with the same
 * --set), or the scenario's own measured: section; none otherwise. */
static int measured_run(wf_result **out, wf_scenario **msc, const wf_catalog *base,
			const wf_scenario *sc, const char *file, const char *const *sets,
			int nsets, wf_error *err)
{
	int rc = 0, i;

	*out = NULL;
	*msc = NULL;
	if (file) {
		rc = wf_scenario_load(msc, base, file, err);
		for (i = 0; rc == 0 && i < nsets; i++)
			rc = wf_scenario_set(*msc, sets[i], err);
	} else if (wf_scenario_has_measured(sc)) {
		rc = wf_scenario_measured(msc, sc, err);
	} else {
		return 0;
	}
	return rc ? rc : wf_scenario_evaluate(out, *msc, err);
}

/* A whole number in [1, max] for option name, or -1 (usage printed). */
static long count_arg(const char *name, const char *v, long max)
{
	char *end;
	long n;

	if (!v) {
		cli_usage("report", "%s needs a number", name);
		return -1;
	}
	n = strtol(v, &end, 10);
	if (*end || end == v || n < 1 || n > max) {
		cli_usage("report", "%s: expected a whole number from 1 to %ld, got \"%s\"", name,
			  max, v);
		return -1;
	}
	return n;
}

int cmd_report(int argc, char **argv)
{
	const char *file = NULL, *outpath = NULL, *chart = NULL, *sets[CLI_MAX_SETS];
	int nsets = 0, svg = 0, i, rc, status;
	wf_run_options opt = WF_RUN_OPTIONS_INIT;
	wf_report_options ro = WF_REPORT_OPTIONS_INIT;
	wf_shift_options so = WF_SHIFT_OPTIONS_INIT;
	wf_shift_result *sr = NULL;
	wf_report_sweep_options sro = WF_REPORT_SWEEP_OPTIONS_INIT;
	const char *where[16];
	size_t nwhere = 0;
	int shift = 0;
	wf_catalog *base = NULL;
	wf_scenario *sc = NULL;
	wf_result *r = NULL, *mr = NULL;
	wf_scenario *msc = NULL;
	const char *cmp = NULL;
	char *page = NULL;
	size_t len = 0;
	wf_sweep *sw = NULL;
	const wf_catalog *inputs = NULL;
	cli_output o;
	int is_sweep = 0;
	wf_error err;

	wf_error_clear(&err);
	opt.keep_samples = 1;
	opt.sensitivity = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		long n;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			report_help();
			return EXIT_OK;
		} else if (is_option(a, "-o") || is_option(a, "--output")) {
			if (!(v = option_value(argc, argv, &i, a[1] == 'o' ? "-o" : "--output")))
				return cli_usage("report", "-o needs a file name");
			outpath = v;
		} else if (is_option(a, "--format")) {
			if (!(v = option_value(argc, argv, &i, "--format")) ||
			    (strcmp(v, "html") != 0 && strcmp(v, "svg") != 0))
				return cli_usage("report", "--format: expected html or svg, got \"%s\"",
						 v ? v : "");
			svg = strcmp(v, "svg") == 0;
		} else if (is_option(a, "--chart")) {
			if (!(v = option_value(argc, argv, &i, "--chart")))
				return cli_usage("report", "--chart needs a chart name");
			chart = v;
		} else if ((rc = cli_take_set("report", argv, argc, &i, sets, &nsets)) >= 0) {
			if (rc)
				return rc;
		} else if (is_option(a, "--samples")) {
			if ((n = count_arg("--samples", option_value(argc, argv, &i, "--samples"),
					   100000000L)) < 0)
				return EXIT_INPUT;
			opt.samples = n;
		} else if (is_option(a, "--seed")) {
			if ((n = count_arg("--seed", option_value(argc, argv, &i, "--seed"),
					   2147483647L)) < 0)
				return EXIT_INPUT;
			opt.seed = (unsigned long)n;
		} else if (is_option(a, "-j")) {
			if ((n = count_arg("-j", option_value(argc, argv, &i, "-j"), 64)) < 0)
				return EXIT_INPUT;
			opt.threads = (int)n;
		} else if (is_option(a, "--compare")) {
			if (!(cmp = option_value(argc, argv, &i, "--compare")))
				return cli_usage("report", "--compare needs the measured scenario file");
		} else if (is_option(a, "--title")) {
			if (!(v = option_value(argc, argv, &i, "--title")))
				return cli_usage("report", "--title needs a text");
			ro.title = v;
		} else if (is_option(a, "--highlight")) {
			if (!(v = option_value(argc, argv, &i, "--highlight")) ||
			    parse_window(v, &ro.band_start, &ro.band_end))
				return cli_usage("report", "--highlight: expected START..END with two "
							   "dates, START first (e.g. "
							   "2024-03-01T02:00Z..2024-03-01T08:00Z), got \"%s\"",
						 v ? v : "");
			ro.band_label = "highlighted window";
		} else if (strcmp(a, "--no-explain") == 0) {
			ro.explain = 0;
		} else if (is_option(a, "--x") || is_option(a, "--y") || is_option(a, "--panels") ||
			   is_option(a, "--value") || is_option(a, "--where")) {
			char name[16];
			snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
			if (!(v = option_value(argc, argv, &i, name)))
				return cli_usage("report", "%s needs a value", name);
			if (strcmp(name, "--x") == 0)
				sro.x = v;
			else if (strcmp(name, "--y") == 0)
				sro.y = v;
			else if (strcmp(name, "--panels") == 0)
				sro.panels = v;
			else if (strcmp(name, "--value") == 0)
				sro.value = v;
			else if (nwhere == 16)
				return cli_usage("report", "at most 16 --where options");
			else if (!strchr(v, '='))
				return cli_usage("report", "--where: expected PATH=VALUE, got \"%s\"", v);
			else
				where[nwhere++] = v;
		} else if (strcmp(a, "--shift") == 0) {
			shift = 1;
		} else if (is_option(a, "--window")) {
			if (!(v = option_value(argc, argv, &i, "--window")) ||
			    parse_window(v, &so.window_start, &so.window_end))
				return cli_usage("report", "--window: expected START..END with two "
							   "dates, START first, got \"%s\"", v ? v : "");
			shift = 1;
		} else if (is_option(a, "--regions")) {
			if (!(so.regions = option_value(argc, argv, &i, "--regions")))
				return cli_usage("report", "--regions needs a regular expression");
		} else if (is_option(a, "--step")) {
			wf_value q;
			if (!(v = option_value(argc, argv, &i, "--step")) ||
			    wf_value_parse(&q, v, WF_DIM_TIME, NULL) || q.kind != WF_DIST_FIXED ||
			    !(q.p[0] > 0))
				return cli_usage("report", "--step: expected a duration such as "
							   "'1 h', got \"%s\"", v ? v : "");
			so.step_s = q.p[0];
			shift = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			return cli_usage("report", "unknown option \"%s\"", a);
		} else if (!file) {
			file = a;
		} else {
			return cli_usage("report", "one scenario file at a time (got \"%s\" and \"%s\")",
					 file, a);
		}
	}
	if (!file)
		return cli_usage("report", "missing the scenario FILE.yaml");
	if (chart && !svg)
		return cli_usage("report", "--chart goes with --format svg");
	ro.source = file;
	if ((status = cli_load_base(&base, NULL, 0)))
		return status;
	if ((status = holds_sweep(base, file, &is_sweep)))
		goto done;
	if (is_sweep) {
		if (nsets || shift || ro.band_end > ro.band_start || chart || cmp) {
			status = cli_usage("report", "a sweep report takes --x, --y, --panels, "
						     "--value and --where (not --set, --shift, "
						     "--highlight, --chart or --compare)");
			goto done;
		}
		sro.title = ro.title;
		sro.source = file;
		sro.where = where;
		sro.nwhere = nwhere;
		rc = sweep_report(&page, &len, &sw, base, file, &sro, svg, &err);
		inputs = wf_sweep_catalog(sw);
		goto write;
	}
	if (sro.x || sro.y || sro.panels || sro.value || nwhere) {
		status = cli_usage("report", "--x, --y, --panels, --value and --where go with a "
					     "sweep file");
		goto done;
	}
	wf_catalog_free(base);
	base = NULL;
	if ((status = cli_load_scenario(&base, &sc, file, sets, nsets)))
		return status;
	inputs = wf_scenario_catalog(sc);
	if (wf_scenario_is_projection(sc)) {
		if (shift || ro.band_end > ro.band_start || cmp) {
			status = cli_usage("report", "%s spans years: --regions sites it; --shift, "
						     "--window, --step, --highlight and --compare go "
						     "with a single run", file);
			goto done;
		}
		/* each year keeps its samples anyway (the library sums them for
		 * the lifetime intervals); no ranking of inputs on this page */
		opt.keep_samples = 0;
		opt.sensitivity = 0;
		rc = projection_report(&page, &len, sc, so.regions, &opt, &ro, chart, svg, &err);
		goto write;
	}
	shift |= so.regions != NULL; /* for a single run, --regions are shift candidates */
	rc = wf_scenario_run(&r, sc, &opt, &err);
	if (rc == 0 && (rc = measured_run(&mr, &msc, base, sc, cmp, sets, nsets, &err)) == 0 && mr) {
		ro.measured = mr;
		ro.measured_source = cmp ? cmp : file;
	}
	if (rc == 0 && shift && (rc = wf_scenario_shift(&sr, sc, &so, &err)) == 0)
		ro.shift = sr;
	if (rc == 0)
		rc = svg ? wf_report_svg(&page, &len, sc, r, chart, &ro, &err)
			 : wf_report_html(&page, &len, sc, r, &ro, &err);
write:
	rc = rc ? rc : relative_paths(&page, &len, file, &err);
	if (rc)
		status = err.code || rc != WF_EINPUT ? cli_fail(&err, rc) : EXIT_INPUT;
	else if ((status = cli_output_open(&o, "report", outpath, inputs, 0)) == 0)
		status = cli_output_close(&o, cli_output_write(&o, page, len));
done:
	wf_report_free(page);
	wf_sweep_free(sw);
	wf_shift_free(sr);
	wf_result_free(r);
	wf_result_free(mr);
	wf_scenario_free(msc);
	wf_scenario_free(sc);
	wf_catalog_free(base);
	return status;
}

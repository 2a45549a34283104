/*
 * cmd_report.c - `wattif report FILE.yaml -o report.html`: a scenario as a
 * self-contained HTML page (or, with --format svg, one chart).
 *
 * The scenario runs with its samples kept and its inputs ranked, so the
 * page can draw the histogram and the sensitivity chart.  The page is
 * built in memory and written to a temporary file in the target's
 * directory, then renamed over the target: a failure at any point leaves
 * the old file (or none), never half a report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void report_help(void)
{
	printf("usage: wattif report FILE.yaml [-o OUT] [--format html|svg] [--chart NAME]\n"
	       "                     [--set PATH=VALUE]... [--samples N] [--seed S] [-j N]\n"
	       "                     [--title TEXT] [--highlight START..END] [--no-explain]\n"
	       "                     [--shift [--window A..B] [--regions RE] [--step D]]\n\n"
	       "  -o OUT             write to OUT (atomically); '-' or none: standard output\n"
	       "  --format F         html (default): one self-contained page with every chart,\n"
	       "                     the tables behind them and the derivation;\n"
	       "                     svg: one chart, for embedding in documents\n"
	       "  --chart NAME       the chart for --format svg:");
	for (int k = 0; wf_report_chart_name(k); k++)
		printf(" %s", wf_report_chart_name(k));
	printf(" (default\n"
	       "                     breakdown)\n"
	       "  --set PATH=VALUE   override a scenario value (as in `wattif run`)\n"
	       "  --samples N        Monte Carlo samples (histogram, 90%% intervals)\n"
	       "  --seed S           random seed\n"
	       "  -j N               sampling threads (1 to 64)\n"
	       "  --title TEXT       the page heading\n"
	       "  --highlight A..B   shade a window on the time chart, e.g.\n"
	       "                     2024-03-01T02:00Z..2024-03-01T08:00Z\n"
	       "  --no-explain       leave the derivation out\n"
	       "  --shift            add a carbon-aware shift search (as `wattif shift`): the\n"
	       "                     regions ranked, the best start shaded on the time chart\n"
	       "  --window A..B      search window for --shift (UTC)\n"
	       "  --regions RE       candidate regions for --shift (grid ids, PCRE2)\n"
	       "  --step D           between candidate starts for --shift (e.g. '1 h')\n");
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

/* Write data to path through a temporary file in the same directory and a
 * rename, keeping the permissions a new file would get.  Returns 0 or
 * EXIT_FAIL with a message printed. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	char *tmp = malloc(dirlen + strlen(path) + 16);
	mode_t mask;
	FILE *f = NULL;
	int fd;

	if (!tmp) {
		fprintf(stderr, "wattif: out of memory\n");
		return EXIT_FAIL;
	}
	sprintf(tmp, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "wattif: %s: cannot create a file there: %s\n", path,
			strerror(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !(f = fdopen(fd, "wb")) ||
	    fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fd) != 0) {
		int e = errno;
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(tmp);
		fprintf(stderr, "wattif: writing %s: %s\n", path, strerror(e));
		free(tmp);
		return EXIT_FAIL;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "wattif: writing %s: %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	free(tmp);
	return EXIT_OK;
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
	int shift = 0;
	wf_catalog *base = NULL;
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	char *page = NULL;
	size_t len = 0;
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
			shift = 1;
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
	if ((status = cli_load_scenario(&base, &sc, file, sets, nsets)))
		return status;
	rc = wf_scenario_run(&r, sc, &opt, &err);
	if (rc == 0 && shift && (rc = wf_scenario_shift(&sr, sc, &so, &err)) == 0)
		ro.shift = sr;
	if (rc == 0)
		rc = svg ? wf_report_svg(&page, &len, sc, r, chart, &ro, &err)
			 : wf_report_html(&page, &len, sc, r, &ro, &err);
	if (rc)
		status = cli_fail(&err, rc);
	else if (!outpath || strcmp(outpath, "-") == 0)
		status = fwrite(page, 1, len, stdout) == len ? EXIT_OK : EXIT_FAIL;
	else
		status = write_atomic(outpath, page, len);
	wf_report_free(page);
	wf_shift_free(sr);
	wf_result_free(r);
	wf_scenario_free(sc);
	wf_catalog_free(base);
	return status;
}

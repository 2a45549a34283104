/*
 * test_explain.c - every derivation line of `wattif explain` ends with the
 * figure it explains: for each example, published case and test scenario
 * (a projection year by year), the final number of each line that derives an
 * output ("energy_facility = ... = 449.8 MWh") is read back with the
 * library's own quantity parser and compared with the result the run
 * returns.  The figures are printed to 7 significant digits, so they must
 * agree within 5e-7 relative (1e-6 allowed).  A line that prints one figure
 * and computes another (a buffer reused within one printf) fails here.
 */
#include <dirent.h>

#include "testutil.h"

/* A derivation line's prefix, the output it ends with, and how to read it. */
static const struct {
	const char *prefix;
	const char *output;
	wf_dim dim;
	double si_per_unit; /* SI per unit of the output's name */
} lines[] = {
	{"energy_it = ", "energy_it_kwh", WF_DIM_ENERGY, 3.6e6},
	{"energy_facility = ", "energy_facility_kwh", WF_DIM_ENERGY, 3.6e6},
	{"emissions_operational = ", "emissions_operational_kg", WF_DIM_MASS, 1},
	{"emissions_market = energy_facility", "emissions_market_kg", WF_DIM_MASS, 1},
	{"emissions_total = ", "emissions_total_kg", WF_DIM_MASS, 1},
	{"water = ", "water_l", WF_DIM_VOLUME, 1},
	{"peak_power = ", "peak_power_kw", WF_DIM_POWER, 1e3},
	{"intensity = ", "intensity_g_per_kwh", WF_DIM_INTENSITY, 1e-3 / 3.6e6},
	{"wall time = ", "duration_h", WF_DIM_TIME, 3600},
	{"sci = ", "sci_g_per_unit", WF_DIM_MASS, 1e-3},
};

#define N_LINES (sizeof(lines) / sizeof(lines[0]))

static size_t checked;

/* The text after the last " = " of line, cut before a comment (two spaces
 * or " (") or " per " (SCI's unit). */
static void final_figure(char *out, size_t n, const char *line, size_t len)
{
	const char *p = line, *last = NULL, *end = line + len, *cut;

	while ((p = strstr(p, " = ")) && p < end)
		last = p, p += 3;
	snprintf(out, n, "%.*s", last ? (int)(end - last - 3) : 0, last ? last + 3 : "");
	if ((cut = strstr(out, "  ")))
		out[cut - out] = '\0';
	if ((cut = strstr(out, " (")))
		out[cut - out] = '\0';
	if ((cut = strstr(out, " per ")))
		out[cut - out] = '\0';
}

static void check_result(const wf_result *r, const char *file)
{
	const char *text = wf_result_explain(r), *p, *stop;
	size_t k;

	assert_non_null(text);
	stop = strstr(text, "\ninputs (");
	for (p = text; *p && (!stop || p < stop);) {
		size_t len = strcspn(p, "\n");
		for (k = 0; k < N_LINES; k++) {
			char fig[256];
			wf_value v;
			wf_parse_error pe;
			double want;
			if (strncmp(p, lines[k].prefix, strlen(lines[k].prefix)) != 0)
				continue;
			final_figure(fig, sizeof fig, p, len);
			if (wf_value_parse(&v, fig, lines[k].dim, &pe)) {
				print_error("%s: cannot read \"%s\" at the end of: %.*s (%s)\n", file,
					    fig, (int)len, p, pe.message);
				fail();
			}
			assert_int_equal(wf_result_get_by_name(r, lines[k].output, &want), 0);
			if (fabs(v.p[0] - want * lines[k].si_per_unit) >
			    1e-6 * fabs(want * lines[k].si_per_unit)) {
				print_error("%s: %.*s\n  ends with %s but %s = %.9g\n", file, (int)len,
					    p, fig, lines[k].output, want);
				fail();
			}
			checked++;
		}
		p += len + (p[len] == '\n');
	}
}

static void check_file(const char *rel)
{
	char path[4096];
	wf_scenario *sc = NULL;
	wf_run_options o = WF_RUN_OPTIONS_INIT;
	wf_error err;
	size_t k;

	wf_error_clear(&err);
	o.explain = 1;
	o.samples = 1;
	if (wf_scenario_load(&sc, cat, test_path(path, sizeof path, rel), &err)) {
		char b[2048];
		print_error("%s: %s\n", rel, wf_error_format(&err, b, sizeof b));
		fail();
	}
	if (wf_scenario_is_projection(sc)) {
		wf_projection *pj = NULL;
		assert_int_equal(wf_scenario_project(&pj, sc, &o, &err), 0);
		for (k = 0; k < wf_projection_count(pj); k++)
			check_result(wf_projection_row(pj, k, NULL), rel);
		wf_projection_free(pj);
	} else {
		wf_result *r = NULL;
		wf_scenario *m = NULL;
		if (wf_scenario_run(&r, sc, &o, &err) == 0)
			check_result(r, rel);
		wf_result_free(r); /* a scenario that fails is test_bad's business */
		r = NULL;
		/* the same job as measured (a measured: section), line by line too */
		if (wf_scenario_has_measured(sc) && wf_scenario_measured(&m, sc, &err) == 0 &&
		    wf_scenario_run(&r, m, &o, &err) == 0)
			check_result(r, rel);
		wf_result_free(r);
		wf_scenario_free(m);
	}
	wf_scenario_free(sc);
}

static void check_dir(const char *dir)
{
	char path[4096], rel[512];
	struct dirent *d;
	DIR *dp = opendir(test_path(path, sizeof path, dir));

	assert_non_null(dp);
	while ((d = readdir(dp))) {
		size_t n = strlen(d->d_name);
		if (n < 6 || n > 200 || strcmp(d->d_name + n - 5, ".yaml") != 0)
			continue;
		snprintf(rel, sizeof rel, "%.200s/%.200s", dir, d->d_name);
		check_file(rel);
	}
	closedir(dp);
}

static void every_line_ends_with_its_figure(void **state)
{
	(void)state;
	check_dir("examples");
	check_dir("examples/published");
	check_dir("tests/scenarios");
	/* the lines the buffer-reuse defects broke are among them */
	assert_true(checked > 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_line_ends_with_its_figure),
	};

	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

/*
 * test_window.c - a job's window integrated against the shipped hourly
 * series: the figures equal an independent sum over the CSV, the periods
 * add up to the totals, and windows the series does not cover fall back to
 * the annual figure (with a note) or fail when there is none.
 */
#include <time.h>

#include "testutil.h"

#define SCEN "tests/scenarios/window_london.yaml"

/* 64 devices x 600 W x PUE 1.2 over T seconds, in kWh. */
static double facility_kwh(double t)
{
	return 64 * 600.0 * 1.2 * t / 3.6e6;
}

static void check_window(const char *start, double t0, double wall_s, const char *wall)
{
	char set_start[64], set_wall[64];
	wf_result *r;
	wf_error err;
	double mean = independent_mean("13", t0, t0 + wall_s);

	snprintf(set_start, sizeof set_start, "start=%s", start);
	snprintf(set_wall, sizeof set_wall, "workload.wall_time=%s", wall);
	assert_int_equal(test_eval(&r, cat, SCEN, &err, set_start, set_wall, NULL), 0);
	assert_rel(result(r, "intensity_g_per_kwh"), mean, 1e-9);
	assert_rel(result(r, "energy_facility_kwh"), facility_kwh(wall_s), 1e-12);
	assert_rel(result(r, "emissions_operational_kg"),
		   facility_kwh(wall_s) * mean / 1000, 1e-9);
	assert_non_null(strstr(wf_result_notes(r), "series"));
	wf_result_free(r);
}

/* The "done when": a week in a GB region equals the independent
 * sum; then windows that cut half-hours at both ends. */
static void week_equals_independent_sum(void **state)
{
	(void)state;
	check_window("2026-07-01T00:00Z", ts(2026, 7, 1, 0, 0), 7 * 86400.0, "7 days");
	check_window("2026-07-03T07:10Z", ts(2026, 7, 3, 7, 10), 7 * 86400.0 + 17 * 60,
		     "10097 min");
	check_window("2026-07-10T12:05Z", ts(2026, 7, 10, 12, 5), 20 * 60, "20 min");
}

/* Periods partition the window and add up to the totals. */
static void periods_add_up(void **state)
{
	wf_result *r;
	wf_error err;
	wf_period p, first, last;
	double e = 0, c = 0;
	size_t k, n;

	(void)state;
	assert_int_equal(test_eval(&r, cat, SCEN, &err, "start=2026-07-02T09:15Z",
				   "workload.wall_time=25 h", NULL), 0);
	n = wf_result_period_count(r);
	assert_int_equal(n, 51); /* 09:15-09:30, 49 whole half-hours, 10:00-10:15 */
	for (k = 0; k < n; k++) {
		assert_int_equal(wf_result_period(r, k, &p), 0);
		if (k == 0)
			first = p;
		if (k > 0)
			assert_true(p.t_start == last.t_end);
		last = p;
		e += p.energy_facility_kwh;
		c += p.emissions_kg;
		assert_true(p.pue == 1.2);
	}
	assert_true(first.t_start == ts(2026, 7, 2, 9, 15));
	assert_true(first.t_end == ts(2026, 7, 2, 9, 30));
	assert_true(last.t_end == ts(2026, 7, 3, 10, 15));
	assert_int_equal(wf_result_period(r, n, &p), WF_ENOTFOUND);
	assert_rel(e, result(r, "energy_facility_kwh"), 1e-12);
	assert_rel(c, result(r, "emissions_operational_kg"), 1e-12);
	wf_result_free(r);
}

/* Emissions scale linearly with devices and PUE over the same window. */
static void linear_in_power(void **state)
{
	wf_result *a, *b;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&a, cat, SCEN, &err, NULL), 0);
	assert_int_equal(test_eval(&b, cat, SCEN, &err, "workload.devices=192",
				   "site.pue=1.5", NULL), 0);
	assert_rel(result(b, "emissions_operational_kg"),
		   result(a, "emissions_operational_kg") * 3 * 1.5 / 1.2, 1e-12);
	assert_rel(result(b, "intensity_g_per_kwh"), result(a, "intensity_g_per_kwh"), 1e-15);
	wf_result_free(a);
	wf_result_free(b);
}

/* Outside every series: the year's annual figure on the typical-year
 * profile (the 2025 shape of the region's series), whose mean over the
 * calendar year is the annual figure exactly; past the data, the last
 * known year held; before it, an error at `start`. */
static void fallback_and_error(void **state)
{
	wf_result *r, *y;
	wf_error err;
	size_t k, n;
	double sum = 0;
	wf_period p;

	(void)state;
	/* all of 2022: the profile's mean is GB-london's 2022 figure */
	assert_int_equal(test_eval(&r, cat, SCEN, &err, "start=2022-01-01T00:00Z",
				   "workload.wall_time=365 days", NULL), 0);
	assert_non_null(strstr(wf_result_notes(r), "typical-year profile"));
	assert_rel(result(r, "intensity_g_per_kwh"), 202.07, 1e-13); /* GB-london 2022 */
	assert_true(wf_result_period_count(r) > 17000); /* the 2025 steps, its gaps one each */
	wf_result_free(r);
	/* a week of March 2022: the profile's shape, its periods adding up */
	assert_int_equal(test_eval(&r, cat, SCEN, &err, "start=2022-03-01T00:00Z", NULL), 0);
	n = wf_result_period_count(r);
	assert_int_equal(n, 7 * 48);
	for (k = 0; k < n; k++) {
		assert_int_equal(wf_result_period(r, k, &p), 0);
		sum += p.emissions_kg;
	}
	assert_rel(sum, result(r, "emissions_operational_kg"), 1e-12);
	assert_true(fabs(result(r, "intensity_g_per_kwh") - 202.07) > 1);
	assert_int_equal(test_eval(&y, cat, SCEN, &err, "start=2022-03-01T00:00Z",
				   "grid.intensity=202.07 g/kWh", NULL), 0);
	assert_int_equal(wf_result_period_count(y), 0);
	wf_result_free(r);
	wf_result_free(y);
	/* the window runs past the end of the 2026 series: the profile, at the
	 * 2025 mean held */
	assert_int_equal(test_eval(&r, cat, SCEN, &err, "start=2026-07-20T00:00Z", NULL), 0);
	assert_non_null(strstr(wf_result_notes(r), "the 2025 mean of"));
	assert_non_null(strstr(wf_result_notes(r), "held"));
	wf_result_free(r);
	/* before any figure of GB-london's own: an error */
	assert_int_equal(test_eval(&r, cat, SCEN, &err, "start=2021-03-01T00:00Z", NULL),
			 WF_ENOTFOUND);
	assert_non_null(strstr(err.message, "no annual figure for 2021 or before it"));
	assert_null(r);
	/* an explicit intensity wins over the series */
	assert_int_equal(test_eval(&r, cat, SCEN, &err, "grid.intensity=100 g/kWh", NULL), 0);
	assert_rel(result(r, "intensity_g_per_kwh"), 100, 1e-12);
	assert_int_equal(wf_result_period_count(r), 0);
	wf_result_free(r);
}

/* The regions differ, and each equals its own independent sum. */
static void every_region(void **state)
{
	static const char *const ids[] = {"GB-north-scotland", "GB-south-wales", "GB-east-england"};
	static const char *const rid[] = {"1", "7", "10"};
	char set[64];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		wf_result *r;
		wf_error err;
		snprintf(set, sizeof set, "site.region=%s", ids[i]);
		assert_int_equal(test_eval(&r, cat, SCEN, &err, set, NULL), 0);
		assert_rel(result(r, "intensity_g_per_kwh"),
			   independent_mean(rid[i], ts(2026, 7, 1, 0, 0), ts(2026, 7, 8, 0, 0)),
			   1e-9);
		wf_result_free(r);
	}
}

/* wf_scenario_shift against brute force: evaluate the scenario at every
 * candidate start in every region and keep the least. */
static void shift_equals_brute_force(void **state)
{
	static const char *const ids[] = {"GB-london", "GB-south-wales", "GB-east-england",
					  "GB-north-west-england"};
	static const char *const starts[] = {"2026-07-03T05:30Z", "2026-07-10T00:00Z"};
	static const char *const walls[] = {"6 h", "27.5 h"};
	size_t t;

	(void)state;
	for (t = 0; t < 2; t++) {
		wf_shift_options o = WF_SHIFT_OPTIONS_INIT;
		wf_shift_result *sr = NULL;
		wf_shift_region row, given;
		wf_scenario *sc = NULL;
		wf_error err;
		char p[4096], set[64];
		double best = INFINITY, best_t = 0, w0 = ts(2026, 7, 2, 0, 0);
		const char *best_id = NULL;
		size_t i, k;

		wf_error_clear(&err);
		o.window_start = w0;
		o.window_end = w0 + 3 * 86400.0;
		o.step_s = 3600;
		o.regions = "^GB-(london|south-wales|east-england|north-west-england)$";
		assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p, SCEN), &err), 0);
		snprintf(set, sizeof set, "workload.wall_time=%s", walls[t]);
		assert_int_equal(wf_scenario_set(sc, set, &err), 0);
		snprintf(set, sizeof set, "start=%s", starts[t]);
		assert_int_equal(wf_scenario_set(sc, set, &err), 0);
		assert_int_equal(wf_scenario_shift(&sr, sc, &o, &err), 0);
		assert_int_equal(wf_shift_count(sr), 4);
		for (i = 0; i < 4; i++) {
			snprintf(set, sizeof set, "site.region=%s", ids[i]);
			assert_int_equal(wf_scenario_set(sc, set, &err), 0);
			for (k = 0;; k++) {
				char when[64];
				wf_result *r;
				double t0 = w0 + 3600.0 * (double)k, v;
				time_t tt = (time_t)t0;
				struct tm tm;
				wf_scenario *one = NULL;
				gmtime_r(&tt, &tm);
				strftime(when, sizeof when, "start=%Y-%m-%dT%H:%MZ", &tm);
				assert_int_equal(wf_scenario_load(&one, cat, test_path(p, sizeof p, SCEN), &err), 0);
				snprintf(set, sizeof set, "workload.wall_time=%s", walls[t]);
				assert_int_equal(wf_scenario_set(one, set, &err), 0);
				snprintf(set, sizeof set, "site.region=%s", ids[i]);
				assert_int_equal(wf_scenario_set(one, set, &err), 0);
				assert_int_equal(wf_scenario_set(one, when, &err), 0);
				assert_int_equal(wf_scenario_evaluate(&r, one, &err), 0);
				v = result(r, "emissions_operational_kg");
				wf_result_free(r);
				wf_scenario_free(one);
				if (v < best) {
					best = v;
					best_t = t0;
					best_id = ids[i];
				}
				if (t0 + 3600 + (t == 0 ? 6 : 27.5) * 3600 > o.window_end)
					break;
			}
		}
		assert_int_equal(wf_shift_get(sr, 0, &row), 0);
		assert_string_equal(row.region, best_id);
		assert_true(row.best_start == best_t);
		assert_rel(row.best_emissions_kg, best, 1e-9);
		/* the given job: London at its own start */
		assert_int_equal(wf_shift_given(sr, &given), 0);
		assert_string_equal(given.region, "GB-london");
		assert_true(given.given_emissions_kg >= row.best_emissions_kg);
		for (i = 1; i < 4; i++) {
			wf_shift_region a, b;
			wf_shift_get(sr, i - 1, &a);
			wf_shift_get(sr, i, &b);
			assert_true(a.best_emissions_kg <= b.best_emissions_kg);
		}
		wf_shift_free(sr);
		wf_scenario_free(sc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(week_equals_independent_sum),
		cmocka_unit_test(periods_add_up),
		cmocka_unit_test(linear_in_power),
		cmocka_unit_test(fallback_and_error),
		cmocka_unit_test(every_region),
		cmocka_unit_test(shift_equals_brute_force),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

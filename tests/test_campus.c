/*
 * test_campus.c - data-centre campus projections and siting: per-year
 * rows by hand (ramp, leap years, load profiles), rows summing to the
 * totals, a ranking worked by hand, and the shipped growth-zone example.
 */
#include "testutil.h"

#define TWO "tests/scenarios/campus_two.yaml"

static wf_projection *project(const char *rel, const char *set)
{
	char p[4096];
	wf_scenario *sc = NULL;
	wf_projection *pr = NULL;
	wf_error err;

	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p, rel), &err), 0);
	if (set)
		assert_int_equal(wf_scenario_set(sc, set, &err), 0);
	assert_true(wf_scenario_is_projection(sc));
	if (wf_scenario_project(&pr, sc, NULL, &err)) {
		char b[2048];
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	wf_scenario_free(sc);
	return pr;
}

static double get(const wf_result *r, int i)
{
	double v = NAN;
	wf_result_get(r, i, &v);
	return v;
}

/* 10 MW x online x 50% x hours x PUE 1.5; 2025 is before the ramp. */
static void rows_by_hand(void **state)
{
	wf_projection *p = project(TWO, NULL);
	const wf_result *r;
	double e26 = 10e3 * 0.5 * 0.5 * 8760 * 1.5, e27 = 10e3 * 1.0 * 0.5 * 8760 * 1.5;
	int y;

	(void)state;
	assert_int_equal(wf_projection_count(p), 3);
	r = wf_projection_row(p, 0, &y);
	assert_int_equal(y, 2025);
	assert_true(get(r, WF_OUT_ENERGY_FACILITY_KWH) == 0);
	r = wf_projection_row(p, 1, &y);
	assert_int_equal(y, 2026);
	assert_int_equal(wf_result_year(r), 2026);
	assert_rel(get(r, WF_OUT_ENERGY_FACILITY_KWH), e26, 1e-12);
	assert_rel(get(r, WF_OUT_EMISSIONS_OPERATIONAL_KG), e26 * 300 / 1000, 1e-12);
	assert_rel(get(r, WF_OUT_PEAK_POWER_KW), 10e3 * 0.5 * 0.5 * 1.5, 1e-12);
	assert_rel(get(r, WF_OUT_WATER_L), e26 / 1.5 * 0.2, 1e-12);
	assert_rel(wf_result_demand_share(r), e26 / 100e9, 1e-12);
	r = wf_projection_row(p, 2, &y);
	assert_rel(get(r, WF_OUT_EMISSIONS_OPERATIONAL_KG), e27 * 250 / 1000, 1e-12);
	assert_null(wf_projection_row(p, 3, &y));
	wf_projection_free(p);
}

/* Every additive output's total is the sum of the rows; the intensity is
 * energy-weighted; the peak is the largest year's. */
static void rows_sum_to_totals(void **state)
{
	static const int additive[] = {WF_OUT_ENERGY_IT_KWH, WF_OUT_ENERGY_FACILITY_KWH,
					WF_OUT_EMISSIONS_OPERATIONAL_KG, WF_OUT_EMISSIONS_MARKET_KG,
					WF_OUT_EMISSIONS_EMBODIED_KG, WF_OUT_EMISSIONS_TOTAL_KG,
					WF_OUT_WATER_L, WF_OUT_DEVICE_HOURS};
	wf_projection *p = project("examples/growth-zone-gb.yaml", NULL);
	size_t k, j, n = wf_projection_count(p);
	double t, e = 0, c = 0, peak = 0;

	(void)state;
	assert_int_equal(n, 15);
	for (j = 0; j < sizeof additive / sizeof *additive; j++) {
		double sum = 0;
		for (k = 0; k < n; k++)
			sum += get(wf_projection_row(p, k, NULL), additive[j]);
		assert_int_equal(wf_projection_total(p, additive[j], &t), 0);
		assert_rel(t, sum, 1e-12);
	}
	for (k = 0; k < n; k++) {
		const wf_result *r = wf_projection_row(p, k, NULL);
		e += get(r, WF_OUT_ENERGY_FACILITY_KWH);
		c += get(r, WF_OUT_EMISSIONS_OPERATIONAL_KG);
		peak = fmax(peak, get(r, WF_OUT_PEAK_POWER_KW));
		/* total = operational + embodied in every year, and embodied
		 * the sum of its components */
		assert_rel(get(r, WF_OUT_EMISSIONS_TOTAL_KG),
			   get(r, WF_OUT_EMISSIONS_OPERATIONAL_KG) +
			   get(r, WF_OUT_EMISSIONS_EMBODIED_KG), 1e-12);
		assert_rel(get(r, WF_OUT_EMISSIONS_EMBODIED_KG),
			   get(r, WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG) +
			   get(r, WF_OUT_EMISSIONS_EMBODIED_HOSTS_KG) +
			   get(r, WF_OUT_EMISSIONS_EMBODIED_NETWORK_KG) +
			   get(r, WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG), 1e-12);
	}
	/* 2028, all 500 MW online: the building's year = 500 MW x 180 t/MW x
	 * 8784 h / 20 years (of 365.25 days); the boards' = devices x hours x
	 * 164 kg / 5 years */
	assert_rel(get(wf_projection_row(p, 2, NULL), WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG),
		   500 * 180e3 * 8784 / (20 * 8766.0), 1e-12);
	assert_rel(get(wf_projection_row(p, 2, NULL), WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG),
		   500e6 / 700 * 8784 * 164 / (5 * 8766.0), 1e-12);
	assert_int_equal(wf_projection_total(p, WF_OUT_INTENSITY_G_PER_KWH, &t), 0);
	assert_rel(t, c / e * 1000, 1e-12);
	assert_int_equal(wf_projection_total(p, WF_OUT_PEAK_POWER_KW, &t), 0);
	assert_true(t == peak);
	/* 2028 (leap year) has 8784 h at full capacity: 500 MW x 76% */
	assert_rel(get(wf_projection_row(p, 2, NULL), WF_OUT_ENERGY_IT_KWH),
		   500e3 * 0.76 * 8784, 1e-12);
	wf_projection_free(p);
}

/* Generations: 500 MW / 700 W (no host power) devices every 5 years, each
 * carrying its board (NVIDIA's HGX H100 PCF / 8 = 164 kg) and an eighth of
 * an aws-p5-48xlarge host (2 x 30.7 kg CPUs + 2048 GB x 1.65 kg/GB DRAM +
 * 30.4 TB x 17.3 kg/TB SSD + 368.1 kg rest) and of its 8 network adapters
 * (58.09 kg each), all from models/embodied/.  The building: 180 t/MW as
 * the capacity comes online (100, 150, 250 MW in 2026-2028). */
static void generations(void **state)
{
	wf_projection *p = project("examples/growth-zone-gb.yaml", NULL);
	wf_generation g[8];
	size_t n = wf_projection_generations(p, g, 8), k;

	(void)state;
	assert_int_equal(n, 3);
	for (k = 0; k < 3; k++) {
		assert_int_equal(g[k].first_year, 2026 + 5 * (int)k);
		assert_int_equal(g[k].last_year, 2030 + 5 * (int)k);
		double host = 2 * 30.7 + 2048 * 1.65 + 30.4 * 17.3 + 368.1, net = 8 * 58.09;
		assert_rel(g[k].devices, 500e6 / 700, 1e-12);
		assert_rel(g[k].accelerators_kg, 500e6 / 700 * 164, 1e-12);
		assert_rel(g[k].hosts_kg, 500e6 / 700 * host / 8, 1e-12);
		assert_rel(g[k].network_kg, 500e6 / 700 * net / 8, 1e-12);
		assert_rel(g[k].embodied_kg, 500e6 / 700 * (164 + (host + net) / 8), 1e-12);
	}
	{
		wf_build_phase b[8];
		static const double mw[3] = {100, 150, 250};
		assert_int_equal(wf_projection_building(p, b, 8), 3);
		for (k = 0; k < 3; k++) {
			assert_int_equal(b[k].year, 2026 + (int)k);
			assert_rel(b[k].capacity_added_mw, mw[k], 1e-12);
			assert_rel(b[k].embodied_kg, mw[k] * 180e3, 1e-12);
		}
	}
	assert_int_equal(wf_projection_generations(p, g, 1), 3); /* count beyond max */
	wf_projection_free(p);
	/* no accelerator: no generations */
	p = project(TWO, NULL);
	assert_int_equal(wf_projection_generations(p, g, 8), 0);
	wf_projection_free(p);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* With samples, lifetime quantiles are those of the per-sample sums over
 * the years; an uncertain PUE keeps its draw across years, so the spread
 * of the total is the spread of one year's (same relative p05/p95). */
static void lifetime_quantiles(void **state)
{
	char p[4096];
	wf_scenario *sc = NULL;
	wf_projection *pr = NULL;
	wf_run_options o = WF_RUN_OPTIONS_INIT;
	wf_error err;
	wf_quantiles q, q1;
	double sum[500] = {0};
	size_t k, j, n;

	(void)state;
	wf_error_clear(&err);
	o.samples = 500;
	o.seed = 11;
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p, TWO), &err), 0);
	assert_int_equal(wf_scenario_set(sc, "site.pue=tri(1.1, 1.5, 1.9)", &err), 0);
	assert_int_equal(wf_scenario_set(sc, "years={from: 2027, to: 2027}", &err), 0);
	assert_int_equal(wf_scenario_project(&pr, sc, &o, &err), 0);
	assert_int_equal(wf_projection_quantiles(pr, WF_OUT_EMISSIONS_TOTAL_KG, &q1), 0);
	wf_projection_free(pr);
	assert_int_equal(wf_scenario_set(sc, "years={from: 2025, to: 2027}", &err), 0);
	assert_int_equal(wf_scenario_project(&pr, sc, &o, &err), 0);
	for (k = 0; k < wf_projection_count(pr); k++) {
		const double *v;
		if (wf_result_sample_values(wf_projection_row(pr, k, NULL),
					    WF_OUT_EMISSIONS_TOTAL_KG, &v, &n) == 0)
			for (j = 0; j < n; j++)
				sum[j] += v[j];
	}
	assert_int_equal(n, 500);
	qsort(sum, 500, sizeof(double), cmp_d);
	assert_int_equal(wf_projection_quantiles(pr, WF_OUT_EMISSIONS_TOTAL_KG, &q), 0);
	/* p50 of 500 sorted values: between the 250th and 251st */
	assert_rel(q.p50, (sum[249] + sum[250]) / 2, 1e-12);
	assert_rel(q.p05 / q.p50, q1.p05 / q1.p50, 1e-9);
	assert_rel(q.p95 / q.p50, q1.p95 / q1.p50, 1e-9);
	assert_int_equal(wf_projection_quantiles(pr, WF_OUT_INTENSITY_G_PER_KWH, &q), WF_ENOTFOUND);
	wf_projection_free(pr);
	wf_scenario_free(sc);
}

/* FR: 10 MW x 50% x PUE 1.5 = 7.5 MW facility; 2026 at half capacity.
 * Lifetime (2025-2027): FR 32.85 GWh x 50 + 65.7 GWh x 40 g = 4.27 kt;
 * DE 32.85 x 300 + 65.7 x 250 = 26.28 kt.  Embodied is off. */
static void ranking_by_hand(void **state)
{
	char p[4096];
	wf_scenario *sc = NULL;
	wf_siting *st = NULL;
	wf_error err;
	wf_site a, b, c;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p, TWO), &err), 0);
	assert_int_equal(wf_scenario_site(&st, sc, "^(FR|DE|GB)$", NULL, &err), 0);
	assert_int_equal(wf_siting_count(st), 3);
	assert_int_equal(wf_siting_get(st, 0, &a), 0);
	assert_int_equal(wf_siting_get(st, 1, &b), 0);
	assert_int_equal(wf_siting_get(st, 2, &c), 0);
	assert_string_equal(a.region, "FR");
	assert_string_equal(b.region, "DE");
	assert_rel(a.total_kg, (32.85e6 * 50 + 65.7e6 * 40) / 1000, 1e-12);
	assert_rel(b.total_kg, (32.85e6 * 300 + 65.7e6 * 250) / 1000, 1e-12);
	assert_rel(a.pue, 1.5, 1e-12);
	assert_rel(a.intensity_g_per_kwh, a.total_kg * 1000 / 98.55e6, 1e-12);
	/* GB has no test-campus pathway: listed last with the reason */
	assert_string_equal(c.region, "GB");
	assert_false(c.ok);
	assert_non_null(strstr(c.error, "no \"test-campus\" pathway"));
	wf_siting_free(st);
	assert_int_equal(wf_scenario_site(&st, sc, "^XX", NULL, &err), WF_ENOTFOUND);
	wf_scenario_free(sc);
}

/* Ties: TIE-a and TIE-b have the same figures.  10 MW x 50% x PUE 1.2 =
 * 6 MW facility, 52.56 GWh a year (2026, 2027 not leap years): a and b
 * 52.56e6 kWh x (100 + 80) g = 9460.8 t, c x (50 + 40) g = 4730.4 t. */
static void ties_share_a_rank(void **state)
{
	char p[4096];
	wf_scenario *sc = NULL;
	wf_siting *st = NULL;
	wf_error err;
	wf_site a, b, c;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p,
				 "tests/scenarios/campus_ties.yaml"), &err), 0);
	assert_int_equal(wf_scenario_site_by(&st, sc, "^TIE-", WF_RANK_LOCATION, NULL, &err), 0);
	assert_int_equal(wf_siting_count(st), 3);
	wf_siting_get(st, 0, &c);
	wf_siting_get(st, 1, &a);
	wf_siting_get(st, 2, &b);
	assert_string_equal(c.region, "TIE-c");
	assert_string_equal(a.region, "TIE-a");
	assert_string_equal(b.region, "TIE-b");
	assert_rel(c.operational_kg, 52.56e6 * 90 / 1000, 1e-12);
	assert_rel(a.operational_kg, 52.56e6 * 180 / 1000, 1e-12);
	assert_true(a.operational_kg == b.operational_kg);
	assert_int_equal(c.rank, 1);
	assert_false(c.tied);
	assert_int_equal(a.rank, 2);
	assert_int_equal(b.rank, 2);
	assert_true(a.tied && b.tied);
	/* no marginal figure anywhere: nothing ranked on that basis */
	wf_siting_free(st);
	assert_int_equal(wf_scenario_site_by(&st, sc, "^TIE-", WF_RANK_MARGINAL, NULL, &err), 0);
	wf_siting_get(st, 0, &a);
	assert_int_equal(a.rank, 0);
	assert_true(isnan(a.ranked_kg));
	wf_siting_free(st);
	/* one marginal intensity for all: all three tie at 1 */
	assert_int_equal(wf_scenario_set(sc, "grid.marginal_intensity=300 g/kWh", &err), 0);
	assert_int_equal(wf_scenario_site_by(&st, sc, "^TIE-", WF_RANK_MARGINAL, NULL, &err), 0);
	for (size_t k = 0; k < 3; k++) {
		wf_siting_get(st, k, &a);
		assert_int_equal(a.rank, 1);
		assert_true(a.tied);
		assert_rel(a.marginal_kg, 2 * 52.56e6 * 300 / 1000, 1e-12);
	}
	wf_siting_free(st);
	assert_int_equal(wf_scenario_site_by(&st, sc, "^TIE-", (wf_rank_by)7, NULL, &err),
			 WF_EINPUT);
	assert_null(st);
	wf_scenario_free(sc);
}

/* A daily profile: mean and peak of 24 hourly factors (x weekly ones). */
static void load_profile(void **state)
{
	wf_projection *p = project(TWO, "campus.utilisation={daily: [0.2, 0.2, 0.2, 0.2, "
				   "0.2, 0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1, "
				   "0.5, 0.5, 0.5, 0.5, 0.5, 0.5], weekly: [1, 1, 1, 1, 1, 0.5, 0.5]}");
	const wf_result *r = wf_projection_row(p, 2, NULL);
	double daily = (6 * 0.2 + 12 * 0.5 + 6 * 1.0) / 24, weekly = 6.0 / 7;

	(void)state;
	assert_rel(get(r, WF_OUT_ENERGY_IT_KWH), 10e3 * daily * weekly * 8760, 1e-12);
	assert_rel(get(r, WF_OUT_PEAK_POWER_KW), 10e3 * 1.0 * 1.5, 1e-12);
	wf_projection_free(p);
}

/* Project with one --set; return the error code, the message in err. */
static int project_err(const char *set, wf_error *err)
{
	char p[4096];
	wf_scenario *sc = NULL;
	wf_projection *pr = NULL;
	int rc;

	wf_error_clear(err);
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p, TWO), err), 0);
	rc = wf_scenario_set(sc, set, err);
	if (rc == 0)
		rc = wf_scenario_project(&pr, sc, NULL, err);
	assert_null(pr);
	wf_scenario_free(sc);
	return rc;
}

static void errors(void **state)
{
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(project_err("campus.utilisation=0", &err), WF_EINPUT);
	assert_int_equal(project_err("campus.ramp={2026: 150%}", &err), WF_EINPUT);
	assert_int_equal(project_err("campus.refresh=5 years", &err), WF_EINPUT);
	assert_non_null(strstr(err.message, "needs campus.accelerator"));
	assert_int_equal(project_err("years={from: 2030, to: 2020}", &err), WF_EINPUT);
	assert_int_equal(project_err("years={from: 2024, to: 2027}", &err), WF_ENOTFOUND);
	assert_non_null(strstr(err.message, "2024 is outside it"));
	/* evaluated as one run, a projection says how to run it */
	assert_int_equal(test_eval(&r, cat, TWO, &err, NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "spans years"));
	assert_null(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_by_hand),
		cmocka_unit_test(rows_sum_to_totals),
		cmocka_unit_test(ranking_by_hand),
		cmocka_unit_test(ties_share_a_rank),
		cmocka_unit_test(generations),
		cmocka_unit_test(lifetime_quantiles),
		cmocka_unit_test(load_profile),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

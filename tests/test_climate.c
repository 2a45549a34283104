/*
 * test_climate.c - PUE from a curve of outdoor temperature: the curve's
 * points come back exactly, monthly PUE is weighted by the job's hours in
 * each month, and with an hourly series the emissions are the sum of
 * CI x PUE over the window (checked against the CSV independently).
 */
#include "testutil.h"

#define CLIM "tests/scenarios/climate_pue.yaml"

/* lei-masanet-2020-wec-rh80 points (models/facilities/pue_curves.yaml) */
#define PUE_20 1.1624
#define PUE_25 1.3015
#define PUE_30 1.3538

static void constant_temperature(void **state)
{
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/climate_const.yaml", &err, NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), 64 * 0.6 * 168 * PUE_20, 1e-12);
	wf_result_free(r);
	/* between points the curve is monotone: 22 °C lies between 20 and 25 */
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/climate_const.yaml", &err,
				   "site.temperature_c=22", NULL), 0);
	assert_true(result(r, "energy_facility_kwh") > 64 * 0.6 * 168 * PUE_20);
	assert_true(result(r, "energy_facility_kwh") < 64 * 0.6 * 168 * PUE_25);
	wf_result_free(r);
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/climate_const.yaml", &err,
				   "site.temperature_c=45", NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "outside PUE curve"));
}

/* 2026-06-27T19:00Z + 7 days: 77 h in June (25 °C), 91 h in July (30 °C). */
static void monthly_weighted_with_series(void **state)
{
	wf_result *r;
	wf_error err;
	wf_period pd;
	double t0 = ts(2026, 6, 27, 19, 0), tj = ts(2026, 7, 1, 0, 0), t1 = t0 + 7 * 86400.0;
	double p_it_kw = 64 * 0.6, pue = (77 * PUE_25 + 91 * PUE_30) / 168;
	double kg_june = p_it_kw * PUE_25 * (tj - t0) / 3600 * independent_mean("13", t0, tj) / 1000;
	double kg_july = p_it_kw * PUE_30 * (t1 - tj) / 3600 * independent_mean("13", tj, t1) / 1000;
	double e = 0, c = 0;
	size_t k;

	(void)state;
	assert_int_equal(test_eval(&r, cat, CLIM, &err, NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), p_it_kw * 168 * pue, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), kg_june + kg_july, 1e-9);
	for (k = 0; k < wf_result_period_count(r); k++) {
		assert_int_equal(wf_result_period(r, k, &pd), 0);
		assert_true(pd.pue == (pd.t_start < tj ? PUE_25 : PUE_30));
		e += pd.energy_facility_kwh;
		c += pd.emissions_kg;
	}
	assert_rel(e, result(r, "energy_facility_kwh"), 1e-12);
	assert_rel(c, result(r, "emissions_operational_kg"), 1e-12);
	wf_result_free(r);
}

/* Without a start the year's months count by their days. */
static void annual_mean_without_start(void **state)
{
	static const double pm[12] = {1.0881, 1.0883, 1.0884, 1.0886, 1.1624, 1.3015,
				      1.3538, 1.3538, 1.3015, 1.1624, 1.0886, 1.0884};
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	wf_result *r;
	wf_error err;
	double pue = 0;
	int m;

	(void)state;
	for (m = 0; m < 12; m++)
		pue += pm[m] * days[m] / 365.0;
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/climate_year.yaml", &err, NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), 64 * 0.6 * 168 * pue, 1e-12);
	assert_non_null(strstr(wf_result_notes(r), "annual mean of the monthly"));
	wf_result_free(r);
}

/* A facility's climate sets its PUE; a site PUE overrides it. */
static void facility_climate(void **state)
{
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/climate_facility.yaml", &err,
				   NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), 64 * 0.6 * 168 * PUE_25, 1e-12);
	assert_rel(result(r, "water_l"), 64 * 0.6 * 168 * 0.2, 1e-12);
	wf_result_free(r);
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/climate_facility.yaml", &err,
				   "site.pue=1.3", NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), 64 * 0.6 * 168 * 1.3, 1e-12);
	wf_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(constant_temperature),
		cmocka_unit_test(monthly_weighted_with_series),
		cmocka_unit_test(annual_mean_without_start),
		cmocka_unit_test(facility_climate),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

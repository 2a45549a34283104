/*
 * test_climate.c - PUE from a curve of outdoor temperature: the curve's
 * points come back exactly, monthly PUE is weighted by the job's hours in
 * each month, and with an hourly series the emissions are the sum of
 * CI x PUE over the window (checked against the CSV independently); a
 * curve's fixed-loss term, PUE = curve(T) + fixed_loss / IT load, by hand
 * for a job and a campus.
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

/* A result over 2026-06-27T19:00Z + 7 days in GB-london at 38.4 kW of IT
 * power, 77 h in June at PUE pj and 91 h in July at pl: the energy, the
 * emissions as the independent sum of CI x PUE over the CSV, and periods
 * that carry each month's PUE and add up to the totals. */
static void check_june_july(const wf_result *r, double pj, double pl)
{
	double t0 = ts(2026, 6, 27, 19, 0), tj = ts(2026, 7, 1, 0, 0), t1 = t0 + 7 * 86400.0;
	double p_it_kw = 64 * 0.6, e = 0, c = 0;
	double kg_june = p_it_kw * pj * (tj - t0) / 3600 * independent_mean("13", t0, tj) / 1000;
	double kg_july = p_it_kw * pl * (t1 - tj) / 3600 * independent_mean("13", tj, t1) / 1000;
	wf_period pd;
	size_t k;

	assert_rel(result(r, "energy_facility_kwh"), p_it_kw * (77 * pj + 91 * pl), 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), kg_june + kg_july, 1e-9);
	for (k = 0; k < wf_result_period_count(r); k++) {
		assert_int_equal(wf_result_period(r, k, &pd), 0);
		assert_rel(pd.pue, pd.t_start < tj ? pj : pl, 1e-12);
		e += pd.energy_facility_kwh;
		c += pd.emissions_kg;
	}
	assert_rel(e, result(r, "energy_facility_kwh"), 1e-12);
	assert_rel(c, result(r, "emissions_operational_kg"), 1e-12);
}

/* Monthly temperatures: 25 °C in June, 30 °C in July. */
static void monthly_weighted_with_series(void **state)
{
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, CLIM, &err, NULL), 0);
	check_june_july(r, PUE_25, PUE_30);
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

#define LOAD "tests/scenarios/climate_load.yaml"
#define CAMPUS_LOAD "tests/scenarios/campus_load.yaml"

/* The job: curve 1.2 at 20 °C, fixed_loss 4%, IT load 50% -> PUE 1.28. */
static void fixed_loss_job(void **state)
{
	double p_it_kw = 64 * 0.6;
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, LOAD, &err, NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), p_it_kw * 168 * 1.28, 1e-12);
	assert_rel(result(r, "peak_power_kw"), 64 * 0.7 * 1.28, 1e-12);
	wf_result_free(r);
	/* at full load only the curve and 4% are left; at 25% load 16% */
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "site.it_load=100%", NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), p_it_kw * 168 * 1.24, 1e-12);
	wf_result_free(r);
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "site.it_load=0.25", NULL), 0);
	assert_rel(result(r, "energy_facility_kwh"), p_it_kw * 168 * 1.36, 1e-12);
	wf_result_free(r);
	/* by month over the hourly series: June at 20 °C (1.2), July at 40 °C
	 * (1.4), points of the curve, each + 0.08; CI weighted by the facility
	 * energy */
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "start=2026-06-27T19:00Z",
				   "site={region: GB-london, pue_curve: test-fixed-loss, "
				   "it_load: 50%, monthly_temperature_c: [0, 0, 0, 0, 0, 20, 40, "
				   "0, 0, 0, 0, 0]}", NULL), 0);
	check_june_july(r, 1.28, 1.48);
	wf_result_free(r);
}

/* A campus: the fixed losses are 4% x 100 MW x 8760 h at any load; the
 * peak carries them once. */
static void fixed_loss_campus(void **state)
{
	static const char *const loads[] = {"campus.utilisation=50%", "campus.utilisation=80%",
					    "campus.utilisation={daily: [0.2, 0.2, 0.2, 0.2, 0.2, "
					    "0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1, "
					    "0.5, 0.5, 0.5, 0.5, 0.5, 0.5]}"};
	static const double mean[] = {0.5, 0.8, (6 * 0.2 + 12 * 0.5 + 6 * 1.0) / 24};
	static const double peak[] = {0.5, 0.8, 1.0};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		wf_result *r;
		wf_error err;
		double e_it = 100e3 * mean[i] * 8760;
		assert_int_equal(test_eval(&r, cat, CAMPUS_LOAD, &err, loads[i], NULL), 0);
		assert_rel(result(r, "energy_it_kwh"), e_it, 1e-12);
		assert_rel(result(r, "energy_facility_kwh") - 1.2 * e_it, 0.04 * 100e3 * 8760,
			   1e-9);
		assert_rel(result(r, "peak_power_kw"), 100e3 * peak[i] * 1.2 + 0.04 * 100e3,
			   1e-12);
		assert_rel(result(r, "emissions_operational_kg"),
			   result(r, "energy_facility_kwh") * 0.1, 1e-12);
		wf_result_free(r);
	}
}

/* The load term is used or refused, never ignored. */
static void fixed_loss_errors(void **state)
{
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "site.it_load=0", NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "it_load: expected a share"));
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "site.it_load=120%", NULL), WF_EINPUT);
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "site={region: GB-london, pue_curve: "
				   "test-fixed-loss, temperature_c: 20}", NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "give it_load beside it"));
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "site={region: GB-london, pue_curve: "
				   "lei-masanet-2020-ae-rh50, temperature_c: 20, it_load: 50%}",
				   NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "has no fixed_loss"));
	assert_int_equal(test_eval(&r, cat, LOAD, &err, "site={region: GB-london, pue: 1.2, "
				   "it_load: 50%}", NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "only a pue_curve with fixed_loss"));
	assert_int_equal(test_eval(&r, cat, CAMPUS_LOAD, &err, "site.it_load=50%", NULL),
			 WF_EINPUT);
	assert_non_null(strstr(err.message, "campus.utilisation"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(constant_temperature),
		cmocka_unit_test(monthly_weighted_with_series),
		cmocka_unit_test(annual_mean_without_start),
		cmocka_unit_test(facility_climate),
		cmocka_unit_test(fixed_loss_job),
		cmocka_unit_test(fixed_loss_campus),
		cmocka_unit_test(fixed_loss_errors),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

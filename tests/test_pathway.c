/*
 * test_pathway.c - intensity pathways: the given years come back exactly,
 * linear interpolation matches a hand calculation, Steffen passes through
 * every anchor and stays monotone between them, hold keeps the last value,
 * and years outside a pathway are errors.
 */
#include "testutil.h"

#define STEFFEN "tests/scenarios/pathway_steffen.yaml"
#define GBPW "tests/scenarios/pathway_gb.yaml"

static double ci_at(const char *file, const char *year, const char *extra, int *rc)
{
	char set[64];
	wf_result *r = NULL;
	wf_error err;
	double v;

	snprintf(set, sizeof set, "year=%s", year);
	*rc = test_eval(&r, cat, file, &err, set, extra, NULL);
	v = r ? result(r, "intensity_g_per_kwh") : NAN;
	wf_result_free(r);
	return v;
}

/* GB-clean-power-2030: 171 g/kWh in 2023, 50 in 2030, linear between. */
static void linear_through_anchors(void **state)
{
	wf_result *r;
	wf_error err;
	int y;

	(void)state;
	for (y = 2023; y <= 2030; y++) {
		char set[32];
		snprintf(set, sizeof set, "year=%d", y);
		assert_int_equal(test_eval(&r, cat, GBPW, &err, set,
					   NULL), 0);
		assert_rel(result(r, "intensity_g_per_kwh"),
			   171 + (50.0 - 171) * (y - 2023) / 7, 1e-12);
		/* emissions = facility energy x intensity, 64 x 600 W x 1.2 x 7 d */
		assert_rel(result(r, "emissions_operational_kg"),
			   64 * 600.0 * 1.2 * 7 * 24 / 1000 * result(r, "intensity_g_per_kwh") / 1000,
			   1e-12);
		wf_result_free(r);
	}
}

/* Steffen: exact at anchors, within the neighbouring anchors between them
 * (monotone), and continuous. */
static void steffen_through_anchors(void **state)
{
	static const int years[] = {2024, 2026, 2030, 2040};
	static const double want[] = {60, 40, 30, 10};
	char y[16];
	int rc, k, yr;

	(void)state;
	for (k = 0; k < 4; k++) {
		snprintf(y, sizeof y, "%d", years[k]);
		assert_rel(ci_at(STEFFEN, y, NULL, &rc), want[k], 1e-12);
		assert_int_equal(rc, 0);
	}
	for (k = 0; k < 3; k++)
		for (yr = years[k] + 1; yr < years[k + 1]; yr++) {
			double v;
			snprintf(y, sizeof y, "%d", yr);
			v = ci_at(STEFFEN, y, NULL, &rc);
			assert_int_equal(rc, 0);
			assert_true(v < want[k] && v > want[k + 1]);
		}
}

/* hold: true keeps the last value; without it a later year is an error,
 * and an earlier year always is. */
static void hold_and_range(void **state)
{
	int rc;

	(void)state;
	assert_rel(ci_at(STEFFEN, "2045", "grid.hold=true", &rc), 10, 1e-12);
	assert_int_equal(rc, 0);
	ci_at(STEFFEN, "2045", NULL, &rc);
	assert_int_equal(rc, WF_ENOTFOUND);
	ci_at(STEFFEN, "2023", "grid.hold=true", &rc);
	assert_int_equal(rc, WF_ENOTFOUND);
	ci_at(STEFFEN, "2030", "grid.basis=direct", &rc);
	assert_int_equal(rc, WF_EINPUT);
}

/* A sub-region without its own pathway takes its parent's, with a note. */
static void parent_pathway_noted(void **state)
{
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, GBPW, &err, "year=2030",
				   "grid.pathway=clean-power-2030-delayed", NULL), 0);
	/* 171 -> 50 over 2023-2035: 2030 is 7/12 of the way */
	assert_rel(result(r, "intensity_g_per_kwh"), 171 - 121.0 * 7 / 12, 1e-12);
	assert_non_null(strstr(wf_result_notes(r), "using GB's"));
	wf_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linear_through_anchors),
		cmocka_unit_test(steffen_through_anchors),
		cmocka_unit_test(hold_and_range),
		cmocka_unit_test(parent_pathway_noted),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

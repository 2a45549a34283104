/*
 * test_mix.c - grid intensity from a generation mix: Σ share x factor by
 * hand, what-if edits (mix_shift, --set of one share), imports, the basis
 * check and the errors a user meets.
 */
#include "testutil.h"
#include "series.h"

#define MIX "tests/scenarios/mix_gb.yaml"

/* NESO factors (g/kWh): gas_ccgt 394, biomass 120, FR imports 53; wind,
 * nuclear, solar 0. */
static void hand_computed(void **state)
{
	wf_result *r;
	wf_error err;
	double kwh = 100 * 700.0 * 240 * 1.2 / 1000; /* 100 x 700 W x 10 d x PUE */

	(void)state;
	assert_int_equal(test_eval(&r, cat, MIX, &err, NULL), 0);
	assert_rel(result(r, "intensity_g_per_kwh"), 0.30 * 394 + 0.05 * 120 + 0.10 * 53, 1e-12);
	assert_rel(result(r, "energy_facility_kwh"), kwh, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), kwh * 129.5 / 1000, 1e-12);
	wf_result_free(r);
}

/* Moving 10 points from gas to wind lowers CI by 10% x 394 g/kWh; the same
 * edit by --set of both shares gives the same figure. */
static void what_if_edits(void **state)
{
	wf_result *a, *b, *c;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&a, cat, MIX, &err,
				   "grid.mix_shift={from: gas_ccgt, to: wind, points: 10%}",
				   NULL), 0);
	assert_int_equal(test_eval(&b, cat, MIX, &err, "grid.mix.gas_ccgt=20%",
				   "grid.mix.wind=45%", NULL), 0);
	assert_rel(result(a, "intensity_g_per_kwh"), 129.5 - 39.4, 1e-12);
	assert_rel(result(b, "intensity_g_per_kwh"), 129.5 - 39.4, 1e-12);
	/* a fuel the mix did not have starts at zero */
	assert_int_equal(test_eval(&c, cat, MIX, &err,
				   "grid.mix_shift={from: wind, to: coal, points: 5%}", NULL), 0);
	assert_rel(result(c, "intensity_g_per_kwh"), 129.5 + 0.05 * 937, 1e-12);
	wf_result_free(a);
	wf_result_free(b);
	wf_result_free(c);
}

static void errors(void **state)
{
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, MIX, &err, "grid.mix.gas_ccgt=20%", NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "shares sum to 90%"));
	assert_int_equal(test_eval(&r, cat, MIX, &err,
				   "grid.mix_shift={from: gas_ccgt, to: wind, points: 40%}",
				   NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "cannot move 40 points from gas_ccgt"));
	assert_int_equal(test_eval(&r, cat, MIX, &err, "grid.basis=lifecycle", NULL), WF_EINPUT);
	assert_int_equal(test_eval(&r, cat, MIX, &err, "grid.mix.import_XX=0%", NULL),
			 WF_ENOTFOUND);
	assert_int_equal(test_eval(&r, cat, MIX, &err, "grid.factors=no-such-set", NULL),
			 WF_ENOTFOUND);
	assert_null(r);
}

/* Location, market (cfe at 0 g/kWh, the rest at the residual) and
 * marginal side by side, by hand. */
static void bases_side_by_side(void **state)
{
	wf_result *r;
	wf_error err;
	wf_bases b;
	double kwh = 100 * 700.0 * 240 * 1.2 / 1000;

	(void)state;
	assert_int_equal(test_eval(&r, cat, MIX, &err, "grid.cfe=70%",
				   "grid.residual_intensity=300 g/kWh",
				   "grid.marginal_intensity=0.38 kg/kWh", NULL), 0);
	assert_int_equal(wf_result_bases(r, &b), 0);
	assert_rel(b.location_kg, kwh * 129.5 / 1000, 1e-12);
	assert_rel(b.location_g_per_kwh, 129.5, 1e-12);
	assert_rel(b.market_kg, kwh * 0.3 * 300 / 1000, 1e-12);
	assert_rel(b.market_g_per_kwh, 90, 1e-12);
	assert_true(b.market_declared);
	assert_rel(b.marginal_kg, kwh * 380 / 1000, 1e-12);
	assert_rel(b.marginal_g_per_kwh, 380, 1e-12);
	/* the marginal view is beside the totals, not in them */
	assert_rel(result(r, "emissions_total_kg"), b.location_kg, 1e-15);
	wf_result_free(r);
	assert_int_equal(test_eval(&r, cat, MIX, &err, NULL), 0);
	assert_int_equal(wf_result_bases(r, &b), 0);
	assert_false(b.market_declared);
	assert_true(b.market_kg == b.location_kg);
	assert_true(isnan(b.marginal_kg));
	wf_result_free(r);
}

/* The published GB regional method (NESO, "Carbon Intensity Forecast
 * Methodology"; docs/model.md, "Generation mix"): a region's
 * intensity is its generation mix weighed with the NESO factors.  The
 * shipped 2023 regional file has both the mix and NESO's own intensity;
 * for every half-hour of every region without interconnector imports the
 * mix x factors (from data/factors/fuel_factors.yaml) gives NESO's figure
 * to within the rounding of shares printed to 0.1% (< 1.5 g/kWh). */
static void neso_regional_method(void **state)
{
	static const char *const fuel[] = {"biomass", "coal", "gas", "hydro", "nuclear",
					   "other", "solar", "wind"};
	static const double g_per_kwh[] = {120, 937, 394, 0, 0, 300, 0, 0};
	static const char *const drop[] = {"imports"};
	double ef[8];
	char p[4096], line[512];
	wf_mix_factors m = {8, fuel, ef, 1, drop};
	FILE *f;
	size_t k, checked = 0, i;

	(void)state;
	for (k = 0; k < 8; k++)
		ef[k] = g_per_kwh[k] * 1e-3 / 3.6e6;
	f = fopen(test_path(p, sizeof p,
			    "data/series/gb_regional_20230313T1330Z_20230314T0630Z.csv"), "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	for (i = 1; i <= 18; i++) {
		wf_series *s = NULL;
		wf_error err;
		char rid[8];
		snprintf(rid, sizeof rid, "%zu", i);
		wf_error_clear(&err);
		assert_int_equal(wf_series_from_mix(&s, p, rid, &m, &err), 0);
		rewind(f);
		assert_non_null(fgets(line, sizeof line, f));
		while (fgets(line, sizeof line, f)) {
			int y, mo, d, h, mi, sec;
			char id[8];
			double published, imports, t, mean;
			int cov;
			if (sscanf(line, "%d-%d-%dT%d:%d:%dZ,%7[^,],%*[^,],%lf,%*f,%*f,%lf", &y, &mo,
				   &d, &h, &mi, &sec, id, &published, &imports) != 9 ||
			    strcmp(id, rid) != 0 || imports != 0)
				continue;
			t = ts(y, mo, d, h, mi);
			assert_int_equal(wf_series_mean(s, t, t + 1800, &mean, &cov), 0);
			assert_true(cov);
			assert_true(fabs(mean / WF_G_PER_KWH - published) < 1.5);
			checked++;
		}
		wf_series_free(s);
	}
	fclose(f);
	assert_int_equal(checked, 140); /* 4 regions x 35 half-hours without imports */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_computed),
		cmocka_unit_test(what_if_edits),
		cmocka_unit_test(errors),
		cmocka_unit_test(bases_side_by_side),
		cmocka_unit_test(neso_regional_method),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

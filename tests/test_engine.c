/*
 * test_engine.c - the model equations on hand-computed cases, the
 * invariants that must hold for any scenario, overrides, and the errors a
 * scenario can raise.
 */
#include "testutil.h"

static wf_result *eval_ok(const char *rel, const char *set1, const char *set2)
{
	wf_result *r = NULL;
	wf_error err;
	char b[2048];

	if (test_eval(&r, cat, rel, &err, set1, set2, (const char *)NULL)) {
		print_error("%s: %s\n", rel, wf_error_format(&err, b, sizeof b));
		fail();
	}
	return r;
}

static void hand_curve(void **state)
{
	wf_result *r = eval_ok("tests/scenarios/hand_curve.yaml", NULL, NULL);
	/* device-h x kg / h; a year is 365.25 days (Julian, quantity.c) */
	double emb = 1000.0 * 150.0 / (5 * 365.25 * 24);

	(void)state;
	assert_rel(result(r, "duration_h"), 100, 1e-12);
	assert_rel(result(r, "device_hours"), 1000, 1e-12);
	assert_rel(result(r, "it_power_kw"), 3.5, 1e-12);
	assert_rel(result(r, "peak_power_kw"), 10 * 0.55 * 1.5, 1e-12);
	assert_rel(result(r, "energy_it_kwh"), 350, 1e-12);
	assert_rel(result(r, "energy_facility_kwh"), 525, 1e-12);
	assert_rel(result(r, "intensity_g_per_kwh"), 200, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), 105, 1e-12);
	assert_rel(result(r, "emissions_market_kg"), 525 * 0.4 * 0.3, 1e-12);
	assert_rel(result(r, "emissions_embodied_kg"), emb, 1e-12);
	assert_rel(result(r, "emissions_total_kg"), 105 + emb, 1e-12);
	assert_rel(result(r, "water_l"), 350 * 0.5 + 525 * 2, 1e-12);
	assert_rel(result(r, "sci_g_per_unit"), (105 + emb) * 1000, 1e-12);
	assert_string_equal(wf_result_unit(r), "run");
	wf_result_free(r);
}

static void hand_flops(void **state)
{
	wf_result *r = eval_ok("tests/scenarios/hand_flops.yaml", NULL, NULL);
	double dh = 6e19 / (100e12 * 0.5) / 3600;

	(void)state;
	assert_rel(result(r, "device_hours"), dh, 1e-12);
	assert_rel(result(r, "duration_h"), dh / 4, 1e-12);
	assert_rel(result(r, "energy_it_kwh"), dh * 0.25, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), dh * 0.25 * 0.1, 1e-12);
	/* SCI per training token: total / D */
	assert_rel(result(r, "sci_g_per_unit"), dh * 0.25 * 0.1 * 1000 / 1e10, 1e-12);
	wf_result_free(r);
}

static void hand_inference(void **state)
{
	wf_result *r = eval_ok("tests/scenarios/hand_inference.yaml", NULL, NULL);

	(void)state;
	assert_rel(result(r, "energy_it_kwh"), 84, 1e-12);
	assert_rel(result(r, "energy_facility_kwh"), 105, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), 42, 1e-12);
	assert_rel(result(r, "device_hours"), 480, 1e-12);
	assert_rel(result(r, "duration_h"), 240, 1e-12);
	assert_rel(result(r, "sci_g_per_unit"), 42000.0 / 864000, 1e-12);
	assert_string_equal(wf_result_unit(r), "request");
	wf_result_free(r);
}

static void hand_node(void **state)
{
	wf_result *r = eval_ok("tests/scenarios/hand_node.yaml", NULL, NULL);

	(void)state;
	assert_rel(result(r, "device_hours"), 160, 1e-12);
	assert_rel(result(r, "energy_it_kwh"), 100, 1e-12);
	assert_rel(result(r, "it_power_kw"), 10, 1e-12);
	assert_rel(result(r, "peak_power_kw"), 20, 1e-12);
	wf_result_free(r);
}

static void power_curves(void **state)
{
	wf_result *r = eval_ok("tests/scenarios/hand_power_curve.yaml", NULL, NULL);
	double f;

	(void)state;
	assert_rel(result(r, "energy_it_kwh"), 3.8, 1e-12);
	wf_result_free(r);
	/* between points the Steffen curve stays within its neighbours */
	r = eval_ok("tests/scenarios/hand_power_curve.yaml", "workload.utilisation=0.75", NULL);
	f = (result(r, "energy_it_kwh") * 100 - 100) / 400;
	assert_true(f > 0.7 && f < 1);
	wf_result_free(r);
	/* f(u) = 2u - u^r (Fan et al. 2007) with r = 1.5 at u = 0.5 */
	r = eval_ok("tests/scenarios/hand_power_curve.yaml",
		    "workload.accelerator=test-gpu-exponent", NULL);
	f = 2 * 0.5 - pow(0.5, 1.5);
	assert_rel(result(r, "energy_it_kwh"), (100 + 400 * f) * 10 / 1000, 1e-12);
	wf_result_free(r);
}

/* Green Algorithms' memory term: E = t (n_c P_c u_c + n_m P_m) PUE with
 * P_m = 0.3725 W/GB (the default when host_memory is given). */
static void green_algorithms(void **state)
{
	wf_result *r = eval_ok("tests/scenarios/hand_curve.yaml",
			       "workload.host_memory=64 GB", "workload.utilisation=0.5");
	double p = 300 + 50 + 64 * 0.3725; /* W per device */

	(void)state;
	assert_rel(result(r, "energy_it_kwh"), 1000 * p / 1000, 1e-12);
	wf_result_free(r);
}

static void linear_in_duration(void **state)
{
	wf_result *a = eval_ok("tests/scenarios/hand_curve.yaml", NULL, NULL);
	wf_result *b = eval_ok("tests/scenarios/hand_curve.yaml", "workload.wall_time=200 h", NULL);
	int i;

	(void)state;
	for (i = 0; wf_output_name(i); i++) {
		const char *n = wf_output_name(i);
		double va = result(a, n), vb = result(b, n);
		if (isnan(va) && isnan(vb))
			continue; /* absent in both (embodied parts not counted) */
		if (!strcmp(n, "intensity_g_per_kwh") || !strcmp(n, "it_power_kw") ||
		    !strcmp(n, "peak_power_kw"))
			assert_rel(vb, va, 1e-12);
		else
			assert_rel(vb, 2 * va, 1e-12);
	}
	wf_result_free(a);
	wf_result_free(b);
}

static void linear_in_intensity(void **state)
{
	wf_result *a = eval_ok("tests/scenarios/hand_curve.yaml", NULL, NULL);
	wf_result *b = eval_ok("tests/scenarios/hand_curve.yaml", "grid.intensity=600 g/kWh", NULL);

	(void)state;
	assert_rel(result(b, "emissions_operational_kg"),
		   3 * result(a, "emissions_operational_kg"), 1e-12);
	assert_rel(result(b, "energy_facility_kwh"), result(a, "energy_facility_kwh"), 1e-12);
	assert_rel(result(b, "emissions_embodied_kg"), result(a, "emissions_embodied_kg"), 1e-12);
	wf_result_free(a);
	wf_result_free(b);
}

static void totals_are_sums(void **state)
{
	static const char *const files[] = {
		"tests/scenarios/hand_curve.yaml", "tests/scenarios/hand_inference.yaml",
		"examples/training-from-flops.yaml", "examples/llama-65b.yaml"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof files / sizeof *files; i++) {
		wf_result *r = eval_ok(files[i], NULL, NULL);
		double emb = result(r, "emissions_embodied_kg");
		if (isnan(emb))
			emb = 0;
		assert_rel(result(r, "emissions_total_kg"),
			   result(r, "emissions_operational_kg") + emb, 1e-12);
		assert_true(result(r, "energy_facility_kwh") >= result(r, "energy_it_kwh"));
		wf_result_free(r);
	}
}

static void region_falls_back_to_parent(void **state)
{
	wf_result *r = eval_ok("tests/scenarios/region_fallback.yaml", NULL, NULL);

	(void)state;
	/* GB 2023 in data/grids/country_annual.csv (OWID/Ember) */
	assert_rel(result(r, "intensity_g_per_kwh"), 235.63, 1e-12);
	assert_non_null(strstr(wf_result_notes(r), "GB-east-england has no annual intensity"));
	assert_non_null(strstr(wf_result_explain(r), "country_annual.csv:"));
	wf_result_free(r);
}

static void region_what_if(void **state)
{
	wf_result *a = eval_ok("examples/uk-regions-what-if.yaml", NULL, NULL);
	wf_result *b = eval_ok("examples/uk-regions-what-if.yaml",
			       "site.region=GB-south-scotland", NULL);

	(void)state;
	assert_rel(result(a, "intensity_g_per_kwh"), 202.07, 1e-12);
	assert_rel(result(b, "intensity_g_per_kwh"), 54.97, 1e-12);
	assert_rel(result(b, "emissions_operational_kg") / result(a, "emissions_operational_kg"),
		   54.97 / 202.07, 1e-12);
	wf_result_free(a);
	wf_result_free(b);
}

static void explain_traces_inputs(void **state)
{
	wf_result *r = eval_ok("examples/llama-65b.yaml", NULL, NULL);
	const char *e = wf_result_explain(r);

	(void)state;
	assert_non_null(strstr(e, "energy_facility = energy_it x PUE"));
	assert_non_null(strstr(e, "llama-65b.yaml:9:"));   /* device_hours */
	assert_non_null(strstr(e, "llama-65b.yaml:11:"));  /* site.pue */
	assert_non_null(strstr(e, "llama-65b.yaml:12:"));  /* grid.intensity */
	assert_null(strstr(e, "nan"));
	wf_result_free(r);
}

typedef struct bad_case {
	const char *file;
	const char *set;
	int code;
	const char *where;   /* "file:line" the message must start with, or "" */
	const char *message; /* a part of the message */
} bad_case;

static void scenario_errors(void **state)
{
	static const bad_case cases[] = {
		{"examples/llama-65b.yaml", "workload.accelerator=nvidia-a100-sxm4-80g",
		 WF_ENOTFOUND, "", "nearest: \"nvidia-a100-sxm4-80gb\""},
		{"examples/llama-65b.yaml", "site.pue=0.9", WF_EINPUT, "--set site.pue=0.9",
		 "must be at least 1"},
		{"examples/llama-65b.yaml", "site.pue=700 W", WF_EDIM, "--set site.pue=700 W",
		 "pue"},
		{"tests/scenarios/hand_flops.yaml", "workload.mfu=1.5", WF_EINPUT, "",
		 "mfu: must be greater than 0 and at most 1"},
		{"tests/scenarios/hand_curve.yaml", "workload.utilisation=1.2", WF_EINPUT, "",
		 "between 0 and 1"},
		{"tests/scenarios/region_fallback.yaml", "year=2031", WF_ENOTFOUND, "",
		 "no annual intensity for 2031 (it has 35 years in 1990-2024)"},
		{"tests/scenarios/region_fallback.yaml", "site.region=GB-londn", WF_ENOTFOUND,
		 "", "nearest: \"GB-london\""},
		{"tests/scenarios/region_fallback.yaml", "site.regoin=GB", WF_EINPUT, "",
		 "did you mean \"region\""},
		{"tests/scenarios/hand_curve.yaml", "workload.devices=10",
		 0, "", ""},
		{"tests/scenarios/hand_flops.yaml", "workload.precision=fp8", WF_ENOTFOUND,
		 "", "has no fp8 peak"},
	};
	size_t i;
	char b[2048];

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		wf_result *r = NULL;
		wf_error err;
		int rc = test_eval(&r, cat, cases[i].file, &err, cases[i].set, (const char *)NULL);
		wf_error_format(&err, b, sizeof b);
		if (rc != cases[i].code || !strstr(b, cases[i].message) ||
		    strncmp(b, cases[i].where, strlen(cases[i].where)) != 0) {
			print_error("case %zu (--set %s): rc %d, message \"%s\"\n", i,
				    cases[i].set, rc, b);
			fail();
		}
		wf_result_free(r);
	}
}

static void device_hours_conflict(void **state)
{
	wf_result *r = NULL;
	wf_error err;
	char b[2048];
	int rc = test_eval(&r, cat, "examples/llama-65b.yaml", &err, "workload.devices=2048",
			   "workload.wall_time=10 days", (const char *)NULL);

	(void)state;
	assert_int_equal(rc, WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "differ by more than 1%"));
	assert_null(r);
}

/* --set: malformed paths are refused as in sweeps, the id is applied, and
 * an input so large that an output overflows is bad input naming the
 * --set, not a numerical failure. */
static void set_refusals(void **state)
{
	static const char *const bad_paths[] = {"site..pue=1.3", ".pue=1.3", "site.=1.3",
						"site.pue.=1.3"};
	char p[4096], b[2048];
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_error err;
	size_t i;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p,
					  "examples/llama-65b.yaml"), &err), 0);
	for (i = 0; i < sizeof bad_paths / sizeof *bad_paths; i++) {
		wf_error_clear(&err);
		assert_int_equal(wf_scenario_set(sc, bad_paths[i], &err), WF_EINPUT);
		assert_non_null(strstr(err.message, "expected a scenario path"));
	}
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_set(sc, "id=renamed-run", &err), 0);
	assert_string_equal(wf_scenario_id(sc), "renamed-run");
	/* a raw ESC is refused by YAML itself; "\e" in quotes makes one */
	assert_int_equal(wf_scenario_set(sc, "id=bad\x1b[31mred", &err), WF_EINPUT);
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_set(sc, "id=\"bad\\e[31mred\"", &err), WF_EINPUT);
	assert_non_null(strstr(err.message, "control character 0x1b"));
	assert_string_equal(wf_scenario_id(sc), "renamed-run");
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_set(sc, "workload.power_per_device=1e300 W", &err), 0);
	assert_int_equal(wf_scenario_evaluate(&r, sc, &err), WF_EINPUT);
	assert_null(r);
	wf_error_format(&err, b, sizeof b);
	assert_non_null(strstr(b, "--set workload.power_per_device=1e300 W: "
				  "workload.power_per_device = "));
	assert_non_null(strstr(b, "overflows"));
	wf_scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_curve),
		cmocka_unit_test(hand_flops),
		cmocka_unit_test(hand_inference),
		cmocka_unit_test(hand_node),
		cmocka_unit_test(power_curves),
		cmocka_unit_test(green_algorithms),
		cmocka_unit_test(linear_in_duration),
		cmocka_unit_test(linear_in_intensity),
		cmocka_unit_test(totals_are_sums),
		cmocka_unit_test(region_falls_back_to_parent),
		cmocka_unit_test(region_what_if),
		cmocka_unit_test(explain_traces_inputs),
		cmocka_unit_test(scenario_errors),
		cmocka_unit_test(device_hours_conflict),
		cmocka_unit_test(set_refusals),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

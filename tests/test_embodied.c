/*
 * test_embodied.c - embodied carbon by component, checked by hand for one
 * node (an 8x H100 aws-p5-48xlarge), the shipped factors against their
 * sources (NVIDIA's HGX PCFs / 8, the memory + rest split, the Boavizta
 * build), the methods (vendor, memory, die, boavizta), amortisation
 * (lifetime, usage), sampling, and the errors.
 */
#include "testutil.h"

#define H100 "tests/scenarios/embodied_h100.yaml"
#define YEAR_H (365.25 * 24)

static wf_result *eval_ok(const char *rel, const char *s1, const char *s2)
{
	wf_result *r = NULL;
	wf_error err;
	char b[2048];

	if (test_eval(&r, cat, rel, &err, s1, s2, (const char *)NULL)) {
		print_error("%s: %s\n", rel, wf_error_format(&err, b, sizeof b));
		fail();
	}
	return r;
}

static double factor(const char *id)
{
	size_t i;
	wf_entry_info e;

	assert_int_equal(wf_catalog_find(&i, cat, WF_KIND_EMBODIED, id, NULL), 0);
	assert_int_equal(wf_catalog_entry(&e, cat, WF_KIND_EMBODIED, i), 0);
	return e.value;
}

/* By hand, from the figures as their sources give them:
 *   board   NVIDIA HGX H100 PCF 1,312 kg / 8 GPUs = 164 kg
 *   host    2 CPUs x 30.7 kg + 2,048 GB x 1.65 kg/GB + 30.4 TB x 17.3 kg/TB
 *           + 368.1 kg (mainboard, PSUs, case, assembly)
 *   network 8 adapters x 58.09 kg
 *   building 180 t/MW x 700 W per GPU, over 20 years
 * over 8 GPUs x 1000 h, a 5-year life (of 365.25 days), all of it in use. */
static void h100_node_by_hand(void **state)
{
	wf_result *r = eval_ok(H100, NULL, NULL);
	double ds = 8 * 1000.0, life = 5 * YEAR_H;
	double host = 2 * 30.7 + 2048 * 1.65 + 30.4 * 17.3 + 368.1, net = 8 * 58.09;
	double acc = ds * 164 / life, hosts = ds / 8 * host / life, netw = ds / 8 * net / life;
	double bld = ds * 700 * 0.18 / (20 * YEAR_H);
	const char *ex = wf_result_explain(r);

	(void)state;
	assert_rel(result(r, "emissions_embodied_accelerators_kg"), acc, 1e-12);
	assert_rel(result(r, "emissions_embodied_hosts_kg"), hosts, 1e-12);
	assert_rel(result(r, "emissions_embodied_network_kg"), netw, 1e-12);
	assert_rel(result(r, "emissions_embodied_building_kg"), bld, 1e-12);
	assert_rel(result(r, "emissions_embodied_kg"), acc + hosts + netw + bld, 1e-12);
	assert_rel(result(r, "emissions_total_kg"),
		   result(r, "emissions_operational_kg") + acc + hosts + netw + bld, 1e-12);
	/* the whole server, cradle-to-gate, lies in the published 6-10 t */
	assert_true(8 * 164 + host + net > 6000 && 8 * 164 + host + net < 10000);
	/* explain names every component with its factor, boundary and source */
	assert_non_null(strstr(ex, "board = 164 kg CO2e per accelerator  ["));
	assert_non_null(strstr(ex, "models/embodied/factors.yaml:"));
	assert_non_null(strstr(ex, "nvidia-hgx-h100-pcf-per-gpu (board, cradle-to-gate; "
				   "SECONDARY, DERIVED); source: NVIDIA"));
	assert_non_null(strstr(ex, "host CPUs = 2 x 30.7 kg CO2e = 61.4 kg CO2e  ["));
	assert_non_null(strstr(ex, "host DRAM = 2.048 TB x 1.65 kg/GB = 3.3792 t CO2e  ["));
	assert_non_null(strstr(ex, "host SSD = 30.4 TB x 0.0173 kg/GB = 525.92 kg CO2e  ["));
	assert_non_null(strstr(ex, "host rest (mainboard, PSUs, chassis, assembly) = 368.1 kg"));
	assert_non_null(strstr(ex, "network = adapters x kg = 8 x 58.09 kg CO2e"));
	assert_non_null(strstr(ex, "greensku-smartnic-100g (nic, cradle-to-gate); source:"));
	assert_non_null(strstr(ex, "building and M&E plant = 180 t/MW of IT capacity"));
	assert_non_null(strstr(ex, "one server, not amortised"));
	assert_string_equal(wf_result_embodied_scope(r),
			    "accelerator boards + hosts + network + building (method vendor)");
	wf_result_free(r);
}

/* The default per-GPU board share is 164 kg x (time / lifetime): a year of
 * one GPU carries a fifth of its board. */
static void board_share_per_year(void **state)
{
	wf_result *r = eval_ok(H100, "workload.wall_time=1 year", "embodied.building=false");

	(void)state;
	assert_rel(result(r, "emissions_embodied_accelerators_kg"), 8 * 164 / 5.0, 1e-12);
	assert_true(isnan(result(r, "emissions_embodied_building_kg")));
	wf_result_free(r);
}

/* The shipped figures are their sources' own: NVIDIA's PCF per board / 8;
 * memory + the rest of the board adds back up to it. */
static void factors_match_sources(void **state)
{
	(void)state;
	assert_rel(factor("nvidia-hgx-h100-pcf-per-gpu"), 1312 / 8.0, 1e-12);
	assert_rel(factor("nvidia-hgx-b200-pcf-per-gpu"), 2274 / 8.0, 1e-12);
	assert_rel(factor("hbm3-hgx-h100-pcf") * 1e9, 546.0 / 640, 1e-12);
	assert_rel(factor("hgx-h100-board-rest-pcf"), (1312 - 546) / 8.0, 1e-12);
	assert_rel(80 * factor("hbm3-hgx-h100-pcf") * 1e9 + factor("hgx-h100-board-rest-pcf"),
		   1312 / 8.0, 1e-12);
	assert_rel(180 * factor("hbm3e-hgx-b200-pcf") * 1e9 + factor("hgx-b200-board-rest-pcf"),
		   2274 / 8.0, 1e-6);
	assert_rel(factor("greensku-datacentre-per-mw") * 1e6, 9000e3 / 50, 1e-12);
	assert_rel(factor("google-tpu-v6e-lca"), 323, 1e-12);
}

/* method memory: 80 GB x 0.853 kg/GB + 95.75 kg = the same 164 kg. */
static void memory_method(void **state)
{
	wf_result *a = eval_ok(H100, NULL, NULL);
	wf_result *b = eval_ok(H100, "embodied.method=memory", NULL);

	(void)state;
	assert_rel(result(b, "emissions_embodied_accelerators_kg"),
		   result(a, "emissions_embodied_accelerators_kg"), 1e-12);
	assert_non_null(strstr(wf_result_explain(b), "board = memory x kg/GB + rest of the "
						     "board = 80 GB x 0.853125 kg/GB + 95.75"));
	wf_result_free(a);
	wf_result_free(b);
}

/* method die: LLMCarbon's die area x carbon per area alone, 5 years of
 * 365.25 days, nothing else counted. */
static void die_method(void **state)
{
	wf_result *r = eval_ok(H100, "embodied.method=die", NULL);

	(void)state;
	assert_rel(result(r, "emissions_embodied_kg"), 8000 * 14.652 / (5 * YEAR_H), 1e-12);
	assert_true(isnan(result(r, "emissions_embodied_hosts_kg")));
	assert_true(isnan(result(r, "emissions_embodied_network_kg")));
	assert_true(isnan(result(r, "emissions_embodied_building_kg")));
	assert_string_equal(wf_result_embodied_scope(r), "accelerator dies (method die)");
	wf_result_free(r);
}

/* method boavizta: BoaviztAPI's card (575.2 kg) and per-part host, whose
 * whole 8x H100 server the reference gives as 10,254 kg (DERIVED). */
static void boavizta_build(void **state)
{
	wf_result *r = eval_ok(H100, "embodied.method=boavizta", "embodied.building=false");
	double life = 6 * YEAR_H, server;

	(void)state;
	/* a year of one server carries 1/6 of it: solve for the server */
	server = (result(r, "emissions_embodied_accelerators_kg") +
		  result(r, "emissions_embodied_hosts_kg") +
		  result(r, "emissions_embodied_network_kg")) * life / 1000;
	assert_rel(result(r, "emissions_embodied_accelerators_kg"), 8000 * 575.2 / life, 1e-12);
	/* host: 2 x 30.1 + 2048 x 1.9316 + 30400 x 0.041757 + 368.1; NICs from
	 * the vendor method (Boavizta has none) */
	assert_rel(result(r, "emissions_embodied_hosts_kg"),
		   1000 * (2 * 30.1 + 2048 * 1.9316 + 30400 * 0.041757 + 368.1) / life, 1e-12);
	assert_rel(server - 8 * 58.09, 10254, 2e-3);
	wf_result_free(r);
}

/* usage: a share of the life in use divides the IT hardware's share; the
 * building's is by capacity over its own life. */
static void usage_and_lifetime(void **state)
{
	wf_result *a = eval_ok(H100, NULL, NULL);
	wf_result *b = eval_ok(H100, "embodied.usage=50%", "embodied.lifetime=2.5 years");

	(void)state;
	assert_rel(result(b, "emissions_embodied_accelerators_kg"),
		   4 * result(a, "emissions_embodied_accelerators_kg"), 1e-12);
	assert_rel(result(b, "emissions_embodied_hosts_kg"),
		   4 * result(a, "emissions_embodied_hosts_kg"), 1e-12);
	assert_rel(result(b, "emissions_embodied_building_kg"),
		   result(a, "emissions_embodied_building_kg"), 1e-12);
	wf_result_free(a);
	wf_result_free(b);
}

/* Given figures or factor ids override the method's, one component each. */
static void overrides(void **state)
{
	wf_result *a = eval_ok(H100, NULL, NULL);
	wf_result *b = eval_ok(H100, "embodied.dram=boavizta-ram-32gb-modules",
			       "embodied.nic=100 kg");
	double life = 5 * YEAR_H;

	(void)state;
	assert_rel(result(b, "emissions_embodied_hosts_kg") - result(a, "emissions_embodied_hosts_kg"),
		   1000 * 2048 * (1.9316 - 1.65) / life, 1e-9);
	assert_rel(result(b, "emissions_embodied_network_kg"), 1000 * 8 * 100 / life, 1e-12);
	wf_result_free(a);
	wf_result_free(b);
}

/* --samples draws the factors from their published ranges: the vendor's
 * figure is the lowest, so the interval lies above it. */
static void samples_draw_ranges(void **state)
{
	char p[4096];
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_run_options o = WF_RUN_OPTIONS_INIT;
	wf_quantiles q;
	wf_error err;
	double nominal;
	size_t k, n;
	int found = 0;

	(void)state;
	o.samples = 400;
	o.seed = 7;
	o.sensitivity = 1;
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p, H100), &err), 0);
	assert_int_equal(wf_scenario_run(&r, sc, &o, &err), 0);
	nominal = result(r, "emissions_embodied_kg");
	assert_int_equal(wf_result_quantiles(r, WF_OUT_EMISSIONS_EMBODIED_KG, &q), 0);
	assert_true(q.p05 < q.p95);
	assert_true(q.p95 > nominal);
	for (k = WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG; k < WF_OUT_COUNT_; k++)
		assert_int_equal(wf_result_quantiles(r, (int)k, &q), 0);
	n = wf_result_sensitivity_count(r);
	for (k = 0; k < n; k++) {
		const char *in;
		double rho, share;
		if (wf_result_sensitivity(r, WF_OUT_EMISSIONS_TOTAL_KG, k, &in, &rho, &share) == 0)
			found += !strcmp(in, "embodied.device") || !strcmp(in, "embodied.dram");
	}
	assert_int_equal(found, 2);
	wf_result_free(r);
	wf_scenario_free(sc);
}

/* Errors name file:line:col: a zero lifetime, a usage above 100%. */
static void errors(void **state)
{
	wf_result *r = NULL;
	wf_error err;

	(void)state;
	assert_int_equal(test_eval(&r, cat, H100, &err, "embodied.lifetime=0 years",
				   (const char *)NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "embodied.lifetime: a lifetime must be greater than 0"));
	assert_int_equal(test_eval(&r, cat, H100, &err, "embodied.usage=120%",
				   (const char *)NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "embodied.usage: expected the share"));
	assert_int_equal(test_eval(&r, cat, H100, &err, "embodied.building_lifetime=-1 years",
				   (const char *)NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "must be greater than 0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(h100_node_by_hand),
		cmocka_unit_test(board_share_per_year),
		cmocka_unit_test(factors_match_sources),
		cmocka_unit_test(memory_method),
		cmocka_unit_test(die_method),
		cmocka_unit_test(boavizta_build),
		cmocka_unit_test(usage_and_lifetime),
		cmocka_unit_test(overrides),
		cmocka_unit_test(samples_draw_ranges),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

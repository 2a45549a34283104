/*
 * fuzz_eval.c - libFuzzer target for scenario evaluation: the input is a
 * model file over the shipped catalog (as `wattif check` and `wattif run`
 * load one); every scenario in it is evaluated (a projection year by year,
 * a single run with a small Monte Carlo, sensitivity and kept samples) and
 * its periods and bases read.  The loader target (fuzz_loader.c) stops at
 * loading; this one goes on through resolution and the engine.
 *
 * Build and run: make fuzz (FUZZ_TARGETS).  Seeds: fuzz/corpus/eval/
 */
#include "fuzz_common.h"

#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void eval_one(const wf_catalog *cat, size_t i)
{
	wf_run_options opt = WF_RUN_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_projection *p = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	if ((rc = wf_scenario_from_catalog(&sc, cat, i, &err))) {
		fuzz_check_error(rc, &err);
		return;
	}
	opt.samples = 16;
	opt.sensitivity = 1;
	opt.keep_samples = 1;
	if (wf_scenario_is_projection(sc))
		rc = wf_scenario_project(&p, sc, &opt, &err);
	else
		rc = wf_scenario_run(&r, sc, &opt, &err);
	if (rc) {
		fuzz_check_error(rc, &err);
	} else if (r) {
		wf_bases b;
		wf_period per;
		size_t k;
		fuzz_check_result(r);
		CHECK(wf_result_bases(r, &b) == 0);
		for (k = 0; k < wf_result_period_count(r); k++) {
			CHECK(wf_result_period(r, k, &per) == 0);
			CHECK(per.t_end > per.t_start);
		}
	} else {
		size_t k;
		for (k = 0; k < wf_projection_count(p); k++)
			fuzz_check_result(wf_projection_row(p, k, NULL));
	}
	wf_result_free(r);
	wf_projection_free(p);
	wf_scenario_free(sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const wf_catalog *base = fuzz_base();
	wf_catalog *cat = NULL;
	wf_error err;
	size_t i;
	int rc;

	if (size > 1 << 14)
		return 0;
	wf_error_clear(&err);
	CHECK(wf_catalog_new(&cat) == 0);
	CHECK(wf_catalog_set_parent(cat, base, &err) == 0);
	/* named under examples/ so relative includes and series resolve as
	 * a user's file there would */
	rc = wf_catalog_load_text(cat, (const char *)data, size, "examples/fuzz-input.yaml",
				  &err);
	if (rc == 0)
		rc = wf_catalog_finish(cat, &err);
	if (rc)
		fuzz_check_error(rc, &err);
	for (i = 0; rc == 0 && i < wf_catalog_scenario_count(cat) && i < 4; i++)
		eval_one(cat, i);
	wf_catalog_free(cat);
	return 0;
}

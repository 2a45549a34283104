/*
 * bench_eval.c - how long one evaluation takes in-process: catalog load,
 * a whole wf_scenario_evaluate (resolve + evaluate + explanation), and the
 * bare evaluation of a resolved plan (what Monte Carlo and sweeps repeat).
 * Prints figures; asserts nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine.h"
#include "scenario.h"
#include "wattif.h"
#include "bench.h"


int main(int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : "examples/llama-65b.yaml";
	wf_catalog *cat = NULL;
	wf_scenario *sc = NULL;
	wf_error err;
	wf_plan pl;
	wf_outputs o;
	double t0, t, x[P_COUNT_], sink = 0;
	int i, n;

	wf_global_init();
	wf_error_clear(&err);
	t0 = now();
	if (wf_catalog_new(&cat) || wf_catalog_load(cat, "models", &err) ||
	    wf_catalog_load(cat, "data", &err) || wf_catalog_finish(cat, &err))
		return die(&err);
	t = now() - t0;
	printf("catalog load (models/ + data/):        %10.2f ms\n", t * 1e3);
	if (wf_scenario_load(&sc, cat, file, &err))
		return die(&err);

	n = 2000;
	t0 = now();
	for (i = 0; i < n; i++) {
		wf_result *r = NULL;
		if (wf_scenario_evaluate(&r, sc, &err))
			return die(&err);
		sink += wf_result_explain(r)[0];
		wf_result_free(r);
	}
	t = (now() - t0) / n;
	printf("wf_scenario_evaluate (with explain):   %10.2f us   (%s, %d runs)\n", t * 1e6,
	       file, n);

	if (wf_plan_resolve(&pl, sc, &err))
		return die(&err);
	wf_plan_nominal(&pl, x);
	n = 2000000;
	t0 = now();
	for (i = 0; i < n; i++) {
		x[P_PUE] = 1.1 + (i & 7) * 1e-3; /* vary an input so nothing is hoisted */
		if (wf_plan_evaluate(&pl, x, &o, NULL, &err))
			return die(&err);
		sink += o.v[WF_OUT_EMISSIONS_TOTAL_KG];
	}
	t = (now() - t0) / n;
	printf("plan evaluation (resolved, no trace):  %10.4f us   (%.3g evaluations/s)\n",
	       t * 1e6, 1 / t);
	wf_plan_release(&pl);
	wf_scenario_free(sc);
	wf_catalog_free(cat);
	return sink == 42 ? 1 : 0;
}

/*
 * bench_window.c - what a job's window costs: one evaluation of a resolved
 * plan for a one-hour and a one-year window, with a constant PUE, PUE by
 * month and PUE by hour (a temperature series), on the GB Electricity Maps
 * 2023 series (hourly) and on a 2027 typical-year profile; then a million
 * Monte Carlo samples of the one-year job with PUE by hour on one core.
 * With prefix sums of CI x PUE built once per plan, every window costs a
 * few binary searches (O(log n)) however long.  Prints figures; asserts
 * nothing.
 *
 *   build/bench/bench_window [SAMPLES]      (from the repo root)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "scenario.h"
#include "wattif.h"
#include "bench.h"

#define SCEN                                                                      \
	"scenario:\n"                                                             \
	"  id: window\n"                                                          \
	"  workload: {kind: training, accelerator: nvidia-h100-sxm5-80gb, "       \
	"devices: 512, wall_time: %s, power_per_device: \"%s\"}\n"                \
	"  site: {region: GB, %s}\n"                                              \
	"  grid: {basis: lifecycle}\n"                                            \
	"  start: %s\n"

static const char *const pue[3] = {
	"pue: 1.2",
	"pue_curve: lei-masanet-2020-wec-rh80, monthly_temperature_c: [5, 5, 7, 9, 12, 15, "
	"17, 17, 14, 11, 7, 5]",
	"pue_curve: lei-masanet-2020-wec-rh80, temperature_series: "
	"data/climate/london_2024_hourly.csv",
};
static const char *const pue_name[3] = {"constant PUE", "PUE by month", "PUE by hour"};

static int scenario(wf_scenario **sc, const wf_catalog *cat, const char *wall,
		    const char *power, int k, const char *start, wf_error *err)
{
	char text[1024];

	snprintf(text, sizeof text, SCEN, wall, power, pue[k], start);
	return wf_scenario_load_text(sc, cat, text, strlen(text), "window.yaml", err);
}

/* Microseconds per evaluation of the resolved plan. */
static double per_eval(const wf_catalog *cat, const char *wall, int k, const char *start,
		       wf_error *err, double *sink)
{
	wf_scenario *sc = NULL;
	wf_plan pl;
	wf_outputs o;
	double x[P_COUNT_], t0, t;
	int i, n = 200000;

	if (scenario(&sc, cat, wall, "700 W", k, start, err) || wf_plan_resolve(&pl, sc, err))
		return -1;
	wf_plan_nominal(&pl, x);
	t0 = now();
	for (i = 0; i < n; i++) {
		x[P_POWER_DEV] = 700 + (i & 7); /* vary an input so nothing is hoisted */
		if (wf_plan_evaluate(&pl, x, &o, NULL, err))
			return -1;
		*sink += o.v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	}
	t = (now() - t0) / n;
	wf_plan_release(&pl);
	wf_scenario_free(sc);
	return t * 1e6;
}

int main(int argc, char **argv)
{
	static const char *const starts[2] = {"2023-01-01T00:00Z", "2027-01-04T00:00Z"};
	static const char *const where[2] = {"2023, hourly series", "2027, typical-year profile"};
	long samples = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	wf_catalog *cat = NULL;
	wf_error err;
	double sink = 0;
	int k, w;

	wf_global_init();
	wf_error_clear(&err);
	if (wf_catalog_new(&cat) || wf_catalog_load(cat, "models", &err) ||
	    wf_catalog_load(cat, "data", &err) || wf_catalog_finish(cat, &err))
		return die(&err);
	for (w = 0; w < 2; w++) {
		printf("window evaluation, GB %s:\n", where[w]);
		for (k = 0; k < 3; k++) {
			double h = per_eval(cat, "1 h", k, starts[w], &err, &sink);
			double y = per_eval(cat, "364 days", k, starts[w], &err, &sink);
			if (h < 0 || y < 0)
				return die(&err);
			printf("  %-13s one hour %8.3f us   one year %8.3f us   (year / hour "
			       "%.2fx)\n", pue_name[k], h, y, y / h);
		}
	}
	{
		wf_scenario *sc = NULL;
		wf_result *r = NULL;
		wf_run_options o = WF_RUN_OPTIONS_INIT;
		double t0, t;
		wf_quantiles q;
		o.samples = samples;
		o.seed = 7;
		o.threads = 1;
		o.explain = 0;
		if (scenario(&sc, cat, "364 days", "tri(600, 700, 750) W", 2, starts[0], &err) ||
		    wf_scenario_set(sc, "workload.devices=tri(480, 512, 520)", &err))
			return die(&err);
		t0 = now();
		if (wf_scenario_run(&r, sc, &o, &err))
			return die(&err);
		t = now() - t0;
		wf_result_quantiles(r, WF_OUT_EMISSIONS_OPERATIONAL_KG, &q);
		printf("Monte Carlo, one-year job with PUE by hour: %ld samples in %.3f s on one "
		       "core (%.3f us each; emissions p50 %.6g kg)\n", samples, t, t / samples * 1e6,
		       q.p50);
		wf_result_free(r);
		wf_scenario_free(sc);
	}
	wf_catalog_free(cat);
	return sink == 42 ? 1 : 0;
}

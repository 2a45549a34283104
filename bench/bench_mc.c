/*
 * bench_mc.c - how fast Monte Carlo runs: LLaMA-65B with three uncertain
 * inputs (PUE, power per device, grid intensity), a million samples on one
 * core, then the summaries and the sensitivity ranking, and the same run
 * split over threads (which must give the same bytes).
 * Prints figures; asserts nothing.
 *
 *   build/bench/bench_mc [FILE.yaml [SAMPLES [THREADS]]]   (from the repo root)
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_sort.h>

#include "engine.h"
#include "scenario.h"
#include "uncertainty.h"
#include "wattif.h"
#include "bench.h"


typedef struct job {
	const wf_plan *pl;
	size_t n, first, count;
	unsigned long seed;
	double *out;
	int rc;
	wf_error err;
} job;

static void *run_job(void *arg)
{
	job *j = arg;
	wf_mc *mc = NULL;

	wf_error_clear(&j->err);
	j->rc = wf_mc_new(&mc, j->pl, j->n, &j->err);
	if (!j->rc)
		j->rc = wf_mc_eval(mc, j->seed, j->first, j->count,
				   j->out + j->first * WF_OUT_COUNT_, NULL, &j->err);
	wf_mc_free(mc);
	return NULL;
}

int main(int argc, char **argv)
{
	static const char *const sets[] = {
		"site.pue=tri(1.05,1.1,1.3)",
		"workload.power_per_device=normal(400 W, 40 W)",
		"grid.intensity=lognormal(385 g/kWh, 1.2)"};
	const char *file = argc > 1 ? argv[1] : "examples/llama-65b.yaml";
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000;
	int nth = argc > 3 ? atoi(argv[3]) : 2;
	unsigned long seed = 42;
	wf_catalog *cat = NULL;
	wf_scenario *sc = NULL;
	wf_mc *mc = NULL;
	wf_error err;
	wf_plan pl;
	wf_summary sum[WF_OUT_COUNT_];
	wf_sens sens[P_COUNT_];
	pthread_t th[64];
	job jobs[64];
	double t0, t, *out, *out2, *inp, *col;
	size_t i, nu, nsens, redrawn, clamped;
	int k;

	if (n < 2 || nth < 1 || nth > 64) {
		fprintf(stderr, "usage: bench_mc [FILE.yaml [SAMPLES>=2 [THREADS 1-64]]]\n");
		return 2;
	}
	wf_global_init();
	wf_error_clear(&err);
	if (wf_catalog_new(&cat) || wf_catalog_load(cat, "models", &err) ||
	    wf_catalog_load(cat, "data", &err) || wf_catalog_finish(cat, &err) ||
	    wf_scenario_load(&sc, cat, file, &err))
		return die(&err);
	for (i = 0; i < sizeof(sets) / sizeof(*sets); i++)
		if (wf_scenario_set(sc, sets[i], &err))
			return die(&err);
	if (wf_plan_resolve(&pl, sc, &err) || wf_mc_new(&mc, &pl, n, &err))
		return die(&err);
	nu = wf_mc_n_uncertain(mc);
	out = malloc(n * WF_OUT_COUNT_ * sizeof(double));
	out2 = malloc(n * WF_OUT_COUNT_ * sizeof(double));
	inp = malloc(n * (nu ? nu : 1) * sizeof(double));
	col = malloc(n * sizeof(double));
	if (!out || !out2 || !inp || !col) {
		fprintf(stderr, "bench_mc: out of memory\n");
		return 1;
	}
	printf("%s with %s, %s, %s: %zu uncertain inputs\n", file, sets[0], sets[1],
	       sets[2], nu);

	t0 = now();
	if (wf_mc_eval(mc, seed, 0, n, out, NULL, &err))
		return die(&err);
	t = now() - t0;
	printf("sample + evaluate, 1 thread, cold:     %10.1f ms  %10.3g samples/s  (%zu samples; "
	       "first touch of the output buffer)\n", t * 1e3, n / t, n);
	t0 = now();
	if (wf_mc_eval(mc, seed, 0, n, out, NULL, &err))
		return die(&err);
	t = now() - t0;
	printf("sample + evaluate, 1 thread, warm:     %10.1f ms  %10.3g samples/s\n",
	       t * 1e3, n / t);
	t0 = now();
	if (wf_mc_eval(mc, seed, 0, n, out2, inp, &err))
		return die(&err);
	t = now() - t0;
	printf("  the same, keeping the inputs (cold): %10.1f ms  %10.3g samples/s  (identical: %s)\n",
	       t * 1e3, n / t,
	       memcmp(out, out2, n * WF_OUT_COUNT_ * sizeof(double)) ? "NO" : "yes");
	wf_mc_out_of_range(mc, -1, &redrawn, &clamped);
	printf("  out-of-range draws redrawn: %zu, clamped: %zu (three runs)\n", redrawn, clamped);

	memset(out2, 0, n * WF_OUT_COUNT_ * sizeof(double));
	t0 = now();
	for (k = 0; k < nth; k++) {
		/* uneven chunks on purpose */
		size_t a = n * k / nth + (k ? 7 * k : 0), b = n * (k + 1) / nth + 7 * (k + 1);
		if (a > n)
			a = n;
		if (b > n || k == nth - 1)
			b = n;
		jobs[k] = (job){.pl = &pl, .n = n, .first = a, .count = b - a, .seed = seed,
				.out = out2};
		if (pthread_create(&th[k], NULL, run_job, &jobs[k])) {
			fprintf(stderr, "bench_mc: cannot start a thread\n");
			return 1;
		}
	}
	for (k = 0; k < nth; k++)
		pthread_join(th[k], NULL);
	t = now() - t0;
	for (k = 0; k < nth; k++)
		if (jobs[k].rc)
			return die(&jobs[k].err);
	printf("sample + evaluate, %2d threads:         %10.1f ms  %10.3g samples/s  (identical to 1 thread: %s)\n",
	       nth, t * 1e3, n / t,
	       memcmp(out, out2, n * WF_OUT_COUNT_ * sizeof(double)) ? "NO" : "yes");

	t0 = now();
	if (wf_mc_summarise(sum, out, n, &err))
		return die(&err);
	t = now() - t0;
	printf("wf_mc_summarise (13 outputs):          %10.1f ms\n", t * 1e3);

	for (i = 0; i < n; i++)
		col[i] = out[i * WF_OUT_COUNT_ + WF_OUT_EMISSIONS_TOTAL_KG];
	t0 = now();
	gsl_sort(col, 1, n);
	t = now() - t0;
	printf("  for comparison, gsl_sort of 1 column: %9.1f ms\n", t * 1e3);

	t0 = now();
	if (wf_mc_sensitivity(sens, &nsens, &pl, inp, out, n, &err))
		return die(&err);
	t = now() - t0;
	printf("wf_mc_sensitivity (%zu inputs x 13):     %10.1f ms\n", nsens, t * 1e3);

	printf("\n%-26s %12s %12s %12s %12s %12s\n", "output (SI)", "mean", "sd", "p05",
	       "p50", "p95");
	for (k = 0; k < WF_OUT_COUNT_; k++)
		if (sum[k].present)
			printf("%-26s %12.5g %12.5g %12.5g %12.5g %12.5g\n", wf_output_name(k),
			       sum[k].mean, sum[k].sd, sum[k].p05, sum[k].p50, sum[k].p95);
	printf("\nshare of variance of emissions_total_kg (rho^2, normalised):\n");
	for (i = 0; i < nsens; i++)
		printf("  %-28s rho %+.3f  share %5.1f%%\n", wf_plan_input_name(sens[i].pin),
		       sens[i].rho[WF_OUT_EMISSIONS_TOTAL_KG],
		       100 * sens[i].share[WF_OUT_EMISSIONS_TOTAL_KG]);

	free(out);
	free(out2);
	free(inp);
	free(col);
	wf_mc_free(mc);
	wf_plan_release(&pl);
	wf_scenario_free(sc);
	wf_catalog_free(cat);
	return 0;
}

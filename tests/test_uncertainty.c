/*
 * test_uncertainty.c - Monte Carlo: reproducibility whatever the split
 * (chunks and threads), the deterministic run recovered exactly, the
 * samplers against their distributions (moments and Kolmogorov-Smirnov),
 * analytic results for products of lognormals and sums of uniforms,
 * quantile convergence, truncation to an input's physical range, the
 * summaries and rank correlations against GSL's own routines, and errors.
 */
#include <pthread.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "testutil.h"

#include "engine.h"
#include "scenario.h"
#include "uncertainty.h"

#define W WF_OUT_COUNT_
#define LLAMA "examples/llama-65b.yaml"
/* LLaMA-65B's device-hours in seconds (examples/llama-65b.yaml) */
#define LLAMA_DS (1022362.0 * 3600.0)
/* 1 g/kWh in kg/J */
#define G_PER_KWH (1e-3 / 3.6e6)

/* A scenario file with --set assignments, resolved into a plan.  The plan
 * refers to the scenario, so both live until run_free. */
typedef struct run {
	wf_scenario *sc;
	wf_plan pl;
	int resolved;
} run;

static int run_open_rc(run *r, const char *rel, const char *const *sets, wf_error *err)
{
	char p[4096];
	int rc;

	memset(r, 0, sizeof(*r));
	wf_error_clear(err);
	rc = wf_scenario_load(&r->sc, cat, test_path(p, sizeof p, rel), err);
	while (rc == 0 && sets && *sets)
		rc = wf_scenario_set(r->sc, *sets++, err);
	if (rc == 0 && (rc = wf_plan_resolve(&r->pl, r->sc, err)) == 0)
		r->resolved = 1;
	return rc;
}

static void run_free(run *r)
{
	if (r->resolved || r->pl.scratch_)
		wf_plan_release(&r->pl);
	wf_scenario_free(r->sc);
	memset(r, 0, sizeof(*r));
}

static void run_open(run *r, const char *rel, const char *const *sets)
{
	wf_error err;
	char b[2048];

	if (run_open_rc(r, rel, sets, &err)) {
		print_error("%s: %s\n", rel, wf_error_format(&err, b, sizeof b));
		fail();
	}
}

/* n samples of a run: outputs (n x W) and, if inputs is not NULL, the
 * sampled uncertain inputs (n x wf_mc_n_uncertain); both malloc'd. */
static void mc_run(const wf_plan *pl, size_t n, unsigned long seed, double **out,
		   double **inputs, size_t *n_unc)
{
	wf_mc *mc = NULL;
	wf_error err;
	char b[2048];

	wf_error_clear(&err);
	if (wf_mc_new(&mc, pl, n, &err)) {
		print_error("wf_mc_new: %s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	*out = malloc(n * W * sizeof(double));
	assert_non_null(*out);
	if (inputs) {
		*inputs = malloc(n * (wf_mc_n_uncertain(mc) + 1) * sizeof(double));
		assert_non_null(*inputs);
	}
	if (n_unc)
		*n_unc = wf_mc_n_uncertain(mc);
	if (wf_mc_eval(mc, seed, 0, n, *out, inputs ? *inputs : NULL, &err)) {
		print_error("wf_mc_eval: %s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	wf_mc_free(mc);
}

/* Column u of an n x width matrix, malloc'd. */
static double *column(const double *m, size_t width, size_t u, size_t n)
{
	double *c = malloc(n * sizeof(double));
	size_t i;

	assert_non_null(c);
	for (i = 0; i < n; i++)
		c[i] = m[i * width + u];
	return c;
}

/* The column of input `pin` among the uncertain inputs of pl. */
static size_t unc_col(const wf_plan *pl, int pin)
{
	int pins[P_COUNT_];
	size_t n = wf_mc_uncertain(pins, pl), u;

	for (u = 0; u < n; u++)
		if (pins[u] == pin)
			return u;
	fail_msg("%s is not uncertain", wf_plan_input_name(pin));
	return 0;
}

/* Fail unless |got - want| <= k standard errors. */
#define assert_within_se(got, want, se, k)                                              \
	do {                                                                            \
		double g_ = (got), w_ = (want), s_ = (se);                              \
		if (!(fabs(g_ - w_) <= (k) * s_))                                       \
			fail_msg("%s = %.10g, expected %.10g +- %g x %.3g (off by %.2f " \
				 "SE)", #got, g_, w_, (double)(k), s_, (g_ - w_) / s_);  \
	} while (0)

/* -------------------------------------------- the deterministic run back */

static void nominal_outputs(const wf_plan *pl, double v[W])
{
	double x[P_COUNT_];
	wf_outputs o;
	wf_error err;

	wf_error_clear(&err);
	wf_plan_nominal(pl, x);
	assert_int_equal(wf_plan_evaluate(pl, x, &o, NULL, &err), 0);
	memcpy(v, o.v, sizeof(o.v));
}

static void all_fixed_is_nominal(void **state)
{
	run r;
	double nom[W], *out;
	wf_summary s[W];
	wf_error err;
	size_t i, nu, n = 1000;
	int k;

	(void)state;
	run_open(&r, LLAMA, NULL);
	nominal_outputs(&r.pl, nom);
	mc_run(&r.pl, n, 12345, &out, NULL, &nu);
	assert_int_equal(nu, 0);
	for (i = 0; i < n; i++)
		assert_memory_equal(out + i * W, nom, sizeof(nom));
	assert_int_equal(wf_mc_summarise(s, out, n, &err), 0);
	for (k = 0; k < W; k++) {
		if (isnan(nom[k])) {
			assert_false(s[k].present);
			continue;
		}
		assert_true(s[k].present);
		assert_true(s[k].mean == nom[k] && s[k].p05 == nom[k] &&
			    s[k].p50 == nom[k] && s[k].p95 == nom[k] && s[k].sd == 0);
	}
	/* the nominal run is the published one: about 449 MWh */
	assert_rel(nom[WF_OUT_ENERGY_FACILITY_KWH] / 3.6e9, 449.8, 1e-3);
	free(out);
	run_free(&r);
}

static void one_sample_is_nominal(void **state)
{
	static const char *const sets[] = {
		"site.pue=tri(1.05,1.1,1.3)", "workload.power_per_device=normal(400 W, 40 W)",
		"grid.intensity=lognormal(385 g/kWh, 1.2)", NULL};
	run r;
	double nom[W], *out, *in;
	size_t nu;

	(void)state;
	run_open(&r, LLAMA, sets);
	nominal_outputs(&r.pl, nom);
	mc_run(&r.pl, 1, 99, &out, &in, &nu);
	assert_int_equal(nu, 3);
	assert_memory_equal(out, nom, sizeof(nom));
	assert_true(in[0] == 400.0);
	free(out);
	free(in);
	run_free(&r);
}

static void zero_spread_is_fixed(void **state)
{
	static const char *const sets[] = {"workload.power_per_device=normal(400 W, 0 W)",
					   "grid.intensity=lognormal(385 g/kWh, 1)", NULL};
	run r;
	double nom[W], *out;
	size_t i, nu, n = 100;

	(void)state;
	run_open(&r, LLAMA, sets);
	nominal_outputs(&r.pl, nom);
	mc_run(&r.pl, n, 7, &out, NULL, &nu);
	assert_int_equal(nu, 0);
	for (i = 0; i < n; i++)
		assert_memory_equal(out + i * W, nom, sizeof(nom));
	free(out);
	run_free(&r);
}

/* ---------------------------------------------------------- reproducible */

static const char *const five[] = {
	"workload.device_hours=uniform(900000, 1100000)",
	"workload.power_per_device=pert(300 W, 350 W, 600 W)",
	"site.pue=normal(1.1, 0.08)", /* truncated at 1: redraws happen */
	"grid.intensity=lognormal(385 g/kWh, 1.3)",
	"grid.market_intensity=tri(100 g/kWh, 150 g/kWh, 400 g/kWh)", NULL};

static void chunks_are_bit_identical(void **state)
{
	const size_t n = 10007, cut[] = {0, 1, 6000, 10007};
	run r;
	wf_mc *one = NULL, *mc = NULL;
	wf_error err;
	double *a, *b, *ia, *ib;
	size_t nu, c, ra, ca, rb, cb, rsum = 0, csum = 0;

	(void)state;
	run_open(&r, LLAMA, five);
	wf_error_clear(&err);
	assert_int_equal(wf_mc_new(&one, &r.pl, n, &err), 0);
	nu = wf_mc_n_uncertain(one);
	assert_int_equal(nu, 5);
	a = malloc(n * W * sizeof(double));
	b = malloc(n * W * sizeof(double));
	ia = malloc(n * nu * sizeof(double));
	ib = malloc(n * nu * sizeof(double));
	assert_true(a && b && ia && ib);
	assert_int_equal(wf_mc_eval(one, 2024, 0, n, a, ia, &err), 0);
	wf_mc_out_of_range(one, -1, &ra, &ca);
	assert_true(ra > 0); /* normal(1.1, 0.08) PUE: about 11% below 1 */
	assert_int_equal(ca, 0);

	/* three uneven chunks, each on a fresh workspace, last one first */
	memset(b, 0xab, n * W * sizeof(double));
	memset(ib, 0xab, n * nu * sizeof(double));
	for (c = 3; c-- > 0;) {
		assert_int_equal(wf_mc_new(&mc, &r.pl, n, &err), 0);
		assert_int_equal(wf_mc_eval(mc, 2024, cut[c], cut[c + 1] - cut[c],
					    b + cut[c] * W, ib + cut[c] * nu, &err), 0);
		wf_mc_out_of_range(mc, -1, &rb, &cb);
		rsum += rb;
		csum += cb;
		wf_mc_free(mc);
	}
	assert_memory_equal(a, b, n * W * sizeof(double));
	assert_memory_equal(ia, ib, n * nu * sizeof(double));
	assert_int_equal(rsum, ra);
	assert_int_equal(csum, ca);

	/* the same workspace again, sample by sample in reverse */
	for (c = n; c-- > 0;)
		assert_int_equal(wf_mc_eval(one, 2024, c, 1, b + c * W, ib + c * nu, &err), 0);
	assert_memory_equal(a, b, n * W * sizeof(double));
	assert_memory_equal(ia, ib, n * nu * sizeof(double));

	/* another seed, other numbers */
	assert_int_equal(wf_mc_eval(one, 2025, 0, n, b, NULL, &err), 0);
	assert_true(memcmp(a, b, n * W * sizeof(double)) != 0);
	assert_true(a[WF_OUT_ENERGY_IT_KWH] != b[WF_OUT_ENERGY_IT_KWH]);
	free(a);
	free(b);
	free(ia);
	free(ib);
	wf_mc_free(one);
	run_free(&r);
}

typedef struct job {
	const wf_plan *pl;
	size_t n, first, count;
	double *out;
	int rc;
} job;

static void *job_run(void *arg)
{
	job *j = arg;
	wf_mc *mc = NULL;

	j->rc = wf_mc_new(&mc, j->pl, j->n, NULL);
	if (!j->rc)
		j->rc = wf_mc_eval(mc, 77, j->first, j->count, j->out + j->first * W, NULL,
				   NULL);
	wf_mc_free(mc);
	return NULL;
}

/* Threads share one plan, each with its own workspace: LLaMA with five
 * distributions, and a tabulated power curve (GSL interpolation, shared
 * read-only) with an uncertain utilisation.  Run under TSan too. */
static void threads_are_bit_identical(void **state)
{
	static const char *const curve[] = {"workload.utilisation=tri(0.2, 0.5, 0.9)", NULL};
	const char *const files[] = {LLAMA, "tests/scenarios/hand_power_curve.yaml"};
	const char *const *sets[] = {five, curve};
	const size_t n = 30011, cut[] = {0, 9001, 9500, 30011};
	pthread_t th[3];
	job jobs[3];
	run r;
	double *a, *b;
	int t, f;

	(void)state;
	for (f = 0; f < 2; f++) {
		run_open(&r, files[f], sets[f]);
		mc_run(&r.pl, n, 77, &a, NULL, NULL);
		b = calloc(n * W, sizeof(double));
		assert_non_null(b);
		for (t = 0; t < 3; t++) {
			jobs[t] = (job){&r.pl, n, cut[t], cut[t + 1] - cut[t], b, -1};
			assert_int_equal(pthread_create(&th[t], NULL, job_run, &jobs[t]), 0);
		}
		for (t = 0; t < 3; t++) {
			pthread_join(th[t], NULL);
			assert_int_equal(jobs[t].rc, 0);
		}
		assert_memory_equal(a, b, n * W * sizeof(double));
		/* the curve bends: the samples do vary */
		assert_true(a[WF_OUT_ENERGY_IT_KWH] != a[W + WF_OUT_ENERGY_IT_KWH]);
		free(a);
		free(b);
		run_free(&r);
	}
}

/* Making PUE uncertain leaves the draws of power alone. */
static void common_random_numbers(void **state)
{
	static const char *const s1[] = {"workload.power_per_device=normal(400 W, 40 W)",
					 NULL};
	static const char *const s2[] = {"workload.power_per_device=normal(400 W, 40 W)",
					 "site.pue=tri(1.05,1.1,1.3)", NULL};
	const size_t n = 2000;
	run r1, r2;
	double *o1, *o2, *i1, *i2;
	size_t n1, n2, i;

	(void)state;
	run_open(&r1, LLAMA, s1);
	run_open(&r2, LLAMA, s2);
	mc_run(&r1.pl, n, 5, &o1, &i1, &n1);
	mc_run(&r2.pl, n, 5, &o2, &i2, &n2);
	assert_int_equal(n1, 1);
	assert_int_equal(n2, 2);
	for (i = 0; i < n; i++) {
		assert_true(i1[i] == i2[i * n2 + unc_col(&r2.pl, P_POWER_DEV)]);
		assert_true(o1[i * W + WF_OUT_ENERGY_IT_KWH] == o2[i * W + WF_OUT_ENERGY_IT_KWH]);
	}
	free(o1);
	free(o2);
	free(i1);
	free(i2);
	run_free(&r1);
	run_free(&r2);
}

/* -------------------------------------------------------------- samplers */

/* Kolmogorov-Smirnov statistic of x[0..n) (sorted here) against cdf. */
static double ks(double *x, size_t n, double (*cdf)(double, const double *),
		 const double *par)
{
	double d = 0;
	size_t i;

	gsl_sort(x, 1, n);
	for (i = 0; i < n; i++) {
		double f = cdf(x[i], par);
		d = fmax(d, fmax(fabs(f - (double)i / n), fabs((double)(i + 1) / n - f)));
	}
	return d;
}

static double cdf_uniform(double x, const double *p)
{
	return x <= p[0] ? 0 : x >= p[1] ? 1 : (x - p[0]) / (p[1] - p[0]);
}

/* tri(a, c, b): Kotz & van Dorp (2004) eq. 1.3 */
static double cdf_tri(double x, const double *p)
{
	double a = p[0], c = p[1], b = p[2];

	if (x <= a)
		return 0;
	if (x >= b)
		return 1;
	return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a))
		      : 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

static double cdf_pert(double x, const double *p)
{
	double a = p[0], m = p[1], b = p[2];

	return gsl_cdf_beta_P((x - a) / (b - a), 1 + 4 * (m - a) / (b - a),
			      1 + 4 * (b - m) / (b - a));
}

static double cdf_lognormal(double x, const double *p)
{
	return gsl_cdf_lognormal_P(x, log(p[0]), log(p[1]));
}

static double cdf_normal(double x, const double *p)
{
	return gsl_cdf_gaussian_P(x - p[0], p[1]);
}

static void samplers_match_their_distributions(void **state)
{
	static const char *const sets[] = {
		"workload.device_hours=uniform(900000, 1100000)",
		"workload.power_per_device=pert(300 W, 350 W, 600 W)",
		"site.pue=tri(1.1, 1.2, 1.6)",
		"grid.intensity=normal(385 g/kWh, 20 g/kWh)",
		"grid.market_intensity=lognormal(300 g/kWh, 1.5)", NULL};
	const size_t n = 20000;
	/* 1% critical value of the KS statistic, large n: 1.63 / sqrt(n) */
	const double ks_crit = 1.63 / sqrt((double)n);
	const double pu[] = {900000 * 3600.0, 1100000 * 3600.0};
	const double pp[] = {300, 350, 600};
	const double pt[] = {1.1, 1.2, 1.6};
	const double pn[] = {385 * G_PER_KWH, 20 * G_PER_KWH};
	const double pl[] = {300 * G_PER_KWH, 1.5};
	run r;
	double *out, *in, *c, mu;
	size_t nu, i, below;

	(void)state;
	run_open(&r, LLAMA, sets);
	mc_run(&r.pl, n, 31337, &out, &in, &nu);
	assert_int_equal(nu, 5);

	c = column(in, nu, unc_col(&r.pl, P_DEVICE_S), n);
	assert_within_se(gsl_stats_mean(c, 1, n), 1e6 * 3600, 2e5 * 3600 / sqrt(12.0 * n), 4);
	assert_true(ks(c, n, cdf_uniform, pu) < ks_crit);
	free(c);

	/* pert: mean (a + 4m + b) / 6, var (mu - a)(b - mu) / 7 (Vose 2008) */
	c = column(in, nu, unc_col(&r.pl, P_POWER_DEV), n);
	mu = (300 + 4 * 350 + 600) / 6.0;
	assert_within_se(gsl_stats_mean(c, 1, n), mu, sqrt((mu - 300) * (600 - mu) / 7 / n), 4);
	assert_rel(gsl_stats_sd(c, 1, n), sqrt((mu - 300) * (600 - mu) / 7), 0.03);
	assert_true(ks(c, n, cdf_pert, pp) < ks_crit);
	free(c);

	/* tri: mean (a + c + b) / 3, P(X < c) = (c - a) / (b - a) */
	c = column(in, nu, unc_col(&r.pl, P_PUE), n);
	assert_within_se(gsl_stats_mean(c, 1, n), 1.3, 0.1 / sqrt((double)n), 4);
	for (i = 0, below = 0; i < n; i++)
		below += c[i] < 1.2;
	assert_within_se((double)below / n, 0.2, sqrt(0.2 * 0.8 / n), 4);
	assert_true(ks(c, n, cdf_tri, pt) < ks_crit);
	free(c);

	c = column(in, nu, unc_col(&r.pl, P_CI), n);
	assert_within_se(gsl_stats_mean(c, 1, n), pn[0], pn[1] / sqrt((double)n), 4);
	assert_rel(gsl_stats_sd(c, 1, n), pn[1], 0.03);
	assert_true(ks(c, n, cdf_normal, pn) < ks_crit);
	free(c);

	c = column(in, nu, unc_col(&r.pl, P_CI_MARKET), n);
	assert_true(ks(c, n, cdf_lognormal, pl) < ks_crit);
	assert_within_se(gsl_stats_quantile_from_sorted_data(c, 1, n, 0.5), pl[0],
			 pl[0] * log(1.5) * 1.2533 / sqrt((double)n), 4);
	free(c);

	free(out);
	free(in);
	run_free(&r);
}

/* -------------------------------------------------------- analytic checks */

/* energy = device-time x power x PUE, emissions = energy x intensity: with
 * lognormal factors the products are lognormal with median the product of
 * the medians and log-sd sqrt(sum of ln(gsd)^2). */
static void product_of_lognormals(void **state)
{
	static const char *const sets[] = {"workload.power_per_device=lognormal(400 W, 1.2)",
					   "site.pue=lognormal(1.5, 1.1)",
					   "grid.intensity=lognormal(385 g/kWh, 1.3)", NULL};
	const size_t n = 200000;
	const int outs[] = {WF_OUT_ENERGY_FACILITY_KWH, WF_OUT_EMISSIONS_OPERATIONAL_KG};
	const double med[] = {LLAMA_DS * 400 * 1.5, LLAMA_DS * 400 * 1.5 * 385 * G_PER_KWH};
	const double sig[] = {hypot(log(1.2), log(1.1)),
			      sqrt(pow(log(1.2), 2) + pow(log(1.1), 2) + pow(log(1.3), 2))};
	run r;
	double *out, *c;
	wf_summary s[W];
	wf_error err;
	size_t i, redrawn, clamped;
	wf_mc *mc = NULL;
	int j;

	(void)state;
	run_open(&r, LLAMA, sets);
	mc_run(&r.pl, n, 4242, &out, NULL, NULL);
	assert_int_equal(wf_mc_summarise(s, out, n, &err), 0);
	for (j = 0; j < 2; j++) {
		c = column(out, W, outs[j], n);
		for (i = 0; i < n; i++)
			c[i] = log(c[i]);
		/* SE of a sample median of a normal: sqrt(pi / 2) sigma / sqrt(n);
		 * of a sample sd: sigma / sqrt(2 n) */
		assert_within_se(log(s[outs[j]].p50), log(med[j]), 1.2533 * sig[j] / sqrt((double)n), 4);
		assert_within_se(gsl_stats_sd(c, 1, n), sig[j], sig[j] / sqrt(2.0 * n), 4);
		/* the mean of a lognormal: median x exp(sigma^2 / 2) */
		assert_rel(s[outs[j]].mean, med[j] * exp(sig[j] * sig[j] / 2), 0.005);
		free(c);
	}
	/* PUE below 1 has probability 1e-5 here: a redraw or two at most */
	assert_int_equal(wf_mc_new(&mc, &r.pl, n, &err), 0);
	assert_int_equal(wf_mc_eval(mc, 4242, 0, n, out, NULL, &err), 0);
	wf_mc_out_of_range(mc, P_PUE, &redrawn, &clamped);
	assert_true(redrawn < 20);
	assert_int_equal(clamped, 0);
	wf_mc_free(mc);
	free(out);
	run_free(&r);
}

/* IT power = device power + host power: the mean of a sum of uniforms is
 * the sum of their means, its variance the sum of (b - a)^2 / 12. */
static void sum_of_uniforms(void **state)
{
	static const char *const sets[] = {"workload.power_per_device=uniform(300 W, 500 W)",
					   "workload.host_power=uniform(50 W, 150 W)", NULL};
	const size_t n = 100000;
	const double sd = LLAMA_DS * sqrt((200.0 * 200 + 100.0 * 100) / 12);
	run r;
	double *out;
	wf_summary s[W];
	wf_error err;

	(void)state;
	run_open(&r, LLAMA, sets);
	mc_run(&r.pl, n, 8, &out, NULL, NULL);
	assert_int_equal(wf_mc_summarise(s, out, n, &err), 0);
	assert_within_se(s[WF_OUT_ENERGY_IT_KWH].mean, LLAMA_DS * 500, sd / sqrt((double)n), 4);
	assert_rel(s[WF_OUT_ENERGY_IT_KWH].sd, sd, 0.01);
	/* symmetric, so the median is the mean too */
	assert_within_se(s[WF_OUT_ENERGY_IT_KWH].p50, LLAMA_DS * 500, 2 * sd / sqrt((double)n), 4);
	assert_rel(s[WF_OUT_ENERGY_FACILITY_KWH].mean, 1.1 * s[WF_OUT_ENERGY_IT_KWH].mean, 1e-12);
	free(out);
	run_free(&r);
}

/* The error of the sample median shrinks as 1/sqrt(N): for uniform(300,
 * 500) W its standard error is 1 / (2 f sqrt(N)) = 100 W / sqrt(N). */
static void quantiles_converge(void **state)
{
	static const char *const sets[] = {"workload.power_per_device=uniform(300 W, 500 W)",
					   NULL};
	const size_t ns[] = {1000, 10000, 100000};
	const int seeds = 12;
	double rms[3], *out;
	wf_summary s[W];
	wf_error err;
	run r;
	int j, k;

	(void)state;
	run_open(&r, LLAMA, sets);
	for (j = 0; j < 3; j++) {
		double ss = 0;
		for (k = 0; k < seeds; k++) {
			mc_run(&r.pl, ns[j], 1000 + k, &out, NULL, NULL);
			assert_int_equal(wf_mc_summarise(s, out, ns[j], &err), 0);
			ss += pow(s[WF_OUT_ENERGY_IT_KWH].p50 / LLAMA_DS - 400, 2);
			free(out);
		}
		rms[j] = sqrt(ss / seeds);
		print_message("p50 rms error at N = %zu: %.4g W (theory %.4g W)\n", ns[j],
			      rms[j], 100 / sqrt((double)ns[j]));
		assert_true(rms[j] < 2.5 * 100 / sqrt((double)ns[j]));
	}
	assert_true(rms[0] > rms[1] && rms[1] > rms[2]);
	assert_true(rms[0] / rms[2] > 4 && rms[0] / rms[2] < 25);
	run_free(&r);
}

/* ------------------------------------------------------- physical ranges */

static void truncated_to_range(void **state)
{
	static const char *const sets[] = {"site.pue=normal(1.05, 0.1)", NULL};
	const size_t n = 50000;
	/* mean of a normal truncated below at 1: mu + sd phi(a) / (1 - Phi(a)),
	 * a = (1 - mu) / sd (Johnson, Kotz & Balakrishnan, Continuous Univariate
	 * Distributions 1, 2nd ed. 1994, ch. 13) */
	const double a = (1 - 1.05) / 0.1;
	const double tmean = 1.05 + 0.1 * gsl_ran_ugaussian_pdf(a) / gsl_cdf_ugaussian_Q(a);
	run r;
	wf_mc *mc = NULL;
	wf_error err;
	double *out, *in;
	size_t i, redrawn, clamped;

	(void)state;
	run_open(&r, LLAMA, sets);
	out = malloc(n * W * sizeof(double));
	in = malloc(n * sizeof(double));
	wf_error_clear(&err);
	assert_int_equal(wf_mc_new(&mc, &r.pl, n, &err), 0);
	assert_int_equal(wf_mc_eval(mc, 3, 0, n, out, in, &err), 0);
	for (i = 0; i < n; i++)
		assert_true(in[i] >= 1);
	wf_mc_out_of_range(mc, P_PUE, &redrawn, &clamped);
	/* P(X < 1) = 0.31: about 0.31 / 0.69 n redraws */
	assert_within_se((double)redrawn / n, 0.3085 / 0.6915, 0.02, 1);
	assert_int_equal(clamped, 0);
	assert_within_se(gsl_stats_mean(in, 1, n), tmean, 0.07 / sqrt((double)n), 4);
	wf_mc_free(mc);
	free(out);
	free(in);
	run_free(&r);
}

static void clamped_when_redraws_fail(void **state)
{
	/* tri(0.2, 1, 1.01) has its mode, the nominal PUE, at 1 but only
	 * 0.01^2 / (0.81 x 0.01) = 1.23% of its mass at or above 1: accepted,
	 * but all 65 draws fall below 1 in (1 - 0.0123)^65 = 45% of samples,
	 * which are clamped to 1. */
	static const char *const sets[] = {"site.pue=tri(0.2, 1, 1.01)", NULL};
	const size_t n = 2000;
	const double p = pow(1 - 0.01 * 0.01 / (0.81 * 0.01), WF_MC_MAX_REDRAW + 1);
	run r;
	wf_mc *mc = NULL;
	wf_error err;
	double *out, *in;
	size_t i, ones = 0, redrawn, clamped, total;

	(void)state;
	run_open(&r, LLAMA, sets);
	out = malloc(n * W * sizeof(double));
	in = malloc(n * sizeof(double));
	wf_error_clear(&err);
	assert_int_equal(wf_mc_new(&mc, &r.pl, n, &err), 0);
	assert_int_equal(wf_mc_eval(mc, 11, 0, n, out, in, &err), 0);
	for (i = 0; i < n; i++) {
		assert_true(in[i] >= 1 && in[i] <= 1.01);
		ones += in[i] == 1;
	}
	wf_mc_out_of_range(mc, P_PUE, &redrawn, &clamped);
	wf_mc_out_of_range(mc, -1, NULL, &total);
	assert_int_equal(clamped, ones);
	assert_int_equal(total, clamped);
	assert_true(redrawn >= clamped * WF_MC_MAX_REDRAW);
	assert_within_se((double)clamped / n, p, sqrt(p * (1 - p) / n), 4);
	wf_mc_free(mc);
	free(out);
	free(in);
	run_free(&r);
}

static void nearly_impossible_refused(void **state)
{
	static const char *const normal[] = {"site.pue=normal(1.0, 0.001)",
					     "workload.power_per_device=normal(1 W, 400 W)",
					     NULL};
	run r;
	wf_mc *mc = NULL;
	wf_error err;
	char b[2048];

	(void)state;
	/* PUE tri wholly below 1 (nominal 1 passes the parser's check) */
	{
		static const char *const sets[] = {"site.pue=tri(0.5, 1, 1)", NULL};
		run_open(&r, LLAMA, sets);
		wf_error_clear(&err);
		assert_int_equal(wf_mc_new(&mc, &r.pl, 100, &err), WF_EINPUT);
		assert_null(mc);
		wf_error_format(&err, b, sizeof b);
		print_message("%s\n", b);
		assert_non_null(strstr(b, "site.pue"));
		assert_non_null(strstr(b, "tri"));
		assert_true(err.line > 0 || err.file[0]);
		run_free(&r);
	}
	/* half of the mass is in range: fine */
	run_open(&r, LLAMA, normal);
	assert_int_equal(wf_mc_new(&mc, &r.pl, 100, &err), 0);
	wf_mc_free(mc);
	run_free(&r);
}

/* A sample the model cannot evaluate names itself. */
static void failing_sample_is_named(void **state)
{
	/* 864000 requests x 500 tokens / throughput must fit in 480 device-h:
	 * below 250 tokens/s (17% of the range) they do not */
	static const char *const sets[] = {"workload.throughput=uniform(100, 1000) tokens/s",
					   NULL};
	run r;
	wf_mc *mc = NULL;
	wf_error err;
	double *out = malloc(1000 * W * sizeof(double));

	(void)state;
	run_open(&r, "tests/scenarios/hand_inference.yaml", sets);
	wf_error_clear(&err);
	assert_int_equal(wf_mc_new(&mc, &r.pl, 1000, &err), 0);
	assert_int_equal(wf_mc_eval(mc, 7, 0, 1000, out, NULL, &err), WF_EINPUT);
	print_message("%s\n", err.message);
	assert_non_null(strstr(err.message, "Monte Carlo sample "));
	assert_non_null(strstr(err.message, "(seed 7)"));
	assert_non_null(strstr(err.message, "device-hours"));
	wf_mc_free(mc);
	free(out);
	run_free(&r);
}

static void invalid_distribution_rejected(void **state)
{
	wf_result *res = NULL;
	wf_error err;
	char b[2048];
	int rc;

	(void)state;
	rc = test_eval(&res, cat, LLAMA, &err, "site.pue=tri(1.4,1.2,1.1)", (const char *)NULL);
	assert_int_equal(rc, WF_EINPUT);
	assert_null(res);
	print_message("%s\n", wf_error_format(&err, b, sizeof b));
	assert_non_null(strstr(err.message, "tri"));
	rc = test_eval(&res, cat, LLAMA, &err, "grid.intensity=lognormal(385 g/kWh, 0.5)",
		       (const char *)NULL);
	assert_int_equal(rc, WF_EINPUT);
	assert_non_null(strstr(err.message, "gsd"));
	rc = test_eval(&res, cat, LLAMA, &err, "workload.power_per_device=normal(400 W, -1 W)",
		       (const char *)NULL);
	assert_int_equal(rc, WF_EINPUT);
}

static void bad_arguments(void **state)
{
	run r;
	wf_mc *mc = NULL;
	wf_error err;
	double out[3 * W], in[3];
	wf_sens sens[P_COUNT_];
	wf_summary s[W];
	size_t ns = 99;

	(void)state;
	run_open(&r, LLAMA, NULL);
	wf_error_clear(&err);
	assert_int_equal(wf_mc_new(&mc, &r.pl, 0, &err), WF_EINPUT);
	assert_null(mc);
	wf_error_clear(&err);
	assert_int_equal(wf_mc_new(&mc, &r.pl, 3, &err), 0);
	assert_int_equal(wf_mc_eval(mc, 1, 2, 2, out, NULL, &err), WF_EINPUT);
	assert_int_equal(wf_mc_eval(mc, 1, 4, 0, out, NULL, &err), WF_EINPUT);
	assert_int_equal(wf_mc_eval(mc, 1, 3, 0, out, NULL, NULL), 0);
	assert_int_equal(wf_mc_eval(mc, 1, 0, 3, out, in, NULL), 0);
	assert_int_equal(wf_mc_summarise(s, out, 0, NULL), WF_EINPUT);
	/* no uncertain inputs: nothing to rank, whatever n */
	assert_int_equal(wf_mc_sensitivity(sens, &ns, &r.pl, in, out, 1, NULL), 0);
	assert_int_equal(ns, 0);
	wf_mc_free(mc);
	wf_mc_free(NULL);
	run_free(&r);
}

/* -------------------------------------------------------------- summaries */

static void summary_known_values(void **state)
{
	double m[5 * W];
	const double v[5] = {5, 1, 4, 2, 3};
	wf_summary s[W];
	wf_error err;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < 5; i++)
		for (k = 0; k < W; k++)
			m[i * W + k] = k == 0 || k == 3 ? v[i] : k == 1 ? -v[i] : k == 2 ? 7 : NAN;
	wf_error_clear(&err);
	assert_int_equal(wf_mc_summarise(s, m, 5, &err), 0);
	for (k = 0; k < 4; k++)
		assert_true(s[k].present);
	for (k = 4; k < W; k++) {
		assert_false(s[k].present);
		assert_true(isnan(s[k].p50) && isnan(s[k].mean));
	}
	/* GSL's quantile: index f (n - 1), linear between neighbours */
	assert_rel(s[0].mean, 3, 1e-15);
	assert_rel(s[0].sd, sqrt(2.5), 1e-15);
	assert_rel(s[0].p05, 1.2, 1e-15);
	assert_rel(s[0].p50, 3, 1e-15);
	assert_rel(s[0].p95, 4.8, 1e-15);
	assert_memory_equal(&s[3], &s[0], sizeof(s[0]));
	assert_rel(s[1].p05, -4.8, 1e-15);
	assert_rel(s[1].p95, -1.2, 1e-15);
	assert_true(s[2].mean == 7 && s[2].sd == 0 && s[2].p05 == 7 && s[2].p95 == 7);
	/* one sample: sd 0 */
	assert_int_equal(wf_mc_summarise(s, m, 1, &err), 0);
	assert_true(s[0].sd == 0 && s[0].p05 == 5 && s[0].p95 == 5);

	/* NaN in some samples only, or an infinity: a numerical failure */
	m[2 * W + 0] = NAN;
	assert_int_equal(wf_mc_summarise(s, m, 5, &err), WF_ENUMERIC);
	assert_non_null(strstr(err.message, "duration_h"));
	m[2 * W + 0] = INFINITY;
	wf_error_clear(&err);
	assert_int_equal(wf_mc_summarise(s, m, 5, &err), WF_ENUMERIC);
	assert_non_null(strstr(err.message, "infinite in sample 2"));
}

/* The radix sort gives what gsl_sort gives, on awkward data: both signs,
 * both zeros, ties, subnormals, huge and tiny magnitudes. */
static void summary_matches_gsl(void **state)
{
	const size_t n = 10007;
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	double *m = malloc(n * W * sizeof(double)), *c;
	wf_summary s[W];
	wf_error err;
	size_t i;
	int k;

	(void)state;
	assert_non_null(m);
	for (i = 0; i < n; i++)
		for (k = 0; k < W; k++) {
			double u = gsl_rng_uniform(g), x;
			switch (k % 5) {
			case 0: x = (u - 0.5) * 1e3; break;
			case 1: x = floor(u * 7) - 3; break;             /* ties, +-0 */
			case 2: x = (u < 0.5 ? -1 : 1) * pow(10, 300 * u - 150); break;
			case 3: x = (u - 0.5) * 1e-310; break;           /* subnormal */
			default: x = i % 3 == 0 ? -0.0 : 0.0 + u; break;
			}
			m[i * W + k] = x;
		}
	wf_error_clear(&err);
	assert_int_equal(wf_mc_summarise(s, m, n, &err), 0);
	for (k = 0; k < W; k++) {
		c = column(m, W, k, n);
		assert_true(s[k].mean == gsl_stats_mean(c, 1, n));
		assert_true(s[k].sd == gsl_stats_sd(c, 1, n));
		gsl_sort(c, 1, n);
		assert_true(s[k].p05 == gsl_stats_quantile_from_sorted_data(c, 1, n, 0.05));
		assert_true(s[k].p50 == gsl_stats_quantile_from_sorted_data(c, 1, n, 0.5));
		assert_true(s[k].p95 == gsl_stats_quantile_from_sorted_data(c, 1, n, 0.95));
		free(c);
	}
	free(m);
	gsl_rng_free(g);
}

/* ------------------------------------------------------------ sensitivity */

static void sensitivity_matches_gsl_spearman(void **state)
{
	const size_t n = 5000;
	run r;
	double *out, *in, *a, *b, *work = malloc(2 * n * sizeof(double));
	wf_sens sens[P_COUNT_];
	wf_error err;
	size_t nu, ns, u, i;
	int k;

	(void)state;
	run_open(&r, LLAMA, five);
	mc_run(&r.pl, n, 555, &out, &in, &nu);
	/* ties in an input and in an output, as rounding makes them */
	for (i = 0; i < n; i++) {
		in[i * nu + 1] = floor(in[i * nu + 1] / 25) * 25;
		out[i * W + WF_OUT_ENERGY_IT_KWH] = floor(out[i * W + WF_OUT_ENERGY_IT_KWH] / 1e10) * 1e10;
	}
	wf_error_clear(&err);
	assert_int_equal(wf_mc_sensitivity(sens, &ns, &r.pl, in, out, n, &err), 0);
	assert_int_equal(ns, nu);
	for (u = 0; u < nu; u++)
		for (k = 0; k < W; k++) {
			if (isnan(out[k])) {
				assert_true(isnan(sens[u].rho[k]) && isnan(sens[u].share[k]));
				continue;
			}
			a = column(in, nu, u, n);
			b = column(out, W, k, n);
			if (gsl_stats_sd(b, 1, n) == 0)
				assert_true(sens[u].rho[k] == 0);
			else if (fabs(sens[u].rho[k] - gsl_stats_spearman(a, 1, b, 1, n, work)) > 1e-12)
				fail_msg("%s vs %s: rho %.17g, gsl_stats_spearman %.17g",
					 wf_plan_input_name(sens[u].pin), wf_output_name(k),
					 sens[u].rho[k], gsl_stats_spearman(a, 1, b, 1, n, work));
			free(a);
			free(b);
		}
	free(out);
	free(in);
	free(work);
	run_free(&r);
}

static void sensitivity_shares(void **state)
{
	/* relative spreads: power 0.144, PUE 0.048 (sd / mean of the uniforms) */
	static const char *const sets[] = {"workload.power_per_device=uniform(300 W, 500 W)",
					   "site.pue=uniform(1.1, 1.3)", NULL};
	const size_t n = 20000;
	run r;
	double *out, *in;
	wf_sens s[P_COUNT_];
	wf_error err;
	size_t nu, ns, P, U;

	(void)state;
	run_open(&r, LLAMA, sets);
	mc_run(&r.pl, n, 2, &out, &in, &nu);
	wf_error_clear(&err);
	assert_int_equal(wf_mc_sensitivity(s, &ns, &r.pl, in, out, n, &err), 0);
	assert_int_equal(ns, 2);
	P = unc_col(&r.pl, P_POWER_DEV);
	U = unc_col(&r.pl, P_PUE);
	assert_int_equal(s[P].pin, P_POWER_DEV);
	assert_int_equal(s[U].pin, P_PUE);
	/* IT energy depends on power alone */
	assert_true(s[P].rho[WF_OUT_ENERGY_IT_KWH] > 0.9999);
	assert_true(fabs(s[U].rho[WF_OUT_ENERGY_IT_KWH]) < 0.03);
	assert_true(s[P].share[WF_OUT_ENERGY_IT_KWH] > 0.999);
	/* facility energy: mostly power (the log-variance split is 90/10) */
	assert_true(s[P].share[WF_OUT_ENERGY_FACILITY_KWH] > 0.8 &&
		    s[P].share[WF_OUT_ENERGY_FACILITY_KWH] < 0.95);
	assert_rel(s[P].share[WF_OUT_ENERGY_FACILITY_KWH] +
			   s[U].share[WF_OUT_ENERGY_FACILITY_KWH], 1, 1e-12);
	assert_true(s[U].rho[WF_OUT_ENERGY_FACILITY_KWH] > 0.2);
	/* a constant output: nothing moves it */
	assert_true(s[P].rho[WF_OUT_INTENSITY_G_PER_KWH] == 0 &&
		    s[P].share[WF_OUT_INTENSITY_G_PER_KWH] == 0);
	/* an absent output (no wall time, so no duration): NaN */
	assert_true(isnan(out[WF_OUT_DURATION_H]));
	assert_true(isnan(s[P].rho[WF_OUT_DURATION_H]));
	/* repeated outputs get the same figures */
	assert_true(s[U].rho[WF_OUT_EMISSIONS_TOTAL_KG] ==
		    s[U].rho[WF_OUT_EMISSIONS_OPERATIONAL_KG]);
	free(out);
	free(in);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_fixed_is_nominal),
		cmocka_unit_test(one_sample_is_nominal),
		cmocka_unit_test(zero_spread_is_fixed),
		cmocka_unit_test(chunks_are_bit_identical),
		cmocka_unit_test(threads_are_bit_identical),
		cmocka_unit_test(common_random_numbers),
		cmocka_unit_test(samplers_match_their_distributions),
		cmocka_unit_test(product_of_lognormals),
		cmocka_unit_test(sum_of_uniforms),
		cmocka_unit_test(quantiles_converge),
		cmocka_unit_test(truncated_to_range),
		cmocka_unit_test(clamped_when_redraws_fail),
		cmocka_unit_test(nearly_impossible_refused),
		cmocka_unit_test(failing_sample_is_named),
		cmocka_unit_test(invalid_distribution_rejected),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(summary_known_values),
		cmocka_unit_test(summary_matches_gsl),
		cmocka_unit_test(sensitivity_matches_gsl_spearman),
		cmocka_unit_test(sensitivity_shares),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

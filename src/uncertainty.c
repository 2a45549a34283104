/*
 * uncertainty.c - Monte Carlo over a plan's uncertain inputs (see
 * uncertainty.h for the contract).
 *
 * Random numbers.  Every GSL generator seeds from 32 bits (taus2's
 * gsl_rng_set keeps s mod 2^32: GSL rng/taus.c, LCG seeding), so seeding
 * one per sample from a hash would make two samples of a million identical
 * about n^2 / 2^33 = 116 times.  Instead each (seed, sample, input) gets
 * its own 64-bit stream of SplitMix64 (Steele, Lea & Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014; passes
 * TestU01's BigCrush), wrapped as a gsl_rng_type so GSL's samplers draw
 * from it.  Its state is set directly from the hash: reseeding costs one
 * store, and no two of 2^64 states collide by truncation.
 *
 * Samplers (p[] in SI; see wattif.h):
 *   uniform(a, b)     gsl_ran_flat
 *   normal(mu, sd)    mu + sd Z, Z from gsl_ran_gaussian_ziggurat (Marsaglia
 *                     & Tsang, J. Stat. Softw. 5(8), 2000): the same
 *                     distribution as gsl_ran_gaussian, faster
 *   lognormal(m, g)   exp(ln m + ln g Z): median m, geometric sd g; the
 *                     definition gsl_ran_lognormal(zeta = ln m, sigma = ln g)
 *                     uses (GSL manual, "The Lognormal Distribution")
 *   tri(a, c, b)      inverse CDF of one uniform U with Fc = (c-a)/(b-a):
 *                     a + sqrt(U (b-a)(c-a)) if U < Fc,
 *                     else b - sqrt((1-U)(b-a)(b-c))
 *                     (Kotz & van Dorp, "Beyond Beta", World Scientific
 *                     2004, ch. 1); GSL has no triangular distribution
 *   pert(a, m, b)     a + (b-a) B, B ~ Beta(1 + 4(m-a)/(b-a), 1 + 4(b-m)/(b-a))
 *                     (Vose, "Risk Analysis: A Quantitative Guide", 3rd ed.,
 *                     Wiley 2008, the PERT distribution; mean (a + 4m + b)/6),
 *                     gsl_ran_beta
 *
 * Sorting.  Summaries and ranks need every output column sorted; a
 * million-sample run has up to 13 of them.  gsl_sort (heapsort) takes about
 * 160 ms per million doubles here, an LSD radix sort on the doubles' bit
 * patterns about 20 ms (45 ms carrying an index for ranks), with the same
 * result (tested).  Quantiles, means and sds are then GSL's; Spearman's rho
 * is Pearson's correlation of the ranks, each column ranked once rather than
 * once per pair as gsl_stats_spearman would (it agrees with it to 1e-12,
 * tested).
 */
#include "uncertainty.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "error.h"
#include "quantity.h"

/* ------------------------------------------------------------ generator */

/* SplitMix64's increment (2^64 / golden ratio) and output mix (Steele et
 * al. 2014, the "mix64" variant with Stafford's Mix13 constants). */
#define SM_GAMMA 0x9e3779b97f4a7c15ULL

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

typedef struct sm_state {
	uint64_t x;
} sm_state;

static uint64_t sm_next(sm_state *s)
{
	s->x += SM_GAMMA;
	return mix64(s->x);
}

static void sm_set(void *vs, unsigned long s)
{
	((sm_state *)vs)->x = s;
}

static unsigned long sm_get(void *vs)
{
	return (unsigned long)(sm_next(vs) >> 32);
}

/* [0, 1) with the 53 high bits, as a double holds them exactly. */
static double sm_get_double(void *vs)
{
	return (double)(sm_next(vs) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type sm_type = {
	"wattif-splitmix64", 0xffffffffUL, 0, sizeof(sm_state),
	&sm_set, &sm_get, &sm_get_double};

/* The stream of input `pin` in sample i of a run: SplitMix64's "next
 * output" applied to the seed with the sample index, then to that with the
 * input.  Seeds s and s + k gamma (mod 2^64) would give shifted copies of
 * one sample sequence, but |k gamma mod 2^64| >= 1.2e10 > 2^32 for every
 * 0 < k <= 10^9 (checked by enumeration), so two seeds below 2^32 never
 * share samples in runs of up to 10^9 samples. */
static uint64_t stream_of(unsigned long seed, size_t i, int pin)
{
	uint64_t h = mix64((uint64_t)seed + ((uint64_t)i + 1) * SM_GAMMA);
	return mix64(h + ((uint64_t)pin + 1) * SM_GAMMA);
}

/* ----------------------------------------------------------- workspace */

typedef struct mc_input {
	int pin;
	wf_dist_kind kind;
	double a, b;          /* uniform, tri, pert: bounds; normal: mu, sd;
			       * lognormal: ln median, ln gsd */
	double fc, k1, k2;    /* tri: (c-a)/(b-a), (b-a)(c-a), (b-a)(b-c) */
	double alpha, beta;   /* pert: Beta shape parameters */
	double lo, hi;        /* the input's physical range */
} mc_input;

struct wf_mc {
	const wf_plan *pl;
	size_t n_samples;
	gsl_rng *rng;
	double x[P_COUNT_];       /* nominal inputs; uncertain ones overwritten */
	size_t n_unc;
	mc_input unc[P_COUNT_];
	size_t redrawn[P_COUNT_];
	size_t clamped[P_COUNT_];
};

static const char *const kind_names[] = {"fixed", "uniform", "tri", "normal",
					 "lognormal", "pert"};

/* Zero spread means a fixed value (quantity.c accepts sd = 0, gsd = 1). */
static int uncertain(const wf_param *p)
{
	if (!p->set || p->v.kind == WF_DIST_FIXED)
		return 0;
	if (p->v.kind == WF_DIST_NORMAL)
		return p->v.p[1] > 0;
	if (p->v.kind == WF_DIST_LOGNORMAL)
		return p->v.p[1] > 1;
	return 1;
}

size_t wf_mc_uncertain(int pins_out[P_COUNT_], const wf_plan *pl)
{
	size_t n = 0;
	int k;

	for (k = 0; k < P_COUNT_; k++)
		if (uncertain(&pl->in[k]))
			pins_out[n++] = k;
	return n;
}

static void input_init(mc_input *in, int pin, const wf_value *v)
{
	double a = v->p[0], c = v->p[1], b = v->p[2];

	memset(in, 0, sizeof(*in));
	in->pin = pin;
	in->kind = v->kind;
	wf_plan_input_range(pin, &in->lo, &in->hi);
	switch (v->kind) {
	case WF_DIST_UNIFORM:
	case WF_DIST_NORMAL:
		in->a = v->p[0];
		in->b = v->p[1];
		break;
	case WF_DIST_LOGNORMAL:
		in->a = log(v->p[0]);
		in->b = log(v->p[1]);
		break;
	case WF_DIST_TRI:
		in->a = a;
		in->b = b;
		in->fc = (c - a) / (b - a);
		in->k1 = (b - a) * (c - a);
		in->k2 = (b - a) * (b - c);
		break;
	case WF_DIST_PERT:
		in->a = a;
		in->b = b;
		in->alpha = 1 + 4 * (c - a) / (b - a);
		in->beta = 1 + 4 * (b - c) / (b - a);
		break;
	case WF_DIST_FIXED:
		break;
	}
}

/* P(X <= x) of an input's distribution, for the in-range mass. */
static double input_cdf(const mc_input *in, double x)
{
	if (x == -INFINITY)
		return 0;
	if (x == INFINITY)
		return 1;
	switch (in->kind) {
	case WF_DIST_UNIFORM:
		return x <= in->a ? 0 : x >= in->b ? 1 : (x - in->a) / (in->b - in->a);
	case WF_DIST_TRI:
		if (x <= in->a)
			return 0;
		if (x >= in->b)
			return 1;
		if (x <= in->a + in->fc * (in->b - in->a))
			return (x - in->a) * (x - in->a) / in->k1;
		return 1 - (in->b - x) * (in->b - x) / in->k2;
	case WF_DIST_NORMAL:
		return gsl_cdf_gaussian_P(x - in->a, in->b);
	case WF_DIST_LOGNORMAL:
		return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, in->a, in->b);
	case WF_DIST_PERT:
		if (x <= in->a)
			return 0;
		if (x >= in->b)
			return 1;
		return gsl_cdf_beta_P((x - in->a) / (in->b - in->a), in->alpha, in->beta);
	case WF_DIST_FIXED:
		break;
	}
	return NAN;
}

static int check_mass(const mc_input *in, const wf_param *p, wf_error *err)
{
	double mass = input_cdf(in, in->hi) - input_cdf(in, in->lo);
	char lo[64], hi[64];

	if (mass >= WF_MC_MIN_MASS)
		return 0;
	wf_quantity_format(lo, sizeof lo, in->lo, p->v.dim, 4);
	if (isinf(in->hi))
		strcpy(hi, "inf)");
	else
		strcat(wf_quantity_format(hi, sizeof hi - 1, in->hi, p->v.dim, 4), "]");
	return wf_error_set(err, WF_EINPUT, "uncertainty", p->file, p->line, p->col,
			    "%s: this %s distribution puts %.2g%% of its probability "
			    "inside the input's physical range [%s, %s; a sample "
			    "outside it is not a possible world", wf_plan_input_name(in->pin),
			    kind_names[in->kind], 100 * (mass > 0 ? mass : 0), lo, hi);
}

int wf_mc_new(wf_mc **out, const wf_plan *pl, size_t n_samples, wf_error *err)
{
	int pins[P_COUNT_];
	wf_mc *mc;
	size_t u;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !pl || n_samples == 0)
		return wf_error_set(err, WF_EINPUT, "uncertainty", NULL, 0, 0,
				    "Monte Carlo: %s", n_samples == 0 ? "samples must be at "
				    "least 1" : "invalid arguments");
	mc = calloc(1, sizeof(*mc));
	if (!mc || !(mc->rng = gsl_rng_alloc(&sm_type))) {
		free(mc);
		return wf_error_set(err, WF_ENOMEM, "uncertainty", NULL, 0, 0,
				    "out of memory");
	}
	mc->pl = pl;
	mc->n_samples = n_samples;
	wf_plan_nominal(pl, mc->x);
	mc->n_unc = wf_mc_uncertain(pins, pl);
	for (u = 0; u < mc->n_unc; u++) {
		const wf_param *p = &pl->in[pins[u]];
		input_init(&mc->unc[u], pins[u], &p->v);
		if ((rc = check_mass(&mc->unc[u], p, err))) {
			wf_mc_free(mc);
			return rc;
		}
	}
	*out = mc;
	return 0;
}

void wf_mc_free(wf_mc *mc)
{
	if (!mc)
		return;
	gsl_rng_free(mc->rng);
	free(mc);
}

size_t wf_mc_n_uncertain(const wf_mc *mc)
{
	return mc ? mc->n_unc : 0;
}

void wf_mc_out_of_range(const wf_mc *mc, int pin, size_t *redrawn, size_t *clamped)
{
	size_t r = 0, c = 0;
	int k;

	for (k = 0; mc && k < P_COUNT_; k++)
		if (pin < 0 || k == pin) {
			r += mc->redrawn[k];
			c += mc->clamped[k];
		}
	if (redrawn)
		*redrawn = r;
	if (clamped)
		*clamped = c;
}

/* ------------------------------------------------------------- sampling */

static double draw(gsl_rng *r, const mc_input *in)
{
	double u;

	switch (in->kind) {
	case WF_DIST_UNIFORM:
		return gsl_ran_flat(r, in->a, in->b);
	case WF_DIST_TRI:
		u = gsl_rng_uniform(r);
		return u < in->fc ? in->a + sqrt(u * in->k1) : in->b - sqrt((1 - u) * in->k2);
	case WF_DIST_NORMAL:
		return in->a + gsl_ran_gaussian_ziggurat(r, in->b);
	case WF_DIST_LOGNORMAL:
		return exp(in->a + gsl_ran_gaussian_ziggurat(r, in->b));
	case WF_DIST_PERT:
		return in->a + (in->b - in->a) * gsl_ran_beta(r, in->alpha, in->beta);
	case WF_DIST_FIXED:
		break;
	}
	return NAN;
}

/* One input of one sample, redrawn into its physical range (see
 * WF_MC_MAX_REDRAW in uncertainty.h). */
static double sample_input(wf_mc *mc, const mc_input *in, unsigned long seed, size_t i)
{
	sm_state *st = gsl_rng_state(mc->rng);
	double v;
	int t;

	st->x = stream_of(seed, i, in->pin);
	for (t = 0;; t++) {
		v = draw(mc->rng, in);
		/* an overflowing draw (exp of a huge lognormal) counts as out */
		if (v >= in->lo && v <= in->hi && isfinite(v))
			return v;
		if (t == WF_MC_MAX_REDRAW)
			break;
		mc->redrawn[in->pin]++;
	}
	mc->clamped[in->pin]++;
	return v < in->lo ? in->lo : in->hi;
}

int wf_mc_eval(wf_mc *mc, unsigned long seed, size_t first, size_t count,
	       double *out, double *inputs_out, wf_error *err)
{
	wf_outputs o;
	wf_error e;
	size_t j, u;
	int rc;

	if (!mc || (!out && count) || first > mc->n_samples ||
	    count > mc->n_samples - first)
		return wf_error_set(err, WF_EINPUT, "uncertainty", NULL, 0, 0,
				    "Monte Carlo: samples [%zu, %zu) are outside the run "
				    "of %zu", first, first + count, mc ? mc->n_samples : 0);
	/* Cleared once: wf_plan_evaluate only writes it on failure. */
	wf_error_clear(&e);
	for (j = 0; j < count; j++) {
		size_t i = first + j;
		/* One sample is the deterministic run: inputs stay nominal. */
		if (mc->n_samples > 1)
			for (u = 0; u < mc->n_unc; u++)
				mc->x[mc->unc[u].pin] = sample_input(mc, &mc->unc[u], seed, i);
		if ((rc = wf_plan_evaluate(mc->pl, mc->x, &o, NULL, &e)))
			return wf_error_set(err, rc, e.module[0] ? e.module : "uncertainty",
					    e.file[0] ? e.file : NULL, e.line, e.col,
					    "Monte Carlo sample %zu (seed %lu): %s", i, seed,
					    e.message[0] ? e.message : wf_strerror(rc));
		memcpy(out + j * WF_OUT_COUNT_, o.v, sizeof(o.v));
		if (inputs_out)
			for (u = 0; u < mc->n_unc; u++)
				inputs_out[j * mc->n_unc + u] = mc->x[mc->unc[u].pin];
	}
	return 0;
}

/* -------------------------------------------------------------- sorting */

/* A double's bits as an unsigned key with the same order (for non-NaN):
 * flip every bit of a negative, only the sign bit of a positive.  Equal
 * keys are equal doubles and the converse. */
#define SIGN_BIT 0x8000000000000000ULL

static uint64_t key_of(double d)
{
	uint64_t u;

	d = d == 0 ? 0.0 : d; /* -0 and +0 are equal: give them one key */
	memcpy(&u, &d, sizeof(u));
	return (u & SIGN_BIT) ? ~u : u | SIGN_BIT;
}

static double double_of(uint64_t k)
{
	uint64_t u = (k & SIGN_BIT) ? k & ~SIGN_BIT : ~k;
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

/* LSD radix sort of 64-bit keys, 11 bits a pass (the counts fit in L1).
 * Passes where every key has the same digit are skipped: samples of one
 * output share their sign and most of their exponent.  For ranks a key
 * travels with its index in one 16-byte record: one write stream per
 * bucket is faster than two parallel arrays (33 vs 45 ms a million). */
#define RADIX_BITS 11
#define RADIX_N (1u << RADIX_BITS)
#define RADIX_PASSES 6
#define DIGIT(key, p) (((key) >> ((p) * RADIX_BITS)) & (RADIX_N - 1))

typedef struct rec {
	uint64_t k;
	uint64_t i;
} rec;

typedef struct sort_ws {
	uint64_t *k, *tk;           /* keys and scratch (values only) */
	rec *r, *tr;                /* records and scratch (ranks), or NULL */
	size_t (*count)[RADIX_N];   /* RADIX_PASSES histograms */
} sort_ws;

/* Histograms of every digit in one pass; then the prefix sums of digit p
 * (0 if every key has the same digit p: nothing to do). */
static void histograms(sort_ws *w, const uint64_t *k, const rec *r, size_t n)
{
	size_t i, p;

	memset(w->count, 0, RADIX_PASSES * sizeof(*w->count));
	for (i = 0; i < n; i++) {
		uint64_t key = k ? k[i] : r[i].k;
		for (p = 0; p < RADIX_PASSES; p++)
			w->count[p][DIGIT(key, p)]++;
	}
}

static int offsets(size_t *c, uint64_t first_key, size_t p, size_t n)
{
	size_t d, sum = 0;

	if (c[DIGIT(first_key, p)] == n)
		return 0;
	for (d = 0; d < RADIX_N; d++) {
		size_t t = c[d];
		c[d] = sum;
		sum += t;
	}
	return 1;
}

static void radix_keys(sort_ws *w, size_t n)
{
	uint64_t *k = w->k, *tk = w->tk, *sw;
	size_t i, p;

	if (n == 0)
		return;
	histograms(w, k, NULL, n);
	for (p = 0; p < RADIX_PASSES; p++) {
		size_t *c = w->count[p];
		if (!offsets(c, k[0], p, n))
			continue;
		for (i = 0; i < n; i++)
			tk[c[DIGIT(k[i], p)]++] = k[i];
		sw = k, k = tk, tk = sw;
	}
	if (k != w->k)
		memcpy(w->k, k, n * sizeof(*k));
}

static void radix_recs(sort_ws *w, size_t n)
{
	rec *r = w->r, *tr = w->tr, *sw;
	size_t i, p;

	if (n == 0)
		return;
	histograms(w, NULL, r, n);
	for (p = 0; p < RADIX_PASSES; p++) {
		size_t *c = w->count[p];
		if (!offsets(c, r[0].k, p, n))
			continue;
		for (i = 0; i < n; i++)
			tr[c[DIGIT(r[i].k, p)]++] = r[i];
		sw = r, r = tr, tr = sw;
	}
	if (r != w->r)
		memcpy(w->r, r, n * sizeof(*r));
}

static int ws_alloc(sort_ws *w, size_t n, int with_index)
{
	memset(w, 0, sizeof(*w));
	if (n > SIZE_MAX / 4 / sizeof(rec))
		return WF_ENOMEM;
	w->count = malloc(RADIX_PASSES * sizeof(*w->count));
	if (with_index) {
		w->r = malloc(n * sizeof(rec) + 1);
		w->tr = malloc(n * sizeof(rec) + 1);
	} else {
		w->k = malloc(n * sizeof(uint64_t) + 1);
		w->tk = malloc(n * sizeof(uint64_t) + 1);
	}
	if (!w->count || (with_index ? !w->r || !w->tr : !w->k || !w->tk))
		return WF_ENOMEM;
	return 0;
}

static void ws_free(sort_ws *w)
{
	free(w->k);
	free(w->tk);
	free(w->r);
	free(w->tr);
	free(w->count);
}

/* Copy x[0..n) (no NaN) in ascending order into out (which may be x). */
static void sorted_copy(double *out, const double *x, size_t n, sort_ws *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		w->k[i] = key_of(x[i]);
	radix_keys(w, n);
	for (i = 0; i < n; i++)
		out[i] = double_of(w->k[i]);
}

/* Ranks of x[0..n) (no NaN), centred: rank - (n + 1) / 2, with ranks 1..n
 * and tied values given the average of their ranks, as gsl_stats_spearman
 * ranks them.  Centred ranks are half-integers, exact in a double.  rank
 * may be x.  Returns their sum of squares. */
static double centred_ranks(double *rank, const double *x, size_t n, sort_ws *w)
{
	size_t i, p, q;
	double ss = 0;

	for (i = 0; i < n; i++) {
		w->r[i].k = key_of(x[i]);
		w->r[i].i = i;
	}
	radix_recs(w, n);
	for (p = 0; p < n; p = q) {
		double r;
		for (q = p + 1; q < n && w->r[q].k == w->r[p].k; q++)
			;
		/* the average of ranks p + 1 .. q, less (n + 1) / 2 */
		r = 0.5 * ((double)(p + q) - (double)n);
		for (i = p; i < q; i++)
			rank[w->r[i].i] = r;
		ss += (double)(q - p) * r * r;
	}
	return ss;
}

/* Sum of a[i] b[i], in four partial sums (faster, and rounding grows more
 * slowly than in one running sum). */
static double dot(const double *a, const double *b, size_t n)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	size_t i;

	for (i = 0; i + 4 <= n; i += 4) {
		s0 += a[i] * b[i];
		s1 += a[i + 1] * b[i + 1];
		s2 += a[i + 2] * b[i + 2];
		s3 += a[i + 3] * b[i + 3];
	}
	for (; i < n; i++)
		s0 += a[i] * b[i];
	return (s0 + s1) + (s2 + s3);
}

/* ------------------------------------------------------ output columns */

/* The sample matrix is row-major (a sample's outputs together, as threads
 * write them), so reading one column touches every cache line of the whole
 * matrix: these functions learn what they need about all columns in one
 * pass, and copy out up to COL_GROUP columns a pass. */
#define COL_GROUP 4

/* What one pass learns about each output column, so that absent, constant
 * and duplicate columns (emissions_market = _total = sci when there are no
 * contracts, no embodied carbon and one unit) are neither copied nor sorted
 * again. */
typedef struct col_info {
	size_t nan;        /* samples where the output is NaN */
	int constant;      /* every sample equal */
	int same_as;       /* an earlier column with the same bits, or -1 */
} col_info;

static uint64_t bits_of(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

static int scan_outputs(col_info info[WF_OUT_COUNT_], const double *samples, size_t n,
			wf_error *err)
{
	double first[WF_OUT_COUNT_];
	size_t nan[WF_OUT_COUNT_] = {0}, i;
	int differs[WF_OUT_COUNT_] = {0}, cand[WF_OUT_COUNT_], other[WF_OUT_COUNT_] = {0};
	int inf = 0, j, k;

	/* A column can only repeat the earliest column equal to it in sample 0. */
	for (k = 0; k < WF_OUT_COUNT_; k++) {
		first[k] = samples[k];
		for (cand[k] = k, j = 0; j < k; j++)
			if (bits_of(samples[j]) == bits_of(samples[k])) {
				cand[k] = j;
				break;
			}
	}
	/* Branch-free, so it streams through the matrix once. */
	for (i = 0; i < n; i++) {
		const double *row = samples + i * WF_OUT_COUNT_;
		for (k = 0; k < WF_OUT_COUNT_; k++) {
			nan[k] += isnan(row[k]) != 0;
			inf |= isinf(row[k]) != 0;
			differs[k] |= row[k] != first[k];
			other[k] |= bits_of(row[k]) != bits_of(row[cand[k]]);
		}
	}
	for (i = 0; inf && i < n * WF_OUT_COUNT_; i++)
		if (isinf(samples[i]))
			return wf_error_set(err, WF_ENUMERIC, "uncertainty", NULL, 0, 0,
					    "%s is infinite in sample %zu",
					    wf_output_name((int)(i % WF_OUT_COUNT_)),
					    i / WF_OUT_COUNT_);
	for (k = 0; k < WF_OUT_COUNT_; k++) {
		if (nan[k] && nan[k] < n)
			return wf_error_set(err, WF_ENUMERIC, "uncertainty", NULL, 0, 0,
					    "%s is missing in %zu of %zu samples but present "
					    "in the others", wf_output_name(k), nan[k], n);
		info[k].nan = nan[k];
		info[k].constant = !differs[k];
		info[k].same_as = cand[k] < k && !other[k] && !nan[k] ? cand[k] : -1;
	}
	return 0;
}

/* Copy columns cols[0..m) of a row-major n x width matrix into dst[0..m),
 * in one pass. */
static void extract(double *const dst[], const int *cols, int m, const double *a,
		    size_t width, size_t n)
{
	size_t i;
	int g;

	for (i = 0; i < n; i++)
		for (g = 0; g < m; g++)
			dst[g][i] = a[i * width + (size_t)cols[g]];
}

/* The columns that need work: present, not constant, not a repeat. */
static int columns_to_do(int cols[WF_OUT_COUNT_], const col_info *info)
{
	int k, m = 0;

	for (k = 0; k < WF_OUT_COUNT_; k++)
		if (!info[k].nan && !info[k].constant && info[k].same_as < 0)
			cols[m++] = k;
	return m;
}

/* ------------------------------------------------------------ summaries */

int wf_mc_summarise(wf_summary out[WF_OUT_COUNT_], const double *samples, size_t n,
		    wf_error *err)
{
	col_info info[WF_OUT_COUNT_];
	int cols[WF_OUT_COUNT_], m, g, c, k, rc;
	double *col[COL_GROUP] = {NULL};
	sort_ws w;

	memset(&w, 0, sizeof(w));
	if (!out || !samples || n == 0)
		return wf_error_set(err, WF_EINPUT, "uncertainty", NULL, 0, 0,
				    "summary: no samples");
	memset(out, 0, WF_OUT_COUNT_ * sizeof(*out)); /* padding too: memcmp-able */
	if ((rc = scan_outputs(info, samples, n, err)))
		return rc;
	m = columns_to_do(cols, info);
	if ((rc = ws_alloc(&w, n, 0)))
		goto nomem;
	for (g = 0; g < COL_GROUP && g < m; g++)
		if (!(col[g] = malloc(n * sizeof(double))))
			goto nomem;
	for (k = 0; k < WF_OUT_COUNT_; k++) {
		wf_summary *s = &out[k];
		s->present = !info[k].nan;
		if (!s->present) {
			s->mean = s->sd = s->p05 = s->p50 = s->p95 = NAN;
		} else if (info[k].constant) {
			/* what the general path gives, without sorting */
			s->mean = s->p05 = s->p50 = s->p95 = samples[k];
			s->sd = 0;
		}
	}
	for (g = 0; g < m; g += COL_GROUP) {
		int mg = m - g < COL_GROUP ? m - g : COL_GROUP;
		extract(col, cols + g, mg, samples, WF_OUT_COUNT_, n);
		for (c = 0; c < mg; c++) {
			wf_summary *s = &out[cols[g + c]];
			double *x = col[c];
			s->mean = gsl_stats_mean(x, 1, n);
			s->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, s->mean) : 0;
			sorted_copy(x, x, n, &w);
			s->p05 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
			s->p50 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
			s->p95 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
		}
	}
	for (k = 0; k < WF_OUT_COUNT_; k++)
		if (info[k].same_as >= 0)
			out[k] = out[info[k].same_as];
	goto cleanup;
nomem:
	rc = wf_error_set(err, WF_ENOMEM, "uncertainty", NULL, 0, 0, "out of memory");
cleanup:
	ws_free(&w);
	for (g = 0; g < COL_GROUP; g++)
		free(col[g]);
	return rc;
}

/* ---------------------------------------------------------- sensitivity */

int wf_mc_sensitivity(wf_sens *out, size_t *n_out, const wf_plan *pl,
		      const double *inputs, const double *samples, size_t n,
		      wf_error *err)
{
	int pins[P_COUNT_], cols[P_COUNT_ + WF_OUT_COUNT_];
	double ss_in[P_COUNT_], ss_out, *rin = NULL, *col[COL_GROUP] = {NULL};
	col_info info[WF_OUT_COUNT_];
	sort_ws w;
	size_t nu, u, i;
	int m, g, c, k, rc = 0;

	memset(&w, 0, sizeof(w));
	if (n_out)
		*n_out = 0;
	if (!out || !n_out || !pl || !inputs || !samples)
		return wf_error_set(err, WF_EINPUT, "uncertainty", NULL, 0, 0,
				    "sensitivity: invalid arguments");
	nu = wf_mc_uncertain(pins, pl);
	for (u = 0; u < nu; u++) {
		out[u].pin = pins[u];
		for (k = 0; k < WF_OUT_COUNT_; k++)
			out[u].rho[k] = out[u].share[k] = 0;
	}
	*n_out = nu;
	if (nu == 0)
		return 0;
	if (n < 2)
		return wf_error_set(err, WF_EINPUT, "uncertainty", NULL, 0, 0,
				    "sensitivity needs at least 2 samples, got %zu", n);
	for (i = 0; i < n * nu; i++)
		if (!isfinite(inputs[i]))
			return wf_error_set(err, WF_ENUMERIC, "uncertainty", NULL, 0, 0,
					    "sensitivity: %s is not finite in sample %zu",
					    wf_plan_input_name(pins[i % nu]), i / nu);
	if ((rc = scan_outputs(info, samples, n, err)))
		return rc;
	if ((rc = ws_alloc(&w, n, 1)) || n > SIZE_MAX / sizeof(double) / nu ||
	    !(rin = malloc(nu * n * sizeof(double))))
		goto nomem;
	for (g = 0; g < COL_GROUP; g++)
		if (!(col[g] = malloc(n * sizeof(double))))
			goto nomem;

	/* Centred ranks of every input, kept. */
	for (u = 0; u < nu; u++)
		cols[u] = (int)u;
	for (g = 0; g < (int)nu; g += COL_GROUP) {
		int mg = (int)nu - g < COL_GROUP ? (int)nu - g : COL_GROUP;
		extract(col, cols + g, mg, inputs, nu, n);
		for (c = 0; c < mg; c++)
			ss_in[g + c] = centred_ranks(rin + (size_t)(g + c) * n, col[c], n, &w);
	}
	/* Absent outputs: NaN; constant ones stay 0; repeats are copied below. */
	for (k = 0; k < WF_OUT_COUNT_; k++)
		for (u = 0; info[k].nan && u < nu; u++)
			out[u].rho[k] = out[u].share[k] = NAN;
	m = columns_to_do(cols, info);
	for (g = 0; g < m; g += COL_GROUP) {
		int mg = m - g < COL_GROUP ? m - g : COL_GROUP;
		extract(col, cols + g, mg, samples, WF_OUT_COUNT_, n);
		for (c = 0; c < mg; c++) {
			double sum = 0;
			k = cols[g + c];
			/* in place: the ranks replace the values */
			ss_out = centred_ranks(col[c], col[c], n, &w);
			/* Pearson's correlation of the ranks (Spearman 1904); a
			 * constant input's centred ranks are all 0. */
			for (u = 0; u < nu; u++) {
				double r = ss_in[u] > 0 ? dot(rin + u * n, col[c], n) /
								  sqrt(ss_in[u] * ss_out)
							: 0;
				out[u].rho[k] = r;
				sum += r * r;
			}
			for (u = 0; u < nu; u++)
				out[u].share[k] =
					sum > 0 ? out[u].rho[k] * out[u].rho[k] / sum : 0;
		}
	}
	for (k = 0; k < WF_OUT_COUNT_; k++)
		for (u = 0; info[k].same_as >= 0 && u < nu; u++) {
			out[u].rho[k] = out[u].rho[info[k].same_as];
			out[u].share[k] = out[u].share[info[k].same_as];
		}
	goto cleanup;
nomem:
	rc = wf_error_set(err, WF_ENOMEM, "uncertainty", NULL, 0, 0, "out of memory");
cleanup:
	ws_free(&w);
	free(rin);
	for (g = 0; g < COL_GROUP; g++)
		free(col[g]);
	return rc;
}

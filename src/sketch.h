/*
 * sketch.h - streaming statistics whose results do not depend on the order
 * the values come in: an exactly rounded sum, and a quantile sketch with a
 * relative error bound.  Both merge, so partial results of threads and MPI
 * ranks combine to the same figures whatever the split.
 *
 * wf_fsum: Shewchuk's exact summation ("Adaptive Precision Floating-Point
 * Arithmetic and Fast Robust Geometric Predicates", Discrete Comput Geom
 * 18, 1997): the sum is kept as a short list of non-overlapping partials
 * whose exact sum is the exact sum of every value added; the result is
 * that exact sum rounded once, to nearest even (as Python's math.fsum).
 *
 * wf_qsketch: log-spaced buckets after Masson, Rim and Lee, "DDSketch: a
 * fast and fully-mergeable quantile sketch with relative-error
 * guarantees" (VLDB 2019): bucket k of the positive (or negative) values
 * holds (g^(k-1), g^k] with g = (1 + a) / (1 - a); any value in it is
 * within a relative error a of the bucket's estimate 2 g^k / (g + 1).
 * Counts are integers, so a merge is exact and the order never matters.
 * Zeros are counted apart.  Buckets are kept between the lowest and the
 * highest used (memory grows with the spread of the values, not their
 * number); beyond WF_QSKETCH_MAX_BUCKETS per sign the lowest buckets are
 * folded together (only the smallest values then lose the bound).
 */
#ifndef WF_SKETCH_H
#define WF_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#define WF_QSKETCH_ALPHA 0.001      /* relative error of a quantile */
#define WF_QSKETCH_MAX_BUCKETS 65536

typedef struct wf_fsum {
	double *p;                  /* partials, increasing magnitude */
	uint32_t n, cap;
} wf_fsum;

void wf_fsum_init(wf_fsum *s);
void wf_fsum_free(wf_fsum *s);
/* Add a finite x.  0, or WF_ENOMEM. */
int wf_fsum_add(wf_fsum *s, double x);
/* Add every partial of b to a. */
int wf_fsum_merge(wf_fsum *a, const wf_fsum *b);
/* The exact sum rounded to nearest (ties to even); +-inf on overflow. */
double wf_fsum_value(const wf_fsum *s);

typedef struct wf_qstore {
	int32_t lo;                 /* key of counts[0] */
	uint32_t n;                 /* buckets held */
	uint64_t *counts;
} wf_qstore;

typedef struct wf_qsketch {
	wf_qstore pos, neg;         /* |x| by key, for x > 0 and x < 0 */
	uint64_t zeros;
	uint64_t n;                 /* values */
} wf_qsketch;

void wf_qsketch_init(wf_qsketch *q);
void wf_qsketch_free(wf_qsketch *q);
/* Add a finite x.  0, or WF_ENOMEM. */
int wf_qsketch_add(wf_qsketch *q, double x);
int wf_qsketch_merge(wf_qsketch *a, const wf_qsketch *b);
/* The value of rank r (0-based, 0 <= r < n) in sorted order, within the
 * relative error bound. */
double wf_qsketch_rank(const wf_qsketch *q, uint64_t r);
/* The p-quantile as GSL's gsl_stats_quantile_from_sorted_data defines it
 * (linear between the ranks around p (n - 1)), from the sketch's ranks:
 * within a relative error of WF_QSKETCH_ALPHA of it for values of one
 * sign. */
double wf_qsketch_quantile(const wf_qsketch *q, double p);

#endif

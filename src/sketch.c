/*
 * sketch.c - an exactly rounded sum and a mergeable quantile sketch (see
 * sketch.h for the method and its sources).
 */
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wattif.h"

/* --------------------------------------------------------------- fsum */

void wf_fsum_init(wf_fsum *s)
{
	memset(s, 0, sizeof(*s));
}

void wf_fsum_free(wf_fsum *s)
{
	free(s->p);
	memset(s, 0, sizeof(*s));
}

int wf_fsum_add(wf_fsum *s, double x)
{
	uint32_t i, j;

	/* Replace the partials by x + partials, exactly: each step splits a
	 * sum into its rounded value and the (exact) error of rounding. */
	for (i = 0, j = 0; j < s->n; j++) {
		double y = s->p[j], hi, lo;
		if (fabs(x) < fabs(y)) {
			double t = x;
			x = y;
			y = t;
		}
		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0)
			s->p[i++] = lo;
		x = hi;
	}
	if (i == s->cap) {
		uint32_t cap = s->cap ? 2 * s->cap : 4;
		double *g = realloc(s->p, cap * sizeof(*g));
		if (!g)
			return WF_ENOMEM;
		s->p = g;
		s->cap = cap;
	}
	s->p[i++] = x;
	s->n = i;
	return 0;
}

int wf_fsum_merge(wf_fsum *a, const wf_fsum *b)
{
	uint32_t j;

	for (j = 0; j < b->n; j++)
		if (wf_fsum_add(a, b->p[j]))
			return WF_ENOMEM;
	return 0;
}

double wf_fsum_value(const wf_fsum *s)
{
	uint32_t n = s->n;
	double hi = 0, lo = 0;

	if (n == 0)
		return 0;
	/* From the largest partial down, until the sum stops being exact. */
	hi = s->p[--n];
	while (n > 0) {
		double x = hi, y = s->p[--n];
		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0)
			break;
	}
	/* Round half to even across the partials left: when the rest has the
	 * sign of lo, the exact sum lies beyond the halfway point. */
	if (n > 0 && ((lo < 0 && s->p[n - 1] < 0) || (lo > 0 && s->p[n - 1] > 0))) {
		double y = lo * 2, x = hi + y;
		if (y == x - hi)
			hi = x;
	}
	return hi;
}

/* ------------------------------------------------------------ sketch */

static double gamma_of(void)
{
	return (1 + WF_QSKETCH_ALPHA) / (1 - WF_QSKETCH_ALPHA);
}

static int32_t key_of(double x)
{
	return (int32_t)ceil(log(x) / log(gamma_of()));
}

static double value_of(int32_t k)
{
	double g = gamma_of();

	return exp((double)k * log(g)) * 2 / (g + 1);
}

void wf_qsketch_init(wf_qsketch *q)
{
	memset(q, 0, sizeof(*q));
}

void wf_qsketch_free(wf_qsketch *q)
{
	free(q->pos.counts);
	free(q->neg.counts);
	memset(q, 0, sizeof(*q));
}

/* Make room for key k (and slack beyond it, so a run of growing keys
 * costs a copy now and then), folding the lowest keys past the limit. */
static int store_cover(wf_qstore *s, int32_t k)
{
	int64_t lo = s->n ? s->lo : k, hi = s->n ? (int64_t)s->lo + s->n - 1 : k;
	int64_t nlo, nhi, span;
	uint64_t *g;

	if (k >= lo && k <= hi && s->n)
		return 0;
	nlo = !s->n ? k - 32 : k < lo ? k - (hi - lo) / 2 - 32 : lo;
	nhi = !s->n ? k + 32 : k > hi ? k + (hi - lo) / 2 + 32 : hi;
	if (nhi - nlo + 1 > WF_QSKETCH_MAX_BUCKETS)
		nlo = nhi - WF_QSKETCH_MAX_BUCKETS + 1;
	span = nhi - nlo + 1;
	if (!(g = calloc((size_t)span, sizeof(*g))))
		return WF_ENOMEM;
	for (int64_t j = 0; j < (int64_t)s->n; j++) {
		int64_t key = lo + j, at = key < nlo ? 0 : key - nlo;
		g[at] += s->counts[j];
	}
	free(s->counts);
	s->counts = g;
	s->lo = (int32_t)nlo;
	s->n = (uint32_t)span;
	return 0;
}

static int store_add(wf_qstore *s, int32_t k, uint64_t count)
{
	if (store_cover(s, k))
		return WF_ENOMEM;
	s->counts[k < s->lo ? 0 : k - s->lo] += count; /* below: folded */
	return 0;
}

int wf_qsketch_add(wf_qsketch *q, double x)
{
	int rc = 0;

	if (x > 0)
		rc = store_add(&q->pos, key_of(x), 1);
	else if (x < 0)
		rc = store_add(&q->neg, key_of(-x), 1);
	else
		q->zeros++;
	if (rc == 0)
		q->n++;
	return rc;
}

static int store_merge(wf_qstore *a, const wf_qstore *b)
{
	uint32_t j;

	for (j = 0; j < b->n; j++)
		if (b->counts[j] && store_add(a, b->lo + (int32_t)j, b->counts[j]))
			return WF_ENOMEM;
	return 0;
}

int wf_qsketch_merge(wf_qsketch *a, const wf_qsketch *b)
{
	if (store_merge(&a->pos, &b->pos) || store_merge(&a->neg, &b->neg))
		return WF_ENOMEM;
	a->zeros += b->zeros;
	a->n += b->n;
	return 0;
}

static uint64_t store_total(const wf_qstore *s)
{
	uint64_t t = 0;
	uint32_t j;

	for (j = 0; j < s->n; j++)
		t += s->counts[j];
	return t;
}

double wf_qsketch_rank(const wf_qsketch *q, uint64_t r)
{
	uint64_t nneg = store_total(&q->neg);
	uint32_t j;

	if (r < nneg) { /* the most negative first: highest keys of |x| */
		for (j = q->neg.n; j-- > 0;) {
			if (r < q->neg.counts[j])
				return -value_of(q->neg.lo + (int32_t)j);
			r -= q->neg.counts[j];
		}
	}
	r -= nneg;
	if (r < q->zeros)
		return 0;
	r -= q->zeros;
	for (j = 0; j < q->pos.n; j++) {
		if (r < q->pos.counts[j])
			return value_of(q->pos.lo + (int32_t)j);
		r -= q->pos.counts[j];
	}
	return NAN;
}

double wf_qsketch_quantile(const wf_qsketch *q, double p)
{
	double index, delta, lhs_v;
	uint64_t lhs;

	if (q->n == 0)
		return NAN;
	index = p * (double)(q->n - 1);
	lhs = (uint64_t)index;
	delta = index - (double)lhs;
	lhs_v = wf_qsketch_rank(q, lhs);
	if (lhs == q->n - 1)
		return lhs_v;
	return (1 - delta) * lhs_v + delta * wf_qsketch_rank(q, lhs + 1);
}

/*
 * sweep_summary.c - summaries of a sweep without its rows: for each group
 * of points (one per combination of the values of the axes named `by`)
 * and each value column, the count of points where it is present and
 * their mean, min, max, p05, p50 and p95.
 *
 * Every figure is independent of the order points arrive in, so partial
 * summaries of threads and MPI ranks merge to the same bytes whatever the
 * split: counts, min and max trivially; the mean from an exactly rounded
 * sum (sketch.h), divided once by the count; quantiles from every value
 * sorted (exact) or from a mergeable sketch of integer counts.  Which of
 * the two is decided up front from the sweep's size alone: exact while
 * keeping every value takes at most exact_values doubles (64 MB by
 * default), a sketch beyond (each quantile within 0.1% of the exact one;
 * memory then grows with the spread of the values, never their number).
 * Exact quantiles are GSL's (gsl_stats_quantile_from_sorted_data: linear
 * between the order statistics around p (n - 1), as NumPy's default),
 * kept between those two values.
 */
#include "sweep_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "error.h"
#include "sketch.h"

#define PACK_MAGIC 0x5746535355ULL /* "WFSSU" */

typedef struct sm_stat {
	uint64_t n;                /* values present */
	double min, max;
	wf_fsum sum;
	double *x;                 /* exact: every value */
	size_t nx, cap;
	wf_qsketch *sk;            /* otherwise */
} sm_stat;

typedef struct sm_group {
	size_t *vals;              /* by-axes: the value index of the group */
	sm_stat *st;               /* one per value column */
} sm_group;

struct wf_sweep_summary {
	const wf_sweep *sw;
	size_t n_by;
	size_t *by;                /* axis indexes */
	int exact;
	size_t nv;
	sm_group *g;
	size_t n_g, cap_g;
	size_t *tab;               /* open hash: group index, or SIZE_MAX */
	size_t tab_cap;
	size_t *key;               /* scratch */
};

static void stat_free(sm_stat *s)
{
	wf_fsum_free(&s->sum);
	free(s->x);
	if (s->sk)
		wf_qsketch_free(s->sk);
	free(s->sk);
}

WF_API void wf_sweep_summary_free(wf_sweep_summary *s)
{
	size_t i, j;

	if (!s)
		return;
	for (i = 0; i < s->n_g; i++) {
		for (j = 0; j < s->nv; j++)
			stat_free(&s->g[i].st[j]);
		free(s->g[i].st);
		free(s->g[i].vals);
	}
	free(s->g);
	free(s->tab);
	free(s->by);
	free(s->key);
	free(s);
}

/* The axes of `by` ("a,b"; "" = none), each once. */
static int parse_by(wf_sweep_summary *s, const char *by, wf_error *err)
{
	const wf_sweep *sw = s->sw;
	const char *p = by;

	if (!(s->by = malloc((sw->n_axes + 1) * sizeof(*s->by))))
		return wf_sw_nomem(err);
	while (*p) {
		size_t len = strcspn(p, ","), a, b;
		for (a = 0; a < sw->n_axes; a++)
			if (sw->axes[a].path_len == len && strncmp(sw->axes[a].path, p, len) == 0)
				break;
		if (a == sw->n_axes || len == 0) {
			char axes[512] = "";
			for (b = 0; b < sw->n_axes; b++)
				snprintf(axes + strlen(axes), sizeof axes - strlen(axes), "%s%s",
					 b ? ", " : "", sw->axes[b].path);
			return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
					    "summary: \"%.*s\" is not an axis of the sweep "
					    "(its axes: %s)", (int)len, p, axes);
		}
		for (b = 0; b < s->n_by; b++)
			if (s->by[b] == a)
				return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
						    "summary: %.*s is named twice", (int)len, p);
		s->by[s->n_by++] = a;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

WF_API int wf_sweep_summary_new(wf_sweep_summary **out, const wf_sweep *sw, const char *by,
				size_t exact_values, wf_error *err)
{
	wf_sweep_summary *s;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !sw || !by)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_summary_new: NULL argument");
	if (!(s = calloc(1, sizeof(*s))))
		return wf_sw_nomem(err);
	s->sw = sw;
	s->nv = sw->n_values;
	if (!exact_values)
		exact_values = WF_SWEEP_SUMMARY_EXACT_VALUES;
	s->exact = sw->n_points <= exact_values / (s->nv ? s->nv : 1);
	if ((rc = parse_by(s, by, err)) ||
	    !(s->key = malloc((s->n_by + 1) * sizeof(*s->key)))) {
		wf_sweep_summary_free(s);
		return rc ? rc : wf_sw_nomem(err);
	}
	*out = s;
	return 0;
}

WF_API int wf_sweep_summary_exact(const wf_sweep_summary *s)
{
	return s ? s->exact : 0;
}

/* ------------------------------------------------------------ groups */

static size_t hash_key(const size_t *key, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint64_t)key[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static int rehash(wf_sweep_summary *s)
{
	size_t cap = s->tab_cap ? 2 * s->tab_cap : 64, i, *t = malloc(cap * sizeof(*t));

	if (!t)
		return WF_ENOMEM;
	for (i = 0; i < cap; i++)
		t[i] = SIZE_MAX;
	for (i = 0; i < s->n_g; i++) {
		size_t h = hash_key(s->g[i].vals, s->n_by) & (cap - 1);
		while (t[h] != SIZE_MAX)
			h = (h + 1) & (cap - 1);
		t[h] = i;
	}
	free(s->tab);
	s->tab = t;
	s->tab_cap = cap;
	return 0;
}

/* The group of key (value ids of the by-axes), made when new. */
static sm_group *group_of(wf_sweep_summary *s, const size_t *key)
{
	size_t h, i;
	sm_group *g;

	if (2 * (s->n_g + 1) > s->tab_cap && rehash(s))
		return NULL;
	for (h = hash_key(key, s->n_by) & (s->tab_cap - 1); s->tab[h] != SIZE_MAX;
	     h = (h + 1) & (s->tab_cap - 1))
		if (memcmp(s->g[s->tab[h]].vals, key, s->n_by * sizeof(*key)) == 0)
			return &s->g[s->tab[h]];
	if (s->n_g == s->cap_g) {
		size_t cap = s->cap_g ? 2 * s->cap_g : 16;
		sm_group *ng = realloc(s->g, cap * sizeof(*ng));
		if (!ng)
			return NULL;
		s->g = ng;
		s->cap_g = cap;
	}
	g = &s->g[s->n_g];
	g->vals = malloc((s->n_by + 1) * sizeof(*g->vals));
	g->st = calloc(s->nv ? s->nv : 1, sizeof(*g->st));
	if (!g->vals || !g->st) {
		free(g->vals);
		free(g->st);
		return NULL;
	}
	memcpy(g->vals, key, s->n_by * sizeof(*key));
	for (i = 0; i < s->nv; i++)
		wf_fsum_init(&g->st[i].sum);
	s->tab[h] = s->n_g++;
	return g;
}

static int stat_add(sm_stat *st, double v, int exact)
{
	if (isnan(v))
		return 0; /* absent */
	if (st->n == 0 || v < st->min)
		st->min = v;
	if (st->n == 0 || v > st->max)
		st->max = v;
	st->n++;
	if (isfinite(v) && wf_fsum_add(&st->sum, v))
		return WF_ENOMEM;
	if (exact) {
		if (st->nx == st->cap) {
			size_t cap = st->cap ? 2 * st->cap : 16;
			double *x = realloc(st->x, cap * sizeof(*x));
			if (!x)
				return WF_ENOMEM;
			st->x = x;
			st->cap = cap;
		}
		st->x[st->nx++] = v;
		return 0;
	}
	if (!st->sk) {
		if (!(st->sk = malloc(sizeof(*st->sk))))
			return WF_ENOMEM;
		wf_qsketch_init(st->sk);
	}
	return isfinite(v) ? wf_qsketch_add(st->sk, v) : 0;
}

WF_API int wf_sweep_summary_add(wf_sweep_summary *s, wf_sweep_worker *w, size_t k0,
				size_t k1, wf_error *err)
{
	const wf_sweep *sw;
	size_t k, b, j;
	int rc;

	if (!s || !w || w->sw != s->sw || k0 > k1 || k1 > s->sw->n_points)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_summary_add: no points %zu to %zu", k0, k1);
	sw = s->sw;
	if ((rc = wf_sw_eval_chunk(w, k0, k1, err)))
		return rc;
	for (k = k0; k < k1; k++) {
		const double *v = w->vals + (k - k0) * sw->n_values;
		sm_group *g;
		wf_sw_decode(sw, k, w->idx);
		for (b = 0; b < s->n_by; b++)
			s->key[b] = wf_sw_vid(&sw->axes[s->by[b]], w->idx[s->by[b]]);
		if (!(g = group_of(s, s->key)))
			return wf_sw_nomem(err);
		for (j = 0; j < s->nv; j++)
			if (stat_add(&g->st[j], v[j], s->exact))
				return wf_sw_nomem(err);
	}
	return 0;
}

static int stat_merge(sm_stat *a, const sm_stat *b, int exact)
{
	size_t i;

	if (b->n == 0)
		return 0;
	if (a->n == 0 || b->min < a->min)
		a->min = b->min;
	if (a->n == 0 || b->max > a->max)
		a->max = b->max;
	a->n += b->n;
	if (wf_fsum_merge(&a->sum, &b->sum))
		return WF_ENOMEM;
	if (exact) {
		if (a->nx + b->nx > a->cap) {
			size_t cap = a->nx + b->nx + 16;
			double *x = realloc(a->x, cap * sizeof(*x));
			if (!x)
				return WF_ENOMEM;
			a->x = x;
			a->cap = cap;
		}
		for (i = 0; i < b->nx; i++)
			a->x[a->nx++] = b->x[i];
		return 0;
	}
	if (!b->sk)
		return 0;
	if (!a->sk) {
		if (!(a->sk = malloc(sizeof(*a->sk))))
			return WF_ENOMEM;
		wf_qsketch_init(a->sk);
	}
	return wf_qsketch_merge(a->sk, b->sk);
}

WF_API int wf_sweep_summary_merge(wf_sweep_summary *into, const wf_sweep_summary *from,
				  wf_error *err)
{
	size_t i, j;

	if (!into || !from || into->sw != from->sw || into->n_by != from->n_by ||
	    into->exact != from->exact ||
	    memcmp(into->by, from->by, into->n_by * sizeof(*into->by)) != 0)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_summary_merge: summaries of different sweeps");
	for (i = 0; i < from->n_g; i++) {
		sm_group *g = group_of(into, from->g[i].vals);
		if (!g)
			return wf_sw_nomem(err);
		for (j = 0; j < into->nv; j++)
			if (stat_merge(&g->st[j], &from->g[i].st[j], into->exact))
				return wf_sw_nomem(err);
	}
	return 0;
}

/* ------------------------------------------------------- pack (MPI) */

/* A packed summary is a sequence of 64-bit words (the same build on every
 * rank reads it): magic, n_by, nv, exact, groups; per group its by-values,
 * then per column n, min, max, the partials of the sum, and the values
 * (exact) or the sketch (zeros, and lo, n, counts of each sign). */
typedef struct pk {
	uint64_t *w;
	size_t n, cap;
	int oom;
} pk;

static void put_u(pk *p, uint64_t v)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 1024;
		uint64_t *g = p->oom ? NULL : realloc(p->w, cap * sizeof(*g));
		if (!g) {
			p->oom = 1;
			return;
		}
		p->w = g;
		p->cap = cap;
	}
	p->w[p->n++] = v;
}

static void put_d(pk *p, double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof v);
	put_u(p, v);
}

static void put_store(pk *p, const wf_qstore *s)
{
	uint32_t j;

	put_u(p, (uint64_t)(int64_t)s->lo);
	put_u(p, s->n);
	for (j = 0; j < s->n; j++)
		put_u(p, s->counts[j]);
}

WF_API int wf_sweep_summary_pack(const wf_sweep_summary *s, char **out, size_t *len,
				 wf_error *err)
{
	pk p = {NULL, 0, 0, 0};
	size_t i, j, b;

	put_u(&p, PACK_MAGIC);
	put_u(&p, s->n_by);
	put_u(&p, s->nv);
	put_u(&p, (uint64_t)s->exact);
	put_u(&p, s->n_g);
	for (i = 0; i < s->n_g; i++) {
		for (b = 0; b < s->n_by; b++)
			put_u(&p, s->g[i].vals[b]);
		for (j = 0; j < s->nv; j++) {
			const sm_stat *st = &s->g[i].st[j];
			put_u(&p, st->n);
			put_d(&p, st->min);
			put_d(&p, st->max);
			put_u(&p, st->sum.n);
			for (b = 0; b < st->sum.n; b++)
				put_d(&p, st->sum.p[b]);
			if (s->exact) {
				put_u(&p, st->nx);
				for (b = 0; b < st->nx; b++)
					put_d(&p, st->x[b]);
				continue;
			}
			put_u(&p, st->sk ? st->sk->zeros : 0);
			if (st->sk) {
				put_store(&p, &st->sk->pos);
				put_store(&p, &st->sk->neg);
			} else {
				put_u(&p, 0), put_u(&p, 0), put_u(&p, 0), put_u(&p, 0);
			}
		}
	}
	if (p.oom) {
		free(p.w);
		return wf_sw_nomem(err);
	}
	*out = (char *)p.w;
	*len = p.n * sizeof(uint64_t);
	return 0;
}

typedef struct rd {
	const char *b;
	size_t n, at;
	int bad;
} rd;

static uint64_t get_u(rd *r)
{
	uint64_t v = 0;

	if (r->bad || r->n - r->at < sizeof v) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->b + r->at, sizeof v);
	r->at += sizeof v;
	return v;
}

static double get_d(rd *r)
{
	uint64_t v = get_u(r);
	double d;

	memcpy(&d, &v, sizeof d);
	return d;
}

/* n words may follow (a count read from the data is never trusted). */
static int room(rd *r, uint64_t n)
{
	if (r->bad || n > (r->n - r->at) / sizeof(uint64_t))
		r->bad = 1;
	return !r->bad;
}

static int get_store(rd *r, wf_qsketch *q, int neg)
{
	int64_t lo = (int64_t)get_u(r);
	uint64_t n = get_u(r), j;

	if (!room(r, n) || n > WF_QSKETCH_MAX_BUCKETS || lo < INT32_MIN || lo > INT32_MAX - (int64_t)n)
		return r->bad = 1;
	for (j = 0; j < n; j++) {
		uint64_t c = get_u(r);
		wf_qsketch one;
		if (!c)
			continue;
		/* one bucket's count, added through a merge of one store */
		wf_qsketch_init(&one);
		one.pos.lo = one.neg.lo = (int32_t)(lo + (int64_t)j);
		one.pos.n = neg ? 0 : 1;
		one.neg.n = neg ? 1 : 0;
		one.pos.counts = one.neg.counts = &c;
		one.n = c;
		if (wf_qsketch_merge(q, &one))
			return WF_ENOMEM;
	}
	return 0;
}

/* One column of a packed group into st. */
static int get_stat(rd *r, sm_stat *st, int exact)
{
	uint64_t n = get_u(r), m, j;

	st->n = n;
	st->min = get_d(r);
	st->max = get_d(r);
	m = get_u(r);
	if (!room(r, m))
		return 0;
	for (j = 0; j < m; j++)
		if (wf_fsum_add(&st->sum, get_d(r)))
			return WF_ENOMEM;
	if (exact) {
		m = get_u(r);
		if (!room(r, m) || !(st->x = malloc((m ? m : 1) * sizeof(double))))
			return r->bad ? 0 : WF_ENOMEM;
		for (j = 0; j < m; j++)
			st->x[j] = get_d(r);
		st->nx = st->cap = m;
		return 0;
	}
	if (!(st->sk = malloc(sizeof(*st->sk))))
		return WF_ENOMEM;
	wf_qsketch_init(st->sk);
	st->sk->zeros = get_u(r);
	st->sk->n = st->sk->zeros;
	if (get_store(r, st->sk, 0) || get_store(r, st->sk, 1))
		return r->bad ? 0 : WF_ENOMEM;
	return 0;
}

WF_API int wf_sweep_summary_merge_packed(wf_sweep_summary *into, const char *buf, size_t len,
					 wf_error *err)
{
	rd r = {buf, len, 0, 0};
	wf_sweep_summary *t = NULL;
	uint64_t ng, i, j;
	int rc = 0;

	if (get_u(&r) != PACK_MAGIC || get_u(&r) != into->n_by || get_u(&r) != into->nv ||
	    get_u(&r) != (uint64_t)into->exact)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "a packed summary of another sweep");
	if (!(t = calloc(1, sizeof(*t))))
		return wf_sw_nomem(err);
	*t = *into; /* by and key borrowed: given back before t is freed */
	t->g = NULL, t->n_g = t->cap_g = 0, t->tab = NULL, t->tab_cap = 0;
	ng = get_u(&r);
	for (i = 0; i < ng && rc == 0 && room(&r, into->n_by); i++) {
		sm_group *g;
		for (j = 0; j < into->n_by; j++)
			into->key[j] = (size_t)get_u(&r);
		if (!(g = group_of(t, into->key))) {
			rc = WF_ENOMEM;
			break;
		}
		for (j = 0; j < into->nv && rc == 0 && !r.bad; j++)
			rc = get_stat(&r, &g->st[j], into->exact);
	}
	if (rc == 0 && (r.bad || r.at != r.n))
		rc = wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0, "a packed summary cut short");
	else if (rc == 0)
		rc = wf_sweep_summary_merge(into, t, err);
	else
		wf_sw_nomem(err);
	t->by = t->key = NULL;
	wf_sweep_summary_free(t);
	return rc;
}

/* ------------------------------------------------------------ output */

static const char *const stat_names[7] = {"count", "mean", "min", "max", "p05", "p50", "p95"};

/* The seven figures of one column: count, mean, min, max, p05, p50, p95
 * (NaN where there is no value). */
static int stat_figures(const sm_stat *st, int exact, double f[7])
{
	static const double ps[3] = {0.05, 0.50, 0.95};
	double *x = NULL;
	int i;

	f[0] = (double)st->n;
	for (i = 1; i < 7; i++)
		f[i] = NAN;
	if (st->n == 0)
		return 0;
	f[1] = wf_fsum_value(&st->sum) / (double)st->n;
	f[2] = st->min;
	f[3] = st->max;
	if (exact) {
		if (!(x = malloc(st->nx * sizeof(*x))))
			return WF_ENOMEM;
		memcpy(x, st->x, st->nx * sizeof(*x));
		gsl_sort(x, 1, st->nx);
		for (i = 0; i < 3; i++) {
			/* GSL's linear interpolation, kept between the two values it
			 * lies between (rounding may step one ulp past them) */
			size_t lo = (size_t)(ps[i] * (double)(st->nx - 1));
			size_t hi = lo + 1 < st->nx ? lo + 1 : lo;
			double q = gsl_stats_quantile_from_sorted_data(x, 1, st->nx, ps[i]);
			f[4 + i] = q < x[lo] ? x[lo] : q > x[hi] ? x[hi] : q;
		}
		free(x);
	} else if (st->sk) {
		for (i = 0; i < 3; i++) {
			/* within the bound of min and max themselves, never beyond */
			double q = wf_qsketch_quantile(st->sk, ps[i]);
			f[4 + i] = q < st->min ? st->min : q > st->max ? st->max : q;
		}
	}
	return 0;
}

/* Groups in the order of their values on the by-axes (file order). */
typedef struct sm_ref {
	const size_t *vals;
	size_t n_by;
	size_t g;
} sm_ref;

static int cmp_groups(const void *x, const void *y)
{
	const sm_ref *a = x, *b = y;
	size_t i;

	for (i = 0; i < a->n_by; i++)
		if (a->vals[i] != b->vals[i])
			return a->vals[i] < b->vals[i] ? -1 : 1;
	return 0;
}

/* The header (CSV): the by-axes, then COLUMN_count ... COLUMN_p95 for
 * each value column, then quantiles. */
static void summary_header(sw_out *o, const wf_sweep_summary *s)
{
	const wf_sweep *sw = s->sw;
	size_t b, j, i;

	for (b = 0; b < s->n_by; b++) {
		wf_sw_put_csv(o, sw->axes[s->by[b]].path);
		wf_sw_put(o, ",", 1);
	}
	for (j = 0; j < s->nv; j++)
		for (i = 0; i < 7; i++) {
			char name[160];
			snprintf(name, sizeof name, "%s_%s", sw->columns[sw->n_axes + j],
				 stat_names[i]);
			wf_sw_put_csv(o, name);
			wf_sw_put(o, ",", 1);
		}
	wf_sw_put(o, "quantiles\n", 10);
}

/* One group's row. */
static int summary_row(sw_out *o, const wf_sweep_summary *s, const sm_group *g,
		       wf_sweep_format fmt)
{
	const wf_sweep *sw = s->sw;
	int jsonl = fmt == WF_SWEEP_JSONL, rc;
	size_t b, j, i;
	double f[7];

	wf_sw_put(o, jsonl ? "{" : "", jsonl ? 1 : 0);
	for (b = 0; b < s->n_by; b++) {
		if (jsonl) {
			wf_sw_put_json(o, sw->axes[s->by[b]].path);
			wf_sw_put(o, ": ", 2);
		}
		wf_sw_put_axis(o, sw, s->by[b], g->vals[b], fmt);
		wf_sw_put(o, ", ", jsonl ? 2 : 1);
	}
	for (j = 0; j < s->nv; j++) {
		if ((rc = stat_figures(&g->st[j], s->exact, f)))
			return rc;
		if (jsonl) {
			wf_sw_put_json(o, sw->columns[sw->n_axes + j]);
			wf_sw_put(o, ": {", 3);
		}
		for (i = 0; i < 7; i++) {
			if (jsonl) {
				wf_sw_put(o, i ? ", \"" : "\"", i ? 3 : 1);
				wf_sw_put(o, stat_names[i], strlen(stat_names[i]));
				wf_sw_put(o, "\": ", 3);
			}
			wf_sw_put_number(o, f[i], fmt);
			if (!jsonl)
				wf_sw_put(o, ",", 1);
		}
		if (jsonl)
			wf_sw_put(o, "}, ", 3);
	}
	if (jsonl)
		wf_sw_put(o, "\"quantiles\": ", 13);
	if (jsonl)
		wf_sw_put_json(o, s->exact ? "exact" : "sketch 0.1%");
	else
		wf_sw_put_csv(o, s->exact ? "exact" : "sketch 0.1%");
	wf_sw_put(o, jsonl ? "}\n" : "\n", jsonl ? 2 : 1);
	return 0;
}

WF_API int wf_sweep_summary_format(const wf_sweep_summary *s, wf_sweep_format fmt,
				   char **out, size_t *len, wf_error *err)
{
	sm_ref *refs;
	sw_out o = {NULL, 0, 0};
	size_t i, pass;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (!(refs = malloc((s->n_g ? s->n_g : 1) * sizeof(*refs))))
		return wf_sw_nomem(err);
	for (i = 0; i < s->n_g; i++)
		refs[i] = (sm_ref){s->g[i].vals, s->n_by, i};
	qsort(refs, s->n_g, sizeof(*refs), cmp_groups);
	/* measure, then write */
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		if (pass == 1 && !(o.buf = malloc(o.len + 1))) {
			rc = wf_sw_nomem(err);
			break;
		}
		o.size = pass ? o.len + 1 : 0;
		o.len = 0;
		if (fmt == WF_SWEEP_CSV)
			summary_header(&o, s);
		for (i = 0; i < s->n_g && rc == 0; i++)
			rc = summary_row(&o, s, &s->g[refs[i].g], fmt);
	}
	free(refs);
	if (rc) {
		free(o.buf);
		return rc == WF_ENOMEM ? wf_sw_nomem(err) : rc;
	}
	o.buf[o.len] = '\0';
	*out = o.buf;
	*len = o.len;
	return 0;
}

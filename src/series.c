/*
 * series.c - grid carbon-intensity time series (see series.h): reading the
 * CSV layouts, building the step function with its gaps, and integrating
 * it over a window with prefix sums.
 *
 * Method.  A series is piecewise constant: CI(t) = v_i on [t_i, t_{i+1}).
 * With the prefix sums S_i = Σ_{j<i} v_j (t_{j+1} - t_j), the integral
 * from t_0 to any x in [t_i, t_{i+1}] is F(x) = S_i + v_i (x - t_i), and
 * ∫_a^b CI dt = F(b) - F(a): exact for partial intervals at both ends and
 * O(log n) by binary search for i (the cumulative-sum form of a step
 * function's integral; e.g. Press et al., Numerical Recipes, 3rd ed.,
 * §3.1 "searching an ordered table" for the search).  A second prefix sum
 * counts missing intervals, so whether a window touches a gap is O(1) once
 * its end intervals are known.  The sums are compensated (series.h:
 * cum_lo), so a short window late in a long decimal series keeps its
 * precision.
 *
 * The step and gaps.  Published series mark each value at the START of
 * its interval (data/SOURCES.md: NESO half-hours, ENTSO-E quarter-hours
 * and hours).  A region's nominal step is the median
 * spacing of its rows (robust to a few gaps); a row's interval ends at the
 * next row or one step later, whichever comes first, and the rest of a
 * longer jump is inserted as a missing interval.  The last row lasts one
 * step.  A file that changes resolution part-way (15 min, then hourly)
 * therefore shows gaps where the coarser rows are: they are flagged, not
 * bridged (document, do not guess).
 *
 * Parsing: timestamps through the catalog's quantity parser (so a CSV and
 * a model file read "2026-07-01T00:00Z" the same way; no zone = UTC),
 * numbers with strtod under a private "C" locale (as quantity.c does), CSV
 * fields with wf_csv_split (table.c).
 */
#include "series_int.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "calendar.h"
#include "error.h"
#include "quantity.h"
#include "csv.h"

/* ------------------------------------------------------ time formatting */

char *wf_series_format_time(char *buf, size_t size, double t)
{
	struct tm tm;
	double whole = floor(t), frac = t - whole;
	time_t tt;

	if (!buf || size == 0)
		return buf;
	if (!isfinite(t) || fabs(t) > 2.5e11) {
		snprintf(buf, size, "%.17g s", t);
		return buf;
	}
	tt = (time_t)whole;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, size, "%.17g s", t);
		return buf;
	}
	if (frac > 0)
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%09.6fZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec + frac);
	else
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

/* ------------------------------------------------------ building */


static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median spacing (the lower median: always one of the spacings). */
static int median_step(const double *t, size_t n, double *out)
{
	double *d = malloc((n - 1) * sizeof(double));
	size_t i;

	if (!d)
		return WF_ENOMEM;
	for (i = 0; i + 1 < n; i++)
		d[i] = t[i + 1] - t[i];
	qsort(d, n - 1, sizeof(double), cmp_double);
	*out = d[(n - 2) / 2];
	free(d);
	return 0;
}

/* A region label for messages: "13 London", "London", or "". */
void wf_series__region_label(char *buf, size_t size, const char *id, const char *name)
{
	if (id[0] && name[0])
		snprintf(buf, size, "%s %s", id, name);
	else
		snprintf(buf, size, "%s", id[0] ? id : name);
}

/* The struct with its strings in one block, and each array apart (so a
 * series built from a file can take over the rows it was read into):
 * with own_rows, t and raw too.  Fills the pointers and n. */
static int alloc_series(wf_series **out, size_t n, const char *path, const char *id,
			const char *name, const char *column, int own_rows, wf_error *err)
{
	size_t lp = strlen(path) + 1, li = strlen(id) + 1, ln = strlen(name) + 1,
	       lc = strlen(column) + 1;
	wf_series *s;
	char *strs;

	*out = NULL;
	if (!(s = calloc(1, sizeof(*s) + lp + li + ln + lc)))
		return wf_error_set(err, WF_ENOMEM, MOD, path, 0, 0, "out of memory");
	strs = (char *)(s + 1);
	s->path = memcpy(strs, path, lp);
	s->region_id = memcpy(strs + lp, id, li);
	s->region = memcpy(strs + lp + li, name, ln);
	s->column = memcpy(strs + lp + li + ln, column, lc);
	if (own_rows) {
		s->t = malloc((n + 1) * sizeof(double));
		s->raw = malloc(n * sizeof(double));
	}
	s->cum = malloc((n + 1) * sizeof(double));
	s->cum_lo = malloc((n + 1) * sizeof(double));
	s->gap_cum = malloc((n + 1) * sizeof(double));
	s->missing = malloc(n);
	if ((own_rows && (!s->t || !s->raw)) || !s->cum || !s->cum_lo || !s->gap_cum ||
	    !s->missing) {
		wf_series_free(s);
		return wf_error_set(err, WF_ENOMEM, MOD, path, 0, 0, "out of memory");
	}
	s->n = n;
	*out = s;
	return 0;
}

/* The prefix sums once t, raw and missing are filled: compensated (the
 * product split exactly by FMA, each addition's error kept by TwoSum). */
static void prefix_sums(wf_series *s)
{
	double hi = 0, lo = 0, gap = 0;
	size_t i;

	s->cum[0] = s->cum_lo[0] = s->gap_cum[0] = 0;
	for (i = 0; i < s->n; i++) {
		double dt = s->t[i + 1] - s->t[i];
		double p = s->raw[i] * dt, pe = fma(s->raw[i], dt, -p);
		double sum = hi + p, bb = sum - hi, e = (hi - (sum - bb)) + (p - bb);
		hi = sum;
		lo += e + pe;
		if (s->missing[i])
			gap += dt;
		s->cum[i + 1] = hi;
		s->cum_lo[i + 1] = lo;
		s->gap_cum[i + 1] = gap;
	}
}

/* Turn a region's rows (strictly increasing t, values in the raw unit,
 * NAN for a gap) into a series.  The series takes over a->t and a->v
 * (they become its t and raw, grown in place to hold the inserted gaps),
 * so a large file needs no second copy of its rows: the peak is the
 * series itself, 41 bytes per interval. */
int wf_series__build(wf_series **out, acc *a, double raw_si, const char *path,
		     const char *column, wf_error *err)
{
	size_t rows = a->n, gaps = 0, n, i, j;
	double step, tnext = 0, tlast, *t, *v;
	wf_series *s;
	int rc;

	if (rows < 2) {
		char lab[160];
		wf_series__region_label(lab, sizeof lab, a->id, a->name);
		return wf_error_set(err, WF_EINPUT, MOD, path, a->first_line, 1,
				    "%s%s%s%zu data row%s; a series needs at least 2 to know "
				    "its step", lab[0] ? "region " : "", lab,
				    lab[0] ? ": " : "", rows, rows == 1 ? "" : "s");
	}
	if ((rc = median_step(a->t, rows, &step)))
		return wf_error_set(err, rc, MOD, path, 0, 0, "out of memory");
	for (i = 0; i + 1 < rows; i++)
		if (a->t[i + 1] > a->t[i] + step)
			gaps++;
	n = rows + gaps;
	if ((rc = alloc_series(&s, n, path, a->id, a->name, column, 0, err)))
		return rc;
	if ((t = realloc(a->t, (n + 1) * sizeof(double))))
		a->t = t;
	if (t && (v = realloc(a->v, n * sizeof(double))))
		a->v = v;
	else
		v = NULL;
	if (!v) {
		wf_series_free(s);
		return wf_error_set(err, WF_ENOMEM, MOD, path, 0, 0, "out of memory");
	}
	/* The rows move up to their places from the last, a missing interval
	 * after each jump in time: every write lands on a row already read. */
	tlast = t[rows - 1];
	for (i = rows, j = n; i-- > 0;) {
		double ti = t[i], vi = v[i];
		if (i + 1 < rows && tnext > ti + step) {
			t[--j] = ti + step;
			v[j] = NAN;
		}
		t[--j] = ti;
		v[j] = vi;
		tnext = ti;
	}
	t[n] = tlast + step;
	s->t = t;
	s->raw = v;
	a->t = a->v = NULL;
	a->n = a->cap = 0;
	s->rows = rows;
	s->raw_si = raw_si;
	s->step_s = step;
	for (i = 0; i < n; i++) {
		s->missing[i] = (unsigned char)isnan(v[i]);
		if (s->missing[i])
			v[i] = 0;
	}
	prefix_sums(s);
	*out = s;
	return 0;
}

int wf_series_from_steps(wf_series **out, const double *t, const double *v, size_t n,
			 const char *name, wf_error *err)
{
	wf_series *s;
	double step = INFINITY;
	size_t i;
	int rc;

	if (!name)
		name = "";
	if (!out || !n || !t || !v)
		return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0, "invalid arguments");
	*out = NULL;
	for (i = 0; i < n; i++) {
		if (!isfinite(t[i]) || !isfinite(t[i + 1]) || !(t[i + 1] > t[i]))
			return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0,
					    "step %zu: expected finite boundaries in "
					    "increasing order", i);
		if (!isnan(v[i]) && !isfinite(v[i]))
			return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0,
					    "step %zu: expected a finite value (or NAN for "
					    "a gap)", i);
		step = fmin(step, t[i + 1] - t[i]);
	}
	if ((rc = alloc_series(&s, n, name, "", "", "", 1, err)))
		return rc;
	s->rows = n;
	s->raw_si = 1;
	s->step_s = step;
	for (i = 0; i < n; i++) {
		s->t[i] = t[i];
		s->missing[i] = (unsigned char)isnan(v[i]);
		s->raw[i] = isnan(v[i]) ? 0 : v[i];
	}
	s->t[n] = t[n];
	prefix_sums(s);
	*out = s;
	return 0;
}

void wf_series_free(wf_series *s)
{
	if (!s)
		return;
	free(s->t);
	free(s->raw);
	free(s->cum);
	free(s->cum_lo);
	free(s->gap_cum);
	free(s->missing);
	free(s);
}

void wf_series_free_all(wf_series **s, size_t n)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < n; i++)
		wf_series_free(s[i]);
	free(s);
}

int wf_steps_push(wf_steps *s, double t0, double t1, double v)
{
	if (s->n && s->t[s->n] != t0) {
		/* a hole between pieces (a temperature file shorter than its
		 * year): a gap */
		if (s->t[s->n] > t0)
			return WF_EINPUT;
		if (wf_steps_push(s, s->t[s->n], t0, NAN))
			return WF_ENOMEM;
	}
	if (s->n + 2 > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 1024;
		double *nt = realloc(s->t, cap * sizeof(double)), *nv;
		if (!nt)
			return WF_ENOMEM;
		s->t = nt;
		if (!(nv = realloc(s->v, cap * sizeof(double))))
			return WF_ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	s->t[s->n] = t0;
	s->v[s->n] = v;
	s->t[++s->n] = t1;
	return 0;
}

/* ------------------------------------------------------ messages */

/* Quote at most 60 bytes of s for a message. */
const char *wf_series__quote(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n > 60)
		snprintf(buf, size, "%.57s...", s);
	else
		snprintf(buf, size, "%s", s);
	return buf;
}

/* "no region X": suggest the nearest id or name among n
 * regions (ids[i], names[i]: "" where the file has no such column) and
 * list them.  `where` is "this file" or the file's name. */
int wf_series__no_region(wf_error *err, const char *file, int line, int col,
		     const char *where, const char *filter, const char *const *ids,
		     const char *const *names, size_t n)
{
	const char **cand;
	char list[600], q[80];
	size_t i, nc = 0, len = 0;
	const char *near;

	if (!(cand = malloc(2 * n * sizeof(char *) + 1)))
		return wf_error_set(err, WF_ENOMEM, MOD, file, 0, 0, "out of memory");
	list[0] = '\0';
	for (i = 0; i < n; i++) {
		char lab[160];
		if (ids[i][0])
			cand[nc++] = ids[i];
		if (names[i][0])
			cand[nc++] = names[i];
		wf_series__region_label(lab, sizeof lab, ids[i], names[i]);
		if (len + strlen(lab) + 8 < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
						i ? ", " : "", lab);
		else if (len + 5 < sizeof list) {
			snprintf(list + len, sizeof list - len, ", ...");
			len = sizeof list; /* stop */
		}
	}
	near = wf_nearest(filter, cand, nc);
	if (near)
		wf_error_set(err, WF_ENOTFOUND, MOD, file, line, col,
			     "no region \"%s\" in %s; did you mean \"%s\"? (%zu regions: %s)",
			     wf_series__quote(q, sizeof q, filter), where, near, n, list);
	else
		wf_error_set(err, WF_ENOTFOUND, MOD, file, line, col,
			     "no region \"%s\" in %s (%zu regions: %s)",
			     wf_series__quote(q, sizeof q, filter), where, n, list);
	free(cand);
	return WF_ENOTFOUND;
}

int wf_series__check_mix(const wf_mix_factors *m, const char *path, wf_error *err)
{
	size_t i;

	if ((m->n && (!m->fuel || !m->ef_kg_per_j)) || (m->n_drop && !m->drop))
		return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
				    "invalid factor set (NULL arrays)");
	for (i = 0; i < m->n; i++)
		if (!m->fuel[i] || !isfinite(m->ef_kg_per_j[i]) || m->ef_kg_per_j[i] < 0)
			return wf_error_set(err, WF_EINPUT, MOD, path, 0, 0,
					    "factor of fuel \"%s\": expected a finite "
					    "intensity >= 0", m->fuel[i] ? m->fuel[i] : "(null)");
	return 0;
}

/* ------------------------------------------------------ integrals */

/* The interval holding x: the largest i < n with t[i] <= x (0 if x is
 * before the series). */
size_t wf_series_locate(const wf_series *s, double x)
{
	size_t lo = 0, hi = s->n; /* answer in [lo, hi) */

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->t[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The interval a window ending at x ends in: the largest i < n with
 * t[i] < x (0 if none). */
static size_t locate_left(const wf_series *s, double x)
{
	size_t lo = 0, hi = s->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->t[mid] < x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int wf_series_integral(const wf_series *s, double t0, double t1, double *out,
		       int *covered)
{
	double a, b, pa, pb;
	size_t ia, ib;
	int cov;

	if (!s || !out || !isfinite(t0) || !isfinite(t1) || t0 > t1)
		return WF_EINPUT;
	a = t0 > s->t[0] ? t0 : s->t[0];
	b = t1 < s->t[s->n] ? t1 : s->t[s->n];
	cov = t0 >= s->t[0] && t1 <= s->t[s->n];
	if (a >= b) {
		*out = 0;
		if (covered)
			*covered = cov && t0 == t1;
		return 0;
	}
	ia = wf_series_locate(s, a);
	ib = locate_left(s, b);
	pa = s->raw[ia] * (a - s->t[ia]);
	pb = s->raw[ib] * (b - s->t[ib]);
	/* F(b) - F(a) with F(x) = (cum + cum_lo)[i] + raw[i] (x - t[i]): the
	 * large parts first (their difference is exact or rounds once), the
	 * small ones beside */
	*out = ((s->cum[ib] - s->cum[ia]) + ((s->cum_lo[ib] - s->cum_lo[ia]) + (pb - pa))) *
	       s->raw_si;
	if (covered)
		*covered = cov && s->gap_cum[ib + 1] == s->gap_cum[ia];
	return 0;
}

double wf_series_covered_s(const wf_series *s, double t0, double t1)
{
	double a = fmax(t0, s->t[0]), b = fmin(t1, s->t[s->n]), g;
	size_t ia, ib;

	if (!(a < b))
		return 0;
	ia = wf_series_locate(s, a);
	ib = locate_left(s, b);
	/* the missing length in [a, b): whole intervals between, cut at both
	 * ends */
	g = s->gap_cum[ib + 1] - s->gap_cum[ia];
	if (s->missing[ia])
		g -= a - s->t[ia];
	if (s->missing[ib])
		g -= s->t[ib + 1] - b;
	return (b - a) - g;
}

int wf_series_mean(const wf_series *s, double t0, double t1, double *out, int *covered)
{
	double v;
	int rc;

	if (!out || !(t1 > t0))
		return WF_EINPUT;
	if ((rc = wf_series_integral(s, t0, t1, &v, covered)))
		return rc;
	*out = v / (t1 - t0);
	return 0;
}

double wf_series_begin(const wf_series *s)
{
	return s->t[0];
}

double wf_series_end(const wf_series *s)
{
	return s->t[s->n];
}

size_t wf_series_gaps(const wf_series *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += s->missing[i];
	return n;
}

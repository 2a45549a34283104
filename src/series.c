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
 * its end intervals are known.
 *
 * The step and gaps.  Published series mark each value at the START of
 * its interval (shared/reference/series/SOURCES.md: NESO half-hours,
 * ENTSO-E quarter-hours and hours).  A region's nominal step is the median
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
#include "table.h"

/* ------------------------------------------------------ GB grid ids */

/*
 * wattif's GB grid ids (data/grids/gb_regions.yaml) and the NESO Carbon
 * Intensity API region ids and short names they stand for (region list:
 * carbon-intensity/api-definitions docs/index-regional.html, as quoted in
 * data/SOURCES.md; "North Wales and Merseyside" is the spelling of NESO's
 * data-portal file, "North Wales" the API documentation's).  A grid id
 * selects a row when the row's region_id (if the file has the column) is
 * the NESO id AND its name (if the file has the column) is one of the
 * names, so a non-NESO file that happens to number regions 1..17 is never
 * matched by accident.
 */
static const struct gb_region {
	const char *grid;
	const char *id;
	const char *names[3];
} gb_regions[] = {
	{"GB-north-scotland", "1", {"North Scotland", NULL, NULL}},
	{"GB-south-scotland", "2", {"South Scotland", NULL, NULL}},
	{"GB-north-west-england", "3", {"North West England", NULL, NULL}},
	{"GB-north-east-england", "4", {"North East England", NULL, NULL}},
	{"GB-yorkshire", "5", {"Yorkshire", NULL, NULL}},
	{"GB-north-wales", "6",
	 {"North Wales & Merseyside", "North Wales and Merseyside", "North Wales"}},
	{"GB-south-wales", "7", {"South Wales", NULL, NULL}},
	{"GB-west-midlands", "8", {"West Midlands", NULL, NULL}},
	{"GB-east-midlands", "9", {"East Midlands", NULL, NULL}},
	{"GB-east-england", "10", {"East England", NULL, NULL}},
	{"GB-south-west-england", "11", {"South West England", NULL, NULL}},
	{"GB-south-england", "12", {"South England", NULL, NULL}},
	{"GB-london", "13", {"London", NULL, NULL}},
	{"GB-south-east-england", "14", {"South East England", NULL, NULL}},
	{"GB-england", "15", {"England", NULL, NULL}},
	{"GB-scotland", "16", {"Scotland", NULL, NULL}},
	{"GB-wales", "17", {"Wales", NULL, NULL}},
};

#define N_GB (sizeof(gb_regions) / sizeof(gb_regions[0]))

const struct gb_region *wf_series__gb_map(const char *grid)
{
	size_t i;

	for (i = 0; grid && i < N_GB; i++)
		if (strcmp(gb_regions[i].grid, grid) == 0)
			return &gb_regions[i];
	return NULL;
}

int wf_series__gb_matches(const struct gb_region *m, const char *id, const char *name,
		      int has_id, int has_name)
{
	int k, named = 0;

	if (has_id && strcmp(id, m->id) != 0)
		return 0;
	if (!has_name)
		return has_id;
	for (k = 0; k < 3 && m->names[k]; k++)
		if (strcasecmp(name, m->names[k]) == 0)
			named = 1;
	return named;
}

const char *wf_series__gb_grid_of(const char *id, const char *name)
{
	size_t g;

	for (g = 0; g < N_GB; g++)
		if (wf_series__gb_matches(&gb_regions[g], id, name, id[0] != 0, name[0] != 0))
			return gb_regions[g].grid;
	return NULL;
}

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

/* Turn a region's rows (strictly increasing t, values in the raw unit,
 * NAN for a gap) into a series.  The series takes over a->t and a->v
 * (they become its t and raw, grown in place to hold the inserted gaps),
 * so a large file needs no second copy of its rows: the peak is the
 * series itself, 41 bytes per interval. */
int wf_series__build(wf_series **out, acc *a, double raw_si, const char *path, wf_error *err)
{
	size_t rows = a->n, gaps = 0, n, i, j, lp, li, ln;
	double step, tnext = 0, tlast, *t, *v;
	wf_series *s;
	char *strs;
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
	lp = strlen(path) + 1;
	li = strlen(a->id) + 1;
	ln = strlen(a->name) + 1;
	if (!(s = calloc(1, sizeof(*s) + lp + li + ln)))
		return wf_error_set(err, WF_ENOMEM, MOD, path, 0, 0, "out of memory");
	strs = (char *)(s + 1);
	s->path = memcpy(strs, path, lp);
	s->region_id = memcpy(strs + lp, a->id, li);
	s->region = memcpy(strs + lp + li, a->name, ln);
	if ((t = realloc(a->t, (n + 1) * sizeof(double))))
		a->t = t;
	if (t && (v = realloc(a->v, n * sizeof(double))))
		a->v = v;
	else
		v = NULL;
	s->ci = v ? malloc(n * sizeof(double)) : NULL;
	s->cum = s->ci ? malloc((n + 1) * sizeof(double)) : NULL;
	s->miss_cum = s->cum ? malloc((n + 1) * sizeof(size_t)) : NULL;
	s->missing = s->miss_cum ? malloc(n) : NULL;
	if (!s->missing) {
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
	s->n = n;
	s->rows = rows;
	s->raw_si = raw_si;
	s->step_s = step;
	s->cum[0] = 0;
	s->miss_cum[0] = 0;
	for (i = 0; i < n; i++) {
		int miss = isnan(v[i]);
		s->missing[i] = (unsigned char)miss;
		v[i] = miss ? 0 : v[i];
		s->ci[i] = miss ? NAN : v[i] * raw_si;
		s->cum[i + 1] = s->cum[i] + v[i] * (t[i + 1] - t[i]);
		s->miss_cum[i + 1] = s->miss_cum[i] + (size_t)miss;
	}
	*out = s;
	return 0;
}

void wf_series_free(wf_series *s)
{
	if (!s)
		return;
	free(s->t);
	free(s->raw);
	free(s->ci);
	free(s->cum);
	free(s->miss_cum);
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

/* ------------------------------------------------------ integrals */

/* The interval holding x: the largest i < n with t[i] <= x (0 if x is
 * before the series). */
static size_t locate(const wf_series *s, double x)
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
	double a, b, fa, fb;
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
	ia = locate(s, a);
	ib = locate_left(s, b);
	fa = s->cum[ia] + s->raw[ia] * (a - s->t[ia]);
	fb = s->cum[ib] + s->raw[ib] * (b - s->t[ib]);
	*out = (fb - fa) * s->raw_si;
	if (covered)
		*covered = cov && s->miss_cum[ib + 1] == s->miss_cum[ia];
	return 0;
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
	return s->miss_cum[s->n];
}

/*
 * profile.c - typical-year profiles (see profile.h): a base year's shape
 * carried to another year by whole weeks, rescaled to an annual figure.
 *
 * Integrals are computed, never tabulated: a year piece of a window maps
 * onto at most three pieces of the base year (the whole-week shift moves
 * it by up to 3.5 days, and what falls past one end of the base year
 * wraps to the other), each an O(log n) integral over the base's prefix
 * sums (series.c).  So a profile window costs O(years x log n), however
 * long, and evaluating it needs no memory of its own.
 */
#include "profile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "error.h"

#define WEEK_S (7 * 86400.0)

int wf_year_of(double t)
{
	long long y;
	int m, d;

	wf_civil_from_days((long long)floor(t / 86400.0), &y, &m, &d);
	return (int)y;
}

double wf_year_start(int y)
{
	return (double)wf_days_from_civil(y, 1, 1) * 86400.0;
}

int wf_profile_covers_year(const wf_series *s, int y, double from_s, double to_s)
{
	double a = fmax(s->t[0], from_s), b = fmin(s->t[s->n], to_s);

	return !s->typical && a <= wf_year_start(y) && b >= wf_year_start(y + 1);
}

int wf_profile_last_full_year(const wf_series *s, double from_s, double to_s)
{
	double a = fmax(s->t[0], from_s), b = fmin(s->t[s->n], to_s);
	int y;

	if (s->typical || !(a < b))
		return 0;
	for (y = wf_year_of(b) - 1; y >= wf_year_of(a); y--)
		if (wf_profile_covers_year(s, y, from_s, to_s))
			return y;
	return 0;
}

int wf_profile_init(wf_profile *p, const wf_series *s, int y)
{
	if (!p || !s || !wf_profile_covers_year(s, y, -INFINITY, INFINITY))
		return WF_EINPUT;
	p->base = s;
	p->base_year = y;
	p->b0_s = wf_year_start(y);
	p->b_len_s = wf_year_start(y + 1) - p->b0_s;
	return 0;
}

double wf_profile_shift(const wf_profile *p, int y)
{
	return WEEK_S * floor((wf_year_start(y) - p->b0_s) / WEEK_S + 0.5);
}

/* ∫ of the base over [u0, u1) in base time taken modulo the base year,
 * and the time of it that has data. */
static void base_integral(const wf_profile *p, double u0, double u1, double *v,
			  double *cov)
{
	double k = floor((u0 - p->b0_s) / p->b_len_s), end = p->b0_s + p->b_len_s;

	*v = 0;
	*cov = 0;
	u0 -= k * p->b_len_s;
	u1 -= k * p->b_len_s;
	while (u0 < u1) {
		double b = fmin(u1, end), x = 0;
		wf_series_integral(p->base, u0, b, &x, NULL);
		*v += x;
		*cov += wf_series_covered_s(p->base, u0, b);
		if (b >= u1)
			break;
		/* wrap to the start of the base year */
		u0 = p->b0_s;
		u1 -= p->b_len_s;
	}
}

int wf_profile_year_mean(const wf_profile *p, int y, double *m, double *share)
{
	double a = wf_year_start(y), b = wf_year_start(y + 1), sh = wf_profile_shift(p, y),
	       v, cov;

	base_integral(p, a - sh, b - sh, &v, &cov);
	if (share)
		*share = cov / (b - a);
	if (!(cov > 0)) {
		*m = NAN;
		return WF_ENOTFOUND;
	}
	*m = v / cov;
	return 0;
}

/* m_y from the table when it holds year y, else computed. */
static double year_mean(const wf_profile *p, const double *m, int y0, int nm, int y)
{
	double v;

	if (m && y >= y0 && y < y0 + nm)
		return m[y - y0];
	return wf_profile_year_mean(p, y, &v, NULL) == 0 ? v : NAN;
}

int wf_profile_integral(const wf_profile *p, double level, const double *m, int y0,
			int nm, double t0, double t1, double *out)
{
	double sum = 0;
	int y;

	if (!p || !out || !isfinite(t0) || !isfinite(t1) || t0 > t1)
		return WF_EINPUT;
	for (y = wf_year_of(t0); t0 < t1; y++) {
		double b = fmin(t1, wf_year_start(y + 1)), sh = wf_profile_shift(p, y),
		       my = year_mean(p, m, y0, nm, y), v, cov;
		base_integral(p, t0 - sh, b - sh, &v, &cov);
		if (my > 0)
			sum += level * (v / my) + level * ((b - t0) - cov);
		else /* no shape to carry (no data, or all zero): the level */
			sum += level * (b - t0);
		t0 = b;
	}
	*out = sum;
	return 0;
}

/* The base intervals over [u0, u1) (base time, inside the base year),
 * emitted at target times u + off. */
static int emit(wf_steps *st, const wf_profile *p, double u0, double u1, double off,
		double level, double my)
{
	const wf_series *s = p->base;
	size_t i = wf_series_locate(s, u0);
	int rc;

	for (; i < s->n && s->t[i] < u1; i++) {
		double a = fmax(s->t[i], u0), b = fmin(s->t[i + 1], u1);
		double v = s->missing[i] || !(my > 0) ? level : level * (wf_series_ci(s, i) / my);
		if (a < b && (rc = wf_steps_push(st, a + off, b + off, v)))
			return rc;
	}
	return 0;
}

int wf_profile_steps(wf_series **out, const wf_profile *p, double level, const double *m,
		     int y0, int nm, double t0, double t1, const char *name, wf_error *err)
{
	wf_steps st = {0};
	int y, rc = 0;

	*out = NULL;
	if (!(t0 < t1) || !isfinite(t0) || !isfinite(t1))
		return wf_error_set(err, WF_EINPUT, "profile", name, 0, 0,
				    "a profile needs a span that runs forward");
	for (y = wf_year_of(t0); t0 < t1 && rc == 0; y++) {
		double b = fmin(t1, wf_year_start(y + 1)), sh = wf_profile_shift(p, y),
		       my = year_mean(p, m, y0, nm, y), u0 = t0 - sh, u1 = b - sh,
		       k = floor((u0 - p->b0_s) / p->b_len_s), off = sh + k * p->b_len_s;
		u0 -= k * p->b_len_s;
		u1 -= k * p->b_len_s;
		while (u0 < u1 && rc == 0) {
			double e = fmin(u1, p->b0_s + p->b_len_s);
			rc = emit(&st, p, u0, e, off, level, my);
			u0 = p->b0_s;
			u1 -= p->b_len_s;
			off += p->b_len_s;
			if (e >= u1 + p->b_len_s)
				break;
		}
		t0 = b;
	}
	if (rc == 0)
		rc = wf_series_from_steps(out, st.t, st.v, st.n, name, err);
	else
		wf_error_set(err, rc, "profile", name, 0, 0, "out of memory");
	free(st.t);
	free(st.v);
	return rc;
}

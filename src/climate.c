/*
 * climate.c - PUE over time (see climate.h): step functions of PUE by
 * calendar month or by hour of a temperature series through a PUE curve,
 * and the product of two step functions.
 *
 * The hourly form: each interval of the temperature series gets
 * PUE_i = curve(T_i) (GSL Steffen, monotone between the curve's points, as
 * facility.c evaluates one temperature; docs/model.md, "Facility: PUE and
 * water"), and the wf_steps are laid on the target years by calendar
 * position.  With the product CI x PUE as a step function, the emissions of
 * any window, Σ CI_i PUE_i P_IT dt_i, are one difference of its prefix
 * sums: O(log n) per evaluation however long the window (facility.c,
 * grid.c).
 */
#include "climate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_interp.h>

#include "calendar.h"
#include "error.h"
#include "profile.h"

#define MOD "climate"

static int finish(wf_series **out, wf_steps *st, int rc, const char *name, wf_error *err)
{
	if (rc == 0 && st->n == 0)
		rc = wf_error_set(err, WF_ENOTFOUND, MOD, name, 0, 0, "no span to cover");
	else if (rc == 0)
		rc = wf_series_from_steps(out, st->t, st->v, st->n, name, err);
	else
		rc = wf_error_set(err, rc, MOD, name, 0, 0, "out of memory");
	free(st->t);
	free(st->v);
	return rc;
}

int wf_pue_by_month(wf_series **out, const double pue_month[12], double t0, double t1,
		    wf_error *err)
{
	wf_steps st = {0};
	long long y;
	int m, d, rc = 0;

	*out = NULL;
	wf_civil_from_days((long long)floor(t0 / 86400.0), &y, &m, &d);
	while (t0 < t1 && rc == 0) {
		double next = 86400.0 * (double)(m == 12 ? wf_days_from_civil(y + 1, 1, 1)
							 : wf_days_from_civil(y, m + 1, 1));
		rc = wf_steps_push(&st, t0, fmin(next, t1), pue_month[m - 1]);
		t0 = next;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return finish(out, &st, rc, "PUE by month", err);
}

int wf_pue_of_temps(const wf_series *temps, const wf_pue_points *c, double **pue,
		    double *mean, double *max, size_t *clamped, wf_error *err)
{
	gsl_interp *ip = gsl_interp_alloc(gsl_interp_steffen, c->n);
	gsl_interp_accel *acc = gsl_interp_accel_alloc();
	double *v = malloc(temps->n * sizeof(double)), sum = 0, w = 0, hi = -INFINITY;
	size_t i, out = 0;

	if (!ip || !acc || !v || gsl_interp_init(ip, c->t_c, c->pue, c->n)) {
		gsl_interp_free(ip);
		gsl_interp_accel_free(acc);
		free(v);
		return wf_error_set(err, WF_ENOMEM, MOD, temps->path, 0, 0,
				    "cannot set up the PUE curve");
	}
	for (i = 0; i < temps->n; i++) {
		double t = wf_series_ci(temps, i), dt = temps->t[i + 1] - temps->t[i];
		if (temps->missing[i]) {
			v[i] = NAN;
			continue;
		}
		if (t < c->t_c[0] || t > c->t_c[c->n - 1]) {
			t = fmin(fmax(t, c->t_c[0]), c->t_c[c->n - 1]);
			out++;
		}
		if (gsl_interp_eval_e(ip, c->t_c, c->pue, t, acc, &v[i]) != 0)
			v[i] = t <= c->t_c[0] ? c->pue[0] : c->pue[c->n - 1];
		sum += v[i] * dt;
		w += dt;
		hi = fmax(hi, v[i]);
	}
	gsl_interp_free(ip);
	gsl_interp_accel_free(acc);
	*pue = v;
	if (mean)
		*mean = w > 0 ? sum / w : NAN;
	if (max)
		*max = hi;
	if (clamped)
		*clamped = out;
	return 0;
}

/* The calendar year a temperature series stands for. */
static int series_year(const wf_series *s)
{
	return s->typical ? WF_TYPICAL_YEAR : wf_year_of(0.5 * (s->t[0] + s->t[s->n]));
}

/* The series' wf_steps over [u0, u1) (its own time), laid at u + off. */
static int emit(wf_steps *st, const wf_series *s, const double *v, double u0, double u1,
		double off)
{
	size_t i = wf_series_locate(s, u0);
	int rc;

	if (u1 <= s->t[0] || u0 >= s->t[s->n])
		return wf_steps_push(st, u0 + off, u1 + off, NAN);
	for (; i < s->n && s->t[i] < u1; i++) {
		double a = fmax(s->t[i], u0), b = fmin(s->t[i + 1], u1);
		if (a < b && (rc = wf_steps_push(st, a + off, b + off, v[i])))
			return rc;
	}
	return 0;
}

/* Target [a, b) laid on the series by offset off (a piece of one month
 * range); what falls before or after the series' span moves by one of
 * its years (a file of a local year in UTC starts a few hours late). */
static int lay(wf_steps *st, const wf_series *s, const double *v, double a, double b,
	       double off, double ylen)
{
	double c0 = s->t[0], c1 = s->t[s->n];
	int rc = 0;

	while (a < b && rc == 0) {
		double u = a + off, e;
		if (u < c0) {
			e = fmin(b, c0 - off);
			rc = emit(st, s, v, u + ylen, e + off + ylen, -off - ylen);
		} else if (u >= c1) {
			e = b;
			rc = emit(st, s, v, u - ylen, e + off - ylen, -off + ylen);
		} else {
			e = fmin(b, c1 - off);
			rc = emit(st, s, v, u, e + off, -off);
		}
		a = e;
	}
	return rc;
}

int wf_pue_by_hour(wf_series **out, const wf_series *temps, const wf_pue_points *curve,
		   double t0, double t1, size_t *clamped, wf_error *err)
{
	wf_steps st = {0};
	double *v = NULL;
	int yc = series_year(temps), rc, y;
	double ylen = wf_year_start(yc + 1) - wf_year_start(yc);

	*out = NULL;
	if ((rc = wf_pue_of_temps(temps, curve, &v, NULL, NULL, clamped, err)))
		return rc;
	for (y = wf_year_of(t0); t0 < t1 && rc == 0; y++) {
		/* Jan-Feb and Mar-Dec of year y on those of year yc; 29 Feb on
		 * 28 Feb when yc has none */
		double ys = wf_year_start(y), mar = 86400.0 * wf_days_from_civil(y, 3, 1),
		       off_a = wf_year_start(yc) - ys,
		       off_b = 86400.0 * wf_days_from_civil(yc, 3, 1) - mar,
		       feb29 = mar - 86400.0, ye = fmin(t1, wf_year_start(y + 1));
		int leap_gap = wf_days_in_month(y, 2) == 29 && wf_days_in_month(yc, 2) == 28;
		double a_end = leap_gap ? feb29 : mar;
		if (t0 < a_end)
			rc = lay(&st, temps, v, t0, fmin(a_end, ye), off_a, ylen);
		if (rc == 0 && leap_gap && t0 < mar && ye > feb29)
			rc = lay(&st, temps, v, fmax(t0, feb29), fmin(mar, ye),
				 86400.0 * wf_days_from_civil(yc, 2, 28) - feb29, ylen);
		if (rc == 0 && ye > mar)
			rc = lay(&st, temps, v, fmax(t0, mar), ye, off_b, ylen);
		t0 = ye;
	}
	free(v);
	return finish(out, &st, rc, temps->path, err);
}

int wf_steps_product(wf_series **out, const wf_series *a, const wf_series *b, double t0,
		     double t1, const char *name, wf_error *err)
{
	wf_steps st = {0};
	double lo = fmax(t0, fmax(a->t[0], b->t[0])), hi = fmin(t1, fmin(a->t[a->n], b->t[b->n]));
	size_t i, j;
	int rc = 0;

	*out = NULL;
	if (!(lo < hi))
		return wf_error_set(err, WF_ENOTFOUND, MOD, name, 0, 0,
				    "the two step functions do not meet");
	i = wf_series_locate(a, lo);
	j = wf_series_locate(b, lo);
	while (lo < hi && rc == 0) {
		double e = fmin(hi, fmin(a->t[i + 1], b->t[j + 1]));
		rc = wf_steps_push(&st, lo, e, wf_series_ci(a, i) * wf_series_ci(b, j));
		lo = e;
		if (a->t[i + 1] <= lo && i + 1 < a->n)
			i++;
		if (b->t[j + 1] <= lo && j + 1 < b->n)
			j++;
	}
	return finish(out, &st, rc, name, err);
}

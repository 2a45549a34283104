/*
 * climate.h - PUE as a function of time: by calendar month from twelve
 * temperatures, or by hour from an hourly temperature series (a calendar
 * year or a typical year), through a PUE curve of outdoor temperature; and
 * the product of two step functions (intensity x PUE), so that a window's
 * ∫ CI(t) PUE(t) dt is one difference of prefix sums (series.h).
 *
 * A temperature series is used by calendar position: the temperature at
 * 14:00 UTC on 3 May of any year is the series' 3 May 14:00 UTC (29
 * February of a leap year takes 28 February when the series' year has
 * none).  The shipped files are one year each (2024, or a typical year),
 * so a job in 2023 or 2030 meets that year's weather: a stand-in, and the
 * notes say so.
 */
#ifndef WF_CLIMATE_H
#define WF_CLIMATE_H

#include <stddef.h>

#include "series.h"

/* A PUE curve: points (t_c[i], pue[i]), temperatures increasing. */
typedef struct wf_pue_points {
	size_t n;
	const double *t_c;
	const double *pue;
} wf_pue_points;

/* PUE(t) over [t0, t1) (UTC), one step per calendar month, pue_month[0]
 * for January.  *out is new (wf_series_free). */
int wf_pue_by_month(wf_series **out, const double pue_month[12], double t0, double t1,
		    wf_error *err);

/* PUE(t) over [t0, t1) from hourly temperatures `temps` (°C; calendar
 * positions as above) through the curve (monotone Steffen between its
 * points).  Temperatures outside the curve take its end values; *clamped
 * counts the series' intervals that did (over one year of it).  A gap in
 * the temperatures is a gap in PUE.  *out is new. */
int wf_pue_by_hour(wf_series **out, const wf_series *temps, const wf_pue_points *curve,
		   double t0, double t1, size_t *clamped, wf_error *err);

/* The PUE of each of the series' own intervals (NAN in gaps) and their
 * mean and maximum over its span (hour-weighted). */
int wf_pue_of_temps(const wf_series *temps, const wf_pue_points *curve, double **pue,
		    double *mean, double *max, size_t *clamped, wf_error *err);

/* a(t) x b(t) over [t0, t1) ∩ both spans, one step per piece between
 * their joint boundaries; NAN where either is.  *out is new; WF_ENOTFOUND
 * when they do not meet. */
int wf_steps_product(wf_series **out, const wf_series *a, const wf_series *b, double t0,
		     double t1, const char *name, wf_error *err);

#endif

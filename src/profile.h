/*
 * profile.h - typical-year profiles: the hourly shape of one full calendar
 * year of an intensity series, carried to any other year and rescaled so
 * that year's mean equals a given annual figure.
 *
 * For a date outside every series (a job next year, a campus in 2035) the
 * annual figure says how much carbon a kWh carries on average, and the
 * latest full year of a series says how that varies over the day, the
 * week and the seasons.  A profile is that shape at that level: not a
 * forecast (the weather, the mix and the demand of the year itself are
 * unknown), but a better answer than a flat average for when to run.
 *
 *   year y, t in y:  u = t - shift_y, shift_y = 7 days x round((start(y) -
 *                    start(B)) / 7 days), u taken modulo B's length into B
 *                    (B: the base year; whole weeks keep weekdays on
 *                    weekdays, so seasons move by at most 3.5 days, and a
 *                    few days at one end wrap to the other end of B)
 *   profile(t) = L x s(u) / m_y   where the base has data at u,
 *              = L                where it has none (a gap of the source)
 *   m_y = ∫ s over the mapped year y where the base has data / that time
 * so the mean of the profile over any calendar year y is exactly L (up to
 * rounding): the covered part averages L x m_y / m_y, the gaps are L.
 *
 * Everything here only reads the base series: reentrant, no allocation
 * except wf_profile_steps.
 */
#ifndef WF_PROFILE_H
#define WF_PROFILE_H

#include "series.h"

typedef struct wf_profile {
	const wf_series *base;  /* the series the shape comes from */
	int base_year;          /* B: a calendar year it covers whole */
	double b0_s, b_len_s;   /* B's start (s since 1970) and length (s) */
} wf_profile;

/* 1 when series s covers calendar year y whole (gaps allowed: they stay
 * gaps), within [from_s, to_s). */
int wf_profile_covers_year(const wf_series *s, int y, double from_s, double to_s);

/* The latest calendar year s covers whole within [from_s, to_s), 0 if none. */
int wf_profile_last_full_year(const wf_series *s, double from_s, double to_s);

/* A profile on base year y of s (which must cover it: WF_EINPUT if not). */
int wf_profile_init(wf_profile *p, const wf_series *s, int y);

/* The whole-week shift of calendar year y onto the base (s). */
double wf_profile_shift(const wf_profile *p, int y);

/* m_y: the mean of the base shape over the mapped calendar year y where it
 * has data (raw series units: g/kWh for intensities), and the share of the
 * year that has data.  WF_ENOTFOUND when none has. */
int wf_profile_year_mean(const wf_profile *p, int y, double *m, double *share);

/* ∫ profile dt over [t0, t1) in kg/J x s (the base's SI unit), for level
 * L (kg/J) and m[k] = m_{y0+k} for the years y0 .. y0+nm-1 (years outside
 * are computed).  Never uncovered: gaps hold L.  Returns 0 or WF_EINPUT
 * (t0 > t1, non-finite). */
int wf_profile_integral(const wf_profile *p, double level, const double *m, int y0,
			int nm, double t0, double t1, double *out);

/* The profile over [t0, t1) as explicit steps (one per base interval, cut
 * at year ends; gaps hold L): *out is new (wf_series_free). */
int wf_profile_steps(wf_series **out, const wf_profile *p, double level, const double *m,
		     int y0, int nm, double t0, double t1, const char *name, wf_error *err);

/* The calendar year of t (s since 1970, UTC) and the start of year y. */
int wf_year_of(double t);
double wf_year_start(int y);

#endif

/*
 * power.h - device power at a utilisation.
 *
 * P(u) = P_idle + (P_max - P_idle) * f(u)   (docs/model.md; CCF "Compute")
 * with f linear (f = u), the non-linear server form f = 2u - u^r
 * (Fan, Weber & Barroso, ISCA 2007; monotone for 1 <= r <= 2), or a
 * tabulated curve interpolated with GSL's Steffen method, which is
 * monotone between points so the curve never overshoots its data
 * (Steffen, A&A 239, 1990).
 */
#ifndef WF_POWER_H
#define WF_POWER_H

#include <gsl/gsl_interp.h>

#include "catalog.h"

/* Immutable once built, so a plan can be evaluated from many threads: no
 * gsl_interp_accel (GSL falls back to a binary search without one). */
typedef struct wf_power_curve {
	const wf_curve *tab;     /* tabulated points, or NULL */
	gsl_interp *interp;      /* built from tab */
} wf_power_curve;

/* Prepare a tabulated curve (tab may be NULL: nothing to do). */
int wf_power_curve_init(wf_power_curve *pc, const wf_curve *tab, wf_error *err);
void wf_power_curve_release(wf_power_curve *pc);

/* f(u) for u in [0, 1]: tabulated if pc has a table, else 2u - u^r
 * (r = 1 gives the linear model).  Returns 0 or WF_ENUMERIC. */
int wf_power_f(double *out, const wf_power_curve *pc, double r, double u);

/* P(u) = idle + (max - idle) * f */
double wf_power_at(double idle_w, double max_w, double f);

#endif

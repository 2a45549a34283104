/*
 * power.c - device power curves (see power.h for the model and sources).
 */
#include "power.h"

#include <math.h>

#include <gsl/gsl_errno.h>

#include "error.h"

int wf_power_curve_init(wf_power_curve *pc, const wf_curve *tab, wf_error *err)
{
	const gsl_interp_type *type;

	pc->tab = tab;
	pc->interp = NULL;
	if (!tab)
		return 0;
	/* Steffen needs three points; two points are a straight line. */
	type = tab->n >= 3 ? gsl_interp_steffen : gsl_interp_linear;
	pc->interp = gsl_interp_alloc(type, tab->n);
	if (!pc->interp) {
		wf_power_curve_release(pc);
		return wf_error_set(err, WF_ENOMEM, "power", NULL, 0, 0, "out of memory");
	}
	if (gsl_interp_init(pc->interp, tab->u, tab->f, tab->n) != GSL_SUCCESS) {
		wf_power_curve_release(pc);
		return wf_error_set(err, WF_ENUMERIC, "power", tab->file, tab->line,
				    tab->col, "curve: cannot interpolate these points");
	}
	return 0;
}

void wf_power_curve_release(wf_power_curve *pc)
{
	gsl_interp_free(pc->interp);
	pc->interp = NULL;
}

int wf_power_f(double *out, const wf_power_curve *pc, double r, double u)
{
	if (!(u >= 0 && u <= 1))
		return WF_ENUMERIC;
	if (pc && pc->interp) {
		/* The _e variant reports a domain error instead of a silent NaN. */
		if (gsl_interp_eval_e(pc->interp, pc->tab->u, pc->tab->f, u, NULL, out) !=
			    GSL_SUCCESS ||
		    !isfinite(*out))
			return WF_ENUMERIC;
		return 0;
	}
	*out = 2 * u - pow(u, r);
	return 0;
}

double wf_power_at(double idle_w, double max_w, double f)
{
	return idle_w + (max_w - idle_w) * f;
}

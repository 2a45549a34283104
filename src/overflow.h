/*
 * overflow.h - naming the input behind a result that overflowed.
 */
#ifndef WF_OVERFLOW_H
#define WF_OVERFLOW_H

#include "engine.h"

/* After wf_plan_evaluate(pl, x, ...) failed with rc and detail e: when an
 * output came out infinite (rc WF_ENUMERIC, "... is not finite") and an
 * input lies 30 or more orders of magnitude from 1 (in SI), the input is
 * bad input, not a numerical failure: err gets WF_EINPUT at the input's
 * origin (its file:line:col, or the --set that gave it).  Otherwise e is
 * copied to err.  Returns the code put in err. */
int wf_plan_overflow(const wf_plan *pl, const double *x, int rc, const wf_error *e,
		     wf_error *err);

#endif

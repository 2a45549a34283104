/*
 * overflow.c - naming the input behind a result that overflowed (see
 * overflow.h).
 *
 * Every input is checked against its physical range when it is read, but
 * a range such as "a power >= 0" has no upper end: `--set
 * workload.power_per_device=1e300W` is a valid power whose energy is
 * infinite.  The engine then reports the output that is not finite, which
 * says nothing about where to look.  No output of a plausible scenario
 * comes near 1e308 from inputs within 1e30 of 1 (products of a dozen
 * factors), so the most extreme input is the one to name.
 */
#include "overflow.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "quantity.h"

int wf_plan_overflow(const wf_plan *pl, const double *x, int rc, const wf_error *e,
		     wf_error *err)
{
	const char *tail = strstr(e->message, " is not finite");
	double worst = 0;
	int pin, best = -1;
	char val[64];

	for (pin = 0; tail && rc == WF_ENUMERIC && pin < P_COUNT_; pin++) {
		double m;
		if (!pl->in[pin].set || !isfinite(x[pin]) || x[pin] == 0)
			continue;
		m = fabs(log10(fabs(x[pin])));
		if (m > worst) {
			worst = m;
			best = pin;
		}
	}
	if (best < 0 || worst < 30)
		return wf_error_set(err, e->code ? e->code : rc, e->module, e->file, e->line,
				    e->col, "%s", e->message);
	wf_quantity_format(val, sizeof val, x[best], pl->in[best].v.dim, 4);
	return wf_error_set(err, WF_EINPUT, "engine", pl->in[best].file, pl->in[best].line,
			    pl->in[best].col,
			    "%s = %s is far outside any plausible value: %.*s overflows "
			    "(it is not finite)", wf_plan_input_name(best), val,
			    (int)(tail - e->message), e->message);
}

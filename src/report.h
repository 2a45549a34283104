/*
 * report.h - self-contained HTML reports and single SVG charts of a
 * result (the public entry points are wf_report_html and wf_report_svg in
 * wattif.h).  What the library's report code shares with its tests.
 */
#ifndef WF_REPORT_H
#define WF_REPORT_H

#include "strbuf.h"
#include "wattif.h"

/* The unit a chart shows output i in when its largest magnitude is
 * maxabs: the output's own unit scaled by a power of 1000 so the numbers
 * stay readable (kWh -> MWh -> GWh, kg -> t -> kt CO2e, L -> m3).
 * Returns the divisor from the output's unit; *unit is a static name. */
double wf_report_scale(int out, double maxabs, const char **unit);

/* Histogram bins over n values: a bin width of 1, 2 or 5 x 10^k giving
 * 15 to 40 bins that start on a multiple of the width, counted with
 * gsl_histogram.  *edges (nbins + 1) and *counts (nbins) are malloc'd and
 * owned by the caller.  Returns 0, WF_EINPUT when the values do not
 * spread (fewer than 2 finite, or all equal) or WF_ENOMEM. */
int wf_report_bins(double **edges, double **counts, size_t *nbins,
		   const double *values, size_t n);

#endif

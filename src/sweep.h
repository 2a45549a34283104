/*
 * sweep.h - batch scenario sweeps: a base scenario and axes over scenario
 * paths, expanded into points that any thread or MPI rank can evaluate by
 * index.  The public API (wf_sweep_*) is in wattif.h; this header holds the
 * pieces shared with the tests.
 *
 * Points are numbered as nested loops over the axes in file order, the
 * first axis outermost (product), or side by side (zip).  Axes whose
 * values are plain numbers for a plan input that resolving does not look
 * at (site.pue, grid.intensity, workload.power_per_device, ...) are "fast":
 * a worker resolves one plan per combination of the other ("structural")
 * axes and only changes that input between points.
 */
#ifndef WF_SWEEP_H
#define WF_SWEEP_H

#include <stddef.h>

#include "wattif.h"

/* The number form of sweep rows: wf_format_double (numfmt.c), the
 * shortest text that reads back as exactly v; "" for NaN and infinities.
 * buf needs WF_FORMAT_DOUBLE_SIZE bytes.  Returns the length. */
static inline size_t wf_sweep_number(char *buf, double v)
{
	return wf_format_double(buf, v);
}

/* A point of a sweep whose base spans years: the lifetime total of each
 * of outs into values[0..n_outs) (values NULL: only projected, to check
 * it), and with samples > 1 the mean, sd, p05, p50 and p95 of each after
 * them (NAN where not additive); with ci, what the first year's intensity
 * is, its strings copied into buf (size bytes); sweep_campus.c. */
int wf_sweep_project_point(const wf_scenario *sc, const int *outs, size_t n_outs,
			   long samples, unsigned long seed, double *values,
			   wf_intensity_info *ci, char *buf, size_t size, wf_error *err);
/* wf_sweep_load from model-file text in memory (fuzzing, tests): `name`
 * stands for the file in messages and for relative base: paths. */
int wf_sweep_load_text(wf_sweep **out, const wf_catalog *base, const char *text, size_t len,
		       const char *name, const wf_sweep_options *opt, wf_error *err);

#endif

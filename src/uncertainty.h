/*
 * uncertainty.h - Monte Carlo over a plan's uncertain inputs: sampling,
 * summaries (mean, sd, 5th/50th/95th percentiles) and a rank-correlation
 * sensitivity ranking.
 *
 * A run is (plan, seed, n_samples).  Sample i draws each uncertain input
 * from its own random stream, seeded from a hash of (seed, i, input), so
 *  - results are bit-identical however the samples are split between
 *    calls or threads (each thread owns a wf_mc; the plan is shared const);
 *  - making one more input uncertain does not change the draws of the
 *    others (common random numbers: two what-ifs that differ in one
 *    distribution are compared on the same draws of the rest).
 * The same seed gives the same numbers with the same version of wattif;
 * a new input in the plan or a change of sampler may change them.
 *
 * Inputs that are fixed, absent, or distributions with zero spread
 * (normal sd = 0, lognormal gsd = 1) take their nominal value exactly, and
 * a run of one sample is the deterministic run: every input nominal.  So
 * with no distributions, or n_samples = 1, every sample equals
 * wf_plan_evaluate at wf_plan_nominal bit for bit.
 */
#ifndef WF_UNCERTAINTY_H
#define WF_UNCERTAINTY_H

#include <stddef.h>

#include "engine.h"

/* Draws of one input that fall outside wf_plan_input_range() (a PUE below
 * 1, a utilisation above 1) are not possible worlds: they are redrawn, up
 * to this many times, which truncates the distribution to the range; if
 * every redraw also falls outside, the value is clamped to the range and
 * counted (wf_mc_out_of_range).  A distribution with less than
 * WF_MC_MIN_MASS of its probability inside the range is refused by
 * wf_mc_new, which bounds the cost of redrawing. */
#define WF_MC_MAX_REDRAW 64
#define WF_MC_MIN_MASS 0.01

/* Per-thread workspace: the random generator, the nominal inputs and the
 * sampling parameters of the uncertain ones. */
typedef struct wf_mc wf_mc;

/* The uncertain inputs of a plan, in increasing pin order (the column order
 * of wf_mc_eval's inputs_out and of wf_mc_sensitivity's output): set, not
 * WF_DIST_FIXED, and with a non-zero spread.  Writes their pins into
 * pins_out (room for P_COUNT_) and returns how many there are. */
size_t wf_mc_uncertain(int pins_out[P_COUNT_], const wf_plan *pl);

/* Create a workspace for a run of n_samples (>= 1) samples of pl.  pl is
 * read, never written, and must outlive the workspace.  Fails with
 * WF_EINPUT, naming the input and where it was written, when a
 * distribution has less than WF_MC_MIN_MASS of its probability inside the
 * input's physical range; WF_ENOMEM.  Free with wf_mc_free.  A workspace
 * belongs to one thread at a time. */
int wf_mc_new(wf_mc **out, const wf_plan *pl, size_t n_samples, wf_error *err);

/* Free a workspace.  Accepts NULL. */
void wf_mc_free(wf_mc *mc);

/* Number of uncertain inputs (columns of inputs_out). */
size_t wf_mc_n_uncertain(const wf_mc *mc);

/* Evaluate samples [first, first + count) of the run with `seed`
 * (first + count <= n_samples).  Writes the outputs of sample i (SI, as
 * wf_outputs.v; NaN where an output is absent) to
 * out[(i - first) * WF_OUT_COUNT_ + k], and, if inputs_out is not NULL,
 * the sampled value of the u-th uncertain input to
 * inputs_out[(i - first) * wf_mc_n_uncertain(mc) + u].
 * Returns 0, WF_EINPUT for bad arguments, or the evaluation's error for a
 * sample (err names the sample index and seed, so it can be reproduced);
 * on error the rows before the failing sample are written. */
int wf_mc_eval(wf_mc *mc, unsigned long seed, size_t first, size_t count,
	       double *out, double *inputs_out, wf_error *err);

/* Draws redrawn and values clamped (see WF_MC_MAX_REDRAW) for input `pin`,
 * or totals over all inputs if pin < 0, counted over every wf_mc_eval on
 * this workspace.  The counts of a run do not depend on how it was split,
 * so the sums over threads are reproducible too.  Either pointer may be
 * NULL. */
void wf_mc_out_of_range(const wf_mc *mc, int pin, size_t *redrawn, size_t *clamped);

/* Summary of one output over the samples, in the output's SI unit.
 * present = 0 (and NaN figures) when the output is absent: NaN in every
 * sample.  Absence follows from the plan's structure (no wall time, no
 * WUE, ...), never from the sampled values, so it is the same as in the
 * nominal run. */
typedef struct wf_summary {
	double mean, sd;      /* sd with n - 1 (0 for one sample) */
	double p05, p50, p95; /* GSL's quantile: linear between order statistics */
	int present;
} wf_summary;

/* Summarise an n x WF_OUT_COUNT_ matrix of samples (as written by
 * wf_mc_eval).  Allocates up to 48 n bytes of working copies.  Returns 0,
 * WF_EINPUT (n = 0), WF_ENUMERIC (an output NaN in some samples but not
 * all, or infinite) or WF_ENOMEM.  Thread-safe. */
int wf_mc_summarise(wf_summary out[WF_OUT_COUNT_], const double *samples, size_t n,
		    wf_error *err);

/* Sensitivity of each output to one uncertain input.
 * rho[k]: Spearman's rank correlation between the input's and output k's
 * samples (ties get their average rank, as gsl_stats_spearman does); 0 when
 * either is constant, NaN when output k is absent.
 * share[k]: rho^2 normalised over the uncertain inputs of output k.  For
 * independent inputs and a monotone model this approximates each input's
 * first-order share of the variance (of the output's ranks); it is exact
 * for a linear model, and it misses interactions and non-monotone effects
 * (Saltelli et al., "Global Sensitivity Analysis: The Primer", Wiley 2008,
 * ch. 1, standardised (rank) regression coefficients, whose squares sum to
 * the model's R^2; Helton & Davis, Reliab. Eng. Syst. Saf. 81(1), 2003).
 * 0 when no input moves output k, NaN when it is absent. */
typedef struct wf_sens {
	int pin;                      /* a wf_pin */
	double rho[WF_OUT_COUNT_];
	double share[WF_OUT_COUNT_];
} wf_sens;

/* Sensitivity of every output to every uncertain input of pl, from a run's
 * n samples: inputs is the n x wf_mc_n_uncertain matrix and samples the
 * n x WF_OUT_COUNT_ matrix wf_mc_eval wrote.  out needs room for P_COUNT_
 * entries; *n_out is set to the number of uncertain inputs (entries in
 * increasing pin order; rank them by share for the output you show).
 * Allocates about (64 + 8 u) n bytes for u uncertain inputs.  Returns 0,
 * WF_EINPUT (n < 2 with an uncertain input), WF_ENUMERIC (a non-finite sampled input) or
 * WF_ENOMEM.  Thread-safe. */
int wf_mc_sensitivity(wf_sens *out, size_t *n_out, const wf_plan *pl,
		      const double *inputs, const double *samples, size_t n,
		      wf_error *err);

#endif

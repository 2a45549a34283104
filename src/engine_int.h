/*
 * engine_int.h - private interfaces of the engine's modules; not installed,
 * not part of the API.
 *
 * Resolving a scenario into a plan (engine.h) is split by domain, and so is
 * evaluating it.  Each module resolves its own keys into the plan's inputs
 * and, at evaluation, computes its own figures and writes their derivation:
 *
 *   workload.c      accelerators, devices, power per device, device-time,
 *                   training time from FLOPs, inference energy
 *   campus.c        a data-centre campus over one calendar year
 *   facility.c      PUE (constant, curve of temperature, monthly, fixed
 *                   losses at an IT load), facility energy, water
 *   grid.c          the carbon intensity of the job's window (annual
 *                   figures, hourly series) and the accounting bases;
 *                   grid_mix.c (generation mix) and grid_pathway.c
 *                   (pathways, regional factors) resolve for it
 *   embodied.c      embodied carbon amortised over lifetimes
 *   engine.c        orchestrates: resolve in order, then evaluate step by
 *                   step into a wf_figs, then the outputs
 *   plan.c          the plan's inputs (names, dimensions, ranges, origins)
 *                   and the helpers the resolvers share
 *
 * Lower modules never call higher ones: plan.c at the bottom, then
 * workload < facility < grid (embodied, campus beside them), and engine.c
 * on top.  Every evaluation step reads only the plan and the input
 * values x[] (never a YAML node), so Monte Carlo and sweeps re-run it.
 */
#ifndef WF_ENGINE_INT_H
#define WF_ENGINE_INT_H

#include <math.h>
#include <stdio.h>

#include "catalog.h"
#include "engine.h"
#include "error.h"
#include "quantity.h"
#include "scenario.h"

/* ------------------------------------------------------------ resolving */

/* The state of one resolve: the plan being filled and where from. */
typedef struct wf_rctx {
	int year;                   /* overrides the scenario's year when > 0 */
	const struct wf_grid *region; /* overrides the site's region when set */
	wf_plan *pl;
	wf_catalog *scratch;        /* arena + loader context for this plan */
	const struct wf_scenario *sc;
	wf_error *err;
	double start_s;             /* overrides the scenario's start when finite */
	int level_later;            /* a dated job's annual figure waits for
				     * its window (wf_grid_resolve_window) */
} wf_rctx;

/* Shared resolver helpers (plan.c). */

/* Set p to the fixed value v (SI, of dimension dim) with a note saying why. */
void wf_r_fixed(wf_param *p, wf_dim dim, double v, const char *note);

/* Multiply every location and scale parameter of a value by k. */
void wf_r_scale(wf_value *v, double k);

/* A catalog value keeps its own file:line and gains the entry's citation. */
void wf_r_from_entry(wf_param *dst, const wf_param *src, const wf_entry *e, wf_arena *a);

/* A scenario error at node n (n may be NULL); fmt takes two strings. */
int wf_r_err(wf_error *err, const wf_node *n, const char *fmt, const char *a1,
	     const char *a2);

/* Parse map[key] (if present) into input pin, which must be at least 1
 * (range_ge1) or at least 0. */
int wf_r_q(wf_rctx *c, wf_pin pin, const wf_node *map, const char *key, int range_ge1);

/* Copy a workload param into the plan when set (keeps its file:line). */
void wf_r_take(wf_plan *pl, wf_pin pin, const wf_param *p);

/* The nominal value of a param, NAN when it is not set. */
static inline double wf_r_nom(const wf_param *p)
{
	return p->set ? wf_value_nominal(&p->v) : NAN;
}

/* measured.c (called by workload.c): workload.energy or workload.power_log
 * into the plan (P_ENERGY, its scope, the log's window and GPUs). */
int wf_measured_resolve(wf_rctx *c);

/* "accelerators", "it", "facility" for a wf_escope. */
const char *wf_measured_scope_name(int scope);

/* The modules' resolve steps, in the order engine.c calls them. */
int wf_workload_resolve(wf_rctx *c);            /* workload.c */
int wf_campus_resolve(wf_rctx *c, const wf_node *cn); /* campus.c */
int wf_facility_resolve(wf_rctx *c);            /* facility.c: site, PUE */
int wf_grid_resolve(wf_rctx *c);                /* grid.c: year, intensity */
int wf_embodied_resolve(wf_rctx *c);            /* embodied.c */
int wf_facility_resolve_climate(wf_rctx *c);    /* facility.c: monthly PUE
						 * weights over the window */
int wf_grid_resolve_window(wf_rctx *c);         /* grid.c: does the series
						 * cover the window? */
int wf_workload_check_measured(wf_rctx *c);     /* workload.c: is a measured
						 * energy (or power_per_device)
						 * plausible for the devices? */

/* A dated job's annual figure for `year` into P_CI: the table's, a whole
 * year of a series, the last known one held, or the parent's.  An error
 * names `at` (grid.basis or start), else the grid. */
int wf_grid_dated_level(wf_rctx *c, const wf_grid *g, int year, wf_basis want,
			const wf_node *at);

/* Carry P_CI on the shape of g's latest whole year (CI_PROFILE), when g
 * has one; otherwise leave the plan as it is. */
int wf_grid_profile_setup(wf_rctx *c, const wf_grid *g, wf_basis want);

/* ∫ CI dt over [t0, t1) for the plan's intensity (series, profile or one
 * figure x[P_CI]), kg/J x s; *covered 0 when a series leaves it. */
int wf_grid_window_integral(const wf_plan *pl, const double *x, double t0, double t1,
			    double *out, int *covered);

/* Used by grid.c for grid.mix (grid_mix.c) and grid.pathway
 * (grid_pathway.c): set P_CI, or leave *used = 0 when there is no mix. */
int wf_grid_mix_resolve(wf_rctx *c, const wf_node *gn, const wf_node *bn, int *used);
int wf_grid_pathway_resolve(wf_rctx *c, const wf_node *gn, int year, const wf_node *yw,
			    const wf_node *bn);
/* A campus's marginal (consequential) intensity for the year from a
 * pathway with accounting: marginal (grid.marginal_pathway, or the
 * region's), unless grid.marginal_intensity is given (grid_pathway.c). */
int wf_grid_marginal_resolve(wf_rctx *c, const wf_node *gn, int year);

/* ----------------------------------------------------------- evaluating */

/* The running figures of one evaluation, in SI; each step fills its own. */
typedef struct wf_figs {
	double n;          /* devices (campus: from capacity, when known) */
	double p_dev;      /* power per device, W */
	double p_host;     /* host power per device, W */
	double p_max;      /* peak IT power per device, W (campus: of the campus) */
	double p_it;       /* IT power per device, W (campus: of the campus) */
	double ds;         /* device-seconds (NAN when unknown) */
	double wall;       /* wall-clock time, s (NAN when unknown) */
	double e_it;       /* IT energy, J */
	double units;      /* functional units R (NAN when not countable) */
	double load_term;  /* PUE curve's fixed_loss / IT load (0 without) */
	double pue;        /* PUE in effect: x[P_PUE] + load_term */
	double e_fac;      /* facility energy, J */
	double ci;         /* location-based intensity over the window, kg/J */
	double c_op;       /* location-based emissions, kg */
	double c_mkt;      /* market-based emissions, kg */
	double emb;        /* embodied emissions, kg: the sum of */
	double emb_acc;    /*   accelerator boards, */
	double emb_host;   /*   hosts, */
	double emb_net;    /*   network, */
	double emb_bld;    /*   the building's share */
} wf_figs;

/* Trace text: a no-op (arguments not evaluated) without a trace buffer. */
#define WF_TR(tr, ...)                                                       \
	do {                                                                 \
		if (tr)                                                      \
			wf_strbuf_printf((tr), __VA_ARGS__);                 \
	} while (0)

/* Significant digits of the derivation's figures. */
#define WF_TR_SIG 7

/* A quantity as the derivation prints it. */
static inline const char *fq(char *buf, size_t n, double v, wf_dim dim)
{
	return wf_quantity_format(buf, n, v, dim, WF_TR_SIG);
}

/* Device-hours print as hours whatever their size: that is how papers
 * report them. */
static inline const char *fh(char *buf, size_t n, double seconds)
{
	snprintf(buf, n, "%.*g h", WF_TR_SIG + 3, seconds / 3600.0);
	return buf;
}

/* A plain number as the derivation prints it. */
static inline const char *fnum(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.*g", WF_TR_SIG, v);
	return buf;
}

/* workload.c: power, device-time and IT energy of a job (not a campus). */
int wf_workload_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr,
		     wf_error *err);

/* measured.c: E_IT from the measured energy (scope accelerators or a log:
 * plus the declared host share; scope it: as given; scope facility: NAN,
 * facility.c takes E_fac). */
void wf_measured_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr);

/* workload.c: wall-clock time of the job at inputs x (NAN when it cannot be
 * known: device-hours without a device count, inference without wall_time). */
double wf_workload_wall_time(const wf_plan *pl, const double *x);

/* campus.c: IT power and energy of a campus over its calendar year. */
void wf_campus_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr);

/* facility.c: PUE in effect and facility energy. */
void wf_facility_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr);

/* facility.c: water, NAN without WUE or water-intensity data. */
double wf_facility_water(const wf_plan *pl, const double *x, const wf_figs *f,
			 wf_strbuf *tr);

/* facility.c: the load term fixed_loss / L of a curve's PUE (0 when the
 * curve has none); peak: at the campus's peak load factor. */
double wf_facility_load_term(const wf_plan *pl, const double *x, int peak);

/* facility.c: the PUE at peak load (the warmest month's with a monthly
 * curve, plus the load term at the peak load). */
double wf_facility_pue_peak(const wf_plan *pl, const double *x);

/* facility.c: ∫ PUE(t) dt over [a, b) with PUE by calendar month (UTC). */
double wf_facility_pue_integral(const wf_plan *pl, double a, double b);

/* grid.c: intensity over the window, location- and market-based emissions
 * and the marginal figure (into out). */
int wf_grid_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_outputs *out,
		 wf_strbuf *tr, wf_error *err);

/* embodied_eval.c: embodied emissions of the device-time (a campus: of
 * its year), by component. */
int wf_embodied_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr,
		     wf_error *err);


#endif

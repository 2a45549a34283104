/*
 * result_int.h - what a wf_result holds, shared by result.c (one run) and
 * project.c (a run year by year, or region by region); not installed.
 */
#ifndef WF_RESULT_INT_H
#define WF_RESULT_INT_H

#include "engine.h"
#include "scenario.h"
#include "uncertainty.h"

struct wf_result {
	double v[WF_OUT_COUNT_];     /* in output units (kWh, kg, ...) */
	int present[WF_OUT_COUNT_];
	long samples;                /* Monte Carlo samples, 0 if none */
	size_t n_uncertain;          /* inputs written as distributions */
	wf_quantiles q[WF_OUT_COUNT_];
	int q_present[WF_OUT_COUNT_];
	wf_sens *sens;               /* n_sens uncertain inputs, by pin */
	size_t n_sens;
	char *explain;
	char *notes;
	char *unit;
	double *kept;                /* samples x outputs, by output, when kept */
	wf_bases bases;
	double demand_share;         /* campus: facility energy / region demand */
	int year;                    /* the year the figures are for (0: none) */
	double devices;              /* campus: devices online (NAN: unknown) */
	double emb_board_kg;         /* campus: embodied per device: its board, */
	double emb_host_kg;          /*   its share of a host, */
	double emb_net_kg;           /*   its share of the host's network */
	double lifetime_s;           /* campus: hardware refresh cycle */
	double capacity_w;           /* campus: IT capacity online (NAN: unknown) */
	double building_kg_per_w;    /* campus: building embodied per W (0: none) */
	char emb_scope[160];         /* what embodied carbon covers ("": none) */
	wf_period *periods;          /* the window's periods, when it varied */
	size_t n_periods;
	wf_intensity_info ci;        /* what the intensity is; strings owned: */
	char *ci_region, *ci_label, *ci_profile;
	wf_provenance prov;          /* strings in prov_buf */
	char *prov_buf;
};

/* What a resolved plan's location intensity is (wf_result_intensity); the
 * strings are the plan's, the catalog's or static: valid while pl is. */
void wf_result__plan_intensity(const wf_plan *pl, wf_intensity_info *c);

/* Fill r->ci from a resolved plan (strings copied). */
int wf_result__take_intensity(struct wf_result *r, const wf_plan *pl);

/* A projection of sc in region (NULL: its own) - project.c. */
int wf_project_at(wf_projection **out, const wf_scenario *sc, const wf_grid *region,
		  const wf_run_options *opt, wf_error *err);

/* Fill r->prov from the plan it was run from (provenance.c). */
int wf_provenance_build(wf_result *r, const wf_plan *pl, const double *x,
			const wf_outputs *o);

/* Check a wf_run_options struct (version, samples, threads). */
int wf_run_options_check(const wf_run_options *o, wf_error *err);

/* Run the scenario, at `year` when > 0 (projections), in `region` when not
 * NULL (siting); otherwise as wf_scenario_run. */
int wf_scenario_run_at(wf_result **out, const wf_scenario *sc, int year,
		       const wf_grid *region, const wf_run_options *opt, wf_error *err);

#endif

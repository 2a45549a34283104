/*
 * grid.c - the carbon intensity of the job's window and the accounting bases.
 *
 * Precedence (docs/model.md, "Grid carbon intensity"): an explicit
 * grid.intensity, the region's hourly series when it covers the window, a
 * generation mix (grid_mix.c), a pathway (grid_pathway.c), the region's
 * annual figure for the year (or its parent's).
 *
 *   C_op  = E_fac * CI                     (location-based, GHG Scope 2)
 *   C_mkt = E_fac * (s CI_contract + (1 - s) CI_residual)  (market-based)
 *   C_mrg = E_fac * CI_marginal            (consequential, not in totals)
 *   with a series: CI = ∫ CI(t) PUE(t) dt / ∫ PUE(t) dt over the window
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "climate.h"
#include "powerlog.h"
#include "profile.h"
#include "series.h"

static int year_of(wf_rctx *c, int *year, const wf_node **where)
{
	const wf_node *yn = wf_node_get(c->sc->root, "year");
	const wf_node *sn = wf_node_get(c->sc->root, "start");
	const wf_node *g = wf_node_get(c->sc->root, "grid");
	wf_param p;
	int rc;

	if (!yn && g && g->type == WF_NODE_MAP)
		yn = wf_node_get(g, "year");
	*year = 0;
	*where = NULL;
	c->pl->start_s = NAN;
	if (c->year > 0) {
		*year = c->year;
		*where = yn ? yn : wf_node_get(c->sc->root, "years");
		return 0;
	}
	if (sn || isfinite(c->start_s)) {
		long long y;
		int mo, d;
		if (isfinite(c->start_s)) {
			c->pl->start_s = c->start_s;
		} else {
			if ((rc = wf_param_parse(c->scratch, &p, sn, WF_DIM_DATE, "start",
						 c->err)))
				return rc;
			if (p.v.kind != WF_DIST_FIXED)
				return wf_r_err(c->err, sn, "start: expected one date and time "
						    "(UTC), not a distribution%s%s", "", "");
			c->pl->start_s = wf_value_nominal(&p.v);
		}
		wf_civil_from_days((long long)floor(c->pl->start_s / 86400.0), &y, &mo, &d);
		*year = (int)y;
		*where = sn;
	} else if (c->pl->log) {
		long long y;
		int mo, d;
		c->pl->start_s = c->pl->log->begin; /* the log's first timestamp */
		wf_civil_from_days((long long)floor(c->pl->start_s / 86400.0), &y, &mo, &d);
		*year = (int)y;
	}
	if (yn && !isfinite(c->start_s)) {
		char *end;
		long y = strtol(yn->text, &end, 10);
		if (yn->type != WF_NODE_SCALAR || *end || end == yn->text || y < 1900 ||
		    y > 2200)
			return wf_r_err(c->err, yn,
					    "year: expected a year from 1900 to 2200, got "
					    "\"%s\"%s", yn->text, "");
		if ((sn || c->pl->log) && y != *year)
			return wf_error_set(c->err, WF_EINPUT, "scenario", yn->file, yn->line,
					    yn->col, "year: %ld contradicts %s, which is in %d",
					    y, sn ? "start" : "the power log's start", *year);
		*year = (int)y;
		*where = yn;
	}
	return 0;
}

/* The grid: keys given in the scenario (explicit intensities, contracts,
 * a basis); *bn is the basis node or NULL. */
static int grid_keys(wf_rctx *c, const wf_node *gn, const wf_node **bn)
{
	static const char *const grid_keys[] = {
		"intensity", "basis", "year", "market_intensity", "cfe",
		"contract_intensity", "residual_intensity", "pathway", "hold", "mix",
		"factors", "mix_shift", "marginal_intensity", "regional_factor",
		"marginal_pathway"};
	wf_plan *pl = c->pl;
	int rc;

	*bn = NULL;
	if (!gn)
		return 0;
	if ((rc = wf_check_keys(gn, grid_keys, sizeof grid_keys / sizeof *grid_keys, "grid",
				c->err)))
		return rc;
	if ((rc = wf_r_q(c, P_CI, gn, "intensity", 0)) ||
	    (rc = wf_r_q(c, P_CI_MARKET, gn, "market_intensity", 0)) ||
	    (rc = wf_r_q(c, P_CFE, gn, "cfe", 0)) ||
	    (rc = wf_r_q(c, P_CI_CONTRACT, gn, "contract_intensity", 0)) ||
	    (rc = wf_r_q(c, P_CI_RESIDUAL, gn, "residual_intensity", 0)) ||
	    (rc = wf_r_q(c, P_CI_MARGINAL, gn, "marginal_intensity", 0)))
		return rc;
	*bn = wf_node_get(gn, "basis");
	if (*bn && ((*bn)->type != WF_NODE_SCALAR ||
		    (strcmp((*bn)->text, "lifecycle") && strcmp((*bn)->text, "direct"))))
		return wf_r_err(c->err, *bn, "basis: expected lifecycle or direct, got \"%s\"%s",
				(*bn)->type == WF_NODE_SCALAR ? (*bn)->text : "?", "");
	if (pl->in[P_CFE].set && wf_r_nom(&pl->in[P_CFE]) > 1)
		return wf_r_err(c->err, wf_node_get(gn, "cfe"), "cfe: must be between 0 and 1%s%s",
				"", "");
	return 0;
}

/* For a year without an annual figure: what else has it - a pathway of the
 * region (or an ancestor) covering the year, or hourly series (a dated job
 * uses them, or a profile of them). */
static void where_else(const wf_rctx *c, const wf_grid *region, int year, wf_strbuf *b)
{
	const wf_grid *g;
	const wf_catalog *cc;
	size_t i, nser = 0;
	int n = 0, pass;

	/* location-based pathways only (not a marginal basis), targets first,
	 * then projections, then the rest; three at most */
	for (pass = 0; pass < 3; pass++)
		for (g = region; g; g = g->parent)
			for (cc = c->sc->overlay; cc; cc = cc->parent)
				for (i = 0; i < cc->kinds[WF_KIND_PATHWAY].n; i++) {
					const wf_grid *p = cc->kinds[WF_KIND_PATHWAY].items[i];
					int rank = !p->status ? 2 : strstr(p->status, "target") ? 0
						   : strstr(p->status, "projection") ? 1 : 2;
					if (p->parent != g || !p->n_years || p->marginal ||
					    year < p->years[0] || year > p->years[p->n_years - 1] ||
					    rank != pass)
						continue;
					if (n++ < 3)
						wf_strbuf_printf(b, "%s pathway %s covers %d (grid.pathway: "
								 "%s)", n > 1 ? ";" : "; the", p->e.id,
								 year, p->scenario);
				}
	if (n > 3)
		wf_strbuf_printf(b, "; %d more pathways cover it (`wattif list pathways`)", n - 3);
	wf_grid_series_list(region, &nser, NULL);
	if (nser)
		wf_strbuf_printf(b, "; %s has hourly series: give start: (a date in %d) to use "
				 "them, or their profile (`wattif list grids` shows their spans)",
				 region->e.id, year);
}

/* The region's own annual figure for the year (or its parent's), for a
 * job without a start (a dated job: wf_grid_dated_level). */
static int grid_annual(wf_rctx *c, const wf_grid *g, int year, const wf_node *yw,
		       const wf_node *bn)
{
	wf_plan *pl = c->pl;
	const wf_param *yp;
	wf_strbuf note = {0};
	char buf[1200];
	int rc;

	while (g->from_parent && g->parent) {
		wf_strbuf_printf(&pl->notes, "%s has no annual intensity of its own; using its "
					     "parent %s's figures\n", g->e.id, g->parent->e.id);
		g = g->parent;
	}
	if (g->n_years == 0)
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", g->e.file, g->e.line,
				    g->e.col, "grid \"%s\" has no annual intensity data; give "
				    "grid.intensity%s", g->e.id,
				    g->n_series || g->series_from ? " (or a start: its hourly "
				    "series then apply)" : "");
	pl->data_grid = g;
	if (bn && strcmp(bn->text, wf_basis_name(g->basis)) != 0)
		return wf_error_set(c->err, WF_EINPUT, "scenario", bn->file, bn->line, bn->col,
				    "basis: the scenario asks for %s factors but %s's data are "
				    "%s; give grid.intensity on the %s basis", bn->text, g->e.id,
				    wf_basis_name(g->basis), bn->text);
	if (!year) {
		year = g->years[g->n_years - 1];
		pl->year = year;
		wf_strbuf_printf(&pl->notes, "no year or start given: using %s's latest annual "
					     "intensity (%d)\n", g->e.id, year);
	}
	yp = wf_grid_year(g, year);
	if (!yp) {
		wf_strbuf_printf(&note, "%d", g->years[0]);
		if (g->n_years > 1)
			wf_strbuf_printf(&note, "-%d", g->years[g->n_years - 1]);
		wf_strbuf_printf(&note, ")");
		where_else(c, pl->region, year, &note);
		rc = wf_error_set(c->err, WF_ENOTFOUND, "scenario", yw ? yw->file : NULL,
				  yw ? yw->line : 0, yw ? yw->col : 0,
				  "grid \"%s\" has no annual intensity for %d (it has %zu year%s "
				  "in %s", g->e.id, year, g->n_years, g->n_years == 1 ? "" : "s",
				  wf_strbuf_str(&note));
		wf_strbuf_free(&note);
		return rc;
	}
	pl->annual_ok = 1;
	pl->ci_kind = CI_ANNUAL;
	pl->ci_basis = g->basis;
	pl->data_year = year;
	wf_r_from_entry(&pl->in[P_CI], yp, &g->e, &c->scratch->arena);
	snprintf(buf, sizeof(buf), "%s annual %d, %s basis; %s", g->e.id, year,
		 wf_basis_name(g->basis), pl->in[P_CI].note);
	pl->in[P_CI].note = wf_arena_strdup(&c->scratch->arena, buf);
	snprintf(buf, sizeof(buf), "%s annual %d", g->e.id, year);
	pl->ci_label = wf_arena_strdup(&c->scratch->arena, buf);
	return 0;
}

/* The region's intensity: a mix, a pathway, or the annual figure; a dated
 * job's series or profile are settled once its duration is known
 * (wf_grid_resolve_window). */
static int grid_region(wf_rctx *c, const wf_node *gn, int year, const wf_node *yw,
		       const wf_node *bn)
{
	const wf_grid *g = c->pl->region;
	int rc, used;

	if (!g) {
		/* a generation mix alone, or no intensity at all: energy only */
		if ((rc = wf_grid_mix_resolve(c, gn, bn, &used)) || used)
			return rc;
		if (gn && wf_node_get(gn, "pathway"))
			return wf_r_err(c->err, wf_node_get(gn, "pathway"), "pathway: needs "
					"site.region (the region whose pathway it is)%s%s", "", "");
		c->pl->no_intensity = 1;
		wf_strbuf_printf(&c->pl->notes, "no grid intensity given (no site.region, "
					     "grid.intensity or grid.mix): energy only, emissions "
					     "are not computed\n");
		return 0;
	}
	if ((rc = wf_grid_mix_resolve(c, gn, bn, &used)) || used)
		return rc;
	if (gn && wf_node_get(gn, "pathway"))
		return wf_grid_pathway_resolve(c, gn, year, yw, bn);
	if (!isnan(c->pl->start_s)) {
		/* its figure is settled once its window is known, and only when
		 * no series covers it: a grid whose series cover the job never
		 * reads the files its annual figure would come from */
		c->pl->ci_kind = CI_ANNUAL;
		c->level_later = 1;
		return 0;
	}
	return grid_annual(c, g, year, yw, bn);
}

int wf_grid_resolve(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_node *gn = wf_node_get(c->sc->root, "grid");
	const wf_node *yw = NULL, *bn = NULL;
	int rc, year;

	if ((rc = grid_keys(c, gn, &bn)) || (rc = year_of(c, &year, &yw)))
		return rc;
	pl->year = year;
	if (pl->in[P_CFE].set && pl->in[P_CI_MARKET].set)
		return wf_r_err(c->err, gn, "grid: give market_intensity or cfe, not both%s%s",
				"", "");
	pl->market_mode = pl->in[P_CI_MARKET].set ? MK_EXPLICIT
			  : pl->in[P_CFE].set     ? MK_CFE
						  : MK_SAME;
	if (pl->in[P_CI].set) {
		wf_strbuf_printf(&pl->notes, "grid intensity: explicit override (grid.intensity), "
					     "not the region's data\n");
		pl->annual_ok = 1;
		pl->ci_kind = CI_EXPLICIT;
		pl->ci_basis = wf_grid_want(bn);
		pl->ci_label = "grid.intensity as given";
	} else if ((rc = grid_region(c, gn, year, yw, bn))) {
		return rc;
	}
	if ((rc = wf_grid_marginal_resolve(c, gn, year)))
		return rc;
	if (pl->market_mode == MK_CFE) {
		if (!pl->in[P_CI_CONTRACT].set)
			wf_r_fixed(&pl->in[P_CI_CONTRACT], WF_DIM_INTENSITY, 0,
				   "default: contracted carbon-free energy counts at 0 g/kWh (GHG "
				   "Protocol Scope 2 market-based)");
		if (!pl->in[P_CI_RESIDUAL].set) {
			pl->residual_is_location = 1;
			pl->in[P_CI_RESIDUAL] = pl->in[P_CI];
			pl->in[P_CI_RESIDUAL].note =
				"default: no residual mix given, the uncovered share is taken at "
				"the location-based intensity (a residual mix is usually higher)";
		}
	}
	return 0;
}

/* The first interval of s that ends after t0 (binary search). */
static size_t first_interval(const wf_series *s, double t0)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->t[mid + 1] > t0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* A power log against the series: the sums behind
 * CI = ∫ CI(t) PUE(t) P(t) dt / ∫ PUE(t) P(t) dt over its steps, each step
 * cut exactly at the series' intervals (and, with a monthly PUE curve, at
 * month ends through wf_facility_pue_integral).  Compensated sums
 * (Neumaier) keep a long log's total to the last bits. */
static void log_sums(wf_plan *pl)
{
	const wf_powerlog *lg = pl->log;
	const wf_series *s = pl->ser;
	double sum[6] = {0}, comp[6] = {0};
	size_t i, j, k;

	for (i = 0; i < lg->n; i++) {
		double p = lg->p_w[i], t0 = lg->t0[i], t1 = lg->t1[i];
		for (j = first_interval(s, t0); j < s->n && s->t[j] < t1; j++) {
			double a = fmax(s->t[j], t0), b = fmin(s->t[j + 1], t1), term[6];
			double pm = pl->pue_monthly ? wf_facility_pue_integral(pl, a, b) : 0;
			if (!(b > a))
				continue;
			term[0] = p * wf_series_ci(s, j) * pm;
			term[1] = wf_series_ci(s, j) * pm;
			term[2] = p * wf_series_ci(s, j) * (b - a);
			term[3] = wf_series_ci(s, j) * (b - a);
			term[4] = p * pm;
			term[5] = pm;
			for (k = 0; k < 6; k++) {
				double t = sum[k] + term[k];
				comp[k] += fabs(sum[k]) >= fabs(term[k]) ? (sum[k] - t) + term[k]
									 : (term[k] - t) + sum[k];
				sum[k] = t;
			}
		}
	}
	for (k = 0; k < 6; k++)
		pl->log_int[k] = sum[k] + comp[k];
}

/* The intensity of a log's window at host power ph per GPU and the PUE
 * curve's load term lt: the sums of log_sums, weighted. */
static double log_intensity(const wf_plan *pl, double ph, double lt)
{
	const double *I = pl->log_int;
	double e = pl->log->energy_j, ch = pl->log->channel_s;

	if (pl->pue_monthly)
		return ((I[0] + ph * I[1]) + lt * (I[2] + ph * I[3])) /
		       ((I[4] + ph * I[5]) + lt * (e + ph * ch));
	return (I[2] + ph * I[3]) / (e + ph * ch); /* a constant PUE cancels */
}

/* The window's series: the plan takes it, and the notes say which. */
static void take_series(wf_rctx *c, const wf_grid_pick *p, double wall, const char *skipped)
{
	wf_plan *pl = c->pl;
	char b1[64], b2[64], buf[600];

	pl->ser = p->ser;
	pl->ser_entry = p->entry;
	pl->ser_grid = p->owner;
	pl->ci_kind = CI_SERIES;
	pl->ci_basis = p->entry->basis;
	pl->data_year = wf_year_of(pl->start_s);
	snprintf(buf, sizeof buf, "%s%s%s series %s%s%s", p->owner->e.id,
		 p->owner == pl->region ? "" : " (via series_from)",
		 "", p->ser->path, p->ser->region[0] ? ", region " : "", p->ser->region);
	pl->ci_label = wf_arena_strdup(&c->scratch->arena, buf);
	wf_strbuf_printf(&pl->notes,
			 "grid intensity: %s's %s series (%s%s%s) integrated over the job's "
			 "window %s to %s, not an annual average\n", p->owner->e.id,
			 wf_basis_name(p->entry->basis), p->ser->path,
			 p->ser->region[0] ? ", region " : "", p->ser->region,
			 wf_series_format_time(b1, 64, pl->start_s),
			 wf_series_format_time(b2, 64, pl->start_s + wall));
	if (p->owner != pl->region)
		wf_strbuf_printf(&pl->notes, "%s uses the series of %s (series_from: the grid "
				 "it draws its power from)\n", pl->region->e.id, p->owner->e.id);
	if (skipped[0])
		wf_strbuf_printf(&pl->notes, "grid.basis asks for %s: passed over %s\n",
				 wf_basis_name(pl->ci_basis), skipped);
	if (p->entry->note)
		wf_strbuf_printf(&pl->notes, "%s\n", p->entry->note);
}

/* With PUE by month or hour and an intensity that varies: the product
 * CI(t) x PUE(t) as one step function over PUE's span, so a window's
 * Σ CI_i PUE_i dt_i is a difference of two prefix sums.  A profile is
 * built at level 1 (it is linear in its level, which Monte Carlo may
 * draw) and scaled at evaluation. */
static int build_cipue(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_series *pf = pl->pue_fn;
	wf_series *prof = NULL;
	int rc;

	if (!pf || (pl->ci_kind != CI_SERIES && pl->ci_kind != CI_PROFILE))
		return 0;
	if (pl->ci_kind == CI_PROFILE &&
	    (rc = wf_profile_steps(&prof, pl->prof, 1.0, pl->prof_m, pl->prof_y0,
				   WF_PROF_YEARS, pf->t[0], pf->t[pf->n], "profile", c->err)))
		return rc;
	rc = wf_steps_product(&pl->cipue, prof ? prof : pl->ser, pf, pf->t[0], pf->t[pf->n],
			      "intensity x PUE", c->err);
	wf_series_free(prof);
	return rc;
}

static int resolve_window(wf_rctx *c);

int wf_grid_resolve_window(wf_rctx *c)
{
	int rc = resolve_window(c);

	return rc ? rc : build_cipue(c);
}

/* A dated job: the first series covering its window; else (no mix) the
 * annual figure on a typical-year profile, or alone when the grid has no
 * whole year of series. */
static int resolve_window(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_node *bn = wf_node_get(wf_node_get(c->sc->root, "grid"), "basis");
	double x[P_COUNT_], wall;
	wf_strbuf skipped = {0};
	wf_grid_pick p;
	char b1[64];
	int rc = 0;

	if (pl->ci_kind == CI_EXPLICIT || isnan(pl->start_s) || !pl->region)
		return 0;
	wf_plan_nominal(pl, x);
	wall = wf_workload_wall_time(pl, x);
	if (isfinite(wall) && wall > 0) {
		rc = wf_grid_series_covering(pl->region, wf_grid_want(bn), pl->start_s,
					     pl->start_s + wall, &p, &skipped, c->err);
		if (rc == 0 && p.entry) {
			take_series(c, &p, wall, wf_strbuf_str(&skipped));
			if (pl->log)
				log_sums(pl);
		}
		wf_strbuf_free(&skipped);
		if (rc || p.entry || pl->ci_kind == CI_MIX)
			return rc;
	}
	/* no series covers the window: the year's annual figure */
	if (c->level_later &&
	    (rc = wf_grid_dated_level(c, pl->region, pl->year, wf_grid_want(bn),
				      bn ? bn : wf_node_get(c->sc->root, "start"))))
		return rc;
	if (!(isfinite(wall) && wall > 0)) {
		wf_strbuf_printf(&pl->notes, "grid intensity: the job's wall-clock time is not "
				 "known, so its window cannot be placed: %s for the whole job\n",
				 pl->ci_label ? pl->ci_label : "the annual figure");
		return 0;
	}
	if ((rc = wf_grid_profile_setup(c, pl->region, wf_grid_want(bn))) || pl->prof)
		return rc;
	wf_strbuf_printf(&pl->notes, "grid intensity: %s has no series over a whole year to "
			 "give the window an hourly shape; %s (%s) for the whole window\n",
			 pl->region->e.id, pl->ci_label ? pl->ci_label : "the annual figure",
			 wf_quantity_format(b1, sizeof b1, wf_r_nom(&pl->in[P_CI]),
					    WF_DIM_INTENSITY, 4));
	return 0;
}

/* Mean intensity over the job's window: the series or profile, weighed by
 * PUE(t) + the load term when PUE varies (prefix sums of CI x PUE built
 * once per plan, wf_grid_resolve_pue), so O(log n) per evaluation. */
static int window_intensity(const wf_plan *pl, const double *x, double wall,
			    double load_term, double *ci, wf_strbuf *tr, wf_error *err)
{
	char b1[64], b2[64], b3[64], b4[1100];
	double t0 = pl->start_s, t1 = t0 + wall, ici = 0, ipue = 0, icp = 0;
	int cov = 0, cov2 = 1;

	if (!isfinite(wall) || wall <= 0 ||
	    wf_grid_window_integral(pl, x, t0, t1, &ici, &cov) || !cov)
		return wf_error_set(err, WF_ENUMERIC, "engine", NULL, 0, 0,
				    "a wall time of %s takes the job's window past the "
				    "end of %s's series (%s); shorten the job or give "
				    "grid.intensity", fq(b1, 64, wall, WF_DIM_TIME),
				    pl->ser_grid ? pl->ser_grid->e.id : pl->region->e.id,
				    pl->ser ? wf_series_format_time(b2, 64, wf_series_end(pl->ser))
					    : "n/a");
	*ci = ici / wall;
	if (pl->pue_fn) {
		if (wf_series_integral(pl->pue_fn, t0, t1, &ipue, &cov) || !cov ||
		    (pl->cipue && (wf_series_integral(pl->cipue, t0, t1, &icp, &cov2) || !cov2)))
			return wf_error_set(err, WF_ENUMERIC, "engine", NULL, 0, 0,
					    "a wall time of %s takes the job's window past "
					    "the span its PUE by %s was built for", fq(b1, 64,
					    wall, WF_DIM_TIME), pl->pue_hourly ? "hour" : "month");
		if (!pl->cipue)
			icp = x[P_CI] * ipue;
		else if (pl->ci_kind == CI_PROFILE)
			icp *= x[P_CI]; /* built at level 1 */
		*ci = (icp + load_term * ici) / (ipue + load_term * wall);
	}
	if (tr && pl->ser_entry)
		snprintf(b4, sizeof b4, ", named at %s:%d:%d", pl->ser_entry->file_yaml,
			 pl->ser_entry->line, pl->ser_entry->col);
	if (tr && pl->ci_kind != CI_EXPLICIT && pl->ci_kind != CI_ANNUAL &&
	    pl->ci_kind != CI_PATHWAY && pl->ci_kind != CI_MIX)
		wf_strbuf_printf(tr, "intensity = %s over [%s, %s) = %s  (%s; %s basis%s; "
				     "steps weighted by their overlap with the window)\n",
				 pl->pue_fn ? "integral of CI(t) (PUE(t) + load term) dt / "
					      "integral of (PUE(t) + load term) dt"
					    : "(1 / T) x integral of CI(t) dt",
				 wf_series_format_time(b1, 64, t0), wf_series_format_time(b2, 64, t1),
				 fq(b3, 64, *ci, WF_DIM_INTENSITY),
				 pl->ci_kind == CI_PROFILE ? pl->profile_label : pl->ci_label,
				 wf_basis_name(pl->ci_basis), pl->ser_entry ? b4 : "");
	else if (tr)
		wf_strbuf_printf(tr, "intensity = integral of %s x (PUE(t) + load term) dt / "
				     "integral of (PUE(t) + load term) dt over [%s, %s) = %s  (PUE "
				     "by %s)\n", fq(b4, 64, x[P_CI], WF_DIM_INTENSITY),
				 wf_series_format_time(b1, 64, t0), wf_series_format_time(b2, 64, t1),
				 fq(b3, 64, *ci, WF_DIM_INTENSITY), pl->pue_hourly ? "hour" : "month");
	return 0;
}

/* Market-based emissions: an explicit market intensity, or the contracted
 * carbon-free share at its factor and the rest at the residual mix. */
static double market(const wf_plan *pl, const double *x, const wf_figs *f, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
	double c_mkt, residual;

	switch (pl->market_mode) {
	case MK_EXPLICIT:
		c_mkt = f->e_fac * x[P_CI_MARKET];
		WF_TR(tr, "emissions_market = energy_facility x market_intensity = %s x %s = "
			  "%s\n", fq(b1, 64, f->e_fac, WF_DIM_ENERGY),
		      fq(b2, 64, x[P_CI_MARKET], WF_DIM_INTENSITY), fq(b3, 64, c_mkt, WF_DIM_MASS));
		return c_mkt;
	case MK_CFE:
		residual = pl->residual_is_location ? f->ci : x[P_CI_RESIDUAL];
		c_mkt = f->e_fac * (x[P_CFE] * x[P_CI_CONTRACT] + (1 - x[P_CFE]) * residual);
		WF_TR(tr, "emissions_market = energy_facility x (cfe x contract + (1 - cfe) x "
			  "residual) = %s x (%s x %s + %s x %s) = %s\n",
		      fq(b1, 64, f->e_fac, WF_DIM_ENERGY), fnum(b2, 64, x[P_CFE]),
		      fq(b3, 64, x[P_CI_CONTRACT], WF_DIM_INTENSITY), fnum(b4, 64, 1 - x[P_CFE]),
		      fq(b5, 64, residual, WF_DIM_INTENSITY), fq(b6, 64, c_mkt, WF_DIM_MASS));
		return c_mkt;
	default:
		WF_TR(tr, "emissions_market = emissions_operational (no contractual instruments "
			  "declared)\n");
		return f->c_op;
	}
}

int wf_grid_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_outputs *out,
		 wf_strbuf *tr, wf_error *err)
{
	char b1[64], b2[64], b3[64];
	int rc;

	if (pl->no_intensity) {
		f->ci = f->c_op = NAN;
		WF_TR(tr, "emissions_operational: not computed (no grid intensity given; energy "
			  "only)\n");
		f->c_mkt = pl->market_mode == MK_EXPLICIT ? f->e_fac * x[P_CI_MARKET] : NAN;
		out->market_ci = pl->market_mode == MK_EXPLICIT ? x[P_CI_MARKET] : NAN;
		out->marginal_kg = pl->in[P_CI_MARGINAL].set ? f->e_fac * x[P_CI_MARGINAL] : NAN;
		return 0;
	}
	f->ci = x[P_CI];
	if (pl->ci_kind == CI_SERIES && pl->log) {
		f->ci = log_intensity(pl, f->p_host, f->load_term);
		WF_TR(tr, "intensity = ∫ CI(t) PUE(t) P(t) dt / ∫ PUE(t) P(t) dt over the power "
			  "log's %zu steps = %s  (%s %s series, %s%s%s; each step cut exactly at "
			  "the series' intervals)\n", pl->log->n, fq(b1, 64, f->ci, WF_DIM_INTENSITY),
		      pl->ser_grid->e.id, wf_basis_name(pl->ci_basis),
		      pl->ser->path, pl->ser->region[0] ? ", region " : "", pl->ser->region);
	} else if ((pl->ci_kind == CI_SERIES || pl->ci_kind == CI_PROFILE || pl->pue_fn) &&
		   (rc = window_intensity(pl, x, f->wall, f->load_term, &f->ci, tr, err))) {
		return rc;
	}
	f->c_op = f->e_fac * f->ci;
	WF_TR(tr, "emissions_operational = energy_facility x intensity = %s x %s = %s  "
		  "(location-based)\n", fq(b1, 64, f->e_fac, WF_DIM_ENERGY),
	      fq(b2, 64, f->ci, WF_DIM_INTENSITY), fq(b3, 64, f->c_op, WF_DIM_MASS));
	f->c_mkt = market(pl, x, f, tr);
	out->market_ci = f->e_fac > 0 ? f->c_mkt / f->e_fac : f->ci;
	out->marginal_kg = NAN;
	if (pl->in[P_CI_MARGINAL].set) {
		out->marginal_kg = f->e_fac * x[P_CI_MARGINAL];
		WF_TR(tr, "emissions_marginal = energy_facility x marginal_intensity = %s x %s = "
			  "%s  (consequential: what the extra demand causes; not part of the "
			  "totals)\n", fq(b1, 64, f->e_fac, WF_DIM_ENERGY),
		      fq(b2, 64, x[P_CI_MARGINAL], WF_DIM_INTENSITY),
		      fq(b3, 64, out->marginal_kg, WF_DIM_MASS));
	}
	return 0;
}

/* A power log's periods: the facility energy of its steps in each interval
 * of the series (the host power on every GPU's steps). */
static void log_periods(const wf_plan *pl, const double *x, wf_period *per, size_t lo,
			size_t k)
{
	const wf_powerlog *lg = pl->log;
	const wf_series *s = pl->ser;
	double ph = (pl->in[P_HOST_POWER].set ? x[P_HOST_POWER] : 0) +
		    (pl->in[P_HOST_MEM].set ? x[P_HOST_MEM] * x[P_MEM_POWER] : 0);
	double lt = wf_facility_load_term(pl, x, 0);
	size_t i, j;

	for (j = 0; j < k; j++)
		per[j].energy_facility_kwh = 0;
	for (i = 0; i < lg->n; i++) {
		double p = lg->p_w[i] + ph;
		for (j = first_interval(s, lg->t0[i]); j < s->n && s->t[j] < lg->t1[i]; j++) {
			double a = fmax(s->t[j], lg->t0[i]), b = fmin(s->t[j + 1], lg->t1[i]);
			double pue_dt = (pl->pue_monthly ? wf_facility_pue_integral(pl, a, b)
							 : x[P_PUE] * (b - a)) + lt * (b - a);
			if (b > a && j >= lo && j < lo + k)
				per[j - lo].energy_facility_kwh += p * pue_dt / 3.6e6;
		}
	}
	for (j = 0; j < k; j++)
		per[j].emissions_kg = per[j].energy_facility_kwh * 3.6e6 * wf_series_ci(s, lo + j);
}

int wf_plan_periods(const wf_plan *pl, const double x[P_COUNT_], const wf_outputs *o,
		    wf_period **out, size_t *n, wf_error *err)
{
	const wf_series *s = pl->ser;
	wf_series *own = NULL;
	double wall, t0, t1, p_it, load_term = wf_facility_load_term(pl, x, 0);
	size_t i, lo, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (pl->ci_kind != CI_SERIES && pl->ci_kind != CI_PROFILE)
		return 0;
	wall = o->v[WF_OUT_DURATION_H];
	t0 = pl->start_s;
	t1 = t0 + wall;
	if (!(wall > 0))
		return 0;
	if (pl->ci_kind == CI_PROFILE) {
		/* the profile's steps over the window, as a series would give them */
		if ((rc = wf_profile_steps(&own, pl->prof, x[P_CI], pl->prof_m, pl->prof_y0,
					   WF_PROF_YEARS, t0, t1, "profile", err)))
			return rc;
		s = own;
	}
	p_it = o->v[WF_OUT_ENERGY_IT_KWH] / wall; /* mean IT power; x PUE(t) below */
	/* the intervals [t[i], t[i+1]) that meet [t0, t1) */
	lo = wf_series_locate(s, t0);
	if (s->t[lo + 1] <= t0)
		lo++;
	for (i = lo; i < s->n && s->t[i] < t1; i++)
		k++;
	if (k && !(*out = malloc(k * sizeof(**out)))) {
		wf_series_free(own);
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	}
	for (i = lo; i < lo + k; i++) {
		wf_period *p = &(*out)[i - lo];
		double a = fmax(s->t[i], t0), b = fmin(s->t[i + 1], t1), ip = 0;
		p->t_start = a;
		p->t_end = b;
		p->intensity_g_per_kwh = wf_series_ci(s, i) / WF_G_PER_KWH;
		if (pl->pue_fn)
			wf_series_integral(pl->pue_fn, a, b, &ip, NULL);
		p->pue = (pl->pue_fn ? ip / (b - a) : x[P_PUE]) + load_term;
		p->energy_facility_kwh = p_it * p->pue * (b - a) / 3.6e6;
		p->emissions_kg = p->energy_facility_kwh * 3.6e6 * wf_series_ci(s, i);
	}
	if (pl->log)
		log_periods(pl, x, *out, lo, k);
	*n = k;
	wf_series_free(own);
	return 0;
}

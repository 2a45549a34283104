/*
 * facility.c - the facility around the IT load: PUE (a constant, a curve of
 * outdoor temperature at one temperature or by month, with fixed losses at
 * an IT load), facility energy and water.
 *
 *   E_fac = E_IT * PUE,  PUE(T, L) = curve(T) + fixed_loss / L  (MODELLING.md §4.1)
 *   W     = E_IT * WUE + E_fac * EWIF
 *
 * With an hourly series, grid.c weighs the intensity by PUE(t) through
 * wf_facility_pue_integral.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_interp.h>

#include "calendar.h"
#include "powerlog.h"

/* PUE of a curve at t °C: GSL Steffen (monotone between the points).
 * Returns 0, or -1 when t is outside the curve. */
static int pue_at(const wf_pue_curve *pc, double t, double *out)
{
	gsl_interp *ip;
	gsl_interp_accel *acc;
	int rc = -1;

	if (!(t >= pc->t_c[0] && t <= pc->t_c[pc->n - 1]))
		return -1;
	ip = gsl_interp_alloc(gsl_interp_steffen, pc->n);
	acc = gsl_interp_accel_alloc();
	if (ip && acc && gsl_interp_init(ip, pc->t_c, pc->pue, pc->n) == 0)
		rc = gsl_interp_eval_e(ip, pc->t_c, pc->pue, t, acc, out) == 0 ? 0 : -1;
	gsl_interp_free(ip);
	gsl_interp_accel_free(acc);
	return rc;
}

static int temperature(wf_rctx *c, const wf_node *n, const wf_pue_curve *pc, double *t,
		       double *pue)
{
	char *end;

	if (n->type != WF_NODE_SCALAR)
		return wf_r_err(c->err, n, "temperature: expected degrees Celsius, e.g. "
				    "11.5%s%s", "", "");
	*t = strtod(n->text, &end);
	if (end == n->text || *end || !isfinite(*t))
		return wf_r_err(c->err, n, "temperature: expected degrees Celsius as a "
				    "number, got \"%s\"%s", n->text, "");
	if (pue_at(pc, *t, pue))
		return wf_error_set(c->err, WF_EINPUT, "scenario", n->file, n->line, n->col,
				    "temperature: %g °C is outside PUE curve %s (%g to %g °C)",
				    *t, pc->e.id, pc->t_c[0], pc->t_c[pc->n - 1]);
	return 0;
}

/* The load term of a PUE curve: PUE(T, L) = curve(T) + fixed_loss / L
 * (MODELLING.md §4.1: fixed losses make PUE rise at low IT load).  L is
 * the campus load factor, or for a job the facility's it_load given beside
 * the curve. */
static int resolve_it_load(wf_rctx *c, const wf_node *site, const wf_node *cn,
			   const wf_pue_curve *pc)
{
	wf_plan *pl = c->pl;
	const wf_node *ln = wf_node_get(site, "it_load");
	int rc;

	if (!ln) /* a facility's climate curve, the scenario's own load */
		ln = wf_node_get(wf_node_get(c->sc->root, "site"), "it_load");
	if (!pc->fixed_loss.set) {
		if (ln)
			return wf_error_set(c->err, WF_EINPUT, "scenario", ln->file, ln->line,
					    ln->col, "it_load: PUE curve %s has no fixed_loss, so "
					    "the IT load does not change its PUE; drop it_load or "
					    "use a curve with fixed_loss", pc->e.id);
		return 0;
	}
	wf_r_from_entry(&pl->in[P_FIXED_LOSS], &pc->fixed_loss, &pc->e, &c->scratch->arena);
	if (pl->campus) {
		if (ln)
			return wf_r_err(c->err, ln, "it_load: a campus's IT load is its "
					    "campus.utilisation; drop it_load%s%s", "", "");
		return 0;
	}
	if (!ln)
		return wf_error_set(c->err, WF_EINPUT, "scenario", cn->file, cn->line, cn->col,
				    "pue_curve: %s has fixed_loss, so its PUE depends on the "
				    "IT load: give it_load beside it (the facility's IT draw "
				    "as a share of its rated IT capacity, e.g. 60%%)",
				    pc->e.id);
	if ((rc = wf_param_parse(c->scratch, &pl->in[P_IT_LOAD], ln, WF_DIM_NONE, "it_load",
				 c->err)))
		return rc;
	if (!(wf_r_nom(&pl->in[P_IT_LOAD]) > 0 && wf_r_nom(&pl->in[P_IT_LOAD]) <= 1))
		return wf_r_err(c->err, ln, "it_load: expected a share of the rated IT "
				    "capacity above 0 and at most 100%%, got \"%s\"%s",
				    ln->text ? ln->text : "?", "");
	return 0;
}

/* site.pue_curve with site.temperature_c (one temperature) or
 * site.monthly_temperature_c (twelve, January first). */
static int resolve_pue_curve(wf_rctx *c, const wf_node *site)
{
	wf_plan *pl = c->pl;
	const wf_node *cn = wf_node_get(site, "pue_curve");
	const wf_node *tn = wf_node_get(site, "temperature_c");
	const wf_node *mn = wf_node_get(site, "monthly_temperature_c");
	const wf_pue_curve *pc;
	char note[1024];
	double t, pue;
	int rc, m;

	if (!cn) {
		if (tn || mn)
			return wf_r_err(c->err, tn ? tn : mn, "%s: needs site.pue_curve (`wattif "
					    "list pue_curves`)%s", tn ? "temperature_c"
								  : "monthly_temperature_c", "");
		return 0;
	}
	if (wf_node_get(site, "pue"))
		return wf_r_err(c->err, cn, "pue_curve: give site.pue or a pue_curve, not "
				    "both%s%s", "", "");
	if (cn->type != WF_NODE_SCALAR ||
	    !(pc = wf_catalog_get(c->sc->overlay, WF_KIND_PUE_CURVE, cn->text)))
		return wf_catalog_unknown(c->sc->overlay, WF_KIND_PUE_CURVE,
					  cn->type == WF_NODE_SCALAR ? cn->text : "?", "pue_curve",
					  cn->file, cn->line, cn->col, c->err);
	if (!tn == !mn)
		return wf_r_err(c->err, cn, "pue_curve: give site.temperature_c (one "
				    "temperature) or site.monthly_temperature_c (twelve)%s%s", "", "");
	pl->pue_curve = pc;
	if ((rc = resolve_it_load(c, site, cn, pc)))
		return rc;
	if (tn) {
		if ((rc = temperature(c, tn, pc, &t, &pue)))
			return rc;
		snprintf(note, sizeof note, "PUE curve %s at %g °C (Steffen between the points "
			 "of %s:%d)", pc->e.id, t, pc->e.file, pc->line0);
		wf_r_fixed(&pl->in[P_PUE], WF_DIM_NONE, pue,
		      wf_arena_strdup(&c->scratch->arena, note));
		return 0;
	}
	if (mn->type != WF_NODE_SEQ || mn->n != 12)
		return wf_r_err(c->err, mn, "monthly_temperature_c: expected 12 temperatures "
				    "(°C), January first%s%s", "", "");
	for (m = 0; m < 12; m++)
		if ((rc = temperature(c, mn->items[m], pc, &pl->temp_month[m], &pl->pue_month[m])))
			return rc;
	pl->pue_monthly = 1;
	/* the weights over the job's window are set once its duration is known
	 * (resolve_climate); until then a placeholder keeps P_PUE set */
	wf_r_fixed(&pl->in[P_PUE], WF_DIM_NONE, pl->pue_month[0], "monthly PUE curve");
	return 0;
}

int wf_facility_resolve(wf_rctx *c)
{
	static const char *const site_keys[] = {"name", "region", "pue", "wue",
						"water_intensity", "pue_curve", "temperature_c",
						"monthly_temperature_c", "it_load", "water_company"};
	wf_plan *pl = c->pl;
	const wf_node *root = c->sc->root;
	const wf_node *fn = wf_node_get(root, "facility");
	const wf_node *site = wf_node_get(root, "site");
	const wf_facility *f = NULL;
	wf_arena *ar = &c->scratch->arena;
	const wf_node *rn;
	int rc;

	if (fn) {
		if (fn->type != WF_NODE_SCALAR)
			return wf_r_err(c->err, fn,
					    "facility: expected a facility id%s%s (use site: "
					    "for inline values)", "", "");
		f = wf_catalog_get(c->sc->overlay, WF_KIND_FACILITY, fn->text);
		if (!f)
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_FACILITY, fn->text,
						  "facility", fn->file, fn->line, fn->col, c->err);
		pl->facility = f;
		if (f->pue.set)
			wf_r_from_entry(&pl->in[P_PUE], &f->pue, &f->e, ar);
		if (f->wue.set)
			wf_r_from_entry(&pl->in[P_WUE], &f->wue, &f->e, ar);
		if (f->water_intensity.set)
			wf_r_from_entry(&pl->in[P_EWIF], &f->water_intensity, &f->e, ar);
		pl->region = f->region;
	}
	if (site) {
		if ((rc = wf_check_keys(site, site_keys, sizeof(site_keys) / sizeof(site_keys[0]),
					 "site", c->err)))
			return rc;
		if ((rc = wf_r_q(c, P_PUE, site, "pue", 1)) || (rc = wf_r_q(c, P_WUE, site, "wue", 0)) ||
		    (rc = wf_r_q(c, P_EWIF, site, "water_intensity", 0)))
			return rc;
		rn = wf_node_get(site, "region");
		if (rn) {
			if (rn->type != WF_NODE_SCALAR)
				return wf_r_err(c->err, rn, "region: expected a grid id%s%s",
						    "", "");
			const char *via;
			pl->region = wf_catalog_lookup(c->sc->overlay, WF_KIND_GRID, rn->text, &via);
			if (!pl->region)
				return wf_catalog_unknown(c->sc->overlay, WF_KIND_GRID, rn->text,
							  "region", rn->file, rn->line, rn->col,
							  c->err);
			if (via && rn->line > 0)
				wf_strbuf_printf(&pl->notes, "region \"%s\" is the %s of grid %s "
							     "(%s:%d:%d)\n", rn->text, via,
						 pl->region->e.id, rn->file, rn->line, rn->col);
			else if (via)
				wf_strbuf_printf(&pl->notes, "region \"%s\" is the %s of grid %s "
							     "(%s)\n", rn->text, via, pl->region->e.id,
						 rn->file);
		}
	}
	if (site && (rn = wf_node_get(site, "water_company"))) {
		if (rn->type != WF_NODE_SCALAR ||
		    !wf_catalog_get(c->sc->overlay, WF_KIND_WATER_AREA, rn->text))
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_WATER_AREA,
						  rn->type == WF_NODE_SCALAR ? rn->text : "?",
						  "water_company", rn->file, rn->line, rn->col,
						  c->err);
		/* the site's own company: not where a siting moves the campus */
		if (!c->region || c->region == pl->region)
			pl->water_company = rn->text;
	}
	if (c->region)
		pl->region = c->region;
	if (site && (rc = resolve_pue_curve(c, site)))
		return rc;
	/* a facility's climate, unless the site gives its own PUE */
	if (f && f->climate && !(site && (wf_node_get(site, "pue") ||
					  wf_node_get(site, "pue_curve"))) &&
	    (rc = resolve_pue_curve(c, f->climate)))
		return rc;
	if (site && !pl->pue_curve && (rn = wf_node_get(site, "it_load")))
		return wf_r_err(c->err, rn, "it_load: only a pue_curve with fixed_loss "
				    "uses the IT load; this scenario's PUE does not depend "
				    "on it%s%s", "", "");
	if (!pl->in[P_PUE].set && pl->energy_scope == WF_ESCOPE_FACILITY) {
		wf_strbuf_printf(&pl->notes, "PUE: none given; the measured facility energy needs "
					     "none, but the IT energy and the peak power are not "
					     "known without it\n");
		return 0;
	}
	if (!pl->in[P_PUE].set)
		return wf_r_err(c->err, site ? site : root,
				    "scenario: no PUE: give site.pue (1 counts IT energy "
				    "only), a pue_curve with temperatures, or a facility with "
				    "a PUE%s%s", "", "");
	return 0;
}

/* ∫ PUE(t) dt over [a, b) with PUE by calendar month (UTC). */
double wf_facility_pue_integral(const wf_plan *pl, double a, double b)
{
	double sum = 0;

	while (a < b) {
		long long y;
		int m, d;
		double next;
		wf_civil_from_days((long long)floor(a / 86400.0), &y, &m, &d);
		next = 86400.0 * (double)(m == 12 ? wf_days_from_civil(y + 1, 1, 1)
						  : wf_days_from_civil(y, m + 1, 1));
		if (next > b)
			next = b;
		sum += pl->pue_month[m - 1] * (next - a);
		a = next;
	}
	return sum;
}

/* A power log's PUE by month: ∫ PUE(t) P(t) dt / ∫ P(t) dt over its steps,
 * with the declared host power (nominal) on each GPU's steps. */
static double log_weighted_pue(const wf_plan *pl, const double *x)
{
	const wf_powerlog *lg = pl->log;
	double host = (pl->in[P_HOST_POWER].set ? x[P_HOST_POWER] : 0) +
		      (pl->in[P_HOST_MEM].set ? x[P_HOST_MEM] * x[P_MEM_POWER] : 0);
	double num = 0, den = 0;
	size_t i;

	for (i = 0; i < lg->n; i++) {
		double p = lg->p_w[i] + host;
		num += p * wf_facility_pue_integral(pl, lg->t0[i], lg->t1[i]);
		den += p * (lg->t1[i] - lg->t0[i]);
	}
	return den > 0 ? num / den : pl->pue_month[0];
}

/* Monthly PUE: weigh the months by the hours the job spends in each (at the
 * nominal duration), or by their days in a year when the job has no start;
 * a power log by its measured energy in each. */
int wf_facility_resolve_climate(wf_rctx *c)
{
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	wf_plan *pl = c->pl;
	double x[P_COUNT_], wall, pue = 0;
	wf_strbuf b = {0};
	char *note;
	int m;

	if (!pl->pue_monthly)
		return 0;
	wf_plan_nominal(pl, x);
	wall = wf_workload_wall_time(pl, x);
	wf_strbuf_printf(&b, "PUE curve %s by month (", pl->pue_curve->e.id);
	for (m = 0; m < 12; m++)
		wf_strbuf_printf(&b, "%s%s %g °C: %.5g", m ? ", " : "", mon[m],
				 pl->temp_month[m], pl->pue_month[m]);
	if (pl->log) {
		pue = log_weighted_pue(pl, x);
		wf_strbuf_printf(&b, "), weighted by the measured energy of the power log in "
				     "each month");
	} else if (!isnan(pl->start_s) && isfinite(wall) && wall > 0) {
		pue = wf_facility_pue_integral(pl, pl->start_s, pl->start_s + wall) / wall;
		wf_strbuf_printf(&b, "), weighted by the hours of the job's window in each "
				     "month");
	} else {
		for (m = 0; m < 12; m++)
			pue += pl->pue_month[m] * mdays[m] / 365.0;
		wf_strbuf_printf(&b, "), the year's mean weighted by days per month%s",
				 pl->campus ? "" : " (no start and duration to place the job)");
		if (!pl->campus)
			wf_strbuf_printf(&pl->notes, "PUE: the annual mean of the monthly curve values; "
					     "give start (and a duration) to weigh the job's own "
					     "months\n");
	}
	wf_strbuf_printf(&b, "; curve points at %s:%d", pl->pue_curve->e.file,
			 pl->pue_curve->line0);
	note = wf_arena_strdup(&c->scratch->arena, wf_strbuf_str(&b));
	wf_strbuf_free(&b);
	if (!note)
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	wf_r_fixed(&pl->in[P_PUE], WF_DIM_NONE, pue, note);
	return 0;
}

double wf_facility_load_term(const wf_plan *pl, const double *x, int peak)
{
	if (!pl->in[P_FIXED_LOSS].set)
		return 0;
	return x[P_FIXED_LOSS] / (pl->campus ? x[peak ? P_LOAD_PEAK : P_LOAD] : x[P_IT_LOAD]);
}

/* The warmest month's PUE with a monthly curve: the connection must carry it. */
double wf_facility_pue_peak(const wf_plan *pl, const double *x)
{
	double p = x[P_PUE];
	int m;

	if (pl->pue_monthly)
		for (m = 0; m < 12; m++)
			p = fmax(p, pl->pue_month[m]);
	return p + wf_facility_load_term(pl, x, 1);
}

void wf_facility_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64];

	f->load_term = wf_facility_load_term(pl, x, 0);
	f->pue = x[P_PUE] + f->load_term;
	if (pl->energy_scope == WF_ESCOPE_FACILITY) {
		/* measured at the facility's meter: nothing to add */
		f->e_fac = x[P_ENERGY];
		f->e_it = f->e_fac / f->pue;
		WF_TR(tr, "energy_facility = %s (measured, scope facility: no PUE applied)\n",
		      fq(b1, 64, f->e_fac, WF_DIM_ENERGY));
		if (isfinite(f->e_it))
			WF_TR(tr, "energy_it = energy_facility / PUE = %s / %s = %s\n",
			      fq(b1, 64, f->e_fac, WF_DIM_ENERGY), fnum(b2, 64, f->pue),
			      fq(b3, 64, f->e_it, WF_DIM_ENERGY));
		return;
	}
	f->e_fac = f->e_it * f->pue;
	if (f->load_term > 0)
		WF_TR(tr, "PUE = curve PUE + fixed_loss / IT load = %s + %s / %s = %s  (fixed "
			  "losses as a share of the rated IT capacity)\n", fnum(b1, 64, x[P_PUE]),
		      fnum(b2, 64, x[P_FIXED_LOSS]), fnum(b3, 64, x[pl->campus ? P_LOAD : P_IT_LOAD]),
		      fnum(b4, 64, f->pue));
	WF_TR(tr, "energy_facility = energy_it x PUE = %s x %s = %s\n",
	      fq(b1, 64, f->e_it, WF_DIM_ENERGY), fnum(b2, 64, f->pue),
	      fq(b3, 64, f->e_fac, WF_DIM_ENERGY));
}

double wf_facility_water(const wf_plan *pl, const double *x, const wf_figs *f,
			 wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64], b5[64];
	double w;

	if (!pl->in[P_WUE].set && !pl->in[P_EWIF].set)
		return NAN;
	w = (pl->in[P_WUE].set ? f->e_it * x[P_WUE] : 0) +
	    (pl->in[P_EWIF].set ? f->e_fac * x[P_EWIF] : 0);
	WF_TR(tr, "water = energy_it x WUE + energy_facility x water intensity of electricity "
		  "= %s x %s + %s x %s = %s\n", fq(b1, 64, f->e_it, WF_DIM_ENERGY),
	      pl->in[P_WUE].set ? fq(b2, 64, x[P_WUE], WF_DIM_WATER_INTENSITY) : "0 (no WUE)",
	      fq(b3, 64, f->e_fac, WF_DIM_ENERGY),
	      pl->in[P_EWIF].set ? fq(b4, 64, x[P_EWIF], WF_DIM_WATER_INTENSITY) : "0 (no data)",
	      fq(b5, 64, w, WF_DIM_VOLUME));
	return w;
}

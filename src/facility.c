/*
 * facility.c - the facility around the IT load: PUE (a constant, a curve of
 * outdoor temperature at one temperature or by month, with fixed losses at
 * an IT load), facility energy and water.
 *
 *   E_fac = E_IT * PUE,  PUE(T, L) = curve(T) + fixed_loss / L  (docs/model.md)
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
#include "climate.h"
#include "powerlog.h"
#include "profile.h"
#include "series.h"

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
 * (fixed losses make PUE rise at low IT load; docs/model.md).  L is
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

/* site.temperature_series (or a facility climate's): the hourly
 * temperatures, read once per catalog (a file named in a scenario and not
 * seen at load, e.g. through --set, is read for this plan alone). */
static int temperature_series(wf_rctx *c, const wf_node *tn)
{
	wf_plan *pl = c->pl;
	wf_series_file *f;
	char *path;
	int rc;

	if (tn->type != WF_NODE_SCALAR)
		return wf_r_err(c->err, tn, "temperature_series: expected a CSV file of hourly "
				    "temperatures (timestamp_utc,temperature_c)%s%s", "", "");
	/* relative to the model file that names it; a --set value, to the
	 * working directory */
	if (!(path = wf_series_path(&c->scratch->arena,
				    strncmp(tn->file, "--set ", 6) == 0 ? "" : tn->file, tn->text)))
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	f = wf_series_file_find(c->sc->overlay, path, "temperature_c");
	if (!f && !(f = wf_series_file_add(c->scratch, path, "temperature_c", tn->file,
					   tn->line, tn->col)))
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	if ((rc = wf_series_file_get(f, c->err)))
		return rc;
	if (f->n != 1)
		return wf_error_set(c->err, WF_EINPUT, "scenario", tn->file, tn->line, tn->col,
				    "temperature_series: %s holds %zu regions; expected one "
				    "series", f->path, f->n);
	pl->climate = f->s[0];
	pl->climate_path = f->path;
	pl->pue_hourly = 1;
	return 0;
}

/* site.pue_curve with site.temperature_c (one temperature),
 * site.monthly_temperature_c (twelve, January first) or
 * site.temperature_series (hourly). */
static int resolve_pue_curve(wf_rctx *c, const wf_node *site)
{
	wf_plan *pl = c->pl;
	const wf_node *cn = wf_node_get(site, "pue_curve");
	const wf_node *tn = wf_node_get(site, "temperature_c");
	const wf_node *mn = wf_node_get(site, "monthly_temperature_c");
	const wf_node *sn = wf_node_get(site, "temperature_series");
	const wf_pue_curve *pc;
	char note[1024];
	double t, pue;
	int rc, m;

	if (!cn) {
		if (tn || mn || sn)
			return wf_r_err(c->err, tn ? tn : mn ? mn : sn, "%s: needs site.pue_curve "
					    "(`wattif list pue_curves`)%s", tn ? "temperature_c"
					    : mn ? "monthly_temperature_c" : "temperature_series", "");
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
	if ((tn != NULL) + (mn != NULL) + (sn != NULL) != 1)
		return wf_r_err(c->err, cn, "pue_curve: give one of site.temperature_c (one "
				    "temperature), site.monthly_temperature_c (twelve) or "
				    "site.temperature_series (hourly, a CSV file)%s%s", "", "");
	pl->pue_curve = pc;
	if ((rc = resolve_it_load(c, site, cn, pc)))
		return rc;
	if (sn) {
		if ((rc = temperature_series(c, sn)))
			return rc;
		/* the window's mean is set once its duration is known */
		wf_r_fixed(&pl->in[P_PUE], WF_DIM_NONE, pc->pue[0], "hourly PUE curve");
		return 0;
	}
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
						"monthly_temperature_c", "temperature_series",
						"it_load", "water_company"};
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

/* The span a dated job's PUE(t) is laid over: from its start, four
 * times its nominal duration and at least a year (Monte Carlo may draw
 * longer jobs), at most twenty years. */
static void pue_span(const wf_plan *pl, double wall, double *t0, double *t1)
{
	double len = isfinite(wall) && wall > 0 ? 4 * wall : 0;

	len = fmin(fmax(len, 366 * 86400.0), 20 * 365.25 * 86400.0);
	*t0 = pl->start_s;
	*t1 = pl->start_s + len;
}

/* Hourly PUE: curve(T_i) over the temperature series.  A dated job gets
 * PUE(t) over its span (the window's mean in P_PUE); a campus the mean
 * over its calendar year; a job without a start the mean over the
 * series' year. */
static int climate_hourly(wf_rctx *c, double wall)
{
	wf_plan *pl = c->pl;
	const wf_pue_curve *pc = pl->pue_curve;
	wf_pue_points pts = {pc->n, pc->t_c, pc->pue};
	double t0, t1, mean, ip = 0, *v = NULL;
	size_t clamped = 0;
	char note[1400];
	int rc, dated = !isnan(pl->start_s) && !pl->campus;

	if ((rc = wf_pue_of_temps(pl->climate, &pts, &v, &mean, &pl->pue_max, &clamped,
				  c->err)))
		return rc;
	free(v);
	if (dated || pl->campus) {
		if (dated)
			pue_span(pl, wall, &t0, &t1);
		else
			t0 = wf_year_start(pl->year), t1 = wf_year_start(pl->year + 1);
		if ((rc = wf_pue_by_hour(&pl->pue_fn, pl->climate, &pts, t0, t1, &clamped,
					 c->err)))
			return rc;
		if (dated && isfinite(wall) && wall > 0)
			t1 = t0 + wall;
		if (!(isfinite(wall) && wall > 0) && dated)
			t1 = t0 + 86400.0;
		if (wf_series_integral(pl->pue_fn, t0, t1, &ip, &rc) || !rc)
			return wf_error_set(c->err, WF_EINPUT, "scenario", NULL, 0, 0,
					    "temperature_series: %s has gaps in the job's window",
					    pl->climate_path);
		mean = ip / (t1 - t0);
		if (pl->campus) { /* a campus year takes the mean (its load is not hourly) */
			wf_series_free(pl->pue_fn);
			pl->pue_fn = NULL;
		}
	}
	snprintf(note, sizeof note, "PUE curve %s over the hourly temperatures of %s (%s), "
		 "%s; curve points at %s:%d", pc->e.id, pl->climate_path,
		 pl->climate->typical ? "a typical year" : "one calendar year",
		 dated ? "the mean over the job's window" : pl->campus ?
		 "the mean over the campus's year" : "the mean over the series' year (no start "
		 "to place the job)", pc->e.file, pc->line0);
	wf_r_fixed(&pl->in[P_PUE], WF_DIM_NONE, mean, wf_arena_strdup(&c->scratch->arena, note));
	wf_strbuf_printf(&pl->notes, "PUE by hour: %s through curve %s, by calendar position "
			 "(month, day, hour UTC): the weather of %s stands in for the job's "
			 "own%s\n", pl->climate_path, pc->e.id,
			 pl->climate->typical ? "a typical year" : "the file's year",
			 pl->campus ? "; a campus year uses its mean PUE (its load is not "
			 "hourly), the warmest hour's for the peak" : "");
	if (clamped)
		wf_strbuf_printf(&pl->notes, "PUE by hour: %zu of the file's hours lie outside "
				 "curve %s's %g to %g °C and take its end values (beyond its "
				 "warm end this understates PUE)\n", clamped, pc->e.id,
				 pc->t_c[0], pc->t_c[pc->n - 1]);
	if (!dated && !pl->campus)
		wf_strbuf_printf(&pl->notes, "PUE: the mean over %s's year; give start (and a "
				 "duration) to take the job's own hours\n", pl->climate_path);
	return 0;
}

/* Monthly PUE: weigh the months by the hours the job spends in each (at the
 * nominal duration), or by their days in a year when the job has no start;
 * a power log by its measured energy in each; a dated job also gets PUE(t)
 * by month, so Monte Carlo's drawn durations and the intensity's weighting
 * use the months they meet. */
int wf_facility_resolve_climate(wf_rctx *c)
{
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	wf_plan *pl = c->pl;
	double x[P_COUNT_], wall, pue = 0, t0, t1;
	wf_strbuf b = {0};
	char *note;
	int m, rc;

	if (!pl->pue_monthly && !pl->pue_hourly)
		return 0;
	wf_plan_nominal(pl, x);
	wall = pl->campus ? NAN : wf_workload_wall_time(pl, x);
	if (pl->pue_hourly)
		return climate_hourly(c, wall);
	for (m = 0; m < 12; m++)
		pl->pue_max = fmax(m ? pl->pue_max : pl->pue_month[0], pl->pue_month[m]);
	wf_strbuf_printf(&b, "PUE curve %s by month (", pl->pue_curve->e.id);
	for (m = 0; m < 12; m++)
		wf_strbuf_printf(&b, "%s%s %g °C: %.5g", m ? ", " : "", mon[m],
				 pl->temp_month[m], pl->pue_month[m]);
	if (!isnan(pl->start_s) && !pl->campus && !pl->log) {
		pue_span(pl, wall, &t0, &t1);
		if ((rc = wf_pue_by_month(&pl->pue_fn, pl->pue_month, t0, t1, c->err))) {
			wf_strbuf_free(&b);
			return rc;
		}
	}
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

double wf_plan_load_term(const wf_plan *pl, const double *x)
{
	return wf_facility_load_term(pl, x, 0);
}

double wf_facility_load_term(const wf_plan *pl, const double *x, int peak)
{
	if (!pl->in[P_FIXED_LOSS].set)
		return 0;
	return x[P_FIXED_LOSS] / (pl->campus ? x[peak ? P_LOAD_PEAK : P_LOAD] : x[P_IT_LOAD]);
}

/* The warmest month's (or hour's) PUE with a monthly (hourly) curve: the
 * connection must carry it. */
double wf_facility_pue_peak(const wf_plan *pl, const double *x)
{
	double p = x[P_PUE];

	if (pl->pue_monthly || pl->pue_hourly)
		p = fmax(p, pl->pue_max);
	return p + wf_facility_load_term(pl, x, 1);
}

void wf_facility_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64];

	f->load_term = wf_facility_load_term(pl, x, 0);
	f->pue = x[P_PUE] + f->load_term;
	if (pl->pue_fn && !pl->log && isfinite(f->wall) && f->wall > 0) {
		/* PUE by month or hour: the mean over the job's own window
		 * (O(log n) from the prefix sums of PUE(t)) */
		double ip = 0;
		int cov = 0;
		if (wf_series_integral(pl->pue_fn, pl->start_s, pl->start_s + f->wall, &ip,
				       &cov) == 0 && cov)
			f->pue = ip / f->wall + f->load_term;
	}
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

/*
 * grid_pathway.c - a region's intensity for a year along a decarbonisation
 * pathway (given years as is, years between interpolated with GSL, linear
 * or Steffen), optionally scaled by a regional factor from the hourly
 * series.  Called by grid.c.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_interp.h>

#include "profile.h"
#include "series.h"

/* grid.regional_factor: series - a sub-region's pathway scaled by how its
 * own series compares with the mean of every region in the same file over
 * its latest whole calendar year (gaps left out of each mean).  An
 * approximation the scenario opts into: one year of one file, an
 * unweighted mean of regions for the national level. */
static int regional_factor(wf_rctx *c, const wf_node *fn, double *factor, char *how,
			   size_t how_n)
{
	const wf_grid *g = c->pl->region, *owner;
	const wf_series_file *f;
	const wf_series *ownser = NULL;
	wf_grid_pick pk;
	double t0 = -INFINITY, t1 = INFINITY, own = NAN, sum = 0, v, cov;
	char b0[48], b1[48];
	size_t i, n = 0, ns;
	int rc, y;

	if (fn->type != WF_NODE_SCALAR || strcmp(fn->text, "series") != 0)
		return wf_r_err(c->err, fn, "regional_factor: expected \"series\" (scale "
				    "the pathway by the region's series)%s%s", "", "");
	if (!wf_grid_series_list(g, &ns, &owner) || !ns)
		return wf_r_err(c->err, fn, "regional_factor: region %s has no hourly "
				    "series to compare%s", g->e.id, "");
	if ((rc = wf_grid_full_year(g, WF_BASIS_UNSET, WF_BASIS_UNSET, 9999, &pk, &y, c->err)))
		return rc;
	if (!pk.entry)
		return wf_r_err(c->err, fn, "regional_factor: region %s has no series over a "
				    "whole year to compare%s", g->e.id, "");
	f = pk.entry->file;
	ownser = pk.ser;
	if (f->n < 2)
		return wf_r_err(c->err, fn, "regional_factor: %s's series file has no other "
				    "regions to compare with%s", g->e.id, "");
	t0 = wf_year_start(y);
	t1 = wf_year_start(y + 1);
	for (i = 0; i < f->n; i++) {
		t0 = fmax(t0, wf_series_begin(f->s[i]));
		t1 = fmin(t1, wf_series_end(f->s[i]));
	}
	for (i = 0; i < f->n; i++) {
		cov = wf_series_covered_s(f->s[i], t0, t1);
		if (!(t0 < t1) || !(cov > 0) || wf_series_integral(f->s[i], t0, t1, &v, NULL))
			return wf_r_err(c->err, fn, "regional_factor: the series in %s share "
					    "no span with data%s", f->path, "");
		v /= cov;
		sum += v;
		n++;
		if (f->s[i] == ownser)
			own = v;
	}
	if (!(sum > 0) || isnan(own))
		return wf_r_err(c->err, fn, "regional_factor: the regions' mean intensity "
				    "is zero%s%s", "", "");
	*factor = own / (sum / (double)n);
	snprintf(how, how_n, "x regional factor %.6g = %s's mean %.6g g/kWh / the mean of the "
		 "%zu regions in %s, %.6g g/kWh, over %s to %s, gaps left out "
		 "(grid.regional_factor at %s:%d:%d)", *factor, g->e.id, own / WF_G_PER_KWH, n,
		 f->path, sum / (double)n / WF_G_PER_KWH,
		 wf_series_format_time(b0, sizeof b0, t0),
		 wf_series_format_time(b1, sizeof b1, t1), fn->file, fn->line, fn->col);
	return 0;
}

/* What the intensity is: a pathway's value for a year (held: its last). */
static void pathway_label(wf_rctx *c, const wf_grid *pw, int year, int held)
{
	wf_plan *pl = c->pl;
	char buf[256];

	pl->data_grid = pw;
	pl->ci_kind = CI_PATHWAY;
	pl->ci_basis = pw->basis;
	pl->data_year = year;
	pl->level_held = held;
	snprintf(buf, sizeof buf, "pathway %s %d%s", pw->e.id, year, held ? " held" : "");
	pl->ci_label = wf_arena_strdup(&c->scratch->arena, buf);
}

/* The pathway named by grid.pathway for the region (or the nearest
 * ancestor that has one), read at the scenario's year: a given year as
 * is, a year between two given ones interpolated (GSL, linear or Steffen),
 * a year after the last held only when grid.hold is true. */
static int pathway_value(wf_rctx *c, const wf_node *gn, int year, const wf_node *yw,
			 const wf_node *bn)
{
	wf_plan *pl = c->pl;
	const wf_node *pn = wf_node_get(gn, "pathway"), *hn = wf_node_get(gn, "hold");
	const wf_catalog *cat = c->sc->overlay;
	const wf_grid *pw = NULL, *g;
	char b1[64], b2[64], note[1600];
	int hold = 0, k, from_parent = 0;
	size_t i;

	if (pn->type != WF_NODE_SCALAR)
		return wf_r_err(c->err, pn, "pathway: expected a scenario name such as "
				    "clean-power-2030%s%s", "", "");
	if (hn) {
		if (hn->type != WF_NODE_SCALAR ||
		    (strcmp(hn->text, "true") && strcmp(hn->text, "false")))
			return wf_r_err(c->err, hn, "hold: expected true or false%s%s", "", "");
		hold = strcmp(hn->text, "true") == 0;
	}
	for (g = pl->region; g && !pw; g = g->parent, from_parent++)
		for (const wf_catalog *cc = cat; cc && !pw; cc = cc->parent)
			for (i = 0; i < cc->kinds[WF_KIND_PATHWAY].n; i++) {
				const wf_grid *p = cc->kinds[WF_KIND_PATHWAY].items[i];
				if (p->parent == g && strcmp(p->scenario, pn->text) == 0) {
					pw = p;
					break;
				}
			}
	if (!pw)
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", pn->file, pn->line,
				    pn->col,
				    "pathway: no \"%s\" pathway for %s or its parents (`wattif "
				    "list pathways` shows them)", pn->text, pl->region->e.id);
	if (from_parent > 1)
		wf_strbuf_printf(&pl->notes,
				 "%s has no %s pathway of its own; using %s's (%s)%s\n",
				 pl->region->e.id, pn->text, pw->parent->e.id, pw->e.id,
				 wf_node_get(gn, "regional_factor") ? ""
				 : ": regional differences are not in it");
	if (bn && strcmp(bn->text, wf_basis_name(pw->basis)) != 0)
		return wf_error_set(c->err, WF_EINPUT, "scenario", bn->file, bn->line, bn->col,
				    "basis: the scenario asks for %s factors but pathway %s "
				    "is on the %s basis", bn->text, pw->e.id,
				    wf_basis_name(pw->basis));
	pathway_label(c, pw, year, 0);
	if (!year)
		return wf_r_err(c->err, pn, "pathway: needs the scenario's year (year: or "
				    "start:)%s%s", "", "");
	for (i = 0; i < pw->n_years; i++)
		if (pw->years[i] == year) {
			wf_r_from_entry(&pl->in[P_CI], &pw->intensity[i], &pw->e, &c->scratch->arena);
			snprintf(note, sizeof note, "pathway %s (%s) at %d, a given year; %s",
				 pw->e.id, wf_basis_name(pw->basis), year, pl->in[P_CI].note);
			pl->in[P_CI].note = wf_arena_strdup(&c->scratch->arena, note);
			pl->annual_ok = 1;
			return 0;
		}
	k = (int)pw->n_years - 1;
	if (year > pw->years[k] && hold) {
		wf_r_from_entry(&pl->in[P_CI], &pw->intensity[k], &pw->e, &c->scratch->arena);
		snprintf(note, sizeof note, "pathway %s (%s): %d held from its last year %d "
			 "(grid.hold: true); %s", pw->e.id, wf_basis_name(pw->basis), year,
			 pw->years[k], pl->in[P_CI].note);
		pl->in[P_CI].note = wf_arena_strdup(&c->scratch->arena, note);
		wf_strbuf_printf(&pl->notes, "grid intensity for %d held at pathway %s's %d "
				 "value\n", year, pw->e.id, pw->years[k]);
		pathway_label(c, pw, pw->years[k], 1);
		pl->annual_ok = 1;
		return 0;
	}
	if (year < pw->years[0] || year > pw->years[k])
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", yw ? yw->file : pn->file,
				    yw ? yw->line : pn->line, yw ? yw->col : pn->col,
				    "pathway %s covers %d-%d; %d is outside it%s", pw->e.id,
				    pw->years[0], pw->years[k], year,
				    year > pw->years[k] ? " (grid.hold: true holds the last "
							  "value)" : "");
	{
		double xs[256], ys[256], v;
		size_t n = pw->n_years;
		gsl_interp *ip;
		gsl_interp_accel *acc;
		if (n > 256)
			return wf_error_set(c->err, WF_EINPUT, "scenario", pw->e.file, pw->e.line,
					    pw->e.col, "pathway %s: more than 256 years", pw->e.id);
		for (i = 0; i < n; i++) {
			xs[i] = pw->years[i];
			ys[i] = wf_value_nominal(&pw->intensity[i].v);
		}
		ip = gsl_interp_alloc(pw->steffen ? gsl_interp_steffen : gsl_interp_linear, n);
		acc = gsl_interp_accel_alloc();
		if (!ip || !acc || gsl_interp_init(ip, xs, ys, n)) {
			gsl_interp_free(ip);
			gsl_interp_accel_free(acc);
			return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0,
					    "cannot interpolate pathway %s", pw->e.id);
		}
		v = gsl_interp_eval(ip, xs, ys, (double)year, acc);
		gsl_interp_free(ip);
		gsl_interp_accel_free(acc);
		for (i = 0; i + 1 < n && pw->years[i + 1] < year; i++)
			;
		snprintf(note, sizeof note,
			 "pathway %s (%s) at %d, interpolated (%s, GSL) between %d (%s, "
			 "%s:%d) and %d (%s, %s:%d)", pw->e.id, wf_basis_name(pw->basis), year,
			 pw->steffen ? "Steffen" : "linear", pw->years[i],
			 wf_quantity_format(b1, 64, wf_value_nominal(&pw->intensity[i].v),
					    WF_DIM_INTENSITY, 6),
			 pw->intensity[i].file, pw->intensity[i].line, pw->years[i + 1],
			 wf_quantity_format(b2, 64, wf_value_nominal(&pw->intensity[i + 1].v),
					    WF_DIM_INTENSITY, 6),
			 pw->intensity[i + 1].file, pw->intensity[i + 1].line);
		wf_r_fixed(&pl->in[P_CI], WF_DIM_INTENSITY, v,
		      wf_arena_strdup(&c->scratch->arena, note));
	}
	pl->annual_ok = 1;
	return 0;
}

int wf_grid_pathway_resolve(wf_rctx *c, const wf_node *gn, int year, const wf_node *yw,
			   const wf_node *bn)
{
	const wf_node *fn = wf_node_get(gn, "regional_factor");
	wf_plan *pl = c->pl;
	double k = 1;
	char how[1024], *note;
	int rc;

	if ((rc = pathway_value(c, gn, year, yw, bn)) || !fn)
		return rc;
	if ((rc = regional_factor(c, fn, &k, how, sizeof how)))
		return rc;
	wf_r_scale(&pl->in[P_CI].v, k);
	note = wf_arena_alloc(&c->scratch->arena, strlen(pl->in[P_CI].note ? pl->in[P_CI].note : "")
			      + strlen(how) + 4);
	if (!note)
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	sprintf(note, "%s %s", pl->in[P_CI].note ? pl->in[P_CI].note : "", how);
	pl->in[P_CI].note = note;
	pl->in[P_CI].file = NULL; /* derived: the note names every source */
	wf_strbuf_printf(&pl->notes, "grid intensity: the %s pathway scaled by %s's regional "
			 "factor %.4g from its hourly series (an approximation: one year of "
			 "one file, unweighted regional mean)\n",
			 wf_node_get(gn, "pathway")->text, pl->region->e.id, k);
	return 0;
}

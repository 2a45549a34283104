/*
 * grid_pathway.c - a region's intensity for a year along a decarbonisation
 * pathway (given years as is, years between interpolated with GSL, linear
 * or Steffen), optionally scaled by a regional factor from a year of
 * regional data; and a campus's marginal intensity along a pathway marked
 * accounting: marginal.  Called by grid.c.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_interp.h>

/* A data file named in a model file, as messages show it. */
static const char *shown(wf_rctx *c, const char *yaml, const char *rel, const char *none)
{
	const char *p = rel ? wf_planning_path(&c->scratch->arena, yaml, rel) : NULL;

	return p ? p : none;
}

/* grid.regional_factor: METHOD - the pathway scaled by the region's
 * regional factor entry (data/grids/gb_regional_factors.yaml): its mean
 * over a year relative to the national mean over the same intervals.
 * "series" and "true" name the default method, neso-2023. */
static int regional_factor(wf_rctx *c, const wf_node *fn, double *factor, char *how,
			   size_t how_n)
{
	const wf_grid *g = c->pl->region;
	const wf_regional_factor *f;
	const char *method;
	char b1[64], b2[64];
	double rm, nm;

	if (fn->type != WF_NODE_SCALAR)
		return wf_r_err(c->err, fn, "regional_factor: expected a method such as "
				    "neso-2023 (`wattif list regional_factors`)%s%s", "", "");
	method = fn->text;
	if (strcmp(method, "series") == 0 || strcmp(method, "true") == 0)
		method = "neso-2023";
	if (!(f = wf_regional_factor_find(c->sc->overlay, g, method)))
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", fn->file, fn->line, fn->col,
				    "regional_factor: no %s factor for %s (`wattif list "
				    "regional_factors` shows them: NESO's regional files cover the "
				    "14 DNO regions, not the England, Scotland and Wales "
				    "aggregates)", method, g->e.id);
	rm = wf_value_nominal(&f->regional_mean.v);
	nm = wf_value_nominal(&f->national_mean.v);
	*factor = rm / nm;
	c->pl->regional = f;
	snprintf(how, how_n, "x regional factor %.6g = %s's mean %s / %s's national mean %s "
		 "over the %.0f half-hours of %.0f that both %s and %s have (gaps in either "
		 "left out of both; DERIVED, %s at %s:%d; grid.regional_factor at %s:%d:%d)",
		 *factor, g->e.id, wf_quantity_format(b1, 64, rm, WF_DIM_INTENSITY, 6),
		 f->national->e.id, wf_quantity_format(b2, 64, nm, WF_DIM_INTENSITY, 6),
		 wf_r_nom(&f->half_hours), wf_r_nom(&f->year),
		 shown(c, f->e.file, f->regional_file, "(regional file)"),
		 shown(c, f->e.file, f->national_file, "(national file)"),
		 f->e.id, f->e.file, f->e.line, fn->file, fn->line, fn->col);
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

/* The pathway of scenario `name` (or, with name NULL, the marginal one)
 * for region g or its nearest ancestor that has one; *up counts the steps
 * up the parents. */
static const wf_grid *find_pathway(const wf_catalog *cat, const wf_grid *g, const char *name,
				   int *up)
{
	size_t i;

	for (*up = 0; g; g = g->parent, (*up)++)
		for (const wf_catalog *cc = cat; cc; cc = cc->parent)
			for (i = 0; i < cc->kinds[WF_KIND_PATHWAY].n; i++) {
				const wf_grid *p = cc->kinds[WF_KIND_PATHWAY].items[i];
				if (p->parent == g && (name ? strcmp(p->scenario, name) == 0
							    : p->marginal))
					return p;
			}
	return NULL;
}

/* Pathway pw at year into *out with a note: a given year as is, a year
 * between two given ones interpolated (GSL, linear or Steffen), a year
 * after the last held when hold is set (*held = 1).  WF_ENOTFOUND when the
 * year is outside and not held (nothing written). */
static int pathway_at(wf_rctx *c, const wf_grid *pw, int year, int hold, wf_param *out,
		      int *held, wf_error *err)
{
	wf_arena *ar = &c->scratch->arena;
	char b1[64], b2[64], note[1600];
	size_t i, n = pw->n_years;
	int k = (int)n - 1;

	*held = 0;
	for (i = 0; i < n; i++)
		if (pw->years[i] == year) {
			wf_r_from_entry(out, &pw->intensity[i], &pw->e, ar);
			snprintf(note, sizeof note, "pathway %s (%s) at %d, a given year; %s",
				 pw->e.id, wf_basis_name(pw->basis), year, out->note);
			out->note = wf_arena_strdup(ar, note);
			return 0;
		}
	if (year > pw->years[k] && hold) {
		wf_r_from_entry(out, &pw->intensity[k], &pw->e, ar);
		snprintf(note, sizeof note, "pathway %s (%s): %d held from its last year %d "
			 "(hold); %s", pw->e.id, wf_basis_name(pw->basis), year, pw->years[k],
			 out->note);
		out->note = wf_arena_strdup(ar, note);
		*held = 1;
		return 0;
	}
	if (year < pw->years[0] || year > pw->years[k])
		return WF_ENOTFOUND;
	{
		double xs[256], ys[256], v;
		gsl_interp *ip;
		gsl_interp_accel *acc;
		if (n > 256)
			return wf_error_set(err, WF_EINPUT, "scenario", pw->e.file, pw->e.line,
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
			return wf_error_set(err, WF_ENOMEM, "scenario", NULL, 0, 0,
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
		wf_r_fixed(out, WF_DIM_INTENSITY, v, wf_arena_strdup(ar, note));
	}
	return 0;
}

/* The pathway named by grid.pathway for the region (or the nearest
 * ancestor that has one), read at the scenario's year; a year after the
 * last only when grid.hold is true. */
static int pathway_value(wf_rctx *c, const wf_node *gn, int year, const wf_node *yw,
			 const wf_node *bn)
{
	wf_plan *pl = c->pl;
	const wf_node *pn = wf_node_get(gn, "pathway"), *hn = wf_node_get(gn, "hold");
	const wf_grid *pw;
	int hold = 0, up, held, rc, k;

	if (pn->type != WF_NODE_SCALAR)
		return wf_r_err(c->err, pn, "pathway: expected a scenario name such as "
				    "clean-power-2030%s%s", "", "");
	if (hn) {
		if (hn->type != WF_NODE_SCALAR ||
		    (strcmp(hn->text, "true") && strcmp(hn->text, "false")))
			return wf_r_err(c->err, hn, "hold: expected true or false%s%s", "", "");
		hold = strcmp(hn->text, "true") == 0;
	}
	if (!(pw = find_pathway(c->sc->overlay, pl->region, pn->text, &up)))
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", pn->file, pn->line,
				    pn->col,
				    "pathway: no \"%s\" pathway for %s or its parents (`wattif "
				    "list pathways` shows them)", pn->text, pl->region->e.id);
	if (up > 0)
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
	rc = pathway_at(c, pw, year, hold, &pl->in[P_CI], &held, c->err);
	k = (int)pw->n_years - 1;
	if (rc == WF_ENOTFOUND)
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", yw ? yw->file : pn->file,
				    yw ? yw->line : pn->line, yw ? yw->col : pn->col,
				    "pathway %s covers %d-%d; %d is outside it%s", pw->e.id,
				    pw->years[0], pw->years[k], year,
				    year > pw->years[k] ? " (grid.hold: true holds the last "
							  "value)" : "");
	if (rc)
		return rc;
	if (held) {
		wf_strbuf_printf(&pl->notes, "grid intensity for %d held at pathway %s's %d "
				 "value\n", year, pw->e.id, pw->years[k]);
		pathway_label(c, pw, pw->years[k], 1);
	}
	pl->annual_ok = 1;
	return 0;
}

int wf_grid_pathway_resolve(wf_rctx *c, const wf_node *gn, int year, const wf_node *yw,
			   const wf_node *bn)
{
	const wf_node *fn = wf_node_get(gn, "regional_factor");
	wf_plan *pl = c->pl;
	const wf_regional_factor *f;
	double k = 1;
	char how[1400], *note;
	int rc;

	if ((rc = pathway_value(c, gn, year, yw, bn)) || !fn)
		return rc;
	if ((rc = regional_factor(c, fn, &k, how, sizeof how)))
		return rc;
	f = pl->regional;
	wf_r_scale(&pl->in[P_CI].v, k);
	note = wf_arena_alloc(&c->scratch->arena, strlen(pl->in[P_CI].note ? pl->in[P_CI].note : "")
			      + strlen(how) + 4);
	if (!note)
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	sprintf(note, "%s %s", pl->in[P_CI].note ? pl->in[P_CI].note : "", how);
	pl->in[P_CI].note = note;
	pl->in[P_CI].file = NULL; /* derived: the note names every source */
	wf_strbuf_printf(&pl->notes, "grid intensity: the %s pathway x %s's regional factor "
			 "%.4g (%s: its %.0f mean over GB's national mean, same half-hours; "
			 "assumes the %.0f regional pattern holds in later years)\n",
			 wf_node_get(gn, "pathway")->text, pl->region->e.id, k, f->e.id,
			 wf_r_nom(&f->year), wf_r_nom(&f->year));
	if (f->regional_median.set && wf_r_nom(&f->regional_median) == 0)
		wf_strbuf_printf(&pl->notes, "%s: median 0 g/kWh in %.0f but mean %.1f g/kWh: "
				 "mostly zero-carbon half-hours with multi-day spells of high "
				 "intensity when the wind drops (%s)\n", pl->region->e.id,
				 wf_r_nom(&f->year), wf_r_nom(&f->regional_mean) * 3.6e9,
				 f->e.id);
	if (f->moves)
		wf_strbuf_printf(&pl->notes, "%s: %s\n", pl->region->e.id, f->moves);
	return 0;
}

int wf_grid_marginal_resolve(wf_rctx *c, const wf_node *gn, int year)
{
	wf_plan *pl = c->pl;
	const wf_node *mn = gn ? wf_node_get(gn, "marginal_pathway") : NULL;
	const wf_grid *pw;
	int up, held, rc;

	if (pl->in[P_CI_MARGINAL].set || !pl->region || year <= 0)
		return 0;
	if (mn && (mn->type != WF_NODE_SCALAR || !mn->text[0]))
		return wf_r_err(c->err, mn, "marginal_pathway: expected a pathway scenario "
				    "name (e.g. desnz-green-book-lrmf) or none%s%s", "", "");
	if (mn && strcmp(mn->text, "none") == 0)
		return 0;
	if (!mn && !pl->campus)
		return 0; /* a job gets a marginal view only when it asks */
	pw = find_pathway(c->sc->overlay, pl->region, mn ? mn->text : NULL, &up);
	if (!pw && mn)
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", mn->file, mn->line,
				    mn->col, "marginal_pathway: no \"%s\" pathway for %s or its "
				    "parents (`wattif list pathways` shows them)", mn->text,
				    pl->region->e.id);
	if (!pw)
		return 0;
	rc = pathway_at(c, pw, year, 1, &pl->in[P_CI_MARGINAL], &held, c->err);
	if (rc == WF_ENOTFOUND) {
		wf_strbuf_printf(&pl->notes, "no marginal (consequential) figure for %d: %s "
				 "starts in %d\n", year, pw->e.id, pw->years[0]);
		return 0;
	}
	if (rc)
		return rc;
	pl->marginal_pw = pw;
	pl->marginal_held = held;
	if (held)
		wf_strbuf_printf(&pl->notes, "marginal intensity for %d held at %s's last "
				 "year, %d (no later figures were found)\n", year, pw->e.id,
				 pw->years[pw->n_years - 1]);
	return 0;
}

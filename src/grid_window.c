/*
 * grid_window.c - the intensity of a dated job's window: which of the
 * grid's series covers it, and when none does, the annual figure for the
 * year (held from the last known year past the data) carried on the hourly
 * shape of the grid's latest full year (profile.c).  Called by grid.c.
 *
 * Rules (README "Grids in time and space"):
 *  - series: the first in the grid's list (or its series_from grid's) that
 *    covers the window without a gap, on the scenario's basis when it asks
 *    for one (grid.basis makes the choice strict: series on another basis
 *    are passed over and the notes say so);
 *  - level (a dated window outside every series): the grid's annual table
 *    for the year, else the mean of a series over that whole calendar
 *    year, else the latest of those before the year held (a tie goes to
 *    the table), else its parent's (intensity_from: parent);
 *  - shape: the series covering the most recent whole calendar year (the
 *    level's basis first among series of that year, then list order).
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "series.h"

wf_basis wf_grid_want(const wf_node *bn)
{
	if (!bn)
		return WF_BASIS_UNSET;
	return strcmp(bn->text, "direct") == 0 ? WF_BASIS_DIRECT : WF_BASIS_LIFECYCLE;
}

static int basis_ok(wf_basis want, wf_basis b)
{
	return want == WF_BASIS_UNSET || want == b;
}

/* Does an entry's declared span hold [t0, t1)? */
static int span_holds(const wf_grid_series *gs, double t0, double t1)
{
	return gs->from_s <= t0 && t1 <= gs->to_s;
}

int wf_grid_series_covering(const wf_grid *g, wf_basis want, double t0, double t1,
			    wf_grid_pick *out, wf_strbuf *skipped, wf_error *err)
{
	const wf_grid *owner;
	size_t i, n;
	const wf_grid_series *l = wf_grid_series_list(g, &n, &owner);
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		const wf_series *s;
		int cov = 0;
		double v;
		if (!span_holds(&l[i], t0, t1))
			continue;
		if (!basis_ok(want, l[i].basis)) {
			if (skipped)
				wf_strbuf_printf(skipped, "%s%s (%s)", skipped->len ? ", " : "",
						 l[i].file->path, wf_basis_name(l[i].basis));
			continue;
		}
		if ((rc = wf_grid_series_get(&l[i], owner, &s, err)))
			return rc;
		if (wf_series_integral(s, t0, t1, &v, &cov) == 0 && cov) {
			out->entry = &l[i];
			out->owner = owner;
			out->ser = s;
			return 0;
		}
	}
	return 0;
}

/* The latest whole calendar year of entry gs, by its declared span when it
 * has one (no file read), else from the series; *s is the series when it
 * had to be read. */
static int entry_full_year(const wf_grid_series *gs, const wf_grid *owner, int *year,
			   wf_error *err)
{
	const wf_series *s;
	int rc;

	*year = 0;
	if (isfinite(gs->from_s) && isfinite(gs->to_s)) {
		int y;
		for (y = wf_year_of(gs->to_s) - 1; y >= wf_year_of(gs->from_s); y--)
			if (gs->from_s <= wf_year_start(y) && wf_year_start(y + 1) <= gs->to_s) {
				*year = y;
				return 0;
			}
		return 0;
	}
	if ((rc = wf_grid_series_get(gs, owner, &s, err)))
		return rc;
	*year = wf_profile_last_full_year(s, gs->from_s, gs->to_s);
	return 0;
}

/* Does entry gs cover calendar year y whole?  By its declared span when
 * it has one, else by its series (read now). */
static int entry_covers(const wf_grid_series *gs, const wf_grid *owner, int y, int *ok,
			wf_error *err)
{
	const wf_series *s;
	int rc;

	if (isfinite(gs->from_s) && isfinite(gs->to_s)) {
		*ok = gs->from_s <= wf_year_start(y) && wf_year_start(y + 1) <= gs->to_s;
		return 0;
	}
	if ((rc = wf_grid_series_get(gs, owner, &s, err)))
		return rc;
	*ok = wf_profile_covers_year(s, y, gs->from_s, gs->to_s);
	return 0;
}

int wf_grid_full_year(const wf_grid *g, wf_basis want, wf_basis prefer, int max_year,
		      wf_grid_pick *out, int *year, wf_error *err)
{
	const wf_grid *owner;
	size_t i, n;
	const wf_grid_series *l = wf_grid_series_list(g, &n, &owner);
	int rc, best = 0, y, ok;

	memset(out, 0, sizeof(*out));
	*year = 0;
	for (i = 0; i < n; i++) {
		if (!basis_ok(want, l[i].basis))
			continue;
		if ((rc = entry_full_year(&l[i], owner, &y, err)))
			return rc;
		if (y > max_year) { /* the year asked for, if it covers it */
			y = max_year;
			if ((rc = entry_covers(&l[i], owner, y, &ok, err)))
				return rc;
			if (!ok)
				continue;
		}
		if (y == 0 || y < best)
			continue;
		if (y > best || (out->entry->basis != prefer && l[i].basis == prefer)) {
			best = y;
			out->entry = &l[i];
			out->owner = owner;
		}
	}
	if (!best)
		return 0;
	if ((rc = wf_grid_series_get(out->entry, owner, &out->ser, err)))
		return rc;
	if (!wf_profile_covers_year(out->ser, best, out->entry->from_s, out->entry->to_s))
		return wf_error_set(err, WF_EINPUT, "series", out->entry->file_yaml,
				    out->entry->line, out->entry->col,
				    "series %s does not cover %d whole, although its span says "
				    "so", out->ser->path, best);
	*year = best;
	return 0;
}

/* ------------------------------------------------ the level for a year */

/* The mean of a whole calendar year of a series (gaps left out), kg/J. */
static double year_mean(const wf_series *s, int y)
{
	double a = wf_year_start(y), b = wf_year_start(y + 1), v = 0,
	       cov = wf_series_covered_s(s, a, b);

	wf_series_integral(s, a, b, &v, NULL);
	return cov > 0 ? v / cov : NAN;
}

/* The level from a series' whole year: P_CI with its origin. */
static int level_from_series(wf_rctx *c, const wf_grid *g, const wf_grid_pick *p, int y,
			     int year)
{
	wf_plan *pl = c->pl;
	char note[1400], b1[64];
	double v = year_mean(p->ser, y);

	if (!isfinite(v))
		return wf_error_set(c->err, WF_ENOTFOUND, "scenario", p->entry->file_yaml,
				    p->entry->line, p->entry->col,
				    "series %s has no data in %d", p->ser->path, y);
	snprintf(note, sizeof note, "%s: the mean of %s%s%s over %d (%s basis; gaps left "
		 "out%s)%s; series named at %s:%d:%d", g->e.id, p->ser->path,
		 p->ser->region[0] ? ", region " : "", p->ser->region, y,
		 wf_basis_name(p->entry->basis), wf_series_gaps(p->ser) ? ", the file has gaps" : "",
		 y < year ? ", held for later years" : "", p->entry->file_yaml, p->entry->line,
		 p->entry->col);
	wf_r_fixed(&pl->in[P_CI], WF_DIM_INTENSITY, v, wf_arena_strdup(&c->scratch->arena, note));
	pl->ci_basis = p->entry->basis;
	pl->data_year = y;
	pl->level_held = y < year;
	snprintf(note, sizeof note, "%s, %s series mean %d%s", g->e.id,
		 wf_basis_name(p->entry->basis), y, y < year ? " held" : "");
	pl->ci_label = wf_arena_strdup(&c->scratch->arena, note);
	if (y < year)
		wf_strbuf_printf(&pl->notes, "grid intensity for %d: %s's last known annual "
				 "figure, the %d mean of %s (%s), held (%s)\n", year, g->e.id, y,
				 p->ser->path, wf_basis_name(p->entry->basis),
				 wf_quantity_format(b1, sizeof b1, v, WF_DIM_INTENSITY, 4));
	return 0;
}

/* The level from the annual table, year y (y < year: held). */
static void level_from_table(wf_rctx *c, const wf_grid *g, int y, int year)
{
	wf_plan *pl = c->pl;
	char buf[1200];

	wf_r_from_entry(&pl->in[P_CI], wf_grid_year(g, y), &g->e, &c->scratch->arena);
	snprintf(buf, sizeof(buf), "%s annual %d, %s basis%s; %s", g->e.id, y,
		 wf_basis_name(g->basis), y < year ? " (held: the last known year)" : "",
		 pl->in[P_CI].note);
	pl->in[P_CI].note = wf_arena_strdup(&c->scratch->arena, buf);
	pl->ci_basis = g->basis;
	pl->data_year = y;
	pl->level_held = y < year;
	snprintf(buf, sizeof buf, "%s annual %d%s", g->e.id, y, y < year ? " held" : "");
	pl->ci_label = wf_arena_strdup(&c->scratch->arena, buf);
	if (y < year)
		wf_strbuf_printf(&pl->notes, "grid intensity for %d: %s's last known annual "
				 "figure (%d, %s) held\n", year, g->e.id, y,
				 wf_basis_name(g->basis));
}

/* The latest year <= year of g's own annual table on the wanted basis. */
static int table_year(const wf_grid *g, wf_basis want, int year)
{
	size_t i;
	int best = 0;

	if (!basis_ok(want, g->basis))
		return 0;
	for (i = 0; i < g->n_years; i++)
		if (g->years[i] <= year)
			best = g->years[i];
	return best;
}

int wf_grid_dated_level(wf_rctx *c, const wf_grid *g, int year, wf_basis want,
			const wf_node *at)
{
	wf_plan *pl = c->pl;
	const wf_grid *region = g;
	wf_grid_pick p;
	int rc, ty, sy;

	for (; g; g = g->parent) {
		ty = table_year(g, want, year);
		if ((rc = wf_grid_full_year(g, want, g->basis, year, &p, &sy, c->err)))
			return rc;
		if (ty == year || (ty && ty >= sy)) {
			level_from_table(c, g, ty, year);
			break;
		}
		if (sy) {
			if ((rc = level_from_series(c, g, &p, sy, year)))
				return rc;
			break;
		}
		if (!g->from_parent || !g->parent)
			return wf_error_set(c->err, WF_ENOTFOUND, "scenario",
					    at ? at->file : g->e.file, at ? at->line : g->e.line,
					    at ? at->col : g->e.col,
					    "grid \"%s\" has no annual figure%s%s%s for "
					    "%d or before it (nor a whole year of a%s%s series)%s",
					    g->e.id, want ? " on the " : "",
					    want ? wf_basis_name(want) : "", want ? " basis" : "", year,
					    want ? " " : "", want ? wf_basis_name(want) : "",
					    want ? "; grid.basis makes the choice strict" : "");
		wf_strbuf_printf(&pl->notes, "%s has no annual figure of its own for %d; using "
				 "its parent %s's\n", g->e.id, year, g->parent->e.id);
	}
	(void)region;
	pl->data_grid = g;
	pl->annual_ok = 1;
	pl->ci_kind = CI_ANNUAL;
	return 0;
}

/* ------------------------------------------------ the profile */

int wf_grid_profile_setup(wf_rctx *c, const wf_grid *g, wf_basis want)
{
	wf_plan *pl = c->pl;
	wf_grid_pick p;
	wf_profile *pr;
	char buf[1400], b1[64];
	int rc, y, k;

	if ((rc = wf_grid_full_year(g, want, pl->ci_basis, 9999, &p, &y, c->err)))
		return rc;
	if (!y)
		return 0;
	if (!(pr = wf_arena_alloc(&c->scratch->arena, sizeof(*pr))) ||
	    wf_profile_init(pr, p.ser, y))
		return wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	pl->prof = pr;
	pl->prof_y0 = wf_year_of(pl->start_s);
	for (k = 0; k < WF_PROF_YEARS; k++)
		if (wf_profile_year_mean(pr, pl->prof_y0 + k, &pl->prof_m[k], NULL))
			pl->prof_m[k] = NAN;
	pl->ser_entry = p.entry;
	pl->ser_grid = p.owner;
	pl->ci_kind = CI_PROFILE;
	snprintf(buf, sizeof buf, "typical year: the %d shape of %s%s%s (%s) at %s",
		 y, p.ser->path, p.ser->region[0] ? ", region " : "", p.ser->region,
		 wf_basis_name(p.entry->basis), pl->ci_label ? pl->ci_label : "the annual figure");
	pl->profile_label = wf_arena_strdup(&c->scratch->arena, buf);
	wf_strbuf_printf(&pl->notes,
			 "grid intensity: no series covers the job's window, so a typical-year "
			 "profile stands in: the hourly shape of %s's %d (%s, %s) carried by "
			 "whole weeks and rescaled so each year's mean is %s (%s); a profile "
			 "is not a forecast%s\n", p.owner->e.id, y, p.ser->path,
			 wf_basis_name(p.entry->basis),
			 wf_quantity_format(b1, sizeof b1, wf_r_nom(&pl->in[P_CI]),
					    WF_DIM_INTENSITY, 4),
			 pl->ci_label ? pl->ci_label : "the annual figure",
			 wf_series_gaps(p.ser) ? "; where that year has no data the profile "
						 "holds the annual figure" : "");
	if (p.entry->basis != pl->ci_basis)
		wf_strbuf_printf(&pl->notes, "the profile's shape is from a %s series and its "
				 "level %s: the result is on the level's basis\n",
				 wf_basis_name(p.entry->basis), wf_basis_name(pl->ci_basis));
	if (p.entry->note)
		wf_strbuf_printf(&pl->notes, "%s\n", p.entry->note);
	return 0;
}

/* ------------------------------------------------ windows */

int wf_grid_window_integral(const wf_plan *pl, const double *x, double t0, double t1,
			    double *out, int *covered)
{
	*covered = 1;
	switch (pl->ci_kind) {
	case CI_SERIES:
		return wf_series_integral(pl->ser, t0, t1, out, covered);
	case CI_PROFILE:
		return wf_profile_integral(pl->prof, x[P_CI], pl->prof_m, pl->prof_y0,
					   WF_PROF_YEARS, t0, t1, out);
	default:
		*out = x[P_CI] * (t1 - t0);
		return 0;
	}
}

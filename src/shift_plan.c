/*
 * shift_plan.c - a scenario's carbon-aware shift (wf_scenario_shift): the
 * job as the scenario gives it, moved to every start of a search window in
 * every candidate region, each region on one source of intensity for the
 * whole window.
 *
 * Per region (the scenario resolved there, starting at the window's start):
 *  - the source: the first of its series covering the whole search window
 *    (on grid.basis, when the scenario asks for one), else the series that
 *    covers most of it (starts that leave it are skipped), else the
 *    typical-year profile at the year's annual figure (grid_window.c), else
 *    that figure alone (every start equal);
 *  - the objective: CI(t), or CI(t) x (PUE(t) + load term) when PUE varies
 *    by month or hour, searched by shift.c over its prefix sums;
 *  - the emissions: P_IT x ∫ objective dt (constant PUE: facility energy x
 *    the mean intensity).
 * Every row carries its basis and data year; the notes say when rows
 * differ in either, and that savings of average intensities overstate what
 * moving one job changes on the grid (docs/model.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "climate.h"
#include "engine.h"
#include "error.h"
#include "overflow.h"
#include "profile.h"
#include "scenario.h"
#include "series.h"
#include "shift.h"

#define MOD "shift"

struct wf_shift_result {
	wf_shift_region *rows;       /* ranked */
	size_t n;
	wf_shift_region given;
	double w0, w1, step, dur, e_fac_kwh;
	char *notes;
	char **strs;                 /* owned strings of the rows */
	size_t nstr, capstr;
};

static const char *keep(wf_shift_result *r, const char *s)
{
	char *d;

	if (r->nstr == r->capstr) {
		size_t cap = r->capstr ? 2 * r->capstr : 64;
		char **ns = realloc(r->strs, cap * sizeof(*ns));
		if (!ns)
			return NULL;
		r->strs = ns;
		r->capstr = cap;
	}
	if (!(d = strdup(s ? s : "")))
		return NULL;
	r->strs[r->nstr++] = d;
	return d;
}

/* The grids with a series (their own, or series_from), the overlay's
 * first, each id once. */
static int candidates(const wf_grid ***out, size_t *n, const wf_catalog *top,
		      const wf_regex *re, const wf_grid *own, wf_error *err)
{
	const wf_catalog *c;
	const wf_grid **v = NULL;
	size_t cap = 0, i, k, ns;

	*n = 0;
	if (!re) {
		if (!own || !wf_grid_series_list(own, &ns, NULL) || !ns)
			return wf_error_set(err, WF_ENOTFOUND, MOD, NULL, 0, 0,
					    "the scenario's region %s has no hourly series; "
					    "name regions with --regions",
					    own ? own->e.id : "(none)");
		if (!(v = malloc(sizeof(*v))))
			return wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
		v[0] = own;
		*out = v;
		*n = 1;
		return 0;
	}
	for (c = top; c; c = c->parent)
		for (i = 0; i < c->kinds[WF_KIND_GRID].n; i++) {
			const wf_grid *g = c->kinds[WF_KIND_GRID].items[i];
			int dup = 0, m;
			wf_grid_series_list(g, &ns, NULL);
			if (!ns)
				continue;
			if ((m = wf_regex_search(re, g->e.id, err)) < 0) {
				free(v);
				*n = 0;
				return m;
			}
			if (!m)
				continue;
			for (k = 0; k < *n; k++)
				dup |= strcmp(v[k]->e.id, g->e.id) == 0;
			if (dup)
				continue;
			if (*n == cap) {
				const wf_grid **nv;
				cap = cap ? 2 * cap : 16;
				if (!(nv = realloc(v, cap * sizeof(*v)))) {
					free(v);
					return wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0,
							    "out of memory");
				}
				v = nv;
			}
			v[(*n)++] = g;
		}
	*out = v;
	if (*n == 0)
		return wf_error_set(err, WF_ENOTFOUND, MOD, NULL, 0, 0,
				    "--regions matches no grid with an hourly series");
	return 0;
}

/* The span of the series of g covering [t0, t1), or of its first series
 * when t0 is not finite: [*a, *b).  0 when it has none. */
static int covering_span(const wf_grid *g, const wf_node *bn, double t0, double t1,
			 double *a, double *b, wf_error *err)
{
	wf_grid_pick p;
	const wf_grid *owner;
	size_t n;
	const wf_grid_series *l = wf_grid_series_list(g, &n, &owner);
	int rc;

	if (isfinite(t0)) {
		if ((rc = wf_grid_series_covering(g, wf_grid_want(bn), t0, t1, &p, NULL, err)))
			return rc;
	} else {
		memset(&p, 0, sizeof p);
		if (n && (rc = wf_grid_series_get(&l[0], owner, &p.ser, err)))
			return rc;
		p.entry = n ? &l[0] : NULL;
	}
	if (!p.entry)
		return WF_ENOTFOUND;
	*a = fmax(wf_series_begin(p.ser), p.entry->from_s);
	*b = fmin(wf_series_end(p.ser), p.entry->to_s);
	return 0;
}

/* The search window: as given, else the span that the series covering
 * the scenario's own window share (candidates without one are searched on
 * their profile or figure over it), else the week from its start. */
static int window(wf_shift_result *r, const wf_grid **g, size_t n, const wf_node *bn,
		  double start, const wf_shift_options *o, wf_error *err)
{
	double a, b, w0 = -INFINITY, w1 = INFINITY;
	size_t i, found = 0;
	int rc = 0;

	r->w0 = o->window_start;
	r->w1 = o->window_end;
	if (o->window_start && o->window_end)
		return 0;
	for (i = 0; i < n; i++) {
		rc = covering_span(g[i], bn, start, start + r->dur, &a, &b, err);
		if (rc == WF_ENOTFOUND)
			continue;
		if (rc)
			return rc;
		w0 = fmax(w0, a);
		w1 = fmin(w1, b);
		found++;
	}
	if (!found && !isfinite(start))
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				    "no search window: give --window START..END or a start");
	if (!found) {
		/* no series covers the job (a date in the future): the week from
		 * its start, on the candidates' profiles */
		w0 = start;
		w1 = start + 7 * 86400.0 + r->dur;
	}
	if (o->window_start == 0)
		r->w0 = w0;
	if (o->window_end == 0)
		r->w1 = w1;
	return 0;
}

/* The series of g that covers most of [t0, t1) on the wanted basis (the
 * first listed among equals); p->entry NULL when none meets it. */
static int most_overlap(const wf_grid *g, wf_basis want, double t0, double t1,
			wf_grid_pick *p, wf_error *err)
{
	const wf_grid *owner;
	size_t i, n;
	const wf_grid_series *l = wf_grid_series_list(g, &n, &owner);
	double best = 0;
	int rc;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < n; i++) {
		const wf_series *s;
		double cov;
		if (want != WF_BASIS_UNSET && l[i].basis != want)
			continue;
		if (l[i].to_s <= t0 || l[i].from_s >= t1)
			continue;
		if ((rc = wf_grid_series_get(&l[i], owner, &s, err)))
			return rc;
		cov = wf_series_covered_s(s, fmax(t0, l[i].from_s), fmin(t1, l[i].to_s));
		if (cov > best) {
			best = cov;
			p->entry = &l[i];
			p->owner = owner;
			p->ser = s;
		}
	}
	return 0;
}

/* One region's search, into row d. */
typedef struct region_job {
	double w0, w1, a, b;    /* search window; the span built (with the
				 * scenario's own window) */
	double dur, step, start;
	const wf_node *bn;
} region_job;

/* PUE(t) + the load term as steps. */
static int pue_plus(wf_series **out, const wf_series *f, double load, wf_error *err)
{
	double *v = malloc(f->n * sizeof(double));
	size_t i;
	int rc;

	if (!v)
		return wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
	for (i = 0; i < f->n; i++)
		v[i] = wf_series_ci(f, i) + load;
	rc = wf_series_from_steps(out, f->t, v, f->n, "PUE", err);
	free(v);
	return rc;
}

/* The objective over [a, b): the region's intensity source, times
 * (PUE(t) + load term) when PUE varies (*obj, owned by *own when built).
 * *label says what the source is; *basis and *year its basis and data
 * year. */
static int objective(const wf_series **obj, wf_series **own, const wf_plan *pl,
		     const double *x, const region_job *j, char *label, size_t ln,
		     const char **kind, wf_basis *basis, int *year, wf_error *err)
{
	wf_series *src = NULL, *w = NULL;
	wf_grid_pick p = {0};
	int rc = 0;

	*own = NULL;
	*basis = pl->ci_basis;
	*year = pl->data_year;
	if (pl->ci_kind == CI_SERIES || pl->ci_kind == CI_PROFILE) {
		wf_basis want = wf_grid_want(j->bn);
		if ((rc = wf_grid_series_covering(pl->region, want, j->w0, j->w1, &p, NULL, err)) ||
		    (!p.entry && (rc = most_overlap(pl->region, want, j->w0, j->w1, &p, err))))
			return rc;
	}
	if (p.entry) {
		*obj = p.ser;
		*basis = p.entry->basis;
		*year = wf_year_of(j->w0);
		*kind = "series";
		snprintf(label, ln, "series %s%s%s", p.ser->path, p.ser->region[0] ? ", region " : "",
			 p.ser->region);
	} else if (pl->ci_kind == CI_PROFILE) {
		rc = wf_profile_steps(&src, pl->prof, x[P_CI], pl->prof_m, pl->prof_y0,
				      WF_PROF_YEARS, j->a, j->b, "profile", err);
		*obj = src;
		*kind = "profile";
		snprintf(label, ln, "%s", pl->profile_label);
	} else {
		double t[2] = {j->a, j->b}, v = x[P_CI];
		rc = wf_series_from_steps(&src, t, &v, 1, "annual figure", err);
		*obj = src;
		*kind = pl->ci_kind == CI_EXPLICIT ? "explicit" : "annual";
		snprintf(label, ln, "%s (no hourly shape)", pl->ci_label ? pl->ci_label : "annual");
	}
	if (rc == 0 && pl->pue_fn &&
	    (rc = pue_plus(&w, pl->pue_fn, wf_plan_load_term(pl, x), err)) == 0) {
		wf_series *prod = NULL;
		rc = wf_steps_product(&prod, *obj, w, j->a, j->b, "objective", err);
		wf_series_free(src);
		src = prod;
		*obj = prod;
	}
	wf_series_free(w);
	if (rc) {
		wf_series_free(src);
		return rc;
	}
	*own = src;
	return 0;
}

/* The intensity behind a window's mean objective: the mean CI, or with
 * PUE(t) the facility-energy weighted ∫ CI (PUE + L) / ∫ (PUE + L). */
static double intensity(const wf_plan *pl, const double *x, double mean, double s,
			double dur)
{
	double ip = 0;

	if (!pl->pue_fn)
		return mean / WF_G_PER_KWH;
	wf_series_integral(pl->pue_fn, s, s + dur, &ip, NULL);
	ip += wf_plan_load_term(pl, x) * dur;
	return ip > 0 ? mean * dur / ip / WF_G_PER_KWH : NAN;
}

/* One region: its best start and the scenario's own start there. */
static int region_row(wf_shift_result *r, wf_shift_region *d, const wf_scenario *sc,
		      const wf_grid *g, const region_job *j, wf_error *err)
{
	const wf_series *obj;
	wf_series *own = NULL;
	wf_outputs out;
	wf_plan pl;
	wf_basis basis;
	double x[P_COUNT_], k, bs = NAN, bm = NAN, m;
	char label[1600];
	const char *kind = "";
	int rc, year, cov = 0;
	wf_error local;

	wf_error_clear(&local);
	memset(d, 0, sizeof(*d));
	d->best_start = d->best_intensity_g_per_kwh = d->best_emissions_kg = NAN;
	d->given_intensity_g_per_kwh = d->given_emissions_kg = NAN;
	d->region = keep(r, g->e.id);
	d->basis = d->source = d->label = d->error = "";
	if ((rc = wf_plan_resolve_start(&pl, sc, g, j->w0, &local)) == 0 &&
	    (rc = wf_plan_evaluate(&pl, (wf_plan_nominal(&pl, x), x), &out, NULL, &local)) == 0)
		rc = objective(&obj, &own, &pl, x, j, label, sizeof label, &kind, &basis, &year,
			       &local);
	if (rc == WF_ENOMEM) {
		wf_plan_release(&pl);
		if (err && err->code == 0)
			*err = local;
		return rc;
	}
	if (rc == 0) {
		/* emissions = k x ∫ objective: P_IT with PUE(t), else facility
		 * power (P_IT x PUE) */
		k = pl.pue_fn ? out.v[WF_OUT_ENERGY_IT_KWH] / out.v[WF_OUT_DURATION_H]
			      : out.v[WF_OUT_ENERGY_FACILITY_KWH] / out.v[WF_OUT_DURATION_H];
		d->basis = keep(r, basis ? wf_basis_name(basis) : "");
		d->year = year;
		d->source = kind;
		d->label = keep(r, label);
		rc = wf_shift_best(obj, j->w0, j->w1, j->dur, j->step, &bs, &bm, &local);
		if (rc == 0) {
			d->ok = 1;
			d->best_start = bs;
			d->best_emissions_kg = k * bm * j->dur;
			d->best_intensity_g_per_kwh = intensity(&pl, x, bm, bs, j->dur);
		}
		if (isfinite(j->start) && wf_series_mean(obj, j->start, j->start + j->dur, &m,
							 &cov) == 0 && cov) {
			d->given_ok = 1;
			d->given_emissions_kg = k * m * j->dur;
			d->given_intensity_g_per_kwh = intensity(&pl, x, m, j->start, j->dur);
		}
	}
	if (!d->ok) {
		char buf[1100];
		wf_error_format(&local, buf, sizeof buf);
		d->error = keep(r, local.code ? buf : "no window with full data");
	}
	wf_series_free(own);
	wf_plan_release(&pl);
	return d->region && d->basis && d->label && d->error ? 0
		: wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
}

static int cmp_region(const void *a, const void *b)
{
	const wf_shift_region *x = a, *y = b;

	if (x->ok != y->ok)
		return x->ok ? -1 : 1;
	if (x->ok && x->best_emissions_kg != y->best_emissions_kg)
		return x->best_emissions_kg < y->best_emissions_kg ? -1 : 1;
	return strcmp(x->region, y->region);
}

/* What a reader must know beside the ranking: bases and years that
 * differ between rows, and that average savings are not marginal ones. */
static void ranking_notes(wf_strbuf *b, const wf_shift_result *r)
{
	size_t i;
	int direct = 0, differ_b = 0, differ_y = 0;
	const wf_shift_region *first = NULL;

	for (i = 0; i < r->n; i++) {
		const wf_shift_region *x = &r->rows[i];
		if (!x->ok)
			continue;
		direct |= strcmp(x->basis, "direct") == 0;
		if (!first) {
			first = x;
			continue;
		}
		differ_b |= strcmp(x->basis, first->basis) != 0;
		differ_y |= x->year != first->year || strcmp(x->source, first->source) != 0;
	}
	if (differ_b)
		wf_strbuf_printf(b, "the rows are on different bases (direct CO2 and life-cycle "
				 "CO2e are computed differently and do not compare): read the "
				 "basis column before the ranking; grid.basis keeps one basis\n");
	if (differ_y)
		wf_strbuf_printf(b, "the rows' figures are of different data years (or "
				 "profiles): the year column says which\n");
	if (direct)
		wf_strbuf_printf(b, "series are on the direct (operational) basis; savings are of "
				 "average, not marginal, emissions and overstate what shifting "
				 "one job changes on the grid\n");
	for (i = 0; i < r->n; i++)
		if (!r->rows[i].ok)
			wf_strbuf_printf(b, "%s: %s\n", r->rows[i].region, r->rows[i].error);
}

static int shift_fill(wf_shift_result *r, const wf_scenario *sc, const wf_plan *pl,
		      const wf_shift_options *o, wf_strbuf *notes, wf_error *err)
{
	const wf_node *bn = wf_node_get(wf_node_get(sc->root, "grid"), "basis");
	const wf_grid **g = NULL;
	wf_regex *re = NULL;
	wf_outputs out;
	region_job j;
	wf_error e;
	double x[P_COUNT_];
	size_t i, n = 0;
	int rc, ok = 0;

	wf_plan_nominal(pl, x);
	wf_error_clear(&e);
	if ((rc = wf_plan_evaluate(pl, x, &out, NULL, &e)))
		return wf_plan_overflow(pl, x, rc, &e, err);
	r->dur = out.v[WF_OUT_DURATION_H];
	if (!isfinite(r->dur) || r->dur <= 0)
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				    "shift needs the job's wall-clock time: give "
				    "workload.wall_time, or devices with device_hours");
	r->e_fac_kwh = out.v[WF_OUT_ENERGY_FACILITY_KWH] / 3.6e6;
	r->given.given_ok = 1;
	r->given.given_intensity_g_per_kwh = out.v[WF_OUT_INTENSITY_G_PER_KWH] / WF_G_PER_KWH;
	r->given.given_emissions_kg = out.v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	if (o->regions && (rc = wf_regex_new(&re, o->regions, err)))
		return rc;
	rc = candidates(&g, &n, pl->scratch_->parent, re, pl->region, err);
	wf_regex_free(re);
	if (rc || (rc = window(r, g, n, bn, pl->start_s, o, err)))
		goto done;
	if (r->w1 - r->w0 < r->dur) {
		char a[48], b[48];
		rc = wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				  "the search window %s to %s (%.6g h) is shorter than the "
				  "job (%.6g h)", wf_series_format_time(a, sizeof a, r->w0),
				  wf_series_format_time(b, sizeof b, r->w1),
				  (r->w1 - r->w0) / 3600, r->dur / 3600);
		goto done;
	}
	r->step = o->step_s > 0 ? o->step_s : 1800;
	if (o->step_s <= 0) {
		/* the step of the first candidate's series over the window */
		wf_grid_pick p;
		double a, b;
		if (covering_span(g[0], bn, r->w0, r->w0 + r->dur, &a, &b, err) == 0 &&
		    wf_grid_series_covering(g[0], wf_grid_want(bn), r->w0, r->w0 + r->dur, &p,
					    NULL, err) == 0 && p.ser)
			r->step = p.ser->step_s;
		else if (wf_grid_full_year(g[0], wf_grid_want(bn), WF_BASIS_UNSET, 9999, &p,
					   &rc, err) == 0 && p.ser)
			r->step = p.ser->step_s;
		rc = 0;
	}
	j.w0 = r->w0;
	j.w1 = r->w1;
	j.dur = r->dur;
	j.step = r->step;
	j.start = pl->start_s;
	j.bn = bn;
	j.a = isfinite(j.start) ? fmin(j.w0, j.start) : j.w0;
	j.b = isfinite(j.start) ? fmax(j.w1, j.start + j.dur) : j.w1;
	if (!(r->rows = calloc(n, sizeof(*r->rows)))) {
		rc = wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
		goto done;
	}
	for (i = 0; i < n && rc == 0; i++) {
		rc = region_row(r, &r->rows[i], sc, g[i], &j, err);
		r->n = i + 1;
		ok += r->rows[i].ok;
	}
	if (rc)
		goto done;
	qsort(r->rows, r->n, sizeof(*r->rows), cmp_region);
	ranking_notes(notes, r);
	if (!ok)
		rc = wf_error_set(err, WF_ENOTFOUND, MOD, NULL, 0, 0,
				  "no region has a %g h window with full data in the search "
				  "window%s%s", r->dur / 3600, n == 1 ? ": " : "",
				  n == 1 ? r->rows[0].error : "");
done:
	free(g);
	return rc;
}

WF_API int wf_scenario_shift(wf_shift_result **out, const wf_scenario *sc,
			     const wf_shift_options *opt, wf_error *err)
{
	static const wf_shift_options defaults = WF_SHIFT_OPTIONS_INIT;
	const wf_shift_options *o = opt ? opt : &defaults;
	wf_shift_result *r;
	wf_strbuf notes = {0};
	wf_plan pl;
	int rc;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0, "invalid arguments");
	*out = NULL;
	if (o->version != WF_SHIFT_OPTIONS_VERSION)
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				    "wf_shift_options.version is %u, this library knows %d",
				    o->version, WF_SHIFT_OPTIONS_VERSION);
	if (!isfinite(o->window_start) || !isfinite(o->window_end) || !isfinite(o->step_s) ||
	    o->step_s < 0 || (o->window_start && o->window_end && o->window_end <= o->window_start))
		return wf_error_set(err, WF_EINPUT, MOD, NULL, 0, 0,
				    "the window must run forward in time and the step be >= 0");
	if (!(r = calloc(1, sizeof(*r))))
		return wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
	r->given.best_start = NAN;
	r->given.given_emissions_kg = NAN;
	r->given.basis = r->given.source = r->given.label = r->given.error = "";
	memset(&pl, 0, sizeof pl); /* released whatever happens */
	if ((rc = wf_plan_resolve(&pl, sc, err)) == 0 &&
	    pl.log) {
		rc = wf_error_set(err, WF_EINPUT, MOD, pl.wl.power_log->file, pl.wl.power_log->line,
				  pl.wl.power_log->col,
				  "power_log: a measured log happened at its own times; shift "
				  "searches starts for an estimate (give wall_time and the power "
				  "instead)");
	} else if (rc == 0) {
		wf_strbuf_printf(&notes, "%s", wf_strbuf_str(&pl.notes));
		rc = shift_fill(r, sc, &pl, o, &notes, err);
	}
	if (rc == 0) {
		r->given.region = keep(r, pl.region ? pl.region->e.id : "(explicit intensity)");
		r->given.best_start = pl.start_s; /* the given start */
		r->given.basis = keep(r, pl.ci_basis ? wf_basis_name(pl.ci_basis) : "");
		r->given.year = pl.data_year;
		r->given.source = pl.ci_kind == CI_PROFILE ? "profile" :
				  pl.ci_kind == CI_SERIES ? "series" :
				  pl.ci_kind == CI_EXPLICIT ? "explicit" : "annual";
		r->given.label = keep(r, pl.ci_kind == CI_PROFILE ? pl.profile_label
					 : pl.ci_label ? pl.ci_label : "");
		if (!r->given.region || !r->given.basis || !r->given.label ||
		    !(r->notes = strdup(wf_strbuf_str(&notes))))
			rc = wf_error_set(err, WF_ENOMEM, MOD, NULL, 0, 0, "out of memory");
	}
	wf_strbuf_free(&notes);
	wf_plan_release(&pl);
	if (rc) {
		wf_shift_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

WF_API size_t wf_shift_count(const wf_shift_result *r)
{
	return r ? r->n : 0;
}

WF_API int wf_shift_get(const wf_shift_result *r, size_t k, wf_shift_region *out)
{
	if (!r || k >= r->n)
		return WF_ENOTFOUND;
	*out = r->rows[k];
	return 0;
}

WF_API int wf_shift_given(const wf_shift_result *r, wf_shift_region *out)
{
	if (!r)
		return WF_ENOTFOUND;
	*out = r->given;
	return 0;
}

WF_API void wf_shift_setup(const wf_shift_result *r, double *window_start,
			   double *window_end, double *step_s, double *duration_s,
			   double *energy_facility_kwh)
{
	if (window_start)
		*window_start = r->w0;
	if (window_end)
		*window_end = r->w1;
	if (step_s)
		*step_s = r->step;
	if (duration_s)
		*duration_s = r->dur;
	if (energy_facility_kwh)
		*energy_facility_kwh = r->e_fac_kwh;
}

WF_API const char *wf_shift_notes(const wf_shift_result *r)
{
	return r && r->notes ? r->notes : "";
}

WF_API void wf_shift_free(wf_shift_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nstr; i++)
		free(r->strs[i]);
	free(r->strs);
	free(r->rows);
	free(r->notes);
	free(r);
}

/*
 * sweep.c - batch scenario sweeps: load a `sweep:` (base scenario, axes,
 * mode, samples, outputs), check every value before any point runs, and
 * evaluate any point by its index.
 *
 * Cost.  Resolving a scenario (tree -> plan) takes tens of microseconds;
 * evaluating a plan well under one.  So each worker keeps a few resolved
 * plans, keyed by the values of the structural axes (everything that may
 * change how a scenario resolves: ids, start, workload figures), and
 * changes only the plan input of a fast axis between points.  A fast axis
 * names one of a short list of inputs that resolving only copies (PUE,
 * intensities, water, a measured power); each plan built checks that the
 * input really came from the axis's value, and falls back to resolving the
 * point in full if not.  Points are numbered with the first axis
 * outermost, so sweeps that put the structural axes first resolve once
 * per structural combination.
 *
 * Nothing here prints, exits or keeps global state; the CLI (cmd_sweep.c)
 * does files, threads, ordering and resume.
 */
#include "sweep.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "engine.h"
#include "error.h"
#include "file.h"
#include "overflow.h"
#include "quantity.h"
#include "scenario.h"
#include "uncertainty.h"

enum { CACHE = 8, N_QUANT = 5 };

static const char *const qnames[N_QUANT] = {"mean", "sd", "p05", "p50", "p95"};

/* Inputs a scenario path sets that resolving copies without looking at the
 * value (beyond its range): safe to change in a resolved plan. */
static const struct {
	const char *path;
	int pin;
	wf_dim dim;
} fast_paths[] = {
	{"site.pue", P_PUE, WF_DIM_NONE},
	{"site.wue", P_WUE, WF_DIM_WATER_INTENSITY},
	{"site.water_intensity", P_EWIF, WF_DIM_WATER_INTENSITY},
	{"grid.intensity", P_CI, WF_DIM_INTENSITY},
	{"grid.market_intensity", P_CI_MARKET, WF_DIM_INTENSITY},
	{"grid.cfe", P_CFE, WF_DIM_NONE},
	{"grid.contract_intensity", P_CI_CONTRACT, WF_DIM_INTENSITY},
	{"grid.residual_intensity", P_CI_RESIDUAL, WF_DIM_INTENSITY},
	{"workload.power_per_device", P_POWER_DEV, WF_DIM_POWER},
};

/* Paths whose values `re:REGEX` selects from the catalog. */
static const struct {
	const char *path;
	wf_kind kind;
} id_paths[] = {
	{"site.region", WF_KIND_GRID},
	{"facility", WF_KIND_FACILITY},
	{"workload", WF_KIND_WORKLOAD},
	{"workload.accelerator", WF_KIND_ACCELERATOR},
	{"workload.node", WF_KIND_NODE},
};

typedef struct axis {
	const char *path;          /* "site.pue" */
	const wf_node *key;        /* where the axis is written */
	size_t n;                  /* values */
	const char **text;         /* value as written */
	const char **assign;       /* "path=text", for wf_scenario_set */
	const wf_node **where;     /* node each value came from */
	double *si;                /* fast axes: the value in SI */
	int pin;                   /* fast axes: the plan input, else -1 */
	size_t stride;             /* product: points per step of this axis */
} axis;

struct wf_sweep {
	wf_catalog *overlay;       /* the sweep file's own entries over base */
	wf_scenario *basefile;     /* base: FILE, loaded over overlay */
	const wf_catalog *sc_cat;  /* the catalog scenarios resolve against */
	const wf_node *base_node;  /* the scenario mapping each point copies */
	const char *base_file;
	const char *base_id;
	wf_arena arena;
	axis *axes;
	size_t n_axes;
	int zip;
	size_t n_points;
	int outs[WF_OUT_COUNT_];   /* outputs shown, in order */
	size_t n_outs;
	long samples;              /* 0 = deterministic */
	unsigned long seed;
	const char **columns;      /* axes, outputs, quantiles */
	size_t n_values;
};

typedef struct centry {
	int used;
	size_t skey;               /* index over the structural axes */
	unsigned long stamp;       /* last use, for eviction */
	int fast_ok;               /* fast inputs may be changed in pl */
	size_t *fidx;              /* value index of each axis it was built with */
	wf_scenario *sc;
	wf_plan pl;
} centry;

struct wf_sweep_worker {
	const wf_sweep *sw;
	centry c[CACHE];
	unsigned long clock;
	size_t *idx;               /* scratch: value index per axis */
	double *mc_out;            /* samples x WF_OUT_COUNT_ */
};

/* SI -> the unit the output's name carries (as wf_result_get gives). */
static double out_scale(int i)
{
	switch (i) {
	case WF_OUT_DURATION_H:
	case WF_OUT_DEVICE_HOURS: return 1 / 3600.0;
	case WF_OUT_IT_POWER_KW:
	case WF_OUT_PEAK_POWER_KW: return 1e-3;
	case WF_OUT_ENERGY_IT_KWH:
	case WF_OUT_ENERGY_FACILITY_KWH: return 1 / 3.6e6;
	case WF_OUT_INTENSITY_G_PER_KWH: return 3.6e9;
	case WF_OUT_SCI_G_PER_UNIT: return 1e3;
	default: return 1;
	}
}

size_t wf_sweep_number(char *buf, double v)
{
	int p;

	if (!isfinite(v)) {
		buf[0] = '\0';
		return 0;
	}
	for (p = 15; p < 17; p++) {
		snprintf(buf, 32, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			return strlen(buf);
	}
	return (size_t)snprintf(buf, 32, "%.17g", v);
}

static int at(wf_error *err, int code, const wf_node *n, const char *fmt, ...)
	WF_PRINTF(4, 5);

static int at(wf_error *err, int code, const wf_node *n, const char *fmt, ...)
{
	char msg[sizeof(err->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return wf_error_set(err, code, "sweep", n ? n->file : NULL, n ? n->line : 0,
			    n ? n->col : 0, "%s", msg);
}

static int nomem(wf_error *err)
{
	return wf_error_set(err, WF_ENOMEM, "sweep", NULL, 0, 0, "out of memory");
}

/* ------------------------------------------------------------- scenarios */

/* A fresh, editable scenario over the sweep's base. */
static int base_scenario(wf_scenario **out, const wf_sweep *sw, wf_error *err)
{
	wf_scenario *sc = calloc(1, sizeof(*sc));

	*out = NULL;
	if (!sc)
		return nomem(err);
	wf_arena_init(&sc->arena);
	sc->overlay = (wf_catalog *)sw->sc_cat; /* read only, never freed here */
	sc->file = sw->base_file;
	sc->id = sw->base_id;
	if (!(sc->root = wf_node_copy(&sc->arena, sw->base_node))) {
		wf_scenario_free(sc);
		return nomem(err);
	}
	*out = sc;
	return 0;
}

/* Say which point failed, and where its offending value was written: an
 * error raised on an axis's own assignment ("--set PATH=VALUE") moves to
 * that value in the sweep file. */
static int point_error(const wf_sweep *sw, const size_t *idx, size_t k,
		       const wf_error *e, int rc, wf_error *err)
{
	char vals[512] = "";
	size_t a, len;

	for (a = 0; a < sw->n_axes; a++) {
		len = strlen(vals);
		snprintf(vals + len, sizeof vals - len, "%s%s=%s", a ? ", " : "",
			 sw->axes[a].path, sw->axes[a].text[idx[a]]);
	}
	for (a = 0; a < sw->n_axes; a++) {
		const axis *ax = &sw->axes[a];
		if (strncmp(e->file, "--set ", 6) == 0) {
			len = strlen(ax->path);
			if (strncmp(e->file + 6, ax->path, len) == 0 &&
			    (e->file[6 + len] == '=' || e->file[6 + len] == '\0')) {
				const wf_node *w = ax->where[idx[a]];
				return wf_error_set(err, rc, "sweep", w->file, w->line, w->col,
						    "%s: %s: %s (point %zu: %s)", ax->path,
						    ax->text[idx[a]], e->message, k, vals);
			}
		}
	}
	return wf_error_set(err, rc, "sweep", e->file[0] ? e->file : NULL, e->line, e->col,
			    "point %zu (%s): %s", k, vals, e->message);
}

/* The scenario of a point: the base with every axis's value set. */
static int point_scenario(wf_scenario **out, const wf_sweep *sw, const size_t *idx,
			  wf_error *e)
{
	size_t a;
	int rc;

	if ((rc = base_scenario(out, sw, e)))
		return rc;
	for (a = 0; a < sw->n_axes; a++)
		if ((rc = wf_scenario_set(*out, sw->axes[a].assign[idx[a]], e))) {
			wf_scenario_free(*out);
			*out = NULL;
			return rc;
		}
	return 0;
}

/* Resolve a point from scratch into *sc and *pl (both released on error). */
static int resolve_point(wf_scenario **sc, wf_plan *pl, const wf_sweep *sw,
			 const size_t *idx, size_t k, wf_error *err)
{
	wf_error e;
	int rc;

	wf_error_clear(&e);
	memset(pl, 0, sizeof(*pl));
	if ((rc = point_scenario(sc, sw, idx, &e)))
		return point_error(sw, idx, k, &e, rc, err);
	if ((rc = wf_scenario_precheck(*sc, &e)) || (rc = wf_plan_resolve(pl, *sc, &e))) {
		wf_plan_release(pl);
		wf_scenario_free(*sc);
		*sc = NULL;
		return point_error(sw, idx, k, &e, rc, err);
	}
	return 0;
}

/* --------------------------------------------------------------- loading */

/* The value index of point k on every axis. */
static void decode(const wf_sweep *sw, size_t k, size_t *idx)
{
	size_t a;

	for (a = 0; a < sw->n_axes; a++)
		idx[a] = sw->zip ? k : (k / sw->axes[a].stride) % sw->axes[a].n;
}

static int alloc_values(wf_sweep *sw, axis *ax, size_t n, wf_error *err)
{
	ax->n = n;
	ax->text = wf_arena_alloc(&sw->arena, n * sizeof(*ax->text));
	ax->assign = wf_arena_alloc(&sw->arena, n * sizeof(*ax->assign));
	ax->where = wf_arena_alloc(&sw->arena, n * sizeof(*ax->where));
	ax->si = wf_arena_alloc(&sw->arena, n * sizeof(*ax->si));
	return ax->text && ax->assign && ax->where && ax->si ? 0 : nomem(err);
}

/* A list's values (axis_size checked its length). */
static int list_axis(wf_sweep *sw, axis *ax, const wf_node *v, wf_error *err)
{
	size_t i;
	int rc;

	if ((rc = alloc_values(sw, ax, v->n, err)))
		return rc;
	for (i = 0; i < v->n; i++) {
		const wf_node *it = v->items[i];
		if (it->type != WF_NODE_SCALAR || !it->text[0])
			return at(err, WF_EINPUT, it, "%s: expected a value (a number, "
				  "quantity or id), got %s", ax->path,
				  it->type == WF_NODE_SCALAR ? "an empty value"
							     : wf_node_type_name(it->type));
		ax->text[i] = it->text;
		ax->where[i] = it;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `re:REGEX`: the ids of one kind (through the catalog chain) that match,
 * sorted. */
static int regex_axis(wf_sweep *sw, axis *ax, const wf_node *v, wf_error *err)
{
	const char *pat = v->text + 3;
	const wf_catalog *c;
	wf_regex *re = NULL;
	wf_error e;
	size_t i, j, n = 0, cap = 0;
	wf_kind kind = WF_KIND_COUNT_;
	const char **ids = NULL;
	int rc = 0;

	for (i = 0; i < sizeof id_paths / sizeof *id_paths; i++)
		if (strcmp(ax->path, id_paths[i].path) == 0)
			kind = id_paths[i].kind;
	if (kind == WF_KIND_COUNT_)
		return at(err, WF_EINPUT, v, "%s: re:REGEX selects catalog ids; it needs a "
			  "path naming one (site.region, facility, workload, "
			  "workload.accelerator, workload.node)", ax->path);
	wf_error_clear(&e);
	if (wf_regex_new(&re, pat, &e))
		return at(err, WF_EINPUT, v, "%s: %s", ax->path, e.message);
	for (c = sw->sc_cat; c; c = c->parent)
		for (j = 0; j < c->kinds[kind].n; j++) {
			const wf_entry *en = c->kinds[kind].items[j];
			int m = wf_regex_search(re, en->id, &e);
			if (m < 0) {
				rc = at(err, m, v, "%s: %s", ax->path, e.message);
				goto done;
			}
			if (!m)
				continue;
			if (n == cap) {
				const char **g = realloc(ids, (cap = cap ? 2 * cap : 32) * sizeof(*g));
				if (!g) {
					rc = nomem(err);
					goto done;
				}
				ids = g;
			}
			ids[n++] = en->id;
		}
	if (n == 0) {
		rc = at(err, WF_EINPUT, v, "%s: no id among the %s matches \"%s\" (`wattif "
			"list %s REGEX` shows what does)", ax->path, wf_kind_name(kind), pat,
			wf_kind_name(kind));
		goto done;
	}
	qsort(ids, n, sizeof(*ids), cmp_str);
	if ((rc = alloc_values(sw, ax, n, err)))
		goto done;
	for (i = 0; i < n; i++) {
		ax->text[i] = ids[i];
		ax->where[i] = v;
	}
done:
	free(ids);
	wf_regex_free(re);
	return rc;
}

/* Parse one (trimmed) argument of range(). */
static int range_arg(wf_qparser *qp, wf_value *out, const char *s, const wf_node *v,
		     const char *what, const char *path, wf_error *err)
{
	wf_parse_error pe;

	memset(&pe, 0, sizeof pe);
	if (wf_qparser_parse(qp, out, s, WF_DIM_COUNT_, &pe))
		return at(err, WF_EINPUT, v, "%s: range %s \"%s\": %s", path, what, s,
			  pe.message);
	if (out->kind != WF_DIST_FIXED)
		return at(err, WF_EINPUT, v, "%s: range %s: expected a number or quantity, "
			  "not a distribution", path, what);
	return 0;
}

/* A range as read: its start and step (SI; dates in whole milliseconds),
 * how many values it has, and the unit its start was written in. */
typedef struct range_spec {
	double a, step, factor;
	size_t n;
	int date;
	char unit[64];
} range_spec;

/* A date in whole milliseconds as ISO 8601: to the minute or second as
 * wattif writes dates, with .mmm when there is a fraction (the date
 * parser reads it back exactly). */
static void date_text(char *buf, size_t size, long long ms)
{
	long long s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int frac = (int)(ms - s * 1000);
	size_t len;

	wf_quantity_format(buf, size, (double)s, WF_DIM_DATE, 0);
	if (!frac)
		return;
	len = strlen(buf);
	if (len < 2 || buf[len - 1] != 'Z')
		return;
	if (len == 17) /* ...THH:MMZ: the seconds are 00 */
		snprintf(buf + len - 1, size - (len - 1), ":00.%03dZ", frac);
	else
		snprintf(buf + len - 1, size - (len - 1), ".%03dZ", frac);
}

/* `range(a, b, step)`: check its arguments and count its values (a, a +
 * step, ... up to b inclusive; b counts when it is on the grid within
 * 1e-9 of a step), without making them. */
static int range_parse(axis *ax, const wf_node *v, wf_qparser *qp, unsigned long long max,
		       range_spec *rs, wf_error *err)
{
	char buf[512], *args[3], *p;
	wf_value a, b, st, one;
	wf_parse_error pe;
	double q, num;
	size_t len = strlen(v->text);
	int rc, k;

	memset(rs, 0, sizeof(*rs));
	rs->factor = 1;
	if (len >= sizeof buf || v->text[len - 1] != ')')
		return at(err, WF_EINPUT, v, "%s: expected range(a, b, step), got \"%s\"",
			  ax->path, v->text);
	memcpy(buf, v->text + 6, len - 7);
	buf[len - 7] = '\0';
	args[0] = buf;
	for (k = 1, p = buf; k < 3; k++) {
		if (!(p = strchr(p, ',')))
			break;
		*p++ = '\0';
		args[k] = p;
	}
	if (k < 3 || strchr(args[2], ','))
		return at(err, WF_EINPUT, v, "%s: expected range(a, b, step) with three "
			  "arguments, got \"%s\"", ax->path, v->text);
	for (k = 0; k < 3; k++) { /* trim */
		char *e = args[k] + strlen(args[k]);
		while (*args[k] == ' ' || *args[k] == '\t')
			args[k]++;
		while (e > args[k] && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
	}
	if ((rc = range_arg(qp, &a, args[0], v, "start", ax->path, err)) ||
	    (rc = range_arg(qp, &b, args[1], v, "end", ax->path, err)) ||
	    (rc = range_arg(qp, &st, args[2], v, "step", ax->path, err)))
		return rc;
	if (a.dim != b.dim)
		return at(err, WF_EDIM, v, "%s: range start is %s but its end is %s",
			  ax->path, wf_dim_name(a.dim), wf_dim_name(b.dim));
	if (st.dim != (a.dim == WF_DIM_DATE ? WF_DIM_TIME : a.dim))
		return at(err, WF_EDIM, v, "%s: range step is %s; expected %s", ax->path,
			  wf_dim_name(st.dim),
			  wf_dim_name(a.dim == WF_DIM_DATE ? WF_DIM_TIME : a.dim));
	if (!(st.p[0] != 0))
		return at(err, WF_EINPUT, v, "%s: range step is zero", ax->path);
	rs->date = a.dim == WF_DIM_DATE;
	if (rs->date) {
		/* Dates step in whole milliseconds, counted exactly: a finer
		 * step would give values a date cannot tell apart. */
		double a_ms = a.p[0] * 1e3, st_ms = st.p[0] * 1e3;
		if (fabs(st_ms) < 1 - 1e-9 || fabs(st_ms - nearbyint(st_ms)) > 1e-6 * fabs(st_ms))
			return at(err, WF_EINPUT, v, "%s: range step %s: dates step by whole "
				  "milliseconds (at least 1 ms)", ax->path, args[2]);
		/* dates are years 0000-9999: a step beyond 10^15 ms (31,700
		 * years) spans none, and would not fit the integer count */
		if (fabs(st_ms) > 1e15)
			return at(err, WF_EINPUT, v, "%s: range step %s: longer than any "
				  "span of dates", ax->path, args[2]);
		if (fabs(a_ms - nearbyint(a_ms)) > 1e-3)
			return at(err, WF_EINPUT, v, "%s: range start %s: dates are counted "
				  "in whole milliseconds", ax->path, args[0]);
		a.p[0] = nearbyint(a_ms);
		st.p[0] = nearbyint(st_ms);
		b.p[0] *= 1e3;
	}
	q = (b.p[0] - a.p[0]) / st.p[0];
	if (q < -1e-9)
		return at(err, WF_EINPUT, v, "%s: empty range: a step of %s never goes "
			  "from %s to %s", ax->path, args[2], args[0], args[1]);
	if (q + 1 > (double)max)
		return at(err, WF_EINPUT, v, "%s: the range has %.0f values, more than the "
			  "%llu points allowed (--max-points)", ax->path, floor(q + 1e-9) + 1,
			  max);
	rs->n = (size_t)floor(q + 1e-9) + 1;
	rs->a = a.p[0];
	rs->step = st.p[0];
	if (!rs->date) {
		/* the unit a was written in, and its size in SI */
		num = strtod(args[0], &p);
		while (*p == ' ')
			p++;
		snprintf(rs->unit, sizeof rs->unit, "%s", p);
		if (rs->unit[0]) {
			snprintf(buf, sizeof buf, "1 %s", rs->unit);
			if (wf_qparser_parse(qp, &one, buf, a.dim, &pe)) {
				snprintf(buf, sizeof buf, "1%s", rs->unit);
				if (wf_qparser_parse(qp, &one, buf, a.dim, &pe))
					return at(err, WF_EINPUT, v, "%s: cannot read the unit "
						  "\"%s\" of the range start", ax->path, rs->unit);
			}
			rs->factor = one.p[0];
		} else if (num != 0) {
			rs->factor = a.p[0] / num;
		}
	}
	return 0;
}

/* The values of a range, written in the unit of its start with 15
 * significant digits, so a value is exactly what `--set PATH=VALUE` with
 * its text would give. */
static int range_fill(wf_sweep *sw, axis *ax, const wf_node *v, const range_spec *rs,
		      wf_error *err)
{
	char buf[128];
	size_t i;
	int rc;

	if ((rc = alloc_values(sw, ax, rs->n, err)))
		return rc;
	for (i = 0; i < rs->n; i++) {
		double si = rs->a + (double)i * rs->step;
		if (rs->date) {
			/* integers below 2^53: exact */
			date_text(buf, sizeof buf, (long long)rs->a + (long long)i *
								  (long long)rs->step);
		} else {
			int m = snprintf(buf, sizeof buf, "%.15g", si / rs->factor);
			if (strcmp(buf, "-0") == 0)
				m = snprintf(buf, sizeof buf, "0");
			if (rs->unit[0])
				snprintf(buf + m, sizeof buf - (size_t)m, "%s%s",
					 rs->unit[0] == '%' ? "" : " ", rs->unit);
		}
		if (!(ax->text[i] = wf_arena_strdup(&sw->arena, buf)))
			return nomem(err);
		ax->where[i] = v;
	}
	return 0;
}

/* Decide whether an axis is fast: its path is one of fast_paths and every
 * value is a plain number of the input's dimension within its range. */
static int classify(axis *ax, wf_qparser *qp, wf_error *err)
{
	size_t i, j;
	double lo, hi;

	ax->pin = -1;
	for (j = 0; j < sizeof fast_paths / sizeof *fast_paths; j++)
		if (strcmp(ax->path, fast_paths[j].path) == 0)
			break;
	if (j == sizeof fast_paths / sizeof *fast_paths)
		return 0;
	wf_plan_input_range(fast_paths[j].pin, &lo, &hi);
	for (i = 0; i < ax->n; i++) {
		wf_value v;
		wf_parse_error pe;
		if (wf_qparser_parse(qp, &v, ax->text[i], fast_paths[j].dim, &pe) ||
		    v.kind != WF_DIST_FIXED)
			return 0; /* resolving says what is wrong, or handles it */
		if (!(v.p[0] >= lo && v.p[0] <= hi) && isinf(hi))
			return at(err, WF_EINPUT, ax->where[i], "%s: %s: must be at least %g",
				  ax->path, ax->text[i], lo);
		if (!(v.p[0] >= lo && v.p[0] <= hi))
			return at(err, WF_EINPUT, ax->where[i], "%s: %s: must be between %g "
				  "and %g", ax->path, ax->text[i], lo, hi);
		ax->si[i] = v.p[0];
	}
	ax->pin = fast_paths[j].pin;
	return 0;
}

/* Scenario keys a point cannot vary: read once for the whole sweep, or
 * labels that no row carries.  An axis over one would write rows that
 * claim differences they do not have. */
static const struct {
	const char *key;
	const char *why;
} fixed_keys[] = {
	{"id", "the scenario's id labels no row (the varied values do)"},
	{"name", "a label; no row carries it"},
	{"note", "a label; no row carries it"},
	{"seed", "every point samples with the base's seed (common random numbers, so "
		 "differences between points are not sampling noise); run one sweep "
		 "per seed instead"},
	{"samples", "the sweep's own samples: sets every point's Monte Carlo samples"},
	{"years", "a sweep evaluates single runs, not projections over years"},
};

/* Is the axis's path one a sweep can vary?  0, or an error at its key. */
static int check_path(const axis *ax, const wf_node *k, wf_error *err)
{
	size_t i, root = strcspn(ax->path, ".");

	if (!wf_path_ok(ax->path, strlen(ax->path)))
		return at(err, WF_EINPUT, k, "vary: expected a scenario path such as "
			  "site.pue, got \"%s\"", ax->path);
	for (i = 0; i < sizeof fixed_keys / sizeof *fixed_keys; i++)
		if (strlen(fixed_keys[i].key) == root &&
		    strncmp(ax->path, fixed_keys[i].key, root) == 0)
			return at(err, WF_EINPUT, k, "vary: %s cannot be varied: %s", ax->path,
				  fixed_keys[i].why);
	return 0;
}

/* First pass over an axis: check its form and count its values (regex
 * axes are resolved: a catalog's ids are few), allocating nothing that
 * grows with the values. */
static int axis_size(wf_sweep *sw, axis *ax, const wf_node *v, wf_qparser *qp,
		     unsigned long long max, range_spec *rs, wf_error *err)
{
	if (v->type == WF_NODE_SEQ) {
		if (v->n == 0)
			return at(err, WF_EINPUT, v, "%s: empty list: expected at least one "
				  "value", ax->path);
		if (v->n > max)
			return at(err, WF_EINPUT, v, "%s: %zu values, more than the %llu "
				  "points allowed (--max-points)", ax->path, v->n, max);
		ax->n = v->n;
		return 0;
	}
	if (v->type == WF_NODE_SCALAR && strncmp(v->text, "re:", 3) == 0)
		return regex_axis(sw, ax, v, err);
	if (v->type == WF_NODE_SCALAR && strncmp(v->text, "range(", 6) == 0) {
		int rc = range_parse(ax, v, qp, max, rs, err);
		ax->n = rs->n;
		return rc;
	}
	return at(err, WF_EINPUT, v, "%s: expected a list [a, b, ...], "
		  "range(a, b, step) or \"re:REGEX\", got %s%s%s%s", ax->path,
		  v->type == WF_NODE_SCALAR ? "\"" : "",
		  v->type == WF_NODE_SCALAR ? v->text : wf_node_type_name(v->type),
		  v->type == WF_NODE_SCALAR ? "\"" : "",
		  v->type == WF_NODE_SCALAR ? " (one value needs no sweep)" : "");
}

/* Number the points: strides (product) or equal lengths (zip), and the
 * total against max. */
static int count_points(wf_sweep *sw, const wf_node *vary, unsigned long long max,
			wf_error *err)
{
	size_t a;
	unsigned long long n = 1;

	if (sw->zip) {
		for (a = 1; a < sw->n_axes; a++)
			if (sw->axes[a].n != sw->axes[0].n)
				return at(err, WF_EINPUT, sw->axes[a].key,
					  "%s: %zu values, but %s has %zu; zip needs axes of "
					  "equal length", sw->axes[a].path, sw->axes[a].n,
					  sw->axes[0].path, sw->axes[0].n);
		sw->n_points = sw->axes[0].n;
		return 0;
	}
	for (a = sw->n_axes; a-- > 0;) {
		sw->axes[a].stride = (size_t)n;
		if (n > max / sw->axes[a].n) {
			n = max + 1;
			break;
		}
		n *= sw->axes[a].n;
	}
	if (n > max) {
		unsigned long long total = 1;
		int over = 0;
		for (a = 0; a < sw->n_axes; a++) {
			if (total > ~0ULL / sw->axes[a].n)
				over = 1;
			else
				total *= sw->axes[a].n;
		}
		if (over)
			return at(err, WF_EINPUT, vary, "vary: the product of the axes has more "
				  "than %llu points (the most allowed is %llu; see --max-points)",
				  ~0ULL, max);
		return at(err, WF_EINPUT, vary, "vary: the product of the axes has %llu "
			  "points, more than the %llu allowed (--max-points)", total, max);
	}
	sw->n_points = (size_t)n;
	return 0;
}

/* The axes: first every axis checked and counted, and the points counted
 * against max, so an oversized sweep fails before any value is made; then
 * the values. */
static int load_axes(wf_sweep *sw, const wf_node *vary, unsigned long long max,
		     wf_error *err)
{
	wf_qparser *qp = NULL;
	range_spec *rs = NULL;
	size_t a, b;
	int rc = 0;

	if (vary->type != WF_NODE_MAP || vary->n == 0)
		return at(err, WF_EINPUT, vary, "vary: expected a mapping of PATH: values "
			  "(a list, range(a, b, step) or \"re:REGEX\"), got %s",
			  vary->type == WF_NODE_MAP ? "an empty mapping"
						    : wf_node_type_name(vary->type));
	sw->n_axes = vary->n;
	if (!(sw->axes = wf_arena_alloc(&sw->arena, vary->n * sizeof(*sw->axes))) ||
	    !(rs = calloc(vary->n, sizeof(*rs))) || wf_qparser_new(&qp)) {
		free(rs);
		return nomem(err);
	}
	for (a = 0; a < vary->n && rc == 0; a++) {
		axis *ax = &sw->axes[a];
		const wf_node *k = wf_node_key(vary, a);
		memset(ax, 0, sizeof(*ax));
		ax->path = k->text;
		ax->key = k;
		for (b = 0; b < a; b++)
			if (strcmp(sw->axes[b].path, ax->path) == 0)
				rc = at(err, WF_EINPUT, k, "vary: %s is varied twice", ax->path);
		if (rc == 0)
			rc = check_path(ax, k, err);
		if (rc == 0)
			rc = axis_size(sw, ax, wf_node_value(vary, a), qp, max, &rs[a], err);
	}
	if (rc == 0)
		rc = count_points(sw, vary, max, err);
	for (a = 0; a < vary->n && rc == 0; a++) {
		axis *ax = &sw->axes[a];
		const wf_node *v = wf_node_value(vary, a);
		if (v->type == WF_NODE_SEQ)
			rc = list_axis(sw, ax, v, err);
		else if (strncmp(v->text, "range(", 6) == 0)
			rc = range_fill(sw, ax, v, &rs[a], err);
		if (rc == 0)
			rc = classify(ax, qp, err);
		for (b = 0; rc == 0 && b < ax->n; b++) {
			size_t l = strlen(ax->path) + strlen(ax->text[b]) + 2;
			char *s = wf_arena_alloc(&sw->arena, l);
			if (!s) {
				rc = nomem(err);
				break;
			}
			snprintf(s, l, "%s=%s", ax->path, ax->text[b]);
			ax->assign[b] = s;
		}
	}
	free(rs);
	wf_qparser_free(qp);
	return rc;
}

static int load_outputs(wf_sweep *sw, const wf_node *on, wf_error *err)
{
	const char *names[WF_OUT_COUNT_];
	size_t i, j, c;
	int k;

	for (k = 0; k < WF_OUT_COUNT_; k++)
		names[k] = wf_output_name(k);
	if (!on) {
		for (k = 0; k < WF_OUT_COUNT_; k++)
			sw->outs[k] = k;
		sw->n_outs = WF_OUT_COUNT_;
	} else {
		if (on->type != WF_NODE_SEQ || on->n == 0 || on->n > WF_OUT_COUNT_)
			return at(err, WF_EINPUT, on, "outputs: expected a list of 1 to %d "
				  "output names (energy_facility_kwh, emissions_total_kg, ...)",
				  WF_OUT_COUNT_);
		for (i = 0; i < on->n; i++) {
			const wf_node *it = on->items[i];
			const char *near;
			for (k = 0; k < WF_OUT_COUNT_; k++)
				if (it->type == WF_NODE_SCALAR && strcmp(it->text, names[k]) == 0)
					break;
			if (k == WF_OUT_COUNT_) {
				near = it->type == WF_NODE_SCALAR
					       ? wf_nearest(it->text, names, WF_OUT_COUNT_)
					       : NULL;
				return at(err, WF_EINPUT, it, "outputs: unknown output \"%s\"%s%s%s",
					  it->type == WF_NODE_SCALAR ? it->text : "?",
					  near ? " (did you mean \"" : "", near ? near : "",
					  near ? "\"?)" : "");
			}
			for (j = 0; j < i; j++)
				if (sw->outs[j] == k)
					return at(err, WF_EINPUT, it, "outputs: %s is listed twice",
						  it->text);
			sw->outs[i] = k;
		}
		sw->n_outs = on->n;
	}
	sw->n_values = sw->n_outs * (sw->samples > 1 ? 1 + N_QUANT : 1);
	sw->columns = wf_arena_alloc(&sw->arena,
				     (sw->n_axes + sw->n_values) * sizeof(*sw->columns));
	if (!sw->columns)
		return nomem(err);
	for (i = 0; i < sw->n_axes; i++)
		sw->columns[i] = sw->axes[i].path;
	for (c = sw->n_axes, i = 0; i < sw->n_outs; i++)
		sw->columns[c++] = names[sw->outs[i]];
	for (i = 0; sw->samples > 1 && i < sw->n_outs; i++)
		for (j = 0; j < N_QUANT; j++) {
			char b[64];
			snprintf(b, sizeof b, "%s_%s", names[sw->outs[i]], qnames[j]);
			if (!(sw->columns[c++] = wf_arena_strdup(&sw->arena, b)))
				return nomem(err);
		}
	return 0;
}

/* The base: a scenario file (relative to the sweep file), an inline
 * mapping, or (no base:) the sweep file's own `scenario:`. */
static int load_base(wf_sweep *sw, const wf_node *bn, const char *path, wf_error *err)
{
	const wf_node *idn;
	wf_error e;
	int rc;

	sw->sc_cat = sw->overlay;
	if (!bn) {
		if (sw->overlay->n_scenarios != 1)
			return wf_error_set(err, WF_EINPUT, "sweep", path, 0, 0,
					    "sweep: no base: expected \"base:\" (a scenario file "
					    "or mapping) or one \"scenario:\" in the file");
		sw->base_node = sw->overlay->scenarios[0].node;
		sw->base_file = sw->overlay->scenarios[0].file;
	} else if (bn->type == WF_NODE_MAP) {
		sw->base_node = bn;
		sw->base_file = bn->file;
	} else if (bn->type == WF_NODE_SCALAR && bn->text[0]) {
		const char *slash = strrchr(path, '/');
		size_t dl = bn->text[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
		char *full = wf_arena_alloc(&sw->arena, dl + strlen(bn->text) + 1);
		if (!full)
			return nomem(err);
		memcpy(full, path, dl);
		strcpy(full + dl, bn->text);
		wf_error_clear(&e);
		if ((rc = wf_scenario_load(&sw->basefile, sw->overlay, full, &e))) {
			if (e.line > 0)
				wf_error_set(err, rc, e.module, e.file, e.line, e.col, "%s",
					     e.message);
			else
				at(err, rc, bn, "base: %s%s%s", e.file[0] ? e.file : "",
				   e.file[0] ? ": " : "", e.message);
			return rc;
		}
		sw->base_node = sw->basefile->root;
		sw->base_file = sw->basefile->file;
		sw->sc_cat = sw->basefile->overlay;
	} else {
		return at(err, WF_EINPUT, bn, "base: expected a scenario file or a scenario "
			  "mapping, got %s", wf_node_type_name(bn->type));
	}
	if (sw->base_node->type != WF_NODE_MAP)
		return at(err, WF_EINPUT, sw->base_node, "base: expected a scenario mapping");
	idn = wf_node_get(sw->base_node, "id");
	if ((rc = wf_label_check(idn, "id", "sweep", err)))
		return rc;
	sw->base_id = idn ? idn->text : sw->base_file;
	idn = wf_node_get(sw->base_node, "seed");
	if (idn) {
		long s;
		if ((rc = wf_node_count(idn, "seed", 0, 2147483647L, 1, &s, "sweep", err)))
			return rc;
		sw->seed = (unsigned long)(s ? s : 1);
	}
	return 0;
}

static int all_fast(const wf_sweep *sw)
{
	size_t a;

	for (a = 0; a < sw->n_axes; a++)
		if (sw->axes[a].pin < 0)
			return 0;
	return 1;
}

/* Resolve one point per value of each structural axis (the others at
 * their first value), so a bad id or value fails before any row. */
static int check_points(wf_sweep *sw, wf_error *err)
{
	size_t *idx = calloc(sw->n_axes, sizeof(*idx));
	size_t a, i, b, k;
	int rc = 0;

	if (!idx)
		return nomem(err);
	for (a = 0; a < sw->n_axes && rc == 0; a++) {
		for (i = a ? 1 : 0; i < sw->axes[a].n && rc == 0; i++) {
			wf_scenario *sc = NULL;
			wf_plan pl;
			if (i > 0 && sw->axes[a].pin >= 0 && !(sw->zip && !all_fast(sw)))
				break; /* its values were checked by classify */
			for (k = 0, b = 0; b < sw->n_axes; b++) {
				idx[b] = sw->zip ? i : b == a ? i : 0;
				k += sw->zip ? 0 : idx[b] * sw->axes[b].stride;
			}
			if (sw->zip)
				k = i;
			if ((rc = resolve_point(&sc, &pl, sw, idx, k, err)) == 0) {
				wf_plan_release(&pl);
				wf_scenario_free(sc);
			}
		}
		if (sw->zip)
			break; /* every point was resolved over axis 0 */
	}
	free(idx);
	return rc;
}

static int load_sweep(wf_sweep **out, const wf_catalog *base, const char *path,
		      const char *text, size_t len, const wf_sweep_options *opt,
		      wf_error *err);

WF_API int wf_sweep_load(wf_sweep **out, const wf_catalog *base, const char *path,
			 const wf_sweep_options *opt, wf_error *err)
{
	return load_sweep(out, base, path, NULL, 0, opt, err);
}

int wf_sweep_load_text(wf_sweep **out, const wf_catalog *base, const char *text, size_t len,
		       const char *name, const wf_sweep_options *opt, wf_error *err)
{
	return load_sweep(out, base, name, text ? text : "", len, opt, err);
}

/* A sweep from a file (text NULL) or from text named `path`. */
static int load_sweep(wf_sweep **out, const wf_catalog *base, const char *path,
		      const char *text, size_t len, const wf_sweep_options *opt,
		      wf_error *err)
{
	static const char *const keys[] = {"base", "vary", "mode", "samples", "outputs"};
	static const wf_sweep_options defaults = WF_SWEEP_OPTIONS_INIT;
	unsigned long long max;
	const wf_node *sn, *mn, *vary;
	wf_sweep *sw;
	long samples;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !base || !path)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_load: NULL argument");
	if (!opt)
		opt = &defaults;
	if (opt->version != WF_SWEEP_OPTIONS_VERSION)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_options.version is %u, this library knows %d",
				    opt->version, WF_SWEEP_OPTIONS_VERSION);
	if (!base->finished)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_load: finish the base catalog first");
	max = opt->max_points ? opt->max_points : WF_SWEEP_DEFAULT_MAX_POINTS;
	if (!(sw = calloc(1, sizeof(*sw))))
		return nomem(err);
	wf_arena_init(&sw->arena);
	sw->seed = 1;
	if ((rc = wf_catalog_new(&sw->overlay))) {
		rc = nomem(err);
		goto fail;
	}
	sw->overlay->parent = base;
	if ((rc = text ? wf_catalog_load_text(sw->overlay, text, len, path, err)
		       : wf_catalog_load(sw->overlay, path, err)) ||
	    (rc = wf_catalog_finish(sw->overlay, err)))
		goto fail;
	if (sw->overlay->n_sweeps == 0) {
		rc = wf_error_set(err, WF_EINPUT, "sweep", path, 0, 0,
				  "no sweep: expected a top-level \"sweep:\" key");
		goto fail;
	}
	if (sw->overlay->n_sweeps > 1) {
		rc = at(err, WF_EINPUT, sw->overlay->sweeps[1].node,
			"expected one sweep, found %zu (one per file)", sw->overlay->n_sweeps);
		goto fail;
	}
	sn = sw->overlay->sweeps[0].node;
	if ((rc = wf_check_keys(sn, keys, sizeof keys / sizeof *keys, "sweep", err)))
		goto fail;
	if (!(vary = wf_node_get(sn, "vary"))) {
		rc = at(err, WF_EINPUT, sn, "sweep: missing required key \"vary\" (the axes)");
		goto fail;
	}
	mn = wf_node_get(sn, "mode");
	if (mn && (mn->type != WF_NODE_SCALAR ||
		   (strcmp(mn->text, "product") && strcmp(mn->text, "zip")))) {
		rc = at(err, WF_EINPUT, mn, "mode: expected product or zip, got \"%s\"",
			mn->type == WF_NODE_SCALAR ? mn->text : "?");
		goto fail;
	}
	sw->zip = mn && strcmp(mn->text, "zip") == 0;
	if ((rc = wf_node_count(wf_node_get(sn, "samples"), "samples", 0, 100000000L, 0,
			    &samples, "sweep", err)))
		goto fail;
	sw->samples = samples > 1 ? samples : 0;
	if ((rc = load_base(sw, wf_node_get(sn, "base"), path, err)) ||
	    (rc = load_axes(sw, vary, max, err)) ||
	    (rc = load_outputs(sw, wf_node_get(sn, "outputs"), err)) ||
	    (rc = check_points(sw, err)))
		goto fail;
	*out = sw;
	return 0;
fail:
	wf_sweep_free(sw);
	return rc ? rc : WF_ENOMEM;
}

WF_API void wf_sweep_free(wf_sweep *sw)
{
	if (!sw)
		return;
	wf_scenario_free(sw->basefile);
	wf_catalog_free(sw->overlay);
	wf_arena_release(&sw->arena);
	free(sw);
}

WF_API const wf_catalog *wf_sweep_catalog(const wf_sweep *sw)
{
	return sw ? sw->sc_cat : NULL;
}

/* Feed a value and a separator that no value holds. */
static void fp_put(wf_hash *h, const void *p, size_t n)
{
	wf_hash_update(h, p, n);
	wf_hash_update(h, "\x1f", 1);
}

WF_API void wf_sweep_fingerprint(const wf_sweep *sw, wf_sweep_format fmt, char buf[33])
{
	wf_hash h[2];
	char num[64];
	size_t a, i, n;
	int k;

	/* Two hashes of the same text from different starts: 128 bits. */
	for (k = 0; k < 2; k++) {
		wf_hash_init(&h[k]);
		fp_put(&h[k], k ? "wattif sweep B" : "wattif sweep A", 14);
		fp_put(&h[k], WF_VERSION, strlen(WF_VERSION));
		n = snprintf(num, sizeof num, "%d %d %zu %ld %lu %zu %zu", (int)fmt, sw->zip,
			     sw->n_points, sw->samples, sw->seed, sw->n_axes, sw->n_values);
		fp_put(&h[k], num, n);
		for (i = 0; i < sw->n_axes + sw->n_values; i++)
			fp_put(&h[k], sw->columns[i], strlen(sw->columns[i]));
		for (a = 0; a < sw->n_axes; a++)
			for (i = 0; i < sw->axes[a].n; i++)
				fp_put(&h[k], sw->axes[a].text[i], strlen(sw->axes[a].text[i]));
		/* the files by content: moving the tree keeps the fingerprint,
		 * editing any file read (the sweep, its base, the shipped data)
		 * changes it */
		for (i = 0; i < wf_catalog_file_count(sw->sc_cat); i++) {
			wf_file_info fi;
			wf_catalog_file(&fi, sw->sc_cat, i);
			n = snprintf(num, sizeof num, "%lld %016llx", fi.size_bytes, fi.hash);
			fp_put(&h[k], num, n);
		}
	}
	snprintf(buf, 33, "%016llx%016llx", (unsigned long long)wf_hash_final(&h[0]),
		 (unsigned long long)wf_hash_final(&h[1]));
}

WF_API size_t wf_sweep_point_count(const wf_sweep *sw)
{
	return sw ? sw->n_points : 0;
}

WF_API size_t wf_sweep_axis_count(const wf_sweep *sw)
{
	return sw ? sw->n_axes : 0;
}

WF_API size_t wf_sweep_value_count(const wf_sweep *sw)
{
	return sw ? sw->n_values : 0;
}

WF_API const char *wf_sweep_column(const wf_sweep *sw, size_t j)
{
	return sw && j < sw->n_axes + sw->n_values ? sw->columns[j] : NULL;
}

WF_API long wf_sweep_samples(const wf_sweep *sw)
{
	return sw ? sw->samples : 0;
}

WF_API const char *wf_sweep_axis_value(const wf_sweep *sw, size_t k, size_t a)
{
	if (!sw || k >= sw->n_points || a >= sw->n_axes)
		return NULL;
	return sw->axes[a].text[sw->zip ? k : (k / sw->axes[a].stride) % sw->axes[a].n];
}

/* ------------------------------------------------------------ evaluation */

WF_API int wf_sweep_worker_new(wf_sweep_worker **out, const wf_sweep *sw,
			       wf_error *err)
{
	wf_sweep_worker *w;
	size_t i, na = sw && sw->n_axes ? sw->n_axes : 1;

	if (out)
		*out = NULL;
	if (!out || !sw)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_worker_new: NULL argument");
	if (!(w = calloc(1, sizeof(*w))))
		return nomem(err);
	w->sw = sw;
	w->idx = calloc(na, sizeof(*w->idx));
	w->mc_out = sw->samples ? malloc((size_t)sw->samples * WF_OUT_COUNT_ *
					 sizeof(double))
				: NULL;
	for (i = 0; i < CACHE; i++)
		w->c[i].fidx = calloc(na, sizeof(size_t));
	for (i = 0; i < CACHE && w->idx; i++)
		if (!w->c[i].fidx)
			break;
	if (!w->idx || i < CACHE || (sw->samples && !w->mc_out)) {
		wf_sweep_worker_free(w);
		return nomem(err);
	}
	*out = w;
	return 0;
}

static void drop(centry *c)
{
	if (c->used) {
		wf_plan_release(&c->pl);
		wf_scenario_free(c->sc);
	}
	c->used = 0;
	c->sc = NULL;
}

WF_API void wf_sweep_worker_free(wf_sweep_worker *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < CACHE; i++) {
		drop(&w->c[i]);
		free(w->c[i].fidx);
	}
	free(w->idx);
	free(w->mc_out);
	free(w);
}

/* The structural key of a point: its index over the structural axes. */
static size_t struct_key(const wf_sweep *sw, size_t k, const size_t *idx)
{
	size_t a, key = 0;
	int any = 0;

	for (a = 0; a < sw->n_axes; a++)
		if (sw->axes[a].pin < 0) {
			key = key * sw->axes[a].n + idx[a];
			any = 1;
		}
	return sw->zip && any ? k : key;
}

/* Did each fast axis's value reach its plan input unchanged, from the
 * axis's own assignment?  Then later points may just change it. */
static int fast_verified(const wf_sweep *sw, const wf_plan *pl, const size_t *idx)
{
	size_t a, len;

	for (a = 0; a < sw->n_axes; a++) {
		const axis *ax = &sw->axes[a];
		const wf_param *p;
		if (ax->pin < 0)
			continue;
		p = &pl->in[ax->pin];
		len = strlen(ax->path);
		if (!p->set || p->v.kind != WF_DIST_FIXED || p->v.p[0] != ax->si[idx[a]] ||
		    !p->file || strncmp(p->file, "--set ", 6) != 0 ||
		    strncmp(p->file + 6, ax->path, len) != 0 || p->file[6 + len] != '=')
			return 0;
	}
	return 1;
}

/* A plan for point k: from the cache (with the fast inputs changed), or
 * resolved now.  *tmp is set when the plan is the caller's to release. */
static int plan_for(wf_sweep_worker *w, size_t k, const size_t *idx, wf_plan **pl,
		    centry *tmp, wf_error *err)
{
	const wf_sweep *sw = w->sw;
	size_t key = struct_key(sw, k, idx), i, a;
	centry *c = NULL;
	int rc;

	tmp->used = 0;
	for (i = 0; i < CACHE; i++)
		if (w->c[i].used && w->c[i].skey == key) {
			c = &w->c[i];
			break;
		}
	if (!c) {
		c = &w->c[0];
		for (i = 1; i < CACHE; i++)
			if (!w->c[i].used || (c->used && w->c[i].stamp < c->stamp))
				c = &w->c[i];
		drop(c);
		if ((rc = resolve_point(&c->sc, &c->pl, sw, idx, k, err)))
			return rc;
		c->used = 1;
		c->skey = key;
		c->fast_ok = fast_verified(sw, &c->pl, idx);
		memcpy(c->fidx, idx, sw->n_axes * sizeof(*idx));
	}
	c->stamp = ++w->clock;
	if (c->fast_ok) {
		for (a = 0; a < sw->n_axes; a++)
			if (sw->axes[a].pin >= 0)
				c->pl.in[sw->axes[a].pin].v.p[0] = sw->axes[a].si[idx[a]];
		*pl = &c->pl;
		return 0;
	}
	if (memcmp(c->fidx, idx, sw->n_axes * sizeof(*idx)) == 0) {
		*pl = &c->pl;
		return 0;
	}
	/* the engine used a fast value in a way we cannot repeat: resolve it */
	if ((rc = resolve_point(&tmp->sc, &tmp->pl, sw, idx, k, err)))
		return rc;
	tmp->used = 1;
	*pl = &tmp->pl;
	return 0;
}

static int eval_plan(wf_sweep_worker *w, const wf_plan *pl, double *values,
		     wf_error *err)
{
	const wf_sweep *sw = w->sw;
	double x[P_COUNT_];
	wf_outputs o;
	wf_summary sum[WF_OUT_COUNT_];
	wf_mc *mc = NULL;
	wf_error e;
	size_t i, c;
	int rc;

	wf_plan_nominal(pl, x);
	wf_error_clear(&e);
	if ((rc = wf_plan_evaluate(pl, x, &o, NULL, &e)))
		return wf_plan_overflow(pl, x, rc, &e, err);
	for (i = 0; i < sw->n_outs; i++) {
		int k = sw->outs[i];
		values[i] = o.present[k] ? o.v[k] * out_scale(k) : NAN;
	}
	if (!sw->samples)
		return 0;
	if ((rc = wf_mc_new(&mc, pl, (size_t)sw->samples, err)) ||
	    (rc = wf_mc_eval(mc, sw->seed, 0, (size_t)sw->samples, w->mc_out, NULL, err)) ||
	    (rc = wf_mc_summarise(sum, w->mc_out, (size_t)sw->samples, err))) {
		wf_mc_free(mc);
		return rc;
	}
	wf_mc_free(mc);
	for (c = sw->n_outs, i = 0; i < sw->n_outs; i++) {
		int k = sw->outs[i];
		double s = out_scale(k), q[N_QUANT];
		size_t j;
		q[0] = sum[k].mean, q[1] = sum[k].sd, q[2] = sum[k].p05;
		q[3] = sum[k].p50, q[4] = sum[k].p95;
		for (j = 0; j < N_QUANT; j++)
			values[c++] = sum[k].present ? q[j] * s : NAN;
	}
	return 0;
}

WF_API int wf_sweep_eval(wf_sweep_worker *w, size_t k, double *values, wf_error *err)
{
	const wf_sweep *sw;
	wf_plan *pl = NULL;
	centry tmp;
	wf_error e;
	int rc;

	if (!w || !values || k >= w->sw->n_points)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_eval: no point %zu", k);
	sw = w->sw;
	decode(sw, k, w->idx);
	if ((rc = plan_for(w, k, w->idx, &pl, &tmp, err)))
		return rc;
	wf_error_clear(&e);
	if ((rc = eval_plan(w, pl, values, &e)))
		point_error(sw, w->idx, k, &e, rc, err);
	drop(&tmp);
	return rc;
}

/* ------------------------------------------------------------ formatting */

typedef struct out {
	char *buf;
	size_t size, len;
} out;

static void put(out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len;
		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

static void put_csv(out *o, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		put(o, s, strlen(s));
		return;
	}
	put(o, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			put(o, "\"", 1);
		put(o, s, 1);
	}
	put(o, "\"", 1);
}

static void put_json(out *o, const char *s)
{
	char u[8];

	put(o, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			put(o, "\\", 1);
			put(o, s, 1);
		} else if (c < 0x20) {
			snprintf(u, sizeof u, "\\u%04x", c);
			put(o, u, 6);
		} else {
			put(o, s, 1);
		}
	}
	put(o, "\"", 1);
}

static size_t finish(out *o)
{
	if (o->size)
		o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
	return o->len;
}

WF_API size_t wf_sweep_format_header(char *buf, size_t size, const wf_sweep *sw,
				     wf_sweep_format fmt)
{
	out o = {buf, size, 0};
	size_t j;

	if (fmt == WF_SWEEP_CSV && sw) {
		for (j = 0; j < sw->n_axes + sw->n_values; j++) {
			if (j)
				put(&o, ",", 1);
			put_csv(&o, sw->columns[j]);
		}
		put(&o, "\n", 1);
	}
	return finish(&o);
}

WF_API size_t wf_sweep_format_row(char *buf, size_t size, const wf_sweep *sw,
				  size_t k, const double *values, wf_sweep_format fmt)
{
	out o = {buf, size, 0};
	char num[32];
	size_t j, n;

	if (!sw || k >= sw->n_points)
		return finish(&o);
	if (fmt == WF_SWEEP_JSONL)
		put(&o, "{", 1);
	for (j = 0; j < sw->n_axes + sw->n_values; j++) {
		if (j)
			put(&o, fmt == WF_SWEEP_JSONL ? ", " : ",", fmt == WF_SWEEP_JSONL ? 2 : 1);
		if (fmt == WF_SWEEP_JSONL) {
			put_json(&o, sw->columns[j]);
			put(&o, ": ", 2);
		}
		if (j < sw->n_axes) {
			const char *t = wf_sweep_axis_value(sw, k, j);
			if (fmt == WF_SWEEP_JSONL)
				put_json(&o, t);
			else
				put_csv(&o, t);
			continue;
		}
		n = wf_sweep_number(num, values[j - sw->n_axes]);
		if (n)
			put(&o, num, n);
		else if (fmt == WF_SWEEP_JSONL)
			put(&o, "null", 4);
	}
	put(&o, fmt == WF_SWEEP_JSONL ? "}\n" : "\n", fmt == WF_SWEEP_JSONL ? 2 : 1);
	return finish(&o);
}

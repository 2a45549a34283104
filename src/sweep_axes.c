/*
 * sweep_axes.c - the axes of a sweep (`vary:`): lists, `re:REGEX` over
 * catalog ids, `range(a, b, step)` with units or dates; their values'
 * texts, value ids and SI values; which axes are "fast".
 *
 * Every axis is first checked and counted, and the points counted against
 * --max-points, before any value is made: two ranges of ten million values
 * are refused from their sizes.  Then the values: a list's are its nodes,
 * a regex's the matching ids; a range's texts are stored when it has at
 * most SW_STORED_MAX values and written again from (a, step, unit) each
 * time they are needed beyond, so a long range costs nothing per value.
 */
#include "sweep_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "regex.h"

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

/* Paths whose values `re:REGEX` selects from the catalog (and whose
 * values are ids: strings in JSON Lines, whatever they look like). */
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

#define N(a) (sizeof(a) / sizeof *(a))

static int id_kind(const char *path, wf_kind *kind)
{
	size_t i;

	for (i = 0; i < N(id_paths); i++)
		if (strcmp(path, id_paths[i].path) == 0) {
			*kind = id_paths[i].kind;
			return 1;
		}
	return 0;
}

/* ------------------------------------------------------------ values */

void wf_sw_decode(const wf_sweep *sw, size_t k, size_t *idx)
{
	size_t a;

	for (a = 0; a < sw->n_axes; a++)
		idx[a] = sw->zip ? k : (k / sw->axes[a].stride) % sw->axes[a].n;
}

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

/* Value i of a range, written in the unit of its start with 15
 * significant digits, so a value is exactly what `--set PATH=VALUE` with
 * its text would give. */
static void range_text(const sw_range *rs, size_t i, char *buf)
{
	if (rs->date) {
		/* integers below 2^53: exact */
		date_text(buf, SW_TEXT_MAX, (long long)rs->a + (long long)i * (long long)rs->step);
	} else {
		double si = rs->a + (double)i * rs->step;
		int m = snprintf(buf, SW_TEXT_MAX, "%.15g", si / rs->factor);
		if (strcmp(buf, "-0") == 0)
			m = snprintf(buf, SW_TEXT_MAX, "0");
		if (rs->unit[0])
			snprintf(buf + m, SW_TEXT_MAX - (size_t)m, "%s%s",
				 rs->unit[0] == '%' ? "" : " ", rs->unit);
	}
}

const char *wf_sw_text(const wf_sweep *sw, size_t a, size_t i, char *buf)
{
	const sw_axis *ax = &sw->axes[a];

	if (ax->text)
		return ax->text[i];
	range_text(&ax->r, i, buf);
	return buf;
}

const wf_node *wf_sw_where(const sw_axis *ax, size_t i)
{
	return ax->kind == AX_LIST ? ax->node->items[i] : ax->node;
}

int wf_sw_si(const sw_axis *ax, size_t i, wf_qparser *qp, double *out)
{
	char buf[SW_TEXT_MAX];
	wf_parse_error pe;
	wf_value v;

	if (ax->si) {
		*out = ax->si[i];
		return 0;
	}
	range_text(&ax->r, i, buf);
	if (wf_qparser_parse(qp, &v, buf, ax->dim, &pe))
		return WF_EINPUT; /* checked at load: the range is monotonic */
	*out = v.p[0];
	return 0;
}

sw_json_kind wf_sw_json_kind(const sw_axis *ax, size_t i)
{
	return ax->json ? (sw_json_kind)ax->json[i] : ax->json_all;
}

/* How a value is written in JSON: a number, a quantity or a string. */
static sw_json_kind json_kind(wf_qparser *qp, const char *text)
{
	wf_parse_error pe;
	wf_value v;
	size_t n = wf_sw_number_len(text);

	if (n == 0 || wf_qparser_parse(qp, &v, text, WF_DIM_COUNT_, &pe) ||
	    v.kind != WF_DIST_FIXED || v.dim == WF_DIM_DATE)
		return JV_STRING;
	while (text[n] == ' ' || text[n] == '\t')
		n++;
	return text[n] ? JV_QUANTITY : JV_NUMBER;
}

/* -------------------------------------------------------------- lists */

static int alloc_values(wf_sweep *sw, sw_axis *ax, size_t n, wf_error *err)
{
	ax->n = n;
	ax->text = wf_arena_alloc(&sw->arena, n * sizeof(*ax->text));
	return ax->text ? 0 : wf_sw_nomem(err);
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Each value's id: the index of its first equal value, by an open hash
 * table over the texts (only when some value repeats is it kept). */
static int list_vids(wf_sweep *sw, sw_axis *ax, wf_error *err)
{
	size_t cap = 16, i, *tab, dup = 0;

	while (cap < 2 * ax->n)
		cap *= 2;
	if (!(tab = malloc(cap * sizeof(*tab))) ||
	    !(ax->vid = wf_arena_alloc(&sw->arena, ax->n * sizeof(*ax->vid)))) {
		free(tab);
		return wf_sw_nomem(err);
	}
	for (i = 0; i < cap; i++)
		tab[i] = (size_t)-1;
	for (i = 0; i < ax->n; i++) {
		size_t h = (size_t)hash_text(ax->text[i]) & (cap - 1);
		while (tab[h] != (size_t)-1 && strcmp(ax->text[tab[h]], ax->text[i]) != 0)
			h = (h + 1) & (cap - 1);
		if (tab[h] == (size_t)-1)
			tab[h] = i;
		ax->vid[i] = tab[h];
		dup += tab[h] != i;
	}
	free(tab);
	if (!dup)
		ax->vid = NULL; /* all distinct: the index is the id */
	return 0;
}

/* A list's values (axis_size checked its length). */
static int list_axis(wf_sweep *sw, sw_axis *ax, const wf_node *v, wf_qparser *qp,
		     wf_error *err)
{
	wf_kind kind;
	size_t i;
	int rc, ids = id_kind(ax->path, &kind);

	if ((rc = alloc_values(sw, ax, v->n, err)))
		return rc;
	if (!ids && !(ax->json = wf_arena_alloc(&sw->arena, v->n)))
		return wf_sw_nomem(err);
	for (i = 0; i < v->n; i++) {
		const wf_node *it = v->items[i];
		if (it->type != WF_NODE_SCALAR || !it->text[0])
			return wf_sw_at(err, WF_EINPUT, it, "%s: expected a value (a number, "
					"quantity or id), got %s", ax->path,
					it->type == WF_NODE_SCALAR ? "an empty value"
								   : wf_node_type_name(it->type));
		ax->text[i] = it->text;
		if (!ids)
			ax->json[i] = (unsigned char)json_kind(qp, it->text);
	}
	return v->n > 1 ? list_vids(sw, ax, err) : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `re:REGEX`: the ids of one kind (through the catalog chain) that match,
 * sorted. */
static int regex_axis(wf_sweep *sw, sw_axis *ax, const wf_node *v, wf_error *err)
{
	const char *pat = v->text + 3;
	const wf_catalog *c;
	wf_regex *re = NULL;
	wf_error e;
	size_t i, j, n = 0, cap = 0;
	wf_kind kind;
	const char **ids = NULL;
	int rc = 0;

	if (!id_kind(ax->path, &kind))
		return wf_sw_at(err, WF_EINPUT, v, "%s: re:REGEX selects catalog ids; it "
				"needs a path naming one (site.region, facility, workload, "
				"workload.accelerator, workload.node)", ax->path);
	wf_error_clear(&e);
	if (wf_regex_new(&re, pat, &e))
		return wf_sw_at(err, WF_EINPUT, v, "%s: %s", ax->path, e.message);
	for (c = sw->sc_cat; c; c = c->parent)
		for (j = 0; j < c->kinds[kind].n; j++) {
			const wf_entry *en = c->kinds[kind].items[j];
			int m = wf_regex_search(re, en->id, &e);
			if (m < 0) {
				rc = wf_sw_at(err, m, v, "%s: %s", ax->path, e.message);
				goto done;
			}
			if (!m)
				continue;
			if (n == cap) {
				const char **g = realloc(ids, (cap = cap ? 2 * cap : 32) * sizeof(*g));
				if (!g) {
					rc = wf_sw_nomem(err);
					goto done;
				}
				ids = g;
			}
			ids[n++] = en->id;
		}
	if (n == 0) {
		rc = wf_sw_at(err, WF_EINPUT, v, "%s: no id among the %s matches \"%s\" "
			      "(`wattif list %s REGEX` shows what does)", ax->path,
			      wf_kind_name(kind), pat, wf_kind_name(kind));
		goto done;
	}
	qsort(ids, n, sizeof(*ids), cmp_str);
	if ((rc = alloc_values(sw, ax, n, err)))
		goto done;
	for (i = 0; i < n; i++)
		ax->text[i] = ids[i];
	ax->kind = AX_IDS;
	ax->json_all = JV_STRING;
done:
	free(ids);
	wf_regex_free(re);
	return rc;
}

/* ------------------------------------------------------------- ranges */

/* Parse one (trimmed) argument of range(). */
static int range_arg(wf_qparser *qp, wf_value *out, const char *s, const wf_node *v,
		     const char *what, const char *path, wf_error *err)
{
	wf_parse_error pe;

	memset(&pe, 0, sizeof pe);
	if (wf_qparser_parse(qp, out, s, WF_DIM_COUNT_, &pe))
		return wf_sw_at(err, WF_EINPUT, v, "%s: range %s \"%s\": %s", path, what, s,
				pe.message);
	if (out->kind != WF_DIST_FIXED)
		return wf_sw_at(err, WF_EINPUT, v, "%s: range %s: expected a number or "
				"quantity, not a distribution", path, what);
	return 0;
}

/* Split "range(a, b, step)" into its three trimmed arguments in buf. */
static int range_split(const sw_axis *ax, const wf_node *v, char *buf, size_t size,
		       char *args[3], wf_error *err)
{
	size_t len = strlen(v->text);
	char *p;
	int k;

	if (len >= size || v->text[len - 1] != ')')
		return wf_sw_at(err, WF_EINPUT, v, "%s: expected range(a, b, step), got "
				"\"%s\"", ax->path, v->text);
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
		return wf_sw_at(err, WF_EINPUT, v, "%s: expected range(a, b, step) with "
				"three arguments, got \"%s\"", ax->path, v->text);
	for (k = 0; k < 3; k++) { /* trim */
		char *e = args[k] + strlen(args[k]);
		while (*args[k] == ' ' || *args[k] == '\t')
			args[k]++;
		while (e > args[k] && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
	}
	return 0;
}

/* Dates step in whole milliseconds, counted exactly: a finer step would
 * give values a date cannot tell apart. */
static int range_dates(const sw_axis *ax, const wf_node *v, wf_value *a, wf_value *b,
		       wf_value *st, char *args[3], wf_error *err)
{
	double a_ms = a->p[0] * 1e3, st_ms = st->p[0] * 1e3;

	if (fabs(st_ms) < 1 - 1e-9 || fabs(st_ms - nearbyint(st_ms)) > 1e-6 * fabs(st_ms))
		return wf_sw_at(err, WF_EINPUT, v, "%s: range step %s: dates step by whole "
				"milliseconds (at least 1 ms)", ax->path, args[2]);
	/* dates are years 0000-9999: a step beyond 10^15 ms (31,700 years)
	 * spans none, and would not fit the integer count */
	if (fabs(st_ms) > 1e15)
		return wf_sw_at(err, WF_EINPUT, v, "%s: range step %s: longer than any "
				"span of dates", ax->path, args[2]);
	if (fabs(a_ms - nearbyint(a_ms)) > 1e-3)
		return wf_sw_at(err, WF_EINPUT, v, "%s: range start %s: dates are counted "
				"in whole milliseconds", ax->path, args[0]);
	a->p[0] = nearbyint(a_ms);
	st->p[0] = nearbyint(st_ms);
	b->p[0] *= 1e3;
	return 0;
}

/* The unit a range's start was written in, and its size in SI. */
static int range_unit(sw_axis *ax, const wf_node *v, wf_qparser *qp, const char *arg0,
		      const wf_value *a, sw_range *rs, wf_error *err)
{
	char buf[128], *p;
	wf_parse_error pe;
	wf_value one;
	double num = strtod(arg0, &p);

	while (*p == ' ')
		p++;
	snprintf(rs->unit, sizeof rs->unit, "%s", p);
	if (rs->unit[0]) {
		snprintf(buf, sizeof buf, "1 %s", rs->unit);
		if (wf_qparser_parse(qp, &one, buf, a->dim, &pe)) {
			snprintf(buf, sizeof buf, "1%s", rs->unit);
			if (wf_qparser_parse(qp, &one, buf, a->dim, &pe))
				return wf_sw_at(err, WF_EINPUT, v, "%s: cannot read the unit "
						"\"%s\" of the range start", ax->path, rs->unit);
		}
		rs->factor = one.p[0];
	} else if (num != 0) {
		rs->factor = a->p[0] / num;
	}
	return 0;
}

/* `range(a, b, step)`: check its arguments and count its values (a, a +
 * step, ... up to b inclusive; b counts when it is on the grid within
 * 1e-9 of a step), without making them. */
static int range_parse(sw_axis *ax, const wf_node *v, wf_qparser *qp, unsigned long long max,
		       wf_error *err)
{
	sw_range *rs = &ax->r;
	char buf[512], *args[3];
	wf_value a, b, st;
	double q;
	int rc;

	memset(rs, 0, sizeof(*rs));
	rs->factor = 1;
	if ((rc = range_split(ax, v, buf, sizeof buf, args, err)) ||
	    (rc = range_arg(qp, &a, args[0], v, "start", ax->path, err)) ||
	    (rc = range_arg(qp, &b, args[1], v, "end", ax->path, err)) ||
	    (rc = range_arg(qp, &st, args[2], v, "step", ax->path, err)))
		return rc;
	if (a.dim != b.dim)
		return wf_sw_at(err, WF_EDIM, v, "%s: range start is %s but its end is %s",
				ax->path, wf_dim_name(a.dim), wf_dim_name(b.dim));
	if (st.dim != (a.dim == WF_DIM_DATE ? WF_DIM_TIME : a.dim))
		return wf_sw_at(err, WF_EDIM, v, "%s: range step is %s; expected %s", ax->path,
				wf_dim_name(st.dim),
				wf_dim_name(a.dim == WF_DIM_DATE ? WF_DIM_TIME : a.dim));
	if (!(st.p[0] != 0))
		return wf_sw_at(err, WF_EINPUT, v, "%s: range step is zero", ax->path);
	rs->date = a.dim == WF_DIM_DATE;
	if (rs->date && (rc = range_dates(ax, v, &a, &b, &st, args, err)))
		return rc;
	q = (b.p[0] - a.p[0]) / st.p[0];
	if (q < -1e-9)
		return wf_sw_at(err, WF_EINPUT, v, "%s: empty range: a step of %s never goes "
				"from %s to %s", ax->path, args[2], args[0], args[1]);
	if (q + 1 > (double)max)
		return wf_sw_at(err, WF_EINPUT, v, "%s: the range has %.0f values, more than "
				"the %llu points allowed (--max-points)", ax->path,
				floor(q + 1e-9) + 1, max);
	rs->n = (size_t)floor(q + 1e-9) + 1;
	rs->a = a.p[0];
	rs->step = st.p[0];
	if (!rs->date && (rc = range_unit(ax, v, qp, args[0], &a, rs, err)))
		return rc;
	return 0;
}

/* A range's values: texts stored when few, else made on demand. */
static int range_fill(wf_sweep *sw, sw_axis *ax, wf_error *err)
{
	char buf[SW_TEXT_MAX];
	size_t i;
	int rc;

	ax->kind = AX_RANGE;
	ax->json_all = ax->r.date ? JV_STRING : ax->r.unit[0] ? JV_QUANTITY : JV_NUMBER;
	if (ax->r.n > SW_STORED_MAX) {
		ax->n = ax->r.n;
		return 0;
	}
	if ((rc = alloc_values(sw, ax, ax->r.n, err)))
		return rc;
	for (i = 0; i < ax->n; i++) {
		range_text(&ax->r, i, buf);
		if (!(ax->text[i] = wf_arena_strdup(&sw->arena, buf)))
			return wf_sw_nomem(err);
	}
	return 0;
}

/* ------------------------------------------------------------ classes */

/* Check value i of a fast axis: a fixed value of the input's dimension
 * within its range.  1 when it is, 0 when resolving must say what is
 * wrong, or an error. */
static int fast_value(const sw_axis *ax, size_t i, wf_dim dim, double lo, double hi,
		      wf_qparser *qp, double *si, wf_error *err)
{
	char buf[SW_TEXT_MAX];
	const char *t = ax->text ? ax->text[i] : (range_text(&ax->r, i, buf), buf);
	wf_parse_error pe;
	wf_value v;

	if (wf_qparser_parse(qp, &v, t, dim, &pe) || v.kind != WF_DIST_FIXED)
		return 0; /* resolving says what is wrong, or handles it */
	if (!(v.p[0] >= lo && v.p[0] <= hi) && isinf(hi))
		return wf_sw_at(err, WF_EINPUT, wf_sw_where(ax, i), "%s: %s: must be at "
				"least %g", ax->path, t, lo);
	if (!(v.p[0] >= lo && v.p[0] <= hi))
		return wf_sw_at(err, WF_EINPUT, wf_sw_where(ax, i), "%s: %s: must be between "
				"%g and %g", ax->path, t, lo, hi);
	*si = v.p[0];
	return 1;
}

/* Decide whether an axis is fast: its path is one of fast_paths and every
 * value is a plain number of the input's dimension within its range (for
 * a range made on demand, its first and last value: it is monotonic). */
static int classify(wf_sweep *sw, sw_axis *ax, wf_qparser *qp, wf_error *err)
{
	size_t i, j;
	double lo, hi, si;
	int rc;

	ax->pin = -1;
	for (j = 0; j < N(fast_paths); j++)
		if (strcmp(ax->path, fast_paths[j].path) == 0)
			break;
	if (j == N(fast_paths))
		return 0;
	wf_plan_input_range(fast_paths[j].pin, &lo, &hi);
	if (!ax->text) {
		if ((rc = fast_value(ax, 0, fast_paths[j].dim, lo, hi, qp, &si, err)) != 1 ||
		    (rc = fast_value(ax, ax->n - 1, fast_paths[j].dim, lo, hi, qp, &si, err)) != 1)
			return rc;
	} else {
		double *v = wf_arena_alloc(&sw->arena, ax->n * sizeof(*v));
		if (!v)
			return wf_sw_nomem(err);
		for (i = 0; i < ax->n; i++)
			if ((rc = fast_value(ax, i, fast_paths[j].dim, lo, hi, qp, &v[i], err)) != 1)
				return rc;
		ax->si = v;
	}
	ax->pin = fast_paths[j].pin;
	ax->dim = fast_paths[j].dim;
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
static int check_path(const sw_axis *ax, const wf_node *k, wf_error *err)
{
	size_t i, root = strcspn(ax->path, ".");

	if (!wf_path_ok(ax->path, strlen(ax->path)))
		return wf_sw_at(err, WF_EINPUT, k, "vary: expected a scenario path such as "
				"site.pue, got \"%s\"", ax->path);
	for (i = 0; i < N(fixed_keys); i++)
		if (strlen(fixed_keys[i].key) == root &&
		    strncmp(ax->path, fixed_keys[i].key, root) == 0)
			return wf_sw_at(err, WF_EINPUT, k, "vary: %s cannot be varied: %s",
					ax->path, fixed_keys[i].why);
	return 0;
}

/* First pass over an axis: check its form and count its values (regex
 * axes are resolved: a catalog's ids are few), allocating nothing that
 * grows with the values. */
static int axis_size(wf_sweep *sw, sw_axis *ax, const wf_node *v, wf_qparser *qp,
		     unsigned long long max, wf_error *err)
{
	if (v->type == WF_NODE_SEQ) {
		if (v->n == 0)
			return wf_sw_at(err, WF_EINPUT, v, "%s: empty list: expected at least "
					"one value", ax->path);
		if (v->n > max)
			return wf_sw_at(err, WF_EINPUT, v, "%s: %zu values, more than the %llu "
					"points allowed (--max-points)", ax->path, v->n, max);
		ax->n = v->n;
		ax->kind = AX_LIST;
		return 0;
	}
	if (v->type == WF_NODE_SCALAR && strncmp(v->text, "re:", 3) == 0)
		return regex_axis(sw, ax, v, err);
	if (v->type == WF_NODE_SCALAR && strncmp(v->text, "range(", 6) == 0) {
		int rc = range_parse(ax, v, qp, max, err);
		ax->n = ax->r.n;
		ax->kind = AX_RANGE;
		return rc;
	}
	return wf_sw_at(err, WF_EINPUT, v, "%s: expected a list [a, b, ...], "
			"range(a, b, step) or \"re:REGEX\", got %s%s%s%s", ax->path,
			v->type == WF_NODE_SCALAR ? "\"" : "",
			v->type == WF_NODE_SCALAR ? v->text : wf_node_type_name(v->type),
			v->type == WF_NODE_SCALAR ? "\"" : "",
			v->type == WF_NODE_SCALAR ? " (one value needs no sweep)" : "");
}

/* The product's points over the most allowed: a message with the true
 * count when it fits an integer. */
static int too_many(const wf_sweep *sw, const wf_node *vary, unsigned long long max,
		    wf_error *err)
{
	unsigned long long total = 1;
	size_t a;

	for (a = 0; a < sw->n_axes; a++) {
		if (total > ~0ULL / sw->axes[a].n)
			return wf_sw_at(err, WF_EINPUT, vary, "vary: the product of the axes "
					"has more than %llu points (the most allowed is %llu; see "
					"--max-points)", ~0ULL, max);
		total *= sw->axes[a].n;
	}
	return wf_sw_at(err, WF_EINPUT, vary, "vary: the product of the axes has %llu "
			"points, more than the %llu allowed (--max-points)", total, max);
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
				return wf_sw_at(err, WF_EINPUT, sw->axes[a].key,
						"%s: %zu values, but %s has %zu; zip needs axes "
						"of equal length", sw->axes[a].path, sw->axes[a].n,
						sw->axes[0].path, sw->axes[0].n);
		sw->n_points = sw->axes[0].n;
		return 0;
	}
	for (a = sw->n_axes; a-- > 0;) {
		sw->axes[a].stride = (size_t)n;
		if (n > max / sw->axes[a].n)
			return too_many(sw, vary, max, err);
		n *= sw->axes[a].n;
	}
	if (n > max)
		return too_many(sw, vary, max, err);
	sw->n_points = (size_t)n;
	return 0;
}

/* First pass: every axis's path and form, and its count. */
static int size_axes(wf_sweep *sw, const wf_node *vary, wf_qparser *qp,
		     unsigned long long max, wf_error *err)
{
	size_t a, b;
	int rc = 0;

	for (a = 0; a < vary->n && rc == 0; a++) {
		sw_axis *ax = &sw->axes[a];
		const wf_node *k = wf_node_key(vary, a);
		memset(ax, 0, sizeof(*ax));
		ax->path = k->text;
		ax->path_len = strlen(k->text);
		ax->key = k;
		ax->node = wf_node_value(vary, a);
		for (b = 0; b < a; b++)
			if (strcmp(sw->axes[b].path, ax->path) == 0)
				rc = wf_sw_at(err, WF_EINPUT, k, "vary: %s is varied twice",
					      ax->path);
		if (rc == 0)
			rc = check_path(ax, k, err);
		if (rc == 0)
			rc = axis_size(sw, ax, ax->node, qp, max, err);
	}
	return rc;
}

int wf_sw_load_axes(wf_sweep *sw, const wf_node *vary, unsigned long long max,
		    wf_error *err)
{
	wf_qparser *qp = NULL;
	size_t a;
	int rc = 0;

	if (vary->type != WF_NODE_MAP || vary->n == 0)
		return wf_sw_at(err, WF_EINPUT, vary, "vary: expected a mapping of PATH: "
				"values (a list, range(a, b, step) or \"re:REGEX\"), got %s",
				vary->type == WF_NODE_MAP ? "an empty mapping"
							  : wf_node_type_name(vary->type));
	sw->n_axes = vary->n;
	if (!(sw->axes = wf_arena_alloc(&sw->arena, vary->n * sizeof(*sw->axes))) ||
	    wf_qparser_new(&qp))
		return wf_sw_nomem(err);
	rc = size_axes(sw, vary, qp, max, err);
	if (rc == 0)
		rc = count_points(sw, vary, max, err);
	for (a = 0; a < sw->n_axes && rc == 0; a++) {
		sw_axis *ax = &sw->axes[a];
		if (ax->kind == AX_LIST)
			rc = list_axis(sw, ax, ax->node, qp, err);
		else if (ax->kind == AX_RANGE)
			rc = range_fill(sw, ax, err);
		if (rc == 0)
			rc = classify(sw, ax, qp, err);
	}
	wf_qparser_free(qp);
	if (rc == 0 &&
	    !(sw->struct_axes = wf_arena_alloc(&sw->arena, sw->n_axes * sizeof(size_t))))
		rc = wf_sw_nomem(err);
	for (a = 0; a < sw->n_axes && rc == 0; a++)
		if (sw->axes[a].pin < 0)
			sw->struct_axes[sw->n_struct++] = a;
	return rc;
}

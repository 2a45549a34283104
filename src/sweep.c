/*
 * sweep.c - batch scenario sweeps: load a `sweep:` (base scenario, axes,
 * mode, samples, outputs), check every value before any point runs, and
 * describe the sweep (columns, values, fingerprint).  The other files of
 * the module (sweep_int.h) read the axes, evaluate points and write rows.
 *
 * Nothing here prints, exits or keeps global state; the CLI (cmd_sweep.c)
 * does files, threads, ordering and resume.
 */
#include "sweep_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "file.h"

const char *const wf_sw_qnames[SW_NQ] = {"mean", "sd", "p05", "p50", "p95"};

/* What each row says its intensity is, after the values: the columns of
 * `wattif run --format csv` (appended, never renamed). */
const char *const wf_sw_desc_names[SW_NDESC] = {"region", "year", "basis",
						 "intensity_source", "profile"};

int wf_sw_at(wf_error *err, int code, const wf_node *n, const char *fmt, ...)
{
	char msg[sizeof(err->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return wf_error_set(err, code, "sweep", n ? n->file : NULL, n ? n->line : 0,
			    n ? n->col : 0, "%s", msg);
}

int wf_sw_nomem(wf_error *err)
{
	return wf_error_set(err, WF_ENOMEM, "sweep", NULL, 0, 0, "out of memory");
}

/* --------------------------------------------------------------- loading */

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
			return wf_sw_at(err, WF_EINPUT, on, "outputs: expected a list of 1 to %d "
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
				return wf_sw_at(err, WF_EINPUT, it, "outputs: unknown output \"%s\"%s%s%s",
					  it->type == WF_NODE_SCALAR ? it->text : "?",
					  near ? " (did you mean \"" : "", near ? near : "",
					  near ? "\"?)" : "");
			}
			for (j = 0; j < i; j++)
				if (sw->outs[j] == k)
					return wf_sw_at(err, WF_EINPUT, it, "outputs: %s is listed twice",
						  it->text);
			sw->outs[i] = k;
		}
		sw->n_outs = on->n;
	}
	sw->n_values = sw->n_outs * (sw->samples > 1 ? 1 + SW_NQ : 1);
	sw->n_columns = sw->n_axes + sw->n_values + SW_NDESC;
	sw->columns = wf_arena_alloc(&sw->arena, sw->n_columns * sizeof(*sw->columns));
	if (!sw->columns)
		return wf_sw_nomem(err);
	for (i = 0; i < sw->n_axes; i++)
		sw->columns[i] = sw->axes[i].path;
	for (c = sw->n_axes, i = 0; i < sw->n_outs; i++)
		sw->columns[c++] = names[sw->outs[i]];
	for (i = 0; sw->samples > 1 && i < sw->n_outs; i++)
		for (j = 0; j < SW_NQ; j++) {
			char b[64];
			snprintf(b, sizeof b, "%s_%s", names[sw->outs[i]], wf_sw_qnames[j]);
			if (!(sw->columns[c++] = wf_arena_strdup(&sw->arena, b)))
				return wf_sw_nomem(err);
		}
	for (j = 0; j < SW_NDESC; j++)
		sw->columns[c++] = wf_sw_desc_names[j];
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
			return wf_sw_nomem(err);
		memcpy(full, path, dl);
		strcpy(full + dl, bn->text);
		wf_error_clear(&e);
		if ((rc = wf_scenario_load(&sw->basefile, sw->overlay, full, &e))) {
			if (e.line > 0)
				wf_error_set(err, rc, e.module, e.file, e.line, e.col, "%s",
					     e.message);
			else
				wf_sw_at(err, rc, bn, "base: %s%s%s", e.file[0] ? e.file : "",
				   e.file[0] ? ": " : "", e.message);
			return rc;
		}
		sw->base_node = sw->basefile->root;
		sw->base_file = sw->basefile->file;
		sw->sc_cat = sw->basefile->overlay;
	} else {
		return wf_sw_at(err, WF_EINPUT, bn, "base: expected a scenario file or a scenario "
			  "mapping, got %s", wf_node_type_name(bn->type));
	}
	if (sw->base_node->type != WF_NODE_MAP)
		return wf_sw_at(err, WF_EINPUT, sw->base_node, "base: expected a scenario mapping");
	idn = wf_node_get(sw->base_node, "id");
	if ((rc = wf_label_check(idn, "id", "sweep", err)))
		return rc;
	sw->base_id = idn ? idn->text : sw->base_file;
	sw->projection = wf_node_get(sw->base_node, "years") != NULL;
	idn = wf_node_get(sw->base_node, "seed");
	if (idn) {
		long s;
		if ((rc = wf_node_count(idn, "seed", 0, 2147483647L, 1, &s, "sweep", err)))
			return rc;
		sw->seed = (unsigned long)(s ? s : 1);
	}
	return 0;
}

/* Are two points' structural values the same? */
static int same_struct(const wf_sweep *sw, const size_t *x, const size_t *y)
{
	size_t a;

	for (a = 0; a < sw->n_axes; a++)
		if (sw->axes[a].pin < 0 &&
		    wf_sw_vid(&sw->axes[a], x[a]) != wf_sw_vid(&sw->axes[a], y[a]))
			return 0;
	return 1;
}

static int check_one(const wf_sweep *sw, const size_t *idx, size_t k, wf_error *err)
{
	wf_scenario *sc = NULL;
	wf_plan pl;
	int rc = wf_sw_resolve_point(&sc, &pl, sw, idx, k, err);

	if (rc == 0 && sc) { /* a projection's point is checked without a plan */
		wf_plan_release(&pl);
		wf_scenario_free(sc);
	}
	return rc;
}

/* Zip: resolve each point whose structural values differ from the last
 * few checked (fast values were checked by their axes), so a zip of
 * repeated combinations resolves each about once, and memory stays flat. */
static int check_zip(const wf_sweep *sw, size_t *idx, wf_error *err)
{
	enum { RING = 8 };
	size_t *seen = malloc(RING * sw->n_axes * sizeof(*seen)), n_seen = 0, k, r;
	int rc = 0;

	if (!seen)
		return wf_sw_nomem(err);
	for (k = 0; k < sw->n_points && rc == 0; k++) {
		wf_sw_decode(sw, k, idx);
		for (r = 0; r < n_seen && r < RING; r++)
			if (same_struct(sw, seen + r * sw->n_axes, idx))
				break;
		if (r < n_seen && r < RING)
			continue;
		memcpy(seen + (n_seen++ % RING) * sw->n_axes, idx, sw->n_axes * sizeof(*idx));
		rc = check_one(sw, idx, k, err);
		if (sw->n_struct == 0)
			break; /* one point: every value was checked by its axis */
	}
	free(seen);
	return rc;
}

/* Resolve one point per value of each structural axis (the others at
 * their first value), so a bad id or value fails before any row; zip:
 * check_zip.  A fast axis's values were checked when it was read. */
static int check_points(wf_sweep *sw, wf_error *err)
{
	size_t *idx = calloc(sw->n_axes, sizeof(*idx));
	size_t a, i, b, k;
	int rc = 0;

	if (!idx)
		return wf_sw_nomem(err);
	if (sw->zip) {
		rc = check_zip(sw, idx, err);
		free(idx);
		return rc;
	}
	for (a = 0; a < sw->n_axes && rc == 0; a++) {
		const sw_axis *ax = &sw->axes[a];
		for (i = a ? 1 : 0; i < ax->n && rc == 0; i++) {
			if (i > 0 && ax->pin >= 0)
				break; /* its values were checked by classify */
			if (wf_sw_vid(ax, i) != i)
				continue; /* the same text as an earlier value */
			for (k = 0, b = 0; b < sw->n_axes; b++) {
				idx[b] = b == a ? i : 0;
				k += idx[b] * sw->axes[b].stride;
			}
			rc = check_one(sw, idx, k, err);
		}
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
		return wf_sw_nomem(err);
	wf_arena_init(&sw->arena);
	sw->seed = 1;
	if ((rc = wf_catalog_new(&sw->overlay))) {
		rc = wf_sw_nomem(err);
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
		rc = wf_sw_at(err, WF_EINPUT, sw->overlay->sweeps[1].node,
			"expected one sweep, found %zu (one per file)", sw->overlay->n_sweeps);
		goto fail;
	}
	sn = sw->overlay->sweeps[0].node;
	if ((rc = wf_check_keys(sn, keys, sizeof keys / sizeof *keys, "sweep", err)))
		goto fail;
	if (!(vary = wf_node_get(sn, "vary"))) {
		rc = wf_sw_at(err, WF_EINPUT, sn, "sweep: missing required key \"vary\" (the axes)");
		goto fail;
	}
	mn = wf_node_get(sn, "mode");
	if (mn && (mn->type != WF_NODE_SCALAR ||
		   (strcmp(mn->text, "product") && strcmp(mn->text, "zip")))) {
		rc = wf_sw_at(err, WF_EINPUT, mn, "mode: expected product or zip, got \"%s\"",
			mn->type == WF_NODE_SCALAR ? mn->text : "?");
		goto fail;
	}
	sw->zip = mn && strcmp(mn->text, "zip") == 0;
	if ((rc = wf_node_count(wf_node_get(sn, "samples"), "samples", 0, 100000000L, 0,
			    &samples, "sweep", err)))
		goto fail;
	sw->samples = samples > 1 ? samples : 0;
	if ((rc = load_base(sw, wf_node_get(sn, "base"), path, err)) ||
	    (rc = wf_sw_load_axes(sw, vary, max, err)) ||
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
		for (i = 0; i < sw->n_columns; i++)
			fp_put(&h[k], sw->columns[i], strlen(sw->columns[i]));
		for (a = 0; a < sw->n_axes; a++) {
			const sw_axis *ax = &sw->axes[a];
			if (!ax->text) { /* a long range: its values follow from it */
				n = snprintf(num, sizeof num, "range %zu", ax->n);
				fp_put(&h[k], num, n);
				fp_put(&h[k], ax->node->text, strlen(ax->node->text));
				continue;
			}
			for (i = 0; i < ax->n; i++)
				fp_put(&h[k], ax->text[i], strlen(ax->text[i]));
		}
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

WF_API size_t wf_sweep_column_count(const wf_sweep *sw)
{
	return sw ? sw->n_columns : 0;
}

WF_API const char *wf_sweep_column(const wf_sweep *sw, size_t j)
{
	return sw && j < sw->n_columns ? sw->columns[j] : NULL;
}

WF_API long wf_sweep_samples(const wf_sweep *sw)
{
	return sw ? sw->samples : 0;
}

/* The value index of point k on axis a. */
static size_t value_index(const wf_sweep *sw, size_t k, size_t a)
{
	return sw->zip ? k : (k / sw->axes[a].stride) % sw->axes[a].n;
}

WF_API const char *wf_sweep_axis_value(const wf_sweep *sw, size_t k, size_t a)
{
	if (!sw || k >= sw->n_points || a >= sw->n_axes || !sw->axes[a].text)
		return NULL;
	return sw->axes[a].text[value_index(sw, k, a)];
}

WF_API size_t wf_sweep_axis_text(char *buf, size_t size, const wf_sweep *sw, size_t k,
				 size_t a)
{
	char tb[SW_TEXT_MAX];
	const char *t;
	size_t n;

	if (!sw || k >= sw->n_points || a >= sw->n_axes) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	t = wf_sw_text(sw, a, value_index(sw, k, a), tb);
	n = strlen(t);
	if (size) {
		size_t m = n < size ? n : size - 1;
		memcpy(buf, t, m);
		buf[m] = '\0';
	}
	return n;
}


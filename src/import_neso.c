/*
 * import_neso.c - responses of the NESO Carbon Intensity API
 * (api.carbonintensity.org.uk) into an import table.
 *
 * Shapes read (the API's documentation, carbon-intensity/api-definitions):
 *  national   {"data": [{"from", "to", "intensity": {"forecast", "actual",
 *             "index"}}]}                        (/intensity/{from}/{to})
 *  generation {"data": [{"from", "to", "generationmix": [{"fuel", "perc"}]}]}
 *                                                (/generation/{from}/{to})
 *  regional   {"data": [{"from", "to", "regions": [{"regionid",
 *             "dnoregion", "shortname", "intensity": {"forecast", "index"},
 *             "generationmix": [...]}]}]}   (/regional/intensity/{from}/{to})
 *  one region {"data": {"regionid", "dnoregion", "shortname", "data": [{
 *             "from", "to", "intensity", "generationmix"}]}} (also with
 *             "data" a list of such objects; .../regionid/{id}, .../postcode)
 *
 * JSON is read with libyaml (JSON is a subset of YAML 1.2, and libyaml
 * reads it) through doc.c, so every value keeps its file:line:col for the
 * messages.  Times must carry their zone (the API writes ...Z).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "error.h"
#include "file.h"
#include "import_int.h"

enum { K_NATIONAL = 1, K_GENERATION, K_REGIONAL };

static const char *const kind_name[] = {"", "national intensity", "national generation mix",
					"regional"};

static int bad(imp_table *tab, const wf_node *n, const char *fmt, const char *a)
{
	return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, n->file, n->line, n->col, fmt, a);
}

/* map[key], which must be of type t. */
static int need(imp_table *tab, const wf_node *map, const char *key, wf_node_type t,
		const wf_node **out)
{
	char msg[160];

	*out = wf_node_get(map, key);
	if (!*out) {
		snprintf(msg, sizeof msg, "expected a \"%%s\" key in this %s",
			 map->type == WF_NODE_MAP ? "object" : "value");
		return bad(tab, map, msg, key);
	}
	if ((*out)->type != t) {
		snprintf(msg, sizeof msg, "%%s: expected %s",
			 t == WF_NODE_MAP ? "an object" : t == WF_NODE_SEQ ? "a list" : "a value");
		return bad(tab, *out, msg, key);
	}
	return 0;
}

static int is_null(const wf_node *n)
{
	return n->type == WF_NODE_SCALAR && n->plain && !strcmp(n->text, "null");
}

/* A JSON number in [lo, hi] (null: NAN when allow_null). */
static int number(imp_table *tab, const wf_node *n, const char *what, double lo, double hi,
		  int allow_null, double *v)
{
	char *end;

	if (allow_null && is_null(n)) {
		*v = NAN;
		return 0;
	}
	if (n->type == WF_NODE_SCALAR && n->plain) {
		*v = strtod(n->text, &end);
		if (end != n->text && !*end && isfinite(*v) && *v >= lo && *v <= hi)
			return 0;
	}
	return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, n->file, n->line, n->col,
			    "%s: expected a number from %g to %g%s, got %s%.40s%s", what, lo, hi,
			    allow_null ? " or null" : "", n->plain ? "" : "\"",
			    n->type == WF_NODE_SCALAR ? n->text : "a list or object",
			    n->plain ? "" : "\"");
}

/* A "from"/"to" time, which must name its zone. */
static int when(imp_table *tab, const wf_node *n, double *t)
{
	const char *why;
	imp_time tm;
	size_t k;

	if (n->type != WF_NODE_SCALAR)
		return bad(tab, n, "expected a date-time such as \"%s\"", "2024-01-01T00:00Z");
	k = imp_time_read(n->text, 0, &tm, &why);
	if (!k || n->text[k])
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, n->file, n->line, n->col,
				    "%s, got \"%.40s\"", k ? "expected a date-time" : why, n->text);
	if (!tm.zoned)
		return bad(tab, n, "time zone: \"%s\" has none; the API writes UTC times "
			   "ending in Z", n->text);
	*t = tm.t;
	return 0;
}

/* The intensity figure --value picks (actual for national data by
 * default, forecast for regional: NESO publishes no regional actual). */
static int intensity(imp_table *tab, const wf_node *p, double *ci)
{
	const wf_node *in, *v;
	const char *key = tab->opt->value;
	int rc;

	if (!key)
		key = tab->kind == K_REGIONAL ? "forecast" : "actual";
	if ((rc = need(tab, p, "intensity", WF_NODE_MAP, &in)))
		return rc;
	if (!(v = wf_node_get(in, key))) {
		if (tab->kind == K_REGIONAL && !strcmp(key, "actual"))
			return bad(tab, in, "intensity: regional data have no \"%s\" (NESO "
				   "publishes regional forecasts only)", key);
		return bad(tab, in, "intensity: no \"%s\" (--value forecast or actual)", key);
	}
	return number(tab, v, key, 0, 1e5, 1, ci);
}

/* generationmix: [{fuel, perc}], shares summing to 100 +- 1. */
static int mix(imp_table *tab, const wf_node *g, imp_fv *fv, size_t *nv)
{
	double sum = 0;
	size_t i, j, f;
	int rc, gaps = 0;

	if (g->type != WF_NODE_SEQ)
		return bad(tab, g, "%s: expected a list of {fuel, perc}", "generationmix");
	*nv = 0;
	for (i = 0; i < g->n; i++) {
		const wf_node *it = g->items[i], *fn, *pn;
		imp_pos at = {tab->file, it->line, it->col};
		if (it->type != WF_NODE_MAP)
			return bad(tab, it, "%s: expected {\"fuel\": ..., \"perc\": ...}",
				   "generationmix");
		if ((rc = need(tab, it, "fuel", WF_NODE_SCALAR, &fn)) ||
		    (rc = need(tab, it, "perc", WF_NODE_SCALAR, &pn)))
			return rc;
		at.line = fn->line, at.col = fn->col;
		if (*nv == IMP_MAX_FUELS)
			return bad(tab, it, "generationmix: more than 64 fuels%s", "");
		if ((rc = imp_table_fuel(tab, fn->text, at, &f)))
			return rc;
		for (j = 0; j < *nv; j++)
			if (fv[j].fuel == f)
				return bad(tab, fn, "generationmix: fuel \"%s\" twice", fn->text);
		fv[*nv].fuel = (unsigned short)f;
		fv[*nv].col = pn->col;
		if ((rc = number(tab, pn, "perc", 0, 100, 1, &fv[*nv].v)))
			return rc;
		if (isnan(fv[*nv].v))
			gaps = 1;
		else
			sum += fv[*nv].v;
		(*nv)++;
	}
	if (!gaps && *nv && fabs(sum - 100) > 1) {
		char s[64];
		snprintf(s, sizeof s, "%g", sum);
		return bad(tab, g, "generationmix: the shares sum to %s%%, not 100 +- 1", s);
	}
	return 0;
}

/* One period of one region. */
static int period(imp_table *tab, const wf_node *p, const wf_node *region_mix_from,
		  size_t region)
{
	const wf_node *fn, *tn, *g;
	imp_fv fv[IMP_MAX_FUELS];
	size_t nv = 0;
	double from, to, ci = NAN;
	imp_pos at;
	int rc;

	if (p->type != WF_NODE_MAP)
		return bad(tab, p, "expected an object with \"from\" and \"to\"%s", "");
	if ((rc = need(tab, p, "from", WF_NODE_SCALAR, &fn)) ||
	    (rc = need(tab, p, "to", WF_NODE_SCALAR, &tn)) || (rc = when(tab, fn, &from)) ||
	    (rc = when(tab, tn, &to)))
		return rc;
	if (tab->kind != K_GENERATION && (rc = intensity(tab, region_mix_from, &ci)))
		return rc;
	g = wf_node_get(region_mix_from, "generationmix");
	if (tab->kind == K_GENERATION && !g)
		return bad(tab, region_mix_from, "expected a \"%s\" list", "generationmix");
	if (g && tab->kind == K_NATIONAL)
		tab->ignored++;
	else if (g && (rc = mix(tab, g, fv, &nv)))
		return rc;
	at.file = tab->file, at.line = fn->line, at.col = fn->col;
	return imp_table_add(tab, region, from, to - from, ci, fv, nv, at);
}

/* A region object {regionid, shortname, ...}: its table region. */
static int region_of(imp_table *tab, const wf_node *r, size_t *k)
{
	const wf_node *id, *sn;
	imp_pos at;
	double v;
	int rc;

	if (r->type != WF_NODE_MAP)
		return bad(tab, r, "expected a region object with \"%s\"", "regionid");
	if ((rc = need(tab, r, "regionid", WF_NODE_SCALAR, &id)) ||
	    (rc = need(tab, r, "shortname", WF_NODE_SCALAR, &sn)) ||
	    (rc = number(tab, id, "regionid", 1, 1e6, 0, &v)))
		return rc;
	if (v != floor(v))
		return bad(tab, id, "regionid: expected a whole number, got %s", id->text);
	at.file = tab->file, at.line = id->line, at.col = id->col;
	return imp_table_region(tab, id->text, sn->text, at, k);
}

/* The kind of a response from its "data". */
static int kind_of(imp_table *tab, const wf_node *data, int *kind)
{
	const wf_node *first = data;

	if (data->type == WF_NODE_SEQ) {
		if (data->n == 0)
			return bad(tab, data, "data: an empty list%s", "");
		first = data->items[0];
	}
	if (first->type != WF_NODE_MAP)
		return bad(tab, first, "data: expected objects with \"from\" and \"to\"%s", "");
	if (wf_node_get(first, "regions") || wf_node_get(first, "regionid"))
		*kind = K_REGIONAL;
	else if (wf_node_get(first, "intensity"))
		*kind = K_NATIONAL;
	else if (wf_node_get(first, "generationmix"))
		*kind = K_GENERATION;
	else
		return bad(tab, first, "data: expected periods with \"intensity\", "
			   "\"generationmix\" or \"regions\"%s", "");
	if (data->type == WF_NODE_MAP && *kind != K_REGIONAL)
		return bad(tab, data, "data: expected a list%s", "");
	return 0;
}

/* One region's {regionid, ..., data: [periods]}. */
static int one_region(imp_table *tab, const wf_node *r)
{
	const wf_node *d;
	size_t k, i;
	int rc;

	if ((rc = region_of(tab, r, &k)) || (rc = need(tab, r, "data", WF_NODE_SEQ, &d)))
		return rc;
	for (i = 0; i < d->n; i++)
		if ((rc = period(tab, d->items[i], d->items[i], k)))
			return rc;
	return 0;
}

static int read_data(imp_table *tab, const wf_node *data)
{
	size_t i, j, k;
	int rc;

	if (data->type == WF_NODE_MAP)
		return one_region(tab, data);
	for (i = 0; i < data->n; i++) {
		const wf_node *p = data->items[i], *regs;
		if (tab->kind != K_REGIONAL) {
			if ((rc = period(tab, p, p, 0)))
				return rc;
			continue;
		}
		if (p->type == WF_NODE_MAP && wf_node_get(p, "regionid")) {
			if ((rc = one_region(tab, p)))
				return rc;
			continue;
		}
		if (p->type != WF_NODE_MAP)
			return bad(tab, p, "expected a period with \"%s\"", "regions");
		if ((rc = need(tab, p, "regions", WF_NODE_SEQ, &regs)))
			return rc;
		for (j = 0; j < regs->n; j++)
			if ((rc = region_of(tab, regs->items[j], &k)) ||
			    (rc = period(tab, p, regs->items[j], k)))
				return rc;
	}
	return 0;
}

int imp_read_neso(imp_table *tab, const char *path)
{
	wf_arena a;
	wf_node *root;
	const wf_node *data, *e;
	wf_file_stamp st;
	int rc, kind = 0, fd;

	wf_arena_init(&a);
	if ((rc = imp_table_file(tab, path)))
		goto out;
	if ((rc = wf_file_open(&fd, &st, path, WF_DOC_MAX_BYTES, IMP_MOD, NULL, "JSON files",
			       tab->err)))
		goto out;
	rc = wf_doc_load_fd(&root, &a, path, fd, &st, NULL, NULL, tab->err);
	close(fd);
	if (rc) {
		/* the parser's words are about YAML; the file is JSON */
		if (tab->err && !strncmp(tab->err->message, "malformed YAML", 14))
			memcpy(tab->err->message + 10, "JSON", 4);
		goto out;
	}
	if (root->type != WF_NODE_MAP) {
		rc = bad(tab, root, "expected a JSON object with \"%s\"", "data");
		goto out;
	}
	if ((e = wf_node_get(root, "error"))) {
		const wf_node *m = e->type == WF_NODE_MAP ? wf_node_get(e, "message") : NULL;
		rc = bad(tab, e, "the API answered with an error: %s",
			 m && m->type == WF_NODE_SCALAR ? m->text : "(no message)");
		goto out;
	}
	if (!(data = wf_node_get(root, "data")) || data->type == WF_NODE_SCALAR) {
		rc = bad(tab, data ? data : root, "expected %s", data ? "data to be a list or "
			 "an object" : "a \"data\" key (a Carbon Intensity API response)");
		goto out;
	}
	if ((rc = kind_of(tab, data, &kind)))
		goto out;
	if (tab->kind && kind != tab->kind) {
		rc = wf_error_set(tab->err, WF_EINPUT, IMP_MOD, data->file, data->line, data->col,
				  "a %s response after %s ones: import one kind at a time",
				  kind_name[kind], kind_name[tab->kind]);
		goto out;
	}
	tab->kind = kind;
	if (kind != K_REGIONAL && !tab->nreg) {
		imp_pos at = {tab->file, 1, 1};
		size_t r;
		if ((rc = imp_table_region(tab, "", "", at, &r)))
			goto out;
	}
	tab->has_ci = kind != K_GENERATION;
	tab->regional = kind == K_REGIONAL;
	tab->unit = "_pct";
	rc = read_data(tab, data);
	if (rc == 0 && tab->ignored)
		imp_note(tab, "%s: the generation mix of %zu national periods left out (the "
			 "one-series layout has no fuel columns; /generation responses are "
			 "imported on their own)", tab->file, tab->ignored);
	tab->ignored = 0;
out:
	wf_arena_release(&a);
	return rc;
}

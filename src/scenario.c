/*
 * scenario.c - loading a scenario file over a catalog and applying --set.
 */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

int wf_check_keys(const wf_node *map, const char *const *allowed, size_t n,
		  const char *what, wf_error *err)
{
	size_t i, j;

	if (map->type != WF_NODE_MAP)
		return wf_error_set(err, WF_EINPUT, "scenario", map->file, map->line,
				    map->col, "%s: expected a mapping, got %s", what,
				    wf_node_type_name(map->type));
	for (i = 0; i < map->n; i++) {
		const wf_node *k = wf_node_key(map, i);
		const char *near;
		for (j = 0; j < n; j++)
			if (strcmp(k->text, allowed[j]) == 0)
				break;
		if (j < n)
			continue;
		near = wf_nearest(k->text, allowed, n);
		return wf_doc_unknown_key(err, "scenario", map, i, what, near);
	}
	return 0;
}

int wf_path_ok(const char *path, size_t len)
{
	size_t i;

	if (len == 0 || path[0] == '.' || path[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if (path[i] == '=' || path[i] == '\0' || (path[i] == '.' && path[i + 1] == '.'))
			return 0;
	return 1;
}

int wf_label_check(const wf_node *n, const char *key, const char *module, wf_error *err)
{
	const unsigned char *p;

	if (!n)
		return 0;
	if (n->type != WF_NODE_SCALAR || !n->text[0])
		return wf_error_set(err, WF_EINPUT, module, n->file, n->line, n->col,
				    "%s: expected a name, got %s", key,
				    n->type == WF_NODE_SCALAR ? "an empty value"
							      : wf_node_type_name(n->type));
	for (p = (const unsigned char *)n->text; *p; p++)
		/* C0 controls, DEL and the C1 controls U+0080..U+009F (UTF-8 C2 80..
		 * C2 9F): a terminal would act on them when the id is printed */
		if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return wf_error_set(err, WF_EINPUT, module, n->file, n->line,
					    n->col + (int)(p - (const unsigned char *)n->text) +
						    (n->plain ? 0 : 1),
					    "%s: control character 0x%02x; a name is printable "
					    "text", key, p[0] == 0xC2 ? p[1] : *p);
	return 0;
}

/* Copy the i-th scenario node so --set can edit it. */
static int take_scenario(wf_scenario *sc, size_t i, wf_error *err)
{
	const wf_node *idn;
	int rc;

	sc->root = wf_node_copy(&sc->arena, sc->overlay->scenarios[i].node);
	sc->file = sc->overlay->scenarios[i].file;
	if (!sc->root)
		return wf_error_set(err, WF_ENOMEM, "scenario", sc->file, 0, 0,
				    "out of memory");
	idn = wf_node_get(sc->root, "id");
	if ((rc = wf_label_check(idn, "id", "scenario", err)))
		return rc;
	sc->id = idn ? idn->text : sc->file;
	return 0;
}

WF_API size_t wf_catalog_scenario_count(const wf_catalog *cat)
{
	return cat ? cat->n_scenarios : 0;
}

WF_API size_t wf_catalog_sweep_count(const wf_catalog *cat)
{
	return cat ? cat->n_sweeps : 0;
}

WF_API int wf_scenario_from_catalog(wf_scenario **out, const wf_catalog *cat,
				    size_t i, wf_error *err)
{
	wf_scenario *sc;
	int rc;

	if (!out || !cat || !cat->finished || i >= cat->n_scenarios)
		return wf_error_set(err, WF_EINPUT, "scenario", NULL, 0, 0,
				    "wf_scenario_from_catalog: no scenario %zu in a "
				    "finished catalog", i);
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return wf_error_set(err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
	wf_arena_init(&sc->arena);
	sc->overlay = (wf_catalog *)cat; /* read only: never written or freed */
	if ((rc = take_scenario(sc, i, err))) {
		wf_scenario_free(sc);
		return rc;
	}
	*out = sc;
	return 0;
}

/* A scenario from a model file (text == NULL) or from text held in memory
 * that stands for the file `path`. */
static int load_scenario(wf_scenario **out, const wf_catalog *base, const char *path,
			 const char *text, size_t len, wf_error *err)
{
	wf_scenario *sc;
	int rc;

	if (!out || !base || !path)
		return wf_error_set(err, WF_EINPUT, "scenario", NULL, 0, 0,
				    "wf_scenario_load: NULL argument");
	if (!base->finished)
		return wf_error_set(err, WF_EINPUT, "scenario", NULL, 0, 0,
				    "wf_scenario_load: finish the base catalog first");
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return wf_error_set(err, WF_ENOMEM, "scenario", path, 0, 0, "out of memory");
	wf_arena_init(&sc->arena);
	if ((rc = wf_catalog_new(&sc->overlay)))
		goto fail;
	sc->owns_overlay = 1;
	sc->overlay->parent = base;
	rc = text ? wf_catalog_load_text(sc->overlay, text, len, path, err)
		  : wf_catalog_load(sc->overlay, path, err);
	if (rc || (rc = wf_catalog_finish(sc->overlay, err)))
		goto fail;
	if (sc->overlay->n_scenarios != 1) {
		if (sc->overlay->n_scenarios == 0)
			rc = wf_error_set(err, WF_EINPUT, "scenario", path, 0, 0,
					  "no scenario: expected a top-level \"scenario:\" key");
		else
			rc = wf_error_set(err, WF_EINPUT, "scenario", path, 0, 0,
					  "expected one scenario, found %zu (one per file)",
					  sc->overlay->n_scenarios);
		goto fail;
	}
	if ((rc = take_scenario(sc, 0, err)))
		goto fail;
	*out = sc;
	return 0;
fail:
	wf_scenario_free(sc);
	return rc ? rc : WF_ENOMEM;
}

WF_API int wf_scenario_load(wf_scenario **out, const wf_catalog *base,
			    const char *path, wf_error *err)
{
	return load_scenario(out, base, path, NULL, 0, err);
}

WF_API int wf_scenario_load_text(wf_scenario **out, const wf_catalog *base,
				 const char *text, size_t len, const char *name,
				 wf_error *err)
{
	if (!text)
		return wf_error_set(err, WF_EINPUT, "scenario", NULL, 0, 0,
				    "wf_scenario_load_text: NULL text");
	return load_scenario(out, base, name ? name : "<text>", text, len, err);
}

WF_API void wf_scenario_free(wf_scenario *sc)
{
	if (!sc)
		return;
	if (sc->owns_overlay)
		wf_catalog_free(sc->overlay);
	wf_arena_release(&sc->arena);
	free(sc);
}

WF_API const wf_catalog *wf_scenario_catalog(const wf_scenario *sc)
{
	return sc ? sc->overlay : NULL;
}

WF_API const char *wf_scenario_id(const wf_scenario *sc)
{
	return sc ? sc->id : "";
}

WF_API int wf_scenario_is_projection(const wf_scenario *sc)
{
	return sc && wf_node_get(sc->root, "years") != NULL;
}

/* Every node of an override carries the assignment as its origin. */
static void mark_origin(wf_node *n, const char *origin)
{
	size_t i, count = wf_node_children(n);

	n->file = origin;
	n->line = 0;
	n->col = 0;
	for (i = 0; i < count; i++)
		mark_origin(n->items[i], origin);
}

static wf_node *new_map(wf_arena *a, const char *origin)
{
	wf_node *m = wf_arena_alloc(a, sizeof(*m));

	if (m) {
		m->type = WF_NODE_MAP;
		m->file = origin;
		m->text = "";
	}
	return m;
}

WF_API int wf_scenario_set(wf_scenario *sc, const char *assignment, wf_error *err)
{
	const char *eq = assignment ? strchr(assignment, '=') : NULL;
	char *path, *comp, *save = NULL, *next;
	wf_node *value, *cur;
	const char *origin;
	int rc;

	if (!sc || !eq || eq == assignment)
		return wf_error_set(err, WF_EINPUT, "scenario", "--set", 0, 0,
				    "expected PATH=VALUE (e.g. workload.devices=4096), got "
				    "\"%s\"", assignment ? assignment : "");
	{
		size_t l = strlen(assignment);
		char *o = wf_arena_alloc(&sc->arena, l + 7);
		if (o) {
			memcpy(o, "--set ", 6);
			memcpy(o + 6, assignment, l + 1);
		}
		origin = o;
	}
	if (!wf_path_ok(assignment, (size_t)(eq - assignment)))
		return wf_error_set(err, WF_EINPUT, "scenario", "--set", 0, 0,
				    "%s: expected a scenario path such as site.pue before '=', "
				    "got \"%.*s\"", assignment, (int)(eq - assignment), assignment);
	path = wf_arena_strndup(&sc->arena, assignment, (size_t)(eq - assignment));
	if (!origin || !path)
		return wf_error_set(err, WF_ENOMEM, "scenario", "--set", 0, 0, "out of memory");
	{
		char name[600];
		snprintf(name, sizeof(name), "--set %s", path);
		if ((rc = wf_doc_load_buffer(&value, &sc->arena, eq + 1, strlen(eq + 1), name,
					     1, 1, err)))
			return rc;
	}
	if (eq[1] == '\0')
		return wf_error_set(err, WF_EINPUT, "scenario", "--set", 0, 0,
				    "%s: empty value", assignment);
	mark_origin(value, origin);
	cur = sc->root;
	comp = strtok_r(path, ".", &save);
	while (comp) {
		wf_node *child;
		next = strtok_r(NULL, ".", &save);
		if (!next)
			break;
		child = wf_node_get(cur, comp);
		if (child && child->type == WF_NODE_SCALAR && cur == sc->root &&
		    strcmp(comp, "workload") == 0) {
			/* workload: ID names a catalog entry; keep it and record the
			 * change beside it. */
			if (!sc->wl_over && !(sc->wl_over = new_map(&sc->arena, origin)))
				return wf_error_set(err, WF_ENOMEM, "scenario", "--set", 0, 0,
						    "out of memory");
			child = sc->wl_over;
		} else if (child && child->type != WF_NODE_MAP) {
			return wf_error_set(err, WF_EINPUT, "scenario", "--set", 0, 0,
					    "%s: \"%s\" is %s at %s:%d, not a mapping; cannot "
					    "set a key inside it", assignment, comp,
					    wf_node_type_name(child->type), child->file,
					    child->line);
		} else if (!child) {
			if (!(child = new_map(&sc->arena, origin)) ||
			    wf_node_put(&sc->arena, cur, comp, child, origin, 0, 0))
				return wf_error_set(err, WF_ENOMEM, "scenario", "--set", 0, 0,
						    "out of memory");
		}
		cur = child;
		comp = next;
	}
	if (!comp)
		return wf_error_set(err, WF_EINPUT, "scenario", "--set", 0, 0,
				    "%s: empty path", assignment);
	if (cur == sc->root && strcmp(comp, "id") == 0) {
		/* the id names the results: take it now, checked as in a file */
		if ((rc = wf_label_check(value, "id", "scenario", err)))
			return rc;
		sc->id = value->text;
	}
	if (wf_node_put(&sc->arena, cur, comp, value, origin, 0, 0))
		return wf_error_set(err, WF_ENOMEM, "scenario", "--set", 0, 0, "out of memory");
	return 0;
}

int wf_node_count(const wf_node *n, const char *key, long lo, long hi, long def,
		  long *out, const char *module, wf_error *err)
{
	char *end = NULL;
	long v;

	*out = def;
	if (!n)
		return 0;
	v = n->type == WF_NODE_SCALAR ? strtol(n->text, &end, 10) : 0;
	if (n->type != WF_NODE_SCALAR || *end || end == n->text || v < lo || v > hi)
		return wf_error_set(err, WF_EINPUT, module, n->file, n->line, n->col,
				    "%s: expected a whole number from %ld to %ld, got \"%s\"",
				    key, lo, hi, n->type == WF_NODE_SCALAR ? n->text : "?");
	*out = v;
	return 0;
}

/* ------------------------------------------------------------ measured */

WF_API int wf_scenario_has_measured(const wf_scenario *sc)
{
	return sc && wf_node_get(sc->root, "measured") != NULL;
}

WF_API int wf_scenario_measured(wf_scenario **out, const wf_scenario *sc, wf_error *err)
{
	static const char *const keys[] = {"workload", "facility", "site", "start",
					   "year", "grid", "embodied", "unit"};
	const wf_node *mn;
	wf_scenario *m;
	size_t i;
	int rc;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, "scenario", NULL, 0, 0,
				    "wf_scenario_measured: NULL argument");
	*out = NULL;
	if (!(mn = wf_node_get(sc->root, "measured")))
		return wf_error_set(err, WF_ENOTFOUND, "scenario", sc->file, 0, 0,
				    "scenario %s has no measured: section (the same job as "
				    "measured)", sc->id);
	if ((rc = wf_check_keys(mn, keys, sizeof keys / sizeof *keys, "measured", err)))
		return rc;
	if (!(m = calloc(1, sizeof *m)))
		return wf_error_set(err, WF_ENOMEM, "scenario", sc->file, 0, 0, "out of memory");
	wf_arena_init(&m->arena);
	m->overlay = sc->overlay; /* borrowed: sc must outlive m */
	m->file = sc->file;
	m->id = sc->id;
	if (!(m->root = wf_node_copy(&m->arena, sc->root)))
		goto nomem;
	/* drop measured:, then let each of its keys replace the scenario's */
	for (i = 0; i < m->root->n; i++)
		if (strcmp(wf_node_key(m->root, i)->text, "measured") == 0) {
			memmove(&m->root->items[2 * i], &m->root->items[2 * i + 2],
				(2 * (m->root->n - i - 1)) * sizeof(wf_node *));
			m->root->n--;
			break;
		}
	for (i = 0; i < mn->n; i++) {
		wf_node *v = wf_node_copy(&m->arena, wf_node_value(mn, i));
		if (!v || wf_node_put(&m->arena, m->root, wf_node_key(mn, i)->text, v,
				      wf_node_key(mn, i)->file, 0, 0))
			goto nomem;
	}
	if (!wf_node_get(mn, "workload"))
		m->wl_over = sc->wl_over; /* --set over a catalog workload still applies */
	*out = m;
	return 0;
nomem:
	wf_scenario_free(m);
	return wf_error_set(err, WF_ENOMEM, "scenario", sc->file, 0, 0, "out of memory");
}

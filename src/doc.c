/*
 * doc.c - YAML into a located tree (see doc.h).
 */
#include "doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "doc_cache.h"
#include "error.h"
#include "file.h"

/* An anchor seen so far: the node it names and how many nodes that is
 * (what expanding an alias of it would cost). */
typedef struct anchor {
	char *name;
	wf_node *node;
	size_t count;
	int open;          /* still being read: an alias to it is recursive */
} anchor;

/* The tree is built from libyaml's events (not its document API): no
 * second copy of the document, no pass to convert it, nothing to free. */
typedef struct conv {
	yaml_parser_t *p;
	wf_arena *a;
	const char *file;
	size_t nodes;
	size_t max_nodes;  /* this file's share of the catalog's budget */
	wf_error *err;
	anchor *anchors;   /* malloc'ed */
	size_t n_anchors, cap_anchors;
	wf_node **stack;   /* children of the open collections, malloc'ed */
	size_t top, cap;
} conv;

const char *wf_node_type_name(wf_node_type t)
{
	switch (t) {
	case WF_NODE_MAP: return "a mapping";
	case WF_NODE_SEQ: return "a sequence";
	default: return "a scalar";
	}
}

static int oom(conv *c)
{
	return wf_error_set(c->err, WF_ENOMEM, "yaml", c->file, 0, 0, "out of memory");
}

static int parser_error(const yaml_parser_t *p, const char *file, wf_error *err)
{
	const yaml_mark_t *m = p->problem_mark.line || p->problem_mark.column
				       ? &p->problem_mark
				       : &p->context_mark;
	const char *what = p->problem ? p->problem : "malformed YAML";

	if (p->error == YAML_MEMORY_ERROR)
		return wf_error_set(err, WF_ENOMEM, "yaml", file, 0, 0, "out of memory");
	/* libyaml's words for the two mistakes people make most, in theirs */
	if (strstr(what, "tab character"))
		return wf_error_set(err, WF_EINPUT, "yaml", file, (int)m->line + 1,
				    (int)m->column + 1,
				    "malformed YAML: a tab in the indentation; YAML indents with "
				    "spaces only (libyaml: %s)", what);
	if (strstr(what, "mapping values are not allowed"))
		return wf_error_set(err, WF_EINPUT, "yaml", file, (int)m->line + 1,
				    (int)m->column + 1,
				    "malformed YAML: check the indentation of line %d (a key "
				    "indented deeper than the key above it), or quote a value "
				    "that holds \": \" (libyaml: %s)", (int)m->line + 1, what);
	if (p->context)
		return wf_error_set(err, WF_EINPUT, "yaml", file, (int)m->line + 1,
				    (int)m->column + 1,
				    "malformed YAML: %s (%s that starts at line %d, column %d)",
				    what, p->context, (int)p->context_mark.line + 1,
				    (int)p->context_mark.column + 1);
	return wf_error_set(err, WF_EINPUT, "yaml", file, (int)m->line + 1,
			    (int)m->column + 1, "malformed YAML: %s", what);
}

static int next_event(conv *c, yaml_event_t *ev)
{
	if (!yaml_parser_parse(c->p, ev))
		return parser_error(c->p, c->file, c->err);
	return 0;
}

/* Count n more nodes against the budget (an alias counts its expansion,
 * so an alias bomb stops here). */
static int budget(conv *c, size_t n, const yaml_mark_t *m)
{
	c->nodes += n;
	if (c->nodes <= c->max_nodes)
		return 0;
	if (c->max_nodes >= WF_DOC_MAX_NODES)
		return wf_error_set(c->err, WF_EINPUT, "yaml", c->file, (int)m->line + 1,
				    (int)m->column + 1, "more than %d nodes after alias expansion",
				    WF_DOC_MAX_NODES);
	return wf_error_set(c->err, WF_EINPUT, "yaml", c->file, (int)m->line + 1,
			    (int)m->column + 1,
			    "the model files loaded together hold more than %d nodes "
			    "(after includes and alias expansion)", WF_DOC_MAX_TOTAL_NODES);
}

static wf_node *new_node(conv *c, const yaml_mark_t *m, wf_node_type t)
{
	wf_node *n = wf_arena_alloc(c->a, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->type = t;
	n->file = c->file;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	n->text = "";
	return n;
}

/* Remember an anchor (its node, still open for collections). */
static anchor *add_anchor(conv *c, const yaml_char_t *name, wf_node *n)
{
	anchor *a;

	if (!name)
		return NULL;
	if (c->n_anchors == c->cap_anchors) {
		size_t cap = c->cap_anchors ? 2 * c->cap_anchors : 16;
		anchor *g = realloc(c->anchors, cap * sizeof(*g));
		if (!g)
			return NULL;
		c->anchors = g;
		c->cap_anchors = cap;
	}
	a = &c->anchors[c->n_anchors];
	if (!(a->name = strdup((const char *)name)))
		return NULL;
	a->node = n;
	a->count = 1;
	a->open = n->type != WF_NODE_SCALAR;
	c->n_anchors++;
	return a;
}

static int push_child(conv *c, wf_node *n)
{
	if (c->top == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		wf_node **g = realloc(c->stack, cap * sizeof(*g));
		if (!g)
			return oom(c);
		c->stack = g;
		c->cap = cap;
	}
	c->stack[c->top++] = n;
	return 0;
}

static int read_node(conv *c, yaml_event_t *ev, int depth, wf_node **out);

/* The items of a sequence or the key-value pairs of a mapping, up to its
 * end event, into n->items. */
static int read_children(conv *c, wf_node *n, int depth)
{
	size_t base = c->top, i, j;
	yaml_event_type_t end = n->type == WF_NODE_MAP ? YAML_MAPPING_END_EVENT
						       : YAML_SEQUENCE_END_EVENT;
	int rc = 0;

	for (;;) {
		yaml_event_t ev;
		wf_node *child = NULL;
		if ((rc = next_event(c, &ev)))
			break;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		if ((rc = read_node(c, &ev, depth + 1, &child)) || (rc = push_child(c, child)))
			break;
		if (n->type != WF_NODE_MAP || (c->top - base) % 2 == 0)
			continue;
		/* a key: a scalar, not given before in this mapping */
		if (child->type != WF_NODE_SCALAR) {
			rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file, child->line,
					  child->col, "mapping keys must be plain scalars");
			break;
		}
		for (j = base; j + 1 < c->top; j += 2)
			if (strcmp(c->stack[j]->text, child->text) == 0) {
				rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file,
						  child->line, child->col,
						  "duplicate key \"%s\" (first at line %d)",
						  child->text, c->stack[j]->line);
				break;
			}
		if (rc)
			break;
	}
	if (rc == 0) {
		n->n = n->type == WF_NODE_MAP ? (c->top - base) / 2 : c->top - base;
		n->items = wf_arena_alloc(c->a, (c->top - base ? c->top - base : 1) *
						      sizeof(wf_node *));
		if (!n->items)
			rc = oom(c);
		for (i = base; rc == 0 && i < c->top; i++)
			n->items[i - base] = c->stack[i];
	}
	c->top = base;
	return rc;
}

/* One node from its first event (ev, deleted here). */
static int read_node(conv *c, yaml_event_t *ev, int depth, wf_node **out)
{
	const yaml_mark_t *m = &ev->start_mark;
	wf_node *n = NULL;
	anchor *an = NULL;
	size_t before = c->nodes, i;
	int rc = 0;

	if (depth > WF_DOC_MAX_DEPTH) {
		rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file, (int)m->line + 1,
				  (int)m->column + 1,
				  "nesting deeper than %d levels (or a recursive alias)",
				  WF_DOC_MAX_DEPTH);
	} else if (ev->type == YAML_ALIAS_EVENT) {
		for (i = c->n_anchors; i-- > 0;)
			if (strcmp(c->anchors[i].name, (const char *)ev->data.alias.anchor) == 0)
				break;
		if (i == (size_t)-1)
			rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file, (int)m->line + 1,
					  (int)m->column + 1, "malformed YAML: found undefined alias");
		else if (c->anchors[i].open)
			rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file, (int)m->line + 1,
					  (int)m->column + 1,
					  "nesting deeper than %d levels (or a recursive alias)",
					  WF_DOC_MAX_DEPTH);
		else if ((rc = budget(c, c->anchors[i].count, m)) == 0)
			*out = c->anchors[i].node; /* shared: the tree is read-only */
	} else if (ev->type == YAML_SCALAR_EVENT) {
		const char *v = (const char *)ev->data.scalar.value;
		size_t len = ev->data.scalar.length;
		if ((rc = budget(c, 1, m)) == 0 && !(n = new_node(c, m, WF_NODE_SCALAR)))
			rc = oom(c);
		else if (rc == 0 && memchr(v, '\0', len))
			rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file, n->line, n->col,
					  "scalar contains a NUL byte");
		else if (rc == 0 && !(n->text = wf_arena_strndup(c->a, v, len)))
			rc = oom(c);
		if (rc == 0) {
			n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (ev->data.scalar.anchor && !add_anchor(c, ev->data.scalar.anchor, n))
				rc = oom(c);
			*out = n;
		}
	} else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		int map = ev->type == YAML_MAPPING_START_EVENT;
		const yaml_char_t *name = map ? ev->data.mapping_start.anchor
					      : ev->data.sequence_start.anchor;
		if ((rc = budget(c, 1, m)) == 0 &&
		    !(n = new_node(c, m, map ? WF_NODE_MAP : WF_NODE_SEQ)))
			rc = oom(c);
		if (rc == 0 && name && !(an = add_anchor(c, name, n)))
			rc = oom(c);
		/* read the children after the event is gone (they reuse the
		 * parser); keep what the anchor needs */
		yaml_event_delete(ev);
		if (rc == 0 && (rc = read_children(c, n, depth)) == 0) {
			if (an) { /* the anchor may have moved: find it again */
				for (i = c->n_anchors; i-- > 0;)
					if (c->anchors[i].node == n && c->anchors[i].open) {
						c->anchors[i].open = 0;
						c->anchors[i].count = c->nodes - before;
						break;
					}
			}
			*out = n;
		}
		return rc;
	} else {
		rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file, (int)m->line + 1,
				  (int)m->column + 1, "malformed document (unexpected event)");
	}
	yaml_event_delete(ev);
	return rc;
}

/* The document's root (NULL for an empty stream), then: nothing but the
 * end of the stream, or an empty document (a second document with a node
 * would be silently ignored). */
static int read_stream(conv *c, wf_node **root)
{
	yaml_event_t ev;
	int rc, docs = 0;

	*root = NULL;
	for (;;) {
		if ((rc = next_event(c, &ev)))
			return rc;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			docs++;
			yaml_event_delete(&ev);
			if ((rc = next_event(c, &ev)))
				return rc;
			if (ev.type == YAML_DOCUMENT_END_EVENT) {
				yaml_event_delete(&ev);
				continue;
			}
			if (docs > 1) {
				rc = wf_error_set(c->err, WF_EINPUT, "yaml", c->file,
						  (int)ev.start_mark.line + 1,
						  (int)ev.start_mark.column + 1,
						  "a second YAML document; one per file");
				yaml_event_delete(&ev);
				return rc;
			}
			if ((rc = read_node(c, &ev, 0, root)))
				return rc;
			continue;
		}
		yaml_event_delete(&ev); /* stream start, document end */
	}
}

static int load(wf_node **out, wf_arena *a, const unsigned char *buf, size_t len,
		const char *file, int line0, int col0, size_t *nodes, wf_error *err)
{
	yaml_parser_t parser;
	conv c;
	wf_node *root = NULL;
	int rc = 0, bl, bc;
	unsigned char bad;
	size_t i;

	memset(&c, 0, sizeof c);
	c.p = &parser;
	c.a = a;
	c.file = file;
	c.max_nodes = WF_DOC_MAX_NODES;
	c.err = err;
	if (nodes && *nodes < c.max_nodes)
		c.max_nodes = *nodes;
	/* libyaml reports a bad byte at 1:1 (its reader has no line yet):
	 * find it first, so the message points at it. */
	if (wf_utf8_check((const char *)buf, len, &bl, &bc, &bad)) {
		if (bl == 1)
			bc += col0 - 1;
		return wf_error_set(err, WF_EINPUT, "yaml", file, bl + line0 - 1, bc,
				    "invalid UTF-8 (byte 0x%02x); model files are UTF-8 text",
				    bad);
	}
	if (!yaml_parser_initialize(&parser))
		return wf_error_set(err, WF_ENOMEM, "yaml", file, 0, 0, "out of memory");
	yaml_parser_set_input_string(&parser, buf, len);
	rc = read_stream(&c, &root);
	if (rc == 0 && !root) {
		yaml_mark_t m = {0, 0, 0};
		if (!(root = new_node(&c, &m, WF_NODE_MAP)))
			rc = oom(&c);
	}
	if (rc == 0) {
		*out = root;
		if (line0 > 1 || col0 > 1) {
			/* Text from the command line: shift positions to where it began. */
			if (root->line == 1)
				root->col += col0 - 1;
			root->line += line0 - 1;
		}
	}
	if (nodes)
		*nodes -= c.nodes < *nodes ? c.nodes : *nodes;
	for (i = 0; i < c.n_anchors; i++)
		free(c.anchors[i].name);
	free(c.anchors);
	free(c.stack);
	yaml_parser_delete(&parser);
	return rc;
}

int wf_doc_load_buffer(wf_node **out, wf_arena *a, const char *text, size_t len,
		       const char *name, int line, int col, wf_error *err)
{
	const char *file = wf_arena_strdup(a, name);

	if (!file)
		return wf_error_set(err, WF_ENOMEM, "yaml", name, 0, 0, "out of memory");
	return load(out, a, (const unsigned char *)text, len, file, line, col, NULL, err);
}

int wf_doc_load_fd(wf_node **out, wf_arena *a, const char *path, int fd,
		   wf_file_stamp *st, size_t *nodes, const char *cache_dir, wf_error *err)
{
	char *buf = NULL;
	size_t len = 0, used = 0;
	const char *file;
	int rc;

	if ((rc = wf_file_read_fd(&buf, &len, fd, st, path, "yaml", err)))
		return rc;
	if (!(file = wf_arena_strdup(a, path))) {
		free(buf);
		return wf_error_set(err, WF_ENOMEM, "yaml", path, 0, 0, "out of memory");
	}
	if (cache_dir &&
	    wf_doc_cache_get(out, &used, a, cache_dir, file, st->hash, len,
			     nodes && *nodes < WF_DOC_MAX_NODES ? *nodes : WF_DOC_MAX_NODES)) {
		if (nodes)
			*nodes -= used;
		free(buf);
		return 0;
	}
	if (memchr(buf, '\0', len))
		rc = wf_error_set(err, WF_EINPUT, "yaml", path, 0, 0,
				  "binary file (contains NUL bytes), expected YAML text");
	else
		rc = load(out, a, (const unsigned char *)buf, len, file, 1, 1, nodes, err);
	free(buf);
	if (rc == 0 && cache_dir)
		wf_doc_cache_put(cache_dir, *out, st->hash, len);
	return rc;
}

wf_node *wf_node_get(const wf_node *map, const char *key)
{
	size_t i;

	if (!map || map->type != WF_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->items[2 * i]->text, key) == 0)
			return map->items[2 * i + 1];
	return NULL;
}

wf_node *wf_node_copy(wf_arena *a, const wf_node *n)
{
	wf_node *c = wf_arena_alloc(a, sizeof(*c));
	size_t k, count;

	if (!c)
		return NULL;
	*c = *n;
	count = wf_node_children(n);
	if (count) {
		c->items = wf_arena_alloc(a, count * sizeof(wf_node *));
		if (!c->items)
			return NULL;
		for (k = 0; k < count; k++)
			if (!(c->items[k] = wf_node_copy(a, n->items[k])))
				return NULL;
	}
	return c;
}

int wf_node_put(wf_arena *a, wf_node *map, const char *key, wf_node *value,
		const char *file, int line, int col)
{
	size_t i;
	wf_node **items, *k;

	for (i = 0; i < map->n; i++)
		if (strcmp(wf_node_key(map, i)->text, key) == 0) {
			map->items[2 * i + 1] = value;
			return 0;
		}
	items = wf_arena_grow(a, map->items, 2 * map->n, 2 * map->n + 2, sizeof(wf_node *));
	k = wf_arena_alloc(a, sizeof(*k));
	if (!items || !k || !(k->text = wf_arena_strdup(a, key)))
		return WF_ENOMEM;
	k->type = WF_NODE_SCALAR;
	k->file = file;
	k->line = line;
	k->col = col;
	k->plain = 1;
	items[2 * map->n] = k;
	items[2 * map->n + 1] = value;
	map->items = items;
	map->n++;
	return 0;
}

/* A key split off a distribution: "1.2" or "1.4)" with no value, after a
 * value like "tri(1.1" (YAML's {...} splits at commas). */
static int split_piece(const wf_node *map, size_t i)
{
	const wf_node *k = wf_node_key(map, i), *v = wf_node_value(map, i);
	const char *t = k->text;

	if (v->type != WF_NODE_SCALAR || v->text[0] || !t[0])
		return 0;
	t += strspn(t, " +-");
	return (t[0] >= '0' && t[0] <= '9') || t[0] == '.' || strchr(k->text, ')') != NULL;
}

int wf_doc_unknown_key(wf_error *err, const char *module, const wf_node *map, size_t i,
		       const char *what, const char *near)
{
	const wf_node *k = wf_node_key(map, i);
	size_t j = i, e;
	char dist[256];
	int len;

	/* back to the value that opened the call, forward to the piece that
	 * closes it */
	if (split_piece(map, i))
		while (j > 0 && split_piece(map, j - 1))
			j--;
	if (split_piece(map, i) && j > 0) {
		const wf_node *pk = wf_node_key(map, j - 1), *pv = wf_node_value(map, j - 1);
		if (pv->type == WF_NODE_SCALAR && strchr(pv->text, '(') &&
		    !strchr(pv->text, ')')) {
			len = snprintf(dist, sizeof dist, "%s", pv->text);
			for (e = j; e < map->n && split_piece(map, e) && len > 0 &&
				    (size_t)len < sizeof dist; e++) {
				len += snprintf(dist + len, sizeof dist - (size_t)len, ", %s",
						wf_node_key(map, e)->text);
				if (strchr(wf_node_key(map, e)->text, ')'))
					break;
			}
			return wf_error_set(err, WF_EINPUT, module, pv->file, pv->line, pv->col,
					    "%s: YAML split \"%s\" at its commas (a distribution "
					    "inside {...} needs quotes): write %s: \"%s\"",
					    pk->text, pv->text, pk->text, dist);
		}
	}
	return wf_error_set(err, WF_EINPUT, module, k->file, k->line, k->col,
			    "unknown key \"%s\" in %s%s%s%s", k->text, what,
			    near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
}

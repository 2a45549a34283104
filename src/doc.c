/*
 * doc.c - YAML into a located tree (see doc.h).
 */
#include "doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "error.h"
#include "file.h"

typedef struct conv {
	yaml_document_t *doc;
	wf_arena *a;
	const char *file;
	size_t nodes;
	size_t max_nodes;  /* this file's share of the catalog's budget */
	wf_error *err;
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

static wf_node *new_node(conv *c, const yaml_node_t *yn, wf_node_type t)
{
	wf_node *n = wf_arena_alloc(c->a, sizeof(*n));

	if (!n)
		return NULL;
	n->type = t;
	n->file = c->file;
	n->line = (int)yn->start_mark.line + 1;
	n->col = (int)yn->start_mark.column + 1;
	n->text = "";
	return n;
}

static int convert(conv *c, yaml_node_t *yn, int depth, wf_node **out);

static int convert_scalar(conv *c, yaml_node_t *yn, wf_node *n)
{
	size_t len = yn->data.scalar.length;
	const char *v = (const char *)yn->data.scalar.value;

	if (memchr(v, '\0', len))
		return wf_error_set(c->err, WF_EINPUT, "yaml", c->file, n->line,
				    n->col, "scalar contains a NUL byte");
	n->text = wf_arena_strndup(c->a, v, len);
	n->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return n->text ? 0 : oom(c);
}

static int convert_seq(conv *c, yaml_node_t *yn, wf_node *n, int depth)
{
	yaml_node_item_t *it = yn->data.sequence.items.start;
	size_t count = (size_t)(yn->data.sequence.items.top - it), i;

	n->n = count;
	n->items = wf_arena_alloc(c->a, (count ? count : 1) * sizeof(wf_node *));
	if (!n->items)
		return oom(c);
	for (i = 0; i < count; i++) {
		yaml_node_t *child = yaml_document_get_node(c->doc, it[i]);
		int rc = convert(c, child, depth + 1, &n->items[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int convert_map(conv *c, yaml_node_t *yn, wf_node *n, int depth)
{
	yaml_node_pair_t *p = yn->data.mapping.pairs.start;
	size_t count = (size_t)(yn->data.mapping.pairs.top - p), i, j;

	n->n = count;
	n->items = wf_arena_alloc(c->a, (count ? 2 * count : 1) * sizeof(wf_node *));
	if (!n->items)
		return oom(c);
	for (i = 0; i < count; i++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p[i].key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p[i].value);
		int rc = convert(c, k, depth + 1, &n->items[2 * i]);
		if (rc)
			return rc;
		if (n->items[2 * i]->type != WF_NODE_SCALAR)
			return wf_error_set(c->err, WF_EINPUT, "yaml", c->file,
					    n->items[2 * i]->line, n->items[2 * i]->col,
					    "mapping keys must be plain scalars");
		for (j = 0; j < i; j++) {
			wf_node *prev = n->items[2 * j];
			if (strcmp(prev->text, n->items[2 * i]->text) == 0)
				return wf_error_set(c->err, WF_EINPUT, "yaml", c->file,
						    n->items[2 * i]->line,
						    n->items[2 * i]->col,
						    "duplicate key \"%s\" (first at line %d)",
						    prev->text, prev->line);
		}
		rc = convert(c, v, depth + 1, &n->items[2 * i + 1]);
		if (rc)
			return rc;
	}
	return 0;
}

static int convert(conv *c, yaml_node_t *yn, int depth, wf_node **out)
{
	wf_node_type t;
	wf_node *n;

	if (!yn)
		return wf_error_set(c->err, WF_EINPUT, "yaml", c->file, 0, 0,
				    "malformed document (dangling node)");
	if (depth > WF_DOC_MAX_DEPTH)
		return wf_error_set(c->err, WF_EINPUT, "yaml", c->file,
				    (int)yn->start_mark.line + 1,
				    (int)yn->start_mark.column + 1,
				    "nesting deeper than %d levels (or a recursive alias)",
				    WF_DOC_MAX_DEPTH);
	/* Aliases share nodes in libyaml; counting every visit bounds what
	 * expanding them would cost (an alias bomb stops here). */
	if (++c->nodes > c->max_nodes) {
		if (c->max_nodes >= WF_DOC_MAX_NODES)
			return wf_error_set(c->err, WF_EINPUT, "yaml", c->file,
					    (int)yn->start_mark.line + 1,
					    (int)yn->start_mark.column + 1,
					    "more than %d nodes after alias expansion",
					    WF_DOC_MAX_NODES);
		return wf_error_set(c->err, WF_EINPUT, "yaml", c->file,
				    (int)yn->start_mark.line + 1, (int)yn->start_mark.column + 1,
				    "the model files loaded together hold more than %d nodes "
				    "(after includes and alias expansion)", WF_DOC_MAX_TOTAL_NODES);
	}
	t = yn->type == YAML_MAPPING_NODE    ? WF_NODE_MAP
	    : yn->type == YAML_SEQUENCE_NODE ? WF_NODE_SEQ
					     : WF_NODE_SCALAR;
	n = new_node(c, yn, t);
	if (!n)
		return oom(c);
	*out = n;
	if (t == WF_NODE_SCALAR)
		return convert_scalar(c, yn, n);
	if (t == WF_NODE_SEQ)
		return convert_seq(c, yn, n, depth);
	return convert_map(c, yn, n, depth);
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

static int load(wf_node **out, wf_arena *a, const unsigned char *buf, size_t len,
		const char *file, int line0, int col0, size_t *nodes, wf_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	yaml_node_t *root;
	conv c = {&doc, a, file, 0, WF_DOC_MAX_NODES, err};
	int rc = 0, bl, bc;
	unsigned char bad;

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
	if (!yaml_parser_load(&parser, &doc)) {
		rc = parser_error(&parser, file, err);
		yaml_parser_delete(&parser);
		return rc;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		wf_node *n = wf_arena_alloc(a, sizeof(*n));
		if (!n) {
			rc = oom(&c);
		} else {
			n->type = WF_NODE_MAP;
			n->file = file;
			n->line = 1;
			n->col = 1;
			n->text = "";
			*out = n;
		}
	} else {
		rc = convert(&c, root, 0, out);
		if (rc == 0) {
			/* A second document would be silently ignored. */
			if (!yaml_parser_load(&parser, &extra)) {
				rc = parser_error(&parser, file, err);
			} else {
				yaml_node_t *r2 = yaml_document_get_root_node(&extra);
				if (r2)
					rc = wf_error_set(err, WF_EINPUT, "yaml", file,
							  (int)r2->start_mark.line + 1,
							  (int)r2->start_mark.column + 1,
							  "a second YAML document; one per file");
				yaml_document_delete(&extra);
			}
		}
	}
	if (rc == 0 && (line0 > 1 || col0 > 1) && *out) {
		/* Text from the command line: shift positions to where it began. */
		if ((*out)->line == 1)
			(*out)->col += col0 - 1;
		(*out)->line += line0 - 1;
	}
	if (nodes)
		*nodes -= c.nodes < *nodes ? c.nodes : *nodes;
	yaml_document_delete(&doc);
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
		   wf_file_stamp *st, size_t *nodes, wf_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	const char *file;
	int rc;

	if ((rc = wf_file_read_fd(&buf, &len, fd, st, path, "yaml", err)))
		return rc;
	if (!(file = wf_arena_strdup(a, path))) {
		free(buf);
		return wf_error_set(err, WF_ENOMEM, "yaml", path, 0, 0, "out of memory");
	}
	if (memchr(buf, '\0', len))
		rc = wf_error_set(err, WF_EINPUT, "yaml", path, 0, 0,
				  "binary file (contains NUL bytes), expected YAML text");
	else
		rc = load(out, a, (const unsigned char *)buf, len, file, 1, 1, nodes, err);
	free(buf);
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
	count = n->type == WF_NODE_MAP ? 2 * n->n : n->type == WF_NODE_SEQ ? n->n : 0;
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

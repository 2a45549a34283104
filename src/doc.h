/*
 * doc.h - model-file documents: YAML read with libyaml (its event API) into
 * a small tree whose every node keeps file:line:col.
 *
 * The tree is what --set overrides edit and what the typed catalog mappers
 * read, so libyaml stays behind this one module.  Loading is bounded: file
 * size, nesting depth and the total number of nodes after alias expansion
 * (so an alias bomb is an error, not a hang).
 */
#ifndef WF_DOC_H
#define WF_DOC_H

#include <stddef.h>

#include "arena.h"
#include "wattif.h"

enum {
	WF_DOC_MAX_BYTES = 16 * 1024 * 1024, /* largest model file */
	WF_DOC_MAX_DEPTH = 64,               /* deepest nesting */
	WF_DOC_MAX_NODES = 1000000,          /* nodes after alias expansion */
	/* what one catalog may load in all, includes counted: an include
	 * bomb (one file included through many levels, or thousands of
	 * small files) ends here instead of filling memory */
	WF_DOC_MAX_TOTAL_NODES = 4000000,
	WF_DOC_MAX_FILES = 4096,
	WF_DOC_MAX_TOTAL_BYTES = 64 * 1024 * 1024
};

struct wf_file_stamp;

typedef enum wf_node_type {
	WF_NODE_SCALAR = 0,
	WF_NODE_MAP,
	WF_NODE_SEQ
} wf_node_type;

typedef struct wf_node wf_node;
struct wf_node {
	wf_node_type type;
	const char *file;  /* file (as given by the user) it came from */
	int line;          /* 1-based */
	int col;           /* 1-based */
	const char *text;  /* scalars: the text; otherwise "" */
	int plain;         /* scalars: written without quotes */
	unsigned serial;   /* scratch of the cache writer (doc_cache.c); 0 */
	size_t n;          /* sequence items or mapping pairs */
	wf_node **items;   /* sequences: n items; mappings: 2n, key then value */
};

/* Load the only document of a YAML file opened with wf_file_open (fd; st
 * gets its hash).  An empty file gives an empty mapping.  The text must be
 * UTF-8 (a bad byte is located by line and column).  *nodes is the budget
 * of nodes left (at most WF_DOC_MAX_NODES are used), decreased by what the
 * document holds; NULL for the per-file limit alone.  All memory comes
 * from the arena.  cache_dir (NULL: none) is a directory of parsed trees
 * (doc_cache.h): a file whose bytes are there is not parsed again, and
 * one parsed without error is put there. */
int wf_doc_load_fd(wf_node **out, wf_arena *a, const char *path, int fd,
		   struct wf_file_stamp *st, size_t *nodes, const char *cache_dir,
		   wf_error *err);

/* Parse YAML text (e.g. the value of a --set) named `name` in messages. */
int wf_doc_load_buffer(wf_node **out, wf_arena *a, const char *text, size_t len,
		       const char *name, int line, int col, wf_error *err);

/* The error for the unknown key of pair i of map (in `what`, with the
 * nearest known key or NULL); a number split off an unquoted distribution
 * in a flow mapping ({pue: tri(1.1, 1.2, 1.4)}) says to quote it instead,
 * at the distribution.  Returns WF_EINPUT. */
int wf_doc_unknown_key(wf_error *err, const char *module, const wf_node *map, size_t i,
		       const char *what, const char *near);

/* The value of key in a mapping, or NULL. */
wf_node *wf_node_get(const wf_node *map, const char *key);

/* The key node of pair i of a mapping. */
static inline wf_node *wf_node_key(const wf_node *map, size_t i)
{
	return map->items[2 * i];
}

static inline wf_node *wf_node_value(const wf_node *map, size_t i)
{
	return map->items[2 * i + 1];
}

/* How many nodes n->items holds: 2n for a mapping, n for a sequence,
 * none for a scalar. */
static inline size_t wf_node_children(const wf_node *n)
{
	return n->type == WF_NODE_MAP ? 2 * n->n : n->type == WF_NODE_SEQ ? n->n : 0;
}

/* A deep copy of a node into an arena (for scenario overlays). */
wf_node *wf_node_copy(wf_arena *a, const wf_node *n);

/* Set key in map (in arena a) to value, replacing an existing value; a new
 * key is placed at file:line:col (0 where it has no line). */
int wf_node_put(wf_arena *a, wf_node *map, const char *key, wf_node *value,
		const char *file, int line, int col);

/* "a mapping", "a sequence", "a scalar" for messages. */
const char *wf_node_type_name(wf_node_type t);

#endif

/*
 * doc_cache.h - a parsed copy of a model file's tree, kept on disk and
 * keyed by the file's bytes, so a later load of the same bytes skips the
 * YAML parser (which is most of a command's start-up).
 *
 * An entry (cache.h: DIR/HASH-SIZE.wfdoc, the header, how it is written
 * and read) holds the nodes in post-order (every child before its parent,
 * an alias's target once, shared as the parser shares it) as records of
 * line, column, type, quoting and count; the items of the collections as
 * node indexes; and the texts.  Its counts are nodes, items, text bytes;
 * its version is libyaml's, which read the file.
 *
 * Only a file that parsed without error is kept.  Any entry that does not
 * check out -- another format, another libyaml, a hash or size that does
 * not match, a truncated or altered body, an index out of range, a cycle,
 * nesting or an expansion beyond doc.h's limits -- is a miss: the file is
 * parsed as if there were no cache, and its errors are the parser's.
 */
#ifndef WF_DOC_CACHE_H
#define WF_DOC_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "doc.h"

/* The tree of a model file whose bytes hash to `hash` and are `size` long
 * from the cache directory dir.  Nodes come from arena a and name `file`
 * (arena-owned).  1 on a hit: *out is the root and *count the nodes it
 * holds after alias expansion (at most max_nodes); 0 on a miss, including
 * an entry that would hold more than max_nodes (the parser says so). */
int wf_doc_cache_get(wf_node **out, size_t *count, wf_arena *a, const char *dir,
		     const char *file, uint64_t hash, uint64_t size, size_t max_nodes);

/* Keep the tree of a model file just parsed (its bytes hash to `hash`,
 * `size` long) in dir.  Best effort: nothing is reported. */
void wf_doc_cache_put(const char *dir, wf_node *root, uint64_t hash, uint64_t size);

/* The cache image of a tree, as wf_doc_cache_put would write it (for
 * tests): a malloc'ed buffer of *len bytes, or NULL. */
unsigned char *wf_doc_cache_image(wf_node *root, uint64_t hash, uint64_t size,
				  size_t *len);

/* The tree held in an image of len bytes (as read from a cache file), for
 * the file with that hash and size: as wf_doc_cache_get after the read. */
int wf_doc_cache_parse(wf_node **out, size_t *count, wf_arena *a, const unsigned char *img,
		       size_t len, const char *file, uint64_t hash, uint64_t size,
		       size_t max_nodes);

#endif

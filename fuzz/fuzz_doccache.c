/*
 * fuzz_doccache.c - libFuzzer target for the cache of parsed model-file
 * trees (doc_cache.c).
 *
 * The first byte picks one of two checks:
 *  - even: the rest is YAML text.  When it parses, its cache image must
 *    read back as the same tree (types, positions, texts, quoting, node
 *    count); when it does not, nothing is kept.
 *  - odd: the rest is the body of an image (records, items, texts), its
 *    counts taken from its first 12 bytes and sealed with a right body
 *    hash, so the checks behind the hash are what is fuzzed.  Reading it
 *    must be a miss or a tree that can be walked whole (ASan watches
 *    every node, item and text) within the depth and node limits.
 *
 * Build: see `make fuzz` (FUZZ_TARGETS).  Seeds: fuzz/corpus/doccache/
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "doc.h"
#include "doc_cache.h"
#include "file.h"

#define CHECK(c) \
	do { \
		if (!(c)) \
			__builtin_trap(); \
	} while (0)

enum { HDR = WF_CACHE_HDR, REC = 20 };

static void same_tree(const wf_node *a, const wf_node *b)
{
	size_t k, cnt;

	CHECK(a->type == b->type && a->line == b->line && a->col == b->col);
	CHECK(a->plain == b->plain && a->n == b->n && strcmp(a->text, b->text) == 0);
	cnt = wf_node_children(a);
	for (k = 0; k < cnt; k++)
		same_tree(a->items[k], b->items[k]);
}

/* Visit every node below n; returns the number visited after expansion
 * (bounded by the caller's limit) and checks the depth. */
static size_t walk(const wf_node *n, int depth, size_t *budget)
{
	size_t k, cnt, total = 1;

	CHECK(depth <= WF_DOC_MAX_DEPTH);
	CHECK(*budget > 0);
	(*budget)--;
	CHECK(strlen(n->text) < (size_t)1 << 30);
	cnt = wf_node_children(n);
	CHECK(n->type <= WF_NODE_SEQ);
	for (k = 0; k < cnt; k++) {
		if (n->type == WF_NODE_MAP && k % 2 == 0)
			CHECK(n->items[k]->type == WF_NODE_SCALAR);
		total += walk(n->items[k], depth + 1, budget);
	}
	return total;
}

static void yaml_round_trip(const uint8_t *data, size_t size)
{
	wf_arena a;
	wf_node *root = NULL, *back = NULL;
	wf_error err;
	size_t len = 0, count = 0, budget = WF_DOC_MAX_NODES;
	unsigned char *img;

	wf_arena_init(&a);
	wf_error_clear(&err);
	if (wf_doc_load_buffer(&root, &a, (const char *)data, size, "f.yaml", 1, 1, &err) == 0) {
		img = wf_doc_cache_image(root, 1, size, &len);
		CHECK(img != NULL);
		CHECK(wf_doc_cache_parse(&back, &count, &a, img, len, "f.yaml", 1, size,
					 WF_DOC_MAX_NODES) == 1);
		same_tree(root, back);
		CHECK(walk(back, 0, &budget) == count);
		free(img);
	}
	wf_arena_release(&a);
}

static void forged_body(const uint8_t *data, size_t size)
{
	uint32_t n_nodes, n_items, text_bytes;
	unsigned char *img;
	size_t body, len, count = 0, budget;
	wf_node *back = NULL;
	wf_arena a;
	uint64_t h;

	if (size < 12)
		return;
	memcpy(&n_nodes, data, 4);
	memcpy(&n_items, data + 4, 4);
	memcpy(&text_bytes, data + 8, 4);
	n_nodes %= 64;
	n_items %= 128;
	text_bytes %= 512;
	body = REC * (size_t)n_nodes + 4 * (size_t)n_items + text_bytes;
	len = HDR + body;
	if (!(img = calloc(1, len)))
		return;
	{
		/* the header of a real image (format, byte order, libyaml
		 * version), for the input with hash 9 and size 10 */
		wf_node leaf = {WF_NODE_SCALAR, "f", 1, 1, "x", 1, 0, 0, NULL};
		size_t l = 0;
		unsigned char *real = wf_doc_cache_image(&leaf, 9, 10, &l);
		CHECK(real != NULL);
		memcpy(img, real, HDR);
		free(real);
	}
	memcpy(img + 32, &n_nodes, 4);
	memcpy(img + 36, &n_items, 4);
	memcpy(img + 40, &text_bytes, 4);
	memcpy(img + HDR, data + 12, size - 12 < body ? size - 12 : body);
	h = wf_hash_bytes(img + HDR, body);
	memcpy(img + 48, &h, 8);
	wf_arena_init(&a);
	if (wf_doc_cache_parse(&back, &count, &a, img, len, "f.yaml", 9, 10, 1000) == 1) {
		budget = 1000;
		CHECK(walk(back, 0, &budget) == count);
		CHECK(count <= 1000);
	}
	wf_arena_release(&a);
	free(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 65536)
		return 0;
	if (data[0] % 2 == 0)
		yaml_round_trip(data + 1, size - 1);
	else
		forged_body(data + 1, size - 1);
	return 0;
}

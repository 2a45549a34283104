/*
 * doc_cache.c - parsed model-file trees kept on disk (see doc_cache.h).
 */
#include "doc_cache.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cache.h"
#include "file.h"

#define REC_BYTES 20u

/* One node: line, column, then for a scalar its text's offset, for a
 * collection its first item's index in the item array; n as in wf_node;
 * type and plain. */
typedef struct rec {
	uint32_t line, col, off, n;
	uint8_t type, plain, pad[2];
} rec;

_Static_assert(sizeof(rec) == REC_BYTES, "a record has no padding");

/* The kind: change the digit when what an entry means changes (the node
 * fields, their order, what the parser guarantees); the version is
 * libyaml's (major.minor.patch, a byte each), whose reading the tree is. */
static wf_cache_kind kind(void)
{
	wf_cache_kind k = {{'w', 'f', 'd', 'o', 'c', '\0', 'v', '1'}, "wfdoc", 0};
	int ma = 0, mi = 0, pa = 0;

	yaml_get_version(&ma, &mi, &pa);
	k.version = (uint32_t)(ma & 0xff) << 16 | (uint32_t)(mi & 0xff) << 8 |
		    (uint32_t)(pa & 0xff);
	return k;
}

/* ----------------------------------------------------------------- write */

typedef struct walk {
	wf_node **order;   /* nodes in post-order, malloc'ed */
	size_t n, cap;
	size_t items, text;
	int fail;
} walk;

/* Number the nodes below and at n in post-order (serial = index + 1); an
 * alias's target, met again, already has its number. */
static void visit(walk *w, wf_node *n)
{
	size_t k, cnt = wf_node_children(n);

	if (w->fail || n->serial)
		return;
	for (k = 0; k < cnt; k++)
		visit(w, n->items[k]);
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 1024;
		wf_node **g = realloc(w->order, cap * sizeof(*g));
		if (!g || w->n >= UINT32_MAX - 1) {
			free(g);
			w->order = NULL;
			w->fail = 1;
			return;
		}
		w->order = g;
		w->cap = cap;
	}
	w->order[w->n++] = n;
	n->serial = (unsigned)w->n;
	w->items += cnt;
	if (n->type == WF_NODE_SCALAR)
		w->text += strlen(n->text) + 1;
}

static unsigned char *image(walk *w, uint64_t hash, uint64_t size, size_t *len)
{
	size_t i, k, item = 0, text = 0, total;
	unsigned char *buf, *recs, *items, *texts;
	wf_cache_kind kd = kind();
	uint32_t cnts[3];

	if (w->items > UINT32_MAX || w->text > UINT32_MAX)
		return NULL;
	total = WF_CACHE_HDR + REC_BYTES * w->n + 4 * w->items + w->text;
	if (!(buf = calloc(1, total)))
		return NULL;
	recs = buf + WF_CACHE_HDR;
	items = recs + REC_BYTES * w->n;
	texts = items + 4 * w->items;
	for (i = 0; i < w->n; i++) {
		const wf_node *n = w->order[i];
		size_t cnt = wf_node_children(n);
		rec r;
		memset(&r, 0, sizeof r);
		r.line = n->line > 0 ? (uint32_t)n->line : 0;
		r.col = n->col > 0 ? (uint32_t)n->col : 0;
		r.n = (uint32_t)n->n;
		r.type = (uint8_t)n->type;
		r.plain = n->plain ? 1 : 0;
		if (n->type == WF_NODE_SCALAR) {
			size_t l = strlen(n->text) + 1;
			r.off = (uint32_t)text;
			memcpy(texts + text, n->text, l);
			text += l;
		} else {
			r.off = (uint32_t)item;
			for (k = 0; k < cnt; k++, item++) {
				uint32_t ix = n->items[k]->serial - 1;
				memcpy(items + 4 * item, &ix, 4);
			}
		}
		memcpy(recs + REC_BYTES * i, &r, REC_BYTES);
	}
	cnts[0] = (uint32_t)w->n;
	cnts[1] = (uint32_t)w->items;
	cnts[2] = (uint32_t)w->text;
	wf_cache_seal(buf, total, &kd, hash, size, cnts);
	*len = total;
	return buf;
}

unsigned char *wf_doc_cache_image(wf_node *root, uint64_t hash, uint64_t size, size_t *len)
{
	walk w;
	unsigned char *buf = NULL;
	size_t i;

	memset(&w, 0, sizeof w);
	visit(&w, root);
	if (!w.fail)
		buf = image(&w, hash, size, len);
	for (i = 0; i < w.n; i++) /* the numbers were scratch */
		w.order[i]->serial = 0;
	free(w.order);
	return buf;
}

void wf_doc_cache_put(const char *dir, wf_node *root, uint64_t hash, uint64_t size)
{
	wf_cache_kind k = kind();
	unsigned char *buf;
	size_t len = 0;

	if ((buf = wf_doc_cache_image(root, hash, size, &len)))
		wf_cache_write(dir, &k, hash, size, buf, len);
	free(buf);
}

/* ------------------------------------------------------------------ read */

/* Check every node of an image and build the tree (the header already
 * checked): 0, or -1 for anything out of place. */
static int build(wf_node **out, size_t *count, wf_arena *a, const unsigned char *recs,
		 const unsigned char *items, const char *texts, const uint32_t cnts[3],
		 const char *file, size_t max_nodes)
{
	size_t n = cnts[0], n_items = cnts[1], text_bytes = cnts[2], i, k;
	wf_node *nodes, **ptrs;
	size_t *cnt = malloc(n * sizeof(*cnt));
	unsigned char *height = malloc(n);
	int bad = !cnt || !height;

	nodes = bad ? NULL : wf_arena_alloc(a, n * sizeof(*nodes));
	ptrs = bad ? NULL : wf_arena_alloc(a, (n_items ? n_items : 1) * sizeof(*ptrs));
	bad = bad || !nodes || !ptrs;
	for (i = 0; !bad && i < n; i++) {
		wf_node *x = &nodes[i];
		rec r;
		size_t c;
		memcpy(&r, recs + REC_BYTES * i, REC_BYTES);
		if (r.type > WF_NODE_SEQ || r.plain > 1 || r.line > INT_MAX || r.col > INT_MAX) {
			bad = 1;
			break;
		}
		x->type = (wf_node_type)r.type;
		x->file = file;
		x->line = (int)r.line;
		x->col = (int)r.col;
		x->plain = r.plain;
		x->n = r.n;
		cnt[i] = 1;
		height[i] = 0;
		if (x->type == WF_NODE_SCALAR) {
			/* the text block ends in NUL, so any offset in it is a string */
			bad = r.n != 0 || r.off >= text_bytes;
			x->text = bad ? "" : texts + r.off;
			continue;
		}
		x->text = "";
		c = wf_node_children(x);
		if (c > n_items || r.off > n_items - c) {
			bad = 1;
			break;
		}
		x->items = ptrs + r.off;
		for (k = 0; k < c; k++) {
			uint32_t ix;
			memcpy(&ix, items + 4 * ((size_t)r.off + k), 4);
			/* children come first: no cycle can be written down */
			if (ix >= i || (x->type == WF_NODE_MAP && k % 2 == 0 &&
					nodes[ix].type != WF_NODE_SCALAR)) {
				bad = 1;
				break;
			}
			x->items[k] = &nodes[ix];
			if (height[ix] + 1 > height[i])
				height[i] = (unsigned char)(height[ix] + 1);
			cnt[i] += cnt[ix];
			if (cnt[i] > max_nodes)
				break; /* the parser reports it */
		}
		bad = bad || cnt[i] > max_nodes || height[i] > WF_DOC_MAX_DEPTH;
	}
	if (!bad) {
		*out = &nodes[n - 1];
		*count = cnt[n - 1];
	}
	free(cnt);
	free(height);
	return bad ? -1 : 0;
}

int wf_doc_cache_parse(wf_node **out, size_t *count, wf_arena *a, const unsigned char *img,
		       size_t len, const char *file, uint64_t hash, uint64_t size,
		       size_t max_nodes)
{
	wf_cache_kind k = kind();
	const unsigned char *recs, *items;
	const char *texts;
	char *copy;
	uint32_t n[3];

	/* n: nodes, items, text bytes */
	if (!wf_cache_check(img, len, &k, hash, size, n) || n[0] == 0 ||
	    n[0] > WF_DOC_MAX_NODES || n[1] > WF_DOC_MAX_NODES ||
	    len != WF_CACHE_HDR + REC_BYTES * (size_t)n[0] + 4 * (size_t)n[1] + n[2])
		return 0;
	recs = img + WF_CACHE_HDR;
	items = recs + REC_BYTES * (size_t)n[0];
	texts = (const char *)items + 4 * (size_t)n[1];
	if (n[2] && texts[n[2] - 1] != '\0')
		return 0;
	if (!(copy = wf_arena_alloc(a, n[2] ? n[2] : 1)))
		return 0;
	memcpy(copy, texts, n[2]);
	return build(out, count, a, recs, items, copy, n, file, max_nodes) == 0;
}

int wf_doc_cache_get(wf_node **out, size_t *count, wf_arena *a, const char *dir,
		     const char *file, uint64_t hash, uint64_t size, size_t max_nodes)
{
	wf_cache_kind k = kind();
	size_t len = 0;
	unsigned char *img = wf_cache_read(dir, &k, hash, size, &len);
	int hit = img && wf_doc_cache_parse(out, count, a, img, len, file, hash, size,
					    max_nodes);

	free(img);
	return hit;
}

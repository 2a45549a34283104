/*
 * doc_cache.c - parsed model-file trees kept on disk (see doc_cache.h).
 */
#include "doc_cache.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "error.h"
#include "file.h"

/* The format's name; change the digit when what an entry means changes
 * (the node fields, their order, what the parser guarantees). */
static const char MAGIC[8] = {'w', 'f', 'd', 'o', 'c', '\0', 'v', '1'};
#define ORDER_MARK 0x01020304u
#define HDR_BYTES 56u
#define REC_BYTES 20u
/* the largest entry read: a model file's tree is smaller than the file
 * times a small factor, so this is far above any real one */
#define MAX_IMAGE (8LL * WF_DOC_MAX_BYTES)

/* The header, in this order, each field native-endian (ORDER_MARK says
 * the writer's byte order matches). */
typedef struct hdr {
	char magic[8];
	uint32_t order;
	uint32_t yaml_version; /* libyaml's major.minor.patch, one byte each */
	uint64_t src_hash;
	uint64_t src_size;
	uint32_t n_nodes;
	uint32_t n_items;
	uint32_t text_bytes;
	uint32_t unused;
	uint64_t body_hash;    /* wf_hash_bytes of everything after the header */
} hdr;

/* One node: line, column, then for a scalar its text's offset, for a
 * collection its first item's index in the item array; n as in wf_node;
 * type and plain. */
typedef struct rec {
	uint32_t line, col, off, n;
	uint8_t type, plain, pad[2];
} rec;

_Static_assert(sizeof(hdr) == HDR_BYTES, "the header has no padding");
_Static_assert(sizeof(rec) == REC_BYTES, "a record has no padding");

static uint32_t yaml_version(void)
{
	int ma = 0, mi = 0, pa = 0;

	yaml_get_version(&ma, &mi, &pa);
	return (uint32_t)(ma & 0xff) << 16 | (uint32_t)(mi & 0xff) << 8 | (uint32_t)(pa & 0xff);
}

static size_t n_children(const wf_node *n)
{
	return n->type == WF_NODE_MAP ? 2 * n->n : n->type == WF_NODE_SEQ ? n->n : 0;
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
	size_t k, cnt = n_children(n);

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
	hdr h;

	if (w->items > UINT32_MAX || w->text > UINT32_MAX)
		return NULL;
	total = HDR_BYTES + REC_BYTES * w->n + 4 * w->items + w->text;
	if (!(buf = calloc(1, total)))
		return NULL;
	recs = buf + HDR_BYTES;
	items = recs + REC_BYTES * w->n;
	texts = items + 4 * w->items;
	for (i = 0; i < w->n; i++) {
		const wf_node *n = w->order[i];
		size_t cnt = n_children(n);
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
	memset(&h, 0, sizeof h);
	memcpy(h.magic, MAGIC, sizeof h.magic);
	h.order = ORDER_MARK;
	h.yaml_version = yaml_version();
	h.src_hash = hash;
	h.src_size = size;
	h.n_nodes = (uint32_t)w->n;
	h.n_items = (uint32_t)w->items;
	h.text_bytes = (uint32_t)w->text;
	h.body_hash = wf_hash_bytes(buf + HDR_BYTES, total - HDR_BYTES);
	memcpy(buf, &h, HDR_BYTES);
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

static void entry_path(char *p, size_t cap, const char *dir, uint64_t hash, uint64_t size)
{
	snprintf(p, cap, "%s/%016llx-%llu.wfdoc", dir, (unsigned long long)hash,
		 (unsigned long long)size);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

void wf_doc_cache_put(const char *dir, wf_node *root, uint64_t hash, uint64_t size)
{
	char path[4096], tmp[4096];
	unsigned char *buf;
	size_t len = 0;
	int fd, l;

	l = snprintf(tmp, sizeof tmp, "%s/.wfdoc-XXXXXX", dir);
	if (l < 0 || (size_t)l >= sizeof tmp - 64)
		return;
	/* written even when an entry is there: it did not check out (two
	 * processes writing the same entry write the same bytes) */
	entry_path(path, sizeof path, dir, hash, size);
	if (!(buf = wf_doc_cache_image(root, hash, size, &len)))
		return;
	if ((fd = mkstemp(tmp)) >= 0) {
		int bad = write_all(fd, buf, len);
		if (close(fd) != 0 || bad || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(buf);
}

/* ------------------------------------------------------------------ read */

/* Check every node of an image and build the tree (the header already
 * checked): 0, or -1 for anything out of place. */
static int build(wf_node **out, size_t *count, wf_arena *a, const unsigned char *recs,
		 const unsigned char *items, const char *texts, const hdr *h,
		 const char *file, size_t max_nodes)
{
	size_t n = h->n_nodes, i, k;
	wf_node *nodes, **ptrs;
	size_t *cnt = malloc(n * sizeof(*cnt));
	unsigned char *height = malloc(n);
	int bad = !cnt || !height;

	nodes = bad ? NULL : wf_arena_alloc(a, n * sizeof(*nodes));
	ptrs = bad ? NULL : wf_arena_alloc(a, (h->n_items ? h->n_items : 1) * sizeof(*ptrs));
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
			bad = r.n != 0 || r.off >= h->text_bytes;
			x->text = bad ? "" : texts + r.off;
			continue;
		}
		x->text = "";
		c = x->type == WF_NODE_MAP ? 2 * (size_t)r.n : r.n;
		if (c > h->n_items || r.off > h->n_items - c) {
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
	const unsigned char *recs, *items;
	const char *texts;
	char *copy;
	size_t want;
	hdr h;

	if (len < HDR_BYTES)
		return 0;
	memcpy(&h, img, HDR_BYTES);
	if (memcmp(h.magic, MAGIC, sizeof h.magic) != 0 || h.order != ORDER_MARK ||
	    h.yaml_version != yaml_version() || h.src_hash != hash || h.src_size != size ||
	    h.unused != 0 || h.n_nodes == 0 || h.n_nodes > WF_DOC_MAX_NODES || h.n_items > WF_DOC_MAX_NODES ||
	    h.text_bytes > WF_DOC_MAX_BYTES + (uint64_t)h.n_nodes)
		return 0;
	want = HDR_BYTES + REC_BYTES * (size_t)h.n_nodes + 4 * (size_t)h.n_items + h.text_bytes;
	if (len != want || wf_hash_bytes(img + HDR_BYTES, len - HDR_BYTES) != h.body_hash)
		return 0;
	recs = img + HDR_BYTES;
	items = recs + REC_BYTES * (size_t)h.n_nodes;
	texts = (const char *)items + 4 * (size_t)h.n_items;
	if (h.text_bytes && texts[h.text_bytes - 1] != '\0')
		return 0;
	if (!(copy = wf_arena_alloc(a, h.text_bytes ? h.text_bytes : 1)))
		return 0;
	memcpy(copy, texts, h.text_bytes);
	return build(out, count, a, recs, items, copy, &h, file, max_nodes) == 0;
}

int wf_doc_cache_get(wf_node **out, size_t *count, wf_arena *a, const char *dir,
		     const char *file, uint64_t hash, uint64_t size, size_t max_nodes)
{
	char path[4096];
	char *buf = NULL;
	size_t len = 0;
	wf_file_stamp st;
	wf_error e;
	int fd, hit = 0;

	wf_error_clear(&e);
	entry_path(path, sizeof path, dir, hash, size);
	if (wf_file_open(&fd, &st, path, MAX_IMAGE, "cache", NULL, "cache entries", &e))
		return 0;
	if (wf_file_read_bytes(&buf, &len, fd, &st, path, "cache", &e) == 0)
		hit = wf_doc_cache_parse(out, count, a, (const unsigned char *)buf, len, file,
					 hash, size, max_nodes);
	close(fd);
	free(buf);
	return hit;
}

/* ------------------------------------------------------------- directory */

/* mkdir -p, each new level mode 0700. */
static int make_dirs(char *p)
{
	char *s = p;

	for (;;) {
		char *slash = strchr(s + (*s == '/'), '/');
		if (slash)
			*slash = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			if (slash)
				*slash = '/';
			return -1;
		}
		if (!slash)
			return 0;
		*slash = '/';
		s = slash + 1;
		while (*s == '/')
			s++;
		if (!*s)
			return 0;
	}
}

int wf_doc_cache_dir(const char *dir, wf_error *err)
{
	char p[3072];
	struct stat sb;

	if (!dir || !dir[0] || strlen(dir) >= sizeof p)
		return wf_error_set(err, WF_EINPUT, "cache", dir, 0, 0,
				    "a cache directory needs a name of 1 to %zu bytes",
				    sizeof p - 1);
	strcpy(p, dir);
	if (make_dirs(p) != 0 || stat(dir, &sb) != 0)
		return wf_error_set(err, WF_EIO, "cache", dir, 0, 0,
				    "cannot create the cache directory: %s", strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return wf_error_set(err, WF_EINPUT, "cache", dir, 0, 0,
				    "is not a directory; the cache needs one");
	if (sb.st_uid != geteuid() || (sb.st_mode & (S_IWGRP | S_IWOTH)))
		return wf_error_set(err, WF_EINPUT, "cache", dir, 0, 0,
				    "%s: a cache there could hold trees another user put "
				    "there; use a directory that is yours alone (chmod go-w)",
				    sb.st_uid != geteuid() ? "belongs to another user"
							   : "is writable by other users");
	if (access(dir, R_OK | W_OK | X_OK) != 0)
		return wf_error_set(err, WF_EIO, "cache", dir, 0, 0,
				    "cannot use the cache directory: %s", strerror(errno));
	return 0;
}

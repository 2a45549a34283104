/*
 * test_doc_cache.c - the cache of parsed input files (cache.h): every shipped
 * model file comes back from its cache image as the same tree (positions,
 * texts, quoting, shared aliases, node budget); any change to an image --
 * a cut, a flipped byte, a forged but consistent body with a cycle, a
 * non-scalar key, a text off the end, nesting or an expansion beyond the
 * limits -- is a miss, never a tree; a catalog loaded through a cache
 * holds what one loaded without it does (every grid's annual figures,
 * whose CSV tables are cached too), an edited file is read afresh, a
 * file with errors is never kept, and a forged table entry is read
 * around.
 */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "cache.h"
#include "catalog.h"
#include "doc.h"
#include "doc_cache.h"
#include "file.h"

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/wattif-test-cache-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Two trees hold the same nodes, node for node. */
static void assert_same_tree(const wf_node *a, const wf_node *b)
{
	size_t k, cnt;

	assert_int_equal(a->type, b->type);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
	assert_int_equal(a->plain, b->plain);
	assert_int_equal(a->n, b->n);
	assert_string_equal(a->text, b->text);
	assert_string_equal(a->file, b->file);
	assert_int_equal(b->serial, 0);
	cnt = wf_node_children(a);
	for (k = 0; k < cnt; k++)
		assert_same_tree(a->items[k], b->items[k]);
}

/* Parse a file without a cache: its tree, hash and size, and the nodes
 * it used of the budget. */
static wf_node *parse_file(wf_arena *a, const char *path, wf_file_stamp *st, size_t *used)
{
	size_t budget = WF_DOC_MAX_TOTAL_NODES;
	wf_node *root = NULL;
	wf_error err;
	int fd;

	wf_error_clear(&err);
	assert_int_equal(wf_file_open(&fd, st, path, WF_DOC_MAX_BYTES, "yaml", NULL, "model files",
				      &err), 0);
	assert_int_equal(wf_doc_load_fd(&root, a, path, fd, st, &budget, NULL, &err), 0);
	close(fd);
	*used = WF_DOC_MAX_TOTAL_NODES - budget;
	return root;
}

static int round_trip_dir(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	int files = 0;

	assert_non_null(dp);
	while ((de = readdir(dp))) {
		char p[4096];
		struct stat sb;
		size_t len = strlen(de->d_name), used, count = 0, ilen = 0;
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", d, de->d_name);
		assert_int_equal(stat(p, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			files += round_trip_dir(p);
		} else if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0) {
			wf_arena a;
			wf_file_stamp st;
			wf_node *orig, *back = NULL;
			unsigned char *img;
			wf_arena_init(&a);
			orig = parse_file(&a, p, &st, &used);
			img = wf_doc_cache_image(orig, st.hash, (uint64_t)st.size_bytes, &ilen);
			assert_non_null(img);
			assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, ilen, orig->file,
							    st.hash, (uint64_t)st.size_bytes,
							    WF_DOC_MAX_NODES), 1);
			assert_same_tree(orig, back);
			assert_int_equal(count, used); /* the same share of the budget */
			/* one node fewer than it holds: a miss (the parser says why) */
			assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, ilen, orig->file,
							    st.hash, (uint64_t)st.size_bytes,
							    used - 1), 0);
			free(img);
			wf_arena_release(&a);
			files++;
		}
	}
	closedir(dp);
	return files;
}

/* Every shipped model file, through its image and back. */
static void test_shipped_round_trip(void **state)
{
	char p[4096];

	(void)state;
	assert_true(round_trip_dir(test_path(p, sizeof p, "models")) >= 5);
	assert_true(round_trip_dir(test_path(p, sizeof p, "data")) >= 10);
}

static wf_node *parse_text(wf_arena *a, const char *text)
{
	wf_node *root = NULL;
	wf_error err;

	wf_error_clear(&err);
	assert_int_equal(wf_doc_load_buffer(&root, a, text, strlen(text), "t.yaml", 1, 1, &err),
			 0);
	return root;
}

/* An alias's target is written once and shared again when read back. */
static void test_aliases_shared(void **state)
{
	wf_arena a;
	wf_node *r, *back = NULL;
	size_t len = 0, count = 0;
	unsigned char *img;

	(void)state;
	wf_arena_init(&a);
	r = parse_text(&a, "a: &x {k: 'quoted', n: [1, 2]}\nb: *x\nc: [*x, *x]\n");
	img = wf_doc_cache_image(r, 42, 7, &len);
	assert_non_null(img);
	assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml", 42, 7,
					    WF_DOC_MAX_NODES), 1);
	assert_same_tree(r, back);
	assert_ptr_equal(wf_node_get(back, "a"), wf_node_get(back, "b"));
	assert_ptr_equal(wf_node_get(back, "c")->items[0], wf_node_get(back, "a"));
	assert_int_equal(wf_node_get(wf_node_get(back, "a"), "k")->plain, 0);
	/* 1 root + 3 keys + (1 map + 2 keys + 'quoted' + 1 seq + 2 items = 7)
	 * for a, b, and twice in c (+1 seq): 1 + 3 + 7 + 7 + 1 + 14 = 33 */
	assert_int_equal(count, 33);
	/* another file's bytes: not this entry */
	assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml", 43, 7,
					    WF_DOC_MAX_NODES), 0);
	assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml", 42, 8,
					    WF_DOC_MAX_NODES), 0);
	free(img);
	wf_arena_release(&a);
}

/* Every cut and every flipped byte of an image is a miss. */
static void test_damage_is_a_miss(void **state)
{
	wf_arena a;
	wf_node *r, *back;
	size_t len = 0, count, i;
	unsigned char *img;
	int bit;

	(void)state;
	wf_arena_init(&a);
	r = parse_text(&a, "grids:\n  - id: X\n    intensity: {2020: 100 g/kWh}\n    note: n\n");
	img = wf_doc_cache_image(r, 1, 2, &len);
	assert_non_null(img);
	for (i = 0; i < len; i++) {
		back = NULL;
		assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, i, "t.yaml", 1, 2,
						    WF_DOC_MAX_NODES), 0);
		assert_null(back);
	}
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit += 3) {
			img[i] ^= (unsigned char)(1u << bit);
			back = NULL;
			assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml",
							    1, 2, WF_DOC_MAX_NODES), 0);
			img[i] ^= (unsigned char)(1u << bit);
		}
	assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml", 1, 2,
					    WF_DOC_MAX_NODES), 1);
	free(img);
	wf_arena_release(&a);
}

/* The layout of an image (doc_cache.c): the header (cache.h), 20-byte
 * records, 4-byte item indexes, texts.  Forge one: change a record field
 * and seal it again with a right body hash. */
enum { HDR = WF_CACHE_HDR, REC = 20 };

static void reseal(unsigned char *img, size_t len)
{
	uint64_t h = wf_hash_bytes(img + HDR, len - HDR);

	memcpy(img + 48, &h, 8);
}

static uint32_t rec_get(const unsigned char *img, size_t i, int field)
{
	uint32_t v;

	memcpy(&v, img + HDR + REC * i + 4 * (size_t)field, 4);
	return v;
}

static void rec_set(unsigned char *img, size_t i, int field, uint32_t v)
{
	memcpy(img + HDR + REC * i + 4 * (size_t)field, &v, 4);
}

static int forged_hits(unsigned char *img, size_t len, size_t max_nodes)
{
	wf_arena a;
	wf_node *back = NULL;
	size_t count = 0;
	int hit;

	reseal(img, len);
	wf_arena_init(&a);
	hit = wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml", 5, 6, max_nodes);
	wf_arena_release(&a);
	return hit;
}

/* A consistent but forged body is checked node by node. */
static void test_forged_body(void **state)
{
	wf_arena a;
	wf_node *r;
	size_t len = 0, n;
	unsigned char *img, *copy;
	uint32_t nn, ni, nt, items_at;

	(void)state;
	wf_arena_init(&a);
	/* post-order: 0 "k", 1 "v", 2 "s", 3 [s], 4 {k: v, s: [s]}... */
	r = parse_text(&a, "k: v\ns: [x]\n");
	img = wf_doc_cache_image(r, 5, 6, &len);
	assert_non_null(img);
	memcpy(&nn, img + 32, 4);
	memcpy(&ni, img + 36, 4);
	memcpy(&nt, img + 40, 4);
	n = nn;
	items_at = HDR + REC * nn;
	assert_int_equal(forged_hits(img, len, WF_DOC_MAX_NODES), 1);
	copy = malloc(len);
	assert_non_null(copy);

	/* a child that is not before its parent: a cycle could be written */
	memcpy(copy, img, len);
	{
		uint32_t self = (uint32_t)(n - 1);
		memcpy(copy + items_at, &self, 4);
	}
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* an index past the nodes */
	memcpy(copy, img, len);
	{
		uint32_t far = 1000;
		memcpy(copy + items_at, &far, 4);
	}
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* a mapping whose key is a sequence: find the root's second key and
	 * point it at the sequence before it */
	memcpy(copy, img, len);
	{
		uint32_t off = rec_get(copy, n - 1, 2), seq = 0;
		size_t i;
		for (i = 0; i < n; i++)
			if (copy[HDR + REC * i + 16] == WF_NODE_SEQ)
				seq = (uint32_t)i;
		assert_true(seq < n - 1);
		memcpy(copy + items_at + 4 * (off + 2), &seq, 4);
	}
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* a text offset off the end of the texts */
	memcpy(copy, img, len);
	rec_set(copy, 0, 2, nt);
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* texts that do not end in NUL */
	memcpy(copy, img, len);
	copy[len - 1] = 'z';
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* a collection whose items run past the item array */
	memcpy(copy, img, len);
	rec_set(copy, n - 1, 3, ni);
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* an unknown node type, a quoting flag that is not 0 or 1 */
	memcpy(copy, img, len);
	copy[HDR + 16] = 7;
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	memcpy(copy, img, len);
	copy[HDR + 17] = 2;
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* the header's spare word must be 0 */
	memcpy(copy, img, len);
	copy[44] = 1;
	assert_int_equal(forged_hits(copy, len, WF_DOC_MAX_NODES), 0);
	/* more nodes than the budget left */
	memcpy(copy, img, len);
	assert_int_equal(forged_hits(copy, len, n - 1), 0);
	free(copy);
	free(img);
	wf_arena_release(&a);
}

/* Nesting as deep as the parser takes comes back; one level deeper (a
 * chain the parser would refuse) is a miss. */
static void test_depth_limit(void **state)
{
	char text[2 * WF_DOC_MAX_DEPTH + 8];
	wf_arena a;
	wf_node *r, *back = NULL, *nodes, **items;
	wf_error err;
	size_t len = 0, count = 0;
	unsigned char *img;
	int i, depth = WF_DOC_MAX_DEPTH;

	(void)state;
	wf_arena_init(&a);
	/* depth + 1 levels of [ around a scalar: the parser refuses it, and
	 * takes depth levels */
	for (i = 0; i <= depth; i++)
		text[i] = '[', text[depth + 2 + i] = ']';
	text[depth + 1] = 'x';
	text[2 * depth + 3] = '\0';
	wf_error_clear(&err);
	assert_int_equal(wf_doc_load_buffer(&r, &a, text, strlen(text), "t.yaml", 1, 1, &err),
			 WF_EINPUT);
	text[2 * depth + 2] = '\0';
	r = parse_text(&a, text + 1);
	img = wf_doc_cache_image(r, 5, 6, &len);
	assert_non_null(img);
	assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml", 5, 6,
					    WF_DOC_MAX_NODES), 1);
	assert_int_equal(count, (size_t)depth + 1);
	free(img);
	/* the chain the parser refused, built by hand: depth + 1 sequences */
	nodes = wf_arena_alloc(&a, (size_t)(depth + 2) * sizeof(wf_node));
	items = wf_arena_alloc(&a, (size_t)(depth + 1) * sizeof(wf_node *));
	assert_non_null(nodes);
	assert_non_null(items);
	for (i = 0; i < depth + 2; i++) {
		nodes[i].type = i == depth + 1 ? WF_NODE_SCALAR : WF_NODE_SEQ;
		nodes[i].file = "t.yaml";
		nodes[i].line = nodes[i].col = 1;
		nodes[i].text = i == depth + 1 ? "x" : "";
		if (i <= depth) {
			nodes[i].n = 1;
			nodes[i].items = &items[i];
			items[i] = &nodes[i + 1];
		}
	}
	img = wf_doc_cache_image(&nodes[0], 5, 6, &len);
	assert_non_null(img);
	assert_int_equal(wf_doc_cache_parse(&back, &count, &a, img, len, "t.yaml", 5, 6,
					    WF_DOC_MAX_NODES), 0);
	free(img);
	wf_arena_release(&a);
}

static void put(const char *name, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static int count_entries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	int n = 0;

	if (!dp)
		return -1;
	while ((de = readdir(dp)))
		if (strstr(de->d_name, ".wfdoc"))
			n++;
	closedir(dp);
	return n;
}

static wf_catalog *load_with(const char *cache, const char *path, int *rc, wf_error *err)
{
	wf_catalog *c = NULL;

	wf_error_clear(err);
	assert_int_equal(wf_catalog_new(&c), 0);
	assert_int_equal(wf_catalog_set_cache(c, cache, err), 0);
	*rc = wf_catalog_load(c, path, err);
	if (*rc == 0)
		*rc = wf_catalog_finish(c, err);
	return c;
}

/* The shipped catalog through a cache, cold then warm, holds what it
 * holds without one; the files it read keep their content hashes. */
static void test_catalog_cold_warm(void **state)
{
	char cache[512], p[4096];
	wf_catalog *plain, *cold, *warm, *cs[3];
	wf_error err;
	int rc, k, i, entries;
	size_t f;

	(void)state;
	snprintf(cache, sizeof cache, "%s/cache/a/b", dir); /* made, each level */
	plain = load_with(NULL, test_path(p, sizeof p, "data"), &rc, &err);
	assert_int_equal(rc, 0);
	cold = load_with(cache, p, &rc, &err);
	assert_int_equal(rc, 0);
	entries = count_entries(cache);
	assert_true(entries >= 10);
	warm = load_with(cache, p, &rc, &err);
	assert_int_equal(rc, 0);
	assert_int_equal(count_entries(cache), entries);
	cs[0] = plain, cs[1] = cold, cs[2] = warm;
	for (i = 1; i < 3; i++) {
		assert_int_equal(cs[i]->nodes_left, plain->nodes_left);
		for (k = 0; k < WF_KIND_COUNT; k++)
			assert_int_equal(wf_catalog_count(cs[i], (wf_kind)k),
					 wf_catalog_count(plain, (wf_kind)k));
		assert_int_equal(wf_catalog_file_count(cs[i]), wf_catalog_file_count(plain));
		for (f = 0; f < wf_catalog_file_count(plain); f++) {
			wf_file_info a, b;
			assert_int_equal(wf_catalog_file(&a, plain, f), 0);
			assert_int_equal(wf_catalog_file(&b, cs[i], f), 0);
			assert_string_equal(a.path, b.path);
			assert_true(a.hash == b.hash);
		}
	}
	for (f = 0; f < plain->kinds[WF_KIND_GRID].n; f++) {
		/* every grid's annual figures (the CSV tables come from the
		 * cache too): the same years, values and origins */
		const wf_grid *a = plain->kinds[WF_KIND_GRID].items[f];
		const wf_grid *b = warm->kinds[WF_KIND_GRID].items[f];
		size_t y;
		assert_string_equal(a->e.id, b->e.id);
		assert_int_equal(a->n_years, b->n_years);
		for (y = 0; y < a->n_years; y++) {
			assert_int_equal(a->years[y], b->years[y]);
			assert_true(a->intensity[y].v.p[0] == b->intensity[y].v.p[0]);
			assert_int_equal(a->intensity[y].line, b->intensity[y].line);
			assert_string_equal(a->intensity[y].file ? a->intensity[y].file : "",
					    b->intensity[y].file ? b->intensity[y].file : "");
		}
	}
	{
		/* an entry with its origin: the same file:line:col */
		wf_entry_info a, b;
		size_t ia, ib;
		assert_int_equal(wf_catalog_find(&ia, plain, WF_KIND_GRID, "GB-london", &err), 0);
		assert_int_equal(wf_catalog_find(&ib, warm, WF_KIND_GRID, "GB-london", &err), 0);
		assert_int_equal(wf_catalog_entry(&a, plain, WF_KIND_GRID, ia), 0);
		assert_int_equal(wf_catalog_entry(&b, warm, WF_KIND_GRID, ib), 0);
		assert_string_equal(a.file, b.file);
		assert_int_equal(a.line, b.line);
		assert_string_equal(a.name ? a.name : "", b.name ? b.name : "");
	}
	{
		struct stat sb;
		snprintf(p, sizeof p, "%s/cache", dir);
		assert_int_equal(stat(p, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0700);
	}
	wf_catalog_free(plain);
	wf_catalog_free(cold);
	wf_catalog_free(warm);
}

static double grid_2020(const wf_catalog *c, const char *id)
{
	size_t i;
	const wf_grid *g;

	assert_int_equal(wf_catalog_find(&i, c, WF_KIND_GRID, id, NULL), 0);
	g = c->kinds[WF_KIND_GRID].items[i];
	assert_int_equal(g->n_years, 1);
	return g->intensity[0].v.p[0] * 3.6e9; /* g/kWh */
}

/* An edited file is read afresh (its bytes are its key); an entry that
 * is damaged is read around and written again; a file with an error is
 * not kept. */
static void test_edit_and_damage(void **state)
{
	char cache[512], p[512], e[2048];
	wf_catalog *c;
	wf_error err;
	int rc;

	(void)state;
	snprintf(cache, sizeof cache, "%s/c2", dir);
	snprintf(p, sizeof p, "%s/g.yaml", dir);
	put("g.yaml", "grids:\n  - id: ZZ-test\n    basis: lifecycle\n    intensity: {2020: 100 g/kWh}\n");
	c = load_with(cache, p, &rc, &err);
	assert_int_equal(rc, 0);
	assert_rel(grid_2020(c, "ZZ-test"), 100, 1e-12);
	wf_catalog_free(c);
	put("g.yaml", "grids:\n  - id: ZZ-test\n    basis: lifecycle\n    intensity: {2020: 200 g/kWh}\n");
	c = load_with(cache, p, &rc, &err);
	assert_int_equal(rc, 0);
	assert_rel(grid_2020(c, "ZZ-test"), 200, 1e-12);
	wf_catalog_free(c);
	assert_int_equal(count_entries(cache), 2);
	{
		/* damage every entry: still read right, and written again */
		DIR *dp = opendir(cache);
		struct dirent *de;
		while ((de = readdir(dp)))
			if (strstr(de->d_name, ".wfdoc")) {
				char q[1024];
				FILE *f;
				snprintf(q, sizeof q, "%s/%s", cache, de->d_name);
				f = fopen(q, "r+b");
				assert_non_null(f);
				assert_int_equal(fseek(f, 60, SEEK_SET), 0);
				fputc('!', f);
				assert_int_equal(fclose(f), 0);
			}
		closedir(dp);
	}
	c = load_with(cache, p, &rc, &err);
	assert_int_equal(rc, 0);
	assert_rel(grid_2020(c, "ZZ-test"), 200, 1e-12);
	wf_catalog_free(c);
	{
		/* the entry was written again: a read of it is a hit */
		wf_arena a;
		wf_file_stamp st;
		size_t used, count = 0;
		wf_node *n = NULL;
		wf_arena_init(&a);
		parse_file(&a, p, &st, &used);
		assert_int_equal(wf_doc_cache_get(&n, &count, &a, cache, p, st.hash,
						  (uint64_t)st.size_bytes, WF_DOC_MAX_NODES), 1);
		assert_int_equal(count, used);
		wf_arena_release(&a);
	}
	/* an error is the parser's, with or without a cache, and not kept */
	put("bad.yaml", "grids:\n  - id: ZZ-bad\n    intensity: {2020: 100 g/kWh\n");
	snprintf(p, sizeof p, "%s/bad.yaml", dir);
	c = load_with(cache, p, &rc, &err);
	assert_int_equal(rc, WF_EINPUT);
	wf_error_format(&err, e, sizeof e);
	assert_non_null(strstr(e, "bad.yaml:"));
	wf_catalog_free(c);
	assert_int_equal(count_entries(cache), 2);
}

/* The table entry of t.csv in cache: its image (malloc'ed), or NULL. */
static const wf_cache_kind tab = {{'w', 'f', 't', 'a', 'b', '\0', 'v', '1'}, "wftab", 1};

static unsigned char *table_entry(const char *cache, const char *csv, size_t *len,
				  uint64_t *hash, uint64_t *size)
{
	char *text = NULL;
	size_t tl = 0;
	wf_file_stamp st;
	wf_error err;
	int fd;

	wf_error_clear(&err);
	assert_int_equal(wf_file_open(&fd, &st, csv, 1 << 20, "t", NULL, "t", &err), 0);
	assert_int_equal(wf_file_read_fd(&text, &tl, fd, &st, csv, "t", &err), 0);
	close(fd);
	free(text);
	*hash = st.hash;
	*size = (uint64_t)st.size_bytes;
	return wf_cache_read(cache, &tab, *hash, *size, len);
}

/* The three grids' figures from a catalog of the test directory. */
static void table_figures(const char *cache, double out[3])
{
	char p[512];
	wf_catalog *c;
	wf_error err;
	int rc;

	snprintf(p, sizeof p, "%s/tab", dir);
	c = load_with(cache, p, &rc, &err);
	assert_int_equal(rc, 0);
	{
		size_t i;
		const wf_grid *g;
		assert_int_equal(wf_catalog_find(&i, c, WF_KIND_GRID, "AA", NULL), 0);
		g = c->kinds[WF_KIND_GRID].items[i];
		assert_int_equal(g->n_years, 2);
		assert_int_equal(g->years[0], 2020);
		assert_int_equal(g->intensity[1].line, 4);
		out[0] = g->intensity[0].v.p[0] * 3.6e9;
		out[1] = g->intensity[1].v.p[0] * 3.6e9;
		assert_int_equal(wf_catalog_find(&i, c, WF_KIND_GRID, "BB", NULL), 0);
		g = c->kinds[WF_KIND_GRID].items[i];
		assert_int_equal(g->n_years, 1);
		out[2] = g->intensity[0].v.p[0] * 3.6e9;
	}
	wf_catalog_free(c);
}

/* An annual CSV table through the cache: the same rows, sorted; an entry
 * whose rows are out of range, out of order or point past the ids is
 * read around (and written again), even sealed with a right hash. */
static void test_table_entries(void **state)
{
	char cache[512], csv[512], p[512];
	double want[3] = {100, 90.5, 300}, got[3];
	unsigned char *img, *copy;
	uint64_t hash, size;
	size_t len = 0;
	uint32_t n[3], year, grid;
	int i, k;

	(void)state;
	snprintf(cache, sizeof cache, "%s/c3", dir);
	snprintf(p, sizeof p, "%s/tab", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	put("tab/g.yaml", "grids:\n  - id: AA\n    basis: lifecycle\n    intensity: t.csv\n"
			  "  - id: BB\n    basis: lifecycle\n    intensity: t.csv\n");
	put("tab/t.csv", "grid,year,intensity_g_per_kwh\nBB,2020,300\nAA,2020,100\n"
			 "AA,2021,90.5\n");
	snprintf(csv, sizeof csv, "%s/tab/t.csv", dir);
	table_figures(NULL, got);
	for (i = 0; i < 3; i++)
		assert_rel(got[i], want[i], 1e-12);
	table_figures(cache, got); /* cold: written */
	img = table_entry(cache, csv, &len, &hash, &size);
	assert_non_null(img);
	assert_int_equal(wf_cache_check(img, len, &tab, hash, size, n), 1);
	assert_int_equal(n[0], 3);  /* rows */
	assert_int_equal(n[1], 6);  /* "AA\0BB\0": one id per run of rows */
	table_figures(cache, got); /* warm: read */
	for (i = 0; i < 3; i++)
		assert_rel(got[i], want[i], 1e-12);
	copy = malloc(len);
	assert_non_null(copy);
	/* rows are 24 bytes: value, id offset, year, line, 0 */
	for (k = 0; k < 3; k++) {
		memcpy(copy, img, len);
		if (k == 0) { /* a year before 1900 */
			year = 1800;
			memcpy(copy + WF_CACHE_HDR + 12, &year, 4);
		} else if (k == 1) { /* rows out of order: swap the first two */
			unsigned char t[24];
			memcpy(t, copy + WF_CACHE_HDR, 24);
			memcpy(copy + WF_CACHE_HDR, copy + WF_CACHE_HDR + 24, 24);
			memcpy(copy + WF_CACHE_HDR + 24, t, 24);
		} else { /* an id offset past the ids */
			grid = 6;
			memcpy(copy + WF_CACHE_HDR + 8, &grid, 4);
		}
		wf_cache_seal(copy, len, &tab, hash, size, n);
		wf_cache_write(cache, &tab, hash, size, copy, len);
		table_figures(cache, got);
		for (i = 0; i < 3; i++)
			assert_rel(got[i], want[i], 1e-12);
		free(img);
		img = table_entry(cache, csv, &len, &hash, &size);
		assert_non_null(img);
		assert_int_equal(memcmp(img, copy, len) != 0, 1); /* written again */
	}
	free(copy);
	free(img);
}

/* A cache directory must be a directory of the user's that no one else
 * may write, chosen before the first load. */
static void test_cache_dir_refused(void **state)
{
	char p[512], msg[2048];
	wf_catalog *c = NULL;
	wf_error err;

	(void)state;
	assert_int_equal(wf_catalog_new(&c), 0);
	put("plain-file", "x");
	snprintf(p, sizeof p, "%s/plain-file", dir);
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_set_cache(c, p, &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, msg, sizeof msg), "not a directory"));
	snprintf(p, sizeof p, "%s/open", dir);
	assert_int_equal(mkdir(p, 0777), 0);
	assert_int_equal(chmod(p, 0777), 0);
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_set_cache(c, p, &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, msg, sizeof msg),
			       "writable by other users"));
	snprintf(p, sizeof p, "%s/plain-file/below", dir);
	assert_int_equal(wf_catalog_set_cache(c, p, &err), WF_EIO);
	assert_int_equal(wf_catalog_set_cache(c, "", &err), WF_EINPUT);
	assert_int_equal(wf_catalog_set_cache(c, NULL, &err), 0);
	assert_int_equal(wf_catalog_set_cache(NULL, dir, &err), WF_EINPUT);
	/* after a file has loaded: too late */
	put("one.yaml", "accelerators: []\n");
	snprintf(p, sizeof p, "%s/one.yaml", dir);
	assert_int_equal(wf_catalog_load(c, p, &err), 0);
	assert_int_equal(wf_catalog_set_cache(c, dir, &err), WF_EINPUT);
	wf_catalog_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_round_trip),
		cmocka_unit_test(test_aliases_shared),
		cmocka_unit_test(test_damage_is_a_miss),
		cmocka_unit_test(test_forged_body),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_catalog_cold_warm),
		cmocka_unit_test(test_edit_and_damage),
		cmocka_unit_test(test_table_entries),
		cmocka_unit_test(test_cache_dir_refused),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}

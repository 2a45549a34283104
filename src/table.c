/*
 * table.c - CSV tables of annual grid intensity (see table.h).
 */
#include "table.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "error.h"
#include "file.h"

/* 1 g/kWh = 1e-3 kg / 3.6e6 J */
#define G_PER_KWH_TO_KG_PER_J (1e-3 / 3.6e6)

enum { WF_TABLE_MAX_BYTES = 64 * 1024 * 1024 };

static int bad(wf_error *err, const char *path, int line, int col, const char *what,
	       const char *got)
{
	return wf_error_set(err, WF_EINPUT, "table", path, line, col,
			    "expected %s, got \"%s\"", what, got);
}

/* A year written as plain digits (what every table holds) without
 * strtol's locale machinery; anything else goes to strtol. */
static long read_year(const char *s, char **end)
{
	long y = 0;
	size_t i;

	for (i = 0; i < 6 && s[i] >= '0' && s[i] <= '9'; i++)
		y = 10 * y + (s[i] - '0');
	if (i > 0 && i < 6 && s[i] == '\0') {
		*end = (char *)s + i;
		return y;
	}
	return strtol(s, end, 10);
}

static int parse_rows(wf_catalog *cat, wf_table *t, char *text, int *sorted, wf_error *err)
{
	char *line = text, *next;
	int lineno = 0;
	size_t cap = 1;
	const char *c;

	*sorted = 1;
	/* room for a row per line, taken once */
	for (c = text; (c = strchr(c, '\n')) != NULL; c++)
		cap++;
	if (!(t->rows = wf_arena_alloc(&cat->arena, cap * sizeof(*t->rows))))
		return wf_error_set(err, WF_ENOMEM, "table", t->path, 0, 0, "out of memory");
	for (; line && *line; line = next) {
		char *f[4];
		int nf;
		char *end;
		long year;
		double v;
		wf_table_row *row;

		next = strchr(line, '\n');
		if (next) {
			*next++ = '\0';
			if (next - line >= 2 && next[-2] == '\r')
				next[-2] = '\0';
		} else if (line[0] && line[strlen(line) - 1] == '\r') {
			line[strlen(line) - 1] = '\0';
		}
		lineno++;
		if (line[0] == '\0')
			continue;
		nf = wf_csv_split(line, f, 4);
		if (lineno == 1) {
			if (nf != 3 || strcmp(f[0], "grid") || strcmp(f[1], "year") ||
			    strcmp(f[2], "intensity_g_per_kwh"))
				return wf_error_set(err, WF_EINPUT, "table", t->path, 1, 1,
						    "expected the header "
						    "grid,year,intensity_g_per_kwh");
			continue;
		}
		if (nf != 3)
			return wf_error_set(err, WF_EINPUT, "table", t->path, lineno, 1,
					    "expected 3 fields, got %d", nf < 0 ? 0 : nf);
		errno = 0;
		year = read_year(f[1], &end);
		if (end == f[1] || *end || errno || year < 1900 || year > 2200)
			return bad(err, t->path, lineno, (int)(f[1] - line) + 1,
				   "a year from 1900 to 2200", f[1]);
		if (wf_csv_number(f[2], &v) || !isfinite(v) || v < 0)
			return bad(err, t->path, lineno, (int)(f[2] - line) + 1,
				   "an intensity in g/kWh (a number >= 0)", f[2]);
		row = &t->rows[t->n_rows++];
		/* rows of one grid come together: one copy of its id */
		if (t->n_rows > 1 && strcmp(row[-1].grid, f[0]) == 0) {
			row->grid = row[-1].grid;
		} else {
			if (t->n_rows > 1 && strcmp(row[-1].grid, f[0]) > 0)
				*sorted = 0;
			if (!(row->grid = wf_arena_strdup(&cat->arena, f[0])))
				return wf_error_set(err, WF_ENOMEM, "table", t->path, 0, 0,
						    "out of memory");
		}
		row->year = (int)year;
		row->value = v * G_PER_KWH_TO_KG_PER_J;
		row->line = lineno;
	}
	if (lineno == 0)
		return wf_error_set(err, WF_EINPUT, "table", t->path, 0, 0,
				    "empty table, expected the header "
				    "grid,year,intensity_g_per_kwh");
	return 0;
}

/* Read a table (a regular file, at most WF_TABLE_MAX_BYTES) and record
 * it among the files the catalog read; errors opening it point at `from`. */
static int read_all(wf_catalog *cat, const char *path, char **out, wf_file_stamp *stamp,
		    wf_error *err, const char *from, int line, int col)
{
	wf_file_stamp st;
	wf_error e;
	size_t len;
	int fd, rc;

	wf_error_clear(&e);
	if ((rc = wf_file_open(&fd, &st, path, WF_TABLE_MAX_BYTES, "table", "table", "tables",
			       &e))) {
		if (strncmp(e.message, "cannot open table: ", 19) == 0)
			return wf_error_set(err, rc, "table", from, line, col,
					    "cannot open table \"%s\": %s", path, e.message + 19);
		return wf_error_set(err, rc, "table", from, line, col, "table \"%s\" %s", path,
				    e.message);
	}
	rc = wf_file_read_fd(out, &len, fd, &st, path, "table", err);
	close(fd);
	if (rc)
		return rc;
	if (memchr(*out, '\0', len)) {
		free(*out);
		*out = NULL;
		return wf_error_set(err, WF_EINPUT, "table", path, 0, 0,
				    "binary file (contains NUL bytes), expected CSV text");
	}
	if (wf_catalog_add_file(cat, path, &st) < 0) {
		free(*out);
		*out = NULL;
		return wf_error_set(err, WF_ENOMEM, "table", path, 0, 0, "out of memory");
	}
	*stamp = st;
	return 0;
}

static int cmp_row(const void *a, const void *b)
{
	const wf_table_row *x = a, *y = b;
	int c = strcmp(x->grid, y->grid);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* ------------------------------------------------------------ the cache */

/* A table as read, kept in the cache (cache.h) under the CSV's bytes:
 * its rows, sorted as wf_table_rows needs them, then the grid ids (each
 * NUL-terminated).  Counts: rows, id bytes. */
static const wf_cache_kind table_kind = {{'w', 'f', 't', 'a', 'b', '\0', 'v', '1'},
					 "wftab", 1};

typedef struct trow {
	double value;      /* kg/J */
	uint32_t grid;     /* offset of its id among the ids */
	int32_t year, line;
	uint32_t pad;
} trow;

_Static_assert(sizeof(trow) == 24, "a row has no padding");

static void cache_put(const char *dir, const wf_table *t, const wf_file_stamp *st)
{
	size_t i, ids = 0, at = 0, id = 0, len;
	unsigned char *img;
	uint32_t n[3] = {0, 0, 0};

	for (i = 0; i < t->n_rows; i++)
		if (i == 0 || t->rows[i].grid != t->rows[i - 1].grid)
			ids += strlen(t->rows[i].grid) + 1;
	if (t->n_rows > UINT32_MAX || ids > UINT32_MAX)
		return;
	len = WF_CACHE_HDR + sizeof(trow) * t->n_rows + ids;
	if (!(img = calloc(1, len)))
		return;
	for (i = 0; i < t->n_rows; i++) {
		const wf_table_row *r = &t->rows[i];
		trow w;
		memset(&w, 0, sizeof w);
		if (i == 0 || r->grid != r[-1].grid) { /* a run of rows: its id once */
			size_t l = strlen(r->grid) + 1;
			memcpy(img + WF_CACHE_HDR + sizeof(trow) * t->n_rows + at, r->grid, l);
			id = at;
			at += l;
		}
		w.grid = (uint32_t)id;
		w.value = r->value;
		w.year = r->year;
		w.line = r->line;
		memcpy(img + WF_CACHE_HDR + sizeof(trow) * i, &w, sizeof w);
	}
	n[0] = (uint32_t)t->n_rows;
	n[1] = (uint32_t)ids;
	wf_cache_seal(img, len, &table_kind, st->hash, (uint64_t)st->size_bytes, n);
	wf_cache_write(dir, &table_kind, st->hash, (uint64_t)st->size_bytes, img, len);
	free(img);
}

/* The rows of a cached table into t, each checked as parse_rows would
 * have left it (a year in range, an intensity >= 0, sorted by grid then
 * line): 1, or 0 for anything else. */
static int cache_get(wf_catalog *cat, wf_table *t, const wf_file_stamp *st)
{
	size_t len = 0, i, nr;
	unsigned char *img = wf_cache_read(cat->cache_dir, &table_kind, st->hash,
					   (uint64_t)st->size_bytes, &len);
	uint32_t n[3];
	char *ids = NULL;
	int ok;

	ok = img && wf_cache_check(img, len, &table_kind, st->hash, (uint64_t)st->size_bytes, n) &&
	     n[2] == 0 && len == WF_CACHE_HDR + sizeof(trow) * (size_t)n[0] + n[1] &&
	     (n[1] == 0 || img[len - 1] == '\0');
	nr = ok ? n[0] : 0;
	if (ok && (!(t->rows = wf_arena_alloc(&cat->arena, (nr ? nr : 1) * sizeof(*t->rows))) ||
		   !(ids = wf_arena_alloc(&cat->arena, n[1] ? n[1] : 1))))
		ok = 0;
	if (ok)
		memcpy(ids, img + WF_CACHE_HDR + sizeof(trow) * nr, n[1]);
	for (i = 0; ok && i < nr; i++) {
		wf_table_row *r = &t->rows[i];
		trow w;
		memcpy(&w, img + WF_CACHE_HDR + sizeof(trow) * i, sizeof w);
		ok = w.grid < n[1] && w.year >= 1900 && w.year <= 2200 && w.line >= 2 &&
		     isfinite(w.value) && w.value >= 0;
		if (!ok)
			break;
		r->grid = ids + w.grid;
		r->year = w.year;
		r->value = w.value;
		r->line = w.line;
		ok = i == 0 || cmp_row(&r[-1], r) < 0;
	}
	free(img);
	t->n_rows = ok ? nr : 0;
	return ok;
}

size_t wf_table_rows(const wf_table *t, const char *grid, size_t *first)
{
	size_t lo = 0, hi = t->n_rows, end;

	/* lower bound of grid, then the run of equal grids */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->rows[mid].grid, grid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < t->n_rows && strcmp(t->rows[end].grid, grid) == 0; end++)
		;
	*first = lo;
	return end - lo;
}

int wf_table_open(wf_catalog *cat, const wf_table **out, const char *rel,
		  const char *from, int line, int col, wf_error *err)
{
	const char *slash = strrchr(from, '/');
	size_t dl = (rel[0] != '/' && slash) ? (size_t)(slash - from) + 1 : 0, i;
	char *path = wf_arena_alloc(&cat->arena, dl + strlen(rel) + 1);
	char *text = NULL;
	wf_file_stamp st;
	wf_table *t;
	int rc, sorted;

	if (!path)
		return wf_error_set(err, WF_ENOMEM, "table", from, 0, 0, "out of memory");
	memcpy(path, from, dl);
	strcpy(path + dl, rel);
	for (i = 0; i < cat->n_tables; i++)
		if (strcmp(cat->tables[i].path, path) == 0) {
			*out = &cat->tables[i];
			return 0;
		}
	if ((rc = read_all(cat, path, &text, &st, err, from, line, col)))
		return rc;
	if (cat->n_tables == cat->cap_tables) {
		size_t nc = cat->cap_tables ? 2 * cat->cap_tables : 8;
		wf_table *nt = wf_arena_grow(&cat->arena, cat->tables, cat->n_tables, nc,
					     sizeof(wf_table));
		if (!nt) {
			free(text);
			return wf_error_set(err, WF_ENOMEM, "table", path, 0, 0, "out of memory");
		}
		cat->tables = nt;
		cat->cap_tables = nc;
	}
	t = &cat->tables[cat->n_tables];
	memset(t, 0, sizeof(*t));
	t->path = path;
	if (cat->cache_dir && cache_get(cat, t, &st)) {
		free(text);
		cat->n_tables++;
		*out = t;
		return 0;
	}
	rc = parse_rows(cat, t, text, &sorted, err);
	free(text);
	if (rc)
		return rc;
	/* Sorted by grid so each grid finds its rows by binary search (rows
	 * of a grid stay in line order); most tables already are. */
	if (!sorted)
		qsort(t->rows, t->n_rows, sizeof(*t->rows), cmp_row);
	if (cat->cache_dir)
		cache_put(cat->cache_dir, t, &st);
	cat->n_tables++;
	*out = t;
	return 0;
}

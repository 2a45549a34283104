/*
 * catalog_series.c - a grid's hourly series: the files named in model files,
 * read on first use, and the step function of each (file, region, column)
 * a grid lists.
 *
 * Why on first use: the shipped series are tens of megabytes of CSV (a
 * year of the 14 GB regions is 10 MB), and a run that needs none of them
 * (an annual figure, an explicit intensity) must not pay for reading them.
 * A finished catalog is shared read-only by threads; the only thing that
 * changes after wf_catalog_finish is a file going from unread to read (or
 * failed), under its own lock, once.  Every caller then sees the same
 * series, or the same error, whichever thread read it.
 */
#include "catalog.h"

#include <pthread.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "series_int.h"

char *wf_series_path(wf_arena *a, const char *from_file, const char *rel)
{
	char *p = wf_path_sibling(a, from_file, rel);

	if (p)
		wf_path_fold_up(p);
	return p;
}

wf_series_file *wf_series_file_find(const wf_catalog *cat, const char *path,
				    const char *column)
{
	size_t i;

	for (; cat; cat = cat->parent)
		for (i = 0; i < cat->n_sfiles; i++)
			if (strcmp(cat->sfiles[i]->path, path) == 0 &&
			    strcmp(cat->sfiles[i]->column, column) == 0)
				return cat->sfiles[i];
	return NULL;
}

wf_series_file *wf_series_file_add(wf_catalog *cat, const char *path, const char *column,
				   const char *from, int line, int col)
{
	wf_series_file *f;
	pthread_mutex_t *m;
	size_t i;

	for (i = 0; i < cat->n_sfiles; i++)
		if (strcmp(cat->sfiles[i]->path, path) == 0 &&
		    strcmp(cat->sfiles[i]->column, column) == 0)
			return cat->sfiles[i];
	if (cat->n_sfiles == cat->cap_sfiles) {
		size_t cap = cat->cap_sfiles ? 2 * cat->cap_sfiles : 8;
		wf_series_file **ns = realloc(cat->sfiles, cap * sizeof(*ns));
		if (!ns)
			return NULL;
		cat->sfiles = ns;
		cat->cap_sfiles = cap;
	}
	f = calloc(1, sizeof(*f));
	m = malloc(sizeof(*m));
	if (!f || !m || pthread_mutex_init(m, NULL) != 0) {
		free(f);
		free(m);
		return NULL;
	}
	f->lock = m;
	f->path = wf_arena_strdup(&cat->arena, path);
	f->column = wf_arena_strdup(&cat->arena, column);
	f->from_file = from;
	f->from_line = line;
	f->from_col = col;
	if (!f->path || !f->column) {
		pthread_mutex_destroy(m);
		free(m);
		free(f);
		return NULL;
	}
	cat->sfiles[cat->n_sfiles++] = f;
	{
		/* named, so protected: a file the catalog may read is never a
		 * command's output (its stamp, not its hash, until it is read) */
		struct stat st;
		wf_file_stamp fs;
		if (stat(path, &st) == 0) {
			memset(&fs, 0, sizeof fs);
			fs.dev = (unsigned long long)st.st_dev;
			fs.ino = (unsigned long long)st.st_ino;
			fs.size_bytes = (long long)st.st_size;
			fs.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
			if (wf_catalog_add_file(cat, path, &fs) < 0)
				return NULL;
		}
	}
	return f;
}

int wf_series_file_get(wf_series_file *f, wf_error *err)
{
	pthread_mutex_t *m = f->lock;
	int rc = 0;

	pthread_mutex_lock(m);
	if (f->state == 0) {
		wf_error local;
		wf_error_clear(&local);
		/* regular files only, read in chunks (series_load.c) */
		rc = wf_series__read_column(&f->s, &f->n, f->path, NULL, NULL, f->column, NULL,
					    &local);
		if (rc && !local.line)
			/* a file that cannot be read at all: name the model file
			 * that asked for it */
			wf_error_set(&f->err, rc, "model", f->from_file, f->from_line,
				     f->from_col, "%s: \"%s\"%s%s",
				     strcmp(f->column, "temperature_c") ? "series"
									 : "temperature_series",
				     f->path, strncmp(local.message, "is ", 3) ? ": " : " ",
				     local.message);
		else
			f->err = local;
		f->state = rc ? -1 : 1;
	}
	if (f->state < 0) {
		rc = f->err.code ? f->err.code : WF_EIO;
		if (err && err->code == 0)
			*err = f->err;
	}
	pthread_mutex_unlock(m);
	return rc;
}

void wf_series_file_release(wf_series_file *f)
{
	if (!f)
		return;
	wf_series_free_all(f->s, f->n);
	if (f->lock) {
		pthread_mutex_destroy((pthread_mutex_t *)f->lock);
		free(f->lock);
	}
	free(f);
}

const wf_grid_series *wf_grid_series_list(const wf_grid *g, size_t *n, const wf_grid **owner)
{
	int depth = 0;

	while (g && g->series_from && depth++ < 32)
		g = g->series_from;
	if (owner)
		*owner = g;
	*n = g ? g->n_series : 0;
	return g ? g->series : NULL;
}

int wf_grid_series_get(const wf_grid_series *gs, const wf_grid *owner, const wf_series **out,
		       wf_error *err)
{
	int rc;

	*out = NULL;
	if ((rc = wf_series_file_get(gs->file, err)))
		return rc;
	return wf_series_find(out, (const wf_series *const *)gs->file->s, gs->file->n,
			      gs->region ? gs->region : owner->e.id, gs->file_yaml, gs->line,
			      gs->col, err);
}

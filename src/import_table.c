/*
 * import_table.c - the rows an importer reads, each with the file:line:col
 * it came from, and the checks that make them a series: one step, every
 * spacing a whole number of steps, missing intervals made explicit, the
 * same interval twice an error (unless two downloads overlap with the same
 * values).  The readers fill the table; import.c writes it out.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "file.h"
#include "import_int.h"

static int oom(imp_table *tab)
{
	return wf_error_set(tab->err, WF_ENOMEM, IMP_MOD, tab->file, 0, 0, "out of memory");
}

int imp_table_init(imp_table *tab, const wf_import_options *opt, wf_error *err)
{
	memset(tab, 0, sizeof(*tab));
	wf_arena_init(&tab->arena);
	tab->err = err;
	tab->opt = opt;
	tab->from_s = -INFINITY;
	tab->to_s = INFINITY;
	return 0;
}

void imp_table_release(imp_table *tab)
{
	free(tab->reg);
	free(tab->row);
	free(tab->fv);
	wf_strbuf_free(&tab->notes);
	wf_arena_release(&tab->arena);
	memset(tab, 0, sizeof(*tab));
}

int imp_table_file(imp_table *tab, const char *path)
{
	size_t i;

	if (!(tab->file = wf_arena_strdup(&tab->arena, path)))
		return oom(tab);
	tab->file_no++;
	for (i = 0; i < tab->nreg; i++)
		tab->reg[i].last_t = NAN;
	return 0;
}

void imp_note(imp_table *tab, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	wf_strbuf_printf(&tab->notes, "%s\n", line);
}

const char *imp_pos_str(char *buf, size_t size, imp_pos at)
{
	snprintf(buf, size, "%s:%d", at.file ? at.file : "?", at.line);
	return buf;
}

int imp_read_file(char **out, size_t *len, const char *path, wf_error *err)
{
	wf_file_stamp st;
	int fd, rc;

	*out = NULL;
	/* a regular file only: never a FIFO that blocks, a directory or a device */
	if ((rc = wf_file_open(&fd, &st, path, (long long)IMP_MAX_BYTES, IMP_MOD, NULL, "imports",
			       err)))
		return rc;
	rc = wf_file_read_fd(out, len, fd, &st, path, IMP_MOD, err);
	close(fd);
	return rc;
}

int imp_table_region(imp_table *tab, const char *id, const char *name, imp_pos at,
		     size_t *out)
{
	size_t i;
	imp_region *r;
	char b[600];

	for (i = 0; i < tab->nreg; i++) {
		r = &tab->reg[i];
		int same_id = strcmp(r->id, id) == 0, same_name = strcmp(r->name, name) == 0;
		if (same_id && same_name) {
			*out = i;
			return 0;
		}
		if (same_id && id[0])
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, at.file, at.line, at.col,
					    "region %s is named \"%s\" here but \"%s\" at %s", id,
					    name, r->name, imp_pos_str(b, sizeof b, r->at));
		if (same_name && name[0])
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, at.file, at.line, at.col,
					    "region \"%s\" has id %s here but %s at %s", name, id,
					    r->id, imp_pos_str(b, sizeof b, r->at));
	}
	if (tab->nreg == tab->capreg) {
		size_t nc = tab->capreg ? 2 * tab->capreg : 16;
		imp_region *nr = realloc(tab->reg, nc * sizeof(*nr));
		if (!nr)
			return oom(tab);
		tab->reg = nr;
		tab->capreg = nc;
	}
	r = &tab->reg[tab->nreg];
	memset(r, 0, sizeof(*r));
	r->id = wf_arena_strdup(&tab->arena, id);
	r->name = wf_arena_strdup(&tab->arena, name);
	if (!r->id || !r->name)
		return oom(tab);
	r->at = at;
	r->last_t = NAN;
	*out = tab->nreg++;
	return 0;
}

int imp_table_fuel(imp_table *tab, const char *name, imp_pos at, size_t *out)
{
	size_t i;
	const char *p;

	for (i = 0; i < tab->nfuel; i++)
		if (strcmp(tab->fuel[i], name) == 0) {
			*out = i;
			return 0;
		}
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			break;
	if (!name[0] || *p || strlen(name) > 60)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, at.file, at.line, at.col,
				    "fuel \"%.60s\": expected a name of lower-case letters, "
				    "digits and _", name);
	if (tab->nfuel == IMP_MAX_FUELS)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, at.file, at.line, at.col,
				    "more than %d fuels", IMP_MAX_FUELS);
	if (!(tab->fuel[tab->nfuel] = wf_arena_strdup(&tab->arena, name)))
		return oom(tab);
	tab->fuel_at[tab->nfuel] = at;
	*out = tab->nfuel++;
	return 0;
}

static int grow_rows(imp_table *tab, size_t need)
{
	if (tab->nrow + need > tab->caprow) {
		size_t nc = tab->caprow ? 2 * tab->caprow : 1024;
		imp_row *nr;
		while (nc < tab->nrow + need)
			nc *= 2;
		if (!(nr = realloc(tab->row, nc * sizeof(*nr))))
			return oom(tab);
		tab->row = nr;
		tab->caprow = nc;
	}
	return 0;
}

int imp_table_add(imp_table *tab, size_t region, double t, double len_s, double ci,
		  const imp_fv *fv, size_t nv, imp_pos at)
{
	imp_region *r = &tab->reg[region];
	imp_row *row;
	char b[32], p[600];

	if (t < tab->from_s || t >= tab->to_s) {
		tab->clipped++;
		return 0;
	}
	if (isfinite(r->last_t) && t <= r->last_t)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, at.file, at.line, at.col,
				    t == r->last_t ? "duplicate interval %s%s%s (first at %s)"
						   : "interval %s%s%s comes after a later one (at %s); "
						     "times must increase",
				    imp_time_format(b, t), r->id[0] || r->name[0] ? " of region " : "",
				    r->id[0] ? r->id : r->name, imp_pos_str(p, sizeof p, r->last_at));
	r->last_t = t;
	r->last_at = at;
	if (grow_rows(tab, 1))
		return WF_ENOMEM;
	if (tab->nfv + nv > tab->capfv) {
		size_t nc = tab->capfv ? 2 * tab->capfv : 4096;
		imp_fv *nf;
		while (nc < tab->nfv + nv)
			nc *= 2;
		if (!(nf = realloc(tab->fv, nc * sizeof(*nf))))
			return oom(tab);
		tab->fv = nf;
		tab->capfv = nc;
	}
	if (nv)
		memcpy(tab->fv + tab->nfv, fv, nv * sizeof(*fv));
	row = &tab->row[tab->nrow++];
	memset(row, 0, sizeof(*row));
	row->t = t;
	row->len_s = len_s;
	row->ci = ci;
	row->region = region;
	row->v0 = tab->nfv;
	row->nv = nv;
	row->at = at;
	row->file_no = tab->file_no;
	tab->nfv += nv;
	if (isnan(ci))
		tab->empty++;
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const imp_row *x = a, *y = b;

	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->file_no - y->file_no;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Same value, NAN equal to NAN. */
static int same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/* Do two rows hold the same values? */
static int same_values(const imp_table *tab, const imp_row *a, const imp_row *b)
{
	size_t i;

	if (!same(a->ci, b->ci) || a->nv != b->nv || !same(a->len_s, b->len_s))
		return 0;
	for (i = 0; i < a->nv; i++)
		if (tab->fv[a->v0 + i].fuel != tab->fv[b->v0 + i].fuel ||
		    !same(tab->fv[a->v0 + i].v, tab->fv[b->v0 + i].v))
			return 0;
	return 1;
}

/* The same interval in two files: kept once when the values agree. */
static int drop_overlaps(imp_table *tab)
{
	size_t i, k = 0;
	char b[32], p[600];

	for (i = 0; i < tab->nrow; i++) {
		imp_row *r = &tab->row[i];
		if (k > 0 && tab->row[k - 1].region == r->region && tab->row[k - 1].t == r->t) {
			if (!same_values(tab, &tab->row[k - 1], r))
				return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, r->at.file,
						    r->at.line, r->at.col,
						    "interval %s is also at %s with other values",
						    imp_time_format(b, r->t),
						    imp_pos_str(p, sizeof p, tab->row[k - 1].at));
			tab->overlaps++;
			continue;
		}
		tab->row[k++] = *r;
	}
	tab->nrow = k;
	return 0;
}

/* The step: the intervals' own length when the source gives one (all
 * equal), else the median spacing of consecutive rows of a region. */
static int find_step(imp_table *tab)
{
	size_t i, n = 0;
	double *d;
	char p[600];

	if (tab->nrow && !isnan(tab->row[0].len_s)) {
		const imp_row *r0 = &tab->row[0];
		for (i = 0; i < tab->nrow; i++) {
			const imp_row *r = &tab->row[i];
			if (!(r->len_s > 0))
				return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, r->at.file,
						    r->at.line, r->at.col,
						    "the interval ends before it starts");
			if (r->len_s != r0->len_s)
				return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, r->at.file,
						    r->at.line, r->at.col,
						    "step: this interval lasts %g min but the one at %s "
						    "lasts %g min; a series has one step", r->len_s / 60,
						    imp_pos_str(p, sizeof p, r0->at), r0->len_s / 60);
		}
		tab->step_s = r0->len_s;
		return 0;
	}
	if (!(d = malloc((tab->nrow + 1) * sizeof(double))))
		return oom(tab);
	for (i = 1; i < tab->nrow; i++)
		if (tab->row[i].region == tab->row[i - 1].region)
			d[n++] = tab->row[i].t - tab->row[i - 1].t;
	if (n == 0) {
		free(d);
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 0, 0,
				    "%s: a series needs at least 2 rows to know its step",
				    tab->nrow ? "one row" : "no rows");
	}
	qsort(d, n, sizeof(double), dbl_cmp);
	tab->step_s = d[(n - 1) / 2]; /* the lower median */
	free(d);
	return 0;
}

/* Check the spacing of row i after row i-1 of the same region: a whole
 * number k of steps; k - 1 missing intervals are returned in *missing. */
static int spacing(imp_table *tab, size_t i, size_t *missing)
{
	const imp_row *a = &tab->row[i - 1], *b = &tab->row[i];
	double gap = b->t - a->t, k = gap / tab->step_s;
	char t0[32], t1[32];

	*missing = 0;
	if (fabs(k - floor(k + 0.5)) > 1e-9 || k < 0.5)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, b->at.file, b->at.line,
				    b->at.col,
				    "step: %s is %g min after the interval before (%s), not a "
				    "whole number of %g min steps", imp_time_format(t1, b->t),
				    gap / 60, imp_time_format(t0, a->t), tab->step_s / 60);
	*missing = (size_t)floor(k + 0.5) - 1;
	if (*missing && tab->opt->no_gaps)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, b->at.file, b->at.line,
				    b->at.col,
				    "gap: %zu missing interval%s between %s and %s", *missing,
				    *missing == 1 ? "" : "s", imp_time_format(t0, a->t),
				    imp_time_format(t1, b->t));
	return 0;
}

int imp_table_check(imp_table *tab)
{
	size_t i, k, add = 0, missing, nrow;
	char t0[32], p[600];
	imp_row first_gap;
	int rc;

	memset(&first_gap, 0, sizeof(first_gap));
	if (tab->nrow == 0)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 0, 0,
				    "no rows%s", tab->clipped ? " between --from and --to" : "");
	qsort(tab->row, tab->nrow, sizeof(imp_row), row_cmp);
	if ((rc = drop_overlaps(tab)) || (rc = find_step(tab)))
		return rc;
	for (i = 1; i < tab->nrow; i++)
		if (tab->row[i].region == tab->row[i - 1].region) {
			if ((rc = spacing(tab, i, &missing)))
				return rc;
			if (missing && tab->gaps++ == 0)
				first_gap = tab->row[i];
			add += missing;
		}
	if (add == 0)
		return 0;
	if (grow_rows(tab, add))
		return WF_ENOMEM;
	/* spread the rows out from the end, filling each gap */
	nrow = tab->nrow;
	k = nrow + add;
	for (i = nrow; i-- > 0;) {
		imp_row r = tab->row[i];
		tab->row[--k] = r;
		if (i > 0 && tab->row[i - 1].region == r.region) {
			double t = r.t - tab->step_s;
			while (t - tab->row[i - 1].t > tab->step_s * 0.5) {
				imp_row *f = &tab->row[--k];
				memset(f, 0, sizeof(*f));
				f->t = t;
				f->len_s = r.len_s;
				f->ci = NAN;
				f->region = r.region;
				f->at = r.at;
				f->filled = 1;
				t -= tab->step_s;
			}
		}
	}
	tab->nrow = nrow + add;
	tab->gap_rows = add;
	imp_note(tab, "%zu missing interval%s in %zu gap%s written as empty rows (first before "
		 "%s at %s); --no-gaps makes a gap an error", add, add == 1 ? "" : "s",
		 tab->gaps, tab->gaps == 1 ? "" : "s", imp_time_format(t0, first_gap.t),
		 imp_pos_str(p, sizeof p, first_gap.at));
	return 0;
}

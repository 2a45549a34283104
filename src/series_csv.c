/*
 * series_csv.c - the CSV layouts of intensity series (series.h): one series
 * (timestamp_utc,intensity_g_per_kwh), regional (with region_id, region) and
 * a national generation-mix table (<fuel>_pct or _mw columns weighed by a
 * factor set), read row by row into each region's steps with file:line:col
 * errors.  series.c builds the step functions; series_load.c reads files.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "error.h"
#include "file.h"
#include "quantity.h"
#include "series_int.h"
#include "csv.h"

/* ------------------------------------------------------ reading CSV */

enum role { R_TS, R_RID, R_RNAME, R_CI, R_FUEL, R_DROP, R_SKIP };

typedef struct colspec {
	enum role role;
	char *name;       /* header text (points into the header copy) */
	int col;          /* 1-based column of the header field */
	double ef;        /* R_FUEL: factor, kg/J */
} colspec;

typedef struct reader {
	const char *path;
	const char *filter;            /* NULL: every region */
	const wf_mix_factors *mix;     /* NULL: read the value column */
	const char *column;            /* the value column */
	int c_month, c_day, c_hour;    /* a typical year's columns, -1 if absent */
	char *header;                  /* copy of the header line */
	char *hbuf;                    /* another, split into the column names */
	int ncol;
	colspec cols[SERIES_MAX_COLS];
	int c_ts, c_rid, c_rname, c_ci; /* column indexes, -1 if absent */
	int pct;                       /* mix columns are _pct (else _mw) */
	acc *regs;
	size_t nregs, capregs, last;
	wf_qparser *qp;
	wf_error *err;
	int lineno;                    /* lines read so far */
	int has_header;                /* the header has been read */
} reader;

/* Every column a series file may hold (data/series/README.md): the time,
 * the region, the value columns (one is read, the others passed over) and
 * Electricity Maps' and the typical years' descriptive columns. */
static const char *const known_cols[] = {
	"timestamp_utc", "region_id", "region", "intensity_g_per_kwh",
	"intensity_lifecycle_g_per_kwh", "temperature_c", "estimated",
	"estimation_method", "month", "day", "hour_start_utc", "source_year",
};

#define N_KNOWN (sizeof(known_cols) / sizeof(known_cols[0]))

#define HEADER_HELP \
	"timestamp_utc,intensity_g_per_kwh (one series) or " \
	"timestamp_utc,region_id,region,intensity_g_per_kwh[,<fuel>_pct...] (regional)"

/* The unit of a value column: g/kWh for intensities, °C (any sign) for a
 * temperature. */
static int is_temperature(const char *column)
{
	return strcmp(column, "temperature_c") == 0;
}

static int is_known(const char *name)
{
	size_t i;

	for (i = 0; i < N_KNOWN; i++)
		if (strcmp(name, known_cols[i]) == 0)
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a > b && strcmp(s + a - b, suffix) == 0;
}


/* Is name the fuel of a column, fuel[0..len)? */
static int is_fuel(const char *name, const char *fuel, size_t len)
{
	return name && strlen(name) == len && strncmp(name, fuel, len) == 0;
}

/* Give a fuel column its factor, or mark it dropped. */
static int fuel_factor(reader *r, colspec *c, size_t len)
{
	const wf_mix_factors *m = r->mix;
	char fuel[80];
	size_t i;

	for (i = 0; i < m->n_drop; i++)
		if (is_fuel(m->drop[i], c->name, len)) {
			c->role = R_DROP;
			return 0;
		}
	for (i = 0; i < m->n; i++)
		if (is_fuel(m->fuel[i], c->name, len)) {
			c->role = R_FUEL;
			c->ef = m->ef_kg_per_j[i];
			return 0;
		}
	snprintf(fuel, sizeof fuel, "%.*s", (int)(len < 64 ? len : 64), c->name);
	{
		const char *near = wf_nearest(fuel, m->fuel, m->n);
		char q[80];
		if (near)
			return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, c->col,
					    "no emission factor for fuel \"%s\" (column %s); "
					    "did you mean \"%s\"?", fuel,
					    wf_series__quote(q, sizeof q, c->name), near);
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, c->col,
				    "no emission factor for fuel \"%s\" (column %s); give "
				    "it one or list it to be dropped", fuel,
				    wf_series__quote(q, sizeof q, c->name));
	}
}

static int read_header(reader *r, char *line)
{
	char *f[SERIES_MAX_COLS + 1];
	int col[SERIES_MAX_COLS + 1], nf, i, j, known = 0, nfuel = 0, first_fuel = -1, rc;
	char q[80];

	/* The column names point into hbuf: lines are read into a buffer that
	 * the next read reuses. */
	if (!(r->header = strdup(line)) || !(r->hbuf = strdup(line)))
		return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0, "out of memory");
	nf = wf_csv_fields(r->hbuf, f, col, SERIES_MAX_COLS);
	if (nf < 0)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, 1,
				    "unterminated quote in the header");
	if (nf > SERIES_MAX_COLS)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, col[SERIES_MAX_COLS],
				    "more than %d columns", SERIES_MAX_COLS);
	r->ncol = nf;
	r->c_ts = r->c_rid = r->c_rname = r->c_ci = -1;
	r->c_month = r->c_day = r->c_hour = -1;
	for (i = 0; i < nf; i++) {
		colspec *c = &r->cols[i];
		c->name = f[i];
		c->col = col[i];
		c->role = R_SKIP;
		if (strcmp(f[i], "timestamp_utc") == 0)
			c->role = R_TS, r->c_ts = i;
		else if (strcmp(f[i], "region_id") == 0)
			c->role = R_RID, r->c_rid = i;
		else if (strcmp(f[i], "region") == 0)
			c->role = R_RNAME, r->c_rname = i;
		else if (strcmp(f[i], r->column) == 0)
			c->role = r->mix ? R_SKIP : R_CI, r->c_ci = i;
		else if (strcmp(f[i], "month") == 0)
			r->c_month = i;
		else if (strcmp(f[i], "day") == 0)
			r->c_day = i;
		else if (strcmp(f[i], "hour_start_utc") == 0)
			r->c_hour = i;
		else if (ends_with(f[i], "_pct") || ends_with(f[i], "_mw"))
			nfuel++;
		else if (!is_known(f[i]))
			continue;
		known++;
		for (j = 0; j < i; j++)
			if (strcmp(f[j], f[i]) == 0)
				return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, col[i],
						    "duplicate column \"%s\" (also column %d)",
						    wf_series__quote(q, sizeof q, f[i]), col[j]);
	}
	if (known == 0)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, 1,
				    "expected the header " HEADER_HELP ", got \"%s\"",
				    wf_series__quote(q, sizeof q, r->header));
	for (i = 0; i < nf; i++) {
		colspec *c = &r->cols[i];
		int pct = ends_with(c->name, "_pct"), mw = ends_with(c->name, "_mw");
		if (c->role != R_SKIP || i == r->c_ci || is_known(c->name))
			continue;
		if (!pct && !mw) {
			const char *near = wf_nearest(c->name, known_cols, N_KNOWN);
			if (near)
				return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, c->col,
						    "unknown column \"%s\"; did you mean \"%s\"?",
						    wf_series__quote(q, sizeof q, c->name), near);
			return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, c->col,
					    "unknown column \"%s\"; expected timestamp_utc, "
					    "region_id, region, intensity_g_per_kwh (or another "
					    "value column: data/series/README.md) or "
					    "<fuel>_pct / <fuel>_mw columns",
					    wf_series__quote(q, sizeof q, c->name));
		}
		if (!r->mix)
			continue; /* the mix is not needed for the intensity */
		if (first_fuel < 0) {
			first_fuel = i;
			r->pct = pct;
		} else if (pct != r->pct) {
			return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, c->col,
					    "column %s: fuel columns must share one unit "
					    "(the first was %s)", c->name,
					    r->cols[first_fuel].name);
		}
		if ((rc = fuel_factor(r, c, strlen(c->name) - (pct ? 4 : 3))))
			return rc;
	}
	if (r->c_ts < 0 && (r->c_month < 0 || r->c_day < 0 || r->c_hour < 0))
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, 1,
				    "no timestamp_utc column (nor month, day and "
				    "hour_start_utc for a typical year); expected the header "
				    HEADER_HELP);
	if (!r->mix && r->c_ci < 0)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, 1,
				    "no %s column; expected the header "
				    HEADER_HELP "%s", r->column, nfuel ? " (a generation-mix "
				    "table is read with a factor set: wf_series_from_mix)" : "");
	if (r->mix) {
		int used = 0;
		for (i = 0; i < nf; i++)
			used += r->cols[i].role == R_FUEL;
		if (!used)
			return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, 1,
					    "no fuel columns with a factor; expected "
					    "<fuel>_mw or <fuel>_pct columns");
	}
	return 0;
}

/* Does a region (id, name) answer the filter? */
static int selects(const reader *r, const char *id, const char *name)
{
	int has_id = r->c_rid >= 0, has_name = r->c_rname >= 0;

	if (!r->filter || (!has_id && !has_name))
		return 1;
	if (has_id && strcmp(id, r->filter) == 0)
		return 1;
	return has_name && strcasecmp(name, r->filter) == 0;
}

/* The region of a row: found, or added (checking that an id keeps one
 * name and a name one id).  Returns 0 and *k, or an error. */
static int region_of(reader *r, const char *id, const char *name, int line,
		     const int *col, size_t *k)
{
	size_t i;
	acc *a;

	if (r->nregs && strcmp(r->regs[r->last].id, id) == 0 &&
	    strcmp(r->regs[r->last].name, name) == 0) {
		*k = r->last;
		return 0;
	}
	for (i = 0; i < r->nregs; i++) {
		const acc *b = &r->regs[i];
		int same_id = strcmp(b->id, id) == 0, same_name = strcmp(b->name, name) == 0;
		char q1[80], q2[80];
		if (same_id && same_name) {
			*k = r->last = i;
			return 0;
		}
		if (same_id && id[0])
			return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line,
					    col[r->c_rname],
					    "region_id %s is named \"%s\" here but \"%s\" at "
					    "line %d", wf_series__quote(q2, sizeof q2, id),
					    wf_series__quote(q1, sizeof q1, name), b->name, b->first_line);
		if (same_name && name[0])
			return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line,
					    col[r->c_rid],
					    "region \"%s\" has region_id %s here but %s at line %d",
					    wf_series__quote(q1, sizeof q1, name), wf_series__quote(q2, sizeof q2, id),
					    b->id, b->first_line);
	}
	if (r->nregs == SERIES_MAX_REGIONS)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line, 1,
				    "more than %d regions", SERIES_MAX_REGIONS);
	if (r->nregs == r->capregs) {
		size_t nc = r->capregs ? 2 * r->capregs : 32;
		acc *na = realloc(r->regs, nc * sizeof(acc));
		if (!na)
			return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0,
					    "out of memory");
		r->regs = na;
		r->capregs = nc;
	}
	a = &r->regs[r->nregs];
	memset(a, 0, sizeof(*a));
	a->id = strdup(id);
	a->name = strdup(name);
	if (!a->id || !a->name) {
		free(a->id);
		free(a->name);
		return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0, "out of memory");
	}
	a->first_line = line;
	a->selected = selects(r, id, name);
	*k = r->last = r->nregs++;
	return 0;
}

static int push(reader *r, acc *a, double t, double v)
{
	if (a->n == a->cap) {
		size_t nc = a->cap ? 2 * a->cap : 1024;
		double *nt = realloc(a->t, nc * sizeof(double)), *nv;
		if (!nt)
			return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0,
					    "out of memory");
		a->t = nt;
		if (!(nv = realloc(a->v, nc * sizeof(double))))
			return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0,
					    "out of memory");
		a->v = nv;
		a->cap = nc;
	}
	a->t[a->n] = t;
	a->v[a->n] = v;
	a->n++;
	return 0;
}

/* A number cell: 0 and *out (NAN for an empty cell), or an error. */
static int number(reader *r, const char *s, int line, int col, const char *what,
		  int allow_negative, double *out)
{
	double x = 0;
	char q[80];

	if (s[0] == '\0') {
		*out = NAN;
		return 0;
	}
	if (wf_csv_number(s, &x) || !isfinite(x) || (!allow_negative && x < 0))
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line, col,
				    "%s: expected a number%s, or an empty cell for a gap; "
				    "got \"%s\"", what, allow_negative ? "" : " >= 0",
				    wf_series__quote(q, sizeof q, s));
	*out = x;
	return 0;
}

/* The exact form every shipped and exported series uses,
 * YYYY-MM-DDTHH:MM[:SS]Z, read without the general date parser (which a
 * year of half-hours would otherwise run 17,520 times).  Anything else,
 * or a field out of range, goes to the parser for its precise message. */
static int timestamp_fast(const char *s, double *out)
{
	int v[6] = {0}, k, n = 5;
	size_t len = strlen(s);

	if (len == 20)
		n = 6;
	else if (len != 17)
		return -1;
	for (k = 0; k < 19 && s[k] != 'Z'; k++) {
		static const char sep[] = "dddd-dd-ddTdd:dd:dd";
		if (sep[k] == 'd' ? (s[k] < '0' || s[k] > '9') : s[k] != sep[k])
			return -1;
	}
	if (s[len - 1] != 'Z' || k != (int)len - 1)
		return -1;
	v[0] = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	for (k = 1; k < n; k++)
		v[k] = (s[3 * k + 2] - '0') * 10 + (s[3 * k + 3] - '0');
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > wf_days_in_month(v[0], v[1]) ||
	    v[3] > 23 || v[4] > 59 || v[5] > 59)
		return -1;
	*out = (double)wf_days_from_civil(v[0], v[1], v[2]) * 86400.0 + v[3] * 3600.0 +
	       v[4] * 60.0 + v[5];
	return 0;
}

static int timestamp(reader *r, const char *s, int line, int col, double *out)
{
	wf_parse_error pe;
	wf_value v;
	char q[80];
	int rc;

	if (timestamp_fast(s, out) == 0)
		return 0;
	rc = wf_qparser_parse(r->qp, &v, s, WF_DIM_DATE, &pe);
	if (rc == 0 && v.kind == WF_DIST_FIXED && isfinite(v.p[0])) {
		*out = v.p[0];
		return 0;
	}
	/* Something that starts like a date gets the parser's precise
	 * message ("invalid month in date ..."); anything else the format. */
	if (rc == WF_EINPUT && strlen(s) >= 5 && s[4] == '-' &&
	    strspn(s, "0123456789") == 4)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line,
				    col + pe.offset, "timestamp_utc: %s", pe.message);
	return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line, col,
			    "timestamp_utc: expected an ISO 8601 date-time such as "
			    "2026-07-01T00:00:00Z, got \"%s\"", wf_series__quote(q, sizeof q, s));
}

/* A whole number lo..hi in a typical year's column. */
static int whole(reader *r, const char *s, int line, int col, const char *what, int lo,
		 int hi, int *out)
{
	char *end, q[80];
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < lo || v > hi)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line, col,
				    "%s: expected a whole number from %d to %d, got \"%s\"",
				    what, lo, hi, wf_series__quote(q, sizeof q, s));
	*out = (int)v;
	return 0;
}

/* A typical year's row time: month, day and UTC hour laid out in the
 * non-leap WF_TYPICAL_YEAR (a 29 February has no place in it). */
static int typical_time(reader *r, char **f, const int *col, int line, double *out)
{
	int m, d, h, rc;

	if ((rc = whole(r, f[r->c_month], line, col[r->c_month], "month", 1, 12, &m)) ||
	    (rc = whole(r, f[r->c_day], line, col[r->c_day], "day", 1, 31, &d)) ||
	    (rc = whole(r, f[r->c_hour], line, col[r->c_hour], "hour_start_utc", 0, 23, &h)))
		return rc;
	if (d > wf_days_in_month(WF_TYPICAL_YEAR, m))
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line, col[r->c_day],
				    "day: month %d of a typical year has %d days, got %d", m,
				    wf_days_in_month(WF_TYPICAL_YEAR, m), d);
	*out = (double)wf_days_from_civil(WF_TYPICAL_YEAR, m, d) * 86400.0 + h * 3600.0;
	return 0;
}

/* The intensity of a mix row in kg/J, NAN for a gap. */
static int mix_row(reader *r, char **f, const int *col, int line, double *out)
{
	double g_sum = 0, ge_sum = 0, all = 0;
	int i, gap = 0, rc;

	for (i = 0; i < r->ncol; i++) {
		const colspec *c = &r->cols[i];
		double g;
		if (c->role != R_FUEL && c->role != R_DROP)
			continue;
		/* Dropped columns (storage) may be negative: pumping load. */
		if ((rc = number(r, f[i], line, col[i], c->name, c->role == R_DROP, &g)))
			return rc;
		if (isnan(g)) {
			if (c->role == R_FUEL)
				gap = 1;
			continue;
		}
		all += g;
		if (c->role == R_FUEL) {
			g_sum += g;
			ge_sum += g * c->ef;
		}
	}
	if (gap) {
		*out = NAN;
		return 0;
	}
	if (r->pct && fabs(all - 100) > 1)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, line, 1,
				    "fuel shares sum to %.4g%%, expected 100%% +- 1", all);
	*out = g_sum > 0 ? ge_sum / g_sum : NAN;
	return 0;
}

static int read_row(reader *r, char *line, int lineno)
{
	char *f[SERIES_MAX_COLS + 1];
	int col[SERIES_MAX_COLS + 1], nf, rc;
	const char *id, *name;
	size_t k = 0;
	acc *a;
	double t = 0, v = 0;
	char q1[48], q2[48];

	nf = wf_csv_fields(line, f, col, r->ncol);
	if (nf < 0)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, lineno, 1,
				    "unterminated quote");
	if (nf != r->ncol)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, lineno,
				    nf > r->ncol ? col[r->ncol] : 1,
				    "expected %d fields as in the header, got %s%d",
				    r->ncol, nf > r->ncol ? "more than " : "",
				    nf > r->ncol ? r->ncol : nf);
	id = r->c_rid >= 0 ? f[r->c_rid] : "";
	name = r->c_rname >= 0 ? f[r->c_rname] : "";
	if (r->c_rid >= 0 && !id[0])
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, lineno, col[r->c_rid],
				    "region_id: empty cell");
	if (r->c_rname >= 0 && !name[0])
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, lineno,
				    col[r->c_rname], "region: empty cell");
	if ((rc = region_of(r, id, name, lineno, col, &k)))
		return rc;
	a = &r->regs[k];
	if (!a->selected)
		return 0;
	if (r->c_ts >= 0)
		rc = timestamp(r, f[r->c_ts], lineno, col[r->c_ts], &t);
	else
		rc = typical_time(r, f, col, lineno, &t);
	if (rc)
		return rc;
	if (r->mix)
		rc = mix_row(r, f, col, lineno, &v);
	else
		rc = number(r, f[r->c_ci], lineno, col[r->c_ci], r->column,
			    is_temperature(r->column), &v);
	if (rc)
		return rc;
	if (a->n && t <= a->t[a->n - 1]) {
		int tc = r->c_ts >= 0 ? r->c_ts : r->c_month;
		char lab[160];
		wf_series__region_label(lab, sizeof lab, a->id, a->name);
		if (t == a->t[a->n - 1])
			return wf_error_set(r->err, WF_EINPUT, MOD, r->path, lineno,
					    col[tc],
					    "duplicate timestamp %s%s%s (first at line %d)",
					    wf_series_format_time(q1, sizeof q1, t),
					    lab[0] ? " for region " : "", lab, a->last_line);
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, lineno, col[tc],
				    "timestamp %s is before the previous row's %s (line %d); "
				    "rows%s%s must be in increasing time order",
				    wf_series_format_time(q1, sizeof q1, t),
				    wf_series_format_time(q2, sizeof q2, a->t[a->n - 1]),
				    a->last_line, lab[0] ? " of region " : "", lab);
	}
	if ((rc = push(r, a, t, v)))
		return rc;
	a->last_line = lineno;
	return 0;
}


static int unknown_region(reader *r)
{
	const char **ids = malloc(2 * r->nregs * sizeof(char *)), **names;
	int col = r->c_rid >= 0 ? r->cols[r->c_rid].col : r->cols[r->c_rname].col, rc;
	size_t i;

	if (!ids)
		return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0, "out of memory");
	names = ids + r->nregs;
	for (i = 0; i < r->nregs; i++) {
		ids[i] = r->regs[i].id;
		names[i] = r->regs[i].name;
	}
	rc = wf_series__no_region(r->err, r->path, 1, col, "this file", r->filter, ids, names,
		       r->nregs);
	free(ids);
	return rc;
}

static void reader_free(reader *r)
{
	size_t i;

	for (i = 0; i < r->nregs; i++) {
		free(r->regs[i].id);
		free(r->regs[i].name);
		free(r->regs[i].t);
		free(r->regs[i].v);
	}
	free(r->regs);
	free(r->header);
	free(r->hbuf);
	wf_qparser_free(r->qp);
}


/* One line of the file (NUL-terminated, modifiable, without its '\n'):
 * the header, a data row, or blank. */
static int feed_line(reader *r, char *line, size_t len)
{
	r->lineno++;
	if (memchr(line, '\0', len))
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 0, 0,
				    "binary file (contains NUL bytes), expected CSV text");
	if (len && line[len - 1] == '\r')
		line[--len] = '\0';
	if (strspn(line, " \t") == len)
		return 0;
	if (r->has_header)
		return read_row(r, line, r->lineno);
	/* A UTF-8 byte-order mark is not part of the first name. */
	if (r->lineno == 1 && (unsigned char)line[0] == 0xEF &&
	    (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF)
		line += 3;
	if (r->lineno != 1)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, r->lineno, 1,
				    "expected the header on line 1");
	r->has_header = 1;
	return read_header(r, line);
}

/* After the last line: the selected regions as series. */
static int finish_rows(reader *r, wf_series ***out, size_t *n_out)
{
	size_t i, nsel = 0, k;
	wf_series **res;
	int rc = 0;

	if (!r->has_header)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1, 1,
				    "empty file; expected the header " HEADER_HELP);
	for (i = 0; i < r->nregs; i++)
		nsel += r->regs[i].selected;
	if (r->nregs == 0)
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, r->lineno, 1,
				    "no data rows after the header");
	if (nsel == 0)
		return unknown_region(r);
	if (r->filter && nsel > 1) {
		char q[80];
		return wf_error_set(r->err, WF_EINPUT, MOD, r->path, 1,
				    r->cols[r->c_rid >= 0 ? r->c_rid : r->c_rname].col,
				    "region \"%s\" matches %zu regions of this file; use "
				    "its region_id", wf_series__quote(q, sizeof q, r->filter), nsel);
	}
	if (!(res = calloc(nsel, sizeof(*res))))
		return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0, "out of memory");
	for (i = 0, k = 0; i < r->nregs && rc == 0; i++)
		if (r->regs[i].selected)
			rc = wf_series__build(&res[k++], &r->regs[i],
					      r->mix || is_temperature(r->column) ? 1.0
										  : WF_G_PER_KWH,
					      r->path, r->mix ? "mix" : r->column, r->err);
	for (i = 0; i < k && rc == 0; i++)
		res[i]->typical = r->c_ts < 0;
	if (rc) {
		wf_series_free_all(res, nsel);
		return rc;
	}
	*out = res;
	*n_out = nsel;
	return 0;
}

/* Text in memory, line by line through one growing line buffer (the text
 * itself is never copied whole). */
static int feed_text(reader *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = (size_t)((nl ? nl : end) - p);
		if (l + 1 > cap) {
			char *nb = realloc(line, cap = l + 1 > 2 * cap ? l + 1 : 2 * cap);
			if (!nb) {
				rc = wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0,
						  "out of memory");
				break;
			}
			line = nb;
		}
		memcpy(line, p, l);
		line[l] = '\0';
		rc = feed_line(r, line, l);
		p += l + 1;
	}
	free(line);
	return rc;
}

/* A file, read in chunks: lines are handled in the buffer where they
 * landed, a partial last line moves to the front for the next read.
 * Memory is one chunk (or the longest line), whatever the file's size. */
static int feed_fd(reader *r, int fd, wf_file_stamp *st)
{
	size_t cap = 1 << 20, have = 0, total = 0;
	char *buf = malloc(cap);
	wf_hash hs;
	int rc = 0, eof = 0;

	if (!buf)
		return wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0, "out of memory");
	wf_hash_init(&hs);
	while (rc == 0 && !eof) {
		ssize_t got;
		size_t start = 0, i;
		if (have == cap) { /* a line longer than the buffer */
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				rc = wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0,
						  "out of memory");
				break;
			}
			buf = nb;
		}
		got = read(fd, buf + have, cap - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = wf_error_set(r->err, WF_EIO, MOD, r->path, 0, 0, "read error: %s",
					  strerror(errno));
			break;
		}
		wf_hash_update(&hs, buf + have, (size_t)got);
		total += (size_t)got;
		if (total > (size_t)st->size_bytes)
			rc = wf_error_set(r->err, WF_EIO, MOD, r->path, 0, 0,
					  "the file grew while it was read");
		eof = got == 0;
		for (i = have, have += (size_t)got; rc == 0 && i < have; i++)
			if (buf[i] == '\n') {
				buf[i] = '\0';
				rc = feed_line(r, buf + start, i - start);
				start = i + 1;
			}
		if (rc == 0 && eof && start < have) {
			if (have == cap) {
				char *nb = realloc(buf, cap + 1);
				if (!nb) {
					rc = wf_error_set(r->err, WF_ENOMEM, MOD, r->path, 0, 0,
							  "out of memory");
					break;
				}
				buf = nb;
			}
			buf[have] = '\0';
			rc = feed_line(r, buf + start, have - start);
			start = have;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
	}
	free(buf);
	if (rc == 0 && total != (size_t)st->size_bytes)
		rc = wf_error_set(r->err, WF_EIO, MOD, r->path, 0, 0,
				  "the file changed while it was read");
	st->hash = wf_hash_final(&hs);
	return rc;
}

/* Read text (fd < 0) or an open file into series, under the "C" numeric
 * locale (strtod must read "0.5" whatever LC_NUMERIC the host program
 * set). */
int wf_series__parse_source(wf_series ***out, size_t *n_out, const char *text, size_t len,
			    int fd, wf_file_stamp *st, const char *name, const char *region,
			    const wf_mix_factors *mix, const char *column, wf_error *err)
{
	reader r;
	locale_t c_loc, old;
	int rc;

	memset(&r, 0, sizeof(r));
	r.path = name;
	r.filter = region;
	r.mix = mix;
	r.column = column ? column : "intensity_g_per_kwh";
	r.err = err;
	if (!mix && strcmp(r.column, "intensity_g_per_kwh") &&
	    strcmp(r.column, "intensity_lifecycle_g_per_kwh") && !is_temperature(r.column))
		return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0,
				    "value column \"%s\": expected intensity_g_per_kwh, "
				    "intensity_lifecycle_g_per_kwh or temperature_c", r.column);
	if (wf_qparser_new(&r.qp))
		return wf_error_set(err, WF_ENOMEM, MOD, name, 0, 0, "out of memory");
	c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_loc == (locale_t)0) {
		reader_free(&r);
		return wf_error_set(err, WF_ENOMEM, MOD, name, 0, 0, "out of memory");
	}
	old = uselocale(c_loc);
	rc = fd >= 0 ? feed_fd(&r, fd, st) : feed_text(&r, text, len);
	if (rc == 0)
		rc = finish_rows(&r, out, n_out);
	uselocale(old);
	freelocale(c_loc);
	reader_free(&r);
	return rc;
}

int wf_series_parse(wf_series ***out, size_t *n_out, const char *text, size_t len,
		    const char *name, const char *region, const wf_mix_factors *mix,
		    wf_error *err)
{
	return wf_series__parse(out, n_out, text, len, name, region, mix, NULL, err);
}

int wf_series__parse(wf_series ***out, size_t *n_out, const char *text, size_t len,
		     const char *name, const char *region, const wf_mix_factors *mix,
		     const char *column, wf_error *err)
{
	int rc;

	if (!out || !n_out || (!text && len))
		return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0, "invalid arguments");
	*out = NULL;
	*n_out = 0;
	if (!name)
		name = "";
	if (mix && (rc = wf_series__check_mix(mix, name, err)))
		return rc;
	if (len > SERIES_MAX_BYTES)
		return wf_error_set(err, WF_EINPUT, MOD, name, 0, 0,
				    "series is %zu bytes; the limit is %d", len,
				    SERIES_MAX_BYTES);
	return wf_series__parse_source(out, n_out, text, len, -1, NULL, name, region, mix, column,
				       err);
}

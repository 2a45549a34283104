/*
 * import_csv.c - CSV exports into an import table: the Electricity Maps
 * portal's hourly (or daily) files and the ENTSO-E Transparency
 * Platform's "Actual Generation per Production Type" export.
 *
 * Electricity Maps: columns "Datetime (UTC)", "Carbon Intensity gCO₂eq/kWh
 * (direct)" and "(LCA)" / "(Life cycle)", "Zone Id", "Zone Name" (any
 * case; older and newer exports differ), or the reference layout
 * timestamp_utc, intensity_g_per_kwh, intensity_lifecycle_g_per_kwh.  Other
 * columns (low-carbon and renewable shares, data source, estimation) are
 * left out and named in the notes.
 *
 * ENTSO-E: "MTU (UTC)" or "MTU (CET/CEST)" (the zone in the header; a plain
 * "MTU" needs --tz), "Area", and one "<type>  - Actual Aggregated [MW]"
 * column per production type, written as <type>_mw with the type in
 * snake case; "Actual Consumption" columns (pumping) are left out.  Cells
 * "n/e" (not expected) and "N/A", "-" or empty (not available) are gaps; a
 * column that is n/e throughout is left out.  Interval starts in a zone
 * with summer time are converted to UTC: the hour that repeats in October
 * is summer time first (or as its "(CEST)"/"(CET)" label says), a wall
 * time skipped in March is an error.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "import_int.h"

#define MAX_COLS 256

/* A line iterator over a NUL-terminated buffer (CRLF or LF). */
typedef struct lines {
	char *p;
	int line;
} lines;

static char *next_line(lines *it)
{
	char *s = it->p, *e;

	if (!s || !*s)
		return NULL;
	e = strchr(s, '\n');
	if (e) {
		it->p = e + 1;
		*e = '\0';
	} else {
		it->p = s + strlen(s);
	}
	if (e && e > s && e[-1] == '\r')
		e[-1] = '\0';
	else if (!e && s[0] && s[strlen(s) - 1] == '\r')
		s[strlen(s) - 1] = '\0';
	it->line++;
	return s;
}

/* Split a line on delim into trimmed, unquoted fields with their 1-based
 * columns.  Returns the count (max + 1 when there are more), -1 on an
 * unterminated quote. */
static int split(char *line, char delim, char **f, int *col, int max)
{
	char *r = line, *w = line;
	int n = 0;

	for (;;) {
		char *start;
		while (*r == ' ' || (*r == '\t' && delim != '\t'))
			r++;
		if (n == max + 1)
			return n;
		col[n] = (int)(r - line) + 1;
		start = w;
		if (*r == '"') {
			for (r++;; r++) {
				if (!*r)
					return -1;
				if (*r == '"' && r[1] == '"')
					*w++ = '"', r++;
				else if (*r == '"')
					break;
				else
					*w++ = *r;
			}
			r++;
			while (*r && *r != delim)
				r++; /* text after the closing quote: dropped */
		} else {
			while (*r && *r != delim)
				*w++ = *r++;
			while (w > start && (w[-1] == ' ' || w[-1] == '\t'))
				w--;
		}
		f[n++] = start;
		if (!*r) {
			*w = '\0';
			return n;
		}
		r++;
		*w++ = '\0';
	}
}

/* The delimiter of a header: the most frequent of , ; and tab outside
 * quotes. */
static char sniff(const char *h)
{
	int c = 0, s = 0, t = 0, q = 0;

	for (; *h; h++) {
		if (*h == '"')
			q = !q;
		else if (!q)
			c += *h == ',', s += *h == ';', t += *h == '\t';
	}
	return t > c && t > s ? '\t' : s > c ? ';' : ',';
}

/* Read a file and its header.  *buf must be freed. */
static int open_csv(imp_table *tab, const char *path, char **buf, lines *it, char **f,
		    int *col, int *nf, char *delim)
{
	char *h;
	size_t len;
	int rc;

	if ((rc = imp_read_file(buf, &len, path, tab->err)) || (rc = imp_table_file(tab, path)))
		return rc;
	it->p = *buf;
	it->line = 0;
	if (!strncmp(it->p, "\xEF\xBB\xBF", 3))
		it->p += 3;
	if (!(h = next_line(it)) || !*h)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, 1,
				    "empty file; expected a header line");
	*delim = sniff(h);
	*nf = split(h, *delim, f, col, MAX_COLS);
	if (*nf < 0)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, 1,
				    "unterminated quote in the header");
	if (*nf > MAX_COLS)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, col[MAX_COLS],
				    "more than %d columns", MAX_COLS);
	return 0;
}

/* The next data line split into nf fields; NULL at the end. */
static int data_line(imp_table *tab, lines *it, char delim, char **f, int *col, int nf,
		     int *got)
{
	char *s;

	*got = 0;
	while ((s = next_line(it))) {
		int n;
		if (!*s)
			continue;
		n = split(s, delim, f, col, MAX_COLS);
		if (n < 0)
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, it->line, 1,
					    "unterminated quote");
		if (n != nf)
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, it->line,
					    n > nf ? col[nf] : 1,
					    "expected %d fields as in the header, got %d", nf,
					    n > MAX_COLS ? MAX_COLS : n);
		*got = 1;
		return 0;
	}
	return 0;
}

/* A value cell: 0 and *v (NAN for empty or one of the `gaps` words), or an
 * error naming what. */
static int cell(imp_table *tab, const char *s, int line, int col, const char *what,
		int allow_negative, double *v)
{
	char *end;

	if (!*s || !strcmp(s, "-") || !strcasecmp(s, "n/a") || !strcasecmp(s, "n/e")) {
		*v = NAN;
		return 0;
	}
	*v = strtod(s, &end);
	if (end == s || *end || !isfinite(*v) || (!allow_negative && *v < 0))
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line, col,
				    "%s: expected a number%s or an empty cell, got \"%.40s\"",
				    what, allow_negative ? "" : " >= 0", s);
	return 0;
}

/* Does header h (any case) start with a and contain b? */
static int hdr(const char *h, const char *a, const char *b)
{
	size_t n = strlen(a), i;

	if (strncasecmp(h, a, n))
		return 0;
	if (!b)
		return 1;
	for (i = n; h[i]; i++)
		if (!strncasecmp(h + i, b, strlen(b)))
			return 1;
	return 0;
}

static void note_left_out(imp_table *tab, char **names, size_t n)
{
	wf_strbuf b = {0};
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		wf_strbuf_printf(&b, "%s\"%s\"", i ? ", " : "", names[i]);
	imp_note(tab, "%s: columns left out: %s", tab->file, wf_strbuf_str(&b));
	wf_strbuf_free(&b);
}

/* ------------------------------------------------------ Electricity Maps */

typedef struct em_cols {
	int time, direct, lca, zid, zname, est;
} em_cols;

static int em_header(imp_table *tab, char **f, const int *col, int nf, em_cols *c)
{
	char *left[MAX_COLS];
	size_t nleft = 0;
	int i;

	c->time = c->direct = c->lca = c->zid = c->zname = c->est = -1;
	for (i = 0; i < nf; i++) {
		const char *h = f[i];
		if (!strcasecmp(h, "datetime (utc)") || !strcmp(h, "timestamp_utc"))
			c->time = i;
		else if (hdr(h, "carbon intensity", "(direct)") || !strcmp(h, "intensity_g_per_kwh"))
			c->direct = i;
		else if (hdr(h, "carbon intensity", "(lca)") ||
			 hdr(h, "carbon intensity", "(life cycle)") ||
			 !strcmp(h, "intensity_lifecycle_g_per_kwh"))
			c->lca = i;
		else if (!strcasecmp(h, "zone id"))
			c->zid = i;
		else if (!strcasecmp(h, "zone name"))
			c->zname = i;
		else if (!strcasecmp(h, "data estimated") || !strcmp(h, "estimated"))
			c->est = i;
		else if (hdr(h, "datetime", NULL))
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, col[i],
					    "time zone: column \"%s\" is not in UTC; export "
					    "\"Datetime (UTC)\"", h);
		else
			left[nleft++] = f[i];
	}
	if (c->time < 0)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, 1,
				    "no \"Datetime (UTC)\" column: expected an Electricity Maps "
				    "export (Datetime (UTC), Carbon Intensity gCO2eq/kWh (direct), ...)");
	note_left_out(tab, left, nleft);
	return 0;
}

/* The column --value picks: direct (default) or lifecycle. */
static int em_value(imp_table *tab, const em_cols *c, int *vc)
{
	const char *v = tab->opt->value;

	if (v && strcmp(v, "direct") && strcmp(v, "lifecycle"))
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "value: expected direct or lifecycle for Electricity Maps, "
				    "got \"%s\"", v);
	*vc = v && !strcmp(v, "lifecycle") ? c->lca : c->direct;
	if (*vc < 0)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, 1,
				    "no %s carbon-intensity column (\"Carbon Intensity "
				    "gCO2eq/kWh (%s)\")", v && !strcmp(v, "lifecycle") ?
				    "life-cycle" : "direct", v && !strcmp(v, "lifecycle") ?
				    "LCA" : "direct");
	return 0;
}

/* A UTC time cell: naive (the header says UTC) or with a zero offset. */
static int utc_cell(imp_table *tab, const char *s, int line, int col, double *t)
{
	const char *why;
	imp_time tm;
	size_t n = imp_time_read(s, 0, &tm, &why);

	if (!n || s[n])
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line, col,
				    "%s, got \"%.40s\"", n ? "expected a date-time" : why, s);
	if (tm.zoned && tm.offset_s != 0)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line, col,
				    "time zone: the column is UTC but \"%.40s\" is %+.2g h "
				    "from it", s, tm.offset_s / 3600.0);
	*t = tm.t;
	return 0;
}

int imp_read_electricitymaps(imp_table *tab, const char *path)
{
	char *buf = NULL, *f[MAX_COLS + 1], delim;
	int col[MAX_COLS + 1], nf, got, vc = -1, rc;
	size_t est = 0, rows = 0, zone_rows = 0;
	const char *zone = tab->opt->zone;
	lines it;
	em_cols c;

	if ((rc = open_csv(tab, path, &buf, &it, f, col, &nf, &delim)) ||
	    (rc = em_header(tab, f, col, nf, &c)) || (rc = em_value(tab, &c, &vc)))
		goto out;
	tab->has_ci = 1;
	while (!(rc = data_line(tab, &it, delim, f, col, nf, &got)) && got) {
		imp_pos at = {tab->file, it.line, col[c.time]};
		const char *id = c.zid >= 0 ? f[c.zid] : "", *name = c.zname >= 0 ? f[c.zname] : "";
		double t = 0, v = 0;
		size_t r;
		rows++;
		if (zone && strcasecmp(id, zone))
			continue;
		zone_rows++;
		if ((rc = utc_cell(tab, f[c.time], it.line, col[c.time], &t)) ||
		    (rc = cell(tab, f[vc], it.line, col[vc], "carbon intensity", 0, &v)) ||
		    (rc = imp_table_region(tab, id, name, at, &r)) ||
		    (rc = imp_table_add(tab, r, t, NAN, v, NULL, 0, at)))
			goto out;
		if (c.est >= 0 && !strcasecmp(f[c.est], "true"))
			est++;
	}
	if (rc)
		goto out;
	if (zone && !zone_rows && rows)
		rc = wf_error_set(tab->err, WF_ENOTFOUND, IMP_MOD, tab->file, 2, 1,
				  "no rows of zone \"%s\"%s", zone,
				  c.zid < 0 ? " (the file has no Zone Id column)" : "");
	else if (est)
		imp_note(tab, "%s: %zu of %zu rows are estimated by Electricity Maps (Data "
			 "Estimated = true)", tab->file, est, zone_rows);
out:
	free(buf);
	return rc;
}

/* ---------------------------------------------------------------- ENTSO-E */

/* "Fossil Brown coal/Lignite" -> "fossil_brown_coal_lignite". */
static void snake(char *out, size_t size, const char *s, size_t n)
{
	size_t k = 0, i;

	for (i = 0; i < n && k + 1 < size; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (isalnum(ch))
			out[k++] = (char)tolower(ch);
		else if (k && out[k - 1] != '_')
			out[k++] = '_';
	}
	while (k && out[k - 1] == '_')
		k--;
	out[k] = '\0';
}

typedef struct entsoe_cols {
	int time, area;
	const imp_zone *zone;
	size_t fuel[MAX_COLS];     /* table fuel of column i, if is_fuel[i] */
	unsigned char is_fuel[MAX_COLS];
} entsoe_cols;

/* The zone a time column names ("MTU (CET/CEST)"), else --tz. */
static int entsoe_zone(imp_table *tab, const char *h, int col, entsoe_cols *c)
{
	const char *p = strchr(h, '('), *tz = tab->opt->tz;
	char name[32];
	size_t n;

	if (!p) {
		if (!tz)
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, col,
					    "time zone: column \"%s\" does not say its zone; "
					    "export with the zone in the header (MTU (UTC)) or "
					    "give --tz UTC, CET, WET or EET", h);
		if (!(c->zone = imp_zone_find(tz)))
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
					    "tz: expected UTC, CET, WET or EET, got \"%s\"", tz);
		return 0;
	}
	n = strcspn(p + 1, ")");
	snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), p + 1);
	if (!(c->zone = imp_zone_find(name)))
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, col,
				    "time zone: unknown zone \"%s\" (known: UTC, CET/CEST, "
				    "WET/WEST, EET/EEST, GMT/BST)", name);
	if (tz && imp_zone_find(tz) != c->zone)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, col,
				    "time zone: the header says %s but --tz says %s", name, tz);
	return 0;
}

static int entsoe_header(imp_table *tab, char **f, const int *col, int nf, entsoe_cols *c)
{
	char *left[MAX_COLS], fuel[80];
	size_t nleft = 0, k;
	int i, rc;

	memset(c, 0, sizeof(*c));
	c->time = c->area = -1;
	for (i = 0; i < nf; i++) {
		const char *h = f[i], *agg = strstr(h, " - Actual Aggregated");
		if (c->time < 0 && (hdr(h, "MTU", NULL) || hdr(h, "Time", NULL))) {
			c->time = i;
			if ((rc = entsoe_zone(tab, h, col[i], c)))
				return rc;
		} else if (!strcasecmp(h, "Area")) {
			c->area = i;
		} else if (agg) {
			imp_pos at = {tab->file, 1, col[i]};
			snake(fuel, sizeof fuel, h, (size_t)(agg - h));
			if ((rc = imp_table_fuel(tab, fuel, at, &k)))
				return rc;
			c->fuel[i] = k;
			c->is_fuel[i] = 1;
		} else {
			left[nleft++] = f[i];
		}
	}
	if (c->time < 0)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, 1,
				    "no MTU column: expected an ENTSO-E \"Actual Generation per "
				    "Production Type\" export (Area, MTU (UTC), <type> - Actual "
				    "Aggregated [MW], ...)");
	for (i = 0; i < nf && !c->is_fuel[i]; i++)
		;
	if (i == nf)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, 1, 1,
				    "no \"<type> - Actual Aggregated [MW]\" columns");
	note_left_out(tab, left, nleft);
	return 0;
}

/* The interval start of an MTU cell "DD.MM.YYYY HH:MM - DD.MM.YYYY HH:MM"
 * (or DD/MM/YYYY HH:MM:SS, or ISO), in UTC. */
static int entsoe_time(imp_table *tab, const entsoe_cols *c, const char *s, int line,
		       int col, double prev, double *t)
{
	const char *why;
	imp_time tm, te;
	size_t n = imp_time_read(s, 1, &tm, &why), m;

	if (!n)
		n = imp_time_read(s, 0, &tm, &why);
	if (!n)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line, col,
				    "%s - ..., got \"%.40s\"", why, s);
	if (strncmp(s + n, " - ", 3) == 0) {
		m = imp_time_read(s + n + 3, 1, &te, &why);
		if (!m)
			m = imp_time_read(s + n + 3, 0, &te, &why);
		if (!m || s[n + 3 + m])
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line,
					    col + (int)n + 3, "interval end: %s, got \"%.40s\"",
					    why, s + n + 3);
	} else if (s[n]) {
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line, col + (int)n,
				    "expected \" - \" and the interval's end after its start, "
				    "got \"%.40s\"", s);
	}
	if (tm.zoned) {
		*t = tm.t;
		return 0;
	}
	if (imp_time_utc(c->zone, &tm, prev, t))
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line, col,
				    "time zone: %.16s does not exist in %s (clocks go "
				    "forward); export in UTC", s, c->zone->name);
	return 0;
}

static int entsoe_area(imp_table *tab, const char *a, int line, int col)
{
	if (!tab->area)
		return (tab->area = wf_arena_strdup(&tab->arena, a)) ? 0
			: wf_error_set(tab->err, WF_ENOMEM, IMP_MOD, NULL, 0, 0, "out of memory");
	if (strcmp(tab->area, a))
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, tab->file, line, col,
				    "area \"%s\" after \"%s\": import one area at a time", a,
				    tab->area);
	return 0;
}

static int entsoe_row(imp_table *tab, entsoe_cols *c, char **f, const int *col, int nf,
		      int line, double *prev, size_t r)
{
	imp_fv fv[MAX_COLS];
	imp_pos at = {tab->file, line, col[c->time]};
	size_t nv = 0;
	double t;
	int i, rc;

	if ((rc = entsoe_time(tab, c, f[c->time], line, col[c->time], *prev, &t)))
		return rc;
	*prev = t;
	if (c->area >= 0 && (rc = entsoe_area(tab, f[c->area], line, col[c->area])))
		return rc;
	for (i = 0; i < nf; i++) {
		if (!c->is_fuel[i])
			continue;
		tab->fuel_cells[c->fuel[i]]++;
		if (!strcasecmp(f[i], "n/e"))
			tab->fuel_ne[c->fuel[i]]++;
		fv[nv].fuel = (unsigned short)c->fuel[i];
		fv[nv].col = col[i];
		if ((rc = cell(tab, f[i], line, col[i], tab->fuel[c->fuel[i]], 1, &fv[nv].v)))
			return rc;
		nv++;
	}
	return imp_table_add(tab, r, t, NAN, NAN, fv, nv, at);
}

int imp_read_entsoe(imp_table *tab, const char *path)
{
	char *buf = NULL, *f[MAX_COLS + 1], delim;
	int col[MAX_COLS + 1], nf, got, rc;
	size_t r;
	double prev = NAN;
	entsoe_cols *c = calloc(1, sizeof(*c));
	lines it;

	if (!c)
		return wf_error_set(tab->err, WF_ENOMEM, IMP_MOD, path, 0, 0, "out of memory");
	if ((rc = open_csv(tab, path, &buf, &it, f, col, &nf, &delim)) ||
	    (rc = entsoe_header(tab, f, col, nf, c)))
		goto out;
	tab->unit = "_mw";
	{
		imp_pos at = {tab->file, 1, 1};
		if ((rc = imp_table_region(tab, "", "", at, &r)))
			goto out;
	}
	while (!(rc = data_line(tab, &it, delim, f, col, nf, &got)) && got)
		if ((rc = entsoe_row(tab, c, f, col, nf, it.line, &prev, r)))
			goto out;
	if (rc)
		goto out;
	imp_note(tab, "%s: %s%stimes in %s%s", tab->file, tab->area ? tab->area : "",
		 tab->area ? ", " : "", c->zone->name, c->zone->summer ? " converted to UTC" : "");
out:
	free(c);
	free(buf);
	return rc;
}

void imp_entsoe_finish(imp_table *tab)
{
	wf_strbuf b = {0};
	size_t i;

	for (i = 0; i < tab->nfuel; i++)
		if (tab->fuel_ne[i] && tab->fuel_ne[i] == tab->fuel_cells[i]) {
			tab->omit[i] = 1;
			wf_strbuf_printf(&b, "%s%s", b.len ? ", " : "", tab->fuel[i]);
		} else if (tab->fuel_ne[i]) {
			imp_note(tab, "%zu \"n/e\" (not expected) cells of %s written as gaps",
				 tab->fuel_ne[i], tab->fuel[i]);
		}
	if (b.len)
		imp_note(tab, "left out, \"n/e\" (not expected) in every row: %s",
			 wf_strbuf_str(&b));
	wf_strbuf_free(&b);
}

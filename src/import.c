/*
 * import.c - wf_import (wattif.h): read other tools' grid data into an
 * import table, check it (import_table.c), write wattif's series CSV and
 * read that back with the series reader, so what is returned loads.
 * ENTSO-E generation becomes intensity here with a factor set, through the
 * series reader's own generation-mix formula (wf_series_parse with a mix):
 * one definition of CI = Σ G_f EF_f / Σ G_f.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "error.h"
#include "import_int.h"
#include "series.h"

static const char *const format_names[] = {"electricitymaps", "neso-json", "entsoe"};

const char *wf_import_format_name(int k)
{
	return k >= 0 && k < WF_IMPORT_FORMAT_COUNT ? format_names[k] : NULL;
}

int wf_import_format_parse(wf_import_format *out, const char *name)
{
	int k;

	for (k = 0; k < WF_IMPORT_FORMAT_COUNT; k++)
		if (name && !strcmp(name, format_names[k])) {
			*out = (wf_import_format)k;
			return 0;
		}
	return WF_EINPUT;
}

void wf_import_free(char *s)
{
	free(s);
}

/* ------------------------------------------------------------- writing */

static void csv_field(wf_strbuf *b, const char *s)
{
	const char *p;

	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!s[0] || s[strlen(s) - 1] != ' ')) {
		wf_strbuf_printf(b, ",%s", s);
		return;
	}
	wf_strbuf_printf(b, ",\"");
	for (p = s; *p; p++)
		wf_strbuf_printf(b, *p == '"' ? "\"\"" : "%c", *p);
	wf_strbuf_printf(b, "\"");
}

static void number(wf_strbuf *b, double v)
{
	char buf[WF_FORMAT_DOUBLE_SIZE];

	if (isnan(v)) {
		wf_strbuf_printf(b, ",");
		return;
	}
	wf_format_double(buf, v);
	wf_strbuf_printf(b, ",%s", buf);
}

static int fuel_written(const imp_table *tab, size_t f)
{
	return !tab->no_fuels && !tab->omit[f];
}

/* The table as series CSV: rows sorted by region, then time. */
static int write_csv(const imp_table *tab, wf_strbuf *b)
{
	size_t i, f, j;
	char t[32];

	wf_strbuf_printf(b, "timestamp_utc%s%s", tab->regional ? ",region_id,region" : "",
			 tab->has_ci ? ",intensity_g_per_kwh" : "");
	for (f = 0; f < tab->nfuel; f++)
		if (fuel_written(tab, f))
			wf_strbuf_printf(b, ",%s%s", tab->fuel[f], tab->unit);
	wf_strbuf_printf(b, "\n");
	for (i = 0; i < tab->nrow && !b->failed; i++) {
		const imp_row *r = &tab->row[i];
		wf_strbuf_printf(b, "%s", imp_time_format(t, r->t));
		if (tab->regional) {
			csv_field(b, tab->reg[r->region].id);
			csv_field(b, tab->reg[r->region].name);
		}
		if (tab->has_ci)
			number(b, r->ci);
		for (f = 0; f < tab->nfuel; f++) {
			double v = NAN;
			if (!fuel_written(tab, f))
				continue;
			for (j = 0; j < r->nv; j++)
				if (tab->fv[r->v0 + j].fuel == f)
					v = tab->fv[r->v0 + j].v;
			number(b, v);
		}
		wf_strbuf_printf(b, "\n");
	}
	return b->failed ? wf_error_set(tab->err, WF_ENOMEM, IMP_MOD, NULL, 0, 0,
					"out of memory") : 0;
}

/* ------------------------------------------------ ENTSO-E with factors */

static int is_dropped(const wf_import_options *o, const char *fuel)
{
	size_t i;

	for (i = 0; i < o->ndrop; i++)
		if (o->drop[i] && !strcmp(o->drop[i], fuel))
			return 1;
	return 0;
}

/* The factor (kg/J) of every production type kept, checked against the
 * set with the source's positions in the messages. */
static int entsoe_mix(imp_table *tab, const wf_factors *fs, const char **fuel, double *ef,
		      size_t *n)
{
	const wf_import_options *o = tab->opt;
	size_t i, k;

	for (i = 0; i < o->ndrop; i++) {
		for (k = 0; k < tab->nfuel && strcmp(tab->fuel[k], o->drop[i]); k++)
			;
		if (k == tab->nfuel) {
			const char *near = wf_nearest(o->drop[i], (const char *const *)tab->fuel,
						      tab->nfuel);
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
					    "drop: no production type \"%s\" in the export%s%s%s",
					    o->drop[i], near ? " (did you mean \"" : "",
					    near ? near : "", near ? "\"?)" : "");
		}
	}
	*n = 0;
	for (i = 0; i < tab->nfuel; i++) {
		const imp_pos *at = &tab->fuel_at[i];
		if (tab->omit[i] || is_dropped(o, tab->fuel[i]))
			continue;
		for (k = 0; k < fs->values.n && strcmp(fs->values.keys[k], tab->fuel[i]); k++)
			;
		if (k == fs->values.n) {
			const char *near = wf_nearest(tab->fuel[i], fs->values.keys, fs->values.n);
			return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, at->file, at->line,
					    at->col, "factor set %s has no factor for \"%s\"%s%s%s; "
					    "give it one or --drop it", fs->e.id, tab->fuel[i],
					    near ? " (nearest: " : "", near ? near : "",
					    near ? ")" : "");
		}
		fuel[*n] = tab->fuel[i];
		ef[(*n)++] = wf_value_nominal(&fs->values.vals[k].v);
	}
	if (*n == 0)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "drop: every production type is dropped");
	return 0;
}

/* Negative generation of a type that is weighed: an error at its cell. */
static int entsoe_negative(imp_table *tab)
{
	size_t i, j;

	for (i = 0; i < tab->nrow; i++) {
		const imp_row *r = &tab->row[i];
		for (j = 0; j < r->nv; j++) {
			const imp_fv *v = &tab->fv[r->v0 + j];
			if (v->v < 0 && !tab->omit[v->fuel] && !is_dropped(tab->opt, tab->fuel[v->fuel]))
				return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, r->at.file,
						    r->at.line, v->col,
						    "%s: negative generation %g MW; --drop the "
						    "type to leave it out", tab->fuel[v->fuel], v->v);
		}
	}
	return 0;
}

int imp_entsoe_factors(imp_table *tab)
{
	const wf_import_options *o = tab->opt;
	const wf_factors *fs;
	const char *fuel[IMP_MAX_FUELS];
	double ef[IMP_MAX_FUELS];
	wf_series **all = NULL;
	wf_strbuf b = {0};
	size_t n = 0, nall = 0, i, gaps = 0;
	wf_mix_factors mix;
	int rc;

	if (!o->catalog)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "factors: no catalog to find factor set %s in", o->factors);
	if (!(fs = wf_catalog_get(o->catalog, WF_KIND_FACTORS, o->factors)))
		return wf_error_set(tab->err, WF_ENOTFOUND, IMP_MOD, NULL, 0, 0,
				    "factors: no factor set \"%s\" (`wattif list factors`)",
				    o->factors);
	if ((rc = entsoe_mix(tab, fs, fuel, ef, &n)) || (rc = entsoe_negative(tab)))
		return rc;
	mix.n = n;
	mix.fuel = fuel;
	mix.ef_kg_per_j = ef;
	mix.n_drop = o->ndrop;
	mix.drop = o->drop;
	tab->has_ci = 0;
	tab->regional = 0;
	if ((rc = write_csv(tab, &b)) == 0)
		rc = wf_series_parse(&all, &nall, b.s, b.len, o->name ? o->name : "import", NULL,
				     &mix, tab->err);
	wf_strbuf_free(&b);
	if (rc)
		return rc;
	if (nall != 1 || all[0]->n != tab->nrow) {
		wf_series_free_all(all, nall);
		return wf_error_set(tab->err, WF_ENUMERIC, IMP_MOD, NULL, 0, 0,
				    "internal: the generation table read back as %zu intervals, "
				    "not %zu", nall ? all[0]->n : 0, tab->nrow);
	}
	for (i = 0; i < tab->nrow; i++) {
		tab->row[i].ci = all[0]->missing[i] ? NAN
			: all[0]->raw[i] * all[0]->raw_si / WF_G_PER_KWH;
		gaps += all[0]->missing[i] && !tab->row[i].filled;
	}
	wf_series_free_all(all, nall);
	tab->has_ci = 1;
	tab->no_fuels = 1;
	imp_note(tab, "intensity_g_per_kwh = sum of G x EF / sum of G over %zu production "
		 "types with factor set %s (%s basis: give the grid series_basis: %s)%s", n,
		 fs->e.id, wf_basis_name(fs->basis), wf_basis_name(fs->basis),
		 o->ndrop ? "; the dropped types count in neither sum" : "");
	if (gaps)
		imp_note(tab, "%zu interval%s with an empty cell of a weighed type, or no "
			 "generation at all: gaps", gaps, gaps == 1 ? "" : "s");
	return 0;
}

/* ---------------------------------------------------------------- wf_import */

static int bound(imp_table *tab, const char *s, const char *what, double *t)
{
	const char *why;
	imp_time tm;
	size_t n;

	if (!s)
		return 0;
	n = imp_time_read(s, 0, &tm, &why);
	if (!n || s[n])
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "%s: %s, got \"%.40s\"", what,
				    n ? "expected a date-time such as 2024-01-01T00:00Z" : why, s);
	*t = tm.t;
	return 0;
}

/* Options that only one format reads are errors with the others. */
static int check_options(imp_table *tab, wf_import_format fmt)
{
	const wf_import_options *o = tab->opt;
	const char *bad = NULL;
	int rc;

	if (o->version != WF_IMPORT_OPTIONS_VERSION)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "wf_import_options version %u, expected %u", o->version,
				    WF_IMPORT_OPTIONS_VERSION);
	if (o->zone && fmt != WF_IMPORT_ELECTRICITYMAPS)
		bad = "zone";
	else if (o->tz && fmt != WF_IMPORT_ENTSOE)
		bad = "tz";
	else if ((o->factors || o->ndrop) && fmt != WF_IMPORT_ENTSOE)
		bad = o->factors ? "factors" : "drop";
	else if (o->ndrop && !o->factors)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "drop: goes with factors (the generation table keeps every "
				    "type)");
	else if (o->value && fmt == WF_IMPORT_ENTSOE)
		bad = "value";
	if (bad)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "%s: not an option of the %s format", bad,
				    format_names[fmt]);
	if (o->value && fmt == WF_IMPORT_NESO_JSON && strcmp(o->value, "actual") &&
	    strcmp(o->value, "forecast"))
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "value: expected actual or forecast for NESO data, got "
				    "\"%s\"", o->value);
	if ((rc = bound(tab, o->from, "from", &tab->from_s)) ||
	    (rc = bound(tab, o->to, "to", &tab->to_s)))
		return rc;
	if (tab->from_s >= tab->to_s)
		return wf_error_set(tab->err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    "to must come after from");
	return 0;
}

/* What was read and where the values came from. */
static void summary(imp_table *tab, wf_import_format fmt, size_t npaths)
{
	const char *v = tab->opt->value;
	char t0[32], t1[32];

	if (fmt == WF_IMPORT_ELECTRICITYMAPS)
		imp_note(tab, "values: Electricity Maps %s carbon intensity (give the grid "
			 "series_basis: %s)", v ? v : "direct", v ? v : "direct");
	else if (fmt == WF_IMPORT_NESO_JSON && tab->has_ci)
		imp_note(tab, "values: NESO intensity.%s (direct CO2; give the grid "
			 "series_basis: direct)", v ? v : tab->regional ? "forecast" : "actual");
	if (fmt == WF_IMPORT_ELECTRICITYMAPS && !tab->regional && tab->reg[0].id[0])
		imp_note(tab, "zone %s (%s)", tab->reg[0].id, tab->reg[0].name);
	if (tab->empty && tab->has_ci && fmt != WF_IMPORT_ENTSOE)
		imp_note(tab, "%zu interval%s with no value in the source: written as empty "
			 "cells (gaps)", tab->empty, tab->empty == 1 ? "" : "s");
	if (tab->clipped)
		imp_note(tab, "%zu rows outside --from/--to left out", tab->clipped);
	if (tab->overlaps)
		imp_note(tab, "%zu intervals given identically in two files kept once",
			 tab->overlaps);
	imp_note(tab, "%zu file%s: %zu intervals, %zu region%s, step %g min, %s to %s", npaths,
		 npaths == 1 ? "" : "s", tab->nrow, tab->nreg, tab->nreg == 1 ? "" : "s",
		 tab->step_s / 60, imp_time_format(t0, tab->row[0].t),
		 imp_time_format(t1, tab->row[tab->nrow - 1].t));
}

static int read_all(imp_table *tab, wf_import_format fmt, const char *const *paths,
		    size_t npaths)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < npaths && rc == 0; i++)
		rc = fmt == WF_IMPORT_ELECTRICITYMAPS ? imp_read_electricitymaps(tab, paths[i])
			: fmt == WF_IMPORT_NESO_JSON ? imp_read_neso(tab, paths[i])
			: imp_read_entsoe(tab, paths[i]);
	if (rc)
		return rc;
	if (fmt == WF_IMPORT_ENTSOE)
		imp_entsoe_finish(tab);
	if (fmt == WF_IMPORT_ELECTRICITYMAPS)
		tab->regional = tab->nreg > 1;
	if ((rc = imp_table_check(tab)))
		return rc;
	if (fmt == WF_IMPORT_ENTSOE && tab->opt->factors)
		rc = imp_entsoe_factors(tab);
	return rc;
}

int wf_import(char **csv, size_t *len, char **notes, wf_import_format fmt,
	      const char *const *paths, size_t npaths, const wf_import_options *opt,
	      wf_error *err)
{
	static const wf_import_options defaults = WF_IMPORT_OPTIONS_INIT;
	wf_series **all = NULL;
	size_t nall = 0;
	wf_strbuf b = {0};
	imp_table tab;
	int rc;

	if (!csv)
		return wf_error_set(err, WF_EINPUT, IMP_MOD, NULL, 0, 0, "no place for the CSV");
	*csv = NULL;
	if (len)
		*len = 0;
	if (notes)
		*notes = NULL;
	if ((int)fmt < 0 || fmt >= WF_IMPORT_FORMAT_COUNT || !paths || !npaths)
		return wf_error_set(err, WF_EINPUT, IMP_MOD, NULL, 0, 0,
				    !paths || !npaths ? "no files to import" : "unknown format");
	imp_table_init(&tab, opt ? opt : &defaults, err);
	if ((rc = check_options(&tab, fmt)) || (rc = read_all(&tab, fmt, paths, npaths)) ||
	    (rc = write_csv(&tab, &b)))
		goto out;
	if (tab.has_ci) {
		rc = wf_series_parse(&all, &nall, b.s, b.len, tab.opt->name ? tab.opt->name :
				     "import", NULL, NULL, err);
		wf_series_free_all(all, nall);
		if (rc)
			goto out;
	}
	summary(&tab, fmt, npaths);
	if (tab.notes.failed) {
		rc = wf_error_set(err, WF_ENOMEM, IMP_MOD, NULL, 0, 0, "out of memory");
		goto out;
	}
	if (len)
		*len = b.len;
	*csv = b.s;
	b.s = NULL;
	if (notes) {
		*notes = tab.notes.s ? tab.notes.s : strdup("");
		tab.notes.s = NULL;
	}
out:
	wf_strbuf_free(&b);
	imp_table_release(&tab);
	return rc;
}

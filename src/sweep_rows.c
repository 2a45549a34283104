/*
 * sweep_rows.c - the rows of a sweep: CSV (a header, then one line per
 * point) or JSON Lines (one object per point).
 *
 * A row is the point's axis values as written, its values (outputs, then
 * their quantiles when sampling), then what its intensity is: region,
 * year, basis, intensity_source and profile, the trailing columns of
 * `wattif run --format csv`.  Numbers are the shortest text that reads
 * back as the same double (wf_format_double).  In JSON Lines an axis
 * value that is a plain number is a JSON number ("site.pue": 1.1), one
 * with a unit an object of the number and the unit as written
 * ("workload.power_per_device": {"value": 700, "unit": "W"}), and ids,
 * dates and anything else a string.
 */
#include "sweep_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "error.h"

void wf_sw_put(sw_out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len;
		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

void wf_sw_put_csv(sw_out *o, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		wf_sw_put(o, s, strlen(s));
		return;
	}
	wf_sw_put(o, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			wf_sw_put(o, "\"", 1);
		wf_sw_put(o, s, 1);
	}
	wf_sw_put(o, "\"", 1);
}

void wf_sw_put_json(sw_out *o, const char *s)
{
	char u[8];

	wf_sw_put(o, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			wf_sw_put(o, "\\", 1);
			wf_sw_put(o, s, 1);
		} else if (c < 0x20) {
			snprintf(u, sizeof u, "\\u%04x", c);
			wf_sw_put(o, u, 6);
		} else {
			wf_sw_put(o, s, 1);
		}
	}
	wf_sw_put(o, "\"", 1);
}

void wf_sw_put_number(sw_out *o, double v, wf_sweep_format fmt)
{
	char num[WF_FORMAT_DOUBLE_SIZE];
	size_t n = wf_format_double(num, v);

	if (n)
		wf_sw_put(o, num, n);
	else if (fmt == WF_SWEEP_JSONL)
		wf_sw_put(o, "null", 4);
}

size_t wf_sw_number_len(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		const char *e = p + 1;
		if (*e == '+' || *e == '-')
			e++;
		if (*e >= '0' && *e <= '9') {
			while (*e >= '0' && *e <= '9')
				e++;
			p = e;
		}
	}
	return (size_t)(p - s);
}

/* An axis value that is a number, or a number and a unit, as JSON; a
 * string when its number cannot be read (never, for values the sweep
 * checked). */
static void put_json_quantity(sw_out *o, const char *t, sw_json_kind kind)
{
	char num[64];
	size_t n = wf_sw_number_len(t);
	double v;

	if (n == 0 || n >= sizeof num) {
		wf_sw_put_json(o, t);
		return;
	}
	memcpy(num, t, n);
	num[n] = '\0';
	if (wf_csv_number(num, &v) || !isfinite(v)) {
		wf_sw_put_json(o, t);
		return;
	}
	if (kind == JV_NUMBER) {
		wf_sw_put_number(o, v, WF_SWEEP_JSONL);
		return;
	}
	for (t += n; *t == ' ' || *t == '\t'; t++)
		;
	wf_sw_put(o, "{\"value\": ", 10);
	wf_sw_put_number(o, v, WF_SWEEP_JSONL);
	wf_sw_put(o, ", \"unit\": ", 10);
	wf_sw_put_json(o, t);
	wf_sw_put(o, "}", 1);
}

void wf_sw_put_axis(sw_out *o, const wf_sweep *sw, size_t a, size_t i, wf_sweep_format fmt)
{
	char tb[SW_TEXT_MAX];
	const char *t = wf_sw_text(sw, a, i, tb);
	sw_json_kind kind;

	if (fmt != WF_SWEEP_JSONL) {
		wf_sw_put_csv(o, t);
		return;
	}
	kind = wf_sw_json_kind(&sw->axes[a], i);
	if (kind == JV_STRING)
		wf_sw_put_json(o, t);
	else
		put_json_quantity(o, t, kind);
}

static size_t finish(sw_out *o)
{
	if (o->size)
		o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
	return o->len;
}

WF_API size_t wf_sweep_format_header(char *buf, size_t size, const wf_sweep *sw,
				     wf_sweep_format fmt)
{
	sw_out o = {buf, size, 0};
	size_t j;

	if (fmt == WF_SWEEP_CSV && sw) {
		for (j = 0; j < sw->n_columns; j++) {
			if (j)
				wf_sw_put(&o, ",", 1);
			wf_sw_put_csv(&o, sw->columns[j]);
		}
		wf_sw_put(&o, "\n", 1);
	}
	return finish(&o);
}

/* The description columns: region, year, basis, intensity_source, profile
 * (as `wattif run` writes them: "" or null where there is none). */
static void put_desc(sw_out *o, const wf_intensity_info *ci, wf_sweep_format fmt)
{
	static const wf_intensity_info none = {"", "", "", "", "", 0, 0, "", ""};
	const char *text[SW_NDESC];
	char year[16] = "";
	size_t j;

	if (!ci)
		ci = &none;
	if (ci->year > 0 && ci->year < 100000) { /* the digits, without printf */
		int y = ci->year, n = y >= 10000 ? 5 : y >= 1000 ? 4 : y >= 100 ? 3 : y >= 10 ? 2 : 1;
		year[n] = '\0';
		for (; n-- > 0; y /= 10)
			year[n] = (char)('0' + y % 10);
	} else if (ci->year) {
		snprintf(year, sizeof year, "%d", ci->year);
	}
	text[0] = ci->region, text[1] = year, text[2] = ci->basis;
	text[3] = ci->source ? ci->source : "", text[4] = ci->profile ? ci->profile : "";
	for (j = 0; j < SW_NDESC; j++) {
		if (fmt != WF_SWEEP_JSONL) {
			wf_sw_put(o, ",", 1);
			wf_sw_put_csv(o, text[j] ? text[j] : "");
			continue;
		}
		wf_sw_put(o, ", ", 2);
		wf_sw_put_json(o, wf_sw_desc_names[j]);
		wf_sw_put(o, ": ", 2);
		if ((j == 1 || j == 4) && !text[j][0])
			wf_sw_put(o, "null", 4);
		else if (j == 1)
			wf_sw_put(o, year, strlen(year));
		else
			wf_sw_put_json(o, text[j] ? text[j] : "");
	}
}

/* Point k's row (value indexes idx) into o. */
static void put_row(sw_out *o, const wf_sweep *sw, const size_t *idx, const double *values,
		    const wf_intensity_info *ci, wf_sweep_format fmt)
{
	size_t j;
	int jsonl = fmt == WF_SWEEP_JSONL;

	if (jsonl)
		wf_sw_put(o, "{", 1);
	for (j = 0; j < sw->n_axes + sw->n_values; j++) {
		if (j)
			wf_sw_put(o, jsonl ? ", " : ",", jsonl ? 2 : 1);
		if (jsonl) {
			wf_sw_put_json(o, sw->columns[j]);
			wf_sw_put(o, ": ", 2);
		}
		if (j < sw->n_axes)
			wf_sw_put_axis(o, sw, j, idx[j], fmt);
		else
			wf_sw_put_number(o, values[j - sw->n_axes], fmt);
	}
	put_desc(o, ci, fmt);
	wf_sw_put(o, jsonl ? "}\n" : "\n", jsonl ? 2 : 1);
}

WF_API size_t wf_sweep_format_row(char *buf, size_t size, const wf_sweep *sw, size_t k,
				  const double *values, const wf_intensity_info *ci,
				  wf_sweep_format fmt)
{
	sw_out o = {buf, size, 0};
	size_t stack[16], *idx = stack;

	if (!sw || k >= sw->n_points)
		return finish(&o);
	if (sw->n_axes > 16 && !(idx = malloc(sw->n_axes * sizeof(*idx))))
		return finish(&o);
	wf_sw_decode(sw, k, idx);
	put_row(&o, sw, idx, values, ci, fmt);
	if (idx != stack)
		free(idx);
	return finish(&o);
}

WF_API int wf_sweep_rows(wf_sweep_worker *w, size_t k0, size_t k1, wf_sweep_format fmt,
			 char **buf, size_t *len, size_t *cap, wf_error *err)
{
	const wf_sweep *sw;
	size_t k;
	int rc;

	if (!w || !buf || !len || !cap || k0 > k1 || k1 > w->sw->n_points)
		return wf_error_set(err, WF_EINPUT, "sweep", NULL, 0, 0,
				    "wf_sweep_rows: no points %zu to %zu", k0, k1);
	sw = w->sw;
	if ((rc = wf_sw_eval_chunk(w, k0, k1, err)))
		return rc;
	for (k = k0; k < k1; k++) {
		wf_intensity_info ci;
		sw_out o;
		wf_sw_chunk_info(w, k - k0, &ci);
		wf_sw_decode(sw, k, w->idx);
		for (;;) {
			o.buf = *buf ? *buf + *len : NULL;
			o.size = *buf ? *cap - *len : 0;
			o.len = 0;
			put_row(&o, sw, w->idx, w->vals + (k - k0) * sw->n_values, &ci, fmt);
			if (o.len < o.size)
				break;
			{
				size_t nc = 2 * *cap + o.len + 4096;
				char *g = realloc(*buf, nc);
				if (!g)
					return wf_sw_nomem(err);
				*buf = g;
				*cap = nc;
			}
		}
		*len += o.len;
	}
	return 0;
}

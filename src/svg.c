/*
 * svg.c - chart primitives writing inline SVG (see svg.h for the choices
 * behind them).
 *
 * Geometry is in CSS pixels.  Text widths are estimated (FONT_W per
 * character at 12 px) because nothing here can measure glyphs; margins
 * are sized from the longest label so long names do not run into the plot.
 */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define FONT_W 6.6   /* mean advance of a 12 px sans-serif character, px */
#define LEGEND_H 20.0
#define TICK_H 18.0  /* x tick labels */
#define TITLE_H 18.0 /* x axis title */
#define GRID "#d9d9d9"
#define INK "#222222"

/* Okabe & Ito (2008): blue, orange, bluish green, vermillion, sky blue,
 * reddish purple, yellow, black. */
static const char *const palette[WF_SVG_NPALETTE] = {
	"#0072B2", "#E69F00", "#009E73", "#D55E00",
	"#56B4E9", "#CC79A7", "#F0E442", "#000000"};

/* Dash patterns and marker shapes that keep line series apart without
 * colour (in grey, or for readers who cannot tell the hues apart). */
static const char *const dashes[] = {"", "7 4", "2 3", "9 3 2 3", "4 2", "1 5"};
#define NDASHES (sizeof dashes / sizeof dashes[0])
enum { SHAPE_NONE = -1, NSHAPES = 6 };

const char *wf_svg_colour(size_t i)
{
	return palette[i % WF_SVG_NPALETTE];
}

/* Eleven stops of a viridis-like ramp (dark blue-purple through teal and
 * green to yellow): monotone in lightness, so it also reads in grey. */
char *wf_svg_ramp(char buf[8], double t)
{
	static const unsigned char stop[11][3] = {
		{68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141},
		{42, 120, 142}, {33, 145, 140}, {34, 168, 132}, {68, 191, 112},
		{122, 209, 81}, {189, 223, 38}, {253, 231, 37}};
	double u;
	int k, c;
	unsigned char rgb[3];

	if (!(t > 0))
		t = 0;
	if (t > 1)
		t = 1;
	u = t * 10;
	k = (int)u;
	if (k >= 10)
		k = 9;
	u -= k;
	for (c = 0; c < 3; c++)
		rgb[c] = (unsigned char)lround(stop[k][c] + (stop[k + 1][c] - stop[k][c]) * u);
	snprintf(buf, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
	return buf;
}

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

void wf_svg_escape(wf_strbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t run = 0, n;
		/* copy runs of plain characters in one call */
		while (p[run] && p[run] >= 0x20 && p[run] < 0x7f && !strchr("&<>\"'", p[run]))
			run++;
		if (run) {
			wf_strbuf_printf(b, "%.*s", (int)run, (const char *)p);
			p += run;
			continue;
		}
		switch (*p) {
		case '&': wf_strbuf_printf(b, "&amp;"); p++; continue;
		case '<': wf_strbuf_printf(b, "&lt;"); p++; continue;
		case '>': wf_strbuf_printf(b, "&gt;"); p++; continue;
		case '"': wf_strbuf_printf(b, "&quot;"); p++; continue;
		case '\'': wf_strbuf_printf(b, "&#39;"); p++; continue;
		case '\t': case '\n': wf_strbuf_printf(b, "%c", *p); p++; continue;
		default: break;
		}
		if (*p < 0x20 || *p == 0x7f) { /* not allowed in XML 1.0 text */
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			wf_strbuf_printf(b, "\xef\xbf\xbd");
			p++;
		} else {
			wf_strbuf_printf(b, "%.*s", (int)n, (const char *)p);
			p += n;
		}
	}
}

double wf_svg_nice_step(double x)
{
	double p, f;

	if (!(x > 0) || !isfinite(x))
		return 1;
	p = pow(10, floor(log10(x)));
	f = x / p;
	/* allow for rounding in x / p: 2.0000000001 is still a 2 */
	if (f <= 1 + 1e-9)
		return p;
	if (f <= 2 + 1e-9)
		return 2 * p;
	if (f <= 5 + 1e-9)
		return 5 * p;
	return 10 * p;
}

static int decimals_for(double step)
{
	int d = 0;

	while (d < 12 && fabs(step * pow(10, d) - nearbyint(step * pow(10, d))) >
				 1e-9 * step * pow(10, d))
		d++;
	return d;
}

void wf_svg_nice_ticks(wf_svg_ticks *t, double lo, double hi, int max_ticks)
{
	double step, first;
	int i;

	if (max_ticks < 2)
		max_ticks = 2;
	if (max_ticks > 20)
		max_ticks = 20;
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (lo > hi) {
		double s = lo;
		lo = hi;
		hi = s;
	}
	if (hi - lo <= 1e-12 * fmax(fabs(lo), fabs(hi))) {
		double d = lo == 0 ? 1 : fabs(lo) * 0.1;
		lo -= d;
		hi += d;
		if (lo < 0 && lo + d >= 0 && hi > 0)
			lo = 0; /* a positive constant keeps its zero baseline */
	}
	step = wf_svg_nice_step((hi - lo) / max_ticks);
	/* a rounding case may need one more step; grow it until it fits */
	for (;;) {
		first = floor(lo / step + 1e-9) * step;
		if (first + max_ticks * step >= hi - 1e-9 * step)
			break;
		step = wf_svg_nice_step(step * 1.5);
	}
	t->step = step;
	t->n = 0;
	for (i = 0; i <= max_ticks; i++) {
		double v = first + i * step;
		if (fabs(v) < 1e-9 * step)
			v = 0;
		t->v[t->n++] = v;
		if (v >= hi - 1e-9 * step)
			break;
	}
	t->decimals = decimals_for(step);
}

char *wf_svg_number(char *buf, size_t size, double v, int decimals)
{
	char raw[64], *dot, *digits;
	size_t intlen, i, o = 0;

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	snprintf(raw, sizeof raw, "%.*f", decimals, v);
	if (strspn(raw, "-0.") == strlen(raw) && raw[0] == '-')
		memmove(raw, raw + 1, strlen(raw)); /* "-0.00" -> "0.00" */
	digits = raw + (raw[0] == '-');
	dot = strchr(digits, '.');
	intlen = dot ? (size_t)(dot - digits) : strlen(digits);
	if (intlen < 5 || size < strlen(raw) + (intlen - 1) / 3 * 2 + 1) {
		snprintf(buf, size, "%s", raw);
		return buf;
	}
	/* group thousands with a narrow no-break space (SI style) */
	if (raw[0] == '-')
		buf[o++] = '-';
	for (i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0) {
			memcpy(buf + o, "\xe2\x80\xaf", 3);
			o += 3;
		}
		buf[o++] = digits[i];
	}
	snprintf(buf + o, size - o, "%s", dot ? dot : "");
	return buf;
}

void wf_svg_time_ticks(wf_svg_ticks *t, double t0, double t1, int max_ticks)
{
	static const double steps[] = {60, 120, 300, 600, 900, 1800, 3600, 7200,
				       10800, 21600, 43200, 86400, 172800, 604800};
	double step = 0, first;
	size_t i;

	if (max_ticks < 2)
		max_ticks = 2;
	if (max_ticks > 20)
		max_ticks = 20;
	if (!isfinite(t0) || !isfinite(t1) || t1 <= t0) {
		t0 = isfinite(t0) ? t0 : 0;
		t1 = t0 + 3600;
	}
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if ((t1 - t0) / steps[i] <= max_ticks) {
			step = steps[i];
			break;
		}
	if (step == 0)
		step = 86400 * wf_svg_nice_step((t1 - t0) / 86400 / max_ticks);
	first = ceil(t0 / step - 1e-9) * step;
	t->step = step;
	t->decimals = 0;
	t->n = 0;
	for (i = 0; i < 21 && first + (double)i * step <= t1 + 1e-9 * step; i++)
		t->v[t->n++] = first + (double)i * step;
}

char *wf_svg_time_label(char *buf, size_t size, double t, double step)
{
	time_t tt = (time_t)floor(t);
	struct tm tm;

	if (!isfinite(t) || !gmtime_r(&tt, &tm)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (fmod(step, 86400) == 0)
		snprintf(buf, size, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday);
	else
		snprintf(buf, size, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min);
	return buf;
}

void wf_svg_open(wf_strbuf *b, const char *id, double w, double h,
		 const char *title, const char *desc, int standalone)
{
	wf_strbuf_printf(b, "<svg%s width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
			    "role=\"img\" aria-labelledby=\"%s-title %s-desc\" "
			    "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, "
			    "'DejaVu Sans', sans-serif\" font-size=\"12\" fill=\"" INK "\">\n",
			 standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "",
			 w, h, w, h, id, id);
	wf_strbuf_printf(b, "<title id=\"%s-title\">", id);
	wf_svg_escape(b, title);
	wf_strbuf_printf(b, "</title>\n<desc id=\"%s-desc\">", id);
	wf_svg_escape(b, desc);
	wf_strbuf_printf(b, "</desc>\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
			 w, h);
}

void wf_svg_close(wf_strbuf *b)
{
	wf_strbuf_printf(b, "</svg>\n");
}

/* <text> at (x, y) with an anchor and extra attributes, content escaped. */
static void text(wf_strbuf *b, double x, double y, const char *anchor,
		 const char *attrs, const char *s)
{
	wf_strbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s>", x, y,
			 anchor, attrs ? " " : "", attrs ? attrs : "");
	wf_svg_escape(b, s);
	wf_strbuf_printf(b, "</text>\n");
}

void wf_svg_heading(wf_strbuf *b, double x, double y, const char *s)
{
	text(b, x, y + 14, "start", "font-size=\"14\" font-weight=\"600\"", s);
}

/* ------------------------------------------------------------- legends */

enum { KEY_BOX, KEY_LINE, KEY_BAND, KEY_WHISKER };

typedef struct key {
	int kind;
	const char *colour;
	const char *dash;
	const char *label;
	int shape;           /* KEY_LINE: the series' marker, or SHAPE_NONE */
} key;

/* A point marker centred on (x, y): circle, square, triangle up, diamond,
 * triangle down, cross, by shape % NSHAPES; about 7 px across. */
static void marker(wf_strbuf *b, int shape, double x, double y, const char *colour)
{
	switch (shape % NSHAPES) {
	case 0:
		wf_strbuf_printf(b, "<circle class=\"point\" cx=\"%.2f\" cy=\"%.2f\" r=\"3.2\" "
				    "fill=\"%s\"/>\n", x, y, colour);
		return;
	case 1:
		wf_strbuf_printf(b, "<path class=\"point\" d=\"M%.2f %.2fh6v6h-6z\" fill=\"%s\"/>\n",
				 x - 3, y - 3, colour);
		return;
	case 2:
		wf_strbuf_printf(b, "<path class=\"point\" d=\"M%.2f %.2fl4 7h-8z\" fill=\"%s\"/>\n",
				 x, y - 4, colour);
		return;
	case 3:
		wf_strbuf_printf(b, "<path class=\"point\" d=\"M%.2f %.2fl4 4l-4 4l-4 -4z\" "
				    "fill=\"%s\"/>\n", x, y - 4, colour);
		return;
	case 4:
		wf_strbuf_printf(b, "<path class=\"point\" d=\"M%.2f %.2fl4 -7h-8z\" fill=\"%s\"/>\n",
				 x, y + 4, colour);
		return;
	default:
		wf_strbuf_printf(b, "<path class=\"point\" d=\"M%.2f %.2fl7 7M%.2f %.2fl-7 7\" "
				    "stroke=\"%s\" stroke-width=\"2\" fill=\"none\"/>\n",
				 x - 3.5, y - 3.5, x + 3.5, y - 3.5, colour);
		return;
	}
}

/* Legend entries in a row from (x, y), wrapping at x + w.  Returns the
 * height used. */
static double legend(wf_strbuf *b, double x, double y, double w, const key *k, size_t n)
{
	double cx = x, cy = y;
	size_t i;

	if (n == 0)
		return 0;
	wf_strbuf_printf(b, "<g class=\"legend\">\n");
	for (i = 0; i < n; i++) {
		double lw = 22 + FONT_W * (double)strlen(k[i].label) + 16;
		if (cx > x && cx + lw > x + w) {
			cx = x;
			cy += LEGEND_H;
		}
		switch (k[i].kind) {
		case KEY_LINE:
			wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
					    "stroke=\"%s\" stroke-width=\"2.5\" stroke-dasharray=\"%s\"/>\n",
					 cx, cy + 7, cx + 18, cy + 7, k[i].colour, k[i].dash ? k[i].dash : "");
			if (k[i].shape != SHAPE_NONE)
				marker(b, k[i].shape, cx + 9, cy + 7, k[i].colour);
			break;
		case KEY_WHISKER:
			wf_strbuf_printf(b, "<path d=\"M%.1f %.1fv8M%.1f %.1fh18M%.1f %.1fv8\" "
					    "stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\"/>\n",
					 cx, cy + 3, cx, cy + 7, cx + 18, cy + 3, k[i].colour);
			break;
		default:
			wf_strbuf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\" "
					    "fill=\"%s\"%s/>\n",
					 cx, cy + 1, k[i].colour,
					 k[i].kind == KEY_BAND ? " fill-opacity=\"0.45\"" : "");
			break;
		}
		text(b, cx + 23, cy + 11, "start", NULL, k[i].label);
		cx += lw;
	}
	wf_strbuf_printf(b, "</g>\n");
	return cy - y + LEGEND_H;
}

/* ---------------------------------------------------------------- axes */

typedef struct plot {
	double x, y, w, h;      /* plot area */
	double x0, x1, y0, y1;  /* data range shown */
} plot;

static double px(const plot *p, double v)
{
	return p->x + (v - p->x0) / (p->x1 - p->x0) * p->w;
}

static double py(const plot *p, double v)
{
	return p->y + p->h - (v - p->y0) / (p->y1 - p->y0) * p->h;
}

static double label_width(const char *s)
{
	return FONT_W * (double)strlen(s ? s : "");
}

/* Value ticks along the bottom with vertical grid lines, and the title. */
static void x_axis(wf_strbuf *b, const plot *p, const wf_svg_ticks *t, int time,
		   const char *title)
{
	char lab[64];
	double half;
	int i;

	wf_strbuf_printf(b, "<g class=\"x-axis\">\n");
	for (i = 0; i < t->n; i++) {
		double x = px(p, t->v[i]);
		if (x < p->x - 0.5 || x > p->x + p->w + 0.5)
			continue;
		wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				    "stroke=\"" GRID "\"/>\n", x, p->y, x, p->y + p->h + 4);
		if (time)
			wf_svg_time_label(lab, sizeof lab, t->v[i], t->step);
		else
			wf_svg_number(lab, sizeof lab, t->v[i], t->decimals);
		/* a label at either end stays inside the panel */
		half = label_width(lab) * 0.46;
		text(b, x, p->y + p->h + 15,
		     x + half > p->x + p->w + 14 ? "end" : x - half < p->x - 30 ? "start" : "middle",
		     "font-size=\"11\"", lab);
	}
	wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\"/>\n",
			 p->x, p->y + p->h, p->x + p->w, p->y + p->h);
	text(b, p->x + p->w / 2, p->y + p->h + TICK_H + 14, "middle", "class=\"axis-title\"", title);
	wf_strbuf_printf(b, "</g>\n");
}

/* Widest y tick label, px. */
static double y_labels_width(const wf_svg_ticks *t)
{
	char lab[64];
	double w = 0;
	int i;

	for (i = 0; i < t->n; i++)
		w = fmax(w, label_width(wf_svg_number(lab, sizeof lab, t->v[i], t->decimals)));
	return w;
}

/* Value ticks up the left with horizontal grid lines, and the title
 * turned up the side. */
static void y_axis(wf_strbuf *b, const plot *p, const wf_svg_ticks *t, const char *title,
		   double title_x)
{
	char lab[64];
	int i;

	wf_strbuf_printf(b, "<g class=\"y-axis\">\n");
	for (i = 0; i < t->n; i++) {
		double y = py(p, t->v[i]);
		wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				    "stroke=\"" GRID "\"/>\n", p->x - 4, y, p->x + p->w, y);
		text(b, p->x - 7, y + 4, "end", "font-size=\"11\"",
		     wf_svg_number(lab, sizeof lab, t->v[i], t->decimals));
	}
	wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\"/>\n",
			 p->x, p->y, p->x, p->y + p->h);
	wf_strbuf_printf(b, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" "
			    "text-anchor=\"middle\" class=\"axis-title\">", title_x, p->y + p->h / 2);
	wf_svg_escape(b, title);
	wf_strbuf_printf(b, "</text>\n</g>\n");
}

/* An interval whisker from a to c along one axis at `at` on the other,
 * with caps q px either side: across the bars (vertical = 0) or up a
 * line chart (vertical = 1). */
static void whisker(wf_strbuf *b, double a, double c, double at, double q, int vertical,
		    const char *colour)
{
	if (vertical)
		wf_strbuf_printf(b, "<path class=\"whisker\" d=\"M%.2f %.2fH%.2fM%.2f %.2fV%.2fM%.2f %.2fH%.2f\" "
				    "stroke=\"%s\" stroke-width=\"1.6\" fill=\"none\"/>\n",
				 at - q, a, at + q, at, a, c, at - q, c, at + q, colour);
	else
		wf_strbuf_printf(b, "<path class=\"whisker\" d=\"M%.2f %.2fV%.2fM%.2f %.2fH%.2fM%.2f %.2fV%.2f\" "
				    "stroke=\"%s\" stroke-width=\"1.6\" fill=\"none\"/>\n",
				 a, at - q, at + q, a, at, c, c, at - q, at + q, colour);
}

/* ---------------------------------------------------------------- bars */

void wf_svg_hbars(wf_strbuf *b, double x, double y, double w, double h,
		  const wf_svg_bars *s)
{
	key keys[WF_SVG_NPALETTE + 2];
	size_t nk = 0, r, k, segs = s->segs ? s->segs : 1;
	double lo = 0, hi = 0, lab_w = 0, band, thick;
	wf_svg_ticks t;
	plot p;

	for (r = 0; r < s->rows; r++) {
		double sum = 0;
		for (k = 0; k < segs; k++) {
			double v = s->values[r * segs + k];
			if (isfinite(v))
				sum += v;
		}
		lo = fmin(lo, sum);
		hi = fmax(hi, sum);
		if (s->hi && isfinite(s->hi[r]))
			hi = fmax(hi, s->hi[r]);
		if (s->lo && isfinite(s->lo[r]))
			lo = fmin(lo, s->lo[r]);
		lab_w = fmax(lab_w, label_width(s->row_labels[r]));
	}
	if (s->by_sign) {
		keys[nk++] = (key){KEY_BOX, palette[3], NULL, s->pos_label ? s->pos_label : "positive", SHAPE_NONE};
		keys[nk++] = (key){KEY_BOX, palette[0], NULL, s->neg_label ? s->neg_label : "negative", SHAPE_NONE};
	} else if (s->seg_labels) {
		for (k = 0; k < segs && nk < WF_SVG_NPALETTE; k++)
			keys[nk++] = (key){KEY_BOX, palette[k % WF_SVG_NPALETTE], NULL, s->seg_labels[k],
					     SHAPE_NONE};
	}
	if (s->lo && s->hi && s->interval_label)
		keys[nk++] = (key){KEY_WHISKER, INK, NULL, s->interval_label, SHAPE_NONE};
	wf_svg_nice_ticks(&t, lo, hi, (int)fmax(2, fmin(10, w / 80)));
	lab_w = fmin(lab_w, w * 0.4);
	p.x = x + lab_w + 12;
	p.w = x + w - 16 - p.x;
	p.y = y + legend(b, x + lab_w + 12, y, p.w, keys, nk) + 4;
	p.h = y + h - TICK_H - TITLE_H - 6 - p.y;
	p.x0 = t.v[0];
	p.x1 = t.v[t.n - 1];
	p.y0 = 0;
	p.y1 = 1;
	x_axis(b, &p, &t, 0, s->axis_title);
	band = s->rows ? p.h / (double)s->rows : p.h;
	thick = fmin(band * 0.62, 30);
	wf_strbuf_printf(b, "<g class=\"bars\">\n");
	for (r = 0; r < s->rows; r++) {
		double cy = p.y + band * ((double)r + 0.5), at = 0;
		text(b, p.x - 8, cy + 4, "end", NULL, s->row_labels[r]);
		for (k = 0; k < segs; k++) {
			double v = s->values[r * segs + k], x0, x1;
			const char *col = s->by_sign ? palette[v < 0 ? 0 : 3] : palette[k % WF_SVG_NPALETTE];
			char num[64];
			if (!isfinite(v))
				continue;
			x0 = px(&p, v < 0 ? at + v : at);
			x1 = px(&p, v < 0 ? at : at + v);
			wf_strbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
					    "fill=\"%s\"><title>", x0, cy - thick / 2,
					 fmax(x1 - x0, 0.5), thick, col);
			wf_svg_escape(b, s->row_labels[r]);
			if (s->seg_labels && segs > 1) {
				wf_strbuf_printf(b, ", ");
				wf_svg_escape(b, s->seg_labels[k]);
			}
			wf_strbuf_printf(b, ": %s</title></rect>\n",
					 wf_svg_number(num, sizeof num, v, t.decimals + 1));
			if (!s->by_sign)
				at += v;
		}
		if (s->lo && s->hi && isfinite(s->lo[r]) && isfinite(s->hi[r])) {
			whisker(b, px(&p, s->lo[r]), px(&p, s->hi[r]), cy, thick * 0.3, 0, INK);
		}
	}
	if (s->by_sign && lo < 0)
		wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\"/>\n",
				 px(&p, 0), p.y, px(&p, 0), p.y + p.h);
	wf_strbuf_printf(b, "</g>\n");
}

/* --------------------------------------------------------------- lines */

void wf_svg_lines_panel(wf_strbuf *b, double x, double y, double w, double h,
			const wf_svg_lines *s)
{
	key keys[WF_SVG_NPALETTE + 2];
	size_t nk = 0, i, j, nx = s->n + (s->step ? 1 : 0);
	double ylo = s->y_from_zero ? 0 : INFINITY, yhi = s->y_from_zero ? 0 : -INFINITY;
	double xlo = INFINITY, xhi = -INFINITY;
	wf_svg_ticks tx, ty;
	plot p;

	for (i = 0; i < nx; i++) {
		xlo = fmin(xlo, s->x[i]);
		xhi = fmax(xhi, s->x[i]);
	}
	for (j = 0; j < s->nser; j++)
		for (i = 0; i < s->n; i++) {
			double v = s->y[j * s->n + i];
			if (isfinite(v)) {
				ylo = fmin(ylo, v);
				yhi = fmax(yhi, v);
			}
			if (s->lo && s->hi && isfinite(s->lo[j * s->n + i]) &&
			    isfinite(s->hi[j * s->n + i])) {
				ylo = fmin(ylo, s->lo[j * s->n + i]);
				yhi = fmax(yhi, s->hi[j * s->n + i]);
			}
		}
	if (!isfinite(ylo)) {
		ylo = 0;
		yhi = 1;
	}
	if (s->band_hi > s->band_lo && s->band_label)
		keys[nk++] = (key){KEY_BAND, palette[6], NULL, s->band_label, SHAPE_NONE};
	for (j = 0; j < s->nser && nk < WF_SVG_NPALETTE; j++)
		keys[nk++] = (key){KEY_LINE, palette[j % WF_SVG_NPALETTE], dashes[j % NDASHES],
				   s->names[j], s->step || s->n > 60 ? SHAPE_NONE : (int)j};
	if (s->lo && s->hi && s->interval_label)
		keys[nk++] = (key){KEY_WHISKER, INK, NULL, s->interval_label, SHAPE_NONE};
	wf_svg_nice_ticks(&ty, ylo, yhi, (int)fmax(2, fmin(8, h / 45)));
	p.x = x + 24 + fmax(y_labels_width(&ty), s->y_labels_w) + 10;
	p.w = x + w - 16 - p.x;
	p.y = y + legend(b, p.x, y, p.w, keys, nk) + 6;
	p.h = y + h - TICK_H - TITLE_H - 6 - p.y;
	if (s->x_time) {
		wf_svg_time_ticks(&tx, xlo, xhi, (int)fmax(2, fmin(12, p.w / 95)));
		p.x0 = xlo;
		p.x1 = xhi > xlo ? xhi : xlo + 1;
	} else {
		wf_svg_nice_ticks(&tx, xlo, xhi, (int)fmax(2, fmin(12, p.w / 70)));
		p.x0 = tx.v[0];
		p.x1 = tx.v[tx.n - 1];
	}
	p.y0 = ty.v[0];
	p.y1 = ty.v[ty.n - 1];
	if (s->band_hi > s->band_lo) {
		double a = px(&p, fmax(s->band_lo, p.x0)), c = px(&p, fmin(s->band_hi, p.x1));
		if (c > a)
			wf_strbuf_printf(b, "<rect class=\"band\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
					    "height=\"%.2f\" fill=\"%s\" fill-opacity=\"0.45\"/>\n",
					 a, p.y, c - a, p.h, palette[6]);
	}
	x_axis(b, &p, &tx, s->x_time, s->x_title);
	y_axis(b, &p, &ty, s->y_title, x + 14);
	/* whiskers under the lines and markers, each series 5 px from the
	 * next, centred on the points */
	for (j = 0; s->lo && s->hi && j < s->nser; j++)
		for (i = 0; i < s->n; i++) {
			double a = s->lo[j * s->n + i], c = s->hi[j * s->n + i];
			double at = s->step ? (s->x[i] + s->x[i + 1]) / 2 : s->x[i];
			if (isfinite(a) && isfinite(c) && c > a)
				whisker(b, py(&p, a), py(&p, c),
					px(&p, at) + 5 * ((double)j - (double)(s->nser - 1) / 2), 3.5,
					1, palette[j % WF_SVG_NPALETTE]);
		}
	for (j = 0; j < s->nser; j++) {
		const double *v = s->y + j * s->n;
		const char *col = palette[j % WF_SVG_NPALETTE];
		int pen = 0;
		wf_strbuf_printf(b, "<path class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
				    "stroke-dasharray=\"%s\" d=\"", col,
				 dashes[j % NDASHES]);
		for (i = 0; i < s->n; i++) {
			if (!isfinite(v[i])) {
				pen = 0;
				continue;
			}
			if (s->step && pen)
				wf_strbuf_printf(b, "V%.2fH%.2f", py(&p, v[i]), px(&p, s->x[i + 1]));
			else if (s->step)
				wf_strbuf_printf(b, "M%.2f %.2fH%.2f", px(&p, s->x[i]), py(&p, v[i]),
						 px(&p, s->x[i + 1]));
			else
				wf_strbuf_printf(b, "%c%.2f %.2f", pen ? 'L' : 'M', px(&p, s->x[i]),
						 py(&p, v[i]));
			pen = 1;
		}
		wf_strbuf_printf(b, "\"/>\n");
		if (!s->step && s->n <= 60)
			for (i = 0; i < s->n; i++)
				if (isfinite(v[i]))
					marker(b, (int)j, px(&p, s->x[i]), py(&p, v[i]), col);
	}
}

/* ----------------------------------------------------------- histogram */

void wf_svg_histogram(wf_strbuf *b, double x, double y, double w, double h,
		      const wf_svg_hist *s)
{
	static const char *const mark_dash[3] = {"6 3", "", "6 3"};
	key keys[2 + 8];
	size_t nk = 0, i;
	double cmax = 0;
	wf_svg_ticks tx, ty;
	plot p;

	for (i = 0; i < s->nbins; i++)
		cmax = fmax(cmax, s->counts[i]);
	keys[nk++] = (key){KEY_BOX, palette[4], NULL, "samples per bin", SHAPE_NONE};
	for (i = 0; i < s->nmarks && nk < 10; i++)
		keys[nk++] = (key){KEY_LINE, i % 2 ? INK : palette[3], mark_dash[i % 3],
				   s->mark_labels[i], SHAPE_NONE};
	wf_svg_nice_ticks(&ty, 0, cmax, (int)fmax(2, fmin(8, h / 45)));
	p.x = x + 24 + y_labels_width(&ty) + 10;
	p.w = x + w - 16 - p.x;
	p.y = y + legend(b, p.x, y, p.w, keys, nk) + 6;
	p.h = y + h - TICK_H - TITLE_H - 6 - p.y;
	wf_svg_nice_ticks(&tx, s->edges[0], s->edges[s->nbins], (int)fmax(2, fmin(12, p.w / 70)));
	p.x0 = tx.v[0];
	p.x1 = tx.v[tx.n - 1];
	p.y0 = ty.v[0];
	p.y1 = ty.v[ty.n - 1];
	x_axis(b, &p, &tx, 0, s->x_title);
	y_axis(b, &p, &ty, s->y_title, x + 14);
	wf_strbuf_printf(b, "<g class=\"bins\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n",
			 palette[4]);
	for (i = 0; i < s->nbins; i++) {
		double a = px(&p, s->edges[i]), c = px(&p, s->edges[i + 1]);
		double top = py(&p, s->counts[i]);
		if (s->counts[i] > 0)
			wf_strbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>\n",
					 a, top, c - a, p.y + p.h - top);
	}
	wf_strbuf_printf(b, "</g>\n");
	for (i = 0; i < s->nmarks; i++) {
		double mx = px(&p, s->marks[i]);
		if (!isfinite(mx))
			continue;
		wf_strbuf_printf(b, "<line class=\"marker\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
				    "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>\n",
				 mx, p.y, mx, p.y + p.h, i % 2 ? INK : palette[3], mark_dash[i % 3]);
		text(b, mx + 3, p.y + 12 + 13.0 * (double)(i % 3), "start", "font-size=\"11\"",
		     s->mark_labels[i]);
	}
}

/* ------------------------------------------------------------- heatmap */

typedef struct heat_geo {
	size_t cols, rows;
	double ylab_w;    /* y labels (and the y title) left of each row */
	double pw, ph;    /* one panel's cell area */
	double cw, ch;    /* one cell */
	double xlab_h;    /* x labels below each panel */
	int rotate;       /* x labels at -45 degrees */
	size_t label_every; /* label every n-th column (narrow cells) */
	double head_h;    /* panel label above each panel */
	double scale_w;   /* the colour legend at the right */
} heat_geo;

static void heat_layout(const wf_svg_heatmap *s, double w, heat_geo *g)
{
	double xmax = 0;
	size_t i;

	g->cols = s->columns && s->columns < s->npanels ? s->columns : (s->npanels ? s->npanels : 1);
	g->rows = (s->npanels + g->cols - 1) / g->cols;
	if (g->rows == 0)
		g->rows = 1;
	g->ylab_w = 0;
	for (i = 0; i < s->ny; i++)
		g->ylab_w = fmax(g->ylab_w, label_width(s->y_labels[i]));
	g->ylab_w = fmin(g->ylab_w, w * 0.25) + 10;
	for (i = 0; i < s->nx; i++)
		xmax = fmax(xmax, label_width(s->x_labels[i]));
	{ /* room for the scale's title, whose unit goes on a second line */
		const char *unit = strstr(s->value_title, " (");
		size_t head = unit ? (size_t)(unit - s->value_title) : strlen(s->value_title);
		g->scale_w = fmin(fmax(90, FONT_W * 0.95 * (double)head + 14), 190);
	}
	g->pw = (w - 22 - g->scale_w - (double)g->cols * (g->ylab_w + 12)) / (double)g->cols;
	if (g->pw < 40)
		g->pw = 40;
	g->cw = s->nx ? g->pw / (double)s->nx : g->pw;
	g->ch = fmin(fmax(g->cw * 0.6, 18), 34);
	g->ph = g->ch * (double)s->ny;
	g->rotate = xmax + 6 > g->cw;
	/* labels at 45 degrees 18 px apart along x are 12.7 px apart across
	 * their baselines: enough for 11 px text */
	g->label_every = g->rotate && g->cw < 18 ? (size_t)ceil(18 / g->cw) : 1;
	g->xlab_h = g->rotate ? fmin(xmax, 120) * 0.72 + 14 : 18;
	g->head_h = s->panel_labels ? 20 : 0;
}

double wf_svg_heatmap_height(const wf_svg_heatmap *s, double w)
{
	heat_geo g;

	heat_layout(s, w, &g);
	return (double)g.rows * (g.head_h + g.ph + g.xlab_h + 8) + TITLE_H + 8;
}

/* Significant digits enough for a cell ("1.23", "456", "12 300"). */
static char *cell_number(char *buf, size_t size, double v)
{
	double a = fabs(v);
	int d = a == 0 || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;

	return wf_svg_number(buf, size, v, d);
}

void wf_svg_heatmap_panel(wf_strbuf *b, double x, double y, double w,
			  const wf_svg_heatmap *s)
{
	double vmin = INFINITY, vmax = -INFINITY, v0, v1, sx, sy, sh;
	size_t n = s->npanels * s->nx * s->ny, i, k, pi;
	wf_svg_ticks t;
	heat_geo g;
	char col[8], num[64];

	heat_layout(s, w, &g);
	for (i = 0; i < n; i++)
		if (isfinite(s->values[i])) {
			vmin = fmin(vmin, s->values[i]);
			vmax = fmax(vmax, s->values[i]);
		}
	wf_svg_nice_ticks(&t, isfinite(vmin) ? vmin : 0, isfinite(vmax) ? vmax : 1, 6);
	v0 = t.v[0];
	v1 = t.v[t.n - 1];
	for (pi = 0; pi < s->npanels; pi++) {
		double ox = x + 18 + (double)(pi % g.cols) * (g.ylab_w + g.pw + 12) + g.ylab_w;
		double oy = y + (double)(pi / g.cols) * (g.head_h + g.ph + g.xlab_h + 8);
		const double *vals = s->values + pi * s->nx * s->ny;
		wf_strbuf_printf(b, "<g class=\"heatmap-panel\">\n");
		if (s->panel_labels)
			text(b, ox, oy + 14, "start", "font-weight=\"600\"", s->panel_labels[pi]);
		oy += g.head_h;
		for (k = 0; k < s->ny; k++) {
			double cy = oy + (double)k * g.ch;
			text(b, ox - 6, cy + g.ch / 2 + 4, "end", "font-size=\"11\"", s->y_labels[k]);
			for (i = 0; i < s->nx; i++) {
				double v = vals[k * s->nx + i], u = (v - v0) / (v1 - v0);
				double cx = ox + (double)i * g.cw;
				int has = isfinite(v);
				/* white gaps between cells only where cells are wide
				 * enough to keep their colour */
				wf_strbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
						    "fill=\"%s\"%s><title>",
						 cx, cy, g.cw, g.ch, has ? wf_svg_ramp(col, u) : "#e6e6e6",
						 g.cw >= 8 ? " stroke=\"#ffffff\"" : "");
				wf_svg_escape(b, s->x_labels[i]);
				wf_strbuf_printf(b, ", ");
				wf_svg_escape(b, s->y_labels[k]);
				wf_strbuf_printf(b, ": %s</title></rect>\n",
						 has ? cell_number(num, sizeof num, v) : "no value");
				if (g.cw >= 34 && g.ch >= 16)
					text(b, cx + g.cw / 2, cy + g.ch / 2 + 4, "middle",
					     has && u > 0.55 ? "font-size=\"10\" fill=\"#000000\""
							     : "font-size=\"10\" fill=\"#ffffff\"",
					     has ? cell_number(num, sizeof num, v) : "-");
			}
		}
		for (i = 0; i < s->nx; i++) {
			double cx = ox + ((double)i + 0.5) * g.cw, by = oy + g.ph;
			if (i % g.label_every)
				continue;
			if (g.rotate)
				wf_strbuf_printf(b, "<text transform=\"translate(%.1f %.1f) rotate(-45)\" "
						    "text-anchor=\"end\" font-size=\"11\">", cx + 3, by + 10);
			else
				wf_strbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
						    "font-size=\"11\">", cx, by + 14);
			wf_svg_escape(b, s->x_labels[i]);
			wf_strbuf_printf(b, "</text>\n");
		}
		wf_strbuf_printf(b, "</g>\n");
	}
	/* axis titles */
	sy = y + (double)g.rows * (g.head_h + g.ph + g.xlab_h + 8);
	text(b, x + 18 + g.ylab_w + ((double)g.cols * (g.ylab_w + g.pw + 12) - g.ylab_w) / 2, sy + 12,
	     "middle", "class=\"axis-title\"", s->x_title);
	wf_strbuf_printf(b, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" "
			    "text-anchor=\"middle\" class=\"axis-title\">", x + 10,
			 y + (sy - y) / 2);
	wf_svg_escape(b, s->y_title);
	wf_strbuf_printf(b, "</text>\n");
	/* the colour scale: 40 steps with ticks */
	sx = x + w - g.scale_w + 8;
	sh = fmax(g.ph + g.head_h, 120);
	wf_strbuf_printf(b, "<g class=\"colour-scale\">\n");
	{
		/* the title over the scale, broken before its unit */
		const char *unit = strstr(s->value_title, " (");
		char head[128];
		snprintf(head, sizeof head, "%.*s", unit ? (int)(unit - s->value_title) : 127,
			 s->value_title);
		text(b, sx, y + 10, "start", "font-size=\"11\"", head);
		text(b, sx, y + 23, "start", "font-size=\"11\"", unit ? unit + 1 : "");
	}
	for (i = 0; i < 40; i++) {
		double u = ((double)i + 0.5) / 40;
		wf_strbuf_printf(b, "<rect x=\"%.1f\" y=\"%.2f\" width=\"14\" height=\"%.2f\" fill=\"%s\"/>\n",
				 sx, y + 30 + sh * (1 - (double)(i + 1) / 40), sh / 40 + 0.3,
				 wf_svg_ramp(col, u));
	}
	for (i = 0; i < (size_t)t.n; i++) {
		double ty = y + 30 + sh * (1 - (t.v[i] - v0) / (v1 - v0));
		wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\"/>\n",
				 sx + 14, ty, sx + 18, ty);
		text(b, sx + 21, ty + 4, "start", "font-size=\"11\"",
		     wf_svg_number(num, sizeof num, t.v[i], t.decimals));
	}
	wf_strbuf_printf(b, "</g>\n");
}

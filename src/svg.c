/*
 * svg.c - chart primitives writing inline SVG (see svg.h for the choices
 * behind them).
 *
 * Geometry is in CSS pixels.  Text widths are estimated (FONT_W per
 * character at 12 px) because nothing here can measure glyphs; margins
 * are sized from the longest label so long names do not run into the plot.
 */
#include "svg_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Okabe & Ito (2008): blue, orange, bluish green, vermillion, sky blue,
 * reddish purple, yellow, black. */
const char *const wf_svg__palette[WF_SVG_NPALETTE] = {
	"#0072B2", "#E69F00", "#009E73", "#D55E00",
	"#56B4E9", "#CC79A7", "#F0E442", "#000000"};

/* Dash patterns and marker shapes that keep line series apart without
 * colour (in grey, or for readers who cannot tell the hues apart). */
const char *const wf_svg__dashes[WF_SVG_NDASHES] = {"", "7 4", "2 3", "9 3 2 3", "4 2", "1 5"};



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
void wf_svg__text(wf_strbuf *b, double x, double y, const char *anchor,
		 const char *attrs, const char *s)
{
	wf_strbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s>", x, y,
			 anchor, attrs ? " " : "", attrs ? attrs : "");
	wf_svg_escape(b, s);
	wf_strbuf_printf(b, "</text>\n");
}

void wf_svg_heading(wf_strbuf *b, double x, double y, const char *s)
{
	wf_svg__text(b, x, y + 14, "start", "font-size=\"14\" font-weight=\"600\"", s);
}

/* ------------------------------------------------------------- legends */


/* A point marker centred on (x, y): circle, square, triangle up, diamond,
 * triangle down, cross, by shape % NSHAPES; about 7 px across. */
void wf_svg__marker(wf_strbuf *b, int shape, double x, double y, const char *colour)
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
double wf_svg__legend(wf_strbuf *b, double x, double y, double w, const key *k, size_t n)
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
				wf_svg__marker(b, k[i].shape, cx + 9, cy + 7, k[i].colour);
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
		wf_svg__text(b, cx + 23, cy + 11, "start", NULL, k[i].label);
		cx += lw;
	}
	wf_strbuf_printf(b, "</g>\n");
	return cy - y + LEGEND_H;
}

/* ---------------------------------------------------------------- axes */


double wf_svg__px(const plot *p, double v)
{
	return p->x + (v - p->x0) / (p->x1 - p->x0) * p->w;
}

double wf_svg__py(const plot *p, double v)
{
	return p->y + p->h - (v - p->y0) / (p->y1 - p->y0) * p->h;
}

double wf_svg__label_width(const char *s)
{
	return FONT_W * (double)strlen(s ? s : "");
}

/* Value ticks along the bottom with vertical grid lines, and the title. */
void wf_svg__x_axis(wf_strbuf *b, const plot *p, const wf_svg_ticks *t, int time,
		   const char *title)
{
	char lab[64];
	double half;
	int i;

	wf_strbuf_printf(b, "<g class=\"x-axis\">\n");
	for (i = 0; i < t->n; i++) {
		double x = wf_svg__px(p, t->v[i]);
		if (x < p->x - 0.5 || x > p->x + p->w + 0.5)
			continue;
		wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				    "stroke=\"" GRID "\"/>\n", x, p->y, x, p->y + p->h + 4);
		if (time)
			wf_svg_time_label(lab, sizeof lab, t->v[i], t->step);
		else
			wf_svg_number(lab, sizeof lab, t->v[i], t->decimals);
		/* a label at either end stays inside the panel */
		half = wf_svg__label_width(lab) * 0.46;
		wf_svg__text(b, x, p->y + p->h + 15,
		     x + half > p->x + p->w + 14 ? "end" : x - half < p->x - 30 ? "start" : "middle",
		     "font-size=\"11\"", lab);
	}
	wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\"/>\n",
			 p->x, p->y + p->h, p->x + p->w, p->y + p->h);
	wf_svg__text(b, p->x + p->w / 2, p->y + p->h + TICK_H + 14, "middle", "class=\"axis-title\"", title);
	wf_strbuf_printf(b, "</g>\n");
}

/* Widest y tick label, px. */
double wf_svg__y_labels_width(const wf_svg_ticks *t)
{
	char lab[64];
	double w = 0;
	int i;

	for (i = 0; i < t->n; i++)
		w = fmax(w, wf_svg__label_width(wf_svg_number(lab, sizeof lab, t->v[i], t->decimals)));
	return w;
}

/* Value ticks up the left with horizontal grid lines, and the title
 * turned up the side. */
void wf_svg__y_axis(wf_strbuf *b, const plot *p, const wf_svg_ticks *t, const char *title,
		   double title_x)
{
	char lab[64];
	int i;

	wf_strbuf_printf(b, "<g class=\"y-axis\">\n");
	for (i = 0; i < t->n; i++) {
		double y = wf_svg__py(p, t->v[i]);
		wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				    "stroke=\"" GRID "\"/>\n", p->x - 4, y, p->x + p->w, y);
		wf_svg__text(b, p->x - 7, y + 4, "end", "font-size=\"11\"",
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
void wf_svg__whisker(wf_strbuf *b, double a, double c, double at, double q, int vertical,
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

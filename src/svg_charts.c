/*
 * svg_charts.c - the charts drawn from svg.c's primitives: horizontal bars
 * (stacked, by sign, with whiskers), line panels over time or years,
 * histograms and heatmap panels.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg_int.h"

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
		lab_w = fmax(lab_w, wf_svg__label_width(s->row_labels[r]));
	}
	if (s->by_sign) {
		keys[nk++] = (key){KEY_BOX, wf_svg__palette[3], NULL, s->pos_label ? s->pos_label : "positive", SHAPE_NONE};
		keys[nk++] = (key){KEY_BOX, wf_svg__palette[0], NULL, s->neg_label ? s->neg_label : "negative", SHAPE_NONE};
	} else if (s->seg_labels) {
		for (k = 0; k < segs && nk < WF_SVG_NPALETTE; k++)
			keys[nk++] = (key){KEY_BOX, wf_svg__palette[k % WF_SVG_NPALETTE], NULL, s->seg_labels[k],
					     SHAPE_NONE};
	}
	if (s->lo && s->hi && s->interval_label)
		keys[nk++] = (key){KEY_WHISKER, INK, NULL, s->interval_label, SHAPE_NONE};
	wf_svg_nice_ticks(&t, lo, hi, (int)fmax(2, fmin(10, w / 80)));
	lab_w = fmin(lab_w, w * 0.4);
	p.x = x + lab_w + 12;
	p.w = x + w - 16 - p.x;
	p.y = y + wf_svg__legend(b, x + lab_w + 12, y, p.w, keys, nk) + 4;
	p.h = y + h - TICK_H - TITLE_H - 6 - p.y;
	p.x0 = t.v[0];
	p.x1 = t.v[t.n - 1];
	p.y0 = 0;
	p.y1 = 1;
	wf_svg__x_axis(b, &p, &t, 0, s->axis_title);
	band = s->rows ? p.h / (double)s->rows : p.h;
	thick = fmin(band * 0.62, 30);
	wf_strbuf_printf(b, "<g class=\"bars\">\n");
	for (r = 0; r < s->rows; r++) {
		double cy = p.y + band * ((double)r + 0.5), at = 0;
		wf_svg__text(b, p.x - 8, cy + 4, "end", NULL, s->row_labels[r]);
		for (k = 0; k < segs; k++) {
			double v = s->values[r * segs + k], x0, x1;
			const char *col = s->by_sign ? wf_svg__palette[v < 0 ? 0 : 3] : wf_svg__palette[k % WF_SVG_NPALETTE];
			char num[64];
			if (!isfinite(v))
				continue;
			x0 = wf_svg__px(&p, v < 0 ? at + v : at);
			x1 = wf_svg__px(&p, v < 0 ? at : at + v);
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
			wf_svg__whisker(b, wf_svg__px(&p, s->lo[r]), wf_svg__px(&p, s->hi[r]), cy, thick * 0.3, 0, INK);
		}
	}
	if (s->by_sign && lo < 0)
		wf_strbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\"/>\n",
				 wf_svg__px(&p, 0), p.y, wf_svg__px(&p, 0), p.y + p.h);
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
		keys[nk++] = (key){KEY_BAND, wf_svg__palette[6], NULL, s->band_label, SHAPE_NONE};
	for (j = 0; j < s->nser && nk < WF_SVG_NPALETTE; j++)
		keys[nk++] = (key){KEY_LINE, wf_svg__palette[j % WF_SVG_NPALETTE], wf_svg__dashes[j % WF_SVG_NDASHES],
				   s->names[j], s->step || s->n > 60 ? SHAPE_NONE : (int)j};
	if (s->lo && s->hi && s->interval_label)
		keys[nk++] = (key){KEY_WHISKER, INK, NULL, s->interval_label, SHAPE_NONE};
	wf_svg_nice_ticks(&ty, ylo, yhi, (int)fmax(2, fmin(8, h / 45)));
	p.x = x + 24 + fmax(wf_svg__y_labels_width(&ty), s->y_labels_w) + 10;
	p.w = x + w - 16 - p.x;
	p.y = y + wf_svg__legend(b, p.x, y, p.w, keys, nk) + 6;
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
		double a = wf_svg__px(&p, fmax(s->band_lo, p.x0)), c = wf_svg__px(&p, fmin(s->band_hi, p.x1));
		if (c > a)
			wf_strbuf_printf(b, "<rect class=\"band\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
					    "height=\"%.2f\" fill=\"%s\" fill-opacity=\"0.45\"/>\n",
					 a, p.y, c - a, p.h, wf_svg__palette[6]);
	}
	wf_svg__x_axis(b, &p, &tx, s->x_time, s->x_title);
	wf_svg__y_axis(b, &p, &ty, s->y_title, x + 14);
	/* whiskers under the lines and markers, each series 5 px from the
	 * next, centred on the points */
	for (j = 0; s->lo && s->hi && j < s->nser; j++)
		for (i = 0; i < s->n; i++) {
			double a = s->lo[j * s->n + i], c = s->hi[j * s->n + i];
			double at = s->step ? (s->x[i] + s->x[i + 1]) / 2 : s->x[i];
			if (isfinite(a) && isfinite(c) && c > a)
				wf_svg__whisker(b, wf_svg__py(&p, a), wf_svg__py(&p, c),
					wf_svg__px(&p, at) + 5 * ((double)j - (double)(s->nser - 1) / 2), 3.5,
					1, wf_svg__palette[j % WF_SVG_NPALETTE]);
		}
	for (j = 0; j < s->nser; j++) {
		const double *v = s->y + j * s->n;
		const char *col = wf_svg__palette[j % WF_SVG_NPALETTE];
		int pen = 0;
		wf_strbuf_printf(b, "<path class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
				    "stroke-dasharray=\"%s\" d=\"", col,
				 wf_svg__dashes[j % WF_SVG_NDASHES]);
		for (i = 0; i < s->n; i++) {
			if (!isfinite(v[i])) {
				pen = 0;
				continue;
			}
			if (s->step && pen)
				wf_strbuf_printf(b, "V%.2fH%.2f", wf_svg__py(&p, v[i]), wf_svg__px(&p, s->x[i + 1]));
			else if (s->step)
				wf_strbuf_printf(b, "M%.2f %.2fH%.2f", wf_svg__px(&p, s->x[i]), wf_svg__py(&p, v[i]),
						 wf_svg__px(&p, s->x[i + 1]));
			else
				wf_strbuf_printf(b, "%c%.2f %.2f", pen ? 'L' : 'M', wf_svg__px(&p, s->x[i]),
						 wf_svg__py(&p, v[i]));
			pen = 1;
		}
		wf_strbuf_printf(b, "\"/>\n");
		if (!s->step && s->n <= 60)
			for (i = 0; i < s->n; i++)
				if (isfinite(v[i]))
					wf_svg__marker(b, (int)j, wf_svg__px(&p, s->x[i]), wf_svg__py(&p, v[i]), col);
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
	keys[nk++] = (key){KEY_BOX, wf_svg__palette[4], NULL, "samples per bin", SHAPE_NONE};
	for (i = 0; i < s->nmarks && nk < 10; i++)
		keys[nk++] = (key){KEY_LINE, i % 2 ? INK : wf_svg__palette[3], mark_dash[i % 3],
				   s->mark_labels[i], SHAPE_NONE};
	wf_svg_nice_ticks(&ty, 0, cmax, (int)fmax(2, fmin(8, h / 45)));
	p.x = x + 24 + wf_svg__y_labels_width(&ty) + 10;
	p.w = x + w - 16 - p.x;
	p.y = y + wf_svg__legend(b, p.x, y, p.w, keys, nk) + 6;
	p.h = y + h - TICK_H - TITLE_H - 6 - p.y;
	wf_svg_nice_ticks(&tx, s->edges[0], s->edges[s->nbins], (int)fmax(2, fmin(12, p.w / 70)));
	p.x0 = tx.v[0];
	p.x1 = tx.v[tx.n - 1];
	p.y0 = ty.v[0];
	p.y1 = ty.v[ty.n - 1];
	wf_svg__x_axis(b, &p, &tx, 0, s->x_title);
	wf_svg__y_axis(b, &p, &ty, s->y_title, x + 14);
	wf_strbuf_printf(b, "<g class=\"bins\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n",
			 wf_svg__palette[4]);
	for (i = 0; i < s->nbins; i++) {
		double a = wf_svg__px(&p, s->edges[i]), c = wf_svg__px(&p, s->edges[i + 1]);
		double top = wf_svg__py(&p, s->counts[i]);
		if (s->counts[i] > 0)
			wf_strbuf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>\n",
					 a, top, c - a, p.y + p.h - top);
	}
	wf_strbuf_printf(b, "</g>\n");
	for (i = 0; i < s->nmarks; i++) {
		double mx = wf_svg__px(&p, s->marks[i]);
		if (!isfinite(mx))
			continue;
		wf_strbuf_printf(b, "<line class=\"marker\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
				    "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>\n",
				 mx, p.y, mx, p.y + p.h, i % 2 ? INK : wf_svg__palette[3], mark_dash[i % 3]);
		wf_svg__text(b, mx + 3, p.y + 12 + 13.0 * (double)(i % 3), "start", "font-size=\"11\"",
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
		g->ylab_w = fmax(g->ylab_w, wf_svg__label_width(s->y_labels[i]));
	g->ylab_w = fmin(g->ylab_w, w * 0.25) + 10;
	for (i = 0; i < s->nx; i++)
		xmax = fmax(xmax, wf_svg__label_width(s->x_labels[i]));
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
			wf_svg__text(b, ox, oy + 14, "start", "font-weight=\"600\"", s->panel_labels[pi]);
		oy += g.head_h;
		for (k = 0; k < s->ny; k++) {
			double cy = oy + (double)k * g.ch;
			wf_svg__text(b, ox - 6, cy + g.ch / 2 + 4, "end", "font-size=\"11\"", s->y_labels[k]);
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
					wf_svg__text(b, cx + g.cw / 2, cy + g.ch / 2 + 4, "middle",
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
	wf_svg__text(b, x + 18 + g.ylab_w + ((double)g.cols * (g.ylab_w + g.pw + 12) - g.ylab_w) / 2, sy + 12,
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
		wf_svg__text(b, sx, y + 10, "start", "font-size=\"11\"", head);
		wf_svg__text(b, sx, y + 23, "start", "font-size=\"11\"", unit ? unit + 1 : "");
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
		wf_svg__text(b, sx + 21, ty + 4, "start", "font-size=\"11\"",
		     wf_svg_number(num, sizeof num, t.v[i], t.decimals));
	}
	wf_strbuf_printf(b, "</g>\n");
}

/*
 * svg_int.h - what svg.c's primitives (text, legends, axes) share with
 * svg_charts.c's charts (bars, lines, histogram, heatmap); not installed.
 */
#ifndef WF_SVG_INT_H
#define WF_SVG_INT_H

#include "svg.h"

#define FONT_W 6.6   /* mean advance of a 12 px sans-serif character, px */
#define LEGEND_H 20.0
#define TICK_H 18.0  /* x tick labels */
#define TITLE_H 18.0 /* x axis title */
#define GRID "#d9d9d9"
#define INK "#222222"

#define WF_SVG_NDASHES 6
enum { SHAPE_NONE = -1, NSHAPES = 6 };

/* Okabe & Ito's palette and the dash patterns of line series. */
extern const char *const wf_svg__palette[WF_SVG_NPALETTE];
extern const char *const wf_svg__dashes[WF_SVG_NDASHES];

enum { KEY_BOX, KEY_LINE, KEY_BAND, KEY_WHISKER };

typedef struct key {
	int kind;
	const char *colour;
	const char *dash;
	const char *label;
	int shape;           /* KEY_LINE: the series' marker, or SHAPE_NONE */
} key;

typedef struct plot {
	double x, y, w, h;      /* plot area */
	double x0, x1, y0, y1;  /* data range shown */
} plot;

void wf_svg__text(wf_strbuf *b, double x, double y, const char *anchor,
		 const char *attrs, const char *s);
void wf_svg__marker(wf_strbuf *b, int shape, double x, double y, const char *colour);
double wf_svg__legend(wf_strbuf *b, double x, double y, double w, const key *k, size_t n);
double wf_svg__px(const plot *p, double v);
double wf_svg__py(const plot *p, double v);
double wf_svg__label_width(const char *s);
void wf_svg__x_axis(wf_strbuf *b, const plot *p, const wf_svg_ticks *t, int time,
		   const char *title);
double wf_svg__y_labels_width(const wf_svg_ticks *t);
void wf_svg__y_axis(wf_strbuf *b, const plot *p, const wf_svg_ticks *t, const char *title,
		   double title_x);
void wf_svg__whisker(wf_strbuf *b, double a, double c, double at, double q, int vertical,
		    const char *colour);

#endif

/*
 * svg.h - chart primitives that write inline SVG into a wf_strbuf.
 *
 * Hand-written SVG rather than a plotting library: the text stays text
 * (selectable, searchable, read by screen readers), a chart is a few
 * kilobytes, it needs no fonts or rasteriser, and the library gains no
 * dependency.  Every chart carries <title> and <desc>, axis titles with
 * units, ticks at "nice" steps (1, 2 or 5 x 10^k), a legend, and colours
 * from the Okabe-Ito palette (distinguishable with the common forms of
 * colour-blindness; Okabe & Ito 2008, "Color Universal Design") or, for
 * sequential scales, a viridis-like ramp (perceptually uniform, readable
 * in grey; van der Walt & Smith 2015).
 *
 * A chart is a panel drawn at (x, y) with size (w, h) inside an <svg>
 * opened by wf_svg_open(); several panels in one <svg> make small
 * multiples.  Every string that reaches the output goes through
 * wf_svg_escape().  Functions here only append to the buffer they are
 * given: no global state, reentrant.  Failure to allocate is sticky in the
 * buffer (strbuf.h).
 */
#ifndef WF_SVG_H
#define WF_SVG_H

#include <stddef.h>

#include "strbuf.h"

/* Okabe-Ito colours, in the order charts use them. */
#define WF_SVG_NPALETTE 8

/* The sequential ramp at t in [0, 1] (clamped) as "#rrggbb" into buf[8]. */
char *wf_svg_ramp(char buf[8], double t);

/* Append s escaped for HTML and XML text or attribute values (& < > " '),
 * with control characters other than tab and newline dropped and bytes
 * that are not UTF-8 replaced by U+FFFD, so the result is well-formed XML
 * whatever a model file held. */
void wf_svg_escape(wf_strbuf *b, const char *s);

/* Ticks covering [lo, hi]: v[0] <= lo, v[n-1] >= hi, step = 1, 2 or 5 x
 * 10^k, n at most max_ticks + 1 (max_ticks 2 to 20).  lo == hi gets a
 * range around it; non-finite bounds give the range [0, 1].  `decimals`
 * is the number of decimals that labels need to tell ticks apart. */
typedef struct wf_svg_ticks {
	double v[24];
	int n;
	double step;
	int decimals;
} wf_svg_ticks;

void wf_svg_nice_ticks(wf_svg_ticks *t, double lo, double hi, int max_ticks);

/* The smallest 1, 2 or 5 x 10^k at least x (x > 0). */
double wf_svg_nice_step(double x);

/* Format v with `decimals` decimals and thin grouping of thousands
 * ("12 500", "0.25", "-3"); "-0" prints as "0".  Returns buf. */
char *wf_svg_number(char *buf, size_t size, double v, int decimals);

/* Time ticks over [t0, t1] (s since 1970-01-01T00:00Z) at a calendar-
 * friendly step (1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; 1, 2, 7 days;
 * then nice multiples of days), at most max_ticks; labels in UTC. */
void wf_svg_time_ticks(wf_svg_ticks *t, double t0, double t1, int max_ticks);

/* Label a time tick: "2024-03-01" when step is whole days, else
 * "03-01 12:00" (UTC).  Returns buf. */
char *wf_svg_time_label(char *buf, size_t size, double t, double step);

/* Open an <svg> of w x h px with a role, an id (letters, digits, '-'),
 * <title> and <desc>; standalone adds the XML namespace declaration (for
 * a .svg file; inline SVG in HTML does not need it). */
void wf_svg_open(wf_strbuf *b, const char *id, double w, double h,
		 const char *title, const char *desc, int standalone);
void wf_svg_close(wf_strbuf *b);

/* A panel heading, at the top left of a panel. */
void wf_svg_heading(wf_strbuf *b, double x, double y, const char *text);

/* Horizontal bars: rows of stacked segments, optionally with an interval
 * whisker per row (the 90% interval of the row's total), or one signed
 * segment per row coloured by its sign (a tornado chart). */
typedef struct wf_svg_bars {
	const char *axis_title;          /* value axis, with its unit */
	size_t rows, segs;               /* segs >= 1 */
	const char *const *row_labels;   /* rows */
	const char *const *seg_labels;   /* segs legend entries, or NULL */
	const double *values;            /* rows x segs, row-major; NaN = none */
	const double *lo, *hi;           /* rows, or NULL; NaN = no whisker */
	const char *interval_label;      /* legend entry of the whiskers */
	int by_sign;                     /* segs == 1: colour by sign */
	const char *neg_label, *pos_label; /* legend entries when by_sign */
} wf_svg_bars;

void wf_svg_hbars(wf_strbuf *b, double x, double y, double w, double h,
		  const wf_svg_bars *spec);

/* Lines over x, or step functions (value i holds over [x[i], x[i+1]), so
 * x has n + 1 entries), with a marker shape (circle, square, triangle,
 * diamond, ...) at the points of lines of up to 60 points and a dash
 * pattern per series, shown in the legend too, so that series stay apart
 * in grey and without telling hues apart; an optional highlighted band
 * over [band_lo, band_hi] (when band_hi > band_lo); optional interval
 * whiskers (e.g. p05 to p95) in each series' colour at each point (the
 * middle of a step), set a little apart per series so they do not hide
 * each other, with one legend entry. */
typedef struct wf_svg_lines {
	const char *x_title, *y_title;   /* with units */
	int x_time;                      /* x is s since the epoch: UTC ticks */
	int step;                        /* step functions, x has n + 1 entries */
	int y_from_zero;                 /* the y axis starts at 0 */
	double y_labels_w;               /* room kept for y tick labels, px
					  * (panels stacked over one x axis
					  * line up); 0 = as they need */
	size_t n, nser;
	const double *x;                 /* n (n + 1 with step) */
	const double *y;                 /* nser x n, row-major; NaN = gap */
	const char *const *names;        /* nser legend entries */
	double band_lo, band_hi;
	const char *band_label;
	const double *lo, *hi;           /* nser x n like y, or NULL: whisker
					  * from lo to hi; NaN = none */
	const char *interval_label;      /* legend entry of the whiskers */
} wf_svg_lines;

void wf_svg_lines_panel(wf_strbuf *b, double x, double y, double w, double h,
			const wf_svg_lines *spec);

/* A histogram with vertical markers (e.g. p05, p50, p95). */
typedef struct wf_svg_hist {
	const char *x_title, *y_title;
	size_t nbins;
	const double *edges;             /* nbins + 1, increasing */
	const double *counts;            /* nbins */
	size_t nmarks;
	const double *marks;             /* nmarks x positions */
	const char *const *mark_labels;  /* nmarks */
} wf_svg_hist;

void wf_svg_histogram(wf_strbuf *b, double x, double y, double w, double h,
		      const wf_svg_hist *spec);

/* A heatmap of values over two categorical axes, with small multiples
 * over a third (npanels >= 1 panels side by side, wrapped into rows of
 * `columns`), sharing one colour scale shown as a legend bar.  values are
 * npanels x ny x nx (row-major; y index 0 at the top); NaN = no value. */
typedef struct wf_svg_heatmap {
	const char *x_title, *y_title, *value_title; /* value_title has the unit */
	size_t nx, ny, npanels;
	const char *const *x_labels;     /* nx */
	const char *const *y_labels;     /* ny */
	const char *const *panel_labels; /* npanels, or NULL when npanels == 1 */
	const double *values;
	size_t columns;                  /* panels per row; 0 = all in one row */
} wf_svg_heatmap;

/* Height the heatmap needs for a given width. */
double wf_svg_heatmap_height(const wf_svg_heatmap *spec, double w);

void wf_svg_heatmap_panel(wf_strbuf *b, double x, double y, double w,
			  const wf_svg_heatmap *spec);

#endif

/*
 * report_int.h - what the report files share, private to them: the data
 * every chart reads (ctx), a page kind's chart table (chart), the HTML
 * table cells, and the page frame in report.c that every page kind is
 * built on.
 *
 *   report.c             the frame: page head and foot, sections and
 *                        figures from a chart table, a chart alone as
 *                        SVG, notes, call checks, scales and bins
 *   report_scenario.c    one run's page: breakdown, window, histogram,
 *                        sensitivity and shift charts, headline figures
 *   report_projection.c  a projection's page: the years chart, and the
 *                        siting charts when the scenario is sited
 *   report_sweep.c       a sweep's page: the heatmap and its tables
 *
 * A page kind fills a ctx, lists its charts in a chart table and lets the
 * frame lay them out (wf_report__section, wf_report__chart_svg).  The
 * frame's functions are wf_report__*: hidden like every symbol the
 * library does not mark WF_API.
 */
#ifndef WF_REPORT_INT_H
#define WF_REPORT_INT_H

#include <math.h>

#include "report.h"
#include "svg.h"

/* The width of every chart, in SVG user units. */
#define WF_REPORT_WIDTH 760.0

/* ----------------------------------------------------------- the data */

struct proj;

/* What every section reads, gathered once. */
typedef struct ctx {
	const wf_result *r;          /* a single run's result, or NULL */
	const struct proj *pj;       /* a projection page's data, or NULL */
	const char *id;
	const wf_report_options *o;
	double v[WF_OUT_COUNT_];
	int has[WF_OUT_COUNT_];
	wf_quantiles q[WF_OUT_COUNT_];
	int hasq[WF_OUT_COUNT_];     /* sampled and spread (p95 > p05) */
	long samples;
	int hist_out;                /* output the histogram shows */
	double band_lo, band_hi;     /* the window highlighted over time */
	const char *band_label;
	char band_text[160];
	const wf_result *m;          /* the measured run beside it, or NULL */
	double mv[WF_OUT_COUNT_];
	int mhas[WF_OUT_COUNT_];
} ctx;

/* A chart of a page kind: whether c has the data for it (else *why says
 * why not), the chart as SVG, and the table of the numbers behind it. */
typedef struct chart {
	const char *name;
	const char *section;   /* the section id it belongs to */
	const char *caption;
	int (*ok)(const ctx *c, const char **why);
	void (*svg)(wf_strbuf *b, const ctx *c, int standalone);
	void (*table)(wf_strbuf *b, const ctx *c);
	void (*caption_of)(wf_strbuf *b, const ctx *c); /* when it depends on the data */
} chart;

/* The legend of an emissions bar split into operational and embodied
 * (the breakdown and the siting ranking). */
extern const char *const wf_report__mass_segs[2];

/* -------------------------------------------------------- HTML pieces */

static inline void esc(wf_strbuf *b, const char *s)
{
	wf_svg_escape(b, s);
}

static inline char *fmt(char buf[64], int out, double v)
{
	return wf_output_format(buf, 64, out, v);
}

/* A table cell with a number: the exact value in data-value, `text` (the
 * figure as people read it) as its content; "n/a" when v is not finite. */
static inline void td_value(wf_strbuf *b, double v, const char *text)
{
	if (!isfinite(v))
		wf_strbuf_printf(b, "<td class=\"na\">n/a</td>");
	else
		wf_strbuf_printf(b, "<td class=\"num\" data-value=\"%.17g\">%s</td>", v, text);
}

/* A cell with output i's value, formatted as wattif run prints it. */
static inline void td_out(wf_strbuf *b, int out, double v)
{
	char buf[64];

	td_value(b, v, fmt(buf, out, v));
}

/* A cell with a plain number shown with `decimals`. */
static inline void td_num(wf_strbuf *b, double v, int decimals)
{
	char buf[64];

	td_value(b, v, wf_svg_number(buf, sizeof buf, v, decimals));
}

static inline void td_text(wf_strbuf *b, const char *s)
{
	wf_strbuf_printf(b, "<td>");
	esc(b, s);
	wf_strbuf_printf(b, "</td>");
}

/* <thead> from a NULL-ended list of headings. */
static inline void thead(wf_strbuf *b, const char *const *h)
{
	wf_strbuf_printf(b, "<thead><tr>");
	for (; *h; h++) {
		wf_strbuf_printf(b, "<th scope=\"col\">");
		esc(b, *h);
		wf_strbuf_printf(b, "</th>");
	}
	wf_strbuf_printf(b, "</tr></thead>\n<tbody>\n");
}

static inline void table_open(wf_strbuf *b, const char *cls, const char *caption)
{
	wf_strbuf_printf(b, "<table class=\"%s\"><caption>", cls);
	esc(b, caption);
	wf_strbuf_printf(b, "</caption>\n");
}

static inline void table_close(wf_strbuf *b)
{
	wf_strbuf_printf(b, "</tbody></table>\n");
}

/* -------------------------------- estimate beside measurement (report_compare.c) */

/* The compare chart: energy and emissions estimated beside measured. */
int wf_report__compare_ok(const ctx *c, const char **why);
void wf_report__compare_svg(wf_strbuf *b, const ctx *c, int standalone);
void wf_report__compare_table(wf_strbuf *b, const ctx *c);

/* The measured run's notes and derivation, after the compare figure. */
void wf_report__compare_extra(wf_strbuf *b, const ctx *c);

/* ---------------------------------------------------- the frame (report.c) */

/* The page up to the end of its <h1>, and from the footer to the end. */
void wf_report__page_open(wf_strbuf *b, const char *title);
void wf_report__page_close(wf_strbuf *b);

/* A scenario's page up to its meta line naming the scenario and its file;
 * the caller adds to that line and closes it. */
void wf_report__scenario_page_open(wf_strbuf *b, const ctx *c);

/* Section `id` with its heading: every chart of list[0..n) in that
 * section, each a figure with its caption and table, or a sentence saying
 * why it is absent. */
void wf_report__section(wf_strbuf *b, const ctx *c, const chart *list, size_t n,
			const char *id, const char *heading);

/* The notes section, one item per non-empty line of s; nothing when s is
 * empty. */
void wf_report__notes(wf_strbuf *b, const char *s);

/* A card's 90% interval, each end's exact value in data-value. */
void wf_report__card_interval(wf_strbuf *b, int out, const wf_quantiles *q);

/* Common checks of a report call: the output pointer and the inputs
 * (have), and the options' version against the one this library knows. */
int wf_report__check_call(char **out, int have, const char *what, unsigned version,
			  unsigned want, wf_error *err);

/* Hand the buffer to the caller, or report that it could not be built. */
int wf_report__finish(wf_strbuf *b, char **out, size_t *len, wf_error *err);

/* ------------------------------------ a projection's planner pieces
 * (report_planning.c) */

/* "Region R, calendar years A to B" under the headline heading. */
void wf_report__where_line(wf_strbuf *b, const wf_projection *p, int y0, int y1,
			   const wf_siting *st);
/* A card's region and years line, closing the card. */
void wf_report__card_where(wf_strbuf *b, const wf_projection *p, int y0, int y1);
/* The marginal and grid-connection cards. */
void wf_report__extra_cards(wf_strbuf *b, const wf_projection *p, int y0, int y1);
/* The notes of every year, each distinct line once; a line naming only
 * its own year folded into one over the span. */
void wf_report__proj_notes(wf_strbuf *b, const wf_projection *p);
/* The "Assumptions and sources" section. */
void wf_report__assumptions(wf_strbuf *b, const wf_projection *p, int y0, int y1,
			    int embodied);

/* One chart of list by name (NULL = the first) as a standalone SVG
 * document: WF_EINPUT naming the charts when there is none of that name,
 * WF_ENOTFOUND saying why when c has no data for it. */
int wf_report__chart_svg(char **out, size_t *len, const ctx *c, const chart *list, size_t n,
			 const char *(*names)(int), const char *name, wf_error *err);

#endif

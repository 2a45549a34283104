/*
 * report.c - a result as a page people can open, print and forward: one
 * self-contained HTML file (inline SVG charts and CSS, no scripts, no
 * network requests), or one chart as a standalone SVG.
 *
 * The page leads with the headline figures, then one section per chart
 * with the numbers behind it in a table beneath (planners read pictures
 * first, auditors the tables), then the notes and the derivation in a
 * <details> element so the page can be checked on its own.  Table cells
 * carry the exact value in data-value (%.17g) beside the figure as people
 * read it (wf_output_format), so a test or a script can check one against
 * the other.  No timestamps: the same result gives the same bytes.
 *
 * This file holds the frame every page kind is built on: the output
 * labels, the scales and histogram bins of the charts, the style sheet,
 * the page's head and foot, sections and figures laid out from a page
 * kind's chart table, one chart alone as SVG, the notes, and the checks
 * every entry point starts with.  The page kinds are in their own files
 * (report_int.h lists them): report_scenario.c (one run, wf_report_html
 * and wf_report_svg), report_projection.c (year by year and siting) and
 * report_sweep.c (the heatmap of a sweep).
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>

#include "error.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const labels[WF_OUT_COUNT_] = {
	"duration", "device-hours", "mean IT power", "peak power (facility)",
	"IT energy", "facility energy", "grid intensity",
	"emissions, location-based", "emissions, market-based",
	"embodied emissions", "total emissions", "water", "SCI",
	"embodied: accelerator boards", "embodied: hosts", "embodied: network",
	"embodied: building"};

WF_API const char *wf_output_label(int i)
{
	return i >= 0 && i < WF_OUT_COUNT_ ? labels[i] : NULL;
}

const char *const wf_report__mass_segs[2] = {"operational (location-based)",
					      "embodied (hardware, amortised)"};

/* ------------------------------------------------------------ scales */

/* Units of the scales: the output's own unit times 1000^k. */
typedef struct ladder {
	double div;
	const char *unit;
} ladder;

double wf_report_scale(int out, double maxabs, const char **unit)
{
	static const ladder energy[] = {{1e-3, "Wh"}, {1, "kWh"}, {1e3, "MWh"},
					{1e6, "GWh"}, {1e9, "TWh"}};
	static const ladder mass[] = {{1e-3, "g CO2e"}, {1, "kg CO2e"}, {1e3, "t CO2e"},
				      {1e6, "kt CO2e"}, {1e9, "Mt CO2e"}};
	static const ladder water[] = {{1, "L"}, {1e3, "m3"}, {1e6, "thousand m3"}};
	static const ladder power[] = {{1, "kW"}, {1e3, "MW"}, {1e6, "GW"}};
	static const char *const fixed[WF_OUT_COUNT_] = {
		[WF_OUT_DURATION_H] = "h", [WF_OUT_DEVICE_HOURS] = "device-hours",
		[WF_OUT_INTENSITY_G_PER_KWH] = "g CO2e/kWh",
		[WF_OUT_SCI_G_PER_UNIT] = "g CO2e per unit"};
	const ladder *l = NULL;
	size_t n = 0, k;

	switch (out) {
	case WF_OUT_ENERGY_IT_KWH: case WF_OUT_ENERGY_FACILITY_KWH:
		l = energy, n = N(energy); break;
	case WF_OUT_EMISSIONS_OPERATIONAL_KG: case WF_OUT_EMISSIONS_MARKET_KG:
	case WF_OUT_EMISSIONS_EMBODIED_KG: case WF_OUT_EMISSIONS_TOTAL_KG:
	case WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG: case WF_OUT_EMISSIONS_EMBODIED_HOSTS_KG:
	case WF_OUT_EMISSIONS_EMBODIED_NETWORK_KG: case WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG:
		l = mass, n = N(mass); break;
	case WF_OUT_WATER_L:
		l = water, n = N(water); break;
	case WF_OUT_IT_POWER_KW: case WF_OUT_PEAK_POWER_KW:
		l = power, n = N(power); break;
	default:
		*unit = out >= 0 && out < WF_OUT_COUNT_ && fixed[out] ? fixed[out] : "";
		return 1;
	}
	/* the largest unit that keeps the biggest number at 1 or more; kg,
	 * kWh and L stay for values below 1 thousand of them */
	for (k = n; k-- > 1;)
		if (isfinite(maxabs) && maxabs >= l[k].div && l[k].div >= 1)
			break;
	if (k == 0 && l[0].div < 1 && !(maxabs < 1))
		k = 1;
	*unit = l[k].unit;
	return l[k].div;
}

int wf_report_bins(double **edges, double **counts, size_t *nbins,
		   const double *values, size_t n)
{
	double lo = INFINITY, hi = -INFINITY, w, a;
	gsl_histogram *h = NULL;
	size_t i, nb, m = 0;

	*edges = *counts = NULL;
	*nbins = 0;
	for (i = 0; i < n; i++)
		if (isfinite(values[i])) {
			lo = fmin(lo, values[i]);
			hi = fmax(hi, values[i]);
			m++;
		}
	if (m < 2 || !(hi > lo))
		return WF_EINPUT;
	w = wf_svg_nice_step((hi - lo) / 40);
	a = floor(lo / w) * w;
	if (a > lo)
		a -= w;
	nb = (size_t)floor((hi - a) / w) + 1;
	if (a + (double)nb * w <= hi) /* rounding: the last value must fall inside */
		nb++;
	if (!(h = gsl_histogram_alloc(nb)))
		return WF_ENOMEM;
	*edges = malloc((nb + 1) * sizeof(double));
	*counts = malloc(nb * sizeof(double));
	if (!*edges || !*counts)
		goto fail;
	/* edges a + i w, not gsl_histogram_set_ranges_uniform's a + (i / n)(z - a),
	 * whose rounding puts a value that sits on an edge (15 as
	 * 15.000000000000002) into the bin below */
	for (i = 0; i <= nb; i++)
		(*edges)[i] = a + (double)i * w;
	if (gsl_histogram_set_ranges(h, *edges, nb + 1) != GSL_SUCCESS)
		goto fail;
	for (i = 0; i < n; i++)
		if (isfinite(values[i]) && gsl_histogram_increment(h, values[i]) != GSL_SUCCESS)
			goto fail;
	for (i = 0; i < nb; i++)
		(*counts)[i] = gsl_histogram_get(h, i);
	*nbins = nb;
	gsl_histogram_free(h);
	return 0;
fail:
	gsl_histogram_free(h);
	free(*edges);
	free(*counts);
	*edges = *counts = NULL;
	return WF_ENOMEM;
}

/* ------------------------------------------------------------ the page */

static const char css[] =
	":root{color-scheme:light;--ink:#222;--muted:#5b5b5b;--rule:#d0d0d0;--accent:#0072B2}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
	"sans-serif;color:var(--ink);background:#fff}\n"
	"main{max-width:820px;margin:0 auto;padding:24px 20px 48px}\n"
	"h1{font-size:1.7em;margin:0 0 4px}h2{font-size:1.25em;margin:36px 0 8px;"
	"border-bottom:2px solid var(--accent);padding-bottom:2px}\n"
	".meta{color:var(--muted);margin:0}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;"
	"margin:16px 0}\n"
	".card{border:1px solid var(--rule);border-left:4px solid var(--accent);padding:8px 10px}\n"
	".card .label{color:var(--muted);font-size:.85em}\n"
	".card .value{font-size:1.35em;font-weight:600}\n"
	".card .interval{font-size:.8em;color:var(--muted)}\n"
	".card .where{font-size:.75em;color:var(--muted)}p.where{margin:4px 0 0}\n"
	"dl.assumptions{display:grid;grid-template-columns:minmax(9em,13em) 1fr;gap:4px 14px;"
	"margin:8px 0;font-size:.92em}dl.assumptions dt{font-weight:600}"
	"dl.assumptions dd{margin:0}\n"
	"figure{margin:12px 0}figure svg{max-width:100%;height:auto}\n"
	"figcaption{color:var(--muted);font-size:.9em}\n"
	"table{border-collapse:collapse;margin:10px 0;font-size:.92em;width:100%}\n"
	"caption{text-align:left;font-weight:600;padding:4px 0}\n"
	"th,td{border-bottom:1px solid var(--rule);padding:3px 8px;text-align:left;"
	"vertical-align:top}\n"
	"td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"td.na{color:var(--muted);text-align:right}\n"
	"tr.total td{font-weight:600}\n"
	".wide{overflow-x:auto}table.years{font-size:.82em}th{vertical-align:bottom}\n"
	"div.wide.bleed{width:min(1240px,calc(100vw - 40px));position:relative;"
	"left:50%;transform:translateX(-50%)}\n"
	"table.years td,table.years th{padding:3px 5px}\n"
	"table.siting td:nth-child(2){white-space:nowrap}ul.failed{font-size:.92em}\n"
	"code{font-size:.92em}\n"
	"details{margin:10px 0}summary{cursor:pointer;color:var(--accent)}\n"
	"pre{white-space:pre-wrap;font-size:12px;background:#f6f6f6;padding:10px;"
	"overflow-x:auto}\n"
	".absent{color:var(--muted);font-style:italic}\n"
	"footer{margin-top:40px;color:var(--muted);font-size:.85em}\n"
	"@media print{main{max-width:none;padding:0}h2{break-after:avoid}"
	"figure,table,.card{break-inside:avoid}summary{color:var(--ink)}"
	"details::details-content{content-visibility:visible;display:block}}\n";

/* A card's 90% interval, each end's exact value in data-value. */
void wf_report__card_interval(wf_strbuf *b, int out, const wf_quantiles *q)
{
	char buf[64];

	wf_strbuf_printf(b, "<div class=\"interval\">90%% interval <span data-value=\"%.17g\">",
			 q->p05);
	esc(b, fmt(buf, out, q->p05));
	wf_strbuf_printf(b, "</span> \xe2\x80\x93 <span data-value=\"%.17g\">", q->p95);
	esc(b, fmt(buf, out, q->p95));
	wf_strbuf_printf(b, "</span></div>");
}

void wf_report__notes(wf_strbuf *b, const char *s)
{
	if (!*s)
		return;
	wf_strbuf_printf(b, "<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = strndup(s, len);
		if (!line) {
			b->failed = 1;
			return;
		}
		if (len) {
			wf_strbuf_printf(b, "<li>");
			esc(b, line);
			wf_strbuf_printf(b, "</li>\n");
		}
		free(line);
		s += len + (nl ? 1 : 0);
	}
	wf_strbuf_printf(b, "</ul>\n</section>\n");
}

/* A figure with its caption and table, or a sentence saying why not. */
static void figure(wf_strbuf *b, const ctx *c, const chart *ch)
{
	const char *why = "";

	if (!ch->ok(c, &why)) {
		wf_strbuf_printf(b, "<p class=\"absent\" data-chart=\"%s\">No %s chart: ", ch->name,
				 ch->name);
		esc(b, why);
		wf_strbuf_printf(b, ".</p>\n");
		return;
	}
	wf_strbuf_printf(b, "<figure data-chart=\"%s\">\n", ch->name);
	ch->svg(b, c, 0);
	wf_strbuf_printf(b, "<figcaption>");
	if (ch->caption_of)
		ch->caption_of(b, c);
	else
		esc(b, ch->caption);
	wf_strbuf_printf(b, "</figcaption>\n</figure>\n");
	ch->table(b, c);
}

void wf_report__section(wf_strbuf *b, const ctx *c, const chart *list, size_t n,
			const char *id, const char *heading)
{
	size_t k;

	wf_strbuf_printf(b, "<section id=\"%s\">\n<h2>", id);
	esc(b, heading);
	wf_strbuf_printf(b, "</h2>\n");
	for (k = 0; k < n; k++)
		if (strcmp(list[k].section, id) == 0)
			figure(b, c, &list[k]);
	wf_strbuf_printf(b, "</section>\n");
}

/* Common checks of a report call: the output pointer and the inputs
 * (have), and the options' version against the one this library knows. */
int wf_report__check_call(char **out, int have, const char *what, unsigned version,
			  unsigned want, wf_error *err)
{
	if (!out || !have)
		return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
				    "wf_report%s: NULL argument", what);
	*out = NULL;
	if (version != want)
		return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
				    "wf_report%s_options.version is %u, this library knows %u",
				    what, version, want);
	return 0;
}

/* WF_EINPUT naming the known charts when name is not one of them. */
static int unknown_chart(wf_error *err, const char *name, const char *(*names)(int))
{
	char known[160] = "";
	int k;

	for (k = 0; names(k); k++)
		snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
			 k ? ", " : "", names(k));
	return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
			    "unknown chart \"%s\" (charts: %s)", name, known);
}

/* The page up to the end of its <h1>, and from the footer to the end. */
void wf_report__page_open(wf_strbuf *b, const char *title)
{
	wf_strbuf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			    "<meta name=\"generator\" content=\"wattif %s\">\n<title>", WF_VERSION);
	esc(b, title);
	wf_strbuf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<header>\n<h1>", css);
	esc(b, title);
	wf_strbuf_printf(b, "</h1>\n");
}

/* A scenario's page up to its meta line naming the scenario and its file;
 * the caller adds to that line and closes it. */
void wf_report__scenario_page_open(wf_strbuf *b, const ctx *c)
{
	char title[512];

	if (c->o->title)
		snprintf(title, sizeof title, "%s", c->o->title);
	else
		snprintf(title, sizeof title, "wattif report: %s", c->id);
	wf_report__page_open(b, title);
	wf_strbuf_printf(b, "<p class=\"meta\">Scenario <code>");
	esc(b, c->id);
	wf_strbuf_printf(b, "</code>");
	if (c->o->source) {
		wf_strbuf_printf(b, " from <code>");
		esc(b, c->o->source);
		wf_strbuf_printf(b, "</code>");
	}
}

void wf_report__page_close(wf_strbuf *b)
{
	wf_strbuf_printf(b, "<footer>Made by wattif %s. This page is self-contained: no "
			    "scripts, no fonts or images from elsewhere, no network requests."
			    "</footer>\n</main>\n</body>\n</html>\n", WF_VERSION);
}

/* Hand the buffer to the caller, or report that it could not be built. */
int wf_report__finish(wf_strbuf *b, char **out, size_t *len, wf_error *err)
{
	if (b->failed || !b->s) {
		wf_strbuf_free(b);
		return wf_error_set(err, WF_ENOMEM, "report", NULL, 0, 0,
				    "out of memory building the report");
	}
	*out = b->s;
	if (len)
		*len = b->len;
	return 0;
}

/* One chart of list by name (NULL = the first) as a standalone SVG
 * document: WF_EINPUT naming the charts when there is none of that name,
 * WF_ENOTFOUND saying why when c has no data for it. */
int wf_report__chart_svg(char **out, size_t *len, const ctx *c, const chart *list, size_t n,
			 const char *(*names)(int), const char *name, wf_error *err)
{
	const chart *ch = NULL;
	const char *why = "";
	wf_strbuf b = {0};
	size_t k;

	if (!name)
		name = list[0].name;
	for (k = 0; k < n; k++)
		if (strcmp(list[k].name, name) == 0)
			ch = &list[k];
	if (!ch)
		return unknown_chart(err, name, names);
	if (!ch->ok(c, &why))
		return wf_error_set(err, WF_ENOTFOUND, "report", NULL, 0, 0,
				    "no %s chart for %s: %s", ch->name, c->id, why);
	wf_strbuf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	ch->svg(&b, c, 1);
	return wf_report__finish(&b, out, len, err);
}

WF_API void wf_report_free(char *s)
{
	free(s);
}

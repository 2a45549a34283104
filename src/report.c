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
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>

#include "error.h"
#include "svg.h"

#define WIDTH 760.0
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const labels[WF_OUT_COUNT_] = {
	"duration", "device-hours", "mean IT power", "peak power (facility)",
	"IT energy", "facility energy", "grid intensity",
	"emissions, location-based", "emissions, market-based",
	"embodied emissions", "total emissions", "water", "SCI"};

WF_API const char *wf_output_label(int i)
{
	return i >= 0 && i < WF_OUT_COUNT_ ? labels[i] : NULL;
}

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
} ctx;

/* The band: the best start of a shift search in the scenario's own
 * region, else the window the options name. */
static void ctx_band(ctx *c)
{
	const wf_report_options *o = c->o;
	wf_shift_region g, x;
	double dur = 0;
	size_t k;

	c->band_lo = o->band_start;
	c->band_hi = o->band_end;
	c->band_label = o->band_label ? o->band_label : "best window";
	if (!o->shift || wf_shift_given(o->shift, &g) != 0)
		return;
	wf_shift_setup(o->shift, NULL, NULL, NULL, &dur, NULL);
	for (k = 0; k < wf_shift_count(o->shift); k++)
		if (wf_shift_get(o->shift, k, &x) == 0 && x.ok && strcmp(x.region, g.region) == 0) {
			c->band_lo = x.best_start;
			c->band_hi = x.best_start + dur;
			snprintf(c->band_text, sizeof c->band_text,
				 "best start in %s (wattif shift)", x.region);
			c->band_label = c->band_text;
			return;
		}
}

static void ctx_init(ctx *c, const wf_scenario *sc, const wf_result *r,
		     const wf_report_options *o)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->r = r;
	c->o = o;
	c->id = sc ? wf_scenario_id(sc) : "scenario";
	c->samples = wf_result_samples(r);
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		c->has[i] = wf_result_get(r, i, &c->v[i]) == 0 && isfinite(c->v[i]);
		c->hasq[i] = wf_result_quantiles(r, i, &c->q[i]) == 0 &&
			     c->q[i].p95 > c->q[i].p05;
	}
	c->hist_out = c->has[WF_OUT_EMISSIONS_TOTAL_KG] ? WF_OUT_EMISSIONS_TOTAL_KG
							: WF_OUT_ENERGY_FACILITY_KWH;
	ctx_band(c);
}

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

/* -------------------------------------------------------- HTML pieces */

static void esc(wf_strbuf *b, const char *s)
{
	wf_svg_escape(b, s);
}

static char *fmt(char buf[64], int out, double v)
{
	return wf_output_format(buf, 64, out, v);
}

/* A table cell with a number: the exact value in data-value, `text` (the
 * figure as people read it) as its content; "n/a" when v is not finite. */
static void td_value(wf_strbuf *b, double v, const char *text)
{
	if (!isfinite(v))
		wf_strbuf_printf(b, "<td class=\"na\">n/a</td>");
	else
		wf_strbuf_printf(b, "<td class=\"num\" data-value=\"%.17g\">%s</td>", v, text);
}

/* A cell with output i's value, formatted as wattif run prints it. */
static void td_out(wf_strbuf *b, int out, double v)
{
	char buf[64];

	td_value(b, v, fmt(buf, out, v));
}

/* A cell with a plain number shown with `decimals`. */
static void td_num(wf_strbuf *b, double v, int decimals)
{
	char buf[64];

	td_value(b, v, wf_svg_number(buf, sizeof buf, v, decimals));
}

static void td_text(wf_strbuf *b, const char *s)
{
	wf_strbuf_printf(b, "<td>");
	esc(b, s);
	wf_strbuf_printf(b, "</td>");
}

/* <thead> from a NULL-ended list of headings. */
static void thead(wf_strbuf *b, const char *const *h)
{
	wf_strbuf_printf(b, "<thead><tr>");
	for (; *h; h++) {
		wf_strbuf_printf(b, "<th scope=\"col\">");
		esc(b, *h);
		wf_strbuf_printf(b, "</th>");
	}
	wf_strbuf_printf(b, "</tr></thead>\n<tbody>\n");
}

static void table_open(wf_strbuf *b, const char *cls, const char *caption)
{
	wf_strbuf_printf(b, "<table class=\"%s\"><caption>", cls);
	esc(b, caption);
	wf_strbuf_printf(b, "</caption>\n");
}

static void table_close(wf_strbuf *b)
{
	wf_strbuf_printf(b, "</tbody></table>\n");
}

/* "p05 - p95" of output i, or "". */
static char *interval(char *buf, size_t size, const ctx *c, int i)
{
	char lo[64], hi[64];

	if (!c->hasq[i])
		snprintf(buf, size, "%s", "");
	else
		snprintf(buf, size, "%s \xe2\x80\x93 %s", fmt(lo, i, c->q[i].p05),
			 fmt(hi, i, c->q[i].p95));
	return buf;
}

/* --------------------------------------------------------- breakdown */

static int breakdown_ok(const ctx *c, const char **why)
{
	(void)why;
	return c->has[WF_OUT_ENERGY_FACILITY_KWH] || c->has[WF_OUT_EMISSIONS_TOTAL_KG];
}

/* The two bars: energy (IT + overhead) and emissions (operational +
 * embodied), in output units; NaN for a part the result lacks. */
static void breakdown_parts(const ctx *c, double e[2], double m[2])
{
	e[0] = c->has[WF_OUT_ENERGY_IT_KWH] ? c->v[WF_OUT_ENERGY_IT_KWH] : NAN;
	e[1] = c->has[WF_OUT_ENERGY_FACILITY_KWH] && isfinite(e[0])
		       ? c->v[WF_OUT_ENERGY_FACILITY_KWH] - e[0] : NAN;
	m[0] = c->has[WF_OUT_EMISSIONS_OPERATIONAL_KG] ? c->v[WF_OUT_EMISSIONS_OPERATIONAL_KG] : NAN;
	m[1] = c->has[WF_OUT_EMISSIONS_EMBODIED_KG] ? c->v[WF_OUT_EMISSIONS_EMBODIED_KG] : NAN;
}

/* One bar panel of the breakdown: row label, two parts, whisker from the
 * quantiles of output `tot`. */
static void breakdown_panel(wf_strbuf *b, const ctx *c, double y, const char *heading,
			    const char *row, const char *const seg[2], const double part[2],
			    int tot)
{
	double div, vals[2], lo = NAN, hi = NAN, mx = 0;
	const char *unit;
	char axis[96];
	int k;

	for (k = 0; k < 2; k++)
		if (isfinite(part[k]))
			mx += part[k];
	if (c->hasq[tot])
		mx = fmax(mx, c->q[tot].p95);
	div = wf_report_scale(tot, mx, &unit);
	for (k = 0; k < 2; k++)
		vals[k] = part[k] / div;
	if (c->hasq[tot]) {
		lo = c->q[tot].p05 / div;
		hi = c->q[tot].p95 / div;
	}
	snprintf(axis, sizeof axis, "%s (%s)", strcmp(row, "energy") == 0 ? "energy" : "emissions",
		 unit);
	wf_svg_heading(b, 12, y, heading);
	wf_svg_hbars(b, 0, y + 26, WIDTH, 130,
		     &(wf_svg_bars){.axis_title = axis, .rows = 1, .segs = 2,
				    .row_labels = (const char *const[]){row},
				    .seg_labels = seg, .values = vals,
				    .lo = c->hasq[tot] ? &lo : NULL,
				    .hi = c->hasq[tot] ? &hi : NULL,
				    .interval_label = "90% interval of the total (p05 to p95)"});
}

static const char *const energy_segs[2] = {"IT equipment",
					   "facility overhead (cooling, power conversion)"};
static const char *const mass_segs[2] = {"operational (location-based)",
					 "embodied (hardware, amortised)"};
static const char *const mass_segs_no_embodied[2] = {"operational (location-based)",
						     "embodied (not counted)"};

static void breakdown_svg(wf_strbuf *b, const ctx *c, int standalone)
{
	double e[2], m[2], h = 2 * 170 + 8;
	char desc[512], a[64], d[64], f[64], g[64];

	breakdown_parts(c, e, m);
	snprintf(desc, sizeof desc,
		 "Facility energy %s, of which IT %s; total emissions %s, of which "
		 "operational %s (embodied %s).",
		 fmt(a, WF_OUT_ENERGY_FACILITY_KWH, c->v[WF_OUT_ENERGY_FACILITY_KWH]),
		 fmt(d, WF_OUT_ENERGY_IT_KWH, e[0]),
		 fmt(f, WF_OUT_EMISSIONS_TOTAL_KG, c->v[WF_OUT_EMISSIONS_TOTAL_KG]),
		 fmt(g, WF_OUT_EMISSIONS_OPERATIONAL_KG, m[0]),
		 isfinite(m[1]) ? wf_output_format((char[64]){0}, 64, WF_OUT_EMISSIONS_EMBODIED_KG, m[1])
				: "not counted");
	wf_svg_open(b, "chart-breakdown", WIDTH, h, "Where the energy and emissions come from",
		    desc, standalone);
	breakdown_panel(b, c, 4, "Energy: IT equipment and facility overhead", "energy",
			energy_segs, e, WF_OUT_ENERGY_FACILITY_KWH);
	breakdown_panel(b, c, 4 + 170, "Emissions: operational and embodied", "emissions",
			isfinite(m[1]) ? mass_segs : mass_segs_no_embodied, m,
			WF_OUT_EMISSIONS_TOTAL_KG);
	wf_svg_close(b);
}

/* A row of the breakdown table: part, value, share of the total. */
static void share_row(wf_strbuf *b, const char *name, int out, double v, double total)
{
	wf_strbuf_printf(b, "<tr>");
	td_text(b, name);
	td_out(b, out, v);
	td_num(b, isfinite(v) && total > 0 ? 100 * v / total : NAN, 1);
	wf_strbuf_printf(b, "<td></td></tr>\n");
}

static void total_row(wf_strbuf *b, const ctx *c, const char *name, int out)
{
	char iv[160];

	wf_strbuf_printf(b, "<tr class=\"total\">");
	td_text(b, name);
	td_out(b, out, c->has[out] ? c->v[out] : NAN);
	td_num(b, c->has[out] ? 100 : NAN, 1);
	td_text(b, interval(iv, sizeof iv, c, out));
	wf_strbuf_printf(b, "</tr>\n");
}

static void breakdown_table(wf_strbuf *b, const ctx *c)
{
	static const char *const h[] = {"part", "value", "share (%)", "90% interval", NULL};
	double e[2], m[2];

	breakdown_parts(c, e, m);
	table_open(b, "data", "The numbers behind the breakdown");
	thead(b, h);
	share_row(b, "IT equipment energy", WF_OUT_ENERGY_IT_KWH, e[0], c->v[WF_OUT_ENERGY_FACILITY_KWH]);
	share_row(b, "facility overhead energy", WF_OUT_ENERGY_FACILITY_KWH, e[1],
		  c->v[WF_OUT_ENERGY_FACILITY_KWH]);
	total_row(b, c, "facility energy", WF_OUT_ENERGY_FACILITY_KWH);
	share_row(b, "operational emissions (location-based)", WF_OUT_EMISSIONS_OPERATIONAL_KG, m[0],
		  c->v[WF_OUT_EMISSIONS_TOTAL_KG]);
	share_row(b, "embodied emissions", WF_OUT_EMISSIONS_EMBODIED_KG, m[1],
		  c->v[WF_OUT_EMISSIONS_TOTAL_KG]);
	total_row(b, c, "total emissions", WF_OUT_EMISSIONS_TOTAL_KG);
	table_close(b);
}

/* ------------------------------------------------------------ window */

static int window_ok(const ctx *c, const char **why)
{
	if (wf_result_period_count(c->r) > 0)
		return 1;
	*why = "the job's window used one annual intensity figure, so there is no "
	       "series over time (give the scenario a start: in a region with an hourly "
	       "series)";
	return 0;
}

static void window_svg(wf_strbuf *b, const ctx *c, int standalone)
{
	size_t n = wf_result_period_count(c->r), k;
	double *x = malloc((n + 1) * sizeof(double)), *ci = malloc(n * sizeof(double));
	double *em = malloc(n * sizeof(double)), mx = 0, div;
	const char *unit;
	char ytitle[96], desc[400], t0[64], t1[64];
	wf_period p;

	if (!x || !ci || !em) {
		b->failed = 1;
		goto done;
	}
	for (k = 0; k < n; k++) {
		double hours;
		wf_result_period(c->r, k, &p);
		x[k] = p.t_start;
		x[k + 1] = p.t_end;
		ci[k] = p.intensity_g_per_kwh;
		hours = (p.t_end - p.t_start) / 3600;
		em[k] = hours > 0 ? p.emissions_kg / hours : NAN;
		if (isfinite(em[k]))
			mx = fmax(mx, em[k]);
	}
	div = wf_report_scale(WF_OUT_EMISSIONS_OPERATIONAL_KG, mx, &unit);
	for (k = 0; k < n; k++)
		em[k] /= div;
	snprintf(ytitle, sizeof ytitle, "emissions (%s/h)", unit);
	snprintf(desc, sizeof desc,
		 "Grid carbon intensity and the job's operational emissions rate over %zu "
		 "periods from %s to %s (UTC).", n,
		 wf_format_quantity(t0, sizeof t0, x[0], WF_DIM_DATE, 0),
		 wf_format_quantity(t1, sizeof t1, x[n], WF_DIM_DATE, 0));
	wf_svg_open(b, "chart-window", WIDTH, 2 * 230 + 8, "The job's window over time", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Grid carbon intensity");
	wf_svg_lines_panel(b, 0, 30, WIDTH, 200,
			   &(wf_svg_lines){.x_title = "time (UTC)",
					   .y_title = "intensity (g CO2e/kWh)", .x_time = 1,
					   .y_labels_w = 44,
					   .step = 1, .y_from_zero = 1, .n = n, .nser = 1,
					   .x = x, .y = ci,
					   .names = (const char *const[]){"grid intensity"},
					   .band_lo = c->band_lo, .band_hi = c->band_hi,
					   .band_label = c->band_label});
	wf_svg_heading(b, 12, 234, "The job's operational emissions");
	wf_svg_lines_panel(b, 0, 260, WIDTH, 200,
			   &(wf_svg_lines){.x_title = "time (UTC)", .y_title = ytitle,
					   .x_time = 1, .y_labels_w = 44, .step = 1,
					   .y_from_zero = 1, .n = n, .nser = 1, .x = x, .y = em,
					   .names = (const char *const[]){"emissions rate (location-based)"},
					   .band_lo = c->band_lo, .band_hi = c->band_hi,
					   .band_label = c->band_label});
	wf_svg_close(b);
done:
	free(x);
	free(ci);
	free(em);
}

static void window_table(wf_strbuf *b, const ctx *c)
{
	static const char *const h[] = {"start (UTC)", "end (UTC)", "intensity (g CO2e/kWh)",
					"PUE", "facility energy", "emissions", NULL};
	size_t n = wf_result_period_count(c->r), k;
	char t[64];
	wf_period p;

	if (c->band_hi > c->band_lo && n > 0) {
		wf_period first, last;
		wf_result_period(c->r, 0, &first);
		wf_result_period(c->r, n - 1, &last);
		if (c->band_hi <= first.t_start || c->band_lo >= last.t_end) {
			char a[64], z[64];
			wf_strbuf_printf(b, "<p class=\"absent\">");
			esc(b, c->band_label);
			wf_strbuf_printf(b, ": %s to %s, outside the job's planned window shown here.</p>\n",
					 wf_format_quantity(a, sizeof a, c->band_lo, WF_DIM_DATE, 0),
					 wf_format_quantity(z, sizeof z, c->band_hi, WF_DIM_DATE, 0));
		}
	}
	wf_strbuf_printf(b, "<details class=\"table\"><summary>The numbers behind the chart "
			    "(%zu periods)</summary>\n", n);
	table_open(b, "data", "The job's periods");
	thead(b, h);
	for (k = 0; k < n; k++) {
		wf_result_period(c->r, k, &p);
		wf_strbuf_printf(b, "<tr>");
		td_text(b, wf_format_quantity(t, sizeof t, p.t_start, WF_DIM_DATE, 0));
		td_text(b, wf_format_quantity(t, sizeof t, p.t_end, WF_DIM_DATE, 0));
		td_num(b, p.intensity_g_per_kwh, 1);
		td_num(b, p.pue, 3);
		td_out(b, WF_OUT_ENERGY_FACILITY_KWH, p.energy_facility_kwh);
		td_out(b, WF_OUT_EMISSIONS_OPERATIONAL_KG, p.emissions_kg);
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	wf_strbuf_printf(b, "</details>\n");
}

/* --------------------------------------------------------- histogram */

static int histogram_ok(const ctx *c, const char **why)
{
	const double *v;
	size_t n;

	if (c->samples < 2) {
		*why = "the scenario was not sampled (write inputs as distributions and "
		       "give samples: or --samples N)";
		return 0;
	}
	if (wf_result_sample_values(c->r, c->hist_out, &v, &n) != 0) {
		*why = "the run did not keep its samples (wf_run_options.keep_samples)";
		return 0;
	}
	if (!c->hasq[c->hist_out]) {
		*why = "every sample gave the same figure";
		return 0;
	}
	return 1;
}

static const char *const qlabel[3] = {"p05", "p50 (median)", "p95"};

static void histogram_svg(wf_strbuf *b, const ctx *c, int standalone)
{
	int out = c->hist_out;
	const double *v;
	double *edges = NULL, *counts = NULL, *scaled = NULL, div, marks[3];
	size_t n, nb, i;
	const char *unit;
	char xt[96], ml[3][96], desc[400], f[3][64];

	wf_result_sample_values(c->r, out, &v, &n);
	div = wf_report_scale(out, fmax(fabs(c->q[out].p95), fabs(c->q[out].p05)), &unit);
	if (!(scaled = malloc(n * sizeof(double)))) {
		b->failed = 1;
		return;
	}
	for (i = 0; i < n; i++)
		scaled[i] = v[i] / div;
	if (wf_report_bins(&edges, &counts, &nb, scaled, n) != 0) {
		b->failed = 1; /* histogram_ok saw a spread: only memory can fail */
		goto done;
	}
	marks[0] = c->q[out].p05 / div;
	marks[1] = c->q[out].p50 / div;
	marks[2] = c->q[out].p95 / div;
	for (i = 0; i < 3; i++)
		snprintf(ml[i], sizeof ml[i], "%s = %s", qlabel[i],
			 fmt(f[i], out, marks[i] * div));
	snprintf(xt, sizeof xt, "%s (%s)", labels[out], unit);
	snprintf(desc, sizeof desc,
		 "Histogram of %ld Monte Carlo samples of %s: p05 %s, median %s, p95 %s.",
		 c->samples, labels[out], f[0], f[1], f[2]);
	wf_svg_open(b, "chart-histogram", WIDTH, 330, "How uncertain the figure is", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Monte Carlo samples");
	wf_svg_histogram(b, 0, 30, WIDTH, 296,
			 &(wf_svg_hist){.x_title = xt, .y_title = "samples", .nbins = nb,
					.edges = edges, .counts = counts, .nmarks = 3,
					.marks = marks,
					.mark_labels = (const char *const[]){ml[0], ml[1], ml[2]}});
	wf_svg_close(b);
done:
	free(scaled);
	free(edges);
	free(counts);
}

static void histogram_table(wf_strbuf *b, const ctx *c)
{
	static const char *const h[] = {"statistic", "value", NULL};
	static const char *const hb[] = {"from", "to", "samples", NULL};
	int out = c->hist_out;
	const wf_quantiles *q = &c->q[out];
	const double *v;
	double *edges = NULL, *counts = NULL;
	size_t n, nb, i;

	table_open(b, "data", "Summary of the samples");
	thead(b, h);
	wf_strbuf_printf(b, "<tr>");
	td_text(b, "samples");
	td_num(b, (double)c->samples, 0);
	wf_strbuf_printf(b, "</tr>\n");
	{
		const char *name[5] = {"mean", "standard deviation", "p05", "p50 (median)", "p95"};
		double val[5] = {q->mean, q->sd, q->p05, q->p50, q->p95};
		for (i = 0; i < 5; i++) {
			wf_strbuf_printf(b, "<tr>");
			td_text(b, name[i]);
			td_out(b, out, val[i]);
			wf_strbuf_printf(b, "</tr>\n");
		}
	}
	table_close(b);
	/* bins in the output's own unit, so data-value matches the samples */
	wf_result_sample_values(c->r, out, &v, &n);
	if (wf_report_bins(&edges, &counts, &nb, v, n) != 0)
		return;
	wf_strbuf_printf(b, "<details class=\"table\"><summary>Histogram bins (%zu)</summary>\n", nb);
	table_open(b, "data", "Samples per bin");
	thead(b, hb);
	for (i = 0; i < nb; i++) {
		wf_strbuf_printf(b, "<tr>");
		td_out(b, out, edges[i]);
		td_out(b, out, edges[i + 1]);
		td_num(b, counts[i], 0);
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	wf_strbuf_printf(b, "</details>\n");
	free(edges);
	free(counts);
}

/* ------------------------------------------------------- sensitivity */

static int sensitivity_ok(const ctx *c, const char **why)
{
	if (wf_result_sensitivity_count(c->r) > 0)
		return 1;
	*why = c->samples < 2 ? "the scenario was not sampled"
			      : "the run did not rank its inputs (wf_run_options.sensitivity)";
	return 0;
}

static void sensitivity_svg(wf_strbuf *b, const ctx *c, int standalone)
{
	size_t n = wf_result_sensitivity_count(c->r), k, m = 0;
	const char **names = malloc(n * sizeof(*names));
	double *val = malloc(n * sizeof(double));
	char desc[512];
	size_t dl = 0;

	if (!names || !val) {
		b->failed = 1;
		goto done;
	}
	dl = (size_t)snprintf(desc, sizeof desc, "Share of the variance of %s by input:",
			      labels[WF_OUT_EMISSIONS_TOTAL_KG]);
	for (k = 0; k < n; k++) {
		double rho, share;
		if (wf_result_sensitivity(c->r, WF_OUT_EMISSIONS_TOTAL_KG, k, &names[m], &rho,
					  &share) != 0)
			continue;
		val[m] = (rho < 0 ? -100 : 100) * share;
		if (dl < sizeof desc)
			dl += (size_t)snprintf(desc + dl, sizeof desc - dl, "%s %s %.1f%%",
					       m ? "," : "", names[m], 100 * share);
		m++;
	}
	wf_svg_open(b, "chart-sensitivity", WIDTH, 110 + 34 * (double)m,
		    "What drives the uncertainty", desc, standalone);
	wf_svg_heading(b, 12, 4, "What drives total emissions");
	wf_svg_hbars(b, 0, 30, WIDTH, 76 + 34 * (double)m,
		     &(wf_svg_bars){.axis_title = "share of the variance of total emissions (%), "
						  "signed by the direction of the effect",
				    .rows = m, .segs = 1, .row_labels = names, .values = val,
				    .by_sign = 1, .pos_label = "raises emissions as it rises",
				    .neg_label = "lowers emissions as it rises"});
	wf_svg_close(b);
done:
	free(names);
	free(val);
}

static void sensitivity_table(wf_strbuf *b, const ctx *c)
{
	static const char *const h[] = {"input", "Spearman rank correlation",
					"share of variance (%)", NULL};
	size_t n = wf_result_sensitivity_count(c->r), k;

	table_open(b, "data", "The numbers behind the sensitivity chart (total emissions)");
	thead(b, h);
	for (k = 0; k < n; k++) {
		const char *in;
		double rho, share;
		if (wf_result_sensitivity(c->r, WF_OUT_EMISSIONS_TOTAL_KG, k, &in, &rho, &share))
			continue;
		wf_strbuf_printf(b, "<tr>");
		td_text(b, in);
		td_num(b, rho, 3);
		td_num(b, 100 * share, 1);
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
}

/* ------------------------------------------------------------- shift */

static int shift_ok(const ctx *c, const char **why)
{
	if (c->o->shift && wf_shift_count(c->o->shift) > 0)
		return 1;
	*why = "no shift search was asked for (wattif report --shift)";
	return 0;
}

static void shift_svg(wf_strbuf *b, const ctx *c, int standalone)
{
	enum { MAX_ROWS = 40 };
	const char *names[MAX_ROWS];
	double val[MAX_ROWS], mx = 0, div;
	size_t n = wf_shift_count(c->o->shift), k, m = 0;
	const char *unit;
	char axis[96], desc[400], best[64];
	wf_shift_region x;

	for (k = 0; k < n && m < MAX_ROWS; k++)
		if (wf_shift_get(c->o->shift, k, &x) == 0 && x.ok) {
			names[m] = x.region;
			val[m] = x.best_emissions_kg;
			mx = fmax(mx, val[m]);
			m++;
		}
	div = wf_report_scale(WF_OUT_EMISSIONS_OPERATIONAL_KG, mx, &unit);
	for (k = 0; k < m; k++)
		val[k] /= div;
	snprintf(axis, sizeof axis, "operational emissions at the best start (%s)", unit);
	snprintf(desc, sizeof desc, "%zu regions ranked by the job's emissions at its best start; "
		 "lowest: %s at %s.", m, m ? names[0] : "none",
		 m ? fmt(best, WF_OUT_EMISSIONS_OPERATIONAL_KG, val[0] * div) : "n/a");
	wf_svg_open(b, "chart-shift", WIDTH, 110 + 30 * (double)m, "Where and when to run", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Regions ranked by emissions at their best start");
	wf_svg_hbars(b, 0, 30, WIDTH, 76 + 30 * (double)m,
		     &(wf_svg_bars){.axis_title = axis, .rows = m, .segs = 1, .row_labels = names,
				    .values = val});
	wf_svg_close(b);
}

static void shift_table(wf_strbuf *b, const ctx *c)
{
	static const char *const h[] = {"region", "best start (UTC)", "intensity (g CO2e/kWh)",
					"emissions at the best start", "at the planned start",
					"saving (%)", NULL};
	size_t n = wf_shift_count(c->o->shift), k;
	char t[64];
	wf_shift_region x;

	table_open(b, "data", "The numbers behind the ranking");
	thead(b, h);
	for (k = 0; k < n; k++) {
		if (wf_shift_get(c->o->shift, k, &x) != 0)
			continue;
		wf_strbuf_printf(b, "<tr>");
		td_text(b, x.region);
		td_text(b, x.ok ? wf_format_quantity(t, sizeof t, x.best_start, WF_DIM_DATE, 0)
				: "no window with full data");
		td_num(b, x.ok ? x.best_intensity_g_per_kwh : NAN, 1);
		td_out(b, WF_OUT_EMISSIONS_OPERATIONAL_KG, x.ok ? x.best_emissions_kg : NAN);
		td_out(b, WF_OUT_EMISSIONS_OPERATIONAL_KG, x.given_ok ? x.given_emissions_kg : NAN);
		td_num(b, x.ok && x.given_ok && x.given_emissions_kg > 0
				  ? 100 * (1 - x.best_emissions_kg / x.given_emissions_kg) : NAN, 1);
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	if (*wf_shift_notes(c->o->shift)) {
		wf_strbuf_printf(b, "<p>");
		esc(b, wf_shift_notes(c->o->shift));
		wf_strbuf_printf(b, "</p>\n");
	}
}

/* ------------------------------------------------------------ charts */

typedef struct chart {
	const char *name;
	const char *section;   /* the section id it belongs to */
	const char *caption;
	int (*ok)(const ctx *c, const char **why);
	void (*svg)(wf_strbuf *b, const ctx *c, int standalone);
	void (*table)(wf_strbuf *b, const ctx *c);
	void (*caption_of)(wf_strbuf *b, const ctx *c); /* when it depends on the data */
} chart;

static const chart charts[] = {
	{"breakdown", "breakdown",
	 "Energy split into what the IT equipment draws and what the facility adds "
	 "(the PUE); emissions split into operational and embodied. Whiskers: the 90% "
	 "interval of the total when the scenario was sampled.",
	 breakdown_ok, breakdown_svg, breakdown_table, NULL},
	{"window", "window",
	 "Grid carbon intensity over the job's window and the job's operational emissions "
	 "per hour; the shaded band is the window highlighted (e.g. the best start from "
	 "wattif shift).",
	 window_ok, window_svg, window_table, NULL},
	{"histogram", "uncertainty",
	 "How the Monte Carlo samples fall, with the 5th, 50th and 95th percentiles marked.",
	 histogram_ok, histogram_svg, histogram_table, NULL},
	{"sensitivity", "uncertainty",
	 "Each uncertain input's share of the variance of total emissions (Spearman rank "
	 "correlation squared, normalised); bars to the right raise emissions as the input "
	 "rises, bars to the left lower them.",
	 sensitivity_ok, sensitivity_svg, sensitivity_table, NULL},
	{"shift", "shift",
	 "Each candidate region's emissions for the same job started at its best time in the "
	 "window searched (wattif shift); the table gives the start and the saving against "
	 "the planned start.",
	 shift_ok, shift_svg, shift_table, NULL},
};

WF_API const char *wf_report_chart_name(int k)
{
	return k >= 0 && (size_t)k < N(charts) ? charts[k].name : NULL;
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
static void card_interval(wf_strbuf *b, int out, const wf_quantiles *q)
{
	char buf[64];

	wf_strbuf_printf(b, "<div class=\"interval\">90%% interval <span data-value=\"%.17g\">",
			 q->p05);
	esc(b, fmt(buf, out, q->p05));
	wf_strbuf_printf(b, "</span> \xe2\x80\x93 <span data-value=\"%.17g\">", q->p95);
	esc(b, fmt(buf, out, q->p95));
	wf_strbuf_printf(b, "</span></div>");
}

static void card(wf_strbuf *b, const ctx *c, const char *label, int out, const char *suffix)
{
	char buf[64];

	wf_strbuf_printf(b, "<div class=\"card\" data-output=\"%s\"><div class=\"label\">",
			 wf_output_name(out));
	esc(b, label);
	wf_strbuf_printf(b, "</div><div class=\"value\">");
	if (c->has[out]) {
		esc(b, fmt(buf, out, c->v[out]));
		if (suffix) {
			wf_strbuf_printf(b, " ");
			esc(b, suffix);
		}
	} else {
		wf_strbuf_printf(b, "n/a");
	}
	wf_strbuf_printf(b, "</div>");
	if (c->hasq[out])
		card_interval(b, out, &c->q[out]);
	wf_strbuf_printf(b, "</div>\n");
}

static void headline(wf_strbuf *b, const ctx *c)
{
	static const char *const h[] = {"figure", "name", "value", "p05", "p50", "p95", NULL};
	char per[96];
	int i;

	wf_strbuf_printf(b, "<section id=\"headline\">\n<h2>Headline figures</h2>\n<div class=\"cards\">\n");
	card(b, c, "energy (facility)", WF_OUT_ENERGY_FACILITY_KWH, NULL);
	card(b, c, "emissions (total)", WF_OUT_EMISSIONS_TOTAL_KG, NULL);
	card(b, c, "water", WF_OUT_WATER_L, NULL);
	card(b, c, "embodied emissions", WF_OUT_EMISSIONS_EMBODIED_KG, NULL);
	snprintf(per, sizeof per, "per %s", wf_result_unit(c->r));
	card(b, c, "SCI (operational + embodied)", WF_OUT_SCI_G_PER_UNIT, per);
	wf_strbuf_printf(b, "</div>\n");
	table_open(b, "data figures", "Every figure");
	wf_strbuf_printf(b, "<thead><tr><th scope=\"col\">figure</th><th scope=\"col\">name</th>"
			    "<th scope=\"col\">value</th>");
	if (c->samples > 1)
		for (i = 3; h[i]; i++)
			wf_strbuf_printf(b, "<th scope=\"col\">%s</th>", h[i]);
	wf_strbuf_printf(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		wf_strbuf_printf(b, "<tr data-output=\"%s\">", wf_output_name(i));
		td_text(b, labels[i]);
		wf_strbuf_printf(b, "<td><code>%s</code></td>", wf_output_name(i));
		td_out(b, i, c->has[i] ? c->v[i] : NAN);
		if (c->samples > 1) {
			int q = wf_result_quantiles(c->r, i, &(wf_quantiles){0}) == 0;
			td_out(b, i, q ? c->q[i].p05 : NAN);
			td_out(b, i, q ? c->q[i].p50 : NAN);
			td_out(b, i, q ? c->q[i].p95 : NAN);
		}
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	if (c->has[WF_OUT_SCI_G_PER_UNIT]) {
		wf_strbuf_printf(b, "<p>SCI is per functional unit: one ");
		esc(b, wf_result_unit(c->r));
		wf_strbuf_printf(b, ".</p>\n");
	}
	wf_strbuf_printf(b, "</section>\n");
}

static void notes(wf_strbuf *b, const char *s)
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

static void section(wf_strbuf *b, const ctx *c, const chart *list, size_t n, const char *id,
		    const char *heading)
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
static int check_call(char **out, int have, const char *what, unsigned version,
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
static void page_open(wf_strbuf *b, const char *title)
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
static void scenario_page_open(wf_strbuf *b, const ctx *c)
{
	char title[512];

	if (c->o->title)
		snprintf(title, sizeof title, "%s", c->o->title);
	else
		snprintf(title, sizeof title, "wattif report: %s", c->id);
	page_open(b, title);
	wf_strbuf_printf(b, "<p class=\"meta\">Scenario <code>");
	esc(b, c->id);
	wf_strbuf_printf(b, "</code>");
	if (c->o->source) {
		wf_strbuf_printf(b, " from <code>");
		esc(b, c->o->source);
		wf_strbuf_printf(b, "</code>");
	}
}

static void page_close(wf_strbuf *b)
{
	wf_strbuf_printf(b, "<footer>Made by wattif %s. This page is self-contained: no "
			    "scripts, no fonts or images from elsewhere, no network requests."
			    "</footer>\n</main>\n</body>\n</html>\n", WF_VERSION);
}

/* Hand the buffer to the caller, or report that it could not be built. */
static int finish(wf_strbuf *b, char **out, size_t *len, wf_error *err)
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

WF_API int wf_report_html(char **out, size_t *len, const wf_scenario *sc,
			  const wf_result *r, const wf_report_options *opt,
			  wf_error *err)
{
	static const wf_report_options defaults = WF_REPORT_OPTIONS_INIT;
	wf_strbuf b = {0};
	int rc;
	ctx c;

	if ((rc = check_call(out, r != NULL, "", opt ? opt->version : WF_REPORT_OPTIONS_VERSION,
			     WF_REPORT_OPTIONS_VERSION, err)))
		return rc;
	ctx_init(&c, sc, r, opt ? opt : &defaults);
	scenario_page_open(&b, &c);
	if (c.samples > 1)
		wf_strbuf_printf(&b, " &middot; %ld Monte Carlo samples", c.samples);
	wf_strbuf_printf(&b, " &middot; wattif %s</p>\n</header>\n", WF_VERSION);
	headline(&b, &c);
	notes(&b, wf_result_notes(r));
	section(&b, &c, charts, N(charts), "breakdown", "Where the energy and emissions come from");
	section(&b, &c, charts, N(charts), "window", "The job's window over time");
	section(&b, &c, charts, N(charts), "uncertainty", "Uncertainty");
	if (c.o->shift)
		section(&b, &c, charts, N(charts), "shift", "Where and when to run");
	if (c.o->explain) {
		wf_strbuf_printf(&b, "<section id=\"derivation\">\n<h2>Derivation</h2>\n"
				     "<details>\n<summary>How each figure was derived: formulas, "
				     "inputs and where each input came from</summary>\n<pre>");
		esc(&b, wf_result_explain(r));
		wf_strbuf_printf(&b, "</pre>\n</details>\n</section>\n");
	}
	page_close(&b);
	return finish(&b, out, len, err);
}

/* One chart of list by name (NULL = the first) as a standalone SVG
 * document: WF_EINPUT naming the charts when there is none of that name,
 * WF_ENOTFOUND saying why when c has no data for it. */
static int chart_svg(char **out, size_t *len, const ctx *c, const chart *list, size_t n,
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
	return finish(&b, out, len, err);
}

WF_API int wf_report_svg(char **out, size_t *len, const wf_scenario *sc,
			 const wf_result *r, const char *name,
			 const wf_report_options *opt, wf_error *err)
{
	static const wf_report_options defaults = WF_REPORT_OPTIONS_INIT;
	int rc;
	ctx c;

	if ((rc = check_call(out, r != NULL, "", opt ? opt->version : WF_REPORT_OPTIONS_VERSION,
			     WF_REPORT_OPTIONS_VERSION, err)))
		return rc;
	ctx_init(&c, sc, r, opt ? opt : &defaults);
	return chart_svg(out, len, &c, charts, N(charts), wf_report_chart_name, name, err);
}

/* -------------------------------------------------------- projections */

/* A projection report: the scenario year by year, and optionally the
 * same scenario sited across regions (wf_scenario_site) with some of
 * those regions projected year by year too. */
typedef struct proj {
	const wf_projection *p;
	const wf_siting *st;               /* or NULL */
	const wf_projection *const *sy;    /* wf_siting_count(st) entries, or NULL */
	const wf_report_options *o;
	size_t n;                          /* years */
	int y0, y1;
	int market;                        /* market-based differs: contracts declared */
	int shares;                        /* some year has a demand share */
	size_t nok, ndrawn;                /* regions ranked, and drawn year by year */
	long samples;                      /* Monte Carlo samples of each year */
} proj;

static void proj_init(proj *c, ctx *x, const wf_scenario *sc, const wf_projection *p,
		      const wf_siting *st, const wf_projection *const *sy,
		      const wf_report_options *o)
{
	size_t k;

	memset(c, 0, sizeof(*c));
	memset(x, 0, sizeof(*x));
	x->pj = c;
	x->o = o;
	x->id = sc ? wf_scenario_id(sc) : "scenario";
	c->p = p;
	c->st = st;
	c->sy = sy;
	c->o = o;
	c->n = wf_projection_count(p);
	for (k = 0; k < c->n; k++) {
		int y;
		const wf_result *r = wf_projection_row(p, k, &y);
		wf_bases bs;
		if (k == 0)
			c->y0 = y;
		c->y1 = y;
		c->market |= wf_result_bases(r, &bs) == 0 && bs.market_declared;
		c->shares |= isfinite(wf_result_demand_share(r));
		if (k == 0)
			c->samples = wf_result_samples(r);
	}
	for (k = 0; k < wf_siting_count(st); k++) {
		wf_site s;
		if (wf_siting_get(st, k, &s) == 0 && s.ok)
			c->nok++;
		if (sy && sy[k] && wf_report_siting_drawn(st, k))
			c->ndrawn++;
	}
}

/* Output i of year k (k == n: the totals); NaN when absent. */
static double proj_value(const proj *c, size_t k, int i)
{
	double v = NAN;

	if (k < c->n)
		wf_result_get(wf_projection_row(c->p, k, NULL), i, &v);
	else if (wf_projection_total(c->p, i, &v) != 0)
		v = NAN;
	return v;
}

/* Quantiles of output i in year k (k == n: summed over the years, sample
 * by sample); 0, or WF_ENOTFOUND when the projection was not sampled or
 * (over the years) the output does not add up. */
static int proj_quantiles(const proj *c, size_t k, int i, wf_quantiles *q)
{
	if (c->samples < 2)
		return WF_ENOTFOUND;
	return k < c->n ? wf_result_quantiles(wf_projection_row(c->p, k, NULL), i, q)
			: wf_projection_quantiles(c->p, i, q);
}

/* A cell showing v * scale with `prec` decimals, as `wattif run` prints
 * its year tables, the exact v (in the output's unit) in data-value. */
static void td_fixed(wf_strbuf *b, double v, double scale, int prec)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.*f", prec, v * scale);
	td_value(b, v, buf);
}

WF_API int wf_report_siting_drawn(const wf_siting *st, size_t k)
{
	size_t nok = 0, i;
	wf_site s;

	if (wf_siting_get(st, k, &s) != 0 || !s.ok)
		return 0;
	for (i = 0; i < wf_siting_count(st); i++)
		if (wf_siting_get(st, i, &s) == 0 && s.ok)
			nok++;
	/* failing regions rank last, so the ranked ones are rows 0 .. nok-1 */
	return nok <= 6 || k < 3 || k + 3 >= nok;
}

/* ------------------------------------------------------ years chart */

static int years_ok(const ctx *cx, const char **why)
{
	const proj *c = cx->pj;

	*why = "the projection has no years";
	return c->n > 0;
}

/* The emission outputs the years chart draws: location-based, and
 * market-based beside it when contracts are declared. */
static const int year_lines[2] = {WF_OUT_EMISSIONS_OPERATIONAL_KG, WF_OUT_EMISSIONS_MARKET_KG};

static void years_svg(wf_strbuf *b, const ctx *cx, int standalone)
{
	const proj *c = cx->pj;
	size_t n = c->n, k, j, nser = c->market ? 2 : 1;
	double *x = malloc(n * sizeof(double)), *e = malloc(n * sizeof(double));
	double *m = malloc(2 * n * sizeof(double)), *lo = malloc(2 * n * sizeof(double));
	double *hi = malloc(2 * n * sizeof(double)), emax = 0, mmax = 0, ediv, mdiv;
	const char *eu, *mu;
	char et[96], mt[96], desc[640], iv[200], te[64], tm[64], ql[64], qh[64];
	int spread = 0;
	wf_quantiles q;

	if (!x || !e || !m || !lo || !hi) {
		b->failed = 1;
		goto done;
	}
	for (k = 0; k < n; k++) {
		int y;
		wf_projection_row(c->p, k, &y);
		x[k] = y;
		e[k] = proj_value(c, k, WF_OUT_ENERGY_FACILITY_KWH);
		if (isfinite(e[k]))
			emax = fmax(emax, e[k]);
		for (j = 0; j < 2; j++) {
			size_t at = j * n + k;
			m[at] = proj_value(c, k, year_lines[j]);
			lo[at] = hi[at] = NAN;
			if (proj_quantiles(c, k, year_lines[j], &q) == 0 && q.p95 > q.p05) {
				lo[at] = q.p05;
				hi[at] = q.p95;
				spread |= j < nser;
			}
			if (j < nser && isfinite(m[at]))
				mmax = fmax(mmax, m[at]);
			if (j < nser && isfinite(hi[at]))
				mmax = fmax(mmax, hi[at]);
		}
	}
	ediv = wf_report_scale(WF_OUT_ENERGY_FACILITY_KWH, emax, &eu);
	mdiv = wf_report_scale(WF_OUT_EMISSIONS_OPERATIONAL_KG, mmax, &mu);
	for (k = 0; k < n; k++)
		e[k] /= ediv;
	for (k = 0; k < 2 * n; k++) {
		m[k] /= mdiv;
		lo[k] /= mdiv;
		hi[k] /= mdiv;
	}
	snprintf(et, sizeof et, "facility energy (%s per year)", eu);
	snprintf(mt, sizeof mt, "emissions (%s per year)", mu);
	iv[0] = '\0';
	if (proj_quantiles(c, n, WF_OUT_EMISSIONS_OPERATIONAL_KG, &q) == 0)
		snprintf(iv, sizeof iv, "; 90%% interval of the location-based total %s to %s "
			 "over %ld Monte Carlo samples",
			 fmt(ql, WF_OUT_EMISSIONS_OPERATIONAL_KG, q.p05),
			 fmt(qh, WF_OUT_EMISSIONS_OPERATIONAL_KG, q.p95), c->samples);
	snprintf(desc, sizeof desc,
		 "Facility energy and %s operational emissions in each year from %d to %d; "
		 "over the whole span %s and %s (location-based)%s.",
		 c->market ? "location- and market-based" : "location-based", c->y0, c->y1,
		 fmt(te, WF_OUT_ENERGY_FACILITY_KWH, proj_value(c, n, WF_OUT_ENERGY_FACILITY_KWH)),
		 fmt(tm, WF_OUT_EMISSIONS_OPERATIONAL_KG,
		     proj_value(c, n, WF_OUT_EMISSIONS_OPERATIONAL_KG)), iv);
	wf_svg_open(b, "chart-years", WIDTH, 2 * 250 + 8, "Year by year", desc, standalone);
	wf_svg_heading(b, 12, 4, "Facility energy");
	wf_svg_lines_panel(b, 0, 30, WIDTH, 220,
			   &(wf_svg_lines){.x_title = "year", .y_title = et, .y_labels_w = 44,
					   .y_from_zero = 1, .n = n, .nser = 1, .x = x, .y = e,
					   .names = (const char *const[]){"facility energy"}});
	wf_svg_heading(b, 12, 254, "Operational emissions");
	wf_svg_lines_panel(b, 0, 280, WIDTH, 220,
			   &(wf_svg_lines){.x_title = "year", .y_title = mt, .y_labels_w = 44,
					   .y_from_zero = 1, .n = n, .nser = nser,
					   .x = x, .y = m,
					   .names = (const char *const[]){labels[year_lines[0]],
									  labels[year_lines[1]]},
					   .lo = spread ? lo : NULL, .hi = spread ? hi : NULL,
					   .interval_label = "90% interval of each year (p05 to p95)"});
	wf_svg_close(b);
done:
	free(x);
	free(e);
	free(m);
	free(lo);
	free(hi);
}

/* The columns of the year table, as `wattif run` prints them: output,
 * heading, scale from the output's unit, decimals, and for emissions the
 * name of their p05 and p95 columns when the projection was sampled. */
typedef struct ycol {
	int out;
	const char *head;
	double scale;
	int prec;
	const char *q_head;
} ycol;

static const ycol year_cols[] = {
	{WF_OUT_IT_POWER_KW, "mean IT power (MW)", 1e-3, 1, NULL},
	{WF_OUT_PEAK_POWER_KW, "peak power (MW)", 1e-3, 1, NULL},
	{WF_OUT_ENERGY_IT_KWH, "IT energy (GWh)", 1e-6, 1, NULL},
	{WF_OUT_ENERGY_FACILITY_KWH, "facility energy (GWh)", 1e-6, 1, NULL},
	{-1, "PUE", 1, 3, NULL},
	{WF_OUT_INTENSITY_G_PER_KWH, "intensity (g CO2e/kWh)", 1, 1, NULL},
	{WF_OUT_EMISSIONS_OPERATIONAL_KG, "location-based (t CO2e)", 1e-3, 1, "location-based"},
	{WF_OUT_EMISSIONS_MARKET_KG, "market-based (t CO2e)", 1e-3, 1, "market-based"},
	{WF_OUT_EMISSIONS_EMBODIED_KG, "embodied (t CO2e)", 1e-3, 1, NULL},
	{WF_OUT_EMISSIONS_TOTAL_KG, "total (t CO2e)", 1e-3, 1, "total"},
	{WF_OUT_WATER_L, "water (ML)", 1e-6, 1, NULL},
};

/* 1 when column col has p05 and p95 columns beside it: sampled, and
 * market-based only when it differs from location-based. */
static int ycol_quantiles(const proj *c, const ycol *col)
{
	return c->samples > 1 && col->q_head &&
	       (col->out != WF_OUT_EMISSIONS_MARKET_KG || c->market);
}

static void years_table(wf_strbuf *b, const ctx *cx)
{
	const proj *c = cx->pj;
	size_t k, j;

	wf_strbuf_printf(b, "<div class=\"wide\">\n");
	table_open(b, "data years", "The numbers behind the chart: one row per calendar year, "
				    "then the totals over the span");
	wf_strbuf_printf(b, "<thead><tr><th scope=\"col\">year</th>");
	for (j = 0; j < N(year_cols); j++) {
		wf_strbuf_printf(b, "<th scope=\"col\">");
		esc(b, year_cols[j].head);
		wf_strbuf_printf(b, "</th>");
		if (ycol_quantiles(c, &year_cols[j]))
			wf_strbuf_printf(b, "<th scope=\"col\">%s p05 (t CO2e)</th>"
					    "<th scope=\"col\">%s p95 (t CO2e)</th>",
					 year_cols[j].q_head, year_cols[j].q_head);
	}
	wf_strbuf_printf(b, "%s</tr></thead>\n<tbody>\n",
			 c->shares ? "<th scope=\"col\">share of the region's demand (%)</th>" : "");
	for (k = 0; k <= c->n; k++) {
		int y = 0;
		const wf_result *r = k < c->n ? wf_projection_row(c->p, k, &y) : NULL;
		if (r)
			wf_strbuf_printf(b, "<tr data-year=\"%d\"><th scope=\"row\">%d</th>", y, y);
		else
			wf_strbuf_printf(b, "<tr class=\"total\"><th scope=\"row\">total</th>");
		for (j = 0; j < N(year_cols); j++) {
			const ycol *col = &year_cols[j];
			double v;
			if (col->out >= 0)
				v = proj_value(c, k, col->out);
			else
				v = proj_value(c, k, WF_OUT_ENERGY_FACILITY_KWH) /
				    proj_value(c, k, WF_OUT_ENERGY_IT_KWH);
			td_fixed(b, v, col->scale, col->prec);
			if (ycol_quantiles(c, col)) {
				wf_quantiles q;
				int ok = proj_quantiles(c, k, col->out, &q) == 0;
				td_fixed(b, ok ? q.p05 : NAN, col->scale, col->prec);
				td_fixed(b, ok ? q.p95 : NAN, col->scale, col->prec);
			}
		}
		if (c->shares) {
			double s = r ? wf_result_demand_share(r) : NAN;
			if (r)
				td_fixed(b, s, 100, 2);
			else
				wf_strbuf_printf(b, "<td></td>");
		}
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	wf_strbuf_printf(b, "</div>\n<p>Mean IT power is the mean draw over the year; peak power the "
			    "largest facility draw (the grid connection).  The total row sums "
			    "energy, emissions and water, and gives the energy-weighted intensity "
			    "and the largest peak.%s%s</p>\n",
			 c->samples > 1 ? "  p05 and p95: the 5th and 95th percentiles over the "
					  "Monte Carlo samples, of each year and, in the total "
					  "row, of the sum over the years sample by sample." : "",
			 c->shares ? "  Share of demand: facility energy over the region's "
				     "annual demand." : "");
}

static void years_caption(wf_strbuf *b, const ctx *cx)
{
	const proj *c = cx->pj;
	wf_strbuf_printf(b, "Facility energy and operational emissions in each calendar year "
			    "from %d to %d%s.%s", c->y0, c->y1,
			 c->market ? "; market-based emissions beside location-based ones, as "
				     "the scenario declares contracts" : " (location-based)",
			 c->samples > 1 ? " Whiskers: the 90% interval (p05 to p95) of each "
					  "year's emissions over the Monte Carlo samples." : "");
}

/* ----------------------------------------------------- siting charts */

static int siting_ok(const ctx *cx, const char **why)
{
	const proj *c = cx->pj;

	*why = c->st ? "no region ranks: the scenario fails in every one"
		     : "no siting was asked for (wattif report --regions REGEX)";
	return c->nok > 0;
}

static void siting_svg(wf_strbuf *b, const ctx *cx, int standalone)
{
	const proj *c = cx->pj;
	size_t m = c->nok, k;
	const char **names = malloc((m ? m : 1) * sizeof(*names));
	double *val = malloc(2 * (m ? m : 1) * sizeof(double)), mx = 0, div;
	const char *unit;
	char axis[128], desc[512], best[64], worst[64];
	wf_site s;

	if (!names || !val) {
		b->failed = 1;
		goto done;
	}
	for (k = 0; k < m; k++) {
		wf_siting_get(c->st, k, &s);
		names[k] = s.region;
		val[2 * k] = s.operational_kg;
		val[2 * k + 1] = s.embodied_kg;
		mx = fmax(mx, s.total_kg);
	}
	div = wf_report_scale(WF_OUT_EMISSIONS_TOTAL_KG, mx, &unit);
	for (k = 0; k < 2 * m; k++)
		val[k] /= div;
	snprintf(axis, sizeof axis, "lifetime total emissions (%s)", unit);
	wf_siting_get(c->st, 0, &s);
	fmt(best, WF_OUT_EMISSIONS_TOTAL_KG, s.total_kg);
	wf_siting_get(c->st, m - 1, &s);
	fmt(worst, WF_OUT_EMISSIONS_TOTAL_KG, s.total_kg);
	snprintf(desc, sizeof desc, "%zu regions ranked by lifetime total emissions, lowest "
		 "first: %s at %s to %s at %s.", m, names[0], best, names[m - 1], worst);
	wf_svg_open(b, "chart-siting", WIDTH, 110 + 30 * (double)m, "Where to site it", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Regions ranked by lifetime total emissions");
	wf_svg_hbars(b, 0, 30, WIDTH, 76 + 30 * (double)m,
		     &(wf_svg_bars){.axis_title = axis, .rows = m, .segs = 2, .row_labels = names,
				    .seg_labels = mass_segs, .values = val});
	wf_svg_close(b);
done:
	free(names);
	free(val);
}

/* The drivers beside each total, as `wattif run --regions` prints them,
 * and the regions that could not be ranked, with why. */
static void siting_table(wf_strbuf *b, const ctx *cx)
{
	const proj *c = cx->pj;
	static const char *const h[] = {"rank", "region", "total (t CO2e)", "vs best (t CO2e)",
					"intensity (g CO2e/kWh)", "PUE", "water (ML)",
					"facility energy (GWh)", NULL};
	size_t n = wf_siting_count(c->st), k, failed = 0;
	double best = NAN;
	wf_site s;

	table_open(b, "data siting", "The numbers behind the ranking, with what drives each "
				     "total: the grid (energy-weighted intensity), the climate "
				     "through the PUE, and water");
	thead(b, h);
	for (k = 0; k < n; k++) {
		char buf[64];
		if (wf_siting_get(c->st, k, &s) != 0 || !s.ok) {
			failed++;
			continue;
		}
		if (k == 0)
			best = s.total_kg;
		wf_strbuf_printf(b, "<tr data-region=\"");
		esc(b, s.region);
		wf_strbuf_printf(b, "\"><td class=\"num\">%zu</td>", k + 1);
		td_text(b, s.region);
		td_fixed(b, s.total_kg, 1e-3, 1);
		snprintf(buf, sizeof buf, "%+.1f", (s.total_kg - best) / 1000);
		td_value(b, s.total_kg - best, buf);
		td_fixed(b, s.intensity_g_per_kwh, 1, 1);
		td_fixed(b, s.pue, 1, 3);
		td_fixed(b, s.water_l, 1e-6, 1);
		td_fixed(b, s.energy_facility_kwh, 1e-6, 1);
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	if (!failed)
		return;
	wf_strbuf_printf(b, "<p>Not ranked: the scenario fails in %zu of the regions matched, "
			    "so they are not drawn.</p>\n<ul class=\"failed\">\n", failed);
	for (k = 0; k < n; k++)
		if (wf_siting_get(c->st, k, &s) == 0 && !s.ok) {
			wf_strbuf_printf(b, "<li data-region=\"");
			esc(b, s.region);
			wf_strbuf_printf(b, "\"><code>");
			esc(b, s.region);
			wf_strbuf_printf(b, "</code>: ");
			esc(b, s.error);
			wf_strbuf_printf(b, "</li>\n");
		}
	wf_strbuf_printf(b, "</ul>\n");
}

static void siting_caption(wf_strbuf *b, const ctx *cx)
{
	const proj *c = cx->pj;
	wf_strbuf_printf(b, "The same scenario in each of the %zu regions where it runs, ranked "
			    "by total emissions over its life, lowest first; each bar splits into "
			    "operational (location-based) and embodied emissions.", c->nok);
}

static int siting_years_ok(const ctx *cx, const char **why)
{
	const proj *c = cx->pj;

	*why = !c->st ? "no siting was asked for (wattif report --regions REGEX)"
		      : "no region's projection was given to draw";
	return c->ndrawn > 0;
}

/* The regions drawn year by year, in ranking order: rows[] of the siting. */
static size_t drawn_rows(const proj *c, size_t *rows)
{
	size_t k, m = 0;

	for (k = 0; k < wf_siting_count(c->st); k++)
		if (c->sy && c->sy[k] && wf_report_siting_drawn(c->st, k))
			rows[m++] = k;
	return m;
}

static void siting_years_svg(wf_strbuf *b, const ctx *cx, int standalone)
{
	const proj *c = cx->pj;
	size_t m = c->ndrawn, n = c->n, k, j;
	size_t *rows = malloc(m * sizeof(size_t));
	const char **names = malloc(m * sizeof(*names));
	char (*lab)[96] = malloc(m * sizeof(*lab));
	double *x = malloc(n * sizeof(double)), *y = malloc(m * n * sizeof(double));
	double mx = 0, div;
	const char *unit;
	char yt[96], desc[512];

	if (!rows || !names || !lab || !x || !y) {
		b->failed = 1;
		goto done;
	}
	drawn_rows(c, rows);
	for (k = 0; k < n; k++) {
		int yr;
		wf_projection_row(c->p, k, &yr);
		x[k] = yr;
	}
	for (j = 0; j < m; j++) {
		const wf_projection *q = c->sy[rows[j]];
		wf_site s;
		wf_siting_get(c->st, rows[j], &s);
		snprintf(lab[j], sizeof lab[j], "%zu. %s", rows[j] + 1, s.region);
		names[j] = lab[j];
		for (k = 0; k < n; k++) {
			double v = NAN;
			if (k < wf_projection_count(q))
				wf_result_get(wf_projection_row(q, k, NULL), WF_OUT_EMISSIONS_TOTAL_KG, &v);
			y[j * n + k] = v;
			if (isfinite(v))
				mx = fmax(mx, v);
		}
	}
	div = wf_report_scale(WF_OUT_EMISSIONS_TOTAL_KG, mx, &unit);
	for (k = 0; k < m * n; k++)
		y[k] /= div;
	snprintf(yt, sizeof yt, "total emissions (%s per year)", unit);
	snprintf(desc, sizeof desc, "Total emissions in each year from %d to %d of %zu of the "
		 "%zu regions ranked, from %s (lowest over the span) to %s.", c->y0, c->y1, m,
		 c->nok, names[0], names[m - 1]);
	wf_svg_open(b, "chart-siting-years", WIDTH, 340, "The regions year by year", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Total emissions year by year, by region");
	wf_svg_lines_panel(b, 0, 30, WIDTH, 306,
			   &(wf_svg_lines){.x_title = "year", .y_title = yt, .y_labels_w = 44,
					   .y_from_zero = 1, .n = n, .nser = m, .x = x, .y = y,
					   .names = names});
	wf_svg_close(b);
done:
	free(rows);
	free(names);
	free(lab);
	free(x);
	free(y);
}

static void siting_years_table(wf_strbuf *b, const ctx *cx)
{
	const proj *c = cx->pj;
	size_t m = c->ndrawn, k, j;
	size_t *rows = malloc(m * sizeof(size_t));
	wf_site s;

	if (!rows) {
		b->failed = 1;
		return;
	}
	drawn_rows(c, rows);
	wf_strbuf_printf(b, "<details class=\"table\"><summary>The numbers behind the chart "
			    "(%zu regions, %zu years)</summary>\n", m, c->n);
	table_open(b, "data", "Total emissions (t CO2e) by year and region");
	wf_strbuf_printf(b, "<thead><tr><th scope=\"col\">year</th>");
	for (j = 0; j < m; j++) {
		wf_siting_get(c->st, rows[j], &s);
		wf_strbuf_printf(b, "<th scope=\"col\">");
		esc(b, s.region);
		wf_strbuf_printf(b, "</th>");
	}
	wf_strbuf_printf(b, "</tr></thead>\n<tbody>\n");
	for (k = 0; k < c->n; k++) {
		int y;
		wf_projection_row(c->p, k, &y);
		wf_strbuf_printf(b, "<tr><th scope=\"row\">%d</th>", y);
		for (j = 0; j < m; j++) {
			const wf_projection *q = c->sy[rows[j]];
			double v = NAN;
			if (k < wf_projection_count(q))
				wf_result_get(wf_projection_row(q, k, NULL), WF_OUT_EMISSIONS_TOTAL_KG, &v);
			td_fixed(b, v, 1e-3, 1);
		}
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	wf_strbuf_printf(b, "</details>\n");
	free(rows);
}

/* Says which regions the lines show. */
static void siting_years_caption(wf_strbuf *b, const ctx *cx)
{
	const proj *c = cx->pj;
	size_t *rows = malloc((c->ndrawn ? c->ndrawn : 1) * sizeof(size_t)), m, lo = 0;

	if (!rows) {
		b->failed = 1;
		return;
	}
	m = drawn_rows(c, rows);
	while (lo < m && rows[lo] == lo)
		lo++;
	if (m == c->nok)
		wf_strbuf_printf(b, "Every region ranked (%zu), ", m);
	else if (m - lo > 0 && rows[lo] == c->nok - (m - lo))
		wf_strbuf_printf(b, "The %zu lowest-emitting and the %zu highest-emitting of the "
				    "%zu regions ranked, ", lo, m - lo, c->nok);
	else
		wf_strbuf_printf(b, "%zu of the %zu regions ranked, ", m, c->nok);
	wf_strbuf_printf(b, "year by year: total emissions (operational, location-based, plus "
			    "embodied) along the grid pathway of each.  Each region has its own "
			    "colour, marker shape and dash pattern; its rank is before its name.");
	free(rows);
}

/* --------------------------------------------------- projection page */

static const chart pcharts[] = {
	{"years", "years", NULL, years_ok, years_svg, years_table, years_caption},
	{"siting", "siting", NULL, siting_ok, siting_svg, siting_table, siting_caption},
	{"siting-years", "siting", NULL, siting_years_ok, siting_years_svg, siting_years_table,
	 siting_years_caption},
};

WF_API const char *wf_report_projection_chart_name(int k)
{
	return k >= 0 && (size_t)k < N(pcharts) ? pcharts[k].name : NULL;
}

/* A note of a projection and the years that have it. */
typedef struct pnote {
	char *lit;              /* the line as the first year has it */
	char *key;              /* and with that year as "\x01" */
	int first, last;
} pnote;

/* The notes of every year, each distinct line once in order of first
 * appearance; a line that differs from year to year only by naming its
 * own year ("grid intensity for 2031 held at ...") is one line naming the
 * span of years. */
static void proj_notes(wf_strbuf *b, const proj *c)
{
	pnote *pn = NULL;
	size_t n = 0, cap = 0, k, i;
	wf_strbuf key = {0}, all = {0};
	int failed = 0;

	for (k = 0; k < c->n && !failed; k++) {
		int y;
		const char *s = wf_result_notes(wf_projection_row(c->p, k, &y));
		char ys[16];
		snprintf(ys, sizeof ys, "%d", y);
		for (; *s && !failed; s += strcspn(s, "\n"), s += *s == '\n') {
			size_t len = strcspn(s, "\n"), at;
			int named = 0;
			if (!len)
				continue;
			key.len = 0;
			wf_strbuf_printf(&key, "%s", "");
			for (at = 0; at < len;)
				if (strncmp(s + at, ys, strlen(ys)) == 0) {
					wf_strbuf_printf(&key, "\x01");
					at += strlen(ys);
					named = 1;
				} else {
					wf_strbuf_printf(&key, "%c", s[at++]);
				}
			if ((failed = key.failed))
				break;
			/* the same words, or the same but for naming their own year */
			for (i = 0; i < n; i++)
				if (strlen(pn[i].lit) == len && strncmp(pn[i].lit, s, len) == 0)
					break;
				else if (named && pn[i].key && strcmp(pn[i].key, key.s) == 0) {
					pn[i].last = y;
					break;
				}
			if (i < n)
				continue;
			if (n == cap) {
				pnote *m = realloc(pn, (cap ? 2 * cap : 16) * sizeof(*pn));
				if ((failed = !m))
					break;
				pn = m;
				cap = cap ? 2 * cap : 16;
			}
			pn[n].lit = strndup(s, len);
			pn[n].key = named ? strdup(key.s) : NULL;
			pn[n].first = pn[n].last = y;
			n++;
			failed = !pn[n - 1].lit || (named && !pn[n - 1].key);
		}
	}
	for (i = 0; i < n && !failed; i++) {
		const char *q;
		if (!pn[i].key || pn[i].first == pn[i].last) {
			wf_strbuf_printf(&all, "%s\n", pn[i].lit);
			continue;
		}
		for (q = pn[i].key; *q; q++)
			if (*q != '\x01')
				wf_strbuf_printf(&all, "%c", *q);
			else
				wf_strbuf_printf(&all, "%d to %d", pn[i].first, pn[i].last);
		wf_strbuf_printf(&all, "\n");
	}
	if (failed || all.failed)
		b->failed = 1;
	else if (n)
		notes(b, all.s);
	for (i = 0; i < n; i++) {
		free(pn[i].lit);
		free(pn[i].key);
	}
	free(pn);
	wf_strbuf_free(&key);
	wf_strbuf_free(&all);
}

/* A headline card for a lifetime total, with the 90% interval of the sum
 * over the years when sampled. */
static void proj_card(wf_strbuf *b, const proj *c, const char *label, int out)
{
	double v = proj_value(c, c->n, out);
	char buf[64];
	wf_quantiles q;

	wf_strbuf_printf(b, "<div class=\"card\" data-output=\"%s\"><div class=\"label\">",
			 wf_output_name(out));
	esc(b, label);
	if (isfinite(v)) {
		wf_strbuf_printf(b, "</div><div class=\"value\" data-value=\"%.17g\">", v);
		esc(b, fmt(buf, out, v));
	} else {
		wf_strbuf_printf(b, "</div><div class=\"value\">n/a");
	}
	wf_strbuf_printf(b, "</div>");
	if (proj_quantiles(c, c->n, out, &q) == 0 && q.p95 > q.p05)
		card_interval(b, out, &q);
	wf_strbuf_printf(b, "</div>\n");
}

static void proj_headline(wf_strbuf *b, const proj *c)
{
	wf_strbuf_printf(b, "<section id=\"headline\">\n<h2>Lifetime totals, %d to %d</h2>\n"
			    "<div class=\"cards\">\n", c->y0, c->y1);
	proj_card(b, c, "energy (facility)", WF_OUT_ENERGY_FACILITY_KWH);
	proj_card(b, c, "emissions (total)", WF_OUT_EMISSIONS_TOTAL_KG);
	proj_card(b, c, "operational, location-based", WF_OUT_EMISSIONS_OPERATIONAL_KG);
	if (c->market)
		proj_card(b, c, "operational, market-based", WF_OUT_EMISSIONS_MARKET_KG);
	proj_card(b, c, "embodied emissions", WF_OUT_EMISSIONS_EMBODIED_KG);
	proj_card(b, c, "water", WF_OUT_WATER_L);
	proj_card(b, c, "peak power (grid connection)", WF_OUT_PEAK_POWER_KW);
	wf_strbuf_printf(b, "</div>\n<p>Sums over the %zu calendar years (peak power: the "
			    "largest year).%s</p>\n</section>\n", c->n,
			 c->samples > 1 ? "  90% interval: p05 to p95 of the sum over the years, "
					  "sample by sample (an uncertain input keeps its drawn "
					  "value in every year)." : "");
}

/* The checks and the data both projection entry points start with. */
static int proj_start(proj *c, ctx *x, char **out, const wf_scenario *sc,
		      const wf_projection *p, const wf_siting *st,
		      const wf_projection *const *site_years, const wf_report_options *opt,
		      wf_error *err)
{
	static const wf_report_options defaults = WF_REPORT_OPTIONS_INIT;
	int rc;

	if ((rc = check_call(out, p != NULL, "_projection",
			     opt ? opt->version : WF_REPORT_OPTIONS_VERSION,
			     WF_REPORT_OPTIONS_VERSION, err)))
		return rc;
	proj_init(c, x, sc, p, st, site_years, opt ? opt : &defaults);
	return 0;
}

WF_API int wf_report_projection_html(char **out, size_t *len, const wf_scenario *sc,
				     const wf_projection *p, const wf_siting *st,
				     const wf_projection *const *site_years,
				     const wf_report_options *opt, wf_error *err)
{
	wf_strbuf b = {0};
	size_t k;
	int rc;
	proj c;
	ctx x;

	if ((rc = proj_start(&c, &x, out, sc, p, st, site_years, opt, err)))
		return rc;
	scenario_page_open(&b, &x);
	wf_strbuf_printf(&b, " &middot; %d to %d, one row per calendar year", c.y0, c.y1);
	if (c.samples > 1)
		wf_strbuf_printf(&b, " &middot; %ld Monte Carlo samples", c.samples);
	if (st)
		wf_strbuf_printf(&b, " &middot; sited in %zu regions", wf_siting_count(st));
	wf_strbuf_printf(&b, " &middot; wattif %s</p>\n</header>\n", WF_VERSION);
	proj_headline(&b, &c);
	proj_notes(&b, &c);
	section(&b, &x, pcharts, N(pcharts), "years", "Year by year");
	if (st)
		section(&b, &x, pcharts, N(pcharts), "siting", "Where to site it");
	if (x.o->explain) {
		wf_strbuf_printf(&b, "<section id=\"derivation\">\n<h2>Derivation</h2>\n"
				     "<p>How each figure was derived, year by year: formulas, inputs "
				     "and where each input came from.</p>\n");
		for (k = 0; k < c.n; k++) {
			int y;
			const wf_result *r = wf_projection_row(p, k, &y);
			wf_strbuf_printf(&b, "<details data-year=\"%d\">\n<summary>%d</summary>\n<pre>",
					 y, y);
			esc(&b, wf_result_explain(r));
			wf_strbuf_printf(&b, "</pre>\n</details>\n");
		}
		wf_strbuf_printf(&b, "</section>\n");
	}
	page_close(&b);
	return finish(&b, out, len, err);
}

WF_API int wf_report_projection_svg(char **out, size_t *len, const wf_scenario *sc,
				    const wf_projection *p, const wf_siting *st,
				    const wf_projection *const *site_years,
				    const char *name, const wf_report_options *opt,
				    wf_error *err)
{
	int rc;
	proj c;
	ctx x;

	if ((rc = proj_start(&c, &x, out, sc, p, st, site_years, opt, err)))
		return rc;
	return chart_svg(out, len, &x, pcharts, N(pcharts), wf_report_projection_chart_name,
			 name, err);
}

/* ------------------------------------------------------------ sweeps */

/* A sweep laid out for its heatmap: categories of each shown axis in the
 * order points first use them, and the grid of values. */
typedef struct sweep_grid {
	int ax[3];                  /* axis index of x, y, panels; -1 = none */
	size_t col;                 /* value column, counted after the axes */
	const char *col_name;
	int out;                    /* the output the column is about, or -1 */
	const char **cat[3];        /* category texts (owned by the sweep) */
	size_t ncat[3];
	double *cells;              /* ncat[2] x ncat[1] x ncat[0], NaN = none */
	size_t shown;               /* points shown */
} sweep_grid;

static void grid_free(sweep_grid *g)
{
	int d;

	for (d = 0; d < 3; d++)
		free(g->cat[d]);
	free(g->cells);
}

/* The axis called path, or -1. */
static int axis_find(const wf_sweep *sw, const char *path)
{
	size_t a;

	for (a = 0; a < wf_sweep_axis_count(sw); a++)
		if (strcmp(wf_sweep_column(sw, a), path) == 0)
			return (int)a;
	return -1;
}

WF_API int wf_report_sweep_wants(const wf_sweep *sw, size_t k,
				 const wf_report_sweep_options *o)
{
	size_t i;

	for (i = 0; o && i < o->nwhere; i++) {
		const char *eq = strchr(o->where[i], '=');
		const char *v;
		int a;
		char path[256];
		if (!eq || (size_t)(eq - o->where[i]) >= sizeof path)
			return 0;
		snprintf(path, sizeof path, "%.*s", (int)(eq - o->where[i]), o->where[i]);
		if ((a = axis_find(sw, path)) < 0 || !(v = wf_sweep_axis_value(sw, k, (size_t)a)) ||
		    strcmp(v, eq + 1) != 0)
			return 0;
	}
	return 1;
}

/* Index of text among the n categories so far, adding it when new. */
static size_t category(const char ***cat, size_t *n, const char *text)
{
	size_t i;

	for (i = *n; i-- > 0;) /* points tend to repeat recent values */
		if (strcmp((*cat)[i], text) == 0)
			return i;
	(*cat)[*n] = text;
	return (*n)++;
}

static int sweep_layout(sweep_grid *g, const wf_sweep *sw, const double *values,
			const wf_report_sweep_options *o, wf_error *err)
{
	static const char *const role[3] = {"--x", "--y", "--panels"};
	const char *want[3] = {o->x, o->y, o->panels};
	size_t na = wf_sweep_axis_count(sw), nv = wf_sweep_value_count(sw);
	size_t np = wf_sweep_point_count(sw), k, a, i;
	const char **fixed = NULL;
	int d, rc = 0;

	memset(g, 0, sizeof(*g));
	if (na == 0 || nv == 0)
		return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
				    "the sweep has no axes or no outputs to show");
	/* defaults: y the first axis, x the second (or the only), panels the third */
	if (!o->x && !o->y && !o->panels) {
		g->ax[0] = na >= 2 ? 1 : 0;
		g->ax[1] = na >= 2 ? 0 : -1;
		g->ax[2] = na >= 3 ? 2 : -1;
	} else {
		for (d = 0; d < 3; d++) {
			g->ax[d] = want[d] ? axis_find(sw, want[d]) : -1;
			if (want[d] && g->ax[d] < 0) {
				char known[512] = "";
				for (a = 0; a < na; a++)
					snprintf(known + strlen(known), sizeof known - strlen(known),
						 "%s%s", a ? ", " : "", wf_sweep_column(sw, a));
				return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
						    "%s %s: the sweep has no such axis (axes: %s)",
						    role[d], want[d], known);
			}
		}
		if (g->ax[0] < 0)
			return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
					    "name the axis across the heatmap with --x");
	}
	for (d = 0; d < 3; d++)
		for (i = (size_t)d + 1; i < 3; i++)
			if (g->ax[d] >= 0 && g->ax[d] == g->ax[i])
				return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
						    "%s and %s both name %s", role[d], role[i],
						    wf_sweep_column(sw, (size_t)g->ax[d]));
	/* the value column */
	g->col = nv;
	for (k = 0; k < nv; k++) {
		const char *name = wf_sweep_column(sw, na + k);
		if (o->value ? strcmp(name, o->value) == 0
			     : strcmp(name, "emissions_total_kg") == 0)
			g->col = k;
	}
	if (g->col == nv && !o->value)
		g->col = 0;
	if (g->col == nv) {
		char known[512] = "";
		for (k = 0; k < nv; k++)
			snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
				 k ? ", " : "", wf_sweep_column(sw, na + k));
		return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
				    "--value %s: the sweep has no such column (columns: %s)",
				    o->value, known);
	}
	g->col_name = wf_sweep_column(sw, na + g->col);
	g->out = -1;
	for (d = 0; d < WF_OUT_COUNT_; d++) {
		size_t l = strlen(wf_output_name(d));
		if (strncmp(g->col_name, wf_output_name(d), l) == 0 &&
		    (g->col_name[l] == '\0' || g->col_name[l] == '_'))
			g->out = d;
	}
	for (d = 0; d < 3; d++)
		if (!(g->cat[d] = malloc((np ? np : 1) * sizeof(char *))))
			goto nomem;
	if (!(fixed = calloc(na, sizeof(char *))))
		goto nomem;
	/* categories, and every other axis must hold one value */
	for (k = 0; k < np; k++) {
		if (!wf_report_sweep_wants(sw, k, o))
			continue;
		g->shown++;
		for (d = 0; d < 3; d++)
			if (g->ax[d] >= 0)
				category(&g->cat[d], &g->ncat[d],
					 wf_sweep_axis_value(sw, k, (size_t)g->ax[d]));
		for (a = 0; a < na; a++) {
			const char *v = wf_sweep_axis_value(sw, k, a);
			if ((int)a == g->ax[0] || (int)a == g->ax[1] || (int)a == g->ax[2])
				continue;
			if (!fixed[a])
				fixed[a] = v;
			else if (strcmp(fixed[a], v) != 0) {
				rc = wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
						  "axis %s varies (%s, %s, ...) but is not shown: name it "
						  "with --x, --y or --panels, or pick one value with "
						  "--where %s=%s",
						  wf_sweep_column(sw, a), fixed[a], v,
						  wf_sweep_column(sw, a), fixed[a]);
				goto fail;
			}
		}
	}
	if (g->shown == 0) {
		rc = wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
				  "no point of the sweep passes the --where filters");
		goto fail;
	}
	for (d = 0; d < 3; d++)
		if (g->ax[d] < 0) {
			g->cat[d][0] = "";
			g->ncat[d] = 1;
		}
	if (!(g->cells = malloc(g->ncat[0] * g->ncat[1] * g->ncat[2] * sizeof(double))))
		goto nomem;
	for (i = 0; i < g->ncat[0] * g->ncat[1] * g->ncat[2]; i++)
		g->cells[i] = NAN;
	for (k = 0; k < np; k++) {
		size_t at[3] = {0, 0, 0};
		if (!wf_report_sweep_wants(sw, k, o))
			continue;
		for (d = 0; d < 3; d++)
			if (g->ax[d] >= 0)
				at[d] = category(&g->cat[d], &g->ncat[d],
						 wf_sweep_axis_value(sw, k, (size_t)g->ax[d]));
		g->cells[(at[2] * g->ncat[1] + at[1]) * g->ncat[0] + at[0]] = values[k * nv + g->col];
	}
	free(fixed);
	return 0;
nomem:
	rc = wf_error_set(err, WF_ENOMEM, "report", NULL, 0, 0, "out of memory");
fail:
	free(fixed);
	grid_free(g);
	return rc;
}

/* "total emissions (t CO2e)" and the divisor to get there. */
static double sweep_value_title(char *buf, size_t size, const sweep_grid *g)
{
	size_t i, n = g->ncat[0] * g->ncat[1] * g->ncat[2];
	double mx = 0, div = 1;
	const char *unit = "";

	for (i = 0; i < n; i++)
		if (isfinite(g->cells[i]))
			mx = fmax(mx, fabs(g->cells[i]));
	if (g->out >= 0) {
		div = wf_report_scale(g->out, mx, &unit);
		snprintf(buf, size, "%s%s (%s)", labels[g->out],
			 g->col_name + strlen(wf_output_name(g->out)), unit);
	} else {
		snprintf(buf, size, "%s", g->col_name);
	}
	return div;
}

static void sweep_svg(wf_strbuf *b, const wf_sweep *sw, const sweep_grid *g, int standalone)
{
	size_t n = g->ncat[0] * g->ncat[1] * g->ncat[2], i;
	double *scaled = malloc((n ? n : 1) * sizeof(double)), div, h;
	char vt[160], desc[512];
	wf_svg_heatmap spec;

	if (!scaled) {
		b->failed = 1;
		return;
	}
	div = sweep_value_title(vt, sizeof vt, g);
	for (i = 0; i < n; i++)
		scaled[i] = g->cells[i] / div;
	spec = (wf_svg_heatmap){
		.x_title = wf_sweep_column(sw, (size_t)g->ax[0]),
		.y_title = g->ax[1] >= 0 ? wf_sweep_column(sw, (size_t)g->ax[1]) : "",
		.value_title = vt, .nx = g->ncat[0], .ny = g->ncat[1], .npanels = g->ncat[2],
		.x_labels = g->cat[0], .y_labels = g->cat[1],
		.panel_labels = g->ax[2] >= 0 ? g->cat[2] : NULL, .values = scaled,
		.columns = g->ncat[0] > 12 ? 1 : g->ncat[0] > 5 ? 2 : 3};
	snprintf(desc, sizeof desc, "Heatmap of %s over %s (%zu values) and %s (%zu)%s%s%s, "
		 "%zu points.", vt, spec.x_title, g->ncat[0], g->ax[1] >= 0 ? spec.y_title : "-",
		 g->ncat[1], g->ax[2] >= 0 ? ", one panel per " : "",
		 g->ax[2] >= 0 ? wf_sweep_column(sw, (size_t)g->ax[2]) : "", "", g->shown);
	h = wf_svg_heatmap_height(&spec, WIDTH) + 10;
	wf_svg_open(b, "chart-heatmap", WIDTH, h, "The sweep as a heatmap", desc, standalone);
	wf_svg_heatmap_panel(b, 0, 6, WIDTH, &spec);
	wf_svg_close(b);
	free(scaled);
}

/* One table per panel: rows y, columns x. */
static void sweep_tables(wf_strbuf *b, const wf_sweep *sw, const sweep_grid *g)
{
	size_t p, y, x, n = g->ncat[0] * g->ncat[1] * g->ncat[2];
	int fold = n > 300;

	if (fold)
		wf_strbuf_printf(b, "<details class=\"table\"><summary>The numbers behind the "
				    "heatmap (%zu cells)</summary>\n", n);
	for (p = 0; p < g->ncat[2]; p++) {
		char cap[512];
		snprintf(cap, sizeof cap, "%s%s%s%s", g->col_name,
			 g->ax[2] >= 0 ? " where " : "",
			 g->ax[2] >= 0 ? wf_sweep_column(sw, (size_t)g->ax[2]) : "",
			 g->ax[2] >= 0 ? " = " : "");
		if (g->ax[2] >= 0)
			snprintf(cap + strlen(cap), sizeof cap - strlen(cap), "%s", g->cat[2][p]);
		table_open(b, "data", cap);
		wf_strbuf_printf(b, "<thead><tr><th scope=\"col\">");
		esc(b, g->ax[1] >= 0 ? wf_sweep_column(sw, (size_t)g->ax[1]) : "");
		wf_strbuf_printf(b, " \\ ");
		esc(b, wf_sweep_column(sw, (size_t)g->ax[0]));
		wf_strbuf_printf(b, "</th>");
		for (x = 0; x < g->ncat[0]; x++) {
			wf_strbuf_printf(b, "<th scope=\"col\">");
			esc(b, g->cat[0][x]);
			wf_strbuf_printf(b, "</th>");
		}
		wf_strbuf_printf(b, "</tr></thead>\n<tbody>\n");
		for (y = 0; y < g->ncat[1]; y++) {
			wf_strbuf_printf(b, "<tr><th scope=\"row\">");
			esc(b, g->cat[1][y]);
			wf_strbuf_printf(b, "</th>");
			for (x = 0; x < g->ncat[0]; x++) {
				double v = g->cells[(p * g->ncat[1] + y) * g->ncat[0] + x];
				if (g->out >= 0)
					td_out(b, g->out, v);
				else
					td_num(b, v, 4);
			}
			wf_strbuf_printf(b, "</tr>\n");
		}
		table_close(b);
	}
	if (fold)
		wf_strbuf_printf(b, "</details>\n");
}

WF_API int wf_report_sweep_html(char **out, size_t *len, const wf_sweep *sw,
				const double *values,
				const wf_report_sweep_options *opt, wf_error *err)
{
	static const wf_report_sweep_options defaults = WF_REPORT_SWEEP_OPTIONS_INIT;
	const wf_report_sweep_options *o = opt ? opt : &defaults;
	const char *title = o->title ? o->title : "wattif sweep report";
	wf_strbuf b = {0};
	sweep_grid g;
	size_t a, i;
	int rc;

	if ((rc = check_call(out, sw && values, "_sweep",
			     opt ? opt->version : WF_REPORT_SWEEP_OPTIONS_VERSION,
			     WF_REPORT_SWEEP_OPTIONS_VERSION, err)) ||
	    (rc = sweep_layout(&g, sw, values, o, err)))
		return rc;
	page_open(&b, title);
	wf_strbuf_printf(&b, "<p class=\"meta\">");
	if (o->source) {
		wf_strbuf_printf(&b, "Sweep <code>");
		esc(&b, o->source);
		wf_strbuf_printf(&b, "</code> &middot; ");
	}
	wf_strbuf_printf(&b, "%zu of %zu points shown", g.shown, wf_sweep_point_count(sw));
	if (wf_sweep_samples(sw) > 1)
		wf_strbuf_printf(&b, " &middot; %ld Monte Carlo samples per point", wf_sweep_samples(sw));
	wf_strbuf_printf(&b, " &middot; wattif %s</p>\n</header>\n", WF_VERSION);
	wf_strbuf_printf(&b, "<section id=\"axes\">\n<h2>Axes</h2>\n<ul>\n");
	for (a = 0; a < wf_sweep_axis_count(sw); a++) {
		wf_strbuf_printf(&b, "<li><code>");
		esc(&b, wf_sweep_column(sw, a));
		wf_strbuf_printf(&b, "</code>: %s</li>\n",
				 (int)a == g.ax[0] ? "across the heatmap (x)"
				 : (int)a == g.ax[1] ? "down the heatmap (y)"
				 : (int)a == g.ax[2] ? "one panel per value" : "held at one value");
	}
	for (i = 0; i < o->nwhere; i++) {
		wf_strbuf_printf(&b, "<li>only points where <code>");
		esc(&b, o->where[i]);
		wf_strbuf_printf(&b, "</code></li>\n");
	}
	wf_strbuf_printf(&b, "</ul>\n</section>\n<section id=\"heatmap\">\n<h2>");
	esc(&b, g.col_name);
	wf_strbuf_printf(&b, "</h2>\n<figure data-chart=\"heatmap\">\n");
	sweep_svg(&b, sw, &g, 0);
	wf_strbuf_printf(&b, "<figcaption>Each cell is one point of the sweep; the colour scale "
			     "(dark to light: low to high) is shared by every panel; grey: no "
			     "point.</figcaption>\n</figure>\n");
	sweep_tables(&b, sw, &g);
	wf_strbuf_printf(&b, "</section>\n");
	page_close(&b);
	grid_free(&g);
	return finish(&b, out, len, err);
}

WF_API int wf_report_sweep_svg(char **out, size_t *len, const wf_sweep *sw,
			       const double *values,
			       const wf_report_sweep_options *opt, wf_error *err)
{
	static const wf_report_sweep_options defaults = WF_REPORT_SWEEP_OPTIONS_INIT;
	wf_strbuf b = {0};
	sweep_grid g;
	int rc;

	if ((rc = check_call(out, sw && values, "_sweep",
			     opt ? opt->version : WF_REPORT_SWEEP_OPTIONS_VERSION,
			     WF_REPORT_SWEEP_OPTIONS_VERSION, err)) ||
	    (rc = sweep_layout(&g, sw, values, opt ? opt : &defaults, err)))
		return rc;
	wf_strbuf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sweep_svg(&b, sw, &g, 1);
	grid_free(&g);
	return finish(&b, out, len, err);
}

WF_API void wf_report_free(char *s)
{
	free(s);
}

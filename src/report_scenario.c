/*
 * report_scenario.c - the page of one scenario's result and its charts
 * alone as SVG (wf_report_html, wf_report_svg): the headline figures, then
 * the chart table below, each chart with its data check, its SVG and the
 * table of the numbers behind it:
 *
 *   breakdown    energy into IT and facility overhead, emissions into
 *                operational and embodied
 *   window       grid intensity and the job's emissions over its window
 *   histogram    the Monte Carlo samples of one output
 *   sensitivity  each uncertain input's share of the variance
 *   shift        regions ranked by emissions at their best start
 *
 * The page frame these sit in (head and foot, sections, figures, notes,
 * one chart alone as SVG) stayed in report.c; projections and siting are
 * in report_projection.c, sweeps in report_sweep.c.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ----------------------------------------------------------- the data */

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
	c->m = o->measured;
	for (i = 0; c->m && i < WF_OUT_COUNT_; i++)
		c->mhas[i] = wf_result_get(c->m, i, &c->mv[i]) == 0 && isfinite(c->mv[i]);
	c->hist_out = c->has[WF_OUT_EMISSIONS_TOTAL_KG] ? WF_OUT_EMISSIONS_TOTAL_KG
							: WF_OUT_ENERGY_FACILITY_KWH;
	ctx_band(c);
}

/* ------------------------------------------------------ table pieces */

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
	wf_svg_hbars(b, 0, y + 26, WF_REPORT_WIDTH, 130,
		     &(wf_svg_bars){.axis_title = axis, .rows = 1, .segs = 2,
				    .row_labels = (const char *const[]){row},
				    .seg_labels = seg, .values = vals,
				    .lo = c->hasq[tot] ? &lo : NULL,
				    .hi = c->hasq[tot] ? &hi : NULL,
				    .interval_label = "90% interval of the total (p05 to p95)"});
}

static const char *const energy_segs[2] = {"IT equipment",
					   "facility overhead (cooling, power conversion)"};

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
	wf_svg_open(b, "chart-breakdown", WF_REPORT_WIDTH, h,
		    "Where the energy and emissions come from", desc, standalone);
	breakdown_panel(b, c, 4, "Energy: IT equipment and facility overhead", "energy",
			energy_segs, e, WF_OUT_ENERGY_FACILITY_KWH);
	breakdown_panel(b, c, 4 + 170, "Emissions: operational and embodied", "emissions",
			isfinite(m[1]) ? wf_report__mass_segs : mass_segs_no_embodied, m,
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
	wf_period p = {0};

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
	wf_svg_open(b, "chart-window", WF_REPORT_WIDTH, 2 * 230 + 8, "The job's window over time",
		    desc, standalone);
	wf_svg_heading(b, 12, 4, "Grid carbon intensity");
	wf_svg_lines_panel(b, 0, 30, WF_REPORT_WIDTH, 200,
			   &(wf_svg_lines){.x_title = "time (UTC)",
					   .y_title = "intensity (g CO2e/kWh)", .x_time = 1,
					   .y_labels_w = 44,
					   .step = 1, .y_from_zero = 1, .n = n, .nser = 1,
					   .x = x, .y = ci,
					   .names = (const char *const[]){"grid intensity"},
					   .band_lo = c->band_lo, .band_hi = c->band_hi,
					   .band_label = c->band_label});
	wf_svg_heading(b, 12, 234, "The job's operational emissions");
	wf_svg_lines_panel(b, 0, 260, WF_REPORT_WIDTH, 200,
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
	wf_period p = {0};

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

	if (wf_result_sample_values(c->r, out, &v, &n)) {
		b->failed = 1; /* histogram_ok saw the samples */
		return;
	}
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
	snprintf(xt, sizeof xt, "%s (%s)", wf_output_label(out), unit);
	snprintf(desc, sizeof desc,
		 "Histogram of %ld Monte Carlo samples of %s: p05 %s, median %s, p95 %s.",
		 c->samples, wf_output_label(out), f[0], f[1], f[2]);
	wf_svg_open(b, "chart-histogram", WF_REPORT_WIDTH, 330, "How uncertain the figure is", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Monte Carlo samples");
	wf_svg_histogram(b, 0, 30, WF_REPORT_WIDTH, 296,
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
	if (wf_result_sample_values(c->r, out, &v, &n) ||
	    wf_report_bins(&edges, &counts, &nb, v, n) != 0)
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
			      wf_output_label(WF_OUT_EMISSIONS_TOTAL_KG));
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
	wf_svg_open(b, "chart-sensitivity", WF_REPORT_WIDTH, 110 + 34 * (double)m,
		    "What drives the uncertainty", desc, standalone);
	wf_svg_heading(b, 12, 4, "What drives total emissions");
	wf_svg_hbars(b, 0, 30, WF_REPORT_WIDTH, 76 + 34 * (double)m,
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
	wf_svg_open(b, "chart-shift", WF_REPORT_WIDTH, 110 + 30 * (double)m,
		    "Where and when to run", desc, standalone);
	wf_svg_heading(b, 12, 4, "Regions ranked by emissions at their best start");
	wf_svg_hbars(b, 0, 30, WF_REPORT_WIDTH, 76 + 30 * (double)m,
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
	{"compare", "compare",
	 "The same job estimated before the run and as measured after it: energy and "
	 "location-based emissions side by side; the table gives every output both ways "
	 "and the ratio estimated / measured.",
	 wf_report__compare_ok, wf_report__compare_svg, wf_report__compare_table, NULL},
};

WF_API const char *wf_report_chart_name(int k)
{
	return k >= 0 && (size_t)k < N(charts) ? charts[k].name : NULL;
}

/* ------------------------------------------------------------ the page */

/* A headline card: output out's value (with suffix) and its 90% interval. */
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
		wf_report__card_interval(b, out, &c->q[out]);
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
		td_text(b, wf_output_label(i));
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
	if (*wf_result_embodied_scope(c->r)) {
		wf_strbuf_printf(b, "<p>Embodied emissions cover ");
		esc(b, wf_result_embodied_scope(c->r));
		wf_strbuf_printf(b, ", amortised by device-time; `wattif explain` lists each "
				    "component with its factor, boundary and source.</p>\n");
	}
	if (c->has[WF_OUT_SCI_G_PER_UNIT]) {
		wf_strbuf_printf(b, "<p>SCI is per functional unit: one ");
		esc(b, wf_result_unit(c->r));
		wf_strbuf_printf(b, ".</p>\n");
	}
	wf_strbuf_printf(b, "</section>\n");
}

WF_API int wf_report_html(char **out, size_t *len, const wf_scenario *sc,
			  const wf_result *r, const wf_report_options *opt,
			  wf_error *err)
{
	static const wf_report_options defaults = WF_REPORT_OPTIONS_INIT;
	wf_strbuf b = {0};
	int rc;
	ctx c;

	if ((rc = wf_report__check_call(out, r != NULL, "",
					opt ? opt->version : WF_REPORT_OPTIONS_VERSION,
					WF_REPORT_OPTIONS_VERSION, err)))
		return rc;
	ctx_init(&c, sc, r, opt ? opt : &defaults);
	wf_report__scenario_page_open(&b, &c);
	if (c.samples > 1)
		wf_strbuf_printf(&b, " &middot; %ld Monte Carlo samples", c.samples);
	wf_strbuf_printf(&b, " &middot; wattif %s</p>\n</header>\n", WF_VERSION);
	headline(&b, &c);
	wf_report__notes(&b, wf_result_notes(r));
	if (c.m) {
		wf_report__section(&b, &c, charts, N(charts), "compare",
				   "Estimate beside measurement");
		wf_report__compare_extra(&b, &c);
	}
	wf_report__section(&b, &c, charts, N(charts), "breakdown",
			   "Where the energy and emissions come from");
	wf_report__section(&b, &c, charts, N(charts), "window", "The job's window over time");
	wf_report__section(&b, &c, charts, N(charts), "uncertainty", "Uncertainty");
	if (c.o->shift)
		wf_report__section(&b, &c, charts, N(charts), "shift", "Where and when to run");

	if (c.o->explain) {
		wf_strbuf_printf(&b, "<section id=\"derivation\">\n<h2>Derivation</h2>\n"
				     "<details>\n<summary>How each figure was derived: formulas, "
				     "inputs and where each input came from</summary>\n<pre>");
		esc(&b, wf_result_explain(r));
		wf_strbuf_printf(&b, "</pre>\n</details>\n</section>\n");
	}
	wf_report__page_close(&b);
	return wf_report__finish(&b, out, len, err);
}

WF_API int wf_report_svg(char **out, size_t *len, const wf_scenario *sc,
			 const wf_result *r, const char *name,
			 const wf_report_options *opt, wf_error *err)
{
	static const wf_report_options defaults = WF_REPORT_OPTIONS_INIT;
	int rc;
	ctx c;

	if ((rc = wf_report__check_call(out, r != NULL, "",
					opt ? opt->version : WF_REPORT_OPTIONS_VERSION,
					WF_REPORT_OPTIONS_VERSION, err)))
		return rc;
	ctx_init(&c, sc, r, opt ? opt : &defaults);
	return wf_report__chart_svg(out, len, &c, charts, N(charts), wf_report_chart_name, name,
				    err);
}

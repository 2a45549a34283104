/*
 * report_projection.c - the page of a projection, year by year, and of
 * the same scenario sited across regions (wf_report_projection_html,
 * wf_report_projection_svg), from the chart table pcharts[]:
 *
 *   years         facility energy and emissions in each calendar year
 *   siting        regions ranked by lifetime emissions
 *   siting-years  some of those regions' emissions year by year
 *
 * with the lifetime totals as headline cards and the notes of every year
 * merged into one list.  The page frame these sit in stayed in report.c;
 * the single-run page is in report_scenario.c, sweeps in report_sweep.c.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

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
	int embodied;                      /* embodied carbon is included */
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
		c->embodied |= wf_result_get(r, WF_OUT_EMISSIONS_EMBODIED_KG, &(double){0}) == 0;
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

/* The figures beside the outputs: marginal emissions (kg) and the grid
 * connection (kW) of year k (k == n: over the span); NaN when absent. */
enum { COL_PUE = -1, COL_MARGINAL = -2, COL_CONNECTION = -3 };

static double proj_extra(const proj *c, size_t k, int col)
{
	wf_bases bs;
	wf_provenance pv;
	double kg, e;
	size_t years;

	if (col == COL_PUE)
		return proj_value(c, k, WF_OUT_ENERGY_FACILITY_KWH) /
		       proj_value(c, k, WF_OUT_ENERGY_IT_KWH);
	if (k < c->n && col == COL_MARGINAL)
		return wf_result_bases(wf_projection_row(c->p, k, NULL), &bs) == 0
			? bs.marginal_kg : NAN;
	if (k < c->n)
		return wf_result_provenance(wf_projection_row(c->p, k, NULL), &pv) == 0
			? pv.connection_kw : NAN;
	if (col == COL_CONNECTION)
		return wf_projection_connection_kw(c->p);
	return wf_projection_marginal(c->p, &kg, &e, &years) == 0 && years == c->n ? kg : NAN;
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
	const char *const mnames[2] = {wf_output_label(year_lines[0]),
				       wf_output_label(year_lines[1])};
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
	wf_svg_open(b, "chart-years", WF_REPORT_WIDTH, 2 * 250 + 8, "Year by year", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Facility energy");
	wf_svg_lines_panel(b, 0, 30, WF_REPORT_WIDTH, 220,
			   &(wf_svg_lines){.x_title = "year", .y_title = et, .y_labels_w = 44,
					   .y_from_zero = 1, .n = n, .nser = 1, .x = x, .y = e,
					   .names = (const char *const[]){"facility energy"}});
	wf_svg_heading(b, 12, 254, "Operational emissions");
	wf_svg_lines_panel(b, 0, 280, WF_REPORT_WIDTH, 220,
			   &(wf_svg_lines){.x_title = "year", .y_title = mt, .y_labels_w = 44,
					   .y_from_zero = 1, .n = n, .nser = nser,
					   .x = x, .y = m,
					   .names = mnames,
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
	{WF_OUT_PEAK_POWER_KW, "expected peak draw (MW)", 1e-3, 1, NULL},
	{COL_CONNECTION, "grid connection (MW)", 1e-3, 1, NULL},
	{WF_OUT_ENERGY_IT_KWH, "IT energy (GWh)", 1e-6, 1, NULL},
	{WF_OUT_ENERGY_FACILITY_KWH, "facility energy (GWh)", 1e-6, 1, NULL},
	{COL_PUE, "PUE", 1, 3, NULL},
	{WF_OUT_INTENSITY_G_PER_KWH, "intensity (g CO2e/kWh)", 1, 1, NULL},
	{WF_OUT_EMISSIONS_OPERATIONAL_KG, "location-based (t CO2e)", 1e-3, 1, "location-based"},
	{COL_MARGINAL, "marginal, beside (t CO2e)", 1e-3, 1, NULL},
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

	wf_strbuf_printf(b, "<div class=\"wide bleed\">\n");
	table_open(b, "data years", "The numbers behind the chart: one row per calendar year, "
				    "then the totals over the span");
	wf_strbuf_printf(b, "<thead><tr><th scope=\"col\">year</th>");
	for (j = 0; j < N(year_cols); j++) {
		if (year_cols[j].out == WF_OUT_EMISSIONS_MARKET_KG && !c->market)
			continue; /* the same as location-based: no contracts declared */
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
			if (col->out == WF_OUT_EMISSIONS_MARKET_KG && !c->market)
				continue;
			v = col->out >= 0 ? proj_value(c, k, col->out) : proj_extra(c, k, col->out);
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
	wf_strbuf_printf(b, "</div>\n<p>Mean IT power is the mean draw over the year; the expected "
			    "peak draw is capacity online x peak load factor x peak PUE; the grid "
			    "connection is the rated IT capacity online x peak PUE at full load. "
			    "Marginal emissions (consequential) are beside the totals, never in "
			    "them.  The total row sums energy, emissions and water, and gives the "
			    "energy-weighted intensity and the largest peak and connection.%s%s</p>\n",
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
	wf_svg_open(b, "chart-siting", WF_REPORT_WIDTH, 110 + 30 * (double)m, "Where to site it",
		    desc, standalone);
	wf_svg_heading(b, 12, 4, "Regions ranked by lifetime emissions (operational + embodied)");
	wf_svg_hbars(b, 0, 30, WF_REPORT_WIDTH, 76 + 30 * (double)m,
		     &(wf_svg_bars){.axis_title = axis, .rows = m, .segs = 2, .row_labels = names,
				    .seg_labels = wf_report__mass_segs, .values = val});
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
	char hb[6][64];
	const char *h[12], *mname, *wname;
	size_t n = wf_siting_count(c->st), k, failed = 0, ties = 0;
	double best = NAN, mdiv, wdiv;
	wf_site s;

	/* the units `wattif run --regions` prints in */
	wf_siting_units(c->st, &mdiv, &mname, &wdiv, &wname);
	snprintf(hb[0], sizeof hb[0], "location-based (%s CO2e)", mname);
	snprintf(hb[1], sizeof hb[1], "marginal, beside (%s CO2e)", mname);
	snprintf(hb[2], sizeof hb[2], "total (%s CO2e)", mname);
	snprintf(hb[3], sizeof hb[3], "vs best (%s CO2e)", mname);
	snprintf(hb[4], sizeof hb[4], "water (%s)", wname);
	h[0] = "rank", h[1] = "region", h[2] = hb[0], h[3] = hb[1], h[4] = hb[2];
	h[5] = hb[3], h[6] = "intensity (g CO2e/kWh)", h[7] = "PUE", h[8] = hb[4];
	h[9] = "water stress", h[10] = "grid data", h[11] = NULL;

	table_open(b, "data siting", "The numbers behind the ranking, with what drives each "
				     "total: the grid (energy-weighted intensity and the regional "
				     "data), the climate through the PUE, and water");
	thead(b, h);
	for (k = 0; k < n; k++) {
		char buf[64];
		if (wf_siting_get(c->st, k, &s) != 0 || !s.ok) {
			failed++;
			continue;
		}
		if (k == 0)
			best = s.ranked_kg;
		ties += s.tied;
		wf_strbuf_printf(b, "<tr data-region=\"");
		esc(b, s.region);
		if (s.rank)
			wf_strbuf_printf(b, "\"><td class=\"num\">%zu%s</td>", s.rank,
					 s.tied ? "=" : "");
		else
			wf_strbuf_printf(b, "\"><td class=\"na\">-</td>");
		td_text(b, s.region);
		td_fixed(b, s.operational_kg, 1 / mdiv, 1);
		td_fixed(b, s.marginal_kg, 1 / mdiv, 1);
		td_fixed(b, s.total_kg, 1 / mdiv, 1);
		snprintf(buf, sizeof buf, "%+.1f", (s.ranked_kg - best) / mdiv);
		td_value(b, s.ranked_kg - best, buf);
		td_fixed(b, s.intensity_g_per_kwh, 1, 1);
		td_fixed(b, s.pue, 1, 3);
		td_fixed(b, s.water_l, 1 / wdiv, 1);
		wf_strbuf_printf(b, "<td>%.*s</td>", (int)strcspn(s.prov.water_stress, "("),
				 s.prov.water_stress);
		if (isfinite(s.prov.regional_factor))
			wf_strbuf_printf(b, "<td>x%.3f (NESO 2023)</td>", s.prov.regional_factor);
		else
			wf_strbuf_printf(b, "<td>no regional data</td>");
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
	wf_strbuf_printf(b, "<p>Ranked by lifetime %s emissions (<code>--rank-by %s</code>).%s"
			    "</p>\n", wf_rank_by_name(wf_siting_rank_by(c->st)),
			 wf_rank_by_name(wf_siting_rank_by(c->st)),
			 ties ? "  Regions marked = tie: their ranked figures are equal to 0.1 t "
				"CO2e, which happens when no regional data distinguishes them." : "");
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
		if (s.tied)
			snprintf(lab[j], sizeof lab[j], "%zu=. %s (tied)", s.rank, s.region);
		else
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
	wf_svg_open(b, "chart-siting-years", WF_REPORT_WIDTH, 340, "The regions year by year", desc,
		    standalone);
	wf_svg_heading(b, 12, 4, "Total emissions year by year, by region");
	wf_svg_lines_panel(b, 0, 30, WF_REPORT_WIDTH, 306,
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
			    "colour, marker shape and dash pattern; its rank is before its name, "
			    "and tied regions (rank =) are marked \"tied\": their lines coincide, "
			    "their dashes interleave.");
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
	if (isfinite(v) && out == WF_OUT_WATER_L) {
		/* ML, as in every table of the page */
		wf_strbuf_printf(b, "</div><div class=\"value\" data-value=\"%.17g\">%.1f ML", v,
				 v / 1e6);
	} else if (isfinite(v)) {
		wf_strbuf_printf(b, "</div><div class=\"value\" data-value=\"%.17g\">", v);
		esc(b, fmt(buf, out, v));
	} else {
		wf_strbuf_printf(b, "</div><div class=\"value\">n/a");
	}
	wf_strbuf_printf(b, "</div>");
	if (proj_quantiles(c, c->n, out, &q) == 0 && q.p95 > q.p05)
		wf_report__card_interval(b, out, &q);
	wf_report__card_where(b, c->p, c->y0, c->y1);
}

static void proj_headline(wf_strbuf *b, const proj *c)
{
	wf_provenance pv;

	memset(&pv, 0, sizeof pv);
	if (c->n)
		wf_result_provenance(wf_projection_row(c->p, c->n - 1, NULL), &pv);
	wf_strbuf_printf(b, "<section id=\"headline\">\n<h2>Lifetime totals, %d to %d, ", c->y0,
			 c->y1);
	esc(b, pv.region && *pv.region ? pv.region : "no region");
	wf_strbuf_printf(b, "</h2>\n");
	wf_report__where_line(b, c->p, c->y0, c->y1, c->st);
	wf_strbuf_printf(b, "<div class=\"cards\">\n");
	proj_card(b, c, "energy (facility)", WF_OUT_ENERGY_FACILITY_KWH);
	proj_card(b, c, "emissions (total: location-based + embodied)", WF_OUT_EMISSIONS_TOTAL_KG);
	proj_card(b, c, "operational, location-based", WF_OUT_EMISSIONS_OPERATIONAL_KG);
	if (c->market)
		proj_card(b, c, "operational, market-based", WF_OUT_EMISSIONS_MARKET_KG);
	proj_card(b, c, "embodied emissions", WF_OUT_EMISSIONS_EMBODIED_KG);
	proj_card(b, c, "water", WF_OUT_WATER_L);
	proj_card(b, c, "expected peak draw", WF_OUT_PEAK_POWER_KW);
	wf_report__extra_cards(b, c->p, c->y0, c->y1);
	wf_strbuf_printf(b, "</div>\n<p>Sums over the %zu calendar years (peak draw and grid "
			    "connection: the largest year).%s</p>\n</section>\n", c->n,
			 c->samples > 1 ? "  90% interval: p05 to p95 of the sum over the years, "
					  "sample by sample (an uncertain input keeps its drawn "
					  "value in every year)." : "");
}

/* What embodied carbon covers, and the hardware and building as bought
 * (the yearly figures amortise them). */
static void proj_embodied(wf_strbuf *b, const proj *c)
{
	static const char *const gh[] = {"years", "devices bought", "boards (t CO2e)",
					 "hosts (t CO2e)", "network (t CO2e)",
					 "hardware (t CO2e)", NULL};
	static const char *const bh[] = {"year", "capacity added (MW)",
					 "building (t CO2e)", NULL};
	const wf_result *r = c->n ? wf_projection_row(c->p, c->n - 1, NULL) : NULL;
	wf_generation g[32];
	wf_build_phase ph[64];
	size_t ng = wf_projection_generations(c->p, g, 32), nb = wf_projection_building(c->p, ph, 64);
	size_t k;

	if (!r || !*wf_result_embodied_scope(r))
		return;
	wf_strbuf_printf(b, "<section id=\"embodied\">\n<h2>Embodied carbon</h2>\n<p>Covers ");
	esc(b, wf_result_embodied_scope(r));
	wf_strbuf_printf(b, ". The yearly figures amortise the hardware over its refresh "
			    "cycle and the building over its lifetime; the tables give them "
			    "when bought.</p>\n");
	if (ng) {
		table_open(b, "data generations", "Hardware generations: devices bought and "
			   "their embodied carbon when bought");
		thead(b, gh);
		for (k = 0; k < ng && k < 32; k++) {
			char yrs[32];
			snprintf(yrs, sizeof yrs, "%d-%d", g[k].first_year, g[k].last_year);
			wf_strbuf_printf(b, "<tr>");
			td_text(b, yrs);
			td_fixed(b, g[k].devices, 1, 0);
			td_fixed(b, g[k].accelerators_kg, 1e-3, 1);
			td_fixed(b, g[k].hosts_kg, 1e-3, 1);
			td_fixed(b, g[k].network_kg, 1e-3, 1);
			td_fixed(b, g[k].embodied_kg, 1e-3, 1);
			wf_strbuf_printf(b, "</tr>\n");
		}
		table_close(b);
	}
	if (nb) {
		table_open(b, "data building", "The building as capacity comes online: its "
			   "embodied carbon when built");
		thead(b, bh);
		for (k = 0; k < nb && k < 64; k++) {
			char yr[16];
			snprintf(yr, sizeof yr, "%d", ph[k].year);
			wf_strbuf_printf(b, "<tr>");
			td_text(b, yr);
			td_fixed(b, ph[k].capacity_added_mw, 1, 1);
			td_fixed(b, ph[k].embodied_kg, 1e-3, 1);
			wf_strbuf_printf(b, "</tr>\n");
		}
		table_close(b);
	}
	wf_strbuf_printf(b, "</section>\n");
}

/* The checks and the data both projection entry points start with. */
static int proj_start(proj *c, ctx *x, char **out, const wf_scenario *sc,
		      const wf_projection *p, const wf_siting *st,
		      const wf_projection *const *site_years, const wf_report_options *opt,
		      wf_error *err)
{
	static const wf_report_options defaults = WF_REPORT_OPTIONS_INIT;
	int rc;

	if ((rc = wf_report__check_call(out, p != NULL, "_projection",
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
	wf_report__scenario_page_open(&b, &x);
	wf_strbuf_printf(&b, " &middot; %d to %d, one row per calendar year", c.y0, c.y1);
	if (c.samples > 1)
		wf_strbuf_printf(&b, " &middot; %ld Monte Carlo samples", c.samples);
	if (st)
		wf_strbuf_printf(&b, " &middot; sited in %zu regions", wf_siting_count(st));
	wf_strbuf_printf(&b, " &middot; wattif %s</p>\n</header>\n", WF_VERSION);
	proj_headline(&b, &c);
	wf_report__assumptions(&b, p, c.y0, c.y1, c.embodied);
	proj_embodied(&b, &c);
	wf_report__proj_notes(&b, p);
	wf_report__section(&b, &x, pcharts, N(pcharts), "years", "Year by year");
	if (st)
		wf_report__section(&b, &x, pcharts, N(pcharts), "siting", "Where to site it");
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
	wf_report__page_close(&b);
	return wf_report__finish(&b, out, len, err);
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
	return wf_report__chart_svg(out, len, &x, pcharts, N(pcharts),
				    wf_report_projection_chart_name, name, err);
}

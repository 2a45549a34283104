/*
 * report_compare.c - a run estimated before it happened beside the same
 * run as measured (wf_report_options.measured; `wattif compare`, `wattif
 * report --compare`): energy and emissions as paired bars, every output
 * both ways with the ratio estimated / measured, and the measured run's
 * own notes and derivation.  A section of the scenario page
 * (report_scenario.c lists the chart).
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const pair_segs[2] = {"estimated", "measured"};

int wf_report__compare_ok(const ctx *c, const char **why)
{
	if (!c->m) {
		*why = "No measured run to compare with: give one with wattif report FILE "
		       "--compare MEASURED.yaml, or a measured: section in the scenario.";
		return 0;
	}
	if (!(c->has[WF_OUT_ENERGY_FACILITY_KWH] || c->has[WF_OUT_ENERGY_IT_KWH]) ||
	    !(c->mhas[WF_OUT_ENERGY_FACILITY_KWH] || c->mhas[WF_OUT_ENERGY_IT_KWH])) {
		*why = "The estimate or the measurement has no energy to compare.";
		return 0;
	}
	return 1;
}

/* One panel: rows of (estimated, measured) pairs of outputs outs[0..n). */
static void pair_panel(wf_strbuf *b, const ctx *c, double y, const char *heading,
		       const char *what, const int *outs, size_t n)
{
	double vals[8], mx = 0, div;
	const char *labels[8], *unit;
	char axis[96];
	size_t k;

	for (k = 0; k < n; k++) {
		double e = c->has[outs[k]] ? c->v[outs[k]] : NAN;
		double m = c->mhas[outs[k]] ? c->mv[outs[k]] : NAN;
		if (isfinite(e))
			mx = fmax(mx, e);
		if (isfinite(m))
			mx = fmax(mx, m);
	}
	div = wf_report_scale(outs[0], mx, &unit);
	for (k = 0; k < n; k++) {
		/* both rows named: a reader (or a screen reader) meets each bar alone */
		labels[2 * k] = labels[2 * k + 1] = wf_output_label(outs[k]);
		vals[4 * k] = c->has[outs[k]] ? c->v[outs[k]] / div : NAN;
		vals[4 * k + 1] = NAN;
		vals[4 * k + 2] = NAN;
		vals[4 * k + 3] = c->mhas[outs[k]] ? c->mv[outs[k]] / div : NAN;
	}
	snprintf(axis, sizeof axis, "%s (%s)", what, unit);
	wf_svg_heading(b, 12, y, heading);
	wf_svg_hbars(b, 0, y + 26, WF_REPORT_WIDTH, 60 + 36 * (double)n * 2,
		     &(wf_svg_bars){.axis_title = axis, .rows = 2 * n, .segs = 2,
				    .row_labels = labels, .seg_labels = pair_segs,
				    .values = vals});
}

void wf_report__compare_svg(wf_strbuf *b, const ctx *c, int standalone)
{
	static const int energy[2] = {WF_OUT_ENERGY_IT_KWH, WF_OUT_ENERGY_FACILITY_KWH};
	static const int mass[1] = {WF_OUT_EMISSIONS_OPERATIONAL_KG};
	int emissions = c->has[WF_OUT_EMISSIONS_OPERATIONAL_KG] ||
			c->mhas[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	double h1 = 26 + 60 + 36 * 4, h2 = emissions ? 26 + 60 + 36 * 2 : 0;
	char desc[400], a[64], d[64];

	snprintf(desc, sizeof desc, "Facility energy estimated %s, measured %s.",
		 c->has[WF_OUT_ENERGY_FACILITY_KWH]
			 ? fmt(a, WF_OUT_ENERGY_FACILITY_KWH, c->v[WF_OUT_ENERGY_FACILITY_KWH]) : "n/a",
		 c->mhas[WF_OUT_ENERGY_FACILITY_KWH]
			 ? fmt(d, WF_OUT_ENERGY_FACILITY_KWH, c->mv[WF_OUT_ENERGY_FACILITY_KWH])
			 : "n/a");
	wf_svg_open(b, "chart-compare", WF_REPORT_WIDTH, h1 + h2 + 12,
		    "Estimate beside measurement", desc, standalone);
	pair_panel(b, c, 4, "Energy: estimated and measured", "energy", energy, 2);
	if (emissions)
		pair_panel(b, c, 4 + h1 + 8, "Emissions (location-based): estimated and measured",
			   "emissions", mass, 1);
	wf_svg_close(b);
}

void wf_report__compare_table(wf_strbuf *b, const ctx *c)
{
	static const char *const h[] = {"figure", "name", "estimated", "measured",
					"estimated / measured", NULL};
	int i;

	table_open(b, "data compare", "Every output, estimated and measured");
	thead(b, h);
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		double e = c->has[i] ? c->v[i] : NAN, m = c->mhas[i] ? c->mv[i] : NAN;
		wf_strbuf_printf(b, "<tr data-output=\"%s\">", wf_output_name(i));
		td_text(b, wf_output_label(i));
		wf_strbuf_printf(b, "<td><code>%s</code></td>", wf_output_name(i));
		td_out(b, i, e);
		td_out(b, i, m);
		{
			/* the ratio as wattif compare prints it */
			double r = isfinite(e) && isfinite(m) && m != 0 ? e / m : NAN;
			char buf[32];
			snprintf(buf, sizeof buf, "%.4g", r);
			td_value(b, r, buf);
		}
		wf_strbuf_printf(b, "</tr>\n");
	}
	table_close(b);
}

void wf_report__compare_extra(wf_strbuf *b, const ctx *c)
{
	const char *notes = wf_result_notes(c->m);

	wf_strbuf_printf(b, "<section id=\"measured\">\n<h2>The measured run</h2>\n");
	if (c->o->measured_source) {
		wf_strbuf_printf(b, "<p>From <code>");
		esc(b, c->o->measured_source);
		wf_strbuf_printf(b, "</code>.</p>\n");
	}
	if (*notes) {
		wf_strbuf_printf(b, "<ul class=\"notes\">\n");
		while (*notes) {
			size_t len = strcspn(notes, "\n");
			if (len) {
				wf_strbuf_printf(b, "<li>");
				{
					char *line = strndup(notes, len);
					if (!line) {
						b->failed = 1;
						return;
					}
					esc(b, line);
					free(line);
				}
				wf_strbuf_printf(b, "</li>\n");
			}
			notes += len + (notes[len] ? 1 : 0);
		}
		wf_strbuf_printf(b, "</ul>\n");
	}
	if (c->o->explain) {
		wf_strbuf_printf(b, "<details>\n<summary>How each measured figure was derived"
				    "</summary>\n<pre>");
		esc(b, wf_result_explain(c->m));
		wf_strbuf_printf(b, "</pre>\n</details>\n");
	}
	wf_strbuf_printf(b, "</section>\n");
}

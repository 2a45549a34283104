/*
 * report_sweep.c - the page of a sweep (wf_report_sweep_html) and its
 * heatmap alone as SVG (wf_report_sweep_svg): the sweep's points laid out
 * on the axes shown across, down and as panels (sweep_layout, checking
 * that every other axis holds one value), the heatmap of one value
 * column, and one table per panel.  The page head and foot and the call
 * checks stayed in report.c; the scenario and projection pages are in
 * report_scenario.c and report_projection.c.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

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

/* Which axis goes across (x), down (y) and into panels: the ones the
 * options name, else y the first axis, x the second (or the only) and
 * panels the third; no axis in two places. */
static int sweep_axes(sweep_grid *g, const wf_sweep *sw, const wf_report_sweep_options *o,
		      wf_error *err)
{
	static const char *const role[3] = {"--x", "--y", "--panels"};
	const char *want[3] = {o->x, o->y, o->panels};
	size_t na = wf_sweep_axis_count(sw), a, i;
	int d;

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
	return 0;
}

/* The value column the heatmap shows (--value, else total emissions, else
 * the first), and the output it is about (-1 when none). */
static int sweep_value(sweep_grid *g, const wf_sweep *sw, const wf_report_sweep_options *o,
		       wf_error *err)
{
	size_t na = wf_sweep_axis_count(sw), nv = wf_sweep_value_count(sw), k;
	int d;

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
	return 0;
}

/* The categories of each shown axis, in the order the points that pass
 * the filters first use them (one empty category for an axis not shown);
 * every other axis must hold one value over those points. */
static int sweep_categories(sweep_grid *g, const wf_sweep *sw,
			    const wf_report_sweep_options *o, wf_error *err)
{
	size_t na = wf_sweep_axis_count(sw), np = wf_sweep_point_count(sw), k, a;
	const char **fixed = NULL;
	int d, rc = 0;

	for (d = 0; d < 3; d++)
		if (!(g->cat[d] = malloc((np ? np : 1) * sizeof(char *))))
			break;
	if (d < 3 || !(fixed = calloc(na, sizeof(char *))))
		return wf_error_set(err, WF_ENOMEM, "report", NULL, 0, 0, "out of memory");
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
				goto done;
			}
		}
	}
	if (g->shown == 0) {
		rc = wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
				  "no point of the sweep passes the --where filters");
		goto done;
	}
	for (d = 0; d < 3; d++)
		if (g->ax[d] < 0) {
			g->cat[d][0] = "";
			g->ncat[d] = 1;
		}
done:
	free(fixed);
	return rc;
}

/* The grid of values: each point shown at its categories, NaN where no
 * point falls. */
static int sweep_cells(sweep_grid *g, const wf_sweep *sw, const double *values,
		       const wf_report_sweep_options *o, wf_error *err)
{
	size_t nv = wf_sweep_value_count(sw), np = wf_sweep_point_count(sw), k, i;
	int d;

	if (!(g->cells = malloc(g->ncat[0] * g->ncat[1] * g->ncat[2] * sizeof(double))))
		return wf_error_set(err, WF_ENOMEM, "report", NULL, 0, 0, "out of memory");
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
	return 0;
}

/* The sweep laid out for its heatmap, in four steps: the axes shown, the
 * value column, the categories, the cells.  0 (free g with grid_free), or
 * an error with g freed. */
static int sweep_layout(sweep_grid *g, const wf_sweep *sw, const double *values,
			const wf_report_sweep_options *o, wf_error *err)
{
	int rc;

	memset(g, 0, sizeof(*g));
	if (wf_sweep_axis_count(sw) == 0 || wf_sweep_value_count(sw) == 0)
		return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
				    "the sweep has no axes or no outputs to show");
	for (size_t a = 0; a < wf_sweep_axis_count(sw); a++)
		if (!wf_sweep_axis_value(sw, 0, a)) /* texts made on demand */
			return wf_error_set(err, WF_EINPUT, "report", NULL, 0, 0,
					    "axis %s has more than 65,536 values, more than "
					    "a report can show", wf_sweep_column(sw, a));
	if ((rc = sweep_axes(g, sw, o, err)) || (rc = sweep_value(g, sw, o, err)) ||
	    (rc = sweep_categories(g, sw, o, err)) || (rc = sweep_cells(g, sw, values, o, err)))
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
		snprintf(buf, size, "%s%s (%s)", wf_output_label(g->out),
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
	h = wf_svg_heatmap_height(&spec, WF_REPORT_WIDTH) + 10;
	wf_svg_open(b, "chart-heatmap", WF_REPORT_WIDTH, h, "The sweep as a heatmap", desc,
		    standalone);
	wf_svg_heatmap_panel(b, 0, 6, WF_REPORT_WIDTH, &spec);
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

	if ((rc = wf_report__check_call(out, sw && values, "_sweep",
					opt ? opt->version : WF_REPORT_SWEEP_OPTIONS_VERSION,
					WF_REPORT_SWEEP_OPTIONS_VERSION, err)) ||
	    (rc = sweep_layout(&g, sw, values, o, err)))
		return rc;
	wf_report__page_open(&b, title);
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
	wf_report__page_close(&b);
	grid_free(&g);
	return wf_report__finish(&b, out, len, err);
}

WF_API int wf_report_sweep_svg(char **out, size_t *len, const wf_sweep *sw,
			       const double *values,
			       const wf_report_sweep_options *opt, wf_error *err)
{
	static const wf_report_sweep_options defaults = WF_REPORT_SWEEP_OPTIONS_INIT;
	wf_strbuf b = {0};
	sweep_grid g;
	int rc;

	if ((rc = wf_report__check_call(out, sw && values, "_sweep",
					opt ? opt->version : WF_REPORT_SWEEP_OPTIONS_VERSION,
					WF_REPORT_SWEEP_OPTIONS_VERSION, err)) ||
	    (rc = sweep_layout(&g, sw, values, opt ? opt : &defaults, err)))
		return rc;
	wf_strbuf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sweep_svg(&b, sw, &g, 1);
	grid_free(&g);
	return wf_report__finish(&b, out, len, err);
}

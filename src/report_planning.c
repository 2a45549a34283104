/*
 * report_planning.c - what a projection page tells a planner before any
 * chart: the headline cards naming the region and the years (with the
 * marginal view and the grid connection beside the location-based
 * totals, water in one unit), and the "Assumptions and sources" block,
 * open on the page: the pathway and its status, the regional factor's data
 * and method, the marginal basis with its caveats, PUE and water sources,
 * the water-stress flag, the embodied scope and the accounting basis.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last year's provenance (every year shares the sources). */
static int last_prov(const wf_projection *p, wf_provenance *pv)
{
	size_t n = wf_projection_count(p);

	memset(pv, 0, sizeof(*pv));
	return n ? wf_result_provenance(wf_projection_row(p, n - 1, NULL), pv) : WF_ENOTFOUND;
}

static void card_open(wf_strbuf *b, const char *output, const char *label)
{
	wf_strbuf_printf(b, "<div class=\"card\" data-output=\"%s\"><div class=\"label\">",
			 output);
	esc(b, label);
	wf_strbuf_printf(b, "</div>");
}

/* The card's region and years line. */
static void card_where(wf_strbuf *b, const char *region, int y0, int y1)
{
	wf_strbuf_printf(b, "<div class=\"where\">");
	esc(b, region);
	wf_strbuf_printf(b, ", %d&ndash;%d</div></div>\n", y0, y1);
}

void wf_report__where_line(wf_strbuf *b, const wf_projection *p, int y0, int y1,
			   const wf_siting *st)
{
	wf_provenance pv;

	last_prov(p, &pv);
	wf_strbuf_printf(b, "<p class=\"where\" data-region=\"");
	esc(b, pv.region ? pv.region : "");
	wf_strbuf_printf(b, "\">Region <strong>");
	esc(b, pv.region && *pv.region ? pv.region : "(none)");
	wf_strbuf_printf(b, "</strong>, calendar years <strong>%d to %d</strong>", y0, y1);
	if (st)
		wf_strbuf_printf(b, "; the ranking below runs the same campus in %zu regions",
				 wf_siting_count(st));
	wf_strbuf_printf(b, ".</p>\n");
}

void wf_report__extra_cards(wf_strbuf *b, const wf_projection *p, int y0, int y1)
{
	wf_provenance pv;
	double kg, e, conn = wf_projection_connection_kw(p);
	size_t years;
	char buf[64];

	last_prov(p, &pv);
	if (wf_projection_marginal(p, &kg, &e, &years) == 0) {
		card_open(b, "emissions_marginal_kg", "marginal (consequential), beside the totals");
		wf_strbuf_printf(b, "<div class=\"value\" data-value=\"%.17g\">", kg);
		esc(b, fmt(buf, WF_OUT_EMISSIONS_OPERATIONAL_KG, kg));
		wf_strbuf_printf(b, "</div>");
		if (years != wf_projection_count(p))
			wf_strbuf_printf(b, "<div class=\"interval\">%zu of the %zu years</div>", years,
					 wf_projection_count(p));
		card_where(b, pv.region, y0, y1);
	}
	if (isfinite(conn)) {
		card_open(b, "grid_connection_kw", "grid connection (rated IT capacity x peak PUE)");
		wf_strbuf_printf(b, "<div class=\"value\" data-value=\"%.17g\">", conn);
		esc(b, fmt(buf, WF_OUT_PEAK_POWER_KW, conn));
		wf_strbuf_printf(b, "</div>");
		card_where(b, pv.region, y0, y1);
	}
}

void wf_report__card_where(wf_strbuf *b, const wf_projection *p, int y0, int y1)
{
	wf_provenance pv;

	last_prov(p, &pv);
	card_where(b, pv.region ? pv.region : "", y0, y1);
}

static void item(wf_strbuf *b, const char *key, const char *term, const char *text)
{
	wf_strbuf_printf(b, "<dt data-key=\"%s\">", key);
	esc(b, term);
	wf_strbuf_printf(b, "</dt><dd>");
	esc(b, text && *text ? text : "none");
	wf_strbuf_printf(b, "</dd>\n");
}

/* The line of the notes that starts with prefix, or NULL. */
static const char *note_line(const wf_projection *p, const char *prefix, char *buf,
			     size_t size)
{
	size_t k, n = wf_projection_count(p), l = strlen(prefix);

	for (k = 0; k < n; k++) {
		const char *s = wf_result_notes(wf_projection_row(p, k, NULL));
		for (; s && *s; s += strcspn(s, "\n"), s += *s == '\n')
			if (strncmp(s, prefix, l) == 0) {
				snprintf(buf, size, "%.*s", (int)strcspn(s, "\n"), s);
				return buf;
			}
	}
	return NULL;
}

void wf_report__assumptions(wf_strbuf *b, const wf_projection *p, int y0, int y1,
			    int embodied)
{
	wf_provenance pv;
	char buf[1024], line[1024];
	const char *emb;

	last_prov(p, &pv);
	wf_strbuf_printf(b, "<section id=\"assumptions\">\n<h2>Assumptions and sources</h2>\n"
			    "<dl class=\"assumptions\">\n");
	snprintf(buf, sizeof buf, "%s, calendar years %d to %d", pv.region ? pv.region : "", y0,
		 y1);
	item(b, "region", "Region and years", buf);
	item(b, "pathway", "Grid intensity (location-based)", pv.location);
	item(b, "regional_factor", "Regional factor (method and data)",
	     pv.regional_source && *pv.regional_source
		     ? pv.regional_source
		     : "none: the pathway's national figures apply to the region as they are");
	item(b, "marginal", "Marginal (consequential) basis", pv.marginal && *pv.marginal
	     ? pv.marginal : "none: no marginal intensity for this grid");
	item(b, "pue", "PUE", pv.pue);
	item(b, "water", "Water (WUE)", pv.water);
	snprintf(buf, sizeof buf, "%s%s%s", pv.water_company ? pv.water_company : "",
		 pv.water_company && *pv.water_company ? ": " : "",
		 pv.water_stress ? pv.water_stress : "");
	item(b, "water_stress", "Water stress", buf);
	emb = note_line(p, "embodied carbon of", line, sizeof line);
	item(b, "embodied", "Embodied carbon", !embodied ? "not included (embodied: true adds it)"
	     : emb ? emb : "included: device and host embodied carbon over their lifetimes");
	item(b, "basis", "Accounting basis",
	     "totals are location-based (grid-average, GHG Protocol Scope 2) plus embodied; "
	     "marginal figures answer what the added demand causes and are shown beside "
	     "the totals, never added to them");
	item(b, "connection", "Grid connection",
	     "rated IT capacity online x the peak PUE at full load (warmest month); the "
	     "expected peak draw is capacity online x peak load factor x peak PUE");
	wf_strbuf_printf(b, "</dl>\n<p>Every figure's formula, inputs and their origin (file "
			    "and line, or data source) are in the derivation below and in "
			    "<code>wattif explain</code>.</p>\n</section>\n");
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
void wf_report__proj_notes(wf_strbuf *b, const wf_projection *p)
{
	pnote *pn = NULL;
	size_t n = 0, cap = 0, k, i;
	wf_strbuf key = {0}, all = {0};
	int failed = 0;

	for (k = 0; k < wf_projection_count(p) && !failed; k++) {
		int y;
		const char *s = wf_result_notes(wf_projection_row(p, k, &y));
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
		wf_report__notes(b, all.s);
	for (i = 0; i < n; i++) {
		free(pn[i].lit);
		free(pn[i].key);
	}
	free(pn);
	wf_strbuf_free(&key);
	wf_strbuf_free(&all);
}

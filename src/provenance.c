/*
 * provenance.c - where a result's figures came from, in the words a
 * planner reads beside a ranking or a projection: the location-based and
 * marginal intensity (pathway, status, basis, regional factor with its
 * data and method), the PUE and water sources, the water-company area and
 * its regulatory water-stress classification, and a campus's grid
 * connection.  Built once per result from its plan (result.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result_int.h"
#include "strbuf.h"

/* A plan input's origin, short: "file:line:col" or the first clause of
 * its note. */
static void origin(wf_strbuf *b, const wf_param *p)
{
	if (p->file && p->line > 0)
		wf_strbuf_printf(b, "%s:%d:%d", p->file, p->line, p->col);
	else if (p->note)
		wf_strbuf_printf(b, "%.*s", (int)strcspn(p->note, ";"), p->note);
	else
		wf_strbuf_printf(b, "(unknown origin)");
}

/* The reference's labels for figures not read first-hand, when an entry's
 * source or note carries them: "[SECONDARY, DERIVED]". */
static void caveats(wf_strbuf *b, const wf_entry *e)
{
	static const char *const words[] = {"SECONDARY", "DERIVED", "INFERRED", "INFERENCE"};
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof words / sizeof *words; i++)
		if ((e->source && strstr(e->source, words[i])) || (e->note && strstr(e->note, words[i])))
			wf_strbuf_printf(b, "%s%s", n++ ? ", " : " [", words[i]);
	if (n)
		wf_strbuf_printf(b, "; data/SOURCES.md]");
}

static void location(wf_strbuf *b, const wf_plan *pl)
{
	const wf_grid *g = pl->data_grid;

	if (pl->ci_kind == CI_PATHWAY && g && g->scenario) {
		wf_strbuf_printf(b, "pathway %s (%s%s%s basis): %s", g->e.id,
				 g->status ? g->status : "", g->status ? ", " : "",
				 wf_basis_name(g->basis), g->e.name ? g->e.name : g->e.id);
		caveats(b, &g->e);
		if (pl->regional)
			wf_strbuf_printf(b, " x the region's %s regional factor",
					 pl->regional->method);
	} else if (pl->ci_label) {
		wf_strbuf_printf(b, "%s (%s basis)", pl->ci_label,
				 pl->ci_basis == WF_BASIS_UNSET ? "no stated"
								: wf_basis_name(pl->ci_basis));
		if (g)
			caveats(b, &g->e);
	} else {
		wf_strbuf_printf(b, "grid.intensity: ");
		origin(b, &pl->in[P_CI]);
	}
}

static void marginal(wf_strbuf *b, const wf_plan *pl)
{
	const wf_grid *m = pl->marginal_pw;

	if (m)
		wf_strbuf_printf(b, "pathway %s (%s, accounting: marginal; %d-%d, later years "
				 "held at %d): %s", m->e.id, m->status ? m->status : "", m->years[0],
				 m->years[m->n_years - 1], m->years[m->n_years - 1],
				 m->e.note ? m->e.note : "");
	else if (pl->in[P_CI_MARGINAL].set) {
		wf_strbuf_printf(b, "grid.marginal_intensity at ");
		origin(b, &pl->in[P_CI_MARGINAL]);
	}
}

static const char *path(wf_catalog *cat, const char *yaml, const char *rel)
{
	const char *p = rel ? wf_planning_path(&cat->arena, yaml, rel) : NULL;

	return p ? p : "";
}

static void regional_source(wf_strbuf *b, const wf_plan *pl)
{
	const wf_regional_factor *f = pl->regional;
	wf_catalog *cat = pl->scratch_;

	if (!f)
		return;
	wf_strbuf_printf(b, "DERIVED from NESO %.0f data: %s's mean %.2f g/kWh / %s's national "
			 "mean %.2f g/kWh over the %.0f half-hours both have (%s, %s; gaps left "
			 "out of both; regional values are forecasts, national ones outturn)",
			 wf_value_nominal(&f->year.v), f->region->e.id,
			 wf_value_nominal(&f->regional_mean.v) * 3.6e9, f->national->e.id,
			 wf_value_nominal(&f->national_mean.v) * 3.6e9,
			 f->half_hours.set ? wf_value_nominal(&f->half_hours.v) : NAN,
			 path(cat, f->e.file, f->regional_file),
			 path(cat, f->e.file, f->national_file));
}

static void pue_source(wf_strbuf *b, const wf_plan *pl)
{
	if (pl->pue_curve)
		wf_strbuf_printf(b, "PUE curve %s over the site's temperatures", pl->pue_curve->e.id);
	else if (pl->facility && pl->facility->pue.set && !pl->in[P_PUE].file)
		wf_strbuf_printf(b, "facility %s", pl->facility->e.id);
	else if (pl->facility && pl->in[P_PUE].file &&
		 pl->in[P_PUE].file == pl->facility->pue.file)
		wf_strbuf_printf(b, "facility %s", pl->facility->e.id);
	else
		origin(b, &pl->in[P_PUE]);
}

static void water_source(wf_strbuf *b, const wf_plan *pl)
{
	if (!pl->in[P_WUE].set && !pl->in[P_EWIF].set) {
		wf_strbuf_printf(b, "no WUE given: water not estimated");
		return;
	}
	if (pl->facility && pl->facility->wue.set)
		wf_strbuf_printf(b, "facility %s (WUE)", pl->facility->e.id);
	else if (pl->in[P_WUE].set)
		origin(b, &pl->in[P_WUE]);
	if (pl->in[P_EWIF].set) {
		wf_strbuf_printf(b, "%swater intensity of electricity: ", pl->in[P_WUE].set ? "; "
				 : "");
		origin(b, &pl->in[P_EWIF]);
	}
}

/* The water area: the site's named company, else the region's main one. */
static void water_stress(wf_strbuf *company, wf_strbuf *stress, const wf_plan *pl,
			 const wf_catalog *cat)
{
	const wf_water_area *w = wf_water_area_find(cat, pl->water_company, pl->region);

	if (!w) {
		const wf_grid *g = pl->region;
		while (g && strcmp(g->e.id, "GB") != 0)
			g = g->parent;
		if (!g)
			wf_strbuf_printf(stress, "not assessed: no water-stress classification for %s "
					 "in the shipped data (the Environment Agency's 2021 one "
					 "covers England)", pl->region ? pl->region->e.id : "the region");
		else
			wf_strbuf_printf(stress, "not mapped: no water company named "
					 "(site.water_company) and none recorded as %s's main one",
					 pl->region->e.id);
		return;
	}
	wf_strbuf_printf(company, "%s", w->e.name ? w->e.name : w->e.id);
	if (strcmp(w->status, "not assessed") == 0)
		wf_strbuf_printf(stress, "not assessed (%s: outside the Environment Agency's 2021 "
				 "determination, which covers England only)", w->nation);
	else if (strcmp(w->status, "no classification") == 0)
		wf_strbuf_printf(stress, "not assessed (%s: no static water-stress determination; "
				 "SEPA publishes dynamic scarcity levels only)", w->nation);
	else
		wf_strbuf_printf(stress, "%s (Environment Agency %s classification, %s: a "
				 "regulatory flag for metering decisions, which the agency says "
				 "is not a planning tool)", w->status, w->year.set ? "2021" : "",
				 w->nation);
	if (!pl->water_company)
		wf_strbuf_printf(company, " (the region's main company, as recorded)");
}

int wf_provenance_build(wf_result *r, const wf_plan *pl, const double *x, const wf_outputs *o)
{
	wf_strbuf parts[8] = {{0}};
	const char **dst[8] = {&r->prov.region, &r->prov.location, &r->prov.marginal,
			       &r->prov.regional_source, &r->prov.pue, &r->prov.water,
			       &r->prov.water_company, &r->prov.water_stress};
	size_t len[8], total = 0, k;
	char *p;

	(void)x;
	wf_strbuf_printf(&parts[0], "%s", pl->region ? pl->region->e.id : "");
	location(&parts[1], pl);
	marginal(&parts[2], pl);
	regional_source(&parts[3], pl);
	pue_source(&parts[4], pl);
	water_source(&parts[5], pl);
	water_stress(&parts[6], &parts[7], pl, pl->scratch_);
	for (k = 0; k < 8; k++)
		total += (len[k] = strlen(wf_strbuf_str(&parts[k]))) + 1;
	r->prov_buf = p = malloc(total);
	for (k = 0; k < 8; k++) {
		if (p) {
			memcpy(p, wf_strbuf_str(&parts[k]), len[k] + 1);
			*dst[k] = p;
			p += len[k] + 1;
		}
		wf_strbuf_free(&parts[k]);
	}
	r->prov.regional_factor = pl->regional
		? wf_value_nominal(&pl->regional->regional_mean.v) /
		  wf_value_nominal(&pl->regional->national_mean.v) : NAN;
	r->prov.connection_kw = o->connection_w / 1e3;
	return r->prov_buf ? 0 : WF_ENOMEM;
}

WF_API int wf_result_provenance(const wf_result *r, wf_provenance *out)
{
	if (!r || !out || !r->prov_buf)
		return WF_ENOTFOUND;
	*out = r->prov;
	return 0;
}

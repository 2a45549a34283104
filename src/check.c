/*
 * check.c - loading catalogs whole: `wattif check` as a library call (load
 * model files into a catalog and evaluate every scenario in them,
 * projections year by year, portfolios campus by campus), and the installed catalog (models/ and data/
 * under the install prefix's share/wattif, or a directory the caller names).
 */
#include <stdio.h>

#include "catalog.h"
#include "error.h"
#include "scenario.h"
#include "wattif.h"

/* Every series the catalog's own grids list (and every temperature file
 * its facilities name) read now, and each grid's region found in its
 * files: what loading leaves until a scenario needs it. */
static int check_series(const wf_catalog *cat, wf_error *err)
{
	size_t i, k;
	int rc;

	for (i = 0; i < cat->kinds[WF_KIND_GRID].n; i++) {
		const wf_grid *g = cat->kinds[WF_KIND_GRID].items[i];
		for (k = 0; k < g->n_series; k++) {
			const struct wf_series *s;
			if ((rc = wf_grid_series_get(&g->series[k], g, &s, err)))
				return rc;
		}
	}
	for (i = 0; i < cat->n_sfiles; i++)
		if ((rc = wf_series_file_get(cat->sfiles[i], err)))
			return rc;
	return 0;
}

WF_API int wf_catalog_check(const wf_catalog *cat, wf_error *err)
{
	size_t i, n = wf_catalog_scenario_count(cat);
	int rc = cat ? check_series(cat, err) : 0;

	for (i = 0; rc == 0 && i < n; i++) {
		wf_scenario *sc = NULL;
		rc = wf_scenario_from_catalog(&sc, cat, i, err);
		if (rc == 0 && wf_scenario_is_portfolio(sc)) {
			wf_portfolio *pf = NULL;
			rc = wf_scenario_portfolio(&pf, sc, NULL, err);
			wf_portfolio_free(pf);
		} else if (rc == 0 && wf_scenario_is_projection(sc)) {
			wf_projection *p = NULL;
			rc = wf_scenario_project(&p, sc, NULL, err);
			wf_projection_free(p);
		} else if (rc == 0) {
			wf_result *r = NULL;
			rc = wf_scenario_evaluate(&r, sc, err);
			wf_result_free(r);
			r = NULL;
			if (rc == 0 && wf_scenario_has_measured(sc)) {
				/* the same job as measured, beside it */
				wf_scenario *m = NULL;
				rc = wf_scenario_measured(&m, sc, err);
				if (rc == 0)
					rc = wf_scenario_evaluate(&r, m, err);
				wf_result_free(r);
				wf_scenario_free(m);
			}
		}
		wf_scenario_free(sc);
	}
	return rc;
}

WF_API int wf_catalog_check_paths(wf_catalog **out, const wf_catalog *parent,
				  const char *const *paths, size_t n, wf_error *err)
{
	wf_catalog *cat = NULL;
	size_t i;
	int rc;

	if (out)
		*out = NULL;
	if (!paths && n)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "wf_catalog_check_paths: NULL paths");
	rc = wf_catalog_new(&cat);
	if (rc == 0 && parent)
		rc = wf_catalog_set_parent(cat, parent, err);
	for (i = 0; rc == 0 && i < n; i++)
		rc = wf_catalog_load(cat, paths[i], err);
	if (rc == 0)
		rc = wf_catalog_finish(cat, err);
	if (rc == 0)
		rc = wf_catalog_check(cat, err);
	if (rc || !out)
		wf_catalog_free(cat);
	else
		*out = cat;
	return rc;
}


#ifndef WF_DATADIR
#define WF_DATADIR "/usr/local/share/wattif"
#endif

WF_API const char *wf_data_dir(void)
{
	return WF_DATADIR;
}

WF_API int wf_catalog_load_default(wf_catalog **out, const char *dir, wf_error *err)
{
	char models[4096], data[4096];
	const char *paths[2] = {models, data};

	if (!out)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "wf_catalog_load_default: NULL out");
	*out = NULL;
	if (!dir)
		dir = WF_DATADIR;
	if (snprintf(models, sizeof models, "%s/models", dir) >= (int)sizeof models ||
	    snprintf(data, sizeof data, "%s/data", dir) >= (int)sizeof data)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "data directory name too long");
	return wf_catalog_check_paths(out, NULL, paths, 2, err);
}

/*
 * whatif.c - libwattif from C: a scenario written as text, an override, a
 * Monte Carlo run, then every point of a sweep file as CSV rows.
 *
 *   cc whatif.c $(pkg-config --cflags --libs wattif) -o whatif
 *   ./whatif                        # from the top of the source tree
 *
 * The shipped catalog is read from $WATTIF_DATA when it is set (e.g. the
 * source tree), else from where `make install` put it (wf_data_dir()).
 * docs/tutorial-developer.md walks through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wattif.h>

static const char job[] =
	"scenario:\n"
	"  id: finetune\n"
	"  workload:\n"
	"    kind: training\n"
	"    accelerator: nvidia-h100-sxm5-80gb\n"
	"    devices: 64\n"
	"    wall_time: 3 days\n"
	"    utilisation: pert(0.6, 0.8, 1.0)\n"
	"    idle_power: 70 W\n"
	"  site: {region: GB, pue: 1.2}\n"
	"  year: 2024\n";

int main(void)
{
	const char *data = getenv("WATTIF_DATA"); /* NULL: the installed catalog */
	wf_catalog *cat = NULL;
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_sweep *sw = NULL;
	wf_sweep_worker *w = NULL;
	wf_run_options opt = WF_RUN_OPTIONS_INIT;
	wf_sweep_options sopt = WF_SWEEP_OPTIONS_INIT;
	wf_quantiles q;
	wf_error err;
	double kg, *values = NULL;
	char row[4096];
	size_t k;
	int rc;

	wf_global_init();
	wf_error_clear(&err);
	/* the shipped catalog, a scenario over it, and one override */
	if ((rc = wf_catalog_load_default(&cat, data, &err)) ||
	    (rc = wf_scenario_load_text(&sc, cat, job, strlen(job), "finetune.yaml", &err)) ||
	    (rc = wf_scenario_set(sc, "site.region=FR", &err)))
		goto out;

	/* Monte Carlo over the inputs written as distributions */
	opt.samples = 4000;
	opt.seed = 7;
	if ((rc = wf_scenario_run(&r, sc, &opt, &err)) ||
	    (rc = wf_result_get_by_name(r, "emissions_operational_kg", &kg)) ||
	    (rc = wf_result_quantiles(r, WF_OUT_EMISSIONS_OPERATIONAL_KG, &q)))
		goto out;
	printf("%s: %.1f kg CO2e (90%% interval %.1f to %.1f)\n", wf_scenario_id(sc), kg,
	       q.p05, q.p95);

	/* a sweep: every point, in order, formatted as the CLI writes it */
	if ((rc = wf_sweep_load(&sw, cat, "examples/sweeps/pue-by-accelerator.yaml", &sopt,
				&err)) ||
	    (rc = wf_sweep_worker_new(&w, sw, &err)))
		goto out;
	if (!(values = malloc(wf_sweep_value_count(sw) * sizeof *values))) {
		rc = WF_ENOMEM;
		goto out;
	}
	wf_sweep_format_header(row, sizeof row, sw, WF_SWEEP_CSV);
	fputs(row, stdout);
	for (k = 0; k < wf_sweep_point_count(sw); k++) {
		wf_intensity_info ci; /* what the point's intensity is: the row ends with it */
		if ((rc = wf_sweep_eval(w, k, values, &err)) ||
		    (rc = wf_sweep_worker_intensity(w, &ci)))
			goto out;
		/* the length of the whole row comes back, as snprintf's: a longer
		 * row than the buffer would need a larger one */
		if (wf_sweep_format_row(row, sizeof row, sw, k, values, &ci, WF_SWEEP_CSV) <
		    sizeof row)
			fputs(row, stdout);
	}
out:
	if (rc) {
		char msg[2048];
		fprintf(stderr, "whatif: %s\n",
			err.code ? wf_error_format(&err, msg, sizeof msg) : wf_strerror(rc));
	}
	free(values);
	wf_sweep_worker_free(w);
	wf_sweep_free(sw);
	wf_result_free(r);
	wf_scenario_free(sc);
	wf_catalog_free(cat);
	return rc == 0 ? 0 : rc == WF_ENOMEM || rc == WF_EIO ? 1 : 2;
}

/*
 * example.c - evaluate a scenario with libwattif and print every output.
 *
 *   cc example.c $(pkg-config --cflags --libs wattif) -o example
 *   ./example examples/llama-65b.yaml [PATH=VALUE ...]
 *
 * The shipped catalog is read from $WATTIF_DATA when it is set (e.g. the
 * source tree), else from where `make install` put it (wf_data_dir()).
 */
#include <stdio.h>
#include <stdlib.h>

#include "wattif.h"

static int fail(const wf_error *err)
{
	char buf[2048];

	fprintf(stderr, "example: %s\n", wf_error_format(err, buf, sizeof buf));
	return err->code == WF_ENOMEM || err->code == WF_EIO ? 1 : 2;
}

int main(int argc, char **argv)
{
	const char *root = getenv("WATTIF_DATA"); /* NULL: the installed data */
	wf_catalog *cat = NULL;
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_error err;
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: example SCENARIO.yaml [PATH=VALUE ...]\n");
		return 2;
	}
	wf_global_init();
	wf_error_clear(&err);
	if (wf_catalog_load_default(&cat, root && *root ? root : NULL, &err))
		goto out;
	if (wf_scenario_load(&sc, cat, argv[1], &err))
		goto out;
	for (i = 2; i < argc; i++)
		if (wf_scenario_set(sc, argv[i], &err))
			goto out;
	if (wf_scenario_evaluate(&r, sc, &err))
		goto out;
	printf("scenario %s\n", wf_scenario_id(sc));
	for (i = 0; wf_output_name(i); i++) {
		double v;
		if (wf_result_get(r, i, &v) == 0)
			printf("%-26s %.6g\n", wf_output_name(i), v);
		else
			printf("%-26s n/a\n", wf_output_name(i));
	}
out:
	if (err.code)
		status = fail(&err);
	wf_result_free(r);
	wf_scenario_free(sc);
	wf_catalog_free(cat);
	return status;
}

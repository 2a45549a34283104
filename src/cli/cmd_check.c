/*
 * cmd_check.c - `wattif check FILE|DIR...`: load model files, resolve every
 * reference, and evaluate every scenario in them, reporting the first
 * problem with file:line:col.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
	wf_catalog *base = NULL, *cat = NULL;
	wf_error err;
	size_t n;
	int rc = 0, status, k, quiet = 0, first = 1;

	wf_error_clear(&err);
	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
			printf("usage: wattif check [-q] FILE|DIR...\n\n"
			       "Validates model files (every *.yaml below a directory), the\n"
			       "references between entries, and every scenario in them.\n");
			return EXIT_OK;
		}
		if (strcmp(argv[k], "-q") == 0) {
			quiet = 1;
			first = k + 1;
		} else if (argv[k][0] == '-') {
			return cli_usage("check", "unknown option \"%s\"", argv[k]);
		}
	}
	if (first >= argc)
		return cli_usage("check", "name at least one FILE or DIR");
	if ((status = cli_load_base(&base, argv + first, argc - first)))
		return status;
	/* The files go in a catalog over the shipped one, so they may use its
	 * ids. */
	rc = wf_catalog_check_paths(&cat, base, (const char *const *)(argv + first),
				    (size_t)(argc - first), &err);
	n = rc == 0 ? wf_catalog_scenario_count(cat) : 0;
	if (rc) {
		status = cli_fail(&err, rc);
	} else {
		status = EXIT_OK;
		if (!quiet) {
			printf("ok:");
			for (k = 0; k < WF_KIND_COUNT_; k++)
				printf(" %zu %s%s", wf_catalog_count(cat, (wf_kind)k),
				       wf_kind_name((wf_kind)k), k + 1 < WF_KIND_COUNT_ ? "," : "");
			printf(", %zu scenarios\n", n);
		}
	}
	wf_catalog_free(cat);
	wf_catalog_free(base);
	return status;
}

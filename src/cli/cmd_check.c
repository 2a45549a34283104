/*
 * cmd_check.c - `wattif check FILE|DIR...`: load model files, resolve every
 * reference, and evaluate every scenario in them, reporting the first
 * problem with file:line:col.  FILE '-' is standard input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_QUIET = 1 };

static const cli_opt check_opts[] = {
	{OPT_QUIET, "--quiet", 'q', NULL, "print nothing when every file is valid", NULL},
	CLI_OPT_END};

const cli_spec cli_check_spec = {
	"check", cmd_check, "validate model files and the scenarios in them",
	"[-q] FILE|DIR...",
	"Validates model files (every *.yaml below a directory), the references\n"
	"between entries, and every scenario in them.  FILE '-' is read from\n"
	"standard input.",
	check_opts, NULL, NULL, NULL};

/* wf_catalog_check_paths, with standard input's text loaded in its place
 * among the paths. */
static int check_paths(wf_catalog **out, const wf_catalog *base, char **paths, int n,
		       const char *text, size_t len, wf_error *err)
{
	wf_catalog *cat = NULL;
	int rc, i;

	if (!text)
		return wf_catalog_check_paths(out, base, (const char *const *)paths, (size_t)n, err);
	rc = wf_catalog_new(&cat);
	if (rc == 0)
		rc = wf_catalog_set_parent(cat, base, err);
	for (i = 0; rc == 0 && i < n; i++)
		rc = cli_is_stdin(paths[i])
			     ? wf_catalog_load_text(cat, text, len, CLI_STDIN_NAME, err)
			     : wf_catalog_load(cat, paths[i], err);
	if (rc == 0)
		rc = wf_catalog_finish(cat, err);
	if (rc == 0)
		rc = wf_catalog_check(cat, err);
	if (rc)
		wf_catalog_free(cat);
	else
		*out = cat;
	return rc;
}

/* The operands, and whether one is '-'; 0, or an exit status. */
static int parse_args(int argc, char **argv, char **paths, int *npaths, int *quiet,
		      int *from_stdin)
{
	cli_parser p;
	int id;

	cli_parse_begin(&p, &cli_check_spec, argc, argv);
	while ((id = cli_next(&p)) != CLI_END) {
		if (id == CLI_STOP)
			return p.status ? p.status : -1;
		if (id == OPT_QUIET) {
			*quiet = 1;
			continue;
		}
		if (cli_is_stdin(p.value) && (*from_stdin)++)
			return cli_parse_error(&p, "'-' (standard input) given twice");
		paths[(*npaths)++] = argv[p.next - 1];
	}
	if (!*npaths)
		return cli_parse_error(&p, "name at least one FILE or DIR");
	return 0;
}

int cmd_check(int argc, char **argv)
{
	wf_catalog *base = NULL, *cat = NULL;
	wf_error err;
	char **paths = calloc((size_t)argc + 1, sizeof *paths), **files = NULL;
	char *text = NULL;
	size_t n, len = 0;
	int rc = 0, status, k, quiet = 0, npaths = 0, nfiles = 0, from_stdin = 0;

	wf_error_clear(&err);
	if (!paths || !(files = calloc((size_t)argc + 1, sizeof *files))) {
		status = cli_fail(NULL, WF_ENOMEM);
		goto done;
	}
	if ((status = parse_args(argc, argv, paths, &npaths, &quiet, &from_stdin))) {
		status = status < 0 ? EXIT_OK : status;
		goto done;
	}
	if (from_stdin && (status = cli_read_stdin(&text, &len)))
		goto done;
	for (k = 0; k < npaths; k++)
		if (!cli_is_stdin(paths[k]))
			files[nfiles++] = paths[k];
	if ((status = cli_load_base(&base, files, nfiles)))
		goto done;
	/* The files go in a catalog over the shipped one, so they may use its
	 * ids. */
	rc = check_paths(&cat, base, paths, npaths, from_stdin ? text : NULL, len, &err);
	n = rc == 0 ? wf_catalog_scenario_count(cat) : 0;
	if (rc) {
		status = cli_fail(&err, rc);
	} else if (!quiet) {
		printf("ok:");
		for (k = 0; k < WF_KIND_COUNT_; k++) {
			size_t c = wf_catalog_count(cat, (wf_kind)k);
			printf(" %zu %s%s", c, c == 1 ? wf_kind_singular((wf_kind)k)
						      : wf_kind_name((wf_kind)k),
			       k + 1 < WF_KIND_COUNT_ ? "," : "");
		}
		printf(", %zu scenario%s\n", n, n == 1 ? "" : "s");
	}
done:
	wf_catalog_free(cat);
	wf_catalog_free(base);
	free(text);
	free(paths);
	free(files);
	return status;
}

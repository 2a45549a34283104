/*
 * cmd_import.c - `wattif import FORMAT FILE... [-o OUT]`: grid data
 * exported by other tools (Electricity Maps, the NESO Carbon Intensity
 * API, ENTSO-E) converted to wattif's series CSV with wf_import.  The CSV
 * goes to standard output or OUT, the notes (what was read, left out or
 * written as gaps) to standard error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_FILES 4096
#define MAX_DROP 64

enum {
	OPT_OUTPUT = 1, OPT_VALUE, OPT_ZONE, OPT_TZ, OPT_FACTORS, OPT_DROP, OPT_MODELS,
	OPT_FROM, OPT_TO, OPT_NO_GAPS
};

static const cli_opt import_opts[] = {
	{OPT_OUTPUT, CLI_OUTPUT, "write to OUT (a new file, then renamed; never an input);\n"
				 "'-' or none: standard output", "@files"},
	{OPT_VALUE, "--value", 0, "V", "electricitymaps: direct (default) or lifecycle;\n"
				      "neso-json: actual (national default) or forecast",
	 "direct lifecycle actual forecast"},
	{OPT_ZONE, "--zone", 0, "ID", "electricitymaps: keep one Zone Id", NULL},
	{OPT_TZ, "--tz", 0, "TZ", "entsoe: zone of a time column that names none\n"
				  "(UTC, CET, WET or EET)", "UTC CET WET EET"},
	{OPT_FACTORS, "--factors", 0, "ID", "entsoe: write intensity = sum G x EF / sum G with factor\n"
					    "set ID, whose fuels are the types in snake case", NULL},
	{OPT_DROP, "--drop", 0, "TYPE", "entsoe with --factors: leave a type out of both sums", NULL},
	{OPT_MODELS, "--models", 0, "PATH", "model files to find --factors in (besides the shipped)",
	 "@files"},
	{OPT_FROM, "--from", 0, "T", "keep intervals that start from T (UTC)", NULL},
	{OPT_TO, "--to", 0, "T", "keep intervals that start before T (UTC)", NULL},
	{OPT_NO_GAPS, "--no-gaps", 0, NULL, "a missing interval is an error (default: an empty row)",
	 NULL},
	CLI_OPT_END};

const cli_spec cli_import_spec = {
	"import", cmd_import, "convert Electricity Maps, NESO or ENTSO-E data to a series CSV",
	"FORMAT FILE... [-o OUT] [options]",
	"Convert grid data exported by other tools to wattif's series CSV (a grid's\n"
	"`series:` file).  FORMAT is one of:\n"
	"  electricitymaps    Electricity Maps data-portal CSV (Datetime (UTC), Carbon\n"
	"                     Intensity gCO2eq/kWh (direct), ... (LCA), Zone Id, ...)\n"
	"  neso-json          NESO Carbon Intensity API responses: /intensity,\n"
	"                     /generation or /regional/intensity/{from}/{to} (JSON)\n"
	"  entsoe             ENTSO-E Transparency Platform \"Actual Generation per\n"
	"                     Production Type\" CSV (MTU (UTC), <type> - Actual\n"
	"                     Aggregated [MW], ...)",
	import_opts,
	"Steps, gaps, duplicates and time zones are checked; errors name\n"
	"file:line:col.  Exit status: 0 ok, 1 runtime failure, 2 bad input.",
	NULL, "@imports"};

/* Refuse to write over one of the inputs. */
static int is_input(const char *out, char **files, int n)
{
	struct stat so, si;
	int i;

	if (stat(out, &so) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (stat(files[i], &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino)
			return 1;
	return 0;
}

/*
 * Write data to path: a new file beside it, renamed over it once complete,
 * so a failure leaves any old file as it was.  (To be replaced by the
 * shared output module, src/cli/output.c, when that lands.)
 */
static int write_output(const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *tmp = malloc(strlen(path) + 16);
	mode_t mask;
	FILE *f = NULL;
	int fd, e;

	if (!tmp) {
		fprintf(stderr, "wattif: out of memory\n");
		return EXIT_FAIL;
	}
	sprintf(tmp, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "wattif: %s: cannot create a file there: %s\n", path,
			strerror(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !(f = fdopen(fd, "wb"))) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fd) != 0) {
		e = errno;
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		e = errno;
		goto fail;
	}
	free(tmp);
	return EXIT_OK;
fail:
	unlink(tmp);
	fprintf(stderr, "wattif: writing %s: %s\n", path, strerror(e));
	free(tmp);
	return EXIT_FAIL;
}

typedef struct args {
	wf_import_options opt;
	wf_import_format fmt;
	const char *out;
	char *files[MAX_FILES];
	int nfiles;
	const char *drop[MAX_DROP];
	const char *models[MAX_DROP];
	int ndrop, nmodels;
} args;

/* A FORMAT or FILE operand. */
static int operand(args *g, cli_parser *p)
{
	const char *names[8];
	char hint[256];
	int k;

	if (g->fmt != WF_IMPORT_FORMAT_COUNT) {
		if (g->nfiles == MAX_FILES)
			return cli_parse_error(p, "at most %d files", MAX_FILES);
		g->files[g->nfiles++] = p->argv[p->next - 1];
		return 0;
	}
	if (wf_import_format_parse(&g->fmt, p->value) == 0)
		return 0;
	for (k = 0; k < 8 && wf_import_format_name(k); k++)
		names[k] = wf_import_format_name(k);
	return cli_parse_error(p, "unknown format \"%s\"%s (electricitymaps, neso-json or entsoe)",
			       p->value, cli_hint(hint, sizeof hint, p->value, names, (size_t)k));
}

/* 0, or an exit status (-1: help printed). */
static int parse_args(args *g, int argc, char **argv)
{
	cli_parser p;
	int id, rc = 0;

	cli_parse_begin(&p, &cli_import_spec, argc, argv);
	while (rc == 0 && (id = cli_next(&p)) != CLI_END) {
		switch (id) {
		case CLI_STOP: return p.status ? p.status : -1;
		case OPT_OUTPUT: g->out = p.value; break;
		case OPT_VALUE: g->opt.value = p.value; break;
		case OPT_ZONE: g->opt.zone = p.value; break;
		case OPT_TZ: g->opt.tz = p.value; break;
		case OPT_FROM: g->opt.from = p.value; break;
		case OPT_TO: g->opt.to = p.value; break;
		case OPT_FACTORS: g->opt.factors = p.value; break;
		case OPT_DROP: rc = cli_append(&p, g->drop, &g->ndrop, MAX_DROP); break;
		case OPT_MODELS: rc = cli_append(&p, g->models, &g->nmodels, MAX_DROP); break;
		case OPT_NO_GAPS: g->opt.no_gaps = 1; break;
		default: rc = operand(g, &p);
		}
	}
	if (rc)
		return rc;
	g->opt.ndrop = (size_t)g->ndrop;
	if (g->fmt == WF_IMPORT_FORMAT_COUNT)
		return cli_parse_error(&p, "needs a FORMAT (electricitymaps, neso-json or entsoe)");
	if (!g->nfiles)
		return cli_parse_error(&p, "needs at least one FILE to import");
	if (g->nmodels && !g->opt.factors)
		return cli_parse_error(&p, "--models goes with --factors");
	if (g->out && strcmp(g->out, "-") && is_input(g->out, g->files, g->nfiles))
		return cli_parse_error(&p, "-o %s is one of the files to import", g->out);
	return 0;
}

/* The catalog --factors is looked up in: the shipped one, and --models
 * over it. */
static int load_catalog(args *g, wf_catalog **base, wf_catalog **cat)
{
	wf_error err;
	int rc, status;

	wf_error_clear(&err);
	if ((status = cli_load_base(base, NULL, 0)))
		return status;
	*cat = *base;
	if (!g->nmodels)
		return 0;
	rc = wf_catalog_check_paths(cat, *base, g->models, (size_t)g->nmodels, &err);
	if (rc) {
		*cat = NULL;
		return cli_fail(&err, rc);
	}
	return 0;
}

static void print_notes(const char *notes)
{
	const char *p = notes;

	while (p && *p) {
		size_t len = strcspn(p, "\n");
		fprintf(stderr, "wattif import: %.*s\n", (int)len, p);
		p += len + (p[len] ? 1 : 0);
	}
}

int cmd_import(int argc, char **argv)
{
	static const wf_import_options init = WF_IMPORT_OPTIONS_INIT;
	wf_catalog *base = NULL, *cat = NULL;
	char *csv = NULL, *notes = NULL;
	size_t len = 0;
	wf_error err;
	args *g = calloc(1, sizeof(*g));
	int rc, status;

	if (!g) {
		fprintf(stderr, "wattif: out of memory\n");
		return EXIT_FAIL;
	}
	g->opt = init;
	g->fmt = WF_IMPORT_FORMAT_COUNT;
	g->opt.drop = g->drop;
	if ((status = parse_args(g, argc, argv)) != 0) {
		free(g);
		return status < 0 ? EXIT_OK : status;
	}
	if (g->opt.factors && (status = load_catalog(g, &base, &cat)))
		goto out;
	g->opt.catalog = cat;
	g->opt.name = g->out && strcmp(g->out, "-") ? g->out : "the output";
	wf_error_clear(&err);
	rc = wf_import(&csv, &len, &notes, g->fmt, (const char *const *)g->files,
		       (size_t)g->nfiles, &g->opt, &err);
	if (rc) {
		status = cli_fail(&err, rc);
		goto out;
	}
	print_notes(notes);
	if (g->out && strcmp(g->out, "-"))
		status = write_output(g->out, csv, len);
	else
		status = fwrite(csv, 1, len, stdout) == len ? EXIT_OK : EXIT_FAIL;
out:
	wf_import_free(csv);
	wf_import_free(notes);
	if (cat != base)
		wf_catalog_free(cat);
	wf_catalog_free(base);
	free(g);
	return status;
}

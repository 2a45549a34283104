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

static void usage(void)
{
	printf("usage: wattif import FORMAT FILE... [-o OUT] [options]\n\n"
	       "Convert grid data exported by other tools to wattif's series CSV (a grid's\n"
	       "`series:` file).  FORMAT is one of:\n"
	       "  electricitymaps    Electricity Maps data-portal CSV (Datetime (UTC), Carbon\n"
	       "                     Intensity gCO2eq/kWh (direct), ... (LCA), Zone Id, ...)\n"
	       "  neso-json          NESO Carbon Intensity API responses: /intensity,\n"
	       "                     /generation or /regional/intensity/{from}/{to} (JSON)\n"
	       "  entsoe             ENTSO-E Transparency Platform \"Actual Generation per\n"
	       "                     Production Type\" CSV (MTU (UTC), <type> - Actual\n"
	       "                     Aggregated [MW], ...)\n\n"
	       "options:\n"
	       "  -o OUT             write to OUT (a new file, then renamed; never an input);\n"
	       "                     '-' or none: standard output\n"
	       "  --value V          electricitymaps: direct (default) or lifecycle;\n"
	       "                     neso-json: actual (national default) or forecast\n"
	       "  --zone ID          electricitymaps: keep one Zone Id\n"
	       "  --tz TZ            entsoe: zone of a time column that names none\n"
	       "                     (UTC, CET, WET or EET)\n"
	       "  --factors ID       entsoe: write intensity = sum G x EF / sum G with factor\n"
	       "                     set ID, whose fuels are the types in snake case\n"
	       "  --drop TYPE        entsoe with --factors: leave a type out of both sums\n"
	       "  --models PATH      model files to find --factors in (besides the shipped)\n"
	       "  --from T, --to T   keep intervals that start in [T_from, T_to) (UTC)\n"
	       "  --no-gaps          a missing interval is an error (default: an empty row)\n\n"
	       "Steps, gaps, duplicates and time zones are checked; errors name\n"
	       "file:line:col.  Exit status: 0 ok, 1 runtime failure, 2 bad input.\n");
}

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

/* "--name VALUE" or "--name=VALUE": the value (NULL when missing), or
 * NULL with *hit = 0 when argv[*i] is another option. */
static const char *take(int argc, char **argv, int *i, const char *name, int *hit)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	*hit = 0;
	if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
		return NULL;
	*hit = 1;
	if (a[n] == '=')
		return a + n + 1;
	return *i + 1 < argc ? argv[++*i] : NULL;
}

typedef struct args {
	wf_import_options opt;
	wf_import_format fmt;
	const char *out;
	char *files[MAX_FILES];
	int nfiles;
	const char *drop[MAX_DROP];
	const char *models[MAX_DROP];
	int nmodels;
} args;

/* The value options; returns -1 when argv[*i] is none of them. */
static int value_option(args *g, int argc, char **argv, int *i)
{
	static const char *const names[] = {"-o", "--value", "--zone", "--tz", "--from",
					    "--to", "--factors", "--drop", "--models"};
	const char *v = NULL;
	size_t k;
	int hit = 0;

	for (k = 0; k < sizeof(names) / sizeof(names[0]) && !hit; k++)
		v = take(argc, argv, i, names[k], &hit);
	if (!hit)
		return -1;
	k--;
	if (!v || !*v)
		return cli_usage("import", "%s needs a value", names[k]);
	switch (k) {
	case 0: g->out = v; break;
	case 1: g->opt.value = v; break;
	case 2: g->opt.zone = v; break;
	case 3: g->opt.tz = v; break;
	case 4: g->opt.from = v; break;
	case 5: g->opt.to = v; break;
	case 6: g->opt.factors = v; break;
	case 7:
		if (g->opt.ndrop == MAX_DROP)
			return cli_usage("import", "at most %d --drop options", MAX_DROP);
		g->drop[g->opt.ndrop++] = v;
		break;
	default:
		if (g->nmodels == MAX_DROP)
			return cli_usage("import", "at most %d --models options", MAX_DROP);
		g->models[g->nmodels++] = v;
	}
	return 0;
}

static int parse_args(args *g, int argc, char **argv)
{
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return -1;
		}
		if ((rc = value_option(g, argc, argv, &i)) >= 0) {
			if (rc)
				return rc;
		} else if (!strcmp(a, "--no-gaps")) {
			g->opt.no_gaps = 1;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage("import", "unknown option \"%s\"", a);
		} else if (g->fmt == WF_IMPORT_FORMAT_COUNT) {
			if (wf_import_format_parse(&g->fmt, a))
				return cli_usage("import", "unknown format \"%s\" (electricitymaps, "
						 "neso-json or entsoe)", a);
		} else if (g->nfiles == MAX_FILES) {
			return cli_usage("import", "at most %d files", MAX_FILES);
		} else {
			g->files[g->nfiles++] = argv[i];
		}
	}
	if (g->fmt == WF_IMPORT_FORMAT_COUNT)
		return cli_usage("import", "needs a FORMAT (electricitymaps, neso-json or entsoe)");
	if (!g->nfiles)
		return cli_usage("import", "needs at least one FILE to import");
	if (g->nmodels && !g->opt.factors)
		return cli_usage("import", "--models goes with --factors");
	if (g->out && strcmp(g->out, "-") && is_input(g->out, g->files, g->nfiles))
		return cli_usage("import", "-o %s is one of the files to import", g->out);
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

/*
 * data.c - finding and loading the shipped catalogs (models/ and data/).
 */
#define _XOPEN_SOURCE 700 /* realpath, readlink */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Name the directories as the user would: relative to the working
 * directory when they lie below it, else absolute and canonical. */
static void tidy(char *dir)
{
	char real[PATH_MAX], cwd[PATH_MAX];
	size_t l;

	if (!realpath(dir, real))
		return;
	if (getcwd(cwd, sizeof cwd) && (l = strlen(cwd)) > 0 &&
	    strncmp(real, cwd, l) == 0 && real[l] == '/') {
		memmove(dir, real + l + 1, strlen(real + l + 1) + 1);
		return;
	}
	snprintf(dir, 4096, "%s", real);
}

/* root holds models/ and data/ (and, when guessing from where the binary
 * is, data/SOURCES.md: a /data or /models of the host is not ours). */
static int try_root_as(char dirs[2][4096], const char *root, int marked)
{
	char mark[4200];
	struct stat st;

	if (snprintf(dirs[0], 4096, "%s/models", root) >= 4096 ||
	    snprintf(dirs[1], 4096, "%s/data", root) >= 4096)
		return 0;
	if (!is_dir(dirs[0]) || !is_dir(dirs[1]))
		return 0;
	snprintf(mark, sizeof mark, "%s/SOURCES.md", dirs[1]);
	if (marked && (stat(mark, &st) || !S_ISREG(st.st_mode)))
		return 0;
	tidy(dirs[0]);
	tidy(dirs[1]);
	return 1;
}

static int try_root(char dirs[2][4096], const char *root)
{
	return try_root_as(dirs, root, 1);
}

int cli_data_dirs(char dirs[2][4096])
{
	const char *env = getenv("WATTIF_DATA");
	char exe[4096], root[4096];
	ssize_t n;

	if (env && *env) {
		if (try_root_as(dirs, env, 0))
			return 0;
		fprintf(stderr, "wattif: WATTIF_DATA=%s has no models/ and data/ "
				"directories\n", env);
		return -1;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		int up;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* a build directory in a source tree (build/wattif,
			 * build/mpi/wattif, ...): the nearest ancestor holding
			 * models/ and data/, at most four levels up */
			snprintf(root, sizeof(root), "%s", exe);
			for (up = 0; up < 4; up++) {
				size_t l = strlen(root);
				if (l + 4 >= sizeof(root))
					break;
				memcpy(root + l, "/..", 4);
				if (try_root(dirs, root))
					return 0;
			}
			/* PREFIX/bin/wattif: PREFIX/share/wattif */
			if (snprintf(root, sizeof(root), "%s/../share/wattif", exe) <
				    (int)sizeof(root) &&
			    try_root(dirs, root))
				return 0;
		}
	}
	/* where the library was installed */
	if (try_root(dirs, wf_data_dir()))
		return 0;
	fprintf(stderr, "wattif: cannot find the shipped models/ and data/; set "
			"WATTIF_DATA to the directory that holds them\n");
	return -1;
}

/* Is dir the same as, or inside, one of the skip paths? */
static int covered(const char *dir, char **skip, int nskip)
{
	char rd[PATH_MAX], rs[PATH_MAX];
	int i;

	if (!realpath(dir, rd))
		return 0;
	for (i = 0; i < nskip; i++) {
		size_t l;
		if (!realpath(skip[i], rs))
			continue;
		l = strlen(rs);
		if (strncmp(rd, rs, l) == 0 && (rd[l] == '\0' || rd[l] == '/'))
			return 1;
		l = strlen(rd);
		/* a shipped file given directly: skip its whole directory */
		if (strncmp(rs, rd, l) == 0 && rs[l] == '/')
			return 1;
	}
	return 0;
}

/* Parsed model files are kept in $WATTIF_CACHE ("off" or empty: none),
 * else $XDG_CACHE_HOME/wattif, else $HOME/.cache/wattif.  A directory the
 * user named that cannot be used is an input error; the default one is
 * passed over quietly (a read-only home still runs, only slower). */
static int set_cache(wf_catalog *cat)
{
	const char *env = getenv("WATTIF_CACHE"), *base;
	char dir[4096], buf[2048];
	wf_error err;
	int n = -1;

	wf_error_clear(&err);
	if (env) {
		if (!env[0] || strcmp(env, "off") == 0)
			return 0;
		if (wf_catalog_set_cache(cat, env, &err) == 0)
			return 0;
		fprintf(stderr, "wattif: WATTIF_CACHE: %s (set WATTIF_CACHE=off to run "
				"without a cache)\n", wf_error_format(&err, buf, sizeof buf));
		return EXIT_INPUT;
	}
	if ((base = getenv("XDG_CACHE_HOME")) && base[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/wattif", base);
	else if ((base = getenv("HOME")) && base[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/.cache/wattif", base);
	if (n > 0 && (size_t)n < sizeof dir)
		(void)wf_catalog_set_cache(cat, dir, &err);
	return 0;
}

int cli_load_base(wf_catalog **out, char **skip, int nskip)
{
	char dirs[2][4096];
	wf_catalog *cat = NULL;
	wf_error err;
	int rc, i;

	wf_error_clear(&err);
	if (cli_data_dirs(dirs))
		return EXIT_FAIL;
	if ((rc = wf_catalog_new(&cat)))
		return cli_fail(NULL, rc);
	if ((rc = set_cache(cat))) {
		wf_catalog_free(cat);
		return rc;
	}
	for (i = 0; i < 2; i++) {
		if (covered(dirs[i], skip, nskip))
			continue;
		if ((rc = wf_catalog_load(cat, dirs[i], &err))) {
			wf_catalog_free(cat);
			/* Shipped data that does not load is our failure, not the
			 * user's input. */
			cli_fail(&err, rc);
			return EXIT_FAIL;
		}
	}
	if ((rc = wf_catalog_finish(cat, &err))) {
		wf_catalog_free(cat);
		cli_fail(&err, rc);
		return EXIT_FAIL;
	}
	*out = cat;
	return 0;
}

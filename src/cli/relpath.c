/*
 * relpath.c - no path of this machine in a page: every absolute path in a
 * report (and every relative one that names a file from the working
 * directory) rewritten relative to the directory of the scenario the page
 * is about, so a page reads the same wherever it was made and whoever
 * opens it.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-' || c == '+' || c == '/';
}

/* Fold "//", "/./" and "dir/../" of an absolute path in place. */
static void normalise(char *p)
{
	char *out = p, *seg = p;

	while (*seg) {
		char *end;
		size_t len;
		while (*seg == '/')
			seg++;
		end = seg + strcspn(seg, "/");
		len = (size_t)(end - seg);
		if (len == 1 && seg[0] == '.') {
			/* skip */
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out > p && *--out != '/')
				;
		} else if (len) {
			*out++ = '/';
			memmove(out, seg, len);
			out += len;
		}
		seg = end;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

/* abs relative to the directory base (both absolute and normalised). */
static void relative(char *out, size_t size, const char *abs, const char *base)
{
	size_t i = 0, common = 0, up = 0, used = 0, k;
	const char *rest;

	if (strcmp(base, "/") == 0) {
		snprintf(out, size, "%s", abs + 1);
		return;
	}
	while (abs[i] && abs[i] == base[i])
		if (abs[i++] == '/')
			common = i;
	if (!base[i] && abs[i] == '/') {
		rest = abs + i + 1;             /* below base */
	} else if (!base[i] && !abs[i]) {
		rest = ".";                     /* base itself */
	} else if (!abs[i] && base[i] == '/') {
		rest = "";                      /* an ancestor of base */
		for (k = i; base[k]; k++)
			up += base[k] == '/';
	} else {
		rest = abs + common;
		for (up = 1, k = common; base[k]; k++)
			up += base[k] == '/';
	}
	out[0] = '\0';
	for (k = 0; k < up && used + 4 < size; k++)
		used += (size_t)snprintf(out + used, size - used, "../");
	snprintf(out + used, size - used, "%s", *rest || !used ? rest : "");
	if (!*out)
		snprintf(out, size, ".");
	else if (used && !*rest)
		out[used - 1] = '\0';          /* "../.." */
}

char *cli_paths_relative(const char *text, size_t len, const char *scenario, size_t *outlen)
{
	char base[PATH_MAX], cwd[PATH_MAX], dir[PATH_MAX], tok[PATH_MAX], abs[2 * PATH_MAX],
		rel[2 * PATH_MAX];
	const char *slash = strrchr(scenario, '/');
	size_t i = 0, o = 0, cap = len + len / 4 + 64;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - scenario) : 1,
		 slash ? scenario : ".");
	if (!realpath(dir[0] ? dir : "/", base) || !getcwd(cwd, sizeof cwd)) {
		memcpy(out, text, len);
		*outlen = len;
		return out;
	}
	while (i < len) {
		size_t j = i, tl;
		const char *put = NULL;
		if ((i == 0 || !path_char(text[i - 1])) && path_char(text[i])) {
			while (j < len && path_char(text[j]))
				j++;
			while (j > i + 1 && text[j - 1] == '.')
				j--;
			tl = j - i;
			if (tl < sizeof tok) {
				struct stat st;
				memcpy(tok, text + i, tl);
				tok[tl] = '\0';
				if (tok[0] == '/' && tok[1] != '/' && strchr(tok + 1, '/')) {
					snprintf(abs, sizeof abs, "%s", tok);
					put = abs;
				} else if (tok[0] != '/' && strchr(tok, '/') && stat(tok, &st) == 0) {
					snprintf(abs, sizeof abs, "%s/%s", cwd, tok);
					put = abs;
				}
			}
			if (put) {
				normalise(abs);
				relative(rel, sizeof rel, abs, base);
				put = rel;
			}
		} else {
			j = i + 1;
		}
		if (!put) {
			put = text + i;
			tl = j - i;
		} else {
			tl = strlen(put);
		}
		if (o + tl + 1 > cap) {
			char *n = realloc(out, cap = 2 * (o + tl + 1));
			if (!n) {
				free(out);
				return NULL;
			}
			out = n;
		}
		memcpy(out + o, put, tl);
		o += tl;
		i = j;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/*
 * error.c - error codes, the caller-owned error object, and "did you mean"
 * suggestions for misspelt keys and ids.
 */
#include "error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

WF_API const char *wf_strerror(int code)
{
	switch (code) {
	case WF_OK: return "success";
	case WF_EINPUT: return "invalid input";
	case WF_EDIM: return "quantity of the wrong dimension";
	case WF_ENOTFOUND: return "not found";
	case WF_ENUMERIC: return "numerical failure";
	case WF_ENOMEM: return "out of memory";
	case WF_EIO: return "input/output error";
	default: return "unknown error";
	}
}

WF_API void wf_error_clear(wf_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

WF_API char *wf_error_format(const wf_error *err, char *buf, size_t size)
{
	const char *msg;

	if (!buf || size == 0)
		return buf;
	msg = err->message[0] ? err->message : wf_strerror(err->code);
	if (err->file[0] && err->line > 0 && err->col > 0)
		snprintf(buf, size, "%s:%d:%d: %s", err->file, err->line, err->col, msg);
	else if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%d: %s", err->file, err->line, msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", err->file, msg);
	else
		snprintf(buf, size, "%s", msg);
	return buf;
}

int wf_error_set(wf_error *err, int code, const char *module, const char *file,
		 int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != 0)
		return code;
	err->code = code;
	snprintf(err->module, sizeof(err->module), "%s", module ? module : "");
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

WF_API const char *wf_version(void)
{
	return WF_VERSION;
}

WF_API int wf_global_init(void)
{
	/* GSL's default handler calls abort(); a library must not.  With the
	 * handler off every GSL status is checked by the caller instead. */
	gsl_set_error_handler_off();
	return 0;
}

static int same_char(char x, char y)
{
	return tolower((unsigned char)x) == tolower((unsigned char)y);
}

/* Optimal string alignment distance: Levenshtein plus adjacent
 * transpositions, so "tpd" is one edit from "tdp". */
size_t wf_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[65][65];

	/* Suggestions only matter for short words; longer ones are never
	 * "close", so cap the work instead of allocating. */
	if (la > 64 || lb > 64)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (same_char(a[i - 1], b[j - 1]) ? 0 : 1);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && same_char(a[i - 1], b[j - 2]) &&
			    same_char(a[i - 2], b[j - 1]) && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

WF_API const char *wf_nearest(const char *s, const char *const *cand, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, i, limit;

	if (!s || !cand)
		return NULL;
	for (i = 0; i < n; i++) {
		size_t d = cand[i] ? wf_edit_distance(s, cand[i]) : (size_t)-1;
		if (d < best_d) {
			best_d = d;
			best = cand[i];
		}
	}
	/* A plausible typo: at most a third of the word changed (min 2). */
	limit = strlen(s) / 3;
	if (limit < 2)
		limit = 2;
	return best_d <= limit ? best : NULL;
}

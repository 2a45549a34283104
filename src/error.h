/*
 * error.h - filling a caller-owned wf_error.
 *
 * The first error wins: once err->code is non-zero further calls leave it
 * alone, so the deepest, most specific message survives as the stack
 * unwinds (curl fills its error buffer once in the same way).
 */
#ifndef WF_ERROR_H
#define WF_ERROR_H

#include "wattif.h"

#if defined(__GNUC__)
#define WF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WF_PRINTF(a, b)
#endif

/* Set err (if not NULL and not already set) and return code. */
int wf_error_set(wf_error *err, int code, const char *module, const char *file,
		 int line, int col, const char *fmt, ...) WF_PRINTF(7, 8);

/* wf_nearest (the "did you mean" of every message) is public: wattif.h. */

/* Levenshtein distance between two strings (case-insensitive). */
size_t wf_edit_distance(const char *a, const char *b);

#endif

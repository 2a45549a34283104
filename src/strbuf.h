/*
 * strbuf.h - a growable string for building explanations and notes.
 * Allocation failure is sticky: the buffer remembers it and the owner
 * checks `failed` once at the end instead of after every append.
 */
#ifndef WF_STRBUF_H
#define WF_STRBUF_H

#include <stddef.h>

#include "error.h"

typedef struct wf_strbuf {
	char *s;
	size_t len, cap;
	int failed;
} wf_strbuf;

void wf_strbuf_printf(wf_strbuf *b, const char *fmt, ...) WF_PRINTF(2, 3);
void wf_strbuf_free(wf_strbuf *b);
/* The text so far ("" if nothing was appended). */
const char *wf_strbuf_str(const wf_strbuf *b);

#endif

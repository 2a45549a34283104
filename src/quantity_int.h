/*
 * quantity_int.h - private interfaces of the quantity parser, shared by
 * quantity.c (numbers, units, dates, the entry point), quantity_dist.c
 * (distribution calls) and quantity_format.c (printing); not installed.
 */
#ifndef WF_QUANTITY_INT_H
#define WF_QUANTITY_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <locale.h>
#include <pcre2.h>

#include "quantity.h"

#if defined(__GNUC__)
#define Q_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define Q_PRINTF(a, b)
#endif

/* Longest text accepted; bounds the work a hostile file can cause. */
#define Q_MAX_TEXT 1024
/* Longest piece of offending text quoted in a message. */
#define Q_QUOTE_MAX 48
/* Capture groups used by the largest pattern (the date), plus one. */
#define Q_MAX_CAPS 12

enum { PAT_NUMBER, PAT_UNIT, PAT_CALL, PAT_DATE, PAT_DATELIKE, PAT_COUNT_ };

/* A unit text read before, with what it came to (wf_q_parse_unit). */
enum { Q_MEMO_SLOTS = 32, Q_MEMO_TEXT = 24 };
typedef struct q_memo {
	char text[Q_MEMO_TEXT]; /* "" when the slot is empty */
	int expect;
	int dim;
	double factor;
} q_memo;

struct wf_qparser {
	const pcre2_code *re[PAT_COUNT_]; /* compiled once per process, shared */
	pcre2_match_data *md; /* this parser's: one thread at a time */
	pcre2_match_context *mctx; /* the library's match limits (regex.h) */
	locale_t c_locale;    /* for strtod, whatever the host's LC_NUMERIC (shared) */
	/* units read without error, by a hash of their text: a model file
	 * writes the same few units hundreds of times */
	q_memo memo[Q_MEMO_SLOTS];
};

/* A piece of the text: absolute byte offset and length. */
typedef struct span {
	size_t at;
	size_t len;
	int set; /* 0 for a capture group that did not take part */
} span;

/* One parsed quantity: an SI number and its dimension. */
typedef struct qty {
	double si;
	wf_dim dim;
	int has_unit; /* written with a unit (or as a date) */
	span at;      /* the text it came from */
} qty;
/* "text" cut to Q_QUOTE_MAX bytes with "..." for a message. */
const char *wf_q_quote(char *buf, size_t size, const char *s, size_t len);

/* Fill perr (offset, message) and return code. */
int Q_PRINTF(4, 5) wf_q_fail(wf_parse_error *perr, int code, size_t offset,
			     const char *fmt, ...);

/* The candidate a typo most plausibly meant (case, then edit distance). */
const char *wf_q_nearest(const char *s, size_t len, const char *(*name_at)(size_t),
			 size_t n);

/* ", did you mean "x"?" or "" - for the end of a message. */
const char *wf_q_hint(char *buf, size_t size, const char *cand);

/* Match pattern `which` against text[s.at, s.at+s.len); on a match fill
 * cap[0..ncap) with absolute spans.  Returns 1 on a match, 0 if none,
 * -1 if PCRE2 gave up (match limit). */
int wf_q_match(wf_qparser *qp, int which, const char *text, span s, span *cap, int ncap);

/* s without leading and trailing white space. */
span wf_q_trim(const char *text, span s);

/* Parse one quantity (no distribution): a date, or a number with a unit. */
int wf_q_parse_qty(wf_qparser *qp, qty *out, const char *text, span s, wf_dim expect,
		   wf_parse_error *perr);

/* Parse the unit expression s into a factor to SI and a dimension. */
int wf_q_parse_unit(wf_qparser *qp, double *factor, wf_dim *dim, const char *text, span s,
		    wf_dim expect, wf_parse_error *perr);

/* quantity_dist.c: a call looks like name(...); parse it into *out. */
int wf_q_looks_like_call(wf_qparser *qp, const char *text, span s);
int wf_q_parse_call(wf_qparser *qp, wf_value *out, const char *text, span s,
		    wf_dim expect, wf_parse_error *perr);

#endif

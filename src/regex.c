/*
 * regex.c - PCRE2 patterns for selecting catalog ids (wattif list, sweeps,
 * shift --regions).  The compiled code and the match context are immutable
 * and shared; match data is made per call, so one wf_regex may be used
 * from many threads.
 *
 * A pattern can backtrack exponentially ("(.*.*)*x").  PCRE2 stops at its
 * match limit, by default ten million steps (about 14 s on one id), and
 * reports an error, which must not read as "no match": an id would vanish
 * from a list or a ranking without a word.  So every match runs under
 * tight limits (ids and names are short: a sane pattern needs a few
 * hundred steps), and any outcome other than a match or "no match" is an
 * error naming the pattern.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "regex.h"

struct wf_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	char *pattern;
};

void wf_pcre2_limits(void *match_context)
{
	pcre2_match_context *m = match_context;

	pcre2_set_match_limit(m, WF_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(m, WF_REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(m, WF_REGEX_HEAP_LIMIT_KIB);
}

WF_API int wf_regex_new(wf_regex **out, const char *pattern, wf_error *err)
{
	wf_regex *re;
	int ec;
	PCRE2_SIZE eo;

	if (out)
		*out = NULL;
	if (!out || !pattern)
		return wf_error_set(err, WF_EINPUT, "regex", NULL, 0, 0, "NULL pattern");
	re = calloc(1, sizeof(*re));
	if (!re || !(re->pattern = strdup(pattern)) ||
	    !(re->mctx = pcre2_match_context_create(NULL))) {
		wf_regex_free(re);
		return wf_error_set(err, WF_ENOMEM, "regex", NULL, 0, 0, "out of memory");
	}
	wf_pcre2_limits(re->mctx);
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
				 &ec, &eo, NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		wf_regex_free(re);
		return wf_error_set(err, WF_EINPUT, "regex", NULL, 0, 0,
				    "bad pattern \"%s\" at offset %zu: %s", pattern,
				    (size_t)eo, (const char *)msg);
	}
	*out = re;
	return 0;
}

WF_API int wf_regex_search(const wf_regex *re, const char *s, wf_error *err)
{
	pcre2_match_data *md;
	PCRE2_UCHAR msg[160];
	int rc;

	if (!re || !s)
		return wf_error_set(err, WF_EINPUT, "regex", NULL, 0, 0,
				    "wf_regex_search: NULL argument");
	md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (!md)
		return wf_error_set(err, WF_ENOMEM, "regex", NULL, 0, 0, "out of memory");
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, re->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return wf_error_set(err, WF_EINPUT, "regex", NULL, 0, 0,
			    "pattern \"%s\" could not be matched against \"%.64s\": %s "
			    "(a pattern that backtracks this much is refused; simplify it, "
			    "e.g. without nested repeats)", re->pattern, s, (const char *)msg);
}

WF_API int wf_regex_match(const wf_regex *re, const char *s)
{
	return wf_regex_search(re, s, NULL);
}

WF_API void wf_regex_free(wf_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_match_context_free(re->mctx);
	free(re->pattern);
	free(re);
}

/*
 * regex.c - PCRE2 patterns for selecting catalog ids (wattif list, sweeps,
 * shift --regions).  The compiled code is immutable and shared; match data
 * is made per call, so one wf_regex may be used from many threads.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>

#include "error.h"

struct wf_regex {
	pcre2_code *code;
};

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
	if (!re)
		return wf_error_set(err, WF_ENOMEM, "regex", NULL, 0, 0, "out of memory");
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
				 &ec, &eo, NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		free(re);
		return wf_error_set(err, WF_EINPUT, "regex", NULL, 0, 0,
				    "bad pattern \"%s\" at offset %zu: %s", pattern,
				    (size_t)eo, (const char *)msg);
	}
	*out = re;
	return 0;
}

WF_API int wf_regex_match(const wf_regex *re, const char *s)
{
	pcre2_match_data *md;
	int rc;

	if (!re || !s)
		return 0;
	md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (!md)
		return 0;
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

WF_API void wf_regex_free(wf_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re);
}

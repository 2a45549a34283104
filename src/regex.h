/*
 * regex.h - limits every PCRE2 match in the library runs under (see
 * regex.c): the public wf_regex patterns, the quantity parser and the id
 * check.
 */
#ifndef WF_REGEX_H
#define WF_REGEX_H

enum {
	WF_REGEX_MATCH_LIMIT = 100000,  /* backtracking steps per match */
	WF_REGEX_DEPTH_LIMIT = 10000,   /* nested backtracking points */
	WF_REGEX_HEAP_LIMIT_KIB = 8192  /* heap for backtracking, KiB */
};

/* Set those limits on a pcre2_match_context (passed as void * so this
 * header does not need pcre2.h). */
void wf_pcre2_limits(void *match_context);

#endif

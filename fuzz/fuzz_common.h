/*
 * fuzz_common.h - what the libFuzzer targets share: the shipped catalog
 * (models/ and data/, loaded once from the working directory: `make fuzz`
 * runs from the repository root) and the check that a failure is a
 * located, worded error of an expected kind, never anything else.
 */
#ifndef WF_FUZZ_COMMON_H
#define WF_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wattif.h"

#define CHECK(c) \
	do { \
		if (!(c)) \
			__builtin_trap(); \
	} while (0)

/* The shipped catalog, or a trap when it cannot be loaded (run from the
 * repository root). */
static const wf_catalog *fuzz_base(void)
{
	static wf_catalog *base;
	wf_error err;

	if (base)
		return base;
	wf_global_init();
	wf_error_clear(&err);
	CHECK(wf_catalog_new(&base) == 0);
	CHECK(wf_catalog_load(base, "models", &err) == 0);
	CHECK(wf_catalog_load(base, "data", &err) == 0);
	CHECK(wf_catalog_finish(base, &err) == 0);
	return base;
}

/* A failure of bad input (or memory): one of the input codes, with a
 * message.  A numerical failure may only come from input too. */
static void fuzz_check_error(int rc, const wf_error *err)
{
	CHECK(rc == WF_EINPUT || rc == WF_EDIM || rc == WF_ENOTFOUND || rc == WF_ENOMEM ||
	      rc == WF_ENUMERIC || rc == WF_EIO);
	CHECK(err->code == rc && err->message[0] != '\0');
}

/* Every output present is finite, and absent ones are NaN. */
static void fuzz_check_result(const wf_result *r)
{
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++) {
		double v;
		int rc = wf_result_get(r, i, &v);
		CHECK(rc == 0 ? v == v && v - v == 0 : v != v);
	}
	CHECK(wf_result_explain(r) != NULL && wf_result_notes(r) != NULL);
}

#endif

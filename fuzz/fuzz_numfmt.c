/*
 * fuzz_numfmt.c - libFuzzer target for the number writer (numfmt.c,
 * wf_format_double).
 *
 * Each input gives doubles two ways: its first 8 bytes as a bit pattern
 * (every double, NaNs included, is reachable), and its text (a
 * NUL-terminated copy) read by strtod, which reaches the short decimals
 * that sit near rounding boundaries.  Each must be written as
 * tests/numfmt_check.h demands: read back by strtod as the same double,
 * with the fewest digits, the nearest such decimal, the documented layout,
 * no longer than the shortest "%.Ng" that reads back; NaN and infinities
 * as "".
 *
 * Build: clang -g -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
 *          src/numfmt.c fuzz/fuzz_numfmt.c -lm -o fuzz_numfmt
 * Seeds: fuzz/corpus/numfmt/
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/numfmt_check.h"

static void judge(double v)
{
	char why[256];

	if (numfmt_check(v, why, sizeof why)) {
		fprintf(stderr, "numfmt: %s\n", why);
		__builtin_trap();
	}
	if (v == v && numfmt_check(-v, why, sizeof why)) {
		fprintf(stderr, "numfmt: %s\n", why);
		__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[72];
	double v;

	if (size >= 8) {
		memcpy(&v, data, sizeof v);
		judge(v);
	}
	if (size < sizeof text) {
		memcpy(text, data, size);
		text[size] = '\0';
		judge(strtod(text, NULL));
	}
	return 0;
}

/*
 * fuzz_series.c - libFuzzer target for the intensity-series CSV reader
 * (series_csv.c) and the window integral over what it reads.
 *
 * Reads each input as a whole file (every region), then checks what must
 * always hold: only 0, WF_EINPUT, WF_ENOTFOUND or WF_ENOMEM come back; an
 * error has a message; every series has strictly increasing boundaries,
 * a prefix-sum array that starts at 0, and integrals over random-looking
 * windows that are finite, with "covered" windows inside the series.
 *
 * Build: make fuzz (FUZZ_TARGETS includes series).  Seeds: fuzz/corpus/series/
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "series.h"

#define CHECK(c) \
	do { \
		if (!(c)) \
			__builtin_trap(); \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wf_series **s = NULL;
	size_t n = 0, i, k;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	rc = wf_series_parse(&s, &n, (const char *)data, size, "fuzz.csv", NULL, NULL, &err);
	CHECK(rc == 0 || rc == WF_EINPUT || rc == WF_ENOTFOUND || rc == WF_ENOMEM);
	if (rc) {
		CHECK(err.code == rc && err.message[0] != '\0');
		CHECK(s == NULL);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const wf_series *x = s[i];
		double a = wf_series_begin(x), b = wf_series_end(x), v, m;
		int cov;
		CHECK(x->n >= 1 && x->cum[0] == 0);
		for (k = 0; k < x->n; k++)
			CHECK(x->t[k] < x->t[k + 1]);
		for (k = 0; k <= 8; k++) {
			double t0 = a + (b - a) * (double)k / 9, t1 = t0 + (b - a) / 3;
			CHECK(wf_series_integral(x, t0, t1, &v, &cov) == 0);
			CHECK(isfinite(v) && v >= 0);
			if (cov) {
				CHECK(t0 >= a && t1 <= b);
				CHECK(wf_series_mean(x, t0, t1, &m, &cov) == 0 && isfinite(m));
			}
		}
	}
	wf_series_free_all(s, n);
	return 0;
}

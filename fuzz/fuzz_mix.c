/*
 * fuzz_mix.c - libFuzzer target for the generation-mix CSV layout
 * (<fuel>_mw or <fuel>_pct columns turned into an intensity with a
 * factor set; series.h layout (c)).  The factors are fixed; the input is
 * the file.  Checks: an error of an input kind with a message, or series
 * whose boundaries increase, whose intensities are finite and >= 0 (or
 * missing), and whose window integrals are finite.
 *
 * Build and run: make fuzz (FUZZ_TARGETS).  Seeds: fuzz/corpus/mix/
 */
#include <math.h>

#include "fuzz_common.h"

#include "series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fuel[] = {"gas", "coal", "nuclear", "wind", "solar",
					   "hydro", "biomass", "imports", "other"};
	static const double g_per_kwh[] = {394, 937, 0, 0, 0, 0, 120, 250, 300};
	static const char *const drop[] = {"pumped_storage", "storage"};
	double ef[9];
	wf_mix_factors m = {9, fuel, ef, 2, drop};
	wf_series **s = NULL;
	size_t n = 0, i, k;
	wf_error err;
	int rc;

	if (size > 1 << 16)
		return 0;
	for (i = 0; i < 9; i++)
		ef[i] = g_per_kwh[i] * WF_G_PER_KWH;
	wf_error_clear(&err);
	rc = wf_series_parse(&s, &n, (const char *)data, size, "fuzz-mix.csv", NULL, &m, &err);
	if (rc) {
		CHECK(rc == WF_EINPUT || rc == WF_ENOTFOUND || rc == WF_ENOMEM);
		CHECK(err.code == rc && err.message[0] != '\0');
		CHECK(s == NULL);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const wf_series *x = s[i];
		double a = wf_series_begin(x), b = wf_series_end(x), v;
		int cov;
		CHECK(x->n >= 1 && x->cum[0] == 0);
		for (k = 0; k < x->n; k++) {
			CHECK(x->t[k] < x->t[k + 1]);
			CHECK(x->missing[k] ? isnan(wf_series_ci(x, k)) : isfinite(wf_series_ci(x, k)) && wf_series_ci(x, k) >= 0);
		}
		for (k = 0; k <= 4; k++) {
			double t0 = a + (b - a) * (double)k / 5;
			CHECK(wf_series_integral(x, t0, t0 + (b - a) / 2, &v, &cov) == 0);
			CHECK(isfinite(v) && v >= 0);
		}
	}
	wf_series_free_all(s, n);
	return 0;
}

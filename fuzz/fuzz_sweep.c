/*
 * fuzz_sweep.c - libFuzzer target for sweep files: axes (lists, ranges
 * with units and dates, re: patterns), modes, samples and outputs.  The
 * input is a sweep file named examples/sweeps/fuzz.yaml (so a relative
 * base: resolves as in the shipped sweeps), loaded with at most 2,000
 * points; then its first, middle and last points are evaluated and
 * formatted as CSV and JSON Lines, and its fingerprint taken.  Checks: a
 * located error of an input kind, or rows that fit the sweep's columns.
 *
 * Build and run: make fuzz (FUZZ_TARGETS).  Seeds: fuzz/corpus/sweep/
 */
#include "fuzz_common.h"

#include "sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const wf_catalog *base = fuzz_base();
	wf_sweep_options o = WF_SWEEP_OPTIONS_INIT;
	wf_sweep *sw = NULL;
	wf_sweep_worker *w = NULL;
	wf_error err;
	double *v;
	char fp[33], row[8192];
	size_t n, nv, ks[3], i;
	int rc;

	if (size > 1 << 13)
		return 0;
	wf_error_clear(&err);
	o.max_points = 2000;
	rc = wf_sweep_load_text(&sw, base, (const char *)data, size,
				"examples/sweeps/fuzz.yaml", &o, &err);
	if (rc) {
		fuzz_check_error(rc, &err);
		CHECK(sw == NULL);
		return 0;
	}
	n = wf_sweep_point_count(sw);
	nv = wf_sweep_value_count(sw);
	CHECK(n >= 1 && n <= 2000);
	CHECK(wf_sweep_column(sw, wf_sweep_axis_count(sw) + nv - 1) != NULL);
	wf_sweep_fingerprint(sw, WF_SWEEP_CSV, fp);
	CHECK(strlen(fp) == 32);
	if (wf_sweep_samples(sw) > 2000) { /* valid, but minutes a point */
		wf_sweep_free(sw);
		return 0;
	}
	CHECK((v = malloc((nv + 1) * sizeof(double))) != NULL);
	CHECK(wf_sweep_worker_new(&w, sw, &err) == 0);
	ks[0] = 0, ks[1] = n / 2, ks[2] = n - 1;
	for (i = 0; i < 3; i++) {
		wf_error_clear(&err);
		rc = wf_sweep_eval(w, ks[i], v, &err);
		if (rc) {
			fuzz_check_error(rc, &err);
			break;
		}
		CHECK(wf_sweep_format_row(row, sizeof row, sw, ks[i], v, WF_SWEEP_CSV) > 0);
		CHECK(wf_sweep_format_row(row, sizeof row, sw, ks[i], v, WF_SWEEP_JSONL) > 0);
		CHECK(wf_sweep_axis_value(sw, ks[i], 0) != NULL);
	}
	free(v);
	wf_sweep_worker_free(w);
	wf_sweep_free(sw);
	return 0;
}

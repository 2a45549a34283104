/*
 * fuzz_sweep.c - libFuzzer target for sweep files: axes (lists, ranges
 * with units and dates, re: patterns), modes, samples and outputs.  The
 * input is a sweep file named examples/sweeps/fuzz.yaml (so a relative
 * base: resolves as in the shipped sweeps), loaded with at most 2,000
 * points; then its first, middle and last points are evaluated and
 * formatted as CSV and JSON Lines, and its fingerprint taken; a chunk of
 * rows, and a summary by the first axis (packed, merged, formatted); the
 * input itself read as a packed summary.  Checks: a located error of an
 * input kind, or rows that fit the sweep's columns.
 *
 * Build and run: make fuzz (FUZZ_TARGETS).  Seeds: fuzz/corpus/sweep/
 */
#include <stdio.h>

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
	wf_intensity_info ci;
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
		CHECK(wf_sweep_worker_intensity(w, &ci) == 0);
		CHECK(wf_sweep_format_row(row, sizeof row, sw, ks[i], v, &ci, WF_SWEEP_CSV) > 0);
		CHECK(wf_sweep_format_row(row, sizeof row, sw, ks[i], v, &ci, WF_SWEEP_JSONL) > 0);
		CHECK(wf_sweep_axis_text(row, sizeof row, sw, ks[i], 0) > 0);
	}
	/* a chunk of rows, grouped by plan, in point order */
	if (rc == 0) {
		char *rows = NULL;
		size_t len = 0, cap = 0, k1 = n < 8 ? n : 8;
		wf_error_clear(&err);
		rc = wf_sweep_rows(w, 0, k1, WF_SWEEP_JSONL, &rows, &len, &cap, &err);
		if (rc)
			fuzz_check_error(rc, &err);
		else
			CHECK(len > 0 && rows[len - 1] == '\n');
		free(rows);
	}
	/* a summary by the first axis of the same points, through its packed
	 * bytes; and the input itself read as packed bytes (refused, never a
	 * crash) */
	if (rc == 0) {
		wf_sweep_summary *s = NULL, *t = NULL;
		char *packed = NULL, *text = NULL;
		size_t len = 0, k1 = n < 8 ? n : 8;
		char by[256];
		snprintf(by, sizeof by, "%s", wf_sweep_column(sw, 0));
		wf_error_clear(&err);
		CHECK(wf_sweep_summary_new(&s, sw, strchr(by, ',') ? "" : by, 0, &err) == 0);
		CHECK(wf_sweep_summary_new(&t, sw, strchr(by, ',') ? "" : by, 0, &err) == 0);
		rc = wf_sweep_summary_add(t, w, 0, k1, &err);
		if (rc) {
			fuzz_check_error(rc, &err);
		} else {
			CHECK(wf_sweep_summary_pack(t, &packed, &len, &err) == 0);
			CHECK(wf_sweep_summary_merge_packed(s, packed, len, &err) == 0);
			CHECK(wf_sweep_summary_format(s, WF_SWEEP_JSONL, &text, &len, &err) == 0);
			CHECK(len > 0 && text[len - 1] == '\n');
		}
		wf_error_clear(&err);
		(void)wf_sweep_summary_merge_packed(s, (const char *)data, size, &err);
		free(packed);
		free(text);
		wf_sweep_summary_free(s);
		wf_sweep_summary_free(t);
	}
	free(v);
	wf_sweep_worker_free(w);
	wf_sweep_free(sw);
	return 0;
}

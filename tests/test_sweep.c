/*
 * test_sweep.c - sweeps: point order, values equal to separate runs with
 * --set (bit for bit, fast axes included), zip pairs, inclusive ranges
 * with units and dates, regex axes over catalog ids, Monte Carlo columns
 * equal to wf_scenario_run's, row formatting, located errors.
 */
#include "testutil.h"

#include "sketch.h"
#include "sweep.h"

static wf_sweep *load(const char *rel, unsigned long long max, wf_error *err)
{
	char p[4096];
	wf_sweep_options o = WF_SWEEP_OPTIONS_INIT;
	wf_sweep *sw = NULL;
	int rc;

	o.max_points = max;
	wf_error_clear(err);
	rc = wf_sweep_load(&sw, cat, test_path(p, sizeof p, rel), &o, err);
	if (rc) {
		char b[2048];
		print_error("%s\n", wf_error_format(err, b, sizeof b));
		fail();
	}
	return sw;
}

/* Run the base scenario with sets, deterministic or with samples. */
static wf_result *run_with(const char *rel, long samples, const char *s1,
			   const char *s2, const char *s3)
{
	char p[4096];
	wf_run_options o = WF_RUN_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_error err;

	wf_error_clear(&err);
	o.samples = samples ? samples : 1;
	o.explain = 0;
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p, rel), &err), 0);
	if (s1)
		assert_int_equal(wf_scenario_set(sc, s1, &err), 0);
	if (s2)
		assert_int_equal(wf_scenario_set(sc, s2, &err), 0);
	if (s3)
		assert_int_equal(wf_scenario_set(sc, s3, &err), 0);
	assert_int_equal(wf_scenario_run(&r, sc, &o, &err), 0);
	wf_scenario_free(sc);
	return r;
}

static void product_equals_runs(void **state)
{
	static const char *regions[] = {"FR", "DE", "PL"}, *pues[] = {"1.1", "1.35"},
			  *devs[] = {"8", "64"};
	wf_error err;
	wf_sweep *sw = load("tests/sweeps/product.yaml", 0, &err);
	wf_sweep_worker *w = NULL;
	double v[WF_OUT_COUNT_];
	size_t k = 0, a, b, c;
	int i;

	(void)state;
	assert_int_equal(wf_sweep_point_count(sw), 12);
	assert_int_equal(wf_sweep_axis_count(sw), 3);
	assert_int_equal(wf_sweep_value_count(sw), WF_OUT_COUNT_);
	assert_string_equal(wf_sweep_column(sw, 1), "site.pue");
	assert_string_equal(wf_sweep_column(sw, 3), "duration_h");
	/* then what the intensity is, as `wattif run --format csv` ends */
	assert_int_equal(wf_sweep_column_count(sw), 3 + WF_OUT_COUNT_ + 5);
	assert_string_equal(wf_sweep_column(sw, 3 + WF_OUT_COUNT_), "region");
	assert_string_equal(wf_sweep_column(sw, 3 + WF_OUT_COUNT_ + 4), "profile");
	assert_null(wf_sweep_column(sw, 3 + WF_OUT_COUNT_ + 5));
	assert_int_equal(wf_sweep_worker_new(&w, sw, &err), 0);
	/* the first axis outermost; each point equals its own run, bit for bit */
	for (a = 0; a < 3; a++)
		for (b = 0; b < 2; b++)
			for (c = 0; c < 2; c++, k++) {
				char s1[64], s2[64], s3[64];
				wf_result *r;
				assert_string_equal(wf_sweep_axis_value(sw, k, 0), regions[a]);
				assert_string_equal(wf_sweep_axis_value(sw, k, 1), pues[b]);
				assert_string_equal(wf_sweep_axis_value(sw, k, 2), devs[c]);
				snprintf(s1, sizeof s1, "site.region=%s", regions[a]);
				snprintf(s2, sizeof s2, "site.pue=%s", pues[b]);
				snprintf(s3, sizeof s3, "workload.devices=%s", devs[c]);
				r = run_with("tests/sweeps/base.yaml", 0, s1, s2, s3);
				assert_int_equal(wf_sweep_eval(w, k, v, &err), 0);
				for (i = 0; i < WF_OUT_COUNT_; i++) {
					double want;
					if (wf_result_get(r, i, &want)) {
						/* absent in the run, absent in the sweep */
						assert_true(isnan(v[i]));
						continue;
					}
					if (v[i] != want) {
						print_error("point %zu %s: %.17g, run %.17g\n", k,
							    wf_output_name(i), v[i], want);
						fail();
					}
				}
				wf_result_free(r);
			}
	/* out of order, and again: the same numbers (the cache is invisible) */
	{
		double v2[WF_OUT_COUNT_], v3[WF_OUT_COUNT_];
		assert_int_equal(wf_sweep_eval(w, 11, v2, &err), 0);
		assert_int_equal(wf_sweep_eval(w, 0, v3, &err), 0);
		assert_int_equal(wf_sweep_eval(w, 11, v, &err), 0);
		assert_memory_equal(v, v2, sizeof v);
	}
	assert_int_not_equal(wf_sweep_eval(w, 12, v, &err), 0);
	wf_sweep_worker_free(w);
	wf_sweep_free(sw);
}

static void zip_pairs(void **state)
{
	wf_error err;
	wf_sweep *sw = load("tests/sweeps/zip.yaml", 0, &err);
	wf_sweep_worker *w = NULL;
	double v[2];
	wf_result *r;

	(void)state;
	assert_int_equal(wf_sweep_point_count(sw), 3);
	assert_int_equal(wf_sweep_value_count(sw), 2);
	assert_string_equal(wf_sweep_column(sw, 2), "energy_facility_kwh");
	assert_string_equal(wf_sweep_axis_value(sw, 1, 0), "DE");
	assert_string_equal(wf_sweep_axis_value(sw, 1, 1), "1.2");
	assert_int_equal(wf_sweep_worker_new(&w, sw, &err), 0);
	assert_int_equal(wf_sweep_eval(w, 2, v, &err), 0);
	r = run_with("tests/sweeps/base.yaml", 0, "site.region=PL", "site.pue=1.3", NULL);
	assert_true(v[0] == result(r, "energy_facility_kwh"));
	assert_true(v[1] == result(r, "emissions_operational_kg"));
	wf_result_free(r);
	wf_sweep_worker_free(w);
	wf_sweep_free(sw);
}

static void ranges_inclusive(void **state)
{
	wf_error err;
	wf_sweep *sw = load("tests/sweeps/ranges.yaml", 0, &err);
	size_t per_start = 5 * 19, n;

	(void)state;
	n = wf_sweep_point_count(sw);
	assert_int_equal(n, 25 * per_start);
	/* dates: hourly, both ends included */
	assert_string_equal(wf_sweep_axis_value(sw, 0, 0), "2026-07-01T00:00Z");
	assert_string_equal(wf_sweep_axis_value(sw, per_start, 0), "2026-07-01T01:00Z");
	assert_string_equal(wf_sweep_axis_value(sw, n - 1, 0), "2026-07-02T00:00Z");
	/* 1.1 to 1.5 by 0.1 is five values, written without rounding noise */
	assert_string_equal(wf_sweep_axis_value(sw, 19 * 2, 1), "1.3");
	assert_string_equal(wf_sweep_axis_value(sw, 19 * 4, 1), "1.5");
	/* units kept from the start: 100 W ... 1000 W (1 kW) */
	assert_string_equal(wf_sweep_axis_value(sw, 0, 2), "100 W");
	assert_string_equal(wf_sweep_axis_value(sw, 18, 2), "1000 W");
	assert_null(wf_sweep_axis_value(sw, n, 0));
	{
		wf_sweep_worker *w = NULL;
		double v[3], e_lo[3];
		assert_int_equal(wf_sweep_worker_new(&w, sw, &err), 0);
		/* energy scales with the power per device: 8 x 2 h x 1.1 x P */
		assert_int_equal(wf_sweep_eval(w, 0, e_lo, &err), 0);
		assert_rel(e_lo[0], 8 * 2 * 1.1 * 100 / 1000.0, 1e-12);
		assert_int_equal(wf_sweep_eval(w, 18, v, &err), 0);
		assert_rel(v[0], 8 * 2 * 1.1 * 1000 / 1000.0, 1e-12);
		/* the same window, so the same intensity from the series */
		assert_true(v[1] == e_lo[1]);
		/* other start hours see other hourly intensities */
		assert_int_equal(wf_sweep_eval(w, 12 * per_start, v, &err), 0);
		assert_true(v[1] != e_lo[1]);
		wf_sweep_worker_free(w);
	}
	wf_sweep_free(sw);
}

static void regex_over_ids(void **state)
{
	wf_error err;
	wf_sweep *sw = load("examples/sweeps/gb-hourly.yaml", 0, &err);
	size_t per_region = 504 * 3 * 2, k, i, want = 0;
	const char *prev = "";

	(void)state;
	/* every GB grid but the three aggregates, sorted by id */
	for (i = 0; i < wf_catalog_count(cat, WF_KIND_GRID); i++) {
		wf_entry_info e;
		assert_int_equal(wf_catalog_entry(&e, cat, WF_KIND_GRID, i), 0);
		if (strncmp(e.id, "GB-", 3) == 0 && strcmp(e.id, "GB-england") &&
		    strcmp(e.id, "GB-scotland") && strcmp(e.id, "GB-wales"))
			want++;
	}
	assert_int_equal(want, 14);
	assert_int_equal(wf_sweep_point_count(sw), want * per_region);
	for (k = 0; k < wf_sweep_point_count(sw); k += per_region) {
		const char *id = wf_sweep_axis_value(sw, k, 0);
		assert_int_equal(strncmp(id, "GB-", 3), 0);
		assert_true(strcmp(prev, id) < 0);
		prev = id;
	}
	wf_sweep_free(sw);
}

static void samples_equal_run(void **state)
{
	wf_error err;
	wf_sweep *sw = load("tests/sweeps/sampled.yaml", 0, &err);
	wf_sweep_worker *w = NULL;
	double v[2 + 10];
	wf_quantiles q;
	wf_result *r;

	(void)state;
	assert_int_equal(wf_sweep_samples(sw), 300);
	assert_int_equal(wf_sweep_value_count(sw), 2 + 2 * 5);
	assert_string_equal(wf_sweep_column(sw, 2 + 2 + 4), "energy_facility_kwh_p95");
	assert_int_equal(wf_sweep_worker_new(&w, sw, &err), 0);
	assert_int_equal(wf_sweep_eval(w, 3, v, &err), 0); /* DE, 1.3 */
	r = run_with("examples/uncertain-training.yaml", 300, "site.region=DE",
		     "site.pue=1.3", NULL);
	assert_true(v[0] == result(r, "energy_facility_kwh"));
	assert_int_equal(wf_result_quantiles(r, WF_OUT_EMISSIONS_TOTAL_KG, &q), 0);
	assert_true(v[2 + 5 + 0] == q.mean);
	assert_true(v[2 + 5 + 2] == q.p05);
	assert_true(v[2 + 5 + 4] == q.p95);
	assert_true(q.p05 < q.p95);
	wf_result_free(r);
	wf_sweep_worker_free(w);
	wf_sweep_free(sw);
}

static void formatting(void **state)
{
	wf_error err;
	wf_sweep *sw = load("tests/sweeps/zip.yaml", 0, &err);
	double v[2] = {0.1, NAN};
	char buf[512], num[32];
	size_t n;
	wf_intensity_info ci = {"DE", "life,cycle", "average", "location", "annual",
				2023, 0, "DE annual 2023", ""};

	(void)state;
	n = wf_sweep_format_header(buf, sizeof buf, sw, WF_SWEEP_CSV);
	assert_string_equal(buf, "site.region,site.pue,energy_facility_kwh,"
				 "emissions_operational_kg,region,year,basis,"
				 "intensity_source,profile\n");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(wf_sweep_format_header(buf, sizeof buf, sw, WF_SWEEP_JSONL), 0);
	n = wf_sweep_format_row(buf, sizeof buf, sw, 1, v, NULL, WF_SWEEP_CSV);
	assert_string_equal(buf, "DE,1.2,0.1,,,,,,\n");
	n = wf_sweep_format_row(buf, sizeof buf, sw, 1, v, &ci, WF_SWEEP_CSV);
	assert_string_equal(buf, "DE,1.2,0.1,,DE,2023,\"life,cycle\",annual,\n");
	/* JSON Lines: a plain number is a number; no year or profile is null */
	n = wf_sweep_format_row(buf, sizeof buf, sw, 1, v, &ci, WF_SWEEP_JSONL);
	assert_string_equal(buf, "{\"site.region\": \"DE\", \"site.pue\": 1.2, "
				 "\"energy_facility_kwh\": 0.1, "
				 "\"emissions_operational_kg\": null, \"region\": \"DE\", "
				 "\"year\": 2023, \"basis\": \"life,cycle\", "
				 "\"intensity_source\": \"annual\", \"profile\": null}\n");
	/* a short buffer: cut and terminated, the full length returned */
	assert_int_equal(wf_sweep_format_row(buf, 5, sw, 1, v, &ci, WF_SWEEP_JSONL), n);
	assert_int_equal(strlen(buf), 4);
	ci.year = 0;
	ci.profile = "2025 shape";
	wf_sweep_format_row(buf, sizeof buf, sw, 1, v, &ci, WF_SWEEP_JSONL);
	assert_non_null(strstr(buf, "\"year\": null, \"basis\": \"life,cycle\", "
				 "\"intensity_source\": \"annual\", \"profile\": \"2025 shape\"}"));
	/* numbers read back exactly, in as few digits as that takes */
	wf_sweep_number(num, 1.0 / 3);
	assert_true(strtod(num, NULL) == 1.0 / 3);
	wf_sweep_number(num, 0.1 + 0.2);
	assert_string_equal(num, "0.30000000000000004");
	wf_sweep_number(num, 449839.28);
	assert_string_equal(num, "449839.28");
	wf_sweep_free(sw);
}

/* Errors name the sweep file's line and column (1-based). */
static void located_errors(void **state)
{
	static const struct {
		const char *file;
		int line, col, code;
		const char *text;
	} cases[] = {
		{"tests/sweeps/bad/02-regex-matches-nothing.yaml", 5, 18, WF_EINPUT, "^XX-"},
		{"tests/sweeps/bad/03-empty-range.yaml", 4, 15, WF_EINPUT, "empty range"},
		{"tests/sweeps/bad/05-unknown-region.yaml", 4, 30, WF_ENOTFOUND, "GB-nowhere"},
		{"tests/sweeps/bad/11-pue-below-one.yaml", 4, 21, WF_EINPUT, "at least 1"},
		{"tests/sweeps/bad/01-unknown-path.yaml", 4, 17, WF_EINPUT, "pue2"},
		{"tests/sweeps/bad/16-seed-axis.yaml", 5, 5, WF_EINPUT, "seed cannot be varied"},
		{"tests/sweeps/bad/17-samples-axis.yaml", 5, 5, WF_EINPUT, "samples cannot be"},
		{"tests/sweeps/bad/18-id-axis.yaml", 4, 5, WF_EINPUT, "id cannot be varied"},
		{"tests/sweeps/bad/19-bad-path.yaml", 4, 5, WF_EINPUT, "\"site..pue\""},
		{"tests/sweeps/bad/20-sub-ms-dates.yaml", 4, 12, WF_EINPUT, "whole milliseconds"},
		{"tests/sweeps/bad/21-huge-ranges.yaml", 6, 5, WF_EINPUT,
		 "100000000000000 points"},
		{"tests/sweeps/bad/22-date-step-huge.yaml", 6, 12, WF_EINPUT,
		 "longer than any span of dates"},
	};
	char p[4096];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		wf_sweep *sw = NULL;
		wf_error err;
		int rc;
		wf_error_clear(&err);
		rc = wf_sweep_load(&sw, cat, test_path(p, sizeof p, cases[i].file), NULL, &err);
		assert_null(sw);
		assert_int_equal(rc, cases[i].code);
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.col, cases[i].col);
		assert_non_null(strstr(err.message, cases[i].text));
		assert_non_null(strstr(err.file, cases[i].file));
	}
	/* the product against --max-points */
	{
		wf_sweep_options o = WF_SWEEP_OPTIONS_INIT;
		wf_sweep *sw = NULL;
		wf_error err;
		wf_error_clear(&err);
		o.max_points = 11;
		assert_int_equal(wf_sweep_load(&sw, cat, test_path(p, sizeof p,
				 "tests/sweeps/product.yaml"), &o, &err), WF_EINPUT);
		assert_non_null(strstr(err.message, "12 points"));
		o.max_points = 12;
		wf_error_clear(&err);
		assert_int_equal(wf_sweep_load(&sw, cat, test_path(p, sizeof p,
				 "tests/sweeps/product.yaml"), &o, &err), 0);
		wf_sweep_free(sw);
	}
}

/* Dates to the millisecond: distinct points that read back exactly. */
static void dates_to_the_millisecond(void **state)
{
	static const char *want[] = {"2026-07-01T00:00Z", "2026-07-01T00:00:00.250Z",
				     "2026-07-01T00:00:00.500Z", "2026-07-01T00:00:00.750Z",
				     "2026-07-01T00:00:01Z", "2026-07-01T00:00:01.250Z"};
	char p[4096];
	wf_sweep *sw = NULL;
	wf_error err;
	size_t k;
	FILE *f;

	(void)state;
	snprintf(p, sizeof p, "%s/tests/sweeps/ms-dates-%d.yaml", test_root(), (int)getpid());
	assert_non_null(f = fopen(p, "w"));
	fputs("sweep:\n  base: ../../examples/carbon-aware-week.yaml\n  vary:\n"
	      "    start: range(2026-07-01T00:00Z, 2026-07-01T00:00:01.3Z, 250 ms)\n", f);
	fclose(f);
	wf_error_clear(&err);
	assert_int_equal(wf_sweep_load(&sw, cat, p, NULL, &err), 0);
	assert_int_equal(wf_sweep_point_count(sw), 6);
	for (k = 0; k < 6; k++) {
		wf_value v;
		assert_string_equal(wf_sweep_axis_value(sw, k, 0), want[k]);
		assert_int_equal(wf_value_parse(&v, want[k], WF_DIM_DATE, NULL), 0);
		assert_true(v.p[0] == 1782864000.0 + 0.25 * (double)k);
	}
	wf_sweep_free(sw);
	remove(p);
}

/* The fingerprint: the same for the same sweep and format, different for
 * another sweep, another format, or the same sweep after a file changed. */
static void fingerprints(void **state)
{
	char a[33], b[33], c[33], d[33], p[4096], rel[128];
	wf_error err;
	wf_sweep *s1 = load("tests/sweeps/product.yaml", 0, &err);
	wf_sweep *s2 = load("tests/sweeps/product.yaml", 0, &err);
	wf_sweep *s3 = load("tests/sweeps/zip.yaml", 0, &err);
	FILE *f;

	(void)state;
	wf_sweep_fingerprint(s1, WF_SWEEP_CSV, a);
	wf_sweep_fingerprint(s2, WF_SWEEP_CSV, b);
	assert_int_equal(strlen(a), 32);
	assert_string_equal(a, b);
	wf_sweep_fingerprint(s1, WF_SWEEP_JSONL, c);
	assert_string_not_equal(a, c);
	wf_sweep_fingerprint(s3, WF_SWEEP_CSV, c);
	assert_string_not_equal(a, c);
	wf_sweep_free(s2);
	/* a copy of the sweep file that differs in a comment only */
	snprintf(p, sizeof p, "%s/tests/sweeps/fp-copy-%d.yaml", test_root(), (int)getpid());
	assert_non_null(f = fopen(p, "w"));
	fputs("# a comment\nsweep:\n  base: base.yaml\n  vary:\n    site.region: [FR, DE, PL]\n"
	      "    site.pue: [1.1, 1.35]\n    workload.devices: [8, 64]\n", f);
	fclose(f);
	snprintf(rel, sizeof rel, "tests/sweeps/fp-copy-%d.yaml", (int)getpid());
	s2 = load(rel, 0, &err);
	wf_sweep_fingerprint(s2, WF_SWEEP_CSV, d);
	assert_string_not_equal(a, d);
	remove(p);
	wf_sweep_free(s1);
	wf_sweep_free(s2);
	wf_sweep_free(s3);
}


/* A sweep from text written to a file under tests/sweeps (relative base:
 * paths resolve as for the shipped fixtures); removed by the caller. */
static wf_sweep *load_text(char *p, size_t size, const char *name, const char *text)
{
	wf_sweep *sw = NULL;
	wf_error err;
	FILE *f;

	snprintf(p, size, "%s/tests/sweeps/%s-%d.yaml", test_root(), name, (int)getpid());
	assert_non_null(f = fopen(p, "w"));
	fputs(text, f);
	fclose(f);
	wf_error_clear(&err);
	if (wf_sweep_load(&sw, cat, p, NULL, &err)) {
		char b[2048];
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	return sw;
}

/* Rows of a chunk (evaluated grouped by plan) are the rows of each point
 * evaluated alone, byte for byte, whatever the order of the axes and
 * wherever the chunk starts. */
static void chunks_equal_points(void **state)
{
	wf_error err;
	wf_sweep *sw = load("tests/sweeps/inner.yaml", 0, &err);
	wf_sweep_worker *w1 = NULL, *w2 = NULL;
	char one[4096], *rows = NULL, *want = NULL;
	size_t len = 0, cap = 0, wl = 0, k, k0;
	double v[WF_OUT_COUNT_];

	(void)state;
	assert_int_equal(wf_sweep_point_count(sw), 12);
	assert_int_equal(wf_sweep_worker_new(&w1, sw, &err), 0);
	assert_int_equal(wf_sweep_worker_new(&w2, sw, &err), 0);
	assert_non_null(want = malloc(12 * sizeof one));
	for (k = 0; k < 12; k++) {
		wf_intensity_info ci;
		assert_int_equal(wf_sweep_eval(w1, k, v, &err), 0);
		assert_int_equal(wf_sweep_worker_intensity(w1, &ci), 0);
		/* regions innermost: FR, DE, PL, FR, ... */
		assert_string_equal(ci.region, k % 3 == 0 ? "FR" : k % 3 == 1 ? "DE" : "PL");
		wl += wf_sweep_format_row(want + wl, sizeof one, sw, k, v, &ci, WF_SWEEP_CSV);
	}
	for (k0 = 0; k0 < 12; k0 += 5) {
		size_t k1 = k0 + 5 < 12 ? k0 + 5 : 12, off = 0;
		for (k = 0; k < k0; k++)
			off += strcspn(want + off, "\n") + 1;
		len = 0;
		assert_int_equal(wf_sweep_rows(w2, k0, k1, WF_SWEEP_CSV, &rows, &len, &cap, &err), 0);
		assert_memory_equal(rows, want + off, len);
		assert_true(off + len == wl || want[off + len - 1] == '\n');
	}
	assert_int_not_equal(wf_sweep_rows(w2, 3, 13, WF_SWEEP_CSV, &rows, &len, &cap, &err), 0);
	free(rows);
	free(want);
	wf_sweep_worker_free(w1);
	wf_sweep_worker_free(w2);
	wf_sweep_free(sw);
}

/* A range of more than 65,536 values makes its texts (and fast values) on
 * demand: nothing per value is stored, and each point is still exactly
 * what `--set PATH=TEXT` gives. */
static void long_ranges_on_demand(void **state)
{
	char p[4096], t[64];
	wf_sweep *sw = load_text(p, sizeof p, "long", "sweep:\n  base: base.yaml\n  vary:\n"
				 "    site.pue: range(1.0, 1.69999, 0.00001)\n"
				 "    grid.intensity: range(100 g/kWh, 799.99 g/kWh, 0.01 g/kWh)\n"
				 "  mode: zip\n  outputs: [energy_facility_kwh, emissions_total_kg]\n");
	wf_sweep_worker *w = NULL;
	wf_error err;
	double v[2];
	size_t ks[3] = {0, 12345, 70000}, i;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_sweep_point_count(sw), 70000);
	assert_null(wf_sweep_axis_value(sw, 12345, 0));
	assert_int_equal(wf_sweep_axis_text(t, sizeof t, sw, 12345, 0), 7);
	assert_string_equal(t, "1.12345");
	wf_sweep_axis_text(t, sizeof t, sw, 12345, 1);
	assert_string_equal(t, "223.45 g/kWh");
	assert_int_equal(wf_sweep_axis_text(t, 4, sw, 12345, 1), 12); /* cut, as snprintf */
	assert_string_equal(t, "223");
	assert_int_equal(wf_sweep_worker_new(&w, sw, &err), 0);
	for (i = 0; i < 3; i++) {
		char s1[128], s2[128];
		wf_result *r;
		double want;
		if (ks[i] >= 70000) {
			assert_int_not_equal(wf_sweep_eval(w, ks[i], v, &err), 0);
			continue;
		}
		assert_int_equal(wf_sweep_eval(w, ks[i], v, &err), 0);
		wf_sweep_axis_text(t, sizeof t, sw, ks[i], 0);
		snprintf(s1, sizeof s1, "site.pue=%s", t);
		wf_sweep_axis_text(t, sizeof t, sw, ks[i], 1);
		snprintf(s2, sizeof s2, "grid.intensity=%s", t);
		r = run_with("tests/sweeps/base.yaml", 0, s1, s2, NULL);
		assert_int_equal(wf_result_get(r, WF_OUT_ENERGY_FACILITY_KWH, &want), 0);
		assert_true(v[0] == want);
		assert_int_equal(wf_result_get(r, WF_OUT_EMISSIONS_TOTAL_KG, &want), 0);
		assert_true(v[1] == want);
		wf_result_free(r);
	}
	wf_sweep_worker_free(w);
	wf_sweep_free(sw);
	remove(p);
}

/* JSON Lines: numbers as numbers, quantities as the number and unit as
 * written, dates and ids as strings. */
static void json_axis_values(void **state)
{
	char p[4096], buf[2048];
	wf_sweep *sw = load_text(p, sizeof p, "json", "sweep:\n  base: base.yaml\n  vary:\n"
				 "    site.pue: [1.10, 2]\n"
				 "    grid.intensity: [200 g/kWh, 0.3 kg/kWh]\n"
				 "    start: [2022-07-01T00:00Z]\n"
				 "    site.region: [FR]\n"
				 "  outputs: [energy_facility_kwh]\n");
	double v = 1.5;

	(void)state;
	wf_sweep_format_row(buf, sizeof buf, sw, 1, &v, NULL, WF_SWEEP_JSONL);
	assert_non_null(strstr(buf, "{\"site.pue\": 1.1, \"grid.intensity\": "
				    "{\"value\": 0.3, \"unit\": \"kg/kWh\"}, \"start\": "
				    "\"2022-07-01T00:00Z\", \"site.region\": \"FR\", "
				    "\"energy_facility_kwh\": 1.5, "));
	wf_sweep_format_row(buf, sizeof buf, sw, 2, &v, NULL, WF_SWEEP_JSONL);
	assert_non_null(strstr(buf, "{\"site.pue\": 2, \"grid.intensity\": "
				    "{\"value\": 200, \"unit\": \"g/kWh\"}, "));
	/* CSV keeps the text as written */
	wf_sweep_format_row(buf, sizeof buf, sw, 0, &v, NULL, WF_SWEEP_CSV);
	assert_true(strncmp(buf, "1.10,200 g/kWh,2022-07-01T00:00Z,FR,1.5,", 40) == 0);
	wf_sweep_free(sw);
	remove(p);
}

/* The exactly rounded sum and the quantile sketch. */
static void sums_and_sketches(void **state)
{
	wf_fsum a, b;
	wf_qsketch q, q2;
	double x;
	int i;

	(void)state;
	wf_fsum_init(&a);
	wf_fsum_init(&b);
	/* 1e16 + 1 - 1e16: naive summation gives 0 */
	wf_fsum_add(&a, 1e16), wf_fsum_add(&a, 1), wf_fsum_add(&a, -1e16);
	assert_true(wf_fsum_value(&a) == 1);
	/* ten 0.1s: exactly 1.0000000000000000555..., rounded: 1 */
	for (i = 0; i < 10; i++)
		wf_fsum_add(&b, 0.1);
	assert_true(wf_fsum_value(&b) == 1.0);
	/* merged in any order, the same */
	wf_fsum_merge(&a, &b);
	assert_true(wf_fsum_value(&a) == 2.0);
	wf_fsum_free(&a);
	wf_fsum_free(&b);
	/* ties to even: 1 + 2^-53 + 2^-105 is above the halfway point */
	wf_fsum_init(&a);
	wf_fsum_add(&a, 1), wf_fsum_add(&a, ldexp(1, -53)), wf_fsum_add(&a, ldexp(1, -105));
	assert_true(wf_fsum_value(&a) == 1 + ldexp(1, -52));
	wf_fsum_free(&a);
	/* 1 .. 10000, and -1 .. -100 with 50 zeros: within 0.1% */
	wf_qsketch_init(&q);
	wf_qsketch_init(&q2);
	for (i = 1; i <= 10000; i++)
		wf_qsketch_add(i % 2 ? &q : &q2, (double)i);
	assert_int_equal(wf_qsketch_merge(&q, &q2), 0);
	assert_int_equal(q.n, 10000);
	x = wf_qsketch_quantile(&q, 0.5);
	assert_true(fabs(x - 5000.5) <= 5000.5 * 0.001 * 1.0001);
	x = wf_qsketch_quantile(&q, 0.05);
	assert_true(fabs(x - 500.95) <= 500.95 * 0.001 * 1.0001);
	assert_true(fabs(wf_qsketch_rank(&q, 9999) - 10000) <= 10);
	wf_qsketch_free(&q);
	wf_qsketch_free(&q2);
	wf_qsketch_init(&q);
	for (i = 1; i <= 100; i++)
		wf_qsketch_add(&q, -(double)i);
	for (i = 0; i < 50; i++)
		wf_qsketch_add(&q, 0);
	assert_true(fabs(wf_qsketch_rank(&q, 0) + 100) <= 0.1);
	assert_true(wf_qsketch_rank(&q, 100) == 0 && wf_qsketch_rank(&q, 149) == 0);
	assert_true(fabs(wf_qsketch_rank(&q, 99) + 1) <= 0.001 * 1.0001);
	wf_qsketch_free(&q);
}

/* Parse row g, field f of a CSV summary (header skipped). */
static double field(const char *csv, int g, int f)
{
	const char *p = csv;
	int i;

	for (i = 0; i <= g; i++)
		p = strchr(p, '\n') + 1;
	for (i = 0; i < f; i++)
		p = strchr(p, ',') + 1;
	return *p == ',' ? NAN : strtod(p, NULL);
}

static char *summary_text(const wf_sweep *sw, const char *by, size_t exact, size_t split)
{
	wf_sweep_summary *s = NULL, *t = NULL;
	wf_sweep_worker *w = NULL;
	wf_error err;
	char *out = NULL, *packed = NULL;
	size_t len, n = wf_sweep_point_count(sw);

	wf_error_clear(&err);
	assert_int_equal(wf_sweep_worker_new(&w, sw, &err), 0);
	assert_int_equal(wf_sweep_summary_new(&s, sw, by, exact, &err), 0);
	assert_int_equal(wf_sweep_summary_new(&t, sw, by, exact, &err), 0);
	/* two halves, the second through its packed bytes */
	assert_int_equal(wf_sweep_summary_add(t, w, split, n, &err), 0);
	assert_int_equal(wf_sweep_summary_add(s, w, 0, split, &err), 0);
	assert_int_equal(wf_sweep_summary_pack(t, &packed, &len, &err), 0);
	assert_int_equal(wf_sweep_summary_merge_packed(s, packed, len, &err), 0);
	assert_int_not_equal(wf_sweep_summary_merge_packed(s, packed, len - 8, &err), 0);
	assert_int_equal(wf_sweep_summary_format(s, WF_SWEEP_CSV, &out, &len, &err), 0);
	assert_int_equal(wf_sweep_summary_exact(s), exact != 1);
	free(packed);
	wf_sweep_summary_free(s);
	wf_sweep_summary_free(t);
	wf_sweep_worker_free(w);
	return out;
}

/* Summaries: split and merged anywhere, the same bytes; the sketch's
 * quantiles within 0.1% of the exact ones, everything else equal. */
static void summaries(void **state)
{
	wf_error err;
	wf_sweep *sw = load("tests/sweeps/ranges.yaml", 0, &err);
	char *a = summary_text(sw, "site.pue", 0, 700), *b = summary_text(sw, "site.pue", 0, 1);
	char *c = summary_text(sw, "site.pue", 1, 1000), *d = summary_text(sw, "site.pue", 1, 3);
	int g, f;

	(void)state;
	assert_string_equal(a, b);
	assert_string_equal(c, d);
	assert_true(strncmp(a, "site.pue,energy_facility_kwh_count,energy_facility_kwh_mean,", 60) == 0);
	for (g = 0; g < 5; g++) {
		assert_true(field(a, g, 1) == 25 * 19);
		for (f = 1; f < 1 + 3 * 7; f++) {
			double x = field(a, g, f), y = field(c, g, f);
			if ((f - 1) % 7 < 4)
				assert_true(x == y); /* count, mean, min, max */
			else
				assert_true(fabs(x - y) <= 0.001 * 1.0001 * fabs(x));
		}
	}
	assert_non_null(strstr(a, ",exact\n"));
	assert_non_null(strstr(c, ",sketch 0.1%\n"));
	free(a), free(b), free(c), free(d);
	{
		wf_sweep_summary *s = NULL;
		assert_int_equal(wf_sweep_summary_new(&s, sw, "site.pue,site.pue", 0, &err), WF_EINPUT);
		assert_null(s);
	}
	wf_sweep_free(sw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(product_equals_runs),
		cmocka_unit_test(zip_pairs),
		cmocka_unit_test(ranges_inclusive),
		cmocka_unit_test(regex_over_ids),
		cmocka_unit_test(samples_equal_run),
		cmocka_unit_test(formatting),
		cmocka_unit_test(located_errors),
		cmocka_unit_test(dates_to_the_millisecond),
		cmocka_unit_test(fingerprints),
		cmocka_unit_test(chunks_equal_points),
		cmocka_unit_test(long_ranges_on_demand),
		cmocka_unit_test(json_axis_values),
		cmocka_unit_test(sums_and_sketches),
		cmocka_unit_test(summaries),
	};

	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

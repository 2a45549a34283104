/*
 * test_catalog.c - the shipped catalogs load, hold what the issue asks
 * for with the reference's figures, and answer lookups; the YAML layer
 * keeps positions and refuses hostile input.
 */
#include "testutil.h"

static wf_entry_info get(wf_kind k, const char *id)
{
	wf_entry_info e;
	wf_error err;
	size_t i;

	wf_error_clear(&err);
	if (wf_catalog_find(&i, cat, k, id, &err)) {
		char b[1024];
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	assert_int_equal(wf_catalog_entry(&e, cat, k, i), 0);
	return e;
}

static void required_accelerators(void **state)
{
	static const char *const ids[] = {
		"nvidia-v100", "nvidia-a100-pcie-40gb", "nvidia-a100-pcie-80gb",
		"nvidia-a100-sxm4-40gb", "nvidia-a100-sxm4-80gb", "nvidia-h100-pcie-80gb",
		"nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-sxm-180gb",
		"nvidia-l4", "nvidia-l40s", "nvidia-t4", "amd-mi250x", "amd-mi300x",
		"google-tpu-v4", "google-tpu-v5e", "google-tpu-v5p", "intel-gaudi2",
		"intel-gaudi3"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ids / sizeof *ids; i++) {
		wf_entry_info e = get(WF_KIND_ACCELERATOR, ids[i]);
		assert_true(e.tdp_w > 0);
		assert_true(e.source[0] != '\0');
	}
}

static void figures_from_reference(void **state)
{
	wf_entry_info a = get(WF_KIND_ACCELERATOR, "nvidia-a100-sxm4-80gb");
	wf_entry_info h = get(WF_KIND_ACCELERATOR, "nvidia-h100-sxm5-80gb");
	wf_entry_info fr = get(WF_KIND_GRID, "FR");
	wf_entry_info gb = get(WF_KIND_GRID, "GB");

	(void)state;
	assert_rel(a.tdp_w, 400, 1e-12);
	assert_rel(a.peak_bf16_flop_per_s, 312e12, 1e-12);
	assert_rel(a.memory_bytes, 80e9, 1e-12);
	assert_rel(h.tdp_w, 700, 1e-12);
	/* OWID/Ember, lifecycle: FR 2024 40.48, GB 2024 216.5 g/kWh */
	assert_int_equal(fr.intensity_year, 2024);
	assert_rel(fr.intensity_kg_per_j * 3.6e9, 40.48, 1e-12);
	assert_rel(gb.intensity_kg_per_j * 3.6e9, 216.5, 1e-12);
	assert_string_equal(gb.basis, "lifecycle");
}

static void gb_regions(void **state)
{
	static const char *const ids[] = {
		"GB-north-scotland", "GB-south-scotland", "GB-north-west-england",
		"GB-north-east-england", "GB-yorkshire", "GB-north-wales", "GB-south-wales",
		"GB-west-midlands", "GB-east-midlands", "GB-east-england",
		"GB-south-west-england", "GB-south-england", "GB-london",
		"GB-south-east-england", "GB-england", "GB-scotland", "GB-wales"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ids / sizeof *ids; i++) {
		wf_entry_info e = get(WF_KIND_GRID, ids[i]);
		assert_string_equal(e.parent, "GB");
	}
}

static void unknown_ids_suggest(void **state)
{
	wf_error err;
	size_t i;
	char b[1024];

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_find(&i, cat, WF_KIND_ACCELERATOR, "nvidia-h100-sxm", &err),
			 WF_ENOTFOUND);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "nvidia-h100-sxm5-80gb"));
}

static void catalog_counts(void **state)
{
	(void)state;
	assert_true(wf_catalog_count(cat, WF_KIND_ACCELERATOR) >= 35);
	assert_true(wf_catalog_count(cat, WF_KIND_GRID) >= 200);
	assert_true(wf_catalog_count(cat, WF_KIND_FACILITY) >= 20);
	assert_true(wf_catalog_count(cat, WF_KIND_FACTORS) >= 2);
}

static void finished_is_read_only(void **state)
{
	wf_error err;
	char p[4096];

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_load(cat, test_path(p, sizeof p, "models"), &err), WF_EINPUT);
}

static void regex_select(void **state)
{
	wf_regex *re = NULL;
	wf_error err;
	size_t i, n = 0;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_regex_new(&re, "^GB-.*scotland$", &err), 0);
	for (i = 0; i < wf_catalog_count(cat, WF_KIND_GRID); i++) {
		wf_entry_info e;
		wf_catalog_entry(&e, cat, WF_KIND_GRID, i);
		n += wf_regex_match(re, e.id);
	}
	assert_int_equal(n, 3);
	wf_regex_free(re);
	assert_int_equal(wf_regex_new(&re, "([", &err), WF_EINPUT);
	assert_null(re);
}

/* A pattern that backtracks without end is an error naming it, found in a
 * fraction of a second, never "no match" (an id silently missing from a
 * list or ranking). */
static void regex_limits(void **state)
{
	wf_regex *re = NULL;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_regex_new(&re, "(.*.*)*x$", &err), 0);
	assert_int_equal(wf_regex_search(re, "texas-GB-north-scotland-and-more", &err), WF_EINPUT);
	assert_non_null(strstr(err.message, "pattern \"(.*.*)*x$\""));
	assert_non_null(strstr(err.message, "match limit"));
	assert_true(wf_regex_match(re, "texas-GB-north-scotland-and-more") < 0);
	assert_int_equal(wf_regex_search(re, "x", NULL), 1);
	wf_regex_free(re);
	assert_int_equal(wf_regex_new(&re, "^GB-", &err), 0);
	assert_int_equal(wf_regex_search(re, "FR", NULL), 0);
	assert_int_equal(wf_regex_search(re, "GB-london", NULL), 1);
	wf_regex_free(re);
}

static void error_format(void **state)
{
	wf_error err;
	char b[256];

	(void)state;
	wf_error_clear(&err);
	err.code = WF_EDIM;
	strcpy(err.file, "models/x.yaml");
	err.line = 12;
	err.col = 10;
	strcpy(err.message, "tdp: expected a power, got \"700 kg\"");
	assert_string_equal(wf_error_format(&err, b, sizeof b),
			    "models/x.yaml:12:10: tdp: expected a power, got \"700 kg\"");
	assert_string_equal(wf_strerror(WF_EDIM), "quantity of the wrong dimension");
	assert_string_equal(wf_strerror(12345), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(required_accelerators),
		cmocka_unit_test(figures_from_reference),
		cmocka_unit_test(gb_regions),
		cmocka_unit_test(unknown_ids_suggest),
		cmocka_unit_test(catalog_counts),
		cmocka_unit_test(finished_is_read_only),
		cmocka_unit_test(regex_select),
		cmocka_unit_test(regex_limits),
		cmocka_unit_test(error_format),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

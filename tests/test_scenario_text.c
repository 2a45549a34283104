/*
 * test_scenario_text.c - wf_scenario_load_text: a scenario from text in
 * memory gives the same figures as the same text in a file, errors name
 * the given name with the line and column in the text, and relative
 * paths resolve against the name's directory.  wf_catalog_load_text (what
 * `wattif check -` reads), wf_nearest (every "did you mean") and
 * wf_version as the public API gives them.
 */
#include "testutil.h"

/* LLaMA-65B (examples/llama-65b.yaml) as text, with its own entry. */
static const char llama[] =
	"accelerators:\n"
	"  - {id: text-gpu, name: Text GPU, source: test, tdp: 400 W}\n"
	"scenario:\n"
	"  id: llama-text\n"
	"  workload:\n"
	"    kind: training\n"
	"    accelerator: text-gpu\n"
	"    device_hours: 1022362\n"
	"    power_per_device: 400 W\n"
	"  site: {region: US, pue: 1.1}\n"
	"  grid: {intensity: 385 g/kWh}\n"
	"  embodied: false\n";

static wf_result *eval_text(const char *text, const char *name, wf_error *err, int *rc)
{
	wf_scenario *sc = NULL;
	wf_result *r = NULL;

	wf_error_clear(err);
	*rc = wf_scenario_load_text(&sc, cat, text, strlen(text), name, err);
	if (*rc == 0)
		*rc = wf_scenario_evaluate(&r, sc, err);
	wf_scenario_free(sc);
	return r;
}

static void same_as_the_file(void **state)
{
	wf_result *t, *f = NULL;
	wf_error err;
	int rc;

	(void)state;
	t = eval_text(llama, "inline.yaml", &err, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(test_eval(&f, cat, "examples/llama-65b.yaml", &err, NULL), 0);
	/* 1022362 h x 400 W x 1.1 = 449.84 MWh; x 0.385 kg/kWh = 173.19 t */
	assert_rel(result(t, "energy_facility_kwh"), 1022362 * 0.4 * 1.1, 1e-12);
	assert_rel(result(t, "emissions_operational_kg"), 1022362 * 0.4 * 1.1 * 0.385, 1e-12);
	assert_rel(result(t, "emissions_operational_kg"),
		   result(f, "emissions_operational_kg"), 1e-15);
	/* the explanation names the text's name and line for its inputs */
	assert_non_null(strstr(wf_result_explain(t), "inline.yaml:9:"));
	wf_result_free(t);
	wf_result_free(f);
}

static void errors_name_the_text(void **state)
{
	static const char bad[] = "scenario:\n  id: x\n  workload: {kind: training}\n"
				  "  sitee: {pue: 1.1}\n";
	static const char two[] = "scenario: {id: a}\n---\nscenario: {id: b}\n";
	static const char none[] = "accelerators: []\n";
	wf_scenario *sc = NULL;
	wf_error err;
	int rc;

	(void)state;
	assert_null(eval_text(bad, "<dict>", &err, &rc));
	assert_int_equal(rc, WF_EINPUT);
	assert_string_equal(err.file, "<dict>");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.col, 3);
	assert_non_null(strstr(err.message, "unknown key \"sitee\" in scenario"));
	/* a second document is refused as it is in a file */
	wf_error_clear(&err);
	assert_int_not_equal(wf_scenario_load_text(&sc, cat, two, strlen(two), NULL, &err), 0);
	assert_null(sc);
	assert_string_equal(err.file, "<text>");
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load_text(&sc, cat, none, strlen(none), "n.yaml", &err),
			 WF_EINPUT);
	assert_non_null(strstr(err.message, "no scenario"));
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load_text(&sc, cat, NULL, 0, "n.yaml", &err), WF_EINPUT);
	/* len bounds the text: the scenario cut after its id has no workload */
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load_text(&sc, cat, llama, 0, "empty.yaml", &err) != 0, 1);
}

static void relative_paths_follow_the_name(void **state)
{
	char name[4096], text[256];
	wf_result *r;
	wf_error err;
	int rc;

	(void)state;
	/* examples/llama-65b.yaml included from a text that stands for a file
	 * in examples/: the include resolves beside it */
	test_path(name, sizeof name, "examples/inline.yaml");
	snprintf(text, sizeof text, "include: [c/../llama-65b.yaml]\n");
	r = eval_text(text, name, &err, &rc);
	assert_int_equal(rc, 0);
	assert_rel(result(r, "emissions_operational_kg"), 1022362 * 0.4 * 1.1 * 0.385, 1e-12);
	wf_result_free(r);
	/* the same text standing for a file elsewhere cannot find it */
	r = eval_text(text, "inline.yaml", &err, &rc);
	assert_null(r);
	assert_int_equal(rc, WF_ENOTFOUND);
	assert_string_equal(err.file, "inline.yaml");
	assert_int_equal(err.line, 1);
}

static void catalog_from_text(void **state)
{
	static const char gpu[] =
		"accelerators:\n  - {id: text-gpu, name: Text GPU, source: test, tdp: 400 W}\n";
	static const char bad[] = "accelerators:\n  - {id: x, name: X, source: t, tdp: 7 kg}\n";
	wf_catalog *c = NULL;
	wf_entry_info e;
	size_t i;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_new(&c), 0);
	assert_int_equal(wf_catalog_set_parent(c, cat, &err), 0);
	assert_int_equal(wf_catalog_load_text(c, gpu, strlen(gpu), "<stdin>", &err), 0);
	assert_int_equal(wf_catalog_finish(c, &err), 0);
	assert_int_equal(wf_catalog_count(c, WF_KIND_ACCELERATOR), 1);
	assert_int_equal(wf_catalog_find(&i, c, WF_KIND_ACCELERATOR, "text-gpu", &err), 0);
	assert_int_equal(wf_catalog_entry(&e, c, WF_KIND_ACCELERATOR, i), 0);
	assert_string_equal(e.file, "<stdin>");
	assert_int_equal(e.line, 2);
	assert_rel(e.tdp_w, 400, 0);
	/* finished: read-only */
	assert_int_equal(wf_catalog_load_text(c, gpu, strlen(gpu), "<stdin>", &err), WF_EINPUT);
	wf_catalog_free(c);
	/* errors name the text's name, line and column */
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_new(&c), 0);
	assert_int_equal(wf_catalog_load_text(c, bad, strlen(bad), "<stdin>", &err), WF_EDIM);
	assert_string_equal(err.file, "<stdin>");
	assert_int_equal(err.line, 2);
	/* more than a model file may hold is refused before it is read */
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_load_text(c, gpu, (size_t)16 << 20 | 1, NULL, &err), WF_EINPUT);
	assert_string_equal(err.file, "<text>");
	assert_non_null(strstr(err.message, "larger than the 16 MiB"));
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_load_text(NULL, gpu, 3, "x", &err), WF_EINPUT);
	wf_catalog_free(c);
}

static void nearest_and_version(void **state)
{
	static const char *const opts[] = {"--format", "--from", "--to", NULL, "--samples"};
	static const char *const cmds[] = {"run", "explain", "check", "list", "report"};

	(void)state;
	assert_string_equal(wf_nearest("--fromat", opts, 5), "--format");  /* a transposition */
	assert_string_equal(wf_nearest("--sample", opts, 5), "--samples"); /* one left out */
	assert_string_equal(wf_nearest("rn", cmds, 5), "run");
	assert_string_equal(wf_nearest("LIST", cmds, 5), "list");          /* any case */
	assert_null(wf_nearest("frobnicate", cmds, 5));                     /* no typo of any */
	assert_null(wf_nearest(NULL, cmds, 5));
	assert_null(wf_nearest("run", NULL, 5));
	assert_string_equal(wf_version(), WF_VERSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_the_file),
		cmocka_unit_test(errors_name_the_text),
		cmocka_unit_test(relative_paths_follow_the_name),
		cmocka_unit_test(catalog_from_text),
		cmocka_unit_test(nearest_and_version),
	};

	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

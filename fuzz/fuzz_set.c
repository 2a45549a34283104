/*
 * fuzz_set.c - libFuzzer target for --set values: the input's first byte
 * picks a shipped example, the rest is up to four PATH=VALUE lines applied
 * to it with wf_scenario_set, and the scenario is then evaluated (with
 * its derivation).  Any assignment must give a result with finite
 * figures or a worded error of an input kind, never a crash, a hang or a
 * NaN printed as a figure.
 *
 * Build and run: make fuzz (FUZZ_TARGETS).  Seeds: fuzz/corpus/set/
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const examples[] = {
	"examples/llama-65b.yaml", "examples/carbon-aware-week.yaml",
	"examples/uncertain-training.yaml", "examples/inference-service.yaml",
	"examples/growth-zone-gb.yaml", "examples/uk-regions-what-if.yaml",
};
#define N_EX (sizeof examples / sizeof *examples)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const wf_catalog *base = fuzz_base();
	wf_run_options opt = WF_RUN_OPTIONS_INIT;
	wf_scenario *sc = NULL;
	wf_result *r = NULL;
	wf_projection *p = NULL;
	wf_error err;
	char *text, *line, *save = NULL;
	int rc = 0, n = 0;

	if (size < 1 || size > 4096)
		return 0;
	static wf_scenario *proto[N_EX];
	size_t k = data[0] % N_EX;

	wf_error_clear(&err);
	/* each example loaded once; every input edits a fresh copy */
	if (!proto[k])
		CHECK(wf_scenario_load(&proto[k], base, examples[k], &err) == 0);
	CHECK(wf_scenario_from_catalog(&sc, wf_scenario_catalog(proto[k]), 0, &err) == 0);
	CHECK((text = malloc(size)) != NULL);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	for (line = strtok_r(text, "\n", &save); line && n < 4 && rc == 0;
	     line = strtok_r(NULL, "\n", &save), n++)
		rc = wf_scenario_set(sc, line, &err);
	free(text);
	if (rc) {
		fuzz_check_error(rc, &err);
		wf_scenario_free(sc);
		return 0;
	}
	opt.explain = 1;
	/* a few samples whatever the scenario asks: `--set samples=14275017`
	 * is a valid request for minutes of work, not a finding */
	opt.samples = 8;
	if (wf_scenario_is_projection(sc))
		rc = wf_scenario_project(&p, sc, &opt, &err);
	else
		rc = wf_scenario_run(&r, sc, &opt, &err);
	if (rc)
		fuzz_check_error(rc, &err);
	else if (r)
		fuzz_check_result(r);
	else
		for (size_t k = 0; k < wf_projection_count(p); k++)
			fuzz_check_result(wf_projection_row(p, k, NULL));
	wf_result_free(r);
	wf_projection_free(p);
	wf_scenario_free(sc);
	return 0;
}

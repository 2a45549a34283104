/*
 * test_published.c - wattif reproduces the published footprints of real AI
 * training runs (tests/validation/cases.csv, a copy of the reference
 * validation set; scenarios in examples/published/, written by
 * tools/gen_published.py following each paper's own method).
 *
 * Tolerance (tests/validation/README.md): 2%, or the rounding of the printed
 * figure where that is looser ("14 tCO2eq" stands for 13.5..14.5).
 *
 * Cases that cannot match exactly, from the papers' own methods:
 *  - S19-T3-TBase: the paper prints 26 lbs; 1.58 x 12 h x 1415.78 W x
 *    0.954 lb/kWh = 25.6 lbs, which rounds to 26, so the rounding of the
 *    printed figure (+-0.5 lb, 1.9%) is the tolerance.
 *  - Llama 2/3/3.1/3.2 (Meta model cards): the grid factor is not
 *    published, so only energy (GPU-hours x power, PUE already in the
 *    power) is checked, against the recomputation in cases.csv.
 *  - BLOOM idle: the idle kWh was measured, so it is not a scenario;
 *    BLOOM-dynamic is.
 *  - BLOOM embodied: the paper prints its per-hour rates rounded (0.003 kg
 *    per GPU-hour, 0.056 per server-hour), so cases.csv's recomputation
 *    from them is 3.3% low; the scenario uses the paper's own figures
 *    behind the rates (A100 150 kg, server 2,500 kg, 6 years, 85% in use,
 *    8 GPUs per server; tools/gen_published.py) and matches the published
 *    11.2 t and its split 7.57 t (servers) + 3.64 t (GPUs), the GPUs'
 *    within 0.2% (a year of 365.25 days; the paper's 365 gives 3.636).
 *  - OLMo25-holistic (Morrison et al. 2025, 493 tCO2e) is an aggregate of
 *    development, final training and manufacturing with no per-run inputs
 *    in cases.csv, so it is a reference figure, not a scenario.  The
 *    per-run OLMo figures are in tests/validation/cases_added.csv: the OLMo 2
 *    paper's Table 19 gives measured GPU energy (no GPU-hours), PUE and
 *    intensity, i.e. a plain training scenario with workload.energy (scope
 *    accelerators); its energy is checked against energy_it_kwh, and its
 *    water (GPU energy x PUE x off-site WUE) against water_l.
 *  - Cases without a published grid factor are energy-only runs: they must
 *    give no emissions.
 */
#include "testutil.h"
#include "table.h"

enum { C_ID, C_ENERGY_PRINTED, C_CO2_PRINTED, C_ENERGY, C_TCO2, C_TCO2_NET,
       C_RECOMP_ENERGY, C_RECOMPUTABLE, C_PHASE, C_GRID, C_SCOPE, C_WATER, C_N };

/* The last two only in cases_added.csv: what a published energy covers
 * (accelerators: the IT energy before PUE), and the published water. */
static const char *const wanted[C_N] = {
	"case_id", "published_energy_as_printed", "published_co2e_as_printed",
	"published_energy_MWh", "published_tCO2e", "published_tCO2e_net_or_market",
	"recomputed_energy_MWh", "recomputable", "phase", "grid_kgCO2e_per_kWh",
	"published_energy_scope",
	"published_water_kL"};

/* Half a unit of the last printed digit of the first number in `printed`,
 * relative to that number: "14 tCO2eq" -> 0.5/14; "7.5 MWh" -> 0.05/7.5. */
static double printed_rounding(const char *printed)
{
	const char *p = printed;
	char digits[64];
	size_t n = 0;
	int decimals = -1;
	double v, half;

	while (*p && !(*p >= '0' && *p <= '9'))
		p++;
	for (; *p && n + 1 < sizeof digits; p++) {
		if (*p >= '0' && *p <= '9') {
			digits[n++] = *p;
			if (decimals >= 0)
				decimals++;
		} else if (*p == '.' && decimals < 0) {
			digits[n++] = '.';
			decimals = 0;
		} else if (*p != ',') {
			break;
		}
	}
	digits[n] = '\0';
	v = atof(digits);
	if (!(v > 0))
		return 0;
	half = 0.5 * pow(10, -(decimals < 0 ? 0 : decimals));
	return half / v;
}

static void check(const char *id, const char *what, double got, double want,
		  double tol, int *failures)
{
	double rel = fabs(got - want) / want;

	printf("  %-16s %-8s wattif %-12.6g published %-12.6g diff %+6.2f%% (tolerance %.2f%%)\n",
	       id, what, got, want, 100 * (got - want) / want, 100 * tol);
	if (!(rel <= tol)) {
		print_error("%s: %s %.6g differs from the published %.6g by more than %.2f%%\n",
			    id, what, got, want, 100 * tol);
		(*failures)++;
	}
}

/* Check every case of one file that has a scenario; returns how many. */
static int check_file(const char *rel_csv, int *failures_out)
{
	char path[4096], line[8192];
	int col[C_N], i, nf, checked = 0, failures = 0;
	FILE *f = fopen(test_path(path, sizeof path, rel_csv), "r");
	char *fields[64];

	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	line[strcspn(line, "\r\n")] = '\0';
	nf = wf_csv_split(line, fields, 64);
	for (i = 0; i < C_N; i++) {
		int k;
		col[i] = -1;
		for (k = 0; k < nf; k++)
			if (!strcmp(fields[k], wanted[i]))
				col[i] = k;
		assert_true(col[i] >= 0 || i >= C_SCOPE);
	}
	while (fgets(line, sizeof line, f)) {
		char rel[512];
		wf_result *r = NULL;
		wf_error err;
		const char *id;
		double tol;

		line[strcspn(line, "\r\n")] = '\0';
		nf = wf_csv_split(line, fields, 64);
		if (nf < col[C_RECOMPUTABLE] + 1)
			continue;
		id = fields[col[C_ID]];
		snprintf(rel, sizeof rel, "examples/published/%s.yaml", id);
		if (access(test_path(path, sizeof path, rel), R_OK) != 0)
			continue;
		if (test_eval(&r, cat, rel, &err, (const char *)NULL)) {
			char b[2048];
			print_error("%s: %s\n", id, wf_error_format(&err, b, sizeof b));
			failures++;
			continue;
		}
		if (col[C_SCOPE] >= 0 && !strcmp(fields[col[C_SCOPE]], "accelerators")) {
			/* measured GPU energy, before PUE */
			tol = fmax(0.02, printed_rounding(fields[col[C_ENERGY_PRINTED]]));
			check(id, "MWh GPU", result(r, "energy_it_kwh") / 1000,
			      atof(fields[col[C_ENERGY]]), tol, &failures);
		} else if (*fields[col[C_ENERGY]]) {
			tol = fmax(0.02, printed_rounding(fields[col[C_ENERGY_PRINTED]]));
			check(id, "MWh", result(r, "energy_facility_kwh") / 1000,
			      atof(fields[col[C_ENERGY]]), tol, &failures);
		} else if (*fields[col[C_RECOMP_ENERGY]]) {
			/* energy not printed: the authors' formula recomputed */
			check(id, "MWh", result(r, "energy_facility_kwh") / 1000,
			      atof(fields[col[C_RECOMP_ENERGY]]), 0.02, &failures);
		}
		if (strstr(fields[col[C_PHASE]], "(embodied)")) {
			/* "11.2 tCO2eq (7.57 servers + 3.64 GPUs)": the total and
			 * its split, each within its printed rounding or 2% */
			const char *pr = fields[col[C_CO2_PRINTED]], *open = strchr(pr, '(');
			double hosts, gpus;
			tol = fmax(0.02, printed_rounding(pr));
			check(id, "embodied", result(r, "emissions_embodied_kg") / 1000,
			      atof(fields[col[C_TCO2]]), tol, &failures);
			assert_non_null(open);
			assert_int_equal(sscanf(open, "(%lf servers + %lf GPUs)", &hosts, &gpus), 2);
			check(id, "hosts", result(r, "emissions_embodied_hosts_kg") / 1000, hosts,
			      fmax(0.02, printed_rounding(open)), &failures);
			check(id, "GPUs", result(r, "emissions_embodied_accelerators_kg") / 1000,
			      gpus, 0.02, &failures);
		} else if (*fields[col[C_TCO2]] &&
			   strcmp(fields[col[C_RECOMPUTABLE]], "yes") == 0) {
			tol = fmax(0.02, printed_rounding(fields[col[C_CO2_PRINTED]]));
			check(id, "tCO2e", result(r, "emissions_operational_kg") / 1000,
			      atof(fields[col[C_TCO2]]), tol, &failures);
			if (*fields[col[C_TCO2_NET]])
				check(id, "tCO2e mkt", result(r, "emissions_market_kg") / 1000,
				      atof(fields[col[C_TCO2_NET]]), tol, &failures);
		} else if (!*fields[col[C_GRID]] && !isnan(result(r, "emissions_operational_kg"))) {
			/* no grid factor published: an energy-only run */
			print_error("%s: emissions without a published grid factor\n", id);
			failures++;
		}
		if (col[C_WATER] >= 0 && *fields[col[C_WATER]])
			check(id, "kL water", result(r, "water_l") / 1000, atof(fields[col[C_WATER]]),
			      fmax(0.02, 0.5 / atof(fields[col[C_WATER]])), &failures);
		checked++;
		wf_result_free(r);
	}
	fclose(f);
	*failures_out += failures;
	return checked;
}

static void published_cases(void **state)
{
	int failures = 0, checked, added;

	(void)state;
	checked = check_file("tests/validation/cases.csv", &failures);
	added = check_file("tests/validation/cases_added.csv", &failures);
	printf("  %d published cases checked (%d from cases_added.csv)\n", checked + added, added);
	assert_true(checked >= 25);
	assert_int_equal(added, 2);
	assert_int_equal(failures, 0);
}

static void printed_rounding_rule(void **state)
{
	(void)state;
	assert_rel(printed_rounding("14 tCO2eq"), 0.5 / 14, 1e-12);
	assert_rel(printed_rounding("gross 3.2 / net 3.2 tCO2e"), 0.05 / 3.2, 1e-12);
	assert_rel(printed_rounding("626,155 lbs CO2e"), 0.5 / 626155, 1e-12);
	assert_rel(printed_rounding("433,196 kWh"), 0.5 / 433196, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(printed_rounding_rule),
		cmocka_unit_test(published_cases),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

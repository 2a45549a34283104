/*
 * test_measured.c - measured energy in the engine: workload.energy by scope,
 * a power log integrated against the half-hourly series (an independent
 * sum over the file, within 1e-9), plausibility and strict, overhead_factor
 * and runs (device-hours = devices x wall time, mean IT power <= peak), an
 * intensity from a mix alone, energy-only runs, and a scenario's measured:
 * section.
 */
#include "testutil.h"

/* Evaluate scenario text (a model file); 0 or the error code. */
static int run_text(wf_result **out, const char *text, wf_error *err)
{
	wf_scenario *sc = NULL;
	int rc;

	wf_error_clear(err);
	*out = NULL;
	rc = wf_scenario_load_text(&sc, cat, text, strlen(text), "t.yaml", err);
	if (rc == 0)
		rc = wf_scenario_evaluate(out, sc, err);
	wf_scenario_free(sc);
	return rc;
}

static wf_result *ok_text(const char *text)
{
	wf_result *r = NULL;
	wf_error err;
	char b[2048];

	if (run_text(&r, text, &err)) {
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	return r;
}

static int absent(const wf_result *r, const char *name)
{
	double v;
	return wf_result_get_by_name(r, name, &v) == WF_ENOTFOUND;
}

/* ------------------------------------------------------- workload.energy */

#define H100 "    kind: training\n    accelerator: nvidia-h100-sxm5-80gb\n"

static void energy_scopes(void **state)
{
	wf_result *r;

	(void)state;
	/* accelerators: the host share over the device-hours, then PUE */
	r = ok_text("scenario:\n  workload:\n" H100 "    devices: 8\n    wall_time: 10 h\n"
		    "    host_power: 100 W\n    energy: {value: 40 kWh, scope: accelerators}\n"
		    "  site: {pue: 1.5}\n  grid: {intensity: 200 g/kWh}\n");
	assert_rel(result(r, "energy_it_kwh"), 40 + 0.1 * 80, 1e-12);
	assert_rel(result(r, "energy_facility_kwh"), 48 * 1.5, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), 72 * 0.2, 1e-12);
	assert_rel(result(r, "device_hours"), 80, 1e-12);
	assert_rel(result(r, "it_power_kw"), 4.8, 1e-12);
	assert_rel(result(r, "peak_power_kw"), 8 * 0.8 * 1.5, 1e-12);
	assert_non_null(strstr(wf_result_notes(r), "energy measured (scope accelerators)"));
	wf_result_free(r);
	/* it: the host is in it; PUE added */
	r = ok_text("scenario:\n  workload:\n" H100 "    host_power: 100 W\n"
		    "    energy: {value: 40 kWh, scope: it}\n"
		    "  site: {pue: 1.5}\n  grid: {intensity: 200 g/kWh}\n");
	assert_rel(result(r, "energy_it_kwh"), 40, 1e-12);
	assert_rel(result(r, "energy_facility_kwh"), 60, 1e-12);
	assert_true(absent(r, "device_hours") && absent(r, "duration_h"));
	wf_result_free(r);
	/* facility: nothing added; IT energy from the PUE when one is given */
	r = ok_text("scenario:\n  workload:\n" H100 "    energy: {value: 60 kWh, scope: facility}\n"
		    "  site: {pue: 1.2}\n  grid: {intensity: 200 g/kWh}\n");
	assert_rel(result(r, "energy_facility_kwh"), 60, 1e-15);
	assert_rel(result(r, "energy_it_kwh"), 50, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), 12, 1e-12);
	wf_result_free(r);
	r = ok_text("scenario:\n  workload:\n" H100 "    energy: {value: 60 kWh, scope: facility}\n"
		    "  grid: {intensity: 200 g/kWh}\n");
	assert_rel(result(r, "energy_facility_kwh"), 60, 1e-15);
	assert_true(absent(r, "energy_it_kwh") && absent(r, "peak_power_kw"));
	assert_non_null(strstr(wf_result_notes(r), "PUE: none given"));
	wf_result_free(r);
}

/* The OLMo 2 7B figures as its paper computes them (Table 19: GPU energy x
 * PUE x intensity; water = GPU energy x PUE x off-site WUE). */
static void olmo_style(void **state)
{
	wf_result *r = ok_text("scenario:\n  workload:\n" H100
			       "    energy: {value: 131 MWh, scope: accelerators}\n"
			       "  site: {pue: 1.2, water_intensity: 1.29 L/kWh}\n"
			       "  grid: {intensity: 0.332 kg/kWh}\n");

	(void)state;
	assert_rel(result(r, "energy_facility_kwh"), 131e3 * 1.2, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"), 131e3 * 1.2 * 0.332, 1e-12);
	assert_rel(result(r, "water_l"), 131e3 * 1.2 * 1.29, 1e-12);
	assert_non_null(strstr(wf_result_notes(r), "plausibility not checked"));
	wf_result_free(r);
}

static void energy_only(void **state)
{
	wf_result *r = ok_text("scenario:\n  workload:\n" H100
			       "    energy: {value: 131 MWh, scope: accelerators}\n"
			       "  site: {pue: 1.2}\n");

	(void)state;
	assert_rel(result(r, "energy_facility_kwh"), 131e3 * 1.2, 1e-12);
	assert_true(absent(r, "intensity_g_per_kwh") && absent(r, "emissions_operational_kg") &&
		    absent(r, "emissions_total_kg") && absent(r, "sci_g_per_unit"));
	assert_non_null(strstr(wf_result_notes(r), "no grid intensity given"));
	assert_non_null(strstr(wf_result_explain(r), "not computed (no grid intensity given"));
	wf_result_free(r);
}

static void plausibility(void **state)
{
	static const char over[] = "scenario:\n  workload:\n" H100 "    devices: 1\n"
				   "    wall_time: 1 h\n%s"
				   "    energy: {value: 104 MWh, scope: accelerators}\n"
				   "  site: {pue: 1.1}\n";
	char text[1024], b[2048];
	wf_result *r;
	wf_error err;

	(void)state;
	snprintf(text, sizeof text, over, "");
	r = ok_text(text);
	assert_non_null(strstr(wf_result_notes(r), "implausible: energy 104 MWh (scope "
				"accelerators) over 1 h is a mean of 104 MW per device, above "
				"nvidia-h100-sxm5-80gb's TDP of 700 W"));
	wf_result_free(r);
	snprintf(text, sizeof text, over, "    strict: true\n");
	assert_int_equal(run_text(&r, text, &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:8:21: energy 104 MWh"));
	assert_non_null(strstr(b, "(workload.strict: true)"));
	/* below idle: 46 W for the A100 PCIe; 10 Wh over 1 h is 10 W */
	r = ok_text("scenario:\n  workload:\n    kind: training\n    accelerator: "
		    "nvidia-a100-pcie-40gb\n    device_hours: 1\n"
		    "    energy: {value: 10 Wh, scope: accelerators}\n  site: {pue: 1.1}\n");
	assert_non_null(strstr(wf_result_notes(r), "below nvidia-a100-pcie-40gb's idle power"));
	wf_result_free(r);
	/* a plausible one says nothing */
	r = ok_text("scenario:\n  workload:\n" H100 "    devices: 8\n    wall_time: 10 h\n"
		    "    energy: {value: 40 kWh, scope: accelerators}\n  site: {pue: 1.1}\n");
	assert_null(strstr(wf_result_notes(r), "implausible"));
	wf_result_free(r);
	/* the 104 MW "GPU" as a power_per_device */
	r = ok_text("scenario:\n  workload:\n" H100 "    device_hours: 1\n"
		    "    power_per_device: 104 MW\n  site: {pue: 1.1}\n");
	assert_non_null(strstr(wf_result_notes(r), "implausible: power_per_device 104 MW"));
	wf_result_free(r);
}

static void conflicts(void **state)
{
	char b[2048];
	wf_result *r;
	wf_error err;

	(void)state;
	assert_int_equal(run_text(&r, "scenario:\n  workload:\n" H100 "    device_hours: 10\n"
				  "    power_per_device: 500 W\n"
				  "    energy: {value: 4 kWh, scope: accelerators}\n"
				  "  site: {pue: 1.1}\n", &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:6:23: "
			       "power_per_device: the measured energy replaces"));
	assert_int_equal(run_text(&r, "scenario:\n  workload:\n" H100
				  "    energy: {value: 4 kWh}\n  site: {pue: 1.1}\n", &err),
			 WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:5:13: energy: needs "
			       "scope"));
	assert_int_equal(run_text(&r, "scenario:\n  workload:\n" H100
				  "    energy: 4 kWh\n  site: {pue: 1.1}\n", &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "energy: expected {value"));
	assert_int_equal(run_text(&r, "scenario:\n  workload:\n" H100
				  "    energy: {value: 4 kWh, scope: gpu}\n  site: {pue: 1.1}\n",
				  &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:5:35: scope: expected "
			       "accelerators, it or facility"));
}

/* ------------------------------------------------------ overhead and runs */

static void overhead_consistent(void **state)
{
	wf_result *r = ok_text("scenario:\n  workload:\n" H100 "    devices: 8\n"
			       "    wall_time: 3 h\n    overhead_factor: 150\n"
			       "  site: {pue: 1.1}\n  grid: {intensity: 200 g/kWh}\n");
	double dev_h = result(r, "device_hours"), wall_h = result(r, "duration_h");

	(void)state;
	/* restarts and failed runs take device time and wall-clock time alike */
	assert_rel(wall_h, 3 * 150, 1e-12);
	assert_rel(dev_h, 8 * wall_h, 1e-12);
	assert_true(result(r, "it_power_kw") <= result(r, "peak_power_kw"));
	assert_rel(result(r, "it_power_kw"), 8 * 0.7, 1e-12);
	assert_rel(result(r, "energy_it_kwh"), 8 * 0.7 * 450, 1e-12);
	wf_result_free(r);
	/* device-hours given with devices: the wall time follows */
	r = ok_text("scenario:\n  workload:\n" H100 "    devices: 8\n"
		    "    device_hours: 24\n    overhead_factor: 1.5\n  site: {pue: 1.1}\n");
	assert_rel(result(r, "device_hours"), 36, 1e-12);
	assert_rel(result(r, "duration_h"), 4.5, 1e-12);
	assert_true(result(r, "it_power_kw") <= result(r, "peak_power_kw"));
	wf_result_free(r);
}

static void runs(void **state)
{
	wf_result *one = ok_text("scenario:\n  workload:\n" H100 "    devices: 8\n"
				 "    wall_time: 3 h\n  site: {pue: 1.1}\n"
				 "  grid: {intensity: 200 g/kWh}\n");
	wf_result *three = ok_text("scenario:\n  workload:\n" H100 "    devices: 8\n"
				   "    wall_time: 3 h\n    runs: 3\n  site: {pue: 1.1}\n"
				   "  grid: {intensity: 200 g/kWh}\n");
	char b[2048];
	wf_result *r;
	wf_error err;

	(void)state;
	assert_rel(result(three, "device_hours"), 3 * result(one, "device_hours"), 1e-12);
	assert_rel(result(three, "duration_h"), 9, 1e-12);
	assert_rel(result(three, "energy_facility_kwh"), 3 * result(one, "energy_facility_kwh"),
		   1e-12);
	assert_rel(result(three, "it_power_kw"), result(one, "it_power_kw"), 1e-12);
	/* SCI per run: the same for one run and for three */
	assert_rel(result(three, "sci_g_per_unit"), result(one, "sci_g_per_unit"), 1e-12);
	wf_result_free(one);
	wf_result_free(three);
	assert_int_equal(run_text(&r, "scenario:\n  workload:\n" H100 "    runs: 0\n"
				  "    device_hours: 1\n  site: {pue: 1.1}\n", &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:5:11: "));
}

/* ---------------------------------------------------------- grid choices */

static void mix_alone(void **state)
{
	static const char text[] =
		"scenario:\n  workload: {kind: training, accelerator: nvidia-h100-sxm5-80gb, "
		"devices: 100, wall_time: 10 days, power_per_device: 700 W}\n"
		"  site: {%spue: 1.2}\n  grid:\n    factors: neso-carbon-intensity-api\n"
		"    mix: {gas_ccgt: 30%%, wind: 35%%, nuclear: 15%%, solar: 5%%, biomass: 5%%, "
		"import_FR: 10%%}\n";
	char a[1024], b[1024];
	wf_result *with, *alone;

	(void)state;
	snprintf(a, sizeof a, text, "region: GB, ");
	snprintf(b, sizeof b, text, "");
	with = ok_text(a);
	alone = ok_text(b);
	assert_rel(result(alone, "intensity_g_per_kwh"), result(with, "intensity_g_per_kwh"),
		   1e-15);
	assert_rel(result(alone, "emissions_operational_kg"),
		   result(with, "emissions_operational_kg"), 1e-15);
	assert_true(result(alone, "intensity_g_per_kwh") > 0);
	wf_result_free(with);
	wf_result_free(alone);
}

/* ------------------------------------------- a power log against a series */

/* Write a plain log of n steps into a temporary file; returns its path. */
static char *write_log(const double *t, const double *p, size_t n, char *path)
{
	FILE *f;
	size_t i;
	int fd;

	strcpy(path, "/tmp/wattif-test-log-XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fprintf(f, "timestamp_utc,power_w\n");
	for (i = 0; i < n; i++) {
		long long day = (long long)floor(t[i] / 86400);
		double s = t[i] - 86400.0 * (double)day;
		long y = 1970, m = 1, d;
		/* the civil date, searched independently of the library */
		while (days_from_civil(y + 1, 1, 1) <= day)
			y++;
		while (m < 12 && days_from_civil(y, m + 1, 1) <= day)
			m++;
		d = day - days_from_civil(y, m, 1) + 1;
		fprintf(f, "%04ld-%02ld-%02ldT%02d:%02d:%06.3fZ,%.17g\n", y, m, d, (int)(s / 3600),
			(int)fmod(s / 60, 60), fmod(s, 60), p[i]);
	}
	assert_int_equal(fclose(f), 0);
	return path;
}

/* ∫ CI P PUE dt over the log's steps, summing the London half-hours of the
 * shipped file by their overlap (testutil.h), in kg. */
static double independent_kg(const double *t, const double *p, size_t n, double max_gap,
			     double pue_june, double pue_july)
{
	double july = ts(2026, 7, 1, 0, 0), kg = 0;
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		double a = t[i], b = t[i + 1], cut;
		if (b - a > max_gap)
			continue;
		cut = fmin(fmax(july, a), b);
		if (cut > a)
			kg += p[i] * pue_june * independent_mean("13", a, cut) * (cut - a);
		if (b > cut)
			kg += p[i] * pue_july * independent_mean("13", cut, b) * (b - cut);
	}
	return kg / 3.6e9; /* W s g/kWh -> kg */
}

static void log_against_series(void **state)
{
	/* irregular sampling across midnight of 30 June, with gaps over 30 min */
	double t0 = ts(2026, 6, 30, 22, 47) + 13.25;
	double dt[] = {0, 37.5, 1800, 611.125, 2700, 5, 4387, 1777.75, 3600, 59, 901};
	double p[] = {612.5, 700, 650.25, 530, 120, 99.5, 402, 400, 0, 333.3, 333.3};
	enum { N = sizeof dt / sizeof *dt };
	double t[N], e = 0;
	char path[64], text[2048];
	wf_result *r;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++)
		t[i] = (i ? t[i - 1] : t0) + dt[i];
	for (i = 0; i + 1 < N; i++)
		e += dt[i + 1] <= 1800 ? p[i] * dt[i + 1] : 0;
	write_log(t, p, N, path);
	snprintf(text, sizeof text, "scenario:\n  workload:\n" H100
		 "    power_log: {file: %s, max_gap: 30 min}\n  site: {region: GB-london, pue: 1.3}\n",
		 path);
	r = ok_text(text);
	assert_rel(result(r, "energy_it_kwh"), e / 3.6e6, 1e-12);
	assert_rel(result(r, "duration_h"), (t[N - 1] - t[0]) / 3600, 1e-12);
	assert_rel(result(r, "emissions_operational_kg"),
		   independent_kg(t, p, N, 1800, 1.3, 1.3), 1e-9);
	assert_rel(result(r, "energy_facility_kwh"), 1.3 * e / 3.6e6, 1e-12);
	assert_non_null(strstr(wf_result_notes(r), "3 gaps longer than max_gap 1800 s"));
	assert_null(strstr(wf_result_notes(r), "implausible"));
	assert_non_null(strstr(wf_result_explain(r), "over the power log's 7 steps"));
	assert_true(wf_result_period_count(r) >= 5);
	{
		double sum = 0;
		wf_period per;
		for (i = 0; wf_result_period(r, i, &per) == 0; i++)
			sum += per.emissions_kg;
		assert_rel(sum, result(r, "emissions_operational_kg"), 1e-9);
	}
	wf_result_free(r);
	/* PUE by month across the month's end: the curve's June and July values */
	{
		static const char site[] = "  site: {region: GB-london, pue_curve: "
			"lei-masanet-2020-wec-rh80, %s}\n";
		char one[100];
		double pue[2], temps[2] = {14.5, 17.25};
		int m;
		char siteline[300];
		for (m = 0; m < 2; m++) {
			wf_result *q;
			snprintf(one, sizeof one, "temperature_c: %g", temps[m]);
			snprintf(siteline, sizeof siteline, site, one);
			snprintf(text, sizeof text, "scenario:\n  workload:\n" H100 "    devices: 1\n"
				 "    wall_time: 1 h\n    power_per_device: 500 W\n%s", siteline);
			q = ok_text(text);
			pue[m] = result(q, "energy_facility_kwh") / result(q, "energy_it_kwh");
			wf_result_free(q);
		}
		snprintf(one, sizeof one, "monthly_temperature_c: [5, 5, 5, 5, 5, %g, %g, 5, 5, 5, "
			 "5, 5]", temps[0], temps[1]);
		snprintf(siteline, sizeof siteline, site, one);
		snprintf(text, sizeof text, "scenario:\n  workload:\n" H100
			 "    power_log: {file: %s, max_gap: 30 min}\n%s", path, siteline);
		r = ok_text(text);
		assert_true(pue[0] != pue[1]);
		assert_rel(result(r, "emissions_operational_kg"),
			   independent_kg(t, p, N, 1800, pue[0], pue[1]), 1e-9);
		wf_result_free(r);
	}
	unlink(path);
}

/* --------------------------------------------------- estimate and measure */

static void measured_section(void **state)
{
	char text[2048], b[2048];
	const double t[] = {ts(2026, 7, 1, 0, 0), ts(2026, 7, 1, 0, 0) + 600,
			    ts(2026, 7, 1, 0, 0) + 1200};
	const double p[] = {650, 700, 0};
	char path[64];
	wf_scenario *sc = NULL, *m = NULL;
	wf_result *re = NULL, *rm = NULL;
	wf_error err;

	(void)state;
	write_log(t, p, 3, path);
	snprintf(text, sizeof text, "scenario:\n  id: est\n  workload:\n" H100
		 "    devices: 1\n    wall_time: 20 min\n  site: {pue: 1.2}\n"
		 "  grid: {intensity: 100 g/kWh}\n  measured:\n    workload:\n      kind: training\n"
		 "      accelerator: nvidia-h100-sxm5-80gb\n      power_log: %s\n", path);
	wf_error_clear(&err);
	assert_int_equal(wf_scenario_load_text(&sc, cat, text, strlen(text), "t.yaml", &err), 0);
	assert_true(wf_scenario_has_measured(sc));
	assert_int_equal(wf_scenario_measured(&m, sc, &err), 0);
	assert_int_equal(wf_scenario_evaluate(&re, sc, &err), 0);
	assert_int_equal(wf_scenario_evaluate(&rm, m, &err), 0);
	assert_rel(result(re, "energy_it_kwh"), 0.7 / 3, 1e-12);
	assert_rel(result(rm, "energy_it_kwh"), (650.0 + 700.0) * 600 / 3.6e6, 1e-12);
	assert_rel(result(rm, "emissions_operational_kg"),
		   (650.0 + 700.0) * 600 / 3.6e6 * 1.2 * 0.1, 1e-12);
	wf_result_free(re);
	wf_result_free(rm);
	wf_scenario_free(m);
	wf_scenario_free(sc);
	/* an unknown key in measured:, and a scenario without one */
	snprintf(text, sizeof text, "scenario:\n  workload:\n" H100 "    device_hours: 1\n"
		 "  site: {pue: 1.2}\n  measured: {sitee: {pue: 1}}\n");
	assert_int_equal(wf_scenario_load_text(&sc, cat, text, strlen(text), "t.yaml", &err), 0);
	assert_int_equal(wf_scenario_measured(&m, sc, &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:7:14: unknown key "
			       "\"sitee\" in measured (did you mean \"site\"?)"));
	wf_scenario_free(sc);
	/* the log's span is the run's time: no wall_time beside it */
	snprintf(text, sizeof text, "scenario:\n  workload:\n" H100 "    wall_time: 1 h\n"
		 "    power_log: %s\n  site: {pue: 1.2}\n", path);
	assert_int_equal(run_text(&rm, text, &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:5:16: wall_time: the "
			       "power log replaces the estimate of the run's time"));
	snprintf(text, sizeof text, "scenario:\n  workload:\n" H100 "    devices: 4\n"
		 "    power_log: {file: %s}\n  site: {pue: 1.2}\n", path);
	assert_int_equal(run_text(&rm, text, &err), 0); /* plain: one series, no GPU column */
	wf_result_free(rm);
	unlink(path);
	assert_int_equal(run_text(&rm, "scenario:\n  workload:\n" H100 "    power_log: "
				  "no-such-log.csv\n  site: {pue: 1.2}\n", &err), WF_ENOTFOUND);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b), "t.yaml:5:16: power_log: no "
			       "file \"no-such-log.csv\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(energy_scopes),
		cmocka_unit_test(olmo_style),
		cmocka_unit_test(energy_only),
		cmocka_unit_test(plausibility),
		cmocka_unit_test(conflicts),
		cmocka_unit_test(overhead_consistent),
		cmocka_unit_test(runs),
		cmocka_unit_test(mix_alone),
		cmocka_unit_test(log_against_series),
		cmocka_unit_test(measured_section),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

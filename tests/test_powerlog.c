/*
 * test_powerlog.c - the power-log readers (src/powerlog*.c) against real
 * logs (tests/data/powerlog/, origins in its README): each format loads,
 * its energy equals an independent sum written here from the file's own
 * text, and every malformed row names its file:line:col.
 */
#include "testutil.h"

#include "powerlog.h"

#define DIR "tests/data/powerlog/"

static wf_powerlog *load(const char *rel, const wf_plog_options *o)
{
	char p[4096], b[2048];
	wf_powerlog *lg = NULL;
	wf_error err;

	wf_error_clear(&err);
	if (wf_powerlog_load(&lg, test_path(p, sizeof p, rel), o, &err)) {
		print_error("%s: %s\n", rel, wf_error_format(&err, b, sizeof b));
		fail();
	}
	return lg;
}

/* Parse text; returns the error code, the message in msg. */
static int parse(const char *text, const wf_plog_options *o, char *msg, size_t n,
		 wf_powerlog **out)
{
	wf_powerlog *lg = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	rc = wf_powerlog_parse(&lg, text, strlen(text), "log.csv", o, &err);
	wf_error_format(&err, msg, n);
	if (out)
		*out = lg;
	else
		wf_powerlog_free(lg);
	return rc;
}

static char *slurp(const char *rel, size_t *len)
{
	char p[4096];
	FILE *f = fopen(test_path(p, sizeof p, rel), "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* ------------------------------------------------------ independent sums */

/* nvidia-smi rows "YYYY/MM/DD HH:MM:SS.mmm, P W, ...": time (local = UTC
 * here) and power; returns the count read. */
static size_t nv_rows(const char *rel, double *t, double *p, size_t max)
{
	char *text = slurp(rel, NULL), *line, *save = NULL;
	size_t n = 0;

	line = strtok_r(text, "\n", &save); /* header */
	while ((line = strtok_r(NULL, "\n", &save)) && n < max) {
		int y, mo, d, h, mi;
		double s, w;
		if (sscanf(line, "%d/%d/%d %d:%d:%lf, %lf W", &y, &mo, &d, &h, &mi, &s, &w) != 7)
			continue;
		t[n] = (double)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
		p[n++] = w;
	}
	free(text);
	return n;
}

/* Σ over GPUs g of Σ_k P_g,k (t_g,k+1 - t_g,k), rows dealt to GPUs by
 * position; jumps over max_gap count nothing. */
static double step_sum(const double *t, const double *p, size_t n, size_t gpus, double max_gap)
{
	double e = 0;
	size_t g, k;

	for (g = 0; g < gpus; g++)
		for (k = g; k + gpus < n; k += gpus)
			if (t[k + gpus] - t[k] <= max_gap)
				e += p[k] * (t[k + gpus] - t[k]);
	return e;
}

/* ------------------------------------------------------------------ tests */

static void nvidia_smi_h100x8(void **state)
{
	wf_plog_options o = WF_PLOG_OPTIONS_INIT;
	double t[100], p[100];
	size_t n = nv_rows(DIR "nvidia-smi_h100x8_excerpt.csv", t, p, 100);
	wf_powerlog *lg;

	(void)state;
	o.gpus = 8;
	o.has_offset = 1;
	o.utc_offset_s = 0;
	lg = load(DIR "nvidia-smi_h100x8_excerpt.csv", &o);
	assert_int_equal(n, 80);
	assert_int_equal(lg->format, WF_PLOG_NVSMI);
	assert_string_equal(lg->column, "power.draw");
	assert_int_equal(lg->rows, 80);
	assert_int_equal(lg->channels, 8);
	assert_int_equal(lg->n, 72); /* 9 steps per GPU */
	assert_true(lg->local_time);
	assert_rel(lg->energy_j, step_sum(t, p, n, 8, INFINITY), 1e-13);
	assert_rel(lg->begin, t[0], 1e-15);
	assert_rel(lg->end - lg->begin, t[79] - t[0], 1e-12);
	assert_rel(lg->p_min_w, 69.32, 1e-15);
	assert_rel(lg->p_max_w, 72.47, 1e-15);
	assert_int_equal(lg->gaps, 0);
	wf_powerlog_free(lg);
	/* a declared offset moves the span, not the energy: 23:32 at +02:00 is 21:32 UTC */
	o.utc_offset_s = 7200;
	lg = load(DIR "nvidia-smi_h100x8_excerpt.csv", &o);
	assert_rel(lg->begin, t[0] - 7200, 1e-15);
	assert_rel(lg->energy_j, step_sum(t, p, n, 8, INFINITY), 1e-13);
	wf_powerlog_free(lg);
}

static void dcgm_equals_nvidia_smi(void **state)
{
	wf_plog_options o = WF_PLOG_OPTIONS_INIT, d = WF_PLOG_OPTIONS_INIT;
	wf_powerlog *nv, *dc;

	(void)state;
	o.gpus = 8;
	o.has_offset = 1;
	nv = load(DIR "nvidia-smi_h100x8_excerpt.csv", &o);
	dc = load(DIR "dcgm_h100x8_from_nvidia-smi.csv", &d);
	assert_int_equal(dc->format, WF_PLOG_DCGM);
	assert_string_equal(dc->column, "DCGM_FI_DEV_POWER_USAGE");
	assert_int_equal(dc->channels, 8);
	assert_true(dc->by_index);
	assert_false(dc->local_time); /* ISO times with Z */
	assert_rel(dc->energy_j, nv->energy_j, 1e-13);
	assert_rel(dc->begin, nv->begin, 1e-15);
	assert_rel(dc->end, nv->end, 1e-15);
	wf_powerlog_free(nv);
	wf_powerlog_free(dc);
}

static void nvidia_smi_others(void **state)
{
	wf_plog_options o = WF_PLOG_OPTIONS_INIT;
	double t[100], p[100];
	size_t n;
	wf_powerlog *lg, *inst;

	(void)state;
	o.has_offset = 1;
	o.gpus = 1;
	/* two power columns, power.draw first; power.draw.instant on asking */
	lg = load(DIR "nvidia-smi_a100pcie_excerpt.csv", &o);
	o.column = "power.draw.instant";
	inst = load(DIR "nvidia-smi_a100pcie_excerpt.csv", &o);
	o.column = NULL;
	assert_string_equal(lg->column, "power.draw");
	assert_string_equal(inst->column, "power.draw.instant");
	assert_int_equal(lg->rows, 40);
	assert_int_equal(lg->channels, 1);
	/* the instant readings differ from the averaged ones in some rows */
	assert_true(fabs(inst->energy_j - lg->energy_j) > 1e-6 * lg->energy_j);
	assert_true(lg->energy_j > 63.4 * (lg->end - lg->begin) * 0.999 &&
		    lg->energy_j < 64.17 * (lg->end - lg->begin) * 1.001);
	wf_powerlog_free(lg);
	wf_powerlog_free(inst);
	/* text columns (name, uuid, pstate, power.management) read past */
	lg = load(DIR "nvidia-smi_gtx1650_excerpt.csv", &o);
	assert_int_equal(lg->rows, 20);
	assert_rel(lg->p_min_w, 19.46, 1e-15);
	wf_powerlog_free(lg);
	/* NUL bytes after the last line: read past and counted */
	o.gpus = 2;
	lg = load(DIR "nvidia-smi_titanx2_nul_excerpt.csv", &o);
	n = nv_rows(DIR "nvidia-smi_titanx2_nul_excerpt.csv", t, p, 100);
	assert_int_equal(lg->nul_tail, 2533);
	assert_int_equal(lg->rows, 20);
	assert_int_equal(n, 20);
	assert_rel(lg->energy_j, step_sum(t, p, n, 2, INFINITY), 1e-13);
	wf_powerlog_free(lg);
}

/* Σ of a CodeCarbon column (0-based index k) over the rows. */
static double cc_sum(const char *rel, int k)
{
	char *text = slurp(rel, NULL), *line, *save = NULL;
	double sum = 0;

	line = strtok_r(text, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *f = line;
		int i;
		for (i = 0; i < k; i++)
			f = strchr(f, ',') + 1;
		sum += atof(f);
	}
	free(text);
	return sum;
}

static void codecarbon(void **state)
{
	wf_plog_options o = WF_PLOG_OPTIONS_INIT;
	wf_powerlog *lg;

	(void)state;
	o.has_offset = 1;
	o.utc_offset_s = 3600;
	/* CodeCarbon 2.4.2: energy_consumed is column 13 (0-based 12) */
	lg = load(DIR "codecarbon_v100_excerpt.csv", &o);
	assert_int_equal(lg->format, WF_PLOG_CODECARBON);
	assert_string_equal(lg->column, "energy_consumed");
	assert_int_equal(lg->rows, 11);
	assert_int_equal(lg->channels, 11);
	assert_rel(lg->energy_j, cc_sum(DIR "codecarbon_v100_excerpt.csv", 12) * 3.6e6, 1e-12);
	/* concurrent jobs: the runs overlap, their time adds to more than the span covered */
	assert_true(lg->channel_s > lg->covered_s * 1.1);
	assert_rel(lg->channel_s, cc_sum(DIR "codecarbon_v100_excerpt.csv", 3), 1e-12);
	wf_powerlog_free(lg);
	/* CodeCarbon 3.0.2 (experiment_id added): gpu_energy, column 12 (0-based 11) */
	o.column = "gpu_energy";
	lg = load(DIR "codecarbon_a100-40gb_excerpt.csv", &o);
	assert_string_equal(lg->column, "gpu_energy");
	assert_rel(lg->energy_j, cc_sum(DIR "codecarbon_a100-40gb_excerpt.csv", 11) * 3.6e6,
		   1e-12);
	wf_powerlog_free(lg);
	/* CodeCarbon 3.2.7, 38 columns, one 1.5 s run: energy_consumed, 0-based 13 */
	o.column = NULL;
	lg = load(DIR "codecarbon_rtx3060ti.csv", &o);
	assert_int_equal(lg->rows, 1);
	assert_rel(lg->energy_j, 1.2337170316766916e-05 * 3.6e6, 1e-15);
	/* times are s since 1970 in a double: about 0.2 us apart in 2026 */
	assert_rel(lg->end - lg->begin, 1.5153613869988476, 1e-6);
	wf_powerlog_free(lg);
}

static void dcgm_job_statistics(void **state)
{
	char p[4096], b[2048];
	wf_plog_options o = WF_PLOG_OPTIONS_INIT;
	wf_powerlog *lg = NULL;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_powerlog_load(&lg, test_path(p, sizeof p, DIR "dcgm-jobstats_excerpt.csv"),
					  &o, &err), WF_EINPUT);
	wf_error_format(&err, b, sizeof b);
	assert_non_null(strstr(b, "dcgm-jobstats_excerpt.csv:1:52: DCGM job statistics"));
	assert_non_null(strstr(b, "no timestamps"));
	assert_null(lg);
}

/* A plain log with irregular sampling and one gap over max_gap. */
static void plain_gaps(void **state)
{
	static const char text[] =
		"timestamp_utc,power_w\n"
		"2026-07-01T00:00:00Z,100\n"
		"2026-07-01T00:00:07Z,250.5\n"    /* 7 s */
		"2026-07-01T00:00:10Z,80\n"       /* 3 s */
		"2026-07-01T00:02:10Z,300\n"      /* 120 s: a gap over 60 s */
		"2026-07-01T00:02:11.5Z,310\n"    /* 1.5 s */
		"2026-07-01T00:02:30Z,0\n";       /* 18.5 s */
	wf_plog_options o = WF_PLOG_OPTIONS_INIT;
	char msg[2048];
	wf_powerlog *lg;

	(void)state;
	o.max_gap_s = 60;
	assert_int_equal(parse(text, &o, msg, sizeof msg, &lg), 0);
	assert_int_equal(lg->format, WF_PLOG_PLAIN);
	assert_rel(lg->energy_j, 100 * 7 + 250.5 * 3 + 300 * 1.5 + 310 * 18.5, 1e-15);
	assert_int_equal(lg->gaps, 1);
	assert_rel(lg->gap_s, 120, 1e-15);
	assert_int_equal(lg->longest_gap_line, 5);
	assert_rel(lg->covered_s, 30, 1e-15);
	assert_rel(lg->end - lg->begin, 150, 1e-15);
	assert_false(lg->max_gap_default);
	wf_powerlog_free(lg);
	/* by default 5 x the median spacing (median of 7, 3, 120, 1.5, 18.5 = 7 s) */
	o.max_gap_s = NAN;
	assert_int_equal(parse(text, &o, msg, sizeof msg, &lg), 0);
	assert_true(lg->max_gap_default);
	assert_rel(lg->max_gap_s, 35, 1e-15);
	assert_int_equal(lg->gaps, 1);
	wf_powerlog_free(lg);
	/* a gpu column: two channels summed */
	assert_int_equal(parse("timestamp_utc,power_w,gpu\n2026-07-01T00:00:00Z,100,0\n"
			       "2026-07-01T00:00:00Z,50,1\n2026-07-01T00:00:10Z,0,0\n"
			       "2026-07-01T00:00:20Z,0,1\n", &o, msg, sizeof msg, &lg), 0);
	assert_int_equal(lg->channels, 2);
	assert_rel(lg->energy_j, 100 * 10 + 50 * 20, 1e-15);
	assert_rel(lg->channel_s, 30, 1e-15);
	assert_rel(lg->covered_s, 20, 1e-15);
	wf_powerlog_free(lg);
}

/* The error cases: file:line:col and what was expected. */
static void expect_error(const char *text, const wf_plog_options *o, const char *where,
			 const char *what)
{
	char msg[2048];

	if (parse(text, o, msg, sizeof msg, NULL) != WF_EINPUT || !strstr(msg, where) ||
	    !strstr(msg, what)) {
		print_error("expected \"%s ... %s\", got \"%s\"\n", where, what, msg);
		fail();
	}
}

static void bad_rows(void **state)
{
	static const char hdr[] = "timestamp, index, power.draw [W]\n";
	wf_plog_options o = WF_PLOG_OPTIONS_INIT;
	char text[1024];

	(void)state;
	o.has_offset = 1;
	/* a truncated last line (a writer killed mid-line) */
	snprintf(text, sizeof text, "%s2025/07/26 23:32:09.703, 0, 69.32 W\n2025/07/26 23:3", hdr);
	expect_error(text, &o, "log.csv:3:16: ", "expected 3 fields as in the header, got 1 (a "
		     "truncated line?) (the file's last line has no newline");
	/* a unit-less value among values with units */
	snprintf(text, sizeof text, "%s2025/07/26 23:32:09.703, 0, 69.32 W\n"
		 "2025/07/26 23:32:09.803, 0, 69.40\n", hdr);
	expect_error(text, &o, "log.csv:3:29: ", "unit-less value");
	/* a timestamp going back */
	snprintf(text, sizeof text, "%s2025/07/26 23:32:09.703, 0, 69.32 W\n"
		 "2025/07/26 23:32:09.803, 0, 69.40 W\n2025/07/26 23:32:09.750, 0, 69.40 W\n", hdr);
	expect_error(text, &o, "log.csv:4:1: ", "is not after the previous sample's");
	expect_error(text, &o, "log.csv:4:1: ", "(line 3)");
	/* an unknown column, by format */
	expect_error("timestamp_utc,power_w,powerw\n2026-07-01T00:00:00Z,1,2\n", &o,
		     "log.csv:1:23: ", "unknown column \"powerw\"; did you mean \"power_w\"?");
	expect_error("timestamp,duration,energy_consumd,energy_consumed\n", &o, "log.csv:1:20: ",
		     "unknown column \"energy_consumd\"; did you mean \"energy_consumed\"?");
	expect_error("timestamp, Power Draw [W], power.draw [W]\n", &o, "log.csv:1:12: ",
		     "nvidia-smi writes lowercase dotted query fields");
	expect_error("time,DCGM_FI_DEV_POWER_USAGE,rack\n", &o, "log.csv:1:30: ",
		     "unknown column \"rack\"");
	/* not a power log */
	expect_error("Series;Time;Value\n", &o, "log.csv:1:1: ", "unrecognised power log header");
	/* what nvidia-smi writes when it cannot read the power */
	snprintf(text, sizeof text, "%s2025/07/26 23:32:09.703, 0, [N/A]\n", hdr);
	expect_error(text, &o, "log.csv:2:29: ", "is not a reading");
	/* a unit that is not W, in the values or the header */
	snprintf(text, sizeof text, "%s2025/07/26 23:32:09.703, 0, 69 mW\n", hdr);
	expect_error(text, &o, "log.csv:2:29: ", "expected a power in W");
	expect_error("timestamp, index, power.draw [mW]\n", &o, "log.csv:1:19: ",
		     "expected a power in W");
	/* local time without a declared offset */
	o.has_offset = 0;
	snprintf(text, sizeof text, "%s2025/07/26 23:32:09.703, 0, 69.32 W\n", hdr);
	expect_error(text, &o, "log.csv:2:1: ", "declare power_log.utc_offset");
	o.has_offset = 1;
	/* no index column and no GPU count */
	expect_error("timestamp, power.draw [W]\n2025/07/26 23:32:09.703, 69.32 W\n"
		     "2025/07/26 23:32:09.803, 69.32 W\n", &o, "log.csv:1:1: ",
		     "declare power_log.gpus");
	/* a bad date, a negative power, a file with one sample */
	expect_error("timestamp_utc,power_w\n2026-13-01T00:00:00Z,1\n", &o, "log.csv:2:1: ",
		     "expected a date and time");
	expect_error("timestamp_utc,power_w\n2026-07-01T00:00:00Z,-1\n", &o, "log.csv:2:22: ",
		     "expected a power or energy >= 0");
	expect_error("timestamp_utc,power_w\n2026-07-01T00:00:00Z,1\n", &o, "log.csv",
		     "at least two are needed");
	expect_error("", &o, "log.csv:1:1: ", "empty file");
	expect_error("timestamp_utc,power_w\n", &o, "log.csv:2:1: ", "no data rows");
	/* NUL inside the text is not padding */
	{
		static const char nul[] = "timestamp_utc,power_w\n2026-07-01T00:00:00Z,1\0\n"
					  "2026-07-01T00:00:01Z,1\n";
		wf_powerlog *lg = NULL;
		wf_error err;
		char msg[2048];
		wf_error_clear(&err);
		assert_int_equal(wf_powerlog_parse(&lg, nul, sizeof nul - 1, "log.csv", &o, &err),
				 WF_EINPUT);
		assert_non_null(strstr(wf_error_format(&err, msg, sizeof msg), "log.csv:2:"));
	}
}

static void times(void **state)
{
	double t;
	int zone;

	(void)state;
	assert_int_equal(wf_powerlog_time("2025/07/26 23:32:09.703", 0, &t, &zone), 0);
	assert_rel(t, (double)days_from_civil(2025, 7, 26) * 86400 + 23 * 3600 + 32 * 60 + 9.703,
		   1e-15);
	assert_int_equal(zone, 0);
	assert_int_equal(wf_powerlog_time("2020-09-11T10:58:00+02:00", 0, &t, &zone), 0);
	assert_rel(t, ts(2020, 9, 11, 8, 58), 1e-15);
	assert_int_equal(zone, 1);
	assert_int_equal(wf_powerlog_time("2026-07-01 12:00 -0130", 0, &t, &zone), 0);
	assert_rel(t, ts(2026, 7, 1, 13, 30), 1e-15);
	assert_int_equal(wf_powerlog_time("2026-07-01T00:00:00Z", 0, &t, &zone), 0);
	assert_rel(t, ts(2026, 7, 1, 0, 0), 1e-15);
	assert_int_equal(wf_powerlog_time("1782864000.25", 1, &t, &zone), 0);
	assert_rel(t, 1782864000.25, 1e-15);
	assert_int_equal(wf_powerlog_time("1782864000", 0, &t, &zone), -1);
	assert_int_equal(wf_powerlog_time("2026-02-30T00:00Z", 0, &t, &zone), -1);
	assert_int_equal(wf_powerlog_time("2026-07-01T00:00:00.Z", 0, &t, &zone), -1);
	assert_int_equal(wf_powerlog_time("2026/07-01 00:00", 0, &t, &zone), -1);
	assert_int_equal(wf_powerlog_time("2026-07-01T00:00+25:00", 0, &t, &zone), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nvidia_smi_h100x8),
		cmocka_unit_test(dcgm_equals_nvidia_smi),
		cmocka_unit_test(nvidia_smi_others),
		cmocka_unit_test(codecarbon),
		cmocka_unit_test(dcgm_job_statistics),
		cmocka_unit_test(plain_gaps),
		cmocka_unit_test(bad_rows),
		cmocka_unit_test(times),
	};
	wf_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

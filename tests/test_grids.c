/*
 * test_grids.c - grids across time: every window mean of every shipped
 * series against an exact reference, a GB job integrated against the NESO
 * national series, typical-year profiles that reproduce their annual
 * figure, the choice among several series at their span edges, strict
 * bases, PUE by hour, and future dates in every kind of grid.
 */
#include "testutil.h"

#include <gsl/gsl_interp.h>

#include "catalog.h"
#include "profile.h"
#include "testseries.h"

#define SERIES_DIR "data/series/"

/* ------------------------------------------------ exact windows */

/* A shipped file's series, read by this test (not series.c): interval
 * starts, values in the file's unit (NAN: a gap) and the region. */
typedef struct col {
	size_t n, cap;
	double *t, *v;
	char region[16];
} col;

/* Read every region of a file's value column; *n regions. */
static col *read_all(const char *rel, const char *column, size_t *n)
{
	char p[4096], line[4096];
	FILE *f = fopen(test_path(p, sizeof p, rel), "r");
	int ts = -1, rid = -1, val = -1, first = 1;
	col *c = NULL;
	size_t k;

	*n = 0;
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		char *fld[32], *s = line;
		int nf = 0, i;
		line[strcspn(line, "\r\n")] = '\0';
		for (;;) {
			fld[nf++] = s;
			if (!(s = strchr(s, ',')) || nf == 32)
				break;
			*s++ = '\0';
		}
		if (first) {
			for (i = 0; i < nf; i++) {
				if (strcmp(fld[i], "timestamp_utc") == 0)
					ts = i;
				if (strcmp(fld[i], "region_id") == 0)
					rid = i;
				if (strcmp(fld[i], column) == 0)
					val = i;
			}
			assert_true(ts >= 0 && val >= 0);
			first = 0;
			continue;
		}
		for (k = 0; k < *n; k++)
			if (strcmp(c[k].region, rid >= 0 ? fld[rid] : "") == 0)
				break;
		if (k == *n) {
			c = realloc(c, (*n + 1) * sizeof(*c));
			assert_non_null(c);
			memset(&c[k], 0, sizeof(c[k]));
			snprintf(c[k].region, sizeof c[k].region, "%s", rid >= 0 ? fld[rid] : "");
			(*n)++;
		}
		if (c[k].n == c[k].cap) {
			c[k].cap = c[k].cap ? 2 * c[k].cap : 8192;
			c[k].t = realloc(c[k].t, c[k].cap * sizeof(double));
			c[k].v = realloc(c[k].v, c[k].cap * sizeof(double));
			assert_non_null(c[k].t);
			assert_non_null(c[k].v);
		}
		c[k].t[c[k].n] = T(fld[ts]);
		c[k].v[c[k].n] = fld[val][0] ? strtod(fld[val], NULL) : NAN;
		c[k].n++;
	}
	fclose(f);
	return c;
}

/* The exact ∫ over [a, b) of a step function read by the test (interval
 * i from t[i] to t[i+1], the last one step long; gaps count 0), summed in
 * long double with Kahan's compensation: a reference independent of the
 * library's prefix sums. */
static long double exact(const col *c, double step, double a, double b)
{
	long double sum = 0, comp = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		double t0 = c->t[i], t1 = i + 1 < c->n ? fmin(c->t[i + 1], t0 + step) : t0 + step;
		double lo = fmax(t0, a), hi = fmin(t1, b);
		long double y, s;
		if (t0 >= b)
			break;
		if (!(hi > lo) || isnan(c->v[i]))
			continue;
		y = (long double)c->v[i] * (long double)(hi - lo) - comp;
		s = sum + y;
		comp = (s - sum) - y;
		sum = s;
	}
	return sum;
}

/* Only the intervals near [a, b): keeps the reference O(window). */
static long double exact_near(const col *c, double step, double a, double b, size_t from)
{
	col sub = *c;

	sub.t += from;
	sub.v += from;
	sub.n -= from;
	return exact(&sub, step, a, b);
}

/* Check windows of one series against the reference: every single
 * interval, every run of 4, a day and a week at a stride, and windows with
 * ends inside intervals.  Returns the worst relative error seen. */
static double check_series(const wf_series *s, const col *c, size_t *count)
{
	static const size_t lens[] = {1, 4, 48, 336};
	double worst = 0;
	size_t k, i;

	for (k = 0; k < 4; k++) {
		size_t stride = lens[k] == 1 ? 1 : lens[k] == 4 ? 3 : 97;
		for (i = 0; i + lens[k] <= c->n; i += stride) {
			double a = c->t[i], b, got;
			long double want;
			int cov;
			size_t j;
			if (i + lens[k] < c->n)
				b = c->t[i + lens[k]];
			else
				b = c->t[c->n - 1] + s->step_s;
			/* a gap or a jump inside: not a covered window */
			for (j = i; j < i + lens[k] && !isnan(c->v[j]); j++)
				;
			if (j < i + lens[k] || b - a != lens[k] * s->step_s)
				continue;
			if (k >= 2 && i % 2) { /* cut both ends inside their intervals */
				a += 0.37 * s->step_s;
				b -= 0.21 * s->step_s;
			}
			assert_int_equal(wf_series_integral(s, a, b, &got, &cov), 0);
			assert_int_equal(cov, 1);
			got /= s->raw_si;
			want = exact_near(c, s->step_s, a, b, i);
			if (want != 0) {
				double e = (double)fabsl((got - want) / want);
				worst = fmax(worst, e);
			} else {
				assert_true(got == 0);
			}
			(*count)++;
		}
	}
	return worst;
}

/* Every shipped series, both value columns of the Electricity Maps files,
 * every region of the regional ones: each window's mean within 1e-13 of
 * the exact mean (the DE quarter-hours were off by up to 4e-12
 * before the prefix sums were compensated). */
static void exact_windows_every_shipped_series(void **state)
{
	static const char *const files[] = {
		"de_entsoe_lifecycle_2020_15min.csv", "fr_entsoe_lifecycle_2020_hourly.csv",
		"gb_entsoe_lifecycle_2020_halfhourly.csv", "gb_neso_national_2023_halfhourly.csv",
		"gb_regional_20230313T1330Z_20230314T0630Z.csv",
		"gb_regional_20260627T1900Z_20260724T1200Z.csv",
		"gb_regional_2023_halfhourly.csv", "gb_regional_2025_halfhourly.csv",
		"gb_electricitymaps_2023_hourly.csv", "gb_electricitymaps_2024_hourly.csv",
		"de-lu_electricitymaps_2024_hourly.csv", "jp-tk_electricitymaps_2024_hourly.csv",
		"kr_electricitymaps_2024_hourly.csv", "sg_electricitymaps_2024_hourly.csv",
		"us-cal-ciso_electricitymaps_2024_hourly.csv",
		"us-mida-pjm_electricitymaps_2024_hourly.csv",
		"us-midw-miso_electricitymaps_2023_hourly.csv",
		"us-ny-nyis_electricitymaps_2024_hourly.csv",
		"us-tex-erco_electricitymaps_2024_hourly.csv",
	};
	/* under valgrind, the quarter-hours and one Electricity Maps file */
	size_t nf = getenv("WATTIF_VALGRIND") ? 2 : sizeof files / sizeof *files, f, count = 0;
	double worst = 0;

	(void)state;
	for (f = 0; f < nf; f++) {
		const char *name = files[f == 1 && nf == 2 ? 9 : f];
		int em = strstr(name, "electricitymaps") != NULL, c2;
		for (c2 = 0; c2 <= em; c2++) {
			const char *column = c2 ? "intensity_lifecycle_g_per_kwh"
						: "intensity_g_per_kwh";
			char rel[256], p[4096], b[2048];
			wf_series **all = NULL;
			size_t n = 0, nc = 0, k;
			wf_error err;
			col *cs;
			snprintf(rel, sizeof rel, SERIES_DIR "%s", name);
			wf_error_clear(&err);
			if (wf_series_load_column(&all, &n, test_path(p, sizeof p, rel), column,
						  &err)) {
				print_error("%s\n", wf_error_format(&err, b, sizeof b));
				fail();
			}
			cs = read_all(rel, column, &nc);
			assert_int_equal(n, nc);
			for (k = 0; k < n; k++) {
				double e = check_series(all[k], &cs[k], &count);
				if (e > 1e-13)
					fail_msg("%s %s region %s: a window mean is off by %g",
						 name, column, cs[k].region, e);
				worst = fmax(worst, e);
				free(cs[k].t);
				free(cs[k].v);
			}
			free(cs);
			wf_series_free_all(all, n);
		}
	}
	assert_true(count > (nf == 2 ? 60000u : 1000000u));
	print_message("  %zu windows, worst relative error %.3g\n", count, worst);
}

/* ------------------------------------------------ the NESO national job */

/* A GB job from 2023-06-12T07:15Z for 100.5 h: the NESO national series
 * integrated over its window, against an independent sum over the file. */
static void gb_job_neso_national(void **state)
{
	wf_result *r;
	wf_error err;
	wf_intensity_info ci;
	size_t n;
	col *c;
	double a = T("2023-06-12T07:15:00Z"), b = a + 100.5 * 3600;
	long double want;

	(void)state;
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/gb_neso_june.yaml", &err, NULL), 0);
	c = read_all(SERIES_DIR "gb_neso_national_2023_halfhourly.csv", "intensity_g_per_kwh",
		     &n);
	want = exact(&c[0], 1800, a, b) / (b - a);
	assert_rel(result(r, "intensity_g_per_kwh"), (double)want, 1e-9);
	assert_rel(result(r, "intensity_g_per_kwh"), (double)want, 1e-15);
	assert_rel(result(r, "emissions_operational_kg"),
		   result(r, "energy_facility_kwh") * (double)want / 1000, 1e-12);
	assert_int_equal(wf_result_intensity(r, &ci), 0);
	assert_string_equal(ci.basis, "direct");
	assert_string_equal(ci.source, "series");
	assert_int_equal(ci.year, 2023);
	assert_non_null(strstr(ci.label, "gb_neso_national_2023_halfhourly.csv"));
	assert_non_null(strstr(wf_result_notes(r), "NESO"));
	free(c[0].t);
	free(c[0].v);
	free(c);
	wf_result_free(r);
}

/* ------------------------------------------------ profiles */

/* The profile's mean over each calendar year is its level, whatever the
 * year's length, its weekday shift, the wrap at the base year's ends and
 * the base's gaps (GB-london's 2025 lacks a week). */
static void profile_reproduces_annual(void **state)
{
	const wf_grid *g = wf_catalog_get(cat, WF_KIND_GRID, "GB-london"), *owner;
	const wf_grid_series *l;
	const wf_series *s = NULL;
	wf_profile pr;
	double level = 139.25 * WF_G_PER_KWH;
	size_t n, k;
	wf_error err;
	int y;

	(void)state;
	wf_error_clear(&err);
	l = wf_grid_series_list(g, &n, &owner);
	for (k = 0; k < n && !strstr(l[k].file->path, "2025"); k++)
		;
	assert_true(k < n);
	assert_int_equal(wf_grid_series_get(&l[k], owner, &s, &err), 0);
	assert_true(wf_series_gaps(s) > 0);
	assert_int_equal(wf_profile_last_full_year(s, l[k].from_s, l[k].to_s), 2025);
	assert_int_equal(wf_profile_init(&pr, s, 2025), 0);
	for (y = 2019; y <= 2045; y++) {
		double a = wf_year_start(y), b = wf_year_start(y + 1), v, sh;
		assert_int_equal(wf_profile_integral(&pr, level, NULL, 0, 0, a, b, &v), 0);
		assert_rel(v / (b - a), level, 4e-16);
		sh = wf_profile_shift(&pr, y);
		assert_true(fmod(sh, 7 * 86400.0) == 0 && fabs(a - sh - pr.b0_s) <= 3.5 * 86400);
	}
	/* pieces add up: a window cut anywhere, across a year's end */
	{
		double a = T("2030-12-20T07:45:00Z"), m = T("2031-01-02T13:00:00Z"),
		       b = T("2031-02-01T00:00:00Z"), v1, v2, v;
		assert_int_equal(wf_profile_integral(&pr, level, NULL, 0, 0, a, m, &v1), 0);
		assert_int_equal(wf_profile_integral(&pr, level, NULL, 0, 0, m, b, &v2), 0);
		assert_int_equal(wf_profile_integral(&pr, level, NULL, 0, 0, a, b, &v), 0);
		assert_rel(v1 + v2, v, 1e-14);
	}
}

/* The mean of a whole file's column (one region), gaps left out. */
static double file_mean(const char *name, const char *column, const char *region)
{
	char rel[256];
	size_t n, k, i;
	col *c;
	long double sum = 0;
	double m;
	size_t cnt = 0;

	snprintf(rel, sizeof rel, SERIES_DIR "%s", name);
	c = read_all(rel, column, &n);
	for (k = 0; k < n; k++) {
		if (strcmp(c[k].region, region) == 0)
			for (i = 0; i < c[k].n; i++)
				if (!isnan(c[k].v[i])) {
					sum += c[k].v[i];
					cnt++;
				}
		free(c[k].t);
		free(c[k].v);
	}
	free(c);
	m = (double)(sum / cnt);
	return m;
}

/* Whole years through the engine: a dated job over a calendar year comes
 * out at that year's annual figure exactly, on a profile, in each kind of
 * grid (its table, its table held, a series' yearly mean held, a series
 * of the grid it draws from). */
static void profile_year_through_engine(void **state)
{
	static const struct {
		const char *region, *start, *days;
		const char *year;            /* the figure: an undated run of that year */
		const char *file, *column, *rid; /* or a file's mean */
	} c[] = {
		{"GB-london", "2022-01-01T00:00Z", "365 days", "2022", NULL, NULL, NULL},
		{"GB", "2027-01-01T00:00Z", "365 days", "2024", NULL, NULL, NULL},
		{"DE", "2032-01-01T00:00Z", "366 days", "2024", NULL, NULL, NULL},
		{"GB-london", "2028-01-01T00:00Z", "366 days", NULL,
		 "gb_regional_2025_halfhourly.csv", "intensity_g_per_kwh", "13"},
		{"aws-us-east-1", "2027-01-01T00:00Z", "365 days", NULL,
		 "us-mida-pjm_electricitymaps_2024_hourly.csv", "intensity_lifecycle_g_per_kwh", ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof *c; i++) {
		char s1[64], s2[64], s3[64], s4[64];
		wf_result *r, *y;
		wf_intensity_info ci;
		wf_error err;
		double want;
		snprintf(s1, sizeof s1, "site.region=%s", c[i].region);
		snprintf(s2, sizeof s2, "start=%s", c[i].start);
		snprintf(s3, sizeof s3, "workload.wall_time=%s", c[i].days);
		assert_int_equal(test_eval(&r, cat, "tests/scenarios/gb_neso_june.yaml", &err,
					   s1, s2, s3, NULL), 0);
		assert_int_equal(wf_result_intensity(r, &ci), 0);
		assert_string_equal(ci.source, "profile");
		assert_non_null(strstr(wf_result_notes(r), "a profile is not a forecast"));
		if (c[i].year) {
			snprintf(s4, sizeof s4, "year=%s", c[i].year);
			assert_int_equal(test_eval(&y, cat, "tests/scenarios/gb_undated.yaml", &err,
						   s1, s4, NULL), 0);
			want = result(y, "intensity_g_per_kwh");
			wf_result_free(y);
		} else {
			want = file_mean(c[i].file, c[i].column, c[i].rid);
		}
		assert_rel(result(r, "intensity_g_per_kwh"), want, 1e-13);
		assert_int_equal(ci.held, i > 0);
		wf_result_free(r);
	}
}

/* ------------------------------------------------ several series */

/* One run of the two-series grid: its intensity (g/kWh) and basis. */
static int two(const char *start, const char *wall, const char *basis, double *ci,
	       wf_intensity_info *info, wf_error *err)
{
	char s1[64], s2[64], s3[64];
	wf_result *r;
	int rc;

	snprintf(s1, sizeof s1, "start=%s", start);
	snprintf(s2, sizeof s2, "workload.wall_time=%s", wall);
	snprintf(s3, sizeof s3, "grid.basis=%s", basis ? basis : "");
	rc = test_eval(&r, cat, "tests/scenarios/series_list.yaml", err, s1, s2,
		       basis ? s3 : NULL, NULL);
	if (rc)
		return rc;
	*ci = result(r, "intensity_g_per_kwh");
	wf_result_intensity(r, info);
	info->label = info->profile = ""; /* owned by r */
	wf_result_free(r);
	return 0;
}

/* The first listed series covering the window wins; `to` ends a series'
 * use exactly at its edge; outside both, the annual figure. */
static void several_series_span_edges(void **state)
{
	wf_intensity_info ci;
	wf_error err;
	double v;

	(void)state;
	/* inside the first only */
	assert_int_equal(two("2030-01-01T00:00Z", "3 h", NULL, &v, &ci, &err), 0);
	assert_rel(v, (100 + 101 + 102) / 3.0, 1e-15);
	assert_string_equal(ci.basis, "direct");
	assert_string_equal(ci.source, "series");
	/* both cover: the first listed wins */
	assert_int_equal(two("2030-01-02T00:00Z", "12 h", NULL, &v, &ci, &err), 0);
	assert_rel(v, 101, 1e-15); /* hours 24..35: 100..102 four times */
	/* ending exactly at the first's `to` */
	assert_int_equal(two("2030-01-02T11:00Z", "1 h", NULL, &v, &ci, &err), 0);
	assert_string_equal(ci.basis, "direct");
	/* one second past it: the second */
	assert_int_equal(two("2030-01-02T11:00Z", "3601 s", NULL, &v, &ci, &err), 0);
	assert_rel(v, 200, 1e-15);
	assert_string_equal(ci.basis, "lifecycle");
	/* starting at the `to` edge */
	assert_int_equal(two("2030-01-02T12:00Z", "1 h", NULL, &v, &ci, &err), 0);
	assert_rel(v, 200, 1e-15);
	/* the second's last hour ends at 2030-01-05T00:00Z; past it the annual
	 * figure (2029's, held), with no shape (no whole year of series) */
	assert_int_equal(two("2030-01-04T23:00Z", "1 h", NULL, &v, &ci, &err), 0);
	assert_rel(v, 200, 1e-15);
	assert_int_equal(two("2030-01-04T23:00Z", "2 h", NULL, &v, &ci, &err), 0);
	assert_rel(v, 300, 1e-15);
	assert_string_equal(ci.source, "annual");
	assert_int_equal(ci.year, 2029);
	assert_int_equal(ci.held, 1);
}

/* grid.basis makes the choice strict: series and figures on the other
 * basis are passed over, and when none is left the error says so. */
static void strict_basis(void **state)
{
	wf_intensity_info ci;
	wf_result *r;
	wf_error err;
	double v;

	(void)state;
	/* lifecycle asked: the direct first series is passed over */
	assert_int_equal(two("2030-01-02T00:00Z", "12 h", "lifecycle", &v, &ci, &err), 0);
	assert_rel(v, 200, 1e-15);
	assert_string_equal(ci.basis, "lifecycle");
	/* direct asked, outside the direct series: the annual figure is
	 * lifecycle, so nothing is left */
	assert_int_equal(two("2030-01-02T13:00Z", "1 h", "direct", &v, &ci, &err), WF_ENOTFOUND);
	assert_non_null(strstr(err.message, "no annual figure on the direct basis"));
	/* shipped data: GB 2023 on the lifecycle basis takes Electricity Maps'
	 * life-cycle column, not NESO's direct series */
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/gb_neso_june.yaml", &err,
				   "grid.basis=lifecycle", NULL), 0);
	wf_result_intensity(r, &ci);
	assert_string_equal(ci.basis, "lifecycle");
	assert_non_null(strstr(ci.label, "gb_electricitymaps_2023_hourly.csv"));
	assert_non_null(strstr(wf_result_notes(r), "passed over"));
	wf_result_free(r);
	/* FR has life-cycle data only: a direct 2027 job has nothing */
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/gb_neso_june.yaml", &err,
				   "site.region=FR", "start=2027-03-01T00:00Z",
				   "grid.basis=direct", NULL), WF_ENOTFOUND);
	assert_non_null(strstr(err.message, "FR"));
	assert_non_null(strstr(err.message, "direct basis"));
	/* and undated, as before: the annual figure's basis is named */
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/gb_undated.yaml", &err,
				   "site.region=FR", "grid.basis=direct", NULL), WF_EINPUT);
	assert_non_null(strstr(err.message, "FR's data are lifecycle"));
}

/* ------------------------------------------------ PUE by hour */

/* Σ CI_i PUE_j P dt over the window's pieces, CI from the NESO file and
 * PUE = curve(T) of London's 2024 hour at the same calendar position,
 * computed here with its own GSL interpolation. */
static void hourly_pue_sum(void **state)
{
	const wf_pue_curve *pc = wf_catalog_get(cat, WF_KIND_PUE_CURVE,
						"lei-masanet-2020-wec-rh80");
	double a = T("2023-06-12T07:15:00Z"), b = a + 100.5 * 3600, p_w = 8 * 700.0;
	double off = 366 * 86400.0; /* 2023-06-12 -> 2024-06-12 */
	long double kg = 0, j = 0;
	gsl_interp *ip = gsl_interp_alloc(gsl_interp_steffen, pc->n);
	size_t nc, nt, i, k;
	col *ci, *tc;
	wf_result *r;
	wf_error err;
	char rel[] = "data/climate/london_2024_hourly.csv";

	(void)state;
	assert_non_null(pc);
	assert_int_equal(gsl_interp_init(ip, pc->t_c, pc->pue, pc->n), 0);
	ci = read_all(SERIES_DIR "gb_neso_national_2023_halfhourly.csv", "intensity_g_per_kwh",
		      &nc);
	tc = read_all(rel, "temperature_c", &nt);
	for (i = 0; i < ci[0].n; i++) {
		double t0 = ci[0].t[i], t1 = t0 + 1800;
		if (t1 <= a || t0 >= b)
			continue;
		for (k = 0; k < tc[0].n; k++) {
			double u0 = tc[0].t[k] - off, u1 = u0 + 3600, lo = fmax(fmax(t0, u0), a),
			       hi = fmin(fmin(t1, u1), b), pue;
			if (!(hi > lo))
				continue;
			pue = gsl_interp_eval(ip, pc->t_c, pc->pue, tc[0].v[k], NULL);
			kg += (long double)ci[0].v[i] * 1e-3 / 3.6e6 * pue * p_w * (hi - lo);
			j += (long double)pue * p_w * (hi - lo);
		}
	}
	assert_int_equal(test_eval(&r, cat, "tests/scenarios/gb_hourly_pue.yaml", &err, NULL), 0);
	assert_rel(result(r, "emissions_operational_kg"), (double)kg, 1e-12);
	assert_rel(result(r, "energy_facility_kwh"), (double)(j / 3.6e6), 1e-12);
	assert_non_null(strstr(wf_result_notes(r), "PUE by hour"));
	wf_result_free(r);
	gsl_interp_free(ip);
	free(ci[0].t), free(ci[0].v), free(ci);
	free(tc[0].t), free(tc[0].v), free(tc);
}

/* ------------------------------------------------ future dates */

/* A job in March 2027 in GB, a GB region, a US-East cloud region and DE:
 * it runs, explain names the profile and its annual figure, and shift
 * finds a start in the week from it. */
static void future_everywhere(void **state)
{
	static const char *const regions[] = {"GB", "GB-london", "aws-us-east-1", "DE"};
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		char s1[64], p[4096];
		wf_result *r;
		wf_scenario *sc = NULL;
		wf_shift_result *sh = NULL;
		wf_shift_options o = WF_SHIFT_OPTIONS_INIT;
		wf_shift_region best;
		double w0, w1, dur;
		wf_error err;
		snprintf(s1, sizeof s1, "site.region=%s", regions[i]);
		assert_int_equal(test_eval(&r, cat, "tests/scenarios/gb_neso_june.yaml", &err, s1,
					   "start=2027-03-01T00:00Z", NULL), 0);
		assert_non_null(strstr(wf_result_explain(r), "typical-year profile"));
		assert_non_null(strstr(wf_result_explain(r), "intensity basis:"));
		assert_non_null(strstr(wf_result_notes(r), "held"));
		wf_result_free(r);
		assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p,
				 "tests/scenarios/gb_neso_june.yaml"), &err), 0);
		assert_int_equal(wf_scenario_set(sc, s1, &err), 0);
		assert_int_equal(wf_scenario_set(sc, "start=2027-03-01T00:00Z", &err), 0);
		assert_int_equal(wf_scenario_set(sc, "workload.wall_time=6 h", &err), 0);
		assert_int_equal(wf_scenario_shift(&sh, sc, &o, &err), 0);
		wf_shift_setup(sh, &w0, &w1, NULL, &dur, NULL);
		assert_true(w0 == T("2027-03-01T00:00:00Z"));
		assert_int_equal(wf_shift_get(sh, 0, &best), 0);
		assert_true(best.ok && best.best_start >= w0 && best.best_start + dur <= w1);
		assert_string_equal(best.source, "profile");
		assert_true(best.basis[0] && best.year >= 2024);
		assert_true(best.best_emissions_kg <= best.given_emissions_kg);
		wf_shift_free(sh);
		wf_scenario_free(sc);
	}
}

/* Rankings carry each row's basis and year. */
static void rankings_carry_basis(void **state)
{
	char p[4096];
	wf_scenario *sc = NULL;
	wf_siting *st = NULL;
	wf_site x;
	wf_error err;
	size_t k;
	int direct = 0, lifecycle = 0;

	(void)state;
	assert_int_equal(wf_scenario_load(&sc, cat, test_path(p, sizeof p,
			 "tests/scenarios/gb_neso_june.yaml"), &err), 0);
	assert_int_equal(wf_scenario_site(&st, sc, "^(GB|DE|FR)$", NULL, &err), 0);
	for (k = 0; k < wf_siting_count(st); k++) {
		assert_int_equal(wf_siting_get(st, k, &x), 0);
		assert_true(x.ok && x.year == 2023);
		direct += strcmp(x.basis, "direct") == 0;
		lifecycle += strcmp(x.basis, "lifecycle") == 0;
	}
	/* GB on NESO's direct series; DE and FR outside theirs, on profiles
	 * at their life-cycle annual figures */
	assert_int_equal(direct, 1);
	assert_int_equal(lifecycle, 2);
	wf_siting_free(st);
	wf_scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_windows_every_shipped_series),
		cmocka_unit_test(gb_job_neso_national),
		cmocka_unit_test(profile_reproduces_annual),
		cmocka_unit_test(profile_year_through_engine),
		cmocka_unit_test(several_series_span_edges),
		cmocka_unit_test(strict_basis),
		cmocka_unit_test(hourly_pue_sum),
		cmocka_unit_test(future_everywhere),
		cmocka_unit_test(rankings_carry_basis),
	};

	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

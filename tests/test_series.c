/*
 * test_series.c - tests of intensity time series (series.c): every
 * shipped file loads with the step, rows and gaps its SOURCES.md states;
 * window integrals agree with an independent direct summation written
 * here (the test reads the CSV itself and sums value * overlap of each
 * interval) to 1e-9 relative, whole intervals and partial ones at both
 * ends; gaps and jumps in time are flagged, never bridged; GB grid ids
 * select NESO regions; the generation-mix conversion on hand-made tables;
 * and one bad input per error with its expected file:line:col message.
 */
#include "testutil.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <gsl/gsl_rng.h>

#include "testseries.h"
#include "catalog.h"

#define REL 1e-9
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define GKWH WF_G_PER_KWH /* kg/J per g/kWh */

#define F_FR "data/series/fr_entsoe_lifecycle_2020_hourly.csv"
#define F_GB20 "data/series/gb_entsoe_lifecycle_2020_halfhourly.csv"

/* ------------------------------------------------ independent helpers */

/* Direct summation: Σ value * overlap([t_i, t_i + step), [a, b)) over the
 * rows with a value, in kg/J * s; *covered when the overlaps fill [a, b). */
static double direct(const rows *r, double step, double a, double b, int *covered)
{
	double sum = 0, cov = 0;
	size_t i;

	for (i = 0; i < r->n; i++) {
		double lo = r->t[i] > a ? r->t[i] : a;
		double hi = r->t[i] + step < b ? r->t[i] + step : b;
		if (hi > lo && !isnan(r->v[i])) {
			sum += r->v[i] * (hi - lo);
			cov += hi - lo;
		}
	}
	*covered = fabs(cov - (b - a)) <= 1e-6;
	return sum * GKWH;
}

/* Compare wf_series_integral with the direct sum over [a, b). */
static void check_window(const wf_series *s, const rows *r, double step, double a,
			 double b)
{
	double got, want;
	int cov_got = -1, cov_want;

	assert_int_equal(wf_series_integral(s, a, b, &got, &cov_got), 0);
	want = direct(r, step, a, b, &cov_want);
	assert_int_equal(cov_got, cov_want);
	if (want == 0)
		assert_true(got == 0);
	else
		assert_rel(got, want, REL);
}

/* Random windows (fractional ends, some past the series' ends). */
static void random_windows(const wf_series *s, const rows *r, double step, int trials,
			   unsigned long seed)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double t0 = s->t[0], t1 = s->t[s->n], span = t1 - t0;
	int i;

	gsl_rng_set(rng, seed);
	for (i = 0; i < trials; i++) {
		double a = t0 - 0.02 * span + gsl_rng_uniform(rng) * 1.04 * span;
		double len = gsl_rng_uniform(rng) * gsl_rng_uniform(rng) * 0.3 * span;
		check_window(s, r, step, a, a + len);
	}
	gsl_rng_free(rng);
}

/* ------------------------------------------------ shipped series */

/* The scenario-style check: London's mean over a week of July 2026. */
static void gb_week_london(void **state)
{
	wf_series *s = load_ok(F_REG26, "London");
	rows r = read_csv(F_REG26, "13");
	double a = T("2026-07-01T00:00:00Z"), b = T("2026-07-08T00:00:00Z");
	double integral, mean, want;
	int cov, cov_want;

	(void)state;
	assert_string_equal(s->region_id, "13");
	assert_string_equal(s->region, "London");
	assert_int_equal(s->rows, 1283);
	assert_int_equal(r.n, 1283);
	assert_int_equal(wf_series_integral(s, a, b, &integral, &cov), 0);
	assert_int_equal(cov, 1);
	want = direct(&r, 1800, a, b, &cov_want) / (b - a);
	assert_int_equal(cov_want, 1);
	assert_rel(integral / (b - a), want, REL);
	assert_int_equal(wf_series_mean(s, a, b, &mean, &cov), 0);
	assert_rel(mean, want, REL);
	/* the same region by NESO id and by name (any case) */
	{
		wf_series *by_id = load_ok(F_REG26, "13");
		wf_series *by_name = load_ok(F_REG26, "london");
		double x, y;
		assert_int_equal(wf_series_integral(by_id, a, b, &x, &cov), 0);
		assert_int_equal(wf_series_integral(by_name, a, b, &y, &cov), 0);
		assert_true(x == integral && y == integral);
		wf_series_free(by_id);
		wf_series_free(by_name);
	}
	rows_free(&r);
	wf_series_free(s);
}

/* Windows whose ends cut intervals, by hand and at random, every region. */
static void gb_partial_windows(void **state)
{
	static const char *const ends[][2] = {
		{"2026-07-01T00:10:00Z", "2026-07-08T00:20:00Z"},
		{"2026-07-01T00:10:00.25Z", "2026-07-03T13:47:30.5Z"},
		{"2026-06-27T19:00:00Z", "2026-06-27T19:00:01Z"},
		{"2026-06-27T19:29:59Z", "2026-06-27T19:30:01Z"},
		{"2026-07-24T11:45:00Z", "2026-07-24T12:30:00Z"},   /* to the end */
		{"2026-07-24T11:45:00Z", "2026-07-24T12:30:00.5Z"}, /* past it */
		{"2026-06-27T18:00:00Z", "2026-06-28T00:15:00Z"},   /* before start */
		{"2026-06-27T19:00:00Z", "2026-07-24T12:30:00Z"},   /* everything */
	};
	char p[4096];
	wf_series **all = NULL;
	size_t n = 0, i, k;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_series_load_all(&all, &n, test_path(p, sizeof p, F_REG26),
					    &err), 0);
	assert_int_equal(n, 14);
	for (i = 0; i < n; i++) {
		rows r = read_csv(F_REG26, all[i]->region_id);
		char id[24];
		snprintf(id, sizeof id, "%zu", i + 1);
		assert_string_equal(all[i]->region_id, id);
		assert_int_equal(all[i]->n, 1283);
		assert_int_equal(wf_series_gaps(all[i]), 0);
		assert_true(all[i]->step_s == 1800);
		for (k = 0; k < N(ends); k++)
			check_window(all[i], &r, 1800, T(ends[k][0]), T(ends[k][1]));
		random_windows(all[i], &r, 1800, 60, 1000 + i);
		rows_free(&r);
	}
	wf_series_free_all(all, n);
}

/* The whole span's mean equals SOURCES.md's per-region table (0.1 g/kWh:
 * the data are half-hourly, so the time mean is the mean of the values). */
static void gb_2026_means_match_sources(void **state)
{
	static const double mean_g_per_kwh[14] = {
		0.0, 2.4, 45.9, 18.0, 98.0, 79.1, 267.7,
		105.4, 155.5, 169.9, 238.0, 143.2, 156.6, 159.4,
	};
	char p[4096];
	wf_series **all = NULL;
	size_t n = 0, i;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_series_load_all(&all, &n, test_path(p, sizeof p, F_REG26),
					    &err), 0);
	assert_int_equal(n, 14);
	for (i = 0; i < n; i++) {
		double m;
		int cov;
		assert_int_equal(wf_series_mean(all[i], wf_series_begin(all[i]),
						wf_series_end(all[i]), &m, &cov), 0);
		assert_int_equal(cov, 1);
		assert_true(fabs(m / GKWH - mean_g_per_kwh[i]) <= 0.05 + 1e-9);
	}
	wf_series_free_all(all, n);
}

/* GB national 2023: the 91-half-hour hole becomes one inserted missing
 * interval, the 10 empty cells ten missing intervals. */
static void national_gaps(void **state)
{
	wf_series *s = load_ok(F_NAT23, NULL);
	rows r = read_csv(F_NAT23, NULL);
	double gap0 = T("2023-10-20T22:00:00Z"), gap1 = T("2023-10-22T19:30:00Z");
	double x;
	size_t i, found = 0;
	int cov;

	(void)state;
	assert_int_equal(s->rows, 17429);
	assert_int_equal(s->n, 17430);
	assert_true(s->step_s == 1800);
	assert_int_equal(wf_series_gaps(s), 11);
	assert_string_equal(s->region, "");
	for (i = 0; i < s->n; i++)
		if (s->t[i] == gap0) {
			assert_true(s->missing[i]);
			assert_true(s->t[i + 1] == gap1);
			assert_true(isnan(wf_series_ci(s, i)));
			assert_false(s->missing[i - 1]);
			assert_false(s->missing[i + 1]);
			found = 1;
		}
	assert_true(found);
	/* each empty cell is one missing half-hour */
	assert_int_equal(wf_series_integral(s, T("2023-01-26T13:30:00Z"),
					    T("2023-01-26T13:30:01Z"), &x, &cov), 0);
	assert_int_equal(cov, 0);
	assert_true(x == 0);
	assert_int_equal(wf_series_integral(s, T("2023-01-26T12:00:00Z"),
					    T("2023-01-26T13:30:00Z"), &x, &cov), 0);
	assert_int_equal(cov, 1);
	assert_int_equal(wf_series_integral(s, T("2023-01-26T16:00:00Z"),
					    T("2023-01-26T18:00:00Z"), &x, &cov), 0);
	assert_int_equal(cov, 1);
	/* windows touching the hole are not covered; data parts still count */
	check_window(s, &r, 1800, T("2023-10-20T21:00:00Z"), T("2023-10-20T22:00:00Z"));
	check_window(s, &r, 1800, T("2023-10-20T21:00:00Z"), T("2023-10-20T22:00:01Z"));
	check_window(s, &r, 1800, T("2023-10-22T19:29:59Z"), T("2023-10-23T00:00:00Z"));
	check_window(s, &r, 1800, T("2023-10-15T00:00:00Z"), T("2023-10-29T00:00:00Z"));
	check_window(s, &r, 1800, T("2023-10-22T19:30:00Z"), T("2023-10-23T00:00:00Z"));
	random_windows(s, &r, 1800, 300, 7);
	rows_free(&r);
	wf_series_free(s);
}

/* DE 2020 at 15 min: the two absent quarter-hours are inserted gaps. */
static void de_15min(void **state)
{
	wf_series *s = load_ok(F_DE, NULL);
	rows r = read_csv(F_DE, NULL);
	size_t i, seen = 0;

	(void)state;
	assert_int_equal(s->rows, 35134);
	assert_int_equal(s->n, 35136);
	assert_true(s->step_s == 900);
	assert_int_equal(wf_series_gaps(s), 2);
	for (i = 0; i < s->n; i++)
		if (s->missing[i]) {
			assert_true(s->t[i] == T(seen ? "2020-12-19T23:45:00Z"
						      : "2020-12-19T23:15:00Z"));
			assert_true(s->t[i + 1] - s->t[i] == 900);
			seen++;
		}
	assert_int_equal(seen, 2);
	assert_true(wf_series_end(s) == T("2021-01-01T00:00:00Z"));
	random_windows(s, &r, 900, 300, 11);
	rows_free(&r);
	wf_series_free(s);
}

/* FR 2020 hourly and GB 2020 half-hourly (ENTSO-E lifecycle), complete. */
static void hourly_and_halfhourly(void **state)
{
	wf_series *fr = load_ok(F_FR, NULL), *gb = load_ok(F_GB20, "GB");
	rows rf = read_csv(F_FR, NULL), rg = read_csv(F_GB20, NULL);

	(void)state;
	assert_int_equal(fr->n, 8784);
	assert_true(fr->step_s == 3600);
	assert_int_equal(wf_series_gaps(fr), 0);
	assert_int_equal(gb->n, 17568);
	assert_true(gb->step_s == 1800);
	assert_int_equal(wf_series_gaps(gb), 0);
	assert_true(wf_series_begin(fr) == T("2020-01-01T00:00:00Z"));
	assert_true(wf_series_end(fr) == T("2021-01-01T00:00:00Z"));
	random_windows(fr, &rf, 3600, 200, 3);
	random_windows(gb, &rg, 1800, 200, 5);
	/* a whole-year mean matches SOURCES.md (56.3 and 212.9 g/kWh) */
	{
		double m;
		int cov;
		assert_int_equal(wf_series_mean(fr, wf_series_begin(fr), wf_series_end(fr),
						&m, &cov), 0);
		assert_true(cov && fabs(m / GKWH - 56.3) <= 0.05);
		assert_int_equal(wf_series_mean(gb, wf_series_begin(gb), wf_series_end(gb),
						&m, &cov), 0);
		assert_true(cov && fabs(m / GKWH - 212.9) <= 0.05);
	}
	rows_free(&rf);
	rows_free(&rg);
	wf_series_free(fr);
	wf_series_free(gb);
}

/* The 2023 regional file: 18 regions with fuel-share columns (ignored for
 * the intensity); each GB grid of the shipped catalog names its NESO
 * region in its series list (data/grids/gb_regions.yaml), and finds it in
 * every file it lists. */
static void regional_2023_grid_ids(void **state)
{
	static const char *const grid[17] = {
		"GB-north-scotland", "GB-south-scotland", "GB-north-west-england",
		"GB-north-east-england", "GB-yorkshire", "GB-north-wales",
		"GB-south-wales", "GB-west-midlands", "GB-east-midlands",
		"GB-east-england", "GB-south-west-england", "GB-south-england",
		"GB-london", "GB-south-east-england", "GB-england", "GB-scotland",
		"GB-wales",
	};
	char p[4096], d[4096];
	wf_series **all = NULL;
	wf_catalog *gc = NULL;
	size_t n = 0, i, k;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_series_load_all(&all, &n, test_path(p, sizeof p, F_REG23),
					    &err), 0);
	assert_int_equal(n, 18);
	assert_string_equal(all[17]->region, "GB");
	assert_int_equal(wf_catalog_new(&gc), 0);
	assert_int_equal(wf_catalog_load(gc, test_path(d, sizeof d, "data/grids"), &err), 0);
	assert_int_equal(wf_catalog_finish(gc, &err), 0);
	for (i = 0; i < 17; i++) {
		const wf_grid *g = wf_catalog_get(gc, WF_KIND_GRID, grid[i]), *owner;
		const wf_grid_series *l;
		size_t nl;
		char id[24];
		assert_non_null(g);
		l = wf_grid_series_list(g, &nl, &owner);
		assert_true(nl == (i < 14 ? 4 : 1));
		snprintf(id, sizeof id, "%zu", i + 1);
		for (k = 0; k < nl; k++) {
			const wf_series *s = NULL;
			assert_string_equal(l[k].region, id);
			assert_int_equal(l[k].basis, WF_BASIS_DIRECT);
			assert_int_equal(wf_grid_series_get(&l[k], owner, &s, &err), 0);
			assert_string_equal(s->region_id, id);
			if (strstr(s->path, "20230313")) {
				rows r = read_csv(F_REG23, id);
				assert_string_equal(s->region, all[i]->region);
				assert_int_equal(s->n, 35);
				assert_memory_equal(s->cum, all[i]->cum, (s->n + 1) * sizeof(double));
				check_window(s, &r, 1800, T("2023-03-13T13:40:00Z"),
					     T("2023-03-14T06:50:00Z"));
				rows_free(&r);
			}
		}
	}
	wf_catalog_free(gc);
	wf_series_free_all(all, n);
	/* the 2026 file has the 14 DNO regions only */
	{
		wf_series *s = NULL;
		char b[2048];
		wf_error_clear(&err);
		assert_int_equal(wf_series_load(&s, test_path(p, sizeof p, F_REG26),
						"GB-england", &err), WF_ENOTFOUND);
		wf_error_format(&err, b, sizeof b);
		assert_non_null(strstr(b, F_REG26 ":1:15: no region \"GB-england\" in this "
					  "file (14 regions: 1 North Scotland, 2 South "
					  "Scotland, "));
		assert_null(s);
	}
}

/* ------------------------------------------------ steps and gaps inline */

static wf_series *parse_one(const char *text, const char *region)
{
	wf_series **all = NULL, *s;
	size_t n = 0;
	wf_error err;
	char b[2048];

	wf_error_clear(&err);
	if (wf_series_parse(&all, &n, text, strlen(text), "inline.csv", region, NULL,
			    &err)) {
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	assert_int_equal(n, 1);
	s = all[0];
	free(all);
	return s;
}

/* 15-min, 30-min and hourly steps; the last row lasts one step. */
static void steps(void **state)
{
	static const struct {
		const char *text;
		double step;
	} c[] = {
		{"timestamp_utc,intensity_g_per_kwh\n2024-03-01T00:00:00Z,100\n"
		 "2024-03-01T00:15:00Z,200\n2024-03-01T00:30:00Z,300\n", 900},
		{"timestamp_utc,intensity_g_per_kwh\r\n2024-03-01T00:00Z,100\r\n"
		 "2024-03-01T00:30Z,200\r\n2024-03-01T01:00Z,300\r\n", 1800},
		{"intensity_g_per_kwh,timestamp_utc\n100,2024-03-01T00:00:00Z\n"
		 "200,2024-03-01T01:00:00Z\n300,2024-03-01 02:00\n", 3600},
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(c); i++) {
		wf_series *s = parse_one(c[i].text, NULL);
		double x, t0 = T("2024-03-01T00:00:00Z"), st = c[i].step;
		int cov;
		assert_int_equal(s->n, 3);
		assert_true(s->step_s == st);
		assert_true(s->t[3] == t0 + 3 * st);
		assert_rel(wf_series_ci(s, 1), 200 * GKWH, 1e-15);
		/* ∫ over [t0 + st/2, t0 + 2.5 st) = 100 st/2 + 200 st + 300 st/2 */
		assert_int_equal(wf_series_integral(s, t0 + st / 2, t0 + 2.5 * st, &x, &cov), 0);
		assert_int_equal(cov, 1);
		assert_rel(x, (50 + 200 + 150) * st * GKWH, 1e-15);
		wf_series_free(s);
	}
}

/* A jump in time is a missing interval; an empty cell is one too. */
static void jumps_and_empty_cells(void **state)
{
	wf_series *s = parse_one("timestamp_utc,intensity_g_per_kwh\n"
				 "2024-03-01T00:00:00Z,100\n"
				 "2024-03-01T00:30:00Z,200\n"
				 "2024-03-01T01:00:00Z,\n"
				 "2024-03-01T01:30:00Z,400\n"
				 "2024-03-01T03:10:00Z,500\n"     /* jump: gap 02:00-03:10 */
				 "2024-03-01T03:30:00Z,600\n",     /* short interval */
				 NULL);
	double t0 = T("2024-03-01T00:00:00Z"), x;
	int cov;

	(void)state;
	assert_true(s->step_s == 1800);
	assert_int_equal(s->rows, 6);
	assert_int_equal(s->n, 7);
	assert_int_equal(wf_series_gaps(s), 2);
	assert_true(s->missing[2] && s->missing[4]);
	assert_true(s->t[4] == t0 + 7200 && s->t[5] == t0 + 11400);
	assert_true(s->t[6] == t0 + 12600 && s->t[7] == t0 + 14400);
	/* [00:15, 01:00) has data; [00:15, 01:00:01) touches the empty cell */
	assert_int_equal(wf_series_integral(s, t0 + 900, t0 + 3600, &x, &cov), 0);
	assert_true(cov == 1);
	assert_rel(x, (100 * 900 + 200 * 1800) * GKWH, 1e-15);
	assert_int_equal(wf_series_integral(s, t0 + 900, t0 + 3601, &x, &cov), 0);
	assert_true(cov == 0);
	assert_rel(x, (100 * 900 + 200 * 1800) * GKWH, 1e-15);
	/* the jump is not bridged: 01:30-02:00 has data, 02:00-03:10 none */
	assert_int_equal(wf_series_integral(s, t0 + 5400, t0 + 7200, &x, &cov), 0);
	assert_true(cov == 1);
	assert_int_equal(wf_series_integral(s, t0 + 5400, t0 + 7201, &x, &cov), 0);
	assert_true(cov == 0);
	assert_int_equal(wf_series_integral(s, t0 + 11400, t0 + 14400, &x, &cov), 0);
	assert_true(cov == 1);
	assert_rel(x, (500 * 1200 + 600 * 1800) * GKWH, 1e-15);
	wf_series_free(s);
}

/* Degenerate and outside windows. */
static void integral_edges(void **state)
{
	wf_series *s = parse_one("timestamp_utc,intensity_g_per_kwh\n"
				 "2024-03-01T00:00:00Z,100\n2024-03-01T00:30:00Z,200\n",
				 NULL);
	double t0 = T("2024-03-01T00:00:00Z"), x = -1, m;
	int cov = -1;

	(void)state;
	assert_int_equal(wf_series_integral(s, t0 + 10, t0 + 10, &x, &cov), 0);
	assert_true(x == 0 && cov == 1);
	assert_int_equal(wf_series_integral(s, t0 - 100, t0 - 10, &x, &cov), 0);
	assert_true(x == 0 && cov == 0);
	assert_int_equal(wf_series_integral(s, t0 + 3600, t0 + 7200, &x, &cov), 0);
	assert_true(x == 0 && cov == 0);
	assert_int_equal(wf_series_integral(s, t0 - 100, t0 + 3700, &x, &cov), 0);
	assert_true(cov == 0);
	assert_rel(x, (100 + 200) * 1800 * GKWH, 1e-15);
	assert_int_equal(wf_series_integral(s, t0, t0 + 3600, &x, &cov), 0);
	assert_true(cov == 1);
	assert_int_equal(wf_series_integral(s, t0 + 10, t0, &x, &cov), WF_EINPUT);
	assert_int_equal(wf_series_integral(s, NAN, t0, &x, &cov), WF_EINPUT);
	assert_int_equal(wf_series_integral(s, t0, INFINITY, &x, &cov), WF_EINPUT);
	assert_int_equal(wf_series_mean(s, t0, t0, &m, &cov), WF_EINPUT);
	assert_int_equal(wf_series_mean(s, t0, t0 + 2700, &m, &cov), 0);
	assert_rel(m, (100 * 1800 + 200 * 900) / 2700.0 * GKWH, 1e-15);
	wf_series_free(s);
}

static void from_values(void **state)
{
	double t[4] = {0, 3600, 7200, 14400};
	double v[4] = {1e-7, NAN, 2e-7, 3e-7};
	wf_series *s = NULL;
	wf_error err;
	double x;
	int cov;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_series_from_values(&s, t, v, 4, "mem", &err), 0);
	assert_true(s->step_s == 3600);
	assert_int_equal(s->n, 5); /* the jump 7200 -> 14400 adds a gap */
	assert_int_equal(wf_series_gaps(s), 2);
	assert_int_equal(wf_series_integral(s, 1800, 9000, &x, &cov), 0);
	assert_true(cov == 0);
	assert_rel(x, 1e-7 * 1800 + 2e-7 * 1800, 1e-15);
	assert_int_equal(wf_series_integral(s, 14400, 18000, &x, &cov), 0);
	assert_true(cov == 1);
	assert_rel(x, 3e-7 * 3600, 1e-15);
	wf_series_free(s);
	s = NULL;
	t[2] = 3600;
	assert_int_equal(wf_series_from_values(&s, t, v, 4, "mem", &err), WF_EINPUT);
	assert_null(s);
	t[2] = 7200;
	v[0] = -1;
	wf_error_clear(&err);
	assert_int_equal(wf_series_from_values(&s, t, v, 4, "mem", &err), WF_EINPUT);
	wf_error_clear(&err);
	assert_int_equal(wf_series_from_values(&s, t, v, 1, "mem", &err), WF_EINPUT);
}

/* ------------------------------------------------ generation mix */

/* NESO Carbon Intensity API factors (GET /intensity/factors), g/kWh. */
static const char *const mix_fuels[] = {"gas", "coal", "wind", "nuclear", "imports"};
static const double mix_g[] = {394, 937, 0, 0, 250};

static wf_mix_factors mix_factors(double *ef, const char *const *drop, size_t n_drop)
{
	wf_mix_factors m;
	size_t i;

	for (i = 0; i < N(mix_g); i++)
		ef[i] = mix_g[i] * GKWH;
	m.n = N(mix_fuels);
	m.fuel = mix_fuels;
	m.ef_kg_per_j = ef;
	m.n_drop = n_drop;
	m.drop = drop;
	return m;
}

/* MW columns: CI = Σ G EF / Σ G; storage dropped; gaps. */
static void mix_mw(void **state)
{
	static const char *const drop[] = {"pumped_storage"};
	double ef[N(mix_g)], x;
	wf_mix_factors m = mix_factors(ef, drop, 1);
	wf_series *s = NULL;
	wf_error err;
	char p[4096], b[2048];
	int cov;

	(void)state;
	wf_error_clear(&err);
	if (wf_series_from_mix(&s, test_path(p, sizeof p, "tests/data/series/mix_mw.csv"),
			       NULL, &m, &err)) {
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	assert_int_equal(s->n, 5);
	assert_true(s->step_s == 3600);
	/* by hand: (1000*394 + 200*937) / 2000; 800*394 / 2300;
	 * (600*394 + 50*937) / 2000 */
	assert_rel(wf_series_ci(s, 0), 290.7 * GKWH, 1e-14);
	assert_rel(wf_series_ci(s, 1), 315200.0 / 2300 * GKWH, 1e-14);
	assert_true(s->missing[2]);   /* empty gas cell */
	assert_true(s->missing[3]);   /* no generation */
	assert_rel(wf_series_ci(s, 4), 141.625 * GKWH, 1e-14);
	assert_int_equal(wf_series_integral(s, T("2024-01-01T00:30:00Z"),
					    T("2024-01-01T01:30:00Z"), &x, &cov), 0);
	assert_true(cov == 1);
	assert_rel(x, (290.7 + 315200.0 / 2300) * 1800 * GKWH, 1e-14);
	wf_series_free(s);

	/* without the drop list, storage needs a factor */
	m.n_drop = 0;
	wf_error_clear(&err);
	assert_int_equal(wf_series_from_mix(&s, p, NULL, &m, &err), WF_EINPUT);
	assert_string_equal(err.message, "no emission factor for fuel \"pumped_storage\" "
			    "(column pumped_storage_mw); give it one or list it to be dropped");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 49);
}

/* Percent columns in a regional table: the file's intensity is ignored. */
static void mix_pct_regions(void **state)
{
	double ef[N(mix_g)];
	wf_mix_factors m = mix_factors(ef, NULL, 0);
	wf_series *s = NULL;
	wf_error err;
	char p[4096];

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_series_from_mix(&s, test_path(p, sizeof p,
							  "tests/data/series/mix_pct.csv"),
					    "South", &m, &err), 0);
	assert_string_equal(s->region_id, "2");
	assert_rel(wf_series_ci(s, 0), (60 * 394 + 5 * 937 + 5 * 250) / 100.0 * GKWH, 1e-14);
	assert_rel(wf_series_ci(s, 1), (55.5 * 394 + 5 * 937 + 4.6 * 250) / 100.1 * GKWH, 1e-14);
	assert_true(s->raw_si == 1);
	wf_series_free(s);
	/* the intensity loader reads the same file's intensity column */
	s = load_ok("tests/data/series/mix_pct.csv", "1");
	assert_rel(wf_series_ci(s, 1), 110 * GKWH, 1e-15);
	wf_series_free(s);
}

/* ------------------------------------------------ bad input */

typedef struct bad_case {
	const char *text;
	const char *region;
	int code;
	const char *msg; /* wf_error_format output */
} bad_case;

#define HDR "timestamp_utc,intensity_g_per_kwh\n"
#define RHDR "timestamp_utc,region_id,region,intensity_g_per_kwh\n"

static const bad_case bad_cases[] = {
	{"datetime,value\n2026-01-01T00:00Z,5\n", NULL, WF_EINPUT,
	 "bad.csv:1:1: expected the header timestamp_utc,intensity_g_per_kwh (one "
	 "series) or timestamp_utc,region_id,region,intensity_g_per_kwh[,<fuel>_pct...] "
	 "(regional), got \"datetime,value\""},
	{"timestamp_utc,intensity_g_per_kwhh\n", NULL, WF_EINPUT,
	 "bad.csv:1:15: unknown column \"intensity_g_per_kwhh\"; did you mean "
	 "\"intensity_g_per_kwh\"?"},
	{"timestamp_utc,regoin,intensity_g_per_kwh\n", NULL, WF_EINPUT,
	 "bad.csv:1:15: unknown column \"regoin\"; did you mean \"region\"?"},
	{"timestamp_utc,region,value\n", NULL, WF_EINPUT,
	 "bad.csv:1:22: unknown column \"value\"; expected timestamp_utc, region_id, "
	 "region, intensity_g_per_kwh (or another value column: data/series/README.md) or "
	 "<fuel>_pct / <fuel>_mw columns"},
	{"timestamp_utc,region\n", NULL, WF_EINPUT,
	 "bad.csv:1:1: no intensity_g_per_kwh column; expected the header "
	 "timestamp_utc,intensity_g_per_kwh (one series) or "
	 "timestamp_utc,region_id,region,intensity_g_per_kwh[,<fuel>_pct...] (regional)"},
	{"region,intensity_g_per_kwh\n", NULL, WF_EINPUT,
	 "bad.csv:1:1: no timestamp_utc column (nor month, day and hour_start_utc for a "
	 "typical year); expected the header "
	 "timestamp_utc,intensity_g_per_kwh (one series) or "
	 "timestamp_utc,region_id,region,intensity_g_per_kwh[,<fuel>_pct...] (regional)"},
	{"timestamp_utc,intensity_g_per_kwh,timestamp_utc\n", NULL, WF_EINPUT,
	 "bad.csv:1:35: duplicate column \"timestamp_utc\" (also column 1)"},
	{HDR "2026-13-01T00:00:00Z,5\n2026-13-01T00:30:00Z,5\n", NULL, WF_EINPUT,
	 "bad.csv:2:6: timestamp_utc: invalid month in date \"2026-13-01T00:00:00Z\""},
	{HDR "2026-01-01T00:00:00Z,5\n2026-01-01T24:30:00Z,5\n", NULL, WF_EINPUT,
	 "bad.csv:3:12: timestamp_utc: invalid hour in date \"2026-01-01T24:30:00Z\""},
	{HDR "2026-01-01 at noon,5\n", NULL, WF_EINPUT,
	 "bad.csv:2:1: timestamp_utc: malformed date \"2026-01-01 at noon\", expected "
	 "YYYY-MM-DD[Thh:mm[:ss][Z|+hh:mm]]"},
	{HDR "yesterday,5\n", NULL, WF_EINPUT,
	 "bad.csv:2:1: timestamp_utc: expected an ISO 8601 date-time such as "
	 "2026-07-01T00:00:00Z, got \"yesterday\""},
	{HDR "2026-01-01T00:00:00Z,5\n2026-01-01T00:30:00Z,lots\n", NULL, WF_EINPUT,
	 "bad.csv:3:22: intensity_g_per_kwh: expected a number >= 0, or an empty cell "
	 "for a gap; got \"lots\""},
	{HDR "2026-01-01T00:00:00Z,-1\n", NULL, WF_EINPUT,
	 "bad.csv:2:22: intensity_g_per_kwh: expected a number >= 0, or an empty cell "
	 "for a gap; got \"-1\""},
	/* strtod would take these; the model parser does not */
	{HDR "2026-01-01T00:00:00Z,0x10\n", NULL, WF_EINPUT,
	 "bad.csv:2:22: intensity_g_per_kwh: expected a number >= 0, or an empty cell "
	 "for a gap; got \"0x10\""},
	{HDR "2026-01-01T00:00:00Z,0x1p4\n", NULL, WF_EINPUT,
	 "bad.csv:2:22: intensity_g_per_kwh: expected a number >= 0, or an empty cell "
	 "for a gap; got \"0x1p4\""},
	{HDR "2026-01-01T00:00:00Z,infinity\n", NULL, WF_EINPUT,
	 "bad.csv:2:22: intensity_g_per_kwh: expected a number >= 0, or an empty cell "
	 "for a gap; got \"infinity\""},
	{HDR "2026-01-01T00:00:00Z,1e\n", NULL, WF_EINPUT,
	 "bad.csv:2:22: intensity_g_per_kwh: expected a number >= 0, or an empty cell "
	 "for a gap; got \"1e\""},
	{HDR "2026-01-01T00:00:00Z,nan\n", NULL, WF_EINPUT,
	 "bad.csv:2:22: intensity_g_per_kwh: expected a number >= 0, or an empty cell "
	 "for a gap; got \"nan\""},
	{HDR "2026-01-01T00:00:00Z,5\n2026-01-01T00:30:00Z,6\n2026-01-01T00:30:00Z,7\n",
	 NULL, WF_EINPUT,
	 "bad.csv:4:1: duplicate timestamp 2026-01-01T00:30:00Z (first at line 3)"},
	{HDR "2026-01-01T00:00:00Z,5\n2026-01-01T01:00:00Z,6\n2026-01-01T00:30:00Z,7\n",
	 NULL, WF_EINPUT,
	 "bad.csv:4:1: timestamp 2026-01-01T00:30:00Z is before the previous row's "
	 "2026-01-01T01:00:00Z (line 3); rows must be in increasing time order"},
	{RHDR "2026-01-01T00:00:00Z,13,London,5\n2026-01-01T00:00:00Z,14,South East "
	 "England,5\n2026-01-01T00:00:00Z,13,London,6\n", "London", WF_EINPUT,
	 "bad.csv:4:1: duplicate timestamp 2026-01-01T00:00:00Z for region 13 London "
	 "(first at line 2)"},
	{HDR "2026-01-01T00:00:00Z,5,6\n", NULL, WF_EINPUT,
	 "bad.csv:2:24: expected 2 fields as in the header, got more than 2"},
	{HDR "2026-01-01T00:00:00Z\n", NULL, WF_EINPUT,
	 "bad.csv:2:1: expected 2 fields as in the header, got 1"},
	{HDR "\"2026-01-01T00:00:00Z,5\n", NULL, WF_EINPUT,
	 "bad.csv:2:1: unterminated quote"},
	{HDR "2026-01-01T00:00:00Z,5\n", NULL, WF_EINPUT,
	 "bad.csv:2:1: 1 data row; a series needs at least 2 to know its step"},
	{HDR, NULL, WF_EINPUT, "bad.csv:1:1: no data rows after the header"},
	{"", NULL, WF_EINPUT,
	 "bad.csv:1:1: empty file; expected the header timestamp_utc,intensity_g_per_kwh "
	 "(one series) or timestamp_utc,region_id,region,intensity_g_per_kwh"
	 "[,<fuel>_pct...] (regional)"},
	{"\n" HDR, NULL, WF_EINPUT, "bad.csv:2:1: expected the header on line 1"},
	{RHDR "2026-01-01T00:00:00Z,13,London,5\n2026-01-01T00:00:00Z,13,Londn,5\n", NULL,
	 WF_EINPUT,
	 "bad.csv:3:25: region_id 13 is named \"Londn\" here but \"London\" at line 2"},
	{RHDR "2026-01-01T00:00:00Z,13,London,5\n2026-01-01T00:00:00Z,,London,5\n", NULL,
	 WF_EINPUT, "bad.csv:3:22: region_id: empty cell"},
	{RHDR "2026-01-01T00:00:00Z,13,London,5\n2026-01-01T00:30:00Z,13,London,5\n",
	 "Londn", WF_ENOTFOUND,
	 "bad.csv:1:15: no region \"Londn\" in this file; did you mean \"London\"? "
	 "(1 regions: 13 London)"},
	{RHDR "2026-01-01T00:00:00Z,1,North,5\n2026-01-01T00:30:00Z,1,North,5\n",
	 "GB-north-scotland", WF_ENOTFOUND,
	 "bad.csv:1:15: no region \"GB-north-scotland\" in this file (1 regions: 1 North)"},
	{"timestamp_utc,region,intensity_g_per_kwh\n2026-01-01T00:00:00Z,Wales,5\n"
	 "2026-01-01T00:00:00Z,Scotland,5\n", "Waless", WF_ENOTFOUND,
	 "bad.csv:1:15: no region \"Waless\" in this file; did you mean \"Wales\"? "
	 "(2 regions: Wales, Scotland)"},
};

static void bad_inputs(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N(bad_cases); i++) {
		const bad_case *c = &bad_cases[i];
		wf_series **all = (wf_series **)&all;
		size_t n = 99;
		wf_error err;
		char b[2048];
		int rc;

		wf_error_clear(&err);
		rc = wf_series_parse(&all, &n, c->text, strlen(c->text), "bad.csv", c->region,
				     NULL, &err);
		wf_error_format(&err, b, sizeof b);
		if (rc != c->code || strcmp(b, c->msg) != 0) {
			print_error("case %zu: rc %d, got\n  %s\nexpected\n  %s\n", i, rc, b,
				    c->msg);
			fail();
		}
		assert_null(all);
		assert_int_equal(n, 0);
		assert_string_equal(err.module, "series");
	}
}

/* Errors that need a file or a whole-file view. */
static void bad_files(void **state)
{
	char p[4096], want[4400], b[2048];
	wf_series *s = (wf_series *)&s;
	wf_error err;

	(void)state;
	/* unsorted rows of the selected region */
	wf_error_clear(&err);
	test_path(p, sizeof p, "tests/data/series/bad_unsorted.csv");
	assert_int_equal(wf_series_load(&s, p, "London", &err), WF_EINPUT);
	snprintf(want, sizeof want, "%s:6:1: timestamp 2026-07-01T01:00:00Z is before the "
		 "previous row's 2026-07-01T01:30:00Z (line 5); rows of region 13 London "
		 "must be in increasing time order", p);
	assert_string_equal(wf_error_format(&err, b, sizeof b), want);
	assert_null(s);
	/* a region with a single row */
	wf_error_clear(&err);
	assert_int_equal(wf_series_load(&s, p, "14", &err), WF_EINPUT);
	snprintf(want, sizeof want, "%s:4:1: region 14 South East England: 1 data row; a "
		 "series needs at least 2 to know its step", p);
	assert_string_equal(wf_error_format(&err, b, sizeof b), want);
	/* a regional file needs a region */
	wf_error_clear(&err);
	test_path(p, sizeof p, F_REG23);
	assert_int_equal(wf_series_load(&s, p, NULL, &err), WF_EINPUT);
	assert_non_null(strstr(wf_error_format(&err, b, sizeof b),
			       ": the file holds 18 regions; name one (1 North Scotland, "
			       "2 South Scotland, "));
	/* the nearest region on a shipped file */
	wf_error_clear(&err);
	test_path(p, sizeof p, F_REG26);
	assert_int_equal(wf_series_load(&s, p, "Londn", &err), WF_ENOTFOUND);
	snprintf(want, sizeof want, "%s:1:15: no region \"Londn\" in this file; did you "
		 "mean \"London\"? (14 regions: 1 North Scotland, ", p);
	assert_memory_equal(wf_error_format(&err, b, sizeof b), want, strlen(want));
	/* missing file */
	wf_error_clear(&err);
	test_path(p, sizeof p, "tests/data/series/no-such-file.csv");
	assert_int_equal(wf_series_load(&s, p, NULL, &err), WF_ENOTFOUND);
	snprintf(want, sizeof want, "%s: cannot open series: No such file or directory", p);
	assert_string_equal(wf_error_format(&err, b, sizeof b), want);
	/* NUL bytes */
	{
		static const char text[] = HDR "2026-01-01T00:00:00Z,5\0\n";
		wf_series **all = NULL;
		size_t n = 0;
		wf_error_clear(&err);
		assert_int_equal(wf_series_parse(&all, &n, text, sizeof text - 1, "nul.csv",
						 NULL, NULL, &err), WF_EINPUT);
		assert_string_equal(wf_error_format(&err, b, sizeof b),
				    "nul.csv: binary file (contains NUL bytes), expected CSV "
				    "text");
	}
	/* a single-series file is what the caller named, whatever the region */
	s = load_ok(F_NAT23, "GB");
	assert_int_equal(s->rows, 17429);
	wf_series_free(s);
}

/* Mix tables: unknown fuel (nearest suggested), units, share sums. */
static void bad_mix(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} c[] = {
		{"timestamp_utc,gass_mw,wind_mw\n", "mix.csv:1:15: no emission factor for "
		 "fuel \"gass\" (column gass_mw); did you mean \"gas\"?"},
		{"timestamp_utc,gas_mw,wind_pct\n", "mix.csv:1:22: column wind_pct: fuel "
		 "columns must share one unit (the first was gas_mw)"},
		{"timestamp_utc,gas_pct,wind_pct\n2024-01-01T00:00Z,50,40\n",
		 "mix.csv:2:1: fuel shares sum to 90%, expected 100% +- 1"},
		{"timestamp_utc,gas_mw,wind_mw\n2024-01-01T00:00Z,-5,40\n",
		 "mix.csv:2:19: gas_mw: expected a number >= 0, or an empty cell for a gap; got "
		 "\"-5\""},
		{"timestamp_utc,intensity_g_per_kwh\n", "mix.csv:1:1: no fuel columns with a "
		 "factor; expected <fuel>_mw or <fuel>_pct columns"},
		{"timestamp_utc,_mw\n", "mix.csv:1:15: unknown column \"_mw\"; expected "
		 "timestamp_utc, region_id, region, intensity_g_per_kwh (or another value "
		 "column: data/series/README.md) or <fuel>_pct / <fuel>_mw columns"},
	};
	double ef[N(mix_g)];
	wf_mix_factors m = mix_factors(ef, NULL, 0);
	size_t i;

	(void)state;
	for (i = 0; i < N(c); i++) {
		wf_series **all = NULL;
		size_t n = 0;
		wf_error err;
		char b[2048];
		wf_error_clear(&err);
		assert_int_equal(wf_series_parse(&all, &n, c[i].text, strlen(c[i].text),
						 "mix.csv", NULL, &m, &err), WF_EINPUT);
		assert_string_equal(wf_error_format(&err, b, sizeof b), c[i].msg);
	}
	/* a bad factor set */
	{
		wf_series *s = NULL;
		wf_error err;
		ef[0] = -1;
		wf_error_clear(&err);
		assert_int_equal(wf_series_from_mix(&s, "x.csv", NULL, &m, &err), WF_EINPUT);
		assert_string_equal(err.message, "factor of fuel \"gas\": expected a finite "
				    "intensity >= 0");
	}
}

/* Picking a region from a file read once (what a catalog does). */
static void find_in_loaded(void **state)
{
	char p[4096], want[4400], b[2048];
	wf_series **all = NULL, *nat;
	const wf_series *s = NULL;
	size_t n = 0;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	test_path(p, sizeof p, F_REG26);
	assert_int_equal(wf_series_load_all(&all, &n, p, &err), 0);
	assert_int_equal(wf_series_find(&s, (const wf_series *const *)all, n, "13",
					"grid.yaml", 7, 13, &err), 0);
	assert_ptr_equal(s, all[12]);
	assert_int_equal(wf_series_find(&s, (const wf_series *const *)all, n, "south wales",
					NULL, 0, 0, &err), 0);
	assert_ptr_equal(s, all[6]);
	assert_int_equal(wf_series_find(&s, (const wf_series *const *)all, n, "Londn",
					"grid.yaml", 7, 13, &err), WF_ENOTFOUND);
	assert_null(s);
	snprintf(want, sizeof want, "grid.yaml:7:13: no region \"Londn\" in %s; did you "
		 "mean \"London\"? (14 regions: 1 North Scotland, ", p);
	assert_memory_equal(wf_error_format(&err, b, sizeof b), want, strlen(want));
	wf_series_free_all(all, n);
	/* an unlabelled single series answers any region */
	nat = load_ok(F_NAT23, NULL);
	assert_int_equal(wf_series_find(&s, (const wf_series *const *)&nat, 1, "GB", NULL, 0,
					0, &err), 0);
	assert_ptr_equal(s, nat);
	wf_series_free(nat);
}

static void format_time(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(wf_series_format_time(b, sizeof b, 0), "1970-01-01T00:00:00Z");
	assert_string_equal(wf_series_format_time(b, sizeof b, T("2026-07-24T12:00:00Z")),
			    "2026-07-24T12:00:00Z");
	assert_string_equal(wf_series_format_time(b, sizeof b, T("2024-02-29T23:59:59Z")),
			    "2024-02-29T23:59:59Z");
	assert_string_equal(wf_series_format_time(b, sizeof b, 0.5),
			    "1970-01-01T00:00:00.500000Z");
}

/* Peak memory of loading a series stays within twice the file's size: the
 * file is read in chunks straight into the series (it was 4.5 times: the
 * text, a copy of it, the rows and the series at once).  Measured in a
 * child process (its peak resident set above what it started with); not
 * under a sanitizer or valgrind, whose own memory would be counted. */
static void memory_within_twice_the_file(void **state)
{
	char path[] = "/tmp/wattif-test-series-XXXXXX", line[128];
	long i, nrows = 2000000;
	struct stat st;
	int fd, status;
	pid_t pid;
	FILE *f;

	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip();
#endif
	if (getenv("LD_PRELOAD") && strstr(getenv("LD_PRELOAD"), "vgpreload"))
		skip();
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(HDR, f);
	for (i = 0; i < nrows; i++) {
		/* one row a minute from 2026-01-01 (no month arithmetic: the
		 * minutes of 2026 and on, spelled with their day of the year) */
		long day = i / 1440, y = 2026 + day / 365, doy = day % 365;
		static const int cum[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304,
					    334, 365};
		int m = 0;
		while (doy >= cum[m + 1])
			m++;
		snprintf(line, sizeof line, "%04ld-%02d-%02ldT%02ld:%02ldZ,%ld\n", y, m + 1,
			 doy - cum[m] + 1, (i / 60) % 24, i % 60, 100 + i % 300);
		fputs(line, f);
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(stat(path, &st), 0);
	pid = fork();
	if (pid == 0) {
		wf_series **all = NULL;
		size_t n = 0;
		long start_kb = 0;
		struct rusage ru;
		wf_error err;
		FILE *sf = fopen("/proc/self/status", "r");
		while (sf && fgets(line, sizeof line, sf))
			if (sscanf(line, "VmRSS: %ld", &start_kb) == 1)
				break;
		if (sf)
			fclose(sf);
		wf_error_clear(&err);
		if (wf_series_load_all(&all, &n, path, &err) || n != 1 ||
		    all[0]->rows != (size_t)nrows)
			_exit(2);
		getrusage(RUSAGE_SELF, &ru);
		printf("  %ld-row series, %.1f MB: peak %.1f MB above the start (%.2f x)\n", nrows,
		       (double)st.st_size / 1e6, (double)(ru.ru_maxrss - start_kb) / 1e3,
		       (double)(ru.ru_maxrss - start_kb) * 1024 / (double)st.st_size);
		fflush(stdout);
		_exit((ru.ru_maxrss - start_kb) * 1024 < 2 * (long)st.st_size ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(path);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gb_week_london),
		cmocka_unit_test(gb_partial_windows),
		cmocka_unit_test(gb_2026_means_match_sources),
		cmocka_unit_test(national_gaps),
		cmocka_unit_test(de_15min),
		cmocka_unit_test(hourly_and_halfhourly),
		cmocka_unit_test(regional_2023_grid_ids),
		cmocka_unit_test(steps),
		cmocka_unit_test(jumps_and_empty_cells),
		cmocka_unit_test(integral_edges),
		cmocka_unit_test(from_values),
		cmocka_unit_test(mix_mw),
		cmocka_unit_test(mix_pct_regions),
		cmocka_unit_test(bad_inputs),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(bad_mix),
		cmocka_unit_test(find_in_loaded),
		cmocka_unit_test(format_time),
		cmocka_unit_test(memory_within_twice_the_file),
	};

	wf_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

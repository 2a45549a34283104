/*
 * test_shift.c - tests of the carbon-aware start search (shift.c): hand
 * cases with known answers (ties, gaps, partial intervals); the search
 * against a brute force that reads the shipped CSVs itself and sums
 * value * overlap for every candidate start (GSL RNG, fixed seeds, random
 * windows, job lengths and steps; same best start, mean to 1e-9 relative);
 * the region ranking; and the argument errors.
 */
#include "testutil.h"

#include <gsl/gsl_rng.h>

#include "testseries.h"
#include "shift.h"

#define REL 1e-9
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define GKWH WF_G_PER_KWH
#define H 3600.0


/* ------------------------------------------------ independent helpers */

/* Σ value * overlap over [a, b) in g/kWh * s by direct summation over the
 * rows (each lasting `step`); *covered when every second has a value. */
static double direct(const rows *r, double step, double a, double b, int *covered)
{
	size_t lo = 0, hi = r->n, i;
	double sum = 0, cov = 0;

	/* first row that can overlap: t_i + step > a */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->t[mid] + step <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < r->n && r->t[i] < b; i++) {
		double x0 = r->t[i] > a ? r->t[i] : a;
		double x1 = r->t[i] + step < b ? r->t[i] + step : b;
		if (x1 > x0 && !isnan(r->v[i])) {
			sum += r->v[i] * (x1 - x0);
			cov += x1 - x0;
		}
	}
	*covered = cov == b - a;
	return sum;
}

/* Brute force: every start w0 + k*step with start + dur <= w1 (integer
 * seconds, so the grid is exact), the direct sum for each, the first
 * minimum.  Returns 0 when no window is covered. */
static int brute(const rows *r, double rstep, long long w0, long long w1, long long dur,
		 long long step, double *best_start, double *best_sum)
{
	long long k, kmax = (w1 - w0 - dur) / step;
	int found = 0;

	for (k = 0; k <= kmax; k++) {
		double start = (double)(w0 + k * step), v;
		int cov;
		v = direct(r, rstep, start, start + (double)dur, &cov);
		if (cov && (!found || v < *best_sum)) {
			*best_sum = v;
			*best_start = start;
			found = 1;
		}
	}
	return found;
}

static wf_series *values(const double *v_g, size_t n, double step)
{
	double t[64], v[64];
	wf_series *s = NULL;
	wf_error err;
	size_t i;

	assert_true(n <= 64);
	for (i = 0; i < n; i++) {
		t[i] = 1.7e9 + i * step;
		v[i] = v_g[i] * GKWH;
	}
	wf_error_clear(&err);
	assert_int_equal(wf_series_from_values(&s, t, v, n, "hand", &err), 0);
	return s;
}

/* ------------------------------------------------ hand cases */

static void known_answers(void **state)
{
	static const double v[] = {5, 4, 3, 1, 1, 6, 0, 7, 2, 2};
	wf_series *s = values(v, N(v), H);
	double t0 = 1.7e9, st, m;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	/* 2 h job, hourly starts: pair sums 9 7 4 2 7 6 7 9 4 -> start 3 h */
	assert_int_equal(wf_shift_best(s, t0, t0 + 10 * H, 2 * H, 0, &st, &m, &err), 0);
	assert_true(st == t0 + 3 * H);
	assert_rel(m, 1 * GKWH, 1e-15);
	/* a 1 h job on half-hour starts: [6 h, 7 h) holds 0 */
	assert_int_equal(wf_shift_best(s, t0, t0 + 10 * H, H, 1800, &st, &m, &err), 0);
	assert_true(st == t0 + 6 * H && m == 0);
	/* a 1.5 h job on half-hour starts: [5.5 h, 7 h) = (6*0.5 + 0) / 1.5 = 2;
	 * [6 h, 7.5 h) = (0 + 7*0.5) / 1.5; [3 h, 4.5 h) = (1 + 0.5) / 1.5 = 1 */
	assert_int_equal(wf_shift_best(s, t0, t0 + 10 * H, 1.5 * H, 1800, &st, &m, &err), 0);
	assert_true(st == t0 + 3 * H);
	assert_rel(m, 1 * GKWH, 1e-15);
	/* the window limits the starts: only [7 h, 10 h) */
	assert_int_equal(wf_shift_best(s, t0 + 7 * H, t0 + 10 * H, 2 * H, 0, &st, &m, &err),
			 0);
	assert_true(st == t0 + 8 * H);
	assert_rel(m, 2 * GKWH, 1e-15);
	/* an unaligned grid, starts at k h + 20 min: the mean is
	 * (2 v_k + v_{k+1}) / 3, least at k = 3: (2 + 1) / 3 = 1 */
	assert_int_equal(wf_shift_best(s, t0 + 1200, t0 + 10 * H, H, 0, &st, &m, &err), 0);
	assert_true(st == t0 + 3 * H + 1200);
	assert_rel(m, 1 * GKWH, 1e-15);
	wf_series_free(s);
}

/* Ties go to the earliest start; windows touching a gap are skipped. */
static void ties_and_gaps(void **state)
{
	static const double flat[] = {3, 3, 3, 3, 3, 3};
	static const double holed[] = {1, 1, NAN, 2, 2, 2, 5, 1, 1};
	wf_series *s = values(flat, N(flat), 1800);
	double t0 = 1.7e9, st, m;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_shift_best(s, t0, t0 + 3 * H, H, 0, &st, &m, &err), 0);
	assert_true(st == t0);
	wf_series_free(s);
	s = values(holed, N(holed), 1800);
	/* 1 h jobs: [0,1h) = 1 is best; [0.5h,1.5h) touches the gap */
	assert_int_equal(wf_shift_best(s, t0, t0 + 4.5 * H, H, 0, &st, &m, &err), 0);
	assert_true(st == t0 && m == 1 * GKWH);
	/* 1.5 h jobs: every window over the gap is skipped, then 2,2,2 wins
	 * over 5 and the 1s only allow (5,1,1) = 7/3 */
	assert_int_equal(wf_shift_best(s, t0, t0 + 4.5 * H, 1.5 * H, 0, &st, &m, &err), 0);
	assert_true(st == t0 + 1.5 * H);
	assert_rel(m, 2 * GKWH, 1e-15);
	/* no full window: the gap sits in every candidate */
	assert_int_equal(wf_shift_best(s, t0, t0 + 2 * H, 1.5 * H, 0, &st, &m, &err),
			 WF_ENOTFOUND);
	assert_string_equal(err.message, "no 1.5 h window in the search window has full "
			    "data (the series runs from 2023-11-14T22:13:20Z to "
			    "2023-11-15T02:43:20Z with 1 missing intervals)");
	wf_series_free(s);
}

static void bad_arguments(void **state)
{
	static const double v[] = {1, 2, 3, 4};
	wf_series *s = values(v, N(v), H);
	double t0 = 1.7e9, st, m;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_shift_best(s, t0, t0 + 4 * H, 0, 0, &st, &m, &err), WF_EINPUT);
	assert_string_equal(err.message, "job duration must be > 0, got 0 s");
	wf_error_clear(&err);
	assert_int_equal(wf_shift_best(s, t0, t0 + H, 2 * H, 0, &st, &m, &err), WF_EINPUT);
	assert_string_equal(err.message, "the window (1 h) is shorter than the job (2 h)");
	wf_error_clear(&err);
	assert_int_equal(wf_shift_best(s, NAN, t0 + H, H, 0, &st, &m, &err), WF_EINPUT);
	assert_string_equal(err.message, "window, duration and step must be finite");
	wf_error_clear(&err);
	assert_int_equal(wf_shift_best(s, t0, t0 + 365 * 86400.0, H, 0.1, &st, &m, &err),
			 WF_EINPUT);
	assert_string_equal(err.message, "3.15e+08 candidate starts (window / step); the "
			    "limit is 1e+08: use a longer step");
	wf_error_clear(&err);
	assert_int_equal(wf_shift_best(NULL, t0, t0 + H, H, 0, &st, &m, &err), WF_EINPUT);
	wf_series_free(s);
}

/* ------------------------------------------------ brute force */

typedef struct bf_file {
	const char *rel;
	const char *region_id; /* NULL: two-column layout */
	double step;           /* the file's interval (SOURCES.md) */
	int trials;
	long long max_window;  /* s */
	const char *hot;       /* half the windows start near here (a gap) */
} bf_file;

static void against_brute_force(void **state)
{
	static const bf_file files[] = {
		{F_REG26, "", 1800, 200, 10 * 86400, NULL}, /* region per trial */
		{F_NAT23, NULL, 1800, 60, 12 * 86400, "2023-10-20T22:00:00Z"}, /* gaps */
		{F_NAT23, NULL, 1800, 30, 3 * 86400, "2023-01-26T13:30:00Z"},
		{F_DE, NULL, 900, 60, 8 * 86400, "2020-12-19T23:15:00Z"}, /* 15 min */
	};
	static const long long steps[] = {0, 900, 1800, 3600, 600, 420, 5400, 7200};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t fi;
	int ties = 0, notfound = 0, total = 0;
	long candidates = 0;

	(void)state;
	gsl_rng_set(rng, 20260701);
	for (fi = 0; fi < N(files); fi++) {
		const bf_file *f = &files[fi];
		wf_series *per[14] = {NULL};
		rows rr[14];
		int nreg = f->region_id ? 14 : 1, i;

		for (i = 0; i < nreg; i++) {
			char id[24];
			snprintf(id, sizeof id, "%d", i + 1);
			per[i] = load_ok(f->rel, f->region_id ? id : NULL);
			rr[i] = read_csv(f->rel, f->region_id ? id : NULL);
		}
		for (i = 0; i < f->trials; i++) {
			int k = (int)gsl_rng_uniform_int(rng, (unsigned long)nreg);
			const wf_series *s = per[k];
			long long b0 = (long long)s->t[0], b1 = (long long)s->t[s->n];
			long long span = b1 - b0, win, w0, w1, dur, step;
			double st = 0, m = 0, bst = 0, bsum = 0;
			wf_error err;
			int rc, found;

			step = steps[gsl_rng_uniform_int(rng, N(steps))];
			win = 3600 + (long long)gsl_rng_uniform_int(rng,
				(unsigned long)(f->max_window < span ? f->max_window : span));
			dur = 900 + (long long)gsl_rng_uniform_int(rng, (unsigned long)win);
			if (dur > win)
				dur = win;
			/* start anywhere from a day before the data to near its end,
			 * on whole seconds, half the time on the half hour */
			w0 = b0 - 86400 + (long long)gsl_rng_uniform_int(rng,
				(unsigned long)(span + 86400));
			if (f->hot && gsl_rng_uniform(rng) < 0.5)
				w0 = (long long)T(f->hot) - win +
				     (long long)gsl_rng_uniform_int(rng, (unsigned long)win);
			if (gsl_rng_uniform(rng) < 0.5)
				w0 -= w0 % 1800;
			w1 = w0 + win;
			wf_error_clear(&err);
			rc = wf_shift_best(s, (double)w0, (double)w1, (double)dur, (double)step,
					   &st, &m, &err);
			found = brute(&rr[k], f->step, w0, w1, dur,
				      step ? step : (long long)f->step, &bst, &bsum);
			total++;
			candidates += (w1 - w0 - dur) / (step ? step : (long long)f->step) + 1;
			if (!found) {
				assert_int_equal(rc, WF_ENOTFOUND);
				notfound++;
				continue;
			}
			assert_int_equal(rc, 0);
			if (bsum == 0)
				assert_true(m == 0);
			else
				assert_rel(m, bsum * GKWH / (double)dur, REL);
			if (st != bst) {
				/* only an exact tie (to rounding, for non-integer data)
				 * may pick another start */
				int cov;
				double v = direct(&rr[k], f->step, st, st + (double)dur, &cov);
				assert_true(cov);
				assert_true(fabs(v - bsum) <= 1e-12 * fabs(bsum));
				ties++;
			}
		}
		for (i = 0; i < nreg; i++) {
			wf_series_free(per[i]);
			rows_free(&rr[i]);
		}
	}
	gsl_rng_free(rng);
	print_message("brute force: %d trials, %ld candidate starts, %d without a full "
		      "window, %d ties\n", total, candidates, notfound, ties);
	/* The NESO data are integers on whole seconds: ties there are exact
	 * and both sides keep the earliest, so no start may differ. */
	assert_int_equal(ties, 0);
	assert_true(notfound < total / 4);
}

/* ------------------------------------------------ ranking */

static void rank_regions(void **state)
{
	char p[4096];
	wf_series **all = NULL, *old;
	const wf_series *list[15];
	wf_shift_row rows_[15];
	size_t n = 0, i;
	double w0 = T("2026-07-01T00:00:00Z"), w1 = T("2026-07-08T00:00:00Z");
	double ref = T("2026-07-01T09:00:00Z"), dur = 24 * H;
	wf_error err;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_series_load_all(&all, &n, test_path(p, sizeof p, F_REG26), &err),
			 0);
	assert_int_equal(n, 14);
	for (i = 0; i < n; i++)
		list[i] = all[i];
	old = load_ok(F_REG23, "London"); /* March 2023: no data in the window */
	list[14] = old;
	assert_int_equal(wf_shift_rank(rows_, list, 15, w0, w1, dur, 0, ref, &err), 0);
	for (i = 0; i < 15; i++) {
		const wf_shift_row *r = &rows_[i];
		double st, m, rm;
		int cov;
		if (i < 14) {
			assert_true(r->best_ok);
			assert_true(r->series < 14);
			assert_int_equal(wf_shift_best(list[r->series], w0, w1, dur, 0, &st, &m,
						       &err), 0);
			assert_true(st == r->best_start && m == r->best_mean);
			assert_int_equal(wf_series_mean(list[r->series], ref, ref + dur, &rm,
							&cov), 0);
			assert_true(r->ref_ok && cov && rm == r->ref_mean);
			assert_true(r->best_mean <= r->ref_mean);
			if (i)
				assert_true(rows_[i - 1].best_mean <= r->best_mean);
		} else {
			assert_int_equal(r->series, 14);
			assert_false(r->best_ok);
			assert_true(isnan(r->best_mean) && isnan(r->best_start));
			assert_false(r->ref_ok);
		}
	}
	/* North Scotland (all but zero) first, South Wales (mean 268) late */
	assert_string_equal(list[rows_[0].series]->region, "North Scotland");
	/* no reference: ref_ok = 0 everywhere */
	assert_int_equal(wf_shift_rank(rows_, list, 14, w0, w1, dur, 0, NAN, &err), 0);
	for (i = 0; i < 14; i++)
		assert_true(!rows_[i].ref_ok && isnan(rows_[i].ref_mean));
	/* nobody has data */
	wf_error_clear(&err);
	assert_int_equal(wf_shift_rank(rows_, list + 14, 1, w0, w1, dur, 0, ref, &err),
			 WF_ENOTFOUND);
	/* argument errors propagate */
	wf_error_clear(&err);
	assert_int_equal(wf_shift_rank(rows_, list, 14, w0, w1, -1, 0, ref, &err),
			 WF_EINPUT);
	assert_string_equal(err.message, "job duration must be > 0, got -1 s");
	wf_series_free(old);
	wf_series_free_all(all, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_answers),
		cmocka_unit_test(ties_and_gaps),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(against_brute_force),
		cmocka_unit_test(rank_regions),
	};

	wf_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

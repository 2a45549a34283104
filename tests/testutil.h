/*
 * testutil.h - helpers shared by the cmocka tests: relative tolerance
 * (cmocka 1.1's assert_float_equal casts to float with an absolute
 * epsilon), paths under the source tree, and the shipped catalog.
 */
#ifndef WF_TESTUTIL_H
#define WF_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "wattif.h"

/* Fail unless |got - want| <= rel * |want| (GSL's gsl_test_rel idea). */
#define assert_rel(got, want, rel) \
	assert_rel_impl((got), (want), (rel), #got, __FILE__, __LINE__)

static inline void assert_rel_impl(double got, double want, double rel,
				   const char *expr, const char *file, int line)
{
	double tol = rel * fabs(want);

	if (!isfinite(got) || fabs(got - want) > tol) {
		print_error("%s = %.17g, expected %.17g (relative tolerance %g)\n", expr,
			    got, want, rel);
		_fail(file, line);
	}
}

/* The repository root: $WATTIF_TEST_ROOT (set by make test) or ".". */
static inline const char *test_root(void)
{
	const char *r = getenv("WATTIF_TEST_ROOT");
	return r && *r ? r : ".";
}

static inline const char *test_path(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", test_root(), rel);
	return buf;
}

/* The shipped catalog (models/ and data/), finished. */
static inline wf_catalog *test_catalog(void)
{
	char p[4096];
	wf_catalog *c = NULL;
	wf_error err;

	wf_error_clear(&err);
	wf_global_init();
	assert_int_equal(wf_catalog_new(&c), 0);
	if (wf_catalog_load(c, test_path(p, sizeof p, "models"), &err) ||
	    wf_catalog_load(c, test_path(p, sizeof p, "data"), &err) ||
	    wf_catalog_finish(c, &err)) {
		char b[2048];
		print_error("shipped catalog: %s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	return c;
}

/* The shipped catalog shared by a test program's tests, made by the group
 * setup and freed by the group teardown. */
static wf_catalog *cat;

static inline int catalog_setup(void **state)
{
	(void)state;
	cat = test_catalog();
	return 0;
}

static inline int catalog_teardown(void **state)
{
	(void)state;
	wf_catalog_free(cat);
	return 0;
}

/* Evaluate a scenario file with optional --set assignments (NULL ended);
 * returns the error code and fills *out on success. */
static inline int test_eval(wf_result **out, const wf_catalog *over, const char *rel,
			    wf_error *err, ...)
{
	char p[4096];
	wf_scenario *sc = NULL;
	va_list ap;
	const char *set;
	int rc;

	wf_error_clear(err);
	*out = NULL;
	rc = wf_scenario_load(&sc, over, test_path(p, sizeof p, rel), err);
	va_start(ap, err);
	while (rc == 0 && (set = va_arg(ap, const char *)) != NULL)
		rc = wf_scenario_set(sc, set, err);
	va_end(ap);
	if (rc == 0)
		rc = wf_scenario_evaluate(out, sc, err);
	wf_scenario_free(sc);
	return rc;
}

static inline double result(const wf_result *r, const char *name)
{
	double v = NAN;
	wf_result_get_by_name(r, name, &v);
	return v;
}

/* ------------------------------------------- the shipped half-hourly series */

#define GB_REGIONAL_SERIES "data/series/gb_regional_20260627T1900Z_20260724T1200Z.csv"

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), written out here
 * independently of the library's date parser. */
static inline long days_from_civil(long y, long m, long d)
{
	static const int cum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	long days = (y - 1970) * 365 + cum[m - 1] + d - 1, k;

	for (k = 1970; k < y; k++)
		days += (k % 4 == 0 && k % 100 != 0) || k % 400 == 0;
	if (m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		days++;
	return days;
}

/* Mean g/kWh of NESO region `rid` over [t0, t1) (s since 1970), summing
 * every half-hour of the file by its overlap with the window. */
static inline double independent_mean(const char *rid, double t0, double t1)
{
	char p[4096], line[256];
	FILE *f = fopen(test_path(p, sizeof p, GB_REGIONAL_SERIES), "r");
	double sum = 0, covered = 0;

	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f)); /* header */
	while (fgets(line, sizeof line, f)) {
		int y, mo, d, h, mi, s;
		char id[8];
		double v, a, b, ts;
		if (sscanf(line, "%d-%d-%dT%d:%d:%dZ,%7[^,],%*[^,],%lf", &y, &mo, &d, &h,
			   &mi, &s, id, &v) != 8 || strcmp(id, rid) != 0)
			continue;
		ts = (double)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
		a = fmax(ts, t0);
		b = fmin(ts + 1800, t1);
		if (b > a) {
			sum += v * (b - a);
			covered += b - a;
		}
	}
	fclose(f);
	assert_rel(covered, t1 - t0, 1e-12);
	return sum / (t1 - t0);
}

static inline double ts(long y, long m, long d, long h, long mi)
{
	return (double)days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60;
}

#endif

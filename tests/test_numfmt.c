/*
 * test_numfmt.c - tests of the machine-format number writer (numfmt.c,
 * wf_format_double): known texts, including the values that break naive
 * algorithms; a million doubles from random bit patterns (fixed seed);
 * every power of two and of ten, subnormals, integers to 2^53, decimals
 * that sit exactly on a rounding boundary; each judged by numfmt_check.h
 * (reads back with strtod, fewest digits, nearest, layout, no longer than
 * the shortest "%.Ng").
 */
#include <float.h>

#include "testutil.h"

#include "numfmt.h"
#include "numfmt_check.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Fail with numfmt_check's reason. */
static void check(double v)
{
	char why[256];

	if (numfmt_check(v, why, sizeof why)) {
		print_error("%s\n", why);
		fail();
	}
}

static void text_is(double v, const char *want)
{
	char s[WF_FORMAT_DOUBLE_SIZE];
	size_t n = wf_format_double(s, v);

	if (strcmp(s, want) != 0 || n != strlen(want)) {
		print_error("%.17g: \"%s\" (%zu), expected \"%s\"\n", v, s, n, want);
		fail();
	}
	check(v);
}

/* splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): any seed gives a full-period stream. */
static uint64_t next_u64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double from_bits(uint64_t b)
{
	double v;

	memcpy(&v, &b, sizeof v);
	return v;
}

/* The layout: plain for -4 <= X < k + 4, else exponent form; the values
 * that break naive algorithms (shortest texts from Python's repr, which
 * uses David Gay's correctly rounded shortest mode). */
static void known_texts(void **state)
{
	static const struct {
		double v;
		const char *text;
	} cases[] = {
		{0.0, "0"},
		{1, "1"},
		{-1.5, "-1.5"},
		{100, "100"},
		{10000, "10000"},
		{100000, "1e5"},
		{120000, "120000"},
		{1.2e6, "1.2e6"},
		{449839.28, "449839.28"},
		{299792458, "299792458"},
		{0.1, "0.1"},
		{0.7, "0.7"},
		{1.1, "1.1"},
		{4.35, "4.35"},
		{0.0001, "0.0001"},
		{0.000123, "0.000123"},
		{1e-5, "1e-5"},
		{1.2e-5, "1.2e-5"},
		{1e-7, "1e-7"},
		{1e15, "1e15"},
		{1e21, "1e21"},
		{1e22, "1e22"},
		{1e23, "1e23"}, /* %.17g: 9.9999999999999992e+22 */
		{7e22, "7e22"},
		{6.02214076e23, "6.02214076e23"},
		{1.5e300, "1.5e300"},
		{1e100, "1e100"},
		{123456789012345680000.0, "123456789012345680000"},
		{1.8531501765868567e21, "1.8531501765868567e21"},
		{9223372036854775808.0, "9223372036854776000"}, /* 2^63 */
		{18446744073709551616.0, "18446744073709552000"}, /* 2^64 */
		{9007199254740992.0, "9007199254740992"},          /* 2^53 */
		{9007199254740993.0, "9007199254740992"},          /* reads as 2^53 */
		{9007199254740994.0, "9007199254740994"},
		{1.0 / 3, "0.3333333333333333"},
		{2.0 / 3, "0.6666666666666666"},
		{5.684341886080802e-14, "5.684341886080802e-14"}, /* 2^-44 */
		{1.7976931348623157e308, "1.7976931348623157e308"}, /* DBL_MAX */
		{1.7976931348623155e308, "1.7976931348623155e308"},
		{8.98846567431158e307, "8.98846567431158e307"},     /* 2^1023 */
		{2.2250738585072014e-308, "2.2250738585072014e-308"}, /* DBL_MIN */
		{2.2250738585072012e-308, "2.2250738585072014e-308"},
		{2.2250738585072011e-308, "2.225073858507201e-308"}, /* largest subnormal */
		{1.1125369292536007e-308, "1.1125369292536007e-308"}, /* 2^-1023 */
		{-3.9292015898194142585e-310, "-3.92920158981943e-310"},
		{1.23e-320, "1.23e-320"},
		{1e-320, "1e-320"},
		{9.5e-322, "9.5e-322"},
		{9e-322, "9e-322"},
		{1e-323, "1e-323"},
		{1.5e-323, "1.5e-323"},
		{4.9406564584124654e-324, "5e-324"}, /* 2^-1074 */
		{2.4703282292062328e-324, "5e-324"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		text_is(cases[i].v, cases[i].text);
	text_is(0.1 + 0.2, "0.30000000000000004");
	text_is(-0.0, "-0");
	text_is(DBL_MAX, "1.7976931348623157e308");
	text_is(DBL_MIN, "2.2250738585072014e-308");
	text_is(nextafter(0, 1), "5e-324");
	text_is(-nextafter(0, 1), "-5e-324");
}

/* NaN and infinities write nothing (the caller prints "" or null). */
static void non_finite(void **state)
{
	const double xs[] = {NAN, -NAN, INFINITY, -INFINITY, from_bits(0x7ff0000000000001u),
			     from_bits(0xfff8000000000abcu)};
	char s[WF_FORMAT_DOUBLE_SIZE];
	size_t i;

	(void)state;
	for (i = 0; i < N(xs); i++) {
		memset(s, 'x', sizeof s);
		assert_int_equal(wf_format_double(s, xs[i]), 0);
		assert_string_equal(s, "");
	}
}

/* A million random bit patterns (fixed seed): every finite one right.
 * Under valgrind (make valgrind sets WATTIF_VALGRIND) ten thousand: the
 * checker's printf and strtod there take minutes per million. */
static void random_bits(void **state)
{
	uint64_t seed = 20, b;
	long i, finite = 0, n = getenv("WATTIF_VALGRIND") ? 10000 : 1000000;

	(void)state;
	for (i = 0; i < n; i++) {
		b = next_u64(&seed);
		finite += ((b >> 52) & 0x7ff) != 0x7ff;
		check(from_bits(b));
	}
	assert_true(finite > n - n / 1000); /* about 1 in 2048 is NaN or infinite */
}

/* Random doubles of ordinary size (uniform in [1e-6, 1e9) on a log scale,
 * and the rounded values people type): the numbers wattif writes. */
static void random_ordinary(void **state)
{
	uint64_t seed = 7;
	char b[40];
	int i;

	(void)state;
	for (i = 0; i < 50000; i++) {
		double u = (double)(next_u64(&seed) >> 11) / 9007199254740992.0;
		double v = pow(10, -6 + 15 * u);
		check(v);
		snprintf(b, sizeof b, "%.*g", 1 + i % 8, v);
		check(strtod(b, NULL));
	}
}

/* Subnormals: the first 20,000 multiples of 2^-1074, random ones, the
 * largest, and the normal numbers around DBL_MIN. */
static void subnormals(void **state)
{
	uint64_t seed = 11, k;
	double v;
	int i;

	(void)state;
	for (k = 1; k <= 20000; k++)
		check(from_bits(k));
	for (i = 0; i < 30000; i++)
		check(from_bits(next_u64(&seed) & 0x800fffffffffffffu));
	check(from_bits(0x000fffffffffffffu));
	for (v = DBL_MIN, i = 0; i < 1000; i++, v = nextafter(v, 0))
		check(v);
	for (v = DBL_MIN, i = 0; i < 1000; i++, v = nextafter(v, 1))
		check(v);
	for (v = DBL_MAX, i = 0; i < 1000; i++, v = nextafter(v, 0))
		check(v);
}

/* Every power of ten a double comes near, 1e-323 .. 1e308: the text is
 * "1e<p>" (plain from 0.0001 to 10000), since the nearest double to 10^p
 * reads back from it and nothing has fewer digits. */
static void powers_of_ten(void **state)
{
	char in[16], want[64];
	nf_dec d = {"1", 1, 0, 0};
	int p;

	(void)state;
	for (p = -323; p <= 308; p++) {
		snprintf(in, sizeof in, "1e%d", p);
		d.x = p;
		nf_layout(want, &d);
		text_is(strtod(in, NULL), want);
		check(nextafter(strtod(in, NULL), 0));
		check(nextafter(strtod(in, NULL), INFINITY));
	}
}

/* Every power of two and its neighbours: the bottom of each binade has a
 * lower neighbour twice as close as the upper one. */
static void powers_of_two(void **state)
{
	int e;

	(void)state;
	for (e = -1074; e <= 1023; e++) {
		double v = ldexp(1, e);
		check(v);
		check(-v);
		check(nextafter(v, 0));
		check(nextafter(v, INFINITY));
	}
}

/* Integers below 2^53 print as themselves (trailing zeros as padding or
 * an exponent). */
static void integers(void **state)
{
	uint64_t seed = 3, x, top = (uint64_t)1 << 53;
	char s[WF_FORMAT_DOUBLE_SIZE], want[32];
	nf_dec got, w;
	int i;

	(void)state;
	for (i = 0; i < 150000; i++) {
		if (i < 50000)
			x = (uint64_t)i;
		else if (i < 60000)
			x = top - (uint64_t)(i - 50000);
		else if (i < 70000)
			x = (uint64_t)(i - 60000) * 1000000000u;
		else
			x = next_u64(&seed) >> (11 + i % 40);
		wf_format_double(s, (double)x);
		snprintf(want, sizeof want, "%llu", (unsigned long long)x);
		nf_parse(s, &got);
		nf_parse(want, &w);
		if (strcmp(got.digits, w.digits) != 0 || got.x != w.x) {
			print_error("%llu: \"%s\"\n", (unsigned long long)x, s);
			fail();
		}
		check((double)x);
	}
	text_is(9007199254740991.0, "9007199254740991");
	for (x = top; x < top + 64; x++) /* 9007199254740993 and its neighbours */
		check((double)x);
}

/* Decimals that sit exactly halfway between two doubles: d = D * 10^(e-1)
 * with D odd is an odd multiple of 2^(e-1), so in [2^(52+e), 2^(53+e)),
 * where doubles are 2^e apart, it is the midpoint of two of them.  strtod
 * gives d to the one with the even mantissa, so that one may print d (or
 * something shorter) and the odd one never may. */
static void midpoints(void **state)
{
	char in[48], s[WF_FORMAT_DOUBLE_SIZE], ev[400];
	int e, j, bexp, tested = 0;
	uint64_t be, bo;
	nf_dec want, got;

	(void)state;
	for (e = 1; e <= 24; e++) { /* 10^(e-1) > 2^(53+e) beyond */
		double d0 = ceil(ldexp(1, 52 + e) / pow(10, e - 1));
		for (j = 0; j < 60; j++) {
			double dd = d0 + j, even, odd;
			if (fmod(dd, 2) == 0)
				continue;
			snprintf(in, sizeof in, "%.0fe%d", dd, e - 1);
			even = strtod(in, NULL);
			frexp(even, &bexp);
			if (bexp - 1 != 52 + e)
				continue; /* d lies outside the binade */
			/* even < d? compare the exact integers as text */
			nf_parse(in, &want);
			snprintf(ev, sizeof ev, "%.0f", even);
			odd = nextafter(even, (int)strlen(ev) - 1 < want.x + 1 ||
						      ((int)strlen(ev) == want.x + 1 &&
						       strncmp(ev, want.digits, strlen(want.digits)) < 0)
					      ? INFINITY : 0);
			memcpy(&be, &even, sizeof be);
			memcpy(&bo, &odd, sizeof bo);
			assert_true((be & 1) == 0 && (bo & 1) == 1);
			check(even);
			check(odd);
			wf_format_double(s, even);
			nf_parse(s, &got);
			assert_true(got.k <= want.k);
			wf_format_double(s, odd);
			nf_parse(s, &got);
			if (strcmp(got.digits, want.digits) == 0 && got.x == want.x) {
				print_error("%s: %s prints the midpoint\n", in, s);
				fail();
			}
			tested++;
		}
	}
	assert_true(tested > 400);
}

/* The digits before layout: no trailing zero, k as counted. */
static void shortest_digits(void **state)
{
	uint64_t d;
	int e, k;

	(void)state;
	k = wf_numfmt_shortest(449839.28, &d, &e);
	assert_int_equal(k, 8);
	assert_true(d == 44983928u);
	assert_int_equal(e, -2);
	k = wf_numfmt_shortest(1e23, &d, &e);
	assert_int_equal(k, 1);
	assert_true(d == 1);
	assert_int_equal(e, 23);
	k = wf_numfmt_shortest(5e-324, &d, &e);
	assert_true(k == 1 && d == 5 && e == -324);
	k = wf_numfmt_shortest(-1200, &d, &e);
	assert_true(k == 2 && d == 12 && e == 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_texts),
		cmocka_unit_test(non_finite),
		cmocka_unit_test(shortest_digits),
		cmocka_unit_test(powers_of_ten),
		cmocka_unit_test(powers_of_two),
		cmocka_unit_test(integers),
		cmocka_unit_test(subnormals),
		cmocka_unit_test(midpoints),
		cmocka_unit_test(random_ordinary),
		cmocka_unit_test(random_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * numfmt.c - the number writer of every machine format: the shortest
 * decimal text that strtod reads back as exactly the same double, without
 * printf or strtod.
 *
 * Digits.  The method is Ulf Adams's, "Ryu: fast float-to-string
 * conversion", PLDI 2018.  A finite double v = m2 * 2^e2 has a rounding
 * interval: every real number strictly between the midpoints to its two
 * neighbours reads back as v (and the midpoints themselves when m2 is
 * even, since strtod rounds ties to even).  With two extra bits, the
 * midpoints and v are integers mm, mp and mv = 4 * m2 times 2^(e2 - 2).
 * Dividing all three by one power of ten 10^e10 (chosen so that a few
 * more digits than needed remain) gives vm, vr, vp exactly, each as one
 * 64 x 128-bit product with a table entry (numfmt_table.h, generated and
 * proved precise enough by tools/gen_numfmt_table.py).  Then digits are
 * dropped from the right while the interval still holds a number with
 * fewer digits (vp / 10 > vm / 10), and the last one left is rounded by
 * the digit dropped after it: the result is the shortest decimal inside
 * the interval, and of those the nearest to v.  Where the divisions are
 * exact (small exponents only) the code also tracks whether the bounds
 * themselves are attainable and whether a dropped 5 is an exact tie.
 *
 * Layout (the stable form every machine format uses; README "Outputs"):
 * with k significant digits d1..dk and v = d1.d2...dk * 10^X,
 *   - plain decimal when -4 <= X < k + 4: 449839.28, 0.00012, 1024, 12000
 *     (at most three zeros after the point before the first digit, at
 *     most four zeros after the last one);
 *   - otherwise d1[.d2...dk]e[-]X, no '+', no leading zeros in X: 1e-7,
 *     1.5e22, 5e-324, 1.7976931348623157e308;
 *   - "0" and "-0" (the sign of zero is kept, so it reads back too);
 *   - non-finite values write nothing: callers print an empty CSV field
 *     or JSON null, as before.
 * That is never longer than the shortest "%.Ng" (N = 1..17) that reads
 * back (tests/test_numfmt.c checks it).
 */
#include "numfmt.h"

#include <string.h>

#include "numfmt_table.h"
#include "wattif.h"

/* floor(e * log10(2)), floor(e * log10(5)), floor(e * log2(5)) + 1 for the
 * exponents used here (the generator checks the constants). */
static int log10_pow2(int e) { return (int)(((uint32_t)e * 78913u) >> 18); }
static int log10_pow5(int e) { return (int)(((uint32_t)e * 732923u) >> 20); }
static int pow5_bits(int e) { return (int)(((uint32_t)e * 1217359u) >> 19) + 1; }

/* floor(m * (mul[1] * 2^64 + mul[0]) / 2^j), 64 <= j; exact. */
static uint64_t mul_shift(uint64_t m, const uint64_t mul[2], int j)
{
#if defined(__SIZEOF_INT128__) && !defined(WF_NUMFMT_NO_INT128)
	unsigned __int128 lo = (unsigned __int128)m * mul[0];
	unsigned __int128 hi = (unsigned __int128)m * mul[1];

	return (uint64_t)(((lo >> 64) + hi) >> (j - 64));
#else
	/* the same with 32-bit halves: m * mul as three 64-bit words */
	uint64_t w[3] = {0, 0, 0}, c = 0;
	uint64_t a[2] = {m & 0xffffffffu, m >> 32};
	uint64_t b[4] = {mul[0] & 0xffffffffu, mul[0] >> 32, mul[1] & 0xffffffffu,
			 mul[1] >> 32};
	uint32_t r[6] = {0, 0, 0, 0, 0, 0};
	int x, y, s = j - 64;

	for (x = 0; x < 2; x++) {
		c = 0;
		for (y = 0; y < 4; y++) {
			uint64_t t = a[x] * b[y] + r[x + y] + c;
			r[x + y] = (uint32_t)t;
			c = t >> 32;
		}
		r[x + 4] = (uint32_t)c;
	}
	w[0] = (uint64_t)r[2] | (uint64_t)r[3] << 32; /* the bits from 2^64 up */
	w[1] = (uint64_t)r[4] | (uint64_t)r[5] << 32;
	if (s >= 64)
		return w[1] >> (s - 64);
	return s ? w[0] >> s | w[1] << (64 - s) : w[0];
#endif
}

/* 5^q divides x (x > 0). */
static int pow5_divides(uint64_t x, int q)
{
	for (; q > 0; q--, x /= 5)
		if (x % 5)
			return 0;
	return 1;
}

static int digit_count(uint64_t x)
{
	static const uint64_t pow10[19] = {
		10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u,
		1000000000u, 10000000000u, 100000000000u, 1000000000000u,
		10000000000000u, 100000000000000u, 1000000000000000u,
		10000000000000000u, 100000000000000000u, 1000000000000000000u,
		10000000000000000000u};
	int n = 1;

	while (n < 20 && x >= pow10[n - 1])
		n++;
	return n;
}

/* The interval of m2 * 2^e2 divided by 10^e10: vm, vr, vp (bounds and
 * value), and which of them are exact quotients (no remainder). */
typedef struct scaled {
	uint64_t vm, vr, vp;
	int e10;
	int vm_exact, vr_exact, vp_exact;
} scaled;

static void scale(scaled *s, uint64_t m2, int e2, int lower_shift)
{
	uint64_t mv = 4 * m2, mp = mv + 2, mm = mv - 1 - (uint64_t)lower_shift;
	int q, i, j;

	e2 -= 2;
	s->vm_exact = s->vr_exact = s->vp_exact = 0;
	if (e2 >= 0) {
		/* divide by 10^q = 2^q 5^q: multiply by 2^(e2 - q) / 5^q */
		q = log10_pow2(e2) - (e2 > 3);
		j = -e2 + q + (WF_NUMFMT_BITS + pow5_bits(q) - 1);
		s->e10 = q;
		s->vr = mul_shift(mv, wf_numfmt_pow5_inv[q], j);
		s->vp = mul_shift(mp, wf_numfmt_pow5_inv[q], j);
		s->vm = mul_shift(mm, wf_numfmt_pow5_inv[q], j);
		if (q <= 23) { /* 5^24 > 2^55 > mp: no remainder-free division beyond */
			s->vr_exact = pow5_divides(mv, q);
			s->vp_exact = pow5_divides(mp, q);
			s->vm_exact = pow5_divides(mm, q);
		}
	} else {
		/* divide by 10^(q + e2): multiply by 5^(-e2 - q) / 2^q */
		q = log10_pow5(-e2) - (-e2 > 1);
		i = -e2 - q;
		j = q - (pow5_bits(i) - WF_NUMFMT_BITS);
		s->e10 = q + e2;
		s->vr = mul_shift(mv, wf_numfmt_pow5[i], j);
		s->vp = mul_shift(mp, wf_numfmt_pow5[i], j);
		s->vm = mul_shift(mm, wf_numfmt_pow5[i], j);
		/* exact when 2^q divides: mv = 4 m2; mp = 2 (2 m2 + 1); mm is
		 * odd, or 2 (2 m2 - 1) */
		if (q < 64)
			s->vr_exact = (mv & (((uint64_t)1 << q) - 1)) == 0;
		s->vp_exact = q <= 1;
		s->vm_exact = q == 0 || (q == 1 && lower_shift);
	}
}

int wf_numfmt_shortest(double v, uint64_t *digits, int *exp10)
{
	uint64_t bits, frac, m2, vm, vr, vp;
	int be, e2, even, removed = 0, last = 0, vm_exact, vr_exact, n;
	scaled s;

	memcpy(&bits, &v, sizeof bits);
	frac = bits & (((uint64_t)1 << 52) - 1);
	be = (int)((bits >> 52) & 0x7ff);
	if (be == 0) {
		m2 = frac;
		e2 = 1 - 1075;
	} else {
		m2 = frac | (uint64_t)1 << 52;
		e2 = be - 1075;
	}
	/* an integer below 2^53: its own digits, less trailing zeros (every
	 * shorter decimal is at least 1 away, the interval at most 1/2) */
	if (e2 <= 0 && e2 >= -52 && (m2 & (((uint64_t)1 << -e2) - 1)) == 0) {
		vr = m2 >> -e2;
		for (*exp10 = 0; vr % 10 == 0; vr /= 10)
			++*exp10;
		*digits = vr;
		return digit_count(vr);
	}
	even = (m2 & 1) == 0;
	/* the lower neighbour is twice as close at the bottom of a binade */
	scale(&s, m2, e2, frac != 0 || be <= 1);
	vm = s.vm, vr = s.vr, vp = s.vp;
	vm_exact = s.vm_exact && even; /* the lower bound itself reads back */
	vr_exact = s.vr_exact;
	if (s.vp_exact && !even)
		vp--; /* the upper bound itself does not */
	while (vp / 10 > vm / 10) {
		vm_exact &= vm % 10 == 0;
		vr_exact &= last == 0;
		last = (int)(vr % 10);
		vr /= 10, vp /= 10, vm /= 10;
		removed++;
	}
	if (vm_exact) /* the bound is a candidate: as many zeros as it has */
		while (vm % 10 == 0) {
			vr_exact &= last == 0;
			last = (int)(vr % 10);
			vr /= 10, vp /= 10, vm /= 10;
			removed++;
		}
	if (vr_exact && last == 5 && vr % 2 == 0)
		last = 4; /* an exact tie: to the even digit */
	vr += (vr == vm && !vm_exact) || last >= 5;
	n = digit_count(vr);
	*digits = vr;
	*exp10 = s.e10 + removed;
	/* rounding up may leave a trailing zero (…9 + 1) */
	while (n > 1 && *digits % 10 == 0) {
		*digits /= 10;
		++*exp10;
		n--;
	}
	return n;
}

static const char pairs[200] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* The n digits of d into out[0..n). */
static void put_digits(char *out, uint64_t d, int n)
{
	while (n >= 2) {
		unsigned r = (unsigned)(d % 100);
		d /= 100;
		n -= 2;
		memcpy(out + n, pairs + 2 * r, 2);
	}
	if (n)
		out[0] = (char)('0' + d);
}

WF_API size_t wf_format_double(char *buf, double v)
{
	uint64_t bits, d;
	char *p = buf, dig[20];
	int k, e10, x, z;

	memcpy(&bits, &v, sizeof bits);
	if (((bits >> 52) & 0x7ff) == 0x7ff) { /* inf, nan */
		buf[0] = '\0';
		return 0;
	}
	if (bits >> 63)
		*p++ = '-';
	if ((bits << 1) == 0) {
		*p++ = '0';
		*p = '\0';
		return (size_t)(p - buf);
	}
	k = wf_numfmt_shortest(v, &d, &e10);
	x = e10 + k - 1;
	put_digits(dig, d, k);
	if (x >= -4 && x < k + 4) {
		if (x < 0) { /* 0.000ddd */
			memcpy(p, "0.000", (size_t)(1 - x));
			p += 1 - x;
			memcpy(p, dig, (size_t)k);
			p += k;
		} else if (x >= k - 1) { /* ddd0000 */
			memcpy(p, dig, (size_t)k);
			p += k;
			for (z = x - k + 1; z > 0; z--)
				*p++ = '0';
		} else { /* dd.ddd */
			memcpy(p, dig, (size_t)x + 1);
			p += x + 1;
			*p++ = '.';
			memcpy(p, dig + x + 1, (size_t)(k - x - 1));
			p += k - x - 1;
		}
	} else {
		*p++ = dig[0];
		if (k > 1) {
			*p++ = '.';
			memcpy(p, dig + 1, (size_t)k - 1);
			p += k - 1;
		}
		*p++ = 'e';
		if (x < 0) {
			*p++ = '-';
			x = -x;
		}
		if (x >= 100)
			*p++ = (char)('0' + x / 100);
		if (x >= 10)
			*p++ = (char)('0' + x / 10 % 10);
		*p++ = (char)('0' + x % 10);
	}
	*p = '\0';
	return (size_t)(p - buf);
}

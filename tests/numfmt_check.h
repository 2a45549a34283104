/*
 * numfmt_check.h - an independent judge of wf_format_double(), built only
 * on the C library's printf ("%.Ne" rounds correctly, ties to even, on
 * glibc) and strtod.  For a double v it checks that the text
 *   - reads back with strtod as exactly v (every bit, the sign of zero);
 *   - has the fewest significant digits k possible: with d the nearest
 *     (k-1)-digit decimal to v, none of d and its two neighbours reads
 *     back as v (any shorter decimal inside v's rounding interval would
 *     put one of them inside);
 *   - is the nearest k-digit decimal to v when that one reads back, and
 *     otherwise its neighbour;
 *   - is laid out as documented (plain for -4 <= X < k + 4, else
 *     d.ddde[-]X), and no longer than the shortest "%.Ng" that reads back.
 * Shared by tests/test_numfmt.c, fuzz/fuzz_numfmt.c and bench/bench_numfmt.c.
 */
#ifndef WF_NUMFMT_CHECK_H
#define WF_NUMFMT_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wattif.h"

/* A decimal read from text: significant digits (no leading or trailing
 * zero; "0" for zero) and the exponent X of the first of them. */
typedef struct nf_dec {
	char digits[40];
	int k, x, neg;
} nf_dec;

/* Any of "-0.00120", "1.5e-07", "12000", "1.2e+22". */
static int nf_parse(const char *s, nf_dec *d)
{
	char all[64];
	int n = 0, point = -1, lead = 0, e = 0;

	d->neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	for (; *s && *s != 'e' && *s != 'E'; s++) {
		if (*s == '.') {
			point = n;
			continue;
		}
		if (*s < '0' || *s > '9' || n >= 60)
			return -1;
		all[n++] = *s;
	}
	if (*s)
		e = atoi(s + 1);
	if (point < 0)
		point = n;
	while (lead < n && all[lead] == '0')
		lead++;
	while (n > lead && all[n - 1] == '0')
		n--;
	if (lead == n) {
		strcpy(d->digits, "0");
		d->k = 1;
		d->x = 0;
		return 0;
	}
	d->k = n - lead;
	memcpy(d->digits, all + lead, (size_t)d->k);
	d->digits[d->k] = '\0';
	d->x = point - lead - 1 + e;
	return 0;
}

/* The documented layout of a decimal, written independently of numfmt.c. */
static void nf_layout(char *out, const nf_dec *d)
{
	int k = d->k, x = d->x, i;
	char *p = out;

	if (d->neg)
		*p++ = '-';
	if (strcmp(d->digits, "0") == 0) {
		strcpy(p, "0");
		return;
	}
	if (x >= -4 && x < k + 4) {
		if (x < 0) {
			p += sprintf(p, "0.");
			for (i = 0; i < -x - 1; i++)
				*p++ = '0';
			sprintf(p, "%s", d->digits);
		} else if (x >= k - 1) {
			p += sprintf(p, "%s", d->digits);
			for (i = 0; i < x - k + 1; i++)
				*p++ = '0';
			*p = '\0';
		} else {
			sprintf(p, "%.*s.%s", x + 1, d->digits, d->digits + x + 1);
		}
	} else if (k == 1) {
		sprintf(p, "%se%d", d->digits, x);
	} else {
		sprintf(p, "%c.%se%d", d->digits[0], d->digits + 1, x);
	}
}

static int nf_reads_as(const char *s, double v)
{
	double r = strtod(s, NULL);

	return memcmp(&r, &v, sizeof r) == 0;
}

/* digits (as an integer) * 10^scale read by strtod. */
static double nf_int_value(uint64_t digits, int scale)
{
	char b[48];

	snprintf(b, sizeof b, "%llue%d", (unsigned long long)digits, scale);
	return strtod(b, NULL);
}

static int nf_same(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Does digits * 10^scale read back as |v|? */
static int nf_int_reads_as(uint64_t digits, int scale, double v)
{
	return nf_same(nf_int_value(digits, scale), fabs(v));
}

/* Digits of the nearest n-digit decimal to |v| (n >= 1): integer and the
 * power of ten of its last digit. */
static void nf_nearest(double v, int n, uint64_t *digits, int *scale)
{
	char b[64];
	nf_dec d;
	int i;

	snprintf(b, sizeof b, "%.*e", n - 1, fabs(v));
	nf_parse(b, &d);
	*digits = 0;
	for (i = 0; i < n; i++) /* d.k < n when "%.Ne" ends in zeros */
		*digits = *digits * 10 + (uint64_t)(i < d.k ? d.digits[i] - '0' : 0);
	*scale = d.x - (n - 1);
}

static uint64_t nf_pow10(int n)
{
	uint64_t p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

/* 0 when wf_format_double(v) is right; else -1 and why. */
static int numfmt_check(double v, char *why, size_t size)
{
	char s[WF_FORMAT_DOUBLE_SIZE + 8], want[64], g[64];
	size_t len;
	nf_dec d;
	uint64_t near, mine;
	int scale, n, near_ok;

	memset(s, 'x', sizeof s);
	len = wf_format_double(s, v);
	if (!isfinite(v)) {
		if (len != 0 || s[0] != '\0') {
			snprintf(why, size, "%g: \"%.*s\", expected \"\"", v, 8, s);
			return -1;
		}
		return 0;
	}
	if (len == 0 || len >= WF_FORMAT_DOUBLE_SIZE || s[len] != '\0' || strlen(s) != len) {
		snprintf(why, size, "%.17g: length %zu", v, len);
		return -1;
	}
	if (!nf_reads_as(s, v)) {
		snprintf(why, size, "%.17g: \"%s\" reads back as %.17g", v, s, strtod(s, NULL));
		return -1;
	}
	if (nf_parse(s, &d)) {
		snprintf(why, size, "%.17g: \"%s\" is not a number", v, s);
		return -1;
	}
	nf_layout(want, &d);
	if (strcmp(want, s) != 0) {
		snprintf(why, size, "%.17g: \"%s\", laid out \"%s\"", v, s, want);
		return -1;
	}
	if (v == 0)
		return 0;
	/* no (k-1)-digit decimal reads back: not the nearest, nor the one on
	 * the other side of v */
	if (d.k > 1) {
		double r;
		nf_nearest(v, d.k - 1, &near, &scale);
		r = nf_int_value(near, scale);
		if (nf_same(r, fabs(v)) ||
		    (r < fabs(v) ? nf_int_reads_as(near + 1, scale, v)
		     : near == nf_pow10(d.k - 2)
			     ? nf_int_reads_as(nf_pow10(d.k - 1) - 1, scale - 1, v)
			     : nf_int_reads_as(near - 1, scale, v))) {
			snprintf(why, size, "%.17g: \"%s\" has %d digits; a shorter decimal "
				 "near %llue%d reads back", v, s, d.k, (unsigned long long)near,
				 scale);
			return -1;
		}
	}
	/* the nearest k-digit decimal, or its neighbour when it does not read back */
	nf_nearest(v, d.k, &near, &scale);
	near_ok = nf_int_reads_as(near, scale, v);
	mine = 0;
	for (n = 0; n < d.k; n++)
		mine = mine * 10 + (uint64_t)(d.digits[n] - '0');
	n = d.x - (d.k - 1); /* scale of mine */
	if (n == scale + 1) /* across a power of ten: compare one digit finer */
		mine *= 10, n--;
	else if (n == scale - 1)
		near *= 10, scale--;
	if (n != scale || (near_ok ? mine != near : mine != near + 1 && mine + 1 != near)) {
		snprintf(why, size, "%.17g: \"%s\" is not the nearest (%llue%d)", v, s,
			 (unsigned long long)near, scale);
		return -1;
	}
	/* no longer than the shortest "%.Ng" that reads back: N < k cannot, and
	 * "%.kg" rounds as the nearest k-digit decimal does */
	for (n = d.k; n <= 17; n++) {
		snprintf(g, sizeof g, "%.*g", n, v);
		if (n == d.k ? near_ok : nf_reads_as(g, v))
			break;
	}
	if (strlen(g) < len) {
		snprintf(why, size, "%.17g: \"%s\" is longer than \"%s\"", v, s, g);
		return -1;
	}
	return 0;
}

#endif

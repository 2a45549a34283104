/*
 * csv.c - the two CSV primitives every reader shares (csv.h): splitting a
 * line (RFC 4180 quoting) and reading a cell as a plain decimal.
 */
#include "csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int wf_csv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *r = line, *w = line;

	for (;;) {
		if (n == max)
			return n;
		fields[n++] = w;
		if (*r == '"') {
			r++;
			for (;;) {
				if (*r == '\0')
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
		}
		while (*r && *r != ',')
			*w++ = *r++;
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		*w++ = '\0';
		r++;
	}
}

int wf_csv_number(const char *s, double *out)
{
	/* exact powers of ten: 10^22 is the largest a double holds exactly */
	static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	const char *p = s;
	char *end;
	int digits = 0, frac = 0, neg = 0;
	uint64_t m = 0;

	/* [+-]digits[.digits][(e|E)[+-]digits], as the model parser reads
	 * numbers: strtod alone would also take 0x10, 0x1p4, inf and nan. */
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		m = m * 10 + (uint64_t)(*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits++, frac++)
			m = m * 10 + (uint64_t)(*p - '0');
	if (!digits)
		return -1;
	if (*p == '\0' && digits <= 15) {
		/* Clinger's fast path: m < 10^15 < 2^53 and 10^frac are exact, so
		 * one division rounds correctly, as strtod would */
		double v = (double)m / p10[frac];
		*out = neg ? -v : v;
		return 0;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	return *end ? -1 : 0;
}

int wf_csv_fields(char *line, char **f, int *col, int max)
{
	int n = 1, inq = 0, i, nf;
	const char *p;

	col[0] = 1;
	for (p = line; *p; p++) {
		if (*p == '"')
			inq = !inq;
		else if (*p == ',' && !inq && n <= max)
			col[n++] = (int)(p - line) + 2;
	}
	nf = wf_csv_split(line, f, max + 1);
	if (nf < 0)
		return -1;
	for (i = 0; i < nf; i++) {
		char *s = f[i], *e;
		while (*s == ' ' || *s == '\t')
			s++, col[i]++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		f[i] = s;
	}
	return nf;
}

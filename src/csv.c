/*
 * csv.c - the two CSV primitives every reader shares (csv.h): splitting a
 * line (RFC 4180 quoting) and reading a cell as a plain decimal.
 */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>

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
	const char *p = s;
	char *end;
	int digits = 0;

	/* [+-]digits[.digits][(e|E)[+-]digits], as the model parser reads
	 * numbers: strtod alone would also take 0x10, 0x1p4, inf and nan. */
	if (*p == '+' || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return -1;
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

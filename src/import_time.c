/*
 * import_time.c - time stamps as the imported formats write them (ISO 8601
 * with or without a zone; ENTSO-E's DD.MM.YYYY HH:MM) and the European
 * zones ENTSO-E exports use, with the EU summer-time rule.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "import_int.h"

static const imp_zone zones[] = {
	{"UTC", 0, 0},
	{"CET/CEST", 3600, 1},
	{"CET", 3600, 1},
	{"WET/WEST", 0, 1},
	{"GMT/BST", 0, 1},
	{"EET/EEST", 7200, 1},
};

const imp_zone *imp_zone_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcmp(zones[i].name, name) == 0)
			return &zones[i];
	if (strcmp(name, "WET") == 0)
		return &zones[3];
	if (strcmp(name, "EET") == 0)
		return &zones[5];
	return NULL;
}

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* " (CEST)" style hints: 1 summer, -1 winter; *len the bytes read. */
static int zone_hint(const char *s, size_t *len)
{
	static const char *const summer[] = {"CEST", "WEST", "EEST", "BST"};
	static const char *const winter[] = {"CET", "WET", "EET", "GMT"};
	const char *p = s;
	size_t i, n;

	while (*p == ' ')
		p++;
	if (*p != '(')
		return 0;
	for (i = 0; i < 4; i++) {
		n = strlen(summer[i]);
		if (strncmp(p + 1, summer[i], n) == 0 && p[1 + n] == ')') {
			*len = (size_t)(p + n + 2 - s);
			return 1;
		}
		n = strlen(winter[i]);
		if (strncmp(p + 1, winter[i], n) == 0 && p[1 + n] == ')') {
			*len = (size_t)(p + n + 2 - s);
			return -1;
		}
	}
	return 0;
}

/* The zone after a time: Z, +hh:mm, +hhmm or +hh.  Returns bytes read. */
static size_t zone_suffix(const char *s, imp_time *out)
{
	int h, m = 0, sign;
	size_t n;

	if (*s == 'Z') {
		out->zoned = 1;
		return 1;
	}
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s == '-' ? -1 : 1;
	if ((h = digits(s + 1, 2)) < 0 || h > 23)
		return 0;
	n = 3;
	if (s[3] == ':' && (m = digits(s + 4, 2)) >= 0)
		n = 6;
	else if ((m = digits(s + 3, 2)) >= 0)
		n = 5;
	else
		m = 0;
	if (m > 59)
		return 0;
	out->zoned = 1;
	out->offset_s = sign * (h * 3600 + m * 60);
	return n;
}

size_t imp_time_read(const char *s, int dmy, imp_time *out, const char **why)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	double frac = 0;
	size_t n, k;

	memset(out, 0, sizeof(*out));
	*why = dmy ? "expected a date-time DD.MM.YYYY HH:MM" :
		     "expected an ISO 8601 date-time such as 2024-01-01T00:00Z";
	if (dmy) {
		if ((d = digits(s, 2)) < 0 || (s[2] != '.' && s[2] != '/') ||
		    (mo = digits(s + 3, 2)) < 0 || s[5] != s[2] || (y = digits(s + 6, 4)) < 0)
			return 0;
		n = 10;
	} else {
		if ((y = digits(s, 4)) < 0 || s[4] != '-' || (mo = digits(s + 5, 2)) < 0 ||
		    s[7] != '-' || (d = digits(s + 8, 2)) < 0)
			return 0;
		n = 10;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > wf_days_in_month(y, mo)) {
		*why = "no such date";
		return 0;
	}
	if ((s[n] == 'T' || s[n] == ' ') && (h = digits(s + n + 1, 2)) >= 0 &&
	    s[n + 3] == ':' && (mi = digits(s + n + 4, 2)) >= 0) {
		n += 6;
		if (s[n] == ':' && (sec = digits(s + n + 1, 2)) >= 0) {
			n += 3;
			if (s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9') {
				char *end;
				frac = strtod(s + n, &end); /* ".000" as some exports write */
				n = (size_t)(end - s);
			}
		} else {
			sec = 0;
		}
		if (h > 23 || mi > 59 || sec > 59) {
			*why = "no such time of day";
			return 0;
		}
	} else if (dmy) {
		return 0; /* ENTSO-E always writes the time */
	} else {
		h = mi = 0;
	}
	if (!dmy)
		n += zone_suffix(s + n, out);
	if ((out->hint = zone_hint(s + n, &k)) != 0)
		n += k;
	out->t = (double)wf_days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + sec +
		 frac - out->offset_s;
	return n;
}

/* 01:00 UTC on the last Sunday of month m of year y. */
static double last_sunday_0100(long long y, int m)
{
	long long day = wf_days_from_civil(y, m, wf_days_in_month(y, m));
	long long wd = ((day % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */

	return (double)(day - wd) * 86400.0 + 3600.0;
}

int imp_time_utc(const imp_zone *z, const imp_time *tm, double prev_utc, double *utc)
{
	double w = tm->t - z->base_s, s = w - 3600, start, end;
	long long y;
	int m, d, ok_s, ok_w;

	if (!z->summer) {
		*utc = w;
		return 0;
	}
	wf_civil_from_days((long long)floor(tm->t / 86400.0), &y, &m, &d);
	start = last_sunday_0100(y, 3);
	end = last_sunday_0100(y, 10);
	ok_s = s >= start && s < end;
	ok_w = !(w >= start && w < end);
	if (ok_s && ok_w) { /* the hour that repeats when clocks go back */
		if (tm->hint)
			*utc = tm->hint > 0 ? s : w;
		else
			*utc = isfinite(prev_utc) && prev_utc >= s ? w : s;
		return 0;
	}
	if (!ok_s && !ok_w)
		return -1; /* skipped when clocks go forward */
	*utc = ok_s ? s : w;
	return 0;
}

char *imp_time_format(char *buf, double t)
{
	long long days = (long long)floor(t / 86400.0), y;
	long long r = (long long)floor(t) - days * 86400;
	int m, d;

	wf_civil_from_days(days, &y, &m, &d);
	snprintf(buf, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(r / 3600),
		 (int)(r / 60 % 60), (int)(r % 60));
	return buf;
}

/*
 * quantity_format.c - SI values printed in the units people read:
 * "449.8 MWh", "173.2 t CO2e", "2024-03-01T12:00Z" (wf_quantity_format).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "quantity.h"


/* Undo a host locale's radix: snprintf may write "449,8"; any run of
 * bytes that is not a digit, sign or exponent becomes one '.'. */
static void fix_radix(char *s)
{
	char *w = s;
	int in_run = 0;

	for (; *s; s++) {
		if ((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == 'e') {
			*w++ = *s;
			in_run = 0;
		} else if (!in_run) {
			*w++ = '.';
			in_run = 1;
		}
	}
	*w = '\0';
}

/* Drop trailing zeros after a decimal point, and the point itself. */
static void strip_zeros(char *s)
{
	char *dot = strchr(s, '.'), *end;

	if (!dot)
		return;
	end = s + strlen(s);
	while (end > dot + 1 && end[-1] == '0')
		*--end = '\0';
	if (end == dot + 1)
		*dot = '\0';
}

/* "3.14e23" from 3.14e+23: trimmed mantissa, compact exponent. */
static void fmt_sci(char *out, size_t size, double x, int sig)
{
	char m[48], *e;
	int ex;

	snprintf(m, sizeof m, "%.*e", sig - 1, x);
	fix_radix(m);
	e = strchr(m, 'e');
	ex = e ? atoi(e + 1) : 0;
	if (e)
		*e = '\0';
	strip_zeros(m);
	snprintf(out, size, "%se%d", m, ex);
}

/* x with sig significant digits; plain decimals for |x| in [1e-4, big),
 * whole numbers keep all their digits ("1022362"), else scientific. */
static void fmt_num(char *out, size_t size, double x, int sig, double big)
{
	char t[48];
	int ex, dec;

	if (x == 0) {
		snprintf(out, size, "0");
		return;
	}
	if (fabs(x) >= big || fabs(x) < 1e-4) {
		fmt_sci(out, size, x, sig);
		return;
	}
	snprintf(t, sizeof t, "%.*e", sig - 1, x);
	ex = atoi(strrchr(t, 'e') + 1);
	dec = sig - 1 - ex;
	snprintf(t, sizeof t, "%.*f", dec > 0 ? dec : 0, x);
	fix_radix(t);
	strip_zeros(t);
	snprintf(out, size, "%s", t);
}

/* A unit to print a dimension in: name and SI per unit. */
typedef struct scale {
	const char *name;
	double factor;
} scale;

/* The largest of n ascending scales under which |x| still reads as at
 * least 1 once rounded to sig digits; the smallest if none. */
static const scale *pick(const scale *sc, size_t n, double x, int sig)
{
	double t = 1 - 0.5 * pow(10, -sig);
	size_t i = n;

	while (i > 1 && fabs(x) / sc[i - 1].factor < t)
		i--;
	return &sc[i - 1];
}

static void fmt_scaled(char *buf, size_t size, double x, int sig,
		       const scale *sc, size_t n, const char *suffix)
{
	const scale *u = pick(sc, n, x, sig);
	char num[64];

	fmt_num(num, sizeof num, x / u->factor, sig, 1e15);
	snprintf(buf, size, "%s %s%s", num, u->name, suffix);
}

/* Times: s below a minute, min below an hour, h below 48 h, days below
 * two (Julian) years, then years. */
static void fmt_time(char *buf, size_t size, double x, int sig)
{
	static const scale sc[] = {{"s", 1}, {"min", 60}, {"h", 3600},
				   {"days", WF_DAY_S}, {"years", WF_YEAR_S}};
	double a = fabs(x);
	const scale *u = a < 60 ? &sc[0] : a < 3600 ? &sc[1] : a < 48 * 3600.0 ? &sc[2]
			 : a < 2 * WF_YEAR_S ? &sc[3] : &sc[4];
	char num[64];

	fmt_num(num, sizeof num, x / u->factor, sig, 1e15);
	if (strcmp(num, "1") == 0 && (u == &sc[3] || u == &sc[4]))
		snprintf(buf, size, "1 %s", u == &sc[3] ? "day" : "year");
	else
		snprintf(buf, size, "%s %s", num, u->name);
}

/* "2024-03-01T12:00Z", with ":ss" when the seconds are not zero. */
static void fmt_date(char *buf, size_t size, double x)
{
	long long t, days, y;
	int m, d, sec;

	if (fabs(x) > 1e14) { /* beyond any plausible date; keeps integers exact */
		snprintf(buf, size, "n/a");
		return;
	}
	t = (long long)floor(x + 0.5);
	days = t / 86400 - (t % 86400 < 0);
	sec = (int)(t - days * 86400);
	wf_civil_from_days(days, &y, &m, &d);
	if (sec % 60)
		snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", y, m, d, sec / 3600,
			 sec / 60 % 60, sec % 60);
	else
		snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02dZ", y, m, d, sec / 3600,
			 sec / 60 % 60);
}

/* Formats for dimensions shown in one fixed unit: SI per unit, name. */
static void fmt_fixed(char *buf, size_t size, double x, int sig, double per,
		      const char *unit, double big)
{
	char num[64];

	fmt_num(num, sizeof num, x / per, sig, big);
	snprintf(buf, size, "%s%s", num, unit);
}

char *wf_quantity_format(char *buf, size_t size, double si, wf_dim dim, int sig)
{
	static const scale energy[] = {{"J", 1}, {"Wh", WF_WH_J}, {"kWh", 1e3 * WF_WH_J},
				       {"MWh", 1e6 * WF_WH_J}, {"GWh", 1e9 * WF_WH_J},
				       {"TWh", 1e12 * WF_WH_J}};
	static const scale mass[] = {{"g", 1e-3}, {"kg", 1}, {"t", 1e3},
				     {"kt", 1e6}, {"Mt", 1e9}};
	static const scale power[] = {{"W", 1}, {"kW", 1e3}, {"MW", 1e6},
				      {"GW", 1e9}, {"TW", 1e12}};
	static const scale rate[] = {{"FLOP/s", 1}, {"kFLOP/s", 1e3},
				     {"MFLOP/s", 1e6}, {"GFLOP/s", 1e9},
				     {"TFLOP/s", 1e12}, {"PFLOP/s", 1e15},
				     {"EFLOP/s", 1e18}, {"ZFLOP/s", 1e21}};
	static const scale data[] = {{"B", 1}, {"kB", 1e3}, {"MB", 1e6},
				     {"GB", 1e9}, {"TB", 1e12}, {"PB", 1e15},
				     {"EB", 1e18}};
	static const scale volume[] = {{"L", 1}, {"m3", 1e3}};
#define N(a) (sizeof(a) / sizeof(a[0]))

	if (!buf || size == 0)
		return buf;
	sig = sig < 1 ? 1 : sig > 17 ? 17 : sig;
	if (!isfinite(si)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	switch (dim) {
	case WF_DIM_ENERGY: fmt_scaled(buf, size, si, sig, energy, N(energy), ""); break;
	case WF_DIM_MASS: fmt_scaled(buf, size, si, sig, mass, N(mass), " CO2e"); break;
	case WF_DIM_POWER: fmt_scaled(buf, size, si, sig, power, N(power), ""); break;
	case WF_DIM_COMPUTE_RATE: fmt_scaled(buf, size, si, sig, rate, N(rate), ""); break;
	case WF_DIM_DATA: fmt_scaled(buf, size, si, sig, data, N(data), ""); break;
	case WF_DIM_VOLUME: fmt_scaled(buf, size, si, sig, volume, N(volume), ""); break;
	case WF_DIM_TIME: fmt_time(buf, size, si, sig); break;
	case WF_DIM_DATE: fmt_date(buf, size, si); break;
	case WF_DIM_INTENSITY: fmt_fixed(buf, size, si, sig, 1 / (1e3 * 1e3 * WF_WH_J), " g/kWh", 1e15); break;
	case WF_DIM_WATER_INTENSITY: fmt_fixed(buf, size, si, sig, 1 / (1e3 * WF_WH_J), " L/kWh", 1e15); break;
	case WF_DIM_POWER_PER_DATA: fmt_fixed(buf, size, si, sig, 1e-9, " W/GB", 1e15); break;
	case WF_DIM_COMPUTE: fmt_fixed(buf, size, si, sig, 1, " FLOP", 1e6); break;
	case WF_DIM_RATE: fmt_fixed(buf, size, si, sig, 1, "/s", 1e15); break;
	case WF_DIM_TEMPERATURE: fmt_fixed(buf, size, si, sig, 1, " degC", 1e15); break;
	case WF_DIM_MASS_PER_DATA: fmt_fixed(buf, size, si, sig, 1e-9, " kg/GB", 1e15); break;
	case WF_DIM_MASS_PER_POWER: fmt_fixed(buf, size, si, sig, 1e-3, " t/MW", 1e15); break;
	default: fmt_fixed(buf, size, si, sig, 1, "", 1e15); break;
	}
#undef N
	return buf;
}

/*
 * test_quantity.c - tests of quantity parsing and formatting (quantity.c):
 * every unit with its exact SI value, CO2e spellings, compound units,
 * dates, distributions, nominal values, every error path with its code
 * and byte offset, formatting, and parse(format(x)) round trips.
 */
#include "testutil.h"

#include "quantity.h"

#define REL 1e-12
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Exact conversion factors the expectations are written in. */
#define WH 3600.0
#define KWH 3.6e6
#define DAY 86400.0
#define JYEAR (365.25 * DAY) /* Julian year */
#define LB 0.45359237        /* international pound */

static int setup(void **state)
{
	wf_qparser *qp = NULL;

	if (wf_qparser_new(&qp))
		return -1;
	*state = qp;
	return 0;
}

static int teardown(void **state)
{
	wf_qparser_free(*state);
	return 0;
}

/* Parse text expecting success; fail with the parser's message if not. */
static wf_value parse_ok(void **state, const char *text, wf_dim expect)
{
	wf_value v;
	wf_parse_error pe;
	int rc = wf_qparser_parse(*state, &v, text, expect, &pe);

	if (rc) {
		print_error("\"%s\": rc %d at %d: %s\n", text, rc, pe.offset, pe.message);
		fail();
	}
	return v;
}

/* --------------------------------------------------------------- units */

typedef struct unit_case {
	const char *text;
	wf_dim dim;
	double si;
} unit_case;

static const unit_case unit_cases[] = {
	/* power */
	{"700 W", WF_DIM_POWER, 700}, {"2 kW", WF_DIM_POWER, 2e3},
	{"1.2 MW", WF_DIM_POWER, 1.2e6}, {"3 GW", WF_DIM_POWER, 3e9},
	{"0.5 TW", WF_DIM_POWER, 5e11}, {"250 mW", WF_DIM_POWER, 0.25},
	{"1 watt", WF_DIM_POWER, 1}, {"40 watts", WF_DIM_POWER, 40},
	/* energy */
	{"5 J", WF_DIM_ENERGY, 5}, {"5 kJ", WF_DIM_ENERGY, 5e3},
	{"5 MJ", WF_DIM_ENERGY, 5e6}, {"5 GJ", WF_DIM_ENERGY, 5e9},
	{"5 TJ", WF_DIM_ENERGY, 5e12}, {"5 PJ", WF_DIM_ENERGY, 5e15},
	{"5 mJ", WF_DIM_ENERGY, 5e-3}, {"2 mWh", WF_DIM_ENERGY, 2e-3 * WH},
	{"2 Wh", WF_DIM_ENERGY, 2 * WH}, {"2 kWh", WF_DIM_ENERGY, 2 * KWH},
	{"449 MWh", WF_DIM_ENERGY, 449e3 * KWH}, {"2 GWh", WF_DIM_ENERGY, 2e6 * KWH},
	{"2 TWh", WF_DIM_ENERGY, 2e9 * KWH},
	/* time */
	{"30 s", WF_DIM_TIME, 30}, {"30 sec", WF_DIM_TIME, 30},
	{"30 secs", WF_DIM_TIME, 30}, {"1 second", WF_DIM_TIME, 1},
	{"30 seconds", WF_DIM_TIME, 30}, {"250 ms", WF_DIM_TIME, 0.25},
	{"5 min", WF_DIM_TIME, 300}, {"5 mins", WF_DIM_TIME, 300},
	{"1 minute", WF_DIM_TIME, 60}, {"5 minutes", WF_DIM_TIME, 300},
	{"1022362 h", WF_DIM_TIME, 1022362.0 * 3600}, {"2 hr", WF_DIM_TIME, 7200},
	{"2 hrs", WF_DIM_TIME, 7200}, {"1 hour", WF_DIM_TIME, 3600},
	{"2 hours", WF_DIM_TIME, 7200}, {"3 d", WF_DIM_TIME, 3 * DAY},
	{"1 day", WF_DIM_TIME, DAY}, {"35 days", WF_DIM_TIME, 35 * DAY},
	{"2 wk", WF_DIM_TIME, 14 * DAY}, {"1 week", WF_DIM_TIME, 7 * DAY},
	{"2 weeks", WF_DIM_TIME, 14 * DAY},
	{"1 month", WF_DIM_TIME, 2629800}, /* 365.25 / 12 days */
	{"6 months", WF_DIM_TIME, 6 * 2629800.0},
	{"1 y", WF_DIM_TIME, 31557600}, {"4 yr", WF_DIM_TIME, 4 * JYEAR},
	{"4 yrs", WF_DIM_TIME, 4 * JYEAR}, {"1 year", WF_DIM_TIME, JYEAR},
	{"5 years", WF_DIM_TIME, 5 * JYEAR},
	/* CO2e mass */
	{"150 g", WF_DIM_MASS, 0.15}, {"150 kg", WF_DIM_MASS, 150},
	{"173 t", WF_DIM_MASS, 173e3}, {"1 tonne", WF_DIM_MASS, 1e3},
	{"2 tonnes", WF_DIM_MASS, 2e3}, {"3 kt", WF_DIM_MASS, 3e6},
	{"3 Mt", WF_DIM_MASS, 3e9}, {"1 Gt", WF_DIM_MASS, 1e12},
	{"1 lb", WF_DIM_MASS, LB}, {"26 lbs", WF_DIM_MASS, 26 * LB},
	/* compute */
	{"3.14e23 FLOP", WF_DIM_COMPUTE, 3.14e23}, {"5 FLOPs", WF_DIM_COMPUTE, 5},
	{"2 kFLOP", WF_DIM_COMPUTE, 2e3}, {"2 MFLOP", WF_DIM_COMPUTE, 2e6},
	{"2 GFLOP", WF_DIM_COMPUTE, 2e9}, {"2 TFLOP", WF_DIM_COMPUTE, 2e12},
	{"2 PFLOP", WF_DIM_COMPUTE, 2e15}, {"2 EFLOP", WF_DIM_COMPUTE, 2e18},
	{"2 ZFLOP", WF_DIM_COMPUTE, 2e21}, {"2 YFLOP", WF_DIM_COMPUTE, 2e24},
	{"2 GFLOPs", WF_DIM_COMPUTE, 2e9}, {"2 TFLOPs", WF_DIM_COMPUTE, 2e12},
	{"3640 pfs-days", WF_DIM_COMPUTE, 3640 * 8.64e19},
	{"1 pfs-day", WF_DIM_COMPUTE, 8.64e19}, {"1 PF-day", WF_DIM_COMPUTE, 8.64e19},
	{"2 PF-days", WF_DIM_COMPUTE, 2 * 8.64e19},
	/* compute rate */
	{"5 FLOP/s", WF_DIM_COMPUTE_RATE, 5}, {"5 FLOPS", WF_DIM_COMPUTE_RATE, 5},
	{"989 TFLOP/s", WF_DIM_COMPUTE_RATE, 989e12},
	{"989 TFLOPS", WF_DIM_COMPUTE_RATE, 989e12},
	{"2 kFLOPS", WF_DIM_COMPUTE_RATE, 2e3}, {"2 MFLOP/s", WF_DIM_COMPUTE_RATE, 2e6},
	{"19.5 GFLOP/s", WF_DIM_COMPUTE_RATE, 19.5e9},
	{"1 PFLOP/s", WF_DIM_COMPUTE_RATE, 1e15}, {"1 PFLOPS", WF_DIM_COMPUTE_RATE, 1e15},
	{"1 EFLOP/s", WF_DIM_COMPUTE_RATE, 1e18}, {"1 ZFLOPS", WF_DIM_COMPUTE_RATE, 1e21},
	{"1 YFLOP/s", WF_DIM_COMPUTE_RATE, 1e24},
	/* data */
	{"64 B", WF_DIM_DATA, 64}, {"1 byte", WF_DIM_DATA, 1},
	{"64 bytes", WF_DIM_DATA, 64}, {"4 kB", WF_DIM_DATA, 4e3},
	{"4 MB", WF_DIM_DATA, 4e6}, {"80 GB", WF_DIM_DATA, 80e9},
	{"2 TB", WF_DIM_DATA, 2e12}, {"2 PB", WF_DIM_DATA, 2e15},
	{"2 EB", WF_DIM_DATA, 2e18}, {"4 KiB", WF_DIM_DATA, 4096},
	{"4 MiB", WF_DIM_DATA, 4194304}, {"80 GiB", WF_DIM_DATA, 80 * 1073741824.0},
	{"1 TiB", WF_DIM_DATA, 1099511627776.0}, {"1 PiB", WF_DIM_DATA, 1125899906842624.0},
	/* water volume */
	{"5 L", WF_DIM_VOLUME, 5}, {"5 l", WF_DIM_VOLUME, 5},
	{"500 mL", WF_DIM_VOLUME, 0.5}, {"500 ml", WF_DIM_VOLUME, 0.5},
	{"2 kL", WF_DIM_VOLUME, 2e3}, {"2 ML", WF_DIM_VOLUME, 2e6},
	{"3 m3", WF_DIM_VOLUME, 3e3}, {"3 m^3", WF_DIM_VOLUME, 3e3},
	{"3 m\xc2\xb3", WF_DIM_VOLUME, 3e3}, {"1 litre", WF_DIM_VOLUME, 1},
	{"2 litres", WF_DIM_VOLUME, 2}, {"1 liter", WF_DIM_VOLUME, 1},
	{"2 liters", WF_DIM_VOLUME, 2}, {"1 gal", WF_DIM_VOLUME, 3.785411784},
	/* counts are dimensionless */
	{"500 tokens", WF_DIM_NONE, 500}, {"1 token", WF_DIM_NONE, 1},
	{"1 request", WF_DIM_NONE, 1}, {"7 requests", WF_DIM_NONE, 7},
	{"7 req", WF_DIM_NONE, 7}, {"7 reqs", WF_DIM_NONE, 7},
	{"1 query", WF_DIM_NONE, 1}, {"7 queries", WF_DIM_NONE, 7},
	{"1 sample", WF_DIM_NONE, 1}, {"7 samples", WF_DIM_NONE, 7},
	{"1 inference", WF_DIM_NONE, 1}, {"7 inferences", WF_DIM_NONE, 7},
	/* dimensionless */
	{"1.1", WF_DIM_NONE, 1.1}, {"45%", WF_DIM_NONE, 0.45},
	{"45 %", WF_DIM_NONE, 0.45}, {"1e6", WF_DIM_NONE, 1e6},
	{"-2.5E-3", WF_DIM_NONE, -2.5e-3}, {"+.5", WF_DIM_NONE, 0.5},
	{"7.", WF_DIM_NONE, 7}, {"  1.1  ", WF_DIM_NONE, 1.1},
	{"0", WF_DIM_NONE, 0},
	/* rates */
	{"1/s", WF_DIM_RATE, 1}, {"3 /s", WF_DIM_RATE, 3},
	{"36 /h", WF_DIM_RATE, 0.01}, {"8640 /day", WF_DIM_RATE, 0.1},
	{"20 tokens/s", WF_DIM_RATE, 20}, {"1 token/s", WF_DIM_RATE, 1},
	{"5 requests/s", WF_DIM_RATE, 5}, {"86400 requests/day", WF_DIM_RATE, 1},
	{"5 req/s", WF_DIM_RATE, 5}, {"172800 queries/day", WF_DIM_RATE, 2},
	{"4 samples/s", WF_DIM_RATE, 4}, {"60 tokens/min", WF_DIM_RATE, 1},
	{"50 Hz", WF_DIM_RATE, 50},
	/* energy per thing counted is an energy */
	{"0.3 Wh/request", WF_DIM_ENERGY, 0.3 * WH},
	{"0.15 J/token", WF_DIM_ENERGY, 0.15}, {"3 Wh/query", WF_DIM_ENERGY, 3 * WH},
	/* power as energy per time */
	{"8760 kWh/yr", WF_DIM_POWER, 8760 * KWH / JYEAR}, {"5 J/s", WF_DIM_POWER, 5},
	/* memory power */
	{"0.375 W/GB", WF_DIM_POWER_PER_DATA, 0.375e-9},
	{"0.4 W/GiB", WF_DIM_POWER_PER_DATA, 0.4 / 1073741824.0},
	{"375 mW/GB", WF_DIM_POWER_PER_DATA, 0.375e-9},
	/* water intensity */
	{"1.8 L/kWh", WF_DIM_WATER_INTENSITY, 1.8 / KWH},
	{"500 mL/kWh", WF_DIM_WATER_INTENSITY, 0.5 / KWH},
	{"1800 L/MWh", WF_DIM_WATER_INTENSITY, 1.8 / KWH},
	{"1.8 m3/MWh", WF_DIM_WATER_INTENSITY, 1.8 / KWH},
	/* temperature */
	{"25 degC", WF_DIM_TEMPERATURE, 25}, {"25 \xc2\xb0" "C", WF_DIM_TEMPERATURE, 25},
	{"-5\xc2\xb0" "C", WF_DIM_TEMPERATURE, -5}, {"12 \xe2\x84\x83", WF_DIM_TEMPERATURE, 12},
	/* no space between number and unit */
	{"1.2MW", WF_DIM_POWER, 1.2e6}, {"150kg", WF_DIM_MASS, 150},
	{"5e3W", WF_DIM_POWER, 5e3}, {"-5 W", WF_DIM_POWER, -5},
};

static void units_all(void **state)
{
	size_t i;

	for (i = 0; i < N(unit_cases); i++) {
		const unit_case *c = &unit_cases[i];
		wf_value v = parse_ok(state, c->text, WF_DIM_COUNT_);
		if (v.dim != c->dim) {
			print_error("\"%s\": dim %s, expected %s\n", c->text,
				    wf_dim_name(v.dim), wf_dim_name(c->dim));
			fail();
		}
		assert_int_equal(v.kind, WF_DIST_FIXED);
		if (c->si == 0)
			assert_true(v.p[0] == 0);
		else
			assert_rel(v.p[0], c->si, REL);
		/* the same text passes when its dimension is expected */
		parse_ok(state, c->text, c->dim);
	}
}

static void co2e_spellings(void **state)
{
	static const unit_case cases[] = {
		{"150 kgCO2e", WF_DIM_MASS, 150}, {"150 kg CO2e", WF_DIM_MASS, 150},
		{"173 tCO2eq", WF_DIM_MASS, 173e3}, {"24.69 t CO2eq", WF_DIM_MASS, 24690},
		{"26 lbs CO2e", WF_DIM_MASS, 26 * LB}, {"5 gCO2", WF_DIM_MASS, 5e-3},
		{"5 t CO2-eq", WF_DIM_MASS, 5e3}, {"5 t CO2-e", WF_DIM_MASS, 5e3},
		{"5 kt co2e", WF_DIM_MASS, 5e6}, {"5 Mt CO\xe2\x82\x82" "e", WF_DIM_MASS, 5e9},
		{"5 tonnes CO2e", WF_DIM_MASS, 5e3}, {"5 lb CO2e", WF_DIM_MASS, 5 * LB},
		{"1 kgCO2", WF_DIM_MASS, 1},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		wf_value v = parse_ok(state, cases[i].text, WF_DIM_MASS);
		assert_rel(v.p[0], cases[i].si, REL);
	}
}

static void intensities(void **state)
{
	static const unit_case cases[] = {
		{"385 g/kWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"0.385 kg/kWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"385 kg/MWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"0.385 t/MWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"1000 lb/MWh", WF_DIM_INTENSITY, 1000 * LB / (1e3 * KWH)},
		{"0.385 g/Wh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"385 gCO2e/kWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"385 gCO2/kWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"0.385 kgCO2e/kWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"385 g CO2eq / kWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"385 tCO2e/GWh", WF_DIM_INTENSITY, 0.385 / KWH},
		{"56 g/MJ", WF_DIM_INTENSITY, 56e-9},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		wf_value v = parse_ok(state, cases[i].text, WF_DIM_INTENSITY);
		assert_rel(v.p[0], cases[i].si, REL);
	}
}

/* "C" is a temperature only where one is expected. */
static void celsius_in_context(void **state)
{
	wf_value v = parse_ok(state, "18 C", WF_DIM_TEMPERATURE);
	wf_parse_error pe;

	assert_rel(v.p[0], 18, REL);
	v = parse_ok(state, "tri(10, 15, 20) C", WF_DIM_TEMPERATURE);
	assert_rel(v.p[1], 15, REL);
	assert_int_equal(wf_qparser_parse(*state, &v, "18 C", WF_DIM_COUNT_, &pe),
			 WF_EINPUT);
	assert_int_equal(pe.offset, 3);
	assert_non_null(strstr(pe.message, "degC"));
}

/* --------------------------------------------------------------- dates */

static void dates(void **state)
{
	static const unit_case cases[] = {
		{"1970-01-01", WF_DIM_DATE, 0},
		{"2024-03-01", WF_DIM_DATE, 1709251200},
		{"2024-03-01T12:00Z", WF_DIM_DATE, 1709294400},
		{"2024-03-01T12:00:00Z", WF_DIM_DATE, 1709294400},
		{"2024-03-01T12:00:00+01:00", WF_DIM_DATE, 1709290800},
		{"2024-03-01T12:00:00-0530", WF_DIM_DATE, 1709294400 + 19800},
		{"2024-03-01T12:00+01", WF_DIM_DATE, 1709290800},
		{"2024-03-01 12:00", WF_DIM_DATE, 1709294400},
		{"2024-03-01 12:00 UTC", WF_DIM_DATE, 1709294400},
		{"2024-03-01t12:00:30.25z", WF_DIM_DATE, 1709294430.25},
		{"2000-02-29", WF_DIM_DATE, 951782400},
		{"1900-03-01", WF_DIM_DATE, -2203891200},
		{"1969-12-31T23:59:59Z", WF_DIM_DATE, -1},
		{"0000-01-01", WF_DIM_DATE, -62167219200},
		{"9999-12-31T23:59:59Z", WF_DIM_DATE, 253402300799},
		{"2100-12-31", WF_DIM_DATE, 4133894400},
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		wf_value v = parse_ok(state, cases[i].text, WF_DIM_DATE);
		if (v.p[0] != cases[i].si) {
			print_error("\"%s\": %.17g, expected %.17g\n", cases[i].text, v.p[0],
				    cases[i].si);
			fail();
		}
	}
}

/* Every day from 1899 to 2101 reads back as itself, and consecutive
 * days are 86400 s apart: checks days-from-civil and its inverse. */
static void dates_every_day(void **state)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	char text[32], back[64];
	double prev = -1e300;
	int y, m, d;

	for (y = 1899; y <= 2101; y++)
		for (m = 1; m <= 12; m++) {
			int n = mdays[m - 1] +
				(m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
			for (d = 1; d <= n; d++) {
				wf_value v;
				snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
				v = parse_ok(state, text, WF_DIM_DATE);
				if (prev > -1e300)
					assert_true(v.p[0] - prev == 86400);
				prev = v.p[0];
				wf_quantity_format(back, sizeof back, v.p[0], WF_DIM_DATE, 4);
				assert_int_equal(strncmp(back, text, 10), 0);
				assert_string_equal(back + 10, "T00:00Z");
			}
		}
}

/* ------------------------------------------------------- distributions */

typedef struct dist_case {
	const char *text;
	wf_dist_kind kind;
	wf_dim dim;
	double p[3];
	double nominal;
} dist_case;

static const dist_case dist_cases[] = {
	{"tri(1.1, 1.2, 1.4)", WF_DIST_TRI, WF_DIM_NONE, {1.1, 1.2, 1.4}, 1.2},
	{"tri(300 W, 400 W, 500 W)", WF_DIST_TRI, WF_DIM_POWER, {300, 400, 500}, 400},
	{"tri(300, 400, 500) W", WF_DIST_TRI, WF_DIM_POWER, {300, 400, 500}, 400},
	{"tri(0.3 kW, 400 W, 0.5 kW)", WF_DIST_TRI, WF_DIM_POWER, {300, 400, 500}, 400},
	{"tri(1, 1, 2)", WF_DIST_TRI, WF_DIM_NONE, {1, 1, 2}, 1},
	{"tri(1, 2, 2)", WF_DIST_TRI, WF_DIM_NONE, {1, 2, 2}, 2},
	{"pert(30, 35, 45) days", WF_DIST_PERT, WF_DIM_TIME,
	 {30 * DAY, 35 * DAY, 45 * DAY}, 35 * DAY},
	{"uniform(1 kW, 1500 W)", WF_DIST_UNIFORM, WF_DIM_POWER, {1000, 1500, 0}, 1250},
	{"uniform(0, 50 W)", WF_DIST_UNIFORM, WF_DIM_POWER, {0, 50, 0}, 25},
	{"uniform(30%, 60%)", WF_DIST_UNIFORM, WF_DIM_NONE, {0.3, 0.6, 0}, 0.45},
	{"uniform(30, 60) %", WF_DIST_UNIFORM, WF_DIM_NONE, {0.3, 0.6, 0}, 0.45},
	{"normal(400, 20) W", WF_DIST_NORMAL, WF_DIM_POWER, {400, 20, 0}, 400},
	{"normal(400 W, 0 W)", WF_DIST_NORMAL, WF_DIM_POWER, {400, 0, 0}, 400},
	{"normal(-5, 1) degC", WF_DIST_NORMAL, WF_DIM_TEMPERATURE, {-5, 1, 0}, -5},
	{"lognormal(385 g/kWh, 1.2)", WF_DIST_LOGNORMAL, WF_DIM_INTENSITY,
	 {0.385 / KWH, 1.2, 0}, 0.385 / KWH},
	{"lognormal(385, 1.2) g/kWh", WF_DIST_LOGNORMAL, WF_DIM_INTENSITY,
	 {0.385 / KWH, 1.2, 0}, 0.385 / KWH},
	{"lognormal(385 g/kWh, 120%)", WF_DIST_LOGNORMAL, WF_DIM_INTENSITY,
	 {0.385 / KWH, 1.2, 0}, 0.385 / KWH},
	{"lognormal(2, 1)", WF_DIST_LOGNORMAL, WF_DIM_NONE, {2, 1, 0}, 2},
	{"  tri ( 1 ,2,3 )  kWh ", WF_DIST_TRI, WF_DIM_ENERGY, {KWH, 2 * KWH, 3 * KWH},
	 2 * KWH},
	{"uniform(2024-01-01, 2024-01-02)", WF_DIST_UNIFORM, WF_DIM_DATE,
	 {1704067200, 1704153600, 0}, 1704110400},
	{"tri(1, 2, 3) kgCO2e", WF_DIST_TRI, WF_DIM_MASS, {1, 2, 3}, 2},
};

static void distributions(void **state)
{
	size_t i;
	int j;

	for (i = 0; i < N(dist_cases); i++) {
		const dist_case *c = &dist_cases[i];
		wf_value v = parse_ok(state, c->text, c->dim);
		assert_int_equal(v.kind, c->kind);
		assert_int_equal(v.dim, c->dim);
		for (j = 0; j < 3; j++) {
			if (c->p[j] == 0)
				assert_true(v.p[j] == 0);
			else
				assert_rel(v.p[j], c->p[j], REL);
		}
		assert_rel(wf_value_nominal(&v), c->nominal, REL);
	}
}

static void nominal(void **state)
{
	wf_value v = {WF_DIST_FIXED, WF_DIM_POWER, {7, 8, 9}};

	(void)state;
	assert_rel(wf_value_nominal(&v), 7, REL);
	v.kind = WF_DIST_TRI;
	assert_rel(wf_value_nominal(&v), 8, REL);
	v.kind = WF_DIST_PERT;
	assert_rel(wf_value_nominal(&v), 8, REL);
	v.kind = WF_DIST_UNIFORM;
	assert_rel(wf_value_nominal(&v), 7.5, REL);
	v.kind = WF_DIST_NORMAL;
	assert_rel(wf_value_nominal(&v), 7, REL);
	v.kind = WF_DIST_LOGNORMAL;
	assert_rel(wf_value_nominal(&v), 7, REL);
	assert_true(isnan(wf_value_nominal(NULL)));
	v.kind = (wf_dist_kind)99;
	assert_true(isnan(wf_value_nominal(&v)));
}

/* -------------------------------------------------------------- errors */

typedef struct err_case {
	const char *text;
	wf_dim expect;
	int code;
	int offset;
	const char *message; /* the whole message */
} err_case;

#define ANY WF_DIM_COUNT_
static const err_case err_cases[] = {
	/* empty, malformed numbers, non-finite */
	{"", ANY, WF_EINPUT, 0, "empty quantity"},
	{"   ", ANY, WF_EINPUT, 3, "empty quantity"},
	{"W", ANY, WF_EINPUT, 0, "expected a number, got \"W\""},
	{"nan W", ANY, WF_EINPUT, 0, "expected a number, got \"nan W\""},
	{"inf", ANY, WF_EINPUT, 0, "expected a number, got \"inf\""},
	{"-inf W", ANY, WF_EINPUT, 0, "expected a number, got \"-inf W\""},
	{"NaN", WF_DIM_NONE, WF_EINPUT, 0, "expected a number, got \"NaN\""},
	{"1e999 W", WF_DIM_POWER, WF_EINPUT, 0, "number out of range \"1e999\""},
	{"-1e999", ANY, WF_EINPUT, 0, "number out of range \"-1e999\""},
	{"1e-400", ANY, WF_EINPUT, 0, "number out of range \"1e-400\""},
	{"1e308 TWh", ANY, WF_EINPUT, 0, "value out of range \"1e308 TWh\""},
	{" 2 W", ANY, 0, 0, NULL}, /* sanity: leading space is fine */
	{"0x10 W", ANY, WF_EINPUT, 1, "unknown unit \"x10 W\""},
	{"1.5.2 W", ANY, WF_EINPUT, 3, "unexpected \".2 W\""},
	{"1,000 W", ANY, WF_EINPUT, 1, "unexpected \",000 W\""},
	{"700 W extra", ANY, WF_EINPUT, 4, "unknown unit \"W extra\""},
	{"700 W)", ANY, WF_EINPUT, 4, "unknown unit \"W)\""},
	{"- 5 W", ANY, WF_EINPUT, 0, "expected a number, got \"- 5 W\""},
	/* unknown units, with and without suggestions */
	{"700 kgs", WF_DIM_MASS, WF_EINPUT, 4, "unknown unit \"kgs\", did you mean \"kg\"?"},
	{"700 kwh", ANY, WF_EINPUT, 4, "unknown unit \"kwh\", did you mean \"kWh\"?"},
	{"700 KWh", ANY, WF_EINPUT, 4, "unknown unit \"KWh\", did you mean \"kWh\"?"},
	{"700 kWhh", ANY, WF_EINPUT, 4, "unknown unit \"kWhh\", did you mean \"kWh\"?"},
	{"700 Wattz", ANY, WF_EINPUT, 4, "unknown unit \"Wattz\", did you mean \"watt\"?"},
	{"5 x", ANY, WF_EINPUT, 2, "unknown unit \"x\""},
	{"5 K", ANY, WF_EINPUT, 2, "unknown unit \"K\""},
	{"5 c", ANY, WF_EINPUT, 2, "unknown unit \"c\""},
	{"5 C", ANY, WF_EINPUT, 2, "unknown unit \"C\", write \"degC\" for a temperature"},
	{"5 C", WF_DIM_POWER, WF_EINPUT, 2,
	 "unknown unit \"C\", write \"degC\" for a temperature"},
	{"5 KB", ANY, WF_EINPUT, 2, "unknown unit \"KB\", did you mean \"kB\"?"},
	{"5 flops", ANY, WF_EINPUT, 2, "unknown unit \"flops\", did you mean \"FLOPs\"?"},
	{"5 g/kwh", ANY, WF_EINPUT, 4, "unknown unit \"kwh\", did you mean \"kWh\"?"},
	{"5 gCO2e/kWhs", ANY, WF_EINPUT, 8, "unknown unit \"kWhs\", did you mean \"kWh\"?"},
	{"5 kg CO2 e", ANY, WF_EINPUT, 2, "unknown unit \"kg CO2 e\""},
	{"5 W/", ANY, WF_EINPUT, 2, "unknown unit \"W/\""},
	{"5 W/GB/s", ANY, WF_EINPUT, 2, "unknown unit \"W/GB/s\""},
	/* units that parse but do not combine */
	{"5 W/kg", ANY, WF_EINPUT, 2, "unsupported unit \"W/kg\""},
	{"5 W/s", ANY, WF_EINPUT, 2, "unsupported unit \"W/s\""},
	{"5 GB/s", ANY, WF_EINPUT, 2, "unsupported unit \"GB/s\""},
	{"5 kWh CO2e", ANY, WF_EINPUT, 6,
	 "a CO2 suffix must follow a mass unit, got \"kWh CO2e\""},
	{"5 kWh/kgCO2e", ANY, WF_EINPUT, 2, "unsupported unit \"kWh/kgCO2e\""},
	{"5 g/kWhCO2", ANY, WF_EINPUT, 7,
	 "a CO2 suffix must follow a mass unit, got \"g/kWhCO2\""},
	{"5 %/s", ANY, WF_EINPUT, 2,
	 "cannot divide % or a temperature, got \"%/s\""},
	{"5 degC/h", ANY, WF_EINPUT, 2,
	 "cannot divide % or a temperature, got \"degC/h\""},
	/* wrong dimension: offset at the start of the text */
	{"700 kWh", WF_DIM_POWER, WF_EDIM, 0, "expected a power, got an energy \"700 kWh\""},
	{"700 kg", WF_DIM_POWER, WF_EDIM, 0, "expected a power, got a CO2e mass \"700 kg\""},
	{"  700 W ", WF_DIM_ENERGY, WF_EDIM, 2, "expected an energy, got a power \"700 W\""},
	{"5 W", WF_DIM_NONE, WF_EDIM, 0, "expected a dimensionless number, got a power \"5 W\""},
	{"1.1", WF_DIM_POWER, WF_EDIM, 0, "expected a power, got a dimensionless number \"1.1\""},
	{"2024", WF_DIM_DATE, WF_EDIM, 0, "expected a date, got a dimensionless number \"2024\""},
	{"989 TFLOPs", WF_DIM_COMPUTE_RATE, WF_EDIM, 0,
	 "expected a compute rate, got a compute amount \"989 TFLOPs\""},
	{"1.8 L/kWh", WF_DIM_INTENSITY, WF_EDIM, 0,
	 "expected a carbon intensity, got a water intensity \"1.8 L/kWh\""},
	{"tri(1, 2, 3) kWh", WF_DIM_POWER, WF_EDIM, 0,
	 "expected a power, got an energy \"tri(1, 2, 3) kWh\""},
	{"0.375 W/GB", WF_DIM_POWER, WF_EDIM, 0,
	 "expected a power, got a memory power (W per byte) \"0.375 W/GB\""},
	/* dates */
	{"2024-13-01", ANY, WF_EINPUT, 5, "invalid month in date \"2024-13-01\""},
	{"2024-00-01", ANY, WF_EINPUT, 5, "invalid month in date \"2024-00-01\""},
	{"2023-02-29", ANY, WF_EINPUT, 8, "invalid day in date \"2023-02-29\""},
	{"1900-02-29", ANY, WF_EINPUT, 8, "invalid day in date \"1900-02-29\""},
	{"2024-04-31", ANY, WF_EINPUT, 8, "invalid day in date \"2024-04-31\""},
	{"2024-04-00", ANY, WF_EINPUT, 8, "invalid day in date \"2024-04-00\""},
	{"2024-03-01T24:00Z", ANY, WF_EINPUT, 11, "invalid hour in date \"2024-03-01T24:00Z\""},
	{"2024-03-01T12:60Z", ANY, WF_EINPUT, 14, "invalid minute in date \"2024-03-01T12:60Z\""},
	{"2024-03-01T12:00:60Z", ANY, WF_EINPUT, 17,
	 "invalid second in date \"2024-03-01T12:00:60Z\""},
	{"2024-03-01T12:00+24:00", ANY, WF_EINPUT, 17,
	 "invalid zone offset in date \"2024-03-01T12:00+24:00\""},
	{"2024-03-01T12:00+01:60", ANY, WF_EINPUT, 20,
	 "invalid zone offset in date \"2024-03-01T12:00+01:60\""},
	{"2024-3-1", ANY, WF_EINPUT, 0,
	 "malformed date \"2024-3-1\", expected YYYY-MM-DD[Thh:mm[:ss][Z|+hh:mm]]"},
	{"2024-03-01T12", ANY, WF_EINPUT, 0,
	 "malformed date \"2024-03-01T12\", expected YYYY-MM-DD[Thh:mm[:ss][Z|+hh:mm]]"},
	{"2024-03-01 W", ANY, WF_EINPUT, 0,
	 "malformed date \"2024-03-01 W\", expected YYYY-MM-DD[Thh:mm[:ss][Z|+hh:mm]]"},
	/* distributions: syntax */
	{"trii(1, 2, 3)", ANY, WF_EINPUT, 0, "unknown distribution \"trii\", did you mean \"tri\"?"},
	{"gauss(1, 2)", ANY, WF_EINPUT, 0, "unknown distribution \"gauss\""},
	{"Normal(1, 2)", ANY, WF_EINPUT, 0,
	 "unknown distribution \"Normal\", did you mean \"normal\"?"},
	{"tri(1, 2, 3", ANY, WF_EINPUT, 11, "tri: missing \")\""},
	{"tri(1, (2), 3)", ANY, WF_EINPUT, 7, "tri: unexpected \"(\""},
	{"tri(1, 2)", ANY, WF_EINPUT, 8, "tri takes 3 arguments, got 2"},
	{"tri(1, 2, 3, 4)", ANY, WF_EINPUT, 13, "tri takes 3 arguments, got more"},
	{"uniform(1)", ANY, WF_EINPUT, 9, "uniform takes 2 arguments, got 1"},
	{"tri()", ANY, WF_EINPUT, 4, "tri: missing a"},
	{"tri(1, , 3)", ANY, WF_EINPUT, 7, "tri: missing mode"},
	{"normal(1, )", ANY, WF_EINPUT, 10, "normal: missing sd"},
	{"tri(1, 2, 3) W extra", ANY, WF_EINPUT, 13, "unknown unit \"W extra\""},
	{"tri(1, 2, 3))", ANY, WF_EINPUT, 12, "unexpected \")\""},
	{"tri(1, 2, 3) kgs", ANY, WF_EINPUT, 13, "unknown unit \"kgs\", did you mean \"kg\"?"},
	/* distributions: arguments */
	{"tri(1, 2, nan)", ANY, WF_EINPUT, 10, "expected a number, got \"nan\""},
	{"tri(1, 2, 1e999)", ANY, WF_EINPUT, 10, "number out of range \"1e999\""},
	{"tri(1, 2 Wz, 3)", ANY, WF_EINPUT, 9, "unknown unit \"Wz\", did you mean \"W\"?"},
	{"tri(300 W, 400 J, 500 W)", ANY, WF_EINPUT, 11,
	 "tri: arguments differ in dimension, \"400 J\" is an energy, expected a power"},
	{"uniform(1 kW, 1500)", ANY, WF_EINPUT, 14,
	 "uniform: arguments differ in dimension, \"1500\" is a dimensionless number, "
	 "expected a power"},
	{"uniform(1, 2 W)", ANY, WF_EINPUT, 8,
	 "uniform: arguments differ in dimension, \"1\" is a dimensionless number, "
	 "expected a power"},
	{"uniform(0, 5 degC)", ANY, WF_EINPUT, 8,
	 "uniform: arguments differ in dimension, \"0\" is a dimensionless number, "
	 "expected a temperature"},
	{"tri(300 W, 400 W, 500 W) W", ANY, WF_EINPUT, 25,
	 "tri: a unit both inside and after the call"},
	{"tri(1, 2, 3%) W", ANY, WF_EINPUT, 14, "tri: a unit both inside and after the call"},
	{"tri(1, 2, 1e307) TWh", ANY, WF_EINPUT, 10, "value out of range \"1e307\""},
	/* distributions: parameter ranges */
	{"tri(1.4, 1.2, 1.1)", ANY, WF_EINPUT, 14, "tri: b \"1.1\" must be greater than a"},
	{"tri(1, 1, 1)", ANY, WF_EINPUT, 10, "tri: b \"1\" must be greater than a"},
	{"tri(1, 0.5, 2)", ANY, WF_EINPUT, 7, "tri: mode \"0.5\" is below a"},
	{"tri(1, 3, 2)", ANY, WF_EINPUT, 7, "tri: mode \"3\" is above b"},
	{"pert(1 kW, 900 W, 2 kW)", ANY, WF_EINPUT, 11, "pert: mode \"900 W\" is below a"},
	{"pert(5, 5, 4)", ANY, WF_EINPUT, 11, "pert: b \"4\" must be greater than a"},
	{"uniform(2, 2)", ANY, WF_EINPUT, 11, "uniform: b \"2\" must be greater than a"},
	{"uniform(1 kW, 900 W)", ANY, WF_EINPUT, 14, "uniform: b \"900 W\" must be greater than a"},
	{"normal(1, -0.1)", ANY, WF_EINPUT, 10, "normal: sd \"-0.1\" must not be negative"},
	{"lognormal(0, 1.2)", ANY, WF_EINPUT, 10, "lognormal: median \"0\" must be positive"},
	{"lognormal(-1 W, 1.2)", ANY, WF_EINPUT, 10, "lognormal: median \"-1 W\" must be positive"},
	{"lognormal(1, 0.9)", ANY, WF_EINPUT, 13, "lognormal: gsd \"0.9\" must be at least 1"},
	{"lognormal(1 W, 1.2 W)", ANY, WF_EINPUT, 15,
	 "lognormal: gsd \"1.2 W\" must be a dimensionless number"},
	{"lognormal(1 W, 2024-01-01)", ANY, WF_EINPUT, 15,
	 "lognormal: gsd \"2024-01-01\" must be a dimensionless number"},
};

static void errors_all(void **state)
{
	size_t i;

	for (i = 0; i < N(err_cases); i++) {
		const err_case *c = &err_cases[i];
		wf_value v = {WF_DIST_PERT, WF_DIM_DATE, {-7, -7, -7}};
		wf_parse_error pe;
		int rc = wf_qparser_parse(*state, &v, c->text, c->expect, &pe);

		if (rc != c->code || (c->code && (pe.offset != c->offset ||
						   strcmp(pe.message, c->message) != 0))) {
			print_error("\"%s\": rc %d at %d: %s\n  expected rc %d at %d: %s\n",
				    c->text, rc, pe.offset, pe.message, c->code, c->offset,
				    c->message ? c->message : "");
			fail();
		}
		/* out is untouched on failure */
		if (c->code)
			assert_true(v.kind == WF_DIST_PERT && v.p[0] == -7 && v.p[2] == -7);
	}
}

/* Messages are lowercase, one line, with no trailing period. */
static void error_message_style(void **state)
{
	size_t i;

	for (i = 0; i < N(err_cases); i++) {
		const char *m = err_cases[i].message;
		if (!m)
			continue;
		assert_true(*m >= 'a' && *m <= 'z');
		assert_null(strchr(m, '\n'));
		assert_true(m[strlen(m) - 1] != '.');
	}
	(void)state;
}

static void errors_misc(void **state)
{
	char long_text[1100];
	wf_parse_error pe;
	wf_value v;

	/* too long */
	memset(long_text, ' ', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	memcpy(long_text, "700 W", 5);
	assert_int_equal(wf_qparser_parse(*state, &v, long_text, WF_DIM_POWER, &pe),
			 WF_EINPUT);
	assert_string_equal(pe.message, "quantity too long (over 1024 bytes)");
	/* 1024 bytes is still fine */
	long_text[1024] = '\0';
	assert_int_equal(wf_qparser_parse(*state, &v, long_text, WF_DIM_POWER, &pe), 0);
	/* NULL perr, NULL text, bad expect */
	assert_int_equal(wf_qparser_parse(*state, &v, "7 kgs", WF_DIM_MASS, NULL), WF_EINPUT);
	assert_int_equal(wf_qparser_parse(*state, &v, "7 kg", WF_DIM_POWER, NULL), WF_EDIM);
	assert_int_equal(wf_qparser_parse(*state, &v, NULL, WF_DIM_POWER, &pe), WF_EINPUT);
	assert_int_equal(wf_qparser_parse(*state, NULL, "7 W", WF_DIM_POWER, &pe), WF_EINPUT);
	assert_int_equal(wf_qparser_parse(NULL, &v, "7 W", WF_DIM_POWER, &pe), WF_EINPUT);
	assert_int_equal(wf_qparser_parse(*state, &v, "7 W", (wf_dim)99, &pe), WF_EINPUT);
	/* the quote in a message is bounded and stays one line */
	assert_int_equal(wf_qparser_parse(*state, &v,
					  "1 kWh\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
					  WF_DIM_COUNT_, &pe), WF_EINPUT);
	assert_null(strchr(pe.message, '\n'));
	assert_non_null(strstr(pe.message, "...\""));
}

/* The public entry point makes its own parser. */
static void value_parse_public(void **state)
{
	wf_parse_error pe;
	wf_value v;

	(void)state;
	assert_int_equal(wf_value_parse(&v, "normal(400, 20) W", WF_DIM_POWER, &pe), 0);
	assert_int_equal(v.kind, WF_DIST_NORMAL);
	assert_rel(v.p[1], 20, REL);
	assert_int_equal(wf_value_parse(&v, "700 kWh", WF_DIM_POWER, &pe), WF_EDIM);
	assert_string_equal(pe.message, "expected a power, got an energy \"700 kWh\"");
	assert_int_equal(wf_value_parse(&v, "700 kgs", WF_DIM_COUNT_, NULL), WF_EINPUT);
	/* a previous message does not leak into a success */
	assert_int_equal(wf_value_parse(&v, "1 W", WF_DIM_COUNT_, &pe), 0);
	assert_int_equal(pe.offset, 0);
	assert_string_equal(pe.message, "");
}

static void dim_names_and_units(void **state)
{
	static const char *const names[WF_DIM_COUNT_] = {
		"a dimensionless number", "a power", "an energy", "a time", "a CO2e mass",
		"a carbon intensity", "a compute amount", "a compute rate", "a data size",
		"a water volume", "a water intensity", "a rate",
		"a memory power (W per byte)", "a date", "a temperature",
		"a CO2e mass per data size (kg/GB)", "a CO2e mass per power (t/MW)",
	};
	static const char *const unit[WF_DIM_COUNT_] = {
		"1", "W", "J", "s", "kg", "kg/J", "FLOP", "FLOP/s", "B", "L", "L/J",
		"1/s", "W/B", "s", "degC", "kg/B", "kg/W",
	};
	int d;

	(void)state;
	for (d = 0; d < WF_DIM_COUNT_; d++) {
		assert_string_equal(wf_dim_name((wf_dim)d), names[d]);
		assert_string_equal(wf_dim_unit((wf_dim)d), unit[d]);
	}
	assert_non_null(wf_dim_name(WF_DIM_COUNT_));
	assert_non_null(wf_dim_unit((wf_dim)-1));
}

/* ----------------------------------------------------------- formatting */

typedef struct fmt_case {
	double si;
	wf_dim dim;
	int sig;
	const char *want;
} fmt_case;

static const fmt_case fmt_cases[] = {
	/* energy: J below 1 Wh, then the prefix that keeps the number in [1, 1000) */
	{449839.3 * KWH, WF_DIM_ENERGY, 4, "449.8 MWh"},
	{1.5, WF_DIM_ENERGY, 4, "1.5 J"},
	{0.15, WF_DIM_ENERGY, 4, "0.15 J"},
	{WH, WF_DIM_ENERGY, 4, "1 Wh"},
	{999.4 * KWH, WF_DIM_ENERGY, 4, "999.4 kWh"},
	{999.96 * KWH, WF_DIM_ENERGY, 4, "1 MWh"},
	{2.5e6 * KWH, WF_DIM_ENERGY, 3, "2.5 GWh"},
	{3e9 * KWH, WF_DIM_ENERGY, 3, "3 TWh"},
	{3e12 * KWH, WF_DIM_ENERGY, 3, "3000 TWh"},
	{-2 * KWH, WF_DIM_ENERGY, 3, "-2 kWh"},
	{0, WF_DIM_ENERGY, 4, "0 J"},
	/* mass */
	{173.2e3, WF_DIM_MASS, 4, "173.2 t CO2e"},
	{0.5, WF_DIM_MASS, 4, "500 g CO2e"},
	{150, WF_DIM_MASS, 4, "150 kg CO2e"},
	{2.5e6, WF_DIM_MASS, 4, "2.5 kt CO2e"},
	{3e9, WF_DIM_MASS, 4, "3 Mt CO2e"},
	/* power */
	{400, WF_DIM_POWER, 4, "400 W"},
	{1.2e6, WF_DIM_POWER, 4, "1.2 MW"},
	{5e3, WF_DIM_POWER, 4, "5 kW"},
	{2e9, WF_DIM_POWER, 4, "2 GW"},
	{0.25, WF_DIM_POWER, 4, "0.25 W"},
	/* intensity, always g/kWh */
	{0.385 / KWH, WF_DIM_INTENSITY, 4, "385 g/kWh"},
	{0.0123 / KWH, WF_DIM_INTENSITY, 3, "12.3 g/kWh"},
	/* time */
	{30, WF_DIM_TIME, 4, "30 s"},
	{90, WF_DIM_TIME, 4, "1.5 min"},
	{3600, WF_DIM_TIME, 4, "1 h"},
	{47 * 3600.0, WF_DIM_TIME, 4, "47 h"},
	{48 * 3600.0, WF_DIM_TIME, 4, "2 days"},
	{DAY * 35, WF_DIM_TIME, 4, "35 days"},
	{2 * JYEAR, WF_DIM_TIME, 4, "2 years"},
	{1022362 * 3600.0, WF_DIM_TIME, 4, "116.6 years"},
	/* volume */
	{5, WF_DIM_VOLUME, 4, "5 L"},
	{999, WF_DIM_VOLUME, 4, "999 L"},
	{2.5e3, WF_DIM_VOLUME, 4, "2.5 m3"},
	{5e9, WF_DIM_VOLUME, 4, "5000000 m3"},
	/* water intensity */
	{1.8 / KWH, WF_DIM_WATER_INTENSITY, 4, "1.8 L/kWh"},
	/* compute */
	{3.14e23, WF_DIM_COMPUTE, 4, "3.14e23 FLOP"},
	{1000, WF_DIM_COMPUTE, 4, "1000 FLOP"},
	{1e6, WF_DIM_COMPUTE, 4, "1e6 FLOP"},
	{989e12, WF_DIM_COMPUTE_RATE, 4, "989 TFLOP/s"},
	{1.979e15, WF_DIM_COMPUTE_RATE, 4, "1.979 PFLOP/s"},
	{19.5e9, WF_DIM_COMPUTE_RATE, 4, "19.5 GFLOP/s"},
	/* data */
	{80e9, WF_DIM_DATA, 4, "80 GB"},
	{80 * 1073741824.0, WF_DIM_DATA, 4, "85.9 GB"},
	{512, WF_DIM_DATA, 4, "512 B"},
	{2e12, WF_DIM_DATA, 4, "2 TB"},
	/* rates, memory power, temperature, dimensionless */
	{20, WF_DIM_RATE, 4, "20/s"},
	{1.0 / 86400, WF_DIM_RATE, 4, "1.157e-5/s"},
	{0.375e-9, WF_DIM_POWER_PER_DATA, 4, "0.375 W/GB"},
	{25, WF_DIM_TEMPERATURE, 4, "25 degC"},
	{1.1, WF_DIM_NONE, 4, "1.1"},
	{0.45, WF_DIM_NONE, 4, "0.45"},
	{1022362, WF_DIM_NONE, 4, "1022362"},
	{449.8123, WF_DIM_NONE, 4, "449.8"},
	{449.8123, WF_DIM_NONE, 0, "450"}, /* integer digits are kept */
	{1.0 / 3, WF_DIM_NONE, 17, "0.33333333333333331"},
	{1e20, WF_DIM_NONE, 3, "1e20"},
	{-1.25e-7, WF_DIM_NONE, 3, "-1.25e-7"},
	{0.0001, WF_DIM_NONE, 3, "0.0001"},
	/* dates */
	{1709294400, WF_DIM_DATE, 4, "2024-03-01T12:00Z"},
	{1709294430, WF_DIM_DATE, 4, "2024-03-01T12:00:30Z"},
	{0, WF_DIM_DATE, 4, "1970-01-01T00:00Z"},
	{-1, WF_DIM_DATE, 4, "1969-12-31T23:59:59Z"},
	{951782400, WF_DIM_DATE, 4, "2000-02-29T00:00Z"},
	/* never nan or inf */
	{NAN, WF_DIM_ENERGY, 4, "n/a"},
	{INFINITY, WF_DIM_POWER, 4, "n/a"},
	{-INFINITY, WF_DIM_NONE, 4, "n/a"},
	{NAN, WF_DIM_DATE, 4, "n/a"},
	{1e300, WF_DIM_DATE, 4, "n/a"},
	/* an unknown dimension prints the bare number */
	{2.5, WF_DIM_COUNT_, 4, "2.5"},
};

static void format_all(void **state)
{
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < N(fmt_cases); i++) {
		const fmt_case *c = &fmt_cases[i];
		wf_quantity_format(buf, sizeof buf, c->si, c->dim, c->sig);
		if (strcmp(buf, c->want) != 0) {
			print_error("format(%.17g, %s, %d) = \"%s\", expected \"%s\"\n", c->si,
				    wf_dim_name(c->dim), c->sig, buf, c->want);
			fail();
		}
	}
}

static void format_small_buffers(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof buf);
	assert_ptr_equal(wf_quantity_format(buf, 0, 1, WF_DIM_POWER, 4), buf);
	assert_int_equal(buf[0], 'x');
	wf_quantity_format(buf, 5, 173.2e3, WF_DIM_MASS, 4);
	assert_string_equal(buf, "173.");
	assert_null(wf_quantity_format(NULL, 10, 1, WF_DIM_POWER, 4));
}

/* format at 17 digits and parse back: the same number, the same dimension. */
static void format_round_trip(void **state)
{
	static const double xs[] = {1, 0.15, 3.7e-3, 449839.3e3 * 3600, 1.2e6, 385.0 / 3.6e9,
				    3.14e23, 989e12, 80e9, 1709294400, 7.5e7, -42.5,
				    123456.789, 1e-9, 2.2e11};
	char buf[96];
	size_t i;
	int d;

	for (d = 0; d < WF_DIM_COUNT_; d++)
		for (i = 0; i < N(xs); i++) {
			double x = xs[i];
			wf_value v;
			if (d == WF_DIM_DATE) /* whole seconds, years 1970..9999 */
				x = fabs(x) < 2.5e11 ? floor(fabs(x)) : 1709294400;
			wf_quantity_format(buf, sizeof buf, x, (wf_dim)d, 17);
			v = parse_ok(state, buf, (wf_dim)d);
			assert_rel(v.p[0], x, 1e-14);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(units_all),
		cmocka_unit_test(co2e_spellings),
		cmocka_unit_test(intensities),
		cmocka_unit_test(celsius_in_context),
		cmocka_unit_test(dates),
		cmocka_unit_test(dates_every_day),
		cmocka_unit_test(distributions),
		cmocka_unit_test(nominal),
		cmocka_unit_test(errors_all),
		cmocka_unit_test(error_message_style),
		cmocka_unit_test(errors_misc),
		cmocka_unit_test(value_parse_public),
		cmocka_unit_test(dim_names_and_units),
		cmocka_unit_test(format_all),
		cmocka_unit_test(format_small_buffers),
		cmocka_unit_test(format_round_trip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

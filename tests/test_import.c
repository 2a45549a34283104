/*
 * test_import.c - tests of the importers (wf_import, import*.c): each
 * format's fixture in tests/data/import/ converts to the exact series CSV
 * written out here by hand; overlapping downloads are kept once and the
 * API's extra leading period is clipped; CET/CEST wall times become UTC
 * (the repeated October hour, the skipped March hour, the "(CEST)" labels);
 * ENTSO-E generation weighed with a factor set gives Σ G EF / Σ G computed
 * here; and one bad input per check with its file:line:col and message.
 * The round trip through `wattif run` is in tests/import.sh.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "import_int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define D "tests/data/import/"

static char tmpdir[] = "/tmp/wattif_import_XXXXXX";

/* Import files (relative to the repository root) with options o. */
static int import_paths(char **csv, char **notes, wf_import_format fmt,
			const char *const *rel, size_t n, const wf_import_options *o,
			wf_error *err)
{
	char p[8][1024];
	const char *paths[8];
	size_t i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++)
		paths[i] = rel[i][0] == '/' ? rel[i] : test_path(p[i], sizeof p[i], rel[i]);
	wf_error_clear(err);
	return wf_import(csv, NULL, notes, fmt, paths, n, o, err);
}

/* Import one fixture and compare the CSV with want. */
static void expect_csv(wf_import_format fmt, const char *rel, const wf_import_options *o,
		       const char *want)
{
	char *csv = NULL, *notes = NULL, b[2048];
	wf_error err;
	int rc = import_paths(&csv, &notes, fmt, &rel, 1, o, &err);

	if (rc)
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
	assert_int_equal(rc, 0);
	assert_string_equal(csv, want);
	wf_import_free(csv);
	wf_import_free(notes);
}

static void electricitymaps_zones(void **state)
{
	wf_import_options o = WF_IMPORT_OPTIONS_INIT;

	(void)state;
	/* two zones: the regional layout, rows by zone then time; the DE
	 * empty cell and the missing 05:00 hour are gaps */
	expect_csv(WF_IMPORT_ELECTRICITYMAPS, D "em_two_zones.csv", NULL,
		   "timestamp_utc,region_id,region,intensity_g_per_kwh\n"
		   "2024-01-01T00:00:00Z,SE,Sweden,2.54\n"
		   "2024-01-01T01:00:00Z,SE,Sweden,2.6\n"
		   "2024-01-01T02:00:00Z,SE,Sweden,2.71\n"
		   "2024-01-01T03:00:00Z,SE,Sweden,3.02\n"
		   "2024-01-01T04:00:00Z,SE,Sweden,3.4\n"
		   "2024-01-01T05:00:00Z,SE,Sweden,3.1\n"
		   "2024-01-01T00:00:00Z,DE,Germany,301.5\n"
		   "2024-01-01T01:00:00Z,DE,Germany,298.75\n"
		   "2024-01-01T02:00:00Z,DE,Germany,\n"
		   "2024-01-01T03:00:00Z,DE,Germany,305.25\n"
		   "2024-01-01T04:00:00Z,DE,Germany,310\n"
		   "2024-01-01T05:00:00Z,DE,Germany,\n"
		   "2024-01-01T06:00:00Z,DE,Germany,320.5\n");
	/* one zone (any case), life-cycle values, clipped: one series */
	o.zone = "de";
	o.value = "lifecycle";
	o.from = "2024-01-01T01:00Z";
	o.to = "2024-01-01T05:00";
	expect_csv(WF_IMPORT_ELECTRICITYMAPS, D "em_two_zones.csv", &o,
		   "timestamp_utc,intensity_g_per_kwh\n"
		   "2024-01-01T01:00:00Z,349.5\n"
		   "2024-01-01T02:00:00Z,350.1\n"
		   "2024-01-01T03:00:00Z,355\n"
		   "2024-01-01T04:00:00Z,360.75\n");
}

/* The reference layout of the shipped research copies reads too, and a
 * year of hours comes back row for row. */
static void electricitymaps_reference_layout(void **state)
{
	char *csv = NULL, *notes = NULL, line[128];
	const char *rel = D "em_reference_layout.csv";
	wf_error err;

	(void)state;
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_ELECTRICITYMAPS, &rel, 1, NULL,
				      &err), 0);
	snprintf(line, sizeof line, "2024-01-01T02:00:00Z,137.94\n");
	assert_non_null(strstr(csv, line));
	assert_non_null(strstr(notes, "columns left out: \"low_carbon_pct\""));
	assert_non_null(strstr(notes, "1 of 4 rows are estimated"));
	wf_import_free(csv);
	wf_import_free(notes);
}

static void neso_regional_chunks(void **state)
{
	const char *rel[] = {D "neso_regional_1.json", D "neso_regional_2.json"};
	wf_import_options o = WF_IMPORT_OPTIONS_INIT;
	char *csv = NULL, *notes = NULL;
	wf_error err;

	(void)state;
	/* the API's period before `from` clipped; 01:30 is in both files
	 * with the same values: kept once */
	o.from = "2024-03-01T00:00Z";
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_NESO_JSON, rel, 2, &o, &err), 0);
	assert_non_null(strstr(csv, "timestamp_utc,region_id,region,intensity_g_per_kwh,"
				    "biomass_pct,coal_pct,imports_pct,gas_pct,nuclear_pct,"
				    "other_pct,hydro_pct,solar_pct,wind_pct\n"
				    "2024-03-01T00:00:00Z,1,North Scotland,0,5,0,10,2,15,0.5,9,0,"
				    "58.5\n"));
	assert_non_null(strstr(csv, "2024-03-01T01:30:00Z,13,London,196,5,0,13,27,15,0.5,1,0,"
				    "38.5\n2024-03-01T02:00:00Z,13,London,204,"));
	assert_null(strstr(csv, "2024-02-29"));
	assert_non_null(strstr(notes, "1 rows outside") ? strstr(notes, "1 rows outside")
							 : strstr(notes, "2 rows outside"));
	assert_non_null(strstr(notes, "2 intervals given identically in two files"));
	assert_non_null(strstr(notes, "16 intervals, 2 regions, step 30 min"));
	wf_import_free(csv);
	wf_import_free(notes);
}

static void neso_one_region_national_generation(void **state)
{
	wf_import_options o = WF_IMPORT_OPTIONS_INIT;

	(void)state;
	expect_csv(WF_IMPORT_NESO_JSON, D "neso_national.json", NULL,
		   "timestamp_utc,intensity_g_per_kwh\n"
		   "2024-03-01T00:00:00Z,150\n2024-03-01T00:30:00Z,164\n"
		   "2024-03-01T01:00:00Z,155\n2024-03-01T01:30:00Z,169\n"
		   "2024-03-01T02:00:00Z,160\n2024-03-01T02:30:00Z,151\n"
		   "2024-03-01T03:00:00Z,\n2024-03-01T03:30:00Z,156\n"
		   "2024-03-01T04:00:00Z,170\n2024-03-01T04:30:00Z,161\n");
	o.value = "forecast";
	o.to = "2024-03-01T01:00Z";
	expect_csv(WF_IMPORT_NESO_JSON, D "neso_national.json", &o,
		   "timestamp_utc,intensity_g_per_kwh\n"
		   "2024-03-01T00:00:00Z,148\n2024-03-01T00:30:00Z,149\n");
	o.value = NULL;
	expect_csv(WF_IMPORT_NESO_JSON, D "neso_region13.json", &o,
		   "timestamp_utc,region_id,region,intensity_g_per_kwh,biomass_pct,coal_pct,"
		   "imports_pct,gas_pct,nuclear_pct,other_pct,hydro_pct,solar_pct,wind_pct\n"
		   "2024-03-01T00:00:00Z,13,London,180,5,0,10,30,15,0.5,1,0,38.5\n"
		   "2024-03-01T00:30:00Z,13,London,184,5,0,11,29,15,0.5,1,0,38.5\n");
	expect_csv(WF_IMPORT_NESO_JSON, D "neso_generation.json", NULL,
		   "timestamp_utc,biomass_pct,coal_pct,imports_pct,gas_pct,nuclear_pct,"
		   "other_pct,hydro_pct,solar_pct,wind_pct\n"
		   "2024-03-01T00:00:00Z,5,0,10,30,15,0.5,1,0,38.5\n"
		   "2024-03-01T00:30:00Z,5,0,11,29,15,0.5,1,0,38.5\n"
		   "2024-03-01T01:00:00Z,5,0,12,28,15,0.5,1,0,38.5\n"
		   "2024-03-01T01:30:00Z,5,0,13,27,15,0.5,1,0,38.5\n");
}

static void entsoe_generation(void **state)
{
	(void)state;
	/* CET/CEST: 22:00 CEST is 20:00Z; 02:00 comes twice (CEST, then CET);
	 * nuclear is n/e throughout and left out, consumption columns too */
	expect_csv(WF_IMPORT_ENTSOE, D "entsoe_de_cet.csv", NULL,
		   "timestamp_utc,biomass_mw,fossil_gas_mw,fossil_hard_coal_mw,"
		   "hydro_pumped_storage_mw,solar_mw,wind_onshore_mw\n"
		   "2024-10-26T20:00:00Z,4100,3000,2000,0,0,15000\n"
		   "2024-10-26T21:00:00Z,4101,3097,2053,100,0,14400\n"
		   "2024-10-26T22:00:00Z,4102,3194,2106,200,0,13800\n"
		   "2024-10-26T23:00:00Z,4103,3291,2159,0,0,13200\n"
		   "2024-10-27T00:00:00Z,4104,3388,2212,100,0,12600\n"
		   "2024-10-27T01:00:00Z,4105,3485,2265,200,0,12000\n"
		   "2024-10-27T02:00:00Z,4106,3582,2318,0,0,11400\n"
		   "2024-10-27T03:00:00Z,4107,3679,2371,100,0,10800\n"
		   "2024-10-27T04:00:00Z,4108,3776,2024,200,0,10200\n");
	/* UTC, 15 minutes, the new date style; N/A is a gap */
	expect_csv(WF_IMPORT_ENTSOE, D "entsoe_nl_utc.csv", NULL,
		   "timestamp_utc,biomass_mw,fossil_gas_mw,solar_mw,wind_offshore_mw\n"
		   "2025-01-01T00:00:00Z,500,6000,0,2000\n"
		   "2025-01-01T00:15:00Z,501,5900,0,2050\n"
		   "2025-01-01T00:30:00Z,502,5800,0,2100\n"
		   "2025-01-01T00:45:00Z,503,5700,0,2150\n"
		   "2025-01-01T01:00:00Z,504,5600,0,2200\n"
		   "2025-01-01T01:15:00Z,505,,0,2250\n"
		   "2025-01-01T01:30:00Z,506,5400,0,2300\n"
		   "2025-01-01T01:45:00Z,507,5300,0,2350\n");
}

/* Parse "timestamp,value" line k (0 = first data line) of csv. */
static double csv_value(const char *csv, int k)
{
	const char *p = strchr(csv, '\n') + 1;

	while (k-- > 0)
		p = strchr(p, '\n') + 1;
	p = strchr(p, ',') + 1;
	return *p == '\n' ? NAN : strtod(p, NULL);
}

static void entsoe_factors(void **state)
{
	/* test-entsoe-lifecycle, g/kWh */
	const double ef[] = {230, 490, 820, 48, 11}; /* biomass gas coal solar wind */
	const double g0[] = {4100, 3000, 2000, 0, 15000}, g8[] = {4108, 3776, 2024, 0, 10200};
	const char *rel = D "entsoe_de_cet.csv", *drop[] = {"hydro_pumped_storage"};
	const char *want = "timestamp_utc,intensity_g_per_kwh\n2024-10-26T20:00:00Z,";
	wf_import_options o = WF_IMPORT_OPTIONS_INIT;
	char *csv = NULL, *notes = NULL, p[4096], b[2048];
	double num0 = 0, den0 = 0, num8 = 0, den8 = 0;
	wf_catalog *base = test_catalog(), *c = NULL;
	const char *models = test_path(p, sizeof p, D "entsoe_factors.yaml");
	wf_error err;
	size_t i;

	(void)state;
	wf_error_clear(&err);
	assert_int_equal(wf_catalog_check_paths(&c, base, &models, 1, &err), 0);
	o.catalog = c;
	o.factors = "test-entsoe-lifecycle";
	/* pumped storage has no factor: an error at its header column */
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_ENTSOE, &rel, 1, &o, &err),
			 WF_EINPUT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 268);
	assert_non_null(strstr(err.message, "no factor for \"hydro_pumped_storage\""));
	o.drop = drop;
	o.ndrop = 1;
	if (import_paths(&csv, &notes, WF_IMPORT_ENTSOE, &rel, 1, &o, &err))
		fail_msg("%s", wf_error_format(&err, b, sizeof b));
	for (i = 0; i < N(ef); i++) {
		num0 += g0[i] * ef[i], den0 += g0[i];
		num8 += g8[i] * ef[i], den8 += g8[i];
	}
	assert_true(!strncmp(csv, want, strlen(want)));
	assert_rel(csv_value(csv, 0), num0 / den0, 1e-12);
	assert_rel(csv_value(csv, 8), num8 / den8, 1e-12);
	assert_rel(num0 / den0, 4218000.0 / 24100.0, 1e-15);
	assert_non_null(strstr(notes, "factor set test-entsoe-lifecycle (lifecycle basis"));
	wf_import_free(csv);
	wf_import_free(notes);
	/* an unknown factor set */
	o.factors = "test-entsoe-lifecyle";
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_ENTSOE, &rel, 1, &o, &err),
			 WF_ENOTFOUND);
	assert_non_null(strstr(err.message, "no factor set \"test-entsoe-lifecyle\""));
	wf_catalog_free(c);
	wf_catalog_free(base);
}

/* CET/CEST by hand: 2024 switches on 31 March and 27 October at 01:00Z. */
static void summer_time(void **state)
{
	const imp_zone *cet = imp_zone_find("CET/CEST"), *eet = imp_zone_find("EET");
	const char *why;
	imp_time tm;
	double t, base = 1711843200; /* 2024-03-31T00:00Z */

	(void)state;
	assert_non_null(cet);
	assert_null(imp_zone_find("PST"));
	assert_int_equal(imp_time_read("31.03.2024 01:30", 1, &tm, &why), 16);
	assert_int_equal(imp_time_utc(cet, &tm, NAN, &t), 0);
	assert_true(t == base + 1800); /* CET: 00:30Z */
	imp_time_read("31.03.2024 02:30", 1, &tm, &why);
	assert_int_equal(imp_time_utc(cet, &tm, NAN, &t), -1); /* skipped */
	imp_time_read("31.03.2024 03:00", 1, &tm, &why);
	assert_int_equal(imp_time_utc(cet, &tm, NAN, &t), 0);
	assert_true(t == base + 3600); /* CEST: 01:00Z */
	/* 27 October 02:15 twice: CEST (00:15Z) first, CET (01:15Z) after */
	base = 1729987200; /* 2024-10-27T00:00Z */
	imp_time_read("27.10.2024 02:15", 1, &tm, &why);
	assert_int_equal(imp_time_utc(cet, &tm, base, &t), 0);
	assert_true(t == base + 900);
	assert_int_equal(imp_time_utc(cet, &tm, base + 900, &t), 0);
	assert_true(t == base + 4500);
	/* a label decides whatever the order */
	assert_int_equal(imp_time_read("27.10.2024 02:15 (CET)", 1, &tm, &why), 22);
	assert_int_equal(tm.hint, -1);
	assert_int_equal(imp_time_utc(cet, &tm, NAN, &t), 0);
	assert_true(t == base + 4500);
	imp_time_read("27/10/2024 02:15:00 (CEST)", 1, &tm, &why);
	assert_int_equal(imp_time_utc(cet, &tm, base + 9000, &t), 0);
	assert_true(t == base + 900);
	/* EET/EEST switches at the same instant, so 03:30 repeats there:
	 * 00:30Z in summer time first */
	imp_time_read("27.10.2024 03:30", 1, &tm, &why);
	assert_int_equal(imp_time_utc(eet, &tm, NAN, &t), 0);
	assert_true(t == base + 1800);
	/* winter is UTC+1 */
	imp_time_read("2024-01-15 12:00", 0, &tm, &why);
	assert_int_equal(imp_time_utc(cet, &tm, NAN, &t), 0);
	assert_true(t == 1705316400); /* 2024-01-15T11:00Z */
	/* ISO forms and zones */
	assert_int_equal(imp_time_read("2024-03-01T00:30+01:00", 0, &tm, &why), 22);
	assert_true(tm.zoned && tm.offset_s == 3600 && tm.t == 1709249400);
	assert_int_equal(imp_time_read("2024-03-01T00:00:00.000Z", 0, &tm, &why), 24);
	assert_true(tm.zoned && tm.t == 1709251200);
	assert_int_equal(imp_time_read("2024-02-30T00:00Z", 0, &tm, &why), 0);
	assert_string_equal(why, "no such date");
}

/* ---------------------------------------------------------- bad inputs */

#define EM_HDR "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)\n"
#define EN_HDR "\"Area\",\"MTU (CET/CEST)\",\"Fossil Gas  - Actual Aggregated [MW]\"\n"
#define NESO_P(from, to, v) \
	"{\"from\": \"" from "\", \"to\": \"" to "\", \"intensity\": {\"forecast\": " v \
	", \"actual\": " v ", \"index\": \"low\"}}"

typedef struct bad_case {
	wf_import_format fmt;
	const char *a, *b;   /* file contents (b: a second file, or NULL) */
	const char *value, *tz;
	int no_gaps;
	int in_b;            /* the error is in the second file */
	int line, col;
	const char *msg;
} bad_case;

static const bad_case bad[] = {
	/* Electricity Maps */
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-01-01 00:00:00,SE,1\n2024-01-01 00:00:00,SE,2\n",
	 NULL, NULL, NULL, 0, 0, 3, 1, "duplicate interval 2024-01-01T00:00:00Z of region SE"},
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-01-01 01:00:00,SE,1\n2024-01-01 00:00:00,SE,2\n",
	 NULL, NULL, NULL, 0, 0, 3, 1, "comes after a later one"},
	{WF_IMPORT_ELECTRICITYMAPS,
	 EM_HDR "2024-01-01 00:00:00,,1\n2024-01-01 01:00:00,,2\n2024-01-01 02:30:00,,2\n",
	 NULL, NULL, NULL, 0, 0, 4, 1, "step: 2024-01-01T02:30:00Z is 90 min after"},
	{WF_IMPORT_ELECTRICITYMAPS,
	 EM_HDR "2024-01-01 00:00:00,,1\n2024-01-01 01:00:00,,2\n2024-01-01 03:00:00,,2\n",
	 NULL, NULL, NULL, 1, 0, 4, 1, "gap: 1 missing interval between"},
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-01-01T00:00+01:00,SE,1\n", NULL, NULL, NULL, 0,
	 0, 2, 1, "time zone: the column is UTC but"},
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-01-01 00:00:00,SE,-3\n", NULL, NULL, NULL, 0, 0,
	 2, 24, "carbon intensity: expected a number >= 0"},
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-13-01 00:00:00,SE,3\n", NULL, NULL, NULL, 0, 0,
	 2, 1, "no such date"},
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-01-01 00:00:00,SE\n", NULL, NULL, NULL, 0, 0, 2,
	 1, "expected 3 fields as in the header, got 2"},
	{WF_IMPORT_ELECTRICITYMAPS, "Datetime (local),Carbon Intensity gCO2eq/kWh (direct)\n",
	 NULL, NULL, NULL, 0, 0, 1, 1, "time zone: column \"Datetime (local)\" is not in UTC"},
	{WF_IMPORT_ELECTRICITYMAPS, "when,ci\n", NULL, NULL, NULL, 0, 0, 1, 1,
	 "no \"Datetime (UTC)\" column"},
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-01-01 00:00:00,SE,1\n", NULL, "lifecycle", NULL,
	 0, 0, 1, 1, "no life-cycle carbon-intensity column"},
	{WF_IMPORT_ELECTRICITYMAPS, EM_HDR "2024-01-01 00:00:00,SE,1\n", NULL, NULL, NULL, 0, 0,
	 0, 0, "one row: a series needs at least 2 rows"},
	/* NESO */
	{WF_IMPORT_NESO_JSON, "{\"data\": [\n  {\"from\": \"2024-01-01T00:00Z\",,}\n]}\n", NULL,
	 NULL, NULL, 0, 0, 2, 32, "malformed JSON: did not find expected node content"},
	{WF_IMPORT_NESO_JSON, "{\"data\": [\n" NESO_P("2024-01-01T00:00", "2024-01-01T00:30Z",
						       "10") "]}\n",
	 NULL, NULL, NULL, 0, 0, 2, 10, "time zone: \"2024-01-01T00:00\" has none"},
	{WF_IMPORT_NESO_JSON,
	 "{\"data\": [\n" NESO_P("2024-01-01T00:00Z", "2024-01-01T00:30Z", "10") ",\n"
	 NESO_P("2024-01-01T00:30Z", "2024-01-01T01:30Z", "10") "]}\n",
	 NULL, NULL, NULL, 0, 0, 3, 10, "step: this interval lasts 60 min but the one at"},
	{WF_IMPORT_NESO_JSON,
	 "{\"data\": [\n" NESO_P("2024-01-01T00:00Z", "2024-01-01T00:30Z", "10") ",\n"
	 NESO_P("2024-01-01T00:00Z", "2024-01-01T00:30Z", "11") "]}\n",
	 NULL, NULL, NULL, 0, 0, 3, 10, "duplicate interval 2024-01-01T00:00:00Z"},
	{WF_IMPORT_NESO_JSON,
	 "{\"data\": [\n" NESO_P("2024-01-01T00:00Z", "2024-01-01T00:30Z", "10") ",\n"
	 NESO_P("2024-01-01T00:30Z", "2024-01-01T01:00Z", "10") "]}\n",
	 "{\"data\": [\n" NESO_P("2024-01-01T00:30Z", "2024-01-01T01:00Z", "12") "]}\n",
	 NULL, NULL, 0, 1, 2, 10, "interval 2024-01-01T00:30:00Z is also at"},
	{WF_IMPORT_NESO_JSON,
	 "{\"data\": [{\"from\": \"2024-01-01T00:00Z\", \"to\": \"2024-01-01T00:30Z\",\n"
	 " \"generationmix\": [{\"fuel\": \"gas\", \"perc\": 40}, {\"fuel\": \"wind\", \"perc\": "
	 "50}]}]}\n", NULL, NULL, NULL, 0, 0, 2, 19, "the shares sum to 90%, not 100 +- 1"},
	{WF_IMPORT_NESO_JSON,
	 "{\"data\": [{\"from\": \"2024-01-01T00:00Z\", \"to\": \"2024-01-01T00:30Z\",\n"
	 " \"generationmix\": [{\"fuel\": \"gas\", \"perc\": \"lots\"}]}]}\n", NULL, NULL, NULL,
	 0, 0, 2, 44, "perc: expected a number from 0 to 100 or null, got \"lots\""},
	{WF_IMPORT_NESO_JSON,
	 "{\"error\": {\"code\": \"400 Bad Request\", \"message\": \"Invalid date range\"}}\n",
	 NULL, NULL, NULL, 0, 0, 1, 11, "the API answered with an error: Invalid date range"},
	{WF_IMPORT_NESO_JSON, "{\"data\": [" NESO_P("2024-01-01T00:00Z", "2024-01-01T00:30Z", "1")
	 "]}\n", "{\"data\": [{\"from\": \"2024-01-01T00:00Z\", \"to\": \"2024-01-01T00:30Z\", "
	 "\"generationmix\": []}]}\n", NULL, NULL, 0, 1, 1, 10,
	 "a national generation mix response after national intensity ones"},
	{WF_IMPORT_NESO_JSON,
	 "{\"data\": [{\"from\": \"2024-01-01T00:00Z\", \"to\": \"2024-01-01T00:30Z\", "
	 "\"regions\": [{\"regionid\": 13, \"shortname\": \"London\",\n \"intensity\": "
	 "{\"forecast\": 10}}]}]}\n", NULL, "actual", NULL, 0, 0, 2, 15,
	 "regional data have no \"actual\""},
	{WF_IMPORT_NESO_JSON, "[1, 2]\n", NULL, NULL, NULL, 0, 0, 1, 1,
	 "expected a JSON object with \"data\""},
	/* ENTSO-E */
	{WF_IMPORT_ENTSOE, "\"Area\",\"MTU\",\"Solar  - Actual Aggregated [MW]\"\n", NULL, NULL,
	 NULL, 0, 0, 1, 8, "time zone: column \"MTU\" does not say its zone"},
	{WF_IMPORT_ENTSOE, "\"MTU (UTC)\",\"Solar  - Actual Aggregated [MW]\"\n", NULL, NULL,
	 "CET", 0, 0, 1, 1, "time zone: the header says UTC but --tz says CET"},
	{WF_IMPORT_ENTSOE,
	 EN_HDR "\"BZN|DE-LU\",\"31.03.2024 01:00 - 31.03.2024 02:00\",\"1\"\n"
	 "\"BZN|DE-LU\",\"31.03.2024 02:00 - 31.03.2024 03:00\",\"1\"\n",
	 NULL, NULL, NULL, 0, 0, 3, 13, "time zone: 31.03.2024 02:00 does not exist in CET/CEST"},
	{WF_IMPORT_ENTSOE,
	 EN_HDR "\"BZN|DE-LU\",\"01.01.2024 00:00 - 01.01.2024 01:00\",\"1\"\n"
	 "\"BZN|FR\",\"01.01.2024 01:00 - 01.01.2024 02:00\",\"1\"\n",
	 NULL, NULL, NULL, 0, 0, 3, 1, "area \"BZN|FR\" after \"BZN|DE-LU\""},
	{WF_IMPORT_ENTSOE,
	 EN_HDR "\"BZN|DE-LU\",\"01.01.2024 00:00 01.01.2024 01:00\",\"1\"\n",
	 NULL, NULL, NULL, 0, 0, 2, 29, "expected \" - \" and the interval's end"},
	{WF_IMPORT_ENTSOE, EN_HDR "\"BZN|DE-LU\",\"01.01.2024 00:00 - 01.01.2024 01:00\",\"x\"\n",
	 NULL, NULL, NULL, 0, 0, 2, 51, "fossil_gas: expected a number or an empty cell"},
	{WF_IMPORT_ENTSOE, "\"Area\",\"MTU (UTC)\",\"Load [MW]\"\n", NULL, NULL, NULL, 0, 0, 1, 1,
	 "no \"<type> - Actual Aggregated [MW]\" columns"},
	{WF_IMPORT_ENTSOE, "\"Area\",\"MTU (PST)\",\"Solar - Actual Aggregated [MW]\"\n", NULL,
	 NULL, NULL, 0, 0, 1, 8, "time zone: unknown zone \"PST\""},
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void bad_inputs(void **state)
{
	char pa[128], pb[128], b[2048], *csv = (char *)1, *notes = (char *)1;
	size_t i, failed = 0;

	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	for (i = 0; i < N(bad); i++) {
		const bad_case *c = &bad[i];
		const char *ext = c->fmt == WF_IMPORT_NESO_JSON ? "json" : "csv";
		const char *paths[2] = {pa, pb};
		wf_import_options o = WF_IMPORT_OPTIONS_INIT;
		wf_error err;
		int rc;
		snprintf(pa, sizeof pa, "%s/a.%s", tmpdir, ext);
		snprintf(pb, sizeof pb, "%s/b.%s", tmpdir, ext);
		write_file(pa, c->a);
		if (c->b)
			write_file(pb, c->b);
		o.value = c->value;
		o.tz = c->tz;
		o.no_gaps = c->no_gaps;
		wf_error_clear(&err);
		rc = wf_import(&csv, NULL, &notes, c->fmt, paths, c->b ? 2 : 1, &o, &err);
		wf_error_format(&err, b, sizeof b);
		if (rc == 0 || !strstr(err.message, c->msg) || err.line != c->line ||
		    err.col != c->col || (c->line && !strstr(err.file, c->in_b ? "/b." : "/a."))) {
			print_error("case %zu: got %d \"%s\", expected %d:%d: %s\n", i, rc, b,
				    c->line, c->col, c->msg);
			failed++;
		}
		assert_null(csv);
		assert_null(notes);
		unlink(pa);
		unlink(pb);
	}
	rmdir(tmpdir);
	assert_int_equal(failed, 0);
}

/* Options that belong to another format, and bad bounds. */
static void bad_options(void **state)
{
	const char *rel = D "neso_national.json";
	wf_import_options o = WF_IMPORT_OPTIONS_INIT;
	char *csv = NULL, *notes = NULL;
	wf_error err;

	(void)state;
	o.zone = "DE";
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_NESO_JSON, &rel, 1, &o, &err),
			 WF_EINPUT);
	assert_string_equal(err.message, "zone: not an option of the neso-json format");
	o.zone = NULL;
	o.value = "direct";
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_NESO_JSON, &rel, 1, &o, &err),
			 WF_EINPUT);
	assert_non_null(strstr(err.message, "expected actual or forecast"));
	o.value = NULL;
	o.from = "2024-03-02";
	o.to = "2024-03-01";
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_NESO_JSON, &rel, 1, &o, &err),
			 WF_EINPUT);
	assert_string_equal(err.message, "to must come after from");
	o.from = "2025-01-01";
	o.to = NULL;
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_NESO_JSON, &rel, 1, &o, &err),
			 WF_EINPUT);
	assert_string_equal(err.message, "no rows between --from and --to");
	o.from = "yesterday";
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_NESO_JSON, &rel, 1, &o, &err),
			 WF_EINPUT);
	assert_non_null(strstr(err.message, "from: expected an ISO 8601 date-time"));
	rel = D "missing.json";
	o.from = NULL;
	assert_int_equal(import_paths(&csv, &notes, WF_IMPORT_NESO_JSON, &rel, 1, &o, &err),
			 WF_ENOTFOUND);
	assert_int_equal(wf_import(&csv, NULL, NULL, WF_IMPORT_ENTSOE, NULL, 0, NULL, &err),
			 WF_EINPUT);
	assert_null(csv);
	assert_string_equal(wf_import_format_name(1), "neso-json");
	assert_null(wf_import_format_name(3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(electricitymaps_zones),
		cmocka_unit_test(electricitymaps_reference_layout),
		cmocka_unit_test(neso_regional_chunks),
		cmocka_unit_test(neso_one_region_national_generation),
		cmocka_unit_test(entsoe_generation),
		cmocka_unit_test(entsoe_factors),
		cmocka_unit_test(summer_time),
		cmocka_unit_test(bad_inputs),
		cmocka_unit_test(bad_options),
	};

	wf_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

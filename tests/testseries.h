/*
 * testseries.h - helpers shared by the series and shift tests: the test's
 * own reading of a shipped series CSV (independent of series.c, so sums
 * over it check the library) and loading a series that must load.
 */
#ifndef WF_TESTSERIES_H
#define WF_TESTSERIES_H

#include "testutil.h"

#include "series.h"

/* Shipped series files the tests read. */
#define F_REG26 "data/series/gb_regional_20260627T1900Z_20260724T1200Z.csv"
#define F_REG23 "data/series/gb_regional_20230313T1330Z_20230314T0630Z.csv"
#define F_NAT23 "data/series/gb_neso_national_2023_halfhourly.csv"
#define F_DE "data/series/de_entsoe_lifecycle_2020_15min.csv"

/* "2026-07-01T00:10:30Z" or with a fraction of a second -> epoch s. */
static inline double T(const char *iso)
{
	int y, mo, d, h, mi;
	double s;

	if (sscanf(iso, "%d-%d-%dT%d:%d:%lfZ", &y, &mo, &d, &h, &mi, &s) != 6)
		fail_msg("bad test timestamp %s", iso);
	return days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

/* A CSV read by the test: interval starts and values in g/kWh (NAN if
 * the cell is empty). */
typedef struct rows {
	size_t n, cap;
	double *t, *v;
} rows;

static inline void rows_free(rows *r)
{
	free(r->t);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Read a shipped CSV: regional layout when region_id is given (the rows of
 * that region), else timestamp_utc,intensity_g_per_kwh. */
static inline rows read_csv(const char *rel, const char *region_id)
{
	char p[4096], line[4096];
	rows r = {0, 0, NULL, NULL};
	FILE *f = fopen(test_path(p, sizeof p, rel), "r");
	int first = 1;

	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		char *fld[32], *s = line;
		int nf = 0;
		line[strcspn(line, "\r\n")] = '\0';
		if (first) {
			first = 0;
			continue;
		}
		/* The shipped files have no quoted fields. */
		for (;;) {
			fld[nf++] = s;
			s = strchr(s, ',');
			if (!s || nf == 32)
				break;
			*s++ = '\0';
		}
		if (region_id && strcmp(fld[1], region_id) != 0)
			continue;
		if (r.n == r.cap) {
			r.cap = r.cap ? 2 * r.cap : 4096;
			r.t = realloc(r.t, r.cap * sizeof(double));
			r.v = realloc(r.v, r.cap * sizeof(double));
			assert_non_null(r.t);
			assert_non_null(r.v);
		}
		r.t[r.n] = T(fld[0]);
		{
			const char *cell = fld[region_id ? 3 : 1];
			r.v[r.n] = cell[0] ? strtod(cell, NULL) : NAN;
		}
		r.n++;
	}
	fclose(f);
	return r;
}

static inline wf_series *load_ok(const char *rel, const char *region)
{
	char p[4096], b[2048];
	wf_series *s = NULL;
	wf_error err;

	wf_error_clear(&err);
	if (wf_series_load(&s, test_path(p, sizeof p, rel), region, &err)) {
		print_error("%s\n", wf_error_format(&err, b, sizeof b));
		fail();
	}
	return s;
}

#endif

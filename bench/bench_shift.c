/*
 * bench_shift.c - how long the intensity series and the shift search take:
 * loading each shipped series (data/series/), window integrals, and
 * wf_shift_rank over a year of hourly data for every shipped GB region.
 *
 * No shipped regional series covers a year (the longest is 26.7 days), so
 * the year is SYNTHETIC: each region's real half-hourly data (2026-06-27 to
 * 2026-07-24) are averaged to hours and repeated end to end from
 * 2026-01-01.  That measures speed only; its figures are not a real year
 * and must not be read as one.  Run from the repository root.
 * Prints figures; asserts nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "series.h"
#include "shift.h"
#include "wattif.h"
#include "bench.h"

#define REGIONAL "data/series/gb_regional_20260627T1900Z_20260724T1200Z.csv"
#define YEAR_H 8760
#define H 3600.0
#define Y2026 1767225600.0 /* 2026-01-01T00:00:00Z */

static const char *const shipped[] = {
	"data/series/gb_regional_20260627T1900Z_20260724T1200Z.csv",
	"data/series/gb_regional_20230313T1330Z_20230314T0630Z.csv",
	"data/series/gb_neso_national_2023_halfhourly.csv",
	"data/series/gb_entsoe_lifecycle_2020_halfhourly.csv",
	"data/series/fr_entsoe_lifecycle_2020_hourly.csv",
	"data/series/de_entsoe_lifecycle_2020_15min.csv",
};


/* Best of `reps` timings of loading a file, in seconds. */
static int time_load(const char *path, int reps, double *best, size_t *n_series,
		     size_t *rows, wf_error *err)
{
	int r;

	*best = INFINITY;
	for (r = 0; r < reps; r++) {
		wf_series **all = NULL;
		size_t n = 0, i;
		double t0 = now(), dt;
		if (wf_series_load_all(&all, &n, path, err))
			return -1;
		dt = now() - t0;
		if (dt < *best)
			*best = dt;
		*n_series = n;
		*rows = 0;
		for (i = 0; i < n; i++)
			*rows += all[i]->rows;
		wf_series_free_all(all, n);
	}
	return 0;
}

/* A synthetic hourly year from one region's half-hourly data. */
static int tile_year(wf_series **out, const wf_series *s, wf_error *err)
{
	static double t[YEAR_H], v[YEAR_H];
	size_t hours = s->n / 2, i;

	for (i = 0; i < YEAR_H; i++) {
		size_t k = i % hours;
		t[i] = Y2026 + i * H;
		v[i] = 0.5 * (wf_series_ci(s, 2 * k) + wf_series_ci(s, 2 * k + 1));
	}
	return wf_series_from_values(out, t, v, YEAR_H, s->region, err);
}

int main(void)
{
	wf_series **reg = NULL, *year[64];
	const wf_series *list[64];
	wf_shift_row rows[64];
	size_t n = 0, i, f;
	wf_error err;
	double t0, dt, sink = 0;
	int reps, r;

	wf_global_init();
	wf_error_clear(&err);

	printf("Loading the shipped series (best of 5, wf_series_load_all):\n");
	for (f = 0; f < sizeof shipped / sizeof shipped[0]; f++) {
		double best;
		size_t ns, nrows;
		if (time_load(shipped[f], 5, &best, &ns, &nrows, &err))
			return die(&err);
		printf("  %-58s %2zu series %6zu rows %7.2f ms (%.0f ns/row)\n", shipped[f],
		       ns, nrows, best * 1e3, best * 1e9 / (double)nrows);
	}
	{
		wf_series *one = NULL;
		t0 = now();
		if (wf_series_load(&one, REGIONAL, "London", &err)) /* the file's name for it */
			return die(&err);
		printf("  one region (London) of the 2026 regional file: %.2f ms\n",
		       (now() - t0) * 1e3);
		wf_series_free(one);
	}

	if (wf_series_load_all(&reg, &n, REGIONAL, &err))
		return die(&err);
	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++) {
		if (tile_year(&year[i], reg[i], &err))
			return die(&err);
		list[i] = year[i];
	}
	printf("\nSYNTHETIC YEAR (speed only, not real data): %zu GB regions, each its "
	       "26.7 days\nof real half-hourly NESO data averaged to hours and tiled "
	       "over 2026 (%d h).\n", n, YEAR_H);

	{
		static const struct {
			double dur_h, step_s;
		} cases[] = {{24, H}, {1, H}, {24, 900}, {168, H}};
		size_t c;
		for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			double dur = cases[c].dur_h * H, step = cases[c].step_s;
			double cand = floor((YEAR_H * H - dur) / step) + 1;
			reps = 0;
			t0 = now();
			do {
				if (wf_shift_rank(rows, list, n, Y2026, Y2026 + YEAR_H * H, dur,
						  step, Y2026, &err))
					return die(&err);
				reps++;
			} while ((dt = now() - t0) < 0.5);
			printf("  wf_shift_rank, %3.0f h job, %4.0f s steps over the year: "
			       "%8.3f ms per call (%zu regions x %.0f starts, %.1f ns/start)\n",
			       cases[c].dur_h, step, dt / reps * 1e3, n, cand,
			       dt / reps / (cand * (double)n) * 1e9);
		}
	}
	printf("  best 24 h start per region (synthetic year; ranking order):\n");
	if (wf_shift_rank(rows, list, n, Y2026, Y2026 + YEAR_H * H, 24 * H, H, Y2026, &err))
		return die(&err);
	for (i = 0; i < n && i < 3; i++) {
		char b[48];
		printf("    %-22s %s  %6.1f g/kWh\n", reg[rows[i].series]->region,
		       wf_series_format_time(b, sizeof b, rows[i].best_start),
		       rows[i].best_mean / WF_G_PER_KWH);
	}

	/* The same 24 h search by direct summation, one region, for scale. */
	{
		const wf_series *s = list[0];
		size_t starts = YEAR_H - 24 + 1, k, j;
		double best = INFINITY;
		t0 = now();
		for (k = 0; k < starts; k++) {
			double sum = 0;
			for (j = k; j < k + 24; j++)
				sum += wf_series_ci(s, j) * H;
			if (sum < best)
				best = sum;
		}
		dt = now() - t0;
		sink += best;
		printf("  direct summation, one region, 24 h job, hourly starts: %.3f ms "
		       "(for scale)\n", dt * 1e3);
	}

	/* Random window integrals (binary search + prefix sums). */
	{
		unsigned long x = 12345;
		int calls = 1000000;
		t0 = now();
		for (r = 0; r < calls; r++) {
			double a, b, v;
			int cov;
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			a = Y2026 + (double)(x >> 11) / 9007199254740992.0 * (YEAR_H - 200) * H;
			b = a + 1 + (double)((x >> 7) & 0xffff) * 7.0;
			wf_series_integral(list[r % n], a, b, &v, &cov);
			sink += v;
		}
		dt = now() - t0;
		printf("  wf_series_integral, random windows in a %d-interval series: "
		       "%.0f ns per call\n", YEAR_H, dt / calls * 1e9);
	}
	if (sink == 42)
		printf("\n");

	for (i = 0; i < n; i++)
		wf_series_free(year[i]);
	wf_series_free_all(reg, n);
	return 0;
}

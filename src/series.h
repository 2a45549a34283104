/*
 * series.h - grid carbon-intensity time series: loading them from CSV and
 * integrating them over a time window.
 *
 * A series is one region's intensity as a step function of time: interval
 * i covers [t[i], t[i+1]) and holds one value.  The operational-emissions
 * integral of docs/model.md, C_op = ∫ CI(t) P(t) dt, needs ∫ CI dt over a
 * window for constant power; a prefix sum of CI * dt answers that in
 * O(log n) for any window, with the partial intervals at both ends weighted
 * by their exact overlap.
 *
 * CSV layouts read (the header is recognised by its column names, in any
 * order; data/series/README.md is the user documentation):
 *  (a) one series:   timestamp_utc,intensity_g_per_kwh
 *  (b) regional:     timestamp_utc,region_id,region,intensity_g_per_kwh
 *                    [,<fuel>_pct...]  (one of region_id/region may be
 *                    absent; <fuel>_pct columns are ignored here)
 *  (c) generation mix: timestamp_utc[,region_id][,region],<fuel>_mw...
 *                    or <fuel>_pct..., converted by wf_series_from_mix with
 *                    CI = Σ G_f EF_f / Σ G_f (docs/model.md).
 * Numbers are plain decimals (sign, digits, point, exponent): no hex, inf
 * or nan, which strtod would take.
 * Timestamps are ISO 8601 (no zone = UTC) and mark the START of an
 * interval, as in every shipped series (data/SOURCES.md).  An empty
 * intensity cell is a gap.  The nominal step is the median spacing of a
 * region's rows; a row's interval ends at the next
 * row or after one step, whichever is first, and a longer jump in time
 * becomes a missing interval: gaps are flagged, never bridged.  Equal or
 * decreasing timestamps within a region are errors.
 *
 * A wf_series is immutable after loading and may be shared read-only by
 * any number of threads.  Every function here is
 * reentrant; loading makes its own quantity parser.
 */
#ifndef WF_SERIES_H
#define WF_SERIES_H

#include <math.h>
#include <stddef.h>

#include "wattif.h"

/* 1 g/kWh in kg/J: 1e-3 kg / 3.6e6 J. */
#define WF_G_PER_KWH (1e-3 / 3.6e6)

/* One region's series. */
typedef struct wf_series {
	const char *path;        /* the file (or name) it came from */
	const char *region_id;   /* region_id cell, "" when the file has none */
	const char *region;      /* region name cell, "" when the file has none */
	const char *column;      /* the value column read ("intensity_g_per_kwh") */
	size_t n;                /* intervals (rows plus inserted gaps) */
	size_t rows;             /* data rows read for this region */
	double *t;               /* n+1 boundaries, s since 1970-01-01T00:00Z,
				  * strictly increasing */
	unsigned char *missing;  /* n flags: 1 = no data for the interval */
	double *raw;             /* n values in the file's unit (g/kWh for the
				  * CSV loaders), 0 when missing */
	double *cum;             /* n+1 prefix sums of raw * dt (raw unit * s),
				  * cum[0] = 0, rounded to double ... */
	double *cum_lo;          /* ... and what rounding left out: the exact
				  * prefix sum is cum[i] + cum_lo[i] to about
				  * 2^-100 relative (compensated summation) */
	double *gap_cum;         /* n+1 prefix sums of the lengths of missing
				  * intervals, s: "does a window touch a gap"
				  * is O(1) (every interval is longer than 0) */
	double raw_si;           /* SI per raw unit (WF_G_PER_KWH, or 1) */
	double step_s;           /* nominal interval length: the median spacing */
	int typical;             /* 1: a typical year (rows by month, day and
				  * hour, no calendar year), laid out in the
				  * non-leap year WF_TYPICAL_YEAR */
} wf_series;

/* Interval i's value in SI (kg CO2e per J for an intensity, °C for a
 * temperature), NAN when missing: raw x raw_si, kept as one array (41
 * bytes an interval in all, so a series stays within twice its file). */
static inline double wf_series_ci(const wf_series *s, size_t i)
{
	return s->missing[i] ? NAN : s->raw[i] * s->raw_si;
}

/* The calendar year a typical-year file is laid out in (not a leap year). */
#define WF_TYPICAL_YEAR 2001

/*
 * Why raw and cum are kept in the file's unit: the published series hold
 * integers in g/kWh and integer seconds, so in that unit every prefix sum
 * and every window integral on whole seconds is exact in a double (below
 * 2^53), and equal windows compare equal: the shift search breaks ties
 * deterministically (earliest start), and a direct summation agrees to the
 * last bit.  Results are converted to SI once, at the end (raw_si).
 *
 * Why cum_lo: decimal data (the ENTSO-E and Electricity Maps series) are
 * not exact in binary, and a prefix sum that has grown to 1e10 keeps only
 * about 1e-6 of absolute precision, which a quarter-hour window of 3e5
 * would feel at 1e-12.  Each product raw * dt is split exactly (FMA) and
 * each addition's rounding error kept (TwoSum, Knuth TAOCP vol. 2
 * §4.2.2; Ogita, Rump and Oishi 2005, "Accurate sum and dot product"), so
 * a window's integral is (cum_b - cum_a) + (cum_lo_b - cum_lo_a): within a
 * few units in the last place of the window's own value.
 */

/* Emission factors for wf_series_from_mix. */
typedef struct wf_mix_factors {
	size_t n;                        /* fuels with a factor */
	const char *const *fuel;         /* "gas" for the columns gas_mw/gas_pct */
	const double *ef_kg_per_j;       /* factor of each fuel, >= 0 */
	size_t n_drop;                   /* columns to leave out of both sums */
	const char *const *drop;         /* e.g. "pumped_storage" (storage is
					  * dropped, as Wiesner et al. do;
					  * docs/model.md) */
} wf_mix_factors;

/*
 * Load the series of one region from a CSV file of layout (a) or (b).
 *   out     receives a new series; free it with wf_series_free().
 *   region  NULL: the file must hold one series (layout (a), or a regional
 *           file with a single region).  Otherwise the region whose
 *           region_id or name (case-insensitive) equals it.  (A grid says
 *           which region of a file is its own in its model file:
 *           data/grids/gb_regions.yaml names each NESO region id.)  A
 *           single-series file has no region to select and is returned
 *           whatever `region` says: the caller named the file.
 * Errors: WF_ENOTFOUND (no file; unknown region, with the nearest
 * suggested), WF_EINPUT (malformed file; err names file:line:col),
 * WF_EIO, WF_ENOMEM.
 */
int wf_series_load(wf_series **out, const char *path, const char *region,
		   wf_error *err);

/*
 * Load every region of a file in one pass (a single-series file gives one).
 * *out receives an array of *n_out series in order of first appearance;
 * free it with wf_series_free_all().
 */
int wf_series_load_all(wf_series ***out, size_t *n_out, const char *path,
		       wf_error *err);

/*
 * Pick one region from the series of one file (as wf_series_load_all gives
 * them), with wf_series_load's matching rules: region_id or name (any
 * case); a single series without region labels matches anything.
 * For a catalog that reads a file once for many grids.  *out points into
 * `all` (no copy).  On failure err names from:line:col (the model file's
 * series key, say; from may be NULL) and suggests the nearest region.
 * Returns 0, WF_ENOTFOUND, or WF_EINPUT when several series match.
 */
int wf_series_find(const wf_series **out, const wf_series *const *all, size_t n,
		   const char *region, const char *from, int line, int col,
		   wf_error *err);

/*
 * The same from CSV text in memory (tests, fuzzing): `name` stands for the
 * file in messages.  region == NULL loads every region; otherwise only the
 * matching one (then *n_out is 1).  mix == NULL reads the intensity column;
 * otherwise the generation mix is converted as wf_series_from_mix does.
 * text need not be NUL-terminated; it is read as len bytes.
 */
int wf_series_parse(wf_series ***out, size_t *n_out, const char *text,
		    size_t len, const char *name, const char *region,
		    const wf_mix_factors *mix, wf_error *err);

/*
 * The same as wf_series_load_all for another value
 * column: "intensity_g_per_kwh" (NULL), "intensity_lifecycle_g_per_kwh"
 * (both g/kWh, >= 0) or "temperature_c" (°C, any sign; raw_si = 1).  The
 * other known columns of a file are read past (data/series/README.md).  A
 * file may give its times as a typical year instead of timestamp_utc:
 * month,day,hour_start_utc (UTC hours 0-23; an optional source_year
 * column is read past), laid out in WF_TYPICAL_YEAR and flagged typical.
 */
int wf_series_load_column(wf_series ***out, size_t *n_out, const char *path,
			  const char *column, wf_error *err);

/*
 * Load one region's series from a generation-mix table (layout (c)):
 * CI(t) = Σ_f G_f(t) EF_f / Σ_f G_f(t) over the fuel columns <fuel>_mw or
 * <fuel>_pct (all columns in one unit; the formula is the production-based
 * average of docs/model.md, used by the NESO API and by Let's Wait
 * Awhile's compute_carbon_intensity.py).  Every fuel column needs a factor
 * in `mix` (a typo must not drop a fuel; the nearest fuel is suggested)
 * unless it is listed in mix->drop.  An intensity_g_per_kwh column, if
 * present, is ignored.  A row with an empty fuel cell, or no generation at
 * all, is a gap.  Percent columns (dropped ones included) must sum to
 * 100 +- 1.  Factors are in kg/J, so raw_si = 1.
 */
int wf_series_from_mix(wf_series **out, const char *path, const char *region,
		       const wf_mix_factors *mix, wf_error *err);

/*
 * A series from values in memory: n interval starts t_start (strictly
 * increasing, s since the epoch) and their intensities (kg/J, >= 0; NAN for
 * a gap), with the same step and gap rules as a file.  `name` labels it.
 * Needs n >= 2.  Free with wf_series_free().
 */
int wf_series_from_values(wf_series **out, const double *t_start,
			  const double *ci_kg_per_j, size_t n, const char *name,
			  wf_error *err);

/*
 * A series from explicit steps in SI: interval i is [t[i], t[i+1]) (n+1
 * strictly increasing finite boundaries) with value v[i] (finite, any
 * sign; NAN for a gap).  No step is inferred and nothing is inserted: for
 * functions built by the engine (PUE by month or hour, a profile, their
 * products).  step_s is the shortest interval.  Free with wf_series_free().
 */
int wf_series_from_steps(wf_series **out, const double *t, const double *v, size_t n,
			 const char *name, wf_error *err);

/* Free a series (NULL is fine). */
void wf_series_free(wf_series *s);

/* Free an array from wf_series_load_all / wf_series_parse (NULL is fine). */
void wf_series_free_all(wf_series **s, size_t n);

/*
 * ∫ CI dt over [t0, t1) in kg/J * s (so energy * this / duration = mass).
 * Partial intervals at both ends count by their exact overlap.  Parts of
 * the window outside the series or in a gap contribute nothing, and then
 * *covered = 0; *covered = 1 when the whole window has data.  O(log n).
 * Returns 0, or WF_EINPUT when t0 > t1 or either is not finite.
 */
int wf_series_integral(const wf_series *s, double t0, double t1, double *out,
		       int *covered);

/* Mean CI over [t0, t1) = integral / (t1 - t0), kg/J; needs t0 < t1. */
int wf_series_mean(const wf_series *s, double t0, double t1, double *out,
		   int *covered);

/* The series' span: t[0] and t[n]. */
double wf_series_begin(const wf_series *s);
double wf_series_end(const wf_series *s);

/* Number of missing intervals (gaps). */
size_t wf_series_gaps(const wf_series *s);

/* Seconds of [t0, t1) that lie inside the series and not in a gap. */
double wf_series_covered_s(const wf_series *s, double t0, double t1);

/* The interval holding x: the largest i < n with t[i] <= x (0 before the
 * series). */
size_t wf_series_locate(const wf_series *s, double x);

/* Format t (s since the epoch) as 2026-07-01T00:00:00Z (whole seconds,
 * or with a fraction when it has one).  Returns buf. */
char *wf_series_format_time(char *buf, size_t size, double t);

/* Step arrays grown piece by piece: n steps [t[i], t[i+1]) with values
 * v[i] (t has n + 1 entries), for wf_series_from_steps.  Zero-initialise;
 * free t and v with free(). */
typedef struct wf_steps {
	double *t, *v;
	size_t n, cap;
} wf_steps;

/* Append [t0, t1) with value v.  A hole after the last step becomes a gap
 * (NAN); a piece that starts before the last one ends is WF_EINPUT.
 * 0, WF_EINPUT or WF_ENOMEM. */
int wf_steps_push(wf_steps *s, double t0, double t1, double v);

#endif

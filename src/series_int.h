/*
 * series_int.h - private interfaces of the series module: series.c builds
 * and integrates step functions,
 * series_csv.c reads the CSV layouts, series_load.c reads files and picks
 * a region's series.  Not installed.
 */
#ifndef WF_SERIES_INT_H
#define WF_SERIES_INT_H

#include "file.h"
#include "series.h"

/* Bounds on what a hostile file can cost. */
enum {
	SERIES_MAX_BYTES = 256 * 1024 * 1024,
	SERIES_MAX_COLS = 128,
	SERIES_MAX_REGIONS = 4096
};

#define MOD "series"

/* One region's rows as read: interval starts and values (NAN = gap). */
typedef struct acc {
	char *id;         /* region_id cell ("" without the column) */
	char *name;       /* region cell ("" without the column) */
	int first_line;
	int selected;
	size_t n, cap;
	double *t, *v;
	int last_line;    /* line of the previous row, for order errors */
} acc;

/* series.c: a series from one region's rows (values x raw_si to SI). */
int wf_series__build(wf_series **out, acc *a, double raw_si, const char *path,
		     const char *column, wf_error *err);

/* series.c: "id name" as a region's label. */
void wf_series__region_label(char *buf, size_t size, const char *id, const char *name);

/* series_csv.c: parse text with a value column (NULL: intensity_g_per_kwh). */
int wf_series__parse(wf_series ***out, size_t *n_out, const char *text, size_t len,
		     const char *name, const char *region, const wf_mix_factors *mix,
		     const char *column, wf_error *err);

/* series.c: "text" cut for a message. */
const char *wf_series__quote(char *buf, size_t size, const char *s);

/* series.c: the error for a region the file does not have, listing those
 * it has. */
int wf_series__no_region(wf_error *err, const char *file, int line, int col,
			 const char *where, const char *filter, const char *const *ids,
			 const char *const *names, size_t n);

/* series.c: a generation-mix factor set is usable (every factor finite). */
int wf_series__check_mix(const wf_mix_factors *m, const char *path, wf_error *err);

/* series_csv.c: read a whole source (text, or a file descriptor) into
 * every series it holds, or the one region asked for. */
int wf_series__parse_source(wf_series ***out, size_t *n_out, const char *text, size_t len,
			    int fd, wf_file_stamp *st, const char *name, const char *region,
			    const wf_mix_factors *mix, const char *column, wf_error *err);

/* series_load.c: a file read into its series with the given value
 * column (NULL: intensity_g_per_kwh); st (if not NULL) gets its stamp. */
int wf_series__read_column(wf_series ***out, size_t *n_out, const char *path,
			   const char *region, const wf_mix_factors *mix, const char *column,
			   wf_file_stamp *st, wf_error *err);

#endif

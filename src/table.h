/*
 * table.h - CSV tables referenced from model files.
 *
 * A grid's `intensity: country_annual.csv` names a table with the columns
 * grid,year,intensity_g_per_kwh (RFC 4180 quoting allowed).  Each table is
 * read once per catalog, however many grids refer to it; a catalog with a
 * cache (cache.h) keeps its rows there under the CSV's bytes.
 */
#ifndef WF_TABLE_H
#define WF_TABLE_H

#include "catalog.h"
#include "csv.h"

typedef struct wf_table_row {
	const char *grid;
	int year;
	double value;   /* kg CO2e per J */
	int line;       /* 1-based line in the CSV */
} wf_table_row;

typedef struct wf_table {
	const char *path;
	size_t n_rows;
	wf_table_row *rows;
} wf_table;

/* Open (or reuse) the table at `rel`, relative to the model file `from`. */
int wf_table_open(wf_catalog *cat, const wf_table **out, const char *rel,
		  const char *from, int line, int col, wf_error *err);

/* The rows of one grid: *first is the index of its first row (rows are
 * sorted by grid, then by line); returns how many rows it has. */
size_t wf_table_rows(const wf_table *t, const char *grid, size_t *first);

#endif

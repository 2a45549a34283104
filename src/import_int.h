/*
 * import_int.h - private header of the importers (wf_import, wattif.h):
 * the table every reader fills (regions, rows, fuel values, each row with
 * the file:line:col it came from), the checks that turn it into a series
 * (steps, gaps, duplicates), and time stamps with their zones.
 *
 * Module layers (tools/deps.py): import_time and import_table at the
 * bottom; import_csv (Electricity Maps, ENTSO-E) and import_neso (the NESO
 * Carbon Intensity API's JSON) fill a table; import.c checks it, writes
 * the series CSV and reads it back with the series reader.
 */
#ifndef WF_IMPORT_INT_H
#define WF_IMPORT_INT_H

#include <stddef.h>

#include "arena.h"
#include "strbuf.h"
#include "wattif.h"

#define IMP_MOD "import"
#define IMP_MAX_FUELS 64

/* ---------------------------------------------------------- time stamps */

/* A time zone the ENTSO-E exports name: UTC, or a European zone with the
 * EU summer-time rule (last Sunday of March to last Sunday of October,
 * switching at 01:00 UTC; Directive 2000/84/EC). */
typedef struct imp_zone {
	const char *name;  /* "UTC", "CET/CEST", ... */
	int base_s;        /* standard offset from UTC */
	int summer;        /* follows the EU summer-time rule */
} imp_zone;

/* The zone of a name as ENTSO-E headers write it ("UTC", "CET/CEST",
 * "CET", "WET/WEST", "EET/EEST", "GMT/BST"), or NULL. */
const imp_zone *imp_zone_find(const char *name);

/* A parsed time stamp. */
typedef struct imp_time {
	double t;          /* seconds since 1970-01-01T00:00Z, local if !zoned */
	int zoned;         /* an explicit Z or +hh:mm offset was given */
	int offset_s;      /* that offset (0 for Z) */
	int hint;          /* "(CEST)" after it: 1; "(CET)": -1; none: 0 */
} imp_time;

/* Read a date-time at s: YYYY-MM-DD[T| ]HH:MM[:SS] with an optional Z or
 * +hh:mm zone, or (dmy != 0) DD.MM.YYYY HH:MM[:SS] / DD/MM/YYYY ...,
 * optionally followed by " (CET)" / " (CEST)" style zone hints.  Returns
 * the bytes read, or 0 with *why set when s does not start with one. */
size_t imp_time_read(const char *s, int dmy, imp_time *out, const char **why);

/* UTC seconds of a wall-clock time in zone z.  prev_utc (NAN if none) is
 * the previous row's start in file order: in the hour that repeats when
 * clocks go back, the first copy is summer time and the second winter
 * time, unless tm->hint says which.  Returns 0, or -1 when the wall time
 * does not exist (clocks go forward). */
int imp_time_utc(const imp_zone *z, const imp_time *tm, double prev_utc, double *utc);

/* Write t as YYYY-MM-DDTHH:MM:SSZ (buf of at least 32 bytes). */
char *imp_time_format(char *buf, double t);

/* ---------------------------------------------------------------- table */

typedef struct imp_pos {
	const char *file;  /* arena copy */
	int line, col;
} imp_pos;

typedef struct imp_region {
	char *id, *name;   /* "" when the source has none */
	imp_pos at;        /* first row */
	int file_no;       /* file of the last row added */
	double last_t;     /* its start, NAN before the first */
	imp_pos last_at;
} imp_region;

typedef struct imp_row {
	double t;          /* interval start, UTC seconds */
	double len_s;      /* the length the source gives (NESO from/to), NAN */
	double ci;         /* g/kWh, NAN = gap */
	size_t region;
	size_t v0, nv;     /* fuel values: tab->fv[v0 .. v0+nv) */
	imp_pos at;
	int file_no;
	int filled;        /* inserted for a missing interval */
} imp_row;

typedef struct imp_fv {
	unsigned short fuel;  /* index into tab->fuel */
	int col;              /* column of the cell in its line */
	double v;             /* NAN = empty */
} imp_fv;

typedef struct imp_table {
	wf_arena arena;
	wf_error *err;
	wf_strbuf notes;         /* lines of notes for the user */
	const wf_import_options *opt;
	double from_s, to_s;     /* clip: starts in [from, to) (+-INFINITY) */
	int has_ci;              /* the output has an intensity column */
	int regional;            /* the output has region columns */
	const char *unit;        /* "_pct" or "_mw" for fuel columns */
	char *fuel[IMP_MAX_FUELS];
	imp_pos fuel_at[IMP_MAX_FUELS]; /* where each fuel was first named */
	unsigned char omit[IMP_MAX_FUELS]; /* left out of the output */
	size_t fuel_cells[IMP_MAX_FUELS], fuel_ne[IMP_MAX_FUELS]; /* ENTSO-E n/e */
	size_t nfuel;
	int no_fuels;            /* write no fuel columns */
	int kind;                /* the reader's shape, the same in every file */
	char *area;              /* ENTSO-E: the one area of every file */
	imp_region *reg;
	size_t nreg, capreg;
	imp_row *row;
	size_t nrow, caprow;
	imp_fv *fv;
	size_t nfv, capfv;
	size_t clipped;          /* rows outside [from, to) */
	size_t overlaps;         /* identical rows in two files, kept once */
	size_t gaps, gap_rows;   /* missing stretches and intervals */
	size_t empty;            /* rows read with an empty intensity */
	size_t ignored;          /* a reader's count for its notes */
	double step_s;
	int file_no;             /* the file being read (1-based) */
	const char *file;        /* its name (arena copy) */
} imp_table;

/* Set up / release a table.  opt must outlive it. */
int imp_table_init(imp_table *tab, const wf_import_options *opt, wf_error *err);
void imp_table_release(imp_table *tab);

/* Start reading the next file (its name as given, for messages). */
int imp_table_file(imp_table *tab, const char *path);

/* The index of region (id, name), added when new; an id keeps one name
 * and a name one id (errors name at). */
int imp_table_region(imp_table *tab, const char *id, const char *name, imp_pos at,
		     size_t *out);

/* The index of a fuel column, added when new (name checked: letters,
 * digits and _, as <fuel>_pct / _mw headers need). */
int imp_table_fuel(imp_table *tab, const char *name, imp_pos at, size_t *out);

/* Add a row (t UTC; len_s NAN if not given; ci NAN for a gap) with nv
 * fuel values.  Rows outside [from, to) are counted and dropped.  Within
 * one file a region's starts must increase: an equal start is a
 * duplicate, an earlier one an error. */
int imp_table_add(imp_table *tab, size_t region, double t, double len_s, double ci,
		  const imp_fv *fv, size_t nv, imp_pos at);

/* Sort and check the rows: duplicates across files (identical ones kept
 * once), one step (the source's interval length, or the median spacing),
 * every spacing a whole number of steps, missing intervals inserted as
 * empty rows (or errors with opt->no_gaps). */
int imp_table_check(imp_table *tab);

/* A note for the user (one line, no newline). */
void imp_note(imp_table *tab, const char *fmt, ...) WF_PRINTF(2, 3);

/* Format a position as "file:line" for messages (buf of 600 bytes). */
const char *imp_pos_str(char *buf, size_t size, imp_pos at);

/* ------------------------------------------------------------- readers */

/* Read whole files into memory (NUL-terminated), bounded by
 * IMP_MAX_BYTES.  *out is malloc'd. */
#define IMP_MAX_BYTES ((size_t)256 * 1024 * 1024)
int imp_read_file(char **out, size_t *len, const char *path, wf_error *err);

int imp_read_electricitymaps(imp_table *tab, const char *path);
int imp_read_entsoe(imp_table *tab, const char *path);
/* After the last ENTSO-E file: columns "n/e" throughout are left out. */
void imp_entsoe_finish(imp_table *tab);
int imp_read_neso(imp_table *tab, const char *path);

/* ENTSO-E rows converted to intensity with a factor set (import.c). */
int imp_entsoe_factors(imp_table *tab);

#endif

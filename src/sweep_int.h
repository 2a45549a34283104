/*
 * sweep_int.h - what a sweep and a sweep worker hold, shared by the files
 * of the sweep module and nothing else:
 *
 *   sweep.c          the sweep file: base, mode, samples, outputs, the
 *                    check before any row, accessors, fingerprint
 *   sweep_axes.c     axes: lists, re:REGEX ids, range(a, b, step); value
 *                    texts (stored, or made on demand for long ranges)
 *   sweep_eval.c     workers: the plan cache, points and chunks of points
 *   sweep_rows.c     rows: CSV and JSON Lines
 *   sweep_summary.c  --summary: aggregates by axes without rows
 *   sweep_campus.c   a point whose base spans years: its lifetime totals
 *
 * An axis value is known by its index i on the axis.  Its text is stored
 * for lists, catalog ids and ranges of at most SW_STORED_MAX values, and
 * made again whenever it is needed for longer ranges, so a range of ten
 * million start hours costs nothing per value.  Its "value id" (sw_vid)
 * is the index of the first equal value on the axis (lists may repeat a
 * value, zip lists often do): two points whose structural axes have the
 * same value ids resolve to the same plan.
 */
#ifndef WF_SWEEP_INT_H
#define WF_SWEEP_INT_H

#include <stdint.h>

#include "catalog.h"
#include "engine.h"
#include "quantity.h"
#include "scenario.h"
#include "sweep.h"

enum {
	SW_CACHE = 8,             /* resolved plans a worker keeps */
	SW_NQ = 5,                /* mean, sd, p05, p50, p95 */
	SW_NDESC = 5,             /* region, year, basis, intensity_source, profile */
	SW_STORED_MAX = 65536,    /* longer ranges make their texts on demand */
	SW_TEXT_MAX = 128         /* a range value's text, NUL included */
};

extern const char *const wf_sw_qnames[SW_NQ];
extern const char *const wf_sw_desc_names[SW_NDESC];

typedef enum { AX_LIST, AX_IDS, AX_RANGE } sw_axis_kind;

/* How a value is written in JSON Lines. */
typedef enum {
	JV_STRING = 0,            /* ids, dates, distributions, words */
	JV_NUMBER,                /* "1.1", "64": a JSON number */
	JV_QUANTITY               /* "700 W": {"value": 700, "unit": "W"} */
} sw_json_kind;

/* A range as read: its start and step (SI; dates in whole milliseconds),
 * how many values it has, and the unit its start was written in. */
typedef struct sw_range {
	double a, step, factor;
	size_t n;
	int date;
	char unit[64];
} sw_range;

typedef struct sw_axis {
	const char *path;          /* "site.pue" */
	size_t path_len;
	const wf_node *key;        /* where the axis is written */
	const wf_node *node;       /* its values: a list, "re:..." or "range(...)" */
	sw_axis_kind kind;
	size_t n;                  /* values */
	size_t stride;             /* product: points per step of this axis */
	const char **text;         /* each value's text; NULL: made on demand */
	double *si;                /* fast axes: each value in SI; NULL: on demand */
	size_t *vid;               /* lists: index of the first equal value */
	unsigned char *json;       /* lists: sw_json_kind of each value */
	sw_json_kind json_all;     /* ids and ranges: of every value */
	int pin;                   /* fast axes: the plan input, else -1 */
	wf_dim dim;                /* fast axes: the input's dimension */
	sw_range r;                /* ranges */
} sw_axis;

struct wf_sweep {
	wf_catalog *overlay;       /* the sweep file's own entries over base */
	wf_scenario *basefile;     /* base: FILE, loaded over overlay */
	const wf_catalog *sc_cat;  /* the catalog scenarios resolve against */
	const wf_node *base_node;  /* the scenario mapping each point copies */
	const char *base_file;
	const char *base_id;
	wf_arena arena;
	sw_axis *axes;
	size_t n_axes;
	size_t n_struct;           /* structural axes (pin < 0) */
	size_t *struct_axes;       /* their indexes */
	int zip;
	size_t n_points;
	int outs[WF_OUT_COUNT_];   /* outputs shown, in order */
	size_t n_outs;
	long samples;              /* 0 = deterministic */
	int projection;            /* the base spans years: lifetime totals
				    * (sweep_campus.c), no plans kept */
	unsigned long seed;
	const char **columns;      /* axes, outputs, quantiles, description */
	size_t n_values;           /* outputs and quantiles */
	size_t n_columns;          /* n_axes + n_values + SW_NDESC */
};

/* What a point's intensity is, for its row (wf_intensity_info's fields a
 * row carries); the profile text lives in the worker's pool. */
typedef struct sw_desc {
	const char *region;        /* catalog id, or "" */
	const char *basis;         /* static */
	const char *source;        /* static */
	int year;                  /* 0: none */
	size_t profile;            /* offset in the worker's pool */
	size_t region_at;          /* the region copied in the pool, or SIZE_MAX */
} sw_desc;

typedef struct sw_entry {
	int used;
	unsigned long stamp;       /* last use, for eviction */
	int fast_ok;               /* fast inputs may be changed in pl */
	size_t *idx;               /* value index of each axis it was built with */
	wf_scenario *sc;
	wf_plan pl;
} sw_entry;

/* A point of a chunk and its structural key, for evaluating the chunk
 * grouped by plan. */
typedef struct sw_order {
	uint64_t key;
	size_t k;
} sw_order;

struct wf_sweep_worker {
	const wf_sweep *sw;
	sw_entry c[SW_CACHE];
	unsigned long clock;
	size_t *idx;               /* scratch: value index per axis */
	double *mc_out;            /* samples x WF_OUT_COUNT_ */
	wf_qparser *qp;            /* fast values of long ranges */
	int fresh;                 /* the last plan_for resolved a plan */
	sw_entry *mru;             /* the entry used last */
	/* the last point: wf_sweep_worker_intensity (its cached plan, or a
	 * copy of what a plan resolved for it alone said) */
	const wf_plan *last_plan;
	wf_intensity_info last;
	char *last_profile;
	size_t last_profile_cap;
	/* a chunk: its points' values, their descriptions by group */
	sw_order *order;
	size_t order_cap;
	double *vals;              /* chunk points x n_values */
	size_t *grp;               /* chunk point -> desc */
	size_t vals_cap;
	sw_desc *desc;
	size_t n_desc, desc_cap;
	char *pool;                /* profile texts of the chunk */
	size_t pool_len, pool_cap;
};

/* ---------------------------------------------------------- sweep.c */

int wf_sw_at(wf_error *err, int code, const wf_node *n, const char *fmt, ...)
	WF_PRINTF(4, 5);
int wf_sw_nomem(wf_error *err);

/* ----------------------------------------------------- sweep_axes.c */

/* Read the `vary:` mapping: every axis checked and counted, the points
 * counted against max (nothing that grows with the values made before),
 * then the values. */
int wf_sw_load_axes(wf_sweep *sw, const wf_node *vary, unsigned long long max,
		    wf_error *err);

/* The value index of point k on every axis. */
void wf_sw_decode(const wf_sweep *sw, size_t k, size_t *idx);

/* The text of value i of axis a: stored, or written into buf
 * (SW_TEXT_MAX bytes). */
const char *wf_sw_text(const wf_sweep *sw, size_t a, size_t i, char *buf);

/* The node value i of axis a was written at. */
const wf_node *wf_sw_where(const sw_axis *ax, size_t i);

/* The value id of value i (see above). */
static inline size_t wf_sw_vid(const sw_axis *ax, size_t i)
{
	return ax->vid ? ax->vid[i] : i;
}

/* A fast axis's value i in SI (qp parses it when not stored).  0 or an
 * error code. */
int wf_sw_si(const sw_axis *ax, size_t i, wf_qparser *qp, double *out);

/* sw_json_kind of value i. */
sw_json_kind wf_sw_json_kind(const sw_axis *ax, size_t i);

/* ----------------------------------------------------- sweep_eval.c */

/* Evaluate points [k0, k1) into w->vals (row-major, n_values each), their
 * descriptions into w->desc through w->grp, grouped so that each distinct
 * combination of structural values is resolved at most once.  Errors
 * name the lowest point that fails. */
int wf_sw_eval_chunk(wf_sweep_worker *w, size_t k0, size_t k1, wf_error *err);

/* The description of chunk point j as a wf_intensity_info (strings valid
 * until the next chunk). */
void wf_sw_chunk_info(const wf_sweep_worker *w, size_t j, wf_intensity_info *out);

/* Resolve one point from scratch into *sc and *pl (both released on
 * error, which names the point). */
int wf_sw_resolve_point(wf_scenario **sc, wf_plan *pl, const wf_sweep *sw,
			const size_t *idx, size_t k, wf_error *err);

/* ----------------------------------------------------- sweep_rows.c */

/* A growable buffer of rows. */
typedef struct sw_out {
	char *buf;
	size_t size, len;
} sw_out;

void wf_sw_put(sw_out *o, const char *s, size_t n);
void wf_sw_put_csv(sw_out *o, const char *s);
void wf_sw_put_json(sw_out *o, const char *s);
/* An axis value as CSV text or as a JSON value (number, quantity object
 * or string, by its sw_json_kind). */
void wf_sw_put_axis(sw_out *o, const wf_sweep *sw, size_t a, size_t i,
		    wf_sweep_format fmt);
/* The length of the decimal number ([+-]digits[.digits][e[+-]digits])
 * that s starts with; 0 when none. */
size_t wf_sw_number_len(const char *s);
/* A number (shortest round trip) or the empty field / null. */
void wf_sw_put_number(sw_out *o, double v, wf_sweep_format fmt);

#endif

/*
 * catalog.h - typed catalog entries and the catalog that holds them.
 *
 * Every number an entry holds is a wf_param: the value (or distribution)
 * plus where it came from, so `wattif explain` can name file:line:col and
 * the data source of each input.  A catalog may sit on a parent (a scenario
 * file's own entries over the shipped catalog); lookups try the child
 * first.  After wf_catalog_finish() a catalog is never written again.
 */
#ifndef WF_CATALOG_H
#define WF_CATALOG_H

#include "arena.h"
#include "doc.h"
#include "file.h"
#include "wattif.h"

#define WF_KIND_COUNT WF_KIND_COUNT_

/* A number with its origin. */
typedef struct wf_param {
	wf_value v;
	int set;           /* 0 when absent */
	const char *file;  /* where it was written, NULL for defaults/data */
	int line, col;
	const char *note;  /* data source or default's justification */
} wf_param;

/* Numeric precisions a peak throughput can be given for. */
typedef enum wf_prec {
	WF_PREC_FP64 = 0,
	WF_PREC_FP32,
	WF_PREC_TF32,
	WF_PREC_BF16,
	WF_PREC_FP16,
	WF_PREC_FP8,
	WF_PREC_INT8,
	WF_PREC_FP4,
	WF_PREC_COUNT
} wf_prec;

extern const char *const wf_prec_names[WF_PREC_COUNT];

/* What every entry has. */
typedef struct wf_entry {
	const char *id;
	const char *name;
	const char *source;
	const char *note;
	const char *file;
	int line, col;
	const struct wf_node *node;      /* the entry's YAML mapping (NULL when
					  * built in code): where each key's
					  * value was written */
} wf_entry;

/* A tabulated utilisation curve f(u), monotone, f(0)=0, f(1)=1. */
typedef struct wf_curve {
	size_t n;
	double *u;
	double *f;
	const char *file;
	int line, col;
} wf_curve;

typedef struct wf_accel {
	wf_entry e;
	const char *vendor;
	const char *embodied_scope;
	wf_param tdp, idle, memory, embodied, lifetime, released;
	wf_param peak[WF_PREC_COUNT];
	wf_param curve_exponent;   /* f(u) = 2u - u^r (Fan et al. 2007) */
	wf_curve *curve;           /* tabulated f(u) */
	int estimate;
} wf_accel;

/* What a host server holds besides its accelerators, for embodied carbon
 * (a node's `host:`, or a scenario's embodied.host mapping). */
typedef struct wf_hostdef {
	int set;                   /* a composition was given */
	wf_param cpus, dram, ssd, nics;  /* counts; DRAM and SSD in bytes */
	const char *file;          /* where the mapping was written */
	int line, col;
} wf_hostdef;

typedef struct wf_nodedef {
	wf_entry e;
	const char *accel_id;
	const wf_accel *accel;     /* resolved by finish */
	const char *embodied_scope;
	wf_param count, rated_power, host_power, memory, embodied, lifetime,
		load_fraction;
	wf_hostdef host;
} wf_nodedef;

/* Components of the embodied-carbon model (catalog_embodied.c). */
typedef enum wf_emb_comp {
	WF_EC_BOARD = 0,     /* kg per accelerator board or card (accelerator:) */
	WF_EC_HBM,           /* kg/B of accelerator memory */
	WF_EC_BOARD_REST,    /* kg per board without its memory (accelerator:) */
	WF_EC_CPU,           /* kg per host CPU */
	WF_EC_DRAM,          /* kg/B of host memory */
	WF_EC_SSD,           /* kg/B of host storage */
	WF_EC_SERVER_REST,   /* kg per server: mainboard, PSUs, chassis, assembly */
	WF_EC_HOST,          /* kg per server, the whole host without its
			      * accelerators (one figure) */
	WF_EC_NIC,           /* kg per network adapter */
	WF_EC_BUILDING,      /* kg per W of IT capacity: building, M&E plant */
	WF_EC_SERVICE_LIFE,  /* service life of IT hardware, s */
	WF_EC_COUNT
} wf_emb_comp;

/* What an embodied figure covers in the life cycle. */
typedef enum wf_boundary {
	WF_BOUND_UNSET = 0,
	WF_BOUND_CRADLE_TO_GATE,    /* materials, manufacture, transport to the gate */
	WF_BOUND_CRADLE_TO_GRAVE,   /* also distribution and end of life */
	WF_BOUND_GATE_TO_GATE,      /* one manufacturing stage (a fab) */
	WF_BOUND_UNSTATED,          /* the source does not say */
	WF_BOUND_COUNT
} wf_boundary;

/* One embodied-carbon factor: a figure with its source and boundary. */
typedef struct wf_embfactor {
	wf_entry e;
	wf_emb_comp comp;
	int comp_set;
	const char *method;        /* the method it belongs to; "vendor" when
				    * not given */
	const char *accel_id;      /* board, board_rest: the accelerator */
	const wf_accel *accel;     /* resolved by finish */
	wf_param value;            /* SI, of wf_emb_comp_dim(comp) */
	wf_boundary boundary;
	wf_param lifetime;         /* the service life its source assumed */
	int secondary;             /* read in a third party's transcription */
	int derived;               /* computed from sourced inputs */
} wf_embfactor;

/* Component names (the `component:` words) and their value dimensions. */
const char *wf_emb_comp_name(wf_emb_comp c);
wf_dim wf_emb_comp_dim(wf_emb_comp c);
int wf_emb_comp_parse(wf_emb_comp *out, const char *word);
/* 2: a factor of this component is for one accelerator (board,
 * board_rest); 1: it may be (hbm, host; else it is for any); 0: never. */
int wf_emb_comp_per_accel(wf_emb_comp c);
const char *wf_boundary_name(wf_boundary b);
int wf_boundary_parse(wf_boundary *out, const char *word);

/* The default method of the embodied model. */
#define WF_EMB_METHOD_DEFAULT "vendor"

/* The factor of component c in method m: for accelerator a when the
 * component has such figures (boards: only then), else the method's
 * general one; searching the catalog chain child first.  NULL: none. */
const wf_embfactor *wf_emb_find(const wf_catalog *cat, wf_emb_comp c, const char *m,
				const wf_accel *a);

/* A factor by id; NULL when there is none. */
const wf_embfactor *wf_emb_get(const wf_catalog *cat, const char *id);

/* "SECONDARY, DERIVED", "SECONDARY", "DERIVED" or "" for a factor. */
const char *wf_emb_labels(const wf_embfactor *f);

/* At finish: resolve the factors' accelerators and check that a catalog
 * holds one factor per component and method (catalog.c calls it). */
int wf_emb_resolve(wf_catalog *cat, wf_error *err);

/* The embodied fields of wf_catalog_entry. */
void wf_emb_entry_info(wf_entry_info *out, const wf_embfactor *f);

typedef enum wf_basis {
	WF_BASIS_UNSET = 0,
	WF_BASIS_LIFECYCLE,
	WF_BASIS_DIRECT,
	WF_BASIS_UNSTATED   /* the source does not say */
} wf_basis;

const char *wf_basis_name(wf_basis b);

/* Fuel (or import) -> intensity. */
typedef struct wf_fuelmap {
	size_t n;
	const char **keys;
	wf_param *vals;
} wf_fuelmap;

typedef struct wf_factors {
	wf_entry e;
	wf_basis basis;
	wf_fuelmap values;
	wf_fuelmap imports;
} wf_factors;

/* A series file, read on first use: loading every shipped series at
 * start-up would cost more than the rest of the catalog together (the GB
 * regional years are 10 MB each), and most runs need none.  One entry per
 * (file, value column).  The catalog stays logically immutable: the first
 * caller reads the file under the lock, later callers (any thread) get the
 * same series, or the same error. */
typedef struct wf_series_file {
	const char *path;
	const char *column;              /* value column read */
	const char *from_file;           /* the model file that first named it */
	int from_line, from_col;
	void *lock;                      /* pthread_mutex_t, owned */
	int state;                       /* 0 unread, 1 read, -1 failed */
	struct wf_series **s;            /* its series, when read */
	size_t n;
	wf_error err;                    /* the failure, when it failed */
} wf_series_file;

/* One of a grid's intensity series: a region (and value column) of a
 * file, on a factor basis, for all of its span or part of it. */
typedef struct wf_grid_series {
	wf_series_file *file;
	const char *region;              /* region_id or name in the file;
					  * NULL: the grid id (a file of one
					  * series answers any) */
	wf_basis basis;
	double from_s, to_s;             /* the span it is used for (-inf/inf:
					  * all of it) */
	const char *note;                /* said whenever it is used */
	const char *file_yaml;           /* where it was named */
	int line, col;
} wf_grid_series;

typedef struct wf_grid {
	wf_entry e;
	const char **aliases;            /* other codes people write for it */
	size_t n_aliases;
	const char *parent_id;
	const struct wf_grid *parent;    /* resolved */
	wf_basis basis;
	int from_parent;                 /* intensity_from: parent */
	size_t n_years;                  /* annual intensities, sorted by year */
	size_t cap_years;                /* room in years and intensity */
	int *years;
	wf_param *intensity;             /* kg/J, one per year */
	size_t n_series;                 /* hourly series, in order of preference */
	wf_grid_series *series;
	const char *series_region;       /* series: FILE's region (default: the
					  * grid id; see series.h) */
	wf_basis series_basis;           /* series: FILE's factor basis */
	const char *series_from_id;      /* series_from: another grid's series */
	const struct wf_grid *series_from; /* resolved */
	/* pathways (kind WF_KIND_PATHWAY) are wf_grids too: parent is the
	 * region, intensity the given years, and these say how to read them */
	const char *scenario;            /* pathway scenario name */
	int steffen;                     /* interpolation: 0 linear, 1 steffen */
	const char *status;              /* pathway: history, target, ... */
	int marginal;                    /* pathway: accounting: marginal */
	wf_fuelmap mix;                  /* fuel -> share */
	const char *factors_id;
	const wf_factors *factors;       /* resolved */
	wf_param cfe;
} wf_grid;

/* A sub-region's mean intensity relative to its national grid's over the
 * same intervals of a year (grid.regional_factor: METHOD scales a national
 * pathway by regional_mean / national_mean). */
typedef struct wf_regional_factor {
	wf_entry e;
	const char *region_id, *national_id, *method;
	const struct wf_grid *region, *national;  /* resolved */
	wf_param year, regional_mean, national_mean, half_hours, regional_median,
		compare_year, compare_mean;
	const char *regional_file, *national_file;  /* the data it came from */
	const char *moves;               /* how a later year differs, or NULL */
} wf_regional_factor;

/* A water-company area's water-stress classification (a regulatory flag). */
typedef struct wf_water_area {
	wf_entry e;
	const char *status;              /* "seriously stressed", ... */
	const char *nation;
	wf_param year;
	const char **regions;            /* grids whose main company it is */
	size_t n_regions;
} wf_water_area;

/* A published data-centre demand figure for a year. */
typedef struct wf_demand {
	wf_entry e;
	const char *region_id, *status, *scope;
	wf_param year, demand, capacity;
} wf_demand;

/* PUE as a function of outdoor dry-bulb temperature (°C), interpolated
 * monotonically (Steffen) between the given points. */
typedef struct wf_pue_curve {
	wf_entry e;
	const char *cooling;             /* what the curve models */
	wf_param humidity;               /* relative humidity it was run at */
	wf_param fixed_loss;             /* facility power drawn whatever the IT
					  * load, as a share of the rated IT
					  * capacity: PUE = curve(T) + fixed_loss / L */
	size_t n;                        /* points, sorted by temperature */
	double *t_c;
	double *pue;
	int line0;                       /* line of the points map */
} wf_pue_curve;

typedef struct wf_facility {
	wf_entry e;
	const char *operator_name;
	const char *region_id;
	const wf_grid *region;           /* resolved, may be NULL */
	wf_param year, pue, wue, water_intensity, capacity;
	const wf_node *climate;          /* {pue_curve, temperature_c |
					  * monthly_temperature_c}, or NULL */
} wf_facility;

typedef enum wf_wl_kind {
	WF_WL_TRAINING = 0,
	WF_WL_INFERENCE
} wf_wl_kind;

/* What a measured energy covers (workload.energy.scope). */
typedef enum wf_escope {
	WF_ESCOPE_NONE = 0,
	WF_ESCOPE_ACCEL,     /* the accelerators only: host share and PUE added */
	WF_ESCOPE_IT,        /* IT equipment (with hosts): PUE added */
	WF_ESCOPE_FACILITY   /* the facility's meter: nothing added */
} wf_escope;

/* workload.power_log: a measured power log and how to read it. */
typedef struct wf_plog_spec {
	const char *path;        /* relative to the model file it was written in */
	const char *file;        /* where power_log was written */
	int line, col;
	int format;              /* wf_plog_format (powerlog.h); 0 = by the header */
	int has_offset;
	double utc_offset_s;     /* local time minus UTC */
	double max_gap_s;        /* NAN: the reader's default */
	int gpus;                /* 0: not given */
	const char *column;      /* NULL: the format's default */
} wf_plog_spec;

/* A workload as written (catalog entry or a scenario's inline one). */
typedef struct wf_workload {
	wf_entry e;
	wf_wl_kind kind;
	int kind_set;
	const char *accel_id;
	const char *node_id;
	const char *precision;           /* bf16, fp16, ... */
	wf_param devices, nodes, device_hours, wall_time, power_per_device,
		utilisation, flops, params, tokens, mfu, overhead_factor,
		host_power, host_memory, memory_power, requests, request_rate,
		tokens_per_request, throughput, energy_per_token,
		energy_per_request, idle_power;
	wf_param energy;                 /* measured energy (energy: {value, scope}) */
	wf_escope energy_scope;
	const wf_plog_spec *power_log;   /* a measured power log, or NULL */
	wf_param runs;                   /* the same run repeated, back to back */
	int strict;                      /* implausible measurements are errors */
} wf_workload;

/* A file the catalog read (model file, series, table). */
typedef struct wf_file_rec {
	const char *path;
	wf_file_stamp st;
	int yaml;          /* a model file (else a data file) */
	int done;          /* model files: 0 while its includes load */
} wf_file_rec;

/* A scenario or sweep node kept for later mapping. */
typedef struct wf_docref {
	wf_node *node;
	const char *file;
} wf_docref;

struct wf_catalog {
	wf_arena arena;
	const wf_catalog *parent;
	int finished;
	int indexed;            /* kinds[].sorted built (finish, before resolving) */
	struct {
		size_t n, cap;
		void **items;       /* wf_accel*, wf_nodedef*, ... by kind */
		size_t *sorted;     /* indexes sorted by id, built by finish */
		size_t *hash;       /* while loading: open hash of item indexes
				     * (SIZE_MAX: empty), hcap slots; malloc'ed */
		size_t hcap;
	} kinds[WF_KIND_COUNT];
	size_t n_scenarios, cap_scenarios;
	wf_docref *scenarios;
	size_t n_sweeps, cap_sweeps;
	wf_docref *sweeps;
	size_t n_sfiles, cap_sfiles;
	struct wf_series_file **sfiles; /* series files, read on first use; owned */
	size_t n_tables, cap_tables;
	struct wf_table *tables;        /* CSV tables read once */
	const char **loading;           /* include stack, for cycles */
	size_t n_loading;
	wf_file_rec *files;             /* every file read, in order */
	size_t n_files, cap_files;
	size_t n_yaml;                  /* model files among them */
	size_t nodes_left;              /* node budget (WF_DOC_MAX_TOTAL_NODES) */
	long long yaml_bytes;           /* model-file bytes read */
	const char *cache_dir;          /* files as read (cache.h), or NULL */
	struct wf_qparser *qp;          /* owned while loading */
	const void *id_re;              /* pcre2_code*, shared (compiled once) */
	void *id_md;                    /* pcre2_match_data* */
	void *id_mctx;                  /* pcre2_match_context* (limits) */
};

/* Put item i of a kind (just pushed) into the id hash used while loading.
 * 0 or WF_ENOMEM. */
int wf_catalog_index_add(wf_catalog *cat, wf_kind kind, size_t i);

/* Entry lookup by id through the parent chain; NULL when absent. */
const void *wf_catalog_get(const wf_catalog *cat, wf_kind kind, const char *id);

/* As wf_catalog_get, and when no id matches: a grid's alias ("UK"), then an
 * entry's name ("United Kingdom"), case-insensitively, when exactly one
 * entry has it.  *via (if not NULL) is NULL for an id, else "alias" or
 * "name". */
const void *wf_catalog_lookup(const wf_catalog *cat, wf_kind kind, const char *text,
			      const char **via);



/* Fill err with "unknown <kind> "id"" and the nearest ids as suggestion. */
int wf_catalog_unknown(const wf_catalog *cat, wf_kind kind, const char *id,
		       const char *what, const char *file, int line, int col,
		       wf_error *err);

/* Map a host composition {cpus, dram, ssd, nics} into *out (a node's
 * host:, a scenario's embodied.host). */
int wf_host_map(wf_catalog *cat, wf_hostdef *out, const wf_node *n, wf_error *err);

/* Map a workload mapping node into *out (used by scenarios). */
int wf_workload_map(wf_catalog *cat, wf_workload *out, const wf_node *n,
		    wf_error *err);

/* Parse one node as a value of a dimension into a param. */
int wf_param_parse(wf_catalog *cat, wf_param *out, const wf_node *n, wf_dim dim,
		   const char *key, wf_error *err);

/* Record a file the catalog read; returns its index, or -1 (out of
 * memory).  The path is copied. */
long wf_catalog_add_file(wf_catalog *cat, const char *path, const wf_file_stamp *st);

/* Start/stop the loader context (quantity parser, id pattern). */
int wf_catalog_loader_begin(wf_catalog *cat, wf_error *err);
void wf_catalog_loader_end(wf_catalog *cat);

/* The loader's key tables, read only: tools/gen_schema.c writes the JSON
 * Schema of model files (schema/wattif.schema.json) from them. */
typedef enum wf_key_type {
	WF_KEY_STR,    /* any non-empty scalar */
	WF_KEY_ID,     /* an id (wf_loader_id_pattern) */
	WF_KEY_QTY,    /* a quantity or distribution of `dim` (WF_DIM_COUNT_: any) */
	WF_KEY_INT,    /* a whole number min..max */
	WF_KEY_BOOL,   /* true, false, yes, no */
	WF_KEY_CUSTOM  /* read by its own function: the schema describes it */
} wf_key_type;

typedef struct wf_key_info {
	const char *key;
	wf_key_type type;
	wf_dim dim;
	int required;
	const char *range;     /* "greater than 0", ... ("finite": any) */
	double min, max;       /* the range (-inf/inf when open-ended) */
	int min_open;          /* 1: min itself is excluded */
} wf_key_info;

/* Key i of kind k's entries, in table order; WF_ENOTFOUND past the end. */
int wf_loader_key(wf_kind k, size_t i, wf_key_info *out);

/* The top-level keys of a model file; the keys of a facility's climate. */
const char *const *wf_loader_top_keys(size_t *n);
const char *const *wf_loader_climate_keys(size_t *n);

/* The pattern every id matches (PCRE2 and ECMA-262 alike). */
const char *wf_loader_id_pattern(void);

/* ---- the planning kinds (planning.c) */

/* Resolve the planning entries' references (regions) at finish. */
int wf_catalog_resolve_planning(wf_catalog *cat, wf_error *err);

/* The key figures of a planning entry for wf_catalog_entry. */
void wf_planning_entry_info(wf_entry_info *out, wf_kind kind, const wf_entry *e);

/* A path written in model file yaml, relative to it, as messages show it
 * ("data/grids/../series/x.csv" -> "data/series/x.csv"). */
char *wf_planning_path(wf_arena *a, const char *yaml, const char *rel);

/* The regional factor of `method` for region g (or NULL), searching cat
 * and its parents. */
const wf_regional_factor *wf_regional_factor_find(const wf_catalog *cat, const wf_grid *g,
						  const char *method);

/* The water area with id `id`, or the one whose regions list g or one of
 * its ancestors (NULL when none). */
const wf_water_area *wf_water_area_find(const wf_catalog *cat, const char *id,
					const wf_grid *g);

/* The annual intensity of a grid for a year (exact year).  NULL if none. */
const wf_param *wf_grid_year(const wf_grid *g, int year);

/* ---- a grid's series (catalog_series.c) */

/* A series file's path as the catalog keeps it: rel taken relative to the
 * model file from_file, "dir/../" folded.  In arena a; NULL: no memory. */
char *wf_series_path(wf_arena *a, const char *from_file, const char *rel);

/* The series file of (path, column) in cat or its parents; NULL if none. */
wf_series_file *wf_series_file_find(const wf_catalog *cat, const char *path,
				    const char *column);

/* The series file of (path, column) in cat, added when absent (while
 * loading).  NULL when out of memory. */
wf_series_file *wf_series_file_add(wf_catalog *cat, const char *path, const char *column,
				   const char *from, int line, int col);

/* Read a series file if no one has yet (thread-safe), then 0 and its
 * series, or the error reading it gave. */
int wf_series_file_get(wf_series_file *f, wf_error *err);

/* Free what a catalog's series files hold. */
void wf_series_file_release(wf_series_file *f);

/* The series a grid uses: its own list, or that of the grid its
 * series_from names.  *owner is the grid the list belongs to. */
const wf_grid_series *wf_grid_series_list(const wf_grid *g, size_t *n,
					  const wf_grid **owner);

/* The step function of one of a grid's series (reading its file on first
 * use); errors name where the model file gave it. */
int wf_grid_series_get(const wf_grid_series *gs, const wf_grid *owner,
		       const struct wf_series **out, wf_error *err);

#endif

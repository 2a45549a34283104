/*
 * wattif.h - the public API of libwattif.
 *
 * libwattif estimates the power draw, energy, emissions, water and embodied
 * carbon of AI workloads and AI data centres.  This is the only installed
 * header; the command-line tool is built on it alone.
 *
 * Conventions:
 *  - every function and type is prefixed wf_, macros and enum values WF_;
 *  - fallible calls return 0 or a negative WF_E* code, outputs come first;
 *  - detail about a failure goes into a caller-owned wf_error (first error
 *    wins); pass NULL if you do not want it;
 *  - the library never prints, exits, aborts or reads the environment, and
 *    keeps no global mutable state;
 *  - internally every quantity is SI: W, J, s, kg CO2e, kg/J, FLOP, FLOP/s,
 *    bytes, litres.  Output names carry the unit people read (_kwh, _kg).
 *
 * Threads: call wf_global_init() once before starting threads.  A finished
 * catalog (wf_catalog_finish) is immutable and may be shared read-only by any
 * number of threads.  A wf_scenario or wf_result is owned by one thread at a
 * time.
 */
#ifndef WATTIF_H
#define WATTIF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(WF_BUILDING_LIBRARY) && defined(__GNUC__)
#define WF_API __attribute__((visibility("default")))
#else
#define WF_API
#endif

/* The version: the one place it is written (the Makefile reads it for
 * wattif.pc and the shared library's file name; `wattif --version` prints
 * wf_version()). */
#define WF_VERSION "0.1.0"

/* The version of the library a program runs with (WF_VERSION when it was
 * built).  Static string. */
WF_API const char *wf_version(void);

/* ---------------------------------------------------------------- errors */

/* Error codes.  Append only; never renumber. */
enum {
	WF_OK = 0,
	WF_EINPUT = -1,    /* malformed or invalid input */
	WF_EDIM = -2,      /* a quantity of the wrong dimension */
	WF_ENOTFOUND = -3, /* an id, key, file or data point that does not exist */
	WF_ENUMERIC = -4,  /* a numerical failure (GSL status, non-finite result) */
	WF_ENOMEM = -5,    /* out of memory */
	WF_EIO = -6        /* a file could not be read */
};

/* Detail of a failure.  Filled once: the first error wins, later ones are
 * ignored until wf_error_clear().  file/line/col locate the offending text
 * when it came from a file (line and col start at 1; 0 = unknown). */
typedef struct wf_error {
	int code;          /* WF_E* */
	char module[16];   /* the module that raised it, e.g. "quantity" */
	char file[512];    /* file the offending text came from, or "" */
	int line;          /* 1-based line, 0 if unknown */
	int col;           /* 1-based column, 0 if unknown */
	char message[1024]; /* human readable, without the file:line:col prefix */
} wf_error;

/* A static, never-NULL description of an error code. */
WF_API const char *wf_strerror(int code);

/* Reset an error so it can be filled again. */
WF_API void wf_error_clear(wf_error *err);

/* Format "file:line:col: message" (or just the message when there is no
 * file) into buf.  Returns buf. */
WF_API char *wf_error_format(const wf_error *err, char *buf, size_t size);

/* Turn off GSL's aborting error handler.  Call once, before any thread
 * uses the library.  Idempotent.  Returns 0. */
WF_API int wf_global_init(void);

/* The nearest of n candidate strings to s by edit distance (Levenshtein
 * with adjacent transpositions, case-insensitive), or NULL when none is
 * close enough to be a plausible typo (at most a third of s changed, and
 * at least 2 edits allowed): "fromat" -> "format", "rn" -> "run".  For
 * "did you mean" hints. */
WF_API const char *wf_nearest(const char *s, const char *const *cand, size_t n);

/* ------------------------------------------------------------ numbers */

/* Bytes wf_format_double may write, the terminating NUL included. */
#define WF_FORMAT_DOUBLE_SIZE 32

/* Write v into buf as the shortest decimal text that strtod reads back as
 * exactly v (of equally short ones, the nearest to v): the number form of
 * every machine format (CSV, JSON, JSON Lines).  Plain decimal when the
 * decimal exponent X of v = d.ddd x 10^X lies in -4 <= X < k + 4, k the
 * number of significant digits ("449839.28", "0.00012", "12000"), else
 * exponent form without '+' or leading zeros ("1e-7", "1.5e22",
 * "5e-324"); "-0" keeps the sign of zero; never longer than the shortest
 * "%.Ng" that reads back.  NaN and infinities write "" and return 0, so
 * the caller chooses an empty field or null.  buf: at least
 * WF_FORMAT_DOUBLE_SIZE bytes; NUL-terminated.  Returns the length.  No
 * allocation, no locale, any thread. */
WF_API size_t wf_format_double(char *buf, double v);

/* ------------------------------------------------------------ quantities */

/* Physical dimensions a quantity can have. */
typedef enum wf_dim {
	WF_DIM_NONE = 0,         /* dimensionless number or percentage */
	WF_DIM_POWER,            /* W */
	WF_DIM_ENERGY,           /* J */
	WF_DIM_TIME,             /* s */
	WF_DIM_MASS,             /* kg CO2e */
	WF_DIM_INTENSITY,        /* kg CO2e per J */
	WF_DIM_COMPUTE,          /* FLOP */
	WF_DIM_COMPUTE_RATE,     /* FLOP/s */
	WF_DIM_DATA,             /* bytes */
	WF_DIM_VOLUME,           /* litres of water */
	WF_DIM_WATER_INTENSITY,  /* litres per J */
	WF_DIM_RATE,             /* per second (tokens/s, requests/day) */
	WF_DIM_POWER_PER_DATA,   /* W per byte (memory power) */
	WF_DIM_DATE,             /* seconds since 1970-01-01T00:00Z */
	WF_DIM_TEMPERATURE,      /* degrees Celsius */
	WF_DIM_MASS_PER_DATA,    /* kg CO2e per byte (memory, storage: kg/GB) */
	WF_DIM_MASS_PER_POWER,   /* kg CO2e per W of capacity (buildings: t/MW) */
	WF_DIM_COUNT_            /* number of dimensions, not a dimension */
} wf_dim;

/* "a power", "an energy", ... for messages.  Static string. */
WF_API const char *wf_dim_name(wf_dim dim);

/* The SI unit a dimension is held in ("W", "J", "kg/J", ...).  Static. */
WF_API const char *wf_dim_unit(wf_dim dim);

/* Kinds of value: a fixed number or a distribution over one. */
typedef enum wf_dist_kind {
	WF_DIST_FIXED = 0, /* p[0] */
	WF_DIST_UNIFORM,   /* uniform(a, b): p[0]=a, p[1]=b */
	WF_DIST_TRI,       /* tri(a, mode, b) */
	WF_DIST_NORMAL,    /* normal(mu, sd): p[0]=mu, p[1]=sd */
	WF_DIST_LOGNORMAL, /* lognormal(median, gsd): p[0]=median, p[1]=gsd */
	WF_DIST_PERT       /* pert(a, mode, b) */
} wf_dist_kind;

/* A value as written in a model file: a quantity (kind FIXED) or a
 * distribution over one.  Parameters are SI; gsd is dimensionless. */
typedef struct wf_value {
	wf_dist_kind kind;
	wf_dim dim;
	double p[3];
} wf_value;

/* Where in a parsed text a problem lies. */
typedef struct wf_parse_error {
	int offset;        /* 0-based byte offset into the text */
	char message[256];
} wf_parse_error;

/* Parse a quantity or distribution such as "700 W", "35 days",
 * "tri(1.1, 1.2, 1.4)", "normal(400, 20) W".  If expect is not
 * WF_DIM_COUNT_, the value must have that dimension (WF_EDIM otherwise).
 * Returns 0, WF_EINPUT or WF_EDIM; perr (may be NULL) says where and why.
 * Thread-safe; compiles its patterns on each call, so prefer a catalog's
 * loader for bulk work. */
WF_API int wf_value_parse(wf_value *out, const char *text, wf_dim expect,
			  wf_parse_error *perr);

/* The value used by a deterministic run: the number itself, the mode of
 * tri and pert, the mean of uniform and normal, the median of lognormal. */
WF_API double wf_value_nominal(const wf_value *v);

/* Format an SI value in the unit people read for its dimension with `sig`
 * significant digits ("449.8 MWh", "173.2 t CO2e", "385 g/kWh").  Never
 * writes "nan" or "inf" (writes "n/a").  Returns buf. */
WF_API char *wf_format_quantity(char *buf, size_t size, double si, wf_dim dim,
				int sig);

/* ------------------------------------------------------------------ regex */

/* A compiled PCRE2 pattern, for selecting ids ("^GB-", "h100|a100"). */
typedef struct wf_regex wf_regex;

/* Compile; errors name the offset in the pattern. */
WF_API int wf_regex_new(wf_regex **out, const char *pattern, wf_error *err);

/* 1 if s matches anywhere, 0 if not, or WF_EINPUT when the pattern
 * could not be matched within PCRE2's limits (catastrophic backtracking:
 * matching stops after 100,000 steps instead of running for seconds); err
 * names the pattern.  Never count an error as "no match".  Thread-safe. */
WF_API int wf_regex_search(const wf_regex *re, const char *s, wf_error *err);

/* wf_regex_search without the detail: 1, 0 or a negative WF_E* code. */
WF_API int wf_regex_match(const wf_regex *re, const char *s);

WF_API void wf_regex_free(wf_regex *re);

/* ---------------------------------------------------------------- catalog */

/* Kinds of catalog entry. */
typedef enum wf_kind {
	WF_KIND_ACCELERATOR = 0,
	WF_KIND_NODE,
	WF_KIND_GRID,
	WF_KIND_FACILITY,
	WF_KIND_WORKLOAD,
	WF_KIND_FACTORS,
	WF_KIND_PATHWAY,     /* intensity pathways: a region's figures by year
			      * under a named scenario (data/pathways/) */
	WF_KIND_PUE_CURVE,   /* PUE as a curve of outdoor dry-bulb temperature */
	WF_KIND_EMBODIED,    /* embodied-carbon factors: boards, memory, host
			      * parts, network adapters, buildings, lifetimes
			      * (models/embodied/), each with its source and
			      * boundary */
	WF_KIND_REGIONAL_FACTOR, /* a sub-region's intensity relative to its
				  * national grid's, from a year of data
				  * (data/grids/gb_regional_factors.yaml) */
	WF_KIND_WATER_AREA,  /* water-stress classification of water-company
			      * areas (data/planning/gb_water_stress.yaml) */
	WF_KIND_DEMAND,      /* published data-centre demand figures by year
			      * (data/planning/gb_datacentre_demand.yaml) */
	WF_KIND_COUNT_
} wf_kind;

/* "accelerators", "nodes", ... as used in model files.  Static. */
WF_API const char *wf_kind_name(wf_kind kind);

/* The singular word for one entry of a kind ("accelerator", "factor set",
 * "PUE curve"), for messages.  Static string. */
WF_API const char *wf_kind_singular(wf_kind kind);

/* Parse "accelerators" etc. into *out.  Returns 0 or WF_ENOTFOUND. */
WF_API int wf_kind_parse(wf_kind *out, const char *name);

/* An opaque catalog of hardware, nodes, grids, facilities and workloads. */
typedef struct wf_catalog wf_catalog;

/* Create an empty catalog.  Free with wf_catalog_free(). */
WF_API int wf_catalog_new(wf_catalog **out);

/* Put an empty catalog over a finished one: lookups that miss in cat go
 * on to parent, which must outlive cat.  Ids stay unique across both. */
WF_API int wf_catalog_set_parent(wf_catalog *cat, const wf_catalog *parent,
				 wf_error *err);

/* Keep what each model file and annual CSV table this catalog loads came
 * to (a parsed tree, the rows) in directory dir, keyed by the file's
 * bytes, so that a later load of the same bytes (by any process) skips
 * the YAML parser and the CSV reader: most of loading the shipped
 * catalog.  An edited file has other bytes and is parsed afresh; an entry
 * that does not check out is ignored and the file parsed.  dir is created
 * (mode 0700) when missing and must belong to the effective user and be
 * writable by no one else.  NULL: no cache (the default).  Call before the
 * first load.  Errors: WF_EINPUT (not a directory, another's, writable by
 * others, or the catalog has loaded a file), WF_EIO (cannot create or
 * write it). */
WF_API int wf_catalog_set_cache(wf_catalog *cat, const char *dir, wf_error *err);

/* Load a model file (.yaml/.yml) or every model file below a directory
 * (sorted, recursive) into the catalog.  Fails once the catalog is
 * finished.  On error the catalog keeps what loaded before the failing
 * file and err names file:line:col. */
WF_API int wf_catalog_load(wf_catalog *cat, const char *path, wf_error *err);

/* The same from the text of a model file held in memory (len bytes, no NUL
 * needed), e.g. standard input (`wattif check -`): `name` stands for the
 * file in messages (name:line:col) and relative paths in the text
 * (include:, series:) are resolved against name's directory (the working
 * directory when name has no '/'). */
WF_API int wf_catalog_load_text(wf_catalog *cat, const char *text, size_t len,
				const char *name, wf_error *err);

/* Resolve references between entries (a node's accelerator, a grid's
 * parent, ...) and freeze the catalog.  After this it is read-only and may
 * be shared between threads. */
WF_API int wf_catalog_finish(wf_catalog *cat, wf_error *err);

/* Free a catalog and everything it owns.  Accepts NULL. */
WF_API void wf_catalog_free(wf_catalog *cat);

/* Number of entries of a kind. */
WF_API size_t wf_catalog_count(const wf_catalog *cat, wf_kind kind);

/* Summary of one entry; strings and numbers are owned by the catalog and
 * live as long as it.  Absent numbers are NaN, absent strings "". */
typedef struct wf_entry_info {
	const char *id;
	const char *name;
	const char *source;   /* citation of the data */
	const char *file;     /* model file it was defined in */
	int line;             /* line of its definition */
	/* kind-specific key figures: */
	double tdp_w;              /* accelerators: TDP; nodes: rated power */
	double peak_bf16_flop_per_s; /* accelerators */
	double peak_fp16_flop_per_s;
	double peak_fp32_flop_per_s;
	double memory_bytes;
	double pue;                /* facilities */
	double wue_l_per_j;        /* facilities */
	double intensity_kg_per_j; /* grids: latest annual value */
	int intensity_year;        /* grids: its year, 0 if none */
	const char *basis;         /* grids, factors: lifecycle|direct */
	const char *parent;        /* grids: parent id; nodes: accelerator */
	int count;                 /* nodes: accelerators per node */
	int estimate;              /* 1 if the figures are estimates */
	/* embodied factors (basis holds the boundary, parent the accelerator
	 * a board figure is for): */
	const char *component;     /* board, hbm, cpu, dram, ..., building */
	const char *method;        /* the method it belongs to ("vendor", ...) */
	double value;              /* SI: kg, kg/B, kg/W or s (value_dim) */
	int value_dim;             /* a wf_dim */
	const char *status;        /* pathways: history, target, projection,
				    * appraisal, reporting (joined by '+');
				    * water areas: the classification;
				    * demand figures: history|target|projection */
	const char *accounting;    /* pathways: "location" or "marginal" */
	int first_year;            /* pathways: the first given year */
} wf_entry_info;

/* Fill *out for entry i (0-based, in load order) of a kind. */
WF_API int wf_catalog_entry(wf_entry_info *out, const wf_catalog *cat,
			    wf_kind kind, size_t i);

/* One of a grid's hourly series, as its model file lists it (nothing is
 * read).  Strings are owned by the catalog. */
typedef struct wf_series_info {
	const char *file;        /* the CSV file, as the catalog reads it */
	const char *region;      /* its region in the file; "" = the grid id
				  * (or the file's only series) */
	const char *column;      /* the value column read */
	const char *basis;       /* "direct", "lifecycle" or "unstated" */
	double from_s, to_s;     /* the span it is used for, s since 1970 UTC;
				  * NAN when the file's own span (read on use) */
	const char *via;         /* the grid whose list it is when the grid
				  * takes another's (series_from), else "" */
} wf_series_info;

/* The k-th series of grid entry i (as wf_catalog_entry numbers them):
 * 0, or WF_ENOTFOUND past the last. */
WF_API int wf_catalog_grid_series(wf_series_info *out, const wf_catalog *cat, size_t i,
				  size_t k);

/* Find an entry by id.  WF_ENOTFOUND with the nearest ids named in err. */
WF_API int wf_catalog_find(size_t *out_index, const wf_catalog *cat,
			   wf_kind kind, const char *id, wf_error *err);


/* The files a catalog read (model files, series, tables), with those of
 * its parents: what an invocation used, so a tool can refuse to write over
 * any of them and tell when they changed. */
typedef struct wf_file_info {
	const char *path;              /* as opened; owned by the catalog */
	unsigned long long device, inode;
	long long size_bytes;
	long long mtime_ns;            /* modification time, ns since the epoch */
	unsigned long long hash;       /* 64-bit hash of the bytes read (tells
					* contents apart; not cryptographic) */
} wf_file_info;

/* Number of files read by a catalog and its parents. */
WF_API size_t wf_catalog_file_count(const wf_catalog *cat);

/* File i (0-based): the root-most catalog's first, each in the order it
 * was read.  WF_ENOTFOUND past the end. */
WF_API int wf_catalog_file(wf_file_info *out, const wf_catalog *cat, size_t i);

/* -------------------------------------------------------------- scenarios */

/* A scenario: a what-if over a catalog, with any --set overrides. */
typedef struct wf_scenario wf_scenario;

/* Load the `scenario:` of a model file on top of a finished catalog `base`
 * (which must outlive the scenario).  Entries the file defines itself
 * (accelerators, grids, ...) are visible to this scenario only.  The file
 * must hold exactly one scenario. */
WF_API int wf_scenario_load(wf_scenario **out, const wf_catalog *base,
			    const char *path, wf_error *err);

/* The same from the text of a model file held in memory (len bytes, no NUL
 * needed), e.g. a scenario built by a program (the Python package sends a
 * dict as YAML).  `name` stands for the file: messages say name:line:col,
 * and relative paths in the text (include:, series:) are resolved against
 * name's directory (the working directory when name has no '/').  NULL
 * name = "<text>". */
WF_API int wf_scenario_load_text(wf_scenario **out, const wf_catalog *base,
				 const char *text, size_t len, const char *name,
				 wf_error *err);

/* Number of scenarios defined in a catalog's files. */
WF_API size_t wf_catalog_scenario_count(const wf_catalog *cat);

/* Number of sweeps (top-level `sweep:`) defined in a catalog's files. */
WF_API size_t wf_catalog_sweep_count(const wf_catalog *cat);

/* A scenario over the i-th scenario of a finished catalog (which must
 * outlive it), e.g. to check every scenario in a set of files. */
WF_API int wf_scenario_from_catalog(wf_scenario **out, const wf_catalog *cat,
				    size_t i, wf_error *err);

/* Override one value: "workload.devices=4096", "site.pue=tri(1.1,1.2,1.4)",
 * "grid.intensity=200 g/kWh".  The value is YAML.  Errors name the
 * assignment.  Unknown paths are found when the scenario is evaluated. */
WF_API int wf_scenario_set(wf_scenario *sc, const char *assignment, wf_error *err);

/* The catalog a scenario resolves against: its file's own entries over
 * the base (wf_catalog_file lists every file it read).  Owned by sc. */
WF_API const wf_catalog *wf_scenario_catalog(const wf_scenario *sc);

/* The scenario's id (or the file name when it has none).  Owned by sc. */
WF_API const char *wf_scenario_id(const wf_scenario *sc);

/* 1 when the scenario spans years (years: {from, to}): run it with
 * wf_scenario_project. */
WF_API int wf_scenario_is_projection(const wf_scenario *sc);

/* Evaluate every scenario of a finished catalog (a projection year by
 * year), as `wattif check` does: 0, or the first error with file:line:col. */
WF_API int wf_catalog_check(const wf_catalog *cat, wf_error *err);

/* `wattif check` whole: load the n model files or directories into a new
 * catalog over parent (which may be NULL and must outlive it), finish it
 * and wf_catalog_check it.  On success *out (when out is not NULL) takes
 * the checked catalog; on error nothing is kept and err names
 * file:line:col. */
WF_API int wf_catalog_check_paths(wf_catalog **out, const wf_catalog *parent,
				  const char *const *paths, size_t n, wf_error *err);

/* The directory the shipped models/ and data/ were installed to
 * (PREFIX/share/wattif, fixed when the library was built).  Static string. */
WF_API const char *wf_data_dir(void);

/* Load the shipped catalog: dir/models and dir/data (dir NULL: wf_data_dir()),
 * finished and checked.  Free *out with wf_catalog_free.  Returns 0 or an
 * error with file:line:col (WF_EIO when the directories are missing). */
WF_API int wf_catalog_load_default(wf_catalog **out, const char *dir, wf_error *err);

/* Free a scenario.  Accepts NULL. */
WF_API void wf_scenario_free(wf_scenario *sc);

/* 1 when the scenario holds a `measured:` section: the same job as it was
 * measured (estimate beside measurement, `wattif compare`). */
WF_API int wf_scenario_has_measured(const wf_scenario *sc);

/* The measured run of a scenario that holds `measured:` (workload, site,
 * grid, facility, start, year, embodied, unit): the scenario with each of
 * those keys replacing its own.  *out borrows sc's catalog: free it before
 * sc.  WF_ENOTFOUND when sc has no measured:, WF_EINPUT for an unknown key
 * in it (file:line:col). */
WF_API int wf_scenario_measured(wf_scenario **out, const wf_scenario *sc, wf_error *err);

/* ---------------------------------------------------------------- results */

/* The result of evaluating a scenario. */
typedef struct wf_result wf_result;

/* Outputs, in the order of wf_output_name().  Names carry their unit. */
typedef enum wf_output {
	WF_OUT_DURATION_H = 0,
	WF_OUT_DEVICE_HOURS,
	WF_OUT_IT_POWER_KW,
	WF_OUT_PEAK_POWER_KW,
	WF_OUT_ENERGY_IT_KWH,
	WF_OUT_ENERGY_FACILITY_KWH,
	WF_OUT_INTENSITY_G_PER_KWH,
	WF_OUT_EMISSIONS_OPERATIONAL_KG,
	WF_OUT_EMISSIONS_MARKET_KG,
	WF_OUT_EMISSIONS_EMBODIED_KG,
	WF_OUT_EMISSIONS_TOTAL_KG,
	WF_OUT_WATER_L,
	WF_OUT_SCI_G_PER_UNIT,
	/* emissions_embodied_kg by component (absent when the scenario's
	 * embodied carbon does not count that component) */
	WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG,  /* accelerator boards */
	WF_OUT_EMISSIONS_EMBODIED_HOSTS_KG,         /* host servers */
	WF_OUT_EMISSIONS_EMBODIED_NETWORK_KG,       /* network adapters */
	WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG,      /* building, M&E plant */
	WF_OUT_COUNT_
} wf_output;

/* "duration_h", "energy_it_kwh", ... Static; NULL past the end. */
WF_API const char *wf_output_name(int i);

/* Evaluate the scenario at the nominal value of every input (the mode or
 * median of a distribution; see wf_value_nominal).  Resolution errors
 * (unknown ids, contradicting inputs, a year without data) are reported
 * here with file:line:col.  The result is owned by the caller. */
WF_API int wf_scenario_evaluate(wf_result **out, const wf_scenario *sc,
				wf_error *err);

/* Options of a run (libgit2 style: set version, start from the INIT). */
typedef struct wf_run_options {
	unsigned int version;    /* WF_RUN_OPTIONS_VERSION */
	long samples;            /* Monte Carlo samples; 0 = the scenario's
				  * `samples` (or none); 1 = deterministic */
	unsigned long seed;      /* 0 = the scenario's `seed` (or 1) */
	int sensitivity;         /* rank inputs by their share of variance */
	int threads;             /* threads for sampling; results do not
				  * depend on it; 0 or 1 = the caller's */
	int explain;             /* build the derivation text (default 1) */
	int keep_samples;        /* keep every sample's outputs for
				  * wf_result_sample_values (histograms);
				  * one double per output per sample
				  * (default 0) */
} wf_run_options;

#define WF_RUN_OPTIONS_VERSION 1
#define WF_RUN_OPTIONS_INIT {WF_RUN_OPTIONS_VERSION, 0, 0, 0, 1, 1, 0}

/* Evaluate a scenario with options: the deterministic figures, and with
 * samples > 1 a Monte Carlo over every input given as a distribution
 * (mean, sd, p05, p50, p95 per output; see wf_result_quantiles).  The same
 * seed gives bit-identical results whatever `threads` is.  Out-of-range
 * options name the option in err. */
WF_API int wf_scenario_run(wf_result **out, const wf_scenario *sc,
			   const wf_run_options *opt, wf_error *err);

/* Summary of output i over the samples, in the output's named unit. */
typedef struct wf_quantiles {
	double mean, sd, p05, p50, p95;
} wf_quantiles;

/* Number of samples behind the quantiles (0 when not sampled). */
WF_API long wf_result_samples(const wf_result *r);

/* Quantiles of output i; WF_ENOTFOUND when not sampled or absent. */
WF_API int wf_result_quantiles(const wf_result *r, int i, wf_quantiles *out);

/* How many of the scenario's inputs are written as distributions: with
 * none, Monte Carlo samples all equal the nominal figures. */
WF_API size_t wf_result_uncertain_count(const wf_result *r);

/* Sensitivity (when asked): the uncertain inputs, ranked for each output by
 * their share of its variance.  Count of uncertain inputs: */
WF_API size_t wf_result_sensitivity_count(const wf_result *r);

/* The k-th most influential input on output i: its name ("site.pue"),
 * Spearman rank correlation and share of variance (rho^2 normalised).
 * WF_ENOTFOUND when k or i is out of range or output i is absent. */
WF_API int wf_result_sensitivity(const wf_result *r, int i, size_t k,
				 const char **input, double *rho, double *share);

/* Value of output i (a wf_output) in the unit its name says.  Returns 0,
 * or WF_ENOTFOUND when the output is not available for this scenario
 * (e.g. water without WUE data; *out is then NaN) or i is out of range. */
WF_API int wf_result_get(const wf_result *r, int i, double *out);

/* Format the value of output i (given in the unit its name says) for
 * people: "449.8 MWh", "173.2 t CO2e", "1022362 h".  Returns buf. */
WF_API char *wf_output_format(char *buf, size_t size, int i, double value);

/* Same, by output name. */
WF_API int wf_result_get_by_name(const wf_result *r, const char *name, double *out);

/* The functional unit of sci_g_per_unit ("run", "request", ...).  Owned by r. */
WF_API const char *wf_result_unit(const wf_result *r);

/* What emissions_embodied_kg covers, for people: "accelerator boards +
 * hosts + network + building (method vendor)", "accelerator dies (method
 * die)"; "" when embodied carbon is not included.  Owned by r. */
WF_API const char *wf_result_embodied_scope(const wf_result *r);

/* The full derivation: every output with its formula, the numbers that went
 * in, and where each came from (file:line:col, data source, or default).
 * Owned by r; lives as long as it. */
WF_API const char *wf_result_explain(const wf_result *r);

/* Notes a reader must see beside the figures (fallbacks, assumptions):
 * lines separated by '\n', possibly empty.  Owned by r. */
WF_API const char *wf_result_notes(const wf_result *r);

/* Accounting bases side by side (GHG Protocol Scope 2 dual reporting, and
 * the consequential view): emissions and the intensity behind each. */
typedef struct wf_bases {
	double location_kg, location_g_per_kwh;   /* grid average where the load is */
	double market_kg, market_g_per_kwh;       /* contractual instruments */
	int market_declared;                      /* 0: market = location (none given) */
	double marginal_kg, marginal_g_per_kwh;   /* NAN unless
						   * grid.marginal_intensity is given */
} wf_bases;

/* The bases of a result (nominal run). */
WF_API int wf_result_bases(const wf_result *r, wf_bases *out);

/* What a result's location-based intensity is (and so its emissions):
 * the factor basis, where the figure came from, and the year of its data.
 * Every output format names these (table, CSV, JSON, explain).  Strings
 * are owned by r. */
typedef struct wf_intensity_info {
	const char *region;      /* grid id; "" for an explicit intensity */
	const char *basis;       /* "direct" (operational CO2), "lifecycle"
				  * (CO2e over the life cycle), "unstated"
				  * (the source does not say), or "" (an
				  * explicit intensity without grid.basis) */
	const char *method;      /* "average": a grid average (the marginal
				  * view is only beside it: wf_result_bases) */
	const char *accounting;  /* "location": the grid where the load is
				  * (market-based is emissions_market_kg) */
	const char *source;      /* "series", "profile", "annual", "pathway",
				  * "mix" or "explicit" */
	int year;                /* the year of its figures (0: none) */
	int held;                /* 1: a past year's figure held for this one */
	const char *label;       /* what it is, in a few words */
	const char *profile;     /* source "profile": its shape and level */
} wf_intensity_info;

WF_API int wf_result_intensity(const wf_result *r, wf_intensity_info *out);
/* Where a result's figures came from, in words a planner reads beside
 * them (strings owned by the result, "" when not applicable). */
typedef struct wf_provenance {
	const char *region;          /* the grid id the figures are for */
	const char *location;        /* the location-based intensity: the
				      * pathway, series, mix or annual figure
				      * (with its status and basis) */
	const char *marginal;        /* the marginal (consequential) intensity,
				      * "" when there is none */
	double regional_factor;      /* the pathway's regional scaling; NAN
				      * when none */
	const char *regional_source; /* the data, year and method behind it */
	const char *pue;             /* where the PUE came from */
	const char *water;           /* where WUE / water intensity came from */
	const char *water_company;   /* the water-company area used, "" if none */
	const char *water_stress;    /* its regulatory classification and by
				      * whom, or why there is none */
	double connection_kw;        /* campus: rated IT capacity online x peak
				      * PUE at full load; NAN for a job */
} wf_provenance;

WF_API int wf_result_provenance(const wf_result *r, wf_provenance *out);

/* The Monte Carlo samples of output i in its named unit, in sample order,
 * when the run kept them (wf_run_options.keep_samples).  *values is owned
 * by r.  WF_ENOTFOUND when not kept, not sampled or absent. */
WF_API int wf_result_sample_values(const wf_result *r, int i,
				   const double **values, size_t *n);

/* The job's window over time, when the intensity (or PUE) varied within it:
 * one period per interval of the hourly series it was integrated against,
 * partial intervals at both ends cut to the window. */
typedef struct wf_period {
	double t_start, t_end;        /* s since 1970-01-01T00:00:00Z */
	double intensity_g_per_kwh;   /* grid intensity over the period */
	double pue;                   /* PUE over the period */
	double energy_facility_kwh;   /* facility energy in the period */
	double emissions_kg;          /* location-based operational emissions */
} wf_period;

/* Number of periods: 0 when the window used one annual figure. */
WF_API size_t wf_result_period_count(const wf_result *r);

/* Period k (0-based, in time order); WF_ENOTFOUND past the end. */
WF_API int wf_result_period(const wf_result *r, size_t k, wf_period *out);

/* Free a result.  Accepts NULL. */
WF_API void wf_result_free(wf_result *r);

/* ------------------------------------------------------------ projections */

/* A campus (scenario key campus:) year by year along the region's grid
 * pathway: one result per calendar year of the scenario's
 * years: {from, to}, each with its own derivation. */
typedef struct wf_projection wf_projection;

WF_API int wf_scenario_project(wf_projection **out, const wf_scenario *sc,
			       const wf_run_options *opt, wf_error *err);

/* Number of years, and year k's result (owned by p) and calendar year. */
WF_API size_t wf_projection_count(const wf_projection *p);
WF_API const wf_result *wf_projection_row(const wf_projection *p, size_t k, int *year);

/* Output i over the whole span: sums of energy, emissions, water and
 * device-hours; the largest peak power; the facility-energy weighted
 * intensity; mean IT power over the span; SCI per year on average.
 * WF_ENOTFOUND when no year has it. */
WF_API int wf_projection_total(const wf_projection *p, int i, double *out);

WF_API void wf_projection_free(wf_projection *p);

/* With Monte Carlo samples: quantiles of an additive output (energy,
 * emissions, water, device-hours) summed over the span, sample by sample
 * (an uncertain input keeps its drawn value in every year).
 * WF_ENOTFOUND when not sampled or not additive. */
WF_API int wf_projection_quantiles(const wf_projection *p, int i, wf_quantiles *q);

/* The hardware generations of a campus with an accelerator, a refresh
 * cycle and embodied: true: each covers `refresh` whole years from the
 * first year with devices and buys the most devices any of its years has
 * online (a capital view; the yearly rows amortise it instead).  Fills up
 * to max and returns how many there are. */
typedef struct wf_generation {
	int first_year, last_year;
	double devices;
	double embodied_kg;          /* boards + hosts + network */
	double accelerators_kg, hosts_kg, network_kg;
} wf_generation;

/* The building of a campus as it is built: each year the capacity online
 * grows, the new capacity's building and M&E plant carbon when built
 * (the yearly rows amortise it over the building's lifetime instead).
 * Fills up to max and returns how many years add capacity. */
typedef struct wf_build_phase {
	int year;
	double capacity_added_mw;
	double embodied_kg;
} wf_build_phase;

WF_API size_t wf_projection_building(const wf_projection *p, wf_build_phase *out,
				     size_t max);

WF_API size_t wf_projection_generations(const wf_projection *p, wf_generation *out,
					size_t max);

/* The marginal (consequential) emissions summed over the years that have
 * a marginal intensity (*years of them), and their facility energy.
 * WF_ENOTFOUND (NANs) when no year has one. */
WF_API int wf_projection_marginal(const wf_projection *p, double *kg, double *energy_kwh,
				  size_t *years);

/* The largest year's grid connection (wf_provenance.connection_kw), kW;
 * NAN for a job. */
WF_API double wf_projection_connection_kw(const wf_projection *p);

/* A campus year's facility energy as a share of the region's annual
 * demand (campus.region_demand); NAN when not given. */
WF_API double wf_result_demand_share(const wf_result *r);

/* The calendar year a result is for (0 when the scenario has none). */
WF_API int wf_result_year(const wf_result *r);

/* -------------------------------------------------------------- portfolio */

/* A scenario with campuses: [...] - several campuses, each with its own
 * region and ramp (inline: campus keys plus id, name, region,
 * water_company, facility; or file: another scenario file, relative to
 * this one, run with this scenario's years) - projected side by side and
 * summed year by year. */
typedef struct wf_portfolio wf_portfolio;

/* 1 when the scenario lists campuses. */
WF_API int wf_scenario_is_portfolio(const wf_scenario *sc);

WF_API int wf_scenario_portfolio(wf_portfolio **out, const wf_scenario *sc,
				 const wf_run_options *opt, wf_error *err);
WF_API void wf_portfolio_free(wf_portfolio *pf);

/* The campuses: id, and its projection (owned by pf). */
WF_API size_t wf_portfolio_count(const wf_portfolio *pf);
WF_API const char *wf_portfolio_campus(const wf_portfolio *pf, size_t k);
WF_API const wf_projection *wf_portfolio_projection(const wf_portfolio *pf, size_t k);

/* Year y (0-based) of the portfolio: the sums over its campuses.  Peaks
 * and connections are summed as if coincident (an upper bound). */
typedef struct wf_portfolio_year {
	int year;
	double energy_facility_kwh, peak_power_kw, connection_kw;
	double emissions_location_kg, emissions_embodied_kg, water_l;
	double emissions_marginal_kg;   /* NAN unless every campus has one */
} wf_portfolio_year;

WF_API size_t wf_portfolio_years(const wf_portfolio *pf);
WF_API int wf_portfolio_year_get(const wf_portfolio *pf, size_t y, wf_portfolio_year *out);

/* A published data-centre demand figure (kind demand_projections). */
typedef struct wf_demand_figure {
	const char *id, *name, *status, *scope, *source, *note;
	int year;
	double demand_kwh;       /* NAN when the figure is a capacity only */
	double capacity_kw;      /* NAN when not given */
} wf_demand_figure;

/* The figures for `year` for region (or its parents), up to max; returns
 * how many there are. */
WF_API size_t wf_scenario_demand_figures(const wf_scenario *sc, const char *region, int year,
					 wf_demand_figure *out, size_t max);

/* ----------------------------------------------------------------- siting */

/* The same scenario (or projection) in every grid whose id matches a
 * pattern, ranked by (lifetime) emissions on a basis (wf_rank_by), with
 * what drives each difference and where each figure came from beside it.
 * Regions whose ranked figures are equal to print precision (0.1 t) share
 * a rank (tied); with Monte Carlo samples the ranking is by the mean and
 * each row says whether its 90% interval overlaps a neighbour's. */
typedef struct wf_siting wf_siting;

typedef enum wf_rank_by {
	WF_RANK_LOCATION = 0,   /* location-based operational emissions */
	WF_RANK_MARGINAL,       /* marginal (consequential) emissions */
	WF_RANK_TOTAL           /* location-based operational + embodied */
} wf_rank_by;

typedef struct wf_site {
	const char *region;             /* grid id; owned by the siting */
	int ok;                         /* 0: the scenario fails there (error) */
	const char *error;              /* why, "" when ok */
	double total_kg, operational_kg, market_kg;
	double embodied_kg;             /* NAN when not included */
	double energy_it_kwh, energy_facility_kwh;
	double intensity_g_per_kwh;     /* facility-energy weighted */
	double pue;                     /* energy_facility / energy_it */
	double water_l;                 /* NAN without water data */
	/* appended: what the intensity is (wf_intensity_info; a projection:
	 * its first year's) */
	const char *basis;              /* "direct", "lifecycle", ... or "" */
	int year;                       /* the data year (0: none, or years) */
	const char *source;             /* "series", "profile", "annual", ... */
	const char *label;              /* the figure in a few words */
	double marginal_kg;             /* marginal (consequential) emissions over
					 * the years that have a marginal
					 * intensity; NAN when none does */
	double marginal_g_per_kwh;      /* energy-weighted over those years */
	int marginal_years, years;      /* projections: years with a marginal
					 * figure, years in the span (0, 0 for
					 * a single run) */
	double ranked_kg;               /* the figure ranked by (with samples,
					 * its mean); NAN when this region has
					 * none (ranked last, rank 0) */
	double ranked_p05, ranked_p95;  /* with samples: its 90% interval */
	size_t rank;                    /* 1-based, shared by ties; 0 unranked */
	int tied;                       /* another region shares the rank */
	int overlaps;                   /* with samples: the interval overlaps
					 * the previous or next region's */
	double connection_kw;           /* campus: grid connection, largest year */
	wf_provenance prov;             /* owned by the siting */
	const char *notes;              /* every year's notes, once; owned */
} wf_site;

/* Ranked by location-based operational emissions (wf_scenario_site_by
 * with WF_RANK_LOCATION). */
WF_API int wf_scenario_site(wf_siting **out, const wf_scenario *sc, const char *regions,
			    const wf_run_options *opt, wf_error *err);
WF_API int wf_scenario_site_by(wf_siting **out, const wf_scenario *sc, const char *regions,
			       wf_rank_by by, const wf_run_options *opt, wf_error *err);
/* What a siting is ranked by, and its name ("location", ...). */
WF_API wf_rank_by wf_siting_rank_by(const wf_siting *s);
WF_API const char *wf_rank_by_name(wf_rank_by by);
WF_API size_t wf_siting_count(const wf_siting *s);
WF_API int wf_siting_get(const wf_siting *s, size_t k, wf_site *out);
/* The units a ranking prints in: for emissions (kg, t, kt or Mt: the
 * largest in which the smallest difference between ranked regions, or the
 * smallest figure, is at least 1) and for water (L, m3, ML or GL, alike).
 * *mass_kg is kg per unit, *water_l litres per unit; names are static. */
WF_API void wf_siting_units(const wf_siting *st, double *mass_kg, const char **mass_name,
			    double *water_l, const char **water_name);

WF_API void wf_siting_free(wf_siting *s);

/* ------------------------------------------------------------------ shift */

/* Options of a carbon-aware shift search (wattif shift). */
typedef struct wf_shift_options {
	unsigned int version;    /* WF_SHIFT_OPTIONS_VERSION */
	double window_start;     /* s since 1970-01-01T00:00Z; 0 = the start of
				  * the candidates' common series span */
	double window_end;       /* 0 = the end of that span */
	const char *regions;     /* PCRE2 over grid ids (those with a series);
				  * NULL = the scenario's region only */
	double step_s;           /* between candidate starts; 0 = the series'
				  * own step */
} wf_shift_options;

#define WF_SHIFT_OPTIONS_VERSION 1
#define WF_SHIFT_OPTIONS_INIT {WF_SHIFT_OPTIONS_VERSION, 0, 0, NULL, 0}

typedef struct wf_shift_result wf_shift_result;

/* One candidate region: its best start in the window, and the scenario's
 * own start run there (for the saving).  Emissions are location-based
 * operational, at the scenario's facility power. */
typedef struct wf_shift_region {
	const char *region;             /* grid id; owned by the result */
	int ok;                         /* a window with full data exists */
	double best_start;              /* s since 1970 UTC (NAN if !ok) */
	double best_intensity_g_per_kwh;
	double best_emissions_kg;
	int given_ok;                   /* the scenario's start has full data here */
	double given_intensity_g_per_kwh;
	double given_emissions_kg;
	/* appended: what the row's figures are */
	const char *basis;              /* "direct", "lifecycle", "unstated" or
					 * "" (an explicit intensity) */
	int year;                       /* the data year of its figures (0: none) */
	const char *source;             /* "series", "profile" or "annual" (one
					 * figure, every start alike) */
	const char *label;              /* which: "series FILE, region R", the
					 * profile's shape and level, or the
					 * figure; owned */
	const char *error;              /* why the region has no row ("" when it
					 * has one); owned */
} wf_shift_region;

/* Search start times (and regions) that minimise the job's emissions:
 * the job keeps its duration and facility power (from the scenario) and
 * may start at any step in the window; O(steps + intervals) per region,
 * from prefix sums of each region's series.  Errors: the scenario's
 * (WF_EINPUT ...), WF_ENOTFOUND when no candidate region has a series or
 * no window has full data, WF_EINPUT for a bad window or regex. */
WF_API int wf_scenario_shift(wf_shift_result **out, const wf_scenario *sc,
			     const wf_shift_options *opt, wf_error *err);

/* Candidate regions, ranked by best emissions (regions without a full
 * window last). */
WF_API size_t wf_shift_count(const wf_shift_result *r);
WF_API int wf_shift_get(const wf_shift_result *r, size_t k, wf_shift_region *out);

/* The scenario as given: its region and start (NAN when it has none),
 * and its emissions there (*given_ok = 0 when the series does not cover it). */
WF_API int wf_shift_given(const wf_shift_result *r, wf_shift_region *out);

/* Search set-up: the window searched, the step, the job's duration (s) and
 * facility energy (kWh). */
WF_API void wf_shift_setup(const wf_shift_result *r, double *window_start,
			   double *window_end, double *step_s, double *duration_s,
			   double *energy_facility_kwh);

/* Notes (basis of the series, caveats); owned by r. */
WF_API const char *wf_shift_notes(const wf_shift_result *r);

WF_API void wf_shift_free(wf_shift_result *r);

/* ----------------------------------------------------------------- sweeps */

/* A sweep: a base scenario and axes over scenario paths, read from the
 * `sweep:` of a model file (README, "Sweeps"):
 *
 *   sweep:
 *     base: ../llama-65b.yaml          # a scenario file, or an inline mapping
 *     vary:
 *       site.region: "re:^GB-"          # catalog ids matching a PCRE2 pattern
 *       start: range(2026-07-01T00:00Z, 2026-07-02T00:00Z, 1 h)
 *       site.pue: [1.1, 1.2, 1.4]       # a list
 *     mode: product                     # or zip (axes side by side)
 *     samples: 1000                     # Monte Carlo per point (optional)
 *     outputs: [energy_facility_kwh, emissions_total_kg]
 *
 * Points are numbered from 0 as nested loops over the axes in file order,
 * the first axis outermost (product), or the i-th value of every axis
 * (zip).  A sweep is immutable once loaded: any number of threads may
 * evaluate points of it, each with its own wf_sweep_worker. */
typedef struct wf_sweep wf_sweep;

/* Options of wf_sweep_load (libgit2 style: set version, start from INIT). */
typedef struct wf_sweep_options {
	unsigned int version;       /* WF_SWEEP_OPTIONS_VERSION */
	unsigned long long max_points; /* refuse larger sweeps; 0 = the default */
} wf_sweep_options;

#define WF_SWEEP_OPTIONS_VERSION 1
#define WF_SWEEP_DEFAULT_MAX_POINTS 100000000ULL
#define WF_SWEEP_OPTIONS_INIT {WF_SWEEP_OPTIONS_VERSION, 0}

/* Load the sweep of a model file (exactly one `sweep:`) over a finished
 * catalog `base`, which must outlive the sweep.  Every value of every axis
 * is checked here: an unknown path, an unknown id, a value of the wrong
 * dimension, a regex matching nothing, an empty range, unequal zip axes or
 * more points than max_points fail with WF_EINPUT (or WF_ENOTFOUND,
 * WF_EDIM) and err naming file:line:col in the sweep file. */
WF_API int wf_sweep_load(wf_sweep **out, const wf_catalog *base, const char *path,
			 const wf_sweep_options *opt, wf_error *err);

/* wf_sweep_load from model-file text in memory (standard input, tests):
 * `name` stands for the file in messages and relative base: paths. */
WF_API int wf_sweep_load_text(wf_sweep **out, const wf_catalog *base, const char *text,
			      size_t len, const char *name, const wf_sweep_options *opt,
			      wf_error *err);

/* Free a sweep.  Accepts NULL. */
WF_API void wf_sweep_free(wf_sweep *sw);

/* The catalog the sweep's points resolve against (the sweep file's and the
 * base file's entries over the base): wf_catalog_file lists every file
 * the sweep read.  Owned by sw. */
WF_API const wf_catalog *wf_sweep_catalog(const wf_sweep *sw);


/* Number of points. */
WF_API size_t wf_sweep_point_count(const wf_sweep *sw);

/* Columns of a row: the axes (their paths, "site.pue"), then the outputs
 * (wf_output_name), then, when sampling, NAME_mean, NAME_sd, NAME_p05,
 * NAME_p50, NAME_p95 for each output, then what the point's intensity is:
 * region, year, basis, intensity_source, profile (wf_intensity_info, as
 * `wattif run --format csv` ends its row).  Names are owned by sw. */
WF_API size_t wf_sweep_axis_count(const wf_sweep *sw);
WF_API size_t wf_sweep_value_count(const wf_sweep *sw); /* after the axes */
WF_API size_t wf_sweep_column_count(const wf_sweep *sw); /* all of them */
WF_API const char *wf_sweep_column(const wf_sweep *sw, size_t j);

/* The text of point k's value on axis a, as written (a list item, a
 * catalog id, or a range value in the unit of the range's start), into
 * buf (snprintf-like: returns the whole length; 0 when out of range). */
WF_API size_t wf_sweep_axis_text(char *buf, size_t size, const wf_sweep *sw, size_t k,
				 size_t a);

/* The same text owned by sw, for axes whose texts are stored: NULL when
 * out of range and for ranges of more than 65,536 values, whose texts are
 * made on demand (wf_sweep_axis_text). */
WF_API const char *wf_sweep_axis_value(const wf_sweep *sw, size_t k, size_t a);

/* Monte Carlo samples per point (0 = deterministic). */
WF_API long wf_sweep_samples(const wf_sweep *sw);

/* Per-thread workspace: a few resolved plans, reused while consecutive
 * points differ only in fast axes. */
typedef struct wf_sweep_worker wf_sweep_worker;

WF_API int wf_sweep_worker_new(wf_sweep_worker **out, const wf_sweep *sw,
			       wf_error *err);

/* Free a worker.  Accepts NULL. */
WF_API void wf_sweep_worker_free(wf_sweep_worker *w);

/* Evaluate point k into values[wf_sweep_value_count] (output units; NaN
 * where an output is absent).  The result depends on k alone, never on
 * which worker, thread or rank computes it, nor in which order.  Errors
 * name the point and its values. */
WF_API int wf_sweep_eval(wf_sweep_worker *w, size_t k, double *values,
			 wf_error *err);

/* What the intensity of the point w evaluated last is (as
 * wf_result_intensity; label and profile included).  Strings valid until
 * w evaluates again or is freed. */
WF_API int wf_sweep_worker_intensity(const wf_sweep_worker *w, wf_intensity_info *out);

/* Row formats: CSV (a header line, then one line per point) or JSON Lines
 * (one object per line, no header).  Numbers are the shortest text that
 * reads back as the same double; absent values are empty (CSV) or null. */
typedef enum wf_sweep_format {
	WF_SWEEP_CSV = 0,
	WF_SWEEP_JSONL
} wf_sweep_format;

/* Format the header (CSV; "" for JSONL) or point k's row, newline
 * included, into buf: values as wf_sweep_eval gave them, ci as
 * wf_sweep_worker_intensity did (NULL: empty).  Returns the length of the
 * whole text, as snprintf does: when it is >= size the text was cut; grow
 * buf and call again.  In JSON Lines, an axis value that is a plain number
 * is a number, one with a unit {"value": NUMBER, "unit": "UNIT"} as
 * written, and anything else (ids, dates) a string. */
WF_API size_t wf_sweep_format_header(char *buf, size_t size, const wf_sweep *sw,
				     wf_sweep_format fmt);
WF_API size_t wf_sweep_format_row(char *buf, size_t size, const wf_sweep *sw,
				  size_t k, const double *values,
				  const wf_intensity_info *ci, wf_sweep_format fmt);

/* Evaluate points k0 .. k1-1 with w and append their rows, in point
 * order, to *buf (*len bytes used of *cap; grown with realloc, the
 * caller frees it).  The points are evaluated grouped by their structural
 * values, so each combination of them is resolved at most once per call
 * whatever the order of the axes.  On error (naming the lowest point that
 * fails) the rows appended are incomplete: discard them. */
WF_API int wf_sweep_rows(wf_sweep_worker *w, size_t k0, size_t k1, wf_sweep_format fmt,
			 char **buf, size_t *len, size_t *cap, wf_error *err);

/* Summaries of a sweep without its rows (`wattif sweep --summary`): the
 * points grouped by the values of some axes, and for each group and value
 * column the count of points where it is present and their mean, min,
 * max, p05, p50 and p95.  Every figure is independent of how the points
 * are split between workers (the mean from an exactly rounded sum), so
 * partial summaries merge to the same result.  Quantiles are exact
 * (gsl_stats_quantile_from_sorted_data over every value) when the sweep's
 * points x value columns are at most exact_values (0: the default,
 * WF_SWEEP_SUMMARY_EXACT_VALUES, 64 MB of doubles), otherwise from a
 * mergeable sketch within a relative 0.1% of the exact figure (memory
 * then grows with the spread of the values, never with their number). */
typedef struct wf_sweep_summary wf_sweep_summary;

#define WF_SWEEP_SUMMARY_EXACT_VALUES 8000000u

/* by: the axes to group by, comma-separated paths ("site.region,start");
 * "" for one group of all points.  WF_EINPUT for a path that is no axis. */
WF_API int wf_sweep_summary_new(wf_sweep_summary **out, const wf_sweep *sw, const char *by,
				size_t exact_values, wf_error *err);
WF_API void wf_sweep_summary_free(wf_sweep_summary *s);
/* 1 when the quantiles are exact, 0 when from the sketch. */
WF_API int wf_sweep_summary_exact(const wf_sweep_summary *s);

/* Evaluate points k0 .. k1-1 with w (a worker of the same sweep) and add
 * them.  Errors name the lowest point that fails. */
WF_API int wf_sweep_summary_add(wf_sweep_summary *s, wf_sweep_worker *w, size_t k0,
				size_t k1, wf_error *err);

/* Add what another summary of the same sweep and axes holds. */
WF_API int wf_sweep_summary_merge(wf_sweep_summary *into, const wf_sweep_summary *from,
				  wf_error *err);

/* A summary as bytes (to send to another process running the same build),
 * and those bytes added to a summary.  *out is malloc'ed: free it. */
WF_API int wf_sweep_summary_pack(const wf_sweep_summary *s, char **out, size_t *len,
				 wf_error *err);
WF_API int wf_sweep_summary_merge_packed(wf_sweep_summary *into, const char *buf, size_t len,
					 wf_error *err);

/* The summary as CSV (a header: the axes, then COLUMN_count, _mean, _min,
 * _max, _p05, _p50, _p95 for each value column, then quantiles: "exact"
 * or "sketch 0.1%") or JSON Lines ({AXIS: value, ..., COLUMN: {"count",
 * "mean", ...}, ..., "quantiles": ...}), one row per group in the order
 * of the axes' values.  *out is malloc'ed and NUL-terminated: free it. */
WF_API int wf_sweep_summary_format(const wf_sweep_summary *s, wf_sweep_format fmt,
				   char **out, size_t *len, wf_error *err);

/* A fingerprint of everything a sweep's rows depend on: the columns, every
 * axis's resolved values, the mode, samples and seed, the row format, the
 * library version and the contents (size and hash) of every file it read
 * (the sweep file, its base and includes, series, tables, the base
 * catalog's files).  A change to any of them changes it (two 64-bit
 * hashes: not cryptographic); moving the files does not.  32 hex digits
 * and a NUL into buf (33 bytes). */
WF_API void wf_sweep_fingerprint(const wf_sweep *sw, wf_sweep_format fmt, char buf[33]);

/* ---------------------------------------------------------------- reports */

/* Options of a report (libgit2 style: set version, start from the INIT). */
typedef struct wf_report_options {
	unsigned int version;    /* WF_REPORT_OPTIONS_VERSION */
	const char *title;       /* page heading; NULL = "wattif report: ID" */
	const char *source;      /* the scenario file as readers should see it
				  * (shown, never opened), or NULL */
	int explain;             /* include the derivation (default 1) */
	double band_start;       /* a window to highlight on the time chart, */
	double band_end;         /* s since 1970 UTC, when band_end > band_start
				  * (e.g. the best window from wf_scenario_shift) */
	const char *band_label;  /* its legend entry; NULL = "best window" */
	const wf_shift_result *shift; /* a shift search of the same scenario to
				  * show (its ranking, and its best window in
				  * the scenario's region as the band), or
				  * NULL; read only, must outlive the call */
	const wf_result *measured; /* the same job as measured (wattif compare),
				  * or NULL: the page adds "Estimate beside
				  * measurement" (every output both ways and
				  * their ratio, the measured run's notes and
				  * derivation); read only */
	const char *measured_source; /* its file as readers should see it, or NULL */
} wf_report_options;

#define WF_REPORT_OPTIONS_VERSION 1
#define WF_REPORT_OPTIONS_INIT \
	{WF_REPORT_OPTIONS_VERSION, NULL, NULL, 1, 0, 0, NULL, NULL, NULL, NULL}

/* A short label for output i for people ("IT energy", "total emissions").
 * Static; NULL past the end. */
WF_API const char *wf_output_label(int i);

/* Charts a report can draw, by name: "breakdown" (IT vs facility overhead
 * energy, operational vs embodied emissions, 90% intervals when sampled),
 * "window" (grid intensity and the job's emissions over its periods),
 * "histogram" (Monte Carlo samples of total emissions with p05/p50/p95),
 * "sensitivity" (a tornado of the uncertain inputs), "shift" (the regions
 * of a shift search ranked by their best emissions), "compare" (energy and
 * emissions estimated beside measured, with opt->measured).  Static; NULL
 * past the end. */
WF_API const char *wf_report_chart_name(int k);

/* A self-contained HTML page for a result: headline figures, every chart
 * the result has data for, the numbers behind each chart in a table, the
 * notes and (opt->explain) the derivation in a collapsible section.  Inline
 * SVG and CSS only: no scripts, no network requests.  Every string from a
 * file is HTML-escaped.  sc may be NULL (its id is then "scenario").  For
 * the histogram and sensitivity charts run with keep_samples = 1 and
 * sensitivity = 1.  *out is NUL-terminated, *len its length (len may be
 * NULL); free *out with wf_report_free.  Reentrant. */
WF_API int wf_report_html(char **out, size_t *len, const wf_scenario *sc,
			  const wf_result *r, const wf_report_options *opt,
			  wf_error *err);

/* One chart as a standalone SVG document (for embedding in documents).
 * chart is a wf_report_chart_name (NULL = "breakdown").  WF_EINPUT for an
 * unknown name, WF_ENOTFOUND when the result has no data for that chart
 * (err says why).  Ownership as wf_report_html. */
WF_API int wf_report_svg(char **out, size_t *len, const wf_scenario *sc,
			 const wf_result *r, const char *chart,
			 const wf_report_options *opt, wf_error *err);

/* Free a report.  Accepts NULL. */
WF_API void wf_report_free(char *s);

/* Options of a sweep report: a heatmap of one value column over two axes,
 * with small multiples over a third.  Axes are named by their paths
 * ("site.pue"); every other axis must keep one value over the points
 * shown, or be pinned with a `where` filter. */
typedef struct wf_report_sweep_options {
	unsigned int version;    /* WF_REPORT_SWEEP_OPTIONS_VERSION */
	const char *title;       /* page heading; NULL = "wattif sweep report" */
	const char *source;      /* the sweep file as readers should see it */
	const char *x;           /* columns; NULL = the second axis (or the only) */
	const char *y;           /* rows; NULL = the first axis (none with one) */
	const char *panels;      /* small multiples; NULL = the third axis if any */
	const char *value;       /* a value column (wf_sweep_column after the
				  * axes: an output or NAME_p50 ...); NULL =
				  * emissions_total_kg, else the first */
	const char *const *where; /* "PATH=VALUE" filters, VALUE as the axis
				  * writes it (wf_sweep_axis_value) */
	size_t nwhere;
} wf_report_sweep_options;

#define WF_REPORT_SWEEP_OPTIONS_VERSION 1
#define WF_REPORT_SWEEP_OPTIONS_INIT \
	{WF_REPORT_SWEEP_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}

/* 1 when point k passes opt's `where` filters (so a caller evaluates only
 * the points a report shows), 0 when not. */
WF_API int wf_report_sweep_wants(const wf_sweep *sw, size_t k,
				 const wf_report_sweep_options *opt);

/* A self-contained HTML page for a sweep: the heatmap (small multiples
 * when asked) and the numbers behind it.  values holds
 * wf_sweep_point_count x wf_sweep_value_count doubles, row-major, as
 * wf_sweep_eval fills them (rows of points filtered out are not read).
 * WF_EINPUT (err says why) for an unknown axis or column, an axis used
 * twice, or an axis that varies but is not shown.  Ownership as
 * wf_report_html. */
WF_API int wf_report_sweep_html(char **out, size_t *len, const wf_sweep *sw,
				const double *values,
				const wf_report_sweep_options *opt, wf_error *err);

/* The heatmap alone as a standalone SVG document. */
WF_API int wf_report_sweep_svg(char **out, size_t *len, const wf_sweep *sw,
			       const double *values,
			       const wf_report_sweep_options *opt, wf_error *err);

/* Charts of a projection report, by name: "years" (facility energy and
 * emissions year by year), "siting" (the regions of a siting ranked by
 * lifetime total emissions), "siting-years" (the total emissions of some
 * of those regions year by year).  Static; NULL past the end. */
WF_API const char *wf_report_projection_chart_name(int k);

/* 1 when a projection report draws row k of a siting year by year: every
 * region that ranks when at most 6 do, else the 3 lowest and the 3
 * highest (regions that fail are never drawn).  0 otherwise. */
WF_API int wf_report_siting_drawn(const wf_siting *st, size_t k);

/* A self-contained HTML page for a scenario that spans years
 * (wf_scenario_project): lifetime totals as headline cards, facility
 * energy and location-based emissions year by year (and market-based when
 * it differs, i.e. when contracts are declared) with the yearly rows and
 * the totals in a table beneath, formatted as `wattif run` prints them,
 * the notes of every year, and (opt->explain) each year's derivation in
 * its own <details>.  When p was sampled (wf_run_options.samples > 1) the
 * cards of additive totals carry their 90% interval
 * (wf_projection_quantiles, the ends in data-value), the chart draws each
 * year's p05 to p95 of emissions as whiskers, and the table adds p05 and
 * p95 columns beside location-based (market-based with contracts) and
 * total emissions.  With a siting st (wf_scenario_site over the same
 * scenario, or NULL): the regions ranked by lifetime total emissions as
 * bars, the regions that fail listed beneath with their reasons, the
 * drivers table (intensity, PUE, water, facility energy), and the yearly
 * emissions of the regions in site_years: wf_siting_count(st) entries
 * aligned with the ranking, row k's projection (the scenario with
 * site.region set to it) or NULL not to draw it; site_years may be NULL.
 * opt's band and shift are not used.  Ownership as wf_report_html. */
WF_API int wf_report_projection_html(char **out, size_t *len, const wf_scenario *sc,
				     const wf_projection *p, const wf_siting *st,
				     const wf_projection *const *site_years,
				     const wf_report_options *opt, wf_error *err);

/* One chart of that page as a standalone SVG document: chart is a
 * wf_report_projection_chart_name (NULL = "years").  WF_EINPUT for an
 * unknown name, WF_ENOTFOUND when there is no data for it (no siting, or
 * no region to draw year by year). */
WF_API int wf_report_projection_svg(char **out, size_t *len, const wf_scenario *sc,
				    const wf_projection *p, const wf_siting *st,
				    const wf_projection *const *site_years,
				    const char *chart, const wf_report_options *opt,
				    wf_error *err);

/* ------------------------------------------------- importing grid data */

/*
 * Grid data exported by other tools, converted to wattif's series CSV
 * (data/series/README.md): one series "timestamp_utc,intensity_g_per_kwh",
 * regional "timestamp_utc,region_id,region,intensity_g_per_kwh[,<fuel>_pct
 * ...]", or a generation-mix table "timestamp_utc,<fuel>_mw..." (or _pct).
 * Every step is checked: one interval length, every spacing a whole number
 * of steps, missing intervals written as empty rows (gaps, never filled),
 * the same interval twice an error (except an identical copy in another
 * file: overlapping downloads), times converted to UTC.  Errors name
 * file:line:col of the source.  The output is read back with the series
 * reader before it is returned.
 */
typedef enum wf_import_format {
	WF_IMPORT_ELECTRICITYMAPS = 0, /* Electricity Maps data-portal CSV export */
	WF_IMPORT_NESO_JSON,           /* NESO Carbon Intensity API JSON response:
					* /intensity, /generation or /regional */
	WF_IMPORT_ENTSOE,              /* ENTSO-E Transparency Platform "Actual
					* Generation per Production Type" CSV */
	WF_IMPORT_FORMAT_COUNT
} wf_import_format;

/* "electricitymaps", "neso-json", "entsoe" by format; NULL past the end. */
WF_API const char *wf_import_format_name(int k);

/* The format of a name; WF_EINPUT when there is none. */
WF_API int wf_import_format_parse(wf_import_format *out, const char *name);

typedef struct wf_import_options {
	unsigned int version;      /* WF_IMPORT_OPTIONS_VERSION */
	const char *value;         /* the figure to keep: Electricity Maps "direct"
				    * (default) or "lifecycle"; NESO "actual"
				    * (default for national data) or "forecast"
				    * (regional data have only forecasts) */
	const char *zone;          /* Electricity Maps: keep one Zone Id's rows */
	const char *tz;            /* ENTSO-E: the zone of a time column that
				    * names none: "UTC", "CET", "WET", "EET" */
	const char *from, *to;     /* keep intervals that start in [from, to),
				    * ISO 8601 (no zone = UTC); NULL = open */
	int no_gaps;               /* a missing interval is an error */
	const wf_catalog *catalog; /* ENTSO-E: where `factors` is looked up */
	const char *factors;       /* ENTSO-E: a factor set whose fuels are the
				    * production types in snake case
				    * (fossil_gas, ...): write intensity =
				    * Σ G_f EF_f / Σ G_f instead of the table */
	const char *const *drop;   /* ENTSO-E with factors: types left out of
				    * both sums (e.g. hydro_pumped_storage) */
	size_t ndrop;
	const char *name;          /* the output in messages (NULL = "import") */
} wf_import_options;

#define WF_IMPORT_OPTIONS_VERSION 1
#define WF_IMPORT_OPTIONS_INIT \
	{WF_IMPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL}

/* Convert npaths files of one format (read in the order given; rows are
 * sorted by region and time) into *csv (NUL-terminated, *len bytes) and
 * *notes (lines for the user: what was read, left out, filled as gaps);
 * free both with wf_import_free.  opt may be NULL (defaults). */
WF_API int wf_import(char **csv, size_t *len, char **notes, wf_import_format fmt,
		     const char *const *paths, size_t npaths,
		     const wf_import_options *opt, wf_error *err);

/* Free what wf_import returned.  Accepts NULL. */
WF_API void wf_import_free(char *s);

#ifdef __cplusplus
}
#endif
#endif /* WATTIF_H */

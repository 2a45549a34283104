/*
 * engine.h - from a scenario to figures.
 *
 * resolve: the scenario tree (after --set) + catalog + documented defaults
 *          -> a plan: one wf_param per model input, each with its origin,
 *          plus the structural choices (how power and duration are known);
 * evaluate: plan + one value per input -> the outputs, in SI, optionally
 *          writing the derivation as it goes.
 * Keeping the inputs as a flat array is what lets Monte Carlo (and sweeps)
 * re-run evaluate with other values without resolving again.
 */
#ifndef WF_ENGINE_H
#define WF_ENGINE_H

#include "catalog.h"
#include "power.h"
#include "strbuf.h"

typedef enum wf_pin {
	P_DEVICES = 0,   /* number of accelerators */
	P_DEVICE_S,      /* device-seconds */
	P_WALL_S,        /* wall-clock time, s */
	P_POWER_DEV,     /* measured average power per device, W */
	P_TDP,           /* W */
	P_IDLE,          /* W */
	P_UTIL,          /* 0..1 */
	P_CURVE_R,       /* exponent of f(u) = 2u - u^r */
	P_NODE_RATED,    /* rated power of a node, W */
	P_NODE_LOAD,     /* average fraction of rated power */
	P_PER_NODE,      /* accelerators per node */
	P_HOST_POWER,    /* host power per device, W */
	P_HOST_MEM,      /* host memory per device, bytes */
	P_MEM_POWER,     /* W per byte */
	P_FLOPS,         /* training compute, FLOP */
	P_PARAMS,        /* parameters N */
	P_TOKENS,        /* training tokens D */
	P_PEAK,          /* peak FLOP/s per device at the precision */
	P_MFU,           /* model FLOPs utilisation */
	P_OVERHEAD,      /* >= 1, on device-time */
	P_REQUESTS,      /* inference requests in the window */
	P_REQ_RATE,      /* requests per second */
	P_TOK_PER_REQ,   /* tokens per request */
	P_THROUGHPUT,    /* tokens per second per device */
	P_E_TOKEN,       /* J per token (accelerator) */
	P_E_REQ,         /* J per request (accelerator) */
	P_PUE,
	P_WUE,           /* L/J of IT energy */
	P_EWIF,          /* L/J of facility energy (water in electricity) */
	P_CI,            /* location-based intensity, kg/J */
	P_CI_MARKET,     /* explicit market-based intensity, kg/J */
	P_CFE,           /* contracted carbon-free share */
	P_CI_CONTRACT,   /* intensity of the contracted supply, kg/J */
	P_CI_RESIDUAL,   /* residual-mix intensity, kg/J */
	P_EMB_DEV,       /* embodied per device, kg */
	P_LIFE_DEV,      /* device lifetime, s */
	P_EMB_HOST,      /* embodied per host (node), kg */
	P_LIFE_HOST,     /* host lifetime, s */
	P_UNIT_COUNT,    /* functional units R */
	P_CI_MARGINAL,   /* marginal intensity, kg/J (consequential basis) */
	P_CAPACITY,      /* campus IT capacity (nameplate), W */
	P_ONLINE,        /* campus: share of the capacity online in the year */
	P_LOAD,          /* campus: mean IT load factor */
	P_LOAD_PEAK,     /* campus: peak IT load factor */
	P_FIXED_LOSS,    /* PUE curve: fixed facility loss / rated IT capacity */
	P_IT_LOAD,       /* the facility's IT load / rated IT capacity (jobs) */
	/* the embodied model's components (embodied.c); appended, so the
	 * Monte Carlo streams of the inputs above (keyed by pin) stay as they
	 * were */
	P_EMB_HBM,       /* embodied per byte of accelerator memory, kg/B */
	P_HBM_BYTES,     /* accelerator memory, bytes */
	P_EMB_BOARD_REST,/* embodied per board without its memory, kg */
	P_HOST_CPUS,     /* CPUs per host */
	P_EMB_CPU,       /* embodied per CPU, kg */
	P_HOST_DRAM,     /* host memory, bytes */
	P_EMB_DRAM,      /* embodied per byte of host memory, kg/B */
	P_HOST_SSD,      /* host storage, bytes */
	P_EMB_SSD,       /* embodied per byte of storage, kg/B */
	P_EMB_SERVER_REST, /* the rest of a server (mainboard, PSUs, chassis), kg */
	P_HOST_NICS,     /* network adapters per host */
	P_EMB_NIC,       /* embodied per network adapter, kg */
	P_EMB_NET,       /* network per host given as one figure, kg */
	P_EMB_BUILDING,  /* building and M&E plant per W of IT capacity, kg/W */
	P_LIFE_BUILDING, /* building lifetime, s */
	P_EMB_USAGE,     /* share of the IT hardware's lifetime it is in use */
	P_ENERGY,        /* measured energy, J (its scope: wf_plan.energy_scope) */
	P_RUNS,          /* the same run repeated, back to back */
	P_COUNT_
} wf_pin;

typedef enum { PW_MEASURED, PW_CURVE, PW_NODE } wf_power_mode;
typedef enum { DU_DEVICE_HOURS, DU_WALL, DU_FLOPS, DU_INFERENCE, DU_NONE } wf_dur_mode;
typedef enum { EI_REQUEST, EI_TOKEN, EI_THROUGHPUT } wf_einf_mode;
typedef enum { MK_SAME, MK_EXPLICIT, MK_CFE } wf_market_mode;
/* How the embodied model has a board's figure: one figure (a product
 * footprint, a named method's, or given), memory x kg/GB + the rest of the
 * board, or the die alone (LLMCarbon); none for a campus of no stated
 * hardware (its building only). */
typedef enum { EB_FIGURE, EB_MEMORY, EB_DIE, EB_NONE } wf_emb_board;
/* How it has a host's (or the network's): none, one figure, or parts. */
typedef enum { EH_NONE, EH_FIGURE, EH_PARTS } wf_emb_parts;

/* Where the location-based intensity comes from (wf_result_basis). */
typedef enum wf_ci_kind {
	CI_NONE = 0,       /* not settled yet */
	CI_EXPLICIT,       /* grid.intensity */
	CI_ANNUAL,         /* the region's annual figure (or its parent's) */
	CI_PATHWAY,        /* a pathway's value for the year */
	CI_MIX,            /* a generation mix x factors */
	CI_SERIES,         /* an hourly series over the window */
	CI_PROFILE         /* a typical-year profile at an annual figure */
} wf_ci_kind;

/* Years of m_y a plan keeps for its profile (more are computed). */
#define WF_PROF_YEARS 24

typedef struct wf_plan {
	wf_param in[P_COUNT_];
	wf_workload wl;              /* the workload as resolved */
	const wf_accel *accel;
	const wf_nodedef *node;
	const wf_grid *region;       /* NULL when the intensity is explicit */
	const wf_grid *data_grid;    /* the grid whose figures were used */
	const struct wf_regional_factor *regional; /* scaled the pathway, or NULL */
	const wf_grid *marginal_pw;  /* the marginal pathway used, or NULL */
	int marginal_held;           /* its last year held for this year */
	const char *water_company;   /* site.water_company as written, or NULL */
	const wf_facility *facility;
	const char *precision;
	int year;
	wf_power_mode power_mode;
	wf_dur_mode dur_mode;
	wf_einf_mode einf_mode;
	wf_market_mode market_mode;
	int embodied;                /* include embodied carbon */
	const char *emb_method;      /* the embodied method ("vendor", "die", ...) */
	wf_emb_board emb_board;
	wf_emb_parts emb_host, emb_net;
	int emb_building;            /* count the building's share */
	int emb_life_shared;         /* hosts live as long as their accelerators:
				      * P_LIFE_DEV is their lifetime too */
	const wf_embfactor *emb_f[WF_EC_COUNT]; /* the factors used (NULL: given) */
	char emb_scope[160];         /* what embodied carbon covers, for people */
	int flops_from_nd;           /* FLOPs = 6 N D */
	int devices_known;
	int wall_known;
	wf_power_curve curve;
	const char *unit;            /* functional unit name */
	double start_s;              /* the job's start, s since 1970 UTC; NAN = none */
	const struct wf_series *ser; /* CI(t) over [start, start + wall) from this
				      * series, when it covers the window;
				      * otherwise NULL and P_CI is annual */
	const struct wf_grid_series *ser_entry; /* the grid's list entry of ser */
	const wf_grid *ser_grid;     /* the grid whose series list it is */
	int annual_ok;               /* P_CI holds an annual figure */
	wf_ci_kind ci_kind;          /* where the location intensity comes from */
	wf_basis ci_basis;           /* its factor basis (UNSET: explicit, none
				      * given) */
	int data_year;               /* the year of the figures used (0: none) */
	int level_held;              /* P_CI is a past year's figure held */
	const char *ci_label;        /* what it is, in a few words (arena) */
	const char *profile_label;   /* CI_PROFILE: the shape and level (arena) */
	struct wf_profile *prof;     /* CI_PROFILE: the shape (arena) */
	double prof_m[WF_PROF_YEARS]; /* m_y of years prof_y0 .. (profile.h) */
	int prof_y0;
	struct wf_series *pue_fn;    /* PUE(t) by month or hour over the span
				      * the job may take (owned; NULL: PUE is
				      * one number) */
	struct wf_series *cipue;     /* CI(t) x PUE(t) over the same span, when
				      * both vary (owned) */
	const struct wf_series *climate; /* hourly outdoor temperatures (°C) */
	const char *climate_path;    /* where they came from */
	int campus;                  /* a data-centre campus over a calendar year
				      * (scenario key campus:) */
	double region_demand_j;      /* campus: the region's annual demand, J
				      * (NAN when not given) */
	const wf_pue_curve *pue_curve; /* PUE from outdoor temperature, or NULL */
	int pue_monthly;             /* pue_month[] holds PUE by calendar month */
	int pue_hourly;              /* PUE from an hourly temperature series */
	double pue_max;              /* the warmest month's or hour's PUE */
	double pue_month[12];        /* curve(T) for each month (Jan = 0) */
	double temp_month[12];       /* the temperatures, °C */
	int residual_is_location;    /* market residual defaults to the
				      * location-based intensity */
	/* measured energy (workload.energy or workload.power_log) */
	int measured;                /* the energy is measured, not estimated */
	int energy_scope;            /* wf_escope of P_ENERGY (a log: WF_ESCOPE_ACCEL) */
	struct wf_powerlog *log;     /* the power log read, owned; NULL without */
	double log_int[6];           /* a log against the hourly series, over its
				      * steps (P the step's power, PUEm the
				      * month's curve PUE): Σ P∫CI·PUEm dt,
				      * Σ ∫CI·PUEm dt, Σ P∫CI dt, Σ ∫CI dt (kg/J s
				      * x W or 1), Σ P∫PUEm dt, Σ ∫PUEm dt
				      * (the PUEm sums only with a monthly curve) */
	int no_intensity;            /* no intensity given: energy only */
	wf_strbuf notes;             /* what a reader must know */
	wf_catalog *scratch_;        /* arena and parser for resolving */
} wf_plan;

/* Outputs in SI: s, device-s, W, W, J, J, kg/J, kg, kg, kg, kg, L, kg/unit. */
typedef struct wf_outputs {
	double v[WF_OUT_COUNT_];
	int present[WF_OUT_COUNT_];
	double marginal_kg;       /* at the marginal intensity; NAN if none */
	double market_ci;         /* effective market-based intensity, kg/J */
	double connection_w;      /* campus: rated capacity online x peak PUE at
				   * full load (the grid connection), W; NAN
				   * for a job */
} wf_outputs;

struct wf_scenario;

/* Resolve a scenario into a plan.  Release with wf_plan_release. */
int wf_plan_resolve(wf_plan *pl, const struct wf_scenario *sc, wf_error *err);

/* The same with the scenario's year replaced by `year` (when > 0) and its
 * region by `region` (when not NULL): projections and siting. */
int wf_plan_resolve_at(wf_plan *pl, const struct wf_scenario *sc, int year,
		       const wf_grid *region, wf_error *err);
/* The same in `region` with the job starting at start_s (s since 1970,
 * UTC) whatever the scenario says: where and when to run (shift). */
int wf_plan_resolve_start(wf_plan *pl, const struct wf_scenario *sc, const wf_grid *region,
			  double start_s, wf_error *err);
void wf_plan_release(wf_plan *pl);

/* Nominal value of every input (absent inputs are NaN). */
void wf_plan_nominal(const wf_plan *pl, double x[P_COUNT_]);

/* Evaluate with input values x; write the derivation into tr if not NULL. */
int wf_plan_evaluate(const wf_plan *pl, const double x[P_COUNT_], wf_outputs *out,
		     wf_strbuf *tr, wf_error *err);

/* The job's window in periods (one per series interval, cut to the
 * window) at input values x with their outputs o (from wf_plan_evaluate),
 * for plans whose intensity comes from a series: *out is malloc'ed (free
 * it), *n = 0 and *out = NULL otherwise. */
int wf_plan_periods(const wf_plan *pl, const double x[P_COUNT_], const wf_outputs *o,
		    wf_period **out, size_t *n, wf_error *err);

/* grid_window.c (for grid.c and shift): a series of a grid's list, with the grid that lists it. */
typedef struct wf_grid_pick {
	const wf_grid_series *entry;    /* NULL: none */
	const wf_grid *owner;
	const struct wf_series *ser;
} wf_grid_pick;

/* The basis the scenario asks for (grid.basis node, or NULL: UNSET). */
wf_basis wf_grid_want(const wf_node *bn);

/* The first of g's series (on the wanted basis) that covers [t0, t1)
 * without a gap; out->entry NULL when none does.  Series passed over for
 * their basis are listed in skipped (may be NULL). */
int wf_grid_series_covering(const wf_grid *g, wf_basis want, double t0, double t1,
			    wf_grid_pick *out, wf_strbuf *skipped, wf_error *err);

/* The series of g covering the most recent whole calendar year up to
 * max_year (the basis `prefer` first among series of that year); *year
 * 0 when none. */
int wf_grid_full_year(const wf_grid *g, wf_basis want, wf_basis prefer, int max_year,
		      wf_grid_pick *out, int *year, wf_error *err);

/* The load term of a PUE curve with fixed losses at inputs x (0 without). */
double wf_plan_load_term(const wf_plan *pl, const double *x);

/* embodied_eval.c: the embodied carbon of the hardware itself at inputs x
 * (not amortised): per accelerator board, per host and its network (0 when
 * not counted), and per W of building capacity. */
typedef struct wf_emb_unit {
	double board_kg, host_kg, net_kg, building_kg_per_w;
} wf_emb_unit;

void wf_embodied_unit(const wf_plan *pl, const double *x, wf_emb_unit *u);

/* The physical range of an input: a sampled value outside it is not a
 * possible world (PUE below 1, a utilisation above 1). */
void wf_plan_input_range(int pin, double *lo, double *hi);

/* "workload.devices", "site.pue", ... */
const char *wf_plan_input_name(int pin);

/* The dimension of an input's SI value (WF_DIM_NONE for counts, shares). */
wf_dim wf_plan_input_dim(int pin);

/* Text of where an input came from: "file:line:col", a data source or a
 * default's justification. */
void wf_param_origin(wf_strbuf *b, const wf_param *p);

#endif

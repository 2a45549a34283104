/*
 * loader_int.h - private interfaces of the model-file loader: loader.c reads
 * files (includes, directories, documents, top-level keys) and maps YAML
 * mappings onto entries by field tables; loader_keys.c holds those tables,
 * one per kind, and the parsers of keys that need more than a type and a
 * range.  Not installed.
 */
#ifndef WF_LOADER_INT_H
#define WF_LOADER_INT_H

#include "catalog.h"

typedef enum ftype {
	FT_STR,    /* const char* */
	FT_ID,     /* const char*, checked against the id pattern */
	FT_QTY,    /* wf_param of a dimension */
	FT_INT,    /* wf_param, dimensionless whole number */
	FT_BOOL,   /* int */
	FT_CUSTOM  /* parsed by a function */
} ftype;

typedef enum frange {
	R_ANY = 0,
	R_NONNEG,  /* >= 0 */
	R_POS,     /* > 0 */
	R_GE1,     /* >= 1 (PUE, overhead factors) */
	R_FRAC,    /* 0..1 */
	R_FRAC_POS, /* (0, 1] */
	R_COUNT    /* a whole number >= 1 (a distribution: its bounds >= 1) */
} frange;

typedef int (*fcustom)(wf_catalog *cat, void *entry, const wf_node *v,
		       wf_error *err);

typedef struct field {
	const char *key;
	ftype type;
	wf_dim dim;
	size_t off;
	int required;
	frange range;
	fcustom custom;
} field;

/* A kind of catalog entry: its fields. */
typedef struct wf_kind_def {
	const field *fields;
	size_t nf;
	size_t size;         /* of the entry struct */
} wf_kind_def;

/* loader_keys.c: the field table of every kind (top-level key: wf_kind_name). */
extern const wf_kind_def wf_ld_kinds[WF_KIND_COUNT];

/* loader_planning.c: the planning kinds' tables (sizes checked by the
 * compiler against the definitions) and the pathway keys status and
 * accounting. */
#define WF_LD_REGIONAL_NF 17
#define WF_LD_WATER_NF 8
#define WF_LD_DEMAND_NF 10
extern const field wf_ld_regional_fields[WF_LD_REGIONAL_NF];
extern const field wf_ld_water_fields[WF_LD_WATER_NF];
extern const field wf_ld_demand_fields[WF_LD_DEMAND_NF];
int wf_ld_map_pathway_status(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err);
int wf_ld_map_pathway_accounting(wf_catalog *cat, void *entry, const wf_node *v,
				 wf_error *err);

/* loader.c: the field machinery the custom keys use. */
int wf_ld_expect_type(const wf_node *n, wf_node_type t, const char *key, wf_error *err);
int wf_ld_parse_int(wf_param *out, const wf_node *n, const char *key, long lo, long hi,
		    wf_error *err);
int wf_ld_value_in_range(const wf_value *v, frange r);
int wf_ld_in_range(double x, frange r);
const char *wf_ld_range_text(frange r);
int wf_ld_map_fields(wf_catalog *cat, void *entry, const field *fields, size_t nf,
		     const wf_node *map, const char *what, wf_error *err);

/* loader_measured.c: a workload's energy: and power_log: keys. */
int wf_ld_map_energy(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err);
int wf_ld_map_power_log(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err);

/* loader_embodied.c: the keys of embodied factors and of a node's host. */
int wf_ld_map_emb_component(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err);
int wf_ld_map_emb_boundary(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err);
int wf_ld_map_node_host(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err);
int wf_ld_check_embfactor(wf_embfactor *f, wf_error *err);

#endif

/*
 * scenario.h - a scenario file over a catalog, with --set overrides.
 */
#ifndef WF_SCENARIO_H
#define WF_SCENARIO_H

#include "catalog.h"

struct wf_scenario {
	wf_catalog *overlay;     /* the file's own entries, parent = base */
	int owns_overlay;        /* 0 when it is the caller's catalog */
	wf_arena arena;          /* overrides and the editable scenario tree */
	wf_node *root;           /* the scenario mapping */
	wf_node *wl_over;        /* --set workload.* over a catalog workload */
	const char *id;
	const char *file;
};

/* Reject keys of a mapping that are not in `allowed` (nearest suggested). */
int wf_check_keys(const wf_node *map, const char *const *allowed, size_t n,
		  const char *what, wf_error *err);

/* 1 when path[0..len) is a scenario path: dot-separated keys, none
 * empty, no '='. */
int wf_path_ok(const char *path, size_t len);

/* A name (a scenario id): a non-empty scalar without control characters
 * (a terminal would act on them when it is printed).  0, or WF_EINPUT at
 * the offending character. */
int wf_label_check(const wf_node *n, const char *key, const char *module, wf_error *err);

/* Checks resolution relies on but does not make itself, run before every
 * wf_plan_resolve (by result.c, sweep.c, shift.c; they belong in the
 * engine's resolve and move there when it is split): a campus's embodied
 * carbon needs an accelerator unless the figures are given (found by
 * fuzz_eval: the engine read the missing accelerator).  0 or WF_EINPUT at
 * the offending key. */
int wf_scenario_precheck(const struct wf_scenario *sc, wf_error *err);

/* A whole number lo..hi from scalar node n (samples, seed), or def when n
 * is NULL; errors name n's file:line:col under `module`. */
int wf_node_count(const wf_node *n, const char *key, long lo, long hi, long def,
		  long *out, const char *module, wf_error *err);

#endif

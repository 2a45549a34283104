/*
 * loader_embodied.c - the model-file keys of the embodied-carbon model:
 * the entries of embodied_factors: (a figure, its component, boundary,
 * method and source) and a host server's composition (a node's host:,
 * a scenario's embodied.host mapping).  loader.c applies the table.
 */
#include <stddef.h>
#include <string.h>

#include "error.h"
#include "loader_int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

int wf_ld_map_emb_component(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	wf_embfactor *f = entry;
	const char *names[WF_EC_COUNT];
	const char *near;
	int c;

	(void)cat;
	if (wf_ld_expect_type(v, WF_NODE_SCALAR, "component", err))
		return WF_EINPUT;
	if (wf_emb_comp_parse(&f->comp, v->text) == 0) {
		f->comp_set = 1;
		return 0;
	}
	for (c = 0; c < WF_EC_COUNT; c++)
		names[c] = wf_emb_comp_name((wf_emb_comp)c);
	near = wf_nearest(v->text, names, WF_EC_COUNT);
	return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
			    "component: unknown component \"%s\"%s%s%s (known: board, hbm, "
			    "board_rest, cpu, dram, ssd, server_rest, host, nic, building, "
			    "service_life)", v->text, near ? " (did you mean \"" : "",
			    near ? near : "", near ? "\"?)" : "");
}

int wf_ld_map_emb_boundary(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	(void)cat;
	if (wf_ld_expect_type(v, WF_NODE_SCALAR, "boundary", err))
		return WF_EINPUT;
	if (wf_boundary_parse(&((wf_embfactor *)entry)->boundary, v->text) == 0)
		return 0;
	return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
			    "boundary: expected cradle-to-gate, cradle-to-grave, "
			    "gate-to-gate or unstated, got \"%s\"", v->text);
}


/* After the keys: what the component needs (its value's dimension, an
 * accelerator for a board figure), and the defaults. */
int wf_ld_check_embfactor(wf_embfactor *f, wf_error *err)
{
	wf_dim want;
	int per_accel;

	if (!f->comp_set || f->boundary == WF_BOUND_UNSET)
		return wf_error_set(err, WF_EINPUT, "model", f->e.file, f->e.line, f->e.col,
				    "embodied factor \"%s\": missing required key \"%s\"",
				    f->e.id, f->comp_set ? "boundary" : "component");
	want = wf_emb_comp_dim(f->comp);
	if (f->value.v.dim != want)
		return wf_error_set(err, WF_EINPUT, "model", f->value.file, f->value.line,
				    f->value.col,
				    "value: a %s factor is %s (e.g. %s), got %s",
				    wf_emb_comp_name(f->comp), wf_dim_name(want),
				    want == WF_DIM_MASS ? "164 kgCO2e" :
				    want == WF_DIM_MASS_PER_DATA ? "1.65 kg/GB" :
				    want == WF_DIM_MASS_PER_POWER ? "180 t/MW" : "5 years",
				    wf_dim_name(f->value.v.dim));
	per_accel = wf_emb_comp_per_accel(f->comp);
	if (per_accel == 2 && !f->accel_id)
		return wf_error_set(err, WF_EINPUT, "model", f->e.file, f->e.line, f->e.col,
				    "embodied factor \"%s\": a %s figure needs accelerator "
				    "(the accelerator it is for)", f->e.id,
				    wf_emb_comp_name(f->comp));
	if (!per_accel && f->accel_id)
		return wf_error_set(err, WF_EINPUT, "model", f->e.file, f->e.line, f->e.col,
				    "embodied factor \"%s\": only board, board_rest, hbm "
				    "and host figures are per accelerator; %s is not", f->e.id,
				    wf_emb_comp_name(f->comp));
	if (f->comp == WF_EC_SERVICE_LIFE && f->lifetime.set)
		return wf_error_set(err, WF_EINPUT, "model", f->lifetime.file,
				    f->lifetime.line, f->lifetime.col,
				    "embodied factor \"%s\": a service_life factor is a "
				    "lifetime already; give it as value", f->e.id);
	if (!f->method)
		f->method = WF_EMB_METHOD_DEFAULT;
	return 0;
}

/* host: {cpus: N, dram: SIZE, ssd: SIZE, nics: N} - what a host server
 * holds besides its accelerators. */
int wf_host_map(wf_catalog *cat, wf_hostdef *h, const wf_node *v, wf_error *err)
{
	static const char *const keys[] = {"cpus", "dram", "ssd", "nics"};
	size_t i, k;
	int rc;

	if (wf_ld_expect_type(v, WF_NODE_MAP, "host", err))
		return WF_EINPUT;
	memset(h, 0, sizeof(*h));
	for (i = 0; i < v->n; i++) {
		const wf_node *key = wf_node_key(v, i), *val = wf_node_value(v, i);
		wf_param *p;
		for (k = 0; k < N(keys) && strcmp(key->text, keys[k]); k++)
			;
		if (k == N(keys)) {
			const char *near = wf_nearest(key->text, keys, N(keys));
			return wf_error_set(err, WF_EINPUT, "model", key->file, key->line,
					    key->col,
					    "host: unknown component \"%s\"%s%s%s (a host holds "
					    "cpus, dram, ssd, nics; the accelerators are the "
					    "node's)", key->text, near ? " (did you mean \"" : "",
					    near ? near : "", near ? "\"?)" : "");
		}
		p = k == 0 ? &h->cpus : k == 1 ? &h->dram : k == 2 ? &h->ssd : &h->nics;
		if (k == 0 || k == 3)
			rc = wf_ld_parse_int(p, val, key->text, 0, 100000, err);
		else
			rc = wf_param_parse(cat, p, val, WF_DIM_DATA, key->text, err);
		if (rc)
			return rc;
		if (!wf_ld_value_in_range(&p->v, R_NONNEG))
			return wf_error_set(err, WF_EINPUT, "model", val->file, val->line,
					    val->col, "%s: must be at least 0, got \"%s\"",
					    key->text, val->text);
	}
	h->set = 1;
	h->file = v->file;
	h->line = v->line;
	h->col = v->col;
	return 0;
}

int wf_ld_map_node_host(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	return wf_host_map(cat, &((wf_nodedef *)entry)->host, v, err);
}

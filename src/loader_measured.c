/*
 * loader_measured.c - the model-file keys of a measured workload:
 * energy: {value, scope} (what the measurement covers) and power_log:
 * FILE or {file, format, utc_offset, max_gap, gpus, column} (the log is
 * read when the scenario is resolved, measured.c).  loader_keys.c lists
 * them in the workload's field table; loader.c applies it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "loader_int.h"

/* Unknown keys of a small mapping, with the nearest known key suggested. */
static int known_keys(const wf_node *v, const char *const *keys, size_t nk, const char *what,
		      wf_error *err)
{
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		const wf_node *key = wf_node_key(v, i);
		const char *near;
		for (k = 0; k < nk && strcmp(key->text, keys[k]); k++)
			;
		if (k < nk)
			continue;
		near = wf_nearest(key->text, keys, nk);
		return wf_error_set(err, WF_EINPUT, "model", key->file, key->line, key->col,
				    "%s: unknown key \"%s\"%s%s%s", what, key->text,
				    near ? " (did you mean \"" : "", near ? near : "",
				    near ? "\"?)" : "");
	}
	return 0;
}

/* energy: {value: 131 MWh, scope: accelerators | it | facility}: what the
 * measurement covers decides what the engine adds (host share, PUE). */
int wf_ld_map_energy(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	static const char *const keys[] = {"value", "scope"};
	static const char *const scopes[] = {"accelerators", "it", "facility"};
	wf_workload *w = entry;
	const wf_node *vn, *sn;
	size_t i;
	int rc;

	if (v->type != WF_NODE_MAP)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "energy: expected {value: ENERGY, scope: accelerators | it "
				    "| facility}: what the measurement covers decides what is "
				    "added (the host share, PUE)");
	if ((rc = known_keys(v, keys, 2, "energy", err)))
		return rc;
	vn = wf_node_get(v, "value");
	sn = wf_node_get(v, "scope");
	if (!vn || !sn)
		return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
				    "energy: needs %s", !vn ? "value (e.g. 131 MWh)"
							    : "scope (accelerators, it or facility)");
	if ((rc = wf_param_parse(cat, &w->energy, vn, WF_DIM_ENERGY, "energy", err)))
		return rc;
	if (!wf_ld_value_in_range(&w->energy.v, R_POS))
		return wf_error_set(err, WF_EINPUT, "model", vn->file, vn->line, vn->col,
				    "energy: must be greater than 0, got \"%s\"", vn->text);
	for (i = 0; i < 3; i++)
		if (sn->type == WF_NODE_SCALAR && strcmp(sn->text, scopes[i]) == 0)
			w->energy_scope = (wf_escope)(WF_ESCOPE_ACCEL + i);
	if (!w->energy_scope)
		return wf_error_set(err, WF_EINPUT, "model", sn->file, sn->line, sn->col,
				    "scope: expected accelerators, it or facility, got \"%s\"",
				    sn->type == WF_NODE_SCALAR ? sn->text : "?");
	return 0;
}

/* utc_offset: "+01:00", "-0500", "Z" or 0. */
static int parse_offset(const wf_node *n, double *out, wf_error *err)
{
	const char *s = n->type == WF_NODE_SCALAR ? n->text : "";
	int h = 0, m = 0, k = 0, sign = 1;

	if (strcmp(s, "0") == 0 || strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
		*out = 0;
		return 0;
	}
	if (s[0] == '+' || s[0] == '-')
		sign = s[0] == '-' ? -1 : 1, k = 1;
	if (k && sscanf(s + 1, "%2d", &h) == 1 && strlen(s) >= 3 && s[1] >= '0' &&
	    s[2] >= '0' && s[1] <= '9' && s[2] <= '9' &&
	    (s[3] == '\0' || (s[3] == ':' && strlen(s) == 6 && sscanf(s + 4, "%2d", &m) == 1) ||
	     (strlen(s) == 5 && sscanf(s + 3, "%2d", &m) == 1)) &&
	    h <= 18 && m <= 59) {
		*out = sign * (h * 3600.0 + m * 60.0);
		return 0;
	}
	return wf_error_set(err, WF_EINPUT, "model", n->file, n->line, n->col,
			    "utc_offset: expected the log's local time minus UTC as +HH:MM or "
			    "-HH:MM (e.g. \"+01:00\"), or 0 for UTC; got \"%s\"", s);
}

/* power_log: FILE, or {file, format, utc_offset, max_gap, gpus, column}. */
int wf_ld_map_power_log(wf_catalog *cat, void *entry, const wf_node *v, wf_error *err)
{
	static const char *const keys[] = {"file", "format", "utc_offset", "max_gap", "gpus",
					   "column"};
	wf_workload *w = entry;
	wf_plog_spec *s = wf_arena_alloc(&cat->arena, sizeof *s);
	const wf_node *fn = v, *n;
	wf_param p;
	int rc;

	if (!s)
		return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0, "out of memory");
	memset(s, 0, sizeof *s);
	s->max_gap_s = NAN;
	if (v->type == WF_NODE_MAP) {
		if ((rc = known_keys(v, keys, 6, "power_log", err)))
			return rc;
		if (!(fn = wf_node_get(v, "file")))
			return wf_error_set(err, WF_EINPUT, "model", v->file, v->line, v->col,
					    "power_log: needs file (the log, relative to this "
					    "file)");
		if ((n = wf_node_get(v, "format"))) {
			static const char *const fmts[] = {"nvidia-smi", "dcgm", "codecarbon",
							   "plain"};
			int f;
			for (f = 0; f < 4; f++)
				if (n->type == WF_NODE_SCALAR && strcmp(n->text, fmts[f]) == 0)
					s->format = f + 1;
			if (!s->format)
				return wf_error_set(err, WF_EINPUT, "model", n->file, n->line,
						    n->col, "format: expected nvidia-smi, dcgm, "
						    "codecarbon or plain");
		}
		if ((n = wf_node_get(v, "utc_offset"))) {
			if ((rc = parse_offset(n, &s->utc_offset_s, err)))
				return rc;
			s->has_offset = 1;
		}
		if ((n = wf_node_get(v, "max_gap"))) {
			if ((rc = wf_param_parse(cat, &p, n, WF_DIM_TIME, "max_gap", err)))
				return rc;
			s->max_gap_s = wf_value_nominal(&p.v);
			if (p.v.kind != WF_DIST_FIXED || !(s->max_gap_s > 0))
				return wf_error_set(err, WF_EINPUT, "model", n->file, n->line,
						    n->col, "max_gap: expected one time above 0, "
						    "e.g. \"2 s\"");
		}
		if ((n = wf_node_get(v, "gpus"))) {
			if ((rc = wf_ld_parse_int(&p, n, "gpus", 1, 65536, err)))
				return rc;
			s->gpus = (int)p.v.p[0];
		}
		if ((n = wf_node_get(v, "column"))) {
			if (wf_ld_expect_type(n, WF_NODE_SCALAR, "column", err))
				return WF_EINPUT;
			s->column = n->text;
		}
	}
	if (wf_ld_expect_type(fn, WF_NODE_SCALAR, "power_log", err))
		return WF_EINPUT;
	{
		/* a --set value is a path as given, not beside a file */
		char *path = wf_series_path(&cat->arena,
					    strncmp(fn->file, "--set", 5) == 0 ? "" : fn->file,
					    fn->text);
		if (!path)
			return wf_error_set(err, WF_ENOMEM, "model", v->file, 0, 0,
					    "out of memory");
		s->path = path;
	}
	s->file = fn->file;
	s->line = fn->line;
	s->col = fn->col;
	w->power_log = s;
	return 0;
}

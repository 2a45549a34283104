/*
 * grid_mix.c - intensity from a generation mix, CI = Σ share_f EF_f (+
 * imports at their factors; docs/model.md, "Generation mix"), and what-if
 * shifts of the mix (grid.mix_shift).  Called by grid.c.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#include "series.h"

/* One fuel of a generation mix: its share and where the share came from. */
typedef struct mix_item {
	const char *fuel;
	double share;
	const wf_node *at;       /* scenario node, or NULL for a catalog mix */
} mix_item;

/* Apply grid.mix_shift: {from: FUEL, to: FUEL, points: 10%} (or a list of
 * them) to the mix, moving percentage points between two fuels. */
static int mix_shift(wf_rctx *c, const wf_node *sn, mix_item *m, size_t *n, size_t cap,
		     wf_strbuf *how)
{
	static const char *const keys[] = {"from", "to", "points"};
	size_t k, i, count = sn->type == WF_NODE_SEQ ? sn->n : 1;
	int rc;

	for (k = 0; k < count; k++) {
		const wf_node *e = sn->type == WF_NODE_SEQ ? sn->items[k] : sn;
		const wf_node *fn, *tn, *pn;
		wf_param pts;
		size_t fi = *n, ti = *n;
		double d;
		if (e->type != WF_NODE_MAP)
			return wf_r_err(c->err, e, "mix_shift: expected {from: FUEL, to: "
					    "FUEL, points: 10%%}%s%s", "", "");
		if ((rc = wf_check_keys(e, keys, 3, "mix_shift", c->err)))
			return rc;
		fn = wf_node_get(e, "from");
		tn = wf_node_get(e, "to");
		pn = wf_node_get(e, "points");
		if (!fn || !tn || !pn || fn->type != WF_NODE_SCALAR || tn->type != WF_NODE_SCALAR)
			return wf_r_err(c->err, e, "mix_shift: needs from, to and points%s%s",
					    "", "");
		if ((rc = wf_param_parse(c->scratch, &pts, pn, WF_DIM_NONE, "points", c->err)))
			return rc;
		d = wf_value_nominal(&pts.v);
		for (i = 0; i < *n; i++) {
			if (strcmp(m[i].fuel, fn->text) == 0)
				fi = i;
			if (strcmp(m[i].fuel, tn->text) == 0)
				ti = i;
		}
		if (fi == *n)
			return wf_r_err(c->err, fn, "mix_shift: from \"%s\" is not in the "
					    "mix%s", fn->text, "");
		if (ti == *n) { /* a fuel the mix did not have starts at 0 */
			if (*n == cap)
				return wf_r_err(c->err, tn, "mix_shift: too many fuels%s%s",
						    "", "");
			m[*n].fuel = tn->text;
			m[*n].share = 0;
			m[*n].at = tn;
			ti = (*n)++;
		}
		if (d < 0 || d > m[fi].share + 1e-12)
			return wf_error_set(c->err, WF_EINPUT, "scenario", pn->file, pn->line,
					    pn->col, "mix_shift: cannot move %.4g points from %s, "
					    "which has %.4g%%", d * 100, fn->text,
					    m[fi].share * 100);
		m[fi].share -= d;
		m[ti].share += d;
		wf_strbuf_printf(how, "; moved %.4g points from %s to %s (%s:%d:%d)", d * 100,
				 fn->text, tn->text, pn->file, pn->line, pn->col);
	}
	return 0;
}

enum { MIX_CAP = 64 };

/* The shares: the scenario's grid.mix, else the region's. */
static int mix_read(wf_rctx *c, const wf_node *mn, mix_item *m, size_t *n)
{
	const wf_grid *g = c->pl->region;
	size_t i;
	int rc;

	*n = 0;
	if (!mn) {
		for (i = 0; i < g->mix.n && *n < MIX_CAP; i++, (*n)++) {
			m[*n].fuel = g->mix.keys[i];
			m[*n].share = wf_value_nominal(&g->mix.vals[i].v);
			m[*n].at = NULL;
		}
		return 0;
	}
	if (mn->type != WF_NODE_MAP || mn->n == 0 || mn->n > MIX_CAP)
		return wf_r_err(c->err, mn, "mix: expected a map of fuel shares, e.g. {gas_ccgt: "
				"40%%, wind: 60%%}%s%s", "", "");
	for (i = 0; i < mn->n; i++, (*n)++) {
		const wf_node *kn = wf_node_key(mn, i), *vn = wf_node_value(mn, i);
		wf_param p;
		if ((rc = wf_param_parse(c->scratch, &p, vn, WF_DIM_NONE, kn->text, c->err)))
			return rc;
		m[*n].fuel = kn->text;
		m[*n].share = wf_value_nominal(&p.v);
		m[*n].at = vn;
		if (m[*n].share < 0 || m[*n].share > 1)
			return wf_r_err(c->err, vn, "mix: %s must be a share from 0 to 100%%, got "
					"\"%s\"", kn->text, vn->text);
	}
	return 0;
}

/* The factor set: grid.factors, else the region's own (for its own mix). */
static int mix_factors(wf_rctx *c, const wf_node *mn, const wf_node *fn,
		       const wf_factors **f)
{
	const wf_grid *g = c->pl->region;

	if (fn) {
		if (fn->type != WF_NODE_SCALAR ||
		    !(*f = wf_catalog_get(c->sc->overlay, WF_KIND_FACTORS, fn->text)))
			return wf_catalog_unknown(c->sc->overlay, WF_KIND_FACTORS,
						  fn->type == WF_NODE_SCALAR ? fn->text : "?",
						  "factors", fn->file, fn->line, fn->col, c->err);
		return 0;
	}
	if (!mn && g->factors) {
		*f = g->factors;
		return 0;
	}
	return wf_r_err(c->err, mn ? mn : c->sc->root, "mix: needs grid.factors, the factor "
			"set to weigh it with (`wattif list factors`)%s%s", "", "");
}

/* CI = Σ share_f EF_f, with the terms written out into *terms. */
static int mix_weigh(wf_rctx *c, const wf_factors *f, const mix_item *m, size_t n,
		     double *ci, wf_strbuf *terms)
{
	const wf_grid *g = c->pl->region;
	size_t i, k;

	*ci = 0;
	for (i = 0; i < n; i++) {
		const wf_fuelmap *fm = &f->values;
		const char *fuel = m[i].fuel;
		double ef = NAN;
		if (strncmp(fuel, "import_", 7) == 0) {
			fm = &f->imports;
			fuel += 7;
		}
		for (k = 0; k < fm->n; k++)
			if (strcmp(fm->keys[k], fuel) == 0)
				ef = wf_value_nominal(&fm->vals[k].v);
		if (isnan(ef)) {
			const wf_node *at = m[i].at;
			return wf_error_set(c->err, WF_ENOTFOUND, "scenario",
					    at ? at->file : g->e.file, at ? at->line : g->e.line,
					    at ? at->col : g->e.col,
					    "mix: factor set %s has no factor for \"%s\" (imports "
					    "are import_<grid id>)", f->e.id, m[i].fuel);
		}
		*ci += m[i].share * ef;
		if (m[i].share > 0)
			wf_strbuf_printf(terms, "%s%.4g%% %s x %.4g g/kWh", terms->len ? " + " : "",
					 m[i].share * 100, m[i].fuel, ef / WF_G_PER_KWH);
	}
	return 0;
}

/* Intensity from a generation mix, CI = Σ share_f EF_f (+ imports at their
 * factors; docs/model.md): the scenario's grid.mix, else the region's. */
int wf_grid_mix_resolve(wf_rctx *c, const wf_node *gn, const wf_node *bn, int *used)
{
	wf_plan *pl = c->pl;
	const wf_node *mn = gn ? wf_node_get(gn, "mix") : NULL;
	const wf_node *fn = gn ? wf_node_get(gn, "factors") : NULL;
	const wf_node *sn = gn ? wf_node_get(gn, "mix_shift") : NULL;
	const wf_grid *g = pl->region;
	const wf_factors *f = NULL;
	mix_item m[MIX_CAP];
	wf_strbuf how = {0}, terms = {0};
	const wf_node *at = mn ? mn : c->sc->root;
	size_t n = 0, i;
	double ci = 0, sum = 0;
	char *note;
	int rc = 0;

	*used = 0;
	if (!mn && !(g && g->mix.n)) {
		if (fn || sn)
			return wf_r_err(c->err, fn ? fn : sn, "%s: needs a generation mix (grid.mix, "
					"or a region with one)%s", fn ? "factors" : "mix_shift", "");
		return 0;
	}
	if ((rc = mix_read(c, mn, m, &n)) || (rc = mix_factors(c, mn, fn, &f)) ||
	    (sn && (rc = mix_shift(c, sn, m, &n, MIX_CAP, &how))))
		goto out;
	for (i = 0; i < n; i++)
		sum += m[i].share;
	if (fabs(sum - 1) > 0.005) {
		rc = wf_error_set(c->err, WF_EINPUT, "scenario", at->file, at->line, at->col,
				  "mix: shares sum to %.4g%%, expected 100%%", sum * 100);
		goto out;
	}
	if (bn && strcmp(bn->text, wf_basis_name(f->basis)) != 0) {
		rc = wf_error_set(c->err, WF_EINPUT, "scenario", bn->file, bn->line, bn->col,
				  "basis: the scenario asks for %s factors but factor set %s is %s",
				  bn->text, f->e.id, wf_basis_name(f->basis));
		goto out;
	}
	if ((rc = mix_weigh(c, f, m, n, &ci, &terms)))
		goto out;
	if (!(note = wf_arena_alloc(&c->scratch->arena, terms.len + how.len + 512))) {
		rc = wf_error_set(c->err, WF_ENOMEM, "scenario", NULL, 0, 0, "out of memory");
		goto out;
	}
	sprintf(note, "generation mix %s: %s (factor set %s, %s basis, %s:%d)%s",
		mn ? "(grid.mix)" : g->e.id, wf_strbuf_str(&terms), f->e.id,
		wf_basis_name(f->basis), f->e.file, f->e.line, wf_strbuf_str(&how));
	wf_r_fixed(&pl->in[P_CI], WF_DIM_INTENSITY, ci, note);
	wf_strbuf_printf(&pl->notes, "grid intensity from a generation mix weighed with the %s "
				     "factors (%s basis)\n", f->e.id, wf_basis_name(f->basis));
	pl->annual_ok = 1;
	pl->ci_kind = CI_MIX;
	pl->ci_basis = f->basis;
	pl->ci_label = "generation mix";
	*used = 1;
out:
	wf_strbuf_free(&terms);
	wf_strbuf_free(&how);
	return rc;
}

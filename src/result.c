/*
 * result.c - evaluating a scenario into a result: figures in the units
 * their names carry, the derivation, and the notes a reader must see.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

#include "error.h"
#include "overflow.h"
#include "output.h"
#include "quantity.h"
#include "result_int.h"
#include "uncertainty.h"

static void sensitivity_text(wf_strbuf *tr, const wf_result *r);

static void inputs_table(wf_strbuf *b, const wf_plan *pl, const double *x)
{
	int i;

	wf_strbuf_printf(b, "\ninputs (value; where it came from):\n");
	for (i = 0; i < P_COUNT_; i++) {
		char buf[64];
		if (!pl->in[i].set)
			continue;
		if (i == P_DEVICE_S)
			snprintf(buf, sizeof(buf), "%.10g h", x[i] / 3600);
		else
			wf_quantity_format(buf, sizeof(buf), x[i], wf_plan_input_dim(i), 7);
		wf_strbuf_printf(b, "  %-26s %-16s ", wf_plan_input_name(i), buf);
		wf_param_origin(b, &pl->in[i]);
		if (pl->in[i].v.kind != WF_DIST_FIXED)
			wf_strbuf_printf(b, " [a distribution; nominal value shown]");
		wf_strbuf_printf(b, "\n");
	}
}

static void explain_header(wf_strbuf *tr, const wf_scenario *sc, const wf_plan *pl)
{
	wf_strbuf_printf(tr, "scenario %s (%s)\n", sc->id, sc->file);
	if (pl->campus)
		wf_strbuf_printf(tr, "campus%s%s", pl->accel ? " of " : "",
				 pl->accel ? pl->accel->e.id : "");
	else
		wf_strbuf_printf(tr, "workload: %s on %s%s%s",
				 pl->wl.kind == WF_WL_TRAINING ? "training" : "inference",
				 pl->node ? pl->node->e.id : pl->accel->e.id,
				 pl->node ? " with " : "", pl->node ? pl->accel->e.id : "");
	if (pl->region)
		wf_strbuf_printf(tr, ", region %s", pl->region->e.id);
	if (pl->year)
		wf_strbuf_printf(tr, ", year %d", pl->year);
	wf_strbuf_printf(tr, "\n");
	wf_strbuf_printf(tr, "intensity basis: %s, grid average, location-based; %s%s%s",
			 pl->ci_basis == WF_BASIS_UNSET ? "not stated" : wf_basis_name(pl->ci_basis),
			 pl->ci_kind == CI_PROFILE ? "typical-year profile at " : "",
			 pl->ci_label ? pl->ci_label : "annual figure",
			 pl->ci_kind == CI_SERIES ? " over the job's window" : "");
	if (pl->data_year && pl->ci_kind != CI_EXPLICIT)
		wf_strbuf_printf(tr, " (figures of %d%s)", pl->data_year,
				 pl->level_held ? ", held" : "");
	wf_strbuf_printf(tr, "\n");
	if (pl->notes.len) {
		const char *p = wf_strbuf_str(&pl->notes);
		wf_strbuf_printf(tr, "notes:\n");
		while (*p) {
			size_t len = strcspn(p, "\n");
			wf_strbuf_printf(tr, "  - %.*s\n", (int)len, p);
			p += len + (p[len] ? 1 : 0);
		}
	}
	wf_strbuf_printf(tr, "\nderivation:\n");
}

typedef struct mc_job {
	const wf_plan *pl;
	unsigned long seed;
	size_t n, first, count;
	double *samples, *inputs;
	int rc;
	wf_error err;
} mc_job;

static void *mc_thread(void *arg)
{
	mc_job *j = arg;
	wf_mc *mc = NULL;
	size_t nu;

	wf_error_clear(&j->err);
	j->rc = wf_mc_new(&mc, j->pl, j->n, &j->err);
	if (j->rc == 0 && j->count > 0) {
		nu = wf_mc_n_uncertain(mc);
		j->rc = wf_mc_eval(mc, j->seed, j->first, j->count,
				   j->samples + j->first * WF_OUT_COUNT_,
				   j->inputs ? j->inputs + j->first * nu : NULL, &j->err);
	}
	wf_mc_free(mc);
	return NULL;
}

/* Sample the plan n times over `threads` threads, each with its own
 * workspace; how the samples are split does not change a single bit. */
static int monte_carlo(wf_result *r, const wf_plan *pl, long n, unsigned long seed,
		       int threads, int sensitivity, int keep, wf_error *err)
{
	enum { MAX_THREADS = 64 };
	int pins[P_COUNT_];
	size_t nu = wf_mc_uncertain(pins, pl), chunk;
	double *samples = malloc((size_t)n * WF_OUT_COUNT_ * sizeof(double));
	double *inputs = sensitivity && nu ? malloc((size_t)n * nu * sizeof(double)) : NULL;
	mc_job jobs[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	int started[MAX_THREADS] = {0};
	wf_summary sum[WF_OUT_COUNT_];
	int t, rc = 0, k;

	if (!samples || (sensitivity && nu && !inputs)) {
		rc = wf_error_set(err, WF_ENOMEM, "uncertainty", NULL, 0, 0,
				  "out of memory for %ld samples", n);
		goto done;
	}
	if (threads < 1)
		threads = 1;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	if ((long)threads > n)
		threads = (int)n;
	chunk = ((size_t)n + (size_t)threads - 1) / (size_t)threads;
	for (t = 0; t < threads; t++) {
		size_t first = (size_t)t * chunk;
		memset(&jobs[t], 0, sizeof(jobs[t]));
		jobs[t].pl = pl;
		jobs[t].seed = seed;
		jobs[t].n = (size_t)n;
		jobs[t].first = first < (size_t)n ? first : (size_t)n;
		jobs[t].count = first >= (size_t)n ? 0
			: ((size_t)n - first < chunk ? (size_t)n - first : chunk);
		jobs[t].samples = samples;
		jobs[t].inputs = inputs;
	}
	for (t = 1; t < threads; t++)
		started[t] = pthread_create(&tid[t], NULL, mc_thread, &jobs[t]) == 0;
	mc_thread(&jobs[0]);
	for (t = 1; t < threads; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			mc_thread(&jobs[t]); /* no thread to be had: do its share here */
	}
	for (t = 0; t < threads && rc == 0; t++)
		if (jobs[t].rc) {
			if (err && err->code == 0)
				*err = jobs[t].err;
			rc = jobs[t].rc;
		}
	if (rc || (rc = wf_mc_summarise(sum, samples, (size_t)n, err)))
		goto done;
	r->samples = n;
	if (keep) {
		size_t s, m = (size_t)n;
		r->kept = malloc(m * WF_OUT_COUNT_ * sizeof(double));
		if (!r->kept) {
			rc = wf_error_set(err, WF_ENOMEM, "uncertainty", NULL, 0, 0,
					  "out of memory keeping %ld samples", n);
			goto done;
		}
		for (k = 0; k < WF_OUT_COUNT_; k++)
			for (s = 0; s < m; s++)
				r->kept[(size_t)k * m + s] =
					samples[s * WF_OUT_COUNT_ + (size_t)k] * wf_output_scale(k);
	}
	for (k = 0; k < WF_OUT_COUNT_; k++) {
		double s = wf_output_scale(k);
		r->q_present[k] = sum[k].present;
		r->q[k].mean = sum[k].mean * s;
		r->q[k].sd = sum[k].sd * s;
		r->q[k].p05 = sum[k].p05 * s;
		r->q[k].p50 = sum[k].p50 * s;
		r->q[k].p95 = sum[k].p95 * s;
	}
	if (sensitivity && nu >= 1) {
		size_t ns = 0;
		r->sens = calloc(P_COUNT_, sizeof(*r->sens));
		if (!r->sens) {
			rc = wf_error_set(err, WF_ENOMEM, "uncertainty", NULL, 0, 0,
					  "out of memory");
			goto done;
		}
		if ((rc = wf_mc_sensitivity(r->sens, &ns, pl, inputs, samples, (size_t)n, err)))
			goto done;
		r->n_sens = ns;
	}
done:
	free(samples);
	free(inputs);
	return rc;
}

int wf_run_options_check(const wf_run_options *o, wf_error *err)
{
	if (o->version != WF_RUN_OPTIONS_VERSION)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_run_options.version is %u, this library knows %d",
				    o->version, WF_RUN_OPTIONS_VERSION);
	if (o->samples < 0 || o->samples > 100000000L)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "samples: expected 0 to 100000000, got %ld", o->samples);
	if (o->threads < 0 || o->threads > 64)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "threads: expected 0 to 64, got %d", o->threads);
	return 0;
}

WF_API int wf_scenario_run(wf_result **out, const wf_scenario *sc,
			   const wf_run_options *opt, wf_error *err)
{
	return wf_scenario_run_at(out, sc, 0, NULL, opt, err);
}

/* The run's figures into r: outputs in the units their names carry, the
 * bases side by side, and a campus year's hardware and building. */
static void take_figures(wf_result *r, const wf_plan *pl, const double *x, const wf_outputs *o)
{
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++) {
		r->present[i] = o->present[i];
		r->v[i] = o->present[i] ? o->v[i] * wf_output_scale(i) : NAN;
	}
	r->bases.location_kg = o->v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	r->bases.location_g_per_kwh = o->v[WF_OUT_INTENSITY_G_PER_KWH] * 3.6e9;
	r->bases.market_kg = o->v[WF_OUT_EMISSIONS_MARKET_KG];
	r->bases.market_g_per_kwh = o->market_ci * 3.6e9;
	r->bases.market_declared = pl->market_mode != MK_SAME;
	r->bases.marginal_kg = o->marginal_kg;
	r->bases.marginal_g_per_kwh = pl->in[P_CI_MARGINAL].set ? x[P_CI_MARGINAL] * 3.6e9 : NAN;
	r->demand_share = pl->campus && isfinite(pl->region_demand_j)
		? o->v[WF_OUT_ENERGY_FACILITY_KWH] / pl->region_demand_j : NAN;
	r->year = pl->year;
	r->devices = NAN;
	r->emb_board_kg = r->emb_host_kg = r->emb_net_kg = NAN;
	r->lifetime_s = NAN;
	r->capacity_w = pl->campus ? x[P_CAPACITY] * x[P_ONLINE] : NAN;
	r->building_kg_per_w = 0;
	if (pl->embodied)
		snprintf(r->emb_scope, sizeof r->emb_scope, "%s", pl->emb_scope);
	if (pl->campus && pl->embodied) {
		wf_emb_unit u;
		wf_embodied_unit(pl, x, &u);
		r->building_kg_per_w = u.building_kg_per_w;
		if (pl->devices_known) {
			/* hardware bought for the year: devices x (board + shares of
			 * a host and its network) */
			r->devices = x[P_CAPACITY] * x[P_ONLINE] / (x[P_TDP] + x[P_HOST_POWER]);
			r->emb_board_kg = u.board_kg;
			r->emb_host_kg = pl->emb_host != EH_NONE ? u.host_kg / x[P_PER_NODE] : 0;
			r->emb_net_kg = pl->emb_net != EH_NONE ? u.net_kg / x[P_PER_NODE] : 0;
			r->lifetime_s = x[P_LIFE_DEV];
		}
	}
}

int wf_scenario_run_at(wf_result **out, const wf_scenario *sc, int year,
		       const wf_grid *region, const wf_run_options *opt, wf_error *err)
{
	static const wf_run_options defaults = WF_RUN_OPTIONS_INIT;
	wf_plan pl;
	wf_outputs o;
	wf_strbuf tr = {0};
	double x[P_COUNT_];
	wf_result *r = NULL;
	wf_error e;
	long samples, seed;
	int rc;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_run: NULL argument");
	*out = NULL;
	if (!opt)
		opt = &defaults;
	if ((rc = wf_run_options_check(opt, err)))
		return rc;
	memset(&pl, 0, sizeof pl);
	rc = wf_plan_resolve_at(&pl, sc, year, region, err);
	if (rc)
		goto cleanup;
	if ((rc = wf_node_count(wf_node_get(sc->root, "samples"), "samples", 0, 100000000L,
				0, &samples, "scenario", err)) ||
	    (rc = wf_node_count(wf_node_get(sc->root, "seed"), "seed", 0, 2147483647L, 1,
				&seed, "scenario", err)))
		goto cleanup;
	if (opt->samples)
		samples = opt->samples;
	if (opt->seed)
		seed = (long)opt->seed;
	wf_plan_nominal(&pl, x);
	if (opt->explain)
		explain_header(&tr, sc, &pl);
	wf_error_clear(&e);
	if ((rc = wf_plan_evaluate(&pl, x, &o, opt->explain ? &tr : NULL, &e))) {
		rc = wf_plan_overflow(&pl, x, rc, &e, err);
		goto cleanup;
	}
	if (opt->explain)
		inputs_table(&tr, &pl, x);
	r = calloc(1, sizeof(*r));
	if (!r || tr.failed || pl.notes.failed) {
		rc = wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	take_figures(r, &pl, x, &o);
	{
		int pins[P_COUNT_];
		r->n_uncertain = wf_mc_uncertain(pins, &pl);
	}
	if (samples > 1 &&
	    (rc = monte_carlo(r, &pl, samples, (unsigned long)seed, opt->threads,
			      opt->sensitivity, opt->keep_samples, err)))
		goto cleanup;
	if (opt->explain && r->n_sens)
		sensitivity_text(&tr, r);
	if ((rc = wf_plan_periods(&pl, x, &o, &r->periods, &r->n_periods, err)))
		goto cleanup;
	if (o.present[WF_OUT_INTENSITY_G_PER_KWH] &&
	    r->v[WF_OUT_INTENSITY_G_PER_KWH] < 0.05)
		wf_strbuf_printf(&pl.notes, "grid intensity %.3g g/kWh prints as 0.0 at one "
				 "decimal: it is not zero (from %s; `wattif explain` shows "
				 "the data)\n", r->v[WF_OUT_INTENSITY_G_PER_KWH],
				 pl.data_grid ? pl.data_grid->e.id : "the scenario's figures");
	if ((rc = wf_result__take_intensity(r, &pl)) || wf_provenance_build(r, &pl, x, &o)) {
		rc = wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	r->explain = strdup(wf_strbuf_str(&tr));
	r->notes = strdup(wf_strbuf_str(&pl.notes));
	r->unit = strdup(pl.unit ? pl.unit : "run");
	if (!r->explain || !r->notes || !r->unit) {
		rc = wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	*out = r;
	r = NULL;
cleanup:
	wf_result_free(r);
	wf_strbuf_free(&tr);
	wf_plan_release(&pl);
	return rc;
}

WF_API int wf_scenario_evaluate(wf_result **out, const wf_scenario *sc, wf_error *err)
{
	wf_run_options o = WF_RUN_OPTIONS_INIT;

	o.samples = 1; /* deterministic, whatever the scenario asks */
	return wf_scenario_run(out, sc, &o, err);
}

WF_API long wf_result_samples(const wf_result *r)
{
	return r ? r->samples : 0;
}

WF_API int wf_result_quantiles(const wf_result *r, int i, wf_quantiles *out)
{
	if (!r || i < 0 || i >= WF_OUT_COUNT_ || r->samples < 2 || !r->q_present[i])
		return WF_ENOTFOUND;
	*out = r->q[i];
	return 0;
}

WF_API size_t wf_result_uncertain_count(const wf_result *r)
{
	return r ? r->n_uncertain : 0;
}

WF_API size_t wf_result_sensitivity_count(const wf_result *r)
{
	return r ? r->n_sens : 0;
}

/* The k-th entry of r->sens ranked by share for output i (ties by pin). */
static const wf_sens *ranked(const wf_result *r, int i, size_t k)
{
	size_t a, b, rank;

	for (a = 0; a < r->n_sens; a++) {
		rank = 0;
		for (b = 0; b < r->n_sens; b++)
			if (r->sens[b].share[i] > r->sens[a].share[i] ||
			    (r->sens[b].share[i] == r->sens[a].share[i] && b < a))
				rank++;
		if (rank == k)
			return &r->sens[a];
	}
	return NULL;
}

WF_API int wf_result_sensitivity(const wf_result *r, int i, size_t k,
				 const char **input, double *rho, double *share)
{
	const wf_sens *s;

	if (!r || i < 0 || i >= WF_OUT_COUNT_ || k >= r->n_sens || !r->present[i])
		return WF_ENOTFOUND;
	s = ranked(r, i, k);
	if (!s || isnan(s->share[i]))
		return WF_ENOTFOUND;
	if (input)
		*input = wf_plan_input_name(s->pin);
	if (rho)
		*rho = s->rho[i];
	if (share)
		*share = s->share[i];
	return 0;
}

static void sensitivity_text(wf_strbuf *tr, const wf_result *r)
{
	static const int shown[] = {WF_OUT_ENERGY_FACILITY_KWH, WF_OUT_EMISSIONS_TOTAL_KG};
	size_t j, k;

	wf_strbuf_printf(tr, "\nsensitivity (%ld samples; Spearman rank correlation, "
			     "share = rho^2 normalised):\n", r->samples);
	for (j = 0; j < sizeof shown / sizeof *shown; j++) {
		wf_strbuf_printf(tr, "  %s:\n", wf_output_name(shown[j]));
		for (k = 0; k < r->n_sens; k++) {
			const char *in;
			double rho, share;
			if (wf_result_sensitivity(r, shown[j], k, &in, &rho, &share))
				continue;
			wf_strbuf_printf(tr, "    %-26s rho %+.3f  share %5.1f%%\n", in, rho,
					 100 * share);
		}
	}
}

WF_API int wf_result_get(const wf_result *r, int i, double *out)
{
	if (!r || i < 0 || i >= WF_OUT_COUNT_ || !r->present[i]) {
		if (out)
			*out = NAN;
		return WF_ENOTFOUND;
	}
	*out = r->v[i];
	return 0;
}

WF_API int wf_result_get_by_name(const wf_result *r, const char *name, double *out)
{
	int i;

	for (i = 0; i < WF_OUT_COUNT_; i++)
		if (name && strcmp(name, wf_output_name(i)) == 0)
			return wf_result_get(r, i, out);
	if (out)
		*out = NAN;
	return WF_ENOTFOUND;
}

WF_API const char *wf_result_unit(const wf_result *r)
{
	return r ? r->unit : "";
}

WF_API const char *wf_result_embodied_scope(const wf_result *r)
{
	return r ? r->emb_scope : "";
}

WF_API const char *wf_result_explain(const wf_result *r)
{
	return r ? r->explain : "";
}

static const char *const ci_sources[] = {
	[CI_NONE] = "annual", [CI_EXPLICIT] = "explicit", [CI_ANNUAL] = "annual",
	[CI_PATHWAY] = "pathway", [CI_MIX] = "mix", [CI_SERIES] = "series",
	[CI_PROFILE] = "profile",
};

void wf_result__plan_intensity(const wf_plan *pl, wf_intensity_info *c)
{
	c->region = pl->region && pl->ci_kind != CI_EXPLICIT ? pl->region->e.id : "";
	c->basis = pl->ci_basis == WF_BASIS_UNSET ? "" : wf_basis_name(pl->ci_basis);
	c->method = "average";
	c->accounting = "location";
	c->source = ci_sources[pl->ci_kind];
	c->year = pl->ci_kind == CI_EXPLICIT ? 0 : pl->data_year;
	c->held = pl->level_held;
	c->label = pl->ci_label ? pl->ci_label : "";
	c->profile = pl->ci_kind == CI_PROFILE && pl->profile_label ? pl->profile_label : "";
}

int wf_result__take_intensity(struct wf_result *r, const wf_plan *pl)
{
	wf_intensity_info *c = &r->ci;

	wf_result__plan_intensity(pl, c);
	r->ci_region = strdup(c->region);
	r->ci_label = strdup(c->label);
	r->ci_profile = strdup(c->profile);
	if (!r->ci_region || !r->ci_label || !r->ci_profile)
		return WF_ENOMEM;
	c->region = r->ci_region;
	c->label = r->ci_label;
	c->profile = r->ci_profile;
	return 0;
}

WF_API int wf_result_intensity(const wf_result *r, wf_intensity_info *out)
{
	if (!r || !out)
		return WF_EINPUT;
	*out = r->ci;
	if (!out->source) {
		static const wf_intensity_info none = {"", "", "average", "location", "explicit",
						       0, 0, "", ""};
		*out = none;
	}
	return 0;
}

WF_API const char *wf_result_notes(const wf_result *r)
{
	return r ? r->notes : "";
}

WF_API int wf_result_sample_values(const wf_result *r, int i,
				   const double **values, size_t *n)
{
	if (!r || !r->kept || i < 0 || i >= WF_OUT_COUNT_ || !r->q_present[i])
		return WF_ENOTFOUND;
	*values = r->kept + (size_t)i * (size_t)r->samples;
	*n = (size_t)r->samples;
	return 0;
}

WF_API int wf_result_bases(const wf_result *r, wf_bases *out)
{
	if (!r || !out)
		return WF_EINPUT;
	*out = r->bases;
	return 0;
}

WF_API size_t wf_result_period_count(const wf_result *r)
{
	return r ? r->n_periods : 0;
}

WF_API int wf_result_period(const wf_result *r, size_t k, wf_period *out)
{
	if (!r || k >= r->n_periods)
		return WF_ENOTFOUND;
	*out = r->periods[k];
	return 0;
}

WF_API void wf_result_free(wf_result *r)
{
	if (!r)
		return;
	free(r->sens);
	free(r->kept);
	free(r->periods);
	free(r->prov_buf);
	free(r->explain);
	free(r->notes);
	free(r->ci_region);
	free(r->ci_label);
	free(r->ci_profile);
	free(r->unit);
	free(r);
}


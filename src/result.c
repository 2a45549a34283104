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

#include "engine.h"
#include "error.h"
#include "overflow.h"
#include "quantity.h"
#include "scenario.h"
#include "uncertainty.h"

struct wf_result {
	double v[WF_OUT_COUNT_];     /* in output units (kWh, kg, ...) */
	int present[WF_OUT_COUNT_];
	long samples;                /* Monte Carlo samples, 0 if none */
	wf_quantiles q[WF_OUT_COUNT_];
	int q_present[WF_OUT_COUNT_];
	wf_sens *sens;               /* n_sens uncertain inputs, by pin */
	size_t n_sens;
	char *explain;
	char *notes;
	char *unit;
	double *kept;                /* samples x outputs, by output, when kept */
	wf_bases bases;
	double demand_share;         /* campus: facility energy / region demand */
	int year;                    /* the year the figures are for (0: none) */
	double devices;              /* campus: devices online (NAN: unknown) */
	double emb_per_device_kg;    /* campus: embodied per device incl. host */
	double lifetime_s;           /* campus: hardware refresh cycle */
	wf_period *periods;          /* the window's periods, when it varied */
	size_t n_periods;
};

static void sensitivity_text(wf_strbuf *tr, const wf_result *r);

/* SI -> the unit in the output's name. */
static const double out_scale[WF_OUT_COUNT_] = {
	[WF_OUT_DURATION_H] = 1 / 3600.0,
	[WF_OUT_DEVICE_HOURS] = 1 / 3600.0,
	[WF_OUT_IT_POWER_KW] = 1e-3,
	[WF_OUT_PEAK_POWER_KW] = 1e-3,
	[WF_OUT_ENERGY_IT_KWH] = 1 / 3.6e6,
	[WF_OUT_ENERGY_FACILITY_KWH] = 1 / 3.6e6,
	[WF_OUT_INTENSITY_G_PER_KWH] = 3.6e9,
	[WF_OUT_EMISSIONS_OPERATIONAL_KG] = 1,
	[WF_OUT_EMISSIONS_MARKET_KG] = 1,
	[WF_OUT_EMISSIONS_EMBODIED_KG] = 1,
	[WF_OUT_EMISSIONS_TOTAL_KG] = 1,
	[WF_OUT_WATER_L] = 1,
	[WF_OUT_SCI_G_PER_UNIT] = 1e3,
};

static void inputs_table(wf_strbuf *b, const wf_plan *pl, const double *x)
{
	static const wf_dim dims[P_COUNT_] = {
		[P_DEVICE_S] = WF_DIM_TIME, [P_WALL_S] = WF_DIM_TIME,
		[P_POWER_DEV] = WF_DIM_POWER, [P_TDP] = WF_DIM_POWER,
		[P_IDLE] = WF_DIM_POWER, [P_NODE_RATED] = WF_DIM_POWER,
		[P_HOST_POWER] = WF_DIM_POWER, [P_HOST_MEM] = WF_DIM_DATA,
		[P_MEM_POWER] = WF_DIM_POWER_PER_DATA, [P_FLOPS] = WF_DIM_COMPUTE,
		[P_PEAK] = WF_DIM_COMPUTE_RATE, [P_REQ_RATE] = WF_DIM_RATE,
		[P_THROUGHPUT] = WF_DIM_RATE, [P_E_TOKEN] = WF_DIM_ENERGY,
		[P_E_REQ] = WF_DIM_ENERGY, [P_WUE] = WF_DIM_WATER_INTENSITY,
		[P_EWIF] = WF_DIM_WATER_INTENSITY, [P_CI] = WF_DIM_INTENSITY,
		[P_CI_MARKET] = WF_DIM_INTENSITY, [P_CI_CONTRACT] = WF_DIM_INTENSITY,
		[P_CI_RESIDUAL] = WF_DIM_INTENSITY, [P_EMB_DEV] = WF_DIM_MASS,
		[P_LIFE_DEV] = WF_DIM_TIME, [P_EMB_HOST] = WF_DIM_MASS,
		[P_LIFE_HOST] = WF_DIM_TIME};
	int i;

	wf_strbuf_printf(b, "\ninputs (value; where it came from):\n");
	for (i = 0; i < P_COUNT_; i++) {
		char buf[64];
		if (!pl->in[i].set)
			continue;
		if (i == P_DEVICE_S)
			snprintf(buf, sizeof(buf), "%.10g h", x[i] / 3600);
		else
			wf_quantity_format(buf, sizeof(buf), x[i], dims[i], 7);
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
					samples[s * WF_OUT_COUNT_ + (size_t)k] * out_scale[k];
	}
	for (k = 0; k < WF_OUT_COUNT_; k++) {
		double s = out_scale[k];
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

static int check_options(const wf_run_options *o, wf_error *err)
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

static int run_at(wf_result **out, const wf_scenario *sc, int year,
		  const wf_grid *region, const wf_run_options *opt, wf_error *err);

WF_API int wf_scenario_run(wf_result **out, const wf_scenario *sc,
			   const wf_run_options *opt, wf_error *err)
{
	return run_at(out, sc, 0, NULL, opt, err);
}

/* Run the scenario, at `year` when > 0 (projections), in `region` when not
 * NULL (siting). */
static int run_at(wf_result **out, const wf_scenario *sc, int year,
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
	int rc, i;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_run: NULL argument");
	*out = NULL;
	if (!opt)
		opt = &defaults;
	if ((rc = check_options(opt, err)))
		return rc;
	memset(&pl, 0, sizeof pl);
	rc = wf_scenario_precheck(sc, err);
	if (rc == 0)
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
	for (i = 0; i < WF_OUT_COUNT_; i++) {
		r->present[i] = o.present[i];
		r->v[i] = o.present[i] ? o.v[i] * out_scale[i] : NAN;
	}
	r->bases.location_kg = o.v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	r->bases.location_g_per_kwh = o.v[WF_OUT_INTENSITY_G_PER_KWH] * 3.6e9;
	r->bases.market_kg = o.v[WF_OUT_EMISSIONS_MARKET_KG];
	r->bases.market_g_per_kwh = o.market_ci * 3.6e9;
	r->bases.market_declared = pl.market_mode != MK_SAME;
	r->bases.marginal_kg = o.marginal_kg;
	r->bases.marginal_g_per_kwh = pl.in[P_CI_MARGINAL].set ? x[P_CI_MARGINAL] * 3.6e9 : NAN;
	r->demand_share = pl.campus && isfinite(pl.region_demand_j)
		? o.v[WF_OUT_ENERGY_FACILITY_KWH] / pl.region_demand_j : NAN;
	r->year = pl.year;
	r->devices = NAN;
	r->emb_per_device_kg = NAN;
	r->lifetime_s = NAN;
	if (pl.campus && pl.devices_known && pl.embodied) {
		/* hardware bought for the year: devices x (device + host share) */
		r->devices = x[P_CAPACITY] * x[P_ONLINE] / (x[P_TDP] + x[P_HOST_POWER]);
		r->emb_per_device_kg = x[P_EMB_DEV] +
			(pl.in[P_EMB_HOST].set ? x[P_EMB_HOST] / x[P_PER_NODE] : 0);
		r->lifetime_s = x[P_LIFE_DEV];
	}
	if (samples > 1 &&
	    (rc = monte_carlo(r, &pl, samples, (unsigned long)seed, opt->threads,
			      opt->sensitivity, opt->keep_samples, err)))
		goto cleanup;
	if (opt->explain && r->n_sens)
		sensitivity_text(&tr, r);
	if ((rc = wf_plan_periods(&pl, x, &o, &r->periods, &r->n_periods, err)))
		goto cleanup;
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

WF_API const char *wf_result_explain(const wf_result *r)
{
	return r ? r->explain : "";
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
	free(r->explain);
	free(r->notes);
	free(r->unit);
	free(r);
}

static const wf_dim out_dim[WF_OUT_COUNT_] = {
	[WF_OUT_DURATION_H] = WF_DIM_TIME,
	[WF_OUT_DEVICE_HOURS] = WF_DIM_TIME,
	[WF_OUT_IT_POWER_KW] = WF_DIM_POWER,
	[WF_OUT_PEAK_POWER_KW] = WF_DIM_POWER,
	[WF_OUT_ENERGY_IT_KWH] = WF_DIM_ENERGY,
	[WF_OUT_ENERGY_FACILITY_KWH] = WF_DIM_ENERGY,
	[WF_OUT_INTENSITY_G_PER_KWH] = WF_DIM_INTENSITY,
	[WF_OUT_EMISSIONS_OPERATIONAL_KG] = WF_DIM_MASS,
	[WF_OUT_EMISSIONS_MARKET_KG] = WF_DIM_MASS,
	[WF_OUT_EMISSIONS_EMBODIED_KG] = WF_DIM_MASS,
	[WF_OUT_EMISSIONS_TOTAL_KG] = WF_DIM_MASS,
	[WF_OUT_WATER_L] = WF_DIM_VOLUME,
	[WF_OUT_SCI_G_PER_UNIT] = WF_DIM_MASS,
};

WF_API char *wf_output_format(char *buf, size_t size, int i, double value)
{
	if (i < 0 || i >= WF_OUT_COUNT_ || !isfinite(value)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (i == WF_OUT_DEVICE_HOURS) {
		snprintf(buf, size, "%.7g h", value);
		return buf;
	}
	return wf_quantity_format(buf, size, value / out_scale[i], out_dim[i], 4);
}

WF_API char *wf_format_quantity(char *buf, size_t size, double si, wf_dim dim, int sig)
{
	return wf_quantity_format(buf, size, si, dim, sig);
}

/* ------------------------------------------------------------ projections */

struct wf_projection {
	size_t n;
	int *years;
	wf_result **rows;
};

/* years: {from: A, to: B} (inclusive), or the scenario's year. */
static int projection_years(const wf_scenario *sc, int *from, int *to, wf_error *err)
{
	const wf_node *yn = wf_node_get(sc->root, "years");
	const wf_node *fn, *tn;
	char *end;
	long a, b;

	if (!yn)
		return wf_error_set(err, WF_EINPUT, "scenario", sc->file, 0, 0,
				    "a projection needs years: {from: YEAR, to: YEAR}");
	fn = yn->type == WF_NODE_MAP ? wf_node_get(yn, "from") : NULL;
	tn = yn->type == WF_NODE_MAP ? wf_node_get(yn, "to") : NULL;
	if (!fn || !tn || fn->type != WF_NODE_SCALAR || tn->type != WF_NODE_SCALAR ||
	    yn->n != 2)
		return wf_error_set(err, WF_EINPUT, "scenario", yn->file, yn->line, yn->col,
				    "years: expected {from: YEAR, to: YEAR}");
	a = strtol(fn->text, &end, 10);
	if (*end || end == fn->text || a < 1900 || a > 2200)
		return wf_error_set(err, WF_EINPUT, "scenario", fn->file, fn->line, fn->col,
				    "years.from: expected a year from 1900 to 2200, got \"%s\"",
				    fn->text);
	b = strtol(tn->text, &end, 10);
	if (*end || end == tn->text || b < a || b > a + 200)
		return wf_error_set(err, WF_EINPUT, "scenario", tn->file, tn->line, tn->col,
				    "years.to: expected a year from %ld to %ld, got \"%s\"", a,
				    a + 200, tn->text);
	*from = (int)a;
	*to = (int)b;
	return 0;
}

static int project_at(wf_projection **out, const wf_scenario *sc, const wf_grid *region,
		      const wf_run_options *opt, wf_error *err);

WF_API int wf_scenario_project(wf_projection **out, const wf_scenario *sc,
			       const wf_run_options *opt, wf_error *err)
{
	return project_at(out, sc, NULL, opt, err);
}

static int project_at(wf_projection **out, const wf_scenario *sc, const wf_grid *region,
		      const wf_run_options *opt, wf_error *err)
{
	static const wf_run_options defaults = WF_RUN_OPTIONS_INIT;
	wf_run_options o = opt ? *opt : defaults;
	wf_projection *p;
	int from = 0, to = 0, y, rc;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_project: NULL argument");
	*out = NULL;
	if ((rc = check_options(&o, err)) || (rc = projection_years(sc, &from, &to, err)))
		return rc;
	/* each year keeps its samples so lifetime totals get quantiles: sample
	 * k draws the same values of each input in every year (the streams are
	 * keyed by sample and input), so an uncertain input is one unknown over
	 * the whole span */
	o.keep_samples = 1;
	if (wf_node_get(sc->root, "year") || wf_node_get(sc->root, "start"))
		return wf_error_set(err, WF_EINPUT, "scenario", sc->file, 0, 0,
				    "give years: {from, to} or a single year/start, not both");
	if (!(p = calloc(1, sizeof(*p))) ||
	    !(p->years = calloc((size_t)(to - from + 1), sizeof(int))) ||
	    !(p->rows = calloc((size_t)(to - from + 1), sizeof(wf_result *)))) {
		wf_projection_free(p);
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	}
	for (y = from; y <= to; y++) {
		if ((rc = run_at(&p->rows[p->n], sc, y, region, &o, err))) {
			wf_projection_free(p);
			return rc;
		}
		p->years[p->n++] = y;
	}
	*out = p;
	return 0;
}

WF_API size_t wf_projection_count(const wf_projection *p)
{
	return p ? p->n : 0;
}

WF_API const wf_result *wf_projection_row(const wf_projection *p, size_t k, int *year)
{
	if (!p || k >= p->n)
		return NULL;
	if (year)
		*year = p->years[k];
	return p->rows[k];
}

WF_API int wf_projection_total(const wf_projection *p, int i, double *out)
{
	double sum = 0, e = 0, c = 0, t = 0, mx = 0;
	size_t k;
	int any = 0;

	*out = NAN;
	if (!p || i < 0 || i >= WF_OUT_COUNT_ || p->n == 0)
		return WF_ENOTFOUND;
	for (k = 0; k < p->n; k++) {
		const wf_result *r = p->rows[k];
		if (!r->present[i])
			continue;
		any = 1;
		sum += r->v[i];
		mx = fmax(mx, r->v[i]);
		e += r->v[WF_OUT_ENERGY_FACILITY_KWH];
		c += r->v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
		t += r->v[WF_OUT_DURATION_H];
	}
	if (!any)
		return WF_ENOTFOUND;
	switch (i) {
	case WF_OUT_PEAK_POWER_KW:
		*out = mx;              /* the connection must carry the largest year */
		break;
	case WF_OUT_INTENSITY_G_PER_KWH:
		*out = e > 0 ? c / e * 1000 : NAN; /* facility-energy weighted */
		break;
	case WF_OUT_IT_POWER_KW: {
		double eit = 0;
		for (k = 0; k < p->n; k++)
			eit += p->rows[k]->v[WF_OUT_ENERGY_IT_KWH];
		*out = t > 0 ? eit / t : NAN;
		break;
	}
	case WF_OUT_SCI_G_PER_UNIT:
		*out = sum / (double)p->n; /* per year, averaged over the span */
		break;
	default:
		*out = sum;
	}
	return isfinite(*out) ? 0 : WF_ENOTFOUND;
}

/* Hardware generations: the refresh cycle cuts the span into blocks of
 * whole years from the first year with devices; each generation buys the
 * most devices any of its years has online. */
WF_API size_t wf_projection_generations(const wf_projection *p, wf_generation *out,
					size_t max)
{
	size_t k, n = 0;
	int start = 0, cycle_years = 0;

	if (!p)
		return 0;
	for (k = 0; k < p->n; k++) {
		const wf_result *r = p->rows[k];
		wf_generation *g;
		if (!isfinite(r->devices) || !(r->devices > 0))
			continue;
		if (!cycle_years) {
			cycle_years = (int)floor(r->lifetime_s / (365.25 * 86400.0) + 0.5);
			if (cycle_years < 1)
				cycle_years = 1;
			start = p->years[k];
		}
		if (n == 0 || p->years[k] >= start + (int)n * cycle_years) {
			if (n < max) {
				g = &out[n];
				g->first_year = start + (int)n * cycle_years;
				g->last_year = g->first_year + cycle_years - 1;
				if (g->last_year > p->years[p->n - 1])
					g->last_year = p->years[p->n - 1];
				g->devices = 0;
				g->embodied_kg = 0;
			}
			n++;
		}
		if (n <= max) {
			g = &out[n - 1];
			if (r->devices > g->devices) {
				g->devices = r->devices;
				g->embodied_kg = r->devices * r->emb_per_device_kg;
			}
		}
	}
	return n;
}

WF_API int wf_projection_quantiles(const wf_projection *p, int i, wf_quantiles *q)
{
	static const int additive[] = {
		WF_OUT_DEVICE_HOURS, WF_OUT_ENERGY_IT_KWH, WF_OUT_ENERGY_FACILITY_KWH,
		WF_OUT_EMISSIONS_OPERATIONAL_KG, WF_OUT_EMISSIONS_MARKET_KG,
		WF_OUT_EMISSIONS_EMBODIED_KG, WF_OUT_EMISSIONS_TOTAL_KG, WF_OUT_WATER_L};
	size_t k, j, n = 0;
	double *sum;
	int ok = 0;

	if (!p || !q || p->n == 0)
		return WF_ENOTFOUND;
	for (k = 0; k < sizeof additive / sizeof *additive; k++)
		ok |= additive[k] == i;
	if (!ok)
		return WF_ENOTFOUND;
	for (k = 0; k < p->n; k++) {
		const double *v;
		size_t m;
		if (wf_result_sample_values(p->rows[k], i, &v, &m))
			continue; /* a year without spread or without the output */
		if (n && m != n)
			return WF_ENOTFOUND;
		n = m;
	}
	if (n < 2 || !(sum = calloc(n, sizeof(double))))
		return WF_ENOTFOUND;
	for (k = 0; k < p->n; k++) {
		const double *v;
		size_t m;
		double x;
		if (wf_result_sample_values(p->rows[k], i, &v, &m) == 0) {
			for (j = 0; j < n; j++)
				sum[j] += v[j];
		} else if (wf_result_get(p->rows[k], i, &x) == 0) {
			for (j = 0; j < n; j++)
				sum[j] += x; /* the same value in every sample */
		}
	}
	q->mean = gsl_stats_mean(sum, 1, n);
	q->sd = gsl_stats_sd_m(sum, 1, n, q->mean);
	gsl_sort(sum, 1, n);
	q->p05 = gsl_stats_quantile_from_sorted_data(sum, 1, n, 0.05);
	q->p50 = gsl_stats_quantile_from_sorted_data(sum, 1, n, 0.50);
	q->p95 = gsl_stats_quantile_from_sorted_data(sum, 1, n, 0.95);
	free(sum);
	return 0;
}

WF_API double wf_result_demand_share(const wf_result *r)
{
	return r ? r->demand_share : NAN;
}

WF_API int wf_result_year(const wf_result *r)
{
	return r ? r->year : 0;
}

WF_API void wf_projection_free(wf_projection *p)
{
	size_t k;

	if (!p)
		return;
	for (k = 0; p->rows && k < p->n; k++)
		wf_result_free(p->rows[k]);
	free(p->rows);
	free(p->years);
	free(p);
}

/* ----------------------------------------------------------------- siting */

struct wf_siting {
	size_t n;
	wf_site *rows;
	char **owned;                /* ids and messages, 2 per row */
};

static int by_total(const void *a, const void *b)
{
	const wf_site *x = a, *y = b;

	if (x->ok != y->ok)
		return x->ok ? -1 : 1;
	if (x->ok && x->total_kg != y->total_kg)
		return x->total_kg < y->total_kg ? -1 : 1;
	return strcmp(x->region, y->region);
}

/* One candidate: the scenario (or its projection) with the region swapped. */
static int site_one(wf_site *s, const wf_scenario *sc, const wf_grid *g,
		    const wf_run_options *opt, wf_error *err)
{
	double v[WF_OUT_COUNT_];
	int has[WF_OUT_COUNT_], i, rc;

	if (wf_scenario_is_projection(sc)) {
		wf_projection *p = NULL;
		if ((rc = project_at(&p, sc, g, opt, err)) == 0)
			for (i = 0; i < WF_OUT_COUNT_; i++)
				has[i] = wf_projection_total(p, i, &v[i]) == 0;
		wf_projection_free(p);
	} else {
		wf_result *r = NULL;
		if ((rc = run_at(&r, sc, 0, g, opt, err)) == 0)
			for (i = 0; i < WF_OUT_COUNT_; i++)
				has[i] = wf_result_get(r, i, &v[i]) == 0;
		wf_result_free(r);
	}
	if (rc)
		return rc;
	s->ok = has[WF_OUT_EMISSIONS_TOTAL_KG];
	s->total_kg = v[WF_OUT_EMISSIONS_TOTAL_KG];
	s->operational_kg = v[WF_OUT_EMISSIONS_OPERATIONAL_KG];
	s->market_kg = v[WF_OUT_EMISSIONS_MARKET_KG];
	s->embodied_kg = has[WF_OUT_EMISSIONS_EMBODIED_KG] ? v[WF_OUT_EMISSIONS_EMBODIED_KG] : NAN;
	s->energy_it_kwh = v[WF_OUT_ENERGY_IT_KWH];
	s->energy_facility_kwh = v[WF_OUT_ENERGY_FACILITY_KWH];
	s->intensity_g_per_kwh = v[WF_OUT_INTENSITY_G_PER_KWH];
	s->pue = s->energy_facility_kwh / s->energy_it_kwh;
	s->water_l = has[WF_OUT_WATER_L] ? v[WF_OUT_WATER_L] : NAN;
	return 0;
}

WF_API int wf_scenario_site(wf_siting **out, const wf_scenario *sc, const char *regions,
			    const wf_run_options *opt, wf_error *err)
{
	const wf_catalog *c;
	wf_siting *st;
	wf_regex *re = NULL;
	size_t cap = 0, i;
	int rc;

	if (!out || !sc || !regions)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_site: NULL argument");
	*out = NULL;
	if ((rc = wf_regex_new(&re, regions, err)))
		return rc;
	if (!(st = calloc(1, sizeof(*st)))) {
		wf_regex_free(re);
		return wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0, "out of memory");
	}
	for (c = sc->overlay; c; c = c->parent)
		for (i = 0; i < c->kinds[WF_KIND_GRID].n; i++) {
			const wf_grid *g = c->kinds[WF_KIND_GRID].items[i];
			wf_site *s;
			wf_error local;
			char msg[1024];
			int m = wf_regex_search(re, g->e.id, err);
			if (m < 0) {
				rc = m;
				goto fail;
			}
			if (!m)
				continue;
			if (st->n == cap) {
				size_t nc = cap ? 2 * cap : 32;
				wf_site *nr = realloc(st->rows, nc * sizeof(*nr));
				char **no = nr ? realloc(st->owned, 2 * nc * sizeof(*no)) : NULL;
				if (nr)
					st->rows = nr;
				if (!nr || !no) {
					rc = wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0,
							  "out of memory");
					goto fail;
				}
				st->owned = no;
				cap = nc;
			}
			s = &st->rows[st->n];
			memset(s, 0, sizeof(*s));
			st->owned[2 * st->n] = st->owned[2 * st->n + 1] = NULL;
			wf_error_clear(&local);
			rc = site_one(s, sc, g, opt, &local);
			if (rc == WF_ENOMEM) {
				*err = local;
				goto fail;
			}
			msg[0] = '\0';
			if (rc)
				wf_error_format(&local, msg, sizeof msg);
			st->owned[2 * st->n] = strdup(g->e.id);
			st->owned[2 * st->n + 1] = strdup(msg);
			if (!st->owned[2 * st->n] || !st->owned[2 * st->n + 1]) {
				st->n++;
				rc = wf_error_set(err, WF_ENOMEM, "engine", NULL, 0, 0,
						  "out of memory");
				goto fail;
			}
			s->region = st->owned[2 * st->n];
			s->error = st->owned[2 * st->n + 1];
			if (rc)
				s->ok = 0;
			st->n++;
		}
	wf_regex_free(re);
	if (st->n == 0) {
		wf_siting_free(st);
		return wf_error_set(err, WF_ENOTFOUND, "engine", NULL, 0, 0,
				    "--regions \"%s\" matches no grid", regions);
	}
	qsort(st->rows, st->n, sizeof(*st->rows), by_total);
	*out = st;
	return 0;
fail:
	wf_regex_free(re);
	wf_siting_free(st);
	return rc;
}

WF_API size_t wf_siting_count(const wf_siting *s)
{
	return s ? s->n : 0;
}

WF_API int wf_siting_get(const wf_siting *s, size_t k, wf_site *out)
{
	if (!s || k >= s->n)
		return WF_ENOTFOUND;
	*out = s->rows[k];
	return 0;
}

WF_API void wf_siting_free(wf_siting *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; s->owned && i < 2 * s->n; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->rows);
	free(s);
}

/* ------------------------------------------------------------------ check */

WF_API int wf_catalog_check(const wf_catalog *cat, wf_error *err)
{
	size_t i, n = wf_catalog_scenario_count(cat);
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		wf_scenario *sc = NULL;
		rc = wf_scenario_from_catalog(&sc, cat, i, err);
		if (rc == 0 && wf_scenario_is_projection(sc)) {
			wf_projection *p = NULL;
			rc = wf_scenario_project(&p, sc, NULL, err);
			wf_projection_free(p);
		} else if (rc == 0) {
			wf_result *r = NULL;
			rc = wf_scenario_evaluate(&r, sc, err);
			wf_result_free(r);
		}
		wf_scenario_free(sc);
	}
	return rc;
}

WF_API int wf_catalog_check_paths(wf_catalog **out, const wf_catalog *parent,
				  const char *const *paths, size_t n, wf_error *err)
{
	wf_catalog *cat = NULL;
	size_t i;
	int rc;

	if (out)
		*out = NULL;
	if (!paths && n)
		return wf_error_set(err, WF_EINPUT, "catalog", NULL, 0, 0,
				    "wf_catalog_check_paths: NULL paths");
	rc = wf_catalog_new(&cat);
	if (rc == 0 && parent)
		rc = wf_catalog_set_parent(cat, parent, err);
	for (i = 0; rc == 0 && i < n; i++)
		rc = wf_catalog_load(cat, paths[i], err);
	if (rc == 0)
		rc = wf_catalog_finish(cat, err);
	if (rc == 0)
		rc = wf_catalog_check(cat, err);
	if (rc || !out)
		wf_catalog_free(cat);
	else
		*out = cat;
	return rc;
}

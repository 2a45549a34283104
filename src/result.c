/*
 * result.c - evaluating a scenario into a result: figures in the units
 * their names carry, the derivation, and the notes a reader must see.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "error.h"
#include "quantity.h"
#include "scenario.h"

struct wf_result {
	double v[WF_OUT_COUNT_];     /* in output units (kWh, kg, ...) */
	int present[WF_OUT_COUNT_];
	char *explain;
	char *notes;
	char *unit;
};

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

WF_API int wf_scenario_evaluate(wf_result **out, const wf_scenario *sc, wf_error *err)
{
	wf_plan pl;
	wf_outputs o;
	wf_strbuf tr = {0};
	double x[P_COUNT_];
	wf_result *r = NULL;
	int rc, i;

	if (!out || !sc)
		return wf_error_set(err, WF_EINPUT, "engine", NULL, 0, 0,
				    "wf_scenario_evaluate: NULL argument");
	*out = NULL;
	rc = wf_plan_resolve(&pl, sc, err);
	if (rc)
		goto cleanup;
	wf_plan_nominal(&pl, x);
	wf_strbuf_printf(&tr, "scenario %s (%s)\n", sc->id, sc->file);
	wf_strbuf_printf(&tr, "workload: %s on %s%s%s", 
			 pl.wl.kind == WF_WL_TRAINING ? "training" : "inference",
			 pl.node ? pl.node->e.id : pl.accel->e.id, pl.node ? " with " : "",
			 pl.node ? pl.accel->e.id : "");
	if (pl.region)
		wf_strbuf_printf(&tr, ", region %s", pl.region->e.id);
	if (pl.year)
		wf_strbuf_printf(&tr, ", year %d", pl.year);
	wf_strbuf_printf(&tr, "\n");
	if (pl.notes.len) {
		const char *p = wf_strbuf_str(&pl.notes);
		wf_strbuf_printf(&tr, "notes:\n");
		while (*p) {
			size_t len = strcspn(p, "\n");
			wf_strbuf_printf(&tr, "  - %.*s\n", (int)len, p);
			p += len + (p[len] ? 1 : 0);
		}
	}
	wf_strbuf_printf(&tr, "\nderivation:\n");
	if ((rc = wf_plan_evaluate(&pl, x, &o, &tr, err)))
		goto cleanup;
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

WF_API void wf_result_free(wf_result *r)
{
	if (!r)
		return;
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

/*
 * output.c - the outputs a run produces (output.h): names, units,
 * dimensions, and how they print for people.
 */
#include "output.h"

#include <math.h>
#include <stdio.h>

#include "quantity.h"

static const struct {
	const char *name;
	double scale; /* SI -> the unit in the name */
	wf_dim dim;
} outputs[WF_OUT_COUNT_] = {
	[WF_OUT_DURATION_H] = {"duration_h", 1 / 3600.0, WF_DIM_TIME},
	[WF_OUT_DEVICE_HOURS] = {"device_hours", 1 / 3600.0, WF_DIM_TIME},
	[WF_OUT_IT_POWER_KW] = {"it_power_kw", 1e-3, WF_DIM_POWER},
	[WF_OUT_PEAK_POWER_KW] = {"peak_power_kw", 1e-3, WF_DIM_POWER},
	[WF_OUT_ENERGY_IT_KWH] = {"energy_it_kwh", 1 / 3.6e6, WF_DIM_ENERGY},
	[WF_OUT_ENERGY_FACILITY_KWH] = {"energy_facility_kwh", 1 / 3.6e6, WF_DIM_ENERGY},
	[WF_OUT_INTENSITY_G_PER_KWH] = {"intensity_g_per_kwh", 3.6e9, WF_DIM_INTENSITY},
	[WF_OUT_EMISSIONS_OPERATIONAL_KG] = {"emissions_operational_kg", 1, WF_DIM_MASS},
	[WF_OUT_EMISSIONS_MARKET_KG] = {"emissions_market_kg", 1, WF_DIM_MASS},
	[WF_OUT_EMISSIONS_EMBODIED_KG] = {"emissions_embodied_kg", 1, WF_DIM_MASS},
	[WF_OUT_EMISSIONS_TOTAL_KG] = {"emissions_total_kg", 1, WF_DIM_MASS},
	[WF_OUT_WATER_L] = {"water_l", 1, WF_DIM_VOLUME},
	[WF_OUT_SCI_G_PER_UNIT] = {"sci_g_per_unit", 1e3, WF_DIM_MASS},
	[WF_OUT_EMISSIONS_EMBODIED_ACCELERATORS_KG] = {"emissions_embodied_accelerators_kg", 1,
						       WF_DIM_MASS},
	[WF_OUT_EMISSIONS_EMBODIED_HOSTS_KG] = {"emissions_embodied_hosts_kg", 1, WF_DIM_MASS},
	[WF_OUT_EMISSIONS_EMBODIED_NETWORK_KG] = {"emissions_embodied_network_kg", 1,
						  WF_DIM_MASS},
	[WF_OUT_EMISSIONS_EMBODIED_BUILDING_KG] = {"emissions_embodied_building_kg", 1,
						   WF_DIM_MASS},
};

WF_API const char *wf_output_name(int i)
{
	return i >= 0 && i < WF_OUT_COUNT_ ? outputs[i].name : NULL;
}

double wf_output_scale(int i)
{
	return i >= 0 && i < WF_OUT_COUNT_ ? outputs[i].scale : NAN;
}

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
	return wf_quantity_format(buf, size, value / outputs[i].scale, outputs[i].dim, 4);
}

WF_API char *wf_format_quantity(char *buf, size_t size, double si, wf_dim dim, int sig)
{
	return wf_quantity_format(buf, size, si, dim, sig);
}

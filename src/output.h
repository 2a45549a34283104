/*
 * output.h - the outputs a run produces: their names (the CSV columns and
 * JSON keys), the unit each name carries and its dimension.  One table for
 * the engine, results, sweeps and reports; outputs are only ever appended.
 */
#ifndef WF_OUTPUT_H
#define WF_OUTPUT_H

#include "wattif.h"

/* Factor from SI (J, kg, s, W, kg/J, L) to the unit in output i's name
 * (kWh, kg, h, kW, g/kWh, L): value_in_name_unit = si * wf_output_scale(i). */
double wf_output_scale(int i);

#endif

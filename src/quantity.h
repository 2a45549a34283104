/*
 * quantity.h - quantities with units and distributions over them.
 *
 * Parses the strings people write in model files ("700 W", "1.2 MW",
 * "35 days", "385 g/kWh", "989 TFLOP/s", "45%", "tri(1.1, 1.2, 1.4)",
 * "2024-03-01T12:00Z") into SI values with a dimension, using PCRE2.
 * A wf_qparser holds the compiled patterns and PCRE2 match data; it is
 * owned by one thread at a time (match data is mutable).
 */
#ifndef WF_QUANTITY_H
#define WF_QUANTITY_H

#include "wattif.h"

/* Units every module shares: one definition of each. */
#define WF_WH_J 3600.0                   /* 1 Wh = 3600 J, by definition */
#define WF_DAY_S 86400.0
/* The Julian year of 365.25 days (IAU Style Manual, 1989, sec. 5.15): what
 * "year" means in model files, lifetimes and amortisation alike. */
#define WF_YEAR_S (365.25 * WF_DAY_S)

typedef struct wf_qparser wf_qparser;

/* Compile the patterns.  Returns 0 or WF_ENOMEM. */
int wf_qparser_new(wf_qparser **out);
void wf_qparser_free(wf_qparser *qp);

/* Parse text (NUL-terminated) into *out.  expect is the required
 * dimension, or WF_DIM_COUNT_ for any.  Returns 0, WF_EINPUT (malformed,
 * unknown unit, non-finite, bad distribution parameters) or WF_EDIM (wrong
 * dimension); perr->offset points at the offending text. */
int wf_qparser_parse(wf_qparser *qp, wf_value *out, const char *text,
		     wf_dim expect, wf_parse_error *perr);

/* Format an SI value in the unit people read for its dimension, with
 * `sig` significant digits: 449839.3 kWh -> "449.8 MWh".  Energies in
 * Wh/kWh/MWh/GWh/TWh, masses in g/kg/t/kt/Mt CO2e, powers W/kW/MW/GW,
 * intensities g/kWh, times s/min/h/days/years, volumes L/m3.
 * Returns buf. */
char *wf_quantity_format(char *buf, size_t size, double si, wf_dim dim,
			 int sig);

/* The unit and distribution tables, read only: tools/gen_schema.c writes
 * the schema's quantity patterns from them.  Unit i's name (NULL past the
 * end), the dimension it has alone (temperatures: WF_DIM_TEMPERATURE), 1 in
 * *co2 when it may carry a CO2e suffix, 1 in *alone when it never takes
 * part in A/B (%, temperatures).  Distribution i's name and its number of
 * arguments (NULL past the end). */
const char *wf_unit_at(size_t i, wf_dim *dim, int *co2, int *alone);
const char *wf_dist_at(size_t i, int *nargs);

/* The pattern of a date and time (PCRE2 and ECMA-262 alike). */
const char *wf_date_pattern(void);

#endif

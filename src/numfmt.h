/*
 * numfmt.h - the number writer of every machine format (CSV, JSON, JSON
 * Lines): the shortest decimal that reads back as the same double.  The
 * public entry point is wf_format_double() in wattif.h; this header gives
 * the tests the digits before they are laid out.
 */
#ifndef WF_NUMFMT_H
#define WF_NUMFMT_H

#include <stdint.h>

/* The shortest decimal digits*10^exp10 that rounds to |v| (round to
 * nearest, ties to even, as strtod reads), and of those the nearest to |v|
 * (ties: the even one).  v finite and non-zero.  Returns the number of
 * digits in *digits (1..17); *digits has no trailing zero. */
int wf_numfmt_shortest(double v, uint64_t *digits, int *exp10);

#endif

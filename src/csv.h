/*
 * csv.h - CSV cells: splitting a line and reading a number, shared by the
 * annual tables (table.c), the series readers (series_csv.c), the power
 * logs and the importers.  No state, no catalog.
 */
#ifndef WF_CSV_H
#define WF_CSV_H

/* Split one CSV line into at most max fields, in place (quotes removed).
 * Returns the number of fields, or -1 on an unterminated quote. */
int wf_csv_split(char *line, char **fields, int max);

/* A CSV cell as a number: a plain decimal ([+-]digits[.digits][e[+-]digits])
 * and nothing else (no hex, inf or nan, which strtod would take).  0, or -1
 * when the cell is not one; *out may be infinite on overflow. */
int wf_csv_number(const char *s, double *out);

/* Split a line into trimmed fields (spaces and tabs around each) with the
 * 1-based column each starts at in the original text, for messages.
 * Returns the field count (max + 1 when there are more: col and f need
 * room for max + 1), or -1 on an unterminated quote. */
int wf_csv_fields(char *line, char **f, int *col, int max);

#endif

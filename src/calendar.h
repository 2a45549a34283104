/*
 * calendar.h - days and civil dates, proleptic Gregorian, UTC.
 *
 * Howard Hinnant's algorithms ("chrono-compatible low-level date
 * algorithms"): exact integer arithmetic over 400-year eras of 146097
 * days, valid for any year an int holds.  One definition for the whole
 * library: the quantity parser (dates), the series reader (timestamps) and
 * the engine (years and months of a job's window) use these.
 */
#ifndef WF_CALENDAR_H
#define WF_CALENDAR_H

/* Days from 1970-01-01 to y-m-d (m 1-12, d 1-31; not checked). */
long long wf_days_from_civil(long long y, int m, int d);

/* Year, month (1-12) and day (1-31) of a day count from 1970-01-01. */
void wf_civil_from_days(long long z, long long *y, int *m, int *d);

/* 1 when y is a Gregorian leap year. */
int wf_is_leap(long long y);

/* Days in month m (1-12) of year y. */
int wf_days_in_month(long long y, int m);

#endif

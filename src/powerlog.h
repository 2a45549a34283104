/*
 * powerlog.h - measured power logs: reading the files teams already have
 * and turning them into steps of constant power to integrate.
 *
 * Formats, recognised by their header (the first line):
 *  - nvidia-smi --query-gpu=timestamp[,index],...,power.draw --format=csv
 *    (`-lms 100` loops): units inside the values ("69.32 W", or none with
 *    --format=csv,nounits, the header still saying [W]); several GPUs
 *    interleaved, one line per GPU per sampling round, told apart by the
 *    index column or, without one, by their position in the round
 *    (options.gpus); local time "2025/07/26 23:32:09.703" without a zone,
 *    placed in UTC by a declared offset (options.utc_offset_s).  Fields are
 *    nvidia-smi's query names, lowercase and dotted ("power.draw [W]",
 *    `nvidia-smi --help-query-gpu`); power.draw, power.draw.average or
 *    power.draw.instant is integrated (options.column; power.draw first).
 *  - a DCGM exporter series as CSV: a time column (timestamp or time:
 *    ISO 8601, or seconds since 1970 as Prometheus exports them), the label
 *    columns dcgm-exporter attaches (gpu, UUID, Hostname, ...) and the
 *    field DCGM_FI_DEV_POWER_USAGE, in W (dcgm-exporter's counters file:
 *    "Power draw (in W)"); other DCGM_FI_* columns are read past.
 *  - CodeCarbon's emissions.csv: one row per run, `timestamp` its END in
 *    local time, `duration` in s, energies in kWh; each run is one step of
 *    energy_consumed / duration (options.column: gpu_energy, cpu_energy or
 *    ram_energy instead).
 *  - plain: timestamp_utc,power_w[,gpu] (ISO 8601, no zone = UTC; W).
 *
 * Steps.  Each sample holds until the next sample of the same GPU (the
 * last sample of a GPU ends its record).  A jump longer than max_gap
 * (options.max_gap_s, default 5 x the median spacing) is a gap: nothing is
 * counted over it and it is reported, never bridged.  A log gives the total
 * power of what it measured: the steps of every GPU add up.
 *
 * Errors name file:line:col and what was expected: a row with too few
 * fields (a truncated line), a value without the unit the other rows carry,
 * a timestamp not after the one before it (per GPU), a column the format
 * does not have, [N/A] readings.  A run of NUL bytes after the last line (a
 * writer killed mid-write) is read past and counted.  Library code: no
 * printing, no global state; the result is one allocation owner.
 */
#ifndef WF_POWERLOG_H
#define WF_POWERLOG_H

#include <stddef.h>

#include "wattif.h"

typedef enum wf_plog_format {
	WF_PLOG_AUTO = 0,
	WF_PLOG_NVSMI,
	WF_PLOG_DCGM,
	WF_PLOG_CODECARBON,
	WF_PLOG_PLAIN,
	WF_PLOG_COUNT_
} wf_plog_format;

typedef struct wf_plog_options {
	wf_plog_format format;   /* WF_PLOG_AUTO: by the header; otherwise the
				  * header must be of that format */
	int has_offset;          /* 1 when utc_offset_s is given */
	double utc_offset_s;     /* local time minus UTC, s, for timestamps
				  * without a zone (nvidia-smi, CodeCarbon) */
	double max_gap_s;        /* longest jump between samples taken as
				  * continuous; NAN = 5 x the median spacing */
	int gpus;                /* GPUs per sampling round of an nvidia-smi
				  * log without an index column; 0 = not given */
	const char *column;      /* the column to integrate; NULL = default */
} wf_plog_options;

#define WF_PLOG_OPTIONS_INIT {WF_PLOG_AUTO, 0, 0, NAN, 0, NULL}

/* A log as steps of constant power. */
typedef struct wf_powerlog {
	char *path;              /* as given */
	wf_plog_format format;
	char column[64];         /* the column integrated */
	size_t rows;             /* data rows read */
	size_t channels;         /* GPUs (CodeCarbon: runs) */
	int by_index;            /* GPUs told apart by a column, not position */
	size_t n;                /* steps */
	double *t0, *t1, *p_w;   /* step i: p_w[i] W over [t0[i], t1[i]),
				  * s since 1970 UTC, sorted by t0 */
	double begin, end;       /* span: first start, last end */
	double energy_j;         /* Σ p_w (t1 - t0) */
	double covered_s;        /* time with at least one step */
	double channel_s;        /* Σ over GPUs of their measured time */
	double step_s;           /* median spacing of a GPU's samples (CodeCarbon:
				  * median run length) */
	double max_gap_s;        /* the limit used */
	int max_gap_default;     /* 1: 5 x step_s, not declared */
	size_t gaps;             /* jumps longer than max_gap, not counted */
	double gap_s;            /* their total length */
	double longest_gap_s;
	int longest_gap_line;    /* line of the sample after the longest gap */
	double p_min_w, p_max_w; /* range of the readings */
	size_t nul_tail;         /* NUL bytes after the last line, read past */
	int local_time;          /* timestamps had no zone; utc_offset applied */
} wf_powerlog;

/* "nvidia-smi", "DCGM", "CodeCarbon", "plain". */
const char *wf_powerlog_format_name(wf_plog_format f);

/* Read the log at path.  *out is owned by the caller (wf_powerlog_free).
 * Errors: WF_ENOTFOUND (no file), WF_EIO, WF_EINPUT with file:line:col. */
int wf_powerlog_load(wf_powerlog **out, const char *path, const wf_plog_options *o,
		     wf_error *err);

/* The same from text in memory (len bytes); `name` stands for the file. */
int wf_powerlog_parse(wf_powerlog **out, const char *text, size_t len, const char *name,
		      const wf_plog_options *o, wf_error *err);

void wf_powerlog_free(wf_powerlog *lg);

/* Parse a timestamp as the logs write it: 2026-07-01T12:00:00.5Z,
 * 2025/07/26 23:32:09.703, 2020-09-11T10:58:00+02:00, or a number of
 * seconds since 1970 (epoch = 1 allows it).  *t gets s since 1970 in the
 * time the text is in; *zone is 1 when the text gave its offset (then *t
 * is UTC).  0, or -1 when the text is not a timestamp. */
int wf_powerlog_time(const char *s, int epoch, double *t, int *zone);

#endif

/*
 * powerlog.c - reading measured power logs (powerlog.h): the header says
 * which format a file is in, then every row becomes a sample of one GPU
 * (or one CodeCarbon run) with file:line:col errors for anything that
 * cannot be counted.  powerlog_steps.c turns the samples into steps.
 *
 * Sources of the formats: nvidia-smi's --query-gpu CSV as its manual page
 * and `nvidia-smi --help-query-gpu` describe it (timestamp as "YYYY/MM/DD
 * HH:MM:SS.msec", local time; power.draw in W, the unit written after the
 * value unless --format=csv,nounits); dcgm-exporter's counters file
 * (DCGM_FI_DEV_POWER_USAGE, "Power draw (in W)") and labels (gpu, UUID,
 * device, modelName, Hostname); CodeCarbon's output documentation
 * (emissions.csv: timestamp, duration in s, *_energy in kWh).  Checked
 * against real logs (tests/data/README.md names them).
 */
#include "powerlog_int.h"

#include <errno.h>
#include <stdarg.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "error.h"
#include "csv.h"

typedef struct reader {
	const char *path;
	const wf_plog_options *o;
	wf_error *err;
	wf_plog_format fmt;
	char *header;                   /* copy of the header line */
	int ncol;
	char *name[PLOG_MAX_COLS];      /* header names (unit cut off) */
	char *unit[PLOG_MAX_COLS];      /* "[W]" text inside brackets, or "" */
	int hcol[PLOG_MAX_COLS];        /* 1-based columns of the header fields */
	int c_ts, c_val, c_idx, c_dur;  /* column indexes, -1 if absent */
	int c_lab[8], nlab;             /* DCGM labels that tell GPUs apart */
	int units;                      /* nvidia-smi: -1 not yet seen, 0 nounits,
					 * 1 with units */
	int zone;                       /* -1 not yet seen, 0 local, 1 with zone */
	size_t row;                     /* data rows so far */
	double last_end;                /* CodeCarbon: the previous run's end */
	int last_end_line;
	int last_line_open;             /* the line has no newline after it */
	plog_data d;
	wf_powerlog *lg;
} reader;

static const char *const fmt_names[WF_PLOG_COUNT_] = {
	"auto", "nvidia-smi", "DCGM", "CodeCarbon", "plain"};

const char *wf_powerlog_format_name(wf_plog_format f)
{
	return f >= 0 && f < WF_PLOG_COUNT_ ? fmt_names[f] : "?";
}

/* Quote at most 60 bytes of s. */
static const char *quote(char *buf, size_t size, const char *s)
{
	if (strlen(s) > 60)
		snprintf(buf, size, "%.57s...", s);
	else
		snprintf(buf, size, "%s", s);
	return buf;
}

/* ------------------------------------------------------------ timestamps */

static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "+HH:MM", "+HHMM", "+HH", "Z": the offset in s (east positive). */
static int zone_offset(const char *s, double *off)
{
	int h, m = 0, sign;

	if (strcmp(s, "Z") == 0 || strcmp(s, "z") == 0) {
		*off = 0;
		return 0;
	}
	if (s[0] != '+' && s[0] != '-')
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	if (digits(s + 1, 2, &h))
		return -1;
	if (s[3] == ':' ? (digits(s + 4, 2, &m) || s[6]) : s[3] ? (digits(s + 3, 2, &m) || s[5])
								: 0)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600.0 + m * 60.0);
	return 0;
}

int wf_powerlog_time(const char *s, int epoch, double *t, int *zone)
{
	int y, mo, d, h, mi, sec = 0, k;
	double frac = 0, off = 0;
	const char *p;

	*zone = 0;
	if (epoch && strspn(s, "0123456789.") == strlen(s) && s[0] && s[0] != '.') {
		char *end;
		*t = strtod(s, &end);
		*zone = 1;
		return *end || !isfinite(*t) ? -1 : 0;
	}
	if (digits(s, 4, &y) || (s[4] != '-' && s[4] != '/') || digits(s + 5, 2, &mo) ||
	    s[7] != s[4] || digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi))
		return -1;
	p = s + 16;
	if (*p == ':') {
		if (digits(p + 1, 2, &sec))
			return -1;
		p += 3;
		if (*p == '.') {
			double scale = 0.1;
			for (p++, k = 0; *p >= '0' && *p <= '9'; p++, k++, scale /= 10)
				frac += (*p - '0') * scale;
			if (k == 0)
				return -1;
		}
	}
	if (*p == ' ')
		p++;
	if (*p) {
		if (zone_offset(p, &off))
			return -1;
		*zone = 1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > wf_days_in_month(y, mo) || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	*t = (double)wf_days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + sec +
	     frac - off;
	return 0;
}

/* ------------------------------------------------------------------ fields */

static int rerr(reader *r, int line, int col, const char *fmt, ...) WF_PRINTF(4, 5);

static int rerr(reader *r, int line, int col, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return wf_error_set(r->err, WF_EINPUT, PLOG_MOD, r->path, line, col, "%s%s", msg,
			    r->last_line_open ? " (the file's last line has no newline: "
						"cut short by a writer that stopped?)" : "");
}

/* ----------------------------------------------------------------- headers */

static const char *const cc_cols[] = {
	"timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions",
	"emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy",
	"ram_energy", "energy_consumed", "water_consumed", "country_name", "country_iso_code",
	"region", "cloud_provider", "cloud_region", "os", "python_version",
	"codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
	"latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent",
	"gpu_utilization_percent", "ram_utilization_percent", "ram_used_gb", "on_cloud",
	"pue", "wue"};
static const char *const cc_energy[] = {"energy_consumed", "gpu_energy", "cpu_energy",
					"ram_energy"};
static const char *const dcgm_labels[] = {
	"gpu", "UUID", "Hostname", "hostname", "instance", "device", "modelName", "job",
	"pci_bus_id", "DCGM_FI_DRIVER_VERSION", "GPU_I_PROFILE", "GPU_I_ID", "container",
	"namespace", "pod", "err_code", "err_msg", "__name__"};
static const char *const plain_cols[] = {"timestamp_utc", "power_w", "gpu"};
static const char *const nv_power[] = {"power.draw", "power.draw.average",
				       "power.draw.instant"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int col_of(const reader *r, const char *name)
{
	int i;

	for (i = 0; i < r->ncol; i++)
		if (strcmp(r->name[i], name) == 0)
			return i;
	return -1;
}

static int in_list(const char *s, const char *const *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, l[i]) == 0)
			return 1;
	return 0;
}

/* nvidia-smi's field names: lowercase words joined by dots. */
static int nv_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '.'))
			return 0;
	return s[-1] != '.';
}

static wf_plog_format detect(const reader *r)
{
	if (col_of(r, "DCGM_FI_DEV_POWER_USAGE") >= 0)
		return WF_PLOG_DCGM;
	if (col_of(r, "duration") >= 0 && col_of(r, "energy_consumed") >= 0)
		return WF_PLOG_CODECARBON;
	if (col_of(r, "timestamp_utc") >= 0 && col_of(r, "power_w") >= 0)
		return WF_PLOG_PLAIN;
	if (col_of(r, "timestamp") >= 0 && (col_of(r, "power.draw") >= 0 ||
					    col_of(r, "power.draw.average") >= 0 ||
					    col_of(r, "power.draw.instant") >= 0))
		return WF_PLOG_NVSMI;
	return WF_PLOG_AUTO;
}

#define FORMATS_HELP                                                                   \
	"nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv, a DCGM "      \
	"exporter CSV (a time column and DCGM_FI_DEV_POWER_USAGE), CodeCarbon's "      \
	"emissions.csv, or timestamp_utc,power_w"

/* A column the format does not have: name it, suggest the nearest. */
static int unknown_column(reader *r, int i, const char *const *known, size_t n,
			  const char *what)
{
	char q[80];
	const char *near = known ? wf_nearest(r->name[i], known, n) : NULL;

	if (near)
		return rerr(r, 1, r->hcol[i], "unknown column \"%s\"; did you mean \"%s\"?",
			    quote(q, sizeof q, r->name[i]), near);
	return rerr(r, 1, r->hcol[i], "unknown column \"%s\" for %s", quote(q, sizeof q, r->name[i]),
		    what);
}

/* The column to integrate: options.column or the format's first choice. */
static int value_column(reader *r, const char *const *choices, size_t n)
{
	const char *want = r->o->column;
	char list[200] = "";
	size_t i;

	if (want) {
		if (!in_list(want, choices, n)) {
			for (i = 0; i < n; i++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
					 i ? ", " : "", choices[i]);
			return wf_error_set(r->err, WF_EINPUT, PLOG_MOD, r->path, 1, 1,
					    "column \"%s\" cannot be integrated for a %s log; "
					    "expected one of %s", want, fmt_names[r->fmt], list);
		}
		if ((r->c_val = col_of(r, want)) < 0)
			return wf_error_set(r->err, WF_EINPUT, PLOG_MOD, r->path, 1, 1,
					    "no column \"%s\" in the header", want);
	} else {
		for (i = 0; i < n && (r->c_val = col_of(r, choices[i])) < 0; i++)
			;
	}
	snprintf(r->lg->column, sizeof r->lg->column, "%s", r->name[r->c_val]);
	return 0;
}

static int check_columns(reader *r)
{
	int i;

	for (i = 0; i < r->ncol; i++) {
		const char *s = r->name[i];
		int j;
		for (j = 0; j < i; j++)
			if (strcmp(r->name[j], s) == 0)
				return rerr(r, 1, r->hcol[i], "duplicate column \"%s\"", s);
		switch (r->fmt) {
		case WF_PLOG_NVSMI:
			if (!nv_name(s))
				return rerr(r, 1, r->hcol[i], "unknown column \"%s\": nvidia-smi "
					    "writes lowercase dotted query fields such as "
					    "\"power.draw [W]\"%s", s, "");
			break;
		case WF_PLOG_CODECARBON:
			if (!in_list(s, cc_cols, N(cc_cols)))
				return unknown_column(r, i, cc_cols, N(cc_cols), "CodeCarbon");
			break;
		case WF_PLOG_PLAIN:
			if (!in_list(s, plain_cols, N(plain_cols)))
				return unknown_column(r, i, plain_cols, N(plain_cols),
						      "timestamp_utc,power_w[,gpu]");
			break;
		default:
			if (strncmp(s, "DCGM_FI_", 8) && !in_list(s, dcgm_labels, N(dcgm_labels)) &&
			    strcmp(s, "timestamp") && strcmp(s, "time") && strcmp(s, "Time"))
				return unknown_column(r, i, dcgm_labels, N(dcgm_labels),
						      "a DCGM exporter CSV (a time column, "
						      "dcgm-exporter's labels, DCGM_FI_* fields)");
			break;
		}
	}
	return 0;
}

static int read_header(reader *r, char *line)
{
	char *f[PLOG_MAX_COLS + 1], q[80];
	int col[PLOG_MAX_COLS + 1], nf, i, rc;
	wf_plog_format found;

	if (!(r->header = strdup(line)))
		return wf_error_set(r->err, WF_ENOMEM, PLOG_MOD, r->path, 0, 0, "out of memory");
	if ((nf = wf_csv_fields(line, f, col, PLOG_MAX_COLS)) < 0)
		return rerr(r, 1, 1, "unterminated quote in the header");
	if (nf > PLOG_MAX_COLS)
		return rerr(r, 1, col[PLOG_MAX_COLS], "more than %d columns", PLOG_MAX_COLS);
	r->ncol = nf;
	for (i = 0; i < nf; i++) {
		char *b = strchr(f[i], '[');
		r->hcol[i] = col[i];
		r->unit[i] = "";
		if (b && b[strlen(b) - 1] == ']') {
			char *e = b;
			while (e > f[i] && e[-1] == ' ')
				e--;
			b[strlen(b) - 1] = '\0';
			r->unit[i] = b + 1;
			*e = '\0';
		}
		r->name[i] = f[i];
	}
	if (col_of(r, "energyconsumed_joules") >= 0)
		return rerr(r, 1, r->hcol[col_of(r, "energyconsumed_joules")],
			    "DCGM job statistics (energyconsumed_joules per job) have no "
			    "timestamps to integrate; give a job's energy as workload.energy, or "
			    "export DCGM_FI_DEV_POWER_USAGE over time");
	found = detect(r);
	if (found == WF_PLOG_AUTO)
		return rerr(r, 1, 1, "unrecognised power log header \"%s\"; expected %s",
			    quote(q, sizeof q, r->header), FORMATS_HELP);
	if (r->o->format && r->o->format != found)
		return rerr(r, 1, 1, "the header is a %s log's, not %s as power_log.format says",
			    fmt_names[found], fmt_names[r->o->format]);
	r->fmt = r->lg->format = found;
	if ((rc = check_columns(r)))
		return rc;
	r->c_idx = r->c_dur = -1;
	switch (r->fmt) {
	case WF_PLOG_NVSMI:
		r->c_ts = col_of(r, "timestamp");
		r->c_idx = col_of(r, "index");
		rc = value_column(r, nv_power, N(nv_power));
		if (!rc && r->unit[r->c_val][0] && strcmp(r->unit[r->c_val], "W"))
			return rerr(r, 1, r->hcol[r->c_val], "%s: expected a power in W, the "
				    "header says [%s]", r->name[r->c_val], r->unit[r->c_val]);
		return rc;
	case WF_PLOG_CODECARBON:
		r->c_ts = col_of(r, "timestamp");
		r->c_dur = col_of(r, "duration");
		if (r->c_ts < 0)
			return rerr(r, 1, 1, "CodeCarbon log without a timestamp column");
		return value_column(r, cc_energy, N(cc_energy));
	case WF_PLOG_PLAIN:
		r->c_ts = col_of(r, "timestamp_utc");
		r->c_idx = col_of(r, "gpu");
		return value_column(r, plain_cols + 1, 1);
	default:
		r->c_ts = col_of(r, "timestamp");
		if (r->c_ts < 0)
			r->c_ts = col_of(r, "time");
		if (r->c_ts < 0)
			r->c_ts = col_of(r, "Time");
		if (r->c_ts < 0)
			return rerr(r, 1, 1, "a DCGM log needs a time column (timestamp or "
				    "time)");
		for (i = 0; i < nf; i++)
			if (in_list(r->name[i], dcgm_labels, 5) && r->nlab < 8)
				r->c_lab[r->nlab++] = i;
		return value_column(r, (const char *const[]){"DCGM_FI_DEV_POWER_USAGE"}, 1);
	}
}

/* -------------------------------------------------------------------- rows */

static int row_time(reader *r, const char *s, int line, int col, double *t)
{
	int zone;
	char q[80];

	if (wf_powerlog_time(s, r->fmt == WF_PLOG_DCGM, t, &zone))
		return rerr(r, line, col, "%s: expected a date and time such as %s, got \"%s\"",
			    r->name[r->c_ts],
			    r->fmt == WF_PLOG_NVSMI ? "2025/07/26 23:32:09.703"
			    : r->fmt == WF_PLOG_PLAIN ? "2026-07-01T12:00:00Z"
						      : "2025-05-30T00:15:08",
			    quote(q, sizeof q, s));
	if (r->zone >= 0 && zone != r->zone)
		return rerr(r, line, col, "%s: \"%s\" %s a time zone, unlike the rows before",
			    r->name[r->c_ts], quote(q, sizeof q, s), zone ? "has" : "has no");
	r->zone = zone;
	if (!zone && r->fmt == WF_PLOG_PLAIN)
		return 0; /* timestamp_utc: UTC by its name */
	if (!zone) {
		if (!r->o->has_offset)
			return rerr(r, line, col, "%s: \"%s\" has no time zone (local time); "
				    "declare power_log.utc_offset (e.g. \"+01:00\", or 0 for UTC)",
				    r->name[r->c_ts], quote(q, sizeof q, s));
		*t -= r->o->utc_offset_s;
		r->lg->local_time = 1;
	}
	return 0;
}

/* A number >= 0, W or the file's own unit: "69.32" (nounits) or "69.32 W". */
static int row_value(reader *r, const char *s, int line, int col, double *v)
{
	const char *what = r->name[r->c_val];
	char *end, q[80];
	int has_unit;

	if (s[0] == '[' || strcasecmp(s, "N/A") == 0)
		return rerr(r, line, col, "%s: \"%s\" is not a reading (the tool could not "
			    "read the power here); such rows cannot be integrated", what,
			    quote(q, sizeof q, s));
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || !isfinite(*v) || *v < 0)
		return rerr(r, line, col, "%s: expected a power or energy >= 0, got \"%s\"",
			    what, quote(q, sizeof q, s));
	while (*end == ' ')
		end++;
	has_unit = *end != '\0';
	if (r->fmt != WF_PLOG_NVSMI) {
		if (has_unit)
			return rerr(r, line, col, "%s: expected a plain number, got \"%s\"",
				    what, quote(q, sizeof q, s));
		return 0;
	}
	if (has_unit && strcmp(end, "W"))
		return rerr(r, line, col, "%s: expected a power in W such as \"69.32 W\", got "
			    "\"%s\"", what, quote(q, sizeof q, s));
	if (r->units < 0) {
		if (!has_unit && !r->unit[r->c_val][0])
			return rerr(r, line, col, "%s: \"%s\" has no unit and neither has the "
				    "header (nvidia-smi writes \"power.draw [W]\")", what,
				    quote(q, sizeof q, s));
		r->units = has_unit;
	} else if (has_unit != r->units) {
		return rerr(r, line, col, "%s: %s", what,
			    has_unit ? "a value with a unit where the rows before had none"
				     : "a unit-less value where the rows before carry their "
				       "unit (e.g. \"69.32 W\"): a cut or edited line?");
	}
	return 0;
}

/* The GPU a row belongs to. */
static void row_key(reader *r, char **f, char *key, size_t n)
{
	int i;
	size_t len = 0;

	key[0] = '\0';
	if (r->c_idx >= 0) {
		snprintf(key, n, "%s", f[r->c_idx]);
		return;
	}
	if (r->fmt == WF_PLOG_DCGM) {
		for (i = 0; i < r->nlab && len + 2 < n; i++)
			len += (size_t)snprintf(key + len, n - len, "%s%s", i ? "/" : "",
						f[r->c_lab[i]]);
		return;
	}
	if (r->fmt == WF_PLOG_NVSMI && r->o->gpus > 1)
		snprintf(key, n, "#%zu", r->row % (size_t)r->o->gpus);
}

static int codecarbon_row(reader *r, char **f, const int *col, int line, double t_end)
{
	double dur, e_kwh;
	char *end, q[80];
	int rc;

	if ((rc = row_value(r, f[r->c_val], line, col[r->c_val], &e_kwh)))
		return rc;
	dur = strtod(f[r->c_dur], &end);
	if (end == f[r->c_dur] || *end || !isfinite(dur) || dur < 0)
		return rerr(r, line, col[r->c_dur], "duration: expected seconds >= 0, got \"%s\"",
			    quote(q, sizeof q, f[r->c_dur]));
	if (r->row && t_end < r->last_end)
		return rerr(r, line, col[r->c_ts], "timestamp %s is before the previous run's "
			    "end (line %d): not in time order (CodeCarbon appends runs as they "
			    "end)", f[r->c_ts], r->last_end_line);
	r->last_end = t_end;
	r->last_end_line = line;
	if (dur == 0) {
		if (e_kwh > 0)
			return rerr(r, line, col[r->c_dur], "duration: 0 s for a run that used "
				    "energy");
		return 0;
	}
	{
		/* power over the step as stored, so that power x length gives the
		 * run's energy back to the last bit */
		double t0 = t_end - dur;
		char key[32];
		snprintf(key, sizeof key, "run %d", line);
		return wf_plog__push(&r->d, key, t0, e_kwh * 3.6e6 / (t_end - t0), t_end, line,
				     r->path, r->err);
	}
}

static int read_row(reader *r, char *line, int lineno)
{
	char *f[PLOG_MAX_COLS + 1], key[256];
	int col[PLOG_MAX_COLS + 1], nf, rc, len = (int)strlen(line);
	double t, v;
	char a[16], b[16];

	if ((nf = wf_csv_fields(line, f, col, r->ncol)) < 0)
		return rerr(r, lineno, 1, "unterminated quote");
	if (nf != r->ncol) {
		snprintf(a, sizeof a, "%d", r->ncol);
		snprintf(b, sizeof b, "%s%d", nf > r->ncol ? "more than " : "",
			 nf > r->ncol ? r->ncol : nf);
		return rerr(r, lineno, nf > r->ncol ? col[r->ncol] : len + 1,
			    nf < r->ncol ? "expected %s fields as in the header, got %s (a "
					   "truncated line?)"
					 : "expected %s fields as in the header, got %s", a, b);
	}
	if ((rc = row_time(r, f[r->c_ts], lineno, col[r->c_ts], &t)))
		return rc;
	if (r->fmt == WF_PLOG_CODECARBON)
		rc = codecarbon_row(r, f, col, lineno, t);
	else if (!(rc = row_value(r, f[r->c_val], lineno, col[r->c_val], &v))) {
		row_key(r, f, key, sizeof key);
		rc = wf_plog__push(&r->d, key, t, v, NAN, lineno, r->path, r->err);
		if (rc && r->fmt == WF_PLOG_NVSMI && r->c_idx < 0 && r->o->gpus <= 1 &&
		    r->err && strstr(r->err->message, "not after"))
			snprintf(r->err->message + strlen(r->err->message),
				 sizeof r->err->message - strlen(r->err->message),
				 "; without an index column, several GPUs are told apart only "
				 "by power_log.gpus");
	}
	r->row++;
	return rc;
}

/* --------------------------------------------------------------- the file */

static int parse_text(reader *r, char *text, size_t len)
{
	char *line = text, *next;
	int lineno = 0, rc, header = 0;

	while (line < text + len) {
		size_t l;
		next = memchr(line, '\n', (size_t)(text + len - line));
		if (next)
			*next++ = '\0';
		else
			next = text + len, r->last_line_open = 1;
		lineno++;
		l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (strspn(line, " \t") == l) {
			line = next;
			continue;
		}
		if (!header) {
			if (lineno == 1 && (unsigned char)line[0] == 0xEF &&
			    (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF)
				line += 3;
			if (lineno != 1)
				return rerr(r, lineno, 1, "expected the header on line 1");
			if ((rc = read_header(r, line)))
				return rc;
			header = 1;
		} else if ((rc = read_row(r, line, lineno))) {
			return rc;
		}
		line = next;
		r->last_line_open = 0;
	}
	if (!header)
		return rerr(r, 1, 1, "empty file; expected a header: %s", FORMATS_HELP);
	if (r->row == 0)
		return rerr(r, lineno + 1, 1, "no data rows after the header");
	r->lg->rows = r->row;
	return 0;
}

static int check_options(const wf_plog_options *o, const char *name, wf_error *err)
{
	if (!o || (o->has_offset && !(fabs(o->utc_offset_s) <= 18 * 3600.0)) ||
	    (!isnan(o->max_gap_s) && !(o->max_gap_s > 0)) || o->gpus < 0 ||
	    (int)o->format < 0 || (int)o->format >= (int)WF_PLOG_COUNT_)
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, name, 0, 0,
				    "invalid power log options");
	return 0;
}

int wf_powerlog_parse(wf_powerlog **out, const char *text, size_t len, const char *name,
		      const wf_plog_options *o, wf_error *err)
{
	reader r;
	char *copy = NULL;
	const char *nul;
	locale_t c_loc, old;
	size_t tail = 0;
	int rc;

	if (!out || (!text && len))
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, name, 0, 0, "invalid arguments");
	*out = NULL;
	name = name ? name : "<power log>";
	if ((rc = check_options(o, name, err)))
		return rc;
	if (len > PLOG_MAX_BYTES)
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, name, 0, 0,
				    "power log is %zu bytes; the limit is %d", len, PLOG_MAX_BYTES);
	while (tail < len && text[len - 1 - tail] == '\0')
		tail++;
	len -= tail;
	if (len && (nul = memchr(text, '\0', len))) {
		int line = 1;
		const char *p;
		for (p = text; p < nul; p++)
			line += *p == '\n';
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, name, line, 0,
				    "binary data (a NUL byte) inside the file; expected CSV text");
	}
	memset(&r, 0, sizeof r);
	r.path = name;
	r.o = o;
	r.err = err;
	r.units = r.zone = -1;
	if (!(copy = malloc(len + 1)) || !(r.lg = calloc(1, sizeof *r.lg)) ||
	    !(r.lg->path = strdup(name))) {
		rc = wf_error_set(err, WF_ENOMEM, PLOG_MOD, name, 0, 0, "out of memory");
		goto done;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	r.lg->nul_tail = tail;
	r.d.runs = 0;
	c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_loc == (locale_t)0) {
		rc = wf_error_set(err, WF_ENOMEM, PLOG_MOD, name, 0, 0, "out of memory");
		goto done;
	}
	old = uselocale(c_loc);
	rc = parse_text(&r, copy, len);
	uselocale(old);
	freelocale(c_loc);
	if (!rc && r.fmt == WF_PLOG_NVSMI && r.c_idx < 0 && r.o->gpus < 1)
		rc = wf_error_set(err, WF_EINPUT, PLOG_MOD, name, 1, 1,
				  "an nvidia-smi log without an index column: declare "
				  "power_log.gpus (GPUs per sampling round; 1 for a single GPU) "
				  "or workload.devices");
	if (!rc) {
		r.d.runs = r.fmt == WF_PLOG_CODECARBON;
		r.lg->by_index = r.c_idx >= 0 || r.nlab > 0;
		rc = wf_plog__build(r.lg, &r.d, o, err);
	}
done:
	wf_plog__data_free(&r.d);
	free(r.header);
	free(copy);
	if (rc) {
		wf_powerlog_free(r.lg);
		return rc;
	}
	*out = r.lg;
	return 0;
}

int wf_powerlog_load(wf_powerlog **out, const char *path, const wf_plog_options *o,
		     wf_error *err)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int rc;

	if (!out || !path)
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, path, 0, 0, "invalid arguments");
	*out = NULL;
	if (!(f = fopen(path, "rb")))
		return wf_error_set(err, errno == ENOENT ? WF_ENOTFOUND : WF_EIO, PLOG_MOD, path,
				    0, 0, "cannot open the power log: %s", strerror(errno));
	for (;;) {
		if (len == cap) {
			char *nb;
			cap = cap ? 2 * cap : 1 << 16;
			if (cap > (size_t)PLOG_MAX_BYTES + 1)
				cap = (size_t)PLOG_MAX_BYTES + 1;
			if (len == cap || !(nb = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				return len == cap ? wf_error_set(err, WF_EINPUT, PLOG_MOD, path, 0, 0,
								 "power log is over %d bytes",
								 PLOG_MAX_BYTES)
						  : wf_error_set(err, WF_ENOMEM, PLOG_MOD, path, 0, 0,
								 "out of memory");
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return wf_error_set(err, WF_EIO, PLOG_MOD, path, 0, 0, "cannot read the power log");
	}
	fclose(f);
	rc = wf_powerlog_parse(out, buf ? buf : "", len, path, o, err);
	free(buf);
	return rc;
}

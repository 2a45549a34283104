/*
 * measured.c - energy that was measured, not estimated: workload.energy
 * ({value, scope}) or workload.power_log (a log read by powerlog.c and
 * integrated, E = ∫ P dt).  What the measurement covers decides what the
 * engine adds, and only that:
 *
 *   scope accelerators (and every log):  E_IT = E + host_power x device-time
 *                                          (host only when declared)
 *   scope it:                              E_IT = E
 *   scope facility:                        E_fac = E (no PUE applied;
 *                                          E_IT = E / PUE when a PUE is given)
 *   then E_fac = E_IT x PUE (facility.c) and the emissions as for any job.
 *
 * A log's span is the job's window (start and wall time); its GPUs are the
 * devices.  Below workload.c, which calls it; plausibility is checked in
 * workload.c, which knows the device time.
 */
#include "engine_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "powerlog.h"
#include "series.h"

static const char *const scope_names[] = {"", "accelerators", "it", "facility"};

const char *wf_measured_scope_name(int scope)
{
	return scope >= 0 && scope <= WF_ESCOPE_FACILITY ? scope_names[scope] : "?";
}

/* Keys an estimate needs that a measurement replaces: give one or the other. */
static int conflicts(wf_rctx *c, const char *what, const wf_node *at)
{
	const wf_workload *w = &c->pl->wl;
	static const struct {
		const char *key;
		size_t off;
		int for_log;  /* 1: only a log conflicts with it */
	} keys[] = {
		{"power_per_device", offsetof(wf_workload, power_per_device), 0},
		{"utilisation", offsetof(wf_workload, utilisation), 0},
		{"overhead_factor", offsetof(wf_workload, overhead_factor), 0},
		{"runs", offsetof(wf_workload, runs), 0},
		{"energy_per_token", offsetof(wf_workload, energy_per_token), 0},
		{"energy_per_request", offsetof(wf_workload, energy_per_request), 0},
		{"throughput", offsetof(wf_workload, throughput), 0},
		{"device_hours", offsetof(wf_workload, device_hours), 1},
		{"wall_time", offsetof(wf_workload, wall_time), 1},
		{"flops", offsetof(wf_workload, flops), 1},
		{"mfu", offsetof(wf_workload, mfu), 1},
		{"params", offsetof(wf_workload, params), 1},
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof *keys; i++) {
		const wf_param *p = (const wf_param *)((const char *)w + keys[i].off);
		if (!p->set || (keys[i].for_log && !w->power_log))
			continue;
		return wf_error_set(c->err, WF_EINPUT, "scenario", p->file ? p->file : at->file,
				    p->file ? p->line : at->line, p->file ? p->col : at->col,
				    "%s: the %s replaces %s; give one or the other (a "
				    "measured run already includes its restarts and repeats)",
				    keys[i].key, what,
				    keys[i].for_log ? "the estimate of the run's time (the log's "
						      "span is the run)"
						    : "the estimate of the power or energy");
	}
	if (w->power_log && wf_node_get(c->sc->root, "start")) {
		const wf_node *sn = wf_node_get(c->sc->root, "start");
		return wf_r_err(c->err, sn, "start: the power log's first timestamp is the "
				"job's start; drop start%s%s", "", "");
	}
	return 0;
}

/* The log's reading options from the scenario (and workload.devices for
 * an nvidia-smi log without an index column). */
static void log_options(const wf_plan *pl, const wf_plog_spec *s, wf_plog_options *o)
{
	wf_plog_options init = WF_PLOG_OPTIONS_INIT;

	*o = init;
	o->format = (wf_plog_format)s->format;
	o->has_offset = s->has_offset;
	o->utc_offset_s = s->utc_offset_s;
	o->max_gap_s = s->max_gap_s;
	o->column = s->column;
	o->gpus = s->gpus;
	if (!o->gpus && pl->in[P_DEVICES].set) {
		double n = wf_r_nom(&pl->in[P_DEVICES]);
		if (n >= 1 && n <= 65536 && n == floor(n))
			o->gpus = (int)n;
	}
}

/* What the log said beyond its energy: gaps, padding, the clock. */
static void log_notes(wf_plan *pl, const wf_powerlog *lg, const wf_plog_spec *s)
{
	char b1[64], b2[64];

	wf_strbuf_printf(&pl->notes, "energy measured: %s log %s (%s, %zu rows, %zu %s), "
				     "integrated as steps held until the next sample; the "
				     "log's span %s to %s is the job's window\n",
			 wf_powerlog_format_name(lg->format), lg->path, lg->column, lg->rows,
			 lg->channels, lg->format == WF_PLOG_CODECARBON ? (lg->channels == 1 ? "run" : "runs")
			 : lg->channels == 1 ? "GPU" : "GPUs",
			 wf_series_format_time(b1, 64, lg->begin),
			 wf_series_format_time(b2, 64, lg->end));
	if (lg->gaps)
		wf_strbuf_printf(&pl->notes, "power log: %zu gaps longer than max_gap %.4g s%s "
					     "(%.4g s in all, the longest %.4g s before line %d) "
					     "are not counted: nothing was measured there\n",
				 lg->gaps, lg->max_gap_s,
				 lg->max_gap_default ? " (default: 5 x the median spacing)" : "",
				 lg->gap_s, lg->longest_gap_s, lg->longest_gap_line);
	if (lg->format == WF_PLOG_CODECARBON && lg->covered_s < lg->end - lg->begin)
		wf_strbuf_printf(&pl->notes, "power log: the runs cover %.6g s of the %.6g s "
					     "between the first start and the last end; the time "
					     "between runs is not counted\n", lg->covered_s,
				 lg->end - lg->begin);
	if (lg->format == WF_PLOG_CODECARBON && lg->channel_s > lg->covered_s * (1 + 1e-12))
		wf_strbuf_printf(&pl->notes, "power log: runs overlap in time (%.6g s of runs in "
					     "%.6g s): their energies add up\n", lg->channel_s,
				 lg->covered_s);
	if (lg->format == WF_PLOG_CODECARBON && strcmp(lg->column, "gpu_energy"))
		wf_strbuf_printf(&pl->notes, "power log: CodeCarbon's %s covers CPU, GPU and RAM "
					     "as CodeCarbon measured or estimated them; declaring "
					     "host_power as well counts the host twice\n",
				 lg->column);
	if (lg->nul_tail)
		wf_strbuf_printf(&pl->notes, "power log: %zu NUL bytes after the last line were "
					     "read past (a writer stopped mid-write)\n", lg->nul_tail);
	if (lg->local_time)
		wf_strbuf_printf(&pl->notes, "power log: local timestamps placed in UTC with "
					     "utc_offset %+.4g h (%s:%d:%d)\n",
				 s->utc_offset_s / 3600.0, s->file, s->line, s->col);
}

static int resolve_log(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_plog_spec *s = pl->wl.power_log;
	wf_plog_options o;
	wf_powerlog *lg;
	char note[1200];
	int rc;

	log_options(pl, s, &o);
	if ((rc = wf_powerlog_load(&pl->log, s->path, &o, c->err))) {
		if (rc == WF_ENOTFOUND) {
			wf_error_clear(c->err);
			return wf_error_set(c->err, WF_ENOTFOUND, "scenario", s->file, s->line,
					    s->col, "power_log: no file \"%s\"", s->path);
		}
		return rc;
	}
	lg = pl->log;
	if (pl->in[P_DEVICES].set && lg->by_index &&
	    fabs(wf_r_nom(&pl->in[P_DEVICES]) - (double)lg->channels) > 0.5)
		return wf_error_set(c->err, WF_EINPUT, "scenario", pl->in[P_DEVICES].file,
				    pl->in[P_DEVICES].line, pl->in[P_DEVICES].col,
				    "devices: %.6g, but the power log %s measured %zu GPUs; the "
				    "log's GPUs are the devices (drop devices)",
				    wf_r_nom(&pl->in[P_DEVICES]), lg->path, lg->channels);
	if (!pl->in[P_DEVICES].set && lg->format != WF_PLOG_CODECARBON) {
		snprintf(note, sizeof note, "the GPUs in the power log %s", lg->path);
		wf_r_fixed(&pl->in[P_DEVICES], WF_DIM_NONE, (double)lg->channels,
			   wf_arena_strdup(&c->scratch->arena, note));
		pl->devices_known = 1;
	}
	snprintf(note, sizeof note, "the power log's span, first to last timestamp (%s)",
		 lg->path);
	wf_r_fixed(&pl->in[P_WALL_S], WF_DIM_TIME, lg->end - lg->begin,
		   wf_arena_strdup(&c->scratch->arena, note));
	pl->wall_known = 1;
	snprintf(note, sizeof note, "∫ P dt over the power log %s (%s, column %s: %zu steps, "
		 "%.6g s measured, max_gap %.4g s)", lg->path, wf_powerlog_format_name(lg->format),
		 lg->column, lg->n, lg->covered_s, lg->max_gap_s);
	wf_r_fixed(&pl->in[P_ENERGY], WF_DIM_ENERGY, lg->energy_j,
		   wf_arena_strdup(&c->scratch->arena, note));
	pl->in[P_ENERGY].file = s->file;
	pl->in[P_ENERGY].line = s->line;
	pl->in[P_ENERGY].col = s->col;
	pl->energy_scope = WF_ESCOPE_ACCEL;
	log_notes(pl, lg, s);
	return 0;
}

int wf_measured_resolve(wf_rctx *c)
{
	wf_plan *pl = c->pl;
	const wf_workload *w = &pl->wl;
	const wf_node *at;
	int rc;

	if (!w->energy.set && !w->power_log)
		return 0;
	if (w->energy.set && w->power_log)
		return wf_error_set(c->err, WF_EINPUT, "scenario", w->power_log->file,
				    w->power_log->line, w->power_log->col,
				    "power_log: the workload gives energy already; give one");
	pl->measured = 1;
	at = wf_node_get(c->sc->root, "workload");
	if ((rc = conflicts(c, w->power_log ? "power log" : "measured energy", at)))
		return rc;
	if (w->power_log)
		return resolve_log(c);
	wf_r_take(pl, P_ENERGY, &w->energy);
	pl->energy_scope = w->energy_scope;
	wf_strbuf_printf(&pl->notes, "energy measured (scope %s): %s\n",
			 scope_names[w->energy_scope],
			 w->energy_scope == WF_ESCOPE_ACCEL
				 ? "the host share (when host_power is declared) and PUE are added"
			 : w->energy_scope == WF_ESCOPE_IT ? "PUE is added; no host share (it is in "
							     "the IT energy)"
							   : "nothing is added (the facility's meter "
							     "includes PUE)");
	return 0;
}

/* E_IT (or, for scope facility, nothing: facility.c takes E_fac) from the
 * measurement, with the host share when declared. */
void wf_measured_eval(const wf_plan *pl, const double *x, wf_figs *f, wf_strbuf *tr)
{
	char b1[64], b2[64], b3[64], b4[64];
	double host_s = NAN, host = 0;

	switch (pl->energy_scope) {
	case WF_ESCOPE_IT:
		f->e_it = x[P_ENERGY];
		WF_TR(tr, "energy_it = %s (measured, scope it: the host is in it)\n",
		      fq(b1, 64, f->e_it, WF_DIM_ENERGY));
		break;
	case WF_ESCOPE_FACILITY:
		f->e_it = NAN; /* facility.c: E_fac = the measurement */
		break;
	default:
		if (f->p_host > 0) {
			host_s = pl->log ? pl->log->channel_s : f->ds;
			host = f->p_host * host_s;
		}
		f->e_it = x[P_ENERGY] + host;
		if (pl->log)
			WF_TR(tr, "energy measured = ∫ P(t) dt over the power log = %s  (%zu steps "
				  "of %zu %s, each sample held until the next; %zu gaps not "
				  "counted)\n", fq(b1, 64, x[P_ENERGY], WF_DIM_ENERGY), pl->log->n,
			      pl->log->channels,
			      pl->log->format == WF_PLOG_CODECARBON ? "runs" : "GPUs",
			      pl->log->gaps);
		else
			WF_TR(tr, "energy measured = %s (scope accelerators)\n",
			      fq(b1, 64, x[P_ENERGY], WF_DIM_ENERGY));
		if (host > 0)
			WF_TR(tr, "energy_it = measured + host power per device x %s = %s + %s x "
				  "%s = %s\n", pl->log ? "the GPUs' measured time" : "device-hours",
			      fq(b1, 64, x[P_ENERGY], WF_DIM_ENERGY),
			      fq(b2, 64, f->p_host, WF_DIM_POWER), fh(b3, 64, host_s),
			      fq(b4, 64, f->e_it, WF_DIM_ENERGY));
		else
			WF_TR(tr, "energy_it = measured = %s (no host_power declared: what was "
				  "measured is what counts)\n", fq(b1, 64, f->e_it, WF_DIM_ENERGY));
		break;
	}
	if (isfinite(f->ds) && f->ds > 0 && isfinite(f->e_it))
		f->p_it = f->e_it / f->ds;
}

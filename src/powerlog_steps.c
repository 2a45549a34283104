/*
 * powerlog_steps.c - from the samples of each GPU to steps of constant
 * power (powerlog.h): each sample holds until the next sample of the same
 * GPU; a jump longer than max_gap is a gap, counted and reported, never
 * bridged; the steps of every GPU together are the log's power.  Sums use
 * Neumaier's compensated summation (Neumaier 1974, "Rundungsfehleranalyse
 * einiger Verfahren zur Summation endlicher Summen"), so a long log at
 * 100 ms adds up to the last bits of its steps.
 */
#include "powerlog_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "series.h"

void wf_plog__data_free(plog_data *d)
{
	size_t i;

	for (i = 0; i < d->nch; i++) {
		free(d->ch[i].key);
		free(d->ch[i].t);
		free(d->ch[i].v);
		free(d->ch[i].t1);
		free(d->ch[i].line);
	}
	free(d->ch);
	memset(d, 0, sizeof *d);
}

void wf_powerlog_free(wf_powerlog *lg)
{
	if (!lg)
		return;
	free(lg->path);
	free(lg->t0);
	free(lg->t1);
	free(lg->p_w);
	free(lg);
}

static int oom(const char *path, wf_error *err)
{
	return wf_error_set(err, WF_ENOMEM, PLOG_MOD, path, 0, 0, "out of memory");
}

static plog_chan *channel(plog_data *d, const char *key, const char *path, int line,
			  wf_error *err)
{
	size_t i;
	plog_chan *c;

	if (d->nch && strcmp(d->ch[d->last].key, key) == 0)
		return &d->ch[d->last];
	for (i = 0; i < d->nch; i++)
		if (strcmp(d->ch[i].key, key) == 0) {
			d->last = i;
			return &d->ch[i];
		}
	if (d->nch == PLOG_MAX_CHANNELS) {
		wf_error_set(err, WF_EINPUT, PLOG_MOD, path, line, 1,
			     "more than %d GPUs (or runs) in one log", PLOG_MAX_CHANNELS);
		return NULL;
	}
	if (d->nch == d->cap) {
		size_t nc = d->cap ? 2 * d->cap : 16;
		plog_chan *nd = realloc(d->ch, nc * sizeof *nd);
		if (!nd) {
			oom(path, err);
			return NULL;
		}
		d->ch = nd;
		d->cap = nc;
	}
	c = &d->ch[d->nch];
	memset(c, 0, sizeof *c);
	if (!(c->key = strdup(key))) {
		oom(path, err);
		return NULL;
	}
	d->last = d->nch++;
	return c;
}

int wf_plog__push(plog_data *d, const char *key, double t, double v, double t1, int line,
		  const char *path, wf_error *err)
{
	plog_chan *c = channel(d, key, path, line, err);

	if (!c)
		return err && err->code ? err->code : WF_ENOMEM;
	if (isnan(t1) && c->n && t <= c->t[c->n - 1]) {
		char a[48], b[48];
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, path, line, 1,
				    "timestamp %s is not after the previous sample's %s%s%s (line "
				    "%d): timestamps must increase", wf_series_format_time(a, 48, t),
				    wf_series_format_time(b, 48, c->t[c->n - 1]),
				    key[0] ? " of GPU " : "", key, c->line[c->n - 1]);
	}
	if (c->n == c->cap) {
		size_t nc = c->cap ? 2 * c->cap : 256;
		double *nt = realloc(c->t, nc * sizeof *nt), *nv, *n1 = NULL;
		int *nl;
		if (nt)
			c->t = nt;
		nv = nt ? realloc(c->v, nc * sizeof *nv) : NULL;
		if (nv)
			c->v = nv;
		nl = nv ? realloc(c->line, nc * sizeof *nl) : NULL;
		if (nl)
			c->line = nl;
		if (nl && !isnan(t1) && (n1 = realloc(c->t1, nc * sizeof *n1)))
			c->t1 = n1;
		if (!nl || (!isnan(t1) && !n1))
			return oom(path, err);
		c->cap = nc;
	}
	c->t[c->n] = t;
	c->v[c->n] = v;
	c->line[c->n] = line;
	if (!isnan(t1))
		c->t1[c->n] = t1;
	c->n++;
	return 0;
}

/* Neumaier's sum: s + c is the running total. */
typedef struct ksum {
	double s, c;
} ksum;

static void kadd(ksum *k, double x)
{
	double t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A step, to sort by start. */
typedef struct step {
	double t0, t1, p;
} step;

static int cmp_step(const void *a, const void *b)
{
	double x = ((const step *)a)->t0, y = ((const step *)b)->t0;

	return (x > y) - (x < y);
}

/* The median spacing of the samples (or run length); 0 when none. */
static int median_step(const plog_data *d, double *out, const char *path, wf_error *err)
{
	size_t i, k, n = 0, m = 0;
	double *dt;

	for (i = 0; i < d->nch; i++)
		n += d->runs ? d->ch[i].n : (d->ch[i].n ? d->ch[i].n - 1 : 0);
	*out = 0;
	if (!n)
		return 0;
	if (!(dt = malloc(n * sizeof *dt)))
		return oom(path, err);
	for (i = 0; i < d->nch; i++)
		for (k = 0; k < d->ch[i].n; k++)
			if (d->runs)
				dt[m++] = d->ch[i].t1[k] - d->ch[i].t[k];
			else if (k + 1 < d->ch[i].n)
				dt[m++] = d->ch[i].t[k + 1] - d->ch[i].t[k];
	qsort(dt, m, sizeof *dt, cmp_double);
	*out = m % 2 ? dt[m / 2] : 0.5 * (dt[m / 2 - 1] + dt[m / 2]);
	free(dt);
	return 0;
}

/* The steps of one GPU's samples into the arrays at *k. */
static void channel_steps(wf_powerlog *lg, const plog_chan *c, int runs, size_t *k,
			  ksum *chan_s)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		double a = c->t[i], b;
		lg->p_min_w = fmin(lg->p_min_w, c->v[i]);
		lg->p_max_w = fmax(lg->p_max_w, c->v[i]);
		if (runs) {
			b = c->t1[i];
		} else {
			if (i + 1 == c->n)
				break;
			b = c->t[i + 1];
			if (b - a > lg->max_gap_s) {
				lg->gaps++;
				lg->gap_s += b - a;
				if (b - a > lg->longest_gap_s) {
					lg->longest_gap_s = b - a;
					lg->longest_gap_line = c->line[i + 1];
				}
				continue;
			}
		}
		lg->t0[*k] = a;
		lg->t1[*k] = b;
		lg->p_w[*k] = c->v[i];
		kadd(chan_s, b - a);
		(*k)++;
	}
}

/* Sort the steps by start and take the span, the covered time and the energy. */
static int sums(wf_powerlog *lg, const char *path, wf_error *err)
{
	step *st = malloc(lg->n * sizeof *st);
	double run_end = -INFINITY;
	ksum e = {0, 0}, cov = {0, 0};
	size_t i;

	if (!st)
		return oom(path, err);
	for (i = 0; i < lg->n; i++) {
		st[i].t0 = lg->t0[i];
		st[i].t1 = lg->t1[i];
		st[i].p = lg->p_w[i];
	}
	qsort(st, lg->n, sizeof *st, cmp_step);
	for (i = 0; i < lg->n; i++) {
		lg->t0[i] = st[i].t0;
		lg->t1[i] = st[i].t1;
		lg->p_w[i] = st[i].p;
	}
	free(st);
	lg->begin = lg->t0[0];
	lg->end = -INFINITY;
	for (i = 0; i < lg->n; i++) {
		double s = lg->t0[i], t = lg->t1[i];
		kadd(&e, lg->p_w[i] * (t - s));
		lg->end = fmax(lg->end, t);
		/* union of [s, t): steps arrive by start */
		if (s > run_end)
			kadd(&cov, t - s);
		else if (t > run_end)
			kadd(&cov, t - run_end);
		run_end = fmax(run_end, t);
	}
	lg->energy_j = e.s + e.c;
	lg->covered_s = cov.s + cov.c;
	return 0;
}

int wf_plog__build(wf_powerlog *lg, const plog_data *d, const wf_plog_options *o,
		   wf_error *err)
{
	size_t i, k = 0, cap = 0;
	ksum chan_s = {0, 0};
	int rc;

	if ((rc = median_step(d, &lg->step_s, lg->path, err)))
		return rc;
	if (!(lg->step_s > 0))
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, lg->path, 0, 0,
				    "%s", d->runs ? "no run with a duration above 0 s"
						  : "one sample per GPU: at least two are "
						    "needed to integrate");
	lg->channels = d->nch;
	lg->max_gap_default = !isfinite(o->max_gap_s);
	lg->max_gap_s = d->runs ? INFINITY : lg->max_gap_default ? 5 * lg->step_s : o->max_gap_s;
	lg->p_min_w = INFINITY;
	lg->p_max_w = -INFINITY;
	for (i = 0; i < d->nch; i++)
		cap += d->ch[i].n;
	if (!(lg->t0 = malloc(cap * sizeof(double))) || !(lg->t1 = malloc(cap * sizeof(double))) ||
	    !(lg->p_w = malloc(cap * sizeof(double))))
		return oom(lg->path, err);
	for (i = 0; i < d->nch; i++)
		channel_steps(lg, &d->ch[i], d->runs, &k, &chan_s);
	lg->n = k;
	lg->channel_s = chan_s.s + chan_s.c;
	if (k == 0)
		return wf_error_set(err, WF_EINPUT, PLOG_MOD, lg->path, lg->longest_gap_line, 1,
				    "every jump between samples is longer than max_gap (%g s): "
				    "nothing to integrate", lg->max_gap_s);
	return sums(lg, lg->path, err);
}

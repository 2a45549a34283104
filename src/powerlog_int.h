/*
 * powerlog_int.h - private to the power-log reader: powerlog.c reads the
 * formats row by row into each GPU's samples (or each run's step);
 * powerlog_steps.c turns the samples into steps, finds the gaps and sums.
 */
#ifndef WF_POWERLOG_INT_H
#define WF_POWERLOG_INT_H

#include "powerlog.h"

#define PLOG_MOD "power_log"

enum {
	PLOG_MAX_BYTES = 512 * 1024 * 1024,
	PLOG_MAX_COLS = 128,
	PLOG_MAX_CHANNELS = 65536
};

/* One GPU's samples (or, for CodeCarbon, the runs: one step per row). */
typedef struct plog_chan {
	char *key;           /* the index/label text, or "#k" by position */
	size_t n, cap;
	double *t;           /* sample times (CodeCarbon: run starts) */
	double *v;           /* W (CodeCarbon: run ends go in t1) */
	double *t1;          /* CodeCarbon only: run ends */
	int *line;
} plog_chan;

typedef struct plog_data {
	plog_chan *ch;
	size_t nch, cap;
	size_t last;         /* channel of the previous row (a cache) */
	int runs;            /* CodeCarbon: rows are steps, not samples */
} plog_data;

/* powerlog_steps.c: a sample (or a run) of channel `key`. */
int wf_plog__push(plog_data *d, const char *key, double t, double v, double t1, int line,
		  const char *path, wf_error *err);

/* powerlog_steps.c: the steps, gaps and sums of the samples into lg. */
int wf_plog__build(wf_powerlog *lg, const plog_data *d, const wf_plog_options *o,
		   wf_error *err);

void wf_plog__data_free(plog_data *d);

#endif

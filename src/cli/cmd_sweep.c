/*
 * cmd_sweep.c - `wattif sweep FILE [-j N] [-o OUT.csv|OUT.jsonl] [--resume]
 * [--max-points N] [--format csv|jsonl] [--summary AXES]`; FILE '-' is
 * standard input.
 *
 * The library evaluates any range of points; this file orders the rows.
 * Points go out in chunks: worker threads claim chunks in order, evaluate
 * and format their rows into one of a fixed ring of buffers, and the main
 * thread writes finished chunks strictly in order with write(2).  Memory
 * is the ring (a few chunks per thread), whatever the number of points.
 *
 * Nothing lost.  Rows reach the file only as whole chunks of whole rows;
 * SIGINT and SIGTERM stop the writer between chunks (status 128 + signal);
 * the file is fsync'ed about once a second, and each time its resume
 * record (OUT.wattif, sweep_journal.h) is rewritten.  --resume continues
 * only a file whose record proves every byte is this sweep's, so the
 * finished file is byte-identical to an uninterrupted run.  OUT is opened
 * through output.c: locked while written, never an input of the sweep.
 *
 * --summary AXES writes no rows: each thread adds its chunks to its own
 * wf_sweep_summary, and the summaries (merged in any order to the same
 * figures) are written once at the end.
 *
 * With -DWF_MPI (make MPI=1) the chunks are dealt round-robin to the MPI
 * ranks; each rank runs the same threads over its own chunks and sends
 * them to rank 0, which writes them in order: the same file again (with
 * --summary, each rank sends its summary).  Only the main thread of a rank
 * calls MPI (MPI_THREAD_FUNNELED), and it never waits in a blocking MPI
 * call, whose progress loop spins on a core: it polls (MPI_Test,
 * MPI_Iprobe) and sleeps between polls, 1 us doubling to at most 200 us.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef WF_MPI
#include <mpi.h>
#endif

#include "cli.h"
#include "output.h"
#include "sweep_journal.h"

enum { MAX_THREADS = 64, TAG_ROWS = 1, TAG_ERROR = 2, TAG_SUMMARY = 3 };

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

typedef struct chunk {
	int ready;
	int rc;                /* evaluation error, with err */
	wf_error err;
	char *buf;
	size_t len, cap;
} chunk;

typedef struct run {
	const wf_sweep *sw;
	wf_sweep_format fmt;
	size_t first;          /* first point (after --resume) */
	size_t per_chunk;      /* points per chunk */
	size_t n_chunks;       /* over all ranks */
	int rank, ranks;
	size_t n_local;        /* chunks of this rank */
	pthread_mutex_t mu;
	pthread_cond_t cv_ready, cv_free;
	size_t next;           /* next local chunk to claim */
	size_t done;           /* local chunks handed on (written or sent) */
	int quit;
	size_t ring;
	chunk *slots;
	journal *jn;           /* rank 0: OUT's resume record */
	const char *by;        /* --summary: the axes; NULL: rows */
	wf_sweep_summary *sums[MAX_THREADS]; /* --summary: one per thread */
	int n_sums;
} run;

/* The options of one invocation. */
typedef struct opts {
	const char *file, *out, *fmt_name, *by;
	wf_sweep_options lo;
	int threads, resume;
} opts;

static size_t chunk_global(const run *r, size_t j)
{
	return j * (size_t)r->ranks + (size_t)r->rank;
}

static void chunk_points(const run *r, size_t c, size_t *k0, size_t *k1)
{
	size_t n = wf_sweep_point_count(r->sw);

	*k0 = r->first + c * r->per_chunk;
	*k1 = *k0 + r->per_chunk < n ? *k0 + r->per_chunk : n;
}

static int exit_status(int rc)
{
	return rc == WF_EINPUT || rc == WF_EDIM || rc == WF_ENOTFOUND ? EXIT_INPUT : EXIT_FAIL;
}

/* ------------------------------------------------------------- threads */

/* Evaluate chunk c: its rows into ch, or (summary) into the summary s. */
static void fill_chunk(run *r, wf_sweep_worker *w, wf_sweep_summary *s, chunk *ch, size_t c)
{
	size_t k0, k1;

	ch->len = 0;
	ch->rc = 0;
	wf_error_clear(&ch->err);
	chunk_points(r, c, &k0, &k1);
	if (s)
		ch->rc = wf_sweep_summary_add(s, w, k0, k1, &ch->err);
	else
		ch->rc = wf_sweep_rows(w, k0, k1, r->fmt, &ch->buf, &ch->len, &ch->cap, &ch->err);
}

static void *worker(void *arg)
{
	run *r = arg;
	wf_sweep_worker *w = NULL;
	wf_sweep_summary *s = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	rc = wf_sweep_worker_new(&w, r->sw, &err);
	if (rc == 0 && r->by)
		rc = wf_sweep_summary_new(&s, r->sw, r->by, 0, &err);
	pthread_mutex_lock(&r->mu);
	if (s)
		r->sums[r->n_sums++] = s;
	while (!r->quit) {
		size_t j;
		chunk *ch;
		if (r->next >= r->n_local)
			break;
		if (r->next >= r->done + r->ring) {
			pthread_cond_wait(&r->cv_free, &r->mu);
			continue;
		}
		j = r->next++;
		ch = &r->slots[j % r->ring];
		pthread_mutex_unlock(&r->mu);
		if (rc) {
			ch->rc = rc;
			ch->err = err;
		} else {
			fill_chunk(r, w, s, ch, chunk_global(r, j));
		}
		pthread_mutex_lock(&r->mu);
		ch->ready = 1;
		pthread_cond_broadcast(&r->cv_ready);
	}
	pthread_mutex_unlock(&r->mu);
	wf_sweep_worker_free(w);
	return NULL;
}

/* Wait for local chunk j. */
static chunk *wait_chunk(run *r, size_t j)
{
	chunk *ch = &r->slots[j % r->ring];

	pthread_mutex_lock(&r->mu);
	while (!ch->ready)
		pthread_cond_wait(&r->cv_ready, &r->mu);
	pthread_mutex_unlock(&r->mu);
	return ch;
}

static void release_chunk(run *r, chunk *ch)
{
	pthread_mutex_lock(&r->mu);
	ch->ready = 0;
	r->done++;
	pthread_cond_broadcast(&r->cv_free);
	pthread_mutex_unlock(&r->mu);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void progress(size_t done, size_t total, size_t first, double t0, int end)
{
	double dt = now_s() - t0, rate = dt > 0 ? (double)(done - first) / dt : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	int width = 30, fill = total ? (int)((double)width * (double)done / (double)total) : width;

	fprintf(stderr, "\r[%.*s%*s] %3.0f%% %zu/%zu points, %.0f/s, ETA %.0fs ", fill,
		"##############################", width - fill, "",
		total ? 100.0 * (double)done / (double)total : 100.0, done, total, rate, eta);
	if (end)
		fputc('\n', stderr);
	fflush(stderr);
}

/* ---------------------------------------------------------------- MPI */

#ifdef WF_MPI
/* Waiting without spinning: Open MPI's blocking calls poll in a busy loop
 * (a core at 100% for as long as a rank waits), so every wait here polls
 * and sleeps in between, from 1 us doubling to 200 us: a few thousand
 * cheap wake-ups a second at most. */
static void nap(long *ns)
{
	struct timespec ts = {0, *ns};

	nanosleep(&ts, NULL);
	if (*ns < 200000)
		*ns *= 2;
}

static void mpi_wait(MPI_Request *rq)
{
	long ns = 1000;
	int done = 0;

	for (;;) {
		MPI_Test(rq, &done, MPI_STATUS_IGNORE);
		if (done)
			return;
		nap(&ns);
	}
}

static void mpi_probe(int src, MPI_Status *st)
{
	long ns = 1000;
	int flag = 0;

	for (;;) {
		MPI_Iprobe(src, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, st);
		if (flag)
			return;
		nap(&ns);
	}
}

static void mpi_send(const char *p, size_t n, int tag)
{
	MPI_Request rq;

	MPI_Isend(p, (int)n, MPI_CHAR, 0, tag, MPI_COMM_WORLD, &rq);
	mpi_wait(&rq);
}

/* A message from rank src into *buf (grown); its tag. */
static int mpi_recv(int src, char **buf, size_t *len)
{
	MPI_Status st;
	int n;
	char *b;

	mpi_probe(src, &st);
	MPI_Get_count(&st, MPI_CHAR, &n);
	if (!(b = realloc(*buf, (size_t)n + 1)))
		return -1;
	*buf = b;
	MPI_Recv(b, n, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	b[n] = '\0';
	*len = (size_t)n;
	return st.MPI_TAG;
}

/* A failure on another rank: the exit status as one digit, then the
 * message; rank 0 prints it and ends the job. */
static void send_error(const wf_error *err, int rc, size_t chunk_no)
{
	char msg[2300];
	int n = snprintf(msg, sizeof msg, "%d%zu ", exit_status(rc), chunk_no);

	wf_error_format(err, msg + n, sizeof msg - (size_t)n);
	mpi_send(msg, strlen(msg), TAG_ERROR);
}

/* Rank 0: print a TAG_ERROR message; its exit status and chunk. */
static int recv_error_print(const char *msg, size_t *chunk_no)
{
	char *end;

	*chunk_no = (size_t)strtoull(msg + 1, &end, 10);
	fprintf(stderr, "wattif: %s\n", *end ? end + 1 : "");
	return msg[0] == '0' + EXIT_INPUT ? EXIT_INPUT : EXIT_FAIL;
}
#endif

/* ------------------------------------------------------------- writing */

/* Rank 0 (or the only process): write chunks in order. */
static int write_chunks(run *r, int fd, const char *out, int tty)
{
	size_t c, done_pts = r->first, total = wf_sweep_point_count(r->sw);
	double t0 = now_s(), last_sync = t0, last_bar = 0;
	char *rbuf = NULL;
	int status = 0;

	for (c = 0; c < r->n_chunks && !stop_signal && status == 0; c++) {
		const char *p = NULL;
		size_t len = 0, k0, k1;
		chunk *ch = NULL;
		if (c % (size_t)r->ranks == 0) {
			ch = wait_chunk(r, c / (size_t)r->ranks);
			if (ch->rc) {
				status = cli_fail(&ch->err, ch->rc);
				break;
			}
			p = ch->buf;
			len = ch->len;
		} else {
#ifdef WF_MPI
			size_t bad;
			int tag = mpi_recv((int)(c % (size_t)r->ranks), &rbuf, &len);
			if (tag < 0)
				status = EXIT_FAIL;
			else if (tag == TAG_ERROR)
				status = recv_error_print(rbuf, &bad);
			if (status)
				break;
			p = rbuf;
#else
			break;
#endif
		}
		if (cli_write_all(fd, p, len)) {
			fprintf(stderr, "wattif sweep: writing %s: %s\n", out, strerror(errno));
			status = EXIT_FAIL;
			break;
		}
		chunk_points(r, c, &k0, &k1);
		journal_add(r->jn, p, len, k1);
		if (ch)
			release_chunk(r, ch);
		done_pts = k1;
		if (now_s() - last_sync > 1) {
			/* the record never claims rows that are not on disk */
			fsync(fd);
			status = journal_save(r->jn);
			last_sync = now_s();
		}
		if (tty && now_s() - last_bar > 0.1) {
			progress(done_pts, total, r->first, t0, 0);
			last_bar = now_s();
		}
	}
	free(rbuf);
	if (tty)
		progress(done_pts, total, r->first, t0, 1);
	if (stop_signal && status == 0 && done_pts < total) {
		fprintf(stderr, "wattif sweep: stopped by signal %d after %zu of %zu points; "
			"`--resume` continues\n", (int)stop_signal, done_pts, total);
		status = 128 + (int)stop_signal;
	}
	return status;
}

#ifdef WF_MPI
/* Ranks other than 0: send local chunks to rank 0 in order.  A point that
 * fails goes to rank 0 as TAG_ERROR; this returns the negated status
 * (handed over: rank 0 reports it and ends the job). */
static int send_chunks(run *r)
{
	size_t j;

	for (j = 0; j < r->n_local && !stop_signal; j++) {
		chunk *ch = wait_chunk(r, j);
		if (ch->rc) {
			send_error(&ch->err, ch->rc, chunk_global(r, j));
			return -exit_status(ch->rc);
		}
		mpi_send(ch->buf, ch->len, TAG_ROWS);
		release_chunk(r, ch);
	}
	return stop_signal ? 128 + (int)stop_signal : 0;
}
#endif

/* --summary: wait for this rank's chunks in order (the first that failed
 * is the one reported) and merge the threads' summaries into sums[0].
 * *bad is the failed chunk (global number), or SIZE_MAX. */
static int summarise_local(run *r, int tty, size_t *bad, wf_error *err, int *rc)
{
	size_t j, total = wf_sweep_point_count(r->sw);
	double t0 = now_s(), last_bar = 0;
	int t;

	*bad = (size_t)-1;
	*rc = 0;
	for (j = 0; j < r->n_local && !stop_signal; j++) {
		chunk *ch = wait_chunk(r, j);
		if (ch->rc && *bad == (size_t)-1) {
			*bad = chunk_global(r, j);
			*rc = ch->rc;
			*err = ch->err;
		}
		release_chunk(r, ch);
		if (tty && now_s() - last_bar > 0.1) {
			size_t k0, k1;
			chunk_points(r, chunk_global(r, j), &k0, &k1);
			progress(k1, total, 0, t0, 0);
			last_bar = now_s();
		}
	}
	if (tty)
		progress(stop_signal ? 0 : total, total, 0, t0, 1);
	if (stop_signal)
		return 128 + (int)stop_signal;
	for (t = 1; t < r->n_sums && *rc == 0; t++)
		*rc = wf_sweep_summary_merge(r->sums[0], r->sums[t], err);
	if (*rc && *bad == (size_t)-1)
		*bad = 0;
	return 0;
}

#ifdef WF_MPI
/* --summary, other ranks: send the summary (or the failure) to rank 0. */
static int send_summary(run *r, size_t bad, const wf_error *err, int rc)
{
	char *packed = NULL;
	size_t len = 0;
	wf_error e;

	wf_error_clear(&e);
	if (rc == 0 && (rc = wf_sweep_summary_pack(r->sums[0], &packed, &len, &e))) {
		err = &e;
		bad = 0;
	}
	if (rc) {
		send_error(err, rc, bad);
		return -exit_status(rc);
	}
	mpi_send(packed, len, TAG_SUMMARY);
	free(packed);
	return 0;
}
#endif

/* --summary, rank 0: gather the other ranks' summaries, report the failure
 * of the lowest chunk if any (err: this rank's, at chunk bad), and write
 * the summary. */
static int finish_summary(run *r, cli_output *o, size_t bad, const wf_error *err, int rc)
{
	char *text = NULL;
	size_t len = 0;
	int status = 0;
	wf_error e;

	wf_error_clear(&e);
#ifdef WF_MPI
	char *remote = NULL;
	{
		char *buf = NULL;
		int src;
		for (src = 1; src < r->ranks && status == 0; src++) {
			size_t n = 0, c;
			int tag = mpi_recv(src, &buf, &n);
			if (tag == TAG_ERROR && (c = (size_t)strtoull(buf + 1, NULL, 10)) < bad) {
				/* the lowest chunk's failure is the one to report */
				bad = c;
				free(remote);
				remote = strdup(buf);
			} else if (tag == TAG_SUMMARY && !rc && !remote &&
				   (rc = wf_sweep_summary_merge_packed(r->sums[0], buf, n, &e))) {
				err = &e;
			} else if (tag < 0) {
				status = EXIT_FAIL;
			}
		}
		free(buf);
	}
#endif
#ifdef WF_MPI
	if (remote) {
		size_t c;
		status = recv_error_print(remote, &c);
		free(remote);
		return status;
	}
#else
	(void)bad;
#endif
	if (status)
		return status;
	if (rc)
		return cli_fail(err, rc);
	if ((rc = wf_sweep_summary_format(r->sums[0], r->fmt, &text, &len, &e)))
		return cli_fail(&e, rc);
	status = cli_output_write(o, text, len);
	free(text);
	return status;
}

static int run_sweep(run *r, int threads, int fd, cli_output *o, const char *out, int tty)
{
	pthread_t tid[MAX_THREADS];
	int started[MAX_THREADS] = {0}, t, status = 0, rc = 0;
	size_t i, bad = (size_t)-1;
	wf_error err;

	wf_error_clear(&err);
	r->ring = 4 * (size_t)threads;
	if (!(r->slots = calloc(r->ring, sizeof(*r->slots)))) {
		fprintf(stderr, "wattif sweep: out of memory\n");
		return EXIT_FAIL;
	}
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv_ready, NULL);
	pthread_cond_init(&r->cv_free, NULL);
	for (t = 0; t < threads; t++)
		started[t] = pthread_create(&tid[t], NULL, worker, r) == 0;
	if (!started[0]) {
		fprintf(stderr, "wattif sweep: cannot start a thread\n");
		status = EXIT_FAIL;
		r->n_local = 0;
	} else if (r->by) {
		status = summarise_local(r, tty, &bad, &err, &rc);
	} else if (r->rank == 0) {
		status = write_chunks(r, fd, out, tty);
	} else {
#ifdef WF_MPI
		status = send_chunks(r);
#else
		status = EXIT_FAIL;
#endif
	}
	pthread_mutex_lock(&r->mu);
	r->quit = 1;
	pthread_cond_broadcast(&r->cv_free);
	pthread_mutex_unlock(&r->mu);
	for (t = 0; t < threads; t++)
		if (started[t])
			pthread_join(tid[t], NULL);
	if (r->by && status == 0 && r->n_sums == 0)
		status = EXIT_FAIL; /* no summary: no thread started */
	if (r->by && status == 0 && r->rank == 0)
		status = finish_summary(r, o, bad, rc ? &err : NULL, rc);
#ifdef WF_MPI
	else if (r->by && status == 0)
		status = send_summary(r, bad, &err, rc);
#endif
	for (i = 0; i < r->ring; i++)
		free(r->slots[i].buf);
	free(r->slots);
	for (t = 0; t < r->n_sums; t++)
		wf_sweep_summary_free(r->sums[t]);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv_ready);
	pthread_cond_destroy(&r->cv_free);
	return status;
}

/* ------------------------------------------------------------------ main */

enum { OPT_THREADS = 1, OPT_OUTPUT, OPT_RESUME, OPT_MAX_POINTS, OPT_FORMAT, OPT_SUMMARY };

_Static_assert(WF_SWEEP_DEFAULT_MAX_POINTS == 100000000ULL, "--max-points' help names it");
_Static_assert(MAX_THREADS == CLI_MAX_THREADS, "-j's range is every command's");

static const cli_opt sweep_opts[] = {
	{OPT_THREADS, CLI_THREADS, "threads (1 to 64; default 1); the rows do not depend on it",
	 NULL},
	{OPT_OUTPUT, CLI_OUTPUT, "write to OUT (.jsonl: JSON Lines; otherwise CSV)\n"
				 "instead of stdout ('-': stdout); a regular OUT gets a\n"
				 "resume record beside it, OUT.wattif, and is locked", "@files"},
	{OPT_RESUME, "--resume", 0, NULL, "continue an interrupted OUT: only when its record proves\n"
					  "every row it holds is this sweep's", NULL},
	{OPT_MAX_POINTS, "--max-points", 0, "N", "refuse sweeps of more points (default 100000000)",
	 NULL},
	{OPT_FORMAT, CLI_FORMAT, "csv or jsonl (default: from OUT's name, else csv)", "csv jsonl"},
	{OPT_SUMMARY, "--summary", 0, "AXES", "no rows: per group of points with the same values\n"
					     "of AXES (comma-separated axis paths; all: one\n"
					     "group), the count, mean, min, max, p05, p50, p95\n"
					     "of each column", NULL},
	CLI_OPT_END};

const cli_spec cli_sweep_spec = {
	"sweep", cmd_sweep, "evaluate a grid of scenarios, one row per point (CSV/JSONL)",
	"FILE.yaml [-j N] [-o OUT.csv|OUT.jsonl] [--resume]\n"
	"[--max-points N] [--format csv|jsonl] [--summary AXES]",
	"Evaluate every point of a sweep (a `sweep:` file: base, vary, mode,\n"
	"samples, outputs; see the README) and write one row per point, in\n"
	"point order: the varied values, then the outputs (and their mean, sd,\n"
	"p05, p50, p95 when sampling), then region, year, basis,\n"
	"intensity_source and profile.  FILE '-' is read from standard input.",
	sweep_opts,
	"Progress goes to stderr when it is a terminal.  SIGINT/SIGTERM stop\n"
	"after the last complete chunk of rows; --resume continues.",
	NULL, NULL};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Read the command line into op (the shared parser, args.h): 0, -1 after
 * the help (printed by rank 0 only), or an exit status. */
static int parse_args(int argc, char **argv, int rank, opts *op)
{
	static const char *const fmts[] = {"csv", "jsonl"};
	cli_parser p;
	long long n;
	int id, rc = 0, fmt = -1;

	cli_parse_begin(&p, &cli_sweep_spec, argc, argv);
	p.silent = rank != 0;
	while (rc == 0 && (id = cli_next(&p)) != CLI_END) {
		switch (id) {
		case CLI_STOP: return p.status ? p.status : -1;
		case OPT_RESUME: op->resume = 1; break;
		case OPT_OUTPUT: op->out = p.value; break;
		case OPT_SUMMARY: op->by = strcmp(p.value, "all") == 0 ? "" : p.value; break;
		case OPT_FORMAT: rc = cli_choice(&p, fmts, 2, &fmt); break;
		case OPT_THREADS:
			if (!(rc = cli_count(&p, 1, MAX_THREADS, &n)))
				op->threads = (int)n;
			break;
		case OPT_MAX_POINTS:
			if (!(rc = cli_count(&p, 1, LLONG_MAX, &n)))
				op->lo.max_points = (unsigned long long)n;
			break;
		default:
			if (op->file)
				rc = cli_parse_error(&p, "one sweep file at a time");
			op->file = p.value;
		}
	}
	if (rc == 0 && !op->file)
		rc = cli_parse_error(&p, "no sweep file given");
	if (rc)
		return rc;
	op->fmt_name = fmt < 0 ? NULL : fmts[fmt];
	if (op->out && strcmp(op->out, "-") == 0)
		op->out = NULL; /* standard output */
	if (op->resume && !op->out)
		return cli_usage("sweep", "--resume needs -o OUT (the file to continue)");
	if (op->resume && op->by)
		return cli_usage("sweep", "--resume continues rows; a --summary is written "
				 "whole at the end");
	return 0;
}

/* The sweep file, or for '-' standard input (which only rank 0 has). */
static int load_sweep(wf_sweep **sw, const wf_catalog *base, const opts *op, int ranks,
		      wf_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!cli_is_stdin(op->file))
		return wf_sweep_load(sw, base, op->file, &op->lo, err);
	if (ranks > 1) {
		snprintf(err->message, sizeof err->message, "a sweep from standard input ('-') "
			 "needs one process: under mpirun, name the file");
		return err->code = WF_EINPUT;
	}
	if ((rc = cli_stdin_text(&text, &len, err)) == 0)
		rc = wf_sweep_load_text(sw, base, text, len, CLI_STDIN_NAME, &op->lo, err);
	free(text);
	return rc;
}

/* Rank 0: open the output and start it (header, resume record) or, with
 * --resume, continue it; a summary's output is written whole at the end.
 * Returns 0 or an exit status. */
static int open_out(cli_output *o, journal *jn, int *fd, size_t *first, const opts *op,
		    const wf_sweep *sw, wf_sweep_format fmt, const char *header)
{
	int status;

	if ((status = cli_output_open(o, "sweep", op->out, wf_sweep_catalog(sw),
				      op->by ? 0 : CLI_OUTPUT_STREAM)))
		return status;
	*fd = o->fd;
	if (op->by)
		return 0;
	if (o->kind != CLI_OUT_STREAM) {
		/* standard output, a FIFO or a device: nothing to resume from */
		if (op->resume) {
			fprintf(stderr, "wattif sweep: --resume needs a regular file to "
					"continue; %s is not one\n", op->out);
			return EXIT_INPUT;
		}
		return cli_output_write(o, header, strlen(header));
	}
	jn->on = 1;
	if (!(jn->path = malloc(strlen(o->target) + 8)))
		return EXIT_FAIL;
	sprintf(jn->path, "%s.wattif", o->target);
	wf_sweep_fingerprint(sw, fmt, jn->rec.fingerprint);
	jn->rec.jsonl = fmt == WF_SWEEP_JSONL;
	jn->rec.points = wf_sweep_point_count(sw);
	status = op->resume ? journal_resume(jn, *fd, op->out, header, first)
			    : journal_fresh(jn, *fd, header);
	if (status == EXIT_FAIL)
		fprintf(stderr, "wattif sweep: writing %s: %s\n", op->out, strerror(errno));
	return status;
}

/* Load the sweep (every value checked) and its header; an exit status. */
static int load(wf_catalog **base, wf_sweep **sw, char **header, const opts *op, int rank,
		int ranks, wf_sweep_format fmt)
{
	wf_error err;
	size_t hl;
	int rc, status;

	wf_error_clear(&err);
	if ((status = cli_load_base(base, NULL, 0)))
		return status;
	if ((rc = load_sweep(sw, *base, op, ranks, &err)))
		return rank == 0 ? cli_fail(&err, rc) : exit_status(rc);
	if (op->by) {
		/* the axes named are checked before anything is written */
		wf_sweep_summary *s = NULL;
		if ((rc = wf_sweep_summary_new(&s, *sw, op->by, 0, &err)))
			return rank == 0 ? cli_fail(&err, rc) : exit_status(rc);
		wf_sweep_summary_free(s);
	}
	hl = wf_sweep_format_header(NULL, 0, *sw, fmt);
	if (!(*header = malloc(hl + 1)))
		return EXIT_FAIL;
	wf_sweep_format_header(*header, hl + 1, *sw, fmt);
	return 0;
}

/* Deal the points out: chunks of roughly equal work (fewer points when
 * each is sampled), round-robin over the ranks. */
static void plan_chunks(run *r, const wf_sweep *sw, int rank, int ranks)
{
	r->sw = sw;
	r->rank = rank;
	r->ranks = ranks;
	r->per_chunk = wf_sweep_samples(sw) ? 1 + 20000 / (size_t)wf_sweep_samples(sw) : 1024;
	r->n_chunks = (wf_sweep_point_count(sw) - r->first + r->per_chunk - 1) / r->per_chunk;
	r->n_local = r->n_chunks > (size_t)rank
			     ? (r->n_chunks - (size_t)rank + (size_t)ranks - 1) / (size_t)ranks
			     : 0;
}

static int sweep_main(int argc, char **argv, int rank, int ranks)
{
	opts op = {NULL, NULL, NULL, NULL, WF_SWEEP_OPTIONS_INIT, 1, 0};
	wf_catalog *base = NULL;
	wf_sweep *sw = NULL;
	char *header = NULL;
	int status, fd = -1;
	cli_output o;
	journal jn;
	run r;
	struct sigaction sa;

	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	memset(&jn, 0, sizeof jn);
	if ((status = parse_args(argc, argv, rank, &op)))
		return status < 0 ? EXIT_OK : status;
	r.fmt = op.fmt_name ? (strcmp(op.fmt_name, "jsonl") == 0 ? WF_SWEEP_JSONL : WF_SWEEP_CSV)
		: op.out && (ends_with(op.out, ".jsonl") || ends_with(op.out, ".ndjson"))
			? WF_SWEEP_JSONL
			: WF_SWEEP_CSV;
	r.by = op.by;
	/* Everything is checked before the output is touched. */
	if ((status = load(&base, &sw, &header, &op, rank, ranks, r.fmt)))
		goto done;
	if (rank == 0)
		status = open_out(&o, &jn, &fd, &r.first, &op, sw, r.fmt, header);
#ifdef WF_MPI
	{
		unsigned long long v[2] = {(unsigned long long)status, r.first};
		MPI_Request rq;
		MPI_Ibcast(v, 2, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD, &rq);
		mpi_wait(&rq);
		status = (int)v[0];
		r.first = (size_t)v[1];
	}
#endif
	if (status)
		goto done;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r.jn = &jn;
	plan_chunks(&r, sw, rank, ranks);
	status = run_sweep(&r, op.threads, fd, &o, op.out ? op.out : "stdout",
			   rank == 0 && isatty(STDERR_FILENO));
	if (rank == 0 && fd >= 0 && op.out && !op.by) {
		/* whatever stopped the sweep, the rows written are recorded */
		if (fsync(fd) != 0 && errno != EINVAL) {
			fprintf(stderr, "wattif sweep: %s: %s\n", op.out, strerror(errno));
			status = status ? status : EXIT_FAIL;
		}
		if (journal_save(&jn) && !status)
			status = EXIT_FAIL;
	}
#ifdef WF_MPI
	/* rank 0 ends the job on any failure; another rank only on its own
	 * (a failed point it handed to rank 0 is rank 0's to report) */
	if (status < 0)
		status = -status;
	else if (status && ranks > 1)
		MPI_Abort(MPI_COMM_WORLD, status);
#endif
done:
	/* rows already written stay, whatever the status: the file is the
	 * sweep's journal (CLI_OUTPUT_STREAM); a summary is written whole */
	if (rank == 0 && o.cmd)
		status = cli_output_close(&o, status);
	free(jn.path);
	free(header);
	wf_sweep_free(sw);
	wf_catalog_free(base);
	return status;
}

int cmd_sweep(int argc, char **argv)
{
	int rank = 0, ranks = 1, status;

#ifdef WF_MPI
	int provided;
	MPI_Request rq;
	MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &ranks);
#endif
	status = sweep_main(argc, argv, rank, ranks);
#ifdef WF_MPI
	/* every rank waits here for the others, sleeping, so that
	 * MPI_Finalize (which would spin until the last rank arrives) is
	 * quick */
	MPI_Ibarrier(MPI_COMM_WORLD, &rq);
	mpi_wait(&rq);
	MPI_Finalize();
#endif
	return status;
}

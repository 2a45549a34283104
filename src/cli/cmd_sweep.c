/*
 * cmd_sweep.c - `wattif sweep FILE [-j N] [-o OUT.csv|OUT.jsonl] [--resume]
 * [--max-points N] [--format csv|jsonl]`.
 *
 * The library evaluates any point by index; this file orders the rows.
 * Points go out in chunks: worker threads claim chunks in order, evaluate
 * and format their rows into one of a fixed ring of buffers, and the main
 * thread writes finished chunks strictly in order with write(2).  Memory
 * is the ring (a few chunks per thread), whatever the number of points.
 *
 * Nothing lost.  Rows reach the file only as whole chunks of whole rows;
 * SIGINT and SIGTERM stop the writer between chunks (status 128 + signal);
 * the file is fsync'ed about once a second, and each time its resume
 * record (OUT.wattif, resume.h) is rewritten: the sweep's fingerprint and
 * the rows, bytes and checksum that OUT holds.  --resume continues only a
 * file whose record has this sweep's fingerprint and whose every recorded
 * byte matches the checksum, cuts what follows (a torn row, rows written
 * after the last record) and goes on from the next point, so the finished
 * file is byte-identical to an uninterrupted run.  OUT is opened through
 * output.c: locked while written, never an input of the sweep.
 *
 * With -DWF_MPI (make MPI=1) the chunks are dealt round-robin to the MPI
 * ranks; each rank runs the same threads over its own chunks and sends
 * them to rank 0, which writes them in order: the same file again.  Only
 * the main thread of a rank calls MPI (MPI_THREAD_FUNNELED).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef WF_MPI
#include <mpi.h>
#endif

#include "cli.h"
#include "output.h"
#include "resume.h"

enum { MAX_THREADS = 64, TAG_ROWS = 1, TAG_ERROR = 2 };

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
	size_t nvals;
	struct journal *jn;    /* rank 0: OUT's resume record */
} run;

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

/* Append point k's row to a chunk (growing it). */
static int format_row(chunk *ch, const wf_sweep *sw, size_t k, const double *v,
		      wf_sweep_format fmt)
{
	size_t need;

	for (;;) {
		need = wf_sweep_format_row(ch->buf + ch->len, ch->cap - ch->len, sw, k, v, fmt);
		if (need < ch->cap - ch->len)
			break;
		{
			size_t cap = 2 * ch->cap + need + 1;
			char *b = realloc(ch->buf, cap);
			if (!b)
				return WF_ENOMEM;
			ch->buf = b;
			ch->cap = cap;
		}
	}
	ch->len += need;
	return 0;
}

static void fill_chunk(run *r, wf_sweep_worker *w, double *vals, chunk *ch, size_t c)
{
	size_t k, k0, k1;

	ch->len = 0;
	ch->rc = 0;
	wf_error_clear(&ch->err);
	chunk_points(r, c, &k0, &k1);
	for (k = k0; k < k1; k++) {
		if ((ch->rc = wf_sweep_eval(w, k, vals, &ch->err)))
			return;
		if ((ch->rc = format_row(ch, r->sw, k, vals, r->fmt))) {
			wf_error_clear(&ch->err);
			return;
		}
	}
}

static void *worker(void *arg)
{
	run *r = arg;
	wf_sweep_worker *w = NULL;
	double *vals = malloc((r->nvals ? r->nvals : 1) * sizeof(double));
	wf_error err;
	int rc;

	wf_error_clear(&err);
	rc = vals ? wf_sweep_worker_new(&w, r->sw, &err) : WF_ENOMEM;
	pthread_mutex_lock(&r->mu);
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
			fill_chunk(r, w, vals, ch, chunk_global(r, j));
		}
		pthread_mutex_lock(&r->mu);
		ch->ready = 1;
		pthread_cond_broadcast(&r->cv_ready);
	}
	pthread_mutex_unlock(&r->mu);
	wf_sweep_worker_free(w);
	free(vals);
	return NULL;
}

/* Wait for local chunk j; NULL when stopping. */
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

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
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

/* ---------------------------------------------------------------- resume */

/* OUT's resume record (resume.h): what OUT holds so far, proven by a
 * running hash of its bytes.  Only for a regular OUT. */
typedef struct journal {
	int on;
	char *path;            /* OUT.wattif, beside the file written */
	cli_resume_rec rec;    /* rows and bytes in OUT so far */
	cli_hash hash;         /* of those bytes */
} journal;

/* Bytes that reached OUT: count them and hash them. */
static void journal_add(journal *j, const char *p, size_t n, unsigned long long rows)
{
	if (!j->on)
		return;
	cli_hash_update(&j->hash, p, n);
	j->rec.bytes += n;
	j->rec.rows = rows;
}

/* Write the record (after OUT was fsync'ed): a temporary file renamed
 * over OUT.wattif, so the record is always whole.  0 or EXIT_FAIL. */
static int journal_save(journal *j)
{
	char text[512], *tmp;
	size_t len;
	int fd, ok;

	if (!j->on)
		return 0;
	j->rec.checksum = cli_hash_value(&j->hash);
	len = cli_resume_format(text, sizeof text, &j->rec);
	if (!(tmp = malloc(strlen(j->path) + 8)))
		return EXIT_FAIL;
	sprintf(tmp, "%s.XXXXXX", j->path);
	fd = mkstemp(tmp);
	if (fd >= 0) { /* mode as a new file's, not mkstemp's 0600 */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	ok = fd >= 0 && write_all(fd, text, len) == 0 && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp, j->path) != 0) {
		fprintf(stderr, "wattif sweep: %s: cannot write the resume record: %s\n",
			j->path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	free(tmp);
	return 0;
}

/* Read OUT.wattif: 0, 1 when there is none, or an exit status. */
static int journal_read(const journal *j, cli_resume_rec *rec, const char *out)
{
	char text[1024], why[256], a[1024];
	struct stat st;
	ssize_t n;
	int fd = open(j->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "wattif sweep: %s: %s\n", cli_safe(a, sizeof a, j->path),
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAIL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size >= (off_t)sizeof text) {
		close(fd);
		fprintf(stderr, "wattif sweep: %s: not resuming %s: its resume record is %s\n",
			cli_safe(a, sizeof a, j->path), out,
			S_ISREG(st.st_mode) ? "too large" : cli_file_kind(st.st_mode));
		return EXIT_INPUT;
	}
	n = read(fd, text, sizeof text);
	close(fd);
	if (n < 0 || cli_resume_parse(rec, text, (size_t)n, why, sizeof why)) {
		fprintf(stderr, "wattif sweep: %s: not a resume record (%s); not resuming %s\n",
			cli_safe(a, sizeof a, j->path), n < 0 ? strerror(errno) : why, out);
		return EXIT_INPUT;
	}
	return 0;
}

/* Start OUT afresh: the record first (nothing in OUT yet), then the
 * file emptied and the header written. */
static int journal_fresh(journal *j, int fd, const char *header)
{
	size_t hl = strlen(header);
	int status;

	j->rec.rows = j->rec.bytes = 0;
	cli_hash_init(&j->hash);
	if ((status = journal_save(j)))
		return status;
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) < 0 || write_all(fd, header, hl))
		return EXIT_FAIL;
	journal_add(j, header, hl, 0);
	return 0;
}

/* --resume: continue OUT from the row after its last proven one.  *first
 * is that point.  OUT is changed only once it is proven this sweep's.
 * Returns 0 or an exit status (message printed). */
static int journal_resume(journal *j, int fd, const char *out, const char *header,
			  size_t *first)
{
	char why[512], a[1024];
	cli_resume_rec rec;
	cli_scan sc;
	struct stat st;
	int status = journal_read(j, &rec, out);

	if (status == 1) {
		/* no record: only an empty OUT can be started */
		if (fstat(fd, &st) == 0 && st.st_size == 0)
			return journal_fresh(j, fd, header);
		fprintf(stderr, "wattif sweep: %s: not resuming: there is no resume record "
				"(%s) beside it, so nothing proves which sweep wrote it; remove "
				"it to start again, or choose another -o\n",
			cli_safe(a, sizeof a, out), j->path);
		return EXIT_INPUT;
	}
	if (status)
		return status;
	/* every byte the record covers, hashed and its records counted */
	cli_scan_init(&sc, !j->rec.jsonl);
	if (lseek(fd, 0, SEEK_SET) < 0)
		return EXIT_FAIL;
	while (sc.bytes < rec.bytes) {
		char buf[1 << 16];
		unsigned long long left = rec.bytes - sc.bytes;
		ssize_t n = read(fd, buf, left < sizeof buf ? (size_t)left : sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "wattif sweep: reading %s: %s\n", cli_safe(a, sizeof a, out),
				strerror(errno));
			return EXIT_FAIL;
		}
		if (n == 0)
			break;
		cli_scan_feed(&sc, buf, (size_t)n);
	}
	if (cli_resume_verify(&rec, &sc, j->rec.fingerprint, j->rec.jsonl, j->rec.points,
			      why, sizeof why)) {
		fprintf(stderr, "wattif sweep: %s: not resuming: %s; remove it (and %s) to "
				"start again, or choose another -o\n",
			cli_safe(a, sizeof a, out), why, j->path);
		return EXIT_INPUT;
	}
	if (rec.bytes == 0)
		return journal_fresh(j, fd, header);
	/* rows written after the record was saved are computed again */
	if (ftruncate(fd, (off_t)rec.bytes) != 0 || lseek(fd, 0, SEEK_END) < 0) {
		fprintf(stderr, "wattif sweep: %s: %s\n", cli_safe(a, sizeof a, out),
			strerror(errno));
		return EXIT_FAIL;
	}
	j->rec.rows = rec.rows;
	j->rec.bytes = rec.bytes;
	j->hash = sc.hash;
	*first = (size_t)rec.rows;
	return 0;
}

/* ------------------------------------------------------------------ main */

enum { OPT_THREADS = 1, OPT_OUTPUT, OPT_RESUME, OPT_MAX_POINTS, OPT_FORMAT };

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
	CLI_OPT_END};

const cli_spec cli_sweep_spec = {
	"sweep", cmd_sweep, "evaluate a grid of scenarios, one row per point (CSV/JSONL)",
	"FILE.yaml [-j N] [-o OUT.csv|OUT.jsonl] [--resume]\n"
	"[--max-points N] [--format csv|jsonl]",
	"Evaluate every point of a sweep (a `sweep:` file: base, vary, mode,\n"
	"samples, outputs; see the README) and write one row per point, in\n"
	"point order: the varied values, then the outputs (and their mean, sd,\n"
	"p05, p50, p95 when sampling).  FILE '-' is read from standard input.",
	sweep_opts,
	"Progress goes to stderr when it is a terminal.  SIGINT/SIGTERM stop\n"
	"after the last complete chunk of rows; --resume continues.",
	NULL, NULL};

typedef struct sweep_args {
	const char *file, *out;
	int fmt;               /* -1: from OUT's name; else 0 csv, 1 jsonl */
	int threads, resume;
} sweep_args;

/* 0, or an exit status (-1: help printed, by rank 0 only). */
static int parse_args(sweep_args *a, wf_sweep_options *opt, int argc, char **argv, int rank)
{
	static const char *const fmts[] = {"csv", "jsonl"};
	cli_parser p;
	long long n;
	int id, rc = 0;

	cli_parse_begin(&p, &cli_sweep_spec, argc, argv);
	p.silent = rank != 0;
	while (rc == 0 && (id = cli_next(&p)) != CLI_END) {
		switch (id) {
		case CLI_STOP: return p.status ? p.status : -1;
		case OPT_RESUME: a->resume = 1; break;
		case OPT_OUTPUT: a->out = p.value; break;
		case OPT_FORMAT: rc = cli_choice(&p, fmts, 2, &a->fmt); break;
		case OPT_THREADS:
			if (!(rc = cli_count(&p, 1, MAX_THREADS, &n)))
				a->threads = (int)n;
			break;
		case OPT_MAX_POINTS:
			if (!(rc = cli_count(&p, 1, LLONG_MAX, &n)))
				opt->max_points = (unsigned long long)n;
			break;
		default:
			if (a->file)
				rc = cli_parse_error(&p, "one sweep file at a time");
			a->file = p.value;
		}
	}
	if (rc == 0 && !a->file)
		rc = cli_parse_error(&p, "no sweep file given");
	return rc;
}

/* The sweep file, or for '-' standard input (which only rank 0 has). */
static int load_sweep(wf_sweep **sw, const wf_catalog *base, const char *file,
		      const wf_sweep_options *opt, int ranks, wf_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!cli_is_stdin(file))
		return wf_sweep_load(sw, base, file, opt, err);
	if (ranks > 1) {
		snprintf(err->message, sizeof err->message, "a sweep from standard input ('-') "
			 "needs one process: under mpirun, name the file");
		return err->code = WF_EINPUT;
	}
	if ((rc = cli_stdin_text(&text, &len, err)) == 0)
		rc = wf_sweep_load_text(sw, base, text, len, CLI_STDIN_NAME, opt, err);
	free(text);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

#ifdef WF_MPI
static int mpi_fail(int status)
{
	MPI_Abort(MPI_COMM_WORLD, status);
	return status;
}
#endif

/* Rank 0 (or the only process): write chunks in order. */
static int write_chunks(run *r, int fd, const char *out, int tty)
{
	size_t c, j, done_pts = r->first, total = wf_sweep_point_count(r->sw);
	double t0 = now_s(), last_sync = t0, last_bar = 0;
	char *rbuf = NULL;
	int status = 0;

	for (c = 0; c < r->n_chunks && !stop_signal; c++) {
		const char *p;
		size_t len, k0, k1;
		chunk *ch = NULL;
		if (c % (size_t)r->ranks == 0) {
			j = c / (size_t)r->ranks;
			ch = wait_chunk(r, j);
			if (ch->rc) {
				status = cli_fail(&ch->err, ch->rc);
				break;
			}
			p = ch->buf;
			len = ch->len;
		} else {
#ifdef WF_MPI
			MPI_Status st;
			int n;
			char *b;
			MPI_Probe((int)(c % (size_t)r->ranks), MPI_ANY_TAG, MPI_COMM_WORLD, &st);
			MPI_Get_count(&st, MPI_CHAR, &n);
			if (!(b = realloc(rbuf, (size_t)n + 1))) {
				status = EXIT_FAIL;
				break;
			}
			rbuf = b;
			MPI_Recv(rbuf, n, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
				 MPI_STATUS_IGNORE);
			if (st.MPI_TAG == TAG_ERROR) {
				/* the exit status's digit, then the message */
				rbuf[n] = '\0';
				fprintf(stderr, "wattif: %s\n", n > 0 ? rbuf + 1 : "");
				status = rbuf[0] == '0' + EXIT_INPUT ? EXIT_INPUT : EXIT_FAIL;
				break;
			}
			p = rbuf;
			len = (size_t)n;
#else
			break;
#endif
		}
		if (write_all(fd, p, len)) {
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
			if ((status = journal_save(r->jn)))
				break;
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
 * fails goes to rank 0 as TAG_ERROR: the exit status as one digit, then
 * the message; rank 0 prints it and ends the job, so this returns the
 * negated status (handed over, not to abort here). */
static int send_chunks(run *r)
{
	size_t j;
	char msg[2200];

	for (j = 0; j < r->n_local; j++) {
		chunk *ch = wait_chunk(r, j);
		if (ch->rc) {
			int st = ch->rc == WF_EINPUT || ch->rc == WF_EDIM ||
					 ch->rc == WF_ENOTFOUND ? EXIT_INPUT : EXIT_FAIL;
			msg[0] = (char)('0' + st);
			wf_error_format(&ch->err, msg + 1, sizeof msg - 1);
			MPI_Send(msg, (int)strlen(msg), MPI_CHAR, 0, TAG_ERROR, MPI_COMM_WORLD);
			return -st;
		}
		MPI_Send(ch->buf, (int)ch->len, MPI_CHAR, 0, TAG_ROWS, MPI_COMM_WORLD);
		release_chunk(r, ch);
	}
	return 0;
}
#endif

static int run_sweep(run *r, int threads, int fd, const char *out, int tty)
{
	pthread_t tid[MAX_THREADS];
	int started[MAX_THREADS] = {0};
	size_t i;
	int t, status;

	r->ring = 4 * (size_t)threads;
	r->slots = calloc(r->ring, sizeof(*r->slots));
	if (!r->slots) {
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
	for (i = 0; i < r->ring; i++)
		free(r->slots[i].buf);
	free(r->slots);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv_ready);
	pthread_cond_destroy(&r->cv_free);
	return status;
}

/* Rank 0: open the output and start it (header, resume record) or, with
 * --resume, continue it.  Returns 0 or an exit status. */
static int open_out(cli_output *o, journal *jn, int *fd, size_t *first, const char *out,
		    int resume, const wf_sweep *sw, wf_sweep_format fmt, const char *header)
{
	int status;

	if ((status = cli_output_open(o, "sweep", out, wf_sweep_catalog(sw),
				      CLI_OUTPUT_STREAM)))
		return status;
	*fd = o->fd;
	if (o->kind != CLI_OUT_STREAM) {
		/* standard output, a FIFO or a device: nothing to resume from */
		if (resume) {
			fprintf(stderr, "wattif sweep: --resume needs a regular file to "
					"continue; %s is not one\n", out);
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
	status = resume ? journal_resume(jn, *fd, out, header, first)
			: journal_fresh(jn, *fd, header);
	if (status == EXIT_FAIL)
		fprintf(stderr, "wattif sweep: writing %s: %s\n", out, strerror(errno));
	return status;
}

static int sweep_main(int argc, char **argv, int rank, int ranks)
{
	const char *file, *out;
	sweep_args args = {NULL, NULL, -1, 1, 0};
	wf_sweep_options opt = WF_SWEEP_OPTIONS_INIT;
	wf_catalog *base = NULL;
	wf_sweep *sw = NULL;
	wf_error err;
	char *header = NULL;
	int rc, status = 0, threads, resume, fd = -1, tty;
	cli_output o;
	journal jn;
	run r;
	struct sigaction sa;

	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	memset(&jn, 0, sizeof jn);
	wf_error_clear(&err);
	if ((status = parse_args(&args, &opt, argc, argv, rank)))
		return status < 0 ? EXIT_OK : status;
	file = args.file;
	out = args.out;
	threads = args.threads;
	resume = args.resume;
	if (out && strcmp(out, "-") == 0)
		out = NULL; /* standard output */
	if (resume && !out)
		return cli_usage("sweep", "--resume needs -o OUT (the file to continue)");
	r.fmt = args.fmt >= 0 ? (args.fmt == 1 ? WF_SWEEP_JSONL : WF_SWEEP_CSV)
		: out && (ends_with(out, ".jsonl") || ends_with(out, ".ndjson"))
			? WF_SWEEP_JSONL
			: WF_SWEEP_CSV;
	/* Everything is checked before the output is touched. */
	if ((status = cli_load_base(&base, NULL, 0)))
		return status;
	if ((rc = load_sweep(&sw, base, file, &opt, ranks, &err))) {
		status = rank == 0 ? cli_fail(&err, rc)
			 : (rc == WF_EINPUT || rc == WF_EDIM || rc == WF_ENOTFOUND ? EXIT_INPUT
										  : EXIT_FAIL);
		goto done;
	}
	{
		size_t hl = wf_sweep_format_header(NULL, 0, sw, r.fmt);
		if (!(header = malloc(hl + 1))) {
			status = EXIT_FAIL;
			goto done;
		}
		wf_sweep_format_header(header, hl + 1, sw, r.fmt);
	}
	if (rank == 0)
		status = open_out(&o, &jn, &fd, &r.first, out, resume, sw, r.fmt, header);
#ifdef WF_MPI
	{
		unsigned long long v[2] = {(unsigned long long)status, r.first};
		MPI_Bcast(v, 2, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
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
	r.sw = sw;
	r.jn = &jn;
	r.rank = rank;
	r.ranks = ranks;
	r.nvals = wf_sweep_value_count(sw);
	/* chunks of roughly equal work: fewer points when each is sampled */
	r.per_chunk = wf_sweep_samples(sw) ? 1 + 20000 / (size_t)wf_sweep_samples(sw) : 1024;
	r.n_chunks = (wf_sweep_point_count(sw) - r.first + r.per_chunk - 1) / r.per_chunk;
	r.n_local = r.n_chunks > (size_t)rank
			    ? (r.n_chunks - (size_t)rank + (size_t)ranks - 1) / (size_t)ranks
			    : 0;
	tty = rank == 0 && isatty(STDERR_FILENO);
	status = run_sweep(&r, threads, fd, out ? out : "stdout", tty);
	if (rank == 0 && fd >= 0 && out) {
		/* whatever stopped the sweep, the rows written are recorded */
		if (fsync(fd) != 0 && errno != EINVAL) {
			fprintf(stderr, "wattif sweep: %s: %s\n", out, strerror(errno));
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
		mpi_fail(status);
#endif
done:
	/* rows already written stay, whatever the status: the file is the
	 * sweep's journal (CLI_OUTPUT_STREAM) */
	if (rank == 0 && o.cmd) {
		int st = cli_output_close(&o, 0);
		status = status ? status : st;
	}
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
	MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &ranks);
#endif
	status = sweep_main(argc, argv, rank, ranks);
#ifdef WF_MPI
	MPI_Finalize();
#endif
	return status;
}

/*
 * bench_sweep.c - how fast a sweep runs: points per second over every
 * point of a sweep file on 1 and 2 threads (each thread its own
 * wf_sweep_worker over a contiguous share of the points, as `wattif sweep`
 * deals out chunks), the peak memory of that (getrusage ru_maxrss: it
 * must not grow with the points, since rows are never collected), and the
 * cost of only formatting the same rows as CSV and writing them to a file,
 * which is what a sweep costs at the least.
 * Usage: bench_sweep SWEEP.yaml (from the repository root).  Prints
 * figures; asserts nothing.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "wattif.h"
#include "bench.h"

typedef struct job {
	const wf_sweep *sw;
	size_t k0, k1;
	double sum;      /* keeps the work observable */
	double *keep;    /* when not NULL: every point's values */
	int rc;
	wf_error err;
} job;

static void *eval_range(void *arg)
{
	job *j = arg;
	wf_sweep_worker *w = NULL;
	size_t nv = wf_sweep_value_count(j->sw), k;
	double v[256];

	wf_error_clear(&j->err);
	if ((j->rc = wf_sweep_worker_new(&w, j->sw, &j->err)))
		return NULL;
	for (k = j->k0; k < j->k1; k++) {
		if ((j->rc = wf_sweep_eval(w, k, v, &j->err)))
			break;
		j->sum += v[0];
		if (j->keep)
			memcpy(j->keep + k * nv, v, nv * sizeof(double));
	}
	wf_sweep_worker_free(w);
	return NULL;
}

/* Evaluate points [0, n) on `threads` threads; seconds, or < 0 on error. */
static double run(const wf_sweep *sw, size_t n, int threads, double *keep)
{
	pthread_t tid[8];
	job jobs[8];
	double t0 = now();
	int t;

	for (t = 0; t < threads; t++) {
		memset(&jobs[t], 0, sizeof jobs[t]);
		jobs[t].sw = sw;
		jobs[t].k0 = n * (size_t)t / (size_t)threads;
		jobs[t].k1 = n * (size_t)(t + 1) / (size_t)threads;
		jobs[t].keep = keep;
		pthread_create(&tid[t], NULL, eval_range, &jobs[t]);
	}
	for (t = 0; t < threads; t++)
		pthread_join(tid[t], NULL);
	for (t = 0; t < threads; t++)
		if (jobs[t].rc) {
			die(&jobs[t].err);
			return -1;
		}
	return now() - t0;
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	wf_catalog *cat = NULL;
	wf_sweep *sw = NULL;
	wf_error err;
	size_t n, nv, k, bytes = 0, cap = 1 << 20, len = 0;
	double t1, t2, tw, *keep;
	char *buf, path[] = "/tmp/wattif-bench-sweep-XXXXXX";
	long rss0, rss;
	int fd;

	wf_error_clear(&err);
	wf_global_init();
	if (argc != 2) {
		fprintf(stderr, "usage: bench_sweep SWEEP.yaml\n");
		return 2;
	}
	if (wf_catalog_new(&cat) || wf_catalog_load(cat, "models", &err) ||
	    wf_catalog_load(cat, "data", &err) || wf_catalog_finish(cat, &err))
		return die(&err);
	rss0 = peak_kb();
	t1 = now();
	if (wf_sweep_load(&sw, cat, argv[1], NULL, &err))
		return die(&err);
	n = wf_sweep_point_count(sw);
	nv = wf_sweep_value_count(sw);
	printf("sweep %s: %zu points, %zu axes, %zu values per row; loaded and "
	       "checked in %.1f ms\n", argv[1], n, wf_sweep_axis_count(sw), nv,
	       1e3 * (now() - t1));
	if ((t1 = run(sw, n, 1, NULL)) < 0 || (t2 = run(sw, n, 2, NULL)) < 0)
		return 1;
	rss = peak_kb();
	printf("  evaluate, 1 thread:   %8.3f s  %10.0f points/s  (%.2f us/point)\n", t1,
	       (double)n / t1, 1e6 * t1 / (double)n);
	printf("  evaluate, 2 threads:  %8.3f s  %10.0f points/s  (x%.2f)\n", t2,
	       (double)n / t2, t1 / t2);
	printf("  peak memory (ru_maxrss): %ld KB (catalog loaded: %ld KB): flat in "
	       "the number of points\n", rss, rss0);
	/* the rows alone: keep every point's values, then only format + write */
	keep = malloc(n * nv * sizeof(double));
	buf = malloc(cap);
	fd = mkstemp(path);
	if (!keep || !buf || fd < 0 || run(sw, n, 2, keep) < 0)
		return 1;
	tw = now();
	{
		char *hb = malloc(4096);
		size_t hl = wf_sweep_format_header(hb, 4096, sw, WF_SWEEP_CSV);
		if (write(fd, hb, hl) != (ssize_t)hl)
			return 1;
		bytes += hl;
		free(hb);
	}
	for (k = 0; k < n; k++) {
		if (cap - len < 4096) {
			if (write(fd, buf, len) != (ssize_t)len)
				return 1;
			bytes += len;
			len = 0;
		}
		len += wf_sweep_format_row(buf + len, cap - len, sw, k, keep + k * nv, NULL,
					   WF_SWEEP_CSV);
	}
	if (write(fd, buf, len) != (ssize_t)len)
		return 1;
	bytes += len;
	tw = now() - tw;
	printf("  format + write only:  %8.3f s  %10.0f rows/s  (%.1f MB of CSV; "
	       "evaluating costs %.0f%% of it on 1 thread)\n", tw, (double)n / tw,
	       (double)bytes / 1e6, 100 * t1 / tw);
	close(fd);
	unlink(path);
	free(keep);
	free(buf);
	wf_sweep_free(sw);
	wf_catalog_free(cat);
	return 0;
}

/*
 * bench_sweep_cases.c - the sweep cases of issue 20, each as a ratio
 * measured in one run (so the noise of a shared machine cancels):
 *
 *  order    100,008 points (9 GB regions x 463 start hours x 24 PUEs),
 *           regions outermost and innermost, rows formatted in chunks of
 *           1024 as `wattif sweep` does: the time of innermost over
 *           outermost (at most 1.5: a chunk resolves each combination of
 *           region and start once, whatever the order);
 *  zip      a zip sweep of 10,000 and of 100,000 points (ranges of PUE and
 *           grid intensity, values made as the points are): peak memory
 *           of the second over the first, each in its own process
 *           (ru_maxrss; at most 1.1);
 *  summary  9,984,600 points (9 regions x 24 starts x 215 PUEs x 215
 *           powers) summarised by region on 2 threads without rows, and
 *           1,021,680 (22 powers), exact and sketched: time, and peak
 *           memory of the larger over the smaller when both are sketched
 *           (flat: about 1).
 *
 * Usage: bench_sweep_cases [order|zip|summary]... (from the repository
 * root; all three by default).  Prints figures; asserts nothing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wattif.h"
#include "bench.h"

static const char regions[] = "[GB-london, GB-north-scotland, GB-south-wales, "
			      "GB-north-west-england, GB-east-england, GB-south-england, "
			      "GB-yorkshire, GB-north-wales, GB-east-midlands]";

static const char base[] = "  base:\n"
			   "    id: bench-cases\n"
			   "    workload: {kind: training, accelerator: nvidia-h100-sxm5-80gb,\n"
			   "               devices: 256, wall_time: 24 h, power_per_device: 700 W}\n"
			   "    site: {region: GB-london, pue: 1.2}\n"
			   "    start: 2026-07-01T00:00Z\n";

static wf_catalog *cat;

/* A sweep from text, through a temporary file. */
static wf_sweep *sweep_of(const char *text)
{
	char path[] = "/tmp/wattif-bench-cases-XXXXXX";
	wf_sweep_options o = WF_SWEEP_OPTIONS_INIT;
	wf_sweep *sw = NULL;
	wf_error err;
	int fd = mkstemp(path);

	wf_error_clear(&err);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		perror("bench_sweep_cases");
		exit(1);
	}
	close(fd);
	o.max_points = 20000000;
	if (wf_sweep_load(&sw, cat, path, &o, &err)) {
		unlink(path);
		exit(die(&err));
	}
	unlink(path);
	return sw;
}

/* Every row of a sweep, formatted in chunks of 1024 on one thread;
 * seconds. */
static double rows_time(const wf_sweep *sw, size_t *bytes)
{
	wf_sweep_worker *w = NULL;
	wf_error err;
	char *buf = NULL;
	size_t n = wf_sweep_point_count(sw), k, cap = 0;
	double t0 = now();

	wf_error_clear(&err);
	*bytes = 0;
	if (wf_sweep_worker_new(&w, sw, &err))
		exit(die(&err));
	for (k = 0; k < n; k += 1024) {
		size_t len = 0;
		if (wf_sweep_rows(w, k, k + 1024 < n ? k + 1024 : n, WF_SWEEP_CSV, &buf, &len, &cap,
				  &err))
			exit(die(&err));
		*bytes += len;
	}
	t0 = now() - t0;
	free(buf);
	wf_sweep_worker_free(w);
	return t0;
}

static void bench_order(void)
{
	char text[2048];
	wf_sweep *out, *in;
	size_t b1, b2;
	double t_out, t_in;

	snprintf(text, sizeof text, "sweep:\n%s  vary:\n    site.region: %s\n"
		 "    start: range(2026-07-01T00:00Z, 2026-07-20T06:00Z, 1 h)\n"
		 "    site.pue: range(1.1, 1.33, 0.01)\n"
		 "  outputs: [energy_facility_kwh, emissions_operational_kg]\n", base, regions);
	out = sweep_of(text);
	snprintf(text, sizeof text, "sweep:\n%s  vary:\n"
		 "    start: range(2026-07-01T00:00Z, 2026-07-20T06:00Z, 1 h)\n"
		 "    site.pue: range(1.1, 1.33, 0.01)\n    site.region: %s\n"
		 "  outputs: [energy_facility_kwh, emissions_operational_kg]\n", base, regions);
	in = sweep_of(text);
	t_out = rows_time(out, &b1);
	t_in = rows_time(in, &b2);
	printf("order: %zu points (9 regions x 463 starts x 24 PUEs), rows in chunks of 1024, "
	       "1 thread\n", wf_sweep_point_count(out));
	printf("  regions outermost: %7.3f s  (%.2f us/point)\n", t_out,
	       1e6 * t_out / (double)wf_sweep_point_count(out));
	printf("  regions innermost: %7.3f s  (%.2f us/point)\n", t_in,
	       1e6 * t_in / (double)wf_sweep_point_count(in));
	printf("  innermost / outermost: %.2f (issue 20: at most 1.5)\n", t_in / t_out);
	wf_sweep_free(out);
	wf_sweep_free(in);
}

/* Run fn(arg) in a child process; its peak memory (KB, its own
 * ru_maxrss, sent back through a pipe) and seconds. */
static long in_child(void (*fn)(long), long arg, double *secs)
{
	double t0 = now();
	long kb = -1;
	int st, fd[2];
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) != 0)
		exit(1);
	if ((pid = fork()) == 0) {
		struct rusage ru;
		close(fd[0]);
		fn(arg);
		fflush(stdout);
		getrusage(RUSAGE_SELF, &ru);
		kb = ru.ru_maxrss;
		_exit(write(fd[1], &kb, sizeof kb) == (ssize_t)sizeof kb ? 0 : 1);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &kb, sizeof kb) != (ssize_t)sizeof kb ||
	    waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "bench_sweep_cases: the child failed\n");
		exit(1);
	}
	close(fd[0]);
	*secs = now() - t0;
	return kb;
}

static void zip_child(long n)
{
	char text[2048];
	wf_sweep *sw;
	size_t bytes;

	/* n values each: PUE from 1.1 in steps of 4e-6, intensity from
	 * 100 g/kWh in steps of 0.002 g/kWh */
	snprintf(text, sizeof text, "sweep:\n%s  mode: zip\n  vary:\n"
		 "    site.pue: range(1.1, %.6f, 0.000004)\n"
		 "    grid.intensity: range(100 g/kWh, %.3f g/kWh, 0.002 g/kWh)\n"
		 "  outputs: [energy_facility_kwh, emissions_operational_kg]\n", base,
		 1.1 + 0.000004 * (double)(n - 1), 100 + 0.002 * (double)(n - 1));
	sw = sweep_of(text);
	if (wf_sweep_point_count(sw) != (size_t)n) {
		fprintf(stderr, "zip: %zu points, expected %ld\n", wf_sweep_point_count(sw), n);
		exit(1);
	}
	rows_time(sw, &bytes);
	wf_sweep_free(sw);
}

static void bench_zip(void)
{
	double s1, s2;
	long m1 = in_child(zip_child, 10000, &s1), m2 = in_child(zip_child, 100000, &s2);

	printf("zip: points side by side (ranges of PUE and intensity), every row formatted\n");
	printf("   10,000 points: peak %6ld KB  (%.2f s)\n", m1, s1);
	printf("  100,000 points: peak %6ld KB  (%.2f s)\n", m2, s2);
	printf("  peak 100,000 / 10,000: %.3f (issue 20: at most 1.1)\n",
	       (double)m2 / (double)m1);
}

typedef struct part {
	const wf_sweep *sw;
	wf_sweep_summary *s;
	size_t k0, k1, exact;
} part;

static void *summarise(void *arg)
{
	part *p = arg;
	wf_sweep_worker *w = NULL;
	wf_error err;
	size_t k;

	wf_error_clear(&err);
	if (wf_sweep_worker_new(&w, p->sw, &err) ||
	    wf_sweep_summary_new(&p->s, p->sw, "site.region", p->exact, &err))
		exit(die(&err));
	for (k = p->k0; k < p->k1; k += 1024)
		if (wf_sweep_summary_add(p->s, w, k, k + 1024 < p->k1 ? k + 1024 : p->k1, &err))
			exit(die(&err));
	wf_sweep_worker_free(w);
	return NULL;
}

/* arg: powers x 2, + 1 to force the sketch */
static void summary_child(long arg)
{
	long powers = arg / 2;
	char text[2048], *out = NULL;
	wf_sweep *sw;
	pthread_t tid[2];
	part parts[2];
	wf_error err;
	size_t n, len;
	int t;

	wf_error_clear(&err);
	snprintf(text, sizeof text, "sweep:\n%s  vary:\n    site.region: %s\n"
		 "    start: range(2026-07-01T00:00Z, 2026-07-01T23:00Z, 1 h)\n"
		 "    site.pue: range(1.1, 1.528, 0.002)\n"
		 "    workload.power_per_device: range(300 W, %ld W, 2 W)\n"
		 "  outputs: [energy_facility_kwh, intensity_g_per_kwh, "
		 "emissions_operational_kg]\n", base, regions, 300 + 2 * (powers - 1));
	sw = sweep_of(text);
	n = wf_sweep_point_count(sw);
	for (t = 0; t < 2; t++) {
		parts[t] = (part){sw, NULL, n * (size_t)t / 2 / 1024 * 1024,
				  t ? n : n / 2 / 1024 * 1024, arg % 2 ? 1 : 0};
		pthread_create(&tid[t], NULL, summarise, &parts[t]);
	}
	for (t = 0; t < 2; t++)
		pthread_join(tid[t], NULL);
	if (wf_sweep_summary_merge(parts[0].s, parts[1].s, &err) ||
	    wf_sweep_summary_format(parts[0].s, WF_SWEEP_CSV, &out, &len, &err))
		exit(die(&err));
	{
		size_t rows = 0;
		for (char *c = out; (c = strchr(c, '\n')); c++)
			rows++;
		printf("  %9zu points, %zu groups, quantiles %-25s", n, rows - 1,
		       wf_sweep_summary_exact(parts[0].s) ? "exact:" : "from the sketch (0.1%):");
	}
	free(out);
	wf_sweep_summary_free(parts[0].s);
	wf_sweep_summary_free(parts[1].s);
	wf_sweep_free(sw);
}

static void bench_summary(void)
{
	double s1, s2, s3;
	long m1, m2, m3;

	printf("summary by region (9 regions x 24 starts x 215 PUEs x N powers), 2 threads, "
	       "no rows:\n");
	m1 = in_child(summary_child, 2 * 22, &s1);
	printf(" peak %6ld KB  %6.2f s\n", m1, s1);
	m2 = in_child(summary_child, 2 * 22 + 1, &s2);
	printf(" peak %6ld KB  %6.2f s\n", m2, s2);
	m3 = in_child(summary_child, 2 * 215 + 1, &s3);
	printf(" peak %6ld KB  %6.2f s  (%.0f points/s)\n", m3, s3, 9984600 / s3);
	printf("  peak 1e7 / 1e6 points (both sketched): %.3f (flat: about 1)\n",
	       (double)m3 / (double)m2);
}

int main(int argc, char **argv)
{
	wf_error err;
	int i, all = argc < 2;

	wf_error_clear(&err);
	wf_global_init();
	if (wf_catalog_new(&cat) || wf_catalog_load(cat, "models", &err) ||
	    wf_catalog_load(cat, "data", &err) || wf_catalog_finish(cat, &err))
		return die(&err);
	for (i = 1; i <= argc; i++) {
		const char *c = i < argc ? argv[i] : "";
		if (all || strcmp(c, "order") == 0)
			bench_order();
		if (all || strcmp(c, "zip") == 0)
			bench_zip();
		if (all || strcmp(c, "summary") == 0)
			bench_summary();
		if (all)
			break;
	}
	wf_catalog_free(cat);
	return 0;
}

/*
 * bench_series_mem.c - peak memory of loading a large intensity series:
 * writes a 10-million-row series CSV (one row a minute, about 220 MB) to
 * a temporary file, loads it in a child process with wf_series_load_all,
 * and prints the file's size, the child's peak resident memory
 * (ru_maxrss) and their ratio, and the load time.  The reader streams the
 * file in chunks and the series takes over the rows it read, so the peak
 * is the series itself (41 bytes per interval) rather than the text plus
 * copies of it.
 *
 * Usage: bench_series_mem [ROWS] (default 10000000).
 */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "series.h"

/* Civil date of a day number (days since 1970-01-01; Hinnant's
 * algorithm). */
static void civil(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* One row a minute from 2000-01-01, intensities 50..449 g/kWh. */
static int write_series(const char *path, long rows)
{
	FILE *f = fopen(path, "w");
	long i, y;
	int m, d;

	if (!f)
		return -1;
	fputs("timestamp_utc,intensity_g_per_kwh\n", f);
	for (i = 0; i < rows; i++) {
		civil(10957 + i / 1440, &y, &m, &d);
		fprintf(f, "%04ld-%02d-%02dT%02ld:%02ldZ,%ld\n", y, m, d, (i / 60) % 24, i % 60,
			50 + (i * 7919) % 400);
	}
	return fclose(f);
}

int main(int argc, char **argv)
{
	long rows = argc > 1 ? atol(argv[1]) : 10000000L;
	char path[] = "/tmp/wattif-bench-series-XXXXXX";
	struct stat st;
	int fd, status;
	pid_t pid;

	if ((fd = mkstemp(path)) < 0)
		return 1;
	close(fd);
	printf("Writing %ld rows...\n", rows);
	fflush(stdout);
	if (write_series(path, rows) || stat(path, &st)) {
		unlink(path);
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		wf_series **s = NULL;
		size_t n = 0;
		wf_error err;
		struct rusage ru;
		double t0 = now(), dt;
		wf_error_clear(&err);
		if (wf_series_load_all(&s, &n, path, &err))
			_exit(die(&err));
		dt = now() - t0;
		getrusage(RUSAGE_SELF, &ru);
		printf("series file %.1f MB, %zu intervals: loaded in %.2f s, peak RSS %.1f MB "
		       "(%.2f x the file)\n", (double)st.st_size / 1e6, s[0]->n, dt,
		       (double)ru.ru_maxrss / 1e3, (double)ru.ru_maxrss * 1e3 / (double)st.st_size);
		wf_series_free_all(s, n);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	unlink(path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

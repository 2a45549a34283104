/*
 * bench_numfmt.c - what writing numbers costs: a sweep-like CSV of
 * 1,000,000 rows x 17 numeric columns formatted into memory (a 1 MB buffer
 * reused, as a sweep's chunk buffers are) with wf_format_double, with a
 * plain "%.17g" snprintf writer of the same rows, and with the writer
 * sweeps used before (the shortest of "%.15g", "%.16g", "%.17g" that
 * strtod reads back).  Prints the times, the ratio to "%.17g" and the
 * bytes against the shortest "%.Ng" that reads back, value by value.
 *
 * The rows: 4 input columns (PUE on a 0.05 grid, power per device on a
 * 50 W grid, devices, hours: short numbers, as people write them) and 13
 * outputs computed from them and from an intensity series, as a sweep's
 * are (full 15-17 digit doubles, a few integers).
 *
 * `bench_numfmt --verify [N]` instead formats N doubles from random bit
 * patterns (default 1e8; a fixed seed), checks that each reads back with
 * strtod as the same double, and every 100th in full (fewest digits,
 * nearest, layout; tests/numfmt_check.h).  It takes minutes.
 * Prints figures; asserts nothing (but --verify exits 1 on a failure).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wattif.h"
#include "bench.h"
#include "../tests/numfmt_check.h"

enum { ROWS = 1000000, COLS = 17, BUF = 1 << 20 };

static uint64_t next_u64(uint64_t *state) /* splitmix64 */
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *state)
{
	return (double)(next_u64(state) >> 11) / 9007199254740992.0;
}

static void make_rows(double *x)
{
	uint64_t seed = 1;
	size_t r;

	for (r = 0; r < ROWS; r++) {
		double *c = x + r * COLS;
		double pue = 1.1 + 0.05 * (double)(r % 12);
		double power_w = 150 + 50 * (double)(r / 12 % 12);
		double devices = 256, hours = 24;
		double intensity = 40 + 260 * uniform(&seed);  /* g/kWh */
		double it_kw = devices * power_w / 1000;
		double energy_it = it_kw * hours, energy_fac = energy_it * pue;
		double op_kg = energy_fac * intensity / 1000;
		double emb_kg = devices * 1500.0 * hours / (5 * 8766);
		c[0] = pue;
		c[1] = power_w;
		c[2] = devices;
		c[3] = hours;
		c[4] = hours;                       /* duration_h */
		c[5] = devices * hours;             /* device_hours */
		c[6] = it_kw;
		c[7] = (devices * 700 / 1000) * pue; /* peak_power_kw */
		c[8] = energy_it;
		c[9] = energy_fac;
		c[10] = intensity;
		c[11] = op_kg;
		c[12] = op_kg * (1 - 0.6 * uniform(&seed)); /* market */
		c[13] = emb_kg;
		c[14] = op_kg + emb_kg;
		c[15] = energy_it * 1.8 + energy_fac * 1.1; /* water_l */
		c[16] = (op_kg + emb_kg) * 1e3 / 1e6;       /* g per request */
	}
}

/* The writer sweeps used before: the shortest of %.15g..%.17g reading back. */
static size_t old_number(char *buf, double v)
{
	int p;

	for (p = 15; p < 17; p++) {
		int n = snprintf(buf, 32, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			return (size_t)n;
	}
	return (size_t)snprintf(buf, 32, "%.17g", v);
}

static size_t g17_number(char *buf, double v)
{
	return (size_t)snprintf(buf, 32, "%.17g", v);
}

/* Format every row into buf (restarting when full); seconds and bytes. */
static double write_rows(const double *x, char *buf, size_t (*num)(char *, double),
			 size_t *bytes)
{
	double t0 = now();
	size_t r, c, len = 0;

	*bytes = 0;
	for (r = 0; r < ROWS; r++) {
		if (BUF - len < COLS * 32) {
			*bytes += len;
			len = 0;
		}
		for (c = 0; c < COLS; c++) {
			len += num(buf + len, x[r * COLS + c]);
			buf[len++] = c + 1 < COLS ? ',' : '\n';
		}
	}
	*bytes += len;
	return now() - t0;
}

/* Bytes of the rows with each value as the shortest "%.Ng" reading back. */
static size_t shortest_g_bytes(const double *x)
{
	char b[40];
	size_t i, total = 0;

	for (i = 0; i < (size_t)ROWS * COLS; i++) {
		/* no N below wf_format_double's digit count reads back */
		int n = 1;
		if (x[i] != 0) {
			char t[WF_FORMAT_DOUBLE_SIZE];
			nf_dec dec;
			wf_format_double(t, x[i]);
			nf_parse(t, &dec);
			n = dec.k;
		}
		for (; n <= 17; n++) {
			snprintf(b, sizeof b, "%.*g", n, x[i]);
			if (strtod(b, NULL) == x[i])
				break;
		}
		total += strlen(b) + 1;
	}
	return total;
}

static int verify(long long n)
{
	uint64_t seed = 0x5eed, b;
	char s[WF_FORMAT_DOUBLE_SIZE], why[256];
	long long i, bad = 0, full = 0;
	double t0 = now(), v, r;

	for (i = 0; i < n; i++) {
		b = next_u64(&seed);
		memcpy(&v, &b, sizeof v);
		if (i % 100 == 0) {
			full++;
			if (numfmt_check(v, why, sizeof why)) {
				if (bad++ < 10)
					printf("  FAIL %s\n", why);
			}
			continue;
		}
		if (!wf_format_double(s, v)) {
			if (isfinite(v) && bad++ < 10)
				printf("  FAIL %.17g: nothing written\n", v);
			continue;
		}
		r = strtod(s, NULL);
		if (memcmp(&r, &v, sizeof r) != 0 && bad++ < 10)
			printf("  FAIL %.17g: \"%s\" reads back as %.17g\n", v, s, r);
	}
	printf("numfmt --verify: %lld doubles from random bit patterns: %lld read back "
	       "wrong or not shortest (%lld checked in full: fewest digits, nearest, "
	       "layout); %.0f s\n", n, bad, full, now() - t0);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	double *x, t_ours, t_g17, t_old;
	size_t b_ours, b_g17, b_old, b_short;
	char *buf;

	if (argc > 1 && strcmp(argv[1], "--verify") == 0)
		return verify(argc > 2 ? atoll(argv[2]) : 100000000LL);
	if (argc > 1) {
		fprintf(stderr, "usage: bench_numfmt [--verify [N]]\n");
		return 2;
	}
	x = malloc((size_t)ROWS * COLS * sizeof *x);
	buf = malloc(BUF);
	if (!x || !buf)
		return 1;
	make_rows(x);
	write_rows(x, buf, wf_format_double, &b_ours); /* warm up */
	t_ours = write_rows(x, buf, wf_format_double, &b_ours);
	t_g17 = write_rows(x, buf, g17_number, &b_g17);
	t_old = write_rows(x, buf, old_number, &b_old);
	b_short = shortest_g_bytes(x);
	printf("numbers: %d rows x %d columns of a sweep-like CSV, formatted into memory\n",
	       ROWS, COLS);
	printf("  wf_format_double:          %7.3f s  %6.1f ns/number  %6.1f MB  "
	       "(x%.2f the time of %%.17g)\n", t_ours, 1e9 * t_ours / ROWS / COLS,
	       (double)b_ours / 1e6, t_ours / t_g17);
	printf("  plain %%.17g (snprintf):    %7.3f s  %6.1f ns/number  %6.1f MB\n", t_g17,
	       1e9 * t_g17 / ROWS / COLS, (double)b_g17 / 1e6);
	printf("  before: %%.15g..%%.17g+strtod %7.3f s  %6.1f ns/number  %6.1f MB  "
	       "(x%.2f the time of %%.17g)\n", t_old, 1e9 * t_old / ROWS / COLS,
	       (double)b_old / 1e6, t_old / t_g17);
	printf("  bytes: %zu, the shortest %%.Ng that reads back: %zu (x%.3f); %%.17g: %zu\n",
	       b_ours, b_short, (double)b_ours / (double)b_short, b_g17);
	free(x);
	free(buf);
	return 0;
}

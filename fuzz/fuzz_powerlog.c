/*
 * fuzz_powerlog.c - libFuzzer target for the power-log readers
 * (powerlog.c, powerlog_steps.c).
 *
 * Reads each input as a whole log with a UTC offset and 2 GPUs per round
 * declared, then checks what must always hold: only 0, WF_EINPUT or
 * WF_ENOMEM come back; an error has a message and no log; a log has steps
 * sorted by start, each of positive length and power >= 0, inside its
 * span, and an energy equal to their sum.
 *
 * Build: make fuzz (FUZZ_TARGETS includes powerlog).  Seeds: fuzz/corpus/powerlog/
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "powerlog.h"

#define CHECK(c) \
	do { \
		if (!(c)) \
			__builtin_trap(); \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wf_plog_options o = WF_PLOG_OPTIONS_INIT;
	wf_powerlog *lg = NULL;
	wf_error err;
	double e = 0;
	size_t i;
	int rc;

	o.has_offset = 1;
	o.utc_offset_s = 3600;
	o.gpus = 2;
	wf_error_clear(&err);
	rc = wf_powerlog_parse(&lg, (const char *)data, size, "fuzz.csv", &o, &err);
	CHECK(rc == 0 || rc == WF_EINPUT || rc == WF_ENOMEM);
	if (rc) {
		CHECK(err.code == rc && err.message[0] != '\0' && lg == NULL);
		return 0;
	}
	CHECK(lg->n >= 1 && lg->begin <= lg->end);
	for (i = 0; i < lg->n; i++) {
		CHECK(lg->t1[i] > lg->t0[i] && lg->p_w[i] >= 0);
		CHECK(lg->t0[i] >= lg->begin && lg->t1[i] <= lg->end);
		CHECK(i == 0 || lg->t0[i] >= lg->t0[i - 1]);
		e += lg->p_w[i] * (lg->t1[i] - lg->t0[i]);
	}
	CHECK(isfinite(lg->energy_j) && fabs(lg->energy_j - e) <= 1e-9 * fabs(e) + 1e-300);
	wf_powerlog_free(lg);
	return 0;
}

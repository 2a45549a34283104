/*
 * fuzz_quantity.c - libFuzzer target for the quantity parser (quantity*.c).
 *
 * Parses each input, as a NUL-terminated copy, once for every expected
 * dimension and checks what must always hold: only 0, WF_EINPUT or
 * WF_EDIM come back; errors carry an offset inside the text and a
 * message; a success has the expected dimension and finite parameters;
 * the expectation changes nothing but the dimension check (except that
 * "C" means Celsius where a temperature is expected); and a fixed value
 * formatted at 17 digits parses back to the same number.
 *
 * Build: clang -g -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
 *          src/quantity*.c src/calendar.c fuzz/fuzz_quantity.c -lpcre2-8 -lm -o fuzz_quantity
 * Seeds: fuzz/corpus/quantity/
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quantity.h"

#define CHECK(c) \
	do { \
		if (!(c)) \
			__builtin_trap(); \
	} while (0)

static void check_error(int rc, const wf_parse_error *pe, size_t len)
{
	CHECK(rc == WF_EINPUT || rc == WF_EDIM);
	CHECK(pe->offset >= 0 && (size_t)pe->offset <= len);
	CHECK(memchr(pe->message, '\0', sizeof(pe->message)) != NULL);
	CHECK(pe->message[0] != '\0');
}

static void check_value(const wf_value *v, wf_dim expect)
{
	int i;

	CHECK(expect == WF_DIM_COUNT_ || v->dim == expect);
	CHECK((int)v->dim >= 0 && v->dim < WF_DIM_COUNT_);
	CHECK(v->kind >= WF_DIST_FIXED && v->kind <= WF_DIST_PERT);
	for (i = 0; i < 3; i++)
		CHECK(isfinite(v->p[i]));
	CHECK(isfinite(wf_value_nominal(v)));
}

/* A fixed value formatted at 17 digits reads back as itself. */
static void check_round_trip(wf_qparser *qp, const wf_value *v)
{
	char buf[128];
	wf_value back;
	wf_parse_error pe;
	double x = v->p[0], a = fabs(x);

	wf_quantity_format(buf, sizeof buf, x, v->dim, 17);
	CHECK(strstr(buf, "nan") == NULL && strstr(buf, "inf") == NULL);
	if (v->kind != WF_DIST_FIXED || (a != 0 && (a < 1e-290 || a > 1e290)))
		return;
	if (v->dim == WF_DIM_DATE) {
		/* years 0000..9999 only: a zone offset can step outside */
		if (x < -62167219200.0 || x >= 253402300800.0)
			return;
		CHECK(wf_qparser_parse(qp, &back, buf, v->dim, &pe) == 0);
		CHECK(fabs(back.p[0] - x) <= 0.5);
		return;
	}
	CHECK(wf_qparser_parse(qp, &back, buf, v->dim, &pe) == 0);
	CHECK(fabs(back.p[0] - x) <= 1e-9 * a);
}

/* Parse with every expectation and compare with the "any" result. */
static void run(wf_qparser *qp, const char *text)
{
	wf_value any, v;
	wf_parse_error pe_any, pe;
	size_t len = strlen(text);
	int rc_any, rc, e;

	rc_any = wf_qparser_parse(qp, &any, text, WF_DIM_COUNT_, &pe_any);
	if (rc_any)
		check_error(rc_any, &pe_any, len);
	else
		check_value(&any, WF_DIM_COUNT_), check_round_trip(qp, &any);
	for (e = 0; e < WF_DIM_COUNT_; e++) {
		rc = wf_qparser_parse(qp, &v, text, (wf_dim)e, &pe);
		if (rc == 0)
			check_value(&v, (wf_dim)e);
		else
			check_error(rc, &pe, len);
		if (e == WF_DIM_TEMPERATURE && rc_any != 0)
			continue; /* "C" may parse here only */
		if (rc_any == 0) {
			CHECK(rc == (any.dim == (wf_dim)e ? 0 : WF_EDIM));
			CHECK(rc != 0 || memcmp(v.p, any.p, sizeof(v.p)) == 0);
		} else {
			CHECK(rc == rc_any && pe.offset == pe_any.offset);
			CHECK(strcmp(pe.message, pe_any.message) == 0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wf_qparser *qp; /* the harness's, kept across inputs */
	char *text;

	if (!qp && wf_qparser_new(&qp))
		return 0;
	if (!(text = malloc(size + 1)))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	run(qp, text);
	free(text);
	return 0;
}

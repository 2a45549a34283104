/*
 * fuzz_resume.c - libFuzzer target for what `wattif sweep --resume` reads
 * (src/cli/resume.c): the input is a resume record, a NUL byte, and the
 * start of an output file.  The record must parse or be refused with a
 * reason; a parsed record formats back to a record that parses to the
 * same values; the output is scanned in two pieces at an input-chosen cut
 * (the count and the hash must not depend on the cut) and checked against
 * the record, which either proves the rows or says why not.
 *
 * Build and run: make fuzz (FUZZ_TARGETS; links src/cli/resume.c).
 * Seeds: fuzz/corpus/resume/
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/resume.h"

#define CHECK(c) \
	do { \
		if (!(c)) \
			__builtin_trap(); \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul = memchr(data, '\0', size);
	size_t rlen = nul ? (size_t)(nul - text) : size, olen, cut;
	const char *out = nul ? nul + 1 : "";
	cli_resume_rec rec, again;
	cli_scan a, b;
	char why[256], buf[512];
	int rc;

	olen = nul ? size - rlen - 1 : 0;
	why[0] = '\0';
	rc = cli_resume_parse(&rec, text, rlen, why, sizeof why);
	CHECK(rc == 0 || (rc == -1 && why[0] != '\0'));
	/* the same bytes in one piece and in two */
	cut = olen ? (size_t)data[0] % (olen + 1) : 0;
	cli_scan_init(&a, 1);
	cli_scan_feed(&a, out, olen);
	cli_scan_init(&b, 1);
	cli_scan_feed(&b, out, cut);
	cli_scan_feed(&b, out + cut, olen - cut);
	CHECK(a.records == b.records && a.bytes == olen && a.in_quotes == b.in_quotes);
	CHECK(cli_hash_value(&a.hash) == cli_hash_value(&b.hash));
	if (rc)
		return 0;
	CHECK(rec.rows <= rec.points && strlen(rec.fingerprint) == 32);
	CHECK(cli_resume_format(buf, sizeof buf, &rec) < sizeof buf);
	CHECK(cli_resume_parse(&again, buf, strlen(buf), why, sizeof why) == 0);
	CHECK(memcmp(&rec, &again, sizeof rec) == 0);
	why[0] = '\0';
	if (a.bytes > rec.bytes) { /* the record covers a prefix: scan just that */
		cli_scan_init(&a, !rec.jsonl);
		cli_scan_feed(&a, out, (size_t)rec.bytes);
	}
	rc = cli_resume_verify(&rec, &a, rec.fingerprint, rec.jsonl, rec.points, why,
			       sizeof why);
	CHECK(rc == 0 || (rc == -1 && why[0] != '\0'));
	return 0;
}

/*
 * test_resume.c - the resume record of `wattif sweep -o OUT` and the
 * checks of --resume (src/cli/resume.c, compiled in here: it is the CLI's,
 * not the library's): records round-trip, malformed ones are refused,
 * records are counted as CSV records (a quoted value may hold a newline),
 * and every byte the record covers is proven by its checksum.
 */
#include "testutil.h"

#include "cli/resume.c"

static const char *FP = "00112233445566778899aabbccddeeff";

/* A record for the first n bytes of text (rows complete rows). */
static cli_resume_rec rec_for(const char *text, size_t n, unsigned long long rows, int jsonl)
{
	cli_resume_rec r;
	cli_hash h;

	memset(&r, 0, sizeof r);
	snprintf(r.fingerprint, sizeof r.fingerprint, "%s", FP);
	r.jsonl = jsonl;
	r.points = 10;
	r.rows = rows;
	r.bytes = n;
	cli_hash_init(&h);
	cli_hash_update(&h, text, n);
	r.checksum = cli_hash_value(&h);
	return r;
}

static int verify(const cli_resume_rec *r, const char *text, size_t n, int jsonl, char *why)
{
	cli_scan sc;

	cli_scan_init(&sc, !jsonl);
	cli_scan_feed(&sc, text, n);
	return cli_resume_verify(r, &sc, FP, jsonl, 10, why, 256);
}

static void round_trip(void **state)
{
	char buf[512], why[256];
	cli_resume_rec a = rec_for("h\n1\n", 4, 1, 0), b;
	size_t n;

	(void)state;
	n = cli_resume_format(buf, sizeof buf, &a);
	assert_int_equal(cli_resume_parse(&b, buf, n, why, sizeof why), 0);
	assert_string_equal(b.fingerprint, FP);
	assert_int_equal(b.jsonl, 0);
	assert_true(b.points == 10 && b.rows == 1 && b.bytes == 4);
	assert_true(b.checksum == a.checksum);
	assert_non_null(strstr(buf, "format csv\n"));
}

static void malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"wattif-sweep-resume 2\n",
		"wattif-sweep-resume 1\nfingerprint 00\nformat csv\npoints 1\nrows 0\n"
		"bytes 0\nchecksum 0000000000000000\n",
		"wattif-sweep-resume 1\nfingerprint 00112233445566778899aabbccddeeff\n"
		"format tsv\npoints 1\nrows 0\nbytes 0\nchecksum 0000000000000000\n",
		"wattif-sweep-resume 1\nfingerprint 00112233445566778899aabbccddeeff\n"
		"format csv\npoints 1\nrows 2\nbytes 0\nchecksum 0000000000000000\n",
		"wattif-sweep-resume 1\nfingerprint 00112233445566778899aabbccddeeff\n"
		"format csv\npoints 1\nrows 0\nbytes -5\nchecksum 0000000000000000\n",
		"wattif-sweep-resume 1\nfingerprint 00112233445566778899aabbccddeeff\n"
		"format csv\npoints 1\nrows 0\nbytes 99999999999999999999\nchecksum 0\n",
		"wattif-sweep-resume 1\nfingerprint 00112233445566778899aabbccddeeff\n"
		"format csv\npoints 1\nrows 0\nrows 0\nbytes 0\nchecksum 0\n",
		"wattif-sweep-resume 1\nfingerprint 00112233445566778899aabbccddeeff\n"
		"format csv\npoints 1\nrows 0\nbytes 0\n",
		"wattif-sweep-resume 1\nfingerprint 00112233445566778899aabbccddeeff\n"
		"format csv\npoints 1\nrows 0\nbytes 0\nchecksum 0000000000000000",
	};
	char why[256];
	cli_resume_rec r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		if (cli_resume_parse(&r, bad[i], strlen(bad[i]), why, sizeof why) != -1) {
			print_error("record %zu accepted\n", i);
			fail();
		}
		assert_true(why[0] != '\0');
	}
}

/* A value with a newline inside quotes is one record, not two (a resume
 * counting lines called such a file foreign). */
static void csv_records(void **state)
{
	const char *text = "a,b\n\"x\ny\",1\n\"say \"\"hi\"\"\n\",2\nplain,3\n";
	cli_scan sc;
	size_t cut;

	(void)state;
	for (cut = 0; cut <= strlen(text); cut++) {
		cli_scan_init(&sc, 1);
		cli_scan_feed(&sc, text, cut);
		cli_scan_feed(&sc, text + cut, strlen(text) - cut);
		assert_int_equal(sc.records, 4);
		assert_int_equal(sc.in_quotes, 0);
	}
	cli_scan_init(&sc, 0); /* JSON Lines: every newline ends one */
	cli_scan_feed(&sc, "{\"a\": \"x\\ny\"}\n{\"a\": \"\\\"\"}\n", 26);
	assert_int_equal(sc.records, 2);
}

/* Every byte is checked, not only the last row: a change in the middle
 * is caught, and so is another sweep's file. */
static void proves_rows(void **state)
{
	char text[] = "site.pue,e\n1.1,10\n1.2,20\n1.3,30\n";
	size_t n = strlen(text);
	cli_resume_rec r = rec_for(text, n, 3, 0);
	char why[256];

	(void)state;
	assert_int_equal(verify(&r, text, n, 0, why), 0);
	text[19] = '9'; /* 1.2,20 -> 1.2,90: same length, same last row */
	assert_int_equal(verify(&r, text, n, 0, why), -1);
	assert_non_null(strstr(why, "checksum differs"));
	text[19] = '2';
	memcpy(r.fingerprint, "ffffffffffffffffffffffffffffffff", 32);
	assert_int_equal(verify(&r, text, n, 0, why), -1);
	assert_non_null(strstr(why, "fingerprint differs"));
	r = rec_for(text, n, 3, 0);
	assert_int_equal(verify(&r, text, n - 7, 0, why), -1); /* cut short */
	assert_non_null(strstr(why, "shorter"));
	r = rec_for(text, n, 2, 0); /* wrong row count for those bytes */
	assert_int_equal(verify(&r, text, n, 0, why), -1);
	assert_non_null(strstr(why, "records"));
	r = rec_for(text, n, 3, 0); /* the format must match too */
	assert_int_equal(verify(&r, text, n, 1, why), -1);
	r = rec_for("", 0, 0, 0); /* nothing written yet */
	assert_int_equal(verify(&r, "", 0, 0, why), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(malformed),
		cmocka_unit_test(csv_records),
		cmocka_unit_test(proves_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

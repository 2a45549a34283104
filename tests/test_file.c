/*
 * test_file.c - input files as a hostile user names them: only regular
 * files are read (a directory, FIFO or /dev/zero is refused at once, with
 * what it is), every file read is listed with its device, inode, size and
 * content hash, an included file is loaded once, include bombs end at the
 * caps, invalid UTF-8 is located, and the hash does not depend on how the
 * bytes are split.
 */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#include "catalog.h"
#include "doc.h"
#include "file.h"

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/wattif-test-file-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return catalog_setup(state);
}

static int remove_dir(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	return catalog_teardown(state);
}

static const char *in_dir(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
	return buf;
}

static void put(const char *name, const char *text)
{
	char p[512];
	FILE *f = fopen(in_dir(p, sizeof p, name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* Load a file into a catalog over the shipped one: the error code, and
 * the formatted message in msg. */
static int load(const char *name, char *msg, size_t size, wf_catalog **keep)
{
	char p[512];
	wf_catalog *c = NULL;
	wf_error err;
	int rc;

	wf_error_clear(&err);
	assert_int_equal(wf_catalog_new(&c), 0);
	assert_int_equal(wf_catalog_set_parent(c, cat, &err), 0);
	rc = wf_catalog_load(c, in_dir(p, sizeof p, name), &err);
	if (rc == 0)
		rc = wf_catalog_finish(c, &err);
	if (rc == 0)
		rc = wf_catalog_check(c, &err);
	wf_error_format(&err, msg, size);
	if (keep && rc == 0)
		*keep = c;
	else
		wf_catalog_free(c);
	return rc;
}

static void expect_in(const char *msg, const char *want)
{
	if (!strstr(msg, want)) {
		print_error("\"%s\" is not in \"%s\"\n", want, msg);
		fail();
	}
}

/* Not regular: refused by what it is, before a byte is read (a FIFO
 * without a writer would block a read forever; /dev/zero never ends). */
static void not_regular(void **state)
{
	char p[512], msg[2048];
	time_t t0 = time(NULL);

	(void)state;
	assert_int_equal(mkdir(in_dir(p, sizeof p, "sub"), 0755), 0);
	assert_int_equal(mkfifo(in_dir(p, sizeof p, "pipe"), 0644), 0);
	put("inc-dir.yaml", "include: sub\n");
	put("inc-fifo.yaml", "# a comment\ninclude: [pipe]\n");
	put("inc-zero.yaml", "include: /dev/zero\n");
	/* series are read on first use; wf_catalog_check reads them all */
	put("series-fifo.yaml", "grids:\n  - id: XX-fifo\n    series: pipe\n"
				"    series_basis: direct\n");
	put("series-dir.yaml", "grids:\n  - id: XX-dir\n    series: sub\n"
			       "    series_basis: direct\n");
	assert_int_equal(load("inc-dir.yaml", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "inc-dir.yaml:1:10: include: \"");
	expect_in(msg, "sub\" is a directory; expected a regular file");
	assert_int_equal(load("inc-fifo.yaml", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "inc-fifo.yaml:2:11: include: \"");
	expect_in(msg, "pipe\" is a FIFO (named pipe)");
	assert_int_equal(load("inc-zero.yaml", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "inc-zero.yaml:1:10: include: \"/dev/zero\" is a character device");
	assert_int_equal(load("series-fifo.yaml", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "series-fifo.yaml:3:13: series: \"");
	expect_in(msg, "pipe\" is a FIFO (named pipe); expected a regular file holding the "
		       "series");
	assert_int_equal(load("series-dir.yaml", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "sub\" is a directory");
	assert_null(strstr(msg, "9223372036854775807"));
	/* a FIFO named directly */
	assert_int_equal(load("pipe", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "is a FIFO (named pipe); expected a regular file");
	assert_true(time(NULL) - t0 < 30); /* no read blocked (a hang fails by timeout) */
}

/* Invalid UTF-8 is found where it is, not at 1:1. */
static void utf8_located(void **state)
{
	char msg[2048];
	int line = 0, col = 0;
	unsigned char b = 0;

	(void)state;
	put("utf8.yaml", "a: 1\nb: \"\xc3\xa9t\xc3\xa9\"\nc: \"x\xffy\"\n");
	assert_int_equal(load("utf8.yaml", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "utf8.yaml:3:6: invalid UTF-8 (byte 0xff)");
	/* columns count characters: "b: "été"" has é as one column each */
	assert_int_equal(wf_utf8_check("b: \"\xc3\xa9\xc3\xa9\x80\"", 9, &line, &col, &b), -1);
	assert_int_equal(line, 1);
	assert_int_equal(col, 7);
	assert_int_equal(b, 0x80);
	/* overlong, surrogate, beyond U+10FFFF, truncated */
	assert_int_equal(wf_utf8_check("\xc0\xaf", 2, &line, &col, &b), -1);
	assert_int_equal(wf_utf8_check("\xed\xa0\x80", 3, &line, &col, &b), -1);
	assert_int_equal(wf_utf8_check("\xf4\x90\x80\x80", 4, &line, &col, &b), -1);
	assert_int_equal(wf_utf8_check("ok \xe2\x82", 5, &line, &col, &b), -1);
	assert_int_equal(wf_utf8_check("\xe2\x82\x82 \xf0\x9f\x98\x80", 8, &line, &col, &b), 0);
}

/* The files a load read, with the stamps stat gives. */
static void files_listed(void **state)
{
	char msg[2048];
	wf_catalog *c = NULL;
	wf_file_info fi;
	struct stat st;
	size_t n0 = wf_catalog_file_count(cat), i, found = 0;

	(void)state;
	assert_true(n0 >= 12); /* the shipped models and data, tables and series */
	put("listed-inc.yaml", "accelerators:\n  - {id: test-listed, tdp: 100 W}\n");
	put("listed.yaml", "include: [listed-inc.yaml]\n");
	assert_int_equal(load("listed.yaml", msg, sizeof msg, &c), 0);
	assert_int_equal(wf_catalog_file_count(c), n0 + 2);
	for (i = 0; i < wf_catalog_file_count(c); i++) {
		assert_int_equal(wf_catalog_file(&fi, c, i), 0);
		if (!strstr(fi.path, "listed"))
			continue;
		found++;
		assert_int_equal(stat(fi.path, &st), 0);
		assert_true(fi.device == (unsigned long long)st.st_dev);
		assert_true(fi.inode == (unsigned long long)st.st_ino);
		assert_true(fi.size_bytes == (long long)st.st_size);
		assert_true(i >= n0); /* the parent's first */
	}
	assert_int_equal(found, 2);
	assert_int_equal(wf_catalog_file(&fi, c, n0 + 2), WF_ENOTFOUND);
	/* the content hash tells files apart */
	assert_int_equal(wf_catalog_file(&fi, c, n0 + 1), 0); /* read after listed.yaml */
	assert_non_null(strstr(fi.path, "listed-inc.yaml"));
	assert_true(fi.hash == wf_hash_bytes("accelerators:\n  - {id: test-listed, tdp: 100 W}\n",
					     strlen("accelerators:\n  - {id: test-listed, tdp: "
						    "100 W}\n")));
	wf_catalog_free(c);
}

/* The same file included twice (or through two paths) loads once; a
 * bomb of one file included ten times on each of eight levels (10^8
 * loads before) is nine loads. */
static void include_once(void **state)
{
	char name[64], text[512], msg[2048];
	wf_catalog *c = NULL;
	size_t n0 = wf_catalog_file_count(cat);
	int k;

	(void)state;
	put("once-leaf.yaml",
	    "grids:\n  - {id: XX-once, basis: direct, intensity: {2024: 100 g/kWh}}\n");
	put("once.yaml", "include: [once-leaf.yaml, ./once-leaf.yaml, once-leaf.yaml]\n");
	if (load("once.yaml", msg, sizeof msg, &c) != 0) {
		print_error("%s\n", msg);
		fail();
	}
	assert_int_equal(wf_catalog_file_count(c), n0 + 2);
	wf_catalog_free(c);
	for (k = 0; k <= 8; k++) {
		snprintf(name, sizeof name, "bomb%d.yaml", k);
		if (k < 8)
			snprintf(text, sizeof text, "include: [%s]\n",
				 "B, B, B, B, B, B, B, B, B, B");
		else
			snprintf(text, sizeof text, "# the last level\n");
		for (char *q = strchr(text, 'B'); q; q = strchr(q, 'B')) {
			char rest[512];
			snprintf(rest, sizeof rest, "%s", q + 1);
			q += sprintf(q, "bomb%d.yaml", k + 1);
			strcpy(q, rest);
		}
		put(name, text);
	}
	assert_int_equal(load("bomb0.yaml", msg, sizeof msg, &c), 0);
	assert_int_equal(wf_catalog_file_count(c), n0 + 9);
	wf_catalog_free(c);
}

/* Many distinct files end at the cap on files loaded together: chains of
 * 30 (the nesting limit is 32), listed side by side. */
static void include_cap(void **state)
{
	char name[64], text[64], msg[2048], *list;
	size_t len = 0;
	int k;

	(void)state;
	for (k = 0; k <= WF_DOC_MAX_FILES; k++) {
		snprintf(name, sizeof name, "many%d.yaml", k);
		if (k % 30 == 29 || k == WF_DOC_MAX_FILES)
			snprintf(text, sizeof text, "# end of a chain\n");
		else
			snprintf(text, sizeof text, "include: many%d.yaml\n", k + 1);
		put(name, text);
	}
	assert_non_null(list = malloc(16 * WF_DOC_MAX_FILES));
	len += (size_t)sprintf(list, "include: [");
	for (k = 0; k <= WF_DOC_MAX_FILES; k += 30)
		len += (size_t)sprintf(list + len, "%smany%d.yaml", k ? ", " : "", k);
	sprintf(list + len, "]\n");
	put("many.yaml", list);
	free(list);
	assert_int_equal(load("many.yaml", msg, sizeof msg, NULL), WF_EINPUT);
	expect_in(msg, "more than 4096 model files or 64 MiB loaded together (an include "
		       "bomb?)");
}

/* The hash of a stream does not depend on its pieces. */
static void hash_pieces(void **state)
{
	const char *text = "timestamp_utc,intensity_g_per_kwh\n2026-07-01T00:00Z,100\n";
	size_t n = strlen(text), cut;
	uint64_t whole = wf_hash_bytes(text, n);

	(void)state;
	for (cut = 0; cut <= n; cut++) {
		wf_hash h;
		wf_hash_init(&h);
		wf_hash_update(&h, text, cut);
		wf_hash_update(&h, "", 0);
		wf_hash_update(&h, text + cut, n - cut);
		assert_true(wf_hash_final(&h) == whole);
	}
	assert_true(wf_hash_bytes(text, n - 1) != whole);
	assert_true(wf_hash_bytes("a", 1) != wf_hash_bytes("b", 1));
	assert_true(wf_hash_bytes("", 0) != wf_hash_bytes("\0", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_regular),
		cmocka_unit_test(utf8_located),
		cmocka_unit_test(files_listed),
		cmocka_unit_test(include_once),
		cmocka_unit_test(include_cap),
		cmocka_unit_test(hash_pieces),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}

/*
 * test_bad.c - every malformed model file under tests/bad/ fails with its
 * expected file:line:col and message, never a crash (inih's bad_*.ini idea).
 *
 * Each file starts with "# expect: LINE:COL: MESSAGE", where LINE or COL may
 * be "*" (any); MESSAGE must occur in the error text.  A file is loaded over
 * the shipped catalog, like `wattif check FILE`, and its scenario evaluated.
 */
#include <dirent.h>

#include "testutil.h"

/* Load like `wattif check`; returns the error code. */
static int check_file(const char *path, wf_error *err)
{
	wf_error_clear(err);
	return wf_catalog_check_paths(NULL, cat, &path, 1, err);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void bad_corpus(void **state)
{
	char dir[4096], path[4096 + 256], first[1024], prefix[4096 + 300], msg[2048];
	char *names[256];
	size_t n = 0, i;
	int failures = 0;
	DIR *d;
	struct dirent *de;

	(void)state;
	test_path(dir, sizeof dir, "tests/bad");
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if (l > 5 && !strcmp(de->d_name + l - 5, ".yaml"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	for (i = 0; i < n; i++) {
		FILE *f;
		char line[16], col[16], *want;
		wf_error err;
		int rc;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		f = fopen(path, "rb");
		assert_non_null(f);
		if (!fgets(first, sizeof first, f) ||
		    sscanf(first, "# expect: %15[0-9*]:%15[0-9*]:", line, col) != 2) {
			/* files whose first line is the error itself: line:col only */
			if (sscanf(first, "# expect: %15[*]:", line) != 1) {
				print_error("%s: no \"# expect: LINE:COL: MESSAGE\" line\n", names[i]);
				failures++;
				fclose(f);
				continue;
			}
			strcpy(col, "*");
		}
		fclose(f);
		first[strcspn(first, "\n")] = '\0';
		want = strstr(first + 10, ": ") + 2;
		rc = check_file(path, &err);
		wf_error_format(&err, msg, sizeof msg);
		if (line[0] != '*' && col[0] != '*')
			snprintf(prefix, sizeof prefix, "%s:%s:%s: ", path, line, col);
		else if (line[0] != '*')
			snprintf(prefix, sizeof prefix, "%s:%s:", path, line);
		else
			prefix[0] = '\0';
		if (rc == 0 || (rc != WF_EINPUT && rc != WF_EDIM && rc != WF_ENOTFOUND) ||
		    strncmp(msg, prefix, strlen(prefix)) != 0 || !strstr(msg, want)) {
			print_error("%s: expected \"%s...%s\", got rc %d \"%s\"\n", names[i],
				    prefix, want, rc, msg);
			failures++;
		}
		free(names[i]);
	}
	printf("  %zu bad files checked\n", n);
	assert_true(n >= 40);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_corpus),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}

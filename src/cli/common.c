/*
 * common.c - pieces several commands share: loading a scenario with its
 * --set overrides, and quoting for CSV and JSON output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

void cli_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

void cli_number(double v, const char *absent)
{
	char b[WF_FORMAT_DOUBLE_SIZE];

	fputs(wf_format_double(b, v) ? b : absent, stdout);
}

void cli_print_wrapped(const char *label, const char *text)
{
	size_t col = printf("  %s:", label), len, n = 4 * strlen(text) + 1;
	char *safe = malloc(n);
	const char *p = safe ? cli_safe(safe, n, text) : "(out of memory)";

	while (*p) {
		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (!len)
			break;
		if (col + 1 + len > 92 && col > 6) {
			fputs("\n   ", stdout);
			col = 3;
		}
		col += printf(" %.*s", (int)len, p);
		p += len;
	}
	putchar('\n');
	free(safe);
}

void cli_print_notes(const char *title, const char *notes)
{
	const char *p = notes;

	if (!notes || !*notes)
		return;
	printf("\n%s:\n", title);
	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len), *safe = malloc(4 * len + 1);
		if (line && safe)
			printf("  - %s\n", cli_safe(safe, 4 * len + 1, line));
		free(line);
		free(safe);
		p += len + (p[len] ? 1 : 0);
	}
}

void cli_csv_field(const char *s)
{
	if (strpbrk(s, ",\"\n")) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else {
		fputs(s, stdout);
	}
}

int cli_is_stdin(const char *file)
{
	return file && strcmp(file, "-") == 0;
}

/* Fill err (the first error wins, as in the library) and return code. */
static int fail(wf_error *err, int code, const char *what, const char *detail)
{
	if (err->code)
		return code;
	err->code = code;
	snprintf(err->module, sizeof err->module, "cli");
	snprintf(err->file, sizeof err->file, "%s", CLI_STDIN_NAME);
	err->line = err->col = 0;
	snprintf(err->message, sizeof err->message, "%s%s%s", what, detail ? ": " : "",
		 detail ? detail : "");
	return code;
}

int cli_stdin_text(char **text, size_t *len, wf_error *err)
{
	/* as large as a model file may be (the loader's limit) */
	static const size_t max = 16u << 20;
	static int read_once;
	size_t n = 0, cap = 0;
	char *buf = NULL;

	*text = NULL;
	*len = 0;
	if (read_once++)
		return fail(err, WF_EINPUT, "standard input (-) can be read only once", NULL);
	for (;;) {
		size_t got;
		if (n == cap) {
			char *b;
			cap = cap ? 2 * cap : 65536;
			if (!(b = realloc(buf, cap + 1))) {
				free(buf);
				return fail(err, WF_ENOMEM, "out of memory", NULL);
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, stdin);
		n += got;
		if (n > max) {
			free(buf);
			return fail(err, WF_EINPUT, "more than the 16 MiB a model file may hold", NULL);
		}
		if (got == 0)
			break;
	}
	if (ferror(stdin)) {
		free(buf);
		return fail(err, WF_EIO, "cannot read", strerror(errno));
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int cli_read_stdin(char **text, size_t *len)
{
	wf_error err;
	int rc;

	wf_error_clear(&err);
	return (rc = cli_stdin_text(text, len, &err)) ? cli_fail(&err, rc) : 0;
}

int cli_scenario_load(wf_scenario **sc, const wf_catalog *base, const char *file,
		      const char *text, size_t len, wf_error *err)
{
	char *own = NULL;
	int rc;

	if (!cli_is_stdin(file))
		return wf_scenario_load(sc, base, file, err);
	if (!text && (rc = cli_stdin_text(&own, &len, err)))
		return rc;
	rc = wf_scenario_load_text(sc, base, text ? text : own, len, CLI_STDIN_NAME, err);
	free(own);
	return rc;
}

int cli_load_scenario_over(wf_scenario **sc, const wf_catalog *base, const char *file,
			   const char *const *sets, int nsets)
{
	wf_error err;
	int rc, i;

	*sc = NULL;
	wf_error_clear(&err);
	rc = cli_scenario_load(sc, base, file, NULL, 0, &err);
	for (i = 0; rc == 0 && i < nsets; i++)
		rc = wf_scenario_set(*sc, sets[i], &err);
	if (rc) {
		wf_scenario_free(*sc);
		*sc = NULL;
		return cli_fail(&err, rc);
	}
	return 0;
}

int cli_load_scenario(wf_catalog **base, wf_scenario **sc, const char *file,
		      const char *const *sets, int nsets)
{
	int status;

	*base = NULL;
	*sc = NULL;
	if ((status = cli_load_base(base, NULL, 0)))
		return status;
	if ((status = cli_load_scenario_over(sc, *base, file, sets, nsets))) {
		wf_catalog_free(*base);
		*base = NULL;
	}
	return status;
}

void cli_json_notes(const char *notes)
{
	const char *p = notes ? notes : "";
	int first = 1;

	printf(", \"notes\": [");
	while (*p) {
		size_t len = strcspn(p, "\n");
		char line[2048];
		if (len) {
			snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1),
				 p);
			printf("%s", first ? "" : ", ");
			cli_json_string(line);
			first = 0;
		}
		p += len + (p[len] == '\n');
	}
	putchar(']');
}

/*
 * common.c - pieces several commands share: loading a scenario with its
 * --set overrides, and quoting for CSV and JSON output.
 */
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

int cli_take_set(const char *cmd, char **argv, int argc, int *i, const char **sets,
		 int *nsets)
{
	const char *a = argv[*i];
	const char *v;

	if (strcmp(a, "--set") != 0 && strncmp(a, "--set=", 6) != 0)
		return -1;
	v = a[5] == '=' ? a + 6 : (*i + 1 < argc ? argv[++*i] : NULL);
	if (!v)
		return cli_usage(cmd, "--set needs PATH=VALUE");
	if (*nsets == CLI_MAX_SETS)
		return cli_usage(cmd, "at most %d --set options", CLI_MAX_SETS);
	sets[(*nsets)++] = v;
	return 0;
}

int cli_load_scenario(wf_catalog **base, wf_scenario **sc, const char *file,
		      const char *const *sets, int nsets)
{
	wf_error err;
	int rc, i, status;

	*base = NULL;
	*sc = NULL;
	wf_error_clear(&err);
	if ((status = cli_load_base(base, NULL, 0)))
		return status;
	rc = wf_scenario_load(sc, *base, file, &err);
	for (i = 0; rc == 0 && i < nsets; i++)
		rc = wf_scenario_set(*sc, sets[i], &err);
	if (rc) {
		wf_scenario_free(*sc);
		wf_catalog_free(*base);
		*sc = NULL;
		*base = NULL;
		return cli_fail(&err, rc);
	}
	return 0;
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

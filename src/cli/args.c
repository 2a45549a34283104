/*
 * args.c - the one option parser of every command (args.h), its value
 * checks (counts, choices, windows, durations) and the help written from
 * each command's table.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { HELP_COL = 21 };

static int has_name(const cli_opt *o)
{
	return o->name || o->short_name;
}

void cli_parse_begin(cli_parser *p, const cli_spec *spec, int argc, char **argv)
{
	memset(p, 0, sizeof *p);
	p->spec = spec;
	p->argc = argc;
	p->argv = argv;
	p->next = 1;
}

int cli_parse_error(const cli_parser *p, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	if (p->silent)
		return EXIT_INPUT;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cli_usage(p->spec->name, "%s", msg);
}

const char *cli_hint(char *buf, size_t size, const char *word, const char *const *names,
		     size_t n)
{
	const char *near = wf_nearest(word, names, n);

	if (near)
		snprintf(buf, size, " (did you mean \"%s\"?)", near);
	else if (size)
		buf[0] = '\0';
	return buf;
}

/* The commands other than this one that take option `name`, as "run,
 * explain and report"; "" when none does. */
static void other_takers(char *buf, size_t size, const cli_spec *self, const char *name)
{
	const cli_spec *const *all;
	const char *hit[32];
	size_t n, k, nhit = 0, len = 0;

	all = cli_specs(&n);
	for (k = 0; k < n && nhit < 32; k++) {
		const cli_opt *o;
		if (all[k] == self)
			continue;
		for (o = all[k]->opts; o && (has_name(o) || o->help); o++)
			if (has_name(o) &&
			    ((o->name && strcmp(o->name, name) == 0) ||
			     (o->short_name && name[0] == '-' && name[1] == o->short_name &&
			      name[2] == '\0'))) {
				hit[nhit++] = all[k]->name;
				break;
			}
	}
	buf[0] = '\0';
	for (k = 0; k < nhit && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					k == 0 ? "" : k + 1 == nhit ? " and " : ", ", hit[k]);
}

/* "unknown option" with the nearest of this command's options, or the
 * commands that take it. */
static int unknown_option(cli_parser *p, const char *written)
{
	const char *names[128];
	char hint[256], others[512], shorts[64][3];
	const cli_opt *o;
	size_t n = 0, ns = 0;

	snprintf(p->opt, sizeof p->opt, "%.*s", (int)strcspn(written, "="), written);
	other_takers(others, sizeof others, p->spec, p->opt);
	if (others[0]) {
		p->status = cli_parse_error(p, "unknown option \"%s\": an option of %s, not of %s",
					    p->opt, others, p->spec->name);
		return CLI_STOP;
	}
	for (o = p->spec->opts; o && (has_name(o) || o->help) && n < 120; o++) {
		if (o->name)
			names[n++] = o->name;
		if (o->short_name && ns < 64) {
			char *s = shorts[ns++];
			s[0] = '-', s[1] = o->short_name, s[2] = '\0';
			names[n++] = s;
		}
	}
	names[n++] = "--help";
	p->status = cli_parse_error(p, "unknown option \"%s\"%s", p->opt,
				    cli_hint(hint, sizeof hint, p->opt, names, n));
	return CLI_STOP;
}

/* The option's value: glued (after '=' or a short name), else the next
 * argument.  CLI_STOP when it has none. */
static int take_value(cli_parser *p, const cli_opt *o, const char *glued)
{
	if (!o->arg) {
		if (glued) {
			p->status = cli_parse_error(p, "%s takes no value (got \"%s\")", p->opt,
						    glued);
			return CLI_STOP;
		}
		p->value = NULL;
		return o->id;
	}
	if (glued)
		p->value = glued;
	else if (p->next < p->argc)
		p->value = p->argv[p->next++];
	else
		p->value = NULL;
	if (!p->value || !*p->value) {
		p->status = cli_parse_error(p, "%s needs a value: %s", p->opt, o->arg);
		return CLI_STOP;
	}
	return o->id;
}

static int long_option(cli_parser *p, const char *a)
{
	const char *eq = strchr(a, '=');
	size_t len = eq ? (size_t)(eq - a) : strlen(a);
	const cli_opt *o;

	if (len == 6 && strncmp(a, "--help", 6) == 0) {
		if (eq) {
			p->status = cli_parse_error(p, "--help takes no value");
			return CLI_STOP;
		}
		if (!p->silent)
			cli_help(p->spec);
		p->status = EXIT_OK;
		return CLI_STOP;
	}
	for (o = p->spec->opts; o && (has_name(o) || o->help); o++)
		if (o->name && strlen(o->name) == len && strncmp(o->name, a, len) == 0) {
			snprintf(p->opt, sizeof p->opt, "%s", o->name);
			return take_value(p, o, eq ? eq + 1 : NULL);
		}
	return unknown_option(p, a);
}

static int short_option(cli_parser *p, const char *a)
{
	const cli_opt *o;

	if (a[1] == 'h' && a[2] == '\0') {
		if (!p->silent)
			cli_help(p->spec);
		p->status = EXIT_OK;
		return CLI_STOP;
	}
	for (o = p->spec->opts; o && (has_name(o) || o->help); o++) {
		if (!o->short_name || o->short_name != a[1])
			continue;
		if (!o->arg && a[2])
			break; /* -qx: not an option */
		snprintf(p->opt, sizeof p->opt, "-%c", a[1]);
		/* -oFILE, -j4, and -o=FILE as the report once took it */
		return take_value(p, o, a[2] ? a + 2 + (a[2] == '=') : NULL);
	}
	return unknown_option(p, a);
}

int cli_next(cli_parser *p)
{
	const char *a;

	if (p->next >= p->argc)
		return CLI_END;
	a = p->argv[p->next++];
	p->value = a;
	p->opt[0] = '\0';
	if (p->operands_only || a[0] != '-' || a[1] == '\0')
		return CLI_OPERAND;
	if (strcmp(a, "--") == 0) {
		p->operands_only = 1;
		return cli_next(p);
	}
	return a[1] == '-' ? long_option(p, a) : short_option(p, a);
}

int cli_count(cli_parser *p, long long min, long long max, long long *out)
{
	const char *v = p->value;
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end || end == v || errno == ERANGE || n < min || n > max) {
		if (max == LLONG_MAX)
			return cli_parse_error(p, "%s: expected a whole number of at least %lld, "
					       "got \"%s\"", p->opt, min, v);
		return cli_parse_error(p, "%s: expected a whole number from %lld to %lld, got "
				       "\"%s\"", p->opt, min, max, v);
	}
	*out = n;
	return 0;
}

int cli_choice(cli_parser *p, const char *const *names, int n, int *out)
{
	char list[512], hint[256];
	size_t len = 0;
	int k;

	for (k = 0; k < n; k++)
		if (strcmp(p->value, names[k]) == 0) {
			*out = k;
			return 0;
		}
	list[0] = '\0';
	for (k = 0; k < n && len < sizeof list; k++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
					k == 0 ? "" : k + 1 == n ? " or " : ", ", names[k]);
	return cli_parse_error(p, "%s%sexpected %s, got \"%s\"%s", p->opt, p->opt[0] ? ": " : "",
			       list, p->value,
			       cli_hint(hint, sizeof hint, p->value, names, (size_t)n));
}

/* One date of a window; 0 or EXIT_INPUT. */
static int window_date(cli_parser *p, const char *which, const char *text, double *out)
{
	wf_value v;

	if (wf_value_parse(&v, text, WF_DIM_DATE, NULL) || v.kind != WF_DIST_FIXED ||
	    !isfinite(wf_value_nominal(&v)))
		return cli_parse_error(p, "%s %s: expected a UTC date and time such as "
				       "2026-07-01T00:00Z, got \"%s\"", p->opt, which, text);
	*out = wf_value_nominal(&v);
	return 0;
}

int cli_window(cli_parser *p, double *start_s, double *end_s)
{
	const char *v = p->value, *dots = strstr(v, "..");
	char first[256];
	double a, b;
	int rc;

	if (!dots || (size_t)(dots - v) >= sizeof first)
		return cli_parse_error(p, "%s: expected START..END (two UTC dates, e.g. "
				       "2026-07-01T00:00Z..2026-07-08T00:00Z), got \"%s\"",
				       p->opt, v);
	memcpy(first, v, (size_t)(dots - v));
	first[dots - v] = '\0';
	if ((rc = window_date(p, "start", first, &a)) || (rc = window_date(p, "end", dots + 2, &b)))
		return rc;
	if (!(b > a))
		return cli_parse_error(p, "%s: END must come after START, got \"%s\"", p->opt, v);
	*start_s = a;
	*end_s = b;
	return 0;
}

int cli_duration(cli_parser *p, double *s)
{
	wf_value q;

	if (wf_value_parse(&q, p->value, WF_DIM_TIME, NULL) || q.kind != WF_DIST_FIXED ||
	    !(wf_value_nominal(&q) > 0) || !isfinite(wf_value_nominal(&q)))
		return cli_parse_error(p, "%s: expected a duration such as \"1 h\" or \"30 min\", "
				       "got \"%s\"", p->opt, p->value);
	*s = wf_value_nominal(&q);
	return 0;
}

int cli_append(cli_parser *p, const char **list, int *n, int max)
{
	if (*n >= max)
		return cli_parse_error(p, "at most %d %s options", max, p->opt);
	list[(*n)++] = p->value;
	return 0;
}

/* Lines of text, each after `indent` spaces (the first after `first`). */
static void print_lines(const char *text, int first, int indent)
{
	const char *s = text;
	int pad = first;

	while (*s) {
		size_t len = strcspn(s, "\n");
		printf("%*s%.*s\n", pad, "", (int)len, s);
		s += len + (s[len] == '\n');
		pad = indent;
	}
}

static void help_row(const char *left, const char *help)
{
	int len = (int)strlen(left);

	if (len + 2 <= HELP_COL) {
		printf("%s", left);
		print_lines(help, HELP_COL - len, HELP_COL);
	} else {
		printf("%s\n", left);
		print_lines(help, HELP_COL, HELP_COL);
	}
}

void cli_help(const cli_spec *spec)
{
	char left[128];
	const cli_opt *o;
	int indent = (int)strlen("usage: wattif  ") + (int)strlen(spec->name);

	printf("usage: wattif %s ", spec->name);
	print_lines(spec->usage, 0, indent);
	if (spec->about) {
		putchar('\n');
		print_lines(spec->about, 0, 0);
	}
	printf("\noptions:\n");
	for (o = spec->opts; o && (has_name(o) || o->help); o++) {
		if (!has_name(o)) {
			putchar('\n');
			print_lines(o->help, 0, 0);
			continue;
		}
		if (o->short_name && o->name)
			snprintf(left, sizeof left, "  -%c, %s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else if (o->short_name)
			snprintf(left, sizeof left, "  -%c%s%s", o->short_name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "  %s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		help_row(left, o->help);
	}
	help_row("  -h, --help", "this help");
	if (spec->after) {
		putchar('\n');
		print_lines(spec->after, 0, 0);
	}
	if (spec->more_help)
		spec->more_help();
}

/*
 * main.c - the wattif command: a table of subcommands and dispatch.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static const cli_spec *const specs[] = {
	&cli_run_spec,    &cli_explain_spec, &cli_check_spec,  &cli_list_spec,
	&cli_shift_spec,  &cli_sweep_spec,   &cli_report_spec, &cli_compare_spec,
	&cli_import_spec, &cli_help_spec,    &cli_completion_spec,
};

#define N_SPECS (sizeof specs / sizeof specs[0])

const cli_spec *const *cli_specs(size_t *n)
{
	*n = N_SPECS;
	return specs;
}

const cli_spec *cli_spec_find(const char *name)
{
	size_t i;

	for (i = 0; i < N_SPECS; i++)
		if (strcmp(name, specs[i]->name) == 0)
			return specs[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: wattif COMMAND [ARGS]\n\n"
		   "Estimate the power, energy, emissions, water and embodied carbon of\n"
		   "AI workloads and data centres.\n\ncommands:\n");
	for (i = 0; i < N_SPECS; i++)
		fprintf(f, "  %-11s %s\n", specs[i]->name, specs[i]->summary);
	fprintf(f, "\n`wattif help COMMAND` (or `wattif COMMAND --help`) for a command's options;\n"
		   "`wattif --version`; `man wattif`.  A FILE given as '-' is read from standard\n"
		   "input.  Exit status: 0 ok, 1 runtime failure, 2 bad input.\n");
}

/* An unknown command (or top-level option), with the nearest known one. */
static int unknown_command(const char *what, const char *word)
{
	const char *names[N_SPECS + 3];
	char hint[256], safe[1024];
	size_t i;

	for (i = 0; i < N_SPECS; i++)
		names[i] = specs[i]->name;
	names[i++] = "--help";
	names[i++] = "--version";
	fprintf(stderr, "wattif: unknown %s \"%s\"%s\n(`wattif --help` lists the commands)\n",
		what, cli_safe(safe, sizeof safe, word), cli_hint(hint, sizeof hint, word, names, i));
	return EXIT_INPUT;
}

static const cli_opt help_opts[] = {CLI_OPT_END};

const cli_spec cli_help_spec = {
	"help", cmd_help, "the commands, or one command's options",
	"[COMMAND]", "Without COMMAND, the list of commands; with one, its usage and options\n"
	"(as `wattif COMMAND --help`).", help_opts, NULL, NULL, "@commands"};

int cmd_help(int argc, char **argv)
{
	const cli_spec *spec = NULL;
	cli_parser p;
	int id;

	cli_parse_begin(&p, &cli_help_spec, argc, argv);
	while ((id = cli_next(&p)) != CLI_END) {
		if (id == CLI_STOP)
			return p.status;
		if (spec)
			return cli_parse_error(&p, "one COMMAND at a time");
		if (!(spec = cli_spec_find(p.value)))
			return unknown_command("command", p.value);
	}
	if (spec)
		cli_help(spec);
	else
		usage(stdout);
	return EXIT_OK;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	char msg[2048], safe[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* the message quotes arguments: escaped for the terminal */
	fprintf(stderr, "wattif %s: %s\n(see `wattif %s --help`)\n", cmd,
		cli_safe(safe, sizeof safe, msg), cmd);
	return EXIT_INPUT;
}

int cli_fail(const wf_error *err, int rc)
{
	char buf[2048], safe[4096];

	/* a message quotes file names and text from files: escaped, so a
	 * control sequence in them cannot act on the terminal */
	if (err && err->code)
		fprintf(stderr, "wattif: %s\n",
			cli_safe(safe, sizeof safe, wf_error_format(err, buf, sizeof(buf))));
	else
		fprintf(stderr, "wattif: %s\n", wf_strerror(rc));
	switch (rc) {
	case WF_EINPUT:
	case WF_EDIM:
	case WF_ENOTFOUND:
		return EXIT_INPUT;
	default:
		return EXIT_FAIL;
	}
}

int cli_finish_output(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("wattif: writing output");
		return EXIT_FAIL;
	}
	return status;
}

int main(int argc, char **argv)
{
	const cli_spec *spec;

	wf_global_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_INPUT;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return cli_finish_output(EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		if (argc > 2) {
			fprintf(stderr, "wattif: --version takes no arguments\n");
			return EXIT_INPUT;
		}
		printf("wattif %s\n", wf_version());
		return cli_finish_output(EXIT_OK);
	}
	if ((spec = cli_spec_find(argv[1])) != NULL)
		return cli_finish_output(spec->fn(argc - 1, argv + 1));
	return unknown_command(argv[1][0] == '-' ? "option" : "command", argv[1]);
}

/*
 * main.c - the wattif command: a table of subcommands and dispatch.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static const cli_cmd commands[] = {
	{"run", cmd_run, "evaluate a scenario and print its figures"},
	{"explain", cmd_explain, "every figure with its formula, inputs and sources"},
	{"check", cmd_check, "validate model files and the scenarios in them"},
	{"list", cmd_list, "list catalog entries (accelerators, grids, ...)"},
	{"shift", cmd_shift, "the start time and region that minimise a job's emissions"},
	{"sweep", cmd_sweep, "evaluate a grid of scenarios, one row per point (CSV/JSONL)"},
	{"report", cmd_report, "a self-contained HTML page (or SVG chart) of a scenario"},
	{"compare", cmd_compare, "a job estimated beside the same job as measured"},
	{"import", cmd_import, "convert Electricity Maps, NESO or ENTSO-E data to a series CSV"},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: wattif COMMAND [ARGS]\n\n"
		   "Estimate the power, energy, emissions, water and embodied carbon of\n"
		   "AI workloads and data centres.\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n`wattif COMMAND --help` for a command's options; `man wattif`.\n"
		   "Exit status: 0 ok, 1 runtime failure, 2 bad input.\n");
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
	size_t i;

	wf_global_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_INPUT;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return cli_finish_output(EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("wattif %s\n", WF_VERSION);
		return cli_finish_output(EXIT_OK);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return cli_finish_output(commands[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "wattif: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return EXIT_INPUT;
}

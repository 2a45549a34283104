/*
 * cli.h - shared pieces of the wattif command-line tool.  The tool sits on
 * the public API alone (wattif.h).
 */
#ifndef WATTIF_CLI_H
#define WATTIF_CLI_H

#include <stdio.h>

#include "wattif.h"

/* Exit statuses (DESIGN.md). */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_INPUT = 2 };

typedef struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} cli_cmd;

int cmd_run(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* Print err to stderr as "wattif: file:line:col: message" and return the
 * exit status for its code. */
int cli_fail(const wf_error *err, int rc);

/* Print a usage error and return EXIT_INPUT. */
int cli_usage(const char *cmd, const char *fmt, ...);

/* Find the shipped models/ and data/ directories: $WATTIF_DATA, next to
 * the binary (../ of build/wattif), or the install prefix.  Fills dirs[2];
 * returns 0 or -1 (with a message printed). */
int cli_data_dirs(char dirs[2][4096]);

/* Load the shipped catalog, except directories that `skip` paths cover
 * (so `wattif check models data` does not load them twice).  Returns 0 or
 * an exit status. */
int cli_load_base(wf_catalog **out, char **skip, int nskip);

/* Flush stdout; report write errors (a full disk must not pass). */
int cli_finish_output(int status);

#endif

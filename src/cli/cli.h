/*
 * cli.h - shared pieces of the wattif command-line tool.  The tool sits on
 * the public API alone (wattif.h).
 */
#ifndef WATTIF_CLI_H
#define WATTIF_CLI_H

#include <stdio.h>

#include "wattif.h"
#include "args.h"

/* Exit statuses (README, man page EXIT STATUS). */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_INPUT = 2 };

/* The commands (each its cmd_*.c): their options and help (args.h). */
extern const cli_spec cli_run_spec, cli_explain_spec, cli_check_spec, cli_list_spec,
	cli_shift_spec, cli_sweep_spec, cli_report_spec, cli_compare_spec, cli_import_spec,
	cli_help_spec, cli_completion_spec;

int cmd_run(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_shift(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_completion(int argc, char **argv);

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

/* Print s to stdout as a JSON string / a CSV field (quoted if needed). */
void cli_json_string(const char *s);

/* , "notes": ["...", ...] - one string a line of a result's notes. */
void cli_json_notes(const char *notes);
void cli_csv_field(const char *s);

/* Print v to stdout as the shortest text that reads back as v
 * (wf_format_double, the number form of every machine format), or
 * `absent` when v is NaN or infinite: "" in CSV, "null" in JSON. */
void cli_number(double v, const char *absent);

/* The members "region", "year", "basis" and "intensity": {...} of a
 * result's intensity (wf_intensity_info), each after ", " (cmd_run.c). */
void cli_json_intensity(const wf_intensity_info *ci);
/* text with every absolute path (and every relative one naming a file
 * from the working directory) rewritten relative to the directory of
 * scenario; malloc'ed, NUL-terminated, *outlen its length; NULL when out
 * of memory. */
char *cli_paths_relative(const char *text, size_t len, const char *scenario, size_t *outlen);

/* Print "  LABEL: TEXT" wrapped at 92 columns, continuation lines
 * indented by four spaces. */
void cli_print_wrapped(const char *label, const char *text);

/* Print notes (lines separated by '\n') as a list under "\nTITLE:";
 * nothing when there are none. */
void cli_print_notes(const char *title, const char *notes);

/* At most this many --set options. */
#define CLI_MAX_SETS 256

/* FILE "-": standard input, named so in messages. */
#define CLI_STDIN_NAME "<stdin>"
int cli_is_stdin(const char *file);

/* Read standard input whole (at most a model file's 16 MiB) into *text
 * (free it); once per invocation.  0, or a WF_E* code with err filled. */
int cli_stdin_text(char **text, size_t *len, wf_error *err);

/* The same, returning 0 or an exit status (the message printed). */
int cli_read_stdin(char **text, size_t *len);

/* wf_scenario_load, or for "-" wf_scenario_load_text of text (standard
 * input already read) or, when text is NULL, of standard input.  0 or a
 * WF_E* code with err filled. */
int cli_scenario_load(wf_scenario **sc, const wf_catalog *base, const char *file,
		      const char *text, size_t len, wf_error *err);

/* Load the shipped catalog and a scenario file ("-": standard input) with
 * --set overrides.  Returns 0 or an exit status (the error printed;
 * nothing to free). */
int cli_load_scenario(wf_catalog **base, wf_scenario **sc, const char *file,
		      const char *const *sets, int nsets);

/* The same over a loaded base (compare's second file, report's measured
 * run). */
int cli_load_scenario_over(wf_scenario **sc, const wf_catalog *base, const char *file,
			   const char *const *sets, int nsets);

/* wattif run/explain of a scenario that spans years (fmt: 0 table, 1 csv,
 * 2 json); returns an exit status. */
int cli_run_projection(const wf_scenario *sc, const wf_run_options *opt, int fmt,
		       int explain);

/* wattif run/explain of a scenario with campuses: (a portfolio). */
int cli_run_portfolio(const wf_scenario *sc, const wf_run_options *opt, int fmt, int explain);

/* wattif run --regions REGEX: the scenario in each matching grid, ranked
 * by (lifetime) emissions on basis `by`; returns an exit status. */
int cli_run_regions(wf_scenario *sc, const char *pattern, const wf_run_options *opt,
		    int fmt, wf_rank_by by);

/* Flush stdout; report write errors (a full disk must not pass). */
int cli_finish_output(int status);

#endif

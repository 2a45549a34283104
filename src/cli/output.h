/*
 * output.h - where a command's result goes (`-o PATH`), shared by every
 * command that writes one (run, explain, shift, report, sweep).
 *
 * The promise (README, "Nothing lost"):
 *  - `-o -` (or no -o) is standard output;
 *  - PATH is resolved first: symlinks are followed to the file they name,
 *    which is what gets written (the link stays a link);
 *  - a file the same invocation read (the scenario, a file it includes, a
 *    series, the shipped data) is never written: compared by device and
 *    inode, so another name for it is caught too (exit 2);
 *  - a regular file (or a new one) is written to a temporary file in the
 *    same directory and renamed over it once complete, with the old file's
 *    permissions: a failure leaves the old file whole, never half a
 *    result;
 *  - anything else that exists (a FIFO, a device such as /dev/null) is
 *    written in place, never replaced by a regular file, and a write error
 *    (ENOSPC on /dev/full) is reported with exit 1;
 *  - an existing regular file is locked (flock) while it is written; a
 *    second wattif writing it is refused at once (exit 1).
 * A sweep streams its rows into the file itself (CLI_OUTPUT_STREAM), so an
 * interrupted sweep can be resumed; its resume record proves the rows.
 */
#ifndef WATTIF_CLI_OUTPUT_H
#define WATTIF_CLI_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "wattif.h"

enum {
	CLI_OUT_STDOUT = 0,   /* no -o, or -o - */
	CLI_OUT_ATOMIC,       /* a temporary file renamed over the target */
	CLI_OUT_INPLACE,      /* a FIFO or device, written as it is */
	CLI_OUT_STREAM        /* a regular file written in place, locked */
};

/* Flags of cli_output_open. */
enum {
	CLI_OUTPUT_STREAM = 1 /* write a regular file in place (sweeps), not
			       * through a temporary file; not truncated */
};

typedef struct cli_output {
	const char *cmd;      /* command name, for messages */
	const char *path;     /* as given */
	char *target;         /* the file written (symlinks followed) */
	char *tmp;            /* CLI_OUT_ATOMIC: the temporary file */
	int kind;             /* CLI_OUT_* */
	int fd;               /* where the bytes go */
	int lock_fd;          /* the existing target, locked; -1 if none */
	int saved_stdout;     /* cli_output_redirect: the real stdout, or -1 */
	int written;          /* something went wrong: commit refuses */
} cli_output;

/* Resolve and open path for the command's output.  inputs is the catalog
 * whose files the command read (wf_scenario_catalog, wf_sweep_catalog; NULL
 * for none).  Returns 0 or an exit status, the message printed. */
int cli_output_open(cli_output *o, const char *cmd, const char *path,
		    const wf_catalog *inputs, int flags);

/* Write n bytes; 0 or EXIT_FAIL (message printed). */
int cli_output_write(cli_output *o, const void *p, size_t n);

/* Send stdout into the output until commit or abort (commands that print
 * with printf).  0 or EXIT_FAIL. */
int cli_output_redirect(cli_output *o);

/* Finish: flush, fsync, rename a temporary file into place.  status is
 * the command's own; on a non-zero status the output is abandoned as by
 * cli_output_abort (the old file stays).  Returns the final status. */
int cli_output_close(cli_output *o, int status);

/* Abandon: remove a temporary file, restore stdout.  Safe to repeat. */
void cli_output_abort(cli_output *o);

/* "a FIFO (named pipe)", "a character device", ... for messages. */
const char *cli_file_kind(mode_t mode);

/* Print s escaped for a terminal: control characters (C0, DEL, C1) and
 * bytes that are not UTF-8 become \xHH, so text from a file cannot move
 * the cursor, change colours or retitle the window.  Into buf (always
 * terminated, cut to fit); returns buf. */
char *cli_safe(char *buf, size_t size, const char *s);

#endif

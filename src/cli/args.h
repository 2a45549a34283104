/*
 * args.h - the one command-line parser of every wattif command, and the
 * help, `wattif help CMD` and the shell completion written from the same
 * tables.
 *
 * A command describes itself in a cli_spec: its usage, its options (a
 * table of cli_opt) and what its operands are.  cli_next walks argv by the
 * same rules for every command:
 *  - --name VALUE or --name=VALUE; -x VALUE or -xVALUE;
 *  - options and operands in any order; `--` ends the options;
 *  - `-` alone is an operand (standard input as FILE; standard output as
 *    the value of -o);
 *  - -h and --help print the command's help (exit status 0);
 *  - an unknown option is refused (exit status 2), naming the nearest
 *    option of the command and, when it is another command's, which.
 * Options that several commands take are spelled once, here (CLI_SET,
 * CLI_FORMAT, ...), so they are spelled alike everywhere.
 */
#ifndef WATTIF_CLI_ARGS_H
#define WATTIF_CLI_ARGS_H

#include <stddef.h>

/* One option of a command.  A row with neither name nor short_name is a
 * heading in the help (its help text) and is never matched. */
typedef struct cli_opt {
	int id;               /* > 0: what cli_next returns for it */
	const char *name;     /* "--format", or NULL */
	char short_name;      /* 'o' for -o, or 0 */
	const char *arg;      /* its value's name ("F"); NULL: a flag */
	const char *help;     /* lines separated by '\n' */
	const char *values;   /* for completion: words ("table csv json"), a
			       * list the tool knows ("@charts", "@kinds"),
			       * "@files", or NULL (free text) */
} cli_opt;

typedef struct cli_spec {
	const char *name;     /* "run" */
	int (*fn)(int argc, char **argv);
	const char *summary;  /* one line for `wattif help` */
	const char *usage;    /* after "usage: wattif NAME "; '\n' between lines */
	const char *about;    /* paragraphs before the options, or NULL */
	const cli_opt *opts;  /* ends with a row of id 0 and no help */
	const char *after;    /* text after the options, or NULL */
	void (*more_help)(void); /* prints more after that, or NULL */
	const char *first;    /* completion of the first operand (as
			       * cli_opt.values); NULL: files */
} cli_spec;

/* The shared spellings: name, short name, value.  A table row is
 * {ID, CLI_SET, "help", values}. */
#define CLI_SET     "--set", 0, "PATH=VALUE"
#define CLI_FORMAT  "--format", 0, "F"
#define CLI_OUTPUT  "--output", 'o', "OUT"
#define CLI_SAMPLES "--samples", 0, "N"
#define CLI_SEED    "--seed", 0, "S"
#define CLI_THREADS "--threads", 'j', "N"
#define CLI_REGIONS "--regions", 0, "REGEX"
#define CLI_WINDOW  "--window", 0, "START..END"
#define CLI_STEP    "--step", 0, "D"
#define CLI_OPT_END {0, NULL, 0, NULL, NULL, NULL}

/* The shared ranges of --samples, --seed and -j. */
#define CLI_MAX_SAMPLES 100000000LL
#define CLI_MAX_SEED 2147483647LL
#define CLI_MAX_THREADS 64

/* Every command, in the order `wattif help` lists them (main.c). */
const cli_spec *const *cli_specs(size_t *n);

/* The command called name, or NULL. */
const cli_spec *cli_spec_find(const char *name);

/* Print a command's help to stdout. */
void cli_help(const cli_spec *spec);

/* What cli_next returns besides an option's id. */
enum {
	CLI_END = 0,      /* no more arguments */
	CLI_OPERAND = -1, /* an operand, in p->value */
	CLI_STOP = -2     /* stop with exit status p->status: the help was
			   * printed (0) or the arguments are wrong (2, the
			   * message printed) */
};

typedef struct cli_parser {
	const cli_spec *spec;
	int argc;
	char **argv;
	int next;             /* the next argv index */
	int operands_only;    /* after "--" */
	const char *value;    /* the operand, or the option's value */
	char opt[64];         /* the option as written, without "=VALUE" */
	int status;           /* CLI_STOP's exit status */
	int silent;           /* print neither help nor messages (an MPI rank
			       * other than 0) */
} cli_parser;

/* Start on argv[1..argc-1] (argv[0] is the command's name). */
void cli_parse_begin(cli_parser *p, const cli_spec *spec, int argc, char **argv);

/* The next option's id (its value in p->value), CLI_OPERAND, CLI_END or
 * CLI_STOP. */
int cli_next(cli_parser *p);

/* The option's value as a whole number in [min, max]: 0, or EXIT_INPUT
 * with the message printed. */
int cli_count(cli_parser *p, long long min, long long max, long long *out);

/* The option's value as one of n names (its index in *out): 0, or
 * EXIT_INPUT with the message (and the nearest name) printed. */
int cli_choice(cli_parser *p, const char *const *names, int n, int *out);

/* The option's value as START..END, two UTC dates with START first (s
 * since the epoch): 0, or EXIT_INPUT with the message printed. */
int cli_window(cli_parser *p, double *start_s, double *end_s);

/* The option's value as a positive duration ("1 h", "30 min"). */
int cli_duration(cli_parser *p, double *s);

/* Append the option's value to list[*n] (at most max): 0 or EXIT_INPUT. */
int cli_append(cli_parser *p, const char **list, int *n, int max);

/* A usage error about this command: the message, then where its help is;
 * returns EXIT_INPUT (as cli_usage). */
int cli_parse_error(const cli_parser *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* ` (did you mean "X"?)` for a word not among n names, or "". */
const char *cli_hint(char *buf, size_t size, const char *word, const char *const *names,
		     size_t n);

#endif

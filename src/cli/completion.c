/*
 * completion.c - `wattif completion bash`: a bash completion script written
 * from the command table (every command's options, which of them take a
 * value, the values the tool knows), so it cannot drift from the parser.
 * `make` writes it to build/wattif.bash and `make install` installs it as
 * PREFIX/share/bash-completion/completions/wattif.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_opt completion_opts[] = {CLI_OPT_END};

const cli_spec cli_completion_spec = {
	"completion", cmd_completion, "print the shell completion script (bash)",
	"bash",
	"Prints a bash completion script for wattif's commands, options and the\n"
	"values it knows (formats, kinds, charts).  `make install` installs it;\n"
	"without installing: source <(wattif completion bash)",
	completion_opts, NULL, NULL, "bash"};

static void sep_word(int *first, const char *w)
{
	printf("%s%s", *first ? "" : " ", w);
	*first = 0;
}

/* The words of a values spec (cli_opt.values): "@..." lists expanded. */
static void words(const char *spec)
{
	size_t n, k;
	int first = 1;

	if (strcmp(spec, "@kinds") == 0) {
		for (k = 0; k < WF_KIND_COUNT_; k++)
			sep_word(&first, wf_kind_name((wf_kind)k));
	} else if (strcmp(spec, "@imports") == 0) {
		for (k = 0; wf_import_format_name((int)k); k++)
			sep_word(&first, wf_import_format_name((int)k));
	} else if (strcmp(spec, "@charts") == 0) {
		for (k = 0; wf_report_chart_name((int)k); k++)
			sep_word(&first, wf_report_chart_name((int)k));
		for (k = 0; wf_report_projection_chart_name((int)k); k++)
			sep_word(&first, wf_report_projection_chart_name((int)k));
	} else if (strcmp(spec, "@commands") == 0) {
		const cli_spec *const *all = cli_specs(&n);
		for (k = 0; k < n; k++)
			sep_word(&first, all[k]->name);
	} else if (spec[0] != '@') {
		fputs(spec, stdout);
	}
}

/* An option's spellings joined by sep ("-o|--output"). */
static void spellings(const cli_opt *o, const char *sep)
{
	if (o->short_name)
		printf("-%c%s", o->short_name, o->name ? sep : "");
	if (o->name)
		fputs(o->name, stdout);
}

static int is_opt(const cli_opt *o)
{
	return o->name || o->short_name;
}

/* One command's case: its options, those that take a value, what the
 * word after each completes to, and its first operand. */
static void command_case(const cli_spec *s)
{
	const cli_opt *o;

	printf("\t%s)\n\t\topts='", s->name);
	for (o = s->opts; is_opt(o) || o->help; o++)
		if (is_opt(o)) {
			spellings(o, " ");
			putchar(' ');
		}
	printf("-h --help'\n\t\tvals=' ");
	for (o = s->opts; is_opt(o) || o->help; o++)
		if (is_opt(o) && o->arg) {
			spellings(o, " ");
			putchar(' ');
		}
	printf("'\n\t\tcase $prev in\n");
	for (o = s->opts; is_opt(o) || o->help; o++) {
		if (!is_opt(o) || !o->arg)
			continue;
		printf("\t\t");
		spellings(o, "|");
		if (o->values && strcmp(o->values, "@files") == 0) {
			printf(") return 0 ;;\n");
		} else if (o->values) {
			printf(") COMPREPLY=($(compgen -W '");
			words(o->values);
			printf("' -- \"$cur\")); return 0 ;;\n");
		} else {
			printf(") compopt +o default 2>/dev/null; return 0 ;;\n");
		}
	}
	printf("\t\tesac\n\t\tfirst='");
	if (s->first)
		words(s->first);
	printf("' ;;\n");
}

static void script(void)
{
	const cli_spec *const *all;
	size_t n, k;

	all = cli_specs(&n);
	printf("# bash completion for wattif %s: commands, options and the values the\n"
	       "# tool knows.  Written by `wattif completion bash` from its own table of\n"
	       "# commands and options; `make install` installs it.\n"
	       "_wattif()\n{\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= cmd=${COMP_WORDS[1]}\n"
	       "\tlocal opts= vals= first= w i=2 n=0\n"
	       "\t[ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	       "\tif [ \"$COMP_CWORD\" -le 1 ]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W '", wf_version());
	words("@commands");
	printf(" --help --version' -- \"$cur\"))\n\t\treturn 0\n\tfi\n\tcase $cmd in\n");
	for (k = 0; k < n; k++)
		command_case(all[k]);
	printf("\t*) return 0 ;;\n\tesac\n"
	       "\tif [[ $cur == -* ]]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n\t\treturn 0\n\tfi\n"
	       "\t# operands before the cursor (an option's value is none)\n"
	       "\twhile [ \"$i\" -lt \"$COMP_CWORD\" ]; do\n"
	       "\t\tw=${COMP_WORDS[i]}\n"
	       "\t\tcase $w in\n"
	       "\t\t--) ;;\n"
	       "\t\t-) n=$((n + 1)) ;;\n"
	       "\t\t-*) case $vals in *\" $w \"*) i=$((i + 1)) ;; esac ;;\n"
	       "\t\t*) n=$((n + 1)) ;;\n"
	       "\t\tesac\n"
	       "\t\ti=$((i + 1))\n"
	       "\tdone\n"
	       "\tif [ \"$n\" -eq 0 ] && [ -n \"$first\" ]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$first\" -- \"$cur\"))\n"
	       "\tfi\n"
	       "\treturn 0\n}\n"
	       "complete -o default -F _wattif wattif\n");
}

int cmd_completion(int argc, char **argv)
{
	static const char *const shells[] = {"bash"};
	const char *shell = NULL;
	cli_parser p;
	int id, k;

	cli_parse_begin(&p, &cli_completion_spec, argc, argv);
	while ((id = cli_next(&p)) != CLI_END) {
		if (id == CLI_STOP)
			return p.status;
		if (shell)
			return cli_parse_error(&p, "one shell at a time");
		if (cli_choice(&p, shells, 1, &k))
			return EXIT_INPUT;
		shell = p.value;
	}
	if (!shell)
		return cli_parse_error(&p, "name the shell: wattif completion bash");
	script();
	return EXIT_OK;
}

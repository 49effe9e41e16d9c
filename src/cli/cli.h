/* cli.h: what the subcommands of the peerlint command share. The command
 * is a thin face over libpeerlint: options, input, output, exit codes. */
#ifndef PEERLINT_CLI_H
#define PEERLINT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "peerlint.h"

/* Exit statuses, as for compilers and ripgrep. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* Options every subcommand that loads an engine accepts. */
typedef struct cli_engine_opts {
  const char *rules_dir;   /* --rules */
  const char *config_path; /* --config */
  int no_config;           /* --no-config */
  int no_spell;            /* --no-spell */
  const char *dict_dir;    /* --dict */
} cli_engine_opts;

/* An option with a value at argv[*i]: "--name VALUE" or "--name=VALUE".
 * Returns 1 and sets *out (advancing *i past a separate value), 0 when
 * argv[*i] is another option, -1 when the value is missing (after saying
 * so on stderr). */
int cli_option_value(int argc, char **argv, int *i, const char *name,
                     const char **out);

/* Takes --rules DIR, --config FILE, --no-config, --no-spell, --dict DIR
 * (and the
 * --opt=value forms) at argv[*i]; returns 1 if it took one, 0 if argv[*i]
 * is not one of them, -1 on a missing value (after printing why). */
int cli_engine_option(int argc, char **argv, int *i, cli_engine_opts *o);

/* `name` beside the running binary (a build), else in the installed share
 * folder: its path in `out`, or NULL when neither exists. */
const char *cli_find_data(const char *name, char *out, size_t size);

/* Builds the engine: rules from --rules, $PEERLINT_RULES, rules/ beside the
 * binary, or the installed share folder; config from --config or the
 * nearest .peerlint.yaml above `near_path` (a note, or "." for stdin);
 * the dictionary from --dict, $DICPATH, or /usr/share/hunspell. Prints
 * the error and returns NULL on failure; warns once when spelling is off
 * for want of a dictionary. */
peerlint_engine *cli_load_engine(const cli_engine_opts *o,
                                 const char *near_path);

/* The note templates that go with that engine: templates/ beside its
 * rules folder, then the config's template_folders. NULL with `err`
 * filled (the caller says it: the server goes on without templates). */
peerlint_templates *cli_load_templates(const cli_engine_opts *o,
                                       const char *near_path,
                                       peerlint_error *err);

/* "  name   Title" for each template (cmd_template.c). */
void cli_list_templates(FILE *out, const peerlint_templates *set);
/* How a section is marked where it is asked or shown: " (required)", ...
 * (cmd_template.c). */
const char *cli_section_marks(const peerlint_section *s);

/* Reads a whole file ("-" for stdin). Prints why and returns NULL on
 * failure (missing, a folder, unreadable, over the note limit). */
char *cli_read_input(const char *path, size_t *len);

/* A display name for a path: "<stdin>" for "-". */
const char *cli_display_name(const char *path);

/* Human output, compiler style: "file:line:col: level: message [rule]",
 * the line, a caret under the match, and suggestions. */
void cli_print_finding(FILE *out, const char *name, const char *text,
                       size_t len, const peerlint_finding *f, int color);
/* Prints text on one line: runs of white space (line breaks too) become
 * one space, other control characters '?'. */
void cli_print_oneline(FILE *out, const char *s);

/* Is colour wanted on this stream (a terminal, NO_COLOR unset)? */
int cli_use_color(FILE *f);

/* Replaces a file's contents atomically, keeping the old contents as
 * PATH.orig when `backup`; see atomic.c. Prints why and returns -1 on
 * failure, with the original untouched. */
int cli_write_atomic(const char *path, const char *data, size_t len,
                     const char *original, size_t original_len, int backup);

/* A unified diff of a rewrite (offsets of `edits` into `old`). */
void cli_print_diff(FILE *out, const char *name, const char *old,
                    size_t old_len, const char *new_text, size_t new_len,
                    const peerlint_rewrite *rw);

/* What a rewrite changed and what still needs the writer's judgment,
 * grouped by pack; `list_edits` 0 when the caller showed them already. */
void cli_print_fix_summary(FILE *out, const peerlint_rewrite *rw,
                           int list_edits);

int cmd_check(int argc, char **argv);
/* peerlint batch: cmd_batch.c (its parts share batch.h) */
int cmd_batch(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_test(int argc, char **argv);
/* peerlint template list|show|test: cmd_template.c */
int cmd_template(int argc, char **argv);
/* peerlint write TYPE: cmd_write.c */
int cmd_write(int argc, char **argv);
/* peerlint serve: src/server/serve.c */
int cmd_serve(int argc, char **argv);

#endif

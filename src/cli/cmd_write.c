/* cmd_write.c: peerlint write TYPE: a note written with the person, prompt
 * by prompt.
 *
 * Prompts go to stderr and the finished note to stdout, so
 * `peerlint write progress > note.txt` keeps only the note; the findings
 * follow on stderr, as `peerlint fix` reports there. Answers are read line
 * by line from stdin and an empty line ends one, so the same command works
 * typed in a terminal or fed through a pipe:
 *
 *   printf 'I want to work.\n\nWe walked.\n\n' | peerlint write progress
 *
 * A required section left empty is asked again in a terminal; through a
 * pipe nobody can answer, so it is reported by name and the exit status is
 * 2 (the note is still printed: nothing typed is lost). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void write_usage(FILE *out) {
  fprintf(out,
          "usage: peerlint write [--reviewed yes|no] [--fail-on LEVEL] "
          "[--rules DIR]\n"
          "                      [--config FILE | --no-config] [--no-spell] "
          "TYPE\n\n"
          "Asks each prompt of the note template TYPE ('peerlint template "
          "list'), reads the\nanswers from stdin (an empty line ends an "
          "answer), prints the note on stdout\nand its findings on stderr.\n"
          "  --reviewed yes|no  end the note with \"Reviewed with the person: "
          "yes\" (or no)\n"
          "  --fail-on L        exit 1 when a finding is at level L or above "
          "(default error)\n"
          "Exit status: 0 clean, 1 findings at the failing level, 2 usage or "
          "input error,\nor a required section left empty.\n");
}

/* One answer: lines up to an empty line or the end of input. Returns a
 * malloc'd string ("" when nothing was typed), NULL when out of memory;
 * *eof is set once stdin is done. */
static char *read_answer(int *eof) {
  size_t cap = 0, n = 0;
  char *out = calloc(1, 1), *line = NULL;
  while (out && !*eof) {
    ssize_t got = getline(&line, &cap, stdin);
    if (got < 0) {
      *eof = 1;
      break;
    }
    while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
      line[--got] = 0;
    if (strspn(line, " \t") == (size_t)got)
      break; /* an empty line ends the answer */
    char *grown = realloc(out, n + (size_t)got + 2);
    if (!grown) {
      free(out);
      out = NULL;
      break;
    }
    out = grown;
    if (n)
      out[n++] = '\n';
    memcpy(out + n, line, (size_t)got + 1);
    n += (size_t)got;
  }
  free(line);
  return out;
}

static void ask(const peerlint_section *s) {
  fprintf(stderr, "\n%s%s\n  %s\n", s->title, cli_section_marks(s), s->prompt);
}

/* Asks every section; in a terminal a required one is asked until it is
 * answered (or input ends). Returns 0, or -1 when out of memory. */
static int ask_all(const peerlint_template *t, char **answers) {
  int eof = 0, tty = isatty(0);
  if (tty)
    fprintf(stderr, "(End each answer with an empty line. Leave an optional "
                    "one empty to skip it.)\n");
  for (size_t i = 0; i < peerlint_template_section_count(t); i++) {
    const peerlint_section *s = peerlint_template_section_at(t, i);
    ask(s);
    for (;;) {
      if (!(answers[i] = read_answer(&eof)))
        return -1;
      if (!tty || eof || !s->required || answers[i][0])
        break;
      fprintf(stderr, "  This one is required: %s\n", s->prompt);
      free(answers[i]);
    }
  }
  return 0;
}

/* Prints the findings (stderr) and returns the worst problem level, or -1.
 * Returns -2 when the note could not be checked. */
static int report(const peerlint_engine *e, const char *note) {
  peerlint_error err = {0};
  size_t len = strlen(note);
  peerlint_result *r = peerlint_check(e, note, len, &err);
  if (!r) {
    fprintf(stderr, "peerlint: the note: %s\n", err.message);
    return -2;
  }
  fputc('\n', stderr);
  int color = cli_use_color(stderr);
  for (size_t i = 0; i < peerlint_result_count(r); i++)
    cli_print_finding(stderr, "note", note, len, peerlint_result_at(r, i),
                      color);
  fprintf(stderr, "note: %zu strength%s, %zu error%s, %zu warning%s, %zu info\n",
          peerlint_result_level_count(r, PEERLINT_STRENGTH),
          peerlint_result_level_count(r, PEERLINT_STRENGTH) == 1 ? "" : "s",
          peerlint_result_level_count(r, PEERLINT_ERROR),
          peerlint_result_level_count(r, PEERLINT_ERROR) == 1 ? "" : "s",
          peerlint_result_level_count(r, PEERLINT_WARNING),
          peerlint_result_level_count(r, PEERLINT_WARNING) == 1 ? "" : "s",
          peerlint_result_level_count(r, PEERLINT_INFO));
  int worst = peerlint_result_worst(r);
  peerlint_result_free(r);
  return worst;
}

/* Names each required section the note lacks; returns how many. */
static size_t report_missing(const peerlint_template *t, const char *note) {
  size_t missing[64];
  size_t n = peerlint_template_missing(t, note, strlen(note), missing, 64);
  for (size_t i = 0; i < n && i < 64; i++) {
    const peerlint_section *s = peerlint_template_section_at(t, missing[i]);
    fprintf(stderr, "peerlint: the required section '%s' was left empty (%s)\n",
            s->title, s->prompt);
  }
  return n;
}

typedef struct write_opts {
  cli_engine_opts eo;
  const char *type;
  int reviewed;   /* -1: no line */
  int fail_level; /* -1: the engine's */
} write_opts;

/* Returns 1 when parsed, 0 for --help, -1 on a usage error. */
static int parse_args(int argc, char **argv, write_opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    int took = cli_engine_option(argc, argv, &i, &o->eo);
    if (!took)
      took = cli_option_value(argc, argv, &i, "--reviewed", &v);
    if (took < 0)
      return -1;
    if (took && strncmp(a, "--reviewed", 10) == 0) {
      if (strcmp(v, "yes") && strcmp(v, "no"))
        return fprintf(stderr, "peerlint: --reviewed must be yes or no\n"), -1;
      o->reviewed = !strcmp(v, "yes");
    } else if (took) {
      continue;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      return 0;
    } else if (!strcmp(a, "--fail-on") && i + 1 < argc) {
      o->fail_level = peerlint_level_parse(argv[++i]);
      if (o->fail_level <= PEERLINT_STRENGTH)
        return fprintf(stderr, "peerlint: --fail-on must be error, warning "
                               "or info\n"), -1;
    } else if (a[0] == '-' || o->type) {
      return fprintf(stderr, "peerlint: write: unexpected '%s'\n", a), -1;
    } else {
      o->type = a;
    }
  }
  if (!o->type)
    return fprintf(stderr, "peerlint: write: which template? ('peerlint "
                           "template list')\n"), -1;
  return 1;
}

/* Asks, assembles, prints and checks: the exit status. */
static int write_note(const write_opts *o, const peerlint_engine *e,
                      const peerlint_template *t) {
  size_t n = peerlint_template_section_count(t);
  char **answers = calloc(n, sizeof *answers);
  int status = EXIT_TROUBLE;
  fprintf(stderr, "%s\n", peerlint_template_title(t));
  if (peerlint_template_reminder(t))
    fprintf(stderr, "%s\n", peerlint_template_reminder(t));
  if (answers && ask_all(t, answers) == 0) {
    peerlint_error err = {0};
    char *note = peerlint_template_fill(t, (const char *const *)answers, n,
                                        o->reviewed, &err);
    if (!note) {
      fprintf(stderr, "peerlint: %s\n", err.message);
    } else {
      fputs(note, stdout);
      fflush(stdout);
      int worst = report(e, note);
      int fail = o->fail_level >= 0 ? o->fail_level
                                    : (int)peerlint_engine_fail_level(e);
      if (report_missing(t, note) == 0 && worst != -2)
        status = worst >= fail ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    peerlint_free(note);
  }
  for (size_t i = 0; answers && i < n; i++)
    free(answers[i]);
  free(answers);
  return status;
}

int cmd_write(int argc, char **argv) {
  write_opts o = {.reviewed = -1, .fail_level = -1};
  int parsed = parse_args(argc, argv, &o);
  if (parsed <= 0) {
    write_usage(parsed ? stderr : stdout);
    return parsed ? EXIT_TROUBLE : EXIT_CLEAN;
  }
  peerlint_error err = {0};
  peerlint_templates *set = cli_load_templates(&o.eo, ".", &err);
  if (!set) {
    fprintf(stderr, "peerlint: %s\n", err.message);
    return EXIT_TROUBLE;
  }
  const peerlint_template *t = peerlint_template_find(set, o.type);
  peerlint_engine *e = t ? cli_load_engine(&o.eo, ".") : NULL;
  int status = EXIT_TROUBLE;
  if (!t) {
    fprintf(stderr, "peerlint: no template named '%s'; these are:\n", o.type);
    cli_list_templates(stderr, set);
  } else if (e) {
    status = write_note(&o, e, t);
  }
  peerlint_engine_free(e);
  peerlint_templates_free(set);
  return status;
}

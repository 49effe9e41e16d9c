/* cmd_template.c: peerlint template list | show TYPE | test
 *
 * `test` is to templates what `peerlint test` is to rules: each template's
 * example answers must assemble into a note with no finding at warning or
 * error level and no required section missing, so a template whose
 * headings or example would teach clinical wording fails before it ships. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void template_usage(FILE *out) {
  fprintf(out,
          "usage: peerlint template list\n"
          "       peerlint template show TYPE\n"
          "       peerlint template test\n"
          "       (each takes --rules DIR, --config FILE, --no-config)\n\n"
          "Note templates are templates/*.yaml beside the rules, and the "
          "agency config's\ntemplate_folders. 'show' prints a template with "
          "its prompts; 'test' checks that\neach template's example answers "
          "make a note with no problem findings.\n");
}

void cli_list_templates(FILE *out, const peerlint_templates *set) {
  for (size_t i = 0; i < peerlint_template_count(set); i++) {
    const peerlint_template *t = peerlint_template_at(set, i);
    fprintf(out, "  %-18s %s\n", peerlint_template_name(t),
            peerlint_template_title(t));
  }
}

const char *cli_section_marks(const peerlint_section *s) {
  if (s->required && s->own_words)
    return " (required; the person's own words, quoted)";
  if (s->required)
    return " (required)";
  if (s->own_words)
    return " (optional; the person's own words, quoted)";
  return " (optional)";
}

static void show(const peerlint_template *t) {
  printf("%s  [%s]\n", peerlint_template_title(t), peerlint_template_name(t));
  if (peerlint_template_reminder(t))
    printf("%s\n", peerlint_template_reminder(t));
  for (size_t i = 0; i < peerlint_template_section_count(t); i++) {
    const peerlint_section *s = peerlint_template_section_at(t, i);
    printf("\n%s:%s\n  %s\n", s->title, cli_section_marks(s), s->prompt);
  }
}

/* Fills one template with its example answers and checks the note.
 * Returns 1 when it passes. */
static int test_one(const peerlint_engine *e, const peerlint_template *t) {
  size_t n = peerlint_template_section_count(t);
  const char *answers[64];
  for (size_t i = 0; i < n; i++)
    answers[i] = peerlint_template_section_at(t, i)->example;
  peerlint_error err = {0};
  char *note = peerlint_template_fill(t, answers, n, 1, &err);
  peerlint_result *r = note ? peerlint_check(e, note, strlen(note), &err) : NULL;
  int ok = r != NULL;
  if (!r)
    printf("%s: %s\n", peerlint_template_file(t), err.message);
  for (size_t i = 0; r && i < peerlint_result_count(r); i++) {
    const peerlint_finding *f = peerlint_result_at(r, i);
    if (f->level < PEERLINT_WARNING)
      continue;
    cli_print_finding(stdout, peerlint_template_file(t), note, strlen(note), f,
                      0);
    ok = 0;
  }
  size_t missing[64];
  size_t nm = note ? peerlint_template_missing(t, note, strlen(note), missing, 64)
                   : 0;
  for (size_t i = 0; i < nm; i++) {
    printf("%s: the example has no answer for the required section '%s'\n",
           peerlint_template_file(t),
           peerlint_template_section_at(t, missing[i])->title);
    ok = 0;
  }
  printf("%s %s\n", ok ? "ok  " : "FAIL", peerlint_template_name(t));
  peerlint_result_free(r);
  peerlint_free(note);
  return ok;
}

static int test_all(const cli_engine_opts *eo, const peerlint_templates *set) {
  peerlint_engine *e = cli_load_engine(eo, ".");
  if (!e)
    return EXIT_TROUBLE;
  size_t failed = 0, n = peerlint_template_count(set);
  for (size_t i = 0; i < n; i++)
    failed += !test_one(e, peerlint_template_at(set, i));
  printf("%zu template%s, %zu failed\n", n, n == 1 ? "" : "s", failed);
  peerlint_engine_free(e);
  return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

int cmd_template(int argc, char **argv) {
  cli_engine_opts eo = {0};
  const char *words[2] = {NULL, NULL};
  size_t nwords = 0;
  for (int i = 1; i < argc; i++) {
    int took = cli_engine_option(argc, argv, &i, &eo);
    if (took < 0)
      return template_usage(stderr), EXIT_TROUBLE;
    if (took)
      continue;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      return template_usage(stdout), EXIT_CLEAN;
    if (argv[i][0] == '-' || nwords == 2) {
      fprintf(stderr, "peerlint: template: unexpected '%s'\n", argv[i]);
      return template_usage(stderr), EXIT_TROUBLE;
    }
    words[nwords++] = argv[i];
  }
  const char *what = words[0] ? words[0] : "list";
  int needs_type = !strcmp(what, "show");
  if ((strcmp(what, "list") && !needs_type && strcmp(what, "test")) ||
      (needs_type != (nwords == 2)))
    return template_usage(stderr), EXIT_TROUBLE;
  peerlint_error err = {0};
  peerlint_templates *set = cli_load_templates(&eo, ".", &err);
  if (!set) {
    fprintf(stderr, "peerlint: %s\n", err.message);
    return EXIT_TROUBLE;
  }
  int status = EXIT_CLEAN;
  if (!strcmp(what, "list"))
    cli_list_templates(stdout, set);
  else if (!strcmp(what, "test"))
    status = test_all(&eo, set);
  else if (peerlint_template_find(set, words[1]))
    show(peerlint_template_find(set, words[1]));
  else {
    fprintf(stderr, "peerlint: no template named '%s'; these are:\n", words[1]);
    cli_list_templates(stderr, set);
    status = EXIT_TROUBLE;
  }
  peerlint_templates_free(set);
  return status;
}

/* cmd_rules.c: peerlint list, explain and test: the rules themselves. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Parses the engine options shared by these commands; the first other
 * argument (if any) goes to *arg. Returns -1 on a usage error. */
static int parse(int argc, char **argv, cli_engine_opts *eo, const char **arg,
                 const char *usage) {
  for (int i = 1; i < argc; i++) {
    int took = cli_engine_option(argc, argv, &i, eo);
    if (took < 0)
      return -1;
    if (took)
      continue;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      printf("%s", usage);
      exit(EXIT_CLEAN);
    }
    if (argv[i][0] == '-' || !arg || *arg) {
      fprintf(stderr, "peerlint: unexpected argument '%s'\n%s", argv[i],
              usage);
      return -1;
    }
    *arg = argv[i];
  }
  return 0;
}

int cmd_list(int argc, char **argv) {
  cli_engine_opts eo = {0};
  if (parse(argc, argv, &eo, NULL,
            "usage: peerlint list [--rules DIR] [--config FILE]\n") < 0)
    return EXIT_TROUBLE;
  peerlint_engine *e = cli_load_engine(&eo, "-");
  if (!e)
    return EXIT_TROUBLE;
  const char *pack = "";
  for (size_t i = 0; i < peerlint_rule_count(e); i++) {
    const peerlint_rule_info *r = peerlint_rule_at(e, i);
    if (strcmp(pack, r->pack)) {
      pack = r->pack;
      printf("%s%s: %s\n", i ? "\n" : "", r->pack, r->pack_title);
    }
    printf("  %-40s %-8s%s%s\n", r->id, peerlint_level_name(r->level),
           r->n_replace ? " rewrite" : "", r->enabled ? "" : " (off)");
  }
  for (size_t i = 0; i < peerlint_override_count(e); i++)
    printf("%sagency override: %s\n", i ? "" : "\n", peerlint_override_at(e, i));
  peerlint_engine_free(e);
  return EXIT_CLEAN;
}

static void print_examples(const char *label, const char *const *list,
                           size_t n) {
  for (size_t i = 0; i < n; i++)
    printf("  %-5s %s\n", i ? "" : label, list[i]);
}

int cmd_explain(int argc, char **argv) {
  cli_engine_opts eo = {0};
  const char *id = NULL;
  const char *usage = "usage: peerlint explain RULE   (e.g. person-first/addict)\n";
  if (parse(argc, argv, &eo, &id, usage) < 0 || !id) {
    if (!id)
      fprintf(stderr, "%s", usage);
    return EXIT_TROUBLE;
  }
  peerlint_engine *e = cli_load_engine(&eo, "-");
  if (!e)
    return EXIT_TROUBLE;
  const peerlint_rule_info *r = peerlint_rule_find(e, id);
  if (!r) {
    fprintf(stderr, "peerlint: no rule '%s' ('peerlint list' shows them)\n",
            id);
    peerlint_engine_free(e);
    return EXIT_TROUBLE;
  }
  printf("%s (%s%s)\n\n%s\n\n", r->id, peerlint_level_name(r->level),
         r->enabled ? "" : ", switched off by the agency config", r->message);
  printf("principle: %s\nsource:    %s\ndefined:   %s:%zu (%s)\n",
         r->principle, r->source, r->file, r->line, r->kind);
  if (r->n_replace) {
    printf("rewrites:  ");
    for (size_t i = 0; i < r->n_replace; i++)
      printf("%s\"%s\"", i ? ", " : "", r->replace[i]);
    printf("\n");
  }
  printf("\nexamples:\n");
  print_examples("bad", r->bad, r->n_bad);
  print_examples("good", r->good, r->n_good);
  for (size_t i = 0; i < r->n_fix; i++)
    printf("  %-5s %s\n        -> %s\n", i ? "" : "fix", r->fix_in[i],
           r->fix_out[i]);
  peerlint_engine_free(e);
  return EXIT_CLEAN;
}

static int fired(const peerlint_engine *e, const char *rule, const char *text,
                 int *trouble) {
  peerlint_error err = {0};
  peerlint_result *r = peerlint_check_rule(e, rule, text, strlen(text), &err);
  if (!r) {
    *trouble = 1;
    return 0;
  }
  int found = 0;
  for (size_t i = 0; i < peerlint_result_count(r); i++)
    found |= !strcmp(peerlint_result_at(r, i)->rule, rule);
  peerlint_result_free(r);
  return found;
}

/* Runs one rule's examples; prints each failure; counts into pass/fail. */
static void test_rule(const peerlint_engine *e, const peerlint_rule_info *r,
                      size_t *pass, size_t *fail) {
  int trouble = 0;
  for (size_t i = 0; i < r->n_bad; i++) {
    int ok = fired(e, r->id, r->bad[i], &trouble);
    ok ? ++*pass : ++*fail;
    if (!ok)
      printf("%s:%zu: %s: did not fire on bad example: %s\n", r->file,
             r->line, r->id, r->bad[i]);
  }
  for (size_t i = 0; i < r->n_good; i++) {
    int ok = !fired(e, r->id, r->good[i], &trouble);
    ok ? ++*pass : ++*fail;
    if (!ok)
      printf("%s:%zu: %s: fired on good example: %s\n", r->file, r->line,
             r->id, r->good[i]);
  }
  for (size_t i = 0; i < r->n_fix; i++) {
    peerlint_fix_options fo = {r->id, 0};
    peerlint_error err = {0};
    peerlint_rewrite *rw =
        peerlint_fix(e, r->fix_in[i], strlen(r->fix_in[i]), &fo, &err);
    const char *got = rw ? peerlint_rewrite_text(rw, NULL) : err.message;
    int ok = rw && !strcmp(got, r->fix_out[i]);
    ok ? ++*pass : ++*fail;
    if (!ok)
      printf("%s:%zu: %s: fix example\n  input:    %s\n  expected: %s\n"
             "  got:      %s\n",
             r->file, r->line, r->id, r->fix_in[i], r->fix_out[i], got);
    peerlint_rewrite_free(rw);
  }
  if (trouble)
    printf("%s:%zu: %s: an example is not valid input\n", r->file, r->line,
           r->id), ++*fail;
}

int cmd_test(int argc, char **argv) {
  cli_engine_opts eo = {0};
  const char *only = NULL;
  if (parse(argc, argv, &eo, &only,
            "usage: peerlint test [--rules DIR] [RULE]\n"
            "Runs every rule's examples: bad must fire, good must not, fix "
            "must rewrite\nexactly as written.\n") < 0)
    return EXIT_TROUBLE;
  peerlint_engine *e = cli_load_engine(&eo, "-");
  if (!e)
    return EXIT_TROUBLE;
  size_t pass = 0, fail = 0, rules = 0;
  for (size_t i = 0; i < peerlint_rule_count(e); i++) {
    const peerlint_rule_info *r = peerlint_rule_at(e, i);
    if (!r->enabled || (only && strcmp(only, r->id) && strcmp(only, r->pack)))
      continue;
    rules++;
    test_rule(e, r, &pass, &fail);
  }
  printf("%zu rules: %zu passed, %zu failed\n", rules, pass, fail);
  peerlint_engine_free(e);
  return fail ? EXIT_FINDINGS : EXIT_CLEAN;
}

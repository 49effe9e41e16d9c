/* test_corpus.c: the development set in tests/corpus/ (labeled sentences
 * written apart from the rules). Prints recall and false flags per family
 * and holds them to a floor, so a rule change that loses ground fails.
 *
 * A `flag` line of family F counts as found when a finding of pack F fires
 * (for strengths: a strength). A `clean` line is a false flag when any
 * problem fires (for strengths.tsv: anything at all). Set
 * PEERLINT_CORPUS_VERBOSE=1 to list the misses. */
#include "testutil.h"

/* The floors: raise them as the packs improve, never lower them quietly. */
#define MIN_RECALL 0.78
#define MAX_FALSE_FLAGS 0.05

static const char *const families[] = {
    "person-first", "diagnostic", "medication", "deficit",
    "directive",    "shorthand",  "out-of-role", "strengths", NULL};

typedef struct tally {
  size_t flag, found, clean, false_flags;
} tally;

static int any_problem(const peerlint_result *r) {
  return peerlint_result_worst(r) >= 0;
}

static void score_line(const peerlint_engine *e, const char *family,
                       char *line, tally *t, int verbose) {
  char *tab = strchr(line, '\t');
  if (!tab || line[0] == '#')
    return;
  *tab = 0;
  const char *text = tab + 1;
  peerlint_result *r = check_str(e, text);
  assert_non_null(r);
  int strengths = !strcmp(family, "strengths");
  if (!strcmp(line, "flag")) {
    t->flag++;
    int ok = strengths ? peerlint_result_level_count(r, PEERLINT_STRENGTH) > 0
                       : has_rule(r, family);
    t->found += ok;
    if (!ok && verbose)
      printf("  missed   %-12s %s\n", family, text);
  } else if (!strcmp(line, "clean")) {
    t->clean++;
    int bad = strengths ? peerlint_result_count(r) > 0 : any_problem(r);
    t->false_flags += bad;
    if (bad && verbose)
      printf("  flagged  %-12s %s  [%s]\n", family, text,
             peerlint_result_at(r, 0)->rule);
  }
  peerlint_result_free(r);
}

static void test_corpus(void **state) {
  (void)state;
  peerlint_engine *e = shipped_engine();
  assert_non_null(e);
  const char *v = getenv("PEERLINT_CORPUS_VERBOSE");
  int verbose = v && *v && strcmp(v, "0");
  tally all = {0};
  printf("%-13s %9s %9s %12s\n", "family", "recall", "n", "false flags");
  for (const char *const *f = families; *f; f++) {
    char path[256];
    snprintf(path, sizeof path, "tests/corpus/%s.tsv", *f);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    tally t = {0};
    char line[4096];
    while (fgets(line, sizeof line, in)) {
      line[strcspn(line, "\r\n")] = 0;
      score_line(e, *f, line, &t, verbose);
    }
    fclose(in);
    printf("%-13s %8.1f%% %4zu/%-4zu %6.1f%% %zu/%zu\n", *f,
           100.0 * t.found / (t.flag ? t.flag : 1), t.found, t.flag,
           100.0 * t.false_flags / (t.clean ? t.clean : 1), t.false_flags,
           t.clean);
    all.flag += t.flag, all.found += t.found;
    all.clean += t.clean, all.false_flags += t.false_flags;
  }
  double recall = (double)all.found / all.flag;
  double false_rate = (double)all.false_flags / all.clean;
  printf("%-13s %8.1f%% %4zu/%-4zu %6.1f%% %zu/%zu\n", "all", 100 * recall,
         all.found, all.flag, 100 * false_rate, all.false_flags, all.clean);
  peerlint_engine_free(e);
  if (recall < MIN_RECALL)
    fail_msg("recall %.3f is under the floor %.3f", recall, MIN_RECALL);
  if (false_rate > MAX_FALSE_FLAGS)
    fail_msg("false flags %.3f are over the ceiling %.3f", false_rate,
             MAX_FALSE_FLAGS);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus)};
  return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}

/* test_corpus.c: the labeled sets. tests/corpus/ is the development set
 * (written apart from the rules; rules are tuned against it); tests/holdout/
 * was written apart from both and is never tuned against, and so is
 * tests/validation/ (written later by twelve imagined writers, for the
 * families with the most varied wording, plus everyday.tsv: ordinary
 * sentences on which nothing may fire). Prints recall and
 * false flags per family and holds both to a floor, so a rule change that
 * loses ground fails.
 *
 * A `flag` line of family F counts as found when a finding of pack F fires
 * (for strengths: a strength). A `clean` line is a false flag when any
 * problem fires (for strengths.tsv: anything at all). Set
 * PEERLINT_CORPUS_VERBOSE=1 to list the misses. */
#include "testutil.h"

/* The floors: raise them as the packs improve, never lower them quietly. */
#define MIN_RECALL 0.98
#define MAX_FALSE_FLAGS 0.02
#define MIN_HOLDOUT_RECALL 0.85
#define MAX_HOLDOUT_FALSE_FLAGS 0.03
#define MIN_VALIDATION_RECALL 0.66
#define MAX_VALIDATION_FALSE_FLAGS 0.03

static const char *const families[] = {
    "person-first", "diagnostic", "medication", "deficit",
    "directive",    "shorthand",  "out-of-role", "strengths", "everyday",
    NULL};

typedef struct tally {
  size_t flag, found, clean, false_flags;
} tally;

/* A problem finding, spelling aside: spelling is not part of this
 * measure (names are unknown words, not clinical language). */
static int any_problem(const peerlint_result *r) {
  for (size_t i = 0; i < peerlint_result_count(r); i++) {
    const peerlint_finding *f = peerlint_result_at(r, i);
    if (f->level != PEERLINT_STRENGTH && strcmp(f->pack, "spelling"))
      return 1;
  }
  return 0;
}

static size_t count_strengths(const peerlint_result *r) {
  return peerlint_result_level_count(r, PEERLINT_STRENGTH);
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
    int bad = strengths ? count_strengths(r) > 0 || any_problem(r)
                        : any_problem(r);
    t->false_flags += bad;
    if (bad && verbose)
      printf("  flagged  %-12s %s\n", family, text);
  }
  peerlint_result_free(r);
}

static void print_row(const char *name, tally t) {
  if (t.flag)
    printf("%-13s %8.1f%% %4zu/%-4zu", name, 100.0 * t.found / t.flag,
           t.found, t.flag);
  else /* clean lines only: no recall to speak of */
    printf("%-13s %9s %9s", name, "-", "");
  printf(" %6.1f%% %zu/%zu\n", 100.0 * t.false_flags / (t.clean ? t.clean : 1),
         t.false_flags, t.clean);
}

/* Scores one labeled set; prints its table; returns the totals. With
 * `every_family`, each family's file must be there (everyday.tsv aside). */
static tally score_set(const peerlint_engine *e, const char *dir,
                       int verbose, int every_family) {
  tally all = {0};
  printf("%s\n%-13s %9s %9s %12s\n", dir, "family", "recall", "n",
         "false flags");
  for (const char *const *f = families; *f; f++) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s.tsv", dir, *f);
    FILE *in = fopen(path, "r");
    if (!in && (!every_family || !strcmp(*f, "everyday")))
      continue;
    assert_non_null(in);
    tally t = {0};
    char line[4096];
    while (fgets(line, sizeof line, in)) {
      line[strcspn(line, "\r\n")] = 0;
      score_line(e, *f, line, &t, verbose);
    }
    fclose(in);
    print_row(*f, t);
    all.flag += t.flag, all.found += t.found;
    all.clean += t.clean, all.false_flags += t.false_flags;
  }
  print_row("all", all);
  putchar('\n');
  return all;
}

static void hold_to_floor(const char *dir, tally t, double min_recall,
                          double max_false) {
  double recall = (double)t.found / t.flag;
  double false_rate = (double)t.false_flags / t.clean;
  if (recall < min_recall)
    fail_msg("%s: recall %.3f is under the floor %.3f", dir, recall,
             min_recall);
  if (false_rate > max_false)
    fail_msg("%s: false flags %.3f are over the ceiling %.3f", dir,
             false_rate, max_false);
}

static void test_corpus(void **state) {
  (void)state;
  peerlint_engine *e = shipped_engine();
  assert_non_null(e);
  const char *v = getenv("PEERLINT_CORPUS_VERBOSE");
  int verbose = v && *v && strcmp(v, "0");
  tally dev = score_set(e, "tests/corpus", verbose, 1);
  /* The holdout set is never used to tune rules: it is read here only to
   * see whether the development figures carry over to unseen sentences. */
  const char *h = getenv("PEERLINT_HOLDOUT_VERBOSE");
  int hv = h && *h && strcmp(h, "0");
  tally held = score_set(e, "tests/holdout", hv, 1);
  tally val = score_set(e, "tests/validation", hv, 0);
  peerlint_engine_free(e);
  hold_to_floor("tests/corpus", dev, MIN_RECALL, MAX_FALSE_FLAGS);
  hold_to_floor("tests/holdout", held, MIN_HOLDOUT_RECALL,
                MAX_HOLDOUT_FALSE_FLAGS);
  hold_to_floor("tests/validation", val, MIN_VALIDATION_RECALL,
                MAX_VALIDATION_FALSE_FLAGS);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus)};
  return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}

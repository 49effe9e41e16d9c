/* test_prefilter.c: the words a regex cannot match without (prefilter.h).
 *
 * A clause is a promise that lets a check skip a pattern, so a wrong one
 * loses findings: what a few patterns must and must not promise. */
#include "testutil.h"

#include "prefilter.h"

static pl_prefilter *PF;
static pl_pre_clauses C;

static int setup(void **state) {
  (void)state;
  PF = pl_prefilter_new();
  return PF ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  pl_prefilter_free(PF);
  return 0;
}

static void derive(const char *pattern) {
  assert_int_equal(pl_prefilter_derive(PF, pattern, &C), 0);
}

/* Is there a clause of exactly these words (space-separated, any
 * order)? */
static int has_clause(const char *words) {
  for (size_t i = 0; i < C.n; i++) {
    size_t found = 0, want = 0;
    char copy[256];
    snprintf(copy, sizeof copy, "%s", words);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
      want++;
      for (size_t k = 0; k < C.nwords[i]; k++)
        found += !strcmp(pl_prefilter_word(PF, C.words[i][k]), w);
    }
    if (found == want && want == C.nwords[i])
      return 1;
  }
  return 0;
}

static void test_words_of_an_alternation(void **state) {
  (void)state;
  derive("\\bhe\\s+(?:said|says|told\\s+me)\\b");
  assert_true(has_clause("said says told"));
}

static void test_words_built_from_parts(void **state) {
  (void)state;
  derive("\\breport(?:ed|ing)?\\s+to\\b");
  assert_true(has_clause("report reported reporting"));
  derive("\\bnon-?compliant\\b"); /* "non-compliant" is two words */
  assert_true(has_clause("noncompliant non"));
}

static void test_what_can_be_left_out_is_not_promised(void **state) {
  (void)state;
  derive("\\b(?:very\\s+)?sad\\b");
  assert_int_equal(C.n, 1);
  assert_true(has_clause("sad"));
  /* what may follow "sad" may be nothing: then "sadness" matches */
  derive("\\bsad(?:\\s+today)?");
  assert_int_equal(C.n, 0);
  derive("(?:today\\s+)?sad\\b"); /* and "glad" before it */
  assert_int_equal(C.n, 0);
  /* nothing between "is" and "low": one word "islow" is a match too */
  derive("\\b(?:is|was)?\\s*low\\b");
  assert_true(has_clause("low islow waslow"));
}

static void test_boundaries_seen_by_lookarounds(void **state) {
  (void)state;
  derive("(?<=\\s)team(?![\\w-])");
  assert_true(has_clause("team"));
  derive("(?<=\\s)team(?![a-z])"); /* "teamB": not a boundary */
  assert_int_equal(C.n, 0);
}

static void test_parts_of_words_promise_nothing(void **state) {
  (void)state;
  derive("\\bsuicid\\w*");
  assert_int_equal(C.n, 0);
  derive("team"); /* inside "steamed" too */
  assert_int_equal(C.n, 0);
  derive("\\bthe\\s+\\w+\\b"); /* only a word in every sentence */
  assert_int_equal(C.n, 0);
}

static void test_what_is_not_understood_promises_nothing(void **state) {
  (void)state;
  const char *const patterns[] = {"(?x) \\b team \\b",  "\\bteam(?R)?\\b",
                                  "(?(1)\\bteam\\b|x)", "\\bteam\\b)",
                                  "\\Qteam\\E\\b\\c",   NULL};
  for (const char *const *p = patterns; *p; p++) {
    derive(*p);
    assert_int_equal(C.n, 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_words_of_an_alternation),
      cmocka_unit_test(test_words_built_from_parts),
      cmocka_unit_test(test_what_can_be_left_out_is_not_promised),
      cmocka_unit_test(test_boundaries_seen_by_lookarounds),
      cmocka_unit_test(test_parts_of_words_promise_nothing),
      cmocka_unit_test(test_what_is_not_understood_promises_nothing),
  };
  return cmocka_run_group_tests_name("prefilter", tests, setup, teardown);
}

/* test_rules.c: the shipped packs. Every rule's examples run as a test of
 * their own (bad must fire, good must not, fix must rewrite exactly), the
 * near-misses of the domain notes stay clean, and rewriting never adds a
 * finding. */
#include "testutil.h"

static peerlint_engine *E;

static int fired(const char *rule, const char *text) {
  peerlint_error err = {0};
  peerlint_result *r = peerlint_check_rule(E, rule, text, strlen(text), &err);
  assert_non_null(r);
  int found = has_rule(r, rule);
  peerlint_result_free(r);
  return found;
}

static void run_examples(void **state) {
  const peerlint_rule_info *r = *state;
  for (size_t i = 0; i < r->n_bad; i++)
    if (!fired(r->id, r->bad[i]))
      fail_msg("%s:%zu: %s did not fire on bad example: %s", r->file, r->line,
               r->id, r->bad[i]);
  for (size_t i = 0; i < r->n_good; i++)
    if (fired(r->id, r->good[i]))
      fail_msg("%s:%zu: %s fired on good example: %s", r->file, r->line, r->id,
               r->good[i]);
  for (size_t i = 0; i < r->n_fix; i++) {
    char *got = fix_str(E, r->fix_in[i], r->id);
    assert_non_null(got);
    if (strcmp(got, r->fix_out[i]))
      fail_msg("%s:%zu: %s fix of '%s': expected '%s', got '%s'", r->file,
               r->line, r->id, r->fix_in[i], r->fix_out[i], got);
    free(got);
  }
}

/* DOMAIN.md's near-misses and its one must-find. */
static void test_domain_near_misses(void **state) {
  (void)state;
  peerlint_result *found = check_str(E, "He is an addict.");
  assert_true(has_rule(found, "person-first"));
  peerlint_result_free(found);
  const char *clean[] = {
      "She put on clean clothes.",
      "She was patient with herself.",
      "He encouraged himself to ask his prescriber about side effects.",
      "She goes to Alcoholics Anonymous on Tuesdays.",
      "He talked about the voices he hears.",
      "She picked up naloxone and fentanyl test strips.",
      "\"I'm an addict and proud of my recovery,\" she said.",
      "She is on methadone and said it helps her.",
  };
  for (size_t i = 0; i < sizeof clean / sizeof *clean; i++) {
    peerlint_result *r = check_str(E, clean[i]);
    for (size_t k = 0; k < peerlint_result_count(r); k++)
      if (peerlint_result_at(r, k)->level != PEERLINT_STRENGTH)
        fail_msg("near-miss flagged by %s: %s", peerlint_result_at(r, k)->rule,
                 clean[i]);
    peerlint_result_free(r);
  }
}

/* Rewriting a text never adds a problem, and the rewritten findings are
 * gone. Checked over every example text of every rule. */
static void check_rewrite_property(const char *text) {
  peerlint_result *before = check_str(E, text);
  char *fixed = fix_str(E, text, NULL);
  assert_non_null(fixed);
  peerlint_result *after = check_str(E, fixed);
  for (size_t i = 0; i < peerlint_result_count(after); i++) {
    const peerlint_finding *f = peerlint_result_at(after, i);
    if (f->level == PEERLINT_STRENGTH)
      continue;
    /* spelling is only rewritten when asked (fix --spelling) */
    if (f->replacement && strcmp(f->pack, "spelling"))
      fail_msg("after fix, '%s' still has rewritable %s in: %s", text, f->rule,
               fixed);
    if (!has_rule(before, f->rule))
      fail_msg("fix added %s: '%s' -> '%s'", f->rule, text, fixed);
  }
  char *again = fix_str(E, fixed, NULL);
  if (strcmp(again, fixed))
    fail_msg("fix is not idempotent: '%s' -> '%s' -> '%s'", text, fixed,
             again);
  free(again);
  free(fixed);
  peerlint_result_free(before);
  peerlint_result_free(after);
}

static void test_rewrites_add_nothing(void **state) {
  (void)state;
  for (size_t i = 0; i < peerlint_rule_count(E); i++) {
    const peerlint_rule_info *r = peerlint_rule_at(E, i);
    for (size_t k = 0; k < r->n_bad; k++)
      check_rewrite_property(r->bad[k]);
    for (size_t k = 0; k < r->n_good; k++)
      check_rewrite_property(r->good[k]);
    for (size_t k = 0; k < r->n_fix; k++)
      check_rewrite_property(r->fix_in[k]);
  }
}

/* A rewrite across an earlier pass's rewrite is one edit of the original:
 * "ETOH" -> "alcohol" (shorthand), then "an alcohol abuser" -> "a person
 * who drinks" (person-first) is reported as the original words and the
 * final ones (fuzz/regressions/fix/chained-rewrite-edit-past-the-end.txt). */
static void test_chained_rewrite_is_one_edit(void **state) {
  (void)state;
  const char *note = "He is an ETOH abuser who was noncompliant.";
  peerlint_error err = {0};
  peerlint_rewrite *rw = peerlint_fix(E, note, strlen(note), NULL, &err);
  assert_non_null(rw);
  assert_string_equal(peerlint_rewrite_text(rw, NULL),
                      "He is a person who drinks who was noncompliant.");
  assert_int_equal(peerlint_rewrite_edit_count(rw), 1);
  const peerlint_edit *ed = peerlint_rewrite_edit_at(rw, 0);
  assert_int_equal(ed->offset, 6);
  assert_int_equal(ed->length, 14);
  assert_string_equal(ed->old_text, "an ETOH abuser");
  assert_string_equal(ed->new_text, "a person who drinks");
  assert_string_equal(ed->rule, "person-first/drug-user");
  peerlint_rewrite_free(rw);
}

static void test_every_rule_has_examples_and_a_kind_message(void **state) {
  (void)state;
  for (size_t i = 0; i < peerlint_rule_count(E); i++) {
    const peerlint_rule_info *r = peerlint_rule_at(E, i);
    if (r->n_bad < 2 || r->n_good < 2)
      fail_msg("%s: needs at least two bad and two good examples", r->id);
    if (r->n_replace && !r->n_fix)
      fail_msg("%s: has a rewrite but no fix example", r->id);
    if (strchr(r->message, '!'))
      fail_msg("%s: messages are calm; no exclamation marks", r->id);
    if (!r->principle[0] || !r->source[0])
      fail_msg("%s: names no principle or source", r->id);
  }
}

int main(void) {
  E = shipped_engine();
  if (!E)
    return 1;
  size_t n = peerlint_rule_count(E);
  struct CMUnitTest *tests = calloc(n + 4, sizeof *tests);
  for (size_t i = 0; i < n; i++) {
    const peerlint_rule_info *r = peerlint_rule_at(E, i);
    tests[i].name = r->id;
    tests[i].test_func = run_examples;
    tests[i].initial_state = (void *)r;
  }
  tests[n] = (struct CMUnitTest)cmocka_unit_test(test_domain_near_misses);
  tests[n + 1] = (struct CMUnitTest)cmocka_unit_test(test_rewrites_add_nothing);
  tests[n + 2] = (struct CMUnitTest)cmocka_unit_test(
      test_every_rule_has_examples_and_a_kind_message);
  tests[n + 3] =
      (struct CMUnitTest)cmocka_unit_test(test_chained_rewrite_is_one_edit);
  int rc = _cmocka_run_group_tests("rules", tests, n + 4, NULL, NULL);
  free(tests);
  peerlint_engine_free(E);
  return rc;
}

/* test_rewrite.c: rewrites keep case, fix articles, tidy spacing, resolve
 * overlaps, and settle (fix of a fix changes nothing). */
#include "testutil.h"

static peerlint_engine *E;

static int setup(void **state) {
  (void)state;
  E = fixture_engine();
  return E ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  peerlint_engine_free(E);
  return 0;
}

static void expect_fix(const char *in, const char *out) {
  char *got = fix_str(E, in, NULL);
  assert_non_null(got);
  assert_string_equal(got, out);
  /* idempotent: fixing the result again changes nothing */
  char *again = fix_str(E, got, NULL);
  assert_string_equal(again, got);
  free(again);
  free(got);
}

static void test_article_and_case(void **state) {
  (void)state;
  expect_fix("He is an addict.", "He is a person who uses drugs.");
  expect_fix("An addict came in.", "A person who uses drugs came in.");
  expect_fix("Addicts need support.", "People who use drugs need support.");
  expect_fix("ADDICTS NEED SUPPORT.", "PEOPLE WHO USE DRUGS NEED SUPPORT.");
}

static void test_caps_neutral_terms(void **state) {
  (void)state;
  expect_fix("ETOH use daily.", "Alcohol use daily.");
  expect_fix("Daily ETOH use.", "Daily alcohol use.");
  expect_fix("daily etoh use.", "daily alcohol use.");
}

static void test_captures(void **state) {
  (void)state;
  expect_fix("The patient left.", "The person left.");
  expect_fix("We met a patient.", "We met a person.");
}

static void test_deletion_tidies_spacing(void **state) {
  (void)state;
  expect_fix("He reportedly went home.", "He went home.");
  expect_fix("Reportedly home.", "Home.");
}

static void test_lookahead_rewrite(void **state) {
  (void)state;
  expect_fix("He has been clean for 90 days, in clean clothes.",
             "He has been in recovery for 90 days, in clean clothes.");
}

static void test_clean_note_unchanged(void **state) {
  (void)state;
  const char *note = "We walked to the library.\r\nShe chose the route.\n";
  expect_fix(note, note);
  peerlint_error err = {0};
  peerlint_rewrite *rw = peerlint_fix(E, note, strlen(note), NULL, &err);
  assert_int_equal(peerlint_rewrite_edit_count(rw), 0);
  size_t len;
  const char *text = peerlint_rewrite_text(rw, &len);
  assert_int_equal(len, strlen(note));
  assert_memory_equal(text, note, len);
  peerlint_rewrite_free(rw);
}

static void test_edits_and_remaining(void **state) {
  (void)state;
  const char *note = "He is an addict. I told her to stop her meds.";
  peerlint_error err = {0};
  peerlint_rewrite *rw = peerlint_fix(E, note, strlen(note), NULL, &err);
  assert_int_equal(peerlint_rewrite_edit_count(rw), 1);
  const peerlint_edit *ed = peerlint_rewrite_edit_at(rw, 0);
  assert_int_equal(ed->offset, 6);
  assert_int_equal(ed->length, 9);
  assert_string_equal(ed->old_text, "an addict");
  assert_string_equal(ed->new_text, "a person who uses drugs");
  assert_string_equal(ed->rule, "t/addict");
  /* the advice has no safe rewrite: it stays for the writer's judgment */
  const peerlint_result *rest = peerlint_rewrite_remaining(rw);
  assert_int_equal(peerlint_result_count(rest), 1);
  assert_string_equal(peerlint_result_at(rest, 0)->rule, "t/advice");
  peerlint_rewrite_free(rw);
}

static void test_only_rule(void **state) {
  (void)state;
  char *got = fix_str(E, "The patient is an addict.", "t/patient");
  assert_string_equal(got, "The person is an addict.");
  free(got);
}

static void test_vowel_sounds(void **state) {
  (void)state;
  /* through the public path: an article before a replacement */
  expect_fix("She is an addict, a patient.", "She is a person who uses "
                                             "drugs, a person.");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_article_and_case),
      cmocka_unit_test(test_caps_neutral_terms),
      cmocka_unit_test(test_captures),
      cmocka_unit_test(test_deletion_tidies_spacing),
      cmocka_unit_test(test_lookahead_rewrite),
      cmocka_unit_test(test_clean_note_unchanged),
      cmocka_unit_test(test_edits_and_remaining),
      cmocka_unit_test(test_only_rule),
      cmocka_unit_test(test_vowel_sounds),
  };
  return cmocka_run_group_tests_name("rewrite", tests, setup, teardown);
}

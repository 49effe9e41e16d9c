/* test_spell.c: spelling with Hunspell and the recovery vocabulary, what
 * is left alone, a missing dictionary, and dictionary-checked word forms. */
#include "testutil.h"

static peerlint_engine *E;

static int setup(void **state) {
  (void)state;
  E = shipped_engine();
  return E && !peerlint_engine_spelling_off(E) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  peerlint_engine_free(E);
  return 0;
}

static size_t spelling_count(const char *text) {
  peerlint_result *r = check_str(E, text);
  size_t n = 0;
  for (size_t i = 0; i < peerlint_result_count(r); i++)
    n += !strcmp(peerlint_result_at(r, i)->pack, "spelling");
  peerlint_result_free(r);
  return n;
}

static void test_misspelling_with_suggestion(void **state) {
  (void)state;
  peerlint_result *r = check_str(E, "We walked to the libary.");
  const peerlint_finding *f = NULL;
  for (size_t i = 0; i < peerlint_result_count(r); i++)
    if (!strcmp(peerlint_result_at(r, i)->rule, "spelling/unknown-word"))
      f = peerlint_result_at(r, i);
  assert_non_null(f);
  assert_int_equal(f->level, PEERLINT_INFO);
  assert_int_equal(f->offset, 17);
  assert_int_equal(f->length, 6);
  assert_string_equal(f->suggestions[0], "library");
  assert_string_equal(f->replacement, "library");
  peerlint_result_free(r);
}

static void test_fix_applies_spelling_only_when_asked(void **state) {
  (void)state;
  const char *note = "We walked to the libary.";
  char *plain = fix_str(E, note, NULL);
  assert_string_equal(plain, note);
  free(plain);
  peerlint_fix_options o = {NULL, 1};
  peerlint_error err = {0};
  peerlint_rewrite *rw = peerlint_fix(E, note, strlen(note), &o, &err);
  assert_string_equal(peerlint_rewrite_text(rw, NULL),
                      "We walked to the library.");
  peerlint_rewrite_free(rw);
}

static void test_recovery_vocabulary_is_known(void **state) {
  (void)state;
  assert_int_equal(spelling_count("She picked up naloxone and Narcan, called "
                                  "the warmline, and asked about "
                                  "buprenorphine, Suboxone and methadone at "
                                  "the clubhouse."),
                   0);
  assert_int_equal(spelling_count("He is working on his WRAP with NAMI and "
                                  "his Medicaid paperwork."),
                   0);
}

static void test_not_prose_is_left_alone(void **state) {
  (void)state;
  assert_int_equal(spelling_count("Met with Kalani at 10:30 on 3/14 and read "
                                  "https://example.org/jobz and "
                                  "kalani.h@example.org together."),
                   0);
  assert_int_equal(spelling_count("She doesn't want to; they're fine, "
                                  "we'll see."),
                   0);
  assert_int_equal(spelling_count("\"Tell Marisol I said hi,\" she said."), 0);
  assert_int_equal(spelling_count("Pt c/o HX."), 0); /* shorthand says more */
}

static void test_missing_dictionary_keeps_other_rules(void **state) {
  (void)state;
  peerlint_options o = {"rules", NULL, "/nonexistent", NULL, 0, 0};
  peerlint_error err = {0};
  peerlint_engine *e = peerlint_engine_new(&o, &err);
  assert_non_null(e);
  assert_string_equal(peerlint_engine_spelling_off(e),
                      "no en_US dictionary in /nonexistent");
  peerlint_result *r = check_str(e, "He is an addict who went to the libary.");
  assert_true(has_rule(r, "person-first"));
  assert_false(has_rule(r, "spelling"));
  char *json = peerlint_result_json(r, NULL);
  assert_non_null(strstr(json, "\"spelling\":\"off: no en_US dictionary in "
                               "/nonexistent\""));
  peerlint_free(json);
  peerlint_result_free(r);
  peerlint_engine_free(e);
}

/* Word forms come from the rules' base forms; with a dictionary, only
 * forms that are real words are kept. */
static void test_word_forms_checked_by_dictionary(void **state) {
  (void)state;
  peerlint_options with = {"tests/fixtures/t", NULL, NULL, NULL, 0, 0};
  peerlint_options without = {"tests/fixtures/t", NULL, NULL, NULL, 1, 0};
  peerlint_error err = {0};
  peerlint_engine *a = peerlint_engine_new(&with, &err);
  peerlint_engine *b = peerlint_engine_new(&without, &err);
  assert_non_null(a);
  assert_non_null(b);
  peerlint_result *r = check_str(a, "She suffered from it. He suffers from it.");
  assert_int_equal(peerlint_result_count(r), 2);
  peerlint_result_free(r);
  r = check_str(a, "It sufferred from nothing.");
  assert_int_equal(peerlint_result_count(r), 0);
  peerlint_result_free(r);
  r = check_str(b, "It sufferred from nothing.");
  assert_int_equal(peerlint_result_count(r), 1); /* no dictionary to ask */
  peerlint_result_free(r);
  peerlint_engine_free(a);
  peerlint_engine_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_misspelling_with_suggestion),
      cmocka_unit_test(test_fix_applies_spelling_only_when_asked),
      cmocka_unit_test(test_recovery_vocabulary_is_known),
      cmocka_unit_test(test_not_prose_is_left_alone),
      cmocka_unit_test(test_missing_dictionary_keeps_other_rules),
      cmocka_unit_test(test_word_forms_checked_by_dictionary),
  };
  return cmocka_run_group_tests_name("spell", tests, setup, teardown);
}

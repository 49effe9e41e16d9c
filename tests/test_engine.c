/* test_engine.c: the engine on a small pack written here, with exact
 * findings, offsets, lines, columns and errors. */
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

static void test_term_finding_exact(void **state) {
  (void)state;
  peerlint_result *r = check_str(E, "He is an addict.");
  assert_non_null(r);
  assert_int_equal(peerlint_result_count(r), 1);
  const peerlint_finding *f = peerlint_result_at(r, 0);
  assert_string_equal(f->rule, "t/addict");
  assert_string_equal(f->pack, "t");
  assert_int_equal(f->level, PEERLINT_WARNING);
  assert_int_equal(f->offset, 9);
  assert_int_equal(f->length, 6);
  assert_int_equal(f->line, 1);
  assert_int_equal(f->column, 10);
  assert_string_equal(f->text, "addict");
  assert_string_equal(f->suggestions[0], "person who uses drugs");
  assert_string_equal(f->replacement, "a person who uses drugs");
  assert_int_equal(f->edit_offset, 6);
  assert_int_equal(f->edit_length, 9);
  peerlint_result_free(r);
}

static void test_whole_words_only(void **state) {
  (void)state;
  peerlint_result *r = check_str(E, "Addiction and addictive habits; readdict.");
  assert_int_equal(peerlint_result_count(r), 0);
  peerlint_result_free(r);
}

static void test_quotes_skipped_and_columns_in_characters(void **state) {
  (void)state;
  const char *text = "Caf\xc3\xa9 visit.\nShe said \xe2\x80\x9cI am an addict\xe2\x80\x9d "
                     "and he is an addict.";
  peerlint_result *r = check_str(E, text);
  assert_int_equal(peerlint_result_count(r), 1);
  const peerlint_finding *f = peerlint_result_at(r, 0);
  assert_int_equal(f->offset, (size_t)(strstr(text, "an addict.") - text) + 3);
  assert_int_equal(f->line, 2);
  assert_int_equal(f->column, 40);
  peerlint_result_free(r);
  r = check_str(E, "\"I'm an addict and proud of my recovery,\" he said.");
  assert_false(has_rule(r, "t/addict"));
  peerlint_result_free(r);
}

static void test_line_ends_and_bom(void **state) {
  (void)state;
  const char *cases[] = {"ok\r\nHe is an addict.", "ok\rHe is an addict.",
                         "ok\nHe is an addict."};
  for (size_t i = 0; i < 3; i++) {
    peerlint_result *r = check_str(E, cases[i]);
    assert_int_equal(peerlint_result_count(r), 1);
    assert_int_equal(peerlint_result_at(r, 0)->line, 2);
    assert_int_equal(peerlint_result_at(r, 0)->column, 10);
    peerlint_result_free(r);
  }
  peerlint_result *r = check_str(E, "\xef\xbb\xbfHe is an addict.");
  assert_int_equal(peerlint_result_at(r, 0)->offset, 12);
  assert_int_equal(peerlint_result_at(r, 0)->column, 10);
  peerlint_result_free(r);
}

static void test_except_and_inflections(void **state) {
  (void)state;
  peerlint_result *r =
      check_str(E, "She goes to Alcoholics Anonymous. He is alcoholic.");
  assert_int_equal(peerlint_result_count(r), 1);
  assert_int_equal(peerlint_result_at(r, 0)->offset, 40);
  peerlint_result_free(r);
  r = check_str(E, "She relapsed; relapses happen; relapsing is human.");
  assert_int_equal(peerlint_result_count(r), 3);
  assert_string_equal(peerlint_result_at(r, 0)->text, "relapsed");
  assert_string_equal(peerlint_result_at(r, 1)->text, "relapses");
  assert_string_equal(peerlint_result_at(r, 2)->text, "relapsing");
  peerlint_result_free(r);
}

static void test_hyphen_and_space_forms(void **state) {
  (void)state;
  peerlint_result *r =
      check_str(E, "Not attention seeking. Not attention-seeking either.");
  assert_int_equal(peerlint_result_count(r), 2);
  assert_string_equal(peerlint_result_at(r, 0)->text, "attention seeking");
  assert_string_equal(peerlint_result_at(r, 1)->text, "attention-seeking");
  peerlint_result_free(r);
  r = check_str(E, "She paid attention. Seeking work now.");
  assert_int_equal(peerlint_result_count(r), 0);
  peerlint_result_free(r);
}

static void test_near_within_sentence_and_unless(void **state) {
  (void)state;
  peerlint_result *r = check_str(E, "I told her to stop her meds.");
  assert_int_equal(peerlint_result_count(r), 1);
  const peerlint_finding *f = peerlint_result_at(r, 0);
  assert_string_equal(f->rule, "t/advice");
  assert_int_equal(f->level, PEERLINT_ERROR);
  assert_string_equal(f->text, "stop her meds");
  peerlint_result_free(r);
  const char *clean[] = {
      "She wants to ask her prescriber whether to stop her meds.",
      "We had to stop. Her meds were at home.",
      "Stop by the store to buy bread, milk, eggs and her pills.",
  };
  for (size_t i = 0; i < 3; i++) {
    r = check_str(E, clean[i]);
    assert_false(has_rule(r, "t/advice"));
    peerlint_result_free(r);
  }
}

static void test_case_sensitive_terms(void **state) {
  (void)state;
  peerlint_result *r = check_str(E, "NAD today. The nad was fine.");
  assert_int_equal(peerlint_result_count(r), 1);
  assert_int_equal(peerlint_result_at(r, 0)->offset, 0);
  peerlint_result_free(r);
}

static void test_regex_lookahead_context(void **state) {
  (void)state;
  peerlint_result *r =
      check_str(E, "He put on clean clothes. He has been clean for 90 days.");
  assert_int_equal(peerlint_result_count(r), 1);
  assert_int_equal(peerlint_result_at(r, 0)->offset, 37);
  peerlint_result_free(r);
}

static void test_strength_findings(void **state) {
  (void)state;
  peerlint_result *r = check_str(E, "\"I want to work,\" she said.");
  assert_int_equal(peerlint_result_count(r), 1);
  assert_int_equal(peerlint_result_at(r, 0)->level, PEERLINT_STRENGTH);
  assert_int_equal(peerlint_result_worst(r), -1);
  peerlint_result_free(r);
}

static void test_bad_input(void **state) {
  (void)state;
  peerlint_error err = {0};
  assert_null(peerlint_check(E, "abc\xff", 4, &err));
  assert_int_equal(err.code, PEERLINT_E_INPUT);
  assert_string_equal(err.message,
                      "the note is not valid UTF-8 at byte offset 3");
  assert_null(peerlint_check(E, "ab\0cd", 5, &err));
  assert_string_equal(err.message, "the note has a NUL byte at byte offset 2");
  assert_null(peerlint_check(E, "\xc0\xaf", 2, &err)); /* overlong */
  assert_null(peerlint_check(E, "\xed\xa0\x80", 3, &err)); /* surrogate */
  size_t big = PEERLINT_MAX_NOTE + 1;
  char *huge = malloc(big);
  memset(huge, 'a', big);
  assert_null(peerlint_check(E, huge, big, &err));
  assert_int_equal(err.code, PEERLINT_E_INPUT);
  free(huge);
  peerlint_result *r = peerlint_check(E, "", 0, &err);
  assert_non_null(r);
  assert_int_equal(peerlint_result_count(r), 0);
  peerlint_result_free(r);
}

static void test_long_word_and_only_quotes(void **state) {
  (void)state;
  size_t n = 200 * 1024;
  char *word = malloc(n + 1);
  memset(word, 'x', n);
  word[n] = 0;
  peerlint_result *r = check_str(E, word);
  assert_int_equal(peerlint_result_count(r), 0);
  peerlint_result_free(r);
  free(word);
  r = check_str(E, "\"\"\"\"\xe2\x80\x9c\xe2\x80\x9d\"");
  assert_int_equal(peerlint_result_count(r), 0);
  peerlint_result_free(r);
}

static void test_json_shape(void **state) {
  (void)state;
  peerlint_result *r = check_str(E, "Pt is an addict.");
  char *json = peerlint_result_json(r, "n.txt");
  assert_string_equal(
      json,
      "{\"file\":\"n.txt\",\"findings\":[{\"rule\":\"t/addict\",\"pack\":\"t\","
      "\"level\":\"warning\",\"line\":1,\"column\":10,\"offset\":9,\"length\":6,"
      "\"text\":\"addict\",\"message\":\"Person-first language keeps the "
      "person ahead of the label.\",\"principle\":\"5 respectful\","
      "\"suggestions\":[\"person who uses drugs\"],\"fix\":{\"offset\":6,"
      "\"length\":9,\"text\":\"a person who uses drugs\"}}],\"notices\":[],"
      "\"summary\":{\"error\":0,\"warning\":1,\"info\":0,\"strength\":0,"
      "\"by_pack\":{\"t\":1},\"spelling\":\"on\",\"overrides\":[]}}");
  peerlint_free(json);
  peerlint_result_free(r);
}

static void test_fields(void **state) {
  (void)state;
  peerlint_field fields[] = {{"plan", "We walked.", 10},
                             {"narrative", "He is an addict.", 16}};
  peerlint_error err = {0};
  peerlint_result *r = peerlint_check_fields(E, fields, 2, &err);
  assert_int_equal(peerlint_result_count(r), 1);
  assert_string_equal(peerlint_result_at(r, 0)->field, "narrative");
  assert_int_equal(peerlint_result_at(r, 0)->offset, 9);
  peerlint_result_free(r);
}

static void test_match_limit_is_a_notice(void **state) {
  (void)state;
  const char *pack = "name: slow\nrules:\n"
                     "  - id: backtrack\n    message: m.\n"
                     "    regex: '^(a+)+$'\n    examples: {bad: [a]}\n"
                     "  - id: word\n    message: m.\n    terms: [addict]\n"
                     "    examples: {bad: [addict]}\n";
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(pack, NULL, &err);
  assert_non_null(e);
  char text[64];
  memset(text, 'a', 40);
  strcpy(text + 40, "! addict");
  peerlint_result *r = check_str(e, text);
  assert_non_null(r);
  assert_int_equal(peerlint_result_notice_count(r), 1);
  assert_non_null(strstr(peerlint_result_notice_at(r, 0), "slow/backtrack"));
  assert_true(has_rule(r, "slow/word")); /* the other rules still ran */
  peerlint_result_free(r);
  peerlint_engine_free(e);
}

static void test_overlap_same_span_keeps_most_severe(void **state) {
  (void)state;
  const char *pack = "name: o\nrules:\n"
                     "  - id: mild\n    level: info\n    message: m.\n"
                     "    terms: [addict]\n    examples: {bad: [addict]}\n"
                     "  - id: strong\n    level: error\n    message: m.\n"
                     "    terms: [addict]\n    examples: {bad: [addict]}\n"
                     "  - id: phrase\n    level: warning\n    message: m.\n"
                     "    terms: [drug addict]\n    examples: {bad: [drug addict]}\n";
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(pack, NULL, &err);
  peerlint_result *r = check_str(e, "An addict. A drug addict.");
  assert_int_equal(peerlint_result_count(r), 3);
  assert_string_equal(peerlint_result_at(r, 0)->rule, "o/strong");
  assert_string_equal(peerlint_result_at(r, 1)->rule, "o/phrase");
  /* "addict" inside "drug addict": the error is more severe, so it stays */
  assert_string_equal(peerlint_result_at(r, 2)->rule, "o/strong");
  peerlint_result_free(r);
  peerlint_engine_free(e);
}

static void test_one_rule_says_it_once(void **state) {
  (void)state;
  const char *pack = "name: d\nrules:\n"
                     "  - id: denial\n    message: m.\n"
                     "    regex: ['\\bin denial\\b', '\\bdenial about \\w+']\n"
                     "    examples: {bad: [in denial]}\n";
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(pack, NULL, &err);
  assert_non_null(e);
  peerlint_result *r = check_str(e, "He is in denial about drinking.");
  assert_int_equal(peerlint_result_count(r), 1);
  assert_string_equal(peerlint_result_at(r, 0)->text, "in denial");
  peerlint_result_free(r);
  peerlint_engine_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_term_finding_exact),
      cmocka_unit_test(test_whole_words_only),
      cmocka_unit_test(test_quotes_skipped_and_columns_in_characters),
      cmocka_unit_test(test_line_ends_and_bom),
      cmocka_unit_test(test_except_and_inflections),
      cmocka_unit_test(test_hyphen_and_space_forms),
      cmocka_unit_test(test_near_within_sentence_and_unless),
      cmocka_unit_test(test_case_sensitive_terms),
      cmocka_unit_test(test_regex_lookahead_context),
      cmocka_unit_test(test_strength_findings),
      cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_long_word_and_only_quotes),
      cmocka_unit_test(test_json_shape),
      cmocka_unit_test(test_fields),
      cmocka_unit_test(test_match_limit_is_a_notice),
      cmocka_unit_test(test_overlap_same_span_keeps_most_severe),
      cmocka_unit_test(test_one_rule_says_it_once),
  };
  return cmocka_run_group_tests_name("engine", tests, setup, teardown);
}

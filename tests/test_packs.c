/* test_packs.c: malformed packs and configs are refused whole, with the
 * place of the mistake. */
#include "testutil.h"

#define RULE_HEAD "name: p\nrules:\n  - id: r\n    message: m.\n"
#define EXAMPLES "    examples: {bad: [x]}\n"

static void expect_pack_error(const char *pack, const char *message) {
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(pack, NULL, &err);
  assert_null(e);
  assert_int_equal(err.code, PEERLINT_E_PACK);
  assert_string_equal(err.message, message);
}

static void test_unknown_key(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    term: [x]\n" EXAMPLES,
                    "test.yaml:5:5: unknown key 'term' in a rule (expected "
                    "one of: id, level, message, principle, source, terms, "
                    "regex, triggers, near, require, unless, except, "
                    "inflect, case, skip, replace, suggestions, examples, spelling)");
}

static void test_yaml_syntax_error(void **state) {
  (void)state;
  expect_pack_error("name: p\nrules: [\n",
                    "test.yaml:3:1: YAML syntax error: did not find expected "
                    "node content while parsing a flow node");
}

static void test_duplicate_rule_id(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    terms: [x]\n" EXAMPLES
                    "  - id: r\n    message: m.\n    terms: [y]\n" EXAMPLES,
                    "test.yaml:7:5: rule id 'r' is used twice in the pack");
}

static void test_alias_bomb_refused(void **state) {
  (void)state;
  expect_pack_error("a: &a [x, x, x, x, x, x, x, x, x]\n"
                    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n",
                    "test.yaml:2:8: YAML aliases (*name) are not supported; "
                    "write the value out");
}

static void test_bad_regex(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    regex: 'a(b'\n" EXAMPLES,
                    "test.yaml:5:1: regex 'a(b' does not compile at "
                    "character 3: missing closing parenthesis");
}

static void test_regex_matching_empty(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    regex: 'a*'\n" EXAMPLES,
                    "test.yaml:5:1: regex 'a*' can match empty text; it must "
                    "match at least one character");
}

static void test_two_matchers(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    terms: [x]\n    regex: x\n" EXAMPLES,
                    "test.yaml:3:5: rule 'p/r' needs exactly one of terms, "
                    "regex, near, require or spelling (it has 2)");
}

static void test_missing_message_and_examples(void **state) {
  (void)state;
  expect_pack_error("name: p\nrules:\n  - id: r\n    terms: [x]\n" EXAMPLES,
                    "test.yaml:3:5: rule 'r' needs a message");
  expect_pack_error(RULE_HEAD "    terms: [x]\n",
                    "test.yaml:3:5: rule 'r' needs examples (bad, good, fix)");
}

static void test_term_with_edge_punctuation(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    terms: ['->']\n" EXAMPLES,
                    "test.yaml:5:1: term '->' starts with punctuation, which "
                    "a term cannot match (use regex)");
}

static void test_unknown_list(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    terms: ['@meds']\n" EXAMPLES,
                    "test.yaml:5:1: terms refers to list 'meds', which the "
                    "pack's lists: do not define");
}

static void test_bad_level(void **state) {
  (void)state;
  expect_pack_error(RULE_HEAD "    level: severe\n    terms: [x]\n" EXAMPLES,
                    "test.yaml:5:12: level must be error, warning, info or "
                    "strength, not 'severe'");
}

static void test_empty_pack(void **state) {
  (void)state;
  expect_pack_error("", "test.yaml:1:1: the file is empty");
}

/* ---- agency config ------------------------------------------------------ */

static const char *PACK = RULE_HEAD "    terms: [difficult]\n"
                                    "    examples: {bad: [difficult]}\n"
                                    "  - id: s\n    message: m.\n"
                                    "    terms: [manipulative]\n"
                                    "    examples: {bad: [manipulative]}\n";

static void test_config_level_disable_allow(void **state) {
  (void)state;
  const char *config = "rules:\n  p/r: {level: info}\n  p/s: off\n"
                       "allow:\n  - term: Difficult  Case\n"
                       "    reason: billing code H0038 names it\n"
                       "fail_on: warning\n";
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(PACK, config, &err);
  assert_non_null(e);
  assert_int_equal(peerlint_engine_fail_level(e), PEERLINT_WARNING);
  peerlint_result *r = check_str(e, "A difficult day. Manipulative. The "
                                    "difficult case review.");
  assert_int_equal(peerlint_result_count(r), 1);
  assert_int_equal(peerlint_result_at(r, 0)->level, PEERLINT_INFO);
  assert_int_equal(peerlint_result_at(r, 0)->offset, 2);
  assert_int_equal(peerlint_override_count(e), 3);
  assert_string_equal(peerlint_override_at(e, 0), "rule p/r: level info");
  assert_string_equal(peerlint_override_at(e, 1), "rule p/s: off");
  assert_string_equal(peerlint_override_at(e, 2),
                      "allow 'difficult case': billing code H0038 names it");
  assert_false(peerlint_rule_find(e, "p/s")->enabled);
  peerlint_result_free(r);
  peerlint_engine_free(e);
}

static void test_config_disable_pack(void **state) {
  (void)state;
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(PACK, "packs: {disable: [p]}\n", &err);
  assert_non_null(e);
  peerlint_result *r = check_str(e, "difficult and manipulative");
  assert_int_equal(peerlint_result_count(r), 0);
  peerlint_result_free(r);
  peerlint_engine_free(e);
}

static void expect_config_error(const char *config, const char *message) {
  peerlint_error err = {0};
  assert_null(engine_from(PACK, config, &err));
  assert_int_equal(err.code, PEERLINT_E_CONFIG);
  assert_string_equal(err.message, message);
}

static void test_config_errors(void **state) {
  (void)state;
  expect_config_error("allow:\n  - term: difficult\n",
                      "config.yaml:2:5: allowing 'difficult' needs a reason "
                      "(for example the billing code that requires it), so "
                      "reviewers see why");
  expect_config_error("rules:\n  p/nope: off\n",
                      "config.yaml:2:3: rules names 'p/nope', which is not a "
                      "loaded rule (peerlint list shows them)");
  expect_config_error("colour: blue\n",
                      "config.yaml:1:1: unknown key 'colour' in the config "
                      "(expected one of: packs, rules, allow, words, "
                      "rule_folders, template_folders, fail_on)");
  expect_config_error("fail_on: strength\n",
                      "config.yaml:1:10: fail_on must be error, warning or "
                      "info");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unknown_key),
      cmocka_unit_test(test_yaml_syntax_error),
      cmocka_unit_test(test_duplicate_rule_id),
      cmocka_unit_test(test_alias_bomb_refused),
      cmocka_unit_test(test_bad_regex),
      cmocka_unit_test(test_regex_matching_empty),
      cmocka_unit_test(test_two_matchers),
      cmocka_unit_test(test_missing_message_and_examples),
      cmocka_unit_test(test_term_with_edge_punctuation),
      cmocka_unit_test(test_unknown_list),
      cmocka_unit_test(test_bad_level),
      cmocka_unit_test(test_empty_pack),
      cmocka_unit_test(test_config_level_disable_allow),
      cmocka_unit_test(test_config_disable_pack),
      cmocka_unit_test(test_config_errors),
  };
  return cmocka_run_group_tests_name("packs", tests, NULL, NULL);
}

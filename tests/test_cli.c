/* test_cli.c: the peerlint command as a user runs it: formats, exit
 * statuses and error messages. Runs ./peerlint from the repo root. */
#include <sys/wait.h>

#include "testutil.h"

static void test_text_output_and_exit_status(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin check tests/fixtures/note-error.txt");
  assert_int_equal(r->status, 1); /* medication advice is an error */
  assert_non_null(strstr(r->out, "tests/fixtures/note-error.txt:1:10: warning: "));
  assert_non_null(strstr(r->out, "[person-first/addict]\n"
                                 "  He is an addict. I told her to stop "
                                 "taking her meds.\n"
                                 "           ^~~~~~\n"));
  assert_non_null(strstr(r->out, "  rewrite: person who uses drugs\n"));
  assert_non_null(strstr(r->out, "1 note checked: "));
  r = run("$peerlint_bin check tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 0);
  r = run("$peerlint_bin check --fail-on warning - < tests/fixtures/note-error.txt");
  assert_int_equal(r->status, 1);
  assert_non_null(strstr(r->out, "<stdin>:1:10: warning"));
}

static void test_json_output(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin check --format json "
                      "tests/fixtures/note-clean.txt tests/fixtures/note-error.txt");
  assert_int_equal(r->status, 1);
  /* JSON Lines: one object per note */
  assert_non_null(strstr(r->out, "{\"file\":\"tests/fixtures/note-clean.txt\","
                                 "\"findings\":["));
  char *second = strchr(r->out, '\n');
  assert_non_null(second);
  assert_true(!strncmp(second + 1,
                       "{\"file\":\"tests/fixtures/note-error.txt\",\"findings\":"
                       "[{\"rule\":\"person-first/addict\",\"pack\":\"person-first\","
                       "\"level\":\"warning\",\"line\":1,\"column\":10,\"offset\":9,"
                       "\"length\":6,\"text\":\"addict\"",
                       180));
}

static void test_input_errors_do_not_stop_the_others(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin check nope.txt tests/fixtures/note-latin1.txt "
                      "tests/fixtures tests/fixtures/note-error.txt");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "peerlint: nope.txt: cannot be read: No such "
                                 "file or directory\n"));
  assert_non_null(strstr(r->err, "peerlint: tests/fixtures/note-latin1.txt: the "
                                 "note is not valid UTF-8 at byte offset 12\n"));
  assert_non_null(strstr(r->err, "peerlint: tests/fixtures: is a folder, not a "
                                 "note\n"));
  assert_non_null(strstr(r->out, "tests/fixtures/note-error.txt:1:10:"));
}

static void test_malformed_pack(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin check --rules tests/fixtures/bad-pack "
                      "tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "peerlint: tests/fixtures/bad-pack/broken.yaml:5:5: "
                                 "unknown key 'term' in a rule"));
  r = run("$peerlint_bin check --rules tests/fixtures/none tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "rules folder tests/fixtures/none: cannot be "
                                 "read: No such file or directory"));
}

static void test_usage_errors(void **state) {
  (void)state;
  assert_int_equal(run("$peerlint_bin check --frobnicate x")->status, 2);
  assert_int_equal(run("$peerlint_bin check --format xml x")->status, 2);
  assert_int_equal(run("$peerlint_bin check --fail-on strength x")->status, 2);
  assert_int_equal(run("$peerlint_bin nosuch")->status, 2);
  assert_int_equal(run("$peerlint_bin")->status, 2);
  assert_int_equal(run("$peerlint_bin --help")->status, 0);
}

static void test_list_explain_and_rule_tests(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin list");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, "person-first/addict"));
  r = run("$peerlint_bin explain person-first/addict");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, "principle: "));
  assert_non_null(strstr(r->out, "examples:"));
  r = run("$peerlint_bin explain person-first/nope");
  assert_int_equal(r->status, 2);
  r = run("$peerlint_bin test --rules tests/fixtures/t");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, " passed, 0 failed\n"));
}

static char *read_all(const char *path) {
  static char buf[65536];
  slurp_file(path, buf, sizeof buf);
  return buf;
}

static void test_fix_prints_rewrite_and_summary(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin fix tests/fixtures/note-error.txt");
  assert_int_equal(r->status, 1); /* the advice remains, an error */
  assert_string_equal(r->out, "He is a person who uses drugs. I told her to "
                              "stop taking her meds.\n");
  assert_non_null(strstr(r->err, "Rewritten (1):\n  \"an addict\" -> \"a "
                                 "person who uses drugs\" [person-first/addict]\n"));
  assert_non_null(strstr(r->err, "Still needs your judgment:\n  medication\n"));
  r = run("$peerlint_bin fix tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, read_all("tests/fixtures/note-clean.txt"));
}

static void test_fix_diff(void **state) {
  (void)state;
  run_result *r = run("printf 'Fine.\\nHe is an addict.\\nFine.\\n' | "
                      "$peerlint_bin fix --diff -");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, "--- <stdin>\n+++ <stdin>\n@@ -1,3 +1,3 @@\n"
                              " Fine.\n-He is an addict.\n+He is a person who "
                              "uses drugs.\n Fine.\n");
}

static void test_fix_write_keeps_original(void **state) {
  (void)state;
  run("rm -rf build/w && mkdir -p build/w && cp tests/fixtures/note-error.txt "
      "build/w/n.txt && chmod 640 build/w/n.txt");
  run_result *r = run("$peerlint_bin fix --write build/w/n.txt");
  assert_int_equal(r->status, 1);
  assert_string_equal(r->out, "");
  assert_string_equal(read_all("build/w/n.txt"),
                      "He is a person who uses drugs. I told her to stop "
                      "taking her meds.\n");
  assert_string_equal(read_all("build/w/n.txt.orig"),
                      read_all("tests/fixtures/note-error.txt"));
  r = run("stat -c %a build/w/n.txt && ls -A build/w");
  assert_string_equal(r->out, "640\nn.txt\nn.txt.orig\n");
  run("rm -rf build/w && mkdir -p build/w && cp tests/fixtures/note-error.txt "
      "build/w/n.txt");
  r = run("$peerlint_bin fix --write --no-backup build/w/n.txt; ls -A build/w");
  assert_string_equal(r->out, "n.txt\n");
}

/* A failure at each step of --write leaves the original and no debris. */
static void test_fix_write_faults(void **state) {
  (void)state;
  const char *steps[] = {"write", "fsync", "rename"};
  for (size_t i = 0; i < 3; i++) {
    run("rm -rf build/w && mkdir -p build/w && cp tests/fixtures/note-error.txt "
        "build/w/n.txt");
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "PEERLINT_TEST_FAULT=%s $peerlint_bin fix --write --no-backup "
             "build/w/n.txt",
             steps[i]);
    run_result *r = run(cmd);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, "build/w/n.txt: not rewritten, the original "
                                   "is intact; failed while "));
    assert_string_equal(read_all("build/w/n.txt"),
                        read_all("tests/fixtures/note-error.txt"));
    r = run("ls -A build/w");
    assert_string_equal(r->out, "n.txt\n");
  }
  run_result *r = run("$peerlint_bin fix --write -");
  assert_int_equal(r->status, 2);
}

/* peerlint write through a pipe: the note on stdout, prompts and findings
 * on stderr; an empty line ends an answer. */
static void test_write_through_a_pipe(void **state) {
  (void)state;
  run_result *r = run("printf 'I want to get back to work.\\n\\n"
                      "We walked to the library together.\\n\\n\\n"
                      "She plans to apply on Monday.\\n' | "
                      "$peerlint_bin write --no-config --reviewed yes progress");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, "Individual progress note\n\n"
                              "Focus today:\n\"I want to get back to work.\"\n\n"
                              "What we did:\nWe walked to the library "
                              "together.\n\n"
                              "Next steps:\nShe plans to apply on Monday.\n\n"
                              "Reviewed with the person: yes\n");
  assert_non_null(strstr(r->err, "What did you do together?"));
  assert_non_null(strstr(r->err, "note:7:1: strength: "));
  /* a clinical answer: the same finding as check, exit 1 at --fail-on */
  r = run("printf 'Work.\\n\\nPt presented as anxious.\\n\\n\\n"
          "She will call me.\\n' | $peerlint_bin write --no-config "
          "--fail-on warning progress");
  assert_int_equal(r->status, 1);
  assert_non_null(strstr(r->err, "note:7:1: warning: "));
  assert_non_null(strstr(r->err, "[shorthand/pt]"));
}

static void test_write_required_section_left_empty(void **state) {
  (void)state;
  run_result *r = run("printf 'Work.\\n\\nWe walked.\\n' | "
                      "$peerlint_bin write --no-config progress");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->out, "What we did:\nWe walked.\n")); /* kept */
  assert_non_null(strstr(r->err, "peerlint: the required section 'Next steps' "
                                 "was left empty (What did they decide"));
  r = run("$peerlint_bin write --no-config nosuch < /dev/null");
  assert_int_equal(r->status, 2);
  assert_non_null(strstr(r->err, "no template named 'nosuch'; these are:\n"));
  assert_non_null(strstr(r->err, "  progress "));
  assert_int_equal(run("$peerlint_bin write < /dev/null")->status, 2);
  assert_int_equal(run("$peerlint_bin write --reviewed maybe progress")->status,
                   2);
}

static void test_template_list_show_test(void **state) {
  (void)state;
  run_result *r = run("$peerlint_bin template list --no-config");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, "  crisis-follow-up   Crisis follow-up\n"));
  assert_non_null(strstr(r->out, "  group "));
  r = run("$peerlint_bin template show --no-config group");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, "Group note  [group]\n"));
  assert_non_null(strstr(r->out, "Do not name or describe other members"));
  assert_non_null(strstr(r->out, "\nHow they took part: (required)\n  How did "
                                 "the person take part"));
  r = run("$peerlint_bin template test --no-config");
  assert_int_equal(r->status, 0);
  assert_non_null(strstr(r->out, "5 templates, 0 failed\n"));
  assert_int_equal(run("$peerlint_bin template show")->status, 2);
  assert_int_equal(run("$peerlint_bin template show nosuch")->status, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_write_through_a_pipe),
      cmocka_unit_test(test_write_required_section_left_empty),
      cmocka_unit_test(test_template_list_show_test),
      cmocka_unit_test(test_text_output_and_exit_status),
      cmocka_unit_test(test_json_output),
      cmocka_unit_test(test_input_errors_do_not_stop_the_others),
      cmocka_unit_test(test_malformed_pack),
      cmocka_unit_test(test_usage_errors),
      cmocka_unit_test(test_list_explain_and_rule_tests),
      cmocka_unit_test(test_fix_prints_rewrite_and_summary),
      cmocka_unit_test(test_fix_diff),
      cmocka_unit_test(test_fix_write_keeps_original),
      cmocka_unit_test(test_fix_write_faults),
  };
  return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}

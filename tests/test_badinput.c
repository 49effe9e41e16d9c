/* test_badinput.c: the bad-input matrix at the command line (the table is
 * in fuzz/README.md): each case with its exact exit status and message.
 * What the library already pins down (tests/test_engine.c,
 * tests/test_packs.c) and what tests/test_cli.c already runs is not
 * repeated here. Inputs are written to build/badinput/ at run time.
 * Runs ./peerlint (or $PEERLINT_BIN) from the repo root, as test_cli.c. */
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define D "build/badinput"
/* The engine tests' own pack: its messages do not move with rules/. */
#define T "$peerlint_bin check --no-spell --rules tests/fixtures/t "
#define FIX "$peerlint_bin fix --no-spell --rules tests/fixtures/t "
#define NONE "0 notes checked: 0 strengths, 0 errors, 0 warnings, 0 info\n"
#define CLEAN "1 note checked: 0 strengths, 0 errors, 0 warnings, 0 info\n"
#define ADDICT_MSG                                                             \
  "warning: Person-first language keeps the person ahead of the label. "      \
  "[t/addict]\n"


static void put(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}
#define PUT(path, lit) put(path, lit, sizeof lit - 1)

static int setup(void **state) {
  (void)state;
  return system("rm -rf " D " && mkdir -p " D);
}

/* ---- the note ---------------------------------------------------------- */

static void test_invalid_utf8_and_nul(void **state) {
  (void)state;
  PUT(D "/nul.txt", "ab\0cd\n");
  PUT(D "/bad.txt", "He is \xc3\x28 an addict.\n");
  run_result *r = run(T D "/nul.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D "/nul.txt: the note has a NUL "
                              "byte at byte offset 2\n");
  assert_string_equal(r->out, NONE);
  r = run(T "- < " D "/bad.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: <stdin>: the note is not valid UTF-8 "
                              "at byte offset 6\n");
  r = run(FIX D "/bad.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D "/bad.txt: the note is not "
                              "valid UTF-8 at byte offset 6\n");
  assert_string_equal(r->out, "");
  r = run(FIX D "/nul.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D "/nul.txt: the note has a NUL "
                              "byte at byte offset 2\n");
}

/* A byte order mark is not counted in columns nor shown in the quoted
 * line, and a rewrite keeps it. */
static void test_byte_order_mark(void **state) {
  (void)state;
  PUT(D "/bom.txt", "\xef\xbb\xbfHe is an addict.\n");
  run_result *r = run(T D "/bom.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, D "/bom.txt:1:10: " ADDICT_MSG
                              "  He is an addict.\n"
                              "           ^~~~~~\n"
                              "  rewrite: person who uses drugs\n"
                              "1 note checked: 0 strengths, 0 errors, "
                              "1 warning, 0 info\n");
  r = run(FIX D "/bom.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, "\xef\xbb\xbfHe is a person who uses drugs.\n");
}

/* CRLF and a lone CR end lines; a rewrite keeps them byte for byte. */
static void test_crlf_and_lone_cr(void **state) {
  (void)state;
  PUT(D "/crlf.txt", "Fine.\r\nHe is an addict.\r\n");
  PUT(D "/cr.txt", "Fine.\rHe is an addict.\r");
  const char *names[] = {"crlf", "cr"};
  const char *fixed[] = {"Fine.\r\nHe is a person who uses drugs.\r\n",
                         "Fine.\rHe is a person who uses drugs.\r"};
  for (size_t i = 0; i < 2; i++) {
    char cmd[256], want[512];
    snprintf(cmd, sizeof cmd, T D "/%s.txt", names[i]);
    run_result *r = run(cmd);
    assert_int_equal(r->status, 0);
    snprintf(want, sizeof want,
             D "/%s.txt:2:10: " ADDICT_MSG "  He is an addict.\n"
               "           ^~~~~~\n",
             names[i]);
    assert_true(!strncmp(r->out, want, strlen(want)));
    snprintf(cmd, sizeof cmd, FIX D "/%s.txt", names[i]);
    r = run(cmd);
    assert_int_equal(r->status, 0);
    assert_string_equal(r->out, fixed[i]);
  }
}

static void test_empty_note(void **state) {
  (void)state;
  PUT(D "/empty.txt", "");
  run_result *r = run(T D "/empty.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, CLEAN);
  assert_string_equal(r->err, "");
  r = run(T "- < /dev/null");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, CLEAN);
  r = run(FIX D "/empty.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, "");
  assert_string_equal(r->err, "Nothing to rewrite.\n");
}

/* A 100 MB note is refused after reading at most the 8 MiB limit (plus
 * what stdio buffers): the bytes left unread in the shared file offset
 * prove it, under any build. Peak memory stays small too. */
static void test_huge_note_refused_reading_little(void **state) {
  (void)state;
  run_result *r = run("truncate -s 100M " D "/huge.txt");
  assert_int_equal(r->status, 0);
  r = run(T D "/huge.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D "/huge.txt: larger than the note "
                              "limit of 8388608 bytes; split it into notes\n");
  assert_string_equal(r->out, NONE);
  r = run("{ " T "- ; wc -c >" D "/left; } < " D "/huge.txt");
  assert_int_equal(r->status, 0); /* wc's status */
  assert_string_equal(r->err, "peerlint: <stdin>: larger than the note limit "
                              "of 8388608 bytes; split it into notes\n");
  char left[64];
  slurp_file(D "/left", left, sizeof left);
  unsigned long long unread = strtoull(left, NULL, 10);
  unsigned long long read = 100ull * 1024 * 1024 - unread;
  assert_true(read > PEERLINT_MAX_NOTE);
  assert_true(read <= PEERLINT_MAX_NOTE + 65536ull);
  r = run(FIX "- < " D "/huge.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->out, "");
  assert_string_equal(r->err, "peerlint: <stdin>: larger than the note limit "
                              "of 8388608 bytes; split it into notes\n");
  /* Peak RSS, for the plain build only (sanitizers and valgrind add their
   * own memory). */
  if (other_binary() || access("/usr/bin/time", X_OK)) {
    printf("skipped the peak RSS check: %s\n",
           other_binary() ? "not the plain build" : "no /usr/bin/time");
  } else {
    r = run("/usr/bin/time -f 'rss %M' ./peerlint check --no-spell "
            "--rules tests/fixtures/t - < " D "/huge.txt 2>&1 | "
            "sed -n 's/^rss //p'");
    long kb = strtol(r->out, NULL, 10);
    printf("peak RSS refusing a 100 MB note: %ld kB\n", kb);
    assert_true(kb > 0 && kb < 40 * 1024);
  }
  unlink(D "/huge.txt");
}

static void test_long_word_and_only_quotes(void **state) {
  (void)state;
  size_t n = 200 * 1024;
  char *word = malloc(n + 1);
  memset(word, 'x', n);
  word[n] = '\n';
  put(D "/word.txt", word, n + 1);
  free(word);
  PUT(D "/quotes.txt", "\"\"\"\xe2\x80\x9c\xe2\x80\x9d\"\n'''\n");
  run_result *r = run(T D "/word.txt " D "/quotes.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, "2 notes checked: 0 strengths, 0 errors, "
                              "0 warnings, 0 info\n");
  assert_string_equal(r->err, "");
  r = run(FIX D "/quotes.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->out, "\"\"\"\xe2\x80\x9c\xe2\x80\x9d\"\n'''\n");
}

/* ---- files that cannot be read ----------------------------------------- */

static void test_unreadable_note(void **state) {
  (void)state;
  /* A path through a file. */
  run_result *r = run(T "tests/fixtures/note-clean.txt/x");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: tests/fixtures/note-clean.txt/x: "
                              "cannot be read: Not a directory\n");
  /* Opens, then fails to read (offset 0 of a process's memory is never
   * mapped). */
  if (access("/proc/self/mem", F_OK) == 0) {
    r = run(T "/proc/self/mem");
    assert_int_equal(r->status, 2);
    assert_string_equal(r->err, "peerlint: /proc/self/mem: read error\n");
  } else {
    printf("skipped /proc/self/mem: no /proc\n");
  }
  /* No permission: root reads a mode 000 file anyway, so as root the
   * command runs as nobody (setpriv), else as the user running the tests. */
  PUT(D "/secret.txt", "He is an addict.\n");
  chmod(D "/secret.txt", 0);
  const char *as = "";
  if (geteuid() == 0) {
    if (access("/usr/bin/setpriv", X_OK)) {
      printf("skipped the permission case: running as root without setpriv\n");
      return;
    }
    as = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  char cmd[512];
  snprintf(cmd, sizeof cmd, "%s" T D "/secret.txt", as);
  r = run(cmd);
  if (r->status == 2 && strstr(r->err, "rules folder")) {
    printf("skipped the permission case: nobody cannot read the rules (%s)\n",
           r->err);
    return;
  }
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D "/secret.txt: cannot be read: "
                              "Permission denied\n");
}

static void test_folder_where_a_file_was_expected(void **state) {
  (void)state;
  run_result *r = run(T "--config " D " tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D ": is a folder, not a file\n");
  r = run("$peerlint_bin check --no-spell --rules tests/fixtures/note-clean.txt "
          "tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: rules folder "
                              "tests/fixtures/note-clean.txt: cannot be read: "
                              "Not a directory\n");
}

/* ---- packs and config ---------------------------------------------------- */

/* A pack folder holding one pack; returns the check command on it. */
static const char *pack_cmd(const char *name, const char *yaml) {
  static char cmd[512];
  char path[256];
  snprintf(path, sizeof path, "mkdir -p " D "/%s", name);
  assert_int_equal(run(path)->status, 0);
  snprintf(path, sizeof path, D "/%s/p.yaml", name);
  put(path, yaml, strlen(yaml));
  snprintf(cmd, sizeof cmd,
           "$peerlint_bin check --no-spell --rules " D "/%s "
           "tests/fixtures/note-clean.txt",
           name);
  return cmd;
}

static void expect_pack_refused(const char *name, const char *yaml,
                                const char *message) {
  run_result *r = run(pack_cmd(name, yaml));
  assert_int_equal(r->status, 2);
  char want[1024];
  snprintf(want, sizeof want, "peerlint: " D "/%s/p.yaml:%s\n", name, message);
  assert_string_equal(r->err, want);
  assert_string_equal(r->out, "");
}

#define RULE_R "name: p\nrules:\n  - id: r\n    message: m.\n"

static void test_malformed_packs(void **state) {
  (void)state;
  expect_pack_refused("syntax", "name: p\nrules: [\n",
                      "3:1: YAML syntax error: did not find expected node "
                      "content while parsing a flow node");
  expect_pack_refused("dup",
                      RULE_R "    terms: [x]\n    examples: {bad: [x]}\n"
                             "  - id: r\n    message: m.\n    terms: [y]\n"
                             "    examples: {bad: [y]}\n",
                      "7:5: rule id 'r' is used twice in the pack");
  expect_pack_refused("alias",
                      "a: &a [x, x, x, x, x, x, x, x, x]\n"
                      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n",
                      "2:8: YAML aliases (*name) are not supported; write the "
                      "value out");
  expect_pack_refused("badre",
                      RULE_R "    regex: 'a(b'\n    examples: {bad: [x]}\n",
                      "5:1: regex 'a(b' does not compile at character 3: "
                      "missing closing parenthesis");
}

/* A pattern stopped by the match limit is a notice on stderr; the other
 * rules still run and the exit status is that of their findings. */
static void test_catastrophic_regex_is_a_notice(void **state) {
  (void)state;
  const char *cmd = pack_cmd("slow", "name: slow\nrules:\n"
                                     "  - id: backtrack\n    message: m.\n"
                                     "    regex: '^(a+)+$'\n"
                                     "    examples: {bad: [a]}\n"
                                     "  - id: word\n    message: m.\n"
                                     "    terms: [addict]\n"
                                     "    examples: {bad: [addict]}\n");
  (void)cmd;
  char note[64];
  memset(note, 'a', 40);
  strcpy(note + 40, "! addict\n");
  put(D "/slow.txt", note, strlen(note));
  const char *notice = "peerlint: " D "/slow.txt: slow/backtrack: stopped "
                       "(match limit exceeded); the other rules still ran\n";
  run_result *r = run("$peerlint_bin check --no-spell --rules " D "/slow " D
                      "/slow.txt");
  assert_int_equal(r->status, 0);
  assert_string_equal(r->err, notice);
  assert_true(!strncmp(r->out, D "/slow.txt:1:43: warning: m. [slow/word]\n",
                       strlen(D "/slow.txt:1:43: warning: m. [slow/word]\n")));
  r = run("$peerlint_bin check --no-spell --format json --fail-on warning "
          "--rules " D "/slow " D "/slow.txt");
  assert_int_equal(r->status, 1);
  assert_string_equal(r->err, notice);
  assert_non_null(strstr(r->out, "\"notices\":[\"slow/backtrack: stopped "
                                 "(match limit exceeded); the other rules "
                                 "still ran\"]"));
  assert_non_null(strstr(r->out, "\"rule\":\"slow/word\""));
}

static void test_config_errors(void **state) {
  (void)state;
  PUT(D "/noreason.yaml", "allow:\n  - term: difficult\n");
  run_result *r = run(T "--config " D "/noreason.yaml tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D "/noreason.yaml:2:5: allowing "
                              "'difficult' needs a reason (for example the "
                              "billing code that requires it), so reviewers "
                              "see why\n");
  PUT(D "/colour.yaml", "colour: blue\n");
  r = run(T "--config " D "/colour.yaml tests/fixtures/note-clean.txt");
  assert_int_equal(r->status, 2);
  assert_string_equal(r->err, "peerlint: " D "/colour.yaml:1:1: unknown key "
                              "'colour' in the config (expected one of: "
                              "packs, rules, allow, words, rule_folders, "
                              "template_folders, fail_on)\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_invalid_utf8_and_nul),
      cmocka_unit_test(test_byte_order_mark),
      cmocka_unit_test(test_crlf_and_lone_cr),
      cmocka_unit_test(test_empty_note),
      cmocka_unit_test(test_huge_note_refused_reading_little),
      cmocka_unit_test(test_long_word_and_only_quotes),
      cmocka_unit_test(test_unreadable_note),
      cmocka_unit_test(test_folder_where_a_file_was_expected),
      cmocka_unit_test(test_malformed_packs),
      cmocka_unit_test(test_catastrophic_regex_is_a_notice),
      cmocka_unit_test(test_config_errors),
  };
  return cmocka_run_group_tests_name("badinput", tests, setup, NULL);
}

/* test_server.c: `peerlint serve` as an EHR talks to it.
 *
 * Each test runs the real server on 127.0.0.1 and talks HTTP/1.1 to it
 * with the small client of server_util.h. The same server under abuse
 * (slow clients, floods, broken requests) is test_server_abuse.c. */
#include "server_util.h"

/* A word that appears only in notes sent, to prove the log never has it. */
#define MARKER "Quillfeather"
#define MED_NOTE "I told her to stop taking her meds. " MARKER " agreed."

/* ---- one server for most tests ----------------------------------------- */

static server shared;

static int setup(void **state) {
  start(&shared, "rules", NULL);
  *state = &shared;
  return 0;
}

static void test_healthz(void **state) {
  (void)state;
  reply *r = http(&shared, "GET", "/healthz", NULL, NULL, 0);
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->body, "\"status\":\"ok\""));
}

static void test_check_fails_on_medication_advice(void **state) {
  (void)state;
  reply *r = post(&shared, "/v1/check",
                  "{\"id\":\"note-1\",\"text\":\"" MED_NOTE "\"}");
  assert_int_equal(r->status, 200);
  assert_true(!strncmp(r->body, "{\"id\":\"note-1\",\"fails\":true,", 28));
  assert_non_null(strstr(r->body, "\"file\":\"note-1\""));
  assert_non_null(strstr(r->body, "\"rule\":\"medication/"));
  assert_non_null(strstr(r->body, "\"summary\":{"));
}

static void test_check_clean_note(void **state) {
  (void)state;
  reply *r = post(&shared, "/v1/check",
                  "{\"text\":\"We walked to the library together.\"}");
  assert_int_equal(r->status, 200);
  assert_true(!strncmp(r->body, "{\"fails\":false,", 15));
  assert_null(strstr(r->body, "\"level\":\"error\""));
}

static void test_check_fields(void **state) {
  (void)state;
  reply *r = post(&shared, "/v1/check",
                  "{\"id\":42,\"fields\":{\"goals\":\"We walked to the "
                  "library together.\",\"plan\":\"" MED_NOTE "\"}}");
  assert_int_equal(r->status, 200);
  assert_true(!strncmp(r->body, "{\"id\":42,\"fails\":true,", 22));
  assert_non_null(strstr(r->body, "\"field\":\"plan\",\"level\":\"error\""));
}

static void test_fix(void **state) {
  (void)state;
  reply *r = post(&shared, "/v1/fix",
                  "{\"id\":\"n2\",\"text\":\"He is an addict.\"}");
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->body, "\"text\":\"He is a person who uses drugs.\""));
  assert_non_null(strstr(r->body, "\"edits\":[{\"offset\":6,\"length\":9,"
                                  "\"old\":\"an addict\",\"new\":\"a person "
                                  "who uses drugs\",\"rule\":\"person-first/"
                                  "addict\"}]"));
  assert_non_null(strstr(r->body, "\"remaining\":{\"file\":\"n2\""));
}

static void test_fix_fields(void **state) {
  (void)state;
  reply *r = post(&shared, "/v1/fix",
                  "{\"fields\":{\"a\":\"He is an addict.\",\"b\":\"Fine.\"}}");
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->body, "\"fields\":{\"a\":\"He is a person who "
                                  "uses drugs.\",\"b\":\"Fine.\"}"));
  assert_non_null(strstr(r->body, "{\"field\":\"a\",\"offset\":6"));
}

static void test_rules(void **state) {
  (void)state;
  reply *r = http(&shared, "GET", "/v1/rules", NULL, NULL, 0);
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->body, "\"id\":\"person-first/addict\""));
  assert_non_null(strstr(r->body, "\"principle\":"));
  assert_non_null(strstr(r->body, "\"fail_on\":\"error\""));
}

/* The note templates for the web page's write mode, with their prompts. */
static void test_templates(void **state) {
  (void)state;
  reply *r = http(&shared, "GET", "/v1/templates", NULL, NULL, 0);
  assert_int_equal(r->status, 200);
  const char *head = "{\"templates\":[{\"name\":\"contact\",";
  assert_true(!strncmp(r->body, head, strlen(head)));
  assert_non_null(strstr(r->body, "{\"name\":\"focus\",\"title\":\"Focus "
                                  "today\",\"prompt\":\"What did the person "
                                  "want to focus on today, in their own "
                                  "words?\",\"required\":true,\"own_words\":"
                                  "true}"));
  assert_non_null(strstr(r->body, "\"name\":\"group\""));
  assert_int_equal(post(&shared, "/v1/templates", "{}")->status, 405);
}

static void test_bad_requests(void **state) {
  (void)state;
  expect_error(post(&shared, "/v1/check", "{\"text\" 5}"), 400,
               "malformed JSON at line 1, column 9");
  expect_error(post(&shared, "/v1/check", "{\"text\":"), 400,
               "the JSON ends too early (at byte offset 8)");
  expect_error(post(&shared, "/v1/check", "[1,2]"), 400, "JSON object");
  expect_error(post(&shared, "/v1/check", "{\"id\":\"x\"}"), 400, "missing");
  expect_error(post(&shared, "/v1/fix", "{\"text\":5}"), 400, "missing");
  expect_error(post(&shared, "/v1/check", "{\"text\":\"a \xff b\"}"), 400,
               "UTF-8");
  /* a NUL byte gets through JSON and the library reports it */
  expect_error(post(&shared, "/v1/check", "{\"text\":\"a \\u0000 b\"}"), 400,
               "NUL");
}

/* An id longer than "file" holds is cut there, never inside a character
 * (found by fuzz/fuzz_request: the answer was not valid UTF-8). */
static void test_long_id_cut_on_a_character(void **state) {
  (void)state;
  reply *r = post(&shared, "/v1/check",
                  "{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "\xc3\xa9\",\"text\":\"Fine.\"}");
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->body, "\"file\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","));
}

static void test_body_over_limit(void **state) {
  (void)state;
  size_t n = 1024 * 1024 + 10;
  char *big = malloc(n);
  assert_non_null(big);
  memset(big, 'a', n);
  memcpy(big, "{\"text\":\"", 9);
  expect_error(http(&shared, "POST", "/v1/check", NULL, big, n), 413, "limit");
  free(big);
}

static void test_wrong_method_and_path(void **state) {
  (void)state;
  expect_error(http(&shared, "GET", "/v1/check", NULL, NULL, 0), 405, "method");
  expect_error(http(&shared, "DELETE", "/v1/rules", NULL, NULL, 0), 405,
               "method");
  expect_error(http(&shared, "GET", "/v2/nothing", NULL, NULL, 0), 404,
               "not found");
  expect_error(http(&shared, "GET", "/../etc/passwd", NULL, NULL, 0), 404,
               "not found");
}

/* Runs last on the shared server: after all of the above, the log has
 * lines for the requests but not one word of any note. */
static void test_log_never_has_note_text(void **state) {
  (void)state;
  const char *log = stop_and_read_log(&shared);
  assert_non_null(strstr(log, "POST /v1/check 200"));
  assert_non_null(strstr(log, "POST /v1/check 413"));
  /* a path that leads nowhere is not kept: it could carry a note's words */
  assert_non_null(strstr(log, "GET (other path) 404"));
  assert_null(strstr(log, "/v2/nothing"));
  assert_null(strstr(log, MARKER));
  assert_null(strstr(log, "addict"));
  assert_null(strstr(log, "meds"));
  cleanup(&shared);
}

/* ---- servers of their own ---------------------------------------------- */

static void test_token_required(void **state) {
  (void)state;
  server s;
  char token[96];
  snprintf(token, sizeof token, "/tmp/peerlint-token-%d", (int)getpid());
  write_file(token, "s3cret-token-for-the-test-0123456789\n");
  chmod(token, 0600);
  const char *extra[] = {"--token-file", token, NULL};
  start(&s, "rules", extra);
  const char *note = "{\"text\":\"We walked.\"}";
  reply *r = post(&s, "/v1/check", note);
  assert_int_equal(r->status, 401);
  r = http(&s, "POST", "/v1/check",
           "Authorization: Bearer s3cret-token-for-the-test-012345678X\r\n",
           note, strlen(note));
  assert_int_equal(r->status, 401);
  r = http(&s, "POST", "/v1/check",
           "Authorization: Bearer s3cret-token-for-the-test-0123456789\r\n",
           note, strlen(note));
  assert_int_equal(r->status, 200);
  assert_int_equal(http(&s, "GET", "/v1/rules", NULL, NULL, 0)->status, 401);
  assert_int_equal(http(&s, "GET", "/healthz", NULL, NULL, 0)->status, 200);
  stop(&s);
  cleanup(&s);
  unlink(token);
}

/* Refused before binding, so no socket ever opens beyond loopback. */
static void test_non_loopback_needs_token(void **state) {
  (void)state;
  server s = {0};
  s.pid = fork();
  assert_true(s.pid >= 0);
  if (s.pid == 0) {
    int fd = open("/dev/null", O_WRONLY);
    dup2(fd, 2);
    execl(bin(), "peerlint", "serve", "--listen", "0.0.0.0:0", "--rules",
          "rules", "--no-config", (char *)NULL);
    _exit(127);
  }
  assert_int_equal(wait_exit(&s, 10000), 2);
}

/* Copies the shipped packs into `dir` so the test can break them. */
static void copy_rules(const char *dir) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "mkdir -p %s && cp rules/*.yaml %s/", dir, dir);
  assert_int_equal(system(cmd), 0);
}

static void test_sighup_reload(void **state) {
  (void)state;
  char rules[96], broken[128];
  snprintf(rules, sizeof rules, "/tmp/peerlint-rules-%d", (int)getpid());
  copy_rules(rules);
  server s;
  start(&s, rules, NULL);
  snprintf(broken, sizeof broken, "%s/zz-broken.yaml", rules);
  write_file(broken, "name: zz\nrules: [ {id: 1, nonsense: \n");
  kill(s.pid, SIGHUP);
  assert_true(log_has(&s, "reload failed", 10000));
  reply *r = post(&s, "/v1/check", "{\"text\":\"" MED_NOTE "\"}");
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->body, "\"fails\":true"));
  unlink(broken);
  kill(s.pid, SIGHUP);
  assert_true(log_has(&s, "rules and config reloaded", 10000));
  assert_int_equal(post(&s, "/v1/check", "{\"text\":\"Hi.\"}")->status, 200);
  stop(&s);
  cleanup(&s);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf %s", rules);
  assert_int_equal(system(cmd), 0);
}

/* A request whose body is still arriving when SIGTERM comes is answered,
 * then the server exits 0. */
static void test_sigterm_finishes_in_flight(void **state) {
  (void)state;
  server s;
  start(&s, "rules", NULL);
  const char *body = "{\"text\":\"We walked to the library together.\"}";
  size_t len = strlen(body);
  int fd = connect_to(s.port);
  send_head(fd, "POST", "/v1/check", NULL, len);
  send_all(fd, body, 10);
  sleep_ms(200); /* the server has the headers: the request is in flight */
  kill(s.pid, SIGTERM);
  assert_true(log_has(&s, "finishing requests in flight", 5000));
  send_all(fd, body + 10, len - 10);
  static reply r;
  read_reply(fd, &r);
  assert_int_equal(r.status, 200);
  assert_int_equal(wait_exit(&s, 10000), 0);
  cleanup(&s);
}

int main(void) {
  const struct CMUnitTest shared_tests[] = {
      cmocka_unit_test(test_healthz),
      cmocka_unit_test(test_check_fails_on_medication_advice),
      cmocka_unit_test(test_check_clean_note),
      cmocka_unit_test(test_check_fields),
      cmocka_unit_test(test_fix),
      cmocka_unit_test(test_fix_fields),
      cmocka_unit_test(test_rules),
      cmocka_unit_test(test_templates),
      cmocka_unit_test(test_bad_requests),
      cmocka_unit_test(test_long_id_cut_on_a_character),
      cmocka_unit_test(test_body_over_limit),
      cmocka_unit_test(test_wrong_method_and_path),
      cmocka_unit_test(test_log_never_has_note_text),
  };
  const struct CMUnitTest own_tests[] = {
      cmocka_unit_test(test_token_required),
      cmocka_unit_test(test_non_loopback_needs_token),
      cmocka_unit_test(test_sighup_reload),
      cmocka_unit_test(test_sigterm_finishes_in_flight),
  };
  signal(SIGPIPE, SIG_IGN);
  int failed = cmocka_run_group_tests(shared_tests, setup, teardown_server);
  return failed + cmocka_run_group_tests(own_tests, NULL, NULL);
}

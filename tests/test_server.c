/* test_server.c: `peerlint serve` as an EHR talks to it.
 *
 * Each test runs the real server ($PEERLINT_BIN, default ./peerlint) on
 * 127.0.0.1 with port 0, reads the port it chose from its log, and talks
 * HTTP/1.1 to it with the small client below (one request per connection).
 * Everything is bounded: a server that does not start, answer or exit
 * within a few seconds fails the test and is killed. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

/* A word that appears only in notes sent, to prove the log never has it. */
#define MARKER "Quillfeather"
#define MED_NOTE "I told her to stop taking her meds. " MARKER " agreed."

typedef struct server {
  pid_t pid;
  int port;
  char log[64];
  char dir[64]; /* a scratch folder: token, rules copy */
} server;

typedef struct reply {
  int status;
  char body[1 << 18]; /* the rules listing is some 90 KB and grows */
} reply;

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  static char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  return buf;
}

/* Waits up to `ms` for `what` to appear in the server's log. */
static int log_has(const server *s, const char *what, long ms) {
  for (long t = 0; t <= ms; t += 20) {
    char *log = slurp(s->log);
    if (log && strstr(log, what))
      return 1;
    sleep_ms(20);
  }
  return 0;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static const char *bin(void) {
  const char *b = getenv("PEERLINT_BIN");
  return b && *b ? b : "./peerlint";
}

/* Starts `peerlint serve --listen 127.0.0.1:0 ARGS...`; fails the test
 * when it is not listening within 10 s. */
static void start(server *s, const char *rules, const char *const *extra) {
  snprintf(s->dir, sizeof s->dir, "/tmp/peerlint-srv-XXXXXX");
  assert_non_null(mkdtemp(s->dir));
  snprintf(s->log, sizeof s->log, "%s/log", s->dir);
  s->pid = fork();
  assert_true(s->pid >= 0);
  if (s->pid == 0) {
    const char *argv[16] = {"peerlint", "serve", "--listen", "127.0.0.1:0",
                            "--rules", rules, "--no-config"};
    int n = 7;
    for (; extra && *extra && n < 15; extra++)
      argv[n++] = *extra;
    int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    execv(bin(), (char *const *)argv);
    _exit(127);
  }
  assert_true(log_has(s, "listening on http://127.0.0.1:", 10000));
  const char *at = strstr(slurp(s->log), "http://127.0.0.1:");
  s->port = atoi(at + strlen("http://127.0.0.1:"));
  assert_true(s->port > 0);
}

/* Waits up to `ms` for the server to exit; returns its exit status, or -1
 * (after killing it) when it did not. */
static int wait_exit(server *s, long ms) {
  int st;
  for (long t = 0; t <= ms; t += 20) {
    if (waitpid(s->pid, &st, WNOHANG) == s->pid)
      return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    sleep_ms(20);
  }
  kill(s->pid, SIGKILL);
  waitpid(s->pid, &st, 0);
  return -1;
}

static void stop(server *s) {
  kill(s->pid, SIGTERM);
  assert_int_equal(wait_exit(s, 10000), 0);
}

/* Removes the server's scratch folder (after stop()). */
static void cleanup(server *s) {
  unlink(s->log);
  rmdir(s->dir);
}

static int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct timeval tv = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  return fd;
}

static void send_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0)
      return; /* the server may close early (413): read its answer */
    p += w, n -= (size_t)w;
  }
}

static void read_reply(int fd, reply *r) {
  static char raw[1 << 20];
  size_t n = 0;
  ssize_t got;
  while (n < sizeof raw - 1 && (got = recv(fd, raw + n, sizeof raw - 1 - n, 0)) > 0)
    n += (size_t)got;
  raw[n] = 0;
  close(fd);
  r->status = 0;
  sscanf(raw, "HTTP/1.%*d %d", &r->status);
  const char *body = strstr(raw, "\r\n\r\n");
  snprintf(r->body, sizeof r->body, "%s", body ? body + 4 : "");
}

static void send_head(int fd, const char *method, const char *path,
                      const char *headers, size_t len) {
  char head[1024];
  int n = snprintf(head, sizeof head,
                   "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                   "Content-Type: application/json\r\n%sContent-Length: %zu"
                   "\r\n\r\n",
                   method, path, headers ? headers : "", len);
  send_all(fd, head, (size_t)n);
}

/* One request; `headers` are extra lines, each ending in \r\n. */
static reply *http(const server *s, const char *method, const char *path,
                   const char *headers, const char *body, size_t len) {
  static reply r;
  int fd = connect_to(s->port);
  send_head(fd, method, path, headers, len);
  send_all(fd, body ? body : "", len);
  read_reply(fd, &r);
  return &r;
}

static reply *post(const server *s, const char *path, const char *json) {
  return http(s, "POST", path, NULL, json, strlen(json));
}

/* ---- one server for most tests ----------------------------------------- */

static server shared;

static int setup(void **state) {
  (void)state;
  start(&shared, "rules", NULL);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  if (shared.pid > 0 && kill(shared.pid, 0) == 0) {
    kill(shared.pid, SIGTERM);
    wait_exit(&shared, 10000);
  }
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

static void expect_error(reply *r, int status, const char *words) {
  assert_int_equal(r->status, status);
  assert_true(!strncmp(r->body, "{\"error\":", 9));
  assert_non_null(strstr(r->body, words));
}

static void test_bad_requests(void **state) {
  (void)state;
  expect_error(post(&shared, "/v1/check", "{\"text\":"), 400, "malformed JSON");
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
  stop(&shared);
  char *log = slurp(shared.log);
  assert_non_null(log);
  assert_non_null(strstr(log, "POST /v1/check 200"));
  assert_non_null(strstr(log, "POST /v1/check 413"));
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
  int failed = cmocka_run_group_tests(shared_tests, setup, teardown);
  return failed + cmocka_run_group_tests(own_tests, NULL, NULL);
}

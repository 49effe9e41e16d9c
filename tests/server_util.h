/* server_util.h: running the real `peerlint serve` in a test and talking
 * HTTP/1.1 to it (test_server.c, test_server_abuse.c).
 *
 * start() runs $PEERLINT_BIN (default ./peerlint) on 127.0.0.1 with port
 * 0, its stderr (the log) in a scratch folder, and reads the port it chose
 * from the log. The client is small and one request per connection.
 * Everything is bounded: a server that does not start, answer or exit
 * within a few seconds fails the test and is killed. */
#ifndef PEERLINT_SERVER_UTIL_H
#define PEERLINT_SERVER_UTIL_H

#include <arpa/inet.h>
#include <dirent.h>
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

static inline void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Milliseconds on the monotonic clock. */
static inline double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The whole file, NUL-terminated, in a buffer the next call reuses (a
 * flood's log runs to megabytes); NULL when it cannot be read. */
static inline char *slurp(const char *path) {
  static char *buf;
  static size_t cap;
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t n = 0, got;
  do {
    if (n + 65536 + 1 > cap) {
      cap = (n + 65536 + 1) * 2;
      buf = realloc(buf, cap);
      assert_non_null(buf);
    }
    got = fread(buf + n, 1, 65536, f);
    n += got;
  } while (got > 0);
  fclose(f);
  buf[n] = 0;
  return buf;
}

/* Waits up to `ms` for `what` to appear in the server's log. */
static inline int log_has(const server *s, const char *what, long ms) {
  for (long t = 0; t <= ms; t += 20) {
    char *log = slurp(s->log);
    if (log && strstr(log, what))
      return 1;
    sleep_ms(20);
  }
  return 0;
}

/* How many times `what` occurs in the server's log now. */
static inline int log_count(const server *s, const char *what) {
  int n = 0;
  for (const char *p = slurp(s->log); p && (p = strstr(p, what)); p++)
    n++;
  return n;
}

static inline void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static inline const char *bin(void) {
  const char *b = getenv("PEERLINT_BIN");
  return b && *b ? b : "./peerlint";
}

/* Starts `peerlint serve --listen 127.0.0.1:0 ARGS...` (`extra` ends with
 * NULL); fails the test when it is not listening within 10 s. */
static inline void start(server *s, const char *rules,
                         const char *const *extra) {
  snprintf(s->dir, sizeof s->dir, "/tmp/peerlint-srv-XXXXXX");
  assert_non_null(mkdtemp(s->dir));
  snprintf(s->log, sizeof s->log, "%s/log", s->dir);
  s->pid = fork();
  assert_true(s->pid >= 0);
  if (s->pid == 0) {
    const char *argv[24] = {"peerlint", "serve", "--listen", "127.0.0.1:0",
                            "--rules", rules, "--no-config"};
    int n = 7;
    for (; extra && *extra && n < 23; extra++)
      argv[n++] = *extra;
    int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    /* not the test's stdout: a server left running would hold it open */
    fd = open("/dev/null", O_WRONLY);
    dup2(fd, 1);
    close(fd);
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
static inline int wait_exit(server *s, long ms) {
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

static inline void stop(server *s) {
  kill(s->pid, SIGTERM);
  assert_int_equal(wait_exit(s, 10000), 0);
}

/* Stops the server (it must exit 0) and returns its whole log. */
static inline const char *stop_and_read_log(server *s) {
  stop(s);
  const char *log = slurp(s->log);
  assert_non_null(log);
  return log;
}

/* A group teardown: stops the server that the group's setup put in
 * *state, if a failed test left it running. */
static inline int teardown_server(void **state) {
  server *s = *state;
  if (s->pid > 0 && kill(s->pid, 0) == 0) {
    kill(s->pid, SIGTERM);
    wait_exit(s, 10000);
  }
  return 0;
}

/* Removes the server's scratch folder (after stop()). */
static inline void cleanup(server *s) {
  unlink(s->log);
  rmdir(s->dir);
}

/* A connection to the server, with 5 s timeouts on both directions. */
static inline int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct timeval tv = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  return fd;
}

static inline void send_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0)
      return; /* the server may close early (413): read its answer */
    p += w, n -= (size_t)w;
  }
}

/* Reads the answer until the server closes (status 0 when there was none)
 * and closes `fd`. */
static inline void read_reply(int fd, reply *r) {
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

static inline void send_head(int fd, const char *method, const char *path,
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
static inline reply *http(const server *s, const char *method,
                          const char *path, const char *headers,
                          const char *body, size_t len) {
  static reply r;
  int fd = connect_to(s->port);
  send_head(fd, method, path, headers, len);
  send_all(fd, body ? body : "", len);
  read_reply(fd, &r);
  return &r;
}

static inline reply *post(const server *s, const char *path,
                          const char *json) {
  return http(s, "POST", path, NULL, json, strlen(json));
}

static inline void expect_error(reply *r, int status, const char *words) {
  assert_int_equal(r->status, status);
  assert_true(!strncmp(r->body, "{\"error\":", 9));
  assert_non_null(strstr(r->body, words));
}

/* ---- the server process, from /proc ------------------------------------- */

/* Open descriptors of `pid`. */
static inline int fd_count(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
  DIR *d = opendir(path);
  assert_non_null(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

/* Resident memory of `pid` in kB (VmRSS). */
static inline long rss_kb(pid_t pid) {
  char path[64], line[256];
  long kb = -1;
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
      break;
  fclose(f);
  return kb;
}

#endif

/* log.c: the server's log on stderr.
 *
 * Notes are protected health information, so the log records only what an
 * operator needs to see traffic and failures: method, path, status, size
 * and latency (a path only when it names an API route or a file served).
 * Nothing here ever receives a request body. Each line is
 * formatted first and written with one write(2), so lines from many
 * threads never interleave. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

static size_t timestamp(char *buf, size_t size) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
  n += (size_t)snprintf(buf + n, size - n, ".%03ldZ ", ts.tv_nsec / 1000000);
  return n < size ? n : size - 1;
}

void srv_log(const char *fmt, ...) {
  char line[1024];
  size_t n = timestamp(line, sizeof line);
  va_list ap;
  va_start(ap, fmt);
  int m = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
  va_end(ap);
  if (m < 0)
    return;
  n += (size_t)m < sizeof line - n - 1 ? (size_t)m : sizeof line - n - 2;
  line[n++] = '\n';
  ssize_t w = write(STDERR_FILENO, line, n);
  (void)w; /* nowhere to report a failed log write */
}

/* Copies a request path for the log: printable ASCII only and at most 80
 * characters, so a client cannot forge log lines, send terminal escapes to
 * whoever reads the log, or flood it. */
static void clean_path(const char *path, char *out, size_t size) {
  size_t j = 0;
  for (size_t i = 0; path && path[i] && j + 1 < size; i++) {
    unsigned char c = (unsigned char)path[i];
    out[j++] = (c > 0x20 && c < 0x7f) ? (char)c : '?';
  }
  out[j] = 0;
}

/* The method as logged: one of HTTP's own, else OTHER. A client can send
 * any word as the method, a word of a note too, and the log must not keep
 * it. */
static const char *known_method(const char *method) {
  static const char *const known[] = {"GET",     "HEAD",   "POST",
                                      "PUT",     "DELETE", "PATCH",
                                      "OPTIONS", "TRACE",  "CONNECT"};
  for (size_t i = 0; method && i < sizeof known / sizeof known[0]; i++)
    if (!strcmp(method, known[i]))
      return known[i];
  return "OTHER";
}

/* The path as logged: an API route, or a file that was served; any other
 * path is "(other path)". A client can put anything in a path that leads
 * nowhere, a note's words too, and the log must not keep them. */
static void loggable_path(const char *path, unsigned status, char *out,
                          size_t size) {
  static const char *const routes[] = {"/v1/check", "/v1/fix", "/v1/rules",
                                       "/v1/templates", "/healthz"};
  int known = status >= 200 && status < 400;
  for (size_t i = 0; path && !known && i < sizeof routes / sizeof *routes; i++)
    known = !strcmp(path, routes[i]);
  if (known)
    clean_path(path, out, size);
  else
    snprintf(out, size, "(other path)");
}

void srv_log_request(const char *method, const char *path, unsigned status,
                     size_t size, double ms) {
  char p[81];
  const char *m = known_method(method);
  loggable_path(path, status, p, sizeof p);
  if (status)
    srv_log("%s %s %u %zuB %.2fms", m, p, status, size, ms);
  else
    srv_log("%s %s - aborted %.2fms", m, p, ms);
}

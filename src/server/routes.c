/* routes.c: the life of one HTTP request under libmicrohttpd.
 *
 * libmicrohttpd calls on_request() several times per request: once with the
 * headers, then with each piece of the body, then once more with nothing
 * when the body is complete. Everything that needs no body (routing, the
 * method, the token, a Content-Length over the limit) is answered on the
 * first call, so a refused request is never read. A body is kept up to
 * --max-body bytes; one sent without a Content-Length (chunked) that grows
 * past that gets 413 at once and the connection is closed.
 *
 * on_completed() runs when the response has been sent (or the connection
 * died): it writes the access log line and counts the request out, which
 * is what srv_stop() waits on to let requests in flight finish.
 *
 * Each connection is also known to deadline.c from open to close, and told
 * when its request is all in and when its answer is sent, so that a client
 * cannot take longer than --timeout to send a request. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

typedef enum route_id {
  R_STATIC, R_CHECK, R_FIX, R_RULES, R_TEMPLATES, R_HEALTH
} route_id;

static const struct route {
  const char *path;
  route_id id;
  int post; /* 1: POST with a body; 0: GET (and HEAD) */
  int auth; /* needs the bearer token when one is set */
} routes[] = {
    {"/v1/check", R_CHECK, 1, 1},
    {"/v1/fix", R_FIX, 1, 1},
    {"/v1/rules", R_RULES, 0, 1},
    {"/v1/templates", R_TEMPLATES, 0, 1},
    {"/healthz", R_HEALTH, 0, 0}, /* for load balancers; says nothing */
};

typedef struct srv_request {
  struct timespec start;
  const struct route *route; /* NULL: a static file */
  char method[16];
  char path[96];
  char *body;
  size_t len, cap;
  unsigned status; /* 0 until a response is queued */
  int by_hand;     /* the 413 of refuse_by_hand() */
  size_t size;
} srv_request;

#define TOO_BIG "the request body is over the limit"

static srv_limits limits;
static atomic_int inflight;
static atomic_int stopping;

/* ---- replies ----------------------------------------------------------- */

srv_reply srv_reply_json(char *body, size_t len) {
  srv_reply r = {.status = 200, .body = body, .len = len, .fd = -1,
                 .type = "application/json"};
  return r;
}

srv_reply srv_reply_error(unsigned status, const char *message) {
  json_t *o = json_pack("{s:s}", "error", message);
  char *body = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  srv_reply r = {.status = status, .body = body, .len = body ? strlen(body) : 0,
                 .fd = -1, .type = "application/json"};
  return r;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, srv_request *rq,
                                  srv_reply *r) {
  struct MHD_Response *resp =
      r->fd >= 0 ? MHD_create_response_from_fd64(r->len, r->fd)
                 : MHD_create_response_from_buffer(r->len, r->body,
                                                   MHD_RESPMEM_MUST_FREE);
  if (!resp)
    return MHD_NO;
  MHD_add_response_header(resp, "Content-Type", r->type);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  if (r->is_static)
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'");
  else /* answers about notes are health information: never cache them */
    MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (r->status == 405)
    MHD_add_response_header(resp, "Allow", rq->route && rq->route->post
                                               ? "POST" : "GET, HEAD");
  if (r->status == 401)
    MHD_add_response_header(resp, "WWW-Authenticate", "Bearer");
  if (atomic_load(&stopping))
    MHD_add_response_header(resp, "Connection", "close");
  enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
  MHD_destroy_response(resp);
  rq->status = r->status;
  rq->size = r->len;
  return ok;
}

/* ---- the first call: everything that needs no body --------------------- */

static const struct route *find_route(const char *url) {
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
    if (!strcmp(url, routes[i].path))
      return &routes[i];
  return NULL;
}

static int is_get(const char *method) {
  return !strcmp(method, "GET") || !strcmp(method, "HEAD");
}

static srv_reply engine_reply(route_id id) {
  srv_engine *se = srv_engine_acquire();
  if (!se)
    return srv_reply_error(503, "shutting down");
  srv_reply r = id == R_RULES       ? srv_api_rules(se)
                : id == R_TEMPLATES ? srv_api_templates(se)
                                    : srv_api_health(se);
  srv_engine_release(se);
  return r;
}

static int body_too_big(struct MHD_Connection *c) {
  const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_LENGTH);
  return cl && strtoull(cl, NULL, 10) > limits.max_body;
}

/* Answers what can be answered from the headers; 0 when the body is
 * needed first. */
static int answer_early(struct MHD_Connection *c, srv_request *rq,
                        const char *url, const char *method, srv_reply *r) {
  const struct route *rt = rq->route = find_route(url);
  if (!rt) {
    if (is_get(method))
      *r = srv_static_get(url);
    else if (srv_static_exists(url))
      *r = srv_reply_error(405, "method not allowed");
    else
      *r = srv_reply_error(404, "not found");
    return 1;
  }
  if (rt->post ? strcmp(method, "POST") : !is_get(method))
    return *r = srv_reply_error(405, "method not allowed"), 1;
  if (rt->auth && !srv_auth_check(MHD_lookup_connection_value(
                      c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION)))
    return *r = srv_reply_error(401, "a bearer token is required"), 1;
  if (!rt->post)
    return *r = engine_reply(rt->id), 1;
  if (body_too_big(c))
    return *r = srv_reply_error(413, TOO_BIG), 1;
  return 0;
}

/* ---- the body ------------------------------------------------------------ */

/* Keeps the body: 1, or 0 when it passes max_body (only a body without a
 * Content-Length can: a larger Content-Length is refused before the body),
 * or -1 when memory runs out. */
static int take_body(srv_request *rq, const char *data, size_t n) {
  if (n > limits.max_body - rq->len)
    return 0;
  if (rq->len + n + 1 > rq->cap) {
    size_t cap = rq->cap ? rq->cap : 4096;
    while (cap < rq->len + n + 1)
      cap *= 2;
    char *p = realloc(rq->body, cap);
    if (!p)
      return -1;
    rq->body = p;
    rq->cap = cap;
  }
  memcpy(rq->body + rq->len, data, n);
  rq->len += n;
  return 1;
}

/* The 413 for a body without a Content-Length that passed the limit.
 * libmicrohttpd (0.9.75) cannot queue a response while a body is arriving,
 * only before its first byte or after its last, and waiting for the last
 * would let a client send for ever. So the answer is written to the socket
 * here and the sending side shut (the client reads the answer, then the
 * end); the caller then returns MHD_NO and libmicrohttpd closes the
 * connection, logging an "internal error" that is this. The answer is
 * small and the first bytes sent for this request, so one send() takes it
 * whole; when it does not, the request is logged as aborted. */
static void refuse_by_hand(struct MHD_Connection *c, srv_request *rq) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
  srv_reply r = srv_reply_error(413, TOO_BIG);
  char date[64], msg[512];
  time_t now = time(NULL);
  struct tm tm;
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&now, &tm));
  int n = snprintf(msg, sizeof msg,
                   "HTTP/1.1 413 Content Too Large\r\nDate: %s\r\n"
                   "Connection: close\r\nContent-Type: %s\r\n"
                   "X-Content-Type-Options: nosniff\r\nCache-Control: "
                   "no-store\r\nContent-Length: %zu\r\n\r\n%s",
                   date, r.type, r.len, r.body ? r.body : "");
  if (ci && n > 0 && (size_t)n < sizeof msg &&
      send(ci->connect_fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) == n) {
    shutdown(ci->connect_fd, SHUT_WR);
    rq->status = 413;
    rq->size = r.len;
    rq->by_hand = 1;
  }
  free(r.body);
}

static srv_reply answer_body(srv_request *rq) {
  srv_engine *se = srv_engine_acquire();
  if (!se)
    return srv_reply_error(503, "shutting down");
  srv_reply r = srv_api_check(se, rq->body ? rq->body : "", rq->len,
                              rq->route->id == R_FIX);
  srv_engine_release(se);
  return r;
}

static srv_request *new_request(const char *url, const char *method) {
  srv_request *rq = calloc(1, sizeof *rq);
  if (!rq)
    return NULL;
  clock_gettime(CLOCK_MONOTONIC, &rq->start);
  snprintf(rq->method, sizeof rq->method, "%s", method);
  snprintf(rq->path, sizeof rq->path, "%s", url);
  atomic_fetch_add(&inflight, 1);
  return rq;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **con_cls) {
  (void)cls, (void)version;
  srv_request *rq = *con_cls;
  srv_reply r;
  if (!rq) {
    if (!(*con_cls = rq = new_request(url, method)))
      return MHD_NO;
    if (!answer_early(c, rq, url, method, &r))
      return MHD_YES;
    srv_conn_received(c); /* the rest, if any, is not read */
    return send_reply(c, rq, &r);
  }
  if (rq->status) { /* answered early; drain what the client still sends */
    *data_size = 0;
    return MHD_YES;
  }
  if (*data_size) {
    int ok = take_body(rq, data, *data_size);
    *data_size = 0;
    if (ok == 0)
      refuse_by_hand(c, rq);
    return ok > 0 ? MHD_YES : MHD_NO;
  }
  srv_conn_received(c); /* all in: the check's own time is not the client's */
  r = answer_body(rq);
  return send_reply(c, rq, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  srv_request *rq = *con_cls;
  srv_conn_answered(c);
  if (!rq)
    return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double ms = (double)(now.tv_sec - rq->start.tv_sec) * 1e3 +
              (double)(now.tv_nsec - rq->start.tv_nsec) / 1e6;
  int answered = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK || rq->by_hand;
  srv_log_request(rq->method, rq->path, answered ? rq->status : 0, rq->size,
                  ms);
  free(rq->body);
  free(rq);
  *con_cls = NULL;
  atomic_fetch_sub(&inflight, 1);
}

/* ---- the daemon -------------------------------------------------------- */

static void mhd_log(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n && msg[n - 1] == '\n')
    msg[--n] = 0;
  srv_log("libmicrohttpd: %s", msg);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **ctx,
                          enum MHD_ConnectionNotificationCode code) {
  (void)cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED)
    srv_conn_opened(c, ctx);
  else
    srv_conn_closed(ctx);
}

struct MHD_Daemon *srv_start(const srv_addr *addr, const srv_limits *lim) {
  limits = *lim;
  srv_deadline_init(lim->timeout);
  unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC |
                   MHD_USE_ERROR_LOG |
                   (addr->sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
  /* A pool of one thread is none, and libmicrohttpd warns when given a
   * pool size under two: then the option is left out. */
  struct MHD_OptionItem pool[] = {
      {lim->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
       (intptr_t)lim->threads, NULL},
      {MHD_OPTION_END, 0, NULL}};
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER,
      mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr->sa,
      MHD_OPTION_ARRAY, pool, MHD_OPTION_CONNECTION_TIMEOUT,
      lim->timeout, MHD_OPTION_CONNECTION_LIMIT, lim->connections,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
      MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_END);
  if (!d)
    srv_log("cannot listen there (in use, or not an address of this host?)");
  return d;
}

void srv_stop(struct MHD_Daemon *d, unsigned grace_s) {
  atomic_store(&stopping, 1);
  MHD_socket fd = MHD_quiesce_daemon(d); /* no new connections from here */
  if (fd != MHD_INVALID_SOCKET)
    close(fd);
  for (unsigned waited = 0; atomic_load(&inflight) > 0 &&
                            waited < grace_s * 100; waited++) {
    struct timespec tick = {0, 10 * 1000 * 1000};
    nanosleep(&tick, NULL);
    if (waited % 10 == 9) /* a slow client is not a request to wait for */
      srv_deadline_sweep();
  }
  MHD_stop_daemon(d);
}

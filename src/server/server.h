/* server.h: what the files of `peerlint serve` share.
 *
 * The server is a face over libpeerlint, like the command line: HTTP comes
 * from libmicrohttpd, request JSON is parsed with jansson, and every answer
 * about a note comes from the library's own JSON (peerlint_result_json), so
 * the CLI, the API and the server agree byte for byte.
 *
 * Files, one concern each:
 *   serve.c       options, start, signals (SIGHUP reload, SIGTERM drain)
 *   addr.c        ADDR:PORT parsing and the loopback test
 *   routes.c      the request life cycle: body, limits, dispatch, headers
 *   api_check.c   POST /v1/check and /v1/fix
 *   api_info.c    GET /v1/rules and /healthz
 *   api_templates.c GET /v1/templates (the note templates)
 *   static.c      the web/ folder at /
 *   engines.c     the current engine, reference-counted, swapped on reload
 *   deadline.c    the time a client has to send a request (slow clients)
 *   auth.c        the bearer token, compared in constant time
 *   log.c         the access log: method, path, status, size, latency; never
 *                 a note's text or a field's value
 */
#ifndef PEERLINT_SERVER_H
#define PEERLINT_SERVER_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/socket.h>

#include "cli.h"

/* ---- engines.c --------------------------------------------------------- */

/* One loaded engine and what is derived from it once (the rules listing).
 * A request holds a reference for as long as it uses the engine, so a
 * reload never frees an engine under a running check. */
typedef struct srv_engine {
  peerlint_engine *engine;
  char *rules_json; /* GET /v1/rules, built once per engine */
  char *templates_json; /* GET /v1/templates; NULL when none loaded, */
  char templates_error[1100]; /* and why */
  atomic_int refs;
} srv_engine;

/* Loads the first engine with the command line's engine options (kept for
 * reloads). Returns 0, or -1 after printing why. */
int srv_engines_init(const cli_engine_opts *opts);
/* The current engine, with a reference the caller must release. */
srv_engine *srv_engine_acquire(void);
void srv_engine_release(srv_engine *se);
/* Builds a new engine from the same options and swaps it in. On failure
 * the old engine stays and -1 is returned (the reason is on stderr). */
int srv_engines_reload(void);
/* Drops the current engine (after the daemon has stopped). */
void srv_engines_shutdown(void);

/* ---- replies ----------------------------------------------------------- */

/* What a handler answers: a status and a malloc'd body, or an open file
 * (static files). routes.c turns it into an HTTP response. */
typedef struct srv_reply {
  unsigned status;
  char *body;       /* malloc'd; NULL for an empty body */
  size_t len;
  int fd;           /* >= 0: send this file's `len` bytes instead of body */
  const char *type; /* Content-Type */
  int is_static;    /* a web/ file: add the Content-Security-Policy */
} srv_reply;

/* {"error": message} with `status`. */
srv_reply srv_reply_error(unsigned status, const char *message);
/* A malloc'd JSON body with status 200. */
srv_reply srv_reply_json(char *body, size_t len);

/* ---- api_check.c, api_info.c ------------------------------------------ */

/* POST /v1/check (fix = 0) and /v1/fix (fix = 1) on a request body. */
srv_reply srv_api_check(const srv_engine *se, const char *body, size_t len,
                        int fix);
/* GET /v1/rules and GET /healthz. */
srv_reply srv_api_rules(const srv_engine *se);
srv_reply srv_api_health(const srv_engine *se);
/* The /v1/rules body for an engine (malloc'd), or NULL when out of memory. */
char *srv_rules_json(const peerlint_engine *e);

/* ---- api_templates.c ---------------------------------------------------- */

/* GET /v1/templates: 503 when the engine has no templates. */
srv_reply srv_api_templates(const srv_engine *se);
/* The /v1/templates body for a set (malloc'd), or NULL when out of memory. */
char *srv_templates_json(const peerlint_templates *set);

/* ---- static.c ---------------------------------------------------------- */

/* Finds web/: the installed share folder, else web/ beside the binary.
 * Returns 1 when there is one to serve. */
int srv_static_init(void);
/* The file for a GET of `url`: 404 when there is none (or no web/). */
srv_reply srv_static_get(const char *url);
/* Is there a file to answer `url` with (for 405 against 404)? */
int srv_static_exists(const char *url);

/* ---- auth.c ------------------------------------------------------------ */

/* Reads the bearer token from `path`. Returns 0, or -1 after printing why. */
int srv_auth_load(const char *path);
/* Is a token required (a --token-file was given)? */
int srv_auth_required(void);
/* Does `header` (the Authorization header, or NULL) carry the token? */
int srv_auth_check(const char *header);

/* ---- addr.c ------------------------------------------------------------ */

typedef struct srv_addr {
  struct sockaddr_storage sa;
  socklen_t len;
  int loopback; /* 127.0.0.0/8 or ::1 */
} srv_addr;

/* Parses "ADDR:PORT" or "[IPV6]:PORT" (numeric only: no name lookups).
 * Returns 0, or -1 after printing why. */
int srv_addr_parse(const char *text, srv_addr *out);
/* "127.0.0.1:8750" or "[::1]:8750" for a bound socket. */
void srv_addr_format(const struct sockaddr *sa, char *buf, size_t size);

/* ---- log.c ------------------------------------------------------------- */

/* One line on stderr, timestamped, written whole even from many threads.
 * Callers never pass note text or field values. */
void srv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The access log line of one request. */
void srv_log_request(const char *method, const char *path, unsigned status,
                     size_t size, double ms);

/* ---- deadline.c -------------------------------------------------------- */

struct MHD_Connection;

/* Each request must arrive whole within `timeout` seconds of its
 * connection being ready for it (opened, or the last answer sent). */
void srv_deadline_init(unsigned timeout);
/* A connection opened (its entry goes in *ctx, libmicrohttpd's socket
 * context) and closed (before its descriptor is). */
void srv_conn_opened(struct MHD_Connection *c, void **ctx);
void srv_conn_closed(void **ctx);
/* The request on `c` is all in (the clock stops) / its answer has been
 * sent (the clock starts for the next one). */
void srv_conn_received(struct MHD_Connection *c);
void srv_conn_answered(struct MHD_Connection *c);
/* Shuts the sockets of connections past the deadline (one log line when
 * any) or whose client hung up mid-request; called ten times a second
 * from the main thread. */
void srv_deadline_sweep(void);

/* ---- routes.c ---------------------------------------------------------- */

struct MHD_Daemon;
typedef struct srv_limits {
  size_t max_body;      /* bytes; larger bodies get 413 */
  unsigned timeout;     /* seconds a client has to send a request */
  unsigned connections; /* open connections at once */
  unsigned threads;     /* worker threads */
} srv_limits;

/* Starts the daemon on `addr`. NULL after logging why. */
struct MHD_Daemon *srv_start(const srv_addr *addr, const srv_limits *lim);
/* Stops accepting, lets requests in flight finish (up to `grace_s`
 * seconds), then stops the daemon. */
void srv_stop(struct MHD_Daemon *d, unsigned grace_s);

#endif

/* serve.c: peerlint serve [--listen ADDR:PORT] [--token-file F]
 *                         [--max-body BYTES] [--timeout S]
 *                         [--max-connections N] [engine options]
 *
 * A local pre-save service for EHRs: the same checks as `peerlint check`
 * over HTTP. The main thread only starts the daemon and waits for signals;
 * libmicrohttpd's worker threads answer requests on the shared engine.
 *   SIGHUP          rebuild the engine from the rules and config; keep the
 *                   old one if the new one fails to load
 *   SIGTERM/SIGINT  stop accepting, finish requests in flight, exit 0
 * The signals are blocked in every thread and taken here with
 * sigtimedwait(), so no handler ever runs inside a worker; between signals
 * the main thread closes connections past their deadline (deadline.c). */
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "server.h"

#define DEFAULT_LISTEN "127.0.0.1:8750"
#define DEFAULT_MAX_BODY (1024u * 1024u)
#define MAX_MAX_BODY (64u * 1024u * 1024u)
#define DEFAULT_TIMEOUT 10
#define MAX_TIMEOUT 3600
#define DEFAULT_CONNECTIONS 512
#define MAX_CONNECTIONS 65536
/* Descriptors besides the connections': the listening socket, the log,
 * web/ files being sent... */
#define SPARE_FDS 64

typedef struct serve_opts {
  const char *listen;
  const char *token_file;
  srv_limits limits;
  cli_engine_opts engine;
} serve_opts;

static void serve_usage(FILE *out) {
  fprintf(out,
          "usage: peerlint serve [--listen ADDR:PORT] [--token-file FILE] "
          "[--max-body BYTES]\n"
          "                      [--timeout SECONDS] [--max-connections N]\n"
          "                      [--rules DIR] [--config FILE | --no-config] "
          "[--no-spell]\n\n"
          "Answers POST /v1/check, POST /v1/fix, GET /v1/rules and GET "
          "/healthz with JSON.\n"
          "  --listen A:P      address and port (default " DEFAULT_LISTEN "); "
          "an address other\n"
          "                    than loopback needs --token-file\n"
          "  --token-file F    require 'Authorization: Bearer <token in F>' "
          "on /v1/\n"
          "  --max-body N      largest request body in bytes (default "
          "1048576)\n"
          "  --timeout S       seconds a client has to send a whole request, "
          "and may stay\n"
          "                    idle (default 10; 1 to 3600)\n"
          "  --max-connections N  connections open at once (default 512; "
          "1 to 65536);\n"
          "                    more wait until one closes\n"
          "SIGHUP reloads rules and config; SIGTERM finishes requests in "
          "flight and exits 0.\n");
}

/* Reads `value` as a whole number from 1 to `max` into *out; -1 after
 * saying what `name` takes. */
static int count_value(const char *name, const char *value,
                       unsigned long long max, const char *unit,
                       unsigned long long *out) {
  char *end;
  errno = 0;
  *out = strtoull(value, &end, 10);
  if (*value >= '0' && *value <= '9' && !*end && !errno && *out >= 1 &&
      *out <= max)
    return 0;
  fprintf(stderr, "peerlint serve: %s: a number of %s from 1 to %llu\n",
          name, unit, max);
  return -1;
}

/* Takes one of serve's own options at argv[*i]: 1 taken, -1 wrong. */
static int serve_option(int argc, char **argv, int *i, serve_opts *o) {
  const char *a = argv[*i];
  if (*i + 1 >= argc) {
    fprintf(stderr, "peerlint serve: unknown or incomplete option '%s'\n", a);
    return -1;
  }
  const char *value = argv[++*i];
  unsigned long long v;
  if (!strcmp(a, "--listen"))
    o->listen = value;
  else if (!strcmp(a, "--token-file"))
    o->token_file = value;
  else if (!strcmp(a, "--max-body")) {
    if (count_value(a, value, MAX_MAX_BODY, "bytes", &v))
      return -1;
    o->limits.max_body = (size_t)v;
  } else if (!strcmp(a, "--timeout")) {
    if (count_value(a, value, MAX_TIMEOUT, "seconds", &v))
      return -1;
    o->limits.timeout = (unsigned)v;
  } else if (!strcmp(a, "--max-connections")) {
    if (count_value(a, value, MAX_CONNECTIONS, "connections", &v))
      return -1;
    o->limits.connections = (unsigned)v;
  } else {
    fprintf(stderr, "peerlint serve: unknown option '%s'\n", a);
    return -1;
  }
  return 1;
}

/* Returns -1 to exit 2, 1 to exit 0 (--help), 0 to serve. */
static int parse_args(int argc, char **argv, serve_opts *o) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
      return serve_usage(stdout), 1;
    int rc = cli_engine_option(argc, argv, &i, &o->engine);
    if (rc == 0)
      rc = serve_option(argc, argv, &i, o);
    if (rc < 0)
      return serve_usage(stderr), -1;
  }
  return 0;
}

/* Binding beyond loopback exposes notes to the network: only with a token. */
static int check_exposure(const serve_opts *o, const srv_addr *addr) {
  if (!addr->loopback && !o->token_file) {
    fprintf(stderr, "peerlint serve: %s is not a loopback address; give "
                    "--token-file so only holders of the token can send "
                    "notes\n", o->listen);
    return -1;
  }
  return o->token_file ? srv_auth_load(o->token_file) : 0;
}

static unsigned worker_threads(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 2 ? 2 : n > 64 ? 64 : (unsigned)n;
}

static void log_listening(struct MHD_Daemon *d) {
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
  struct sockaddr_storage sa;
  socklen_t len = sizeof sa;
  char where[80] = "?";
  if (info && getsockname(info->listen_fd, (struct sockaddr *)&sa, &len) == 0)
    srv_addr_format((struct sockaddr *)&sa, where, sizeof where);
  srv_log("peerlint %s listening on http://%s (token %s)", peerlint_version(),
          where, srv_auth_required() ? "required" : "not required");
}

/* Each connection takes a descriptor: the process must be allowed them
 * all, or accept() fails under load. The soft limit is raised to what is
 * needed when the hard one allows. */
static int check_fd_limit(unsigned connections) {
  struct rlimit rl;
  rlim_t need = (rlim_t)connections + SPARE_FDS;
  if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY ||
      rl.rlim_cur >= need)
    return 0;
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
    fprintf(stderr, "peerlint serve: --max-connections %u needs %llu open "
                    "files, and this process may open %llu (ulimit -Hn)\n",
            connections, (unsigned long long)need,
            (unsigned long long)rl.rlim_max);
    return -1;
  }
  rl.rlim_cur = need;
  if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
    return 0;
  perror("peerlint serve: raising the open files limit");
  return -1;
}

/* Waits for signals until SIGTERM or SIGINT, closing connections past
 * their deadline, or whose client hung up, ten times a second meanwhile. */
static void signal_loop(const sigset_t *set) {
  const struct timespec tenth = {0, 100 * 1000 * 1000};
  for (;;) {
    int sig = sigtimedwait(set, NULL, &tenth);
    srv_deadline_sweep();
    if (sig < 0)
      continue; /* EAGAIN: the tenth passed; EINTR */
    if (sig != SIGHUP) {
      srv_log("SIG%s: finishing requests in flight",
              sig == SIGTERM ? "TERM" : "INT");
      return;
    }
    if (srv_engines_reload() == 0)
      srv_log("SIGHUP: rules and config reloaded");
    else
      srv_log("SIGHUP: reload failed (see above); still serving the "
              "previous rules");
  }
}

int cmd_serve(int argc, char **argv) {
  serve_opts o = {.listen = DEFAULT_LISTEN,
                  .limits = {.max_body = DEFAULT_MAX_BODY,
                             .timeout = DEFAULT_TIMEOUT,
                             .connections = DEFAULT_CONNECTIONS,
                             .threads = worker_threads()}};
  srv_addr addr;
  int rc = parse_args(argc, argv, &o);
  if (rc)
    return rc > 0 ? EXIT_CLEAN : EXIT_TROUBLE;
  if (srv_addr_parse(o.listen, &addr) || check_exposure(&o, &addr) ||
      check_fd_limit(o.limits.connections))
    return EXIT_TROUBLE;
  /* libmicrohttpd shares the connections out among the worker threads */
  if (o.limits.threads > o.limits.connections)
    o.limits.threads = o.limits.connections;
  if (srv_engines_init(&o.engine))
    return EXIT_TROUBLE;
  srv_static_init();
  /* Blocked before the workers start, so they inherit the mask. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  struct MHD_Daemon *d = srv_start(&addr, &o.limits);
  if (!d) {
    srv_engines_shutdown();
    return EXIT_TROUBLE;
  }
  log_listening(d);
  signal_loop(&set);
  srv_stop(d, o.limits.timeout + 5);
  srv_engines_shutdown();
  srv_log("stopped");
  return EXIT_CLEAN;
}

/* engines.c: the engine requests use, and swapping it on SIGHUP.
 *
 * An engine is immutable and shared by every worker thread. A reload builds
 * a whole new engine beside the old one (a broken pack leaves the old one
 * serving), then swaps the pointer under a mutex. Each request holds a
 * reference from acquire to release; the last release frees the engine, so
 * a request that started on the old rules finishes on them safely. The
 * mutex guards only the pointer and the count's increment: no check runs
 * under it. */
#include <pthread.h>
#include <stdlib.h>

#include "server.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static srv_engine *current;
static cli_engine_opts options;

/* The templates that go with the engine. Their absence is never fatal
 * (checking notes does not need them) and not logged (the log's first
 * line names the port): GET /v1/templates answers why. */
static char *templates_json(srv_engine *se) {
  peerlint_error err = {0};
  peerlint_templates *set = cli_load_templates(&options, ".", &err);
  if (!set) {
    snprintf(se->templates_error, sizeof se->templates_error,
             "no note templates: %s", err.message);
    return NULL;
  }
  char *json = srv_templates_json(set);
  peerlint_templates_free(set);
  return json;
}

static srv_engine *build(void) {
  /* "." : like stdin, the agency config is the nearest .peerlint.yaml
   * above the folder the server runs in (or --config / --no-config). */
  peerlint_engine *e = cli_load_engine(&options, ".");
  if (!e)
    return NULL;
  srv_engine *se = calloc(1, sizeof *se);
  char *rules = srv_rules_json(e);
  if (!se || !rules) {
    fprintf(stderr, "peerlint serve: out of memory building the engine\n");
    free(se);
    free(rules);
    peerlint_engine_free(e);
    return NULL;
  }
  se->engine = e;
  se->rules_json = rules;
  se->templates_json = templates_json(se);
  atomic_init(&se->refs, 1); /* the reference `current` holds */
  return se;
}

static srv_engine *swap(srv_engine *next) {
  pthread_mutex_lock(&lock);
  srv_engine *old = current;
  current = next;
  pthread_mutex_unlock(&lock);
  return old;
}

int srv_engines_init(const cli_engine_opts *opts) {
  options = *opts;
  srv_engine *se = build();
  if (!se)
    return -1;
  swap(se);
  return 0;
}

srv_engine *srv_engine_acquire(void) {
  pthread_mutex_lock(&lock);
  srv_engine *se = current;
  if (se)
    atomic_fetch_add(&se->refs, 1);
  pthread_mutex_unlock(&lock);
  return se;
}

void srv_engine_release(srv_engine *se) {
  if (!se || atomic_fetch_sub(&se->refs, 1) != 1)
    return;
  peerlint_engine_free(se->engine);
  free(se->rules_json);
  free(se->templates_json);
  free(se);
}

int srv_engines_reload(void) {
  srv_engine *se = build();
  if (!se)
    return -1;
  srv_engine_release(swap(se));
  return 0;
}

void srv_engines_shutdown(void) { srv_engine_release(swap(NULL)); }

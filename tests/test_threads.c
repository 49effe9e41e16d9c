/* test_threads.c: one engine, many threads at once.
 *
 * The header promises that an engine is immutable and may be shared by any
 * number of threads. This test holds it to that: 8 threads each run 200
 * checks (and some fixes) on one engine over a mix of notes, and every
 * result's JSON must equal the one computed before any thread started.
 * `make tsan` runs this same test under ThreadSanitizer, which also sees
 * races that happen not to change a result. */
#include <pthread.h>
#include <stdatomic.h>

#include "testutil.h"

#define THREADS 8
#define CHECKS 200

static const char *notes[] = {
    "I told her to stop taking her meds.",
    "We walked to the library together.",
    "He is an addict and was noncompliant with his meds.",
    "She said, \"I am an addict and proud of my recovery.\"",
    "Client is schizophrenic and refused group. I told him to go.",
    "We talked about her goals. She chose to call her sister.",
    "He seemed manic and paranoid today; I told him to take his lithium.",
    "",
    "Ünïcödé café notes — résumé help. She decided to apply.",
};
#define N_NOTES (sizeof notes / sizeof notes[0])

static peerlint_engine *engine;
static char *expected[N_NOTES + 1]; /* +1: the long note */
static char *fixed[N_NOTES + 1];
static char long_note[4096];
static atomic_int mismatches;

static const char *note_at(size_t i) {
  return i < N_NOTES ? notes[i] : long_note;
}

static char *check_json(size_t i) {
  peerlint_error err = {0};
  const char *t = note_at(i);
  peerlint_result *r = peerlint_check(engine, t, strlen(t), &err);
  char *json = r ? peerlint_result_json(r, "note") : NULL;
  peerlint_result_free(r);
  return json;
}

static char *fix_text(size_t i) {
  peerlint_error err = {0};
  const char *t = note_at(i);
  peerlint_rewrite *rw = peerlint_fix(engine, t, strlen(t), NULL, &err);
  char *out = rw ? strdup(peerlint_rewrite_text(rw, NULL)) : NULL;
  peerlint_rewrite_free(rw);
  return out;
}

static void *worker(void *arg) {
  size_t seed = (size_t)arg;
  for (size_t k = 0; k < CHECKS; k++) {
    size_t i = (seed * 7 + k) % (N_NOTES + 1);
    char *got = (k % 5 == 4) ? fix_text(i) : check_json(i);
    const char *want = (k % 5 == 4) ? fixed[i] : expected[i];
    if (!got || strcmp(got, want))
      atomic_fetch_add(&mismatches, 1);
    free(got);
  }
  return NULL;
}

static void build_long_note(void) {
  size_t n = 0;
  while (n + 200 < sizeof long_note - 1 && n < 2048)
    for (size_t i = 0; i < N_NOTES && n + 200 < sizeof long_note; i++)
      n += (size_t)snprintf(long_note + n, sizeof long_note - n, "%s ",
                            notes[i]);
}

static void test_many_threads_one_engine(void **state) {
  (void)state;
  engine = shipped_engine();
  assert_non_null(engine);
  build_long_note();
  for (size_t i = 0; i <= N_NOTES; i++) {
    expected[i] = check_json(i);
    fixed[i] = fix_text(i);
    assert_non_null(expected[i]);
    assert_non_null(fixed[i]);
  }
  pthread_t t[THREADS];
  for (size_t i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, worker, (void *)i), 0);
  for (size_t i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  assert_int_equal(atomic_load(&mismatches), 0);
  for (size_t i = 0; i <= N_NOTES; i++) {
    free(expected[i]);
    free(fixed[i]);
  }
  peerlint_engine_free(engine);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_many_threads_one_engine),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fuzzfound.c: library bugs the fuzz targets found (fuzz/README.md),
 * each pinned by a test that runs in `make test`. The inputs themselves
 * are in fuzz/regressions/ and replayed by `make fuzz-smoke`. */
#include "testutil.h"

/* A rewrite that its own rule flags used to feed itself: each of the
 * eight passes rewrote the copies the previous one wrote, the note
 * growing 3^8-fold (fuzz/regressions/pack/rewrite-feeds-itself-timeout.yaml
 * grew 16 bytes into 3.3 MB). A rewrite is now never rewritten. */
static void test_rewrite_never_rewrites_a_rewrite(void **state) {
  (void)state;
  const char *pack = "name: p\nrules:\n  - id: r\n    message: m.\n"
                     "    terms: [addict]\n"
                     "    replace: [addict and addict and addict]\n"
                     "    examples: {bad: [addict]}\n";
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(pack, NULL, &err);
  assert_non_null(e);
  const char *note = "He is an addict.";
  peerlint_rewrite *rw = peerlint_fix(e, note, strlen(note), NULL, &err);
  assert_non_null(rw);
  assert_string_equal(peerlint_rewrite_text(rw, NULL),
                      "He is an addict and addict and addict.");
  assert_int_equal(peerlint_rewrite_edit_count(rw), 1);
  /* what the pack flags in its own rewrite is still reported */
  assert_int_equal(peerlint_result_count(peerlint_rewrite_remaining(rw)), 3);
  peerlint_rewrite_free(rw);
  peerlint_engine_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rewrite_never_rewrites_a_rewrite),
  };
  return cmocka_run_group_tests_name("fuzzfound", tests, NULL, NULL);
}

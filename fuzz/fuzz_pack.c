/* fuzz_pack: one arbitrary rule pack through peerlint_engine_from_memory.
 * When it loads, its rules run on their own examples (as `peerlint test`
 * does) and on a fixed note, so fuzzed regexes and terms are matched too. */
#include "common.h"

static const char NOTE[] =
    "He is an addict and was non-compliant. I told her to stop taking her "
    "meds. \"I feel great,\" she said. We walked to the park; she chose the "
    "group. aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\r\nPt c/o SI. ETOH.";

static void run(const peerlint_engine *e, const char *rule, const char *text) {
  peerlint_error err = {0};
  size_t len = strlen(text);
  peerlint_result *r = rule ? peerlint_check_rule(e, rule, text, len, &err)
                            : peerlint_check(e, text, len, &err);
  if (r) {
    peerlint_free(peerlint_result_json(r, "n"));
    peerlint_result_free(r);
  }
  peerlint_fix_options fo = {rule, 0};
  peerlint_rewrite *rw = peerlint_fix(e, text, len, &fo, &err);
  peerlint_rewrite_free(rw);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const char *names[] = {"fuzz.yaml"};
  const char *texts[] = {(const char *)data};
  size_t lens[] = {size};
  peerlint_error err = {0};
  peerlint_engine *e =
      peerlint_engine_from_memory(names, texts, lens, 1, NULL, NULL, 0, &err);
  if (!e) {
    if (err.code == PEERLINT_OK || !err.message[0])
      abort(); /* a failure must say why */
    return 0;
  }
  run(e, NULL, NOTE);
  size_t budget = 64; /* examples run per input, to stay fast */
  for (size_t i = 0; i < peerlint_rule_count(e) && budget; i++) {
    const peerlint_rule_info *ri = peerlint_rule_at(e, i);
    if (peerlint_rule_find(e, ri->id) == NULL)
      abort();
    for (size_t k = 0; k < ri->n_bad && budget; k++, budget--)
      run(e, ri->id, ri->bad[k]);
    for (size_t k = 0; k < ri->n_good && budget; k++, budget--)
      run(e, ri->id, ri->good[k]);
    for (size_t k = 0; k < ri->n_fix && budget; k++, budget--)
      run(e, ri->id, ri->fix_in[k]);
  }
  for (size_t i = 0; i < peerlint_override_count(e); i++)
    (void)strlen(peerlint_override_at(e, i));
  peerlint_engine_free(e);
  return 0;
}

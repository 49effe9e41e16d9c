/* fuzz_config: an arbitrary agency config (.peerlint.yaml) over a fixed
 * small valid pack, through peerlint_engine_from_memory. */
#include "common.h"

static const char PACK[] =
    "name: p\n"
    "title: A pack\n"
    "rules:\n"
    "  - id: r\n"
    "    message: m.\n"
    "    terms: [difficult, addict]\n"
    "    replace: [person who uses drugs]\n"
    "    examples: {bad: [difficult], good: [fine]}\n"
    "  - id: s\n"
    "    level: error\n"
    "    message: m.\n"
    "    regex: '\\bmanipulat\\w+'\n"
    "    examples: {bad: [manipulative]}\n";

static const char NOTE[] = "A difficult day. He is an addict. Manipulative. "
                           "The difficult case review. Peerlint wordz.";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const char *names[] = {"p.yaml"};
  const char *texts[] = {PACK};
  size_t lens[] = {sizeof PACK - 1};
  peerlint_error err = {0};
  peerlint_engine *e = peerlint_engine_from_memory(
      names, texts, lens, 1, ".peerlint.yaml", (const char *)data, size, &err);
  if (!e) {
    if (err.code == PEERLINT_OK || !err.message[0])
      abort();
    return 0;
  }
  (void)peerlint_engine_fail_level(e);
  for (size_t i = 0; i < peerlint_override_count(e); i++)
    (void)strlen(peerlint_override_at(e, i));
  peerlint_result *r = peerlint_check(e, NOTE, sizeof NOTE - 1, &err);
  if (!r)
    abort();
  peerlint_free(peerlint_result_json(r, "n"));
  peerlint_result_free(r);
  peerlint_rewrite_free(peerlint_fix(e, NOTE, sizeof NOTE - 1, NULL, &err));
  peerlint_engine_free(e);
  return 0;
}

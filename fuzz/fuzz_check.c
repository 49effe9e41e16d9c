/* fuzz_check: peerlint_check on arbitrary bytes with the shipped rules
 * (spelling off), the result's JSON, and the same bytes as two fields. */
#include "common.h"

static peerlint_engine *E;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  E = fuzz_shipped_engine();
  return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const char *text = (const char *)data;
  peerlint_error err = {0};
  peerlint_result *r = peerlint_check(E, text, size, &err);
  if (!r) {
    if (err.code != PEERLINT_E_INPUT)
      abort(); /* only the input can be wrong */
    return 0;
  }
  size_t n = peerlint_result_count(r);
  for (size_t i = 0; i < n; i++) {
    const peerlint_finding *f = peerlint_result_at(r, i);
    if (f->offset > size || f->length > size - f->offset || f->line < 1 ||
        f->column < 1 || memcmp(text + f->offset, f->text, f->length))
      abort(); /* a finding must point at the text it quotes */
    if (f->replacement &&
        (f->edit_offset > size || f->edit_length > size - f->edit_offset))
      abort();
  }
  char *json = peerlint_result_json(r, "n.txt");
  if (!json)
    abort();
  peerlint_free(json);
  peerlint_result_free(r);

  /* The same bytes split in two EHR fields. */
  size_t cut = size / 2;
  while (cut > 0 && (data[cut] & 0xc0) == 0x80)
    cut--;
  peerlint_field fields[2] = {{"a", text, cut}, {"b", text + cut, size - cut}};
  r = peerlint_check_fields(E, fields, 2, &err);
  if (!r)
    abort(); /* the whole was valid, so each part is */
  peerlint_result_free(r);
  return 0;
}

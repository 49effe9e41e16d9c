/* fuzz_fix: peerlint_fix on arbitrary bytes with the shipped rules, and
 * its promises: valid UTF-8 out when valid UTF-8 went in, edits that
 * start inside the text and add up to the new one, and
 * fix(fix(x)) == fix(x). */
#include "common.h"

static peerlint_engine *E;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  E = fuzz_shipped_engine();
  return 0;
}

static void fail(const char *why, const char *a, size_t an, const char *b,
                 size_t bn) {
  fprintf(stderr, "fuzz_fix: %s\n--- first (%zu bytes):\n%.*s\n--- second "
                  "(%zu bytes):\n%.*s\n",
          why, an, (int)an, a, bn, (int)bn, b);
  abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const char *text = (const char *)data;
  peerlint_error err = {0};
  peerlint_rewrite *rw = peerlint_fix(E, text, size, NULL, &err);
  if (!rw) {
    if (err.code != PEERLINT_E_INPUT)
      abort();
    return 0;
  }
  if (!fuzz_valid_utf8(data, size))
    fail("accepted invalid UTF-8", text, size, "", 0);
  size_t n;
  const char *out = peerlint_rewrite_text(rw, &n);
  if (out[n] != 0)
    abort();
  if (!fuzz_valid_utf8((const unsigned char *)out, n))
    fail("output is not valid UTF-8", text, size, out, n);
  if (memchr(out, 0, n))
    fail("output has a NUL byte", text, size, out, n);
  /* Edits: offsets into the original; what each adds or removes adds up
   * to the change in length (what `fix --diff` relies on). An edit that
   * rewrites an earlier pass's rewrite has its length and old text in
   * that pass's text, not the original (see fuzz/README.md, "Known"). */
  long delta = 0;
  for (size_t i = 0; i < peerlint_rewrite_edit_count(rw); i++) {
    const peerlint_edit *ed = peerlint_rewrite_edit_at(rw, i);
    if (ed->offset > size)
      fail("edit outside the text", text, size, out, n);
    delta += (long)strlen(ed->new_text) - (long)ed->length;
  }
  if ((long)size + delta != (long)n)
    fail("the edits do not add up to the new text", text, size, out, n);
  if (peerlint_rewrite_edit_count(rw) == 0 && (n != size || memcmp(out, text, n)))
    fail("no edits but the text changed", text, size, out, n);
  if (n <= PEERLINT_MAX_NOTE) {
    peerlint_rewrite *again = peerlint_fix(E, out, n, NULL, &err);
    if (!again)
      fail("the output cannot be fixed again", text, size, out, n);
    size_t m;
    const char *out2 = peerlint_rewrite_text(again, &m);
    if (m != n || memcmp(out, out2, n))
      fail("fix(fix(x)) != fix(x)", out, n, out2, m);
    peerlint_rewrite_free(again);
  }
  peerlint_rewrite_free(rw);
  return 0;
}

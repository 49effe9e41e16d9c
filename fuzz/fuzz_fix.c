/* fuzz_fix: peerlint_fix on arbitrary bytes with the shipped rules, and
 * its promises: valid UTF-8 out when valid UTF-8 went in, edits that
 * applied to the note give the new text, and
 * fix(fix(x)) == fix(x). */
#include "common.h"
#include "../tests/replay.h"

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
  /* Edits: sorted spans of the original with its bytes as old text, which
   * applied to it give the new text (what /v1/fix's clients rely on). */
  char *replayed = replay_edits(text, size, rw);
  if (!replayed)
    fail("an edit is out of order or its old text is wrong", text, size, out,
         n);
  if (strlen(replayed) != n || memcmp(replayed, out, n))
    fail("the edits do not give the new text", replayed, strlen(replayed),
         out, n);
  free(replayed);
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

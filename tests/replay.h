/* replay.h: applying a rewrite's edits to the note it came from, as an
 * API client of /v1/fix would. Shared by the tests and fuzz/fuzz_fix. */
#ifndef PEERLINT_REPLAY_H
#define PEERLINT_REPLAY_H

#include <stdlib.h>
#include <string.h>

#include "peerlint.h"

/* Applies a rewrite's edits to the note it was made from, as an API
 * client would; NULL when an edit is out of order, overlaps another, or
 * its old text is not the note's bytes there. */
static inline char *replay_edits(const char *text, size_t len,
                                 const peerlint_rewrite *rw) {
  size_t n = peerlint_rewrite_edit_count(rw), cap = len + 1, at = 0, used = 0;
  for (size_t i = 0; i < n; i++)
    cap += strlen(peerlint_rewrite_edit_at(rw, i)->new_text);
  char *out = malloc(cap);
  for (size_t i = 0; out && i < n; i++) {
    const peerlint_edit *e = peerlint_rewrite_edit_at(rw, i);
    if (e->offset < at || e->length > len - e->offset ||
        strlen(e->old_text) != e->length ||
        memcmp(text + e->offset, e->old_text, e->length)) {
      free(out);
      return NULL;
    }
    memcpy(out + used, text + at, e->offset - at);
    used += e->offset - at;
    memcpy(out + used, e->new_text, strlen(e->new_text));
    used += strlen(e->new_text);
    at = e->offset + e->length;
  }
  if (out) {
    memcpy(out + used, text + at, len - at);
    out[used + len - at] = 0;
  }
  return out;
}

#endif

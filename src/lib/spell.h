/* spell.h: spelling with Hunspell, for the spelling pack and word forms.
 *
 * Hunspell is loaded once per engine. It is not safe to call from several
 * threads at once, so every call goes through the speller's lock; a
 * lock-free set of the dictionary's words answers most lookups before
 * Hunspell is asked at all. */
#ifndef PL_SPELL_H
#define PL_SPELL_H

#include <stddef.h>

#include "peerlint.h"

typedef struct pl_speller pl_speller;

/* Loads LANG.aff/.dic from `dict_dir`, then every *.dic in `words_dir`
 * (the project's recovery vocabulary; may be NULL) and the agency's words.
 * When the system dictionary is missing, returns NULL and writes why into
 * `why` (spelling is then off, which is not an error). */
pl_speller *pl_speller_open(const char *dict_dir, const char *lang,
                            const char *words_dir, const char *const *words,
                            size_t nwords, char *why, size_t why_size);
void pl_speller_free(pl_speller *sp);

/* Is this word (UTF-8, not NUL-terminated) spelled right? */
int pl_speller_correct(pl_speller *sp, const char *w, size_t n);

/* Up to `max` suggestions for a word, best first, each at most 63 bytes;
 * returns how many. Words one edit away come first and fast; with
 * `allow_slow`, Hunspell's full search runs when there are none. */
size_t pl_speller_suggest(pl_speller *sp, const char *w, size_t n,
                          char out[][64], size_t max, int allow_slow);

#endif

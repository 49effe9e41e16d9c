/* prefilter.h: the words a regex cannot match without.
 *
 * A rule's triggers let its patterns run over a sentence; most of the
 * time the sentence has the trigger word ("told", "take") and none of the
 * words the pattern itself is built around, and PCRE2 spends its time
 * proving that. pl_prefilter_derive() reads a pattern and lists clauses:
 * sets of words such that every match of the pattern contains, as a whole
 * word of the note, one word of each clause. A check skips a pattern over
 * text that lacks a clause, which cannot change what the pattern finds.
 * See prefilter.c for the reasoning and its one assumption about the note
 * (pl_text.ascii_words). */
#ifndef PL_PREFILTER_H
#define PL_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

enum {
  PL_PRE_CLAUSES = 3,       /* clauses kept for one pattern */
  PL_PRE_CLAUSE_WORDS = 64, /* words in one clause, at most */
  PL_PRE_WORD_MAX = 24      /* a word's bytes, NUL included */
};

/* The words and groups shared by the patterns of one engine build:
 * packs repeat long groups, which are read once. */
typedef struct pl_prefilter pl_prefilter;

/* Clauses, the most selective first; words as numbers of the
 * pl_prefilter (pl_prefilter_word()). */
typedef struct pl_pre_clauses {
  size_t n;
  size_t nwords[PL_PRE_CLAUSES];
  uint16_t words[PL_PRE_CLAUSES][PL_PRE_CLAUSE_WORDS];
} pl_pre_clauses;

/* NULL when out of memory. */
pl_prefilter *pl_prefilter_new(void);
void pl_prefilter_free(pl_prefilter *pf);

/* Fills `out` with up to PL_PRE_CLAUSES clauses of lowercase ASCII words.
 * No clause (n == 0) means the pattern may match anywhere: a construct
 * the reader does not know, or nothing worth checking. Returns -1 only
 * when out of memory. */
int pl_prefilter_derive(pl_prefilter *pf, const char *pattern,
                        pl_pre_clauses *out);

/* Word number `id` of pf. */
const char *pl_prefilter_word(const pl_prefilter *pf, unsigned id);

#endif

/* rewrite.h: turning a rule's replacement into a faithful edit. */
#ifndef PL_REWRITE_H
#define PL_REWRITE_H

#include <stddef.h>

#include "buf.h"

/* Expands $0..$9 (and $$) in `tmpl` from a match's groups: groups[2k] and
 * groups[2k+1] are the byte range of group k, or (size_t)-1 when unset. */
void pl_expand(pl_buf *out, const char *tmpl, const char *s,
               const size_t *groups, size_t ngroups);

/* Gives `repl` the case of the matched text: ALLCAPS stays loud (unless
 * capitals are the term's own spelling, `caps_neutral`), a capital first
 * letter stays capital (for caps_neutral terms only at a sentence start). */
void pl_apply_case(pl_buf *out, const char *match, size_t mlen,
                   const char *repl, int caps_neutral, int sentence_start);

/* Does this phrase start with a vowel sound ("an hour", "a user")? */
int pl_vowel_sound(const char *phrase);

/* The edit that puts `repl` in place of [start, end) of s: it takes in an
 * "a"/"an" just before the match when the replacement needs the other
 * one, and a neighbouring space when the replacement is empty. Sets the
 * edit's range; appends its new text to `out`. */
void pl_make_edit(const char *s, size_t n, size_t start, size_t end,
                  const char *repl, size_t *edit_start, size_t *edit_end,
                  pl_buf *out);

#endif

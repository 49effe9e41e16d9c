/* fuzz_prefilter: one pattern and one note through pl_prefilter_derive,
 * with its promise checked.
 *
 * The input is a pattern, a NUL, then a note. A pattern PCRE2 compiles (as
 * the engine compiles it: UTF, caseless unless the first byte is '!') is
 * read for its clauses; then every match in the note, from the start
 * left to right as a check runs a pattern, must hold a word of each clause
 * as a whole word of the note between where the search started and where
 * the match ends. A clause that fails that would let a check skip a
 * pattern that matches: abort(). Only notes whose words are ASCII count,
 * as in a check (pl_text.ascii_words). */
#include "common.h"

#include "pattern.h" /* PCRE2, as the engine includes it */
#include "prefilter.h"
#include "text.h"

enum { MAX_PATTERN = 2048 };

static pl_prefilter *PF; /* one per input, so that each stands alone */

/* Is a word of clause k, as a whole note word, within [from, to)? */
static int clause_met(const pl_text *t, const pl_pre_clauses *c, size_t k,
                      size_t from, size_t to) {
  for (size_t w = 0; w < c->nwords[k]; w++)
    if (pl_text_has_word(t, pl_prefilter_word(PF, c->words[k][w]), from, to))
      return 1;
  return 0;
}

static void check_matches(pcre2_code *re, const pl_pre_clauses *c,
                          const pl_text *t) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  pcre2_match_context *mc = pcre2_match_context_create(NULL);
  if (!md || !mc)
    abort();
  pcre2_set_match_limit(mc, 100000);
  pcre2_set_depth_limit(mc, 1000);
  for (size_t off = 0; off < t->n;) {
    int rc = pcre2_match(re, (PCRE2_SPTR)t->s, t->n, off, 0, md, mc);
    if (rc < 0)
      break;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    for (size_t k = 0; k < c->n; k++)
      if (!clause_met(t, c, k, off, ov[1]))
        abort(); /* a match without any word of clause k */
    off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    while (off < t->n && ((unsigned char)t->s[off] & 0xC0) == 0x80)
      off++;
  }
  pcre2_match_context_free(mc);
  pcre2_match_data_free(md);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const unsigned char *nul = memchr(data, 0, size);
  if (!nul || nul - data > MAX_PATTERN)
    return 0;
  char pattern[MAX_PATTERN + 1];
  size_t plen = (size_t)(nul - data);
  memcpy(pattern, data, plen);
  pattern[plen] = 0;
  const char *note = (const char *)nul + 1;
  size_t nlen = size - plen - 1;
  int sensitive = plen && pattern[0] == '!';
  const char *p = sensitive ? pattern + 1 : pattern;
  int code;
  PCRE2_SIZE at;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | (sensitive ? 0 : PCRE2_CASELESS),
                                 &code, &at, NULL);
  if (!re)
    return 0;
  if (!(PF = pl_prefilter_new()))
    abort();
  pl_pre_clauses c;
  if (pl_prefilter_derive(PF, p, &c))
    abort(); /* out of memory at this size: a bug */
  pl_text t;
  if (c.n && fuzz_valid_utf8((const unsigned char *)note, nlen) &&
      !memchr(note, 0, nlen) && !pl_text_analyze(&t, note, nlen)) {
    if (t.ascii_words)
      check_matches(re, &c, &t);
    pl_text_free(&t);
  }
  pl_prefilter_free(PF);
  pcre2_code_free(re);
  return 0;
}

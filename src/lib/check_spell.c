/* check_spell.c: the spelling pass of a check.
 *
 * Only prose is spelled: a word is skipped when another finding already
 * covers it (clinical shorthand says more than "misspelled"), when it has
 * digits or non-ASCII letters, when it is an acronym (all capitals), when
 * it is capitalised inside a sentence (most unknown words there are names,
 * including names in the person's own quoted words), and when it is part
 * of a URL or an e-mail address, and when it starts with a capital: in
 * notes those are overwhelmingly names ("Kalani said ...", also in the
 * person's quoted words), which no dictionary knows. Contractions are
 * spelled whole ("don't"). Suggestions are words one edit away; Hunspell's
 * slow full search runs for at most one word a note, so a note's latency
 * stays bounded. */
#include <string.h>

#include "check.h"

enum { MAX_SUGGESTED_WORDS = 8, MAX_SLOW_SEARCHES = 1, MAX_SUGGESTIONS = 4 };

static long spelling_rule(const peerlint_engine *e) {
  for (size_t i = 0; i < e->nrules; i++)
    if (e->rules[i].kind == PL_SPELL && !e->rules[i].disabled)
      return (long)i;
  return -1;
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Is the word part of a URL, an e-mail address or a file name? */
static int in_address(const char *s, size_t n, size_t start, size_t end) {
  size_t a = start, b = end;
  while (a > 0 && !is_space(s[a - 1]))
    a--;
  while (b < n && !is_space(s[b]))
    b++;
  for (size_t i = a; i < b; i++) {
    if (s[i] == '@' || s[i] == '/' || s[i] == '\\' || s[i] == '_')
      return 1;
    if (s[i] == '.' && i > a && i + 1 < b &&
        ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') &&
        ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'))
      return 1; /* example.com, notes.txt */
  }
  return 0;
}

/* Should this word be spelled at all? */
static int spellable(const scratch *sc, const pl_word *w) {
  const char *s = sc->text.s + w->start;
  size_t n = w->end - w->start, caps = 0;
  if (n < 2 || n > 40)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80 || (c >= '0' && c <= '9'))
      return 0;
    caps += c >= 'A' && c <= 'Z';
  }
  if (caps)
    return 0;
  return !in_address(sc->text.s, sc->text.n, w->start, w->end);
}

/* The word with a following contraction ("don" + "'t"): the byte length of
 * the whole, written with a straight apostrophe into buf. */
static size_t with_contraction(const scratch *sc, size_t i, char *buf,
                               size_t size, int *joined) {
  const pl_word *w = &sc->text.words[i];
  size_t n = w->end - w->start;
  *joined = 0;
  if (n >= size)
    return 0;
  memcpy(buf, sc->text.s + w->start, n);
  if (i + 1 >= sc->text.nwords)
    return n;
  const pl_word *next = &sc->text.words[i + 1];
  size_t gap = next->start - w->end, m = next->end - next->start;
  const char *g = sc->text.s + w->end;
  int apostrophe = (gap == 1 && g[0] == '\'') ||
                   (gap == 3 && !memcmp(g, "\xe2\x80\x99", 3));
  if (!apostrophe || m > 3 || n + 1 + m >= size)
    return n;
  buf[n] = '\'';
  memcpy(buf + n + 1, sc->text.s + next->start, m);
  *joined = 1;
  return n + 1 + m;
}

int pl_spell_pass(scratch *sc) {
  const peerlint_engine *e = sc->e;
  long rule = e->speller ? spelling_rule(e) : -1;
  if (rule < 0 || (sc->only_rule >= 0 && sc->only_rule != rule))
    return 0;
  /* Candidates sorted by start let one walk find the covered words. */
  size_t ncands = sc->ncands, j = 0;
  uint32_t covered_to = 0;
  for (size_t i = 0; i < sc->text.nwords; i++) {
    const pl_word *w = &sc->text.words[i];
    while (j < ncands && sc->cands[j].start < w->end) {
      if (sc->cands[j].end > covered_to)
        covered_to = sc->cands[j].end;
      j++;
    }
    if (covered_to > w->start || !spellable(sc, w))
      continue;
    char word[64];
    int joined;
    size_t n = with_contraction(sc, i, word, sizeof word, &joined);
    if (!n || pl_speller_correct(e->speller, word, n)) {
      i += (size_t)joined; /* the "t" of "don't" is not a word of its own */
      continue;
    }
    if (!pl_push_cand(sc, (uint32_t)rule, w->start,
                      joined ? sc->text.words[i + 1].end : w->end))
      return -1;
    i += (size_t)joined;
  }
  return 0;
}

int pl_spell_suggestions(scratch *sc, peerlint_finding *f, const cand *c) {
  peerlint_result *res = sc->result;
  size_t done = 0;
  for (size_t i = 0; i < res->n; i++)
    done += res->findings[i].rule == f->rule;
  if (done > MAX_SUGGESTED_WORDS) /* f itself is already counted */
    return 0;
  char list[MAX_SUGGESTIONS][64];
  size_t n = pl_speller_suggest(sc->e->speller, sc->text.s + c->start,
                                c->end - c->start, list, MAX_SUGGESTIONS,
                                done <= MAX_SLOW_SEARCHES);
  if (!n)
    return 0;
  const char **out = pl_arena_alloc(&res->arena, n * sizeof *out);
  if (!out)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (!(out[i] = pl_arena_strdup(&res->arena, list[i])))
      return -1;
  f->suggestions = out;
  f->n_suggestions = n;
  f->replacement = out[0];
  f->edit_offset = c->start;
  f->edit_length = c->end - c->start;
  return 0;
}

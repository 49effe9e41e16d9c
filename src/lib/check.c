/* check.c: running the rules over one note.
 *
 * 1. Validate the bytes and split the note into words, sentences, quotes.
 * 2. One pass over the words: each is looked up in the trigger index and
 *    the terms filed under it are verified in place. This yields term
 *    matches, near-pair halves, exceptions, the set of regex rules
 *    whose trigger words occur, and where the words of the patterns'
 *    clauses occur.
 * 3. Only those regex rules run, and only over the sentences where one of
 *    their trigger words occurs (rules with no triggers run over the
 *    whole note). A rule's patterns thus cost in proportion to the few
 *    sentences that could match, not to the note or the number of rules.
 *    Within those, a pattern runs only where the words it cannot match
 *    without occur (its clauses, prefilter.h and check_clauses.c), which
 *    the same walk over the words has found; so does an `unless` one.
 * 4. Candidates are filtered (quoted speech, `except`, `unless`, the
 *    agency's allowed terms), sorted, and overlaps resolved; what remains
 *    becomes findings with lines, columns, suggestions and edits. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "check.h"
#include "rewrite.h"


static int push_hit(scratch *sc, const hit *h) {
  hit *p = pl_grow(sc->hits, &sc->hits_cap, sc->nhits, sizeof *p);
  if (!p)
    return -1;
  sc->hits = p;
  sc->hits[sc->nhits++] = *h;
  return 0;
}

cand *pl_push_cand(scratch *sc, uint32_t rule, size_t start, size_t end) {
  cand *p = pl_grow(sc->cands, &sc->cands_cap, sc->ncands, sizeof *p);
  if (!p)
    return NULL;
  sc->cands = p;
  cand *c = &sc->cands[sc->ncands++];
  memset(c, 0, sizeof *c);
  c->rule = rule;
  c->level = (uint8_t)sc->e->rules[rule].info.level;
  c->start = (uint32_t)start;
  c->end = (uint32_t)end;
  return c;
}

/* ---- step 2: words against the index ----------------------------------- */

/* Does the text between two words match a term's separator? "" in the
 * term means spaces or one hyphen; anything else must appear as written,
 * spaces aside, a curly apostrophe standing for a straight one. */
static int gap_matches(const char *s, size_t from, size_t to,
                       const char *want) {
  size_t k = 0;
  int hyphens = 0;
  for (size_t i = from; i < to; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      continue;
    if (c == 0xE2 && i + 2 < to && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x99) {
      c = '\'';
      i += 2;
    }
    if (!want[0]) {
      if (c != '-' || ++hyphens > 1)
        return 0;
      continue;
    }
    if (want[k] != (char)c)
      return 0;
    k++;
  }
  return want[k] == 0;
}

/* Does word k of a term match note word i + k (and, past the first, what
 * stands before it)? */
static int term_word_matches(const pl_text *t, size_t i, const pl_term *term,
                             size_t k) {
  const pl_word *w = &t->words[i + k];
  size_t len = w->end - w->start;
  if (len != term->lens[k])
    return 0;
  if (k && w->sentence != t->words[i].sentence)
    return 0;
  const char *p = t->s + w->start;
  if (term->case_sensitive ? memcmp(p, term->words[k], len) != 0
                           : !pl_fold_equal(p, term->words[k], len))
    return 0;
  return !k || gap_matches(t->s, t->words[i + k - 1].end, w->start,
                           term->gaps[k - 1]);
}

/* Does the term match at note word i, its first word known to? */
static int rest_matches_at(const pl_text *t, size_t i, const pl_term *term) {
  if (i + term->nwords > t->nwords)
    return 0;
  for (size_t k = 1; k < term->nwords; k++)
    if (!term_word_matches(t, i, term, k))
      return 0;
  return 1;
}

int pl_push_pair(uint64_t **list, size_t *n, size_t *cap, uint32_t key,
                 uint32_t sentence) {
  uint64_t v = (uint64_t)key << 32 | sentence;
  if (*n && (*list)[*n - 1] == v)
    return 0;
  uint64_t *p = pl_grow(*list, cap, *n, sizeof *p);
  if (!p)
    return -1;
  *list = p;
  (*list)[(*n)++] = v;
  return 0;
}

static const pl_slot *lookup(const peerlint_engine *e, uint32_t hash) {
  if (!e->nslots)
    return NULL;
  size_t s = hash & (e->nslots - 1);
  while (e->slots[s].count) {
    if (e->slots[s].hash == hash)
      return &e->slots[s];
    s = (s + 1) & (e->nslots - 1);
  }
  return NULL;
}

static int scan_words(scratch *sc) {
  const peerlint_engine *e = sc->e;
  const pl_text *t = &sc->text;
  for (size_t i = 0; i < t->nwords; i++) {
    if (sc->ci && pl_clause_word_at(sc, i))
      return -1;
    const pl_slot *slot = lookup(e, t->words[i].hash);
    if (!slot)
      continue;
    int first_ok = 0;
    for (uint32_t k = 0; k < slot->count; k++) {
      uint32_t ti = e->term_order[slot->first + k];
      const pl_term *term = &e->terms[ti];
      /* the terms of a slot mostly share their first word: one compare */
      size_t at = slot->first + k;
      if (!k || !e->same_first[at])
        first_ok = term_word_matches(t, i, term, 0);
      if (!first_ok || (term->nwords > 1 &&
                        (i + 1 >= t->nwords ||
                         t->words[i + 1].hash != e->second_hash[at])) ||
          !rest_matches_at(t, i, term))
        continue;
      if (term->role == PL_ROLE_TRIGGER) {
        if (pl_push_pair(&sc->triggers, &sc->ntriggers, &sc->triggers_cap,
                         term->rule, t->words[i].sentence))
          return -1;
        continue;
      }
      size_t last = i + term->nwords - 1;
      hit h = {ti, t->words[i].start, t->words[last].end, (uint32_t)i,
               (uint32_t)last, t->words[i].sentence};
      if (push_hit(sc, &h))
        return -1;
    }
  }
  return 0;
}

/* ---- step 3: regexes --------------------------------------------------- */

/* Runs pattern k of a rule over [from, to) of the note; a match never
 * reaches past `to`, while lookbehinds still see what comes before. */
static int run_pattern(scratch *sc, uint32_t ri, size_t k, size_t from,
                       size_t to) {
  const pl_rule *r = &sc->e->rules[ri];
  const char *s = sc->text.s;
  size_t n = to, off = from;
  while (off < n) {
    int rc = pl_pattern_match(&r->re[k], s, n, off, sc->md, sc->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
      return 0;
    if (rc < 0) {
      PCRE2_UCHAR msg[160];
      pcre2_get_error_message(rc, msg, sizeof msg);
      return pl_result_notice(sc->result,
                              "%s: stopped (%s); the other rules still ran",
                              r->info.id, (const char *)msg);
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    size_t start = ov[0], end = ov[1];
    if (end <= start) { /* \K or a lookaround trick: step on */
      off = start + 1;
      while (off < n && ((unsigned char)s[off] & 0xC0) == 0x80)
        off++;
      continue;
    }
    cand *c = pl_push_cand(sc, ri, start, end);
    if (!c)
      return -1;
    c->caps_neutral = r->re_caps[k];
    size_t groups = (size_t)rc < MAX_GROUPS ? (size_t)rc : MAX_GROUPS;
    c->ngroups = (uint8_t)groups;
    for (size_t g = 0; g < 2 * groups; g++)
      c->groups[g] = ov[g] == PCRE2_UNSET ? (size_t)-1 : ov[g];
    off = end;
  }
  return 0;
}

/* Runs rule ri's patterns over sentences first..last, bytes [from, to). */
static int run_rule(scratch *sc, uint32_t ri, uint32_t first, uint32_t last,
                    size_t from, size_t to) {
  const pl_rule *r = &sc->e->rules[ri];
  for (size_t k = 0; k < r->nre; k++)
    if (pl_may_match(sc, r->re_first + (uint32_t)k, first, last) &&
        run_pattern(sc, ri, k, from, to))
      return -1;
  return 0;
}

static int run_regexes(scratch *sc) {
  const peerlint_engine *e = sc->e;
  if (pl_sort_pairs(sc->words, sc->nwords, sc->ci ? sc->ci->nwords : 0) ||
      pl_sort_pairs(sc->triggers, sc->ntriggers, (uint32_t)e->nrules))
    return -1;
  if (sc->ci)
    pl_mark_clauses(sc);
  uint32_t all = sc->text.nsentences ? (uint32_t)sc->text.nsentences - 1 : 0;
  for (uint32_t i = 0; i < e->nrules; i++) {
    const pl_rule *r = &e->rules[i];
    if (sc->only_rule >= 0 && i != (uint32_t)sc->only_rule)
      continue;
    if (!r->disabled && r->kind == PL_REGEX && !r->triggers.n &&
        run_rule(sc, i, 0, all, 0, sc->text.n))
      return -1;
  }
  /* Consecutive sentences of one rule are run as one range: each call
   * into PCRE2 has a fixed cost, and common trigger words are often in
   * sentence after sentence. */
  for (size_t i = 0; i < sc->ntriggers;) {
    uint32_t rule, first, last;
    i = pl_pair_run(sc->triggers, sc->ntriggers, i, &rule, &first, &last);
    int wanted = sc->only_rule < 0 || rule == (uint32_t)sc->only_rule;
    if (wanted && run_rule(sc, rule, first, last,
                           sc->text.sentences[first].start,
                           sc->text.sentences[last].end))
      return -1;
  }
  return 0;
}

static int run_requires(scratch *sc) {
  const peerlint_engine *e = sc->e;
  for (uint32_t i = 0; i < e->nrules; i++) {
    const pl_rule *r = &e->rules[i];
    if (r->disabled || r->kind != PL_REQUIRE)
      continue;
    int rc = pl_pattern_match(r->require_re, sc->text.s, sc->text.n, 0,
                              sc->md, sc->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (!pl_push_cand(sc, i, 0, 0))
        return -1;
    } else if (rc < 0 &&
               pl_result_notice(sc->result, "%s: stopped by a match limit",
                                r->info.id)) {
      return -1;
    }
  }
  return 0;
}

/* ---- near pairs and term matches --------------------------------------- */

/* Near halves sorted by rule, sentence and position, so that each rule's
 * pairs are looked for among the few halves of one sentence. */
typedef struct near_hit {
  uint32_t rule, sentence;
  const hit *h;
  int is_a;
} near_hit;

static int near_order(const void *a, const void *b) {
  const near_hit *x = a, *y = b;
  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  if (x->sentence != y->sentence)
    return x->sentence < y->sentence ? -1 : 1;
  return x->h->start < y->h->start ? -1 : x->h->start > y->h->start;
}

static size_t word_distance(const hit *a, const hit *b) {
  return b->first_word > a->last_word ? b->first_word - a->last_word
                                      : a->first_word - b->last_word;
}

/* For each `a` half, the nearest `b` half within the rule's window. */
static int pair_sentence(scratch *sc, const near_hit *g, size_t n) {
  const pl_rule *r = &sc->e->rules[g[0].rule];
  for (size_t i = 0; i < n; i++) {
    if (!g[i].is_a)
      continue;
    const hit *a = g[i].h, *best = NULL;
    size_t best_dist = (size_t)-1;
    for (size_t j = 0; j < n; j++) {
      const hit *b = g[j].h;
      if (g[j].is_a || (b->start < a->end && a->start < b->end))
        continue; /* the same words cannot be both halves */
      size_t d = word_distance(a, b);
      if (d <= (size_t)r->within && d < best_dist)
        best = b, best_dist = d;
    }
    if (best && !pl_push_cand(sc, g[0].rule, a->start < best->start ? a->start
                                                                : best->start,
                           a->end > best->end ? a->end : best->end))
      return -1;
  }
  return 0;
}

static int near_pairs(scratch *sc) {
  size_t n = 0;
  for (size_t i = 0; i < sc->nhits; i++) {
    uint8_t role = sc->e->terms[sc->hits[i].term].role;
    n += role == PL_ROLE_NEAR_A || role == PL_ROLE_NEAR_B;
  }
  if (!n)
    return 0;
  near_hit *nh = malloc(n * sizeof *nh);
  if (!nh)
    return -1;
  n = 0;
  for (size_t i = 0; i < sc->nhits; i++) {
    const pl_term *t = &sc->e->terms[sc->hits[i].term];
    if (t->role == PL_ROLE_NEAR_A || t->role == PL_ROLE_NEAR_B)
      nh[n++] = (near_hit){t->rule, sc->hits[i].sentence, &sc->hits[i],
                           t->role == PL_ROLE_NEAR_A};
  }
  qsort(nh, n, sizeof *nh, near_order);
  int rc = 0;
  for (size_t i = 0; i < n && !rc;) {
    size_t j = i;
    while (j < n && nh[j].rule == nh[i].rule &&
           nh[j].sentence == nh[i].sentence)
      j++;
    rc = pair_sentence(sc, nh + i, j - i);
    i = j;
  }
  free(nh);
  return rc;
}

/* Is [start, end) inside an exception term of the same rule? */
static int excepted(const scratch *sc, uint32_t ri, size_t start,
                    size_t end) {
  for (size_t i = 0; i < sc->nhits; i++) {
    const pl_term *t = &sc->e->terms[sc->hits[i].term];
    if (t->rule == ri && t->role == PL_ROLE_EXCEPT &&
        sc->hits[i].start <= start && sc->hits[i].end >= end)
      return 1;
  }
  return 0;
}

static int collect_terms(scratch *sc) {
  for (size_t i = 0; i < sc->nhits; i++) {
    const hit *h = &sc->hits[i];
    const pl_term *t = &sc->e->terms[h->term];
    if (t->role != PL_ROLE_MATCH)
      continue;
    cand *c = pl_push_cand(sc, t->rule, h->start, h->end);
    if (!c)
      return -1;
    c->caps_neutral = t->caps_neutral;
  }
  return near_pairs(sc);
}

/* ---- step 4: filters ---------------------------------------------------- */

/* Length of `phrase` (lowercase, single spaces) at s[p], or 0. */
static size_t phrase_at(const char *s, size_t n, size_t p,
                        const char *phrase) {
  size_t i = p;
  for (const char *q = phrase; *q; q++) {
    if (*q == ' ') {
      if (i >= n || (s[i] != ' ' && s[i] != '\t' && s[i] != '\n'))
        return 0;
      while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
        i++;
      continue;
    }
    char c = i < n ? s[i] : 0;
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != *q)
      return 0;
    i++;
  }
  return i - p;
}

/* Has the agency allowed a term that covers this candidate? */
static int allowed(const scratch *sc, const cand *c) {
  const pl_config *cfg = &sc->e->config;
  const char *s = sc->text.s;
  for (size_t a = 0; a < cfg->nallow; a++) {
    const pl_allow *al = &cfg->allow[a];
    if (al->rule && strcmp(al->rule, sc->e->rules[c->rule].info.id))
      continue;
    size_t tl = strlen(al->term);
    size_t from = c->start > 4 * tl + 8 ? c->start - 4 * tl - 8 : 0;
    for (size_t p = from; p <= c->start; p++) {
      size_t len = phrase_at(s, sc->text.n, p, al->term);
      if (len && p + len >= c->end)
        return 1;
    }
  }
  return 0;
}

static int unless_matches(scratch *sc, const pl_rule *r, const cand *c) {
  const pl_text *t = &sc->text;
  if (!t->nsentences)
    return 0;
  size_t first = pl_text_sentence_at(t, c->start);
  const pl_span *sp = &t->sentences[first];
  size_t end = sp->end > c->end ? sp->end : c->end;
  size_t last = end > sp->end ? pl_text_sentence_at(t, end - 1) : first;
  for (size_t k = 0; k < r->nunless; k++) {
    if (!pl_may_match(sc, r->unless_first + (uint32_t)k, (uint32_t)first,
                      (uint32_t)last))
      continue;
    int rc = pl_pattern_match(&r->unless_re[k], t->s, end, sp->start, sc->md,
                              sc->mctx);
    if (rc > 0)
      return 1;
  }
  return 0;
}

static int keep(scratch *sc, const cand *c) {
  const pl_rule *r = &sc->e->rules[c->rule];
  if (sc->only_rule >= 0 && c->rule != (uint32_t)sc->only_rule)
    return 0;
  if (r->kind == PL_REQUIRE)
    return 1;
  if (r->skip_quotes && pl_text_in_quote(&sc->text, c->start, c->end))
    return 0;
  if (r->except.n && excepted(sc, c->rule, c->start, c->end))
    return 0;
  if (r->nunless && unless_matches(sc, r, c))
    return 0;
  if (sc->e->config.nallow && allowed(sc, c))
    return 0;
  return 1;
}

/* ---- overlaps ----------------------------------------------------------- */

static int cand_order(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1; /* longer first */
  if (x->level != y->level)
    return x->level > y->level ? -1 : 1; /* more severe first */
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Should `c` give way to `k`, a candidate kept before it? Strengths and
 * problems never hide each other. One rule says a thing once where its
 * matches overlap. Of two findings on the same words the first in order
 * (the more severe) stays; inside one pack, a finding within a longer one
 * of at least its level adds nothing. */
static int shadowed_by(const peerlint_engine *e, const cand *k,
                       const cand *c) {
  if ((k->level == PEERLINT_STRENGTH) != (c->level == PEERLINT_STRENGTH))
    return 0;
  if (k->rule == c->rule && k->end > c->start)
    return 1;
  if (k->start == c->start && k->end == c->end)
    return 1;
  return k->start <= c->start && k->end >= c->end && k->level >= c->level &&
         e->rules[k->rule].pack == e->rules[c->rule].pack;
}

/* Filters and sorts the candidates in place; returns how many remain. */
static size_t resolve(scratch *sc) {
  size_t kept = 0;
  for (size_t i = 0; i < sc->ncands; i++)
    if (keep(sc, &sc->cands[i]))
      sc->cands[kept++] = sc->cands[i];
  if (kept > 1)
    qsort(sc->cands, kept, sizeof *sc->cands, cand_order);
  size_t out = 0;
  for (size_t i = 0; i < kept; i++) {
    const cand *c = &sc->cands[i];
    int hidden = 0;
    /* kept candidates are in start order; look back a bounded way */
    for (size_t k = out, steps = 0; k-- > 0 && steps < 64; steps++) {
      if (sc->cands[k].end <= c->start && sc->cands[k].start < c->start)
        continue;
      if (shadowed_by(sc->e, &sc->cands[k], c)) {
        hidden = 1;
        break;
      }
    }
    if (!hidden)
      sc->cands[out++] = *c;
  }
  return out;
}

/* ---- findings ------------------------------------------------------------ */

/* The replacement list that applies to this match (map form: by the
 * matched words), or NULL. */
static const pl_strlist *replacements_for(const pl_rule *r, const char *s,
                                          const cand *c) {
  const pl_replace *rp = &r->replace;
  if (!rp->n)
    return NULL;
  if (!rp->keys)
    return &rp->lists[0];
  char key[256];
  size_t k = 0;
  int space = 0;
  for (size_t i = c->start; i < c->end && k + 2 < sizeof key; i++) {
    char ch = s[i];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = k > 0;
      continue;
    }
    if (space)
      key[k++] = ' ';
    space = 0;
    key[k++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
  }
  key[k] = 0;
  const pl_strlist *fallback = NULL;
  for (size_t i = 0; i < rp->n; i++) {
    if (!strcmp(rp->keys[i], key))
      return &rp->lists[i];
    if (!strcmp(rp->keys[i], "*"))
      fallback = &rp->lists[i];
  }
  return fallback;
}

static int add_suggestions(scratch *sc, peerlint_finding *f, const cand *c,
                           const pl_rule *r) {
  if (r->kind == PL_SPELL)
    return pl_spell_suggestions(sc, f, c);
  peerlint_result *res = sc->result;
  const char *s = sc->text.s;
  const pl_strlist *rl = replacements_for(r, s, c);
  size_t nrep = rl ? rl->n : 0, total = nrep + r->suggestions.n;
  if (!total)
    return 0;
  const char **list = pl_arena_alloc(&res->arena, total * sizeof *list);
  if (!list)
    return -1;
  size_t groups[2 * MAX_GROUPS];
  size_t ngroups = c->ngroups ? c->ngroups : 1;
  if (c->ngroups) {
    memcpy(groups, c->groups, sizeof groups);
  } else {
    groups[0] = c->start;
    groups[1] = c->end;
  }
  int sentence_start = pl_text_at_sentence_start(&sc->text, c->start);
  pl_buf b = {0};
  for (size_t i = 0; i < nrep; i++) {
    pl_buf expanded = {0};
    pl_expand(&expanded, rl->items[i], s, groups, ngroups);
    b.len = 0;
    pl_apply_case(&b, s + c->start, c->end - c->start,
                  expanded.data ? expanded.data : "", c->caps_neutral,
                  sentence_start);
    pl_buf_free(&expanded);
    list[i] = pl_arena_strndup(&res->arena, b.data ? b.data : "", b.len);
    if (i == 0 && list[i]) {
      size_t es, ee;
      pl_buf edit = {0};
      pl_make_edit(s, sc->text.n, c->start, c->end, list[0], &es, &ee, &edit);
      f->replacement =
          pl_arena_strndup(&res->arena, edit.data ? edit.data : "", edit.len);
      f->edit_offset = es;
      f->edit_length = ee - es;
      if (!pl_buf_ok(&edit))
        f->replacement = NULL, list[i] = NULL;
      pl_buf_free(&edit);
    }
    if (!list[i] || !pl_buf_ok(&b)) {
      pl_buf_free(&b);
      return -1;
    }
  }
  pl_buf_free(&b);
  total = nrep;
  for (size_t i = 0; i < r->suggestions.n; i++) {
    const char *sg = r->suggestions.items[i];
    size_t k = 0; /* a wording already offered as a rewrite is not repeated */
    while (k < nrep && strcasecmp(list[k], sg))
      k++;
    if (k == nrep)
      list[total++] = sg;
  }
  f->suggestions = list;
  f->n_suggestions = total;
  return 0;
}

static peerlint_finding *push_finding(peerlint_result *r) {
  peerlint_finding *p = pl_grow(r->findings, &r->cap, r->n, sizeof *p);
  if (!p)
    return NULL;
  r->findings = p;
  peerlint_finding *f = &r->findings[r->n++];
  memset(f, 0, sizeof *f);
  return f;
}

static int emit(scratch *sc, size_t ncands, const char *field) {
  pl_cursor cur;
  pl_cursor_init(&cur, sc->text.s, sc->text.n);
  for (size_t i = 0; i < ncands; i++) {
    const cand *c = &sc->cands[i];
    const pl_rule *r = &sc->e->rules[c->rule];
    peerlint_finding *f = push_finding(sc->result);
    if (!f)
      return -1;
    f->rule = r->info.id;
    f->pack = r->info.pack;
    f->field = field;
    f->level = r->info.level;
    f->offset = c->start;
    f->length = c->end - c->start;
    pl_cursor_seek(&cur, c->start, &f->line, &f->column);
    f->text = pl_arena_strndup(&sc->result->arena, sc->text.s + c->start,
                               f->length);
    f->message = r->info.message;
    f->principle = r->info.principle;
    if (!f->text || add_suggestions(sc, f, c, r))
      return -1;
  }
  return 0;
}

/* ---- the entry points ---------------------------------------------------- */

static int check_input(const char *text, size_t len, const char *field,
                       peerlint_error *err) {
  const char *in = field ? " in field " : "";
  const char *name = field ? field : "";
  if (len > PEERLINT_MAX_NOTE)
    return pl_fail(err, PEERLINT_E_INPUT,
                   "the note%s%s is %zu bytes, over the limit of %u bytes", in,
                   name, len, PEERLINT_MAX_NOTE);
  size_t bad;
  int nul;
  if (pl_utf8_check(text, len, &bad, &nul))
    return pl_fail(err, PEERLINT_E_INPUT,
                   nul ? "the note%s%s has a NUL byte at byte offset %zu"
                       : "the note%s%s is not valid UTF-8 at byte offset %zu",
                   in, name, bad);
  return 0;
}

static void scratch_free(scratch *sc) {
  pl_text_free(&sc->text);
  free(sc->hits);
  free(sc->cands);
  free(sc->triggers);
  free(sc->words);
  free(sc->word_seen);
  free(sc->word_at);
  free(sc->where);
  if (sc->md)
    pcre2_match_data_free(sc->md);
  if (sc->mctx)
    pcre2_match_context_free(sc->mctx);
}

int pl_check_into(peerlint_result *res, const char *field, const char *text,
                  size_t len, long only_rule, peerlint_error *err) {
  if (!text && len)
    return pl_fail(err, PEERLINT_E_ARG, "text is NULL");
  if (check_input(text ? text : "", len, field, err))
    return -1;
  const peerlint_engine *e = res->engine;
  scratch sc = {.e = e, .result = res, .only_rule = only_rule};
  const char *f = field ? pl_arena_strdup(&res->arena, field) : NULL;
  sc.md = pcre2_match_data_create(e->max_captures + 1, NULL);
  /* A match context per check: the limits grow with the note so that a
   * long clean note is never cut short, yet a pattern that backtracks
   * badly stops in bounded time. */
  sc.mctx = pcre2_match_context_copy(e->match_context);
  sc.ci = pl_clause_index_for(e, len);
  uint32_t nwords = sc.ci ? sc.ci->nwords : 0;
  sc.word_seen = calloc(nwords / 64 + 1, sizeof *sc.word_seen);
  sc.word_at = malloc((nwords + 1) * sizeof *sc.word_at);
  sc.where = calloc((e->npatterns + 1) * PL_PRE_CLAUSES, sizeof *sc.where);
  int rc = -1;
  if (!sc.md || !sc.mctx || !sc.word_seen || !sc.word_at || !sc.where ||
      (field && !f) ||
      pl_text_analyze(&sc.text, text ? text : "", len))
    goto oom;
  pcre2_set_match_limit(sc.mctx, 10000000u + 32u * (uint32_t)len);
  if (scan_words(&sc) || run_regexes(&sc) || run_requires(&sc) ||
      collect_terms(&sc))
    goto oom;
  if (e->speller) { /* the spelling pass walks candidates in order */
    if (sc.ncands > 1)
      qsort(sc.cands, sc.ncands, sizeof *sc.cands, cand_order);
    if (pl_spell_pass(&sc))
      goto oom;
  }
  if (emit(&sc, resolve(&sc), f))
    goto oom;
  rc = 0;
  goto done;
oom:
  pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
done:
  scratch_free(&sc);
  return rc;
}

/* compile.c: from rules as written to what a check runs.
 *
 * Every term (and every regex rule's trigger words) is split into words and
 * filed in one hash index under its first word. A check then walks the
 * note's words once, looks each up, and verifies only the terms filed
 * there: per-note cost follows the words in the note, not the number of
 * rules. Regexes are compiled here, once; the words they cannot match
 * without are read later, when an engine has checked enough notes for it
 * to pay (compile_clauses.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"
#include "text.h"

/* ---- word forms -------------------------------------------------------- */

static int is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Short words whose forms would only add noise ("the" -> "thes"). */
static int is_function_word(const char *w) {
  static const char *const list[] = {
      "the", "and", "for", "from", "with", "his", "her", "hers", "their",
      "she", "they", "them", "him", "its", "was", "were", "are", "has",
      "had", "have", "not", "but", "out", "off", "any", "all", "our",
      "your", "you", "who", "that", "this", "into", "onto", "than", "then",
      "been", "being", "does", "did", "can", "will", "would", "should",
      "could", "may", "might", "must", "very", NULL};
  for (const char *const *p = list; *p; p++)
    if (!strcmp(*p, w))
      return 1;
  return 0;
}

static void add_form(char out[][64], size_t *n, size_t max, const char *stem,
                     size_t stem_len, const char *suffix) {
  if (*n >= max || stem_len + strlen(suffix) >= 64)
    return;
  memcpy(out[*n], stem, stem_len);
  strcpy(out[*n] + stem_len, suffix);
  (*n)++;
}

size_t pl_inflect(const char *w, char out[][64], size_t max) {
  size_t n = strlen(w), count = 0;
  if (n < 3 || n > 40 || is_function_word(w))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (w[i] < 'a' || w[i] > 'z')
      return 0;
  char last = w[n - 1], before = w[n - 2];
  int consonant_y = last == 'y' && !is_vowel(before);
  /* consonant-vowel-consonant endings double: stop -> stopped */
  int cvc = !is_vowel(last) && last != 'w' && last != 'x' && last != 'y' &&
            is_vowel(before) && !is_vowel(w[n - 3]);
  char doubled[2] = {last, 0};
  /* -s */
  if (last == 's' || last == 'x' || last == 'z' ||
      (last == 'h' && (before == 'c' || before == 's')))
    add_form(out, &count, max, w, n, "es");
  else if (consonant_y)
    add_form(out, &count, max, w, n - 1, "ies");
  else
    add_form(out, &count, max, w, n, "s");
  /* -ed */
  if (last == 'e')
    add_form(out, &count, max, w, n, "d");
  else if (consonant_y)
    add_form(out, &count, max, w, n - 1, "ied");
  else
    add_form(out, &count, max, w, n, "ed");
  /* -ing */
  if (last == 'e' && before == 'i')
    add_form(out, &count, max, w, n - 2, "ying");
  else if (last == 'e' && before != 'e' && before != 'y' && before != 'o')
    add_form(out, &count, max, w, n - 1, "ing");
  else
    add_form(out, &count, max, w, n, "ing");
  if (cvc) {
    char stem[64];
    memcpy(stem, w, n);
    stem[n] = doubled[0];
    add_form(out, &count, max, stem, n + 1, "ed");
    add_form(out, &count, max, stem, n + 1, "ing");
  }
  return count;
}

/* ---- terms ------------------------------------------------------------- */

typedef struct term_list {
  pl_term *items;
  size_t n, cap;
} term_list;

typedef struct split_term {
  char words[16][64];
  char gaps[16][16];
  size_t nwords;
} split_term;

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Splits a term into words and what stands between them. Returns 0, or -1
 * with a reason in *why. */
static int split(const char *s, int fold, split_term *out, const char **why) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = strlen(s), i = 0;
  out->nwords = 0;
  char gap[16];
  size_t gaplen = 0;
  while (i < n) {
    uint32_t cp;
    size_t len = pl_utf8_decode(u + i, n - i, &cp);
    if (!pl_is_word_char(cp)) {
      if (!out->nwords && !is_blank(s[i])) {
        *why = "starts with punctuation, which a term cannot match (use "
               "regex)";
        return -1;
      }
      if (!is_blank(s[i])) {
        if (gaplen + len >= sizeof gap) {
          *why = "has too much punctuation between words";
          return -1;
        }
        /* a curly apostrophe matches a straight one */
        if (cp == 0x2019) {
          gap[gaplen++] = '\'';
        } else {
          memcpy(gap + gaplen, s + i, len);
          gaplen += len;
        }
      }
      i += len;
      continue;
    }
    if (out->nwords == 16) {
      *why = "has more than 16 words";
      return -1;
    }
    if (out->nwords) {
      gap[gaplen] = 0;
      if (gaplen == 1 && gap[0] == '-')
        gaplen = 0, gap[0] = 0; /* a hyphen is as good as a space */
      strcpy(out->gaps[out->nwords - 1], gap);
    }
    gaplen = 0;
    size_t w = 0;
    while (i < n) {
      len = pl_utf8_decode(u + i, n - i, &cp);
      if (!pl_is_word_char(cp))
        break;
      if (w + len >= 64) {
        *why = "has a word longer than 63 bytes";
        return -1;
      }
      for (size_t k = 0; k < len; k++) {
        char c = s[i + k];
        out->words[out->nwords][w++] =
            fold && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
      }
      i += len;
    }
    out->words[out->nwords++][w] = 0;
  }
  if (gaplen) {
    *why = "ends with punctuation, which a term cannot match (use regex)";
    return -1;
  }
  if (!out->nwords) {
    *why = "has no letters or digits (use regex)";
    return -1;
  }
  return 0;
}

static int has_capital(const char *s) {
  for (; *s; s++)
    if (*s >= 'A' && *s <= 'Z')
      return 1;
  return 0;
}

static int push_term(peerlint_engine *e, term_list *tl, const split_term *st,
                     uint32_t rule, pl_role role, int case_sensitive,
                     int caps_neutral) {
  pl_term *p = pl_grow(tl->items, &tl->cap, tl->n, sizeof *p);
  if (!p)
    return -1;
  tl->items = p;
  pl_term *t = &tl->items[tl->n];
  memset(t, 0, sizeof *t);
  t->rule = rule;
  t->role = (uint8_t)role;
  t->nwords = (uint8_t)st->nwords;
  t->case_sensitive = (uint8_t)case_sensitive;
  t->caps_neutral = (uint8_t)caps_neutral;
  t->words = pl_arena_alloc(&e->arena, st->nwords * sizeof(char *));
  t->lens = pl_arena_alloc(&e->arena, st->nwords * sizeof(uint16_t));
  t->gaps = pl_arena_alloc(&e->arena, st->nwords * sizeof(char *));
  if (!t->words || !t->lens || !t->gaps)
    return -1;
  for (size_t i = 0; i < st->nwords; i++) {
    t->words[i] = pl_arena_strdup(&e->arena, st->words[i]);
    t->lens[i] = (uint16_t)strlen(st->words[i]);
    if (!t->words[i])
      return -1;
    if (i + 1 < st->nwords &&
        !(t->gaps[i] = pl_arena_strdup(&e->arena, st->gaps[i])))
      return -1;
  }
  tl->n++;
  return 0;
}

/* Adds a term and, when the rule inflects, each form that changes one of
 * its words. */
static int add_term(peerlint_engine *e, term_list *tl, const pl_rule *r,
                    uint32_t rule, const char *written, size_t line,
                    pl_role role, peerlint_error *err) {
  split_term st;
  const char *why = NULL;
  int fold = !r->case_sensitive || role == PL_ROLE_TRIGGER;
  if (split(written, fold, &st, &why))
    return pl_fail_at(err, PEERLINT_E_PACK, r->info.file, line, 1,
                      "term '%.60s' %s", written, why);
  int neutral = has_capital(written);
  int sensitive = r->case_sensitive && role != PL_ROLE_TRIGGER;
  if (push_term(e, tl, &st, rule, role, sensitive, neutral))
    return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  if (!r->inflect || sensitive)
    return 0;
  for (size_t w = 0; w < st.nwords; w++) {
    char forms[8][64], saved[64];
    size_t nf = pl_inflect(st.words[w], forms, 8);
    strcpy(saved, st.words[w]);
    for (size_t f = 0; f < nf; f++) {
      /* With a dictionary, only real words: "relapsed", not "froms". */
      if (e->speller && !pl_speller_correct(e->speller, forms[f],
                                            strlen(forms[f])))
        continue;
      strcpy(st.words[w], forms[f]);
      if (push_term(e, tl, &st, rule, role, 0, neutral))
        return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    }
    strcpy(st.words[w], saved);
  }
  return 0;
}

static int add_terms(peerlint_engine *e, term_list *tl, uint32_t rule,
                     const pl_strlist *l, pl_role role, peerlint_error *err) {
  const pl_rule *r = &e->rules[rule];
  for (size_t i = 0; i < l->n; i++)
    if (add_term(e, tl, r, rule, l->items[i], l->lines[i], role, err))
      return -1;
  return 0;
}

/* ---- regexes ----------------------------------------------------------- */

pcre2_code *pl_regex_compile(const char *pattern, int case_sensitive,
                             const char *file, size_t line,
                             peerlint_error *err) {
  int code;
  PCRE2_SIZE at;
  /* No PCRE2_UCP: Unicode-aware \b and \w made the heavy patterns 1.3 to
   * 2 times slower (median latency of a 2 KB note 588 -> 455 us measured
   * side by side), and notes are English; caseless matching and \p{L}
   * still see all of Unicode. */
  uint32_t flags = PCRE2_UTF | (case_sensitive ? 0 : PCRE2_CASELESS);
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                 flags, &code, &at, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    pl_fail_at(err, PEERLINT_E_PACK, file, line, 1,
               "regex '%.80s' does not compile at character %zu: %s", pattern,
               (size_t)at, (const char *)msg);
    return NULL;
  }
  return re;
}

/* Capitals written in a pattern (outside escapes like \b, \S) mean the
 * capitals are its own spelling, as with terms: a match in capitals is not
 * shouting, and its rewrite is not shouted. */
static int pattern_has_capital(const char *p) {
  for (; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      continue;
    }
    if (*p >= 'A' && *p <= 'Z')
      return 1;
  }
  return 0;
}

/* Compiles a list of patterns into an arena array, or NULL with a placed
 * error (what was compiled before the failure is freed). */
static pl_pattern *compile_list(peerlint_engine *e, const pl_rule *r,
                                const pl_strlist *l, int forbid_empty,
                                peerlint_error *err) {
  pl_pattern *out = pl_arena_alloc(&e->arena, (l->n + 1) * sizeof *out);
  if (!out) {
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < l->n; i++) {
    pcre2_code *code = pl_regex_compile(l->items[i], r->case_sensitive,
                                        r->info.file, l->lines[i], err);
    uint32_t minlen = 0, groups = 0;
    if (code) {
      pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
      pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
      if (forbid_empty && minlen == 0) {
        pl_fail_at(err, PEERLINT_E_PACK, r->info.file, l->lines[i], 1,
                   "regex '%.80s' can match empty text; it must match at "
                   "least one character",
                   l->items[i]);
        pcre2_code_free(code);
        code = NULL;
      }
    }
    if (!code) {
      for (size_t k = 0; k < i; k++)
        pl_pattern_free(&out[k]);
      return NULL;
    }
    if (groups > e->max_captures)
      e->max_captures = groups;
    pl_pattern_init(&out[i], code, e->no_jit);
  }
  return out;
}

static int compile_patterns(peerlint_engine *e, pl_rule *r,
                            peerlint_error *err) {
  if (r->regex.n) {
    if (!(r->re = compile_list(e, r, &r->regex, 1, err)))
      return -1;
    r->nre = r->regex.n;
    r->re_caps = pl_arena_alloc(&e->arena, r->nre);
    if (!r->re_caps)
      return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    for (size_t k = 0; k < r->nre; k++)
      r->re_caps[k] = (uint8_t)(r->case_sensitive ||
                                pattern_has_capital(r->regex.items[k]));
  }
  if (r->unless.n) {
    if (!(r->unless_re = compile_list(e, r, &r->unless, 0, err)))
      return -1;
    r->nunless = r->unless.n;
  }
  if (r->require) {
    pcre2_code *code = pl_regex_compile(r->require, r->case_sensitive,
                                        r->info.file, r->info.line, err);
    if (!code)
      return -1;
    r->require_re = pl_arena_alloc(&e->arena, sizeof *r->require_re);
    if (!r->require_re) {
      pcre2_code_free(code);
      return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    }
    pl_pattern_init(r->require_re, code, e->no_jit);
  }
  return 0;
}

/* ---- the index --------------------------------------------------------- */

typedef struct keyed {
  uint32_t hash, term;
} keyed;

static int by_hash(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->term < y->term ? -1 : x->term > y->term; /* order as written */
}

static int same_first_word(const pl_term *a, const pl_term *b) {
  return a->case_sensitive == b->case_sensitive && a->lens[0] == b->lens[0] &&
         !strcmp(a->words[0], b->words[0]);
}

static int build_index(peerlint_engine *e) {
  if (!e->nterms)
    return 0;
  keyed *k = malloc(e->nterms * sizeof *k);
  e->term_order = malloc(e->nterms * sizeof *e->term_order);
  if (!k || !e->term_order) {
    free(k);
    return -1;
  }
  for (uint32_t i = 0; i < e->nterms; i++) {
    k[i].hash = pl_fold_hash(e->terms[i].words[0], e->terms[i].lens[0]);
    k[i].term = i;
  }
  qsort(k, e->nterms, sizeof *k, by_hash);
  size_t groups = 0;
  for (size_t i = 0; i < e->nterms; i++) {
    e->term_order[i] = k[i].term;
    if (i == 0 || k[i].hash != k[i - 1].hash)
      groups++;
  }
  e->nslots = 16;
  while (e->nslots < groups * 2)
    e->nslots *= 2;
  e->slots = calloc(e->nslots, sizeof *e->slots);
  if (!e->slots) {
    free(k);
    return -1;
  }
  e->same_first = calloc(e->nterms, 1);
  e->second_hash = calloc(e->nterms, sizeof *e->second_hash);
  if (!e->same_first || !e->second_hash) {
    free(k);
    return -1;
  }
  for (size_t i = 0; i < e->nterms;) {
    size_t j = i;
    while (j < e->nterms && k[j].hash == k[i].hash)
      j++;
    for (size_t at = i + 1; at < j; at++)
      e->same_first[at] = (uint8_t)same_first_word(&e->terms[k[at - 1].term],
                                                   &e->terms[k[at].term]);
    for (size_t at = i; at < j; at++) {
      const pl_term *t = &e->terms[k[at].term];
      if (t->nwords > 1)
        e->second_hash[at] = pl_fold_hash(t->words[1], t->lens[1]);
    }
    size_t slot = k[i].hash & (e->nslots - 1);
    while (e->slots[slot].count)
      slot = (slot + 1) & (e->nslots - 1);
    e->slots[slot].hash = k[i].hash;
    e->slots[slot].first = (uint32_t)i;
    e->slots[slot].count = (uint32_t)(j - i);
    i = j;
  }
  free(k);
  return 0;
}

/* ---- the agency config ------------------------------------------------- */

static int add_override(peerlint_engine *e, const char *fmt, const char *a,
                        const char *b) {
  char line[512];
  snprintf(line, sizeof line, fmt, a, b);
  const char **grown =
      realloc(e->overrides, (e->noverrides + 1) * sizeof *grown);
  if (!grown)
    return -1;
  e->overrides = grown;
  if (!(e->overrides[e->noverrides] = pl_arena_strdup(&e->arena, line)))
    return -1;
  e->noverrides++;
  return 0;
}

static pl_rule *find_rule(peerlint_engine *e, const char *id) {
  for (size_t i = 0; i < e->nrules; i++)
    if (!strcmp(e->rules[i].info.id, id))
      return &e->rules[i];
  return NULL;
}

static int pack_loaded(const peerlint_engine *e, const char *name) {
  for (size_t i = 0; i < e->npacks; i++)
    if (!strcmp(e->packs[i]->name, name))
      return 1;
  return 0;
}

/* Switches packs and rules off, changes levels and records each override
 * so that a reviewer sees what is in force. A config naming a pack or rule
 * that does not exist is an error: a typo must not silently do nothing. */
static int apply_config(peerlint_engine *e, peerlint_error *err) {
  const pl_config *c = &e->config;
  for (size_t i = 0; i < c->ndisabled_packs; i++) {
    if (!pack_loaded(e, c->disabled_packs[i]))
      return pl_fail_at(err, PEERLINT_E_CONFIG, c->file, 1, 1,
                        "packs.disable names '%s', which is not a loaded pack",
                        c->disabled_packs[i]);
    for (size_t r = 0; r < e->nrules; r++)
      if (!strcmp(e->rules[r].info.pack, c->disabled_packs[i]))
        e->rules[r].disabled = 1;
    if (add_override(e, "pack %s: off%s", c->disabled_packs[i], ""))
      return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  }
  for (size_t i = 0; i < c->nrules; i++) {
    const pl_rule_override *o = &c->rules[i];
    pl_rule *r = find_rule(e, o->id);
    if (!r)
      return pl_fail_at(err, PEERLINT_E_CONFIG, c->file, o->line, o->col,
                        "rules names '%s', which is not a loaded rule "
                        "(peerlint list shows them)",
                        o->id);
    int fail = 0;
    if (o->disabled) {
      r->disabled = 1;
      fail = add_override(e, "rule %s: off%s", o->id, "");
    } else if (o->level >= 0) {
      r->info.level = (peerlint_level)o->level;
      fail = add_override(e, "rule %s: level %s", o->id,
                          peerlint_level_name((peerlint_level)o->level));
    }
    if (fail)
      return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  }
  for (size_t i = 0; i < c->nallow; i++) {
    const pl_allow *a = &c->allow[i];
    if (a->rule && !find_rule(e, a->rule))
      return pl_fail(err, PEERLINT_E_CONFIG,
                     "%s: allow names rule '%s', which is not a loaded rule",
                     c->file, a->rule);
    char what[256];
    snprintf(what, sizeof what, "'%s'%s%s", a->term, a->rule ? " in " : "",
             a->rule ? a->rule : "");
    if (add_override(e, "allow %s: %s", what, a->reason))
      return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  }
  e->fail_level = c->fail_on >= 0 ? c->fail_on : PEERLINT_ERROR;
  return 0;
}

/* ---- putting it together ----------------------------------------------- */

/* The public list of safe rewrites: the list form, or the map's "*". */
static void expose_replace(pl_rule *r) {
  const pl_replace *rp = &r->replace;
  for (size_t i = 0; i < rp->n; i++) {
    if (!rp->keys || !strcmp(rp->keys[i], "*")) {
      r->info.replace = rp->lists[i].items;
      r->info.n_replace = rp->lists[i].n;
      return;
    }
  }
  if (rp->n) { /* a map without fallback: show its first entry */
    r->info.replace = rp->lists[0].items;
    r->info.n_replace = rp->lists[0].n;
  }
}

static int compile_rule(peerlint_engine *e, term_list *tl, uint32_t i,
                        peerlint_error *err) {
  pl_rule *r = &e->rules[i];
  if (compile_patterns(e, r, err))
    return -1;
  /* numbers for the clauses of its patterns (compile_clauses.c) */
  r->re_first = e->npatterns;
  r->unless_first = e->npatterns + (uint32_t)r->regex.n;
  e->npatterns += (uint32_t)(r->regex.n + r->unless.n);
  if (add_terms(e, tl, i, &r->terms, PL_ROLE_MATCH, err) ||
      add_terms(e, tl, i, &r->except, PL_ROLE_EXCEPT, err) ||
      add_terms(e, tl, i, &r->near_a, PL_ROLE_NEAR_A, err) ||
      add_terms(e, tl, i, &r->near_b, PL_ROLE_NEAR_B, err) ||
      add_terms(e, tl, i, &r->triggers, PL_ROLE_TRIGGER, err))
    return -1;
  return 0;
}

int pl_compile(peerlint_engine *e, peerlint_error *err) {
  if (apply_config(e, err))
    return -1;
  term_list tl = {0};
  for (uint32_t i = 0; i < e->nrules; i++) {
    pl_rule *r = &e->rules[i];
    r->info.enabled = !r->disabled;
    expose_replace(r);
    if (r->disabled)
      continue;
    if (compile_rule(e, &tl, i, err)) {
      free(tl.items);
      return -1;
    }
  }
  e->terms = tl.items;
  e->nterms = tl.n;
  e->match_context = pcre2_match_context_create(NULL);
  e->clauses = pl_lazy_clauses_new();
  if (!e->match_context || !e->clauses || build_index(e))
    return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  /* Bounds for a pattern that backtracks badly: see check.c. */
  pcre2_set_depth_limit(e->match_context, 10000);
  pcre2_set_heap_limit(e->match_context, 20 * 1024);
  pcre2_set_match_limit(e->match_context, 10 * 1000 * 1000);
  return 0;
}

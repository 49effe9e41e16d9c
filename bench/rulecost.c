/* rulecost.c: which regex rules the check time goes to.
 *
 *   rulecost RULES_DIR CORPUS_DIR [LIMIT [TOP]]   (defaults: 1000 notes, 12)
 *
 * A diagnostic, not a figure to hold to a goal. It reads the engine's
 * compiled rules (the internal header, read only, as the tests do) and,
 * for each note, runs each regex rule's patterns the way check.c does:
 * over each run of consecutive sentences holding one of the rule's
 * trigger words (the whole note for a rule without triggers), skipping a
 * pattern where one of its clauses (prefilter.h) has no word, and timing
 * every match, left to right. Trigger and clause words are found as
 * check.c finds them, through the engine's index; what stands between
 * the words of a multi-word trigger is not looked at, so "triggered" is a
 * close approximation. The notes are gone over twice and the second time
 * is timed: patterns are then JIT-compiled, as in a long-running check
 * (pattern.h). With RULECOST_NO_CLAUSES=1 in the environment no pattern
 * is skipped, as before clauses were: what they save. */
#include <stdint.h>

#include "../include/peerlint.h"
#include "check.h" /* pl_pair_run() */
#include "common.h"
#include "engine.h"
#include "text.h"

typedef struct cost {
  uint32_t rule;
  size_t notes_run, matches, runs, skipped;
  double seconds;
} cost;

/* key << 32 | sentence, for trigger words (key: rule) and clause words
 * (key: word number) */
typedef struct pairs {
  uint64_t *v;
  size_t n, cap;
} pairs;

static void push(pairs *p, uint32_t key, uint32_t sentence) {
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 256;
    p->v = realloc(p->v, p->cap * sizeof *p->v);
    if (!p->v)
      exit(2);
  }
  p->v[p->n++] = (uint64_t)key << 32 | sentence;
}

static int by_value(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int word_is(const pl_text *t, size_t i, const char *w, size_t n) {
  const pl_word *pw = &t->words[i];
  if (pw->end - pw->start != n)
    return 0;
  for (size_t k = 0; k < n; k++) {
    char c = t->s[pw->start + k];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != w[k])
      return 0;
  }
  return 1;
}

static const pl_slot *lookup(const peerlint_engine *e, uint32_t hash) {
  for (size_t s = hash & (e->nslots - 1); e->slots[s].count;
       s = (s + 1) & (e->nslots - 1))
    if (e->slots[s].hash == hash)
      return &e->slots[s];
  return NULL;
}

/* The clause word that note word i is, or -1. */
static long clause_word(const pl_clause_index *ci, const pl_text *t, size_t i) {
  for (size_t at = t->words[i].hash & (ci->nslots - 1); ci->slot[at].word;
       at = (at + 1) & (ci->nslots - 1)) {
    uint32_t w = ci->slot[at].word - 1;
    if (word_is(t, i, ci->word[w], strlen(ci->word[w])))
      return w;
  }
  return -1;
}

/* Where the trigger and clause words occur, as check.c's walk finds
 * them. */
static void find_words(const peerlint_engine *e, const pl_clause_index *ci,
                       const pl_text *t, pairs *triggers, pairs *words) {
  triggers->n = words->n = 0;
  for (size_t i = 0; e->nslots && i < t->nwords; i++) {
    long cw = clause_word(ci, t, i);
    if (cw >= 0)
      push(words, (uint32_t)cw, t->words[i].sentence);
    const pl_slot *slot = lookup(e, t->words[i].hash);
    for (uint32_t k = 0; slot && k < slot->count; k++) {
      const pl_term *term = &e->terms[e->term_order[slot->first + k]];
      if (term->role != PL_ROLE_TRIGGER)
        continue;
      size_t w = 0;
      while (w < term->nwords && i + w < t->nwords &&
             word_is(t, i + w, term->words[w], term->lens[w]))
        w++;
      if (w == term->nwords)
        push(triggers, term->rule, t->words[i].sentence);
    }
  }
  qsort(triggers->v, triggers->n, sizeof *triggers->v, by_value);
  qsort(words->v, words->n, sizeof *words->v, by_value);
}

static int word_in(const pairs *words, uint32_t w, uint32_t first,
                   uint32_t last) {
  for (size_t i = 0; i < words->n; i++)
    if (words->v[i] >> 32 == w && (uint32_t)words->v[i] >= first &&
        (uint32_t)words->v[i] <= last)
      return 1;
  return 0;
}

static int no_clauses; /* RULECOST_NO_CLAUSES=1 */

/* check_clauses.c's pl_may_match(). */
static int may_match(const pl_text *t, const pairs *words, const pl_clauses *c,
                     uint32_t first, uint32_t last) {
  if (!t->ascii_words || no_clauses)
    return 1;
  for (size_t i = 0, w = 0; i < c->n; i++) {
    int found = 0;
    for (; w < c->end[i] && !found; w++)
      found = word_in(words, c->word[w], first, last);
    if (!found)
      return 0;
    w = c->end[i];
  }
  return 1;
}

/* Runs rule ri's patterns over sentences first..last; returns 1 when
 * one ran. */
static int run_rule(const peerlint_engine *e, const pl_clause_index *ci,
                    uint32_t ri, const pl_text *t, const pairs *words,
                    uint32_t first, uint32_t last, pcre2_match_data *md,
                    cost *c) {
  const pl_rule *r = &e->rules[ri];
  size_t from = t->nsentences ? t->sentences[first].start : 0;
  size_t to = t->nsentences ? t->sentences[last].end : t->n;
  if (!r->triggers.n)
    from = 0, to = t->n;
  int ran = 0;
  for (size_t k = 0; k < r->nre; k++) {
    if (!may_match(t, words, &ci->of[r->re_first + k], first, last)) {
      c->skipped++;
      continue;
    }
    double s = now_s();
    for (size_t off = from; off < to;) {
      int rc = pl_pattern_match(&r->re[k], t->s, to, off, md, e->match_context);
      if (rc < 0)
        break;
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
      c->matches++;
      off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    c->seconds += now_s() - s;
    c->runs++;
    ran = 1;
  }
  return ran;
}

/* Every regex rule over one note, as check.c runs them. */
static void run_note(const peerlint_engine *e, const pl_clause_index *ci,
                     const pl_text *t, const pairs *triggers,
                     const pairs *words, pcre2_match_data *md, cost *costs) {
  uint32_t all = t->nsentences ? (uint32_t)t->nsentences - 1 : 0;
  for (uint32_t ri = 0; ri < e->nrules; ri++) {
    const pl_rule *r = &e->rules[ri];
    if (!r->disabled && r->kind == PL_REGEX && !r->triggers.n)
      costs[ri].notes_run +=
          (size_t)run_rule(e, ci, ri, t, words, 0, all, md, &costs[ri]);
  }
  uint32_t last_rule = UINT32_MAX;
  for (size_t i = 0; i < triggers->n;) {
    uint32_t rule, first, last;
    i = pl_pair_run(triggers->v, triggers->n, i, &rule, &first, &last);
    int ran = run_rule(e, ci, rule, t, words, first, last, md, &costs[rule]);
    costs[rule].notes_run += ran && rule != last_rule;
    last_rule = ran ? rule : last_rule;
  }
}

static int by_seconds(const void *a, const void *b) {
  const cost *x = a, *y = b;
  return x->seconds > y->seconds ? -1 : x->seconds < y->seconds;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: rulecost RULES_DIR CORPUS_DIR [LIMIT [TOP]]\n");
    return 2;
  }
  size_t limit = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000;
  const char *nc = getenv("RULECOST_NO_CLAUSES");
  no_clauses = nc && *nc == '1';
  size_t top = argc > 4 ? strtoul(argv[4], NULL, 10) : 12;
  peerlint_options opts = {.rules_dir = argv[1], .no_spell = 1};
  peerlint_error err;
  peerlint_engine *e = peerlint_engine_new(&opts, &err);
  if (!e) {
    fprintf(stderr, "rulecost: %s\n", err.message);
    return 2;
  }
  const pl_clause_index *ci = pl_clause_index_now(e); /* as after a few */
  if (!ci)
    return 2;
  corpus c = load_corpus(argv[2], limit, 0, (size_t)-1);
  cost *costs = calloc(e->nrules, sizeof *costs);
  pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
  pairs triggers = {0}, words = {0};
  if (!costs || !md)
    return 2;
  size_t nregex = 0;
  for (uint32_t r = 0; r < e->nrules; r++)
    nregex += e->rules[r].kind == PL_REGEX && !e->rules[r].disabled;
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t r = 0; r < e->nrules; r++)
      costs[r] = (cost){.rule = r};
    for (size_t i = 0; i < c.n; i++) {
      pl_text t;
      if (pl_text_analyze(&t, c.notes[i].text, c.notes[i].len))
        return 2;
      find_words(e, ci, &t, &triggers, &words);
      run_note(e, ci, &t, &triggers, &words, md, costs);
      pl_text_free(&t);
    }
  }
  double total = 0;
  size_t runs = 0, skipped = 0;
  for (uint32_t r = 0; r < e->nrules; r++) {
    total += costs[r].seconds;
    runs += costs[r].runs;
    skipped += costs[r].skipped;
  }
  qsort(costs, e->nrules, sizeof *costs, by_seconds);
  printf("regex time by rule over %zu notes (%.2f MB), %zu regex rules: "
         "%.3f s in all, %.0f us/note; clauses skipped %.0f%% of %zu "
         "pattern runs\n",
         c.n, (double)c.bytes / 1e6, nregex, total, total / (double)c.n * 1e6,
         100.0 * (double)skipped /
             (double)(runs + skipped ? runs + skipped : 1),
         runs + skipped);
  printf("  %-36s %8s %5s %6s %8s %8s %8s\n", "rule", "patterns", "ran",
         "share", "matches", "us/note", "skipped");
  for (size_t i = 0; i < top && i < e->nrules && costs[i].seconds > 0; i++) {
    const cost *k = &costs[i];
    const pl_rule *rule = &e->rules[k->rule];
    size_t tried = k->runs + k->skipped;
    printf("  %-36s %8zu %4.0f%% %5.1f%% %8zu %8.1f %7.0f%%\n", rule->info.id,
           rule->nre, 100.0 * (double)k->notes_run / (double)c.n,
           100.0 * k->seconds / total, k->matches,
           k->seconds / (double)k->notes_run * 1e6,
           100.0 * (double)k->skipped / (double)(tried ? tried : 1));
  }
  pcre2_match_data_free(md);
  free(triggers.v);
  free(words.v);
  free(costs);
  free_corpus(&c);
  peerlint_engine_free(e);
  return 0;
}

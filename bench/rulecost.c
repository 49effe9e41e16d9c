/* rulecost.c: which regex rules the check time goes to.
 *
 *   rulecost RULES_DIR CORPUS_DIR [LIMIT [TOP]]   (defaults: 1000 notes, 12)
 *
 * A diagnostic, not a figure to hold to a goal. It reads the engine's
 * compiled rules (the internal header, read only, as the tests do) and, for
 * each note and each regex rule whose trigger words occur in the note (the
 * rules a check runs), times the rule's patterns over the note the way
 * check.c runs them: every match, left to right. Trigger words are matched
 * word by word, case-folded, ignoring what stands between the words of a
 * multi-word trigger, so "triggered" is a close approximation. */
#include <stdint.h>

#include "../include/peerlint.h"
#include "common.h"
#include "engine.h"
#include "text.h"

typedef struct cost {
  uint32_t rule;
  size_t notes_triggered, matches;
  double seconds;
} cost;

static int by_seconds(const void *a, const void *b) {
  const cost *x = a, *y = b;
  return x->seconds > y->seconds ? -1 : x->seconds < y->seconds;
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

static void mark_triggers(const peerlint_engine *e, const pl_text *t,
                          unsigned char *triggered) {
  memset(triggered, 0, e->nrules);
  for (size_t ti = 0; ti < e->nterms; ti++) {
    const pl_term *term = &e->terms[ti];
    if (term->role != PL_ROLE_TRIGGER || triggered[term->rule])
      continue;
    uint32_t h = pl_fold_hash(term->words[0], term->lens[0]);
    for (size_t i = 0; i + term->nwords <= t->nwords; i++) {
      if (t->words[i].hash != h)
        continue;
      size_t k = 0;
      while (k < term->nwords &&
             word_is(t, i + k, term->words[k], term->lens[k]))
        k++;
      if (k == term->nwords) {
        triggered[term->rule] = 1;
        break;
      }
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: rulecost RULES_DIR CORPUS_DIR [LIMIT [TOP]]\n");
    return 2;
  }
  size_t limit = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000;
  size_t top = argc > 4 ? strtoul(argv[4], NULL, 10) : 12;
  peerlint_options opts = {.rules_dir = argv[1], .no_spell = 1};
  peerlint_error err;
  peerlint_engine *e = peerlint_engine_new(&opts, &err);
  if (!e) {
    fprintf(stderr, "rulecost: %s\n", err.message);
    return 2;
  }
  corpus c = load_corpus(argv[2], limit, 0, (size_t)-1);
  cost *costs = calloc(e->nrules, sizeof *costs);
  unsigned char *triggered = calloc(e->nrules + 1, 1);
  pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
  if (!costs || !triggered || !md)
    return 2;
  size_t nregex = 0;
  for (uint32_t r = 0; r < e->nrules; r++) {
    costs[r].rule = r;
    nregex += e->rules[r].kind == PL_REGEX && !e->rules[r].disabled;
  }
  double total = 0;
  for (size_t i = 0; i < c.n; i++) {
    pl_text t;
    if (pl_text_analyze(&t, c.notes[i].text, c.notes[i].len))
      return 2;
    mark_triggers(e, &t, triggered);
    for (uint32_t r = 0; r < e->nrules; r++) {
      const pl_rule *rule = &e->rules[r];
      if (rule->disabled || rule->kind != PL_REGEX ||
          (rule->triggers.n && !triggered[r]))
        continue;
      double s = now_s();
      for (size_t k = 0; k < rule->nre; k++) {
        size_t off = 0;
        while (off < t.n) {
          int rc = pl_pattern_match(&rule->re[k], t.s, t.n, off, md,
                                    e->match_context);
          if (rc < 0)
            break;
          PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
          costs[r].matches++;
          off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
      }
      double dt = now_s() - s;
      costs[r].seconds += dt;
      costs[r].notes_triggered++;
      total += dt;
    }
    pl_text_free(&t);
  }
  qsort(costs, e->nrules, sizeof *costs, by_seconds);
  printf("regex time by rule over %zu notes (%.2f MB), %zu regex rules: "
         "%.3f s in all, %.0f us/note\n",
         c.n, (double)c.bytes / 1e6, nregex, total,
         total / (double)c.n * 1e6);
  printf("  %-36s %9s %6s %7s %9s %10s\n", "rule", "patterns", "ran", "share",
         "matches", "us/run");
  for (size_t i = 0; i < top && i < e->nrules && costs[i].seconds > 0; i++) {
    const pl_rule *rule = &e->rules[costs[i].rule];
    printf("  %-36s %9zu %5.0f%% %6.1f%% %9zu %10.1f\n", rule->info.id,
           rule->nre, 100.0 * (double)costs[i].notes_triggered / (double)c.n,
           100.0 * costs[i].seconds / total, costs[i].matches,
           costs[i].seconds / (double)costs[i].notes_triggered * 1e6);
  }
  pcre2_match_data_free(md);
  free(costs);
  free(triggered);
  free_corpus(&c);
  peerlint_engine_free(e);
  return 0;
}

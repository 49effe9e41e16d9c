/* test_prefilter.c: the words a regex cannot match without (prefilter.h).
 *
 * A clause is a promise that lets a check skip a pattern, so a wrong one
 * loses findings. Besides what a few patterns must and must not promise,
 * every pattern of the shipped packs is run over every rule example and
 * every sentence of tests/corpus, and each of its matches must hold a
 * word of each of its clauses, as a whole word of the note; likewise the
 * `unless` patterns. */
#include "testutil.h"

#include "engine.h"
#include "text.h"

static pl_prefilter *PF;
static pl_pre_clauses C;

static int setup(void **state) {
  (void)state;
  PF = pl_prefilter_new();
  return PF ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  pl_prefilter_free(PF);
  return 0;
}

static void derive(const char *pattern) {
  assert_int_equal(pl_prefilter_derive(PF, pattern, &C), 0);
}

/* Is there a clause of exactly these words (space-separated, any
 * order)? */
static int has_clause(const char *words) {
  for (size_t i = 0; i < C.n; i++) {
    size_t found = 0, want = 0;
    char copy[256];
    snprintf(copy, sizeof copy, "%s", words);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
      want++;
      for (size_t k = 0; k < C.nwords[i]; k++)
        found += !strcmp(pl_prefilter_word(PF, C.words[i][k]), w);
    }
    if (found == want && want == C.nwords[i])
      return 1;
  }
  return 0;
}

static void test_words_of_an_alternation(void **state) {
  (void)state;
  derive("\\bhe\\s+(?:said|says|told\\s+me)\\b");
  assert_true(has_clause("said says told"));
}

static void test_words_built_from_parts(void **state) {
  (void)state;
  derive("\\breport(?:ed|ing)?\\s+to\\b");
  assert_true(has_clause("report reported reporting"));
  derive("\\bnon-?compliant\\b"); /* "non-compliant" is two words */
  assert_true(has_clause("noncompliant non"));
}

static void test_what_can_be_left_out_is_not_promised(void **state) {
  (void)state;
  derive("\\b(?:very\\s+)?sad\\b");
  assert_int_equal(C.n, 1);
  assert_true(has_clause("sad"));
  /* what may follow "sad" may be nothing: then "sadness" matches */
  derive("\\bsad(?:\\s+today)?");
  assert_int_equal(C.n, 0);
  derive("(?:today\\s+)?sad\\b"); /* and "glad" before it */
  assert_int_equal(C.n, 0);
  /* nothing between "is" and "low": one word "islow" is a match too */
  derive("\\b(?:is|was)?\\s*low\\b");
  assert_true(has_clause("low islow waslow"));
}

/* A caseless KELVIN SIGN or LONG S in a pattern matches "k" or "s". */
static void test_letters_beyond_ascii_that_match_ascii(void **state) {
  (void)state;
  derive("\\b\\x{212A}ids\\b");
  assert_true(has_clause("kids"));
  derive("\\bre[\\x{17F}]ults\\b"); /* a class: nothing, but never "ults" */
  assert_false(has_clause("ults"));
}

static void test_boundaries_seen_by_lookarounds(void **state) {
  (void)state;
  derive("(?<=\\s)team(?![\\w-])");
  assert_true(has_clause("team"));
  derive("(?<=\\s)team(?![a-z])"); /* "teamB": not a boundary */
  assert_int_equal(C.n, 0);
}

static void test_parts_of_words_promise_nothing(void **state) {
  (void)state;
  derive("\\bsuicid\\w*");
  assert_int_equal(C.n, 0);
  derive("team"); /* inside "steamed" too */
  assert_int_equal(C.n, 0);
  derive("\\bthe\\s+\\w+\\b"); /* only a word in every sentence */
  assert_int_equal(C.n, 0);
}

static void test_what_is_not_understood_promises_nothing(void **state) {
  (void)state;
  const char *const patterns[] = {"(?x) \\b team \\b",  "\\bteam(?R)?\\b",
                                  "(?(1)\\bteam\\b|x)", "\\bteam\\b)",
                                  "\\Qteam\\E\\b\\c",   NULL};
  for (const char *const *p = patterns; *p; p++) {
    derive(*p);
    assert_int_equal(C.n, 0);
  }
}

/* Words longer than a token string: the reader must stay within its
 * strings (fuzz/regressions/prefilter/long-literal-overflows-sequence-ends,
 * where the end of a sequence was written past one). */
static void add_run(char *s, char c, size_t n) {
  size_t len = strlen(s);
  memset(s + len, c, n);
  s[len + n] = 0;
}

static void test_words_longer_than_a_string(void **state) {
  (void)state;
  char pattern[1024] = "";
  strcat(pattern, "\\b(?:paranoidhe|he|they|y,u)(?:'ll|\\s+wi");
  add_run(pattern, 'I', 117);
  strcat(pattern, "ll|\\s+would|\\s+could|\\s+mi\\s+schizos+");
  strcat(pattern, "schizophrenics|schizophrenics|bipolars|borderlines|");
  strcat(pattern, "psychotics|manic[\\s-]depressives|deprephrenics|");
  strcat(pattern, "schizophrenics|bipolars|borderlines|psychotics|");
  strcat(pattern, "manic[\\s-]depres");
  add_run(pattern, 'I', 54);
  strcat(pattern, "ll|\\s+wousives|depressives|anorexics|bulimics|");
  strcat(pattern, "epileptics)\\b");
  derive(pattern);
  for (size_t i = 0; i < C.n; i++)
    for (size_t k = 0; k < C.nwords[i]; k++)
      assert_true(strlen(pl_prefilter_word(PF, C.words[i][k])) <
                  PL_PRE_WORD_MAX);
}

/* ---- every shipped pattern, over real sentences ------------------------ */

typedef struct texts {
  char **items;
  size_t n, cap;
} texts;

static void add_text(texts *t, const char *s) {
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 1024;
    t->items = realloc(t->items, t->cap * sizeof *t->items);
    assert_non_null(t->items);
  }
  t->items[t->n++] = strdup(s);
}

static void add_corpus(texts *t) {
  const char *const families[] = {"person-first", "diagnostic", "medication",
                                  "deficit",      "directive",  "shorthand",
                                  "out-of-role",  "strengths",  NULL};
  for (const char *const *f = families; *f; f++) {
    char path[256], line[4096];
    snprintf(path, sizeof path, "tests/corpus/%s.tsv", *f);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    while (fgets(line, sizeof line, in)) {
      line[strcspn(line, "\r\n")] = 0;
      char *tab = strchr(line, '\t');
      if (tab && line[0] != '#')
        add_text(t, tab + 1);
    }
    fclose(in);
  }
}

static void add_examples(texts *t, const peerlint_engine *e) {
  for (size_t i = 0; i < peerlint_rule_count(e); i++) {
    const peerlint_rule_info *r = peerlint_rule_at(e, i);
    for (size_t k = 0; k < r->n_bad; k++)
      add_text(t, r->bad[k]);
    for (size_t k = 0; k < r->n_good; k++)
      add_text(t, r->good[k]);
    for (size_t k = 0; k < r->n_fix; k++)
      add_text(t, r->fix_in[k]);
  }
}

/* Does a word of clause k occur in [from, to) of the text? */
static int clause_met(const pl_text *t, const pl_clauses *c, size_t k,
                      const char *const *words, size_t from, size_t to) {
  for (size_t w = k ? c->end[k - 1] : 0; w < c->end[k]; w++)
    if (pl_text_has_word(t, words[c->word[w]], from, to))
      return 1;
  return 0;
}

/* Every match of a pattern in t meets every clause, between where the
 * search started and where the match ends (\K may leave a clause's word
 * before the match). */
static void check_pattern(const pl_rule *r, const pl_pattern *p,
                          const pl_clauses *c, size_t k, const pl_text *t,
                          const char *const *words, pcre2_match_data *md) {
  size_t off = 0;
  while (off < t->n) {
    int rc = pcre2_match(p->code, (PCRE2_SPTR)t->s, t->n, off, 0, md, NULL);
    if (rc < 0)
      break;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    for (size_t i = 0; i < c->n; i++)
      if (!clause_met(t, c, i, words, off, ov[1]))
        fail_msg("%s pattern %zu: clause %zu not met by the match '%.*s' "
                 "in: %s",
                 r->info.id, k, i, (int)(ov[1] - ov[0]), t->s + ov[0], t->s);
    off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
  }
}

static void test_shipped_clauses_hold(void **state) {
  (void)state;
  peerlint_engine *e = shipped_engine();
  assert_non_null(e);
  texts t = {0};
  add_corpus(&t);
  add_examples(&t, e);
  const pl_clause_index *ci = pl_clause_index_now(e);
  assert_non_null(ci);
  pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
  size_t with_clauses = 0, patterns = 0;
  for (size_t i = 0; i < t.n; i++) {
    pl_text text;
    assert_int_equal(pl_text_analyze(&text, t.items[i], strlen(t.items[i])), 0);
    for (size_t ri = 0; text.ascii_words && ri < e->nrules; ri++) {
      const pl_rule *r = &e->rules[ri];
      for (size_t k = 0; k < r->nre + r->nunless; k++) {
        int unless = k >= r->nre;
        const pl_pattern *p = unless ? &r->unless_re[k - r->nre] : &r->re[k];
        const pl_clauses *c =
            &ci->of[unless ? r->unless_first + k - r->nre : r->re_first + k];
        if (!i) {
          patterns++;
          with_clauses += c->n > 0;
        }
        if (c->n)
          check_pattern(r, p, c, k, &text, ci->word, md);
      }
    }
    pl_text_free(&text);
    free(t.items[i]);
  }
  /* the reader still understands most of the packs */
  assert_true(with_clauses * 10 > patterns * 9);
  pcre2_match_data_free(md);
  free(t.items);
  peerlint_engine_free(e);
}

/* A note with a word beyond ASCII: \b (ASCII) sees "team" in "teamé"
 * where the note's words do not, so every pattern runs. */
static void test_notes_beyond_ascii_run_every_pattern(void **state) {
  (void)state;
  const char *pack =
      "name: p\ntitle: P\nprinciple: x\nsource: x\nlevel: warning\n"
      "rules:\n"
      "  - id: team\n"
      "    message: \"A team.\"\n"
      "    regex: '\\bteam\\b'\n"
      "    examples:\n"
      "      bad: [\"The team met.\", \"A team.\"]\n"
      "      good: [\"Steam.\", \"Teams.\"]\n";
  peerlint_error err = {0};
  peerlint_engine *e = engine_from(pack, NULL, &err);
  assert_non_null(e);
  peerlint_result *r = check_str(e, "We met the team\xc3\xa9 today.");
  assert_true(has_rule(r, "p/team"));
  peerlint_result_free(r);
  r = check_str(e, "We met the teams today.");
  assert_false(has_rule(r, "p/team"));
  peerlint_result_free(r);
  peerlint_engine_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_words_of_an_alternation),
      cmocka_unit_test(test_words_built_from_parts),
      cmocka_unit_test(test_what_can_be_left_out_is_not_promised),
      cmocka_unit_test(test_letters_beyond_ascii_that_match_ascii),
      cmocka_unit_test(test_boundaries_seen_by_lookarounds),
      cmocka_unit_test(test_parts_of_words_promise_nothing),
      cmocka_unit_test(test_what_is_not_understood_promises_nothing),
      cmocka_unit_test(test_words_longer_than_a_string),
      cmocka_unit_test(test_shipped_clauses_hold),
      cmocka_unit_test(test_notes_beyond_ascii_run_every_pattern),
  };
  return cmocka_run_group_tests_name("prefilter", tests, setup, teardown);
}

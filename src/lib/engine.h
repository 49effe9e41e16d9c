/* engine.h: the library's internal model of packs, rules and the engine.
 *
 * Life of an engine: pack.c and config.c read YAML into a pl_builder (rules
 * as written, with their places in the files); compile.c turns the enabled
 * rules into terms, an index of trigger words and PCRE2 code; check.c runs
 * them over a note. After pl_compile() nothing in the engine changes, which
 * is what makes it safe to share across threads. */
#ifndef PL_ENGINE_H
#define PL_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "pattern.h"
#include "peerlint.h"
#include "prefilter.h"
#include "spell.h"

#define PL_API PEERLINT_API

typedef enum pl_kind { PL_TERMS, PL_REGEX, PL_NEAR, PL_REQUIRE, PL_SPELL } pl_kind;

/* The words one pattern cannot match without (prefilter.h): clause k is
 * word[end[k-1] .. end[k]), numbers of words of the pl_clause_index; a
 * match holds a word of every clause. No clause: it may match anywhere. */
typedef struct pl_clauses {
  uint8_t n;
  uint8_t end[PL_PRE_CLAUSES];
  uint16_t *word;
} pl_clauses;

/* Every pattern's clauses and their words, built when an engine has
 * checked enough notes to make it worth it (compile_clauses.c). */
typedef struct pl_clause_index {
  pl_clauses *of; /* by pattern number: pl_rule.re_first, unless_first */
  uint32_t npatterns;
  const char **word; /* lowercase, by number */
  uint32_t nwords;
  struct pl_word_slot {
    uint32_t hash, word; /* pl_fold_hash; the word's number + 1, 0: empty */
  } * slot;
  size_t nslots; /* open addressing, a power of two */
  /* The clauses each word is in: word w's are clause_of[clause_from[w]
   * .. clause_from[w + 1]), each pattern << 2 | clause. */
  uint32_t *clause_from, *clause_of;
  pl_arena arena;
} pl_clause_index;

typedef struct pl_lazy_clauses pl_lazy_clauses;

/* A list of strings with, for error messages, where each was written. */
typedef struct pl_strlist {
  const char **items;
  size_t *lines;
  size_t n;
} pl_strlist;

/* `replace` as written: either one list for every match, or a map from the
 * matched words (lowercase, single spaces) to lists, "*" the fallback. */
typedef struct pl_replace {
  const char **keys; /* NULL for the list form */
  pl_strlist *lists;
  size_t n;
} pl_replace;

typedef struct pl_pack {
  const char *name, *title, *principle, *source, *file;
} pl_pack;

typedef struct pl_rule {
  peerlint_rule_info info; /* public view; strings live in the arena */
  const pl_pack *pack;
  pl_kind kind;
  int case_sensitive;
  int inflect;
  int skip_quotes;
  pl_strlist terms, except, near_a, near_b, triggers;
  pl_strlist regex, unless;
  const char *require;
  int within;
  pl_replace replace;
  pl_strlist suggestions;
  int disabled;
  /* compiled */
  pl_pattern *re;
  size_t nre;
  uint8_t *re_caps; /* pattern k written with capitals (see check.c) */
  uint32_t re_first; /* the number of pattern 0 among the engine's */
  pl_pattern *unless_re;
  uint32_t unless_first; /* likewise */
  size_t nunless;
  pl_pattern *require_re;
  const char **replace_list; /* info.replace storage */
} pl_rule;

/* What a term does for its rule when it occurs in a note. */
typedef enum pl_role {
  PL_ROLE_MATCH,   /* a finding */
  PL_ROLE_EXCEPT,  /* cancels findings of its rule inside it */
  PL_ROLE_NEAR_A,  /* one side of a near pair */
  PL_ROLE_NEAR_B,
  PL_ROLE_TRIGGER  /* lets its rule's regex run */
} pl_role;

/* A term compiled for matching: its words, and what may stand between
 * them. */
typedef struct pl_term {
  uint32_t rule;
  uint8_t role;
  uint8_t nwords;
  uint8_t case_sensitive;
  uint8_t caps_neutral; /* written with capitals: ALLCAPS in a note is not
                           shouting */
  const char **words;   /* lowercase unless case_sensitive */
  uint16_t *lens;
  const char **gaps;    /* nwords-1 separators: "" means space or hyphen */
} pl_term;

/* The trigger index: every term filed under the hash of its first word. */
typedef struct pl_slot {
  uint32_t hash;
  uint32_t first, count; /* range in engine->term_order */
} pl_slot;

/* An agency's allowance of a term a billing code needs. */
typedef struct pl_allow {
  const char *term; /* lowercase, single spaces */
  const char *rule; /* NULL: any rule */
  const char *reason;
} pl_allow;

typedef struct pl_rule_override {
  const char *id;
  int level;    /* -1: unchanged */
  int disabled;
  size_t line, col;
} pl_rule_override;

/* The agency config, as read. */
typedef struct pl_config {
  const char *file;
  const char **disabled_packs;
  size_t ndisabled_packs;
  pl_rule_override *rules;
  size_t nrules;
  pl_allow *allow;
  size_t nallow;
  const char **words;
  size_t nwords;
  const char **rule_folders; /* relative to the config's folder */
  size_t nrule_folders;
  const char **template_folders; /* likewise */
  size_t ntemplate_folders;
  int fail_on; /* -1: default */
} pl_config;

struct peerlint_engine {
  pl_arena arena;
  pl_pack **packs;
  size_t npacks;
  pl_rule *rules;
  size_t nrules;
  pl_config config;
  const char **overrides;
  size_t noverrides;
  /* compiled */
  pl_term *terms;
  size_t nterms;
  uint32_t *term_order;
  /* term_order[i]'s first word is term_order[i-1]'s, in the same slot and
   * the same case: a check compares it with the note once per slot run */
  uint8_t *same_first;
  /* the pl_fold_hash of term_order[i]'s second word (0: it has one word),
   * which the note's next word must have before any compare */
  uint32_t *second_hash;
  pl_slot *slots; /* open addressing, nslots a power of two */
  size_t nslots;
  uint32_t npatterns; /* regex and unless, numbered (pl_rule.re_first) */
  pl_lazy_clauses *clauses; /* their pl_clause_index, once built */
  uint32_t max_captures;
  pcre2_match_context *match_context; /* read-only after build */
  int fail_level;
  int no_jit;
  pl_speller *speller; /* NULL: spelling off, and why: */
  char spell_off[256];
};

/* ---- building (pack.c, config.c, compile.c) --------------------------- */

/* Formats "file:line:col: message" into err. Always returns -1. */
int pl_fail_at(peerlint_error *err, peerlint_status code, const char *file,
               size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int pl_fail(peerlint_error *err, peerlint_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An empty engine (config.fail_on unset), and the shared tail of every
 * constructor: compile, or free `e` and return NULL. */
peerlint_engine *pl_engine_alloc(peerlint_error *err);
peerlint_engine *pl_engine_finish(peerlint_engine *e, peerlint_error *err);

/* Parses one pack into the engine's pack and rule arrays. */
int pl_pack_parse(peerlint_engine *e, const char *file, const char *text,
                  size_t len, peerlint_error *err);
/* Parses the agency config into e->config. */
int pl_config_parse(peerlint_engine *e, const char *file, const char *text,
                    size_t len, peerlint_error *err);
/* Applies the config, compiles every enabled rule, builds the index. */
int pl_compile(peerlint_engine *e, peerlint_error *err);

/* Compiles one pattern with the engine's flags (JIT comes later, see
 * pattern.h); NULL with a placed error. */
pcre2_code *pl_regex_compile(const char *pattern, int case_sensitive,
                             const char *file, size_t line,
                             peerlint_error *err);

/* ---- clauses (compile_clauses.c) -------------------------------------- */

/* The place an engine's pl_clause_index will be; NULL when out of memory. */
pl_lazy_clauses *pl_lazy_clauses_new(void);
void pl_lazy_clauses_free(pl_lazy_clauses *l);
/* For a check of a note of `len` bytes: the clause index, or NULL while
 * the engine has checked too little for it to pay (every pattern runs).
 * The call that takes the engine past that builds it. */
const pl_clause_index *pl_clause_index_for(const peerlint_engine *e,
                                           size_t len);
/* The clause index now, built if need be (tests, bench); NULL when out
 * of memory. */
const pl_clause_index *pl_clause_index_now(const peerlint_engine *e);

/* Reads a whole file (packs, config) into malloc'ed memory. */
char *pl_read_file(const char *path, size_t *len, peerlint_error *err);

/* Calls `fn` with each *.yaml file of `dir`, in name order; stops at the
 * first failure. `what` names the folder in errors ("rules", "templates");
 * a folder with none is an error. */
typedef int (*pl_yaml_file_fn)(void *ctx, const char *path, const char *text,
                               size_t len, peerlint_error *err);
int pl_each_yaml(const char *dir, const char *what, pl_yaml_file_fn fn,
                 void *ctx, peerlint_error *err);
/* Reads and parses the agency config into e->config. */
int pl_config_read(peerlint_engine *e, const char *path, peerlint_error *err);
/* A folder named in the config: relative to the config file's folder. */
void pl_config_relative(const char *config_path, const char *folder,
                        char *out, size_t size);
/* `name` (dictionaries, templates) beside the rules folder. */
void pl_beside_rules(const char *rules, const char *name, char *out,
                     size_t size);

/* Regular forms of a word (-s, -ed, -ing ...), written into `out` as up to
 * `max` NUL-terminated strings of at most 63 bytes; returns how many. */
size_t pl_inflect(const char *word, char out[][64], size_t max);

#endif

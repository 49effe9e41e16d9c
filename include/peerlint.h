/*
 * peerlint.h: the one public header of libpeerlint.
 *
 * libpeerlint reads progress notes written by peer support workers and finds
 * clinical, diagnostic, stigmatizing, medication-advice and directive
 * language, proposes non-clinical rewrites and summarizes what it found.
 *
 * The shape of the API:
 *
 *   peerlint_engine_new()      load rule packs and agency config once
 *   peerlint_check()           check one note: bytes in, findings out
 *   peerlint_fix()             rewrite one note with the safe rewrites
 *   peerlint_result_json()     the one JSON shape of a result
 *   peerlint_templates_new()   note templates for writing a note with the
 *                              person (see "note templates" below)
 *   peerlint_*_free()          every object has an explicit free
 *
 * An engine is immutable once built and may be shared by any number of
 * threads; every check allocates its own scratch. The library never prints,
 * never logs, and never writes note text anywhere: errors come back in a
 * peerlint_error. The only files it reads are rule packs, the agency config,
 * dictionaries and note templates, and only while an engine (or a set of
 * templates) is being built.
 *
 * Offsets are byte offsets into the text as given. Lines and columns are
 * 1-based; columns count characters (Unicode code points), not bytes.
 */
#ifndef PEERLINT_H
#define PEERLINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PEERLINT_BUILDING) && defined(__GNUC__)
#define PEERLINT_API __attribute__((visibility("default")))
#else
#define PEERLINT_API
#endif

#define PEERLINT_VERSION_MAJOR 0
#define PEERLINT_VERSION_MINOR 1
#define PEERLINT_VERSION_PATCH 0
#define PEERLINT_VERSION "0.1.0"
/* One number for comparisons: 0xMMmmpp. */
#define PEERLINT_VERSION_NUMBER                                                \
  ((PEERLINT_VERSION_MAJOR << 16) | (PEERLINT_VERSION_MINOR << 8) |            \
   PEERLINT_VERSION_PATCH)

/* The largest note a check accepts, in bytes. A larger one is an input
 * error (PEERLINT_E_INPUT), never a slow or unbounded check. */
#define PEERLINT_MAX_NOTE (8u * 1024u * 1024u)

/* The library's version string, e.g. "0.1.0". Compare with PEERLINT_VERSION
 * to detect a header/library mismatch. */
PEERLINT_API const char *peerlint_version(void);

/* ---- errors ------------------------------------------------------------ */

typedef enum peerlint_status {
  PEERLINT_OK = 0,
  PEERLINT_E_NOMEM,  /* out of memory */
  PEERLINT_E_IO,     /* a pack, config or dictionary could not be read */
  PEERLINT_E_PACK,   /* a rule pack is malformed */
  PEERLINT_E_CONFIG, /* the agency config is malformed */
  PEERLINT_E_INPUT,  /* the note is not valid input (UTF-8, NUL, size) */
  PEERLINT_E_ARG,    /* a caller passed an invalid argument */
  PEERLINT_E_TEMPLATE /* a note template is malformed */
} peerlint_status;

/* Filled by any call that can fail. `message` names the place: for packs
 * and config "file:line:column: what is wrong", for notes the byte offset.
 * It never contains note text. */
typedef struct peerlint_error {
  peerlint_status code;
  char message[1024];
} peerlint_error;

/* ---- levels ------------------------------------------------------------ */

/* Ordered by severity: a check "fails" at a level when it has a finding at
 * that level or above. Strengths are what the note does well; they never
 * fail a check. */
typedef enum peerlint_level {
  PEERLINT_STRENGTH = 0,
  PEERLINT_INFO = 1,
  PEERLINT_WARNING = 2,
  PEERLINT_ERROR = 3
} peerlint_level;

/* "strength", "info", "warning" or "error". */
PEERLINT_API const char *peerlint_level_name(peerlint_level level);
/* Parses a level name; returns -1 when `name` is none of them. */
PEERLINT_API int peerlint_level_parse(const char *name);

/* ---- the engine -------------------------------------------------------- */

typedef struct peerlint_engine peerlint_engine;

typedef struct peerlint_options {
  /* Folder of rule packs (*.yaml). NULL: the installed share folder. */
  const char *rules_dir;
  /* Agency config (.peerlint.yaml). NULL: none. */
  const char *config_path;
  /* Folder holding the Hunspell dictionary LANG.aff and LANG.dic.
   * NULL: /usr/share/hunspell. The project's own word lists (*.dic in
   * the dictionaries/ folder beside the rules folder) are added to it. */
  const char *dict_dir;
  /* Dictionary language. NULL: "en_US". */
  const char *lang;
  /* Non-zero: no spelling (and no dictionary is loaded). */
  int no_spell;
  /* Non-zero: patterns run in PCRE2's interpreter, not JIT-compiled (for
   * systems that forbid executable memory, and for valgrind, which cannot
   * see into JIT code). Slower on long notes, same findings. */
  int no_jit;
} peerlint_options;

/* Loads every pack in the rules folder and the agency config, compiles all
 * patterns and returns an immutable engine, or NULL with `err` filled. A
 * malformed pack or config never yields a half-loaded engine. */
PEERLINT_API peerlint_engine *peerlint_engine_new(const peerlint_options *opts,
                                                  peerlint_error *err);

/* The same from bytes held by the caller: `n` packs (each named for its
 * error messages, usually its file path) and an optional config (`config`
 * NULL for none). Reads no file. */
PEERLINT_API peerlint_engine *
peerlint_engine_from_memory(const char *const *pack_names,
                            const char *const *pack_texts,
                            const size_t *pack_lens, size_t n,
                            const char *config_name, const char *config,
                            size_t config_len, peerlint_error *err);

PEERLINT_API void peerlint_engine_free(peerlint_engine *engine);

/* NULL when spelling is on; otherwise why it is off ("no en_US
 * dictionary in /usr/share/hunspell", "switched off"). A missing
 * dictionary is not an error: the other rules still run. */
PEERLINT_API const char *peerlint_engine_spelling_off(const peerlint_engine *engine);

/* The level at or above which a note fails: the agency config's `fail_on`,
 * or PEERLINT_ERROR. */
PEERLINT_API peerlint_level
peerlint_engine_fail_level(const peerlint_engine *engine);

/* ---- rules (for listing, explaining and running examples) ------------- */

typedef struct peerlint_rule_info {
  const char *id;        /* "person-first/addict" */
  const char *pack;      /* "person-first" */
  const char *pack_title;
  const char *kind;      /* "terms", "regex", "near" or "require" */
  peerlint_level level;  /* after the agency config */
  int enabled;           /* 0 when the agency config switched it off */
  const char *message;
  const char *principle;
  const char *source;
  const char *file;      /* the pack it came from, and where in it */
  size_t line;
  const char *const *replace; /* safe rewrites as written (may hold $1) */
  size_t n_replace;
  const char *const *bad;  /* examples that must fire */
  size_t n_bad;
  const char *const *good; /* examples that must not fire */
  size_t n_good;
  const char *const *fix_in; /* fix examples: input and expected rewrite */
  const char *const *fix_out;
  size_t n_fix;
} peerlint_rule_info;

PEERLINT_API size_t peerlint_rule_count(const peerlint_engine *engine);
/* Rules in a stable order: the rules folder's packs by file name, then
 * the agency's folders, each pack's rules as written. NULL past the end. */
PEERLINT_API const peerlint_rule_info *
peerlint_rule_at(const peerlint_engine *engine, size_t index);
/* Finds a rule by full id ("pack/rule"); NULL when there is none. */
PEERLINT_API const peerlint_rule_info *
peerlint_rule_find(const peerlint_engine *engine, const char *id);

/* The agency's overrides in force ("deficit/difficult: level info",
 * "allow 'medication management': billing code H0038 ..."), so a reviewer
 * sees them. */
PEERLINT_API size_t peerlint_override_count(const peerlint_engine *engine);
PEERLINT_API const char *peerlint_override_at(const peerlint_engine *engine,
                                              size_t index);

/* ---- checking ---------------------------------------------------------- */

typedef struct peerlint_finding {
  const char *rule;      /* "person-first/addict" */
  const char *pack;      /* "person-first" */
  const char *field;     /* EHR field name, or NULL for plain text */
  peerlint_level level;
  size_t offset;         /* bytes into the text (or the field) */
  size_t length;         /* bytes */
  size_t line;           /* 1-based */
  size_t column;         /* 1-based, in characters */
  const char *text;      /* the matched text */
  const char *message;
  const char *principle;
  /* Safe rewrites first (case and article already applied), then
   * wordings to consider. */
  const char *const *suggestions;
  size_t n_suggestions;
  /* The safe rewrite as an edit, or NULL when the finding needs the
   * writer's judgment. The edit may reach a little beyond the match (an
   * "an" before it becoming "a"). */
  const char *replacement;
  size_t edit_offset;
  size_t edit_length;
} peerlint_finding;

typedef struct peerlint_result peerlint_result;

/* Checks `len` bytes of UTF-8. Returns a result (possibly with no
 * findings), or NULL with `err` filled: PEERLINT_E_INPUT for invalid UTF-8,
 * a NUL byte (the message gives the byte offset) or a note over
 * PEERLINT_MAX_NOTE. */
PEERLINT_API peerlint_result *peerlint_check(const peerlint_engine *engine,
                                             const char *text, size_t len,
                                             peerlint_error *err);

/* A structured EHR note: each field is checked on its own and its findings
 * carry the field's name; offsets are into the field. */
typedef struct peerlint_field {
  const char *name;
  const char *text;
  size_t len;
} peerlint_field;

PEERLINT_API peerlint_result *
peerlint_check_fields(const peerlint_engine *engine,
                      const peerlint_field *fields, size_t n,
                      peerlint_error *err);

/* Checks with one rule alone (full id), as the rule's own examples are
 * run: no other rule's overlapping finding hides it. */
PEERLINT_API peerlint_result *peerlint_check_rule(const peerlint_engine *engine,
                                                  const char *rule,
                                                  const char *text, size_t len,
                                                  peerlint_error *err);

/* Findings sorted by field, then offset. */
PEERLINT_API size_t peerlint_result_count(const peerlint_result *result);
PEERLINT_API const peerlint_finding *
peerlint_result_at(const peerlint_result *result, size_t index);

/* How many findings at `level`. */
PEERLINT_API size_t peerlint_result_level_count(const peerlint_result *result,
                                                peerlint_level level);
/* The most severe problem level found, or -1 when there is none
 * (strengths do not count). */
PEERLINT_API int peerlint_result_worst(const peerlint_result *result);

/* Rules that could not finish on this note (a pattern stopped by the match
 * limit); the other rules still ran. Each entry is "rule-id: reason". */
PEERLINT_API size_t peerlint_result_notice_count(const peerlint_result *result);
PEERLINT_API const char *peerlint_result_notice_at(const peerlint_result *result,
                                                   size_t index);

/* The result as one JSON object (no trailing newline):
 * {"file":…,"findings":[…],"summary":{…}}. `name` goes in "file" (NULL:
 * omitted). Free with peerlint_free(). NULL when out of memory. */
PEERLINT_API char *peerlint_result_json(const peerlint_result *result,
                                        const char *name);

PEERLINT_API void peerlint_result_free(peerlint_result *result);

/* ---- rewriting --------------------------------------------------------- */

typedef struct peerlint_edit {
  size_t offset;      /* in the original text */
  size_t length;
  const char *old_text;
  const char *new_text;
  const char *rule;
} peerlint_edit;

typedef struct peerlint_fix_options {
  /* Only this rule (full id), alone as with peerlint_check_rule(), as a
   * rule's own fix examples are run. NULL: every rule. */
  const char *only_rule;
  /* Non-zero: also apply spelling suggestions (off by default: names are
   * often words a dictionary does not know). */
  int spelling;
} peerlint_fix_options;

typedef struct peerlint_rewrite peerlint_rewrite;

/* Applies the first safe rewrite of every finding to the text. Overlapping
 * rewrites are resolved deterministically (the earlier wins, then the
 * longer); the rewrite is repeated until nothing changes, so fixing the
 * output again changes nothing. `opts` may be NULL. */
PEERLINT_API peerlint_rewrite *peerlint_fix(const peerlint_engine *engine,
                                            const char *text, size_t len,
                                            const peerlint_fix_options *opts,
                                            peerlint_error *err);

/* The new text (NUL-terminated; `len` may be NULL). */
PEERLINT_API const char *peerlint_rewrite_text(const peerlint_rewrite *rw,
                                               size_t *len);
/* The edits made: spans of the original text, in order and never
 * overlapping, each with the original's bytes as old_text, so applying
 * them in order to the original gives peerlint_rewrite_text(). A rewrite
 * that reaches into another is one edit ("an ETOH abuser" -> "a person who
 * drinks"), named after the rule that wrote the final words. */
PEERLINT_API size_t peerlint_rewrite_edit_count(const peerlint_rewrite *rw);
PEERLINT_API const peerlint_edit *
peerlint_rewrite_edit_at(const peerlint_rewrite *rw, size_t index);
/* A check of the new text: what still needs the writer's judgment. */
PEERLINT_API const peerlint_result *
peerlint_rewrite_remaining(const peerlint_rewrite *rw);

PEERLINT_API void peerlint_rewrite_free(peerlint_rewrite *rw);

/* ---- note templates ------------------------------------------------------
 *
 * A template is data (a YAML file in templates/ per note type): a name, a
 * title, an optional reminder, and sections, each with a heading, a short
 * prompt in plain words, and whether it is required and whether it holds
 * the person's own words (quoted in the note). A note is written with the
 * person by answering the prompts; peerlint_template_fill() assembles the
 * answers into plain text with one heading line per section ("Title:"),
 * and peerlint_template_missing() finds required sections a note lacks by
 * those headings. Templates are read only while a set is built. */

typedef struct peerlint_templates peerlint_templates; /* a loaded set */
typedef struct peerlint_template peerlint_template;   /* one, owned by it */

typedef struct peerlint_section {
  const char *name;    /* "focus": unique in its template */
  const char *title;   /* the heading: "Focus today" */
  const char *prompt;  /* the question asked of the writer */
  int required;        /* a note without it is incomplete */
  int own_words;       /* the person's own words: quoted in the note */
  const char *example; /* a reasonable answer (the template's own test), or
                          NULL */
} peerlint_section;

/* Loads the templates for these options: templates/ beside `rules_dir`
 * (as dictionaries/ is; NULL: the installed share folder's), then each of
 * the agency config's `template_folders` (relative to the config file).
 * A later template with the name of an earlier one replaces it, so an
 * agency changes a shipped template by writing its own. NULL with `err`
 * filled (PEERLINT_E_IO, PEERLINT_E_CONFIG, or PEERLINT_E_TEMPLATE with
 * "file:line:column: what is wrong"). */
PEERLINT_API peerlint_templates *
peerlint_templates_new(const peerlint_options *opts, peerlint_error *err);

/* The same from `n` YAML texts held by the caller, each named for its
 * error messages. Reads no file. */
PEERLINT_API peerlint_templates *
peerlint_templates_from_memory(const char *const *names,
                               const char *const *texts, const size_t *lens,
                               size_t n, peerlint_error *err);

PEERLINT_API void peerlint_templates_free(peerlint_templates *set);

/* Templates sorted by name. NULL past the end. */
PEERLINT_API size_t peerlint_template_count(const peerlint_templates *set);
PEERLINT_API const peerlint_template *
peerlint_template_at(const peerlint_templates *set, size_t index);
/* By name ("progress"); NULL when there is none. */
PEERLINT_API const peerlint_template *
peerlint_template_find(const peerlint_templates *set, const char *name);

PEERLINT_API const char *peerlint_template_name(const peerlint_template *t);
PEERLINT_API const char *peerlint_template_title(const peerlint_template *t);
/* A reminder shown before writing ("do not name other members"), or
 * NULL. */
PEERLINT_API const char *
peerlint_template_reminder(const peerlint_template *t);
/* The file it came from. */
PEERLINT_API const char *peerlint_template_file(const peerlint_template *t);

PEERLINT_API size_t peerlint_template_section_count(const peerlint_template *t);
PEERLINT_API const peerlint_section *
peerlint_template_section_at(const peerlint_template *t, size_t index);

/* Assembles a note from answers, one per section in order (`n` at most
 * the section count; NULL or blank answers leave their section out):
 *
 *   Individual progress note
 *
 *   Focus today:
 *   "I want to get back to work."
 *
 *   What we did:
 *   We walked to the library.
 *
 * Answers are trimmed; an own-words answer becomes one quoted line (a
 * quote ends at its line's end in a check, so it is kept on one). With
 * `reviewed` 1 or 0 the note ends "Reviewed with the person: yes" (or
 * "no"); -1 leaves the line out. Returns the text (free with
 * peerlint_free()), or NULL with `err` filled. */
PEERLINT_API char *peerlint_template_fill(const peerlint_template *t,
                                          const char *const *answers,
                                          size_t n, int reviewed,
                                          peerlint_error *err);

/* The required sections a note lacks: a section is present when a line
 * holding just its heading ("Next steps:", any case) is followed by text
 * before the next heading. Writes up to `max` section indexes to `out`
 * and returns how many are missing (possibly more than `max`). */
PEERLINT_API size_t peerlint_template_missing(const peerlint_template *t,
                                              const char *text, size_t len,
                                              size_t *out, size_t max);

/* Frees memory the library handed out (JSON strings, filled notes). */
PEERLINT_API void peerlint_free(void *p);

#ifdef __cplusplus
}
#endif

#endif /* PEERLINT_H */

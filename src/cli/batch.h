/* batch.h: the parts of `peerlint batch` (cmd_batch.c) shared between its
 * files: the CSV reader (csv.c), the inputs (batch_input.c), the summary
 * (batch_summary.c) and the HTML report (report_html.c).
 *
 * The flow: one reader (the main thread) turns folders, JSON Lines and CSV
 * files into notes and hands them through a bounded queue to the worker
 * threads, which check them with the one shared engine and fold each
 * result into their own aggregates; at the end the aggregates are merged
 * and written out. Nothing keeps a note's text after its check: only
 * counts, and for the notes needing attention (capped) the findings with
 * a short excerpt around each, for the report. */
#ifndef PEERLINT_BATCH_H
#define PEERLINT_BATCH_H

#include <stdio.h>

#include "cli.h"

/* ---- csv.c: a small RFC 4180 reader ------------------------------------ */

typedef struct csv_reader csv_reader;

enum {
  CSV_END = 0,     /* no more records */
  CSV_RECORD = 1,  /* a record: csv_field_count() fields */
  CSV_BROKEN = -1, /* this record is broken (csv_error()); the next may not be */
  CSV_FATAL = -2   /* the rest of the input cannot be read (csv_error()) */
};

/* Reads records from `f`, refusing one longer than `max_record` bytes. A
 * UTF-8 byte order mark at the start is skipped. */
csv_reader *csv_open(FILE *f, size_t max_record);
void csv_close(csv_reader *r);
int csv_next(csv_reader *r);
size_t csv_field_count(const csv_reader *r);
/* A field of the last record, NUL-terminated (it may hold NUL bytes:
 * `len` gives its true length). */
const char *csv_field(const csv_reader *r, size_t i, size_t *len);
/* The line the last record (or broken record) started on, 1-based, and
 * its number counting the header as row 1, as a spreadsheet shows it. */
unsigned long csv_line(const csv_reader *r);
unsigned long csv_row(const csv_reader *r);
const char *csv_error(const csv_reader *r);

/* ---- batch_input.c: notes from folders, JSON Lines and CSV ------------- */

typedef struct batch_note {
  unsigned long long seq; /* input order, from 0 */
  char *where;            /* "file" or "file:line", for messages */
  char *id, *author, *date;
  char *type;             /* the note type (a template's name), or NULL */
  char *text;             /* the note, or NULL when `fields` */
  size_t len;
  peerlint_field *fields; /* structured notes (JSON Lines "fields") */
  size_t n_fields;
} batch_note;

void batch_note_free(batch_note *n);

typedef struct batch_columns {
  const char *id, *author, *date, *text, *type;
  /* Named by the user: a file without the column is then skipped. */
  int id_given, author_given, date_given, text_given, type_given;
} batch_columns;

typedef struct batch_input {
  const batch_columns *cols;
  /* Takes the note (and its ownership). */
  void (*emit)(void *ctx, batch_note *note);
  void *ctx;
  unsigned long long next_seq;
  size_t errors; /* input errors reported on stderr */
} batch_input;

/* Reads a folder (recursively: *.txt and *.md), a .jsonl or a .csv file,
 * or any other file as one note. Problems are reported on stderr with the
 * file and the line or row, counted in `in->errors`, and skipped. */
void batch_read_path(batch_input *in, const char *path);

/* Is s[0..n) valid UTF-8? On failure *bad is the offset of the first bad
 * byte. */
int batch_utf8_valid(const char *s, size_t n, size_t *bad);

/* ---- batch_sections.c: the required sections of a note's template ----- */

/* Room for every section of a template (the library allows 32). */
#define BATCH_MAX_SECTIONS 64

/* What a note lacks of its template's required sections. */
typedef struct batch_missing {
  const peerlint_template *tmpl;  /* the note's template, or NULL */
  int unknown;                    /* a type that no template is named */
  size_t n;                       /* required sections it lacks */
  size_t idx[BATCH_MAX_SECTIONS]; /* their indexes in the template */
} batch_missing;

/* Which required sections of the template its type names note `n` lacks.
 * A note of text has a section when a line holding just its heading
 * ("Next steps:") is followed by text (peerlint_template_missing()); a
 * note of fields has it when a field whose key is the section's name
 * (any case) holds text other than blanks and quote marks. A note without
 * a type, or `set` NULL (no templates), leaves `m` empty. */
void batch_sections_check(const peerlint_templates *set, const batch_note *n,
                          batch_missing *m);

/* "progress/next": how section `i` of `t` is named in the summary. */
void batch_section_id(const peerlint_template *t, size_t i, char *out,
                      size_t size);

/* What to ask the writer, from the section's title and prompt: "The note
 * has no 'Next steps' section: what did they decide to do next?" Free
 * with free(); NULL when out of memory. */
char *batch_section_message(const peerlint_section *s);

/* ---- batch_summary.c: aggregates and the summary ----------------------- */

/* Counts kept per rule, family, writer and week (one shape for all). */
typedef struct batch_stat {
  const char *key;
  size_t notes;           /* notes it occurs in (rule, family) or notes */
  size_t fails;           /* notes needing attention */
  size_t level[4];        /* findings by level */
  int rule_level;         /* for rules: the rule's level */
  const char *pack;       /* for rules */
  const char *message;    /* for rules */
  const char *rewrite;    /* for rules and wordings: the typical rewrite */
  const char *rule;       /* for wordings: the rule */
  const peerlint_section *section; /* for required sections */
  unsigned long long first_seq;  /* where `rewrite` came from */
  unsigned long long last_note;  /* internal: the last note counted */
} batch_stat;

/* One finding of a note needing attention, for the report. */
typedef struct batch_detail_finding {
  char *rule, *field, *message, *pre, *match, *post, *suggestion;
  int level;
  size_t line, column;
} batch_detail_finding;

/* How much a note needing attention needs it, for listing the worst
 * first: its worst level, then how many findings it has at that level, how
 * many required sections it lacks, how many problems in all; input order
 * last, so the list is the same whatever the threads did. */
typedef struct batch_rank {
  int worst;
  size_t at_worst, sections, problems;
  unsigned long long seq;
} batch_rank;

typedef struct batch_detail {
  unsigned long long seq;
  char *id, *author, *date, *where;
  int worst;
  batch_rank rank;
  size_t n_findings, n_shown; /* all of the note's findings; those kept */
  batch_detail_finding *f;
  batch_missing *missing; /* the required sections it lacks, or NULL */
} batch_detail;

typedef struct batch_agg batch_agg;

/* What the aggregates keep: `text` 0 (--no-text) keeps no wording and no
 * excerpt; `detail_cap` notes needing attention are kept for the lists. */
typedef struct batch_agg_opts {
  const peerlint_engine *engine;
  int fail_level;
  int text;
  size_t detail_cap;
} batch_agg_opts;

batch_agg *batch_agg_new(const batch_agg_opts *o);
void batch_agg_free(batch_agg *a);
/* Folds one checked note into `a` (one worker's own aggregates), with the
 * required sections it lacks (`m`; NULL when not checked): a note lacking
 * one needs attention, as a finding at the fail level does. The notes
 * needing attention go to `shared` under its lock (NULL: into `a`). */
void batch_agg_add(batch_agg *a, batch_agg *shared, const batch_note *n,
                   const peerlint_result *r, const batch_missing *m);
/* Adds `from` into `into`. */
void batch_agg_merge(batch_agg *into, const batch_agg *from);

/* The merged aggregates, sorted for output. */
typedef struct batch_summary {
  size_t notes, fails, input_errors, level[4];
  size_t notes_with_strength, undated, bad_dates;
  int fail_level, text;
  const char *spelling_off;
  batch_stat **rules;   /* by count, most often first, then id */
  size_t n_rules;
  batch_stat **packs;   /* by name */
  size_t n_packs;
  batch_stat **authors; /* alphabetical, never by count */
  size_t n_authors;
  batch_stat **weeks;   /* in time order */
  size_t n_weeks;
  batch_stat **wordings; /* most often first (empty with --no-text) */
  size_t n_wordings;
  int wordings_truncated;
  batch_detail **details; /* notes needing attention, worst first */
  size_t n_details;
  /* Required sections: `typed` notes had a type; of those, `unknown` name
   * no template and `lacking` lack a required section. */
  int sections_checked; /* 0: the note templates could not be loaded */
  size_t typed, lacking, unknown;
  batch_stat **sections; /* "template/section": notes lacking it, most first */
  size_t n_sections;
  batch_stat **types;    /* the unknown types, most notes first */
  size_t n_types;
} batch_summary;

/* Views `a` as a summary (valid while `a` lives). */
void batch_summarize(batch_agg *a, size_t input_errors, batch_summary *s);
void batch_summary_free(batch_summary *s);

void batch_write_text(FILE *out, const batch_summary *s);
void batch_write_json(FILE *out, const batch_summary *s);
void batch_write_csv(FILE *out, const batch_summary *s);

/* For the summary's parts written elsewhere (batch_sections.c): a name for
 * a terminal (control characters as '?', padded to `width`), and one CSV
 * cell, quoted when it must be. */
void batch_put_safe(FILE *out, const char *s, int width);
void batch_csv_cell(FILE *out, const char *s);

/* The required sections' part of each format (batch_sections.c). Text and
 * CSV say nothing when no note had a type, so such a batch reads as
 * before; JSON always has its key ("required_sections"). */
struct json_t;
#define BATCH_TYPES_LISTED 20 /* unknown types named; the rest counted */
/* The notes of unknown types past the first BATCH_TYPES_LISTED types. */
size_t batch_unlisted_type_notes(const batch_summary *s);
void batch_sections_text(FILE *out, const batch_summary *s);
void batch_sections_json(struct json_t *root, const batch_summary *s);
void batch_sections_csv(FILE *out, const batch_summary *s);
/* One note's lacking sections: "; sections missing: progress/next" after
 * its rules (`after_rules`), and as a JSON array of ids. */
void batch_sections_detail_text(FILE *out, const batch_detail *d,
                                int after_rules);
struct json_t *batch_sections_detail_json(const batch_detail *d);

/* "2024-W03" for a date starting YYYY-MM-DD; 0 when it is not one. */
int batch_iso_week(const char *date, char out[16]);

/* ---- report_html.c ----------------------------------------------------- */

/* Writes the self-contained report to `path` atomically. Prints why and
 * returns -1 on failure. */
int batch_write_report(const char *path, const batch_summary *s);

#endif

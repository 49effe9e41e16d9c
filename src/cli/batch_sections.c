/* batch_sections.c: the required sections of `peerlint batch` (issue #12):
 * which notes lack the person's own voice or the next steps they chose.
 *
 * A note's type (JSON Lines "type", a CSV type column) names a note
 * template (the templates/ folder and the agency's template_folders); each
 * required section the note lacks makes it need attention, as a finding at
 * the fail level does. A type that names no template is counted and
 * listed, never an error: an EHR's own note types ("individual", "intake")
 * are not peerlint's to judge. The workers check (batch_sections_check);
 * the counts live in the aggregates (batch_summary.c) like every other
 * count; this file also writes their part of each summary format (the
 * report's is in report_html.c, with the rest of the HTML).
 *
 * Section ids and titles come from the templates and type names from the
 * input's metadata, never from a note's text, so they are shown with
 * --no-text too. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "batch.h"

/* ---- one note ---------------------------------------------------------- */

/* Text that answers a section, as peerlint_template_missing() reads a note
 * of text: anything but blanks and quote marks. */
static int has_answer(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!strchr(" \t\r\n\"", s[i]))
      return 1;
  return 0;
}

static int field_answers(const batch_note *n, const char *section) {
  for (size_t i = 0; i < n->n_fields; i++)
    if (!strcasecmp(n->fields[i].name, section) &&
        has_answer(n->fields[i].text, n->fields[i].len))
      return 1;
  return 0;
}

/* A note of fields has no headings: a field named as the section is it. */
static void check_fields(const peerlint_template *t, const batch_note *n,
                         batch_missing *m) {
  for (size_t i = 0; i < peerlint_template_section_count(t); i++) {
    const peerlint_section *s = peerlint_template_section_at(t, i);
    if (s->required && !field_answers(n, s->name) && m->n < BATCH_MAX_SECTIONS)
      m->idx[m->n++] = i;
  }
}

void batch_sections_check(const peerlint_templates *set, const batch_note *n,
                          batch_missing *m) {
  memset(m, 0, sizeof *m);
  if (!set || !n->type)
    return;
  m->tmpl = peerlint_template_find(set, n->type);
  if (!m->tmpl) {
    m->unknown = 1;
  } else if (n->fields) {
    check_fields(m->tmpl, n, m);
  } else {
    size_t k = peerlint_template_missing(m->tmpl, n->text, n->len, m->idx,
                                         BATCH_MAX_SECTIONS);
    m->n = k < BATCH_MAX_SECTIONS ? k : BATCH_MAX_SECTIONS;
  }
}

void batch_section_id(const peerlint_template *t, size_t i, char *out,
                      size_t size) {
  snprintf(out, size, "%s/%s", peerlint_template_name(t),
           peerlint_template_section_at(t, i)->name);
}

char *batch_section_message(const peerlint_section *s) {
  const char *p = s->prompt;
  /* The prompt goes on the sentence: "What did ..." becomes "what did
   * ...", while "I ..." or an acronym keeps its capitals. */
  int lower = p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'a' && p[1] <= 'z';
  const char *fmt = "The note has no '%s' section: %c%s";
  int len = snprintf(NULL, 0, fmt, s->title, p[0], p + 1);
  char *out = len >= 0 ? malloc((size_t)len + 1) : NULL;
  if (out)
    snprintf(out, (size_t)len + 1, fmt, s->title, lower ? p[0] + 32 : p[0],
             p + 1);
  return out;
}

/* ---- the summary's part ------------------------------------------------- */

static const char *plural(size_t n) { return n == 1 ? "" : "s"; }

size_t batch_unlisted_type_notes(const batch_summary *s) {
  size_t listed = 0;
  for (size_t i = 0; i < s->n_types && i < BATCH_TYPES_LISTED; i++)
    listed += s->types[i]->notes;
  return s->unknown - listed;
}

static void text_unknown(FILE *out, const batch_summary *s) {
  fprintf(out, "Notes of an unknown type: %zu (", s->unknown);
  for (size_t i = 0; i < s->n_types && i < BATCH_TYPES_LISTED; i++) {
    fputs(i ? ", " : "", out);
    batch_put_safe(out, s->types[i]->key, 0);
    fprintf(out, " %zu", s->types[i]->notes);
  }
  if (batch_unlisted_type_notes(s))
    fprintf(out, ", and %zu more", batch_unlisted_type_notes(s));
  fprintf(out, "); no template has that name, so their sections were not "
               "checked\n");
}

void batch_sections_text(FILE *out, const batch_summary *s) {
  if (!s->typed)
    return;
  if (!s->sections_checked) {
    fprintf(out, "\nRequired sections were not checked in %zu note%s with a "
                 "type: the note templates could not be loaded (see "
                 "stderr)\n", s->typed, plural(s->typed));
    return;
  }
  size_t known = s->typed - s->unknown;
  if (s->lacking) {
    fprintf(out, "\nRequired sections missing: %zu note%s \xe2\x80\x94 ",
            s->lacking, plural(s->lacking));
    for (size_t i = 0; i < s->n_sections; i++)
      fprintf(out, "%s%s %zu", i ? ", " : "", s->sections[i]->key,
              s->sections[i]->notes);
    fputc('\n', out);
    for (size_t i = 0; i < s->n_sections; i++) {
      char *msg = batch_section_message(s->sections[i]->section);
      fprintf(out, "  %s: %s\n", s->sections[i]->key, msg ? msg : "");
      free(msg);
    }
  } else if (known) {
    fprintf(out, "\nRequired sections: all present in the %zu note%s of a "
                 "known type\n", known, plural(known));
  } else {
    fputc('\n', out);
  }
  if (s->unknown)
    text_unknown(out, s);
}

void batch_sections_detail_text(FILE *out, const batch_detail *d,
                                int after_rules) {
  const batch_missing *m = d->missing;
  if (!m || !m->n)
    return;
  fputs(after_rules ? "; sections missing: " : ": sections missing: ", out);
  for (size_t i = 0; i < m->n; i++) {
    char id[128];
    batch_section_id(m->tmpl, m->idx[i], id, sizeof id);
    fprintf(out, "%s%s", i ? ", " : "", id);
  }
}

json_t *batch_sections_detail_json(const batch_detail *d) {
  json_t *a = json_array();
  for (size_t i = 0; d->missing && i < d->missing->n; i++) {
    char id[128];
    batch_section_id(d->missing->tmpl, d->missing->idx[i], id, sizeof id);
    json_array_append_new(a, json_string(id));
  }
  return a;
}

static json_t *json_section(const batch_stat *st) {
  char *msg = batch_section_message(st->section);
  json_t *o = json_pack("{s:s, s:s, s:I, s:s?}", "section", st->key, "title",
                        st->section->title, "notes", (json_int_t)st->notes,
                        "message", msg);
  free(msg);
  return o;
}

static json_t *json_unknown(const batch_summary *s) {
  json_t *types = json_array();
  for (size_t i = 0; i < s->n_types && i < BATCH_TYPES_LISTED; i++)
    json_array_append_new(types, json_pack("{s:s, s:I}", "type",
                                           s->types[i]->key, "notes",
                                           (json_int_t)s->types[i]->notes));
  return json_pack("{s:I, s:o, s:I}", "notes", (json_int_t)s->unknown,
                   "types", types, "notes_not_listed",
                   (json_int_t)batch_unlisted_type_notes(s));
}

void batch_sections_json(json_t *root, const batch_summary *s) {
  json_t *missing = json_array();
  for (size_t i = 0; i < s->n_sections; i++)
    json_array_append_new(missing, json_section(s->sections[i]));
  json_object_set_new(
      root, "required_sections",
      json_pack("{s:b, s:I, s:I, s:o, s:o}", "checked", s->sections_checked,
                "notes_with_type", (json_int_t)s->typed, "notes_missing",
                (json_int_t)s->lacking, "missing", missing, "unknown_type",
                json_unknown(s)));
}

/* Rows like the others: `section` (the notes lacking any required section
 * first, with an empty name, then each section) and `unknown-type`; no
 * finding counts, as a section is no finding. */
void batch_sections_csv(FILE *out, const batch_summary *s) {
  if (!s->typed || !s->sections_checked)
    return;
  fprintf(out, "section,,%zu,%zu,,,,\n", s->lacking, s->lacking);
  for (size_t i = 0; i < s->n_sections; i++)
    fprintf(out, "section,%s,%zu,%zu,,,,\n", s->sections[i]->key,
            s->sections[i]->notes, s->sections[i]->notes);
  for (size_t i = 0; i < s->n_types && i < BATCH_TYPES_LISTED; i++) {
    fputs("unknown-type,", out);
    batch_csv_cell(out, s->types[i]->key);
    fprintf(out, ",%zu,,,,,\n", s->types[i]->notes);
  }
  if (batch_unlisted_type_notes(s))
    fprintf(out, "unknown-type,(other types),%zu,,,,,\n",
            batch_unlisted_type_notes(s));
}

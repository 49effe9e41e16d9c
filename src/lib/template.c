/* template.c: loading note templates (filling them: template_note.c).
 *
 *   name: progress
 *   title: Individual progress note
 *   reminder: Write it with the person ...      # optional
 *   sections:
 *     - name: focus
 *       title: Focus today                       # the note's heading
 *       prompt: What did the person want to focus on today, in their own words?
 *       required: true                           # default false
 *       own_words: true                          # quoted in the note
 *   example:                                     # the template's own test
 *     focus: I want to get my bike fixed so I can get to work.
 *
 * A template is data so that an agency can add or change one in its config
 * folder without touching C. The assembled note is plain text whose heading
 * lines ("Focus today:") are what peerlint_template_missing() looks for, so
 * a note edited after assembly, or pasted from an EHR, is still checked. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"
#include "yamlwalk.h"

#ifndef PEERLINT_DATADIR
#define PEERLINT_DATADIR "/usr/local/share/peerlint"
#endif

/* Explicit limits: a template is a short form, never a document. */
enum { MAX_SECTIONS = 32, MAX_NAME = 40, MAX_TITLE = 80 };

struct peerlint_templates {
  pl_arena arena;
  peerlint_template **items; /* sorted by name once loaded */
  size_t n, cap;
};

static const char *const template_keys[] = {"name",     "title",   "reminder",
                                            "sections", "example", NULL};
static const char *const section_keys[] = {"name",     "title",     "prompt",
                                           "required", "own_words", NULL};

/* ---- reading one template ------------------------------------------------ */

/* Names are what a writer types (`peerlint write crisis-follow-up`). */
static int check_name(pl_yaml *y, yaml_node_t *n, const char *s,
                      const char *what) {
  size_t len = strlen(s);
  if (!len || len > MAX_NAME || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
    return pl_yaml_fail(y, n,
                        "%s must be 1 to %d lowercase letters, digits or "
                        "hyphens, not '%.60s'",
                        what, MAX_NAME, s);
  return 0;
}

/* A required text value; empty is an error at its place. */
static int need_string(pl_yaml *y, yaml_node_t *map, const char *key,
                       const char *what, const char **out) {
  yaml_node_t *v = pl_yaml_get(y, map, key);
  if (!v)
    return pl_yaml_fail(y, map, "%s needs a %s", what, key);
  if (pl_yaml_string(y, v, key, out))
    return -1;
  if (!(*out)[0])
    return pl_yaml_fail(y, v, "the %s of %s is empty", key, what);
  return 0;
}

/* Headings end with ':' in the note, on a line of their own; a title with
 * a line break or ending in ':' could not be found again. */
static int check_title(pl_yaml *y, yaml_node_t *map, const char *t) {
  size_t len = strlen(t);
  if (len > MAX_TITLE || strpbrk(t, "\r\n") || t[len - 1] == ':')
    return pl_yaml_fail(y, pl_yaml_get(y, map, "title"),
                        "a section title is one line of at most %d bytes, "
                        "without a ':' at the end",
                        MAX_TITLE);
  return 0;
}

static int parse_section(pl_yaml *y, yaml_node_t *n, peerlint_template *t,
                         peerlint_section *s) {
  if (pl_yaml_check_keys(y, n, "a section", section_keys) ||
      need_string(y, n, "name", "a section", &s->name) ||
      check_name(y, pl_yaml_get(y, n, "name"), s->name, "a section name") ||
      need_string(y, n, "title", "a section", &s->title) ||
      check_title(y, n, s->title) ||
      need_string(y, n, "prompt", "a section", &s->prompt))
    return -1;
  yaml_node_t *v;
  if ((v = pl_yaml_get(y, n, "required")) &&
      pl_yaml_bool(y, v, "required", &s->required))
    return -1;
  if ((v = pl_yaml_get(y, n, "own_words")) &&
      pl_yaml_bool(y, v, "own_words", &s->own_words))
    return -1;
  for (size_t i = 0; i < t->nsections; i++) {
    if (!strcmp(t->sections[i].name, s->name))
      return pl_yaml_fail(y, pl_yaml_get(y, n, "name"),
                          "two sections are named '%s'", s->name);
    if (!strcasecmp(t->sections[i].title, s->title))
      return pl_yaml_fail(y, pl_yaml_get(y, n, "title"),
                          "two sections have the title '%s'", s->title);
  }
  return 0;
}

static int parse_sections(pl_yaml *y, yaml_node_t *root, peerlint_template *t) {
  yaml_node_t *n = pl_yaml_get(y, root, "sections");
  if (!n)
    return pl_yaml_fail(y, root, "a template needs its sections");
  if (n->type != YAML_SEQUENCE_NODE)
    return pl_yaml_fail(y, n, "sections must be a list");
  size_t count = (size_t)(n->data.sequence.items.top -
                          n->data.sequence.items.start);
  if (count == 0 || count > MAX_SECTIONS)
    return pl_yaml_fail(y, n, "a template has 1 to %d sections, not %zu",
                        MAX_SECTIONS, count);
  t->sections = pl_arena_alloc(y->arena, count * sizeof *t->sections);
  if (!t->sections)
    return pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
  for (yaml_node_item_t *it = n->data.sequence.items.start;
       it < n->data.sequence.items.top; it++) {
    if (parse_section(y, pl_yaml_node(y, *it), t, &t->sections[t->nsections]))
      return -1;
    t->nsections++;
  }
  return 0;
}

/* `example` maps section names to answers: every name must be a section. */
static int parse_example(pl_yaml *y, yaml_node_t *root, peerlint_template *t) {
  yaml_node_t *n = pl_yaml_get(y, root, "example");
  if (!n)
    return 0;
  if (n->type != YAML_MAPPING_NODE)
    return pl_yaml_fail(y, n, "example must map section names to answers");
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *k = pl_yaml_node(y, p->key);
    const char *name;
    if (pl_yaml_string(y, k, "a section name", &name))
      return -1;
    size_t i = 0;
    while (i < t->nsections && strcmp(t->sections[i].name, name))
      i++;
    if (i == t->nsections)
      return pl_yaml_fail(y, k, "the example answers '%.60s', which is not a "
                                "section of this template",
                          name);
    if (pl_yaml_string(y, pl_yaml_node(y, p->value), "an example answer",
                       &t->sections[i].example))
      return -1;
  }
  return 0;
}

static int parse_template(pl_yaml *y, yaml_node_t *root, peerlint_template *t) {
  yaml_node_t *v;
  if (pl_yaml_check_keys(y, root, "a template", template_keys) ||
      need_string(y, root, "name", "a template", &t->name) ||
      check_name(y, pl_yaml_get(y, root, "name"), t->name, "a template name") ||
      need_string(y, root, "title", "a template", &t->title))
    return -1;
  if ((v = pl_yaml_get(y, root, "reminder")) &&
      pl_yaml_string(y, v, "reminder", &t->reminder))
    return -1;
  return parse_sections(y, root, t) || parse_example(y, root, t) ? -1 : 0;
}

/* ---- the set --------------------------------------------------------------- */

typedef struct loading {
  peerlint_templates *set;
  size_t folder_start; /* templates before this came from earlier folders */
} loading;

/* Adds a template; one of the same name from an earlier folder is
 * replaced (an agency's change), from the same folder it is an error. */
static int add_template(loading *ld, peerlint_template *t, pl_yaml *y,
                        yaml_node_t *root) {
  peerlint_templates *set = ld->set;
  for (size_t i = 0; i < set->n; i++) {
    if (strcmp(set->items[i]->name, t->name))
      continue;
    if (i >= ld->folder_start)
      return pl_yaml_fail(y, pl_yaml_get(y, root, "name"),
                          "a template named '%s' is already in %s", t->name,
                          set->items[i]->file);
    set->items[i] = t;
    return 0;
  }
  peerlint_template **grown =
      pl_grow(set->items, &set->cap, set->n, sizeof *set->items);
  if (!grown)
    return pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
  set->items = grown;
  set->items[set->n++] = t;
  return 0;
}

static int parse_file(void *ctx, const char *path, const char *text,
                      size_t len, peerlint_error *err) {
  loading *ld = ctx;
  pl_arena *arena = &ld->set->arena;
  pl_yaml y = {.err = err, .code = PEERLINT_E_TEMPLATE, .arena = arena};
  peerlint_template *t = pl_arena_alloc(arena, sizeof *t);
  if (!t || !(y.file = t->file = pl_arena_strdup(arena, path)))
    return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  yaml_node_t *root = pl_yaml_load(&y, text, len);
  int rc = !root || parse_template(&y, root, t) ||
                   add_template(ld, t, &y, root)
               ? -1
               : 0;
  pl_yaml_free(&y);
  return rc;
}

static int by_template_name(const void *a, const void *b) {
  return strcmp((*(peerlint_template *const *)a)->name,
                (*(peerlint_template *const *)b)->name);
}

static peerlint_templates *finish(peerlint_templates *set, int rc,
                                  peerlint_error *err) {
  if (!rc && set->n == 0)
    rc = pl_fail(err, PEERLINT_E_TEMPLATE, "no note templates were given");
  if (rc) {
    peerlint_templates_free(set);
    return NULL;
  }
  qsort(set->items, set->n, sizeof *set->items, by_template_name);
  return set;
}

static int load_folder(loading *ld, const char *dir, peerlint_error *err) {
  ld->folder_start = ld->set->n;
  return pl_each_yaml(dir, "templates", parse_file, ld, err);
}

/* The config's template_folders, read with a scratch engine: the config
 * is parsed the one way whatever reads it. */
static int load_config_folders(loading *ld, const char *config,
                               peerlint_error *err) {
  peerlint_engine *scratch = pl_engine_alloc(err);
  if (!scratch)
    return -1;
  int rc = pl_config_read(scratch, config, err);
  for (size_t i = 0; !rc && i < scratch->config.ntemplate_folders; i++) {
    char dir[4096];
    pl_config_relative(config, scratch->config.template_folders[i], dir,
                       sizeof dir);
    rc = load_folder(ld, dir, err);
  }
  peerlint_engine_free(scratch);
  return rc;
}

PL_API peerlint_templates *peerlint_templates_new(const peerlint_options *opts,
                                                  peerlint_error *err) {
  peerlint_templates *set = calloc(1, sizeof *set);
  if (!set) {
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    return NULL;
  }
  loading ld = {set, 0};
  char dir[4096];
  if (opts && opts->rules_dir)
    pl_beside_rules(opts->rules_dir, "templates", dir, sizeof dir);
  else
    snprintf(dir, sizeof dir, "%s", PEERLINT_DATADIR "/templates");
  int rc = load_folder(&ld, dir, err);
  if (!rc && opts && opts->config_path)
    rc = load_config_folders(&ld, opts->config_path, err);
  return finish(set, rc, err);
}

PL_API peerlint_templates *
peerlint_templates_from_memory(const char *const *names,
                               const char *const *texts, const size_t *lens,
                               size_t n, peerlint_error *err) {
  peerlint_templates *set = calloc(1, sizeof *set);
  if (!set) {
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    return NULL;
  }
  loading ld = {set, 0};
  int rc = 0;
  for (size_t i = 0; !rc && i < n; i++)
    rc = parse_file(&ld, names && names[i] ? names[i] : "template", texts[i],
                    lens[i], err);
  return finish(set, rc, err);
}

PL_API void peerlint_templates_free(peerlint_templates *set) {
  if (!set)
    return;
  free(set->items);
  pl_arena_free(&set->arena);
  free(set);
}

PL_API size_t peerlint_template_count(const peerlint_templates *set) {
  return set ? set->n : 0;
}

PL_API const peerlint_template *
peerlint_template_at(const peerlint_templates *set, size_t i) {
  return set && i < set->n ? set->items[i] : NULL;
}

PL_API const peerlint_template *
peerlint_template_find(const peerlint_templates *set, const char *name) {
  for (size_t i = 0; set && name && i < set->n; i++)
    if (!strcmp(set->items[i]->name, name))
      return set->items[i];
  return NULL;
}

PL_API const char *peerlint_template_name(const peerlint_template *t) {
  return t->name;
}
PL_API const char *peerlint_template_title(const peerlint_template *t) {
  return t->title;
}
PL_API const char *peerlint_template_reminder(const peerlint_template *t) {
  return t->reminder;
}
PL_API const char *peerlint_template_file(const peerlint_template *t) {
  return t->file;
}
PL_API size_t peerlint_template_section_count(const peerlint_template *t) {
  return t ? t->nsections : 0;
}
PL_API const peerlint_section *
peerlint_template_section_at(const peerlint_template *t, size_t i) {
  return t && i < t->nsections ? &t->sections[i] : NULL;
}

/* yamlwalk.c: libyaml document helpers with placed errors; see yamlwalk.h. */
#include "yamlwalk.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t pl_yaml_line(const yaml_node_t *n) { return n->start_mark.line + 1; }
size_t pl_yaml_col(const yaml_node_t *n) { return n->start_mark.column + 1; }

int pl_yaml_fail(pl_yaml *y, const yaml_node_t *n, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return pl_fail_at(y->err, y->code, y->file, n ? pl_yaml_line(n) : 1,
                    n ? pl_yaml_col(n) : 1, "%s", msg);
}

static int parser_fail(pl_yaml *y, yaml_parser_t *p) {
  yaml_mark_t m = p->problem ? p->problem_mark : p->context_mark;
  return pl_fail_at(y->err, y->code, y->file, m.line + 1, m.column + 1,
                    "YAML syntax error: %s%s%s",
                    p->problem ? p->problem : "unknown problem",
                    p->context ? " " : "", p->context ? p->context : "");
}

/* Refuses aliases before the tree exists: see the top of yamlwalk.h. */
static int refuse_aliases(pl_yaml *y, const char *text, size_t len) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p))
    return pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  int rc = 0;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev)) {
      rc = parser_fail(y, &p);
      break;
    }
    yaml_event_type_t type = ev.type;
    yaml_mark_t m = ev.start_mark;
    yaml_event_delete(&ev);
    if (type == YAML_ALIAS_EVENT) {
      rc = pl_fail_at(y->err, y->code, y->file, m.line + 1, m.column + 1,
                      "YAML aliases (*name) are not supported; write the "
                      "value out");
      break;
    }
    if (type == YAML_STREAM_END_EVENT)
      break;
  }
  yaml_parser_delete(&p);
  return rc;
}

yaml_node_t *pl_yaml_load(pl_yaml *y, const char *text, size_t len) {
  if (refuse_aliases(y, text, len))
    return NULL;
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
    return NULL;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  if (!yaml_parser_load(&p, &y->doc)) {
    parser_fail(y, &p);
    yaml_parser_delete(&p);
    return NULL;
  }
  yaml_parser_delete(&p);
  y->loaded = 1;
  yaml_node_t *root = yaml_document_get_root_node(&y->doc);
  if (!root) {
    pl_fail_at(y->err, y->code, y->file, 1, 1, "the file is empty");
    return NULL;
  }
  return root;
}

void pl_yaml_free(pl_yaml *y) {
  if (y->loaded)
    yaml_document_delete(&y->doc);
  y->loaded = 0;
}

yaml_node_t *pl_yaml_node(pl_yaml *y, yaml_node_item_t id) {
  return yaml_document_get_node(&y->doc, id);
}

static const char *kind_name(const yaml_node_t *n) {
  switch (n->type) {
  case YAML_SCALAR_NODE: return "a single value";
  case YAML_SEQUENCE_NODE: return "a list";
  case YAML_MAPPING_NODE: return "a mapping";
  default: return "nothing";
  }
}

static int key_is(const yaml_node_t *k, const char *name) {
  return k->type == YAML_SCALAR_NODE &&
         k->data.scalar.length == strlen(name) &&
         memcmp(k->data.scalar.value, name, k->data.scalar.length) == 0;
}

int pl_yaml_check_keys(pl_yaml *y, yaml_node_t *map, const char *what,
                       const char *const *allowed) {
  if (map->type != YAML_MAPPING_NODE)
    return pl_yaml_fail(y, map, "%s must be a mapping of keys, not %s", what,
                        kind_name(map));
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
       p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = pl_yaml_node(y, p->key);
    if (!k || k->type != YAML_SCALAR_NODE)
      return pl_yaml_fail(y, k, "keys in %s must be plain words", what);
    const char *const *a = allowed;
    while (*a && !key_is(k, *a))
      a++;
    if (!*a) {
      char list[400] = "";
      for (a = allowed; *a; a++) {
        if (strlen(list) + strlen(*a) + 3 >= sizeof list)
          break;
        if (a != allowed)
          strcat(list, ", ");
        strcat(list, *a);
      }
      return pl_yaml_fail(y, k, "unknown key '%.*s' in %s (expected one of: %s)",
                          (int)(k->data.scalar.length > 60
                                    ? 60
                                    : k->data.scalar.length),
                          (const char *)k->data.scalar.value, what, list);
    }
    for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
      yaml_node_t *k2 = pl_yaml_node(y, q->key);
      if (key_is(k2, *a))
        return pl_yaml_fail(y, k, "key '%s' appears twice in %s", *a, what);
    }
  }
  return 0;
}

yaml_node_t *pl_yaml_get(pl_yaml *y, yaml_node_t *map, const char *key) {
  if (map->type != YAML_MAPPING_NODE)
    return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
       p < map->data.mapping.pairs.top; p++)
    if (key_is(pl_yaml_node(y, p->key), key))
      return pl_yaml_node(y, p->value);
  return NULL;
}

int pl_yaml_string(pl_yaml *y, yaml_node_t *n, const char *what,
                   const char **out) {
  if (n->type != YAML_SCALAR_NODE)
    return pl_yaml_fail(y, n, "%s must be a single value, not %s", what,
                        kind_name(n));
  *out = pl_arena_strndup(y->arena, (const char *)n->data.scalar.value,
                          n->data.scalar.length);
  if (!*out)
    return pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
  if (strlen(*out) != n->data.scalar.length)
    return pl_yaml_fail(y, n, "%s contains a NUL character", what);
  return 0;
}

int pl_yaml_strlist(pl_yaml *y, yaml_node_t *n, const char *what,
                    pl_strlist *out) {
  yaml_node_item_t one[1];
  yaml_node_item_t *start, *top;
  if (n->type == YAML_SCALAR_NODE) {
    one[0] = (yaml_node_item_t)(n - y->doc.nodes.start + 1);
    start = one;
    top = one + 1;
  } else if (n->type == YAML_SEQUENCE_NODE) {
    start = n->data.sequence.items.start;
    top = n->data.sequence.items.top;
  } else {
    return pl_yaml_fail(y, n, "%s must be a value or a list of values, not %s",
                        what, kind_name(n));
  }
  size_t count = (size_t)(top - start);
  out->n = 0;
  out->items = pl_arena_alloc(y->arena, (count ? count : 1) * sizeof(char *));
  out->lines = pl_arena_alloc(y->arena, (count ? count : 1) * sizeof(size_t));
  if (!out->items || !out->lines)
    return pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
  for (yaml_node_item_t *it = start; it < top; it++) {
    yaml_node_t *item = pl_yaml_node(y, *it);
    if (pl_yaml_string(y, item, what, &out->items[out->n]))
      return -1;
    out->lines[out->n++] = pl_yaml_line(item);
  }
  return 0;
}

int pl_yaml_bool(pl_yaml *y, yaml_node_t *n, const char *what, int *out) {
  const char *s;
  if (pl_yaml_string(y, n, what, &s))
    return -1;
  if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on"))
    *out = 1;
  else if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off"))
    *out = 0;
  else
    return pl_yaml_fail(y, n, "%s must be true or false, not '%.60s'", what,
                        s);
  return 0;
}

int pl_yaml_int(pl_yaml *y, yaml_node_t *n, const char *what, long min,
                long max, int *out) {
  const char *s;
  if (pl_yaml_string(y, n, what, &s))
    return -1;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < min || v > max)
    return pl_yaml_fail(y, n, "%s must be a whole number from %ld to %ld", what,
                        min, max);
  *out = (int)v;
  return 0;
}

int pl_yaml_level(pl_yaml *y, yaml_node_t *n, int *out) {
  const char *s;
  if (pl_yaml_string(y, n, "level", &s))
    return -1;
  int level = peerlint_level_parse(s);
  if (level < 0)
    return pl_yaml_fail(y, n,
                        "level must be error, warning, info or strength, not "
                        "'%.60s'",
                        s);
  *out = level;
  return 0;
}

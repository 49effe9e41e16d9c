/* yamlwalk.h: reading a libyaml document tree with placed errors.
 *
 * Packs and the agency config are small YAML documents. These helpers walk
 * the tree and turn every surprise into "file:line:col: what is wrong".
 * Anchors and aliases are refused: rules never need them, and an alias
 * bomb ("billion laughs") must not expand into memory. */
#ifndef PL_YAMLWALK_H
#define PL_YAMLWALK_H

#include <yaml.h>

#include "engine.h"

typedef struct pl_yaml {
  yaml_document_t doc;
  const char *file;
  peerlint_error *err;
  peerlint_status code; /* PEERLINT_E_PACK or PEERLINT_E_CONFIG */
  pl_arena *arena;
  int loaded;
} pl_yaml;

/* Parses `text` as one YAML document; the root node is returned, or NULL
 * with a placed error. An empty document is an error. */
yaml_node_t *pl_yaml_load(pl_yaml *y, const char *text, size_t len);
void pl_yaml_free(pl_yaml *y);

yaml_node_t *pl_yaml_node(pl_yaml *y, yaml_node_item_t id);
size_t pl_yaml_line(const yaml_node_t *n);
size_t pl_yaml_col(const yaml_node_t *n);
/* A placed error at node n. Returns -1. */
int pl_yaml_fail(pl_yaml *y, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Requires a mapping whose keys are all in `allowed` (NULL-terminated) and
 * appear once. */
int pl_yaml_check_keys(pl_yaml *y, yaml_node_t *map, const char *what,
                       const char *const *allowed);
/* The value of `key` in a mapping, or NULL. */
yaml_node_t *pl_yaml_get(pl_yaml *y, yaml_node_t *map, const char *key);

/* A scalar as an arena string. */
int pl_yaml_string(pl_yaml *y, yaml_node_t *n, const char *what,
                   const char **out);
/* A scalar or a sequence of scalars. */
int pl_yaml_strlist(pl_yaml *y, yaml_node_t *n, const char *what,
                    pl_strlist *out);
int pl_yaml_bool(pl_yaml *y, yaml_node_t *n, const char *what, int *out);
int pl_yaml_int(pl_yaml *y, yaml_node_t *n, const char *what, long min,
                long max, int *out);
int pl_yaml_level(pl_yaml *y, yaml_node_t *n, int *out);

#endif

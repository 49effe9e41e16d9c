/* config.c: reading an agency's .peerlint.yaml.
 *
 *   packs:
 *     disable: [shorthand]
 *   rules:
 *     deficit/difficult: {level: info}
 *     directive/should: off
 *   allow:
 *     - term: medication management
 *       rule: medication/advice        # optional
 *       reason: billing code H0038 requires the phrase
 *   words: [Kalani, Wellbriety]
 *   rule_folders: [agency-rules]       # relative to this file
 *   template_folders: [agency-templates] # likewise (note templates)
 *   fail_on: warning
 *
 * Reading only; compile.c applies it once the packs are loaded. */
#include <stdlib.h>
#include <string.h>

#include "yamlwalk.h"

static const char *const config_keys[] = {"packs", "rules", "allow",
                                          "words", "rule_folders",
                                          "template_folders", "fail_on",
                                          NULL};
static const char *const packs_keys[] = {"disable", NULL};
static const char *const rule_keys[] = {"level", "enabled", NULL};
static const char *const allow_keys[] = {"term", "rule", "reason", NULL};

static int parse_rule_override(pl_yaml *y, yaml_node_t *key,
                               yaml_node_t *value, pl_rule_override *o) {
  if (pl_yaml_string(y, key, "a rule id", &o->id))
    return -1;
  o->level = -1;
  o->line = pl_yaml_line(key);
  o->col = pl_yaml_col(key);
  if (value->type == YAML_SCALAR_NODE) {
    int on;
    if (pl_yaml_bool(y, value, "a rule switch (off or on)", &on))
      return -1;
    o->disabled = !on;
    return 0;
  }
  if (pl_yaml_check_keys(y, value, "a rule override", rule_keys))
    return -1;
  yaml_node_t *v;
  if ((v = pl_yaml_get(y, value, "level")) && pl_yaml_level(y, v, &o->level))
    return -1;
  int on = 1;
  if ((v = pl_yaml_get(y, value, "enabled")) &&
      pl_yaml_bool(y, v, "enabled", &on))
    return -1;
  o->disabled = !on;
  return 0;
}

static int parse_rules(pl_yaml *y, yaml_node_t *n, pl_config *c) {
  if (n->type != YAML_MAPPING_NODE)
    return pl_yaml_fail(y, n, "rules must map rule ids to overrides");
  size_t count =
      (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
  c->rules = pl_arena_alloc(y->arena, (count + 1) * sizeof *c->rules);
  if (!c->rules)
    return pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++)
    if (parse_rule_override(y, pl_yaml_node(y, p->key),
                            pl_yaml_node(y, p->value), &c->rules[c->nrules++]))
      return -1;
  return 0;
}

/* Allowed terms are compared as matched words: lowercase, single spaces. */
static void fold_spaces_lower(char *s) {
  char *out = s;
  int pending = 0;
  for (char *p = s; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n') {
      pending = out != s;
      continue;
    }
    if (pending)
      *out++ = ' ';
    pending = 0;
    *out++ = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
  }
  *out = 0;
}

static int parse_allow(pl_yaml *y, yaml_node_t *n, pl_config *c) {
  if (n->type != YAML_SEQUENCE_NODE)
    return pl_yaml_fail(y, n, "allow must be a list of {term, reason}");
  size_t count = (size_t)(n->data.sequence.items.top -
                          n->data.sequence.items.start);
  c->allow = pl_arena_alloc(y->arena, (count + 1) * sizeof *c->allow);
  if (!c->allow)
    return pl_fail(y->err, PEERLINT_E_NOMEM, "out of memory");
  for (yaml_node_item_t *it = n->data.sequence.items.start;
       it < n->data.sequence.items.top; it++) {
    yaml_node_t *item = pl_yaml_node(y, *it);
    pl_allow *a = &c->allow[c->nallow];
    if (pl_yaml_check_keys(y, item, "an allowance", allow_keys))
      return -1;
    yaml_node_t *v = pl_yaml_get(y, item, "term");
    if (!v)
      return pl_yaml_fail(y, item, "an allowance needs the term it allows");
    if (pl_yaml_string(y, v, "term", &a->term))
      return -1;
    fold_spaces_lower((char *)a->term);
    if (!a->term[0])
      return pl_yaml_fail(y, v, "an allowance has an empty term");
    if ((v = pl_yaml_get(y, item, "rule")) &&
        pl_yaml_string(y, v, "rule", &a->rule))
      return -1;
    v = pl_yaml_get(y, item, "reason");
    if (v && pl_yaml_string(y, v, "reason", &a->reason))
      return -1;
    if (!v || !a->reason[0])
      return pl_yaml_fail(y, item,
                          "allowing '%s' needs a reason (for example the "
                          "billing code that requires it), so reviewers see "
                          "why",
                          a->term);
    c->nallow++;
  }
  return 0;
}

int pl_config_parse(peerlint_engine *e, const char *file, const char *text,
                    size_t len, peerlint_error *err) {
  pl_config *c = &e->config;
  pl_yaml y = {.err = err, .code = PEERLINT_E_CONFIG, .arena = &e->arena};
  y.file = c->file = pl_arena_strdup(&e->arena, file);
  if (!y.file)
    return pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  int rc = -1;
  yaml_node_t *root = pl_yaml_load(&y, text, len), *v;
  if (!root || pl_yaml_check_keys(&y, root, "the config", config_keys))
    goto done;
  if ((v = pl_yaml_get(&y, root, "packs"))) {
    pl_strlist l = {0};
    yaml_node_t *d;
    if (pl_yaml_check_keys(&y, v, "packs", packs_keys))
      goto done;
    if ((d = pl_yaml_get(&y, v, "disable")) &&
        pl_yaml_strlist(&y, d, "packs.disable", &l))
      goto done;
    c->disabled_packs = l.items;
    c->ndisabled_packs = l.n;
  }
  if ((v = pl_yaml_get(&y, root, "rules")) && parse_rules(&y, v, c))
    goto done;
  if ((v = pl_yaml_get(&y, root, "allow")) && parse_allow(&y, v, c))
    goto done;
  if ((v = pl_yaml_get(&y, root, "words"))) {
    pl_strlist l;
    if (pl_yaml_strlist(&y, v, "words", &l))
      goto done;
    c->words = l.items;
    c->nwords = l.n;
  }
  if ((v = pl_yaml_get(&y, root, "rule_folders"))) {
    pl_strlist l;
    if (pl_yaml_strlist(&y, v, "rule_folders", &l))
      goto done;
    c->rule_folders = l.items;
    c->nrule_folders = l.n;
  }
  if ((v = pl_yaml_get(&y, root, "template_folders"))) {
    pl_strlist l;
    if (pl_yaml_strlist(&y, v, "template_folders", &l))
      goto done;
    c->template_folders = l.items;
    c->ntemplate_folders = l.n;
  }
  if ((v = pl_yaml_get(&y, root, "fail_on"))) {
    if (pl_yaml_level(&y, v, &c->fail_on))
      goto done;
    if (c->fail_on == PEERLINT_STRENGTH) {
      pl_yaml_fail(&y, v, "fail_on must be error, warning or info");
      goto done;
    }
  }
  rc = 0;
done:
  pl_yaml_free(&y);
  return rc;
}
